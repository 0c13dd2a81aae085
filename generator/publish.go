package generator

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sync"

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

// linker is a sink that can publish a file as a hard link to a file that
// holds the same bytes, such as an entry of the card store (see
// output.Dest.WriteLinked).
type linker interface {
	WriteLinked(rel string, data []byte, src string) error
}

// writeLinked writes data at rel in out, as a hard link to src when out
// can make one and src is not empty.
func writeLinked(out sink, rel string, data []byte, src string) error {
	if l, ok := out.(linker); ok && src != "" {
		return l.WriteLinked(rel, data, src)
	}
	return out.Write(rel, data)
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

// WriteLinked links what the minifier leaves alone, such as share cards.
func (m *minifying) WriteLinked(rel string, data []byte, src string) error {
	if m.minifies(rel) {
		return m.Write(rel, data)
	}
	return writeLinked(m.sink, rel, data, src)
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

func (m *memory) Commit() error { return nil }
func (m *memory) Abort()        {}

func (m *memory) Copy(rel string, fsys fs.FS, name string) error {
	m.mu.Lock()
	m.res.Copies = append(m.res.Copies, Copy{Dst: rel, FS: fsys, Src: name})
	m.mu.Unlock()
	return nil
}

// Publish writes a site rendered into memory to dest through a staging
// folder, as Build does.
func Publish(res *Result, dest string, protected ...string) error {
	d, err := output.Open(dest, protected...)
	if err != nil {
		return err
	}
	var errs []error
	var mu sync.Mutex
	paths := make([]string, 0, len(res.Files))
	for p := range res.Files {
		paths = append(paths, p)
	}
	parallel(context.Background(), len(paths), func(i int) {
		if err := d.Write(paths[i], res.Files[paths[i]]); err != nil {
			mu.Lock()
			errs = append(errs, err)
			mu.Unlock()
		}
	})
	for _, c := range res.Copies {
		if err := d.Copy(c.Dst, c.FS, c.Src); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", c.Src, err))
		}
	}
	if len(errs) > 0 {
		d.Abort()
		return errors.Join(errs...)
	}
	if err := d.Commit(); err != nil {
		d.Abort()
		return err
	}
	return nil
}
