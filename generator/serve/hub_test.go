package serve

import (
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// browser is the ResponseWriter of one browser's event stream. Each Write
// is handed to the test on wrote; once dead is set, every Write fails as
// it does on a connection whose browser has gone without closing it (a
// laptop put to sleep, a network that went away), which the request's
// context does not notice.
type browser struct {
	header http.Header
	dead   atomic.Bool
	wrote  chan string
}

func newBrowser() *browser { return &browser{header: http.Header{}, wrote: make(chan string, 16)} }

func (b *browser) Header() http.Header { return b.header }
func (b *browser) WriteHeader(int)     {}
func (b *browser) Flush()              {}

func (b *browser) Write(p []byte) (int, error) {
	if b.dead.Load() {
		return 0, syscall.EPIPE
	}
	b.wrote <- string(p)
	return len(p), nil
}

// next returns what the hub writes next to b.
func (b *browser) next(t *testing.T) string {
	t.Helper()
	select {
	case s := <-b.wrote:
		return s
	case <-time.After(10 * time.Second): // a bound, not a timing
		t.Fatal("the hub wrote nothing to the browser within 10 s")
		return ""
	}
}

// TestPings: every browser's event stream gets a comment (": ping") from
// time to time, which keeps the connection open; a browser whose
// connection has died is forgotten at the first ping (or event) it
// cannot be sent, and the others stay. The pings come from a fake clock.
func TestPings(t *testing.T) {
	h := NewHub()
	ticks := make(chan chan time.Time, 2)
	h.pings = func() (<-chan time.Time, func()) {
		c := make(chan time.Time)
		ticks <- c
		return c, func() {}
	}
	ended := make(chan *browser, 2)
	start := func(b *browser) chan<- time.Time {
		t.Helper()
		// The request's context never ends: only a failed write tells
		// the hub that this browser is gone.
		go func() { h.ServeHTTP(b, httptest.NewRequest("GET", EventsPath, nil)); ended <- b }()
		select {
		case c := <-ticks:
			return c
		case <-time.After(10 * time.Second): // a bound, not a timing
			t.Fatal("the stream did not start within 10 s")
			return nil
		}
	}
	alive, gone := newBrowser(), newBrowser()
	aliveTick, goneTick := start(alive), start(gone)
	for _, b := range []*browser{alive, gone} {
		if s := b.next(t); s != "retry: 500\n: connected\n\n" {
			t.Fatalf("the stream starts with %q", s)
		}
	}
	if n := h.Clients(); n != 2 {
		t.Fatalf("%d browsers connected, want 2", n)
	}

	gone.dead.Store(true)
	goneTick <- time.Now() // the stream takes it: the send returns once it has
	select {
	case b := <-ended:
		if b != gone {
			t.Fatal("the live browser's stream ended at the other one's ping")
		}
	case <-time.After(10 * time.Second): // a bound, not a timing
		t.Fatal("a browser whose connection is dead was kept after a ping it could not be sent")
	}
	if n := h.Clients(); n != 1 {
		t.Errorf("after the dead browser's ping: %d browsers connected, want 1", n)
	}

	aliveTick <- time.Now()
	if s := alive.next(t); s != ": ping\n\n" {
		t.Errorf("the ping: %q", s)
	}
	h.Send("reload", "{}") // after its ping, the live browser still hears events
	if s := alive.next(t); s != "event: reload\ndata: {}\n\n" {
		t.Errorf("the event after the ping: %q", s)
	}
	if n := h.Clients(); n != 1 {
		t.Errorf("after the live browser's ping: %d browsers connected, want 1", n)
	}

	alive.dead.Store(true) // and is forgotten at the first event it cannot be sent
	h.Send("reload", "{}")
	select {
	case b := <-ended:
		if b != alive {
			t.Fatal("a stream ended twice")
		}
	case <-time.After(10 * time.Second): // a bound, not a timing
		t.Fatal("a browser whose connection is dead was kept after an event it could not be sent")
	}
	if n := h.Clients(); n != 0 {
		t.Errorf("after both died: %d browsers connected, want 0", n)
	}
}

// TestClose: closing the hub (the server is shutting down) ends every
// browser's event stream, though no request's context ends, and a
// stream that starts afterwards ends once it has begun (with its retry,
// so the browser tries again later, as it does when the server has
// gone). Closing twice is harmless.
func TestClose(t *testing.T) {
	h := NewHub()
	h.pings = func() (<-chan time.Time, func()) { return nil, func() {} } // no pings
	ended := make(chan *browser, 3)
	start := func(b *browser) {
		// The request's context never ends: only Close ends the stream.
		go func() { h.ServeHTTP(b, httptest.NewRequest("GET", EventsPath, nil)); ended <- b }()
		if s := b.next(t); s != "retry: 500\n: connected\n\n" {
			t.Fatalf("the stream starts with %q", s)
		}
	}
	waitEnded := func(want ...*browser) {
		t.Helper()
		left := map[*browser]bool{}
		for _, b := range want {
			left[b] = true
		}
		for len(left) > 0 {
			select {
			case b := <-ended:
				if !left[b] {
					t.Fatal("a stream ended that should not have, or twice")
				}
				delete(left, b)
			case <-time.After(10 * time.Second): // a bound, not a timing
				t.Fatalf("%d streams still open 10 s after the hub was closed", len(left))
			}
		}
	}
	a, b := newBrowser(), newBrowser()
	start(a)
	start(b)
	waitClients(t, h, 2)
	h.Send("reload", "{}") // before Close, the streams carry events
	for _, br := range []*browser{a, b} {
		if s := br.next(t); s != "event: reload\ndata: {}\n\n" {
			t.Fatalf("the event: %q", s)
		}
	}
	select {
	case <-ended:
		t.Fatal("a stream ended before the hub was closed")
	default:
	}

	h.Close()
	waitEnded(a, b)
	if n := h.Clients(); n != 0 {
		t.Errorf("after Close: %d browsers connected, want 0", n)
	}

	late := newBrowser()
	start(late)
	waitEnded(late)
	if n := h.Clients(); n != 0 {
		t.Errorf("after a stream started after Close: %d browsers connected, want 0", n)
	}
	h.Close()
	h.Send("reload", "{}") // no one to send to: must not block
}
