package watch

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func write(tb testing.TB, name, data string) {
	tb.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		tb.Fatal(err)
	}
}

// wait bounds every wait of these tests: it is how long a test may hang
// before it fails, not a timing the test checks.
const wait = 20 * time.Second

// fakeClock is the watcher's clock in tests: a quiet period ends only
// when the test calls pass, however slow the machine is.
type fakeClock struct {
	mu     sync.Mutex
	latest chan time.Time // the quiet period running, nil if none
}

func (c *fakeClock) after(time.Duration) <-chan time.Time {
	ch := make(chan time.Time, 1)
	c.mu.Lock()
	c.latest = ch
	c.mu.Unlock()
	return ch
}

// pass ends the running quiet period; it reports false if none was running.
func (c *fakeClock) pass() bool {
	c.mu.Lock()
	ch := c.latest
	c.latest = nil
	c.mu.Unlock()
	if ch == nil {
		return false
	}
	ch <- time.Now()
	return true
}

// harness is a Watcher on a fake clock, with its loop's hooks turned into
// channels, so that a test waits for events instead of sleeping.
type harness struct {
	tb       testing.TB
	root     string
	w        *Watcher
	clock    *fakeClock
	received chan string
	ended    chan int
	syncs    int
}

func start(tb testing.TB, root string, paths []string) *harness {
	tb.Helper()
	h := &harness{tb: tb, root: root, clock: &fakeClock{}, received: make(chan string, 4096), ended: make(chan int, 16)}
	w, err := newWatcher(root, paths, time.Hour, h.clock.after,
		func(name string) { h.received <- name },
		func(n int) { h.ended <- n })
	if err != nil {
		tb.Fatal(err)
	}
	h.w = w
	go w.loop()
	tb.Cleanup(func() { w.Close() })
	return h
}

// sync returns once the watcher has handled every event of the changes
// made before it: it writes a hidden file (which is never reported) in the
// watched folder content/ and waits until the watcher has received its
// event. inotify delivers one watcher's events in order, and the loop
// handles them one at a time.
func (h *harness) sync() {
	h.tb.Helper()
	h.syncs++
	name := filepath.Join(h.root, "content", fmt.Sprintf(".sync-%d", h.syncs))
	write(h.tb, name, "")
	deadline := time.After(wait)
	for {
		select {
		case got := <-h.received:
			if got == name {
				return
			}
		case <-deadline:
			h.tb.Fatalf("the watcher did not see %s", name)
		}
	}
}

// next lets the files be quiet and returns the batch sent.
func (h *harness) next() []string {
	h.tb.Helper()
	h.sync()
	if !h.clock.pass() {
		h.tb.Fatal("no change was pending: no quiet period was running")
	}
	select {
	case b := <-h.w.Batches():
		return b
	case <-time.After(wait):
		h.tb.Fatal("no batch after the quiet period")
		return nil
	}
}

// none checks that nothing is pending: when the quiet period ends, no
// batch is due.
func (h *harness) none() {
	h.tb.Helper()
	h.sync()
	if !h.clock.pass() {
		return // no change since the last batch
	}
	select {
	case n := <-h.ended:
		if n != 0 {
			h.tb.Errorf("%d paths pending, want none: %v", n, <-h.w.Batches())
		}
	case <-time.After(wait):
		h.tb.Fatal("the quiet period did not end")
	}
}

func TestWatch(t *testing.T) {
	root := t.TempDir()
	write(t, filepath.Join(root, "content/stories/a.md"), "a")
	write(t, filepath.Join(root, "fanfare.yaml"), "title: x")
	h := start(t, root, []string{"content", "layouts", "fanfare.yaml"})
	batch := func() string { t.Helper(); return strings.Join(h.next(), " ") }

	// An editor's save burst is one batch; its swap files are not reported.
	a := filepath.Join(root, "content/stories/a.md")
	write(t, filepath.Join(root, "content/stories/.a.md.swp"), "swap")
	write(t, filepath.Join(root, "content/stories/4913"), "")
	write(t, a+"~", "backup")
	write(t, a, "a2")
	os.Chmod(a, 0o600)
	write(t, a, "a3")
	if got := batch(); got != "content/stories/a.md" {
		t.Errorf("save burst: %v", got)
	}
	h.none()

	// A folder created after start is watched, with what is put in it.
	write(t, filepath.Join(root, "content/symbols/s.md"), "s")
	if got := batch(); got != "content/symbols/s.md" {
		t.Errorf("new folder: %v", got)
	}
	write(t, filepath.Join(root, "content/symbols/t.md"), "t")
	if got := batch(); got != "content/symbols/t.md" {
		t.Errorf("file in the new folder: %v", got)
	}

	// A watched folder that did not exist at start.
	write(t, filepath.Join(root, "layouts/story.html"), "x")
	if got := batch(); got != "layouts/story.html" {
		t.Errorf("new layouts folder: %v", got)
	}
	write(t, filepath.Join(root, "layouts/story.html"), "y")
	if got := batch(); got != "layouts/story.html" {
		t.Errorf("layout edit: %v", got)
	}

	// Config, rename and delete.
	write(t, filepath.Join(root, "fanfare.yaml"), "title: y")
	if got := batch(); got != "fanfare.yaml" {
		t.Errorf("config: %v", got)
	}
	os.Rename(filepath.Join(root, "content/symbols/t.md"), filepath.Join(root, "content/symbols/u.md"))
	if got := batch(); got != "content/symbols/t.md content/symbols/u.md" {
		t.Errorf("rename: %v", got)
	}
	os.Remove(a)
	if got := batch(); got != "content/stories/a.md" {
		t.Errorf("delete: %v", got)
	}

	// Output and other names at the root are not reported.
	write(t, filepath.Join(root, "public/index.html"), "out")
	write(t, filepath.Join(root, "notes.txt"), "n")
	h.none()
}

