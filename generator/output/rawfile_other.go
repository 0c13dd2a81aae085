//go:build !unix

package output

import (
	"errors"
	"os"
	"syscall"
)

func writeFile(name string, data []byte) error {
	return os.WriteFile(name, data, 0o644)
}

// isFull reports whether err says that the disk is full.
func isFull(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.Errno(112)) // ERROR_DISK_FULL on Windows
}

// unmovable reports whether err says that a folder cannot be renamed
// because it is a mount point.
func unmovable(err error) bool {
	return errors.Is(err, syscall.EBUSY) || errors.Is(err, syscall.EXDEV)
}
