package main

import (
	"bufio"
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// chromiumPath is Debian's Chromium, which .ci/run installs.
const chromiumPath = "/usr/bin/chromium"

// newBrowser starts headless Chromium with a fresh profile. Without
// Chromium the test fails in CI and is skipped elsewhere.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("Chromium is required in CI: %v", err)
		}
		t.Skipf("no Chromium at %s", chromiumPath)
	}
	// A fresh profile, removed once Chromium and its helpers have exited.
	profile, err := os.MkdirTemp("", "fanfare-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 180*time.Second) // a bound for slow CI machines
	t.Cleanup(func() {
		cancelTimeout()
		cancelCtx()
		cancelAlloc()
		for i := 0; i < 40 && os.RemoveAll(profile) != nil; i++ {
			time.Sleep(50 * time.Millisecond)
		}
	})
	if err := chromedp.Run(ctx); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	return ctx
}

// typeKeys focuses the element sel matches and types text key by key,
// as chromedp.SendKeys does. SendKeys itself is not used: in chromedp
// v0.16.0 it reads the node's attributes outside the node's lock while DOM
// events rewrite them (query.go:1095), a data race that failed CI's -race
// run of TestCMSInBrowser.
func typeKeys(sel, text string) chromedp.Tasks {
	return chromedp.Tasks{
		chromedp.WaitVisible(sel, chromedp.ByQuery),
		chromedp.Focus(sel, chromedp.ByQuery),
		chromedp.KeyEvent(text),
	}
}

// startServe runs the real binary's serve command, with the flags given,
// on a free loopback port and returns the site's URL once it is serving.
// It stops serve as the test ends.
func startServe(t *testing.T, dir string, flags ...string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	cmd := exec.Command(binary, append([]string{"serve", "--port", strconv.Itoa(port)}, flags...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "NO_COLOR=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			cmd.Process.Kill()
			t.Error("serve did not stop within 20 s of Ctrl-C")
		}
	})
	ready := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if i := strings.Index(sc.Text(), "http://"); i >= 0 && strings.HasPrefix(sc.Text(), "Serving") {
				ready <- strings.Fields(sc.Text()[i:])[0]
			}
		}
	}()
	select {
	case url := <-ready:
		return url
	case <-time.After(60 * time.Second):
		t.Fatal("serve did not start within 60 s")
		return ""
	}
}

// TestBrowserLiveReload: a story page open in Chromium reloads with the
// new text after its file is saved; a broken front matter shows the
// overlay with file and line; fixing it removes the overlay.
func TestBrowserLiveReload(t *testing.T) {
	dir := t.TempDir()
	mustWrite(t, filepath.Join(dir, "content/stories/a.md"), "---\ntitle: Verhaal A\ndate: 2025-01-01\n---\nEerste versie.\n")
	url := startServe(t, dir)
	ctx := newBrowser(t)

	var text string
	if err := chromedp.Run(ctx,
		chromedp.Navigate(url+"stories/a/"),
		chromedp.WaitVisible("h1", chromedp.ByQuery),
		chromedp.Text("main", &text, chromedp.ByQuery),
	); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, "Eerste versie.") {
		t.Fatalf("page text: %q", text)
	}
	// Mark this page load, so that a reload is visible as the mark's absence.
	if err := chromedp.Run(ctx, chromedp.Evaluate(`window.__mark = 1`, nil)); err != nil {
		t.Fatal(err)
	}
	mustWrite(t, filepath.Join(dir, "content/stories/a.md"), "---\ntitle: Verhaal A\ndate: 2025-01-01\n---\nTweede versie, live.\n")
	if !waitFor(ctx, `!!document.querySelector("main") && document.querySelector("main").innerText.includes("Tweede versie, live.") && window.__mark === undefined`) {
		t.Fatal("the page did not reload with the new text")
	}

	// Break the front matter: the overlay names the file and line.
	mustWrite(t, filepath.Join(dir, "content/stories/a.md"), "---\ntitle: Verhaal A\npersonal: 12\n---\nKapot.\n")
	// Read in the page, not through node ids that a page reload (or an
	// overlay made again) would leave stale.
	const overlay = `(function () {
	  var o = document.getElementById("fanfare-problems");
	  if (!o) return "";
	  var w = o.querySelector(".fanfare-problem-where"), m = o.querySelector(".fanfare-problem-message");
	  return (w ? w.textContent : "") + "\n" + (m ? m.textContent : "");
	})()`
	shown, ok := waitForString(ctx, overlay, func(s string) bool { return s != "" })
	if !ok {
		t.Fatal("no overlay")
	}
	if where, msg, _ := strings.Cut(shown, "\n"); where != "content/stories/a.md:3" || !strings.Contains(msg, "personal is 12") {
		t.Errorf("overlay shows %q %q", where, msg)
	}
	// The last good text is still there under the overlay.
	if err := chromedp.Run(ctx, chromedp.Text("main", &text, chromedp.ByQuery)); err != nil || !strings.Contains(text, "Tweede versie, live.") {
		t.Errorf("under the overlay: %q %v", text, err)
	}

	// Fix it: the overlay goes and the page shows the fix.
	mustWrite(t, filepath.Join(dir, "content/stories/a.md"), "---\ntitle: Verhaal A\ndate: 2025-01-01\n---\nHersteld.\n")
	if !waitFor(ctx, `!document.getElementById("fanfare-problems") && !!document.querySelector("main") && document.querySelector("main").innerText.includes("Hersteld.")`) {
		t.Fatal("the overlay did not go away")
	}
}

