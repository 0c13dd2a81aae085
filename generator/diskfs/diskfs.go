// Package diskfs owns reading a site folder from disk, and the trust
// boundary around it: every file is resolved (all symbolic links, also
// links reached through other links) and must lie inside the site folder.
// A name that leads outside it is an error naming the file, and the file
// behind it is never opened. Only folders and regular files are opened:
// a named pipe, a device or a socket is refused before it can block or
// stream for ever. Files larger than MaxFileSize are refused before a
// byte is read, and ReadFile reads at most MaxReadSize.
//
// The folder is opened as an os.Root, which refuses links that leave it.
// On Linux, files are opened with one openat2 call with
// RESOLVE_BENEATH, which the kernel enforces in the same way; a site of
// ten thousand stories opens ten thousand files.
//
// It only reads; it never writes.
package diskfs

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
	"sync/atomic"
)

// MaxFileSize is the largest file Fanfare opens: hosts refuse files far
// smaller, and a larger one (a disk image, a sparse file) would fill the
// destination's disk.
const MaxFileSize = 1 << 30

// MaxReadSize is the largest file ReadFile reads whole into memory.
// Larger files, such as videos in static/, are copied through Open.
const MaxReadSize = 64 << 20

// ErrOutside is the error (matched with errors.Is) for a name that leads
// outside the site folder through a symbolic link.
var ErrOutside = errors.New("leads outside the site folder")

// ErrNotRegular is the error (matched with errors.Is) for a name that is
// neither a folder nor a regular file.
var ErrNotRegular = errors.New("not a regular file")

// ErrTooLarge is the error (matched with errors.Is) for a file over a
// size limit.
var ErrTooLarge = errors.New("file too large")

// OutsideError explains an ErrOutside.
type OutsideError struct {
	Target string // the link's text, if the name itself is the link
}

func (e *OutsideError) Error() string {
	if e.Target != "" {
		return fmt.Sprintf("is a link to %s, outside the site folder; Fanfare reads only files inside the site folder: copy the file in instead of linking to it", e.Target)
	}
	return "lies behind a link that leads outside the site folder; Fanfare reads only files inside the site folder: copy the files in instead of linking to them"
}

// Is makes errors.Is(err, ErrOutside) true.
func (e *OutsideError) Is(target error) bool { return target == ErrOutside }

// NotRegularError explains an ErrNotRegular.
type NotRegularError struct {
	Mode fs.FileMode
}

func (e *NotRegularError) Error() string {
	kind := "not a regular file"
	switch {
	case e.Mode&fs.ModeNamedPipe != 0:
		kind = "a named pipe"
	case e.Mode&fs.ModeSocket != 0:
		kind = "a socket"
	case e.Mode&fs.ModeDevice != 0:
		kind = "a device"
	}
	return "is " + kind + ", not a file; Fanfare reads only files and folders: remove it from the site folder"
}

// Is makes errors.Is(err, ErrNotRegular) true.
func (e *NotRegularError) Is(target error) bool { return target == ErrNotRegular }

// TooLargeError explains an ErrTooLarge.
type TooLargeError struct {
	Size, Max int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("is %s; files read here may be at most %s", Megabytes(e.Size), Megabytes(e.Max))
}

// Is makes errors.Is(err, ErrTooLarge) true.
func (e *TooLargeError) Is(target error) bool { return target == ErrTooLarge }

// Megabytes writes a file size for a message: bytes below a megabyte,
// whole megabytes, and otherwise megabytes with one decimal rounded up,
// so that a size just over a limit never reads as the limit itself
// ("16.1 MB", not "16 MB", for 16 MB and one byte).
func Megabytes(n int64) string {
	switch {
	case n < 1<<20:
		return fmt.Sprintf("%d bytes", n)
	case n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	}
	tenths := (n*10 + 1<<20 - 1) >> 20 // rounded up
	return fmt.Sprintf("%d.%d MB", tenths/10, tenths%10)
}

