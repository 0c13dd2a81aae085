package main

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// TestVideoClickToLoad: a story with a YouTube iframe loads nothing from
// another server until the visitor clicks its video, which is a link
// named by the video's title; the click puts the privacy-friendly player
// in its place. (The player's address is blocked in the browser: the test
// reaches no server but its own.)
func TestVideoClickToLoad(t *testing.T) {
	site := t.TempDir()
	mustWrite(t, filepath.Join(site, "fanfare.yaml"), "title: Video\n")
	mustWrite(t, filepath.Join(site, "content/stories/video.md"), `---
title: Een verhaal met video
date: 2025-01-01
---
Kijk maar.

<iframe width="560" height="315" src="https://www.youtube.com/embed/dQw4w9WgXcQ" title="Zo werkt de kassa" allowfullscreen></iframe>
`)
	srv := httptest.NewServer(http.FileServer(http.Dir(filepath.Join(site, "public"))))
	defer srv.Close()
	if _, stderr, code := runFanfare(t, site, "build", "--baseURL", srv.URL+"/"); code != 0 {
		t.Fatalf("build: %s", stderr)
	}
	ctx := newBrowser(t)
	var mu sync.Mutex
	var requests []string
	chromedp.ListenTarget(ctx, func(ev any) {
		switch e := ev.(type) {
		case *network.EventRequestWillBeSent:
			mu.Lock()
			requests = append(requests, e.Request.URL)
			mu.Unlock()
		case *fetch.EventRequestPaused:
			// A video host: refused in the browser.
			go func() {
				c := chromedp.FromContext(ctx)
				_ = fetch.FailRequest(e.RequestID, network.ErrorReasonBlockedByClient).Do(cdp.WithExecutor(ctx, c.Target))
			}()
		}
	})
	var name string
	var frames int
	if err := chromedp.Run(ctx,
		network.Enable(),
		fetch.Enable().WithPatterns([]*fetch.RequestPattern{{URLPattern: "*youtube*"}, {URLPattern: "*vimeo*"}, {URLPattern: "*wistia*"}, {URLPattern: "*loom*"}}),
		chromedp.Navigate(srv.URL+"/stories/video/"),
		chromedp.WaitVisible(".video-play", chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelectorAll("iframe").length`, &frames),
		chromedp.Evaluate(`document.querySelector(".video-play").textContent`, &name),
	); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	for _, u := range requests {
		if !strings.HasPrefix(u, srv.URL) && !strings.HasPrefix(u, "data:") {
			t.Errorf("before the click the page requests %s", u)
		}
	}
	mu.Unlock()
	if frames != 0 || !strings.Contains(name, "Zo werkt de kassa") {
		t.Errorf("before the click: %d iframes, link named %q", frames, name)
	}
	var src string
	if err := chromedp.Run(ctx,
		chromedp.Click(".video-play", chromedp.ByQuery),
		chromedp.WaitReady(".video iframe", chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelector(".video iframe").src`, &src),
	); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(src, "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ") {
		t.Errorf("after the click the player is %q", src)
	}
}
