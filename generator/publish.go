package generator

import (
	"io/fs"
	"path"
	"path/filepath"
	"sync"

	"fanfare.dev/fanfare/generator/cache"
	"fanfare.dev/fanfare/generator/diag"
	"fanfare.dev/fanfare/generator/minify"
	"fanfare.dev/fanfare/generator/output"
)

// Publishers take a build's files to where they are seen. There are three,
// behind one interface:
//
//	output.Dest  fanfare build: a staging folder swapped in whole
//	*Files       build --watch: only the changed files, each replaced atomically
//	memory       serve: the files kept in a Result
//
// A build hands every file to Write or Copy as soon as it is made (from
// several goroutines), then calls Commit when the build succeeded or Abort
// when it failed: a failed build publishes nothing.
type Publisher interface {
	sink
	Commit() error
	Abort()
}

var (
	_ Publisher = (*output.Dest)(nil)
	_ Publisher = (*Files)(nil)
	_ Publisher = (*memory)(nil)
)

// sink receives a build's files as they are made. It must be safe for
// concurrent use.
type sink interface {
	Write(rel string, data []byte) error
	Copy(rel string, fsys fs.FS, name string) error
}

// minifying is a sink that minifies CSS and JavaScript, and HTML if html
// is set, on their way to the sink it wraps. A file the minifier cannot
// read is published as it is, with a warning.
type minifying struct {
	sink
	m    *minify.Minifier
	errs *diag.List
	html bool
}

// minifies reports whether the file rel is minified on its way out.
func (m *minifying) minifies(rel string) bool {
	return minify.Handles(rel) && (m.html || path.Ext(rel) != ".html")
}

func (m *minifying) Write(rel string, data []byte) error {
	if m.minifies(rel) {
		small, err := m.m.File(rel, data)
		if err != nil {
			m.errs.Warnf(rel, 0, "published without minifying it: %v", err)
		}
		data = small
	}
	return m.sink.Write(rel, data)
}

// memory is a sink that keeps the files in a Result.
type memory struct {
	mu  sync.Mutex
	res *Result
}

func (m *memory) Write(rel string, data []byte) error {
	m.mu.Lock()
	m.res.Files[rel] = data
	m.mu.Unlock()
	return nil
}

// Later keeps mk as the maker of the file rel (see Result.Later).
func (m *memory) Later(rel string, mk func() ([]byte, error)) {
	m.mu.Lock()
	if m.res.Later == nil {
		m.res.Later = map[string]func() ([]byte, error){}
	}
	m.res.Later[rel] = mk
	m.mu.Unlock()
}

// LaterIn keeps mk as the maker of the files in the folder dir (see
// Result.LaterIn).
func (m *memory) LaterIn(dir string, mk func() (map[string][]byte, error)) {
	m.mu.Lock()
	if m.res.LaterIn == nil {
		m.res.LaterIn = map[string]func() (map[string][]byte, error){}
	}
	m.res.LaterIn[dir] = mk
	m.mu.Unlock()
}

// deferrer is a sink that can take a file as the function that makes it
// when it is first asked for, and a folder as the function that makes
// the files in it: memory, in a preview.
type deferrer interface {
	Later(rel string, mk func() ([]byte, error))
	LaterIn(dir string, mk func() (map[string][]byte, error))
}

// deferTo returns the deferrer that out is or wraps, or nil.
func deferTo(out sink) deferrer {
	if m, ok := out.(*minifying); ok {
		out = m.sink
	}
	d, _ := out.(deferrer)
	return d
}

func (m *memory) Commit() error { return nil }
func (m *memory) Abort()        {}

func (m *memory) Copy(rel string, fsys fs.FS, name string) error {
	m.mu.Lock()
	m.res.Copies = append(m.res.Copies, Copy{Dst: rel, FS: fsys, Src: name})
	m.mu.Unlock()
	return nil
}

// Publishing: one build at a time publishes to a destination. Build
// takes the destination's lock (see output.Lock) for the time it runs; a
// caller that builds again and again (build --watch) takes it once with
// LockDestination and keeps it, so that a second build into the same
// folder is refused with a message naming the first, never run beside it.

// LockDestination takes the lock of opts' destination and returns opts
// holding it, for builds that follow one another in this process, and
// the function that gives it up.
func LockDestination(opts Options) (Options, func(), error) {
	opts = withDefaults(opts)
	lock, err := output.Acquire(opts.Destination)
	if err != nil {
		return opts, nil, err
	}
	opts.lock = lock
	return opts, lock.Release, nil
}

// withDefaults fills in the site and destination folders.
func withDefaults(opts Options) Options {
	if opts.Source == "" {
		opts.Source = "."
	}
	if opts.Destination == "" {
		opts.Destination = filepath.Join(opts.Source, "public")
	}
	return opts
}

// publishing takes the destination's lock unless opts holds it, and
// returns how to use the destination and the function that releases
// what it took.
func publishing(opts Options) (output.Options, func(), error) {
	release := func() {}
	lock := opts.lock
	if lock == nil {
		var err error
		if lock, err = output.Acquire(opts.Destination); err != nil {
			return output.Options{}, nil, err
		}
		release = lock.Release
	}
	return destOptions(opts, lock), release, nil
}

// destOptions says how a build with opts uses its destination, whose
// lock is held.
func destOptions(opts Options, lock *output.Lock) output.Options {
	return output.Options{Protected: protectedDirs(opts.Source), RecordDir: recordDir(opts.CacheDir, opts.Destination), Lock: lock}
}

// recordDir returns the folder of the build cache under base that keeps
// the record of what was published to dest.
func recordDir(base, dest string) string {
	abs, err := output.Resolve(dest)
	if err != nil {
		return ""
	}
	return cache.DestDir(base, abs)
}
