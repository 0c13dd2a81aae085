package cms

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// mustSite makes a site folder with a story, a picture, and a secret
// beside the site that no request may reach.
func mustSite(t *testing.T) (site, secret string) {
	t.Helper()
	top := t.TempDir()
	site = filepath.Join(top, "site")
	secret = filepath.Join(top, "secret.txt")
	for name, data := range map[string]string{
		"site/fanfare.yaml":                 "cms: decap\n",
		"site/content/stories/a.md":         "---\ntitle: A\n---\nTekst.\n",
		"site/content/stories/b/index.md":   "---\ntitle: B\n---\n",
		"site/content/stories/b/cover.jpg":  "JPEG",
		"site/content/stories/.hidden.md":   "---\ntitle: hidden\n---\n",
		"site/static/images/logo.png":       "PNG",
		"site/layouts/_default/single.html": "layout",
		"secret.txt":                        "secret",
	} {
		p := filepath.Join(top, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return site, secret
}

// call sends one request as the CMS in a browser at the preview would.
func call(t *testing.T, b *Backend, action string, params any) (int, string) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"action": action, "params": params})
	r := httptest.NewRequest(http.MethodPost, "http://127.0.0.1:1313/"+APIPath, bytes.NewReader(body))
	r.RemoteAddr = "127.0.0.1:50000"
	r.Header.Set("Origin", "http://127.0.0.1:1313")
	r.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	b.ServeHTTP(w, r)
	return w.Code, w.Body.String()
}

func TestBackendProtocol(t *testing.T) {
	site, _ := mustSite(t)
	b := NewBackend(site)

	code, body := call(t, b, "info", nil)
	if code != 200 || !strings.Contains(body, `"publish_modes":["simple"]`) || !strings.Contains(body, `"repo":"site"`) {
		t.Fatalf("info: %d %s", code, body)
	}
	code, body = call(t, b, "entriesByFolder", map[string]any{"folder": "content/stories", "extension": "md", "depth": 2})
	var entries []entry
	if err := json.Unmarshal([]byte(body), &entries); code != 200 || err != nil {
		t.Fatalf("entriesByFolder: %d %s %v", code, body, err)
	}
	var paths []string
	for _, e := range entries {
		paths = append(paths, e.File.Path)
	}
	if strings.Join(paths, " ") != "content/stories/a.md content/stories/b/index.md" {
		t.Errorf("entriesByFolder lists %v (hidden files are left out, bundles are in)", paths)
	}
	if *entries[0].Data != "---\ntitle: A\n---\nTekst.\n" {
		t.Errorf("entry data %q", *entries[0].Data)
	}

	// A new story in its own folder, with its picture: both written.
	pic := base64.StdEncoding.EncodeToString([]byte("PICTURE"))
	code, body = call(t, b, "persistEntry", map[string]any{
		"dataFiles": []map[string]any{{"path": "content/stories/nieuw/index.md", "raw": "---\ntitle: Nieuw\n---\n", "slug": "nieuw"}},
		"assets":    []map[string]any{{"path": "content/stories/nieuw/foto.jpg", "content": pic, "encoding": "base64"}},
		"options":   map[string]any{"newEntry": true},
	})
	if code != 200 {
		t.Fatalf("persistEntry: %d %s", code, body)
	}
	if got, _ := os.ReadFile(filepath.Join(site, "content/stories/nieuw/index.md")); string(got) != "---\ntitle: Nieuw\n---\n" {
		t.Errorf("saved entry: %q", got)
	}
	if got, _ := os.ReadFile(filepath.Join(site, "content/stories/nieuw/foto.jpg")); string(got) != "PICTURE" {
		t.Errorf("saved picture: %q", got)
	}
	// No temporary file is left behind.
	if ents, _ := os.ReadDir(filepath.Join(site, "content/stories/nieuw")); len(ents) != 2 {
		t.Errorf("the folder holds %d files, want 2", len(ents))
	}
	code, body = call(t, b, "getMedia", map[string]any{"mediaFolder": "content/stories/nieuw"})
	if code != 200 || !strings.Contains(body, `"name":"foto.jpg"`) || !strings.Contains(body, pic) {
		t.Errorf("getMedia: %d %s", code, body)
	}
	code, body = call(t, b, "persistMedia", map[string]any{"asset": map[string]any{"path": "static/images/x.png", "content": pic, "encoding": "base64"}})
	if code != 200 || !strings.Contains(body, `"path":"static/images/x.png"`) {
		t.Errorf("persistMedia: %d %s", code, body)
	}
	// Deleting the story removes its pictures and its folder too.
	code, body = call(t, b, "deleteFile", map[string]any{"path": "content/stories/nieuw/index.md"})
	if code != 200 {
		t.Fatalf("deleteFile: %d %s", code, body)
	}
	if _, err := os.Stat(filepath.Join(site, "content/stories/nieuw")); !os.IsNotExist(err) {
		t.Errorf("the story's folder is still there: %v", err)
	}
	if _, err := os.Stat(filepath.Join(site, "content/stories")); err != nil {
		t.Errorf("content/stories went too: %v", err)
	}
	if code, _ := call(t, b, "unpublishedEntries", map[string]any{}); code != http.StatusUnprocessableEntity {
		t.Errorf("an unknown action answers %d, want 422", code)
	}
}

