package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
)

// TestFreshCloneWithKeptCache builds the example site as a CI runner
// does at every deploy: a fresh copy of the site's files at the same path
// (no public/ folder, new file times) with the cache folder the run
// before left. The second run takes every page from the cache and says
// so; after a story is edited, the third renders that story's pages
// again and takes the rest; every run publishes what a build without a
// cache does, byte for byte.
func TestFreshCloneWithKeptCache(t *testing.T) {
	root := t.TempDir()
	if _, stderr, code := runFanfare(t, root, "init", "bron"); code != 0 {
		t.Fatalf("init: exit %d\n%s", code, stderr)
	}
	source := filepath.Join(root, "bron")
	clone := filepath.Join(root, "clone") // the runner's checkout, always at this path
	fresh := func() {
		t.Helper()
		if err := os.RemoveAll(clone); err != nil {
			t.Fatal(err)
		}
		if err := os.CopyFS(clone, os.DirFS(source)); err != nil {
			t.Fatal(err)
		}
	}
	built := regexp.MustCompile(`^Built (\d+) pages .*?(?:; (\d+) unchanged pages? came from the build cache)?\n$`)
	build := func(what string) (pages, cached int) {
		t.Helper()
		stdout, stderr, code := runFanfare(t, clone, "build")
		if code != 0 {
			t.Fatalf("%s: exit %d\n%s", what, code, stderr)
		}
		m := built.FindStringSubmatch(stdout)
		if m == nil {
			t.Fatalf("%s: printed %q", what, stdout)
		}
		pages, _ = strconv.Atoi(m[1])
		cached, _ = strconv.Atoi(m[2])
		// The same site built without a cache, elsewhere.
		want := filepath.Join(root, "plain")
		os.RemoveAll(want)
		if _, stderr, code := runFanfare(t, clone, "build", "--no-cache", "--destination", want); code != 0 {
			t.Fatalf("%s: --no-cache: exit %d\n%s", what, code, stderr)
		}
		compareTrees(t, what, filepath.Join(clone, "public"), want)
		return pages, cached
	}

	fresh()
	if pages, cached := build("first run, empty cache folder"); pages < 10 || cached != 0 {
		t.Fatalf("first run: %d pages, %d from the cache; want 10 or more, none", pages, cached)
	}
	fresh()
	if pages, cached := build("second run, cache folder kept"); cached != pages {
		t.Errorf("second run: %d of %d pages from the cache, want all", cached, pages)
	}
	stories, err := filepath.Glob(filepath.Join(source, "content", "stories", "*.md"))
	if err != nil || len(stories) < 2 {
		t.Fatalf("the example site has %d stories (%v)", len(stories), err)
	}
	story := stories[0]
	if filepath.Base(story) == "_index.md" {
		story = stories[1]
	}
	src, err := os.ReadFile(story)
	if err != nil {
		t.Fatal(err)
	}
	edited := bytes.Replace(src, []byte("\ntitle: "), []byte("\ntitle: Nieuw - "), 1)
	if bytes.Equal(edited, src) {
		t.Fatalf("%s has no title line", story)
	}
	if err := os.WriteFile(story, edited, 0o644); err != nil {
		t.Fatal(err)
	}
	fresh()
	pages, cached := build("third run, one story's title edited")
	if cached == 0 || cached >= pages {
		t.Errorf("third run: %d of %d pages from the cache; want some, not all", cached, pages)
	}
}

// compareTrees checks that two folders hold the same files, byte for byte.
func compareTrees(t *testing.T, what, got, want string) {
	t.Helper()
	g, w := snapshot(t, got), snapshot(t, want)
	if len(g) != len(w) {
		t.Errorf("%s: %d files, want %d", what, len(g), len(w))
		return
	}
	for i := range g {
		if g[i].Name != w[i].Name || !bytes.Equal(g[i].Data, w[i].Data) {
			t.Errorf("%s: %s differs from %s of a build without a cache", what, g[i].Name, w[i].Name)
			return
		}
	}
}
