// Package output owns the destination folder. A build writes into a
// staging folder beside the destination and swaps it in only when every
// file is written, so the destination always holds one complete build:
// the last good one, or the new one. On Linux the swap is one atomic
// exchange of the two folders (renameat2 with RENAME_EXCHANGE); elsewhere,
// or where the file system cannot exchange, it is two renames, and a build
// killed between them is repaired by the next one.
//
// One build at a time publishes to a destination: Open takes a Lock
// beside it, and a second build is refused with a message naming the
// first. Staging folders carry their build's process id, and only those
// of builds that are gone are cleaned away.
//
// A destination that is a symbolic link is published through it: the
// folder it points to is swapped and the link stays. A destination that
// cannot be moved (a mount point) is updated in place, file by file.
//
// The package refuses destinations it must not clean: the file system
// root, the home folder, the site's own folders, and any folder holding
// files (or folders) that Fanfare did not write. What it wrote is kept in
// a record in the build cache (Options.RecordDir), never in the
// destination. It never deletes anything outside the destination and its
// own staging folders. Published files are always written, never linked
// to files elsewhere.
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
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// ManifestName is the file in which Fanfare versions before the record
// moved to the build cache listed, in the destination itself, what they
// wrote. It is still read, so that such a destination is recognised, and
// it disappears with the next build.
const ManifestName = ".fanfare-manifest"

// recordName is the record's file in Options.RecordDir.
const recordName = "published"

// Options say how a destination is used.
type Options struct {
	// Protected lists folders that must never be cleaned (the site root,
	// content/, …): neither they nor any folder that contains them may be
	// the destination.
	Protected []string
	// RecordDir is the folder, outside the destination (in the build
	// cache), where the record of what was published there is kept.
	RecordDir string
	// Lock, if not nil, is the destination's lock, held by the caller
	// (such as build --watch) across builds. If nil, Open takes it and
	// Commit or Abort give it up.
	Lock *Lock
}

// Dest is a destination being written.
type Dest struct {
	name    string // as the user named it
	dir     string // absolute, resolved destination
	staging string
	o       Options
	lock    *Lock // released by Commit or Abort, if Open took it

	mu      sync.Mutex
	written map[string]bool
	dirs    map[string]*mkdir // folders of the staging folder made or being made

	bytes atomic.Int64 // written into the staging folder
	full  atomic.Pointer[DiskFullError]
}

// Check reports why dir may not be used as a destination, or nil.
func Check(dir string, o Options) error {
	abs, err := Resolve(dir)
	if err != nil {
		return err
	}
	return check(dir, abs, o)
}

func check(dir, abs string, o Options) error {
	if abs == filepath.VolumeName(abs)+string(filepath.Separator) {
		return fmt.Errorf("refusing to use %s as the destination: it is the root of the file system", dir)
	}
	if home, err := os.UserHomeDir(); err == nil && sameDir(abs, home) {
		return fmt.Errorf("refusing to use %s as the destination: it is your home folder", dir)
	}
	for _, p := range o.Protected {
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
	_, err = previous(dir, abs, o)
	return err
}

// previous returns the files of the destination abs as recorded, nil if
// it does not exist, or an error refusing it if it holds anything that
// Fanfare did not write.
func previous(dir, abs string, o Options) (map[string]bool, error) {
	entries, err := os.ReadDir(abs)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if len(entries) == 0 {
		return map[string]bool{}, nil
	}
	rec, err := readRecord(o.RecordDir, abs)
	if err != nil {
		return nil, fmt.Errorf("refusing to clean %s: it holds files that fanfare did not write (or fanfare's record of them went with the cache folder); empty it or choose another --destination", dir)
	}
	if s := strangers(abs, rec); len(s) > 0 {
		return nil, fmt.Errorf("refusing to clean %s: %s not written by fanfare; move %s away (put files to publish in static/) or choose another --destination", dir, listNames(s), them(s))
	}
	return rec, nil
}

// strangers returns the files and folders under dir that rec does not
// account for (a folder is accounted for if a recorded file lies in it),
// folders as "name/", at most a few.
func strangers(dir string, rec map[string]bool) []string {
	ours := map[string]bool{}
	for f := range rec {
		for d := pathDir(f); d != "."; d = pathDir(d) {
			ours[d] = true
		}
	}
	var out []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == dir {
			return nil
		}
		if len(out) >= 5 {
			return filepath.SkipAll
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		switch {
		case d.IsDir() && !ours[rel]:
			out = append(out, rel+"/")
			return filepath.SkipDir
		case !d.IsDir() && !rec[rel] && rel != ManifestName:
			out = append(out, rel)
		}
		return nil
	})
	return out
}

func pathDir(p string) string {
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		return p[:i]
	}
	return "."
}

func listNames(s []string) string {
	if len(s) == 1 {
		return s[0] + " was"
	}
	if len(s) >= 5 {
		return strings.Join(s[:4], ", ") + " and more were"
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1] + " were"
}

