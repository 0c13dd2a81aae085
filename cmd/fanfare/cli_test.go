package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"
)

// TestDeterministic builds the same site twice into two folders and
// expects identical bytes.
func TestDeterministic(t *testing.T) {
	ar, err := txtar.ParseFile("testdata/build/site.txtar")
	if err != nil {
		t.Fatal(err)
	}
	dir := writeSite(t, ar)
	var builds [2][]txtar.File
	for i := range builds {
		dest := filepath.Join(t.TempDir(), "out")
		if _, stderr, code := runFanfare(t, dir, "build", "--destination", dest); code != 0 {
			t.Fatalf("build %d failed: %s", i, stderr)
		}
		builds[i] = snapshot(t, dest)
	}
	if len(builds[0]) < 10 || len(builds[0]) != len(builds[1]) {
		t.Fatalf("builds wrote %d and %d files", len(builds[0]), len(builds[1]))
	}
	for i := range builds[0] {
		a, b := builds[0][i], builds[1][i]
		if a.Name != b.Name || !bytes.Equal(a.Data, b.Data) {
			t.Errorf("%s differs between two builds of the same input", a.Name)
		}
	}
}

// TestExampleSite builds the example site in the repository's content/.
func TestExampleSite(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(t.TempDir(), "public")
	stdout, stderr, code := runFanfare(t, root, "build", "--destination", dest)
	if code != 0 {
		t.Fatalf("the example site does not build (exit %d):\n%s", code, stderr)
	}
	// The example site lives at an example address (fanfare.example),
	// which every build says; nothing else may warn.
	for _, l := range strings.Split(strings.TrimSpace(stderr), "\n") {
		if strings.Contains(l, "warning") && !strings.Contains(l, "is an example address") {
			t.Errorf("the example site builds with a warning:\n%s", l)
		}
	}
	if !strings.Contains(stdout, "Built ") {
		t.Errorf("no summary line: %q", stdout)
	}
	files := snapshot(t, dest)
	stories, symbols := 0, 0
	for _, f := range files {
		if strings.HasPrefix(f.Name, "stories/") && strings.HasSuffix(f.Name, "/index.html") && !strings.Contains(f.Name, "page/") && f.Name != "stories/index.html" {
			stories++
		}
		if strings.HasPrefix(f.Name, "symbols/") && strings.HasSuffix(f.Name, "/index.html") && f.Name != "symbols/index.html" {
			symbols++
		}
	}
	if stories < 8 || symbols < 6 {
		t.Errorf("example site has %d story pages and %d symbol pages; want at least 8 and 6", stories, symbols)
	}
	// The English pages: a home page, the about page, at least three
	// stories and symbols, each linked to its Dutch original.
	byName := map[string]string{}
	enStories, enSymbols := 0, 0
	for _, f := range files {
		byName[f.Name] = string(f.Data)
		if strings.HasPrefix(f.Name, "en/stories/") && strings.Count(f.Name, "/") == 3 {
			enStories++
		}
		if strings.HasPrefix(f.Name, "en/symbols/") && strings.Count(f.Name, "/") == 3 && strings.HasSuffix(f.Name, "/index.html") {
			enSymbols++
		}
	}
	if enStories < 3 || enSymbols < 3 {
		t.Errorf("example site has %d English stories and %d English symbols; want at least 3 of each", enStories, enSymbols)
	}
	// Every address a page names on the site itself (links, pictures and
	// their copies, style sheets, scripts) is a file of the build.
	ref := regexp.MustCompile(`(?:src|href|srcset)="([^"]*)"`)
	for _, f := range files {
		if !strings.HasSuffix(f.Name, ".html") {
			continue
		}
		for _, m := range ref.FindAllStringSubmatch(string(f.Data), -1) {
			for _, part := range strings.Split(m[1], ",") {
				u := strings.Fields(part)
				if len(u) == 0 || !strings.HasPrefix(u[0], "/") || strings.HasPrefix(u[0], "//") {
					continue
				}
				p := strings.TrimPrefix(strings.SplitN(strings.SplitN(u[0], "#", 2)[0], "?", 2)[0], "/")
				if p == "" || strings.HasSuffix(p, "/") {
					p += "index.html"
				}
				if _, ok := byName[p]; !ok {
					t.Errorf("%s names %s, which the build does not have", f.Name, u[0])
				}
			}
		}
	}
	for _, want := range []struct{ file, text string }{
		{"en/index.html", `<html lang="en">`},
		{"en/index.html", `<link rel="alternate" hreflang="nl" href="https://fanfare.example/">`},
		{"en/about/index.html", `<link rel="alternate" hreflang="nl" href="https://fanfare.example/over/">`},
		{"over/index.html", `<a href="/en/about/" hreflang="en" lang="en">English</a>`},
		{"en/stories/teeling-kurk/index.html", `<link rel="alternate" hreflang="x-default" href="https://fanfare.example/stories/teeling-kurk/">`},
		{"en/index.xml", `<link>https://fanfare.example/en/stories/teeling-kurk/</link>`},
		{"sitemap.xml", `<xhtml:link rel="alternate" hreflang="en" href="https://fanfare.example/en/symbols/zappos-365-dagen-retour/"></xhtml:link>`},
	} {
		if !strings.Contains(byName[want.file], want.text) {
			t.Errorf("%s lacks %s", want.file, want.text)
		}
	}
}

