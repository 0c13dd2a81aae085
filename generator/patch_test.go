package generator

import (
	"bytes"
	"context"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fanfare.dev/fanfare/generator/diag"
	"fanfare.dev/fanfare/generator/site"
)

// TestPatchedModelLinks: after a new or deleted story, a session patches
// the site model (site.Patch) and resolves again only the links that may
// name a page that came or went (site.Touches). A page linking to a
// story by its file and by its address, and to a page of the story list,
// must show what a fresh session shows; a link to a story deleted must
// fail the build, naming the page, as in a fresh session, also when the
// pages to resolve again are those the link index names (a patch after
// a patch).
func TestPatchedModelLinks(t *testing.T) {
	dir := t.TempDir()
	story := func(title, date string) string {
		return "---\ntitle: " + title + "\ndate: " + date + "\nbrand: Merk\ntags: [snel]\nsymbols: [s]\n---\nTekst.\n"
	}
	writeFiles(t, dir, map[string]string{
		"fanfare.yaml":         "title: Links\npaginate: 1\n",
		"content/symbols/s.md": "---\ntitle: Symbool\nbrand: Merk\n---\n",
		"content/stories/a.md": story("A", "2025-01-01"),
		"content/stories/b.md": story("B", "2025-01-02"),
		"content/stories/c.md": story("C", "2025-01-03"),
		// Each link on a page of its own: a page is resolved again as a
		// whole when one of its links may name a page that came or went.
		"content/over.md":           "---\ntitle: Over\n---\nZie [b](stories/b.md).\n",
		"content/adres.md":          "---\ntitle: Adres\n---\nZie [a](stories/a/).\n",
		"content/lijst.md":          "---\ntitle: Lijst\n---\nZie [de derde pagina](/stories/page/3/).\n",
		"content/stories/_index.md": "---\ntitle: Verhalen\n---\n",
	})
	opts := Options{Source: dir, Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), NoCache: true, CacheDir: t.TempDir()}
	se := NewSession(os.DirFS(dir), opts)
	if _, _, err := se.Render(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	for i, step := range []struct {
		file, text string // text "": deleted
		fails      string // what the error names, if the build fails
		patched    bool   // the model is patched (after a failed build, it is built), and the links stage asks only the pages the link index names
	}{
		{"content/stories/d.md", story("D", "2025-01-04"), "", true},
		{"content/stories/d.md", "", "", true},
		{"content/stories/d.md", story("D", "2025-01-04"), "", true},
		{"content/stories/d.md", "", "", true},
		{"content/stories/c.md", "", `lijst.md:4: link to "/stories/page/3/"`, true},
		{"content/stories/c.md", story("C", "2025-01-03"), "", false},
		{"content/stories/d.md", story("D", "2025-01-04"), "", true},
		{"content/stories/b.md", "", `over.md:4: link to "stories/b.md"`, true},
		{"content/stories/b.md", story("B", "2025-01-02"), "", false},
		{"content/stories/d.md", "", "", true},
		{"content/stories/a.md", "", `adres.md:4: link to "stories/a/"`, true},
		{"content/stories/a.md", story("A", "2025-01-01"), "", false},
		{"content/stories/d.md", story("D", "2025-01-04"), "", true},
		// A new text on the fast path for edits, which keeps the model
		// and the index: the index must know the new link.
		{"content/over.md", "---\ntitle: Over\n---\nZie [c](stories/c.md).\n", "", true},
		{"content/stories/c.md", "", `over.md:4: link to "stories/c.md"`, true},
	} {
		if step.text == "" {
			os.Remove(filepath.Join(dir, step.file))
		} else {
			writeFile(t, filepath.Join(dir, step.file), step.text)
		}
		var before *site.Site // nil after a failed build, which drops a patched model
		if len(se.b.model.sites) > 0 {
			before = se.b.model.sites[0]
		}
		if step.patched && se.b.model.touch == nil {
			t.Errorf("step %d: no link index (every build that asks every page makes one)", i)
		}
		got, _, err := se.Render(context.Background(), []string{step.file})
		want, _, werr := NewSession(os.DirFS(dir), opts).Render(context.Background(), nil)
		if step.fails != "" {
			if err == nil || werr == nil || !strings.Contains(err.Error(), step.fails) {
				t.Errorf("step %d: errors %v and (fresh) %v, want both naming %s", i, err, werr, step.fails)
			}
			continue
		}
		if err != nil || werr != nil {
			t.Fatalf("step %d: %v, fresh: %v", i, err, werr)
		}
		if patched := before != nil && se.b.model.sites[0] == before; patched != step.patched {
			t.Errorf("step %d: model patched %v, want %v", i, patched, step.patched)
		}
		if a, b := slices.Sorted(maps.Keys(got.Files)), slices.Sorted(maps.Keys(want.Files)); !slices.Equal(a, b) {
			t.Fatalf("step %d: files %v, fresh %v", i, a, b)
		}
		for name, data := range want.Files {
			if !bytes.Equal(got.Files[name], data) {
				t.Errorf("step %d: %s differs from a fresh session's", i, name)
			}
		}
	}
}

// TestLinkIndexDroppedWhenStopped: a links stage stopped part way (a newer
// edit cancelled the build) leaves no link index: it would not name the
// pages it never asked.
func TestLinkIndexDroppedWhenStopped(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"fanfare.yaml":         "title: Links\n",
		"content/symbols/s.md": "---\ntitle: Symbool\nbrand: Merk\n---\n",
		"content/stories/a.md": "---\ntitle: A\ndate: 2025-01-01\nbrand: Merk\nsymbols: [s]\n---\nZie [het symbool](../symbols/s.md).\n",
	})
	se := NewSession(os.DirFS(dir), Options{Source: dir, Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), NoCache: true, CacheDir: t.TempDir()})
	if _, _, err := se.Render(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	m := &se.b.model
	if m.touch == nil {
		t.Fatal("no link index after a build that asked every page")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	m.links(ctx, m.sites, se.b.load.docs, true, new(diag.List))
	if m.touch != nil {
		t.Error("a links stage stopped part way left a link index")
	}
}