// TestBackendPaths: every path outside content/ and static/ is refused,
// for reading, writing and deleting, and nothing outside changes.
func TestBackendPaths(t *testing.T) {
	for _, p := range []string{
		"fanfare.yaml",
		"layouts/_default/single.html",
		"content/../fanfare.yaml",
		"content/stories/../../layouts/_default/single.html",
		"../secret.txt",
		"/etc/passwd",
		"content//stories/a.md",
		"./content/stories/a.md",
		"content\\..\\fanfare.yaml",
		"content/stories/a.md\x00.png",
		"C:/secret.txt",
		"",
	} {
		t.Run(p, func(t *testing.T) {
			site, secret := mustSite(t)
			b := NewBackend(site)
			before := snapshot(t, filepath.Dir(site))
			for _, c := range []struct {
				action string
				params any
			}{
				{"getEntry", map[string]any{"path": p}},
				{"getMediaFile", map[string]any{"path": p}},
				{"entriesByFolder", map[string]any{"folder": p, "extension": "", "depth": 3}},
				{"persistEntry", map[string]any{"dataFiles": []map[string]any{{"path": p, "raw": "overwritten"}}, "assets": []any{}}},
				{"persistEntry", map[string]any{"dataFiles": []map[string]any{{"path": "content/stories/a.md", "raw": "moved", "newPath": p + "x"}}, "assets": []any{}}},
				{"persistMedia", map[string]any{"asset": map[string]any{"path": p, "content": "eA==", "encoding": "base64"}}},
				{"deleteFile", map[string]any{"path": p}},
			} {
				code, body := call(t, b, c.action, c.params)
				if code != http.StatusForbidden {
					t.Errorf("%s %q: %d %s, want 403", c.action, p, code, body)
				}
				if strings.Contains(body, "secret") && !strings.Contains(body, "secret.txt") {
					t.Errorf("%s %q leaks the secret: %s", c.action, p, body)
				}
			}
			if after := snapshot(t, filepath.Dir(site)); after != before {
				t.Errorf("files changed:\nbefore %s\nafter  %s", before, after)
			}
			if got, _ := os.ReadFile(secret); string(got) != "secret" {
				t.Errorf("secret changed: %q", got)
			}
		})
	}
}

// TestBackendSymlinks: a link inside content/ that leads out of it (to
// the site's settings or out of the site) is refused for reading and
// writing; so is a content/ folder that is itself a link.
func TestBackendSymlinks(t *testing.T) {
	site, secret := mustSite(t)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.Symlink(secret, filepath.Join(site, "content/stories/secret.md")))
	must(os.Symlink(filepath.Join(site, "layouts"), filepath.Join(site, "content/layouts")))
	must(os.Symlink(filepath.Dir(secret), filepath.Join(site, "static/up")))
	b := NewBackend(site)
	for _, c := range []struct {
		action string
		params any
	}{
		{"getEntry", map[string]any{"path": "content/stories/secret.md"}},
		{"persistEntry", map[string]any{"dataFiles": []map[string]any{{"path": "content/layouts/_default/single.html", "raw": "overwritten"}}, "assets": []any{}}},
		{"persistMedia", map[string]any{"asset": map[string]any{"path": "static/up/secret.txt", "content": "eA==", "encoding": "base64"}}},
		{"getMediaFile", map[string]any{"path": "static/up/secret.txt"}},
		{"entriesByFolder", map[string]any{"folder": "content/layouts", "extension": "", "depth": 3}},
	} {
		code, body := call(t, b, c.action, c.params)
		if code != http.StatusForbidden {
			t.Errorf("%s %v: %d %s, want 403", c.action, c.params, code, body)
		}
	}
	if got, _ := os.ReadFile(secret); string(got) != "secret" {
		t.Errorf("secret changed: %q", got)
	}
	if got, _ := os.ReadFile(filepath.Join(site, "layouts/_default/single.html")); string(got) != "layout" {
		t.Errorf("layout changed: %q", got)
	}

	// content/ itself a link to a folder elsewhere.
	other := t.TempDir()
	must(os.Rename(filepath.Join(site, "content"), filepath.Join(other, "content")))
	must(os.Symlink(filepath.Join(other, "content"), filepath.Join(site, "content")))
	if code, body := call(t, b, "getEntry", map[string]any{"path": "content/stories/a.md"}); code != http.StatusForbidden {
		t.Errorf("content/ as a link: %d %s, want 403", code, body)
	}
}

