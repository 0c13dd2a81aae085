// Package serve owns the preview server's HTTP side: it serves a site
// rendered into memory, injects the live-reload script into HTML pages
// (a pure byte transform, never part of build output), and pushes reload,
// style-sheet and error events to browsers over Server-Sent Events.
//
// It serves only the files of the rendered site, looked up by name in
// memory: a request can never reach a file on disk outside the site. It
// does not build or watch anything; package live drives it.
package serve

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"

	"fanfare.dev/fanfare/generator"
	"fanfare.dev/fanfare/generator/cms"
	"fanfare.dev/fanfare/generator/diag"
)

// Paths of the server's own endpoints.
const (
	EventsPath = "/__fanfare/events"
	ScriptPath = "/__fanfare/live.js"
)

// Problem is a diagnostic as the browser overlay shows it.
type Problem struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Message string `json:"message"`
	Warning bool   `json:"warning,omitempty"`
}

// Server serves the last good build and tells browsers about new ones.
type Server struct {
	hub     *Hub
	hosts   hosts
	maxCopy int64 // the largest file kept in memory (see copies.go)

	mu       sync.RWMutex
	res      *generator.Result // the last good build; nil before the first
	copies   map[string]*copied
	problems []Problem // the current build's errors; nil when it succeeded

	local *cms.Backend // the CMS's local backend, if EditAt was called
}

// New returns a server with nothing to serve yet. It answers requests
// addressed to localhost and the loopback addresses only; Bind adds the
// address it listens on.
func New() *Server {
	return &Server{hub: NewHub(), maxCopy: maxCopy}
}

// EditAt lets the CMS at /admin/ save into the site folder root (see
// cms.Backend) when the site publishes one.
func (s *Server) EditAt(root string) { s.local = cms.NewBackend(root) }

// Hub returns the server's event hub.
func (s *Server) Hub() *Hub { return s.hub }

// Publish makes res the site being served and tells browsers to reload,
// or, if only style sheets changed (css lists old and new URLs), to swap
// them in place.
func (s *Server) Publish(res *generator.Result, css map[string]string) {
	s.mu.RLock()
	prev := s.copies
	s.mu.RUnlock()
	copies := snapshot(res.Copies, prev, limits{s.maxCopy, maxCopies})
	s.mu.Lock()
	hadProblems := s.problems != nil
	s.res, s.copies, s.problems = res, copies, nil
	s.mu.Unlock()
	if hadProblems {
		s.hub.Send("fixed", "{}")
	}
	if len(css) > 0 && !hadProblems {
		b, _ := json.Marshal(css)
		s.hub.Send("css", string(b))
		return
	}
	s.hub.Send("reload", "{}")
}

// Fail records that the latest build failed: the last good site stays
// served, and browsers show the problems in an overlay.
func (s *Server) Fail(err error) {
	ps := Problems(err)
	s.mu.Lock()
	s.problems = ps
	s.mu.Unlock()
	b, _ := json.Marshal(ps)
	s.hub.Send("problems", string(b))
}

// Problems turns a build error into the list the overlay shows.
func Problems(err error) []Problem {
	var list *diag.ListError
	var ds []*diag.Diagnostic
	var d *diag.Diagnostic
	switch {
	case errors.As(err, &list):
		ds = list.Diagnostics
	case errors.As(err, &d):
		ds = []*diag.Diagnostic{d}
	default:
		return []Problem{{Message: err.Error()}}
	}
	ps := make([]Problem, 0, len(ds))
	for _, d := range ds {
		msg := strings.TrimPrefix(d.Error(), d.File)
		if d.Line > 0 {
			msg = strings.TrimPrefix(msg, ":"+strconv.Itoa(d.Line))
		}
		msg = strings.TrimPrefix(strings.TrimPrefix(msg, ": "), "warning: ")
		ps = append(ps, Problem{File: d.File, Line: d.Line, Message: msg, Warning: d.Severity == diag.Warning})
	}
	return ps
}

// ServeHTTP serves the site, the live-reload script and the event stream.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	if !s.checkHost(w, r) {
		return
	}
	if s.serveCMS(w, r) {
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	switch r.URL.Path {
	case EventsPath:
		s.serveEvents(w, r)
		return
	case ScriptPath:
		h.Set("Content-Type", "text/javascript; charset=utf-8")
		io.WriteString(w, script)
		return
	}
	name, ok := fileName(r.URL.Path)
	if !ok {
		http.Error(w, "bad path", http.StatusBadRequest)
		return
	}
	s.serveFile(w, r, name)
}

