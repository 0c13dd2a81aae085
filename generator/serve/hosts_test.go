package serve

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fanfare.dev/fanfare/generator"
	"fanfare.dev/fanfare/generator/diag"
)

// ownAddress returns an address of this machine that is not a loopback
// one, or "".
func ownAddress() string {
	addrs, _ := net.InterfaceAddrs()
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok && !n.IP.IsLoopback() && n.IP.To4() != nil {
			return n.IP.String()
		}
	}
	return ""
}

// TestHostCheck: pages, files, the script and the event stream answer
// requests addressed to localhost, a loopback address or the address the
// preview listens on, and refuse any other name (DNS rebinding: a web page
// elsewhere whose name now points at 127.0.0.1) and requests sent by
// pages that are not the preview's.
func TestHostCheck(t *testing.T) {
	own := ownAddress()
	tests := []struct {
		bind, host, origin, path string
		status                   int
	}{
		{"127.0.0.1", "127.0.0.1:1313", "", "/", 200},
		{"127.0.0.1", "localhost:1313", "", "/", 200},
		{"127.0.0.1", "LocalHost.:1313", "", "/", 200},
		{"127.0.0.1", "[::1]:1313", "", "/", 200},
		{"127.0.0.1", "127.0.0.1:1313", "http://127.0.0.1:1313", "/", 200},
		{"127.0.0.1", "127.0.0.1:1313", "", ScriptPath, 200},
		{"127.0.0.1", "rebind.attacker.example:1313", "", "/", 421},
		{"127.0.0.1", "rebind.attacker.example:1313", "", "/stories/a/cover.svg", 421},
		{"127.0.0.1", "rebind.attacker.example:1313", "", EventsPath, 421},
		{"127.0.0.1", "rebind.attacker.example:1313", "", ScriptPath, 421},
		{"127.0.0.1", "localhost.attacker.example", "", "/", 421},
		{"127.0.0.1", "", "", "/", 421},
		{"127.0.0.1", "192.168.1.20:1313", "", "/", 421},
		{"127.0.0.1", "127.0.0.1:1313", "http://attacker.example", "/", 403},
		{"127.0.0.1", "127.0.0.1:1313", "null", "/", 403},
		{"127.0.0.1", "127.0.0.1:1313", "http://localhost:9999", "/", 403},
		{"127.0.0.1", "127.0.0.1:1313", "https://127.0.0.1:1313", EventsPath, 403},
		{"mybox.lan", "mybox.lan:1313", "", "/", 200},
		{"mybox.lan", "otherbox.lan:1313", "", "/", 421},
		{"0.0.0.0", "127.0.0.1:1313", "", "/", 200},
		{"0.0.0.0", "rebind.attacker.example:1313", "", "/", 421},
		{"0.0.0.0", "203.0.113.7:1313", "", "/", 421}, // not this machine's
		{"0.0.0.0", own + ":1313", "", "/", 200},      // a phone on the network
		{"127.0.0.1", own + ":1313", "", "/", 421},    // but only when listening there
	}
	for _, tt := range tests {
		if own == "" && strings.HasPrefix(tt.host, ":") {
			continue // no network address on this machine
		}
		s := testServer()
		s.Bind(tt.bind)
		r := httptest.NewRequest("GET", tt.path, nil)
		r.Host = tt.host
		if tt.origin != "" {
			r.Header.Set("Origin", tt.origin)
		}
		rec := httptest.NewRecorder()
		if tt.status == 200 && tt.path == EventsPath {
			t.Fatal("the event stream does not end: test refusals only")
		}
		s.ServeHTTP(rec, r)
		if rec.Code != tt.status {
			t.Errorf("bind %s, Host %q, Origin %q, GET %s: %d, want %d: %s", tt.bind, tt.host, tt.origin, tt.path, rec.Code, tt.status, rec.Body)
		}
		if rec.Code != 200 && (strings.Contains(rec.Body.String(), "Home") || strings.Contains(rec.Body.String(), "<svg")) {
			t.Errorf("Host %q: refused, but the body shows the site: %s", tt.host, rec.Body)
		}
	}
}