// TestBackendRequests: only the preview's own pages, on this computer,
// addressed by a loopback name, may use the backend.
func TestBackendRequests(t *testing.T) {
	site, _ := mustSite(t)
	b := NewBackend(site)
	for _, c := range []struct {
		name, remote, host, origin, method string
		want                               int
	}{
		{"the preview's page", "127.0.0.1:5000", "127.0.0.1:1313", "http://127.0.0.1:1313", "POST", 200},
		{"localhost", "[::1]:5000", "localhost:1313", "http://localhost:1313", "POST", 200},
		{"no Origin", "127.0.0.1:5000", "127.0.0.1:1313", "", "POST", 403},
		{"another site's page", "127.0.0.1:5000", "127.0.0.1:1313", "https://evil.example", "POST", 403},
		{"another port", "127.0.0.1:5000", "127.0.0.1:1313", "http://127.0.0.1:8080", "POST", 403},
		{"a rebound name", "127.0.0.1:5000", "evil.example:1313", "http://evil.example:1313", "POST", 421},
		{"the network address", "127.0.0.1:5000", "192.168.1.20:1313", "http://192.168.1.20:1313", "POST", 421},
		{"a phone on the network", "192.168.1.30:5000", "127.0.0.1:1313", "http://127.0.0.1:1313", "POST", 403},
		{"GET", "127.0.0.1:5000", "127.0.0.1:1313", "http://127.0.0.1:1313", "GET", 405},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := httptest.NewRequest(c.method, "http://"+c.host+"/"+APIPath, strings.NewReader(`{"action":"info"}`))
			r.RemoteAddr, r.Host = c.remote, c.host
			if c.origin != "" {
				r.Header.Set("Origin", c.origin)
			}
			w := httptest.NewRecorder()
			b.ServeHTTP(w, r)
			if w.Code != c.want {
				t.Errorf("%d %s, want %d", w.Code, w.Body, c.want)
			}
		})
	}
}

// TestBackendLanguages: on a site in two languages, the CMS sees a page
// of the default language without a code (a.md) as a.nl.md, as it saves
// them, and reads, saves and deletes it where it is.
func TestBackendLanguages(t *testing.T) {
	site, _ := mustSite(t)
	for name, data := range map[string]string{
		"fanfare.yaml":                  "language: nl\nlanguages: {nl: {name: Nederlands}, en: {name: English}}\ncms: decap\n",
		"content/stories/a.en.md":       "---\ntitle: A in English\n---\n",
		"content/stories/c.nl.md":       "---\ntitle: C\n---\n",
		"content/stories/b/index.en.md": "---\ntitle: B in English\n---\n",
	} {
		if err := os.WriteFile(filepath.Join(site, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b := NewBackend(site)
	code, body := call(t, b, "entriesByFolder", map[string]any{"folder": "content/stories", "extension": "md", "depth": 2})
	var entries []entry
	if err := json.Unmarshal([]byte(body), &entries); code != 200 || err != nil {
		t.Fatalf("entriesByFolder: %d %s %v", code, body, err)
	}
	var paths []string
	for _, e := range entries {
		paths = append(paths, e.File.Path)
	}
	if got, want := strings.Join(paths, " "), "content/stories/a.en.md content/stories/a.nl.md content/stories/b/index.en.md content/stories/b/index.nl.md content/stories/c.nl.md"; got != want {
		t.Errorf("the CMS sees\n%s\nwant\n%s", got, want)
	}
	if code, body := call(t, b, "getEntry", map[string]any{"path": "content/stories/a.nl.md"}); code != 200 || !strings.Contains(body, "title: A") {
		t.Errorf("getEntry a.nl.md: %d %s", code, body)
	}
	code, body = call(t, b, "persistEntry", map[string]any{"dataFiles": []map[string]any{{"path": "content/stories/a.nl.md", "raw": "---\ntitle: A, bewerkt\n---\n"}}, "assets": []any{}})
	if got, _ := os.ReadFile(filepath.Join(site, "content/stories/a.md")); code != 200 || string(got) != "---\ntitle: A, bewerkt\n---\n" {
		t.Errorf("saving a.nl.md: %d %s; a.md holds %q", code, body, got)
	}
	if _, err := os.Stat(filepath.Join(site, "content/stories/a.nl.md")); err == nil {
		t.Errorf("a.nl.md was made beside a.md")
	}
	// A new page is saved with the code, which Fanfare reads too.
	call(t, b, "persistEntry", map[string]any{"dataFiles": []map[string]any{{"path": "content/stories/d.nl.md", "raw": "---\ntitle: D\n---\n"}}, "assets": []any{}})
	if _, err := os.Stat(filepath.Join(site, "content/stories/d.nl.md")); err != nil {
		t.Errorf("a new page: %v", err)
	}
	call(t, b, "deleteFile", map[string]any{"path": "content/stories/a.nl.md"})
	if _, err := os.Stat(filepath.Join(site, "content/stories/a.md")); !os.IsNotExist(err) {
		t.Errorf("deleting a.nl.md left a.md: %v", err)
	}
}

// snapshot lists every file under dir with its contents.
func snapshot(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return nil
		}
		data, _ := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		b.WriteString(rel + "=" + string(data) + ";")
		return nil
	})
	return b.String()
}