// serveEvents streams the hub's events to a browser.
func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	// A page loaded just before a build failed, whose events
	// connect just after, would never hear of the problems: they
	// are sent to every browser as it connects.
	s.hub.stream(w, r, func() []event {
		s.mu.Lock()
		ps := s.problems
		s.mu.Unlock()
		if ps == nil {
			return nil
		}
		b, _ := json.Marshal(ps)
		return []event{{"problems", string(b)}}
	})
}

// serveFile serves the file name of the last build, or its 404 page;
// before a first build, a page that says so. The pages are served with
// the live-reload script and the problems of the build.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, name string) {
	h := w.Header()
	s.mu.RLock()
	res, copies, problems := s.res, s.copies, s.problems
	s.mu.RUnlock()
	if res == nil {
		h.Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write(inject([]byte(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Fanfare: the site does not build yet</title></head><body><p>The site does not build yet. Fix the problems shown and this page reloads.</p></body></html>`), problemsTag(problems)))
		return
	}
	// A page, share card or file of the search index may be made when
	// first asked for (generator.NewPreview); if a newer build came
	// meanwhile, it is asked instead.
	data, found, err := res.File(name)
	for try := 1; errors.Is(err, generator.ErrStale) && try < 3; try++ {
		s.mu.RLock()
		res, copies = s.res, s.copies
		s.mu.RUnlock()
		data, found, err = res.File(name)
	}
	if err != nil && !errors.Is(err, generator.ErrStale) {
		http.Error(w, name+": "+err.Error(), http.StatusInternalServerError)
		return
	}
	if !found {
		if c, ok := copies[name]; ok {
			if c.data == nil {
				c.serveLarge(w, r)
				return
			}
			data, found = c.data, true
		}
	}
	status := http.StatusOK
	if !found {
		// A folder without its slash: send the browser to the real URL.
		index := strings.TrimSuffix(name, "/") + "/index.html"
		_, ok := res.Files[index]
		_, deferred := res.Later[index]
		if (ok || deferred) && !strings.HasSuffix(r.URL.Path, "/") {
			http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
			return
		}
		status = http.StatusNotFound
		name = "404.html"
		data, found = res.Files[name]
		if !found {
			data = []byte("<!DOCTYPE html><title>404</title><p>Not found</p>")
		}
	}
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		ctype = http.DetectContentType(data)
	}
	h.Set("Content-Type", ctype)
	if strings.HasPrefix(ctype, "text/html") {
		data = inject(data, problemsTag(problems))
	}
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(data)
	}
}

// fileName maps a URL path to the name of a file in the site: "/" and
// "/stories/" to their index.html. Paths that are not clean, such as
// those holding "..", backslashes or NUL bytes, are refused.
func fileName(p string) (string, bool) {
	if !strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\\\x00") {
		return "", false
	}
	trailing := strings.HasSuffix(p, "/")
	clean := path.Clean(p)
	if clean != strings.TrimSuffix(p, "/") && !(p == "/" && clean == "/") {
		return "", false // "..", "//" or "." segments
	}
	name := strings.TrimPrefix(clean, "/")
	if trailing || name == "" {
		if name != "" {
			name += "/"
		}
		name += "index.html"
	}
	return name, true
}

var bodyClose = []byte("</body>")

// Inject adds the live-reload script to an HTML page: before the last
// </body> (in any letter case), or at the end when there is none.
func Inject(html []byte) []byte { return inject(html, "") }

// problemsTag is a script that hands the current problems to the
// live-reload script, or "" when there are none. JSON from encoding/json
// escapes < and >, so it cannot end the script element.
func problemsTag(ps []Problem) string {
	if ps == nil {
		return ""
	}
	b, _ := json.Marshal(ps)
	return "<script>window.__fanfareProblems=" + string(b) + "</script>"
}

func inject(html []byte, extra string) []byte {
	tag := []byte(extra + `<script src="` + ScriptPath + `" defer></script>`)
	i := bytes.LastIndex(bytes.ToLower(html), bodyClose)
	out := make([]byte, 0, len(html)+len(tag))
	if i < 0 {
		return append(append(out, html...), tag...)
	}
	out = append(out, html[:i]...)
	out = append(out, tag...)
	return append(out, html[i:]...)
}
