// Package importer brings customer stories from other site generators
// and from WordPress into a Fanfare site: "fanfare import".
//
// It reads one source (a Hugo, Jekyll, Eleventy or Astro folder,
// recognised by its configuration file, or a WordPress export file, the
// WXR XML of Tools → Export) into Items, maps their front-matter fields
// to Fanfare's by a Mapping (built in per source, written to import.yaml
// so that a person can correct it, and read back on the next run),
// converts their bodies (shortcodes and template tags to story blocks,
// figures and the click-to-load video; HTML to Markdown), copies their
// pictures into page bundles, and adds each old URL as an alias.
//
// The result is a Plan: the files to write, and a Report of what was
// mapped, what was kept as it was and what needs a person. Write writes
// a plan; it never replaces a file that exists with other content unless
// told to. The same source gives the same plan, byte for byte.
//
// importer reads the source and writes the site; it does not build.
package importer

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Options say what to import, and how.
type Options struct {
	Source  string // a folder or a WordPress export file
	Into    string // the site folder to write into
	From    string // "", hugo, jekyll, eleventy, astro or wordpress
	Uploads string // WordPress: the uploads folder (wp-content/uploads)
	// Category and Type keep only the items of a category (or tag) and of
	// a post type (WordPress) or section / collection (folders).
	Category string
	Type     string
	Publish  bool // keep the source's published state instead of writing drafts
}

// Kinds of imported pages.
const (
	KindStory = "story"
	KindPage  = "page"
)

// Item is one page read from a source.
type Item struct {
	File     string // the source file, for messages: relative to the source folder, or the export file
	Line     int    // the line the item starts on in File (WordPress), else 1
	Kind     string // KindStory or KindPage
	Type     string // post type, section or collection
	Slug     string
	Fields   *Fields
	Body     string
	BodyLine int  // the line of File the body starts on
	HTML     bool // the body is HTML (WordPress), not Markdown
	Draft    bool // not published in the source
	OldURLs  []string
	Dir      string   // the folder of the source file (for pictures beside it)
	Bundle   []string // other files of a page bundle, to copy along
	// Internal lists fields the import leaves out on purpose (WordPress's
	// own bookkeeping, such as _edit_lock).
	Internal []string
}

// Source reads the items of one kind of source.
type Source interface {
	Name() string
	Items() ([]*Item, error)
	// Picture returns the file a picture reference in item points to,
	// or "" when there is none on disk.
	Picture(item *Item, ref string) string
	// Title is the site's title in the source, or "".
	Title() string
	// Lang is the site's language in the source, or "".
	Lang() string
}

// Sources lists the names accepted by --from.
var Sources = []string{"hugo", "jekyll", "eleventy", "astro", "wordpress"}

// Open recognises the source at path (or opens it as from says).
func Open(path, from, uploads string) (Source, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", path, errors.Unwrap(err))
	}
	if from == "" {
		from = detect(path, st.IsDir())
		if from == "" {
			return nil, fmt.Errorf("%s is not a site Fanfare can import from: it has no hugo.toml, config.toml, _config.yml, .eleventy.js, eleventy.config.js or astro.config.mjs, and it is not a WordPress export (.xml). Name the kind with --from %s", path, strings.Join(Sources, "|"))
		}
	}
	if from == "wordpress" {
		if st.IsDir() {
			return nil, fmt.Errorf("%s is a folder; give the WordPress export file (Tools → Export in WordPress makes it, a .xml file)", path)
		}
		return openWXR(path, uploads)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("%s is a file; give the folder of the %s site", path, from)
	}
	switch from {
	case "hugo":
		return openHugo(path)
	case "jekyll":
		return openJekyll(path)
	case "eleventy":
		return openEleventy(path)
	case "astro":
		return openAstro(path)
	}
	return nil, fmt.Errorf("--from %s: Fanfare imports from %s", from, strings.Join(Sources, ", "))
}

// detect names the kind of source at path from its files.
func detect(path string, dir bool) string {
	if !dir {
		if strings.EqualFold(filepath.Ext(path), ".xml") {
			return "wordpress"
		}
		return ""
	}
	has := func(names ...string) bool {
		for _, n := range names {
			if _, err := os.Stat(filepath.Join(path, n)); err == nil {
				return true
			}
		}
		return false
	}
	switch {
	case has("astro.config.mjs", "astro.config.ts", "astro.config.js", "astro.config.mts"):
		return "astro"
	case has(".eleventy.js", "eleventy.config.js", "eleventy.config.mjs", "eleventy.config.cjs", ".eleventy.cjs"):
		return "eleventy"
	case has("hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json", "config.toml", "config/_default"):
		return "hugo"
	case has("_config.yml", "_config.yaml", "_config.toml"):
		return "jekyll"
	case has("config.yaml", "config.yml") && has("content"):
		return "hugo"
	}
	return ""
}

// filter keeps the items of opts.Category and opts.Type.
func filter(items []*Item, opts Options) []*Item {
	var out []*Item
	for _, it := range items {
		if opts.Type != "" && !strings.EqualFold(it.Type, opts.Type) {
			continue
		}
		if opts.Category != "" && !hasCategory(it, opts.Category) {
			continue
		}
		out = append(out, it)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].File != out[j].File {
			return out[i].File < out[j].File
		}
		return out[i].Line < out[j].Line
	})
	return out
}

func hasCategory(it *Item, cat string) bool {
	for _, k := range []string{"categories", "category", "tags"} {
		v, _, ok := it.Fields.Lookup(k)
		if !ok {
			continue
		}
		for _, s := range strs(v) {
			if strings.EqualFold(s, cat) || strings.EqualFold(slugify(s), slugify(cat)) {
				return true
			}
		}
	}
	return false
}
