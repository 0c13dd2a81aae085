package main

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// secretSite writes a small site and, outside it, a file holding a
// secret; it returns the site folder and the secret's path.
func secretSite(t *testing.T) (dir, secretFile string) {
	t.Helper()
	dir = t.TempDir()
	secretFile = filepath.Join(t.TempDir(), "credentials")
	mustWrite(t, secretFile, secret)
	mustWrite(t, filepath.Join(dir, "fanfare.yaml"), "title: Lekken\n")
	mustWrite(t, filepath.Join(dir, "content/stories/a/index.md"), "---\ntitle: Verhaal A\ndate: 2025-01-01\n---\nTekst.\n")
	mustWrite(t, filepath.Join(dir, "static/ok.txt"), "ok\n")
	return dir, secretFile
}

// secret is the text no published or served file may hold.
const secret = "FANFARE_TEST_TOKEN=s3cr3t-7f1c9e"

func mustLink(t *testing.T, target, name string) {
	t.Helper()
	os.MkdirAll(filepath.Dir(name), 0o755)
	if err := os.Symlink(target, name); err != nil {
		t.Fatal(err)
	}
}

// noSecret fails if any file under dir holds the secret.
func noSecret(t *testing.T, dir string) {
	t.Helper()
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Type()&os.ModeSymlink != 0 {
			return nil // the links themselves are the test's, not published
		}
		if data, err := os.ReadFile(p); err == nil && strings.Contains(string(data), secret) {
			t.Errorf("%s publishes the secret from outside the site", p)
		}
		return nil
	})
}

// TestLinksOutOfSite: links in layouts/, static/, assets/ and page
// bundles that lead outside the site folder, directly or through
// another link (up -> / then ../up/...), are never published: the build
// fails or warns, naming the file.
func TestLinksOutOfSite(t *testing.T) {
	t.Setenv("FANFARE_TEST_TOKEN", "s3cr3t-7f1c9e") // what /proc/self/environ would show
	cases := []struct {
		name   string
		links  func(t *testing.T, dir, secretFile string)
		exit   int
		stderr string // the message naming the file
	}{
		{"layout to /proc/self/environ", func(t *testing.T, dir, _ string) {
			mustLink(t, "/proc/self/environ", filepath.Join(dir, "layouts/404.html"))
		}, 1, "layouts/404.html: cannot read template: read layouts/404.html: is a link to /proc/self/environ, outside the site folder"},
		{"static through up -> /", func(t *testing.T, dir, secretFile string) {
			mustLink(t, "/", filepath.Join(dir, "up"))
			mustLink(t, "../up"+secretFile, filepath.Join(dir, "static/leak.txt"))
		}, 1, "static/leak.txt: open static/leak.txt: is a link to ../up" + "/"},
		{"static absolute", func(t *testing.T, dir, secretFile string) {
			mustLink(t, secretFile, filepath.Join(dir, "static/leak.txt"))
		}, 1, "static/leak.txt: open static/leak.txt: is a link to /"},
		{"static folder through up", func(t *testing.T, dir, secretFile string) {
			mustLink(t, "/", filepath.Join(dir, "up"))
			mustLink(t, "../up"+filepath.Dir(secretFile), filepath.Join(dir, "static/leakdir"))
		}, 1, "static/leakdir"},
		{"assets css through up", func(t *testing.T, dir, secretFile string) {
			mustLink(t, "/", filepath.Join(dir, "up"))
			mustLink(t, "../up"+secretFile, filepath.Join(dir, "assets/extra.css"))
		}, 1, "read assets/extra.css: is a link to ../up/"},
		{"bundle file through up", func(t *testing.T, dir, secretFile string) {
			mustLink(t, "/", filepath.Join(dir, "up"))
			mustLink(t, "../../../up"+secretFile, filepath.Join(dir, "content/stories/a/notes.txt"))
		}, 0, "content/stories/a/notes.txt: warning: is a link to ../../../up/"},
		{"bundle file absolute", func(t *testing.T, dir, secretFile string) {
			mustLink(t, secretFile, filepath.Join(dir, "content/stories/a/notes.txt"))
		}, 0, "content/stories/a/notes.txt: warning: is a link to /"},
		{"config through up", func(t *testing.T, dir, secretFile string) {
			os.Remove(filepath.Join(dir, "fanfare.yaml"))
			mustLink(t, "/", filepath.Join(dir, "up"))
			mustLink(t, "up"+secretFile, filepath.Join(dir, "fanfare.yaml"))
		}, 1, "fanfare.yaml"},
		{"i18n through up", func(t *testing.T, dir, secretFile string) {
			mustLink(t, "/", filepath.Join(dir, "up"))
			mustLink(t, "../up"+secretFile, filepath.Join(dir, "i18n/nl.yaml"))
		}, 1, "i18n/nl.yaml"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir, secretFile := secretSite(t)
			c.links(t, dir, secretFile)
			_, stderr, code := runFanfare(t, dir, "build")
			if code != c.exit {
				t.Errorf("exit code %d, want %d; stderr:\n%s", code, c.exit, stderr)
			}
			if !strings.Contains(stderr, c.stderr) {
				t.Errorf("stderr does not say %q:\n%s", c.stderr, stderr)
			}
			noSecret(t, dir)
			noSecret(t, cacheHome(dir))
		})
	}
}

// TestServeLinksOutOfSite: the preview does not serve a static file
// that is replaced by a link out of the site after it was built.
func TestServeLinksOutOfSite(t *testing.T) {
	dir, secretFile := secretSite(t)
	mustWrite(t, filepath.Join(dir, "static/leak.txt"), "nothing yet\n")
	mustWrite(t, filepath.Join(dir, "content/stories/a/notes.txt"), "nothing yet\n")
	url := strings.TrimSuffix(startServe(t, dir), "/")
	get := func(p string) (int, string) {
		t.Helper()
		c := &http.Client{Timeout: 10 * time.Second}
		resp, err := c.Get(url + p)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := get("/leak.txt"); code != 200 || body != "nothing yet\n" {
		t.Fatalf("before: %d %q", code, body)
	}
	os.Remove(filepath.Join(dir, "static/leak.txt"))
	os.Remove(filepath.Join(dir, "content/stories/a/notes.txt"))
	mustLink(t, "/", filepath.Join(dir, "up"))
	mustLink(t, "../up"+secretFile, filepath.Join(dir, "static/leak.txt"))
	mustLink(t, secretFile, filepath.Join(dir, "content/stories/a/notes.txt"))
	// Ask at once (the old build's list of files) and while the rebuild
	// runs and after it.
	for i := 0; i < 20; i++ {
		for _, p := range []string{"/leak.txt", "/stories/a/notes.txt", "/up/" + strings.TrimPrefix(secretFile, "/")} {
			if code, body := get(p); strings.Contains(body, secret) {
				t.Fatalf("serve sent the secret at %s (%d)", p, code)
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
}
