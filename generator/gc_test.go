package generator

import (
	"context"
	"math"
	"slices"
	"testing"
	"time"
)

// TestLimitMemory checks that a one-shot build of a large site sets a
// soft memory limit while it runs and takes it away after, that a smaller
// site or a Session leaves the limit alone, and that a GOGC or GOMEMLIMIT
// the user set wins.
func TestLimitMemory(t *testing.T) {
	defer func(set func(int64) int64, large int, tick func() (<-chan time.Time, func()), percent func(int) int) {
		setMemoryLimit, largeSite, newTicker, setGCPercent = set, large, tick, percent
	}(setMemoryLimit, largeSite, newTicker, setGCPercent)
	const none = math.MaxInt64
	var calls []int64
	limit := int64(none)
	setMemoryLimit = func(l int64) int64 {
		calls = append(calls, l)
		old := limit
		limit = l
		return old
	}
	var percents []int
	percent := 100
	setGCPercent = func(p int) int {
		percents = append(percents, p)
		old := percent
		percent = p
		return old
	}
	stopped := 0
	newTicker = func() (<-chan time.Time, func()) { return nil, func() { stopped++ } }

	opts := Options{Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), NoCache: true}
	for _, tc := range []struct {
		name     string
		large    int
		keep     bool
		env, val string
		want     []int64
	}{
		{"large site", 5, false, "", "", []int64{softLimit, none}},
		{"as large as the threshold (9 pages)", 9, false, "", "", []int64{softLimit, none}},
		{"one page smaller than the threshold", 10, false, "", "", nil},
		{"session", 5, true, "", "", nil},
		{"GOGC set by the user", 5, false, "GOGC", "200", nil},
		{"GOMEMLIMIT set by the user", 5, false, "GOMEMLIMIT", "3GiB", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			calls, percents, largeSite, stopped = nil, nil, tc.large, 0
			t.Setenv("GOGC", "")
			t.Setenv("GOMEMLIMIT", "")
			if tc.env != "" {
				t.Setenv(tc.env, tc.val)
			}
			e := newEngine(releaseSite(), opts, tc.keep)
			if _, err := e.build(context.Background(), &memory{res: &Result{Files: map[string][]byte{}}}, nil); err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(calls, tc.want) || limit != none {
				t.Errorf("memory limit set to %v, %d at the end; want %v, none", calls, limit, tc.want)
			}
			// Under the limit GOGC is off, and after the build what it was.
			var wantPercents []int
			if tc.want != nil {
				wantPercents = []int{-1, 100}
			}
			if !slices.Equal(percents, wantPercents) || percent != 100 {
				t.Errorf("GOGC set to %v, %d at the end; want %v, 100", percents, percent, wantPercents)
			}
			if want := len(tc.want) / 2; stopped != want {
				t.Errorf("ticker stopped %d times, want %d", stopped, want)
			}
		})
	}
}

// TestLimitFollowsLiveHeap: while a large build runs, the limit is raised
// to 1.5 times the live heap once that is more than the soft limit, and
// not lowered below the soft limit; after the build it is what it was.
func TestLimitFollowsLiveHeap(t *testing.T) {
	defer func(set func(int64) int64, live func() uint64, tick func() (<-chan time.Time, func()), large int) {
		setMemoryLimit, liveHeap, newTicker, largeSite = set, live, tick, large
	}(setMemoryLimit, liveHeap, newTicker, largeSite)
	defer func(percent func(int) int) { setGCPercent = percent }(setGCPercent)
	setGCPercent = func(int) int { return 100 }
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	set := make(chan int64, 10)
	setMemoryLimit = func(l int64) int64 { set <- l; return 7 }
	live := make(chan uint64)
	liveHeap = func() uint64 { return <-live }
	ticks := make(chan time.Time)
	newTicker = func() (<-chan time.Time, func()) { return ticks, func() {} }

	restore := limitMemory(largeSite)
	select {
	case got := <-set:
		if got != softLimit {
			t.Fatalf("first limit %d, want %d", got, softLimit)
		}
	default:
		t.Fatal("no limit set for a site of largeSite pages")
	}
	for _, step := range []struct {
		live uint64
		want int64 // 0: the limit is not set again
	}{
		{100 << 20, 0},
		{softLimit / 3 * 2, 0},
		{1200 << 20, 1800 << 20},
		{1200 << 20, 0},
		{1400 << 20, 2100 << 20},
		{500 << 20, softLimit},
	} {
		ticks <- time.Time{}
		live <- step.live
		ticks <- time.Time{} // the goroutine has handled the first tick when it takes the second
		live <- step.live
		var got []int64
		for len(set) > 0 {
			got = append(got, <-set)
		}
		if want := step.want; (want == 0 && len(got) != 0) || (want != 0 && !slices.Equal(got, []int64{want})) {
			t.Errorf("live heap %d MiB: limit set to %v, want %d", step.live>>20, got, want)
		}
	}
	restore()
	select {
	case got := <-set:
		if got != 7 {
			t.Errorf("limit after the build %d, want 7 (what it was)", got)
		}
	default:
		t.Error("the limit was not put back after the build")
	}
}
