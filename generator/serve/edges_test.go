package serve

import (
	"io/fs"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"fanfare.dev/fanfare/generator"
)

// TestSnapshot: which files the server keeps in memory, and which it takes
// from the previous good build's snapshot without reading them again.
func TestSnapshot(t *testing.T) {
	t0 := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	file := func(n int, mod time.Time) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte(strings.Repeat("x", n)), ModTime: mod}
	}
	fsys := fstest.MapFS{
		"static/a.png":   file(6, t0),
		"static/b.png":   file(4, t0),
		"static/c.png":   file(5, t0),
		"static/big.mp4": file(11, t0),
	}
	cp := func(name string) generator.Copy {
		return generator.Copy{Dst: strings.TrimPrefix(name, "static/"), FS: fsys, Src: name}
	}
	max := limits{file: 10, total: 10}

	t.Run("limits", func(t *testing.T) {
		// a (6) is kept; b (4) brings the total to exactly 10: kept; c (5)
		// would pass it: not kept; big (11) is larger than a file may be.
		got := snapshot([]generator.Copy{cp("static/a.png"), cp("static/b.png"), cp("static/c.png"), cp("static/big.mp4")}, nil, max)
		for name, kept := range map[string]bool{"a.png": true, "b.png": true, "c.png": false, "big.mp4": false} {
			c := got[name]
			if c == nil {
				t.Fatalf("%s missing from the snapshot", name)
			}
			if (c.data != nil) != kept {
				t.Errorf("%s: kept in memory %t, want %t", name, c.data != nil, kept)
			}
			if c.size != int64(len(fsys["static/"+name].Data)) || !c.mod.Equal(t0) {
				t.Errorf("%s: size %d, time %v", name, c.size, c.mod)
			}
		}
		// A file of exactly the limit is kept.
		if got := snapshot([]generator.Copy{cp("static/big.mp4")}, nil, limits{file: 11, total: 11}); got["big.mp4"].data == nil {
			t.Error("a file of exactly the size limit is not kept")
		}
	})

	t.Run("reuse", func(t *testing.T) {
		prev := snapshot([]generator.Copy{cp("static/a.png"), cp("static/big.mp4")}, nil, max)
		// Unchanged: the same entries, not read again; the kept one counts
		// towards the total, so b (4 + 6 = 10) fits and c does not.
		got := snapshot([]generator.Copy{cp("static/a.png"), cp("static/big.mp4"), cp("static/b.png"), cp("static/c.png")}, prev, max)
		if got["a.png"] != prev["a.png"] || got["big.mp4"] != prev["big.mp4"] {
			t.Error("unchanged files are not taken from the previous snapshot")
		}
		if got["b.png"].data == nil || got["c.png"].data != nil {
			t.Errorf("the reused file does not count towards the total: b kept %t, c kept %t", got["b.png"].data != nil, got["c.png"].data != nil)
		}
	})

	t.Run("changed", func(t *testing.T) {
		for what, change := range map[string]func(prev *copied){
			"another time":   func(p *copied) { p.mod = t0.Add(-time.Second) },
			"another size":   func(p *copied) { p.size++ },
			"another source": func(p *copied) { p.src.Src = "static/b.png" },
			// A file that did not fit in the total last time, though it is
			// not too large: read again, it may fit now.
			"not kept before": func(p *copied) { p.data = nil },
		} {
			prev := snapshot([]generator.Copy{cp("static/a.png")}, nil, max)
			change(prev["a.png"])
			got := snapshot([]generator.Copy{cp("static/a.png")}, prev, max)
			if got["a.png"] == prev["a.png"] {
				t.Errorf("%s: the previous entry is reused", what)
			}
			if string(got["a.png"].data) != "xxxxxx" {
				t.Errorf("%s: data %q", what, got["a.png"].data)
			}
		}
		// Not kept before for the total, and of exactly the size limit:
		// read again too.
		exact := limits{file: 6, total: 10}
		prev := snapshot([]generator.Copy{cp("static/a.png")}, nil, exact)
		prev["a.png"].data = nil
		if got := snapshot([]generator.Copy{cp("static/a.png")}, prev, exact); got["a.png"].data == nil {
			t.Error("a file of exactly the size limit, not kept before, is not read again")
		}
	})
}

// TestBindEveryAddressNamesTheMachine: listening on every address, the
// preview also answers requests addressed to the machine's host name (and
// NAME.local for a name without a dot), as a phone on the network may use.
func TestBindEveryAddressNamesTheMachine(t *testing.T) {
	name, err := os.Hostname()
	if err != nil || name == "" || strings.EqualFold(name, "localhost") {
		t.Skip("no host name of its own")
	}
	names := []string{name}
	if !strings.Contains(name, ".") {
		names = append(names, name+".local")
	}
	for _, bind := range []string{"0.0.0.0", "::", ""} {
		for _, host := range names {
			s := testServer()
			s.Bind(bind)
			r := httptest.NewRequest("GET", "/", nil)
			r.Host = strings.ToUpper(host) + ":1313"
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, r)
			if rec.Code != 200 {
				t.Errorf("bind %q, Host %q: %d, want 200", bind, r.Host, rec.Code)
			}
		}
	}
	s := testServer()
	s.Bind("127.0.0.1")
	r := httptest.NewRequest("GET", "/", nil)
	r.Host = name + ":1313"
	rec := httptest.NewRecorder()
	if s.ServeHTTP(rec, r); rec.Code != 421 {
		t.Errorf("bind 127.0.0.1, Host %q: %d, want 421", r.Host, rec.Code)
	}
}

// readOnly hides a file's Seek, as a file system that streams may.
type readOnly struct{ fstest.MapFS }

type streamFile struct{ f fs.File }

func (s streamFile) Read(p []byte) (int, error) { return s.f.Read(p) }
func (s streamFile) Stat() (fs.FileInfo, error) { return s.f.Stat() }
func (s streamFile) Close() error               { return s.f.Close() }

func (r readOnly) Open(name string) (fs.File, error) {
	f, err := r.MapFS.Open(name)
	if err != nil {
		return nil, err
	}
	return streamFile{f}, nil
}

// TestServeLargeWithoutSeek: a large file from a file system whose files
// cannot seek is served whole, with its type; a HEAD request gets no body.
func TestServeLargeWithoutSeek(t *testing.T) {
	t0 := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	fsys := readOnly{fstest.MapFS{"static/film.mp4": {Data: []byte("0123456789"), ModTime: t0}}}
	c := &copied{src: generator.Copy{Dst: "film.mp4", FS: fsys, Src: "static/film.mp4"}, size: 10, mod: t0}
	for _, method := range []string{"GET", "HEAD"} {
		rec := httptest.NewRecorder()
		c.serveLarge(rec, httptest.NewRequest(method, "/film.mp4", nil))
		want := "0123456789"
		if method == "HEAD" {
			want = ""
		}
		if rec.Code != 200 || rec.Body.String() != want || rec.Header().Get("Content-Type") != "video/mp4" {
			t.Errorf("%s: %d %q, type %q", method, rec.Code, rec.Body, rec.Header().Get("Content-Type"))
		}
	}
}
