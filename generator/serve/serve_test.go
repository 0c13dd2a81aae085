package serve

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"fanfare.dev/fanfare/generator"
	"fanfare.dev/fanfare/generator/cms"
	"fanfare.dev/fanfare/generator/diag"
	"fanfare.dev/fanfare/generator/internal/ssetest"
)

func testServer() *Server {
	s := New()
	s.Publish(&generator.Result{
		Files: map[string][]byte{
			"index.html":               []byte("<!DOCTYPE html><html><body><h1>Home</h1></body></html>"),
			"stories/index.html":       []byte("<html><BODY>Stories</BODY></html>"),
			"stories/a/index.html":     []byte("<p>story a</p>"),
			"404.html":                 []byte("<html><body>Not here</body></html>"),
			"assets/style.0123456.css": []byte("body{}"),
			"index.xml":                []byte("<rss/>"),
			"robots.txt":               []byte("User-agent: *"),
		},
		Copies: []generator.Copy{{Dst: "stories/a/cover.svg", FS: fstest.MapFS{"content/stories/a/cover.svg": {Data: []byte("<svg/>")}}, Src: "content/stories/a/cover.svg"}},
	}, nil)
	return s
}

func TestServeFiles(t *testing.T) {
	s := testServer()
	tests := []struct {
		path   string
		status int
		ctype  string
		body   string // expected in the body
	}{
		{"/", 200, "text/html; charset=utf-8", "<h1>Home</h1>"},
		{"/stories/", 200, "text/html; charset=utf-8", "Stories"},
		{"/stories/a/", 200, "text/html; charset=utf-8", "story a"},
		{"/stories/a/cover.svg", 200, "image/svg+xml", "<svg/>"},
		{"/assets/style.0123456.css", 200, "text/css; charset=utf-8", "body{}"},
		{"/index.xml", 200, "text/xml; charset=utf-8", "<rss/>"},
		{"/robots.txt", 200, "text/plain; charset=utf-8", "User-agent"},
		{"/missing/", 404, "text/html; charset=utf-8", "Not here"},
		{"/stories", 301, "", ""},
		{"/stories/a", 301, "", ""},
		{ScriptPath, 200, "text/javascript; charset=utf-8", "EventSource"},
	}
	for _, tt := range tests {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, request("GET", tt.path, nil))
		res := rec.Result()
		body, _ := io.ReadAll(res.Body)
		if res.StatusCode != tt.status || (tt.ctype != "" && res.Header.Get("Content-Type") != tt.ctype) || !strings.Contains(string(body), tt.body) {
			t.Errorf("GET %s: %d %q %q", tt.path, res.StatusCode, res.Header.Get("Content-Type"), body)
		}
		if res.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("GET %s: no nosniff header", tt.path)
		}
		if strings.HasPrefix(tt.ctype, "text/html") && !strings.Contains(string(body), `<script src="`+ScriptPath) {
			t.Errorf("GET %s: no live-reload script", tt.path)
		}
	}
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, request("POST", "/", nil))
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST: %d", rec.Code)
	}
}

// TestServeOnlyTheSite: whatever the path, nothing outside the rendered
// site is served.
func TestServeOnlyTheSite(t *testing.T) {
	srv := httptest.NewServer(testServer())
	defer srv.Close()
	for _, p := range []string{
		"/../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/stories/..%2f..%2fetc%2fpasswd",
		"/..\\..\\etc\\passwd", "/%5c..%5c..%5cetc%5cpasswd", "//etc/passwd", "/etc/passwd",
		"/stories/%00/index.html", "/C:/Windows/win.ini", "/.fanfare-manifest", "/stories/./a/",
	} {
		req, _ := http.NewRequest("GET", srv.URL+p, nil)
		req.URL.Opaque = p // send the path exactly as written
		res, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode == 200 || strings.Contains(string(body), "root:") {
			t.Errorf("GET %s: %d %q", p, res.StatusCode, body)
		}
	}
}

func TestFileName(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"/", "index.html", true},
		{"/stories/", "stories/index.html", true},
		{"/stories/a/cover.svg", "stories/a/cover.svg", true},
		{"/stories", "stories", true},
		{"/../x", "", false},
		{"/a/../b", "", false},
		{"/a//b", "", false},
		{"/a/./b", "", false},
		{"/a\\b", "", false},
		{"/a\x00b", "", false},
		{"relative", "", false},
	}
	for _, tt := range tests {
		got, ok := fileName(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("fileName(%q) = %q, %t", tt.in, got, ok)
		}
	}
}

