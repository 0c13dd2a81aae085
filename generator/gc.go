package generator

import (
	"os"
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// largeSite is the number of pages from which a one-shot build keeps its
// memory under a soft limit (see limitMemory).
var largeSite = 50_000

// softLimit is the memory a large one-shot build aims to stay under.
const softLimit = 1600 << 20

// These are the runtime's; tests replace them.
var (
	setMemoryLimit = debug.SetMemoryLimit
	setGCPercent   = debug.SetGCPercent
	liveHeap       = func() uint64 {
		s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		metrics.Read(s)
		if s[0].Value.Kind() != metrics.KindUint64 {
			return 0
		}
		return s[0].Value.Uint64()
	}
	newTicker = func() (<-chan time.Time, func()) {
		t := time.NewTicker(250 * time.Millisecond)
		return t.C, t.Stop
	}
)

// limitMemory sets, for a one-shot build of a site of at least
// largeSite pages, a soft memory limit for Go's collector, and returns
// the function that takes it away again. Most of such a build's memory is
// the site model, live from start to end, and the collector otherwise
// lets garbage grow to as much again: at 100,000 stories the peak was
// 2.29 GB. Under the limit the collector runs only as often as it must
// to stay below softLimit, where a lower GOGC (50, the earlier way) ran
// it twice as often from the start (DEVELOPING.md, "Build time at
// 100,000 stories, 4 December"). So that a site whose live memory comes
// near the limit does not spend its time collecting, the limit is raised
// to 1.5 times the live heap whenever that is more. GOGC is off
// meanwhile: the collector runs when the heap comes near the limit, not
// also every time it doubles. The build sets it as soon as it knows how
// many pages it reads (engine.limitMemory). Smaller sites, serve and
// build --watch keep Go's defaults, and a GOGC or GOMEMLIMIT the user set
// wins.
func limitMemory(pages int) (restore func()) {
	if pages < largeSite || os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	old := setMemoryLimit(softLimit)
	// Under the limit, the collector runs only when the heap comes near
	// it: with GOGC's default beside it, it also ran every time the heap
	// doubled while the model was read, over a live heap of up to 700 MB
	// (at 100,000 stories, 12.6 s of its 36.5 s of CPU).
	oldPercent := setGCPercent(-1)
	ticks, stop := newTicker()
	done, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		limit := int64(softLimit)
		for {
			select {
			case <-done:
				return
			case <-ticks:
				if want := max(int64(softLimit), int64(liveHeap()/2*3)); want != limit {
					limit = want
					setMemoryLimit(limit)
				}
			}
		}
	}()
	return func() {
		close(done)
		<-finished
		stop()
		setGCPercent(oldPercent)
		setMemoryLimit(old)
	}
}
