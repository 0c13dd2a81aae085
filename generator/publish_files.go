package generator

import (
	"errors"
	"fmt"
	"hash/maphash"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"unsafe"

	"fanfare.dev/fanfare/generator/diag"
	"fanfare.dev/fanfare/generator/minify"
	"fanfare.dev/fanfare/generator/output"
)

// Files is the publisher of build --watch: after a first build published
// through a staging folder and swapped in whole (as fanfare build does),
// each later build writes only the files whose bytes changed, each to a
// temporary file renamed over the old one, and removes the files the build
// no longer makes. Nothing reaches the destination before Commit, so a
// failed build (Abort) changes nothing.
//
// A file is known unchanged without reading it again when the build hands
// over the very bytes of the last one (a Session reuses the bytes of the
// routes it did not render again); otherwise by a hash of its bytes as
// rendered, before minifying, so that only changed files are minified.
// A copied file is known unchanged by the size and time of its source.
type Files struct {
	dir  string
	o    output.Options
	seed maphash.Seed

	mu      sync.Mutex
	last    map[string]fileState // what the destination holds, by path
	next    map[string]fileState // what the build under way makes
	pending map[string]pendingFile
	staging *output.Dest // the first build's
	held    *output.Lock // the lock this build took, if o.Lock is nil
	mini    *minify.Minifier
	html    bool // minify HTML too
	warns   []*diag.Diagnostic
}

// fileState identifies the bytes of a published file.
type fileState struct {
	ptr  unsafe.Pointer // first byte of the bytes handed over, if any
	size int
	hash uint64
}

// pendingFile is a file to write at Commit: data, or a copy of src in fsys.
type pendingFile struct {
	data []byte
	fsys fs.FS
	src  string
}

// NewFiles returns a publisher of the destination of opts, which the
// first build checks as fanfare build does (see output.Check). opts
// should hold the destination's lock (see LockDestination) for as long
// as the publisher is used; if it does not, each build takes the lock
// for its own time. What is published is recorded in the build cache,
// as fanfare build records it, never in the destination.
func NewFiles(opts Options) *Files {
	opts = withDefaults(opts)
	return &Files{dir: opts.Destination, o: destOptions(opts, opts.lock), seed: maphash.MakeSeed()}
}

// begin starts a build.
func (f *Files) begin() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.next, f.pending, f.warns = make(map[string]fileState, len(f.last)), map[string]pendingFile{}, nil
	if f.last == nil {
		d, err := output.Open(f.dir, f.o)
		f.staging = d
		return err
	}
	if f.o.Lock == nil {
		l, err := output.Acquire(f.dir)
		if err != nil {
			return err
		}
		f.held = l
	}
	return nil
}

// release gives up the lock this build took, if any. Called with f.mu
// held.
func (f *Files) release() {
	if f.held != nil {
		f.held.Release()
		f.held = nil
	}
}

// minifyWith makes the publisher minify what it writes, as a build does.
func (f *Files) minifyWith(m *minify.Minifier, html bool) {
	f.mu.Lock()
	f.mini, f.html = m, html
	f.mu.Unlock()
}

