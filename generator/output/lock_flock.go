//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package output

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"syscall"
	"time"
)

type heldLock struct{ f *os.File }

// lockFile takes an exclusive flock(2) on the file name, creating it, and
// writes info into it. If another process holds it, it returns nil and
// what the file says. A holder removes the file before it lets go, so
// after locking, the file must still be the one at name: if not, try
// again on the new one.
func lockFile(name string, info []byte) (*heldLock, []byte, error) {
	for range 100 {
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return nil, nil, err
		}
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if errors.Is(err, syscall.EWOULDBLOCK) {
			holder, gone := readHolder(name)
			f.Close()
			if gone {
				continue // its holder let go meanwhile: try again
			}
			return nil, holder, nil
		}
		if err != nil {
			f.Close()
			return nil, nil, err
		}
		fst, err1 := f.Stat()
		nst, err2 := os.Stat(name)
		if err1 != nil || err2 != nil || !os.SameFile(fst, nst) {
			f.Close() // released and removed by its holder meanwhile
			continue
		}
		if err := f.Truncate(0); err != nil {
			f.Close()
			return nil, nil, err
		}
		if _, err := f.WriteAt(info, 0); err != nil {
			f.Close()
			return nil, nil, err
		}
		return &heldLock{f: f}, nil, nil
	}
	return nil, nil, errors.New("the lock file keeps changing")
}

// readHolder reads what the lock file says about its holder. A holder
// that has just taken the lock may not have written it yet (it truncates,
// then writes), so an incomplete file is read again for up to half a
// second (50 waits of 10 ms) before it is taken as it is. A file that is
// gone was removed by its holder as it let go (see release): readHolder
// reports that at once, and the lock can be tried again.
func readHolder(name string) (holder []byte, gone bool) {
	for i := range 50 {
		var err error
		holder, err = os.ReadFile(name)
		if errors.Is(err, fs.ErrNotExist) {
			return nil, true
		}
		if bytes.Count(holder, []byte("\n")) >= 3 || i == 49 {
			break
		}
		holderWait(10 * time.Millisecond)
	}
	return holder, false
}

// holderWait is readHolder's wait between two reads (a test hook).
var holderWait = time.Sleep

func (h *heldLock) release(name string) {
	os.Remove(name)
	h.f.Close()
}

// alive reports whether the process pid exists.
func alive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