// FS is the file tree rooted at a folder. It implements fs.ReadFileFS,
// fs.ReadDirFS, fs.StatFS and fs.ReadLinkFS.
type FS struct {
	dir     string
	root    *os.Root
	rootErr error
	fast    *fastDir    // the openat2 path, or nil
	noFast  atomic.Bool // set when the kernel refuses openat2
}

// New returns the file tree rooted at dir. If dir cannot be opened, every
// call returns the reason.
func New(dir string) *FS {
	f := &FS{dir: dir}
	f.root, f.rootErr = os.OpenRoot(dir)
	if f.rootErr == nil {
		f.fast = openFast(dir)
	}
	return f
}

// Close releases the folder. The FS must not be used afterwards.
func (f *FS) Close() error {
	if f.fast != nil {
		f.fast.close()
	}
	if f.root != nil {
		return f.root.Close()
	}
	return nil
}

// Open opens name, which must be a folder or a regular file of at most
// MaxFileSize inside the site folder.
func (f *FS) Open(name string) (fs.File, error) {
	file, _, err := f.open("open", name)
	if err != nil {
		return nil, err
	}
	return file, nil
}

// open opens name and returns it with its FileInfo, after every check.
func (f *FS) open(op, name string) (*os.File, fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return nil, nil, &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	if f.rootErr != nil {
		return nil, nil, &fs.PathError{Op: op, Path: name, Err: f.rootErr}
	}
	var file *os.File
	var err error
	if f.fast != nil && !f.noFast.Load() {
		file, err = f.fast.open(name)
		switch {
		case errors.Is(err, errNoFast):
			f.noFast.Store(true)
			file, err = nil, nil
		case errors.Is(err, errRetry):
			file, err = nil, nil
		}
	}
	if file == nil && err == nil {
		file, err = f.root.OpenFile(name, openFlags, 0)
	}
	if err != nil {
		return nil, nil, f.wrap(op, name, err)
	}
	st, err := file.Stat()
	if err == nil {
		err = check(st, MaxFileSize)
	}
	if err != nil {
		file.Close()
		return nil, nil, &fs.PathError{Op: op, Path: name, Err: err}
	}
	return file, st, nil
}

// check refuses what is neither a folder nor a regular file of at most
// max bytes.
func check(st fs.FileInfo, max int64) error {
	switch {
	case st.IsDir():
		return nil
	case !st.Mode().IsRegular():
		return &NotRegularError{Mode: st.Mode()}
	case st.Size() > max:
		return &TooLargeError{Size: st.Size(), Max: max}
	}
	return nil
}

// wrap turns err from an operation on name into a *fs.PathError whose
// cause says plainly when the name leads outside the folder.
func (f *FS) wrap(op, name string, err error) error {
	if escapes(err) {
		target, _ := f.root.Readlink(name)
		err = &OutsideError{Target: target}
	} else {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
	}
	return &fs.PathError{Op: op, Path: name, Err: err}
}

// escapes reports whether err is os.Root's refusal of a path that leaves
// the root, or the kernel's (EXDEV from openat2 with RESOLVE_BENEATH).
// os.Root's error is not exported; TestEscapeError guards its text.
func escapes(err error) bool {
	if errors.Is(err, ErrOutside) || escapeErrno(err) {
		return true
	}
	for e := err; e != nil; e = errors.Unwrap(e) {
		if e.Error() == "path escapes from parent" {
			return true
		}
	}
	return false
}

// Stat returns a FileInfo describing name, following links inside the
// folder.
func (f *FS) Stat(name string) (fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrInvalid}
	}
	if f.rootErr != nil {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: f.rootErr}
	}
	st, err := f.root.Stat(name)
	if err != nil {
		return nil, f.wrap("stat", name, err)
	}
	return st, nil
}

// Lstat returns a FileInfo describing name, without following a link.
func (f *FS) Lstat(name string) (fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "lstat", Path: name, Err: fs.ErrInvalid}
	}
	if f.rootErr != nil {
		return nil, &fs.PathError{Op: "lstat", Path: name, Err: f.rootErr}
	}
	st, err := f.root.Lstat(name)
	if err != nil {
		return nil, f.wrap("lstat", name, err)
	}
	return st, nil
}

