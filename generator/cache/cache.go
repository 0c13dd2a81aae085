// Package cache owns the build cache: a record, kept in a folder outside
// the destination, of the last successful build of a site: a hash of every
// input (the site's files, the theme, the fanfare binary, the options) and
// the size and modification time of every file it wrote. A build whose
// inputs hash the same, into a destination that still holds exactly those
// files, has nothing to do.
//
// A record is trusted only if its own checksum matches, its inputs match
// and the destination is untouched; anything else (a damaged, stale or
// foreign record) is ignored and the site is built in full.
//
// Beside the record, a Store keeps files by content key in the same
// folder, such as the share cards of earlier builds, so that a build
// reuses what its inputs did not change.
//
// The package reads the site and the destination only to hash and stat
// them; it writes nothing but its own record and its stores.
package cache

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// version changes whenever the record's format or meaning changes.
const version = "fanfare-cache-1"

// Record describes one successful build.
type Record struct {
	Version string
	// Inputs is the hash of everything the build read.
	Inputs string
	// Dest is the absolute destination.
	Dest string
	// ValidUntil is the date of the earliest page that was left out
	// because it lay in the future: from then on the record is stale.
	ValidUntil time.Time
	// Files are the files written, with their size and modification time.
	Files []File
	// Pages is the number of pages the build rendered.
	Pages int
	// Warnings are the build's warnings, shown again when the record is used.
	Warnings []Warning
	// Sum is a checksum over all other fields.
	Sum string
}

// Warning is a warning of the recorded build.
type Warning struct {
	File string
	Line int
	Msg  string
}

// File is one file of the destination.
type File struct {
	Path    string
	Size    int64
	ModTime int64 // nanoseconds
}

// Dir returns the cache folder for the site at source built into dest:
// a folder per site and destination under the user's cache folder.
func Dir(base, source, dest string) (string, error) {
	base = baseDir(base)
	src, err := filepath.Abs(source)
	if err != nil {
		return "", err
	}
	dst, err := filepath.Abs(dest)
	if err != nil {
		return "", err
	}
	h := sha256.Sum256([]byte(src + "\x00" + dst))
	return filepath.Join(base, filepath.Base(src)+"-"+hex.EncodeToString(h[:8])), nil
}

// ImagesDir returns the folder of the image cache (see package images),
// under base or else the user's cache folder. Its entries are named by a
// hash of their source, so every site shares it.
func ImagesDir(base string) string {
	return filepath.Join(baseDir(base), "images")
}

// BaseDir returns base, or by default fanfare's folder in the user's
// cache folder: the folder under which every cache of Fanfare lies.
func BaseDir(base string) string { return baseDir(base) }

// baseDir returns base, or by default fanfare's folder in the user's
// cache folder.
func baseDir(base string) string {
	if base != "" {
		return base
	}
	ucd, err := os.UserCacheDir()
	if err != nil {
		ucd = os.TempDir()
	}
	return filepath.Join(ucd, "fanfare")
}

// StoreDir returns the folder of the store called name (such as "cards")
// for the site at source: one per site, whatever the destination, so that
// "fanfare build" into any folder and "fanfare serve" share it.
func StoreDir(base, name, source string) (string, error) {
	base = baseDir(base)
	src, err := filepath.Abs(source)
	if err != nil {
		return "", err
	}
	h := sha256.Sum256([]byte(src))
	return filepath.Join(base, name, filepath.Base(src)+"-"+hex.EncodeToString(h[:8])), nil
}

const recordName = "build.json"

// Load reads the record in dir. A missing or damaged record is an error.
func Load(dir string) (*Record, error) {
	data, err := os.ReadFile(filepath.Join(dir, recordName))
	if err != nil {
		return nil, err
	}
	var r Record
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("damaged cache record: %w", err)
	}
	if r.Version != version || r.Sum != r.checksum() {
		return nil, errors.New("damaged or outdated cache record")
	}
	return &r, nil
}

// Save writes the record into dir, replacing the old one atomically.
func (r *Record) Save(dir string) error {
	r.Version = version
	r.Sum = r.checksum()
	data, err := json.Marshal(r)
	if err != nil {
		return err
	}
	return WriteFile(filepath.Join(dir, recordName), data)
}

// WriteFile writes data to the file name, creating its folder, through a
// temporary file in the same folder that is renamed over name: a reader
// sees the old file or the whole new one, never a part. The file can be
// read by its owner only.
func WriteFile(name string, data []byte) error {
	return writeFile(name, data, 0o600)
}

// writeFile is WriteFile for a file created with permissions perm (less
// the umask).
func writeFile(name string, data []byte, perm fs.FileMode) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	var tmp *os.File
	var err error
	for range 100 {
		tmp, err = os.OpenFile(name+"."+strconv.FormatUint(rand.Uint64(), 36)+".tmp", os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
		if !errors.Is(err, fs.ErrExist) {
			break
		}
	}
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), name)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}

