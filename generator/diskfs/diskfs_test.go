package diskfs

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
)

func TestFS(t *testing.T) {
	dir := t.TempDir()
	big := bytes.Repeat([]byte("fanfare "), 20000)
	files := map[string][]byte{"a.md": []byte("hello"), "sub/b.md": big, "empty.md": nil}
	for name, data := range files {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fsys := New(dir)
	if err := fstest.TestFS(fsys, "a.md", "sub/b.md", "empty.md"); err != nil {
		t.Fatal(err)
	}
	for name, want := range files {
		got, err := fs.ReadFile(fsys, name)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("ReadFile(%s) = %d bytes, %v; want %d bytes", name, len(got), err, len(want))
		}
	}
	for _, bad := range []string{"../x", "/etc/passwd", "missing.md", "sub"} {
		if _, err := fsys.ReadFile(bad); err == nil {
			t.Errorf("ReadFile(%q) succeeded", bad)
		}
	}
	if _, err := fsys.ReadFile("missing.md"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a missing file gives %v, want fs.ErrNotExist", err)
	}
}

// TestMegabytes: a size just over a limit never reads as the limit.
func TestMegabytes(t *testing.T) {
	const mb = 1 << 20
	for n, want := range map[int64]string{
		0: "0 bytes", mb - 1: "1048575 bytes", mb: "1 MB", 16 * mb: "16 MB",
		16*mb + 1: "16.1 MB", 16*mb + mb/10: "16.1 MB", 16*mb + mb/10 + 1: "16.2 MB",
		16*mb + mb/2: "16.5 MB", 17*mb - 1: "17.0 MB",
	} {
		if got := Megabytes(n); got != want {
			t.Errorf("Megabytes(%d) = %q, want %q", n, got, want)
		}
	}
}
