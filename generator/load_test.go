package generator

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// releaseSite is a site in two languages with links, a copy, a bundle
// and a term's own page: every kind of text a one-shot build lets go of.
func releaseSite() fstest.MapFS {
	return fstest.MapFS{
		"fanfare.yaml":                   {Data: []byte("title: Vrijgeven\nbaseURL: https://klanten.fanfare.dev/\nlanguage: nl\nlanguages:\n  nl:\n    name: Nederlands\n  en:\n    name: English\n")},
		"content/_index.md":              {Data: []byte("---\ntitle: Thuis\n---\nWelkom bij [het verhaal](stories/a.md).\n")},
		"content/_index.en.md":           {Data: []byte("---\ntitle: Home\n---\nWelcome to [the story](stories/a.md).\n")},
		"content/stories/a.md":           {Data: []byte("---\ntitle: Een verhaal\ndate: 2025-01-02\nbrand: Bakker\nstage: kennismaking\nsymbols: [snel]\n---\nDe bakker belde **binnen een uur** terug. Zie [de belofte](../symbols/snel.md).\n")},
		"content/stories/a.en.md":        {Data: []byte("---\ntitle: A story\ndate: 2025-01-02\nbrand: Bakker\n---\nThe baker called back **within the hour**.\n")},
		"content/stories/kopie.md":       {Data: []byte("---\ntitle: Een verhaal\ndate: 2025-01-02\nbrand: Bakker\nstage: kennismaking\nsymbols: [snel]\n---\nDe bakker belde **binnen een uur** terug. Zie [de belofte](../symbols/snel.md).\n")},
		"content/symbols/snel.md":        {Data: []byte("---\ntitle: Binnen een uur\nbrand: Bakker\ndate: 2025-01-01\n---\nWe bellen binnen een uur terug.\n")},
		"content/stories/b/index.md":     {Data: []byte("+++\ntitle = \"Tweede\"\ndate = 2025-02-03\nbrand = \"Bakker\"\n+++\nNog een verhaal, met een lijst:\n\n- een\n- twee\n")},
		"content/stages/_index.md":       {Data: []byte("---\ntitle: Fasen\n---\nDrie fasen van een relatie: *kennismaken*, gewenning en sleur.\n")},
		"content/stages/kennismaking.md": {Data: []byte("---\ntitle: Kennismaking\n---\nDe eerste keer dat een klant de belofte **merkt**.\n")},
	}
}

// TestOneShotReleasesMarkdown checks that a build which keeps nothing for
// the next one lets go of every page's Markdown and its conversion once
// the links are resolved (at 100,000 stories they would hold a gigabyte
// while the pages render), that it publishes the same bytes as an
// engine that keeps them, and that a Session's engine keeps them for its
// fast path.
func TestOneShotReleasesMarkdown(t *testing.T) {
	fsys := releaseSite()
	opts := Options{Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), NoCache: true, NoMinify: true}
	build := func(keep bool) (*engine, *Result) {
		t.Helper()
		e := newEngine(fsys, opts, keep)
		res := &Result{Files: map[string][]byte{}}
		st, err := e.build(context.Background(), &memory{res: res}, nil)
		if err != nil {
			t.Fatal(err)
		}
		res.Site, res.Warnings = st.site, st.warnings
		return e, res
	}
	once, got := build(false)
	kept, want := build(true)
	if once.load.docs != nil {
		t.Errorf("a one-shot build still holds the conversions of %d pages", len(once.load.docs))
	}
	for _, p := range got.Site.Pages {
		if p.Body != nil {
			t.Errorf("%s: a one-shot build still holds its Markdown (%d bytes)", p.File, len(p.Body))
		}
	}
	if len(kept.load.docs) == 0 {
		t.Error("a Session's engine dropped the conversions its fast path reuses")
	}
	for _, p := range want.Site.Pages {
		if len(p.Body) == 0 {
			t.Errorf("%s: a Session's engine dropped its Markdown", p.File)
		}
	}
	if len(got.Files) != len(want.Files) {
		t.Errorf("one-shot build made %d files, the keeping engine %d", len(got.Files), len(want.Files))
	}
	for rel, data := range want.Files {
		if !bytes.Equal(got.Files[rel], data) {
			t.Errorf("%s differs between a one-shot build and a keeping engine", rel)
		}
	}
	// The Markdown it let go still counts for the warning about copies.
	copies := 0
	for _, w := range got.Warnings {
		if w.File == "content/stories/kopie.md" && strings.Contains(w.Msg, "exact copy of content/stories/a.md") {
			copies++
		}
	}
	if copies != 1 {
		t.Errorf("the one-shot build warned %d times about the copy, want once: %v", copies, got.Warnings)
	}
	// The texts, also of a term's page and in the second language, are
	// on their pages: none was let go before its page was resolved.
	for rel, text := range map[string]string{
		"stories/a/index.html":           "<strong>binnen een uur</strong>",
		"en/stories/a/index.html":        "<strong>within the hour</strong>",
		"stages/index.html":              "<em>kennismaken</em>",
		"stages/kennismaking/index.html": "klant de belofte <strong>merkt</strong>",
		"stories/b/index.html":           "<li>twee</li>",
	} {
		if !bytes.Contains(got.Files[rel], []byte(text)) {
			t.Errorf("%s: %q is not on the page", rel, text)
		}
	}
}