// TestBuildCache: a second build with nothing changed does no work and
// leaves the same bytes as a full build; any change to a content file, a
// layout, an option or the destination makes the next build a full one.
func TestBuildCache(t *testing.T) {
	ar, err := txtar.ParseFile("testdata/build/site.txtar")
	if err != nil {
		t.Fatal(err)
	}
	dir := writeSite(t, ar)
	build := func(args ...string) string {
		t.Helper()
		stdout, stderr, code := runFanfare(t, dir, append([]string{"build"}, args...)...)
		if code != 0 {
			t.Fatalf("build %v: exit %d: %s", args, code, stderr)
		}
		return stdout
	}
	cached := func(out string) bool { return strings.HasPrefix(out, "Nothing changed") }
	if out := build(); cached(out) {
		t.Fatalf("first build used the cache: %s", out)
	}
	first := snapshot(t, filepath.Join(dir, "public"))
	if out := build(); !cached(out) {
		t.Fatalf("second build did not use the cache: %s", out)
	}
	if out := build("--no-cache"); cached(out) {
		t.Fatalf("--no-cache used the cache: %s", out)
	}
	full := snapshot(t, filepath.Join(dir, "public"))
	if len(first) != len(full) {
		t.Fatalf("%d files, then %d", len(first), len(full))
	}
	for i := range first {
		if first[i].Name != full[i].Name || !bytes.Equal(first[i].Data, full[i].Data) {
			t.Errorf("%s differs between the cached and the full build", first[i].Name)
		}
	}
	build() // --no-cache left no record: this build makes one
	var prev []string
	for _, change := range []struct {
		name string
		do   func()
		args []string
	}{
		{"story edited", func() { mustWrite(t, filepath.Join(dir, "content/stories/retour.md"), "+++\ntitle = \"Nieuw\"\n+++\n") }, nil},
		{"layout added", func() { mustWrite(t, filepath.Join(dir, "layouts/story.html"), `{{define "main"}}{{.Heading}}{{end}}`) }, nil},
		{"option", func() {}, []string{"--drafts"}},
		{"output file deleted", func() { os.Remove(filepath.Join(dir, "public/index.html")) }, []string{"--drafts"}},
		{"damaged cache record", func() {
			recs, _ := filepath.Glob(filepath.Join(cacheHome(dir), "fanfare/*/build.json"))
			if len(recs) != 1 {
				t.Fatalf("cache records: %v", recs)
			}
			os.WriteFile(recs[0], []byte("{broken"), 0o644)
		}, []string{"--drafts"}},
		{"--no-minify", func() {}, []string{"--drafts", "--no-minify"}},
	} {
		if out := build(prev...); !cached(out) {
			t.Fatalf("before %s: not cached: %s", change.name, out)
		}
		change.do()
		if out := build(change.args...); cached(out) {
			t.Errorf("after %s the cache was used: %s", change.name, out)
		}
		prev = change.args
	}
	if _, err := os.Stat(filepath.Join(dir, "public/index.html")); err != nil {
		t.Error("a deleted output file was not rebuilt")
	}
	if out := build("--drafts", "--minify=false"); !cached(out) {
		t.Errorf("--minify=false is not the same build as --no-minify: %s", out)
	}
}

