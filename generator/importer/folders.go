package importer

import (
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"gopkg.in/yaml.v3"

	"fanfare.dev/fanfare/generator/content"
)

// folder is a source that is a folder of Markdown files with front
// matter: Hugo, Jekyll, Eleventy or Astro.
type folder struct {
	name    string
	root    string
	content string   // the folder the pages are in, relative to root
	static  []string // folders whose files are published at the site root
	title   string
	lang    string
	// data is the site's own data that templates read: Jekyll's
	// _config.yml (site.x), Eleventy's _data files (metadata.x).
	data map[string]any
	// exclude is a folder not to read: the site imported into, when it
	// is inside the source.
	exclude string
	// skipped are the Markdown files not imported, with the reason.
	skipped []Note
	// place decides, for a file relative to content, whether it is
	// imported and as what, with its old URL.
	place func(rel string, f *Fields) (kind, typ, slug, oldURL string, ok bool)
}

func (s *folder) Name() string { return s.name }

// Skipped lists the Markdown files Items left out.
func (s *folder) Skipped() []Note { return s.skipped }
func (s *folder) Title() string   { return s.title }
func (s *folder) Lang() string    { return s.lang }

// skipDirs are folders no generator publishes from.
var skipDirs = map[string]bool{"node_modules": true, "_site": true, "public": true, "dist": true, ".git": true, "resources": true, "_includes": true, "_layouts": true, "_data": true, "_sass": true, "vendor": true, ".astro": true}

func (s *folder) Items() ([]*Item, error) {
	base := filepath.Join(s.root, s.content)
	var items []*Item
	err := filepath.WalkDir(base, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if abs, _ := filepath.Abs(p); p != base && (skipDirs[d.Name()] || strings.HasPrefix(d.Name(), ".") || abs == s.exclude || isFanfareSite(p)) {
				return filepath.SkipDir
			}
			return nil
		}
		ext := strings.ToLower(filepath.Ext(p))
		if !content.IsMarkdown(p) && ext != ".mdx" {
			return nil
		}
		rel, _ := filepath.Rel(base, p)
		rel = filepath.ToSlash(rel)
		if strings.EqualFold(path.Base(rel), "README.md") {
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		file, _ := filepath.Rel(s.root, p)
		file = filepath.ToSlash(file)
		f, body, bodyLine, err := splitFront(file, src)
		if err != nil {
			return err
		}
		kind, typ, slug, old, ok := s.place(rel, f)
		if !ok {
			why := "not a story or a page of its own (a list, the home page, or never published)"
			if s.name == "jekyll" {
				why = "a page of the site, not a post or a collection's item"
			}
			s.skipped = append(s.skipped, Note{File: file, Msg: why})
			return nil
		}
		it := &Item{File: file, Line: 1, Kind: kind, Type: typ, Slug: slug, Fields: f, Body: string(body), BodyLine: bodyLine, Dir: filepath.Dir(p)}
		if old != "" {
			it.OldURLs = append(it.OldURLs, old)
		}
		if v, _, ok := f.Lookup("draft"); ok && v == true {
			it.Draft = true
		}
		if v, _, ok := f.Lookup("published"); ok && v == false {
			it.Draft = true
		}
		if strings.TrimSuffix(path.Base(rel), path.Ext(rel)) == "index" {
			it.Bundle = bundleFiles(filepath.Dir(p))
		}
		items = append(items, it)
		return nil
	})
	return items, err
}

// bundleFiles lists the files beside an index.md that are not pages.
func bundleFiles(dir string) []string {
	entries, _ := os.ReadDir(dir)
	var out []string
	for _, e := range entries {
		n := e.Name()
		if e.Type().IsRegular() && !content.IsMarkdown(n) && !strings.HasSuffix(n, ".mdx") && !strings.HasPrefix(n, ".") {
			out = append(out, filepath.Join(dir, n))
		}
	}
	sort.Strings(out)
	return out
}

// Picture finds a picture beside the page, or in a folder the source
// publishes at its root.
func (s *folder) Picture(it *Item, ref string) string {
	ref = strings.TrimSpace(ref)
	if u, err := url.Parse(ref); err == nil && (u.Scheme != "" || u.Host != "") {
		return ""
	} else if err == nil {
		ref = u.Path
	}
	if ref == "" {
		return ""
	}
	var tries []string
	if strings.HasPrefix(ref, "/") {
		for _, st := range s.static {
			tries = append(tries, filepath.Join(s.root, st, filepath.FromSlash(ref)))
		}
	} else {
		tries = append(tries, filepath.Join(it.Dir, filepath.FromSlash(ref)))
		for _, st := range s.static {
			tries = append(tries, filepath.Join(s.root, st, filepath.FromSlash(ref)))
		}
	}
	for _, t := range tries {
		if st, err := os.Stat(t); err == nil && st.Mode().IsRegular() {
			return t
		}
	}
	return ""
}