func (f *Files) Write(rel string, data []byte) error {
	st := fileState{size: len(data)}
	if len(data) > 0 {
		st.ptr = unsafe.Pointer(unsafe.SliceData(data))
	}
	f.mu.Lock()
	old, had := f.last[rel]
	f.mu.Unlock()
	if had && old.ptr == st.ptr && old.size == st.size && st.ptr != nil {
		st.hash = old.hash
	} else {
		st.hash = maphash.Bytes(f.seed, data)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.next[rel] = st
	if had && old.hash == st.hash && old.size == st.size && f.staging == nil {
		delete(f.pending, rel)
		return nil
	}
	f.pending[rel] = pendingFile{data: data}
	if f.staging != nil {
		return f.staging.Write(rel, f.minified(rel, data))
	}
	return nil
}

func (f *Files) Copy(rel string, fsys fs.FS, name string) error {
	info, err := fs.Stat(fsys, name)
	if err != nil {
		return err
	}
	var h maphash.Hash
	h.SetSeed(f.seed)
	fmt.Fprintf(&h, "copy %p %s %d %d", fsys, name, info.Size(), info.ModTime().UnixNano())
	st := fileState{size: int(info.Size()), hash: h.Sum64()}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.next[rel] = st
	if old, had := f.last[rel]; had && old == st && f.staging == nil {
		return nil
	}
	f.pending[rel] = pendingFile{fsys: fsys, src: name}
	if f.staging != nil {
		return f.staging.Copy(rel, fsys, name)
	}
	return nil
}

// minified returns data minified as a build minifies the file rel.
// Called with f.mu held.
func (f *Files) minified(rel string, data []byte) []byte {
	if f.mini == nil || !minify.Handles(rel) || (!f.html && path.Ext(rel) == ".html") {
		return data
	}
	small, err := f.mini.File(rel, data)
	if err != nil {
		f.warns = append(f.warns, &diag.Diagnostic{Severity: diag.Warning, File: rel, Msg: "published without minifying it", Err: err})
	}
	return small
}

// Commit brings the destination to this build: the first build by a
// swap, later ones file by file.
func (f *Files) Commit() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.staging != nil {
		err := f.staging.Commit()
		if err != nil {
			f.staging.Abort()
		} else {
			f.last = f.next
		}
		f.staging, f.pending = nil, nil
		return err
	}
	defer f.release()
	var gone []string
	for rel := range f.last {
		if _, ok := f.next[rel]; !ok {
			gone = append(gone, rel)
		}
	}
	if len(gone) == 0 && len(f.pending) == 0 {
		f.last, f.pending = f.next, nil
		return nil
	}
	// The record names the published files. When this build only
	// replaces files the destination already holds, it stays true as it
	// is and is not written again (at 10,000 stories that was 40 ms of
	// every edit).
	var added []string
	for rel := range f.pending {
		if _, ok := f.last[rel]; !ok {
			added = append(added, rel)
		}
	}
	same := len(gone) == 0 && len(added) == 0
	// While files are replaced the record covers both builds, so that
	// whatever an interruption leaves is known as Fanfare's (the last
	// record already does when no file is added).
	if len(added) > 0 {
		both := make([]string, 0, len(f.last)+len(added))
		for rel := range f.last {
			both = append(both, rel)
		}
		if err := output.WriteRecord(f.dir, f.o, append(both, added...)); err != nil {
			return err
		}
	}
	var errs []error
	for _, rel := range slices.Sorted(mapKeys(f.pending)) {
		if err := f.replace(rel, f.pending[rel]); err != nil {
			errs = append(errs, err)
			delete(f.next, rel) // written again next time
		}
	}
	for _, rel := range gone {
		if err := f.remove(rel); err != nil {
			errs = append(errs, err)
			f.next[rel] = f.last[rel] // still there; removed next time
		}
	}
	if !same {
		names := make([]string, 0, len(f.next))
		for rel := range f.next {
			names = append(names, rel)
		}
		slices.Sort(names)
		if err := output.WriteRecord(f.dir, f.o, names); err != nil {
			errs = append(errs, err)
		}
	}
	f.last, f.pending = f.next, nil
	return errors.Join(errs...)
}

// Abort forgets the build under way; the destination stays as it was.
func (f *Files) Abort() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.staging != nil {
		f.staging.Abort()
		f.staging = nil
	}
	f.release()
	f.next, f.pending = nil, nil
}

// warnings returns the problems minifying the files of the last build.
func (f *Files) warnings() []*diag.Diagnostic {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.warns
}

// replace writes one file through a temporary file beside it.
func (f *Files) replace(rel string, p pendingFile) error {
	data := p.data
	if p.fsys != nil {
		var err error
		if data, err = fs.ReadFile(p.fsys, p.src); err != nil {
			return fmt.Errorf("%s: %w", p.src, err)
		}
	} else {
		data = f.minified(rel, data)
	}
	name := filepath.Join(f.dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(name), ".fanfare-tmp-*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), name)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("cannot write %s: %w", name, err)
	}
	return nil
}

// remove deletes a file the build no longer makes, and the folders it
// leaves empty.
func (f *Files) remove(rel string) error {
	name := filepath.Join(f.dir, filepath.FromSlash(rel))
	if err := os.Remove(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	root := filepath.Clean(f.dir)
	for d := filepath.Dir(name); d != root && strings.HasPrefix(d, root); d = filepath.Dir(d) {
		if os.Remove(d) != nil {
			break // not empty
		}
	}
	return nil
}

// mapKeys yields the keys of m.
func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}
