package cache

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// MaxAge is how long a folder of the cache folder is kept when no build
// or preview uses it: the record and pages of a destination no longer
// built into, the converted texts and cards of a site moved or deleted.
const MaxAge = 30 * 24 * time.Hour

// trimEvery is how often Trim looks at the cache folder at most, and
// useEvery how often Use changes a folder's time at most: the same
// rhythm as Go's own build cache, so that neither costs a build anything
// that counts.
const (
	trimEvery = 24 * time.Hour
	useEvery  = time.Hour
)

// trimStamp is the file under the base folder that holds when Trim last
// looked.
const trimStamp = "trim.txt"

// ours matches the names Dir and StoreDir give: a folder's base name, a
// hyphen and 16 hexadecimal digits.
var ours = regexp.MustCompile(`^.+-[0-9a-f]{16}$`)

// Use marks the folder dir as used at now, for Trim: it sets the folder's
// modification time, unless it was set less than an hour ago. A missing
// folder is left missing.
func Use(dir string, now time.Time) {
	st, err := os.Stat(dir)
	if err != nil || !st.IsDir() || now.Sub(st.ModTime()) < useEvery {
		return
	}
	os.Chtimes(dir, now, now) // at worst the folder goes a month early
}

// Trim deletes, at most once a day, the folders under base (or the
// user's cache folder) that no build or preview has used for MaxAge: a
// destination's record and pages (Dir) and a site's stores (StoreDir) of
// each of the names stores, such as "cards". Folders of other names, the picture
// copies every site shares, and the records of what was published into a
// destination are never deleted. It returns the folders it deleted.
// Deleting them is always safe: what a build finds missing, it makes
// again.
func Trim(base string, now time.Time, stores ...string) ([]string, error) {
	base = baseDir(base)
	stamp := filepath.Join(base, trimStamp)
	if data, err := os.ReadFile(stamp); err == nil {
		if sec, err := strconv.ParseInt(strings.TrimSpace(string(data)), 10, 64); err == nil {
			if last := time.Unix(sec, 0); now.Sub(last) < trimEvery && !last.After(now) {
				return nil, nil
			}
		}
	}
	if _, err := os.Stat(base); errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	var removed []string
	var errs []error
	old := func(e fs.DirEntry) bool {
		info, err := e.Info()
		return err == nil && now.Sub(info.ModTime()) > MaxAge
	}
	parents := []string{base}
	for _, name := range stores {
		parents = append(parents, filepath.Join(base, name))
	}
	for _, parent := range parents {
		entries, err := os.ReadDir(parent)
		if err != nil {
			if !errors.Is(err, fs.ErrNotExist) {
				errs = append(errs, err)
			}
			continue
		}
		for _, e := range entries {
			dir := filepath.Join(parent, e.Name())
			if !e.IsDir() || !ours.MatchString(e.Name()) || (parent == base && !isBuildFolder(dir)) || !old(e) {
				continue
			}
			if err := os.RemoveAll(dir); err != nil {
				errs = append(errs, err)
				continue
			}
			removed = append(removed, dir)
		}
	}
	if err := writeFile(stamp, []byte(strconv.FormatInt(now.Unix(), 10)+"\n"), 0o600); err != nil {
		errs = append(errs, err)
	}
	return removed, errors.Join(errs...)
}

// isBuildFolder reports whether dir, a folder right under the base
// folder, is one that Dir names: it holds a record or a pack.
func isBuildFolder(dir string) bool {
	for _, name := range []string{recordName, "pages.pack"} {
		if _, err := os.Lstat(filepath.Join(dir, name)); err == nil {
			return true
		}
	}
	return false
}