func TestNew(t *testing.T) {
	dir := t.TempDir()
	mustWrite(t, filepath.Join(dir, "content/symbols/retour.md"), "---\ntitle: Retour\nbrand: Zappos\n---\nx\n")
	stdout, stderr, code := runFanfare(t, dir, "new", "story", `Mijn Verhaal, "één" keer`)
	if code != 0 {
		t.Fatalf("new story: exit %d: %s", code, stderr)
	}
	file := filepath.Join(dir, "content/stories/mijn-verhaal-een-keer.md")
	if !strings.Contains(stdout, filepath.Join("content", "stories", "mijn-verhaal-een-keer.md")) {
		t.Errorf("stdout %q does not name %s", stdout, file)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`title: "Mijn Verhaal, \"één\" keer"`, "customer:", "brand:", "stage: kennismaking", "symbols:", "quote:", "metrics:", "personal:", "extreme:", "Zappos", "retour", "gewenning"} {
		if !bytes.Contains(data, []byte(want)) {
			t.Errorf("new story lacks %q:\n%s", want, data)
		}
	}
	// The new file is a draft and builds; with --drafts it is published.
	if _, stderr, code := runFanfare(t, dir, "build", "--drafts"); code != 0 {
		t.Fatalf("a site with a new story does not build: %s", stderr)
	}
	page, err := os.ReadFile(filepath.Join(dir, "public/stories/mijn-verhaal-een-keer/index.html"))
	if err != nil {
		t.Error(err)
	} else if !bytes.Contains(page, []byte("<h1>Mijn Verhaal, &#34;één&#34; keer</h1>")) {
		t.Errorf("the page's headline is not the name as typed")
	}
	// Never overwrite.
	if _, stderr, code := runFanfare(t, dir, "new", "story", "mijn-verhaal-een-keer"); code != 1 || !strings.Contains(stderr, "already exists") {
		t.Errorf("second new story: exit %d, stderr %q", code, stderr)
	}
	if _, _, code := runFanfare(t, dir, "new", "symbol", "gratis-retour"); code != 0 {
		t.Errorf("new symbol: exit %d", code)
	}
	if _, stderr, code := runFanfare(t, dir, "new", "page", "x"); code != 2 {
		t.Errorf("new page: exit %d, want 2 (%s)", code, stderr)
	}
	// It says where to see the draft.
	if !strings.Contains(stdout, "http://127.0.0.1:1313/stories/mijn-verhaal-een-keer/") || !strings.Contains(stdout, "draft") {
		t.Errorf("new story does not name the preview URL and the draft:\n%s", stdout)
	}
	// From a folder inside the site, the story goes into the site.
	if _, stderr, code := runFanfare(t, filepath.Join(dir, "content", "symbols"), "new", "story", "van-binnen"); code != 0 {
		t.Errorf("new story in content/symbols: exit %d: %s", code, stderr)
	} else if _, err := os.Stat(filepath.Join(dir, "content/stories/van-binnen.md")); err != nil {
		t.Errorf("new story in content/symbols: %v", err)
	}
	// Outside a site it refuses and writes nothing.
	outside := t.TempDir()
	if _, stderr, code := runFanfare(t, outside, "new", "story", "verdwaald"); code != 1 || !strings.Contains(stderr, "fanfare init") {
		t.Errorf("new story outside a site: exit %d, stderr %q", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(outside, "content")); err == nil {
		t.Errorf("new story outside a site created content/")
	}
}

func TestHelpAndVersion(t *testing.T) {
	tests := []struct {
		args []string
		code int
		out  string // expected in stdout
		err  string // expected in stderr
	}{
		{[]string{"help"}, 0, "Commands:", ""},
		{[]string{"--help"}, 0, "Commands:", ""},
		{[]string{"build", "--help"}, 0, "--drafts", ""},
		{[]string{"help", "build"}, 0, "--destination", ""},
		{[]string{"new", "--help"}, 0, "fanfare new story", ""},
		{[]string{"version"}, 0, "fanfare ", ""},
		{nil, 2, "", "Commands:"},
		{[]string{"build", "extra"}, 2, "", "unexpected argument"},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), tt.args, &stdout, &stderr)
		if code != tt.code || !strings.Contains(stdout.String(), tt.out) || !strings.Contains(stderr.String(), tt.err) {
			t.Errorf("fanfare %v: exit %d, stdout %q, stderr %q", tt.args, code, stdout.String(), stderr.String())
		}
	}
}

