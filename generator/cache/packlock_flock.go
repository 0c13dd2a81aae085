//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package cache

import (
	"errors"
	"os"
	"syscall"
)

// lockPack takes the lock of a pack's data file for as long as f is open,
// or fails at once with ErrPackBusy when another open pack holds it.
func lockPack(f *os.File) error {
	err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return ErrPackBusy
	}
	return err
}
