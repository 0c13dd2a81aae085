package watch

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func write(tb testing.TB, name, data string) {
	tb.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		tb.Fatal(err)
	}
}

// next returns the next batch, or fails after a timeout.
func next(tb testing.TB, w *Watcher) []string {
	tb.Helper()
	select {
	case b := <-w.Batches():
		return b
	case <-time.After(20 * time.Second):
		tb.Fatal("no batch within 20 s")
		return nil
	}
}

// none checks that no batch arrives for a while.
func none(tb testing.TB, w *Watcher) {
	tb.Helper()
	select {
	case b := <-w.Batches():
		tb.Fatalf("unexpected batch %v", b)
	case <-time.After(300 * time.Millisecond):
	}
}

func TestWatch(t *testing.T) {
	root := t.TempDir()
	write(t, filepath.Join(root, "content/stories/a.md"), "a")
	write(t, filepath.Join(root, "fanfare.yaml"), "title: x")
	w, err := New(root, []string{"content", "layouts", "fanfare.yaml"}, 50*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()

	// An editor's save burst is one batch; its swap files are not reported.
	a := filepath.Join(root, "content/stories/a.md")
	write(t, filepath.Join(root, "content/stories/.a.md.swp"), "swap")
	write(t, filepath.Join(root, "content/stories/4913"), "")
	write(t, a+"~", "backup")
	write(t, a, "a2")
	os.Chmod(a, 0o600)
	write(t, a, "a3")
	if got := next(t, w); strings.Join(got, " ") != "content/stories/a.md" {
		t.Errorf("save burst: %v", got)
	}
	none(t, w)

	// A folder created after start is watched, with what is put in it.
	write(t, filepath.Join(root, "content/symbols/s.md"), "s")
	if got := next(t, w); strings.Join(got, " ") != "content/symbols/s.md" {
		t.Errorf("new folder: %v", got)
	}
	write(t, filepath.Join(root, "content/symbols/t.md"), "t")
	if got := next(t, w); strings.Join(got, " ") != "content/symbols/t.md" {
		t.Errorf("file in the new folder: %v", got)
	}

	// A watched folder that did not exist at start.
	write(t, filepath.Join(root, "layouts/story.html"), "x")
	if got := next(t, w); !strings.Contains(strings.Join(got, " "), "layouts") {
		t.Errorf("new layouts folder: %v", got)
	}
	write(t, filepath.Join(root, "layouts/story.html"), "y")
	if got := next(t, w); strings.Join(got, " ") != "layouts/story.html" {
		t.Errorf("layout edit: %v", got)
	}

	// Config, rename and delete.
	write(t, filepath.Join(root, "fanfare.yaml"), "title: y")
	if got := next(t, w); strings.Join(got, " ") != "fanfare.yaml" {
		t.Errorf("config: %v", got)
	}
	os.Rename(filepath.Join(root, "content/symbols/t.md"), filepath.Join(root, "content/symbols/u.md"))
	if got := next(t, w); strings.Join(got, " ") != "content/symbols/t.md content/symbols/u.md" {
		t.Errorf("rename: %v", got)
	}
	os.Remove(a)
	if got := next(t, w); strings.Join(got, " ") != "content/stories/a.md" {
		t.Errorf("delete: %v", got)
	}

	// Output and other names at the root are not reported.
	write(t, filepath.Join(root, "public/index.html"), "out")
	write(t, filepath.Join(root, "notes.txt"), "n")
	none(t, w)
}

func TestRelevant(t *testing.T) {
	for name, want := range map[string]bool{
		"content/a.md": true, "content/.a.md.swp": false, "content/a.md~": false, "content/4913": false, "static/logo.svg": true,
	} {
		if Relevant(name) != want {
			t.Errorf("Relevant(%q) = %t", name, !want)
		}
	}
}
