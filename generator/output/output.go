// Package output owns the destination folder. A build writes into a
// staging folder beside the destination and swaps it in only when every
// file is written, so the destination always holds one complete build:
// the last good one, or the new one.
//
// The package refuses destinations it must not clean: the file system
// root, the home folder, the site's own folders, and any folder holding
// files that Fanfare did not write (it keeps a manifest of what it wrote in
// ManifestName). It never deletes anything outside the destination and its
// own staging folders.
package output

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
)

// ManifestName is the file in the destination listing what Fanfare wrote.
const ManifestName = ".fanfare-manifest"

// Dest is a destination being written.
type Dest struct {
	dir     string // absolute destination
	staging string

	mu      sync.Mutex
	written map[string]bool
	dirs    map[string]*mkdir // folders of the staging folder made or being made

	// Hard links (see WriteLinked): the permissions Write gives a file,
	// learnt on the first link, and whether linking failed for good (the
	// source on another file system, or one without hard links).
	permOnce sync.Once
	perm     fs.FileMode
	noLinks  atomic.Bool
}

// Check reports why dir may not be used as a destination, or nil. Protected
// lists folders that must never be cleaned (the site root, content/, …):
// neither they nor any folder that contains them may be the destination.
func Check(dir string, protected ...string) error {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	abs = filepath.Clean(abs)
	if abs == filepath.VolumeName(abs)+string(filepath.Separator) {
		return fmt.Errorf("refusing to use %s as the destination: it is the root of the file system", dir)
	}
	if home, err := os.UserHomeDir(); err == nil && sameDir(abs, home) {
		return fmt.Errorf("refusing to use %s as the destination: it is your home folder", dir)
	}
	for _, p := range protected {
		pa, err := filepath.Abs(p)
		if err != nil {
			continue
		}
		if sameDir(abs, pa) || within(pa, abs) {
			return fmt.Errorf("refusing to use %s as the destination: the build would delete %s", dir, p)
		}
	}
	st, err := os.Stat(abs)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !st.IsDir() {
		return fmt.Errorf("refusing to use %s as the destination: it is a file, not a folder", dir)
	}
	entries, err := os.ReadDir(abs)
	if err != nil {
		return err
	}
	if len(entries) == 0 {
		return nil
	}
	manifest, err := readManifest(abs)
	if err != nil {
		return fmt.Errorf("refusing to clean %s: it holds files that fanfare did not write (no %s); empty it or choose another --destination", dir, ManifestName)
	}
	var stranger string
	_ = filepath.WalkDir(abs, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || stranger != "" {
			return nil
		}
		rel, _ := filepath.Rel(abs, p)
		rel = filepath.ToSlash(rel)
		if rel != ManifestName && !manifest[rel] {
			stranger = rel
			return filepath.SkipAll
		}
		return nil
	})
	if stranger != "" {
		return fmt.Errorf("refusing to clean %s: %s was not written by fanfare; move it away (put files to publish in static/) or choose another --destination", dir, stranger)
	}
	return nil
}

func sameDir(a, b string) bool {
	if filepath.Clean(a) == filepath.Clean(b) {
		return true
	}
	sa, err1 := os.Stat(a)
	sb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(sa, sb)
}

// within reports whether p lies inside dir.
func within(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != "." && !strings.HasPrefix(rel, "..") && !filepath.IsAbs(rel)
}

func readManifest(dir string) (map[string]bool, error) {
	f, err := os.Open(filepath.Join(dir, ManifestName))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if l := sc.Text(); l != "" {
			m[l] = true
		}
	}
	return m, sc.Err()
}

// stagingPrefix names the staging folders of destination dir.
func stagingPrefix(dir string) string {
	return "." + filepath.Base(dir) + ".fanfare-"
}

// Open prepares to write dir: it checks it (see Check), removes staging
// folders that an interrupted build left behind, and creates a new one.
func Open(dir string, protected ...string) (*Dest, error) {
	if err := Check(dir, protected...); err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	parent := filepath.Dir(abs)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create %s: %w", parent, err)
	}
	cleanStale(abs)
	staging, err := os.MkdirTemp(parent, stagingPrefix(abs)+"staging-")
	if err != nil {
		return nil, fmt.Errorf("cannot create a staging folder beside %s: %w", dir, err)
	}
	if err := os.Chmod(staging, 0o755); err != nil {
		return nil, err
	}
	return &Dest{dir: abs, staging: staging, written: map[string]bool{}, dirs: map[string]*mkdir{}}, nil
}

// cleanStale removes the staging and old folders of earlier builds of dir
// that were interrupted. If an interrupted swap left no destination but an
// old one, the old one is put back first.
func cleanStale(abs string) {
	parent := filepath.Dir(abs)
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	prefix := stagingPrefix(abs)
	for _, e := range entries {
		name := e.Name()
		if !e.IsDir() || !strings.HasPrefix(name, prefix) {
			continue
		}
		p := filepath.Join(parent, name)
		if strings.HasPrefix(name, prefix+"old-") {
			if _, err := os.Stat(abs); errors.Is(err, fs.ErrNotExist) {
				if os.Rename(p, abs) == nil {
					continue
				}
			}
		}
		os.RemoveAll(p)
	}
}

// Dir returns the destination's absolute path.
func (d *Dest) Dir() string { return d.dir }

// Write writes a file at rel (slash-separated, relative to the destination).
// It is safe for concurrent use.
func (d *Dest) Write(rel string, data []byte) error {
	p, err := d.prepare(rel)
	if err != nil {
		return err
	}
	return d.write(rel, p, data)
}

