//go:build linux

package cache

import (
	"fmt"
	"io/fs"
	"syscall"
)

// identity returns what tells one version of a file from another without
// reading it: its device and inode, size, and modification and change
// times. A write to the file sets its change time to now, and no call
// sets it back, so a file changed in place with its modification time
// restored still differs. A file replaced by another (a copy, a checkout)
// has another inode or change time.
func identity(st fs.FileInfo) (string, bool) {
	sys, ok := st.Sys().(*syscall.Stat_t)
	if !ok {
		return "", false
	}
	return fmt.Sprintf("%d:%d:%d:%d:%d", sys.Dev, sys.Ino, sys.Size, sys.Mtim.Nano(), sys.Ctim.Nano()), true
}