func them(s []string) string {
	if len(s) == 1 {
		return "it"
	}
	return "them"
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

// readRecord reads what was published to abs: the record in recordDir,
// or else the manifest an older Fanfare kept in the destination.
func readRecord(recordDir, abs string) (map[string]bool, error) {
	if recordDir != "" {
		m, err := readList(filepath.Join(recordDir, recordName), recordHeader(abs))
		if err == nil {
			return m, nil
		}
	}
	return readList(filepath.Join(abs, ManifestName), "")
}

func recordHeader(abs string) string { return "fanfare published " + abs }

// readList reads a file of paths, one a line, after header (if any).
func readList(name, header string) (map[string]bool, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m := map[string]bool{}
	sc := bufio.NewScanner(f)
	if header != "" && (!sc.Scan() || sc.Text() != header) {
		return nil, fmt.Errorf("%s is not the record of this destination", name)
	}
	for sc.Scan() {
		if l := sc.Text(); l != "" {
			m[l] = true
		}
	}
	return m, sc.Err()
}

// writeRecord replaces the record of abs in recordDir with files.
func writeRecord(recordDir, abs string, files []string) error {
	if recordDir == "" {
		return nil
	}
	if err := os.MkdirAll(recordDir, 0o755); err != nil {
		return err
	}
	head := recordHeader(abs) + "\n"
	size := len(head)
	for _, f := range files {
		size += len(f) + 1
	}
	b := make([]byte, 0, size)
	b = append(b, head...)
	for _, f := range files {
		b = append(append(b, f...), '\n')
	}
	name := filepath.Join(recordDir, recordName)
	tmp := name + "." + strconv.Itoa(os.Getpid()) + ".tmp"
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, name); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// stagingPrefix names the staging folders (and the lock) of destination dir.
func stagingPrefix(dir string) string {
	return "." + filepath.Base(dir) + ".fanfare-"
}

// Open prepares to write dir: it takes the destination's lock (unless
// o.Lock holds it), checks dir (see Check), removes the staging folders
// that interrupted builds left behind, and creates a new one.
func Open(dir string, o Options) (*Dest, error) {
	abs, err := Resolve(dir)
	if err != nil {
		return nil, err
	}
	lock, own := o.Lock, false
	if lock == nil {
		if lock, err = Acquire(dir); err != nil {
			return nil, err
		}
		own = true
	} else if lock.dir != abs {
		return nil, fmt.Errorf("the lock held is for %s, not %s", lock.dir, dir)
	}
	fail := func(err error) (*Dest, error) {
		if own {
			lock.Release()
		}
		return nil, err
	}
	if err := check(dir, abs, o); err != nil {
		return fail(err)
	}
	parent := filepath.Dir(abs)
	cleanStale(abs)
	staging, err := os.MkdirTemp(parent, stagingPrefix(abs)+"staging-"+strconv.Itoa(os.Getpid())+"-")
	if err != nil {
		return fail(fmt.Errorf("cannot create a staging folder beside %s: %w", dir, err))
	}
	if err := os.Chmod(staging, 0o755); err != nil {
		os.Remove(staging)
		return fail(err)
	}
	d := &Dest{name: dir, dir: abs, staging: staging, o: o, written: map[string]bool{}, dirs: map[string]*mkdir{}}
	if own {
		d.lock = lock
	}
	return d, nil
}

// cleanStale removes the staging and old folders that interrupted builds
// of abs left behind; the caller holds the lock. A folder whose build
// still runs (one of a Fanfare without the lock) is left alone. If an
// interrupted swap left no destination but an old one, the old one is
// put back, and never deleted while there is no destination.
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
		if pid := owner(strings.TrimPrefix(name, prefix)); pid != 0 && pid != os.Getpid() && alive(pid) {
			continue
		}
		p := filepath.Join(parent, name)
		if strings.HasPrefix(name, prefix+"old-") {
			if _, err := os.Lstat(abs); errors.Is(err, fs.ErrNotExist) {
				// The last good build: put it back, or, if that fails,
				// leave it where it is rather than delete it (a later
				// build, with a destination again, removes it).
				os.Rename(p, abs)
				continue
			}
		}
		os.RemoveAll(p)
	}
}

// owner returns the process id in a staging folder's name
// ("staging-PID-RANDOM" or "old-PID-RANDOM"), or 0.
func owner(name string) int {
	_, rest, ok := strings.Cut(name, "-")
	if !ok {
		return 0
	}
	pid, _, ok := strings.Cut(rest, "-")
	if !ok {
		return 0 // an older Fanfare's name
	}
	n, _ := strconv.Atoi(pid)
	return n
}

// Dir returns the destination's absolute path (a link resolved).
func (d *Dest) Dir() string { return d.dir }

// Write writes a file at rel (slash-separated, relative to the destination).
// It is safe for concurrent use.
func (d *Dest) Write(rel string, data []byte) error {
	size := int64(len(data))
	if d.skip(size) {
		return nil
	}
	p, err := d.prepare(rel)
	if err != nil {
		return d.fail(err, size)
	}
	if err := writeFile(p, data); err != nil {
		return d.fail(fmt.Errorf("cannot write %s: %w", rel, err), size)
	}
	d.bytes.Add(size)
	return nil
}

