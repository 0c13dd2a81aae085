package live

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fanfare.dev/fanfare/generator"
)

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