// storySections are folder names that hold case studies in other
// generators' sites; other folders' pages are imported as stories too,
// the top level's as plain pages.
func topLevel(rel string) bool { return !strings.Contains(rel, "/") }

func stem(rel string) string {
	b := path.Base(rel)
	return strings.TrimSuffix(b, path.Ext(b))
}

// ---- Hugo ----

func openHugo(root string) (Source, error) {
	var cfg struct {
		Title        string            `toml:"title" yaml:"title"`
		LanguageCode string            `toml:"languageCode" yaml:"languageCode"`
		ContentDir   string            `toml:"contentDir" yaml:"contentDir"`
		Permalinks   map[string]string `toml:"permalinks" yaml:"permalinks"`
	}
	for _, n := range []string{"hugo.toml", "config.toml", "config/_default/hugo.toml", "config/_default/config.toml"} {
		if data, err := os.ReadFile(filepath.Join(root, n)); err == nil {
			_, _ = toml.Decode(string(data), &cfg)
			break
		}
	}
	for _, n := range []string{"hugo.yaml", "hugo.yml", "config.yaml", "config.yml"} {
		if data, err := os.ReadFile(filepath.Join(root, n)); err == nil {
			_ = yaml.Unmarshal(data, &cfg)
			break
		}
	}
	s := &folder{name: "hugo", root: root, content: "content", static: []string{"static", "assets"}, title: cfg.Title, lang: langOf(cfg.LanguageCode)}
	if cfg.ContentDir != "" {
		s.content = cfg.ContentDir
	}
	s.place = func(rel string, f *Fields) (string, string, string, string, bool) {
		if path.Base(rel) == "_index.md" {
			return "", "", "", "", false
		}
		slug := fileSlug(rel)
		if v, _, ok := f.Lookup("slug"); ok {
			slug = slugify(scalar(v))
		}
		section, _, _ := strings.Cut(rel, "/")
		kind := KindStory
		if topLevel(rel) {
			kind, section = KindPage, ""
		}
		name, dir := strings.ToLower(stem(rel)), path.Dir(rel)
		if name == "index" {
			name, dir = strings.ToLower(path.Base(dir)), path.Dir(dir)
		}
		if v, _, ok := f.Lookup("slug"); ok {
			name = scalar(v)
		}
		old := path.Join("/", dir, name) + "/"
		if pat, ok := cfg.Permalinks[section]; ok && section != "" {
			old = permalink(pat, section, name, stem(rel), dateOf(f))
		}
		if v, _, ok := f.Lookup("url"); ok {
			old = scalar(v)
		}
		return kind, section, slug, cleanOld(old), true
	}
	return s, nil
}

func dateOf(f *Fields) time.Time {
	for _, k := range []string{"date", "publishDate", "pubDate"} {
		if v, _, ok := f.Lookup(k); ok {
			if d, ok := convert("date", v, false); ok {
				t, _ := time.Parse("2006-01-02", d.(string))
				return t
			}
		}
	}
	return time.Time{}
}

var permaToken = regexp.MustCompile(`:(year|month|day|slug|title|name|filename|contentbasename|section|collection|categories|output_ext)`)

// permalink fills a Hugo or Jekyll permalink pattern.
func permalink(pat, section, slug, file string, d time.Time) string {
	return permaToken.ReplaceAllStringFunc(pat, func(t string) string {
		switch t {
		case ":year":
			return d.Format("2006")
		case ":month":
			return d.Format("01")
		case ":day":
			return d.Format("02")
		case ":slug", ":title", ":name":
			return slug
		case ":filename", ":contentbasename":
			return file
		case ":section", ":collection":
			return section
		case ":output_ext":
			return ".html"
		}
		return ""
	})
}

// cleanOld returns an old URL as a path from the site root, or "" when
// it is not one (a query, another site).
func cleanOld(u string) string {
	p, err := url.Parse(strings.TrimSpace(u))
	if err != nil || p.Path == "" || p.RawQuery != "" {
		return ""
	}
	s := path.Clean("/" + p.Path)
	if strings.HasSuffix(p.Path, "/") && s != "/" {
		s += "/"
	}
	if path.Base(s) == "index.html" {
		s = strings.TrimSuffix(s, "index.html")
	}
	if s == "/" {
		return ""
	}
	return s
}

