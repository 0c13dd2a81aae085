package live

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fanfare.dev/fanfare/generator"
)

// TestWatchPublishesChangedFiles runs build --watch's loop, edits a story,
// deletes another and breaks a third, and checks that the destination
// follows (and keeps the last good build while the site is broken), that
// a page the edit did not touch is not written again, and that the
// destination ends equal, byte for byte, to a fresh build.
func TestWatchPublishesChangedFiles(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(t.TempDir(), "public")
	write(t, filepath.Join(dir, "content/symbols/s.md"), "---\ntitle: Symbool\n---\n")
	for _, n := range []string{"a", "b", "c"} {
		write(t, filepath.Join(dir, "content/stories", n+".md"), story("Verhaal "+n, "Tekst "+n+"."))
	}
	opts := generator.Options{Source: dir, Destination: dest, CacheDir: t.TempDir()}
	ctx, cancel := context.WithCancel(context.Background())
	log := &syncBuffer{}
	done := make(chan error, 1)
	go func() { done <- Watch(ctx, opts, log, 30*time.Millisecond) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Watch: %v", err)
		}
	}()
	page := func(n string) string {
		b, _ := os.ReadFile(filepath.Join(dest, "stories", n, "index.html"))
		return string(b)
	}
	waitFor(t, "first build", func() bool { return strings.Contains(page("b"), "Tekst b.") })
	symbolPage := filepath.Join(dest, "symbols", "s", "index.html")
	before, err := os.Stat(filepath.Join(dest, "stories", "c", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "content/stories/a.md"), story("Verhaal a", "Nieuwe tekst a."))
	waitFor(t, "text edit", func() bool { return strings.Contains(page("a"), "Nieuwe tekst a.") })
	if after, err := os.Stat(filepath.Join(dest, "stories", "c", "index.html")); err != nil || !os.SameFile(before, after) || !after.ModTime().Equal(before.ModTime()) {
		t.Errorf("an edit to story a wrote story c's page again")
	}
	os.Remove(filepath.Join(dir, "content/stories/b.md"))
	waitFor(t, "deletion", func() bool { return page("b") == "" })
	sym, _ := os.ReadFile(symbolPage)
	write(t, filepath.Join(dir, "content/stories/c.md"), "---\ntitle: [kapot\n---\n")
	waitFor(t, "broken story", func() bool { return strings.Contains(log.String(), "build failed") })
	if now, _ := os.ReadFile(symbolPage); !bytes.Equal(now, sym) || !strings.Contains(page("c"), "Tekst c.") {
		t.Errorf("a failed build changed the destination")
	}
	write(t, filepath.Join(dir, "content/stories/c.md"), story("Verhaal c", "Hersteld c."))
	waitFor(t, "fixed story", func() bool { return strings.Contains(page("c"), "Hersteld c.") })

	fresh := opts
	fresh.Destination = filepath.Join(t.TempDir(), "public")
	fresh.NoCache = true
	if _, err := generator.Build(context.Background(), fresh); err != nil {
		t.Fatal(err)
	}
	got, want := tree(t, dest), tree(t, fresh.Destination)
	for p, w := range want {
		if g, ok := got[p]; !ok || g != w {
			t.Errorf("%s differs from a fresh build (present: %t)", p, ok)
		}
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			t.Errorf("%s is not in a fresh build", p)
		}
	}
}

func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	// A bound, not a timing assertion.
	for deadline := time.Now().Add(30 * time.Second); !ok(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not published within 30 s", what)
		}
	}
}

func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		m[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}
