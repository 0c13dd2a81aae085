//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package output

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestLockJustTaken: a build that asks for the lock in the moment after
// another took it, before that one wrote who it is into the lock file,
// still names the holder (CI once saw "another fanfare build" with no pid).
func TestLockJustTaken(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	if err := os.MkdirAll(filepath.Dir(dest), 0o755); err != nil {
		t.Fatal(err)
	}
	name := lockName(dest)
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		t.Fatal(err)
	}
	go func() {
		time.Sleep(30 * time.Millisecond)
		f.WriteAt([]byte("4242\n2026-12-02T10:00:00Z\nfanfare build\n"), 0)
	}()
	_, err = Acquire(dest)
	var busy *BusyError
	if !errors.As(err, &busy) {
		t.Fatalf("Acquire while held: %v, want a *BusyError", err)
	}
	if busy.Pid != 4242 || busy.Command != "fanfare build" {
		t.Errorf("the error names %+v, want pid 4242 running \"fanfare build\"", busy)
	}
}
