package generator

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"fanfare.dev/fanfare/bench/corpus"
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
	// An edit that only replaces files (the same words, in italics: the
	// search index's files keep their names) leaves the record as it is,
	// not written again; a new story's files are added to it.
	record := filepath.Join(destOptions(opts, nil).RecordDir, "published")
	before, err := os.Stat(record)
	if err != nil {
		t.Fatalf("no record after the first build: %v", err)
	}
	writeFile(t, filepath.Join(dir, "content/stories/a.md"), "---\ntitle: A\ndate: 2025-01-01\n---\n*Tekst.*\n")
	publish("content/stories/a.md")
	if after, err := os.Stat(record); err != nil || !os.SameFile(before, after) {
		t.Errorf("the record was written again for an edit that adds no file (%v)", err)
	}
	writeFile(t, filepath.Join(dir, "content/stories/c.md"), "---\ntitle: C\ndate: 2025-01-03\n---\nNieuw.\n")
	publish("content/stories/c.md")
	if data, err := os.ReadFile(record); err != nil || !bytes.Contains(data, []byte("\nstories/c/index.html\n")) {
		t.Errorf("the record does not name the new story's page: %v\n%s", err, data)
	}
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

// TestFilesWritesOnlyChanged: after one story's text is edited, build
// --watch's publisher replaces exactly the files whose bytes changed,
// each through a new file renamed into place, and leaves every other
// file as it was (the same file on disk, not written again).
func TestFilesWritesOnlyChanged(t *testing.T) {
	dir := t.TempDir()
	if err := corpus.Write(dir, 60, 1); err != nil {
		t.Fatal(err)
	}
	opts := Options{Source: dir, NoCache: true, CacheDir: t.TempDir(), Destination: filepath.Join(t.TempDir(), "public"), Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	opts, release, err := LockDestination(opts)
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	se := NewSession(os.DirFS(dir), opts)
	pub := NewFiles(opts)
	ctx := context.Background()
	if _, err := se.Publish(ctx, nil, pub); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, opts.Destination)
	story := "content/stories/story-00007.md"
	text, err := os.ReadFile(filepath.Join(dir, story))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, story), string(text)+"\nEen zin erbij.\n")
	if _, err := se.Publish(ctx, []string{story}, pub); err != nil {
		t.Fatal(err)
	}
	after := snapshot(t, opts.Destination)
	var replaced, changed []string
	for rel, a := range after {
		b, had := before[rel]
		if !had || !os.SameFile(a.info, b.info) {
			replaced = append(replaced, rel)
		}
		if !had || !bytes.Equal(a.data, b.data) {
			changed = append(changed, rel)
		}
	}
	slices.Sort(replaced)
	slices.Sort(changed)
	if !slices.Contains(changed, "stories/story-00007/index.html") {
		t.Fatalf("the edited story's page did not change: %v", changed)
	}
	if !slices.Equal(replaced, changed) {
		t.Errorf("of %d files, %d were written again: %v\nbut %d changed: %v", len(after), len(replaced), replaced, len(changed), changed)
	}
}

// published is a file of the destination: its bytes and what the file
// system says of it.
type published struct {
	data []byte
	info os.FileInfo
}

func snapshot(t *testing.T, dir string) map[string]published {
	t.Helper()
	m := map[string]published{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		info, err := os.Stat(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		m[filepath.ToSlash(rel)] = published{data, info}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}
