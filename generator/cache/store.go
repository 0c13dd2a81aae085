package cache

import (
	"bytes"
	"crypto/sha256"
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
// still be damaged or swapped for another: Get checks each entry against
// its key and refuses one that fails, and the caller then Puts a fresh
// one. Prune keeps what this Store's Gets and Puts
// touched and a bounded number of other entries, so the folder holds what
// the latest build used and a little more. Each entry is kept with a
// hash of its key and bytes, checked by Get. A Store is safe for
// concurrent use.
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
// error satisfying errors.Is(err, fs.ErrNotExist); an entry that fails
// its check (damaged, or the entry of another key put in its place) is
// an error satisfying errors.Is(err, ErrDamaged).
func (s *Store) Get(key string) ([]byte, error) {
	if err := validKey(key); err != nil {
		return nil, err
	}
	s.mark(key)
	raw, err := os.ReadFile(s.path(key))
	if err != nil {
		return nil, err
	}
	n := len(raw) - sha256.Size
	if n < 0 || !bytes.Equal(raw[n:], Seal(key, raw[:n])) {
		return nil, fmt.Errorf("%s: %w", s.path(key), ErrDamaged)
	}
	return raw[:n:n], nil
}

// ErrDamaged is the error of an entry that fails its check.
var ErrDamaged = errors.New("damaged cache entry")

// Seal is the check kept after an entry's bytes: the SHA-256 of its key
// and its bytes (sha256.Size bytes), so that an entry moved or copied to
// another key fails as surely as a damaged one.
func Seal(key string, data []byte) []byte {
	h := sha256.New()
	h.Write([]byte(key))
	h.Write([]byte{0})
	h.Write(data)
	return h.Sum(nil)
}

// Put writes the entry for key, replacing any, and marks it used. The
// entry appears whole or not at all: it is written to a temporary file
// and renamed.
func (s *Store) Put(key string, data []byte) error {
	if err := validKey(key); err != nil {
		return err
	}
	s.mark(key)
	entry := append(data[:len(data):len(data)], Seal(key, data)...)
	return writeFile(s.path(key), entry, 0o600)
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
