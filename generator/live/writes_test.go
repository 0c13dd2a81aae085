package live

import (
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// TestPreviewWritesNothing: the preview is built in memory. While it
// serves a site and follows an edit, nothing in the site folder is
// created, changed or removed but the file the test edits: no public/,
// no staging folder, no cache or lock file.
func TestPreviewWritesNothing(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "fanfare.yaml"), "title: Preview\n")
	write(t, filepath.Join(dir, "content/symbols/s.md"), "---\ntitle: Symbool\n---\n")
	write(t, filepath.Join(dir, "content/stories/a.md"), story("Verhaal A", "Eerste versie."))
	write(t, filepath.Join(dir, "static/logo.svg"), `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>`)
	edited := filepath.Join("content", "stories", "a.md")
	before := snapshot(t, dir)

	url, _ := preview(t, dir)
	eventually(t, url+"stories/a/", "first page", func(_ int, b string) bool { return strings.Contains(b, "Eerste versie.") })
	get(t, url+"stories/a/share.png")
	get(t, url+"logo.svg")
	write(t, filepath.Join(dir, edited), story("Verhaal A", "Tweede versie."))
	eventually(t, url+"stories/a/", "edit", func(_ int, b string) bool { return strings.Contains(b, "Tweede versie.") })

	after := snapshot(t, dir)
	for p, was := range before {
		now, ok := after[p]
		switch {
		case !ok:
			t.Errorf("the preview removed %s", p)
		case now != was && p != edited:
			t.Errorf("the preview changed %s: %s, was %s", p, now, was)
		}
	}
	for p := range after {
		if _, ok := before[p]; !ok {
			t.Errorf("the preview wrote %s into the site folder", p)
		}
	}
}

// snapshot lists every file and folder under dir with its kind, size and
// modification time.
func snapshot(tb testing.TB, dir string) map[string]string {
	tb.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		m[rel] = fmt.Sprintf("%v %d %d", info.Mode(), info.Size(), info.ModTime().UnixNano())
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return m
}
