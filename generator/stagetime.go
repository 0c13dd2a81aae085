package generator

import "time"

// stageTimes records how long each stage of a build took, in the order
// they ran: the figures behind "where does an edit's time go"
// (BenchmarkSessionEdit with FANFARE_BENCH_STAGES=1). It measures the
// wall clock of the build's own goroutine only: work made beside it (the
// route signatures beside the claims, the search index and feeds beside
// the pages) shows only as the time the stage that waits for it
// ("signatures", "wait for cards and generated files") spends waiting.
type stageTimes struct {
	last  time.Time
	times []stageTime
}

type stageTime struct {
	name string
	d    time.Duration
}

// start forgets the last build's times and starts the clock.
func (t *stageTimes) start() {
	t.times = t.times[:0]
	t.last = time.Now()
}

// done records the time since the last mark as the stage name's.
func (t *stageTimes) done(name string) {
	now := time.Now()
	t.times = append(t.times, stageTime{name, now.Sub(t.last)})
	t.last = now
}
