package generator

import (
	"fmt"
	"io/fs"
	"os"
	"strings"
	"sync"

	"fanfare.dev/fanfare/generator/cache"
	"fanfare.dev/fanfare/generator/config"
	"fanfare.dev/fanfare/generator/images"
	"fanfare.dev/fanfare/themes"
)

// The record of the last build in the cache folder lets fanfare build do
// nothing when no input changed since (see Build).

// cacheKeys are the cache folder of a build and hashes of its inputs.
type cacheKeys struct {
	dir    string // "" when the folder or an input cannot be found
	inputs string // of everything the build reads, for the record
	// setup is of everything but content/ and the pictures in static/,
	// for the page store: a page's key covers what it shows of the
	// content and of the pictures (see pagestore.go).
	setup string
}

// cacheKey returns the cache folder of a build and the hashes of its inputs.
func cacheKey(fsys fs.FS, opts Options) cacheKeys {
	keys, h := setupKeys(fsys, opts)
	if keys.dir == "" {
		return cacheKeys{}
	}
	h.AddString("setup", keys.setup)
	notPicture := func(name string) bool { return images.FormatOf(name) == "" }
	picture := func(name string) bool { return !notPicture(name) }
	if h.AddTree(fsys, ContentDir) != nil || h.AddTreeIf(fsys, StaticDir, picture) != nil {
		return cacheKeys{}
	}
	keys.inputs = h.Sum()
	return keys
}

// setupKeys returns the cache folder of a build and the hash of the
// setup (every input but content/ and the pictures in
// static/), with the hasher that made it; keys.dir is "" when the
// folder or an input cannot be found.
func setupKeys(fsys fs.FS, opts Options) (cacheKeys, *cache.Hasher) {
	dir, err := cache.Dir(opts.CacheDir, opts.Source, opts.Destination)
	if err != nil {
		return cacheKeys{}, nil
	}
	engine, err := selfSum()
	if err != nil {
		return cacheKeys{}, nil
	}
	h := new(cache.Hasher)
	h.AddString("fanfare", engine)
	h.AddString("options", fmt.Sprintf("drafts=%t future=%t baseURL=%q minify=%t minifyHTML=%t", opts.Drafts, opts.Future, opts.BaseURL, !opts.NoMinify, opts.MinifyHTML))
	for _, tree := range []string{config.Names[0], config.Names[1], config.Names[2], "layouts", "assets", "i18n", "themes"} {
		if err := h.AddTree(fsys, tree); err != nil {
			return cacheKeys{}, nil
		}
	}
	notPicture := func(name string) bool { return images.FormatOf(name) == "" }
	if err := h.AddTreeIf(fsys, StaticDir, notPicture); err != nil {
		return cacheKeys{}, nil
	}
	if err := h.AddTree(themes.Default(), "."); err != nil {
		return cacheKeys{}, nil
	}
	return cacheKeys{dir: dir, setup: h.Sum()}, h
}

// selfSum is the hash of fanfare's own executable, as it was when first
// asked for: a new fanfare may convert and render the same input
// differently. Hashed once per process, and so of the program that runs,
// even if a newer one replaces its file meanwhile.
var selfSum = sync.OnceValues(func() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	return cache.FileSum(exe)
})

func saveRecord(dir, inputs, dest string, st *stats) error {
	files, err := cache.Stat(dest)
	if err != nil {
		return err
	}
	rec := &cache.Record{Inputs: inputs, Dest: dest, ValidUntil: st.next, Files: files, Pages: st.pages}
	for _, w := range st.warnings {
		msg := w.Msg
		if w.Err != nil {
			msg = strings.TrimPrefix(msg+": "+w.Err.Error(), ": ")
		}
		rec.Warnings = append(rec.Warnings, cache.Warning{File: w.File, Line: w.Line, Msg: msg})
	}
	return rec.Save(dir)
}