// TestQuickStart runs the README's quick start command as a user would.
func TestQuickStart(t *testing.T) {
	if testing.Short() {
		t.Skip("builds with go run")
	}
	root, _ := filepath.Abs("../..")
	dest := filepath.Join(t.TempDir(), "public")
	cmd := exec.Command("go", "run", "./cmd/fanfare", "build", "--destination", dest)
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go run ./cmd/fanfare build: %v\n%s", err, out)
	}
	if _, err := os.Stat(filepath.Join(dest, "index.html")); err != nil {
		t.Fatal(err)
	}
}

func mustWrite(tb testing.TB, name, data string) {
	tb.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		tb.Fatal(err)
	}
}

func TestProgress(t *testing.T) {
	var buf bytes.Buffer
	start := time.Date(2025, 3, 14, 9, 0, 0, 0, time.UTC)
	clock := start
	p := &progress{w: &buf, start: start, now: func() time.Time { return clock }}
	at := func(d time.Duration, done int) { clock = start.Add(d); p.update(done, 10) }
	at(900*time.Millisecond, 1) // the first second: not shown
	if buf.Len() != 0 {
		t.Fatalf("progress shown during the first second: %q", buf.String())
	}
	at(2*time.Second, 5)
	at(2*time.Second+99*time.Millisecond, 6) // within 100 ms: not shown
	at(2*time.Second+100*time.Millisecond, 7)
	at(2*time.Second+101*time.Millisecond, 10) // the end is always shown
	p.clear()
	if got, want := buf.String(), "\rRendering pages: 5 / 10\rRendering pages: 7 / 10\rRendering pages: 10 / 10\r\x1b[K"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	// Not a terminal: no progress at all.
	if isTerminal(&buf) {
		t.Error("a buffer is a terminal")
	}
}

func TestBindWarning(t *testing.T) {
	for addr, warn := range map[string]bool{
		"127.0.0.1": false, "127.0.0.2": false, "::1": false, "localhost": false,
		"0.0.0.0": true, "192.168.1.10": true, "::": true, "example.com": true,
	} {
		if got := bindWarning(addr) != ""; got != warn {
			t.Errorf("bindWarning(%q) warns: %t, want %t", addr, got, warn)
		}
	}
}

