//go:build unix && !linux

package diskfs

import (
	"os"
	"syscall"
)

// openFlags open a named pipe without waiting for a writer, so that it
// can be refused.
const openFlags = os.O_RDONLY | syscall.O_NONBLOCK | syscall.O_NOCTTY
