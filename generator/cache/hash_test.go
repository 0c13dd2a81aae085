//go:build linux

package cache

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"fanfare.dev/fanfare/generator/diskfs"
)

// TestHasherDisk hashes a real site folder through diskfs: what lies
// behind a link out of the site is never read, a named pipe neither
// hangs nor is read, an 8 GB sparse file is not read, and a large file
// changed in place with its size and time kept still changes the hash.
func TestHasherDisk(t *testing.T) {
	dir := t.TempDir()
	outside := filepath.Join(t.TempDir(), "secret")
	write := func(name, data string) {
		t.Helper()
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	write("content/a.md", "a")
	write("static/big.bin", string(make([]byte, 2<<20)))
	must(os.WriteFile(outside, []byte("one"), 0o644))
	must(os.Symlink("/", filepath.Join(dir, "up")))
	must(os.Symlink("../up"+outside, filepath.Join(dir, "static/leak.txt")))
	must(syscall.Mkfifo(filepath.Join(dir, "static/pipe"), 0o644))
	must(syscall.Mkfifo(filepath.Join(dir, "content/pipe.md"), 0o644))
	f, err := os.Create(filepath.Join(dir, "static/sparse.iso"))
	must(err)
	must(f.Truncate(8 << 30))
	f.Close()

	sum := func() string {
		t.Helper()
		done := make(chan string, 1)
		go func() {
			fsys := diskfs.New(dir)
			defer fsys.Close()
			var h Hasher
			for _, tree := range []string{"content", "static"} {
				if err := h.AddTree(fsys, tree); err != nil {
					t.Error(err)
				}
			}
			done <- h.Sum()
		}()
		select {
		case s := <-done:
			return s
		case <-time.After(2 * time.Minute): // a guard against hanging, not a speed test
			t.Fatal("hashing did not finish: a named pipe or a huge file was read")
			return ""
		}
	}
	base := sum()
	if sum() != base {
		t.Fatal("the same folder hashes differently")
	}
	// The file behind the link is not read.
	must(os.WriteFile(outside, []byte("two"), 0o644))
	if sum() != base {
		t.Error("the hash changed with a file outside the site folder: it was read")
	}
	// A small file written again unchanged keeps the hash.
	write("content/a.md", "a")
	if sum() != base {
		t.Error("a file written again with the same text changes the hash")
	}
	// A large file changed in place, same size, time set back.
	big := filepath.Join(dir, "static/big.bin")
	st, err := os.Stat(big)
	must(err)
	time.Sleep(10 * time.Millisecond) // a change time after the first
	g, err := os.OpenFile(big, os.O_WRONLY, 0)
	must(err)
	g.WriteAt([]byte("x"), 1<<20)
	g.Close()
	must(os.Chtimes(big, st.ModTime(), st.ModTime()))
	if sum() == base {
		t.Error("a large file changed in place with its time set back keeps the hash")
	}
}
