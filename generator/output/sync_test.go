package output

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
)

// inPlace makes every swap in the test find the destination unmovable
// (a mount point), so that Commit publishes file by file.
func inPlace(t *testing.T) {
	t.Helper()
	saved := exchangeDirs
	t.Cleanup(func() { exchangeDirs = saved })
	exchangeDirs = func(a, b string) error { return &os.LinkError{Op: "exchange", Err: syscall.EBUSY} }
}

// folders lists the folders under dir, slash-separated and sorted.
func folders(tb testing.TB, dir string) string {
	tb.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			tb.Fatal(err)
		}
		if d.IsDir() && p != dir {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, filepath.ToSlash(rel)+"/")
		}
		return nil
	})
	sort.Strings(out)
	return strings.Join(out, " ")
}

// TestSyncIntoRemovesEmptyFolders: published in place, a page that goes
// away takes its folders with it when they hold nothing else, however
// deep; folders that still hold a page stay.
func TestSyncIntoRemovesEmptyFolders(t *testing.T) {
	inPlace(t)
	root := t.TempDir()
	dest := filepath.Join(root, "public")
	o := Options{RecordDir: filepath.Join(root, "cache")}
	must(t, build(t, dest, o, map[string]string{
		"index.html":           "one",
		"stories/a/index.html": "a",
		"stories/b/index.html": "b",
		"deep/er/still/x.txt":  "x",
	}))
	before, err := os.Stat(dest)
	if err != nil {
		t.Fatal(err)
	}
	must(t, build(t, dest, o, map[string]string{"index.html": "two", "stories/a/index.html": "a2"}))
	if after, err := os.Stat(dest); err != nil || !os.SameFile(before, after) {
		t.Fatalf("the destination was moved, not updated in place (%v)", err)
	}
	if got := snapshotDir(t, dest); got != "index.html=two stories/a/index.html=a2" {
		t.Errorf("destination holds %s", got)
	}
	if got := folders(t, dest); got != "stories/ stories/a/" {
		t.Errorf("destination's folders: %s, want stories/ stories/a/", got)
	}
}
