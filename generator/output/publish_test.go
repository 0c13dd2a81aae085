package output

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
)

// TestLock: a second Acquire, or an Open without the lock, is refused
// with a message naming the holder; after Release the lock is free and
// its file gone.
func TestLock(t *testing.T) {
	root := t.TempDir()
	dest := filepath.Join(root, "public")
	o := Options{RecordDir: filepath.Join(root, "cache")}
	l, err := Acquire(dest)
	if err != nil {
		t.Fatal(err)
	}
	for name, try := range map[string]func() error{
		"Acquire": func() error { _, err := Acquire(dest); return err },
		"Open":    func() error { _, err := Open(dest, Options{}); return err },
	} {
		err := try()
		var busy *BusyError
		if !errors.As(err, &busy) {
			t.Fatalf("%s while locked: %v, want a *BusyError", name, err)
		}
		if busy.Pid != os.Getpid() || busy.Since.IsZero() || !strings.Contains(busy.Command, filepath.Base(os.Args[0])) {
			t.Errorf("%s: the error names %+v, not this process", name, busy)
		}
		msg := err.Error()
		for _, want := range []string{fmt.Sprintf("pid %d", os.Getpid()), "is publishing to " + dest, "wait for it to finish or stop it"} {
			if !strings.Contains(msg, want) {
				t.Errorf("%s: %q lacks %q", name, msg, want)
			}
		}
	}
	// Open with the lock held by the caller works, and leaves it held.
	o.Lock = l
	d, err := Open(dest, o)
	if err != nil {
		t.Fatal(err)
	}
	must(t, d.Write("index.html", []byte("x")))
	must(t, d.Commit())
	if _, err := Acquire(dest); err == nil {
		t.Fatal("Commit released a lock its caller holds")
	}
	l.Release()
	if _, err := os.Stat(lockName(dest)); !os.IsNotExist(err) {
		t.Errorf("the lock file is still there after Release: %v", err)
	}
	l2, err := Acquire(dest)
	if err != nil {
		t.Fatalf("after Release: %v", err)
	}
	l2.Release()
	// Open takes the lock itself and Commit releases it.
	o.Lock = nil
	d, err = Open(dest, o)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Acquire(dest); err == nil {
		t.Fatal("Open did not take the lock")
	}
	d.Abort()
	l3, err := Acquire(dest)
	if err != nil {
		t.Fatalf("after Abort: %v", err)
	}
	l3.Release()
}

func TestBusyErrorWatch(t *testing.T) {
	e := &BusyError{Dest: "public/", Pid: 42, Command: "fanfare build --watch"}
	if got := e.Error(); !strings.Contains(got, `another fanfare build (pid 42, "fanfare build --watch")`) || !strings.Contains(got, "stop it first") {
		t.Errorf("message: %q", got)
	}
}

// build publishes files (name → content) to dest with o.
func build(tb testing.TB, dest string, o Options, files map[string]string) error {
	tb.Helper()
	d, err := Open(dest, o)
	if err != nil {
		return err
	}
	for name, data := range files {
		must(tb, d.Write(name, []byte(data)))
	}
	if err := d.Commit(); err != nil {
		d.Abort()
		return err
	}
	return nil
}

// TestSwapPaths publishes a second build over a first by each way the
// swap can go: the atomic exchange (Linux), two renames (elsewhere, or a
// file system without the exchange), and in place (a destination that
// cannot be moved, such as a mount point: simulated by EBUSY from the
// rename calls). Each gives exactly the second build, and the in-place
// way keeps the destination folder itself.
func TestSwapPaths(t *testing.T) {
	ebusy := func(op string) error { return &os.LinkError{Op: op, Err: syscall.EBUSY} }
	tests := []struct {
		name     string
		exchange func(a, b string) error
		rename   func(a, b string) error
		samedir  bool
	}{
		{"exchange", nil, nil, false},
		{"two renames", func(a, b string) error { return errNoExchange }, nil, false},
		{"mount point", func(a, b string) error { return ebusy("exchange") }, nil, true},
		{"mount point without exchange", func(a, b string) error { return errNoExchange }, func(a, b string) error {
			if filepath.Base(a) == "public" {
				return ebusy("rename")
			}
			return os.Rename(a, b)
		}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			dest := filepath.Join(root, "public")
			o := Options{RecordDir: filepath.Join(root, "cache")}
			must(t, build(t, dest, o, map[string]string{"index.html": "one", "old/index.html": "old", "deep/er/x.txt": "x", "b": "file"}))
			before, err := os.Stat(dest)
			if err != nil {
				t.Fatal(err)
			}
			renames := 0
			defer func(e func(a, b string) error, r func(a, b string) error) { exchangeDirs, rename = e, r }(exchangeDirs, rename)
			if tt.exchange != nil {
				exchangeDirs = tt.exchange
			}
			inner := os.Rename
			if tt.rename != nil {
				inner = tt.rename
			}
			rename = func(a, b string) error { renames++; return inner(a, b) }
			must(t, build(t, dest, o, map[string]string{"index.html": "two", "new/index.html": "new", "b/index.html": "folder now"}))
			if got := snapshotDir(t, dest); got != "b/index.html=folder now index.html=two new/index.html=new" {
				t.Errorf("destination holds %s", got)
			}
			after, _ := os.Stat(dest)
			if same := os.SameFile(before, after); same != tt.samedir {
				t.Errorf("destination folder kept = %t, want %t", same, tt.samedir)
			}
			if tt.name == "exchange" && runtime.GOOS == "linux" && renames > 0 {
				t.Errorf("the swap used %d renames, not the atomic exchange", renames)
			}
			assertEntries(t, root, "cache", "public")
			rec, err := readRecord(o.RecordDir, dest)
			if err != nil || len(rec) != 3 {
				t.Errorf("record %v, %v", rec, err)
			}
			// And a third build over it works too.
			must(t, build(t, dest, o, map[string]string{"index.html": "three"}))
			if got := snapshotDir(t, dest); got != "index.html=three" {
				t.Errorf("third build: destination holds %s", got)
			}
		})
	}
}

