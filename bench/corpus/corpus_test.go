package corpus

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDeterministic writes two corpora of the same seed and compares them
// byte for byte.
func TestDeterministic(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	mustWrite(t, a, 60, 7)
	mustWrite(t, b, 60, 7)
	n := 0
	err := filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		n++
		rel, _ := filepath.Rel(a, p)
		x, _ := os.ReadFile(p)
		y, err := os.ReadFile(filepath.Join(b, rel))
		if err != nil || !bytes.Equal(x, y) {
			t.Errorf("%s differs between two corpora of the same seed", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if m := countFiles(t, b); m != n {
		t.Errorf("second corpus has %d files, the first %d", m, n)
	}

	c := t.TempDir()
	mustWrite(t, c, 60, 8)
	x, _ := os.ReadFile(filepath.Join(a, "content/stories/story-00001.md"))
	y, _ := os.ReadFile(filepath.Join(c, "content/stories/story-00001.md"))
	if bytes.Equal(x, y) {
		t.Error("seeds 7 and 8 wrote the same story")
	}
}

// TestStories checks that every story has every field and the Markdown
// the benchmark needs, within the word limits.
func TestStories(t *testing.T) {
	dir := t.TempDir()
	const n = 200
	mustWrite(t, dir, n, 1)
	stories, _ := filepath.Glob(filepath.Join(dir, "content/stories/story-*.md"))
	if len(stories) != n {
		t.Fatalf("%d stories, want %d", len(stories), n)
	}
	minW, maxW := MaxWords, 0
	for _, f := range stories {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		front, body, ok := strings.Cut(strings.TrimPrefix(string(src), "---\n"), "\n---\n")
		if !ok {
			t.Fatalf("%s: no front matter", f)
		}
		for _, key := range []string{"title", "summary", "date", "draft", "customer", "brand", "industry", "channel",
			"stage", "tags", "symbols", "quote", "metrics", "image", "image_alt", "personal", "extreme", "featured"} {
			if !strings.Contains(front, "\n"+key+":") && !strings.HasPrefix(front, key+":") {
				t.Errorf("%s lacks %s", f, key)
			}
		}
		for _, want := range []string{"  text:", "  author:", "  role:", "  - label:", "    value:"} {
			if !strings.Contains(front, want) {
				t.Errorf("%s lacks %q", f, want)
			}
		}
		w := Words(body)
		minW, maxW = min(minW, w), max(maxW, w)
		if w < MinWords || w > MaxWords {
			t.Errorf("%s has %d words, want %d–%d", f, w, MinWords, MaxWords)
		}
		if h := strings.Count(body, "\n## "); h < 2 || h > 4 {
			t.Errorf("%s has %d headings, want 2–4", f, h)
		}
		for _, want := range []string{"\n- ", "\n1. ", "\n| Wat |", "\n> ", " *", " **", "](../symbols/symbol-"} {
			if !strings.Contains(body, want) {
				t.Errorf("%s lacks %q", f, want)
			}
		}
		if links := strings.Count(body, "](https://example.com/") + strings.Count(body, "](../symbols/"); links < 3 {
			t.Errorf("%s has %d links, want 3 or more", f, links)
		}
	}
	t.Logf("words per story: %d–%d", minW, maxW)
	syms, _ := filepath.Glob(filepath.Join(dir, "content/symbols/symbol-*.md"))
	if len(syms) != Symbols(n) {
		t.Errorf("%d symbols for %d stories, want %d", len(syms), n, Symbols(n))
	}
	for _, f := range []string{"fanfare.yaml", "hugo.toml", "hugo-layouts/_default/baseof.html", "hugo-layouts/index.html"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "layouts")); err == nil {
		t.Error("the corpus has a layouts/ folder, which fanfare would read as theme overrides")
	}
}

func mustWrite(tb testing.TB, dir string, n int, seed uint64) {
	tb.Helper()
	if err := Write(dir, n, seed); err != nil {
		tb.Fatal(err)
	}
}

func countFiles(tb testing.TB, dir string) int {
	tb.Helper()
	n := 0
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
		}
		return err
	})
	return n
}
