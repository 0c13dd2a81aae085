package main

import (
	"os"
	"testing"
	"time"
)

// TestMain lets this test binary be the writer that measure starts.
func TestMain(m *testing.M) {
	if writer() {
		return
	}
	os.Exit(m.Run())
}

// TestMeasure: every write is seen, and its delay is a time from the
// write to its event (not, say, from the start), however quick.
func TestMeasure(t *testing.T) {
	delays, err := measure(1, time.Second, 0, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(delays) != 3 {
		t.Fatalf("%d delays, want 3", len(delays))
	}
	for _, d := range delays {
		if d < -900 || d > 900 {
			t.Errorf("a delay of %.2f ms: not the time from a write to its event (the writes come a second apart)", d)
		}
	}
}