// TestServePortTaken runs the real binary on a port that is in use.
func TestServePortTaken(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	dir := t.TempDir()
	mustWrite(t, filepath.Join(dir, "content/stories/a.md"), "---\ntitle: A\n---\n")
	_, stderr, code := runFanfare(t, dir, "serve", "--port", port)
	if code != 1 || !strings.Contains(stderr, "port "+port+" is already in use") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

// TestInit: a new site builds at once, with no warning but its example
// baseURL, and init refuses
// to write over a site.
func TestInit(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "mijnsite")
	stdout, stderr, code := runFanfare(t, filepath.Dir(dir), "init", "mijnsite")
	if code != 0 || !strings.Contains(stdout, "fanfare serve") {
		t.Fatalf("init: exit %d\n%s%s", code, stdout, stderr)
	}
	stdout, stderr, code = runFanfare(t, dir, "build")
	// The one warning: the starter's baseURL is an example address,
	// until the writer sets the real one.
	const baseWarning = "fanfare.yaml:4: warning: baseURL https://www.example.com/ is an example address: links in feeds, the sitemap and share cards point there, not to your site; set baseURL to the address the site will live at\n"
	if code != 0 || stderr != baseWarning {
		t.Fatalf("build of a new site: exit %d\n%s%s", code, stdout, stderr)
	}
	for _, f := range []string{"index.html", "stories/eerste-verhaal/index.html", "symbols/eerste-belofte/index.html"} {
		if _, err := os.Stat(filepath.Join(dir, "public", f)); err != nil {
			t.Error(err)
		}
	}
	if _, stderr, code := runFanfare(t, filepath.Dir(dir), "init", "mijnsite"); code != 1 || !strings.Contains(stderr, "already holds a site") {
		t.Errorf("second init: exit %d, %s", code, stderr)
	}
	if _, _, code := runFanfare(t, dir, "init"); code != 2 {
		t.Errorf("init without a folder: exit %d, want 2", code)
	}
}

// TestMemStats: build --memstats ends with what the build allocated and
// what the collector did (the figures of DEVELOPING.md's build at
// 100,000 stories).
func TestMemStats(t *testing.T) {
	var buf bytes.Buffer
	runtime.GC() // the CPU times are brought up to date by a collection
	printMemStats(&buf)
	var mb, cycles int
	var gc, cpu float64
	if _, err := fmt.Sscanf(buf.String(), "memstats: allocated %d MB, %d collections, collector %f s of %f s CPU\n", &mb, &cycles, &gc, &cpu); err != nil {
		t.Fatalf("%q: %v", buf.String(), err)
	}
	if mb <= 0 || cycles < 1 || gc < 0 || gc > cpu {
		t.Errorf("%q: the collector's CPU time is not part of the process's", buf.String())
	}
}

// TestServeCPUProfile: serve --cpuprofile writes, once stopped, a CPU
// profile of its rebuilds (a gzipped protocol buffer whose samples are
// CPU nanoseconds), and serves as ever meanwhile.
func TestServeCPUProfile(t *testing.T) {
	dir := t.TempDir()
	prof := filepath.Join(t.TempDir(), "serve.prof")
	mustWrite(t, filepath.Join(dir, "content/stories/a.md"), "---\ntitle: A\ndate: 2025-01-01\n---\nEen.\n")
	t.Run("serve", func(t *testing.T) {
		url := startServe(t, dir, "--cpuprofile", prof)
		if _, err := os.Stat(prof); err != nil {
			t.Errorf("no profile started once serving: %v", err)
		}
		mustWrite(t, filepath.Join(dir, "content/stories/a.md"), "---\ntitle: A\ndate: 2025-01-01\n---\nTwee.\n")
		deadline := time.Now().Add(30 * time.Second)
		for {
			resp, err := http.Get(url + "stories/a/")
			if err == nil {
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if strings.Contains(string(body), "Twee.") {
					break
				}
			}
			if time.Now().After(deadline) {
				t.Fatal("the edit was not served within 30 s")
			}
			time.Sleep(50 * time.Millisecond)
		}
	}) // serve is stopped with Ctrl-C as the subtest ends
	f, err := os.Open(prof)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatalf("the profile is not gzipped: %v", err)
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("the profile is cut short: %v", err)
	}
	for _, s := range []string{"cpu", "nanoseconds"} {
		if !bytes.Contains(data, []byte(s)) {
			t.Errorf("the profile names no %q", s)
		}
	}
}
