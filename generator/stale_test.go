package generator

import (
	"context"
	"fmt"
	"testing"
	"testing/fstest"
	"time"
)

// TestStale: a cache is walked for entries of pages gone only once they
// are more than a sixteenth of the pages, or 64.
func TestStale(t *testing.T) {
	for _, tc := range []struct {
		entries, pages int
		want           bool
	}{
		{0, 0, false},
		{64, 0, false},
		{65, 0, true},
		{164, 100, false},
		{165, 100, true},
		{10_625, 10_000, false}, // 625 = 10,000/16
		{10_626, 10_000, true},
	} {
		if got := stale(tc.entries, tc.pages); got != tc.want {
			t.Errorf("stale(%d, %d) = %v, want %v", tc.entries, tc.pages, got, tc.want)
		}
	}
}

// TestCachesForgetPagesGone deletes 90 of a preview's 100 stories one by
// one: the converted Markdown and the resolved text of the pages gone
// are kept no longer than stale allows, and the site built after the
// last deletion is the one a fresh build makes.
func TestCachesForgetPagesGone(t *testing.T) {
	fsys := fstest.MapFS{
		"fanfare.yaml":            {Data: []byte("title: Vergeten\nbaseURL: https://klanten.fanfare.dev/\nlanguage: nl\n")},
		"content/symbols/snel.md": {Data: []byte("---\ntitle: Binnen een uur\nbrand: Bakker\n---\nWe bellen binnen een uur terug.\n")},
	}
	for i := range 100 {
		fsys[fmt.Sprintf("content/stories/s%03d.md", i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf("---\ntitle: Verhaal %d\ndate: 2025-01-%02d\nbrand: Bakker\nsymbols: [snel]\n---\nDe bakker belde terug, keer %d. Zie [de belofte](../symbols/snel.md).\n", i, 1+i%28, i))}
	}
	opts := Options{Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), NoCache: true, NoMinify: true}
	se := NewSession(fsys, opts)
	ctx := context.Background()
	if _, _, err := se.Render(ctx, nil); err != nil {
		t.Fatal(err)
	}
	e := se.b
	most := 0 // the most entries of pages gone seen after a build
	for i := range 90 {
		rel := fmt.Sprintf("content/stories/s%03d.md", i)
		delete(fsys, rel)
		if _, _, err := se.Render(ctx, []string{rel}); err != nil {
			t.Fatalf("after deleting %s: %v", rel, err)
		}
		gone := len(e.load.docs) - len(e.load.pages)
		if r := len(e.model.resolved) - len(e.load.pages); r > gone {
			gone = r
		}
		if gone > 64 {
			t.Fatalf("after deleting %d stories the caches hold %d Markdown conversions and %d resolved texts for %d pages", i+1, len(e.load.docs), len(e.model.resolved), len(e.load.pages))
		}
		most = max(most, gone)
	}
	if most == 0 {
		t.Error("every commit walked the caches: the entries of pages gone were never left for later")
	}
	got, _, err := se.Render(ctx, []string{"content/symbols/snel.md"})
	if err != nil {
		t.Fatal(err)
	}
	want, _, err := NewSession(fsys, opts).Render(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Files) != len(want.Files) {
		t.Errorf("the preview has %d files, a fresh build %d", len(got.Files), len(want.Files))
	}
	for rel, data := range want.Files {
		if string(got.Files[rel]) != string(data) {
			t.Errorf("%s differs from a fresh build's", rel)
		}
	}
}
