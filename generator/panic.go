package generator

import (
	"fmt"
	"runtime/debug"
	"sync"
)

// PanicError is a panic met while building: a bug in Fanfare, not in the
// site. The preview turns it into this error, shows it, and goes on
// serving the last good build.
type PanicError struct {
	Value any
	Stack []byte
}

// NewPanicError returns the error for the panic value v (which may be a
// *PanicError carried from another goroutine).
func NewPanicError(v any) *PanicError {
	if p, ok := v.(*PanicError); ok {
		return p
	}
	return &PanicError{Value: v, Stack: debug.Stack()}
}

func (e *PanicError) Error() string {
	return fmt.Sprintf("Fanfare met a bug while building the site (%v); please report it with the change that led to it", e.Value)
}

// panics keeps the first panic of a group of goroutines, to panic again
// in the goroutine that waits for them, where it can be recovered.
type panics struct {
	mu  sync.Mutex
	err *PanicError
}

// catch recovers a panic; it must be deferred directly.
func (p *panics) catch() {
	if v := recover(); v != nil {
		p.mu.Lock()
		if p.err == nil {
			p.err = NewPanicError(v)
		}
		p.mu.Unlock()
	}
}

// rethrow panics with the first panic caught, if any.
func (p *panics) rethrow() {
	if p.err != nil {
		panic(p.err)
	}
}

// goCatch calls fn on a goroutine of its own. wait returns once fn has
// returned, and panics again (a *PanicError) if fn panicked, so that the
// build's own goroutine, where the preview recovers it, meets the panic;
// settle only waits, for a deferred call that must not leave fn running
// when the build ends another way.
func goCatch(fn func()) (wait, settle func()) {
	done := make(chan struct{})
	var p panics
	go func() {
		defer close(done)
		defer p.catch()
		fn()
	}()
	settle = func() { <-done }
	return func() { settle(); p.rethrow() }, settle
}
