package diskfs

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"runtime"
	"syscall"
	"unsafe"
)

// errNoFast means the kernel refuses openat2 (too old, or a sandbox
// forbids it): os.Root is used from then on.
var errNoFast = errors.New("openat2 not available")

// errRetry means openat2 could not decide this time (EAGAIN): os.Root
// opens this one file.
var errRetry = errors.New("openat2: try again")

const openFlags = os.O_RDONLY | syscall.O_NONBLOCK | syscall.O_NOCTTY

// openHow is the kernel's struct open_how.
type openHow struct {
	flags, mode, resolve uint64
}

const (
	sysOpenat2          = 437 // the same number on every Linux architecture
	resolveNoMagiclinks = 0x02
	resolveBeneath      = 0x08
)

// fastDir opens files beneath a folder with openat2 and RESOLVE_BENEATH:
// the kernel resolves every link and refuses (EXDEV) any path that would
// leave the folder, absolute links included, in one system call.
type fastDir struct {
	dir  *os.File
	name string
}

func openFast(dir string) *fastDir {
	d, err := os.Open(dir)
	if err != nil {
		return nil
	}
	return &fastDir{dir: d, name: dir}
}

func (d *fastDir) close() { d.dir.Close() }

// openat2 opens name beneath the folder, without blocking on a named pipe.
func (d *fastDir) openat2(name string) (int, error) {
	p, err := syscall.BytePtrFromString(name)
	if err != nil {
		return -1, err
	}
	how := openHow{
		flags:   uint64(syscall.O_RDONLY | syscall.O_CLOEXEC | syscall.O_NONBLOCK | syscall.O_NOCTTY),
		resolve: resolveBeneath | resolveNoMagiclinks,
	}
	for {
		fd, _, errno := syscall.Syscall6(sysOpenat2, d.dir.Fd(), uintptr(unsafe.Pointer(p)), uintptr(unsafe.Pointer(&how)), unsafe.Sizeof(how), 0, 0)
		runtime.KeepAlive(d)
		switch errno {
		case 0:
			return int(fd), nil
		case syscall.EINTR:
			continue
		case syscall.ENOSYS, syscall.EPERM, syscall.E2BIG, syscall.EINVAL:
			return -1, errNoFast
		case syscall.EAGAIN:
			return -1, errRetry
		}
		return -1, errno
	}
}

func (d *fastDir) open(name string) (*os.File, error) {
	fd, err := d.openat2(name)
	if err != nil {
		return nil, err
	}
	return os.NewFile(uintptr(fd), d.name+"/"+name), nil
}

// readFile reads name whole with plain system calls: an *os.File costs
// several more (descriptor flags, poller registration).
func (d *fastDir) readFile(name string, max int64) ([]byte, error) {
	fd, err := d.openat2(name)
	if err != nil {
		return nil, err
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		return nil, err
	}
	switch {
	case st.Mode&syscall.S_IFMT == syscall.S_IFDIR:
		return nil, errors.New("is a folder")
	case st.Mode&syscall.S_IFMT != syscall.S_IFREG:
		return nil, &NotRegularError{Mode: modeOf(st.Mode)}
	case st.Size > max:
		return nil, &TooLargeError{Size: st.Size, Max: max}
	}
	return readAll(fdReader(fd), st.Size, max, name)
}

// fdReader reads a descriptor.
type fdReader int

func (r fdReader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	for {
		n, err := syscall.Read(int(r), p)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return 0, err
		}
		if n == 0 {
			return 0, io.EOF
		}
		return n, nil
	}
}

// modeOf returns the type bits of a stat mode as an fs.FileMode.
func modeOf(m uint32) fs.FileMode {
	switch m & syscall.S_IFMT {
	case syscall.S_IFIFO:
		return fs.ModeNamedPipe
	case syscall.S_IFSOCK:
		return fs.ModeSocket
	case syscall.S_IFCHR:
		return fs.ModeDevice | fs.ModeCharDevice
	case syscall.S_IFBLK:
		return fs.ModeDevice
	}
	return fs.ModeIrregular
}

// escapeErrno reports whether err is openat2's refusal of a path that
// leaves the folder.
func escapeErrno(err error) bool { return errors.Is(err, syscall.EXDEV) }
