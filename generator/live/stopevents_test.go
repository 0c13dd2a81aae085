package live

import (
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fanfare.dev/fanfare/generator/serve"
)

// TestPreviewStopEndsEvents: when the preview stops, the event streams of
// its open tabs end at once, cleanly (the browser's EventSource then
// tries to reconnect, as it does to a server that has gone), and Serve
// returns without waiting out the grace kept for downloads: a stream
// never ends by itself, so waiting for it would make every stop with a
// tab open last the whole grace. The grace's clock is a fake one that
// the test never moves, so Serve can only return before it runs out;
// the test's waits are bounds, not timings.
func TestPreviewStopEndsEvents(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "content/over.md"), "---\ntitle: Over\n---\n")
	clk := newGraceClock()
	// If the test fails with Serve still waiting, the grace ends so that
	// Serve's goroutine does not outlive the test.
	defer clk.advance(2 * time.Second)
	url, done, cancel := startOnClock(t, dir, clk)

	// A tab's event stream: the hub has it once its headers are read.
	events, err := http.Get(strings.TrimSuffix(url, "/") + serve.EventsPath)
	if err != nil {
		t.Fatal(err)
	}
	defer events.Body.Close()
	if events.StatusCode != http.StatusOK || events.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("%s: %d, %q", serve.EventsPath, events.StatusCode, events.Header.Get("Content-Type"))
	}
	type read struct {
		body string
		err  error
	}
	streamEnd := make(chan read, 1)
	go func() {
		b, err := io.ReadAll(events.Body)
		streamEnd <- read{string(b), err}
	}()

	cancel() // the preview stops
	select {
	case <-clk.asked:
	case err := <-done:
		t.Fatalf("Serve returned (%v) without starting the grace", err)
	case <-time.After(30 * time.Second): // a bound, not a timing
		t.Fatal("Serve did not start stopping within 30 s of its context ending")
	}
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(30 * time.Second): // a bound, not a timing
		t.Fatal("with a tab's event stream open, Serve did not return within 30 s of stopping, its grace's clock standing at 0: it waits for the stream until the grace runs out")
	}
	select {
	case r := <-streamEnd:
		// A clean end of the chunked response, not a connection cut off.
		if r.err != nil {
			t.Errorf("the event stream was cut off (%v) instead of ended", r.err)
		}
		if !strings.HasPrefix(r.body, "retry: ") {
			t.Errorf("the event stream: %q", r.body)
		}
	case <-time.After(30 * time.Second): // a bound, not a timing
		t.Fatal("the tab's event stream did not end within 30 s of Serve returning")
	}
}