func TestInject(t *testing.T) {
	tag := `<script src="` + ScriptPath + `" defer></script>`
	tests := []struct{ in, want string }{
		{"<html><body><p>x</p></body></html>", "<html><body><p>x</p>" + tag + "</body></html>"},
		{"<HTML><BODY>x</BODY></HTML>", "<HTML><BODY>x" + tag + "</BODY></HTML>"},
		{"<p>no body</p>", "<p>no body</p>" + tag},
		{"<body><pre>&lt;/body&gt;</pre></body>", "<body><pre>&lt;/body&gt;</pre>" + tag + "</body>"},
		{"<body>a</body><!-- </body> -->", "<body>a</body><!-- " + tag + "</body> -->"}, // the last one, as Hugo does
		{"", tag},
		{"</body>", tag + "</body>"}, // a page that is only its end
	}
	for _, tt := range tests {
		if got := string(Inject([]byte(tt.in))); got != tt.want {
			t.Errorf("Inject(%q) =\n%q, want\n%q", tt.in, got, tt.want)
		}
	}
}

func TestProblemsOverlayData(t *testing.T) {
	s := testServer()
	s.Fail(&diag.ListError{Diagnostics: []*diag.Diagnostic{
		diag.Errorf("content/stories/a.md", 4, "personal is 11, but scores run from 0 to 10"),
		{Severity: diag.Warning, File: "content/b.md", Line: 2, Msg: "image has no image_alt"},
	}})
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, request("GET", "/stories/a/", nil))
	body := rec.Body.String()
	// The last good page is still served, with the problems for the overlay.
	if rec.Code != 200 || !strings.Contains(body, "story a") ||
		!strings.Contains(body, `"file":"content/stories/a.md","line":4,"message":"personal is 11, but scores run from 0 to 10"`) ||
		!strings.Contains(body, `"message":"image has no image_alt","warning":true`) {
		t.Errorf("page during a failed build: %d %s", rec.Code, body)
	}
	if ps := Problems(errors.New("plain")); len(ps) != 1 || ps[0].Message != "plain" {
		t.Errorf("Problems(plain) = %v", ps)
	}
	// A problem text cannot close the script element it travels in.
	s.Fail(diag.Errorf("x.md", 1, "</script><script>alert(1)</script>"))
	rec = httptest.NewRecorder()
	s.ServeHTTP(rec, request("GET", "/", nil))
	if strings.Contains(rec.Body.String(), "<script>alert(1)") {
		t.Error("a problem message is not escaped")
	}
}

func TestNothingBuiltYet(t *testing.T) {
	s := New()
	s.Fail(diag.Errorf("content/a.md", 2, "title is missing"))
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, request("GET", "/", nil))
	if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), `"file":"content/a.md","line":2`) {
		t.Errorf("%d %s", rec.Code, rec.Body.String())
	}
}

// readEvent reads one SSE event (name and data) from r.
func readEvent(t *testing.T, r *bufio.Reader) (string, string) {
	t.Helper()
	name, data, err := nextEvent(r)
	if err != nil {
		t.Fatalf("reading events: %v", err)
	}
	return name, data
}

// nextEvent reads the next server-sent event; unlike readEvent it may be
// called from any goroutine.
func nextEvent(r *bufio.Reader) (string, string, error) {
	return ssetest.Next(r)
}

func connect(t *testing.T, ctx context.Context, url string) *bufio.Reader {
	t.Helper()
	req, _ := http.NewRequestWithContext(ctx, "GET", url+EventsPath, nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if res.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("events content type %q", res.Header.Get("Content-Type"))
	}
	t.Cleanup(func() { res.Body.Close() })
	return bufio.NewReader(res.Body)
}

