package content

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"fanfare.dev/fanfare/generator/diag"
)

// TestListingPatched checks that a kept Listing, told which paths
// changed, finds what listing the folder again finds after every kind of
// change, and lists it again only when a patch could be wrong.
func TestListingPatched(t *testing.T) {
	dir := t.TempDir()
	write := func(rel string) {
		t.Helper()
		name := filepath.Join(dir, "content", rel)
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, []byte("---\ntitle: T\n---\nTekst.\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	remove := func(rel string) {
		t.Helper()
		if err := os.RemoveAll(filepath.Join(dir, "content", rel)); err != nil {
			t.Fatal(err)
		}
	}
	for _, rel := range []string{"_index.md", "stories/a.md", "stories/c.md", "stories/emma/index.md", "stories/emma/foto.jpg", "symbols/s.md"} {
		write(rel)
	}
	fsys := os.DirFS(dir)
	var l Listing
	var errs diag.List
	l.list(fsys, "content", nil, &errs)
	steps := []struct {
		name    string
		change  func()
		changed []string
		walks   bool // the folder is listed again
	}{
		{"new story", func() { write("stories/b.md") }, []string{"stories/b.md"}, false},
		{"deleted story", func() { remove("stories/a.md") }, []string{"stories/a.md"}, false},
		{"renamed story", func() {
			os.Rename(filepath.Join(dir, "content/stories/c.md"), filepath.Join(dir, "content/stories/d.md"))
		}, []string{"stories/c.md", "stories/d.md"}, false},
		{"edited story", func() { write("stories/b.md") }, []string{"stories/b.md"}, false},
		{"new file in a bundle", func() { write("stories/emma/tweede.jpg") }, []string{"stories/emma/tweede.jpg"}, false},
		{"deleted bundle", func() { remove("stories/emma") }, []string{"stories/emma"}, false},
		{"deleted file never listed", func() {}, []string{"stories/nooit.md"}, false},
		{"new folder", func() { write("pages/over.md") }, []string{"pages"}, true},
		{"new file in a new folder, told of the file only", func() { write("cases/x/y.md") }, []string{"cases/x/y.md"}, false},
		{"a folder made a link unseen, a file in it told", func() {
			remove("cases")
			if err := os.Symlink("stories", filepath.Join(dir, "content/cases")); err != nil {
				t.Fatal(err)
			}
		}, []string{"cases/b.md"}, true},
		{"backup copy", func() { write("stories/b.md.bak") }, []string{"stories/b.md.bak"}, true},
		{"after a message, listed again", func() {}, []string{"stories/b.md"}, true},
		{"backup copy gone", func() { remove("stories/b.md.bak") }, []string{"stories/b.md.bak"}, true},
		{"hidden file", func() { write("stories/.verborgen.md") }, []string{"stories/.verborgen.md"}, true},
		{"link to a file", func() {
			if err := os.Symlink("b.md", filepath.Join(dir, "content/stories/link.md")); err != nil {
				t.Fatal(err)
			}
		}, []string{"stories/link.md"}, true},
		{"told nothing", func() {}, nil, true},
	}
	for _, st := range steps {
		st.change()
		before := l.walks
		var errs diag.List
		got := slices.Clone(l.list(fsys, "content", st.changed, &errs))
		var fresh diag.List
		want := walk(fsys, "content", &fresh)
		if !slices.Equal(got, want) {
			t.Errorf("%s: listing\n%q\nlisting again\n%q", st.name, got, want)
		}
		if g, w := len(errs.Sorted()), len(fresh.Sorted()); g != w {
			t.Errorf("%s: %d messages, listing again gives %d", st.name, g, w)
		}
		if walked := l.walks > before; walked != st.walks {
			t.Errorf("%s: listed the folder again: %v, want %v", st.name, walked, st.walks)
		}
	}
}

// TestListingNeedsLinks checks that a file system that cannot tell a
// link from a file is always listed again.
func TestListingNeedsLinks(t *testing.T) {
	fsys := noLinks{os.DirFS(t.TempDir())}
	var l Listing
	var errs diag.List
	l.list(fsys, ".", nil, &errs)
	l.list(fsys, ".", []string{"a.md"}, &errs)
	if l.walks != 2 {
		t.Errorf("listed %d times, want 2", l.walks)
	}
}

// noLinks hides the Lstat of the file system it wraps.
type noLinks struct{ fsys fs.FS }

func (n noLinks) Open(name string) (fs.File, error) { return n.fsys.Open(name) }
