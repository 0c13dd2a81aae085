package live

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestSoak sends 10,000 requests from 8 clients to a running preview
// while its files change every 20 ms (some edits break a file for a
// moment), and checks that no request fails and that neither goroutines
// nor memory grow.
func TestSoak(t *testing.T) {
	if testing.Short() {
		t.Skip("10,000 requests")
	}
	dir := t.TempDir()
	write(t, filepath.Join(dir, "content/symbols/s.md"), "---\ntitle: Symbool\n---\n")
	for i := 0; i < 40; i++ {
		write(t, filepath.Join(dir, fmt.Sprintf("content/stories/s%02d.md", i)), story(fmt.Sprintf("Verhaal %d", i), "Tekst."))
	}
	url, _ := preview(t, dir)
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 8}}
	paths := []string{"", "stories/", "symbols/", "symbols/s/", "stories/s01/", "stories/s07/", "atom.xml", "index.xml", "sitemap.xml", "missing/", "__fanfare/live.js"}

	measure := func() (int, uint64) {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return runtime.NumGoroutine(), m.HeapAlloc
	}
	// Warm up, then take the baseline.
	for _, p := range paths {
		get(t, url+p)
	}
	g0, h0 := measure()

	ctx, stop := context.WithCancel(context.Background())
	var edits sync.WaitGroup
	edits.Add(1)
	go func() {
		defer edits.Done()
		rng := rand.New(rand.NewPCG(1, 2))
		for i := 0; ctx.Err() == nil; i++ {
			name := filepath.Join(dir, fmt.Sprintf("content/stories/s%02d.md", rng.IntN(40)))
			text := story(fmt.Sprintf("Verhaal bewerkt %d", i), fmt.Sprintf("Tekst %d.", i))
			if i%10 == 9 {
				text = "---\ntitle: [kapot\n---\n" // broken for a moment
			}
			// Not write(t, …): t.Fatal must not be called from this goroutine.
			if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
				t.Errorf("editing %s: %v", name, err)
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
	}()
	const total, clients = 10000, 8
	var next, failures atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(c), 3))
			for next.Add(1) <= total {
				p := paths[rng.IntN(len(paths))]
				res, err := client.Get(url + p)
				if err != nil {
					failures.Add(1)
					continue
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if want := map[bool]int{true: 404, false: 200}[p == "missing/"]; res.StatusCode != want {
					failures.Add(1)
					t.Logf("GET /%s: %d", p, res.StatusCode)
				}
			}
		}(c)
	}
	wg.Wait()
	took := time.Since(start)
	stop()
	edits.Wait()
	// Fix every file so the last build succeeds, and let it settle.
	for i := 0; i < 40; i++ {
		write(t, filepath.Join(dir, fmt.Sprintf("content/stories/s%02d.md", i)), story(fmt.Sprintf("Verhaal %d", i), "Eind."))
	}
	eventually(t, url+"stories/s39/", "settle", func(_ int, b string) bool { return strings.Contains(b, "Eind.") })
	client.CloseIdleConnections()
	time.Sleep(100 * time.Millisecond)
	g1, h1 := measure()
	t.Logf("%d requests in %v (%.0f/s), %d failed; goroutines %d -> %d; heap %.1f MB -> %.1f MB",
		total, took.Round(time.Millisecond), float64(total)/took.Seconds(), failures.Load(), g0, g1, float64(h0)/1e6, float64(h1)/1e6)
	if failures.Load() != 0 {
		t.Errorf("%d requests failed", failures.Load())
	}
	if g1 > g0+5 {
		t.Errorf("goroutines grew from %d to %d", g0, g1)
	}
	if h1 > h0+16<<20 {
		t.Errorf("heap grew from %d to %d bytes", h0, h1)
	}
}
