package site

import (
	"sync/atomic"
	"testing"
	"time"
)

// TestBoth: both runs its two functions and returns when both have; a
// panic in either reaches the caller, where the preview recovers it,
// instead of ending the program from another goroutine.
func TestBoth(t *testing.T) {
	var ran atomic.Int32
	both(func() { ran.Add(1) }, func() { ran.Add(10) })
	if ran.Load() != 11 {
		t.Errorf("ran %d, want both (11)", ran.Load())
	}
	// At once: a waits for b, which a one-after-the-other both never
	// ends (the bound only keeps such a failure from hanging the run).
	ch, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		both(func() { <-ch }, func() { close(ch) })
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("both ran a before b: a waits for b")
	}
	for _, tc := range []struct {
		name string
		a, b func()
	}{
		{"a", func() { panic("a") }, func() {}},
		{"b", func() {}, func() { panic("b") }},
	} {
		var got any
		func() {
			defer func() { got = recover() }()
			both(tc.a, tc.b)
		}()
		if got != tc.name {
			t.Errorf("a panic in %s: recovered %v", tc.name, got)
		}
	}
}