// snapshotDir lists the files under dir as "path=content", sorted.
func snapshotDir(tb testing.TB, dir string) string {
	tb.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			tb.Fatal(err)
		}
		if !d.IsDir() {
			data, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			out = append(out, filepath.ToSlash(rel)+"="+string(data))
		}
		return nil
	})
	return strings.Join(out, " ")
}

// TestSymlinkDestination: a destination that is a link is published
// through it: the link stays, the folder it points to gets the site, and
// the staging folders and lock sit beside that folder.
func TestSymlinkDestination(t *testing.T) {
	root := t.TempDir()
	target := filepath.Join(root, "www", "site")
	must(t, os.MkdirAll(target, 0o755))
	dest := filepath.Join(root, "public")
	must(t, os.Symlink(filepath.Join("www", "site"), dest))
	o := Options{RecordDir: filepath.Join(root, "cache")}
	must(t, build(t, dest, o, map[string]string{"index.html": "one", "a/b.html": "b"}))
	must(t, build(t, dest, o, map[string]string{"index.html": "two"}))
	if st, err := os.Lstat(dest); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the destination is no longer a link: %v", err)
	}
	if got := snapshotDir(t, target); got != "index.html=two" {
		t.Errorf("the link's target holds %s", got)
	}
	assertEntries(t, root, "cache", "public", "www")
	assertEntries(t, filepath.Join(root, "www"), "site")

	// A link to nothing is refused with the reason.
	dangling := filepath.Join(root, "gone")
	must(t, os.Symlink("nowhere", dangling))
	if err := build(t, dangling, o, map[string]string{"index.html": "x"}); err == nil || !strings.Contains(err.Error(), "which does not exist") {
		t.Errorf("dangling link: %v", err)
	}
}

// TestAddedDuringBuild: a file or folder put into the destination while
// a build runs is not deleted: the build refuses to publish, naming it.
func TestAddedDuringBuild(t *testing.T) {
	for _, added := range []string{"notes.txt", "mine/"} {
		root := t.TempDir()
		dest := filepath.Join(root, "public")
		o := Options{RecordDir: filepath.Join(root, "cache")}
		must(t, build(t, dest, o, map[string]string{"index.html": "one"}))
		d, err := Open(dest, o)
		if err != nil {
			t.Fatal(err)
		}
		must(t, d.Write("index.html", []byte("two")))
		if strings.HasSuffix(added, "/") {
			must(t, os.Mkdir(filepath.Join(dest, added), 0o755))
		} else {
			write(t, filepath.Join(dest, added), "mine")
		}
		err = d.Commit()
		if err == nil || !strings.Contains(err.Error(), added+" was not written by fanfare") || !strings.Contains(err.Error(), "changed while the build ran") {
			t.Errorf("%s: Commit = %v", added, err)
		}
		d.Abort()
		if _, err := os.Stat(filepath.Join(dest, added)); err != nil {
			t.Errorf("%s was deleted: %v", added, err)
		}
		assertFile(t, filepath.Join(dest, "index.html"), "one")
	}
}

// TestDiskFull: once a write fails for a full disk, one error says so,
// later writes are counted, not tried, and Commit refuses.
func TestDiskFull(t *testing.T) {
	root := t.TempDir()
	d, err := Open(filepath.Join(root, "public"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Abort()
	must(t, d.Write("a.html", make([]byte, 3<<20)))
	full := &os.PathError{Op: "write", Path: "x", Err: syscall.ENOSPC}
	first := d.fail(full, 1<<20)
	var fe *DiskFullError
	if !errors.As(first, &fe) {
		t.Fatalf("first failure: %v", first)
	}
	for range 100 {
		if err := d.fail(full, 1<<20); err != nil {
			t.Fatalf("a later failure is reported again: %v", err)
		}
	}
	if err := d.Write("b.html", make([]byte, 1<<20)); err != nil {
		t.Fatalf("a write after the disk filled: %v", err)
	}
	// 3 MB written, then 1 MB failed, 100 × 1 MB not tried, and 1 MB skipped.
	got := first.Error()
	for _, want := range []string{"public: the disk is full", "needs about 105.0 MB", "ran out after 3.0 MB", "free at least 102.0 MB on the disk holding"} {
		if !strings.Contains(got, want) {
			t.Errorf("message %q lacks %q", got, want)
		}
	}
	if err := d.Commit(); !errors.As(err, &fe) {
		t.Errorf("Commit after a full disk: %v", err)
	}
}
