package serve

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fanfare.dev/fanfare/generator"
	"fanfare.dev/fanfare/generator/cms"
)

// TestServeCMS: with a site that publishes the CMS, the preview serves
// its config pointed at the preview's own local backend, serves the
// editor without the live-reload script, and answers the backend for
// its own pages only; a site without the CMS has no backend.
func TestServeCMS(t *testing.T) {
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "content/stories"), 0o755); err != nil {
		t.Fatal(err)
	}
	s := New()
	s.EditAt(root)
	files := map[string][]byte{
		"index.html":    []byte("<html><body>Home</body></html>"),
		cms.IndexPath:   []byte("<!DOCTYPE html><html><body><script src=x></script></body></html>"),
		cms.ConfigPath:  []byte("backend:\n  name: git-gateway\n"),
		"stories/index": []byte("x"),
	}
	s.Publish(&generator.Result{Files: files}, nil)
	api := func(origin string) int {
		r := request("POST", "/"+cms.APIPath, strings.NewReader(`{"action":"info"}`))
		r.RemoteAddr = "127.0.0.1:40000"
		if origin != "" {
			r.Header.Set("Origin", origin)
		}
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		return w.Code
	}

	w := httptest.NewRecorder()
	s.ServeHTTP(w, request("GET", "/"+cms.ConfigPath, nil))
	if body := w.Body.String(); w.Code != 200 || !strings.Contains(body, "name: git-gateway") || !strings.Contains(body, "local_backend:\n    url: http://127.0.0.1:1313/admin/api/v1\n") {
		t.Errorf("config.yml: %d\n%s", w.Code, body)
	}
	for _, p := range []string{"/admin/", "/admin/index.html"} {
		w = httptest.NewRecorder()
		s.ServeHTTP(w, request("GET", p, nil))
		if w.Code != 200 || strings.Contains(w.Body.String(), ScriptPath) {
			t.Errorf("%s: %d, live-reload script: %v", p, w.Code, strings.Contains(w.Body.String(), ScriptPath))
		}
	}
	if code := api("http://127.0.0.1:1313"); code != 200 {
		t.Errorf("the preview's page: %d", code)
	}
	if code := api("http://evil.example"); code != http.StatusForbidden {
		t.Errorf("another page: %d, want 403", code)
	}
	// A request to a name that is not the preview's is refused before
	// the backend (the preview's own check).
	r := request("POST", "/"+cms.APIPath, strings.NewReader(`{"action":"info"}`))
	r.Host, r.RemoteAddr = "evil.example:1313", "127.0.0.1:40000"
	r.Header.Set("Origin", "http://evil.example:1313")
	w = httptest.NewRecorder()
	s.ServeHTTP(w, r)
	if w.Code != http.StatusMisdirectedRequest {
		t.Errorf("a rebound name: %d, want 421", w.Code)
	}

	// Without the CMS in the site: no backend.
	delete(files, cms.ConfigPath)
	delete(files, cms.IndexPath)
	s.Publish(&generator.Result{Files: files}, nil)
	if code := api("http://127.0.0.1:1313"); code != http.StatusMethodNotAllowed {
		t.Errorf("a site without the CMS answers the backend: %d", code)
	}
}