func (d *Dest) write(rel, p string, data []byte) error {
	if err := writeFile(p, data); err != nil {
		return fmt.Errorf("cannot write %s: %w", rel, err)
	}
	return nil
}

// WriteLinked writes data at rel as Write does, or, when it can, makes rel
// a hard link to src, a file outside the destination holding the same
// bytes (such as an entry of the build cache's card store): one system
// call instead of creating, filling and later flushing a file. It links
// only when src is a regular file of len(data) bytes with the
// permissions Write would give, so the published file is the same either
// way. The two names are then one file: src must be replaced (written
// elsewhere and renamed), never written in place. An empty src, or a
// source on another file system, writes data.
func (d *Dest) WriteLinked(rel string, data []byte, src string) error {
	p, err := d.prepare(rel)
	if err != nil {
		return err
	}
	if src != "" && d.link(src, p, int64(len(data))) {
		return nil
	}
	return d.write(rel, p, data)
}

// link makes dst a hard link to src, if src suits (see WriteLinked).
func (d *Dest) link(src, dst string, size int64) bool {
	if d.noLinks.Load() {
		return false
	}
	d.permOnce.Do(func() { d.perm = filePerm(d.staging) })
	st, err := os.Lstat(src)
	if err != nil || !st.Mode().IsRegular() || st.Size() != size || st.Mode().Perm() != d.perm {
		return false
	}
	if err := os.Link(src, dst); err != nil {
		if !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, fs.ErrExist) {
			d.noLinks.Store(true) // another file system, or one without hard links
		}
		return false
	}
	return true
}

// filePerm returns the permissions writeFile gives a new file in the
// staging folder dir (0644 less the umask), or 0 if it cannot tell. It
// tries on the manifest's name, which no other file may take and which
// Commit writes only once every file is written.
func filePerm(dir string) fs.FileMode {
	probe := filepath.Join(dir, ManifestName)
	if err := writeFile(probe, nil); err != nil {
		return 0
	}
	defer os.Remove(probe)
	st, err := os.Lstat(probe)
	if err != nil {
		return 0
	}
	return st.Mode().Perm()
}

// pathError is an *fs.PathError for a failed system call.
type pathError = fs.PathError

// Copy copies name from fsys to rel.
func (d *Dest) Copy(rel string, fsys fs.FS, name string) error {
	p, err := d.prepare(rel)
	if err != nil {
		return err
	}
	src, err := fsys.Open(name)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.OpenFile(p, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", rel, err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		return fmt.Errorf("cannot copy %s to %s: %w", name, rel, err)
	}
	return dst.Close()
}

func (d *Dest) prepare(rel string) (string, error) {
	clean := filepath.ToSlash(filepath.Clean(filepath.FromSlash(rel)))
	if clean == "." || strings.HasPrefix(clean, "../") || clean == ".." || filepath.IsAbs(rel) || clean == ManifestName {
		return "", fmt.Errorf("refusing to write %q outside the destination", rel)
	}
	p := filepath.Join(d.staging, filepath.FromSlash(clean))
	dir := filepath.Dir(p)
	d.mu.Lock()
	again := d.written[clean]
	d.written[clean] = true
	m := d.dirs[dir]
	if m == nil {
		m = &mkdir{}
		d.dirs[dir] = m
	}
	d.mu.Unlock()
	// Files of one folder written at once (a page and its share card)
	// both wait until the first has made the folder.
	m.once.Do(func() {
		// One system call in the common case where the parent exists.
		if err := os.Mkdir(dir, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
			m.err = os.MkdirAll(dir, 0o755)
		}
	})
	if m.err != nil {
		return "", fmt.Errorf("cannot create folder for %s: %w", rel, m.err)
	}
	if again {
		// The file written before may be a hard link (WriteLinked): a new
		// file replaces it rather than overwriting the file it links to.
		os.Remove(p)
	}
	return p, nil
}

// mkdir makes one folder once, however many files are written into it
// at the same time.
type mkdir struct {
	once sync.Once
	err  error
}

// Files returns the paths written so far, sorted.
func (d *Dest) Files() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := make([]string, 0, len(d.written))
	for f := range d.written {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

// Commit writes the manifest and swaps the staging folder in for the
// destination. Files of the old destination that this build did not
// write are gone afterwards.
func (d *Dest) Commit() error {
	files := d.Files()
	manifest := strings.Join(files, "\n") + "\n"
	if err := os.WriteFile(filepath.Join(d.staging, ManifestName), []byte(manifest), 0o644); err != nil {
		return fmt.Errorf("cannot write the manifest: %w", err)
	}
	old := ""
	if _, err := os.Stat(d.dir); err == nil {
		old = filepath.Join(filepath.Dir(d.dir), stagingPrefix(d.dir)+"old-"+strings.TrimPrefix(filepath.Base(d.staging), stagingPrefix(d.dir)+"staging-"))
		if err := os.Rename(d.dir, old); err != nil {
			return fmt.Errorf("cannot move the previous build aside: %w", err)
		}
	}
	if err := os.Rename(d.staging, d.dir); err != nil {
		if old != "" {
			os.Rename(old, d.dir)
		}
		return fmt.Errorf("cannot move the new build into place: %w", err)
	}
	if old != "" {
		os.RemoveAll(old)
	}
	return nil
}

// Abort removes the staging folder; the destination stays as it was.
func (d *Dest) Abort() {
	os.RemoveAll(d.staging)
}
