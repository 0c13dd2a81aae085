// Package watch owns noticing changes to a site's files. It watches
// folders recursively with fsnotify (adding folders created later), skips
// the swap and backup files editors write, and debounces: a burst of
// events (an editor's write, rename and chmod on save) arrives as one
// batch of changed paths once the files have been quiet for a moment.
//
// It knows nothing about builds: it only reports which paths changed.
package watch

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"

	"fanfare.dev/fanfare/generator/content"
)

// DefaultQuiet is how long the files must be quiet before a batch is sent.
// An editor's save (write, rename, chmod, a backup file) lands within a
// few milliseconds; a burst that straggles past the quiet period costs
// one more rebuild, never a wrong one.
const DefaultQuiet = 10 * time.Millisecond

// Gather is the quiet period of a watcher whose user starts work at once
// and checks afterwards (Seen) whether more changes came: the preview
// server renders while the files settle, and shows what it rendered only
// if they stayed quiet for DefaultQuiet (live.Serve). The changes of one
// system call and of an editor's quick save still arrive as one batch.
const Gather = 2 * time.Millisecond

// Watcher reports batches of changed paths under a root folder.
type Watcher struct {
	root    string
	watched map[string]bool // the top-level names given to New
	quiet   time.Duration
	fsw     *fsnotify.Watcher
	batches chan []string
	errs    chan error
	done    chan struct{}

	mu   sync.Mutex
	seen uint64    // changes reported so far (Seen)
	last time.Time // when the last of them arrived

	// after starts the quiet period: time.After, or a test's fake clock,
	// so that tests decide when the quiet period ends instead of racing it.
	after func(time.Duration) <-chan time.Time
	// Test hooks, nil outside tests: received sees every event's path
	// before it is filtered (in the order fsnotify delivers them), ended
	// the number of paths pending each time a quiet period ends.
	received func(name string)
	ended    func(pending int)
}

// New watches the given folders and files, which are names directly in
// root (such as "content" or "fanfare.yaml"); folders are watched with
// everything below them. Changes to other names in root are not reported.
// Folders that do not exist yet are watched from the moment they appear.
// quiet is the debounce period (DefaultQuiet if 0).
func New(root string, paths []string, quiet time.Duration) (*Watcher, error) {
	w, err := newWatcher(root, paths, quiet, time.After, nil, nil)
	if err != nil {
		return nil, err
	}
	go w.loop()
	return w, nil
}

// newWatcher is New without starting the loop, with the clock and the test
// hooks given.
func newWatcher(root string, paths []string, quiet time.Duration, after func(time.Duration) <-chan time.Time, received func(string), ended func(int)) (*Watcher, error) {
	if quiet <= 0 {
		quiet = DefaultQuiet
	}
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &Watcher{root: root, watched: map[string]bool{}, quiet: quiet, fsw: fsw, batches: make(chan []string), errs: make(chan error, 1), done: make(chan struct{}),
		after: after, received: received, ended: ended}
	// The root itself, so that new top-level folders and config files are seen.
	if err := fsw.Add(root); err != nil {
		fsw.Close()
		return nil, err
	}
	for _, p := range paths {
		w.watched[p] = true
		full := filepath.Join(root, p)
		st, err := os.Stat(full)
		if err != nil {
			continue // not there yet: the root's watch sees it appear
		}
		if st.IsDir() {
			if err := w.addTree(full); err != nil {
				fsw.Close()
				return nil, err
			}
		}
	}
	return w, nil
}

// Batches delivers the changed paths, relative to the root and sorted,
// one batch per burst of changes.
func (w *Watcher) Batches() <-chan []string { return w.batches }

// Seen returns how many changes the watcher has noticed so far, counting
// those not yet delivered in a batch, and when the last one arrived: a
// changed count tells that a newer batch is on its way.
func (w *Watcher) Seen() (n uint64, last time.Time) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.seen, w.last
}

// saw counts a change noticed now.
func (w *Watcher) saw() {
	w.mu.Lock()
	w.seen++
	w.last = time.Now()
	w.mu.Unlock()
}

// Errors delivers errors from the file system watcher.
func (w *Watcher) Errors() <-chan error { return w.errs }

// Close stops watching.
func (w *Watcher) Close() error {
	select {
	case <-w.done:
		return nil
	default:
	}
	close(w.done)
	return w.fsw.Close()
}

// addTree watches dir and every folder below it.
func (w *Watcher) addTree(dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if p != dir && content.Ignored(d.Name()) {
			return filepath.SkipDir
		}
		return w.fsw.Add(p)
	})
}

// Relevant reports whether a change to the named file matters: editor swap
// and backup files, and hidden files, do not.
func Relevant(name string) bool {
	return !content.Ignored(filepath.Base(name))
}

// newFolder watches a new folder and adds what is already in it to
// pending.
func (w *Watcher) newFolder(dir string, pending map[string]bool) {
	w.addTree(dir)
	found := false
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && Relevant(p) {
			if r, err := filepath.Rel(w.root, p); err == nil {
				pending[filepath.ToSlash(r)] = true
				found = true
			}
		}
		return nil
	})
	if found {
		w.saw() // counted only with a batch to come (Seen)
	}
}

func (w *Watcher) loop() {
	pending := map[string]bool{}
	var quietEnd <-chan time.Time // nil (never ready) until the first change
	for {
		select {
		case <-w.done:
			return
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return
			}
			if w.received != nil {
				w.received(ev.Name)
			}
			if !Relevant(ev.Name) {
				continue
			}
			rel, err := filepath.Rel(w.root, ev.Name)
			if err != nil || strings.HasPrefix(rel, "..") {
				continue
			}
			rel = filepath.ToSlash(rel)
			top, _, _ := strings.Cut(rel, "/")
			if !w.watched[top] {
				continue // such as the build's own output
			}
			if ev.Has(fsnotify.Create) {
				if st, err := os.Stat(ev.Name); err == nil && st.IsDir() {
					w.newFolder(ev.Name, pending)
					quietEnd = w.after(w.quiet)
					continue
				}
			}
			pending[rel] = true
			w.saw()
			quietEnd = w.after(w.quiet)
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return
			}
			select {
			case w.errs <- err:
			default:
			}
		case <-quietEnd:
			quietEnd = nil
			if w.ended != nil {
				w.ended(len(pending))
			}
			if len(pending) == 0 {
				continue
			}
			batch := make([]string, 0, len(pending))
			for p := range pending {
				batch = append(batch, p)
			}
			sort.Strings(batch)
			pending = map[string]bool{}
			select {
			case w.batches <- batch:
			case <-w.done:
				return
			}
		}
	}
}
