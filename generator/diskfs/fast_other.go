//go:build !linux

package diskfs

import (
	"errors"
	"os"
)

var (
	errNoFast = errors.New("openat2 not available")
	errRetry  = errors.New("openat2: try again")
)

// fastDir is Linux only; elsewhere os.Root does all the work.
type fastDir struct{}

func openFast(string) *fastDir { return nil }

func (*fastDir) close()                                 {}
func (*fastDir) open(string) (*os.File, error)          { return nil, errNoFast }
func (*fastDir) readFile(string, int64) ([]byte, error) { return nil, errNoFast }

func escapeErrno(error) bool { return false }