func (r *Record) checksum() string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%d\x00%d\x00", r.Version, r.Inputs, r.Dest, r.ValidUntil.UnixNano(), r.Pages)
	for _, f := range r.Files {
		fmt.Fprintf(h, "%s\x00%d\x00%d\x00", f.Path, f.Size, f.ModTime)
	}
	for _, w := range r.Warnings {
		fmt.Fprintf(h, "%s\x00%d\x00%s\x00", w.File, w.Line, w.Msg)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Fresh reports whether the record describes a build of exactly these
// inputs into dest, still valid at now, whose files are all still there,
// unchanged, with nothing else beside them.
func (r *Record) Fresh(inputs, dest string, now time.Time) bool {
	if r.Inputs != inputs || r.Dest != dest || (!r.ValidUntil.IsZero() && !now.Before(r.ValidUntil)) {
		return false
	}
	got, err := Stat(dest)
	if err != nil || len(got) != len(r.Files) {
		return false
	}
	for i := range got {
		if got[i] != r.Files[i] {
			return false
		}
	}
	return true
}

// Stat lists every file under dir with its size and modification time,
// sorted by path.
func Stat(dir string) ([]File, error) {
	var paths []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			paths = append(paths, p)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(paths)
	files := make([]File, len(paths))
	errs := make([]error, len(paths))
	each(len(paths), func(i int) {
		st, err := os.Lstat(paths[i])
		if err != nil {
			errs[i] = err
			return
		}
		rel, _ := filepath.Rel(dir, paths[i])
		files[i] = File{Path: filepath.ToSlash(rel), Size: st.Size(), ModTime: st.ModTime().UnixNano()}
	})
	return files, errors.Join(errs...)
}

// Hasher hashes a build's inputs. Add what the build depends on, then
// call Sum.
type Hasher struct {
	parts []string
}

// AddString adds a value, such as an option, under a name.
func (h *Hasher) AddString(name, value string) {
	h.parts = append(h.parts, "s\x00"+name+"\x00"+value)
}

// AddTree adds every file under dir in fsys (a missing dir adds nothing),
// on all cores.
//
// Files are opened through fsys, so a site's diskfs.FS keeps its trust
// boundary here too: a link out of the site, a named pipe, a device or a
// file over the size limit is never read; it adds its error instead, and
// the build itself reports it. Files of up to contentHashMax bytes are
// hashed by content, streamed; larger ones (pictures, videos) by their
// identity on disk where the system gives one (see identity), so that a
// build whose large files did not change reads none of them.
func (h *Hasher) AddTree(fsys fs.FS, dir string) error {
	return h.AddTreeIf(fsys, dir, nil)
}

// AddTreeIf is AddTree for the files under dir for which keep (if not
// nil) reports true.
func (h *Hasher) AddTreeIf(fsys fs.FS, dir string, keep func(name string) bool) error {
	var names []string
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && p == dir {
				return fs.SkipDir
			}
			return err
		}
		if !d.IsDir() && (keep == nil || keep(p)) {
			names = append(names, p)
		}
		return nil
	})
	if err != nil {
		return err
	}
	sums := make([]string, len(names))
	each(len(names), func(i int) {
		sums[i] = hashFile(fsys, names[i])
	})
	h.parts = append(h.parts, sums...)
	return nil
}

// contentHashMax is the size up to which files are hashed by content:
// text files (stories, layouts, settings) that editors and version
// control often write again unchanged, and that the build reads anyway.
const contentHashMax = 1 << 20

// hashFile returns the part of the hash for the file name in fsys.
func hashFile(fsys fs.FS, name string) string {
	f, err := fsys.Open(name)
	if err != nil {
		return "e\x00" + name + "\x00" + err.Error()
	}
	defer f.Close()
	st, err := f.Stat()
	switch {
	case err != nil:
		return "e\x00" + name + "\x00" + err.Error()
	case st.IsDir():
		return "d\x00" + name // a link to a folder: not read by the build
	case !st.Mode().IsRegular():
		return "e\x00" + name + "\x00" + st.Mode().String()
	}
	if st.Size() > contentHashMax {
		if id, ok := identity(st); ok {
			return "i\x00" + name + "\x00" + id
		}
	}
	s := sha256.New()
	buf := copyBuffers.Get().(*[]byte)
	defer copyBuffers.Put(buf)
	if _, err := io.CopyBuffer(s, f, *buf); err != nil {
		return "e\x00" + name + "\x00" + err.Error()
	}
	return "f\x00" + name + "\x00" + hex.EncodeToString(s.Sum(nil))
}

var copyBuffers = sync.Pool{New: func() any { b := make([]byte, 64<<10); return &b }}

// FileSum returns the SHA-256 of a file on disk, such as the running
// executable, in hexadecimal.
func FileSum(name string) (string, error) {
	f, err := os.Open(name)
	if err != nil {
		return "", err
	}
	defer f.Close()
	s := sha256.New()
	if _, err := io.Copy(s, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(s.Sum(nil)), nil
}

// Sum returns the hash of everything added.
func (h *Hasher) Sum() string {
	s := sha256.Sum256([]byte(strings.Join(h.parts, "\n")))
	return hex.EncodeToString(s[:])
}

// each calls fn(0..n-1) on several goroutines: file system calls block,
// so more goroutines than cores keep the disk busy.
func each(n int, fn func(i int)) {
	workers := min(4*runtime.GOMAXPROCS(0), n)
	var wg sync.WaitGroup
	next := make(chan int, workers)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				fn(i)
			}
		}()
	}
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
}
