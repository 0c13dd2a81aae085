// Package diskfs owns reading a site folder from disk. Its FS behaves as
// os.DirFS, but its ReadFile uses plain system calls: opening an *os.File
// costs several more (descriptor flags, poller registration), and a site
// of ten thousand stories reads ten thousand files.
//
// It only reads; it never writes.
package diskfs

import (
	"io/fs"
	"os"
	"path"
	"strings"
)

// FS is the file tree rooted at a folder.
type FS struct {
	dir  string
	osfs fs.FS
}

// New returns the file tree rooted at dir.
func New(dir string) *FS {
	return &FS{dir: dir, osfs: os.DirFS(dir)}
}

// Open opens name, as os.DirFS does.
func (f *FS) Open(name string) (fs.File, error) { return f.osfs.Open(name) }

// Stat returns a FileInfo describing name.
func (f *FS) Stat(name string) (fs.FileInfo, error) { return fs.Stat(f.osfs, name) }

// ReadDir reads the named directory.
func (f *FS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(f.osfs, name) }

// ReadFile reads the named file.
func (f *FS) ReadFile(name string) ([]byte, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "readfile", Path: name, Err: fs.ErrInvalid}
	}
	return readFile(f.dir + "/" + name)
}

// ReadLink returns the destination of the named symbolic link.
func (f *FS) ReadLink(name string) (string, error) { return fs.ReadLink(f.osfs, name) }

// Lstat returns a FileInfo describing name, without following a link.
func (f *FS) Lstat(name string) (fs.FileInfo, error) { return fs.Lstat(f.osfs, name) }

// Escapes reports whether name, a symbolic link in fsys, leads (through
// any chain of links) outside fsys's root, and where it points. Files
// behind such links are not the site's: a build must not publish them and
// the preview must not serve them.
func Escapes(fsys fs.FS, name string) (string, bool) {
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