// TestBrowserOverlayShownOnce: a page loaded while the site does not
// build shows the overlay once, though the problems reach it twice (in
// the page and again as its events connect): made again, it would flicker
// and be announced to screen readers a second time.
func TestBrowserOverlayShownOnce(t *testing.T) {
	dir := t.TempDir()
	mustWrite(t, filepath.Join(dir, "content/stories/a.md"), "---\ntitle: Verhaal A\npersonal: 12\n---\nKapot.\n")
	url := startServe(t, dir)
	ctx := newBrowser(t)
	// Before the page's own script: count the problems events its
	// EventSource hears, and the overlays added to the document.
	const counters = `window.__created = 0; window.__problemsHeard = 0;
	new MutationObserver(function (ms) {
	  ms.forEach(function (m) { m.addedNodes.forEach(function (n) { if (n.id === "fanfare-problems") window.__created++; }); });
	}).observe(document, {childList: true, subtree: true});
	var Orig = window.EventSource;
	window.EventSource = function (u) {
	  var es = new Orig(u);
	  es.addEventListener("problems", function () { window.__problemsHeard++; });
	  return es;
	};`
	if err := chromedp.Run(ctx,
		chromedp.ActionFunc(func(ctx context.Context) error {
			_, err := page.AddScriptToEvaluateOnNewDocument(counters).Do(ctx)
			return err
		}),
		chromedp.Navigate(url+"stories/a/"),
	); err != nil {
		t.Fatal(err)
	}
	// Counted before the script's own listener runs, in the same event.
	if !waitFor(ctx, `window.__problemsHeard >= 1`) {
		t.Fatal("the page's events never brought the problems")
	}
	var created int
	if err := chromedp.Run(ctx, chromedp.Evaluate(`window.__created`, &created)); err != nil {
		t.Fatal(err)
	}
	if created != 1 {
		t.Errorf("the overlay was made %d times, want once", created)
	}
	if !waitFor(ctx, `!!document.getElementById("fanfare-problems")`) {
		t.Error("no overlay")
	}
}

