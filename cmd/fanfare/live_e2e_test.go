package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// lockedBuffer collects a process's output for the test to read while the
// process still writes it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// eventually checks cond every 50 ms for 60 s at most and reports whether
// it came true.
func eventually(cond func() bool) bool {
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if cond() {
			return true
		}
	}
	return cond()
}

func fileHas(name, text string) func() bool {
	return func() bool {
		b, err := os.ReadFile(name)
		return err == nil && strings.Contains(string(b), text)
	}
}

// TestBuildWatch runs the real binary's build --watch: it publishes an
// edited story, keeps the last good site while a story is broken (and
// names the file and line), publishes the fix, removes the pages of a
// deleted story, and stops cleanly on Ctrl-C.
func TestBuildWatch(t *testing.T) {
	dir := t.TempDir()
	story := func(name, title, body string) {
		mustWrite(t, filepath.Join(dir, "content/stories", name), "---\ntitle: "+title+"\ndate: 2025-01-01\n---\n"+body+"\n")
	}
	story("a.md", "Verhaal A", "Eerste versie.")
	story("b.md", "Verhaal B", "Blijft even.")
	cmd := exec.Command(binary, "build", "--watch")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "NO_COLOR=1", "XDG_CACHE_HOME="+cacheHome(dir))
	var out lockedBuffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	defer func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			<-done
		}
	}()
	pageA := filepath.Join(dir, "public/stories/a/index.html")
	pageB := filepath.Join(dir, "public/stories/b/index.html")
	if !eventually(fileHas(pageA, "Eerste versie.")) {
		t.Fatalf("the first build did not publish story a; output:\n%s", out.String())
	}

	story("a.md", "Verhaal A", "Tweede versie.")
	if !eventually(fileHas(pageA, "Tweede versie.")) {
		t.Fatalf("the edit was not published; output:\n%s", out.String())
	}

	mustWrite(t, filepath.Join(dir, "content/stories/a.md"), "---\ntitle: Verhaal A\npersonal: 12\n---\nKapot.\n")
	if !eventually(func() bool { return strings.Contains(out.String(), "content/stories/a.md:3") }) {
		t.Fatalf("the broken story was not reported with file and line; output:\n%s", out.String())
	}
	if !fileHas(pageA, "Tweede versie.")() || !fileHas(pageB, "Blijft even.")() {
		t.Error("a broken story changed the published site")
	}

	story("a.md", "Verhaal A", "Hersteld.")
	if !eventually(fileHas(pageA, "Hersteld.")) {
		t.Fatalf("the fix was not published; output:\n%s", out.String())
	}
	if err := os.Remove(filepath.Join(dir, "content/stories/b.md")); err != nil {
		t.Fatal(err)
	}
	if !eventually(func() bool { _, err := os.Stat(pageB); return os.IsNotExist(err) }) {
		t.Errorf("the pages of a deleted story are still published")
	}

	cmd.Process.Signal(os.Interrupt)
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("build --watch after Ctrl-C: %v; output:\n%s", err, out.String())
		}
	case <-time.After(20 * time.Second):
		t.Error("build --watch did not stop within 20 s of Ctrl-C")
	}
}

// TestBrowserOverlayIsText: a problem message that quotes HTML from the
// story shows that HTML as text in the preview's overlay; nothing of it is
// parsed, so no script from a story's text runs in the preview.
func TestBrowserOverlayIsText(t *testing.T) {
	dir := t.TempDir()
	mustWrite(t, filepath.Join(dir, "content/stories/a.md"), "---\ntitle: Verhaal A\ndate: 2025-01-01\n---\nGoed.\n")
	url := startServe(t, dir)
	ctx := newBrowser(t)
	if err := chromedp.Run(ctx, chromedp.Navigate(url+"stories/a/"), chromedp.WaitVisible("h1", chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	const hostile = `<img src=x onerror="window.__pwned=1"><b id=injected>vet</b>`
	mustWrite(t, filepath.Join(dir, "content/stories/a.md"), "---\ntitle: Verhaal A\npersonal: '"+hostile+"'\n---\nKapot.\n")
	// Read in the page, not through a node id that an overlay made again
	// would leave stale.
	msg, ok := waitForString(ctx, `(function () {
	  var m = document.querySelector("#fanfare-problems .fanfare-problem-message");
	  return m ? m.textContent : "";
	})()`, func(s string) bool { return s != "" })
	if !ok {
		t.Fatal("no overlay")
	}
	var parsed bool
	if err := chromedp.Run(ctx,
		chromedp.Sleep(300*time.Millisecond), // time for an injected image to fail and its handler to run
		chromedp.Evaluate(`!!document.querySelector("#fanfare-problems img, #injected") || window.__pwned === 1`, &parsed),
	); err != nil {
		t.Fatal(err)
	}
	if parsed {
		t.Error("the overlay parsed HTML from the story's text")
	}
	if !strings.Contains(msg, `<b id=injected>vet</b>`) {
		t.Errorf("the overlay does not show the story's text as written: %q", msg)
	}
}

// TestBrowserStyleSwap: saving the site's style sheet restyles the open
// page in place, without reloading it.
func TestBrowserStyleSwap(t *testing.T) {
	dir := t.TempDir()
	theme, err := os.ReadFile("../../themes/default/assets/style.css")
	if err != nil {
		t.Fatal(err)
	}
	css := func(colour string) {
		mustWrite(t, filepath.Join(dir, "assets/style.css"), string(theme)+"\nh1 { color: "+colour+" }\n")
	}
	css("rgb(1, 2, 3)")
	mustWrite(t, filepath.Join(dir, "content/stories/a.md"), "---\ntitle: Verhaal A\ndate: 2025-01-01\n---\nTekst.\n")
	url := startServe(t, dir)
	ctx := newBrowser(t)
	if err := chromedp.Run(ctx,
		chromedp.Navigate(url+"stories/a/"),
		chromedp.WaitVisible("h1", chromedp.ByQuery),
		chromedp.Evaluate(`window.__mark = 1`, nil),
	); err != nil {
		t.Fatal(err)
	}
	if !waitFor(ctx, `getComputedStyle(document.querySelector("h1")).color === "rgb(1, 2, 3)"`) {
		t.Fatal("the site's style sheet is not applied")
	}
	css("rgb(4, 5, 6)")
	if !waitFor(ctx, `getComputedStyle(document.querySelector("h1")).color === "rgb(4, 5, 6)"`) {
		t.Fatal("the page did not take the new style sheet")
	}
	var mark bool
	if err := chromedp.Run(ctx, chromedp.Evaluate(`window.__mark === 1`, &mark)); err != nil || !mark {
		t.Errorf("the page was reloaded instead of restyled in place (%v)", err)
	}
}
