package generator

import (
	"fmt"
	"io/fs"
	"os"
	"strings"

	"fanfare.dev/fanfare/generator/cache"
	"fanfare.dev/fanfare/generator/config"
	"fanfare.dev/fanfare/generator/images"
	"fanfare.dev/fanfare/themes"
)

// The record of the last build in the cache folder lets fanfare build do
// nothing when no input changed since (see Build).

// cacheKey returns the cache folder of a build and two hashes of its
// inputs: inputs, of everything the build reads, for the record, and
// setup, of everything but content/ and the pictures in static/, for the
// page store (see pagestore.go: a page's key covers what it shows of
// the content and of the pictures). dir is "" when the folder or an
// input cannot be found.
func cacheKey(fsys fs.FS, opts Options) (dir, inputs, setup string) {
	dir, err := cache.Dir(opts.CacheDir, opts.Source, opts.Destination)
	if err != nil {
		return "", "", ""
	}
	var h cache.Hasher
	h.AddString("options", fmt.Sprintf("drafts=%t future=%t baseURL=%q minify=%t minifyHTML=%t", opts.Drafts, opts.Future, opts.BaseURL, !opts.NoMinify, opts.MinifyHTML))
	for _, tree := range []string{config.Names[0], config.Names[1], config.Names[2], "layouts", "assets", "i18n", "themes"} {
		if err := h.AddTree(fsys, tree); err != nil {
			return "", "", ""
		}
	}
	notPicture := func(name string) bool { return images.FormatOf(name) == "" }
	if err := h.AddTreeIf(fsys, StaticDir, notPicture); err != nil {
		return "", "", ""
	}
	if err := h.AddTree(themes.Default(), "."); err != nil {
		return "", "", ""
	}
	// The engine itself: a new fanfare may render the same input differently.
	exe, err := os.Executable()
	if err != nil || h.AddFile(exe) != nil {
		return "", "", ""
	}
	setup = h.Sum()
	h.AddString("setup", setup)
	picture := func(name string) bool { return !notPicture(name) }
	if h.AddTree(fsys, ContentDir) != nil || h.AddTreeIf(fsys, StaticDir, picture) != nil {
		return "", "", ""
	}
	return dir, h.Sum(), setup
}

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