func waitClients(t *testing.T, h *Hub, n int) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for h.Clients() != n {
		if time.Now().After(deadline) {
			t.Fatalf("%d clients connected, want %d", h.Clients(), n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestEvents(t *testing.T) {
	s := testServer()
	srv := httptest.NewServer(s)
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	r := connect(t, ctx, srv.URL)
	waitClients(t, s.Hub(), 1)

	s.Publish(&generator.Result{Files: map[string][]byte{"index.html": []byte("v2")}}, nil)
	if name, _ := readEvent(t, r); name != "reload" {
		t.Errorf("after a build: %q, want reload", name)
	}
	s.Fail(diag.Errorf("a.md", 3, "broken"))
	if name, data := readEvent(t, r); name != "problems" || !strings.Contains(data, `"line":3`) {
		t.Errorf("after a failed build: %q %s", name, data)
	}
	s.Publish(&generator.Result{Files: map[string][]byte{"index.html": []byte("v3")}}, nil)
	if name, _ := readEvent(t, r); name != "fixed" {
		t.Errorf("after the fix: %q, want fixed", name)
	}
	if name, _ := readEvent(t, r); name != "reload" {
		t.Errorf("after the fix: %q, want reload", name)
	}
	s.Publish(&generator.Result{Files: map[string][]byte{"index.html": []byte("v4")}}, map[string]string{"/assets/a.1.css": "/assets/a.2.css"})
	if name, data := readEvent(t, r); name != "css" || data != `{"/assets/a.1.css":"/assets/a.2.css"}` {
		t.Errorf("after a style change: %q %s", name, data)
	}
}

// TestProblemsOnConnect: a browser whose events connect after a build
// failed (its page was loaded just before) hears of the problems at once.
func TestProblemsOnConnect(t *testing.T) {
	s := testServer()
	srv := httptest.NewServer(s)
	defer srv.Close()
	s.Fail(diag.Errorf("a.md", 3, "broken"))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	r := connect(t, ctx, srv.URL)
	if name, data := readEvent(t, r); name != "problems" || !strings.Contains(data, `"line":3`) {
		t.Errorf("on connecting after a failed build: %q %s", name, data)
	}
	// Once fixed, a new browser hears nothing until the next build.
	s.Publish(&generator.Result{Files: map[string][]byte{"index.html": []byte("v2")}}, nil)
	r2 := connect(t, ctx, srv.URL)
	waitClients(t, s.Hub(), 2)
	s.Publish(&generator.Result{Files: map[string][]byte{"index.html": []byte("v3")}}, nil)
	if name, _ := readEvent(t, r2); name != "reload" {
		t.Errorf("on connecting after the fix, then a build: %q, want reload", name)
	}
}

// TestManyClients: 100 browsers at once all hear of a rebuild; browsers
// that go away are forgotten and leave no goroutines behind.
func TestManyClients(t *testing.T) {
	s := testServer()
	srv := httptest.NewServer(s)
	defer srv.Close()
	before := runtime.NumGoroutine()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	const n = 100
	readers := make([]*bufio.Reader, n)
	cancels := make([]context.CancelFunc, n)
	for i := range readers {
		cctx, ccancel := context.WithCancel(ctx)
		readers[i], cancels[i] = connect(t, cctx, srv.URL), ccancel
	}
	waitClients(t, s.Hub(), n)
	s.Hub().Send("reload", "{}")
	var wg sync.WaitGroup
	for _, r := range readers {
		wg.Add(1)
		go func(r *bufio.Reader) {
			defer wg.Done()
			if name, _, err := nextEvent(r); err != nil || name != "reload" {
				t.Errorf("got %q, %v", name, err)
			}
		}(r)
	}
	wg.Wait()
	for _, c := range cancels {
		c() // the browsers vanish
	}
	waitClients(t, s.Hub(), 0)
	s.Hub().Send("reload", "{}") // no one to send to: must not block
	http.DefaultClient.CloseIdleConnections()
	deadline := time.Now().Add(20 * time.Second)
	for runtime.NumGoroutine() > before+5 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if g := runtime.NumGoroutine(); g > before+5 {
		t.Errorf("%d goroutines after the clients left, %d before", g, before)
	}
}

// request is a request to the preview as a browser on this computer sends it.
func request(method, target string, body io.Reader) *http.Request {
	r := httptest.NewRequest(method, target, body)
	r.Host = "127.0.0.1:1313"
	return r
}

// TestServeLater checks the files a preview makes when first asked for
// (share cards, generator.Result.Later): served with their type, made
// once for any number of requests, a failure answered with the reason,
// and a file of Files preferred over a maker of the same name.
func TestServeLater(t *testing.T) {
	s := New()
	var made sync.Map
	maker := func(name string, data []byte, err error) func() ([]byte, error) {
		return sync.OnceValues(func() ([]byte, error) {
			n, _ := made.LoadOrStore(name, new(int))
			*n.(*int)++
			return data, err
		})
	}
	png := []byte("\x89PNG\r\n\x1a\nkaart")
	s.Publish(&generator.Result{
		Files: map[string][]byte{"index.html": []byte("<body>x</body>"), "symbols/s/share.png": []byte("\x89PNG\r\n\x1a\nal gemaakt")},
		Later: map[string]func() ([]byte, error){
			"stories/a/share.png": maker("a", png, nil),
			"stories/b/share.png": maker("b", nil, errors.New("the font cannot be read")),
			"symbols/s/share.png": maker("s", []byte("wrong"), nil),
		},
	}, nil)
	for i := 0; i < 3; i++ {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, request("GET", "/stories/a/share.png", nil))
		if rec.Code != 200 || rec.Body.String() != string(png) || rec.Header().Get("Content-Type") != "image/png" {
			t.Errorf("request %d: %d %q %q", i, rec.Code, rec.Header().Get("Content-Type"), rec.Body.String())
		}
	}
	if n, _ := made.Load("a"); n == nil || *n.(*int) != 1 {
		t.Errorf("the card was made %v times, want once", n)
	}
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, request("GET", "/stories/b/share.png", nil))
	if rec.Code != 500 || !strings.Contains(rec.Body.String(), "stories/b/share.png: the font cannot be read") {
		t.Errorf("a card that cannot be made: %d %q", rec.Code, rec.Body.String())
	}
	rec = httptest.NewRecorder()
	s.ServeHTTP(rec, request("GET", "/symbols/s/share.png", nil))
	if !strings.Contains(rec.Body.String(), "al gemaakt") {
		t.Errorf("a file of Files lost to a maker of the same name: %q", rec.Body.String())
	}
	if _, ok := made.Load("s"); ok {
		t.Error("the maker of a file already made was called")
	}
	// The next build without them: not found.
	s.Publish(&generator.Result{Files: map[string][]byte{"index.html": []byte("<body>x</body>")}}, nil)
	rec = httptest.NewRecorder()
	s.ServeHTTP(rec, request("GET", "/stories/a/share.png", nil))
	if rec.Code != 404 {
		t.Errorf("a card of the last build but not this one: %d", rec.Code)
	}
}

// TestServeLaterPages checks pages a preview renders when first asked for
// (generator.NewPreview): they are served with the live-reload script, a
// folder without its slash is sent to the page, and a page whose build
// was replaced while it was asked for (generator.ErrStale) is served
// from the newer build.
func TestServeLaterPages(t *testing.T) {
	s := New()
	newer := &generator.Result{Files: map[string][]byte{
		"index.html":                []byte("<body>home</body>"),
		"stories/page/2/index.html": []byte("<body>nieuwe pagina 2</body>"),
	}}
	s.Publish(&generator.Result{
		Files: map[string][]byte{"index.html": []byte("<body>home</body>")},
		Later: map[string]func() ([]byte, error){
			"stories/index.html": func() ([]byte, error) { return []byte("<body>verhalen</body>"), nil },
			"stories/page/2/index.html": func() ([]byte, error) {
				s.Publish(newer, nil) // a build finished meanwhile
				return nil, generator.ErrStale
			},
		},
	}, nil)
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, request("GET", "/stories/", nil))
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), "verhalen") || !strings.Contains(rec.Body.String(), "<script") {
		t.Errorf("a page rendered when asked for: %d %q", rec.Code, rec.Body.String())
	}
	rec = httptest.NewRecorder()
	s.ServeHTTP(rec, request("GET", "/stories", nil))
	if rec.Code != http.StatusMovedPermanently || rec.Header().Get("Location") != "/stories/" {
		t.Errorf("/stories without its slash: %d, Location %q", rec.Code, rec.Header().Get("Location"))
	}
	rec = httptest.NewRecorder()
	s.ServeHTTP(rec, request("GET", "/stories/page/2/", nil))
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), "nieuwe pagina 2") {
		t.Errorf("a page of a replaced build: %d %q, want the newer build's", rec.Code, rec.Body.String())
	}
}