// TestRebindingOverTCP: a browser sent to http://rebind.attacker.example:PORT/
// whose name now resolves to 127.0.0.1 reaches the preview's socket with
// that name in its Host header, and gets nothing of the site.
func TestRebindingOverTCP(t *testing.T) {
	s := testServer()
	s.Bind("127.0.0.1")
	ts := httptest.NewServer(s)
	defer ts.Close()
	_, port, _ := net.SplitHostPort(ts.Listener.Addr().String())
	for host, want := range map[string]int{"rebind.attacker.example:" + port: 421, "127.0.0.1:" + port: 200, "localhost:" + port: 200} {
		req, _ := http.NewRequest("GET", ts.URL+"/", nil)
		req.Host = host
		res, err := ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != want || (want != 200) == strings.Contains(string(body), "<h1>Home</h1>") {
			t.Errorf("Host %s: %d %q, want %d", host, res.StatusCode, body, want)
		}
	}
}

// TestCopiesFromLastGoodBuild: files published as they are come from the
// last good build, not from the disk at the time of the request: after
// a failed build the preview still serves them as they were.
func TestCopiesFromLastGoodBuild(t *testing.T) {
	dir := t.TempDir()
	fsys := os.DirFS(dir)
	writeFile := func(name, data string) {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		// A new time, as an editor's save gives it, even within the
		// clock's resolution.
		mod := time.Now().Add(time.Duration(len(data)) * time.Second)
		os.Chtimes(p, mod, mod)
	}
	writeFile("style.css", "p{}")
	writeFile("video.mp4", "big-version-1")
	res := &generator.Result{Files: map[string][]byte{"index.html": []byte("<body>x</body>")}, Copies: []generator.Copy{
		{Dst: "style.css", FS: fsys, Src: "style.css"},
		{Dst: "video.mp4", FS: fsys, Src: "video.mp4"},
	}}
	s := New()
	s.maxCopy = 12 // video.mp4 is "large": not kept in memory
	s.Publish(res, nil)
	fetch := func(p string) (int, string) {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, request("GET", p, nil))
		return rec.Code, rec.Body.String()
	}
	if code, body := fetch("/style.css"); code != 200 || body != "p{}" {
		t.Fatalf("style.css: %d %q", code, body)
	}
	if code, body := fetch("/video.mp4"); code != 200 || body != "big-version-1" {
		t.Fatalf("video.mp4: %d %q", code, body)
	}
	// The next build fails while the files change on disk.
	writeFile("style.css", "p{ /* half")
	writeFile("video.mp4", "big-version-two")
	s.Fail(&diag.Diagnostic{File: "content/a.md", Line: 2, Msg: "broken"})
	if code, body := fetch("/style.css"); code != 200 || body != "p{}" {
		t.Errorf("after a failed build, style.css: %d %q, want the last good build's", code, body)
	}
	if code, body := fetch("/video.mp4"); code != 503 || strings.Contains(body, "big-version") {
		t.Errorf("after a failed build, a changed large file: %d %q, want 503 without its new bytes", code, body)
	}
	// The build that works again publishes them as they are now.
	s.Publish(res, nil)
	if code, body := fetch("/style.css"); code != 200 || body != "p{ /* half" {
		t.Errorf("after a good build, style.css: %d %q", code, body)
	}
	if code, body := fetch("/video.mp4"); code != 200 || body != "big-version-two" {
		t.Errorf("after a good build, video.mp4: %d %q", code, body)
	}
	// A file removed after the build is still served as it was.
	os.Remove(filepath.Join(dir, "style.css"))
	if code, body := fetch("/style.css"); code != 200 || body != "p{ /* half" {
		t.Errorf("removed after the build, style.css: %d %q", code, body)
	}
}
