//go:build unix

package output

import (
	"errors"
	"syscall"
)

// writeFile creates the file name with data. It uses plain system calls:
// an *os.File costs several more (descriptor flags, poller registration),
// which adds up to seconds over tens of thousands of pages.
func writeFile(name string, data []byte) error {
	fd, err := syscall.Open(name, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_TRUNC|syscall.O_CLOEXEC, 0o644)
	if err != nil {
		return &pathError{Op: "open", Path: name, Err: err}
	}
	for len(data) > 0 {
		n, err := syscall.Write(fd, data)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			syscall.Close(fd)
			return &pathError{Op: "write", Path: name, Err: err}
		}
		data = data[n:]
	}
	if err := syscall.Close(fd); err != nil {
		return &pathError{Op: "close", Path: name, Err: err}
	}
	return nil
}

// isFull reports whether err says that the disk (or the user's quota) is full.
func isFull(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT)
}

// unmovable reports whether err says that a folder cannot be renamed
// because it is a mount point (or on another file system than its parent).
func unmovable(err error) bool {
	return errors.Is(err, syscall.EBUSY) || errors.Is(err, syscall.EXDEV)
}