// TestServeCMSMethods checks the editor at /admin/ and its settings in the
// preview: GET serves them (the editor without the live-reload script,
// the settings pointing the editor at this server), HEAD the headers
// alone, and any other method is refused as for the site's pages.
func TestServeCMSMethods(t *testing.T) {
	s := New()
	s.EditAt(t.TempDir())
	editor := "<!DOCTYPE html><html><body>editor</body></html>"
	s.Publish(&generator.Result{Files: map[string][]byte{
		"index.html":   []byte("<body>home</body>"),
		cms.IndexPath:  []byte(editor),
		cms.ConfigPath: []byte("backend:\n  name: git-gateway\n"),
	}}, nil)
	tests := []struct {
		method, path string
		status       int
		body         string // "" for none; else a part of it
	}{
		{"GET", "/" + cms.Dir, 200, "editor"},
		{"HEAD", "/" + cms.Dir, 200, ""},
		{"POST", "/" + cms.Dir, 405, "method not allowed"},
		{"GET", "/" + cms.ConfigPath, 200, "local_backend"},
		{"HEAD", "/" + cms.ConfigPath, 200, ""},
		{"PUT", "/" + cms.ConfigPath, 405, "method not allowed"},
	}
	for _, tt := range tests {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, request(tt.method, tt.path, nil))
		body := rec.Body.String()
		if rec.Code != tt.status || (tt.body == "" && body != "") || !strings.Contains(body, tt.body) {
			t.Errorf("%s %s: %d %q, want %d with %q", tt.method, tt.path, rec.Code, body, tt.status, tt.body)
		}
		if strings.Contains(body, "<script") {
			t.Errorf("%s %s: the editor got the live-reload script", tt.method, tt.path)
		}
	}
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, request("GET", "/"+cms.ConfigPath, nil))
	if !strings.Contains(rec.Body.String(), "http://127.0.0.1:1313/"+cms.APIPath) {
		t.Errorf("the settings do not point the editor at this server: %q", rec.Body.String())
	}
}

