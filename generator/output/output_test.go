package output

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
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

func TestCheckRefuses(t *testing.T) {
	root := t.TempDir()
	site := filepath.Join(root, "site")
	write(t, filepath.Join(site, "content/a.md"), "x")
	foreign := filepath.Join(root, "foreign")
	write(t, filepath.Join(foreign, "notes.txt"), "mine")
	mixed := filepath.Join(root, "mixed")
	write(t, filepath.Join(mixed, ManifestName), "index.html\n")
	write(t, filepath.Join(mixed, "index.html"), "x")
	write(t, filepath.Join(mixed, "sub/extra.txt"), "mine")
	emptyDir := filepath.Join(root, "emptydir")
	write(t, filepath.Join(emptyDir, ManifestName), "a/index.html\n")
	write(t, filepath.Join(emptyDir, "a/index.html"), "x")
	must(t, os.MkdirAll(filepath.Join(emptyDir, "a/mine"), 0o755))
	file := filepath.Join(root, "file")
	write(t, file, "x")
	// The home folder is the test's own, so that the test does not depend
	// on the environment it runs in (HOME unset, or a home folder that is
	// not there).
	home := filepath.Join(root, "home")
	write(t, filepath.Join(home, "notes.txt"), "mine")
	t.Setenv("HOME", home)

	tests := []struct {
		dir, want string
	}{
		{"/", "root of the file system"},
		{home, "home folder"},
		{site, "the build would delete"},
		{filepath.Join(site, "content"), "the build would delete"},
		{root, "the build would delete"}, // holds the site
		{foreign, "holds files that fanfare did not write"},
		{mixed, "sub/ was not written by fanfare"},
		{emptyDir, "a/mine/ was not written by fanfare"},
		{file, "is a file"},
	}
	for _, tt := range tests {
		err := Check(tt.dir, Options{Protected: []string{site, filepath.Join(site, "content")}})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Check(%s) = %v, want an error containing %q", tt.dir, err, tt.want)
		}
	}
	for _, ok := range []string{filepath.Join(root, "new"), filepath.Join(site, "public")} {
		if err := Check(ok, Options{Protected: []string{site, filepath.Join(site, "content")}}); err != nil {
			t.Errorf("Check(%s) = %v", ok, err)
		}
	}
}

func TestPublishSwapsAndCleans(t *testing.T) {
	root := t.TempDir()
	dest := filepath.Join(root, "public")
	o := Options{RecordDir: filepath.Join(root, "cache")}

	// First build.
	d, err := Open(dest, o)
	if err != nil {
		t.Fatal(err)
	}
	must(t, d.Write("index.html", []byte("one")))
	must(t, d.Write("stories/old/index.html", []byte("old")))
	must(t, d.Copy("img/a.png", fstest.MapFS{"a.png": {Data: []byte("png")}}, "a.png"))
	if _, err := os.Stat(filepath.Join(dest, "index.html")); err == nil {
		t.Fatal("files appear in the destination before Commit")
	}
	must(t, d.Commit())
	assertFile(t, filepath.Join(dest, "index.html"), "one")
	assertFile(t, filepath.Join(dest, "img/a.png"), "png")
	assertFile(t, filepath.Join(o.RecordDir, recordName), "fanfare published "+dest+"\nimg/a.png\nindex.html\nstories/old/index.html\n")
	assertEntries(t, dest, "img", "index.html", "stories") // nothing else, no record

	// Second build without the old story: it is gone afterwards.
	d, err = Open(dest, o)
	if err != nil {
		t.Fatal(err)
	}
	must(t, d.Write("index.html", []byte("two")))
	must(t, d.Commit())
	assertFile(t, filepath.Join(dest, "index.html"), "two")
	if _, err := os.Stat(filepath.Join(dest, "stories/old/index.html")); !os.IsNotExist(err) {
		t.Error("a file the new build did not write is still there")
	}

	// An aborted build leaves the destination as it was and no staging folder.
	d, err = Open(dest, o)
	if err != nil {
		t.Fatal(err)
	}
	must(t, d.Write("index.html", []byte("three")))
	d.Abort()
	assertFile(t, filepath.Join(dest, "index.html"), "two")
	assertEntries(t, root, "cache", "public")
}

func TestStaleStagingIsCleaned(t *testing.T) {
	root := t.TempDir()
	dest := filepath.Join(root, "public")
	write(t, filepath.Join(root, ".public.fanfare-staging-123/index.html"), "half")
	write(t, filepath.Join(root, ".other.fanfare-staging-1/x"), "not ours")
	// Another build's, by a process that has ended, and by one that runs
	// (a Fanfare without the lock): only the first is removed.
	gone := exec.Command("true")
	must(t, gone.Run())
	running := exec.Command("sleep", "60")
	must(t, running.Start())
	defer func() { running.Process.Kill(); running.Wait() }()
	deadDir := fmt.Sprintf(".public.fanfare-staging-%d-1", gone.Process.Pid)
	liveDir := fmt.Sprintf(".public.fanfare-staging-%d-2", running.Process.Pid)
	write(t, filepath.Join(root, deadDir, "index.html"), "half")
	write(t, filepath.Join(root, liveDir, "index.html"), "being written")
	d, err := Open(dest, Options{})
	if err != nil {
		t.Fatal(err)
	}
	must(t, d.Write("index.html", []byte("new")))
	must(t, d.Commit())
	assertEntries(t, root, ".other.fanfare-staging-1", liveDir, "public")
}

func TestInterruptedSwapIsRecovered(t *testing.T) {
	// A build killed between moving the old site aside and moving the new
	// one in leaves only the old folder: the next build puts it back first.
	root := t.TempDir()
	dest := filepath.Join(root, "public")
	write(t, filepath.Join(root, ".public.fanfare-old-9/index.html"), "previous")
	write(t, filepath.Join(root, ".public.fanfare-old-9", ManifestName), "index.html\n")
	d, err := Open(dest, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Abort()
	assertFile(t, filepath.Join(dest, "index.html"), "previous")
}

func TestWriteRefusesEscapes(t *testing.T) {
	d, err := Open(filepath.Join(t.TempDir(), "public"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Abort()
	for _, rel := range []string{"../x", "a/../../x", "/etc/x", ManifestName, ""} {
		if err := d.Write(rel, []byte("x")); err == nil {
			t.Errorf("Write(%q) succeeded", rel)
		}
	}
}

func must(tb testing.TB, err error) {
	tb.Helper()
	if err != nil {
		tb.Fatal(err)
	}
}

func assertFile(tb testing.TB, name, want string) {
	tb.Helper()
	got, err := os.ReadFile(name)
	if err != nil {
		tb.Fatal(err)
	}
	if string(got) != want {
		tb.Errorf("%s = %q, want %q", name, got, want)
	}
}

func assertEntries(tb testing.TB, dir string, want ...string) {
	tb.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		tb.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		tb.Errorf("%s holds %v, want %v", dir, got, want)
	}
}

// TestWriteSameFolderAtOnce: files written at the same time into a new
// folder (a page and its share card) all land, whichever goroutine makes
// the folder.
func TestWriteSameFolderAtOnce(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	d, err := Open(dest, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 400)
	for i := range 100 {
		for _, name := range []string{"index.html", "share.png", "a.txt", "b.txt"} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs <- d.Write(fmt.Sprintf("stories/s%d/deep/%s", i, name), []byte(name))
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	if got, err := os.ReadFile(filepath.Join(dest, "stories/s99/deep/share.png")); err != nil || string(got) != "share.png" {
		t.Errorf("read %q, %v", got, err)
	}
}
