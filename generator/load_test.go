package generator

import (
	"bytes"
	"context"
	"testing"
	"testing/fstest"
	"time"
)

// TestOneShotReleasesMarkdown checks that a build which keeps nothing for
// the next one lets go of every page's Markdown and its conversion once
// the links are resolved (at 100,000 stories they would hold a gigabyte
// while the pages render), that it publishes the same bytes as an
// engine that keeps them, and that a Session's engine keeps them for its
// fast path.
func TestOneShotReleasesMarkdown(t *testing.T) {
	fsys := fstest.MapFS{
		"fanfare.yaml":               {Data: []byte("title: Vrijgeven\nbaseURL: https://klanten.fanfare.dev/\nlanguage: nl\n")},
		"content/_index.md":          {Data: []byte("---\ntitle: Thuis\n---\nWelkom bij [het verhaal](stories/a.md).\n")},
		"content/stories/a.md":       {Data: []byte("---\ntitle: Een verhaal\ndate: 2025-01-02\nbrand: Bakker\nsymbols: [snel]\n---\nDe bakker belde **binnen een uur** terug. Zie [de belofte](../symbols/snel.md).\n")},
		"content/symbols/snel.md":    {Data: []byte("---\ntitle: Binnen een uur\nbrand: Bakker\ndate: 2025-01-01\n---\nWe bellen binnen een uur terug.\n")},
		"content/stories/b/index.md": {Data: []byte("+++\ntitle = \"Tweede\"\ndate = 2025-02-03\nbrand = \"Bakker\"\n+++\nNog een verhaal, met een lijst:\n\n- een\n- twee\n")},
	}
	opts := Options{Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), NoCache: true, NoMinify: true}
	build := func(keep bool) (*engine, *Result) {
		t.Helper()
		e := newEngine(fsys, opts, keep)
		res := &Result{Files: map[string][]byte{}}
		st, err := e.build(context.Background(), &memory{res: res}, nil)
		if err != nil {
			t.Fatal(err)
		}
		res.Site = st.site
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
	if !bytes.Contains(got.Files["stories/a/index.html"], []byte("<strong>binnen een uur</strong>")) {
		t.Error("the story's text is not on its page")
	}
}