// waitForString evaluates a JavaScript expression that gives a string
// every 50 ms, for 30 s at most, until ok takes it; it returns the last
// value that evaluated.
func waitForString(ctx context.Context, expr string, ok func(string) bool) (string, bool) {
	deadline := time.Now().Add(30 * time.Second)
	var last string
	for time.Now().Before(deadline) {
		var v string
		ectx, cancel := context.WithTimeout(ctx, 2*time.Second)
		err := chromedp.Run(ectx, chromedp.Evaluate(expr, &v))
		cancel()
		if err == nil {
			last = v
			if ok(v) {
				return v, true
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	return last, false
}

// waitFor evaluates a JavaScript condition in the page every 50 ms, for
// 30 s at most, through page reloads (during which evaluation fails).
func waitFor(ctx context.Context, cond string) bool {
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		var ok bool
		ectx, cancel := context.WithTimeout(ctx, 2*time.Second)
		err := chromedp.Run(ectx, chromedp.Evaluate(cond, &ok))
		cancel()
		if err == nil && ok {
			return true
		}
		time.Sleep(50 * time.Millisecond)
	}
	return false
}

// TestThemeInBrowser builds the example site, serves it on a loopback
// port, and looks at the home page, a story and a symbol at 375 and 1280
// pixels wide, light and dark: nothing overflows sideways, the first Tab
// reaches the skip link, and a full-page screenshot of each is written to
// $FANFARE_SCREENSHOTS (or a temporary folder, named in the log) for a
// person to look at.
func TestThemeInBrowser(t *testing.T) {
	root, _ := filepath.Abs("../..")
	site := t.TempDir()
	srv := httptest.NewUnstartedServer(http.FileServer(http.Dir(filepath.Join(site, "public"))))
	srv.Start()
	defer srv.Close()
	if _, stderr, code := runFanfare(t, root, "build", "--no-cache", "--baseURL", srv.URL+"/", "--destination", filepath.Join(site, "public")); code != 0 {
		t.Fatalf("build: %s", stderr)
	}
	shots := os.Getenv("FANFARE_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	}
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	ctx := newBrowser(t)
	pages := map[string]string{"home": "/", "story": "/stories/teeling-kurk/", "symbol": "/symbols/zappos-365-dagen-retour/", "stories": "/stories/", "search": "/stories/?q=tweet&stage=gewenning"}
	for name, path := range pages {
		for _, width := range []int64{375, 1280} {
			for _, scheme := range []string{"light", "dark"} {
				var png []byte
				var overflow bool
				var focused string
				err := chromedp.Run(ctx,
					chromedp.EmulateViewport(width, 900),
					emulation.SetEmulatedMedia().WithFeatures([]*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}),
					chromedp.Navigate(srv.URL+path),
					chromedp.WaitVisible("h1", chromedp.ByQuery),
					chromedp.Evaluate(`document.documentElement.scrollWidth > window.innerWidth`, &overflow),
					chromedp.FullScreenshot(&png, 100), // 100: PNG
					chromedp.KeyEvent("\t"),
					chromedp.Evaluate(`document.activeElement.className`, &focused),
				)
				if err != nil {
					t.Fatalf("%s at %d %s: %v", name, width, scheme, err)
				}
				if overflow {
					t.Errorf("%s at %d px (%s) scrolls sideways", name, width, scheme)
				}
				if focused != "skip-link" {
					t.Errorf("%s at %d px: the first Tab reaches %q, not the skip link", name, width, focused)
				}
				file := filepath.Join(shots, name+"-"+strconv.FormatInt(width, 10)+"-"+scheme+".png")
				if len(png) < 1000 {
					t.Errorf("%s: screenshot of %d bytes", file, len(png))
				}
				if err := os.WriteFile(file, png, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	t.Logf("screenshots in %s", shots)
}

// TestChartClick: a point on the home page's chart is a link that takes
// the browser to the brand's page.
func TestChartClick(t *testing.T) {
	root, _ := filepath.Abs("../..")
	site := t.TempDir()
	srv := httptest.NewServer(http.FileServer(http.Dir(filepath.Join(site, "public"))))
	defer srv.Close()
	if _, stderr, code := runFanfare(t, root, "build", "--no-cache", "--baseURL", srv.URL+"/", "--destination", filepath.Join(site, "public")); code != 0 {
		t.Fatalf("build: %s", stderr)
	}
	ctx := newBrowser(t)
	var heading, path string
	err := chromedp.Run(ctx,
		chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible(`svg.chart a[href="/brands/zappos/"] circle`, chromedp.ByQuery),
		chromedp.Click(`svg.chart a[href="/brands/zappos/"] circle`, chromedp.ByQuery),
		chromedp.WaitVisible(`h1`, chromedp.ByQuery),
		chromedp.Sleep(200*time.Millisecond),
		chromedp.Evaluate(`location.pathname`, &path),
		chromedp.Text(`h1`, &heading, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatal(err)
	}
	if path != "/brands/zappos/" || heading != "Zappos" {
		t.Errorf("after clicking Zappos on the chart: %s, heading %q", path, heading)
	}
}

// copyWidth reads the width from the name of an image's copy.
var copyWidth = regexp.MustCompile(`-(\d+)w\.[a-z]+$`)

// TestBrowserSrcset builds the example site and checks, at 375 and 1280
// pixels wide with a device scale factor of 1, which copy of an image
// Chromium loads: the JPEG cover of a story and a PNG in the Markdown
// of another (lazy, so scrolled to first). The narrow viewport comes
// first, since a browser may reuse a wider copy it already has.
func TestBrowserSrcset(t *testing.T) {
	root, _ := filepath.Abs("../..")
	site := t.TempDir()
	srv := httptest.NewServer(http.FileServer(http.Dir(filepath.Join(site, "public"))))
	defer srv.Close()
	if _, stderr, code := runFanfare(t, root, "build", "--baseURL", srv.URL+"/", "--destination", filepath.Join(site, "public")); code != 0 {
		t.Fatalf("build: %s", stderr)
	}
	ctx := newBrowser(t)
	tests := []struct {
		width int64
		page  string
		img   string // CSS selector
		want  string // end of the URL Chromium picks
	}{
		{375, "/stories/penny-board-uitpakken/", "img.cover", "/stories/penny-board-uitpakken/cover-480w.jpg"},
		{375, "/stories/teeling-kurk/", ".prose img", "/stories/teeling-kurk/glas-480w.png"},
		{1280, "/stories/penny-board-uitpakken/", "img.cover", "/stories/penny-board-uitpakken/cover-1200w.jpg"},
		{1280, "/stories/teeling-kurk/", ".prose img", "/stories/teeling-kurk/glas-800w.png"},
	}
	for _, tt := range tests {
		sel := strconv.Quote(tt.img)
		err := chromedp.Run(ctx,
			chromedp.EmulateViewport(tt.width, 900, chromedp.EmulateScale(1)),
			chromedp.Navigate(srv.URL+tt.page),
			chromedp.WaitVisible(tt.img, chromedp.ByQuery),
			chromedp.Evaluate(`document.querySelector(`+sel+`).scrollIntoView()`, nil),
		)
		if err != nil {
			t.Fatalf("%s at %d px: %v", tt.page, tt.width, err)
		}
		if !waitFor(ctx, `(() => { const i = document.querySelector(`+sel+`); return i.complete && i.naturalWidth > 0 && i.currentSrc !== "" })()`) {
			t.Fatalf("%s at %d px: %s did not load", tt.page, tt.width, tt.img)
		}
		var got string
		var shown int
		if err := chromedp.Run(ctx,
			chromedp.Evaluate(`document.querySelector(`+sel+`).currentSrc`, &got),
			chromedp.Evaluate(`Math.round(document.querySelector(`+sel+`).getBoundingClientRect().width)`, &shown),
		); err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(got, tt.want) {
			t.Errorf("%s at %d px: %s loads %s, want %s", tt.page, tt.width, tt.img, got, tt.want)
		}
		// The copy is at least as wide as the image on screen: not blurred.
		if m := copyWidth.FindStringSubmatch(got); m == nil {
			t.Errorf("%s at %d px: %s loads %s, not a copy", tt.page, tt.width, tt.img, got)
		} else if w, _ := strconv.Atoi(m[1]); w < shown {
			t.Errorf("%s at %d px: %s is %d px wide on screen, its copy only %d", tt.page, tt.width, tt.img, shown, w)
		}
		t.Logf("%s at %d px: %s shown %d px wide, loads %s", tt.page, tt.width, tt.img, shown, got)
	}
}

// TestLanguageSwitch: the language switcher of a Dutch story takes the
// browser to its English translation, in English, and back; on a story
// without a translation it leads to the English home page.
func TestLanguageSwitch(t *testing.T) {
	root, _ := filepath.Abs("../..")
	site := t.TempDir()
	srv := httptest.NewServer(http.FileServer(http.Dir(filepath.Join(site, "public"))))
	defer srv.Close()
	if _, stderr, code := runFanfare(t, root, "build", "--no-cache", "--baseURL", srv.URL+"/", "--destination", filepath.Join(site, "public")); code != 0 {
		t.Fatalf("build: %s", stderr)
	}
	ctx := newBrowser(t)
	steps := []struct {
		from, click, path, lang string
	}{
		{"/stories/teeling-kurk/", `nav.lang-nav a[hreflang="en"]`, "/en/stories/teeling-kurk/", "en"},
		{"/en/stories/teeling-kurk/", `nav.lang-nav a[hreflang="nl"]`, "/stories/teeling-kurk/", "nl"},
		{"/stories/xs4all-helpdesk/", `nav.lang-nav a[hreflang="en"]`, "/en/", "en"},
	}
	for _, st := range steps {
		var path, lang, label string
		err := chromedp.Run(ctx,
			chromedp.EmulateViewport(1280, 900),
			chromedp.Navigate(srv.URL+st.from),
			chromedp.WaitVisible(st.click, chromedp.ByQuery),
			chromedp.AttributeValue(`nav.lang-nav`, "aria-label", &label, nil, chromedp.ByQuery),
			chromedp.Click(st.click, chromedp.ByQuery),
			chromedp.Sleep(200*time.Millisecond),
			chromedp.WaitVisible(`h1`, chromedp.ByQuery),
			chromedp.Evaluate(`location.pathname`, &path),
			chromedp.Evaluate(`document.documentElement.lang`, &lang),
		)
		if err != nil {
			t.Fatalf("from %s: %v", st.from, err)
		}
		if path != st.path || lang != st.lang || label == "" {
			t.Errorf("switching language on %s led to %s in %q (switcher labelled %q); want %s in %q", st.from, path, lang, label, st.path, st.lang)
		}
	}
}
