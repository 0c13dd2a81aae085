package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// evilSVG runs script three ways when opened by its URL: a script
// element, an onload handler and a javascript: link it clicks itself.
const evilSVG = `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="100" height="100" onload="fetch('/ran?onload');document.documentElement.setAttribute('data-ran','onload')">
  <script type="text/javascript"><![CDATA[
    fetch('/ran?script');
    document.documentElement.setAttribute('data-ran', 'script');
  ]]></script>
  <a id="l" xlink:href="javascript:fetch('/ran?href')"><circle cx="50" cy="50" r="40" fill="#b3261e"/></a>
  <foreignObject width="10" height="10"><div xmlns="http://www.w3.org/1999/xhtml"><img src="x" onerror="fetch('/ran?foreign')"/></div></foreignObject>
</svg>
`

// scriptRuns opens url in Chromium and reports whether any script of
// evilSVG ran: it asked the server for /ran, or marked the document.
func scriptRuns(t *testing.T, ctx context.Context, url string, hits func() int) bool {
	t.Helper()
	var ran string
	if err := chromedp.Run(ctx,
		chromedp.Navigate(url),
		chromedp.Evaluate(`new Promise(r => setTimeout(r, 300)).then(() => {
			const a = document.getElementById('l'); if (a) a.dispatchEvent(new MouseEvent('click', {bubbles: true}));
			return new Promise(r => setTimeout(r, 300));
		}).then(() => document.documentElement.getAttribute('data-ran') || '')`, &ran, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }),
	); err != nil {
		t.Fatalf("%s: %v", url, err)
	}
	return ran != "" || hits() > 0
}

// TestSVGScriptInBrowser: an SVG file with scripts, published from
// static/ or a story's bundle, opened by its URL in Chromium on the
// site's origin, runs none of them, in a build and in the preview. The
// same file served as it was written does run them (so that the check
// itself is known to see a script that runs).
func TestSVGScriptInBrowser(t *testing.T) {
	dir := t.TempDir()
	mustWrite(t, filepath.Join(dir, "content/stories/a/index.md"), "---\ntitle: A\ndate: 2025-01-01\n---\n![Logo](logo.svg)\n")
	mustWrite(t, filepath.Join(dir, "content/stories/a/logo.svg"), evilSVG)
	mustWrite(t, filepath.Join(dir, "static/evil.svg"), evilSVG)
	mustWrite(t, filepath.Join(dir, "raw/evil.svg"), evilSVG) // not part of the site
	_, stderr, code := runFanfare(t, dir, "build")
	if code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	for _, f := range []string{"static/evil.svg", "content/stories/a/logo.svg"} {
		if !strings.Contains(stderr, f+": warning: published without <foreignObject>, <script>, onload, xlink:href=\"javascript:...\"") {
			t.Errorf("no warning naming %s:\n%s", f, stderr)
		}
	}
	var mu sync.Mutex
	hits := 0
	count := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/ran" {
				mu.Lock()
				hits++
				mu.Unlock()
			}
			next.ServeHTTP(w, r)
		})
	}
	get := func() int { mu.Lock(); defer mu.Unlock(); return hits }
	public := httptest.NewServer(count(http.FileServer(http.Dir(filepath.Join(dir, "public")))))
	defer public.Close()
	raw := httptest.NewServer(count(http.FileServer(http.Dir(filepath.Join(dir, "raw")))))
	defer raw.Close()

	ctx := newBrowser(t)
	if !scriptRuns(t, ctx, raw.URL+"/evil.svg", get) {
		t.Fatal("the unpublished file's script did not run either: the check cannot see scripts")
	}
	mu.Lock()
	hits = 0
	mu.Unlock()
	for _, u := range []string{public.URL + "/evil.svg", public.URL + "/stories/a/logo.svg"} {
		if scriptRuns(t, ctx, u, get) {
			t.Errorf("%s: a script of the SVG file ran", u)
		}
	}
	// The preview publishes the same cleaned files.
	os.RemoveAll(filepath.Join(dir, "raw"))
	preview := startServe(t, dir)
	for _, u := range []string{preview + "evil.svg", preview + "stories/a/logo.svg"} {
		var ran string
		if err := chromedp.Run(ctx, chromedp.Navigate(u), chromedp.Evaluate(`new Promise(r => setTimeout(r, 300)).then(() => document.documentElement.getAttribute('data-ran') || (document.querySelector('script,foreignObject') ? 'present' : ''))`, &ran, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) })); err != nil {
			t.Fatalf("%s: %v", u, err)
		}
		if ran != "" {
			t.Errorf("preview %s: script %s", u, ran)
		}
	}
}