// TestServeLaterStaleBounded checks that a page whose maker keeps saying
// its build was replaced (generator.ErrStale) with no newer build to ask
// is asked a bounded number of times, then not found.
func TestServeLaterStaleBounded(t *testing.T) {
	s := New()
	calls := 0
	s.Publish(&generator.Result{
		Files: map[string][]byte{"index.html": []byte("<body>home</body>")},
		Later: map[string]func() ([]byte, error){
			"stories/index.html": func() ([]byte, error) { calls++; return nil, generator.ErrStale },
		},
	}, nil)
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, request("GET", "/stories/", nil))
	if rec.Code != 404 || calls != 3 {
		t.Errorf("a page always stale: %d after %d tries, want 404 after 3", rec.Code, calls)
	}
}

// TestServeLaterIn checks the folders a preview makes when first asked
// for (generator.Result.LaterIn: the search index after an edit): a file
// in the folder is served once it is made, and the folder made once for
// any number of requests; a name the folder does not hold is not found;
// a folder that cannot be made is answered with the reason; a folder of
// a replaced build (generator.ErrStale) is asked of the newer build.
func TestServeLaterIn(t *testing.T) {
	s := New()
	made := 0
	index := sync.OnceValues(func() (map[string][]byte, error) {
		made++
		return map[string][]byte{
			"stories/search/index.json":          []byte(`{"v":1}`),
			"stories/search/words.0a1b2c3d.json": []byte(`{"fles":"A"}`),
		}, nil
	})
	newer := &generator.Result{
		Files: map[string][]byte{"index.html": []byte("<body>y</body>")},
		LaterIn: map[string]func() (map[string][]byte, error){
			"en/stories/search/": func() (map[string][]byte, error) {
				return map[string][]byte{"en/stories/search/index.json": []byte(`{"v":2}`)}, nil
			},
		},
	}
	s.Publish(&generator.Result{
		Files: map[string][]byte{"index.html": []byte("<body>x</body>")},
		LaterIn: map[string]func() (map[string][]byte, error){
			"stories/search/": index,
			"nl/stories/search/": func() (map[string][]byte, error) {
				return nil, errors.New("stories/search/index.json is published twice")
			},
			"en/stories/search/": func() (map[string][]byte, error) {
				s.Publish(newer, nil) // a build finished meanwhile
				return nil, generator.ErrStale
			},
		},
	}, nil)
	for i := 0; i < 3; i++ {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, request("GET", "/stories/search/words.0a1b2c3d.json", nil))
		if rec.Code != 200 || rec.Body.String() != `{"fles":"A"}` || rec.Header().Get("Content-Type") != "application/json" {
			t.Errorf("request %d: %d %q %q", i, rec.Code, rec.Header().Get("Content-Type"), rec.Body.String())
		}
	}
	if made != 1 {
		t.Errorf("the folder was made %d times, want once", made)
	}
	for _, c := range []struct {
		path string
		code int
		body string
	}{
		{"/stories/search/index.json", 200, `{"v":1}`},
		{"/stories/search/words.ffffffff.json", 404, ""},
		{"/nl/stories/search/index.json", 500, "published twice"},
		{"/en/stories/search/index.json", 200, `{"v":2}`},
	} {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, request("GET", c.path, nil))
		if rec.Code != c.code || !strings.Contains(rec.Body.String(), c.body) {
			t.Errorf("%s: %d %q, want %d %q", c.path, rec.Code, rec.Body.String(), c.code, c.body)
		}
	}
}