// TestWatchSkipsHiddenFolders: folders such as .git inside a watched
// folder are not watched, at start or when they appear, though the files
// in them have ordinary names.
func TestWatchSkipsHiddenFolders(t *testing.T) {
	root := t.TempDir()
	write(t, filepath.Join(root, "content/.git/objects/a.md"), "a")
	h := start(t, root, []string{"content"})
	write(t, filepath.Join(root, "content/.git/objects/b.md"), "b")
	write(t, filepath.Join(root, "content/.git/objects/a.md"), "a2")
	h.none()
	write(t, filepath.Join(root, "content/.cache/x/c.md"), "c")
	h.none()
	write(t, filepath.Join(root, "content/.cache/x/d.md"), "d")
	h.none()
}

// TestWatchBurstWaitsForQuiet: changes keep joining the batch until a
// quiet period ends, and one that comes after it starts a new batch.
func TestWatchBurstWaitsForQuiet(t *testing.T) {
	root := t.TempDir()
	write(t, filepath.Join(root, "content/a.md"), "a")
	h := start(t, root, []string{"content"})
	write(t, filepath.Join(root, "content/a.md"), "a2")
	h.sync()
	write(t, filepath.Join(root, "content/b.md"), "b")
	if got := strings.Join(h.next(), " "); got != "content/a.md content/b.md" {
		t.Errorf("burst: %q, want a.md and b.md in one batch", got)
	}
	write(t, filepath.Join(root, "content/c.md"), "c")
	if got := strings.Join(h.next(), " "); got != "content/c.md" {
		t.Errorf("after the quiet period: %q", got)
	}
}

// TestWatchRealClock: New, on the real clock, sends a change. The test
// waits for the batch; it does not time it.
func TestWatchRealClock(t *testing.T) {
	root := t.TempDir()
	write(t, filepath.Join(root, "content/a.md"), "a")
	w, err := New(root, []string{"content"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if w.quiet != DefaultQuiet {
		t.Errorf("quiet 0: the quiet period is %v, want DefaultQuiet (%v)", w.quiet, DefaultQuiet)
	}
	write(t, filepath.Join(root, "content/a.md"), "a2")
	select {
	case b := <-w.Batches():
		if got := strings.Join(b, " "); got != "content/a.md" {
			t.Errorf("batch %q", got)
		}
	case <-time.After(wait):
		t.Fatal("no batch")
	}
	if err := w.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if err := w.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

func TestRelevant(t *testing.T) {
	for name, want := range map[string]bool{
		"content/a.md": true, "content/.a.md.swp": false, "content/a.md~": false, "content/4913": false, "static/logo.svg": true,
	} {
		if Relevant(name) != want {
			t.Errorf("Relevant(%q) = %t", name, !want)
		}
	}
}

// TestWatchSeen: Seen counts every change reported, before its batch is
// sent, and tells when the last came; what is never reported (hidden
// files, an empty new folder, other names at the root) is not counted.
func TestWatchSeen(t *testing.T) {
	root := t.TempDir()
	write(t, filepath.Join(root, "content/a.md"), "a")
	h := start(t, root, []string{"content"})
	if n, last := h.w.Seen(); n != 0 || !last.IsZero() {
		t.Fatalf("before any change: %d, %v", n, last)
	}
	before := time.Now()
	write(t, filepath.Join(root, "content/a.md"), "a2")
	h.sync()
	n, last := h.w.Seen()
	if n == 0 || last.Before(before) {
		t.Fatalf("after a change, before its batch: %d, %v (the change was written after %v)", n, last, before)
	}
	h.next()
	if m, _ := h.w.Seen(); m != n {
		t.Errorf("sending the batch counted %d changes more", m-n)
	}
	if err := os.MkdirAll(filepath.Join(root, "content/empty/folder"), 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(root, "content/.hidden.md"), "h")
	write(t, filepath.Join(root, "notes.txt"), "n")
	h.sync()
	if m, _ := h.w.Seen(); m != n {
		t.Errorf("changes never reported were counted: %d more", m-n)
	}
	for len(h.ended) > 0 {
		<-h.ended // the quiet period of the batch above
	}
	h.none()
	write(t, filepath.Join(root, "content/empty/b.md"), "b")
	h.sync()
	if m, _ := h.w.Seen(); m <= n {
		t.Error("a file in the new folder was not counted")
	}
}
