package generator

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"fanfare.dev/fanfare/generator/output"
)

// TestFilesRecord: build --watch's publisher keeps the record of what it
// published in the build cache, as fanfare build does, and nothing of it
// in the destination. After it wrote a new story's files and removed a
// deleted one's, fanfare build into the same folder knows every file
// there as Fanfare's and replaces them.
func TestFilesRecord(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "fanfare.yaml"), "title: T\nbaseURL: https://t.test/\n")
	writeFile(t, filepath.Join(dir, "content/stories/a.md"), "---\ntitle: A\ndate: 2025-01-01\n---\nTekst.\n")
	writeFile(t, filepath.Join(dir, "content/stories/b.md"), "---\ntitle: B\ndate: 2025-01-02\n---\nTekst.\n")
	opts := Options{Source: dir, CacheDir: filepath.Join(dir, ".cache"), Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	opts, release, err := LockDestination(opts)
	if err != nil {
		t.Fatal(err)
	}
	se := NewSession(os.DirFS(dir), opts)
	pub := NewFiles(opts)
	ctx := context.Background()
	publish := func(changed ...string) {
		t.Helper()
		if _, err := se.Publish(ctx, changed, pub); err != nil {
			t.Fatal(err)
		}
	}
	publish()
	writeFile(t, filepath.Join(dir, "content/stories/c.md"), "---\ntitle: C\ndate: 2025-01-03\n---\nNieuw.\n")
	publish("content/stories/c.md")
	if err := os.Remove(filepath.Join(dir, "content/stories/b.md")); err != nil {
		t.Fatal(err)
	}
	publish("content/stories/b.md")
	dest := opts.Destination
	if _, err := os.Stat(filepath.Join(dest, "stories/c/index.html")); err != nil {
		t.Fatalf("the new story is not published: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dest, "stories/b/index.html")); err == nil {
		t.Error("the deleted story is still published")
	}
	if _, err := os.Stat(filepath.Join(dest, output.ManifestName)); err == nil {
		t.Errorf("%s was written into the destination", output.ManifestName)
	}
	if err := output.Check(dest, destOptions(opts, nil)); err != nil {
		t.Errorf("after build --watch: %v", err)
	}
	release()
	build := opts
	build.lock = nil
	if _, err := Build(ctx, build); err != nil {
		t.Fatalf("fanfare build after build --watch: %v", err)
	}
}
