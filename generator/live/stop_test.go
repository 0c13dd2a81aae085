package live

import (
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"fanfare.dev/fanfare/generator"
)

// graceClock is a fake clock for the grace Serve gives responses still
// being sent when it stops: the contexts of its withTimeout end only when
// advance moves the clock to their deadline.
type graceClock struct {
	mu     sync.Mutex
	now    time.Duration
	timers []graceTimer
	asked  chan struct{} // one value per withTimeout
}

type graceTimer struct {
	at     time.Duration
	cancel context.CancelFunc
}

func newGraceClock() *graceClock { return &graceClock{asked: make(chan struct{}, 1)} }

func (c *graceClock) withTimeout(parent context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(parent)
	c.mu.Lock()
	c.timers = append(c.timers, graceTimer{c.now + d, cancel})
	c.mu.Unlock()
	c.asked <- struct{}{}
	return ctx, cancel
}

// advance moves the clock on by d and returns how many contexts it ended.
func (c *graceClock) advance(d time.Duration) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now += d
	ended := 0
	left := c.timers[:0]
	for _, tm := range c.timers {
		if tm.at <= c.now {
			tm.cancel()
			ended++
			continue
		}
		left = append(left, tm)
	}
	c.timers = left
	return ended
}

// TestPreviewStopGrace: when the preview stops, a response still being
// sent (here a large file that the browser is still downloading) has 2 s
// to finish. Serve returns once the response ends, or once the 2 s are
// over with the response still open, and not before either: in the
// program, the process ends when Serve returns, cutting off what is
// being sent. The 2 s pass on a fake clock; the test's waits for Serve
// are bounds, not timings.
func TestPreviewStopGrace(t *testing.T) {
	const filmSize = 64 << 20
	for _, tc := range []struct {
		name string
		// end ends the response or the grace, after one second of the
		// grace has passed.
		end func(t *testing.T, clk *graceClock, download *http.Response)
	}{
		{"the download ends within the grace", func(t *testing.T, clk *graceClock, download *http.Response) {
			n, err := io.Copy(io.Discard, download.Body)
			if err != nil || n != filmSize {
				t.Errorf("the download stopped after %d of %d bytes: %v", n, filmSize, err)
			}
		}},
		{"the grace ends first", func(t *testing.T, clk *graceClock, download *http.Response) {
			if n := clk.advance(999 * time.Millisecond); n != 0 {
				t.Fatalf("1.999 s into the grace, %d grace periods ended", n)
			}
			if n := clk.advance(time.Millisecond); n != 1 {
				t.Fatalf("2 s into the grace, %d grace periods ended, want 1", n)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			write(t, filepath.Join(dir, "content/over.md"), "---\ntitle: Over\n---\n")
			// A file larger than a loopback connection's socket buffers
			// hold (at most 4 MB sent and 32 MB received on the machine
			// this was written on), so that its response is still being
			// sent while the browser reads nothing. Sparse: it costs no disk.
			if err := os.MkdirAll(filepath.Join(dir, "static"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "static/film.bin"), nil, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.Truncate(filepath.Join(dir, "static/film.bin"), filmSize); err != nil {
				t.Fatal(err)
			}
			clk := newGraceClock()
			url, done, cancel := startOnClock(t, dir, clk)
			// The response has started once its headers are read.
			download, err := http.Get(url + "film.bin")
			if err != nil {
				t.Fatal(err)
			}
			defer download.Body.Close()
			if download.StatusCode != http.StatusOK || download.ContentLength != filmSize {
				t.Fatalf("film.bin: %d, %d bytes", download.StatusCode, download.ContentLength)
			}

			cancel() // the preview stops
			select {
			case <-clk.asked:
			case err := <-done:
				t.Fatalf("Serve returned (%v) without giving the open response a grace", err)
			case <-time.After(30 * time.Second): // a bound, not a timing
				t.Fatal("Serve did not start stopping within 30 s of its context ending")
			}
			if n := clk.advance(time.Second); n != 0 {
				t.Fatalf("1 s into the grace, %d grace periods ended: the open response was not waited for", n)
			}
			select {
			case err := <-done:
				t.Fatalf("Serve returned (%v) while a response was still being sent, within the grace", err)
			default:
			}
			tc.end(t, clk, download)
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("Serve: %v", err)
				}
			case <-time.After(30 * time.Second): // a bound, not a timing
				t.Fatal("Serve did not return within 30 s of the response or the grace ending")
			}
		})
	}
}

// startOnClock starts the preview of the site in dir on 127.0.0.1 with
// clk as the clock of its shutdown grace, and returns its address, the
// channel Serve's result arrives on, and the function that stops it (the
// test's end stops it too).
func startOnClock(t *testing.T, dir string, clk *graceClock) (string, <-chan error, context.CancelFunc) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- serveWith(ctx, Options{Build: generator.Options{Source: dir, CacheDir: t.TempDir()}, Listener: ln, Log: &syncBuffer{},
			Ready: func(u string) { ready <- u }}, clk.withTimeout)
	}()
	select {
	case url := <-ready:
		return url, done, cancel
	case err := <-done:
		t.Fatalf("Serve: %v", err)
	case <-time.After(60 * time.Second): // a bound, not a timing
		t.Fatal("the preview did not start within 60 s")
	}
	return "", nil, nil
}
