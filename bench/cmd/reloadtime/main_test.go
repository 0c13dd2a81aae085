package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/websocket"

	"fanfare.dev/fanfare/bench/corpus"
)

func TestStats(t *testing.T) {
	ms := func(xs ...int) []time.Duration {
		var ds []time.Duration
		for _, x := range xs {
			ds = append(ds, time.Duration(x)*time.Millisecond)
		}
		return ds
	}
	twenty := ms(20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1)
	for _, tc := range []struct {
		name             string
		ds               []time.Duration
		med, p95, maxest float64
	}{
		{"none", nil, 0, 0, 0},
		{"one", ms(7), 7, 7, 7},
		{"odd", ms(30, 10, 20), 20, 30, 30},
		{"even", ms(40, 10, 30, 20), 25, 40, 40},
		// With ten, the 95th percentile is the slowest; with twenty, the
		// 19th.
		{"ten", ms(1, 2, 3, 4, 5, 6, 7, 8, 9, 100), 5.5, 100, 100},
		{"twenty", twenty, 10.5, 19, 20},
	} {
		med, p95, worst := stats(tc.ds)
		if med != tc.med || p95 != tc.p95 || worst != tc.maxest {
			t.Errorf("%s: stats = %v, %v, %v; want %v, %v, %v", tc.name, med, p95, worst, tc.med, tc.p95, tc.maxest)
		}
	}
}

