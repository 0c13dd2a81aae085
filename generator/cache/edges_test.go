package cache

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// TestBaseDirWithoutHome: with neither HOME nor XDG_CACHE_HOME set (a
// bare CI container), the cache lives in the temporary folder, not in a
// folder named after an empty path.
func TestBaseDirWithoutHome(t *testing.T) {
	t.Setenv("HOME", "")
	t.Setenv("XDG_CACHE_HOME", "")
	if got, want := baseDir(""), filepath.Join(os.TempDir(), "fanfare"); got != want {
		t.Errorf("baseDir without a home folder = %q, want %q", got, want)
	}
	if got := baseDir("/mine"); got != "/mine" {
		t.Errorf("baseDir(/mine) = %q", got)
	}
}

// TestDestDir: one record folder per destination, under the cache
// folder's destinations/, named after the destination's last element; the
// same destination written two ways is one folder.
func TestDestDir(t *testing.T) {
	a := DestDir("/base", "/sites/a/public")
	if filepath.Dir(a) != "/base/destinations" || !strings.HasPrefix(filepath.Base(a), "public-") || len(filepath.Base(a)) != len("public-")+16 {
		t.Errorf("DestDir = %q, want /base/destinations/public-<16 hex digits>", a)
	}
	if b := DestDir("/base", "/sites/b/public"); b == a {
		t.Errorf("two destinations share the record folder %s", a)
	}
	if c := DestDir("/base", "/sites/a/public/"); c != a {
		t.Errorf("/sites/a/public/ gives %s, /sites/a/public %s", c, a)
	}
}

// TestKeyLengths: keys of 8 to 128 hexadecimal digits, no fewer or more.
func TestKeyLengths(t *testing.T) {
	for n, ok := range map[int]bool{7: false, 8: true, 64: true, 128: true, 129: false} {
		if err := validKey(strings.Repeat("a", n)); (err == nil) != ok {
			t.Errorf("a key of %d digits: %v", n, err)
		}
	}
}

// TestEmptyEntry: an entry of no bytes comes back as put.
func TestEmptyEntry(t *testing.T) {
	s := OpenStore(t.TempDir(), ".bin")
	if err := s.Put("00112233", nil); err != nil {
		t.Fatal(err)
	}
	got, err := s.Get("00112233")
	if err != nil || len(got) != 0 {
		t.Errorf("Get of an empty entry: %q, %v", got, err)
	}
}

// failFS is a file system whose files fail to open, stat or read, each
// with its own error.
type failFS struct{ fstest.MapFS }

type failFile struct {
	fs.File
	stat, read error
}

func (f failFile) Stat() (fs.FileInfo, error) {
	if f.stat != nil {
		return nil, f.stat
	}
	return f.File.Stat()
}

func (f failFile) Read(p []byte) (int, error) {
	if f.read != nil {
		return 0, f.read
	}
	return f.File.Read(p)
}

func (f failFS) Open(name string) (fs.File, error) {
	file, err := f.MapFS.Open(name)
	if err != nil {
		return nil, err
	}
	switch filepath.Base(name) {
	case "unopenable.md":
		file.Close()
		return nil, errors.New("permission denied")
	case "unstattable.md":
		return failFile{File: file, stat: errors.New("stale handle")}, nil
	case "unreadable.md":
		return failFile{File: file, read: errors.New("input/output error")}, nil
	}
	return file, nil
}

// TestHashFileErrors: a file that cannot be opened, stat'ed or read
// counts in the hash with its error: the sum differs from the same file
// readable, and changes when the error does.
func TestHashFileErrors(t *testing.T) {
	for _, name := range []string{"unopenable.md", "unstattable.md", "unreadable.md"} {
		t.Run(name, func(t *testing.T) {
			files := fstest.MapFS{"content/" + name: {Data: []byte("tekst")}, "content/ok.md": {Data: []byte("ok")}}
			var failing, fine Hasher
			if err := failing.AddTree(failFS{files}, "content"); err != nil {
				t.Fatal(err)
			}
			if err := fine.AddTree(files, "content"); err != nil {
				t.Fatal(err)
			}
			if failing.Sum() == fine.Sum() {
				t.Error("a file that fails hashes as the readable file")
			}
			part := hashFile(failFS{files}, "content/"+name)
			if !strings.HasPrefix(part, "e\x00content/"+name+"\x00") {
				t.Errorf("hash part %q does not hold the error", part)
			}
		})
	}
}

// TestFileSum: the executable's bytes count; a missing or unreadable
// file is an error.
func TestFileSum(t *testing.T) {
	dir := t.TempDir()
	exe := filepath.Join(dir, "fanfare")
	os.WriteFile(exe, []byte("one"), 0o755)
	a, err := FileSum(exe)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(exe, []byte("two"), 0o755)
	b, err := FileSum(exe)
	if err != nil {
		t.Fatal(err)
	}
	if a == b {
		t.Error("another executable gives the same sum")
	}
	if _, err := FileSum(filepath.Join(dir, "missing")); err == nil {
		t.Error("a missing file is no error")
	}
	if _, err := FileSum(dir); err == nil {
		t.Error("a folder is no error")
	}
}

// TestContentHashLimit: a file of contentHashMax bytes is hashed by its
// content, so writing the same bytes again (as a checkout does) keeps the
// sum; one byte more and it is known by its identity, which the new file
// changes.
func TestContentHashLimit(t *testing.T) {
	dir := t.TempDir()
	sum := func() string {
		var h Hasher
		if err := h.AddTree(os.DirFS(dir), "content"); err != nil {
			t.Fatal(err)
		}
		return h.Sum()
	}
	name := filepath.Join(dir, "content", "big.md")
	os.MkdirAll(filepath.Dir(name), 0o755)
	// rewrite writes data as a new file put in place: another inode.
	rewrite := func(data []byte) {
		tmp := name + ".new"
		if err := os.WriteFile(tmp, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, name); err != nil {
			t.Fatal(err)
		}
	}
	data := []byte(strings.Repeat("a", contentHashMax))
	rewrite(data)
	before := sum()
	rewrite(data)
	if sum() != before {
		t.Errorf("a file of %d bytes written again unchanged changes the sum", contentHashMax)
	}
	data = append(data, 'b')
	rewrite(data)
	before = sum()
	rewrite(data)
	if _, ok := identity(mustStat(t, name)); ok && sum() == before {
		t.Errorf("a file of %d bytes replaced by another keeps its sum", contentHashMax+1)
	}
}

func mustStat(tb testing.TB, name string) fs.FileInfo {
	tb.Helper()
	st, err := os.Stat(name)
	if err != nil {
		tb.Fatal(err)
	}
	return st
}
