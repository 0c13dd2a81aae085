//go:build unix

package diskfs

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// site writes a site folder with links that stay inside it and links
// that leave it, directly or through another link, and returns its path
// and the path of a secret file outside it.
func site(t *testing.T) (dir, secret string) {
	t.Helper()
	dir = t.TempDir()
	secret = filepath.Join(t.TempDir(), "secret.txt")
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.WriteFile(secret, []byte("token=hunter2"), 0o644))
	for _, d := range []string{"static", "layouts", "content/story", "assets"} {
		must(os.MkdirAll(filepath.Join(dir, d), 0o755))
	}
	must(os.WriteFile(filepath.Join(dir, "static/ok.txt"), []byte("ok"), 0o644))
	must(os.Symlink("/", filepath.Join(dir, "up")))
	must(os.Symlink("../up"+secret, filepath.Join(dir, "static/leak.txt")))
	must(os.Symlink("/proc/self/environ", filepath.Join(dir, "layouts/404.html")))
	must(os.Symlink(secret, filepath.Join(dir, "content/story/photo.jpg")))
	must(os.Symlink("../.."+strings.Repeat("/..", strings.Count(dir, "/"))+secret, filepath.Join(dir, "assets/site.css")))
	must(os.Symlink("../static/ok.txt", filepath.Join(dir, "assets/inside.css")))
	must(os.Symlink("inside.css", filepath.Join(dir, "assets/chain.css")))
	must(os.Symlink("../up", filepath.Join(dir, "assets/dir")))
	return dir, secret
}

// modes runs f with the openat2 path and with os.Root alone.
func modes(t *testing.T, f func(t *testing.T, fsys *FS)) {
	for _, fast := range []bool{true, false} {
		name := "os.Root"
		if fast {
			name = "openat2"
		}
		t.Run(name, func(t *testing.T) {
			dir, _ := site(t)
			fsys := New(dir)
			defer fsys.Close()
			if !fast {
				fsys.noFast.Store(true)
			} else if fsys.fast == nil {
				t.Skip("no openat2 on this system")
			}
			f(t, fsys)
		})
	}
}

func TestOutside(t *testing.T) {
	modes(t, func(t *testing.T, fsys *FS) {
		for _, name := range []string{"static/leak.txt", "layouts/404.html", "content/story/photo.jpg", "assets/site.css", "assets/dir/etc/passwd", "up/etc/passwd", "up"} {
			if data, err := fsys.ReadFile(name); !errors.Is(err, ErrOutside) {
				t.Errorf("ReadFile(%s) = %q, %v; want ErrOutside", name, data, err)
			}
			if f, err := fsys.Open(name); !errors.Is(err, ErrOutside) {
				if err == nil {
					data, _ := io.ReadAll(f)
					f.Close()
					t.Errorf("Open(%s) read %q; want ErrOutside", name, data)
				} else {
					t.Errorf("Open(%s): %v; want ErrOutside", name, err)
				}
			}
			if _, err := fsys.Stat(name); !errors.Is(err, ErrOutside) {
				t.Errorf("Stat(%s): %v; want ErrOutside", name, err)
			}
			if _, err := fs.ReadDir(fsys, name); !errors.Is(err, ErrOutside) {
				t.Errorf("ReadDir(%s): %v; want ErrOutside", name, err)
			}
		}
		// Links that stay inside are followed.
		for _, name := range []string{"assets/inside.css", "assets/chain.css", "static/ok.txt"} {
			if data, err := fs.ReadFile(fsys, name); err != nil || string(data) != "ok" {
				t.Errorf("ReadFile(%s) = %q, %v; want ok", name, data, err)
			}
		}
		// The message names the link's text and says what to do.
		_, err := fsys.ReadFile("static/leak.txt")
		if msg := err.Error(); !strings.Contains(msg, "static/leak.txt") || !strings.Contains(msg, "is a link to ../up/") || !strings.Contains(msg, "copy the file in") {
			t.Errorf("message: %s", msg)
		}
	})
}