// ReadLink returns the destination of the named symbolic link.
func (f *FS) ReadLink(name string) (string, error) {
	if !fs.ValidPath(name) {
		return "", &fs.PathError{Op: "readlink", Path: name, Err: fs.ErrInvalid}
	}
	if f.rootErr != nil {
		return "", &fs.PathError{Op: "readlink", Path: name, Err: f.rootErr}
	}
	target, err := f.root.Readlink(name)
	if err != nil {
		return "", f.wrap("readlink", name, err)
	}
	return target, nil
}

// ReadDir reads the named folder.
func (f *FS) ReadDir(name string) ([]fs.DirEntry, error) {
	file, st, err := f.open("readdir", name)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	if !st.IsDir() {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: errors.New("not a folder")}
	}
	list, err := file.ReadDir(-1)
	if err != nil {
		return nil, f.wrap("readdir", name, err)
	}
	slices.SortFunc(list, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return list, nil
}

// ReadFile reads the named file, of at most MaxReadSize bytes.
func (f *FS) ReadFile(name string) ([]byte, error) {
	return f.readFile(name, MaxReadSize)
}

func (f *FS) readFile(name string, max int64) ([]byte, error) {
	if f.fast != nil && !f.noFast.Load() && fs.ValidPath(name) && f.rootErr == nil {
		data, err := f.fast.readFile(name, max)
		switch {
		case errors.Is(err, errNoFast):
			f.noFast.Store(true)
		case errors.Is(err, errRetry):
		case err != nil:
			return nil, f.wrap("read", name, err)
		default:
			return data, nil
		}
	}
	file, st, err := f.open("read", name)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	if st.IsDir() {
		return nil, &fs.PathError{Op: "read", Path: name, Err: errors.New("is a folder")}
	}
	if err := check(st, max); err != nil {
		return nil, &fs.PathError{Op: "read", Path: name, Err: err}
	}
	return readAll(file, st.Size(), max, name)
}

// readAll reads r, which holds about size bytes, refusing more than max.
func readAll(r io.Reader, size, max int64, name string) ([]byte, error) {
	buf := make([]byte, 0, size+1)
	for {
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if int64(len(buf)) > max {
			return nil, &fs.PathError{Op: "read", Path: name, Err: &TooLargeError{Size: int64(len(buf)), Max: max}}
		}
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, &fs.PathError{Op: "read", Path: name, Err: err}
		}
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
	}
}

// ReadFileMax reads name from fsys, refusing, before reading a byte, a
// file of more than max bytes (an error matching ErrTooLarge), and
// anything that is not a regular file.
func ReadFileMax(fsys fs.FS, name string, max int64) ([]byte, error) {
	if f, ok := fsys.(*FS); ok {
		return f.readFile(name, max)
	}
	file, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	st, err := file.Stat()
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return nil, &fs.PathError{Op: "read", Path: name, Err: errors.New("is a folder")}
	}
	if err := check(st, max); err != nil {
		return nil, &fs.PathError{Op: "read", Path: name, Err: err}
	}
	return readAll(file, st.Size(), max, name)
}

// Escapes reports whether name, a symbolic link in fsys, leads (through
// any chain of links) outside fsys's root, and where it points. Files
// behind such links are not the site's: a build must not publish them and
// the preview must not serve them.
func Escapes(fsys fs.FS, name string) (string, bool) {
	// An FS of this package (also under fs.Sub) resolves every link.
	if _, err := fs.Stat(fsys, name); errors.Is(err, ErrOutside) {
		target, _ := fs.ReadLink(fsys, name)
		return target, true
	}
	// Any other FS: follow the chain of links by their text.
	cur := name
	for hops := 0; hops < 40; hops++ {
		target, err := fs.ReadLink(fsys, cur)
		if err != nil {
			return "", false // not a link (any more), or not readable as one
		}
		if path.IsAbs(target) || strings.HasPrefix(target, `\`) {
			return target, true
		}
		next := path.Join(path.Dir(cur), target)
		if next == ".." || strings.HasPrefix(next, "../") {
			return target, true
		}
		cur = next
	}
	return "", false // a loop: reading it fails anyway
}