// TestListenLiveReload speaks to a LiveReload server as Hugo's: the
// client's hello must come first, and only "reload" commands count.
func TestListenLiveReload(t *testing.T) {
	send := make(chan string)
	hello := make(chan string, 1)
	srv := httptest.NewServer(websocket.Handler(func(ws *websocket.Conn) {
		var msg string
		if err := websocket.Message.Receive(ws, &msg); err != nil {
			return
		}
		hello <- msg
		for m := range send {
			if websocket.Message.Send(ws, m) != nil {
				return
			}
		}
	}))
	defer srv.Close()
	defer close(send)
	port, err := strconv.Atoi(srv.URL[strings.LastIndex(srv.URL, ":")+1:])
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	reloads := make(chan time.Time, 4)
	if err := listenLiveReload(ctx, port, reloads); err != nil {
		t.Fatal(err)
	}
	select {
	case h := <-hello:
		if !strings.Contains(h, `"command":"hello"`) || !strings.Contains(h, "official-7") {
			t.Errorf("hello = %s", h)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no hello from the client")
	}
	send <- `{"command":"hello","protocols":["http://livereload.com/protocols/official-7"],"serverName":"Hugo"}`
	send <- `{"command":"alert","message":"not a reload"}`
	send <- `{"command":"reload","path":"/stories/a/","originalPath":"","liveCSS":true,"liveImg":true}`
	select {
	case <-reloads:
	case <-time.After(10 * time.Second):
		t.Fatal("the reload command was not heard")
	}
	send <- `{"command":"reload","path":"/"}`
	select {
	case <-reloads:
	case <-time.After(10 * time.Second):
		t.Fatal("the second reload command was not heard")
	}
	if len(reloads) != 0 {
		t.Errorf("%d more reloads heard than sent", len(reloads))
	}
}

// TestMeasureFanfare runs the real fanfare serve on a small corpus site
// and times two edits of each kind, as the benchmark does.
func TestMeasureFanfare(t *testing.T) {
	if testing.Short() {
		t.Skip("builds fanfare and runs its preview")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "fanfare")
	build := exec.Command("go", "build", "-o", bin, "fanfare.dev/fanfare/cmd/fanfare")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	site := filepath.Join(dir, "site")
	if err := corpus.Write(site, 40, 1); err != nil {
		t.Fatal(err)
	}
	t.Setenv("XDG_CACHE_HOME", filepath.Join(dir, "cache"))
	before, err := tree(site)
	if err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	logDir := filepath.Join(dir, "logs")
	if err := os.Mkdir(logDir, 0o755); err != nil {
		t.Fatal(err)
	}
	kinds := editKinds
	servers := []server{fanfareServer(bin)}
	res, err := measure(context.Background(), servers, plan{site: site, kinds: kinds, edits: 2, runs: 1, settle: 200 * time.Millisecond, logs: logDir}, &log)
	if err != nil {
		t.Fatalf("measure: %v\n%s", err, log.String())
	}
	for _, k := range kinds {
		sr := res["fanfare"][k]
		if len(sr.outside) != 2 || len(sr.own) != 2 {
			t.Fatalf("%s: %d times and %d of its own, want 2 each", k, len(sr.outside), len(sr.own))
		}
		for i, d := range sr.outside {
			if d <= 0 || d > time.Minute {
				t.Errorf("%s: %v", k, d)
			}
			// The rebuild the server timed lies between the file
			// written and the reload event heard.
			if own := sr.own[i]; own < 0 || own > d {
				t.Errorf("%s: its own time %v, from the outside %v", k, own, d)
			}
		}
	}
	// The site is left as it was found: every file put back, renamed
	// back or removed.
	after, err := tree(site)
	if err != nil {
		t.Fatal(err)
	}
	if !maps.Equal(before, after) {
		var diff []string
		for name := range before {
			if after[name] != before[name] {
				diff = append(diff, name+" changed or gone")
			}
		}
		for name := range after {
			if _, ok := before[name]; !ok {
				diff = append(diff, name+" left behind")
			}
		}
		t.Errorf("the site is not as it was: %v", diff)
	}
	// What the server printed is kept: a line per rebuild.
	printed, err := os.ReadFile(filepath.Join(logDir, "fanfare-1.log"))
	if err != nil || strings.Count(string(printed), "pages rendered in") < 2*len(kinds) {
		t.Errorf("fanfare-1.log (%v) has fewer than %d rebuilds:\n%s", err, 2*len(kinds), printed)
	}
	var out bytes.Buffer
	report(&out, servers, kinds, res)
	for _, k := range kinds {
		if !strings.Contains(out.String(), k) {
			t.Errorf("the report has no line for %s:\n%s", k, out.String())
		}
	}
	if strings.Contains(out.String(), "none printed") {
		t.Errorf("the report has no own times:\n%s", out.String())
	}
}

// TestOwnTime: the rebuild times each server prints are read from its
// lines, and nothing else is taken for one.
func TestOwnTime(t *testing.T) {
	fan, hugo := fanfareServer("fanfare").own, hugoServer("hugo").own
	for _, tc := range []struct {
		name string
		own  func(string) (time.Duration, bool)
		line string
		want time.Duration // -1: not a rebuild's line
	}{
		{"fanfare", fan, "content/stories/a.md changed: 12 of 13600 pages rendered in 97 ms", 97 * time.Millisecond},
		{"fanfare, pages left for later", fan, "content/stories/nieuw-1.md added: 10 of 13600 pages rendered in 104 ms; 1240 more render after the reload", 104 * time.Millisecond},
		{"fanfare, a failed build", fan, "content/stories/a.md changed: the site does not build (12 ms); still serving the last good version:", -1},
		{"fanfare, the first build", fan, "Serving site at http://127.0.0.1:1313/ (Ctrl-C to stop)", -1},
		{"hugo", hugo, "Total in 9522 ms", 9522 * time.Millisecond},
		{"hugo, other lines", hugo, "Change detected, rebuilding site (#2).", -1},
	} {
		d, ok := tc.own(tc.line)
		if !ok {
			d = -1
		}
		if d != tc.want {
			t.Errorf("%s: %q gives %v, want %v", tc.name, tc.line, d, tc.want)
		}
	}
}

// TestSplit: the time around a rebuild is the outside time less the
// server's own, edit by edit; an edit the server printed nothing for
// counts in neither.
func TestSplit(t *testing.T) {
	ms := time.Millisecond
	sr := &series{outside: []time.Duration{30 * ms, 120 * ms, 50 * ms}, own: []time.Duration{20 * ms, -1, 45 * ms}}
	own, around := sr.split()
	if !slices.Equal(own, []time.Duration{20 * ms, 45 * ms}) || !slices.Equal(around, []time.Duration{10 * ms, 5 * ms}) {
		t.Errorf("split = %v, %v", own, around)
	}
}

// TestTimeEdit: the time is the next reload event's after the edit; an
// event sent before it does not count, and no event is an error.
func TestTimeEdit(t *testing.T) {
	reloads := make(chan time.Time, 4)
	reloads <- time.Now().Add(-time.Hour) // an earlier rebuild's
	d, err := timeEdit(reloads, func() error {
		go func() {
			time.Sleep(30 * time.Millisecond)
			reloads <- time.Now()
		}()
		return nil
	}, 10*time.Second)
	if err != nil || d < 30*time.Millisecond || d > 5*time.Second {
		t.Errorf("timeEdit = %v, %v; want about 30 ms", d, err)
	}
	if _, err := timeEdit(reloads, func() error { return nil }, 50*time.Millisecond); err == nil {
		t.Error("no reload event, no error")
	}
	if _, err := timeEdit(reloads, func() error { return io.ErrUnexpectedEOF }, time.Second); err != io.ErrUnexpectedEOF {
		t.Errorf("the edit's error = %v", err)
	}
}

// TestReadOutput: what a server prints is copied line by line, its ready
// line closes ready, each rebuild's time is sent (those nobody reads are
// dropped once the channel is full, never blocking the reading), and
// the whole is kept for an error message.
func TestReadOutput(t *testing.T) {
	var printed strings.Builder
	printed.WriteString("Building the site\nServing site at http://127.0.0.1:1313/ (Ctrl-C to stop)\n")
	for i := range 20 {
		printed.WriteString(fmt.Sprintf("content/stories/a.md changed: 1 of 40 pages rendered in %d ms\n", i+1))
	}
	var saved bytes.Buffer
	o := readOutput(strings.NewReader(printed.String()), fanfareServer("fanfare"), &saved)
	select {
	case <-o.done:
	case <-time.After(10 * time.Second):
		t.Fatal("the output was not read to its end: a full channel of times blocks the reading")
	}
	select {
	case <-o.ready:
	default:
		t.Error("the ready line did not close ready")
	}
	if saved.String() != printed.String() || o.String() != printed.String() {
		t.Errorf("copied %q and kept %q, want %q", saved.String(), o.String(), printed.String())
	}
	if len(o.owns) != cap(o.owns) {
		t.Fatalf("%d times sent, want the first %d", len(o.owns), cap(o.owns))
	}
	for i := range cap(o.owns) {
		if d := <-o.owns; d != time.Duration(i+1)*time.Millisecond {
			t.Errorf("time %d: %v", i, d)
		}
	}
}

// tree maps every file and folder under dir to its contents ("/" for a
// folder).
func tree(dir string) (map[string]string, error) {
	m := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			m[p] = "/"
			return nil
		}
		b, err := os.ReadFile(p)
		m[p] = string(b)
		return err
	})
	return m, err
}
