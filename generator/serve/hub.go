package serve

import (
	"fmt"
	"net/http"
	"sync"
	"time"
)

// Hub fans events out to every connected browser over Server-Sent Events.
// A browser that cannot keep up loses events rather than slowing the
// others; one that goes away is forgotten.
type Hub struct {
	mu      sync.Mutex
	clients map[chan event]struct{}
	// pings gives each browser's stream the times to send it a comment
	// that keeps the connection open, and a func that stops them: a
	// ticker of 20 s, or a test's fake clock.
	pings func() (<-chan time.Time, func())
	// closed is closed by Close: every stream ends, and one that starts
	// afterwards ends once it has begun.
	closed    chan struct{}
	closeOnce sync.Once
}

type event struct{ name, data string }

// NewHub returns a hub with no clients.
func NewHub() *Hub {
	return &Hub{clients: map[chan event]struct{}{}, closed: make(chan struct{}), pings: func() (<-chan time.Time, func()) {
		t := time.NewTicker(20 * time.Second)
		return t.C, t.Stop
	}}
}

// Clients returns the number of connected browsers.
func (h *Hub) Clients() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.clients)
}

// Send sends an event to every connected browser.
func (h *Hub) Send(name, data string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.clients {
		select {
		case c <- event{name, data}:
		default: // too slow: it will catch up with the next event
		}
	}
}

// Close ends every browser's event stream, and any that starts later as
// soon as it has begun, for a server that is shutting down: a stream
// never ends by itself, and http.Server.Shutdown would wait for it.
// Each stream ends cleanly, so the browser's EventSource does what it
// does when the server has gone: it tries to connect again (every half
// second, the stream's retry), without reloading the page.
func (h *Hub) Close() { h.closeOnce.Do(func() { close(h.closed) }) }

// ServeHTTP streams events to one browser until it disconnects or the
// hub is closed.
func (h *Hub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.stream(w, r, nil)
}

// stream is ServeHTTP that, once the browser is listening, first sends
// it the events that first returns: the state it must not miss if it
// connected just after the event that set it.
func (h *Hub) stream(w http.ResponseWriter, r *http.Request, first func() []event) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	c := make(chan event, 8)
	h.mu.Lock()
	h.clients[c] = struct{}{}
	h.mu.Unlock()
	defer func() {
		h.mu.Lock()
		delete(h.clients, c)
		h.mu.Unlock()
	}()
	hd := w.Header()
	hd.Set("Content-Type", "text/event-stream")
	hd.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	fmt.Fprint(w, "retry: 500\n: connected\n\n")
	if first != nil {
		for _, ev := range first() {
			fmt.Fprintf(w, "event: %s\ndata: %s\n\n", ev.name, ev.data)
		}
	}
	flusher.Flush()
	pings, stop := h.pings()
	defer stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-h.closed:
			return
		case ev := <-c:
			if _, err := fmt.Fprintf(w, "event: %s\ndata: %s\n\n", ev.name, ev.data); err != nil {
				return
			}
			flusher.Flush()
		case <-pings:
			if _, err := fmt.Fprint(w, ": ping\n\n"); err != nil {
				return
			}
			flusher.Flush()
		}
	}
}