func TestEscapes(t *testing.T) {
	modes(t, func(t *testing.T, fsys *FS) {
		for name, want := range map[string]bool{
			"static/leak.txt": true, "layouts/404.html": true, "assets/site.css": true,
			"up": true, "assets/inside.css": false, "assets/chain.css": false, "static/ok.txt": false,
		} {
			if _, got := Escapes(fsys, name); got != want {
				t.Errorf("Escapes(%s) = %t, want %t", name, got, want)
			}
			// Also through fs.Sub, as a theme folder is read (where a
			// link out of the sub-folder counts as leaving it too).
			sub, _ := fs.Sub(fsys, path0(name))
			if _, got := Escapes(sub, base0(name)); want && !got {
				t.Errorf("Escapes(Sub, %s) = %t, want %t", name, got, want)
			}
		}
	})
}

func path0(name string) string {
	if i := strings.LastIndex(name, "/"); i >= 0 {
		return name[:i]
	}
	return "."
}

func base0(name string) string { return name[strings.LastIndex(name, "/")+1:] }

// TestEscapeError guards the text of os.Root's (unexported) error for a
// path that leaves the root, which escapes recognises.
func TestEscapeError(t *testing.T) {
	dir, _ := site(t)
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	_, err = root.Open("static/leak.txt")
	if !escapes(err) {
		t.Fatalf("os.Root's error %q is not recognised as leaving the folder", err)
	}
}

func TestNotRegular(t *testing.T) {
	modes(t, func(t *testing.T, fsys *FS) {
		if err := syscall.Mkfifo(filepath.Join(fsys.dir, "static/pipe.txt"), 0o644); err != nil {
			t.Skip("no named pipes:", err)
		}
		os.Symlink("pipe.txt", filepath.Join(fsys.dir, "static/pipe-link.md"))
		for _, name := range []string{"static/pipe.txt", "static/pipe-link.md"} {
			// Without the check these block for ever, waiting for a writer.
			if _, err := fsys.ReadFile(name); !errors.Is(err, ErrNotRegular) || !strings.Contains(err.Error(), "named pipe") {
				t.Errorf("ReadFile(%s): %v; want ErrNotRegular", name, err)
			}
			if _, err := fsys.Open(name); !errors.Is(err, ErrNotRegular) {
				t.Errorf("Open(%s): %v; want ErrNotRegular", name, err)
			}
			if _, err := ReadFileMax(fsys, name, 10); !errors.Is(err, ErrNotRegular) {
				t.Errorf("ReadFileMax(%s): %v; want ErrNotRegular", name, err)
			}
		}
	})
}

func TestTooLarge(t *testing.T) {
	modes(t, func(t *testing.T, fsys *FS) {
		// Sparse: no disk space used.
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		must(os.Truncate(filepath.Join(fsys.dir, "static/ok.txt"), 0))
		big := filepath.Join(fsys.dir, "static/huge.mp4")
		f, err := os.Create(big)
		must(err)
		must(f.Truncate(8 << 30))
		f.Close()
		medium := filepath.Join(fsys.dir, "content/story/index.md")
		must(os.WriteFile(medium, make([]byte, 1<<20), 0o644))

		if _, err := fsys.Open("static/huge.mp4"); !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "8192 MB") {
			t.Errorf("Open(8 GB): %v; want ErrTooLarge", err)
		}
		if _, err := fsys.ReadFile("static/huge.mp4"); !errors.Is(err, ErrTooLarge) {
			t.Errorf("ReadFile(8 GB): %v; want ErrTooLarge", err)
		}
		if _, err := ReadFileMax(fsys, "content/story/index.md", 1000); !errors.Is(err, ErrTooLarge) {
			t.Errorf("ReadFileMax(1 MB, 1000): %v; want ErrTooLarge", err)
		}
		if data, err := ReadFileMax(fsys, "content/story/index.md", 1<<20); err != nil || len(data) != 1<<20 {
			t.Errorf("ReadFileMax(1 MB, 1 MB) = %d bytes, %v", len(data), err)
		}
		if data, err := ReadFileMax(os.DirFS(fsys.dir), "content/story/index.md", 1000); !errors.Is(err, ErrTooLarge) {
			t.Errorf("ReadFileMax(DirFS, 1 MB, 1000) = %d bytes, %v; want ErrTooLarge", len(data), err)
		}
	})
}
