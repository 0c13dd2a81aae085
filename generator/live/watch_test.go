package live

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fanfare.dev/fanfare/generator"
	"fanfare.dev/fanfare/generator/diag"
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

// TestWatchBuilds: build --watch's loop publishes the site, publishes an
// edit, keeps the last good site while a story is broken (the log names
// the file and line), publishes the fix, and returns when its context
// ends. The test waits for what the log and the destination show; it
// times nothing.
func TestWatchBuilds(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "fanfare.yaml"), "title: Watch\n")
	write(t, filepath.Join(dir, "content/symbols/s.md"), "---\ntitle: Symbool\n---\n")
	write(t, filepath.Join(dir, "content/stories/a.md"), story("Verhaal A", "Eerste versie."))
	write(t, filepath.Join(dir, "content/stories/b.md"), "---\ntitle: B\ndate: 2025-01-01\nlayout: post\n---\nTekst.\n")
	dest := filepath.Join(t.TempDir(), "public")
	log := &syncBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- Watch(ctx, generator.Options{Source: dir, Destination: dest, CacheDir: t.TempDir()}, log, 0)
	}()
	// until waits for the log to hold want, and for the page to hold text.
	until := func(what, want, text string) {
		t.Helper()
		deadline := time.Now().Add(60 * time.Second) // a bound, not a timing
		for {
			page, _ := os.ReadFile(filepath.Join(dest, "stories/a/index.html"))
			if strings.Contains(log.String(), want) && strings.Contains(string(page), text) {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: no %q in the log, or no %q on the page; log:\n%s", what, want, text, log)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	until("first build", "Built: ", "Eerste versie.")

	write(t, filepath.Join(dir, "content/stories/a.md"), story("Verhaal A", "Tweede versie."))
	until("edit", "Changed content/stories/a.md: ", "Tweede versie.")
	// The warning of b.md was printed by the first build, and is counted,
	// not printed again, after the edit of a.md (TestWarningsNotRepeated).
	if w := `content/stories/b.md:4: warning: unknown key "layout"`; strings.Count(log.String(), w) != 1 || !strings.Contains(log.String(), "; 1 warning as before\n") {
		t.Errorf("the warning of b.md after an edit of a.md:\n%s", log)
	}

	write(t, filepath.Join(dir, "content/stories/a.md"), "---\ntitle: Verhaal A\ndate: 2025-01-01\npersonal: 11\n---\nKapot.\n")
	until("broken", "build failed; the destination keeps the last good build:\n  content/stories/a.md:4: ", "Tweede versie.")

	write(t, filepath.Join(dir, "content/stories/a.md"), story("Verhaal A", "Gerepareerd."))
	until("fixed", "Changed content/stories/a.md: ", "Gerepareerd.")

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Watch: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("Watch did not return within 20 s of its context ending")
	}
}

func TestDescribe(t *testing.T) {
	for _, tt := range []struct {
		changed []string
		want    string
	}{
		{nil, "Built"},
		{[]string{"content/a.md"}, "Changed content/a.md"},
		{[]string{"content/a.md", "content/b.md", "static/c.png"}, "Changed content/a.md and 2 more"},
	} {
		if got := describe(tt.changed); got != tt.want {
			t.Errorf("describe(%q) = %q, want %q", tt.changed, got, tt.want)
		}
	}
}

// TestPrintProblems: the terminal shows each problem of a failed build
// on its own indented line; an error that is not a list of problems (a
// bug met by a render) on one.
func TestPrintProblems(t *testing.T) {
	var list diag.List
	list.Errorf("content/stories/a.md", 3, "title is missing")
	list.Errorf("layouts/story.html", 1, "no such field")
	for _, tt := range []struct {
		err  error
		want string
	}{
		{list.Err(), "  content/stories/a.md:3: title is missing\n  layouts/story.html:1: no such field\n"},
		{fmt.Errorf("rendering: %w", list.Err()), "  content/stories/a.md:3: title is missing\n  layouts/story.html:1: no such field\n"},
		{errors.New("Fanfare met a bug"), "  Fanfare met a bug\n"},
	} {
		var b strings.Builder
		printProblems(&b, tt.err)
		if b.String() != tt.want {
			t.Errorf("printProblems(%v) printed\n%q, want\n%q", tt.err, b.String(), tt.want)
		}
	}
}