func langOf(code string) string {
	code = strings.ToLower(strings.TrimSpace(code))
	l, _, _ := strings.Cut(strings.ReplaceAll(code, "_", "-"), "-")
	return l
}

// ---- Jekyll ----

func openJekyll(root string) (Source, error) {
	var cfg struct {
		Title       string                    `yaml:"title"`
		Lang        string                    `yaml:"lang"`
		Locale      string                    `yaml:"locale"`
		Permalink   string                    `yaml:"permalink"`
		Source      string                    `yaml:"source"`
		Collections map[string]map[string]any `yaml:"collections"`
	}
	site := map[string]any{}
	if data, err := os.ReadFile(filepath.Join(root, "_config.yml")); err == nil {
		_ = yaml.Unmarshal(data, &cfg)
		_ = yaml.Unmarshal(data, &site)
	}
	s := &folder{name: "jekyll", root: root, content: cfg.Source, static: []string{cfg.Source}, title: cfg.Title, lang: langOf(cfg.Lang + cfg.Locale), data: site}
	if s.content == "" {
		s.content = "."
	}
	j := &jekyll{
		post:        jekyllPostPattern(cfg.Permalink),
		collections: cfg.Collections,
		dated:       regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})-(.+)$`),
	}
	s.place = j.place
	return s, nil
}

// jekyll places the files of a Jekyll site: posts, drafts and the
// collections of _config.yml are stories; other pages are not.
type jekyll struct {
	post        string                    // the permalink pattern of posts
	collections map[string]map[string]any // by name, without the "_"
	dated       *regexp.Regexp            // a file name with a date: 2024-05-01-title
}

// jekyllPostPattern returns the pattern of a post's address for the
// permalink setting of _config.yml: a style's name or a pattern.
func jekyllPostPattern(permalink string) string {
	post := "/:categories/:year/:month/:day/:title:output_ext"
	switch permalink {
	case "", "date":
	case "pretty":
		post = "/:categories/:year/:month/:day/:title/"
	case "ordinal", "weekdate":
		post = "/:categories/:year/:title:output_ext"
	case "none":
		post = "/:categories/:title:output_ext"
	default:
		post = permalink
	}
	return post
}

// place is the folder's place for a Jekyll site.
func (j *jekyll) place(rel string, f *Fields) (string, string, string, string, bool) {
	dir, _, _ := strings.Cut(rel, "/")
	typ, pat, ok := j.pattern(rel, dir)
	if !ok {
		return "", "", "", "", false // pages and layouts: not stories
	}
	name := stem(rel)
	d := dateOf(f)
	if m := j.dated.FindStringSubmatch(name); m != nil {
		name = m[2]
		if d.IsZero() {
			d, _ = time.Parse("2006-01-02", m[1])
			if _, _, ok := f.Lookup("date"); !ok {
				f.Set("date", m[1], 0)
			}
		}
	}
	slug := slugify(name)
	if v, _, ok := f.Lookup("slug"); ok {
		slug = slugify(scalar(v))
	}
	cats := jekyllCategories(f)
	old := ""
	if pat != "" && dir != "_drafts" {
		old = permalink(strings.ReplaceAll(pat, ":categories", cats), typ, name, name, d)
		old = strings.ReplaceAll(old, "//", "/")
	}
	if v, _, ok := f.Lookup("published"); ok && v == false {
		old = ""
	}
	if v, _, ok := f.Lookup("permalink"); ok {
		old = scalar(v)
	}
	if dir == "_drafts" {
		f.Set("draft", true, 0)
	}
	return KindStory, typ, slug, cleanOld(old), true
}

// pattern returns the type of the file rel, in the top folder dir, and
// the pattern of its old address ("" for a collection not published);
// ok is false for a file that is not a story.
func (j *jekyll) pattern(rel, dir string) (typ, pat string, ok bool) {
	switch {
	case dir == "_posts" || strings.Contains(rel, "/_posts/"):
		typ, pat = "posts", j.post
	case strings.HasPrefix(dir, "_") && j.collections[dir[1:]] != nil:
		typ = dir[1:]
		pat, _ = j.collections[typ]["permalink"].(string)
		if pat == "" {
			pat = "/" + typ + "/:title:output_ext"
		}
		if out, _ := j.collections[typ]["output"].(bool); !out {
			pat = ""
		}
	case dir == "_drafts":
		typ, pat = "posts", j.post
	default:
		return "", "", false
	}
	return typ, pat, true
}

// jekyllCategories returns the categories of a post as the path its
// address holds: categories: a, b → "a/b", or category: a → "a".
func jekyllCategories(f *Fields) string {
	cats := ""
	if v, _, ok := f.Lookup("categories"); ok {
		var parts []string
		for _, c := range strs(v) {
			parts = append(parts, slugify(c))
		}
		cats = strings.Join(parts, "/")
	} else if v, _, ok := f.Lookup("category"); ok {
		cats = slugify(scalar(v))
	}
	return cats
}

// ---- Eleventy ----

var inputDirRE = regexp.MustCompile(`input\s*:\s*["'` + "`" + `]([^"'` + "`" + `]+)["'` + "`" + `]`)

func openEleventy(root string) (Source, error) {
	input := "."
	for _, n := range []string{"eleventy.config.js", "eleventy.config.mjs", "eleventy.config.cjs", ".eleventy.js", ".eleventy.cjs"} {
		if data, err := os.ReadFile(filepath.Join(root, n)); err == nil {
			if m := inputDirRE.FindSubmatch(data); m != nil {
				input = path.Clean(string(m[1]))
			}
			break
		}
	}
	var meta struct {
		Title    string `json:"title" yaml:"title"`
		Language string `json:"language" yaml:"language"`
	}
	global := map[string]any{}
	files, _ := filepath.Glob(filepath.Join(root, input, "_data", "*"))
	sort.Strings(files)
	for _, n := range files {
		ext := filepath.Ext(n)
		if ext != ".json" && ext != ".yaml" && ext != ".yml" {
			continue
		}
		if data, err := os.ReadFile(n); err == nil {
			var v map[string]any
			if yaml.Unmarshal(data, &v) == nil { // JSON is YAML
				global[strings.TrimSuffix(filepath.Base(n), ext)] = normalize(v)
			}
			if b := filepath.Base(n); b == "metadata.json" || b == "site.json" {
				_ = yaml.Unmarshal(data, &meta)
			}
		}
	}
	s := &folder{name: "eleventy", root: root, content: input, static: []string{input, "."}, title: meta.Title, lang: langOf(meta.Language), data: global}
	s.place = func(rel string, f *Fields) (string, string, string, string, bool) {
		if v, _, ok := f.Lookup("permalink"); ok && v == false {
			return "", "", "", "", false // never published
		}
		slug := fileSlug(rel)
		kind, typ := KindStory, ""
		if topLevel(rel) {
			kind = KindPage
			if stem(rel) == "index" {
				return "", "", "", "", false // the home page
			}
		} else {
			typ, _, _ = strings.Cut(rel, "/")
		}
		old := "/" + strings.TrimSuffix(rel, path.Ext(rel)) + "/"
		if stem(rel) == "index" {
			old = "/" + path.Dir(rel) + "/"
		}
		if v, _, ok := f.Lookup("permalink"); ok {
			if p := scalar(v); p != "" && !strings.Contains(p, "{") {
				old = p
			}
		}
		return kind, typ, slug, cleanOld(old), true
	}
	return s, nil
}

// ---- Astro ----

func openAstro(root string) (Source, error) {
	s := &folder{name: "astro", root: root, content: "src/content", static: []string{"public"}}
	if data, err := os.ReadFile(filepath.Join(root, "src", "consts.ts")); err == nil {
		if m := regexp.MustCompile(`SITE_TITLE\s*=\s*['"]([^'"]+)['"]`).FindSubmatch(data); m != nil {
			s.title = string(m[1])
		}
	}
	s.place = func(rel string, f *Fields) (string, string, string, string, bool) {
		if topLevel(rel) {
			return "", "", "", "", false // not in a collection
		}
		coll, _, _ := strings.Cut(rel, "/")
		slug := fileSlug(rel)
		if v, _, ok := f.Lookup("slug"); ok {
			slug = slugify(scalar(v))
		}
		return KindStory, coll, slug, "/" + coll + "/" + slug + "/", true
	}
	return s, nil
}

// isFanfareSite reports whether dir holds a Fanfare site (an earlier
// import, perhaps), which is never read as part of a source.
func isFanfareSite(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, "fanfare.yaml"))
	return err == nil
}
