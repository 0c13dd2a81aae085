package output

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestStrangersNamed: a destination holding files Fanfare did not write
// is refused with their names, up to four, and "it" or "them".
func TestStrangersNamed(t *testing.T) {
	for _, tt := range []struct {
		strangers []string
		want      string
	}{
		{[]string{"a.txt"}, "a.txt was not written by fanfare; move it away"},
		{[]string{"a.txt", "b.txt"}, "a.txt and b.txt were not written by fanfare; move them away"},
		{[]string{"a.txt", "b/c.txt", "d.txt"}, "a.txt, b/ and d.txt were not written by fanfare; move them away"},
		{[]string{"a.txt", "b.txt", "c.txt", "d.txt"}, "a.txt, b.txt, c.txt and d.txt were not written by fanfare; move them away"},
		{[]string{"a.txt", "b.txt", "c.txt", "d.txt", "e.txt"}, "a.txt, b.txt, c.txt, d.txt and more were not written by fanfare; move them away"},
		{[]string{"a.txt", "b.txt", "c.txt", "d.txt", "e.txt", "f.txt", "g.txt"}, "a.txt, b.txt, c.txt, d.txt and more were not written by fanfare; move them away"},
	} {
		root := t.TempDir()
		dest := filepath.Join(root, "public")
		o := Options{RecordDir: filepath.Join(root, "cache")}
		must(t, build(t, dest, o, map[string]string{"index.html": "x"}))
		for _, s := range tt.strangers {
			write(t, filepath.Join(dest, s), "mine")
		}
		err := Check(dest, o)
		if want := "refusing to clean " + dest + ": " + tt.want + " (put files to publish in static/)"; err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%d strangers: %v\nwant: %s", len(tt.strangers), err, want)
		}
	}
}

// TestSameFolderByAnotherName: the home folder or a protected folder
// named through a link is still refused as the destination.
func TestSameFolderByAnotherName(t *testing.T) {
	root := t.TempDir()
	site := filepath.Join(root, "site")
	write(t, filepath.Join(site, "content/a.md"), "x")
	must(t, os.Symlink("site", filepath.Join(root, "via")))
	home := filepath.Join(root, "home")
	write(t, filepath.Join(home, "notes.txt"), "mine")
	must(t, os.Symlink("home", filepath.Join(root, "me")))
	t.Setenv("HOME", filepath.Join(root, "me"))
	if err := Check(site, Options{Protected: []string{filepath.Join(root, "via")}}); err == nil || !strings.Contains(err.Error(), "the build would delete "+filepath.Join(root, "via")) {
		t.Errorf("the site folder, protected by another name: %v", err)
	}
	if err := Check(home, Options{}); err == nil || !strings.Contains(err.Error(), "it is your home folder") {
		t.Errorf("the home folder, HOME naming it through a link: %v", err)
	}
}
