package serve

import (
	"io"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"time"

	"fanfare.dev/fanfare/generator"
)

// A Result names the files it publishes as they are (static files, the
// files of a bundle) in its Copies instead of holding their bytes. The
// server keeps each file's bytes as they were when its build succeeded,
// so that while a later build fails the preview shows the last good
// build's files, not what the disk holds now.
//
// Files larger than maxCopy, and files beyond a total of maxCopies, are
// not kept: the server notes their size and time, serves them from the
// disk while these are unchanged, and says so when they are not.
const (
	maxCopy   = 8 << 20
	maxCopies = 512 << 20
)

// limits are the sizes of snapshot (see maxCopy and maxCopies).
type limits struct{ file, total int64 }

// copied is a file published as it is, as the last good build saw it.
type copied struct {
	src  generator.Copy
	size int64
	mod  time.Time
	data []byte // the bytes; nil for a file too large to keep
}

// snapshot keeps the files of copies, taking those unchanged since prev
// from it. A file that cannot be read (removed since) is left out, and
// is not found.
func snapshot(copies []generator.Copy, prev map[string]*copied, max limits) map[string]*copied {
	out := make(map[string]*copied, len(copies))
	var total int64
	for _, c := range copies {
		info, err := fs.Stat(c.FS, c.Src)
		if err != nil || !info.Mode().IsRegular() {
			continue
		}
		if p := prev[c.Dst]; p != nil && p.src.Src == c.Src && p.size == info.Size() && p.mod.Equal(info.ModTime()) &&
			(p.data != nil || p.size > max.file) {
			out[c.Dst] = p
			total += int64(len(p.data))
			continue
		}
		cp := &copied{src: c, size: info.Size(), mod: info.ModTime()}
		if info.Size() <= max.file && total+info.Size() <= max.total {
			data, err := fs.ReadFile(c.FS, c.Src)
			if err != nil {
				continue
			}
			if data == nil {
				data = []byte{}
			}
			cp.data, cp.size = data, int64(len(data))
			total += cp.size
		}
		out[c.Dst] = cp
	}
	return out
}

// serveLarge serves a file too large to keep from the disk, if it is
// still the file of the last good build.
func (c *copied) serveLarge(w http.ResponseWriter, r *http.Request) {
	f, err := c.src.FS.Open(c.src.Src)
	if err != nil {
		http.Error(w, "cannot read "+c.src.Src, http.StatusNotFound)
		return
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil || info.Size() != c.size || !info.ModTime().Equal(c.mod) {
		http.Error(w, c.src.Src+" changed since the last build that worked; it is shown again once the site builds", http.StatusServiceUnavailable)
		return
	}
	if rs, ok := f.(io.ReadSeeker); ok {
		http.ServeContent(w, r, path.Base(c.src.Dst), time.Time{}, rs)
		return
	}
	if ct := mime.TypeByExtension(path.Ext(c.src.Dst)); ct != "" {
		w.Header().Set("Content-Type", ct)
	}
	if r.Method != http.MethodHead {
		io.Copy(w, f)
	}
}