// pathError is an *fs.PathError for a failed system call.
type pathError = fs.PathError

// Copy copies name from fsys to rel.
func (d *Dest) Copy(rel string, fsys fs.FS, name string) error {
	var size int64
	if st, err := fs.Stat(fsys, name); err == nil {
		size = st.Size()
	}
	if d.skip(size) {
		return nil
	}
	p, err := d.prepare(rel)
	if err != nil {
		return d.fail(err, size)
	}
	src, err := fsys.Open(name)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.OpenFile(p, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
	if err != nil {
		return d.fail(fmt.Errorf("cannot write %s: %w", rel, err), size)
	}
	n, err := io.Copy(dst, src)
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return d.fail(fmt.Errorf("cannot copy %s to %s: %w", name, rel, err), size)
	}
	d.bytes.Add(n)
	return nil
}

func (d *Dest) prepare(rel string) (string, error) {
	clean := filepath.ToSlash(filepath.Clean(filepath.FromSlash(rel)))
	if clean == "." || strings.HasPrefix(clean, "../") || clean == ".." || filepath.IsAbs(rel) || clean == ManifestName {
		return "", fmt.Errorf("refusing to write %q outside the destination", rel)
	}
	p := filepath.Join(d.staging, filepath.FromSlash(clean))
	dir := filepath.Dir(p)
	d.mu.Lock()
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

// Commit puts the staging folder in place of the destination. Files of
// the old destination that this build did not write are gone afterwards.
// It refuses if anything was added to the destination while the build
// ran, rather than deleting it.
func (d *Dest) Commit() error {
	defer d.releaseLock()
	if f := d.full.Load(); f != nil {
		return f.diagnostic()
	}
	files := d.Files()
	old, err := previous(d.name, d.dir, d.o)
	if err != nil {
		// It was checked when the build began: what is new came meanwhile.
		return fmt.Errorf("%w (it changed while the build ran; %s was left as it was)", err, d.name)
	}
	// While the swap is under way the record covers both builds, so that
	// whatever a kill leaves in the destination is known as Fanfare's.
	both := append(keys(old), files...)
	if err := writeRecord(d.o.RecordDir, d.dir, both); err != nil {
		return d.fail(fmt.Errorf("cannot write the record of %s in the build cache: %w", d.name, err), 0)
	}
	if old == nil {
		err = rename(d.staging, d.dir)
	} else {
		err = d.swap(old, files)
	}
	if err != nil {
		return err
	}
	if err := writeRecord(d.o.RecordDir, d.dir, files); err != nil {
		return fmt.Errorf("cannot write the record of %s in the build cache: %w", d.name, err)
	}
	return nil
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for f := range m {
		out = append(out, f)
	}
	return out
}

// Test hooks: the system calls of the swap.
var (
	rename       = os.Rename
	exchangeDirs = exchange
)

// errNoExchange says that the system or file system cannot exchange two
// folders in one step.
var errNoExchange = errors.New("atomic exchange not supported")

// swap puts the staging folder in place of the existing destination.
func (d *Dest) swap(old map[string]bool, files []string) error {
	err := exchangeDirs(d.staging, d.dir)
	if err == nil {
		os.RemoveAll(d.staging) // now the previous build
		return nil
	}
	if unmovable(err) {
		return d.syncInto(old, files)
	}
	if !errors.Is(err, errNoExchange) {
		return fmt.Errorf("cannot put the new build in place of %s: %w", d.name, err)
	}
	aside := filepath.Join(filepath.Dir(d.dir), stagingPrefix(d.dir)+"old-"+strings.TrimPrefix(filepath.Base(d.staging), stagingPrefix(d.dir)+"staging-"))
	if err := rename(d.dir, aside); err != nil {
		if unmovable(err) {
			return d.syncInto(old, files)
		}
		return fmt.Errorf("cannot move the previous build aside: %w", err)
	}
	if err := rename(d.staging, d.dir); err != nil {
		rename(aside, d.dir)
		return fmt.Errorf("cannot move the new build into place: %w", err)
	}
	os.RemoveAll(aside)
	return nil
}

// Abort removes the staging folder; the destination stays as it was.
func (d *Dest) Abort() {
	os.RemoveAll(d.staging)
	d.releaseLock()
}

func (d *Dest) releaseLock() {
	d.mu.Lock()
	l := d.lock
	d.lock = nil
	d.mu.Unlock()
	l.Release()
}

// WriteRecord replaces the record of what is published in dir (kept in
// o.RecordDir) with files, for a publisher that updates dir in place,
// file by file, while it holds the destination's lock (build --watch).
// While it updates, the record must cover the files before and after.
func WriteRecord(dir string, o Options, files []string) error {
	abs, err := Resolve(dir)
	if err != nil {
		return err
	}
	if err := writeRecord(o.RecordDir, abs, files); err != nil {
		return fmt.Errorf("cannot write the record of %s in the build cache: %w", dir, err)
	}
	return nil
}
