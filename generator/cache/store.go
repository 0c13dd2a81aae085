package cache

import (
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
)

// Store keeps files by key in a folder of the build cache, such as the
// share cards drawn by earlier builds (keyed by cards.Key). The key must
// cover every input of the file, so an entry can never be stale; it can
// still be damaged, so the caller checks what Get returns and Puts a
// fresh one when it fails. Prune keeps what this Store's Gets and Puts
// touched and a bounded number of other entries, so the folder holds what
// the latest build used and a little more. A Store is safe for concurrent use.
type Store struct {
	dir, ext string
	mu       sync.Mutex
	used     map[string]bool
}

// OpenStore returns the store in dir for files named key+ext. The folder
// is made by the first Put.
func OpenStore(dir, ext string) *Store {
	return &Store{dir: dir, ext: ext, used: map[string]bool{}}
}

// Dir is the store's folder.
func (s *Store) Dir() string { return s.dir }

// validKey accepts keys of hexadecimal digits, so that a key can never
// name a file outside the store.
func validKey(key string) error {
	if len(key) < 8 || len(key) > 128 {
		return fmt.Errorf("cache key %q: want 8 to 128 hexadecimal digits", key)
	}
	if _, err := hex.DecodeString(key); err != nil {
		return fmt.Errorf("cache key %q: want hexadecimal digits", key)
	}
	return nil
}

// path spreads the entries over 256 subfolders, as git does its objects.
func (s *Store) path(key string) string {
	return filepath.Join(s.dir, key[:2], key+s.ext)
}

// Get returns the entry for key and marks it used. A missing entry is an
// error satisfying errors.Is(err, fs.ErrNotExist).
func (s *Store) Get(key string) ([]byte, error) {
	if err := validKey(key); err != nil {
		return nil, err
	}
	s.mark(key)
	return os.ReadFile(s.path(key))
}

// Path returns the file of the entry for key, which may not exist. A
// build may publish the entry as a hard link to that file (see
// output.Dest.WriteLinked): an entry is replaced by Put, never written in
// place, so what was published stays as it was.
func (s *Store) Path(key string) (string, error) {
	if err := validKey(key); err != nil {
		return "", err
	}
	return s.path(key), nil
}

// Put writes the entry for key, replacing any, and marks it used. The
// entry appears whole or not at all: it is written to a temporary file
// and renamed. Its permissions are those of a published file (0644 less
// the umask), so that it can be published as a hard link.
func (s *Store) Put(key string, data []byte) error {
	if err := validKey(key); err != nil {
		return err
	}
	s.mark(key)
	return writeFile(s.path(key), data, 0o644)
}

func (s *Store) mark(key string) {
	s.mu.Lock()
	s.used[key] = true
	s.mu.Unlock()
}

// Prune bounds the store: it keeps every entry got or put since the
// store was opened, and of the others only the spare most recently
// written (so that switching between two versions of a site, or builds
// with and without drafts, does not draw everything again), deleting the
// rest, leftover temporary files and empty subfolders. It returns how
// many files it deleted. A missing folder is no error.
func (s *Store) Prune(spare int) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	subs, err := os.ReadDir(s.dir)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	type entry struct {
		path string
		mod  int64
	}
	var unused []entry
	var errs []error
	for _, sub := range subs {
		if !sub.IsDir() {
			continue // not ours
		}
		dir := filepath.Join(s.dir, sub.Name())
		files, err := os.ReadDir(dir)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for _, f := range files {
			key, ok := strings.CutSuffix(f.Name(), s.ext)
			if ok && s.used[key] {
				continue
			}
			e := entry{path: filepath.Join(dir, f.Name())}
			if info, err := f.Info(); err == nil && ok && validKey(key) == nil {
				e.mod = info.ModTime().UnixNano()
			} // else: a temporary or foreign file, first to go
			unused = append(unused, e)
		}
	}
	// Newest first; keep the first spare.
	sort.Slice(unused, func(i, j int) bool { return unused[i].mod > unused[j].mod })
	removed := 0
	emptied := map[string]bool{}
	for i, e := range unused {
		if i < spare && e.mod != 0 {
			continue
		}
		if err := os.Remove(e.path); err != nil {
			errs = append(errs, err)
			continue
		}
		removed++
		emptied[filepath.Dir(e.path)] = true
	}
	for dir := range emptied {
		os.Remove(dir) // fails, as it should, unless the folder is empty
	}
	return removed, errors.Join(errs...)
}
