package generator

import (
	"context"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestPreviewIndexAfterReload: in a preview, after an edit to the
// content, the story list's search index is served from its folder
// (Result.LaterIn) instead of Files, the same files a fresh build makes,
// and so after the first render (a build that keeps nothing makes it at
// once). A
// file of the site with the path of a file of the index is found by
// Check, as a build finds it, and the next edit takes the general path,
// which fails on it, even an edit the fast path could take.
func TestPreviewIndexAfterReload(t *testing.T) {
	const story = "---\ntitle: %s\ndate: %s\nbrand: Merk\nsymbols: [s]\nsummary: %s\n---\nTekst over %s.\n"
	dir := t.TempDir()
	writeLongList(t, dir, "Index", func(n, date string) string { return fill(story, "Verhaal "+n, date, "Kort.", n) })
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	opts := Options{Source: dir, CacheDir: t.TempDir(), Now: now}
	ctx := context.Background()
	se := NewPreview(os.DirFS(dir), opts)
	first, _, err := se.Render(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	// The first render, too, lets serve answer before the index is made.
	if _, ok := first.Files["stories/search/index.json"]; ok || first.LaterIn["stories/search/"] == nil {
		t.Fatalf("the first render: the manifest in Files %t, folders for later %v; want it in its folder for later", ok, maps.Keys(first.LaterIn))
	}
	if m, ok, err := first.File("stories/search/index.json"); !ok || err != nil || string(m) != string(freshRender(t, dir, now).Files["stories/search/index.json"]) {
		t.Fatalf("the first render: the manifest asked for: %t, %v; want the fresh build's", ok, err)
	}

	writeFile(t, filepath.Join(dir, "content/stories/nieuw.md"), fill(story, "Nieuw verhaal", "2025-02-01", "Kort.", "zeppelins"))
	res, _, err := se.Render(ctx, []string{"content/stories/nieuw.md"})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := res.LaterIn["stories/search/"]; !ok {
		t.Fatalf("a new story: folders for later %v, want stories/search/", maps.Keys(res.LaterIn))
	}
	for p := range res.Files {
		if strings.HasPrefix(p, "stories/search/") {
			t.Errorf("a new story: %s in Files, want it in its folder for later", p)
		}
	}
	want := freshRender(t, dir, now)
	manifest, ok, err := res.File("stories/search/index.json")
	if !ok || err != nil || string(manifest) != string(want.Files["stories/search/index.json"]) {
		t.Errorf("a new story: the manifest asked for: %t, %v, %q; want the fresh build's", ok, err, manifest)
	}
	if _, ok, err := res.File("stories/search/words.0000000000.json"); ok || err != nil {
		t.Errorf("a file the index does not have: found %t, %v", ok, err)
	}
	all := &Result{Files: maps.Clone(res.Files), Later: res.Later, LaterIn: res.LaterIn}
	all.MakeAll()
	compareFiles(t, "a new story", all.Files, want.Files)
	if err := res.Check(ctx); err != nil {
		t.Fatal(err)
	}

	// A site file where the index's manifest goes: the fresh build fails
	// on it, the preview's Check names it, and so does the next edit.
	writeFile(t, filepath.Join(dir, "static/stories/search/index.json"), "{}\n")
	writeFile(t, filepath.Join(dir, "content/stories/ander.md"), fill(story, "Ander verhaal", "2025-02-02", "Kort.", "ballonnen"))
	_, ferr := RenderFS(ctx, os.DirFS(dir), Options{Source: dir, CacheDir: t.TempDir(), Now: now, NoMinify: true})
	if ferr == nil || !strings.Contains(ferr.Error(), "stories/search/index.json") {
		t.Fatalf("a fresh build with static/stories/search/index.json: %v; want it named", ferr)
	}
	res, _, err = se.Render(ctx, []string{"static/stories/search/index.json", "content/stories/ander.md"})
	if err != nil {
		t.Fatalf("the preview fails before the index is made: %v", err)
	}
	if err := res.Check(ctx); err == nil || !strings.Contains(err.Error(), "stories/search/index.json") {
		t.Errorf("Check: %v; want the manifest's two sources named", err)
	}
	if _, _, err := res.File("stories/search/index.json"); err == nil {
		t.Error("the manifest asked for: no error")
	}
	s010 := filepath.Join(dir, "content/stories/s010.md")
	writeFile(t, s010, fill(story, "Verhaal s010", "2025-01-11", "Kort, en bewerkt.", "s010"))
	if _, _, err := se.Render(ctx, []string{"content/stories/s010.md"}); err == nil || !strings.Contains(err.Error(), "stories/search/index.json") {
		t.Errorf("a summary edited next: %v; want the manifest's two sources named", err)
	}
	if err := os.Remove(filepath.Join(dir, "static/stories/search/index.json")); err != nil {
		t.Fatal(err)
	}
	res, _, err = se.Render(ctx, []string{"static/stories/search/index.json"})
	if err != nil {
		t.Fatalf("the file taken away: %v", err)
	}
	all = &Result{Files: maps.Clone(res.Files), Later: res.Later, LaterIn: res.LaterIn}
	all.MakeAll()
	compareFiles(t, "the file taken away", all.Files, freshRender(t, dir, now).Files)
}

// TestBuildMakesIndexAtOnce: a build that publishes (build --watch's
// Session, a one-shot build) has the index among its files.
func TestBuildMakesIndexAtOnce(t *testing.T) {
	const story = "---\ntitle: %s\ndate: %s\nbrand: Merk\nsymbols: [s]\n---\nTekst.\n"
	dir := t.TempDir()
	writeLongList(t, dir, "Index", func(n, date string) string { return fill(story, "Verhaal "+n, date) })
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	se := NewSession(os.DirFS(dir), Options{Source: dir, CacheDir: t.TempDir(), Now: now})
	if _, _, err := se.Render(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "content/stories/nieuw.md"), fill(story, "Nieuw", "2025-02-01"))
	res, _, err := se.Render(context.Background(), []string{"content/stories/nieuw.md"})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := res.Files["stories/search/index.json"]; !ok || res.LaterIn != nil {
		t.Errorf("a Session that is not a preview: the manifest in Files %t, folders for later %v", ok, maps.Keys(res.LaterIn))
	}
}

// TestPreviewIndexAfterReloadLanguages: on a site in two languages, a new
// story in one of them leaves the index of each language in its own
// folder for later, and both are the fresh build's.
func TestPreviewIndexAfterReloadLanguages(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "fanfare.yaml"), "title: Talen\nlanguage: nl\nlanguages:\n  nl:\n    name: Nederlands\n  en:\n    name: English\n")
	story := "---\ntitle: %s\ndate: %s\nbrand: Merk\n---\nTekst over %s.\n"
	writeFile(t, filepath.Join(dir, "content/stories/a.md"), fill(story, "Verhaal A", "2025-01-01", "fietsen"))
	writeFile(t, filepath.Join(dir, "content/stories/a.en.md"), fill(story, "Story A", "2025-01-01", "bikes"))
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	ctx := context.Background()
	se := NewPreview(os.DirFS(dir), Options{Source: dir, CacheDir: t.TempDir(), Now: now})
	if _, _, err := se.Render(ctx, nil); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "content/stories/b.en.md"), fill(story, "Story B", "2025-02-01", "zeppelins"))
	res, _, err := se.Render(ctx, []string{"content/stories/b.en.md"})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{"stories/search/", "en/stories/search/"} {
		if _, ok := res.LaterIn[d]; !ok {
			t.Errorf("no folder %s for later (have %v)", d, slices.Collect(maps.Keys(res.LaterIn)))
		}
	}
	all := &Result{Files: maps.Clone(res.Files), Later: res.Later, LaterIn: res.LaterIn}
	all.MakeAll()
	compareFiles(t, "a new English story", all.Files, freshRender(t, dir, now).Files)
}
