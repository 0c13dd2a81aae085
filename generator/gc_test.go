package generator

import (
	"context"
	"slices"
	"testing"
	"time"
)

// TestCollectSooner checks that a one-shot build of a large site lowers
// GOGC to 50 while it runs and puts it back after, that a smaller site or
// a Session leaves it alone, and that a GOGC the user set wins.
func TestCollectSooner(t *testing.T) {
	defer func(set func(int) int, large int) { setGCPercent, largeSite = set, large }(setGCPercent, largeSite)
	var calls []int
	percent := 100
	setGCPercent = func(p int) int {
		calls = append(calls, p)
		old := percent
		percent = p
		return old
	}

	opts := Options{Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), NoCache: true}
	for _, tc := range []struct {
		name  string
		large int
		keep  bool
		gogc  string
		want  []int
	}{
		{"large site", 5, false, "", []int{50, 100}},
		{"as large as the threshold (9 pages)", 9, false, "", []int{50, 100}},
		{"one page smaller than the threshold", 10, false, "", nil},
		{"session", 5, true, "", nil},
		{"GOGC set by the user", 5, false, "200", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			calls, largeSite = nil, tc.large
			t.Setenv("GOGC", tc.gogc)
			e := newEngine(releaseSite(), opts, tc.keep)
			if _, err := e.build(context.Background(), &memory{res: &Result{Files: map[string][]byte{}}}, nil); err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(calls, tc.want) || percent != 100 {
				t.Errorf("GOGC set to %v, %d at the end; want %v, 100", calls, percent, tc.want)
			}
		})
	}
}
