package generator

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
)

// TestParallelRuns: every index is called exactly once, whatever the
// number of goroutines, of indexes and the run; a panic is raised again
// as a *PanicError once the goroutines are done; a cancelled context
// calls nothing more.
func TestParallelRuns(t *testing.T) {
	for _, workers := range []int{1, 2, 3, 8} {
		for _, n := range []int{0, 1, 2, 31, 32, 33, 1000, 13600} {
			for _, run := range []int{0, 1, 7, 64} {
				t.Run(fmt.Sprintf("workers=%d/n=%d/run=%d", workers, n, run), func(t *testing.T) {
					calls := make([]atomic.Int32, n)
					parallelRuns(context.Background(), workers, n, run, func(i int) { calls[i].Add(1) })
					for i := range calls {
						if c := calls[i].Load(); c != 1 {
							t.Fatalf("index %d called %d times, want 1", i, c)
						}
					}
				})
			}
		}
	}
}

func TestParallelRunsPanics(t *testing.T) {
	var calls atomic.Int32
	defer func() {
		v := recover()
		var pe *PanicError
		if err, ok := v.(error); !ok || !errors.As(err, &pe) {
			t.Fatalf("recovered %#v, want a *PanicError", v)
		}
		if calls.Load() == 0 {
			t.Fatal("fn was never called")
		}
	}()
	parallelRuns(context.Background(), 2, 5000, 64, func(i int) {
		calls.Add(1)
		if i == 4000 {
			panic("boom")
		}
	})
	t.Fatal("parallelN returned without panicking")
}

func TestParallelRunsCancelled(t *testing.T) {
	for _, workers := range []int{1, 2} {
		ctx, cancel := context.WithCancel(context.Background())
		var calls atomic.Int32
		parallelRuns(ctx, workers, 10000, 64, func(i int) {
			if calls.Add(1) == 100 {
				cancel()
			}
		})
		// One goroutine stops right after the call that cancelled;
		// another may make calls until it sees the cancel.
		if c := calls.Load(); c < 100 || workers == 1 && c != 100 || c > 5000 {
			t.Fatalf("%d goroutines: %d calls after the context was cancelled at the 100th", workers, c)
		}
		calls.Store(0)
		parallelRuns(ctx, workers, 10000, 64, func(int) { calls.Add(1) })
		if c := calls.Load(); c != 0 {
			t.Fatalf("%d calls with a cancelled context, want none", c)
		}
	}
}

// TestParallelRun: parallelCheap takes one index at a time when there
// are few, runs of at most 64 when there are many.
func TestParallelRun(t *testing.T) {
	for _, c := range []struct{ workers, n, want int }{
		{2, 0, 1}, {2, 10, 1}, {2, 31, 1}, {2, 64, 2}, {2, 1000, 31}, {2, 13600, 64}, {8, 13600, 64}, {0, 100, 6},
	} {
		if got := parallelRun(c.workers, c.n); got != c.want {
			t.Errorf("parallelRun(%d, %d) = %d, want %d", c.workers, c.n, got, c.want)
		}
	}
}
