package output

import (
	"fmt"
	"sync/atomic"

	"fanfare.dev/fanfare/generator/diag"
)

// DiskFullError is the one error of a build that filled its disk: once
// the disk is full, the files still to come are not tried (each would
// fail the same way) but counted, so the message can say how much the
// site needs.
type DiskFullError struct {
	Dest    string // as the user named it
	written int64  // bytes written before the disk was full
	needed  atomic.Int64
}

func (e *DiskFullError) Error() string {
	need := e.needed.Load()
	return fmt.Sprintf("the disk is full: the site needs about %s and the disk ran out after %s; free at least %s on the disk holding %s, or choose another --destination, and build again (%s was left as it was)",
		size(e.written+need), size(e.written), size(need), e.Dest, e.Dest)
}

// diagnostic returns e for a build's list of problems: one line, about
// the destination rather than a file.
func (e *DiskFullError) diagnostic() *diag.Diagnostic {
	return &diag.Diagnostic{File: e.Dest, Err: e}
}

func size(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// skip reports whether the disk is already full, counting size as needed.
func (d *Dest) skip(size int64) bool {
	f := d.full.Load()
	if f == nil {
		return false
	}
	f.needed.Add(size)
	return true
}

// fail returns err for a write of size bytes, unless it says that the
// disk is full: the first such error becomes the build's DiskFullError,
// and the later ones are dropped (nil), counted in it.
func (d *Dest) fail(err error, size int64) error {
	if !isFull(err) {
		return err
	}
	f := &DiskFullError{Dest: d.name, written: d.bytes.Load()}
	if d.full.CompareAndSwap(nil, f) {
		f.needed.Add(size)
		return f.diagnostic()
	}
	d.full.Load().needed.Add(size)
	return nil
}
