//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package output

import (
	"errors"
	"io/fs"
	"os"
	"runtime"
	"strconv"
	"strings"
)

type heldLock struct{}

// lockFile creates the file name holding info, as the lock: where there
// is no flock(2), the file's existence is the lock. A file left by a
// process that no longer runs is taken over.
func lockFile(name string, info []byte) (*heldLock, []byte, error) {
	for range 10 {
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err == nil {
			_, err = f.Write(info)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				os.Remove(name)
				return nil, nil, err
			}
			return &heldLock{}, nil, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return nil, nil, err
		}
		holder, err := os.ReadFile(name)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		pid, _ := strconv.Atoi(strings.SplitN(string(holder), "\n", 2)[0])
		if pid != 0 && alive(pid) {
			return nil, holder, nil
		}
		os.Remove(name) // left by a build that was stopped
	}
	return nil, nil, errors.New("the lock file keeps changing")
}

func (h *heldLock) release(name string) { os.Remove(name) }

// alive reports whether the process pid exists (on Windows, whether it
// can be found; elsewhere it is assumed to run).
func alive(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	if runtime.GOOS == "windows" {
		p.Release()
	}
	return true
}
