package output

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
)

// TestRecordUnwritable: when the record of what was published cannot be
// written to the build cache, the build says so and publishes nothing:
// without the record the next build would refuse the destination.
func TestRecordUnwritable(t *testing.T) {
	root := t.TempDir()
	dest := filepath.Join(root, "public")
	o := Options{RecordDir: filepath.Join(root, "cache")}
	// Something else sits where the record goes: a folder that is not empty.
	write(t, filepath.Join(o.RecordDir, recordName, "x"), "x")
	err := build(t, dest, o, map[string]string{"index.html": "x"})
	if err == nil || !strings.Contains(err.Error(), "cannot write the record of "+dest+" in the build cache") {
		t.Errorf("Commit = %v, want an error about the record", err)
	}
	if _, err := os.Stat(dest); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the destination was published without its record: %v", err)
	}
	assertEntries(t, o.RecordDir, recordName) // no temporary file left
	assertEntries(t, root, "cache")           // no staging folder, no lock
}

// TestWriteRecord: a publisher that updates the destination in place
// (build --watch) records what it wrote, and the next build accepts
// those files and nothing else; a record that cannot be written, or a
// destination that is a link to nothing, is an error.
func TestWriteRecord(t *testing.T) {
	root := t.TempDir()
	dest := filepath.Join(root, "public")
	o := Options{RecordDir: filepath.Join(root, "cache")}
	write(t, filepath.Join(dest, "index.html"), "x")
	write(t, filepath.Join(dest, "a/b.html"), "x")
	must(t, WriteRecord(dest, o, []string{"a/b.html", "index.html"}))
	must(t, Check(dest, o))
	write(t, filepath.Join(dest, "notes.txt"), "mine")
	if err := Check(dest, o); err == nil || !strings.Contains(err.Error(), "notes.txt was not written by fanfare") {
		t.Errorf("a file outside the record: %v", err)
	}

	file := filepath.Join(root, "file")
	write(t, file, "x")
	if err := WriteRecord(dest, Options{RecordDir: file}, nil); err == nil || !strings.Contains(err.Error(), "cannot write the record of "+dest) {
		t.Errorf("a record folder that is a file: %v", err)
	}
	dangling := filepath.Join(root, "gone")
	must(t, os.Symlink("nowhere", dangling))
	if err := WriteRecord(dangling, o, nil); err == nil || !strings.Contains(err.Error(), "which does not exist") {
		t.Errorf("a link to nothing: %v", err)
	}
}

// failingFS is a file system whose files fail when read.
type failingFS struct{ fstest.MapFS }

func (f failingFS) Open(name string) (fs.File, error) {
	file, err := f.MapFS.Open(name)
	if err != nil {
		return nil, err
	}
	return failingFile{file}, nil
}

type failingFile struct{ fs.File }

func (failingFile) Read([]byte) (int, error) { return 0, syscall.EIO }

// TestCopyFails: a file that cannot be read or does not exist is an
// error naming it, never a file published short.
func TestCopyFails(t *testing.T) {
	d, err := Open(filepath.Join(t.TempDir(), "public"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Abort()
	broken := failingFS{fstest.MapFS{"a.png": {Data: []byte("png")}}}
	if err := d.Copy("img/a.png", broken, "a.png"); err == nil || !strings.Contains(err.Error(), "cannot copy a.png to img/a.png") || !errors.Is(err, syscall.EIO) {
		t.Errorf("a file that cannot be read: %v", err)
	}
	if err := d.Copy("img/b.png", fstest.MapFS{}, "b.png"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a file that does not exist: %v", err)
	}
}

// TestDiskFullCopy: a file copied after the disk filled is not tried but
// counted in what the site needs.
func TestDiskFullCopy(t *testing.T) {
	d, err := Open(filepath.Join(t.TempDir(), "public"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Abort()
	first := d.fail(&os.PathError{Op: "write", Path: "x", Err: syscall.ENOSPC}, 1<<20)
	if err := d.Copy("big.mp4", fstest.MapFS{"big.mp4": {Data: make([]byte, 2<<20)}}, "big.mp4"); err != nil {
		t.Fatalf("a copy after the disk filled: %v", err)
	}
	if got := first.Error(); !strings.Contains(got, "needs about 3.0 MB") {
		t.Errorf("the 2 MB copied after the disk filled are not counted: %s", got)
	}
}

// TestSyncIntoFails: publishing in place (a mount point) stops at a file
// it cannot copy, and says which; the published file stays whole and no
// temporary copy is left beside it.
func TestSyncIntoFails(t *testing.T) {
	defer func(e func(a, b string) error) { exchangeDirs = e }(exchangeDirs)
	exchangeDirs = func(a, b string) error { return &os.LinkError{Op: "exchange", Err: syscall.EBUSY} }
	root := t.TempDir()
	dest := filepath.Join(root, "public")
	o := Options{RecordDir: filepath.Join(root, "cache")}
	must(t, build(t, dest, o, map[string]string{"index.html": "one"}))
	d, err := Open(dest, o)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Abort()
	must(t, d.Write("index.html", []byte("two")))
	// The staging copy cannot be read: here it has become a folder.
	p := filepath.Join(d.staging, "index.html")
	must(t, os.Remove(p))
	must(t, os.Mkdir(p, 0o755))
	if err := d.Commit(); err == nil || !strings.Contains(err.Error(), "cannot publish index.html into "+dest) {
		t.Errorf("Commit = %v, want an error naming index.html", err)
	}
	assertFile(t, filepath.Join(dest, "index.html"), "one")
	assertEntries(t, dest, "index.html")
}
