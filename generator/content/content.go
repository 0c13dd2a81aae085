// Package content owns reading a site's content folder: it walks an fs.FS,
// splits every Markdown file into front matter and body, and decodes the
// front matter into typed pages (Story, Symbol or plain page fields).
//
// Layout of a content folder:
//
//	_index.md                 the home page text
//	stories/slug.md           a customer story
//	stories/slug/index.md     a story as a page bundle; files beside it are its resources
//	stories/_index.md         the story list's title and intro
//	symbols/...               symbols of extremism, the same way
//	anything/else.md          a plain page
//
// A site with several languages (see Languages) may put a translation
// beside the page, with the language's code before the extension
// (stories/slug.en.md, stories/slug/index.en.md), or in a folder named
// after the language (en/stories/slug.md). Either way the page's Key is
// its path without the language (stories/slug.md) and its Lang is the
// code; pages in the default language need no suffix. A suffix that looks
// like a language the site does not have (slug.de.md) stays part of the
// name, with a warning naming the file: renaming a page is safer than
// silently dropping it from every language.
//
// Front matter is YAML (between "---" lines), TOML (between "+++" lines) or
// JSON (an object, or between ";;;" lines). Keys are case-insensitive. Keys
// that Fanfare does not know are kept in Page.Params for templates.
//
// Problems are reported as diagnostics naming the file and line; a broken
// file is left out and the others are still loaded. The package does not
// know about URLs, other pages or output: cross-page checks belong to the
// site model.
package content

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/cespare/xxhash/v2"

	"fanfare.dev/fanfare/generator/diag"
	"fanfare.dev/fanfare/generator/diskfs"
)

// Kind says what a page is.
type Kind string

// The kinds of pages.
const (
	KindHome    Kind = "home"    // content/_index.md
	KindSection Kind = "section" // content/<section>/_index.md
	KindStory   Kind = "story"   // content/stories/...
	KindSymbol  Kind = "symbol"  // content/symbols/...
	KindPage    Kind = "page"    // any other Markdown file
)

// Section folder names with a special meaning.
const (
	StoriesSection = "stories"
	SymbolsSection = "symbols"
)

// MaxFileSize is the largest Markdown file Fanfare reads.
const MaxFileSize = 16 << 20

// Page is one Markdown file with its decoded front matter.
type Page struct {
	// File is the path relative to the site root, e.g. "content/stories/teeling.md".
	File string
	// Path is the path relative to the content folder, e.g. "stories/teeling.md".
	Path string
	// Key is Path without its language (a suffix ".en" before the
	// extension, or a first folder "en/"): the translations of a page
	// share it. On a site in one language it is Path.
	Key string
	// Lang is the code of the page's language; "" on a site in one
	// language.
	Lang string
	// Kind is what the page is; Section is the first folder of Key ("" at the root).
	Kind    Kind
	Section string
	// Bundle is set for "slug/index.md" pages; their Resources are the
	// other files of the folder, as paths relative to the content folder.
	Bundle    bool
	Resources []string

	// Fields every page has (these mean what they mean in Hugo).
	Title       string
	Description string
	Summary     string
	Date        time.Time
	Lastmod     time.Time
	Draft       bool
	Slug        string
	Aliases     []string
	Weight      int
	Tags        []string
	Image       string
	ImageAlt    string
	// TranslationKey, if set, links translations whose paths differ: the
	// pages of a site that share it are each other's translations.
	TranslationKey string

	// Story is set for stories, Symbol for symbols.
	Story  *Story
	Symbol *Symbol

	// Params holds the front-matter keys Fanfare does not know, lower-cased.
	Params map[string]any

	// Body is the Markdown after the front matter; BodyLine is the line of
	// File on which it starts.
	Body     []byte
	BodyLine int

	// Invalid is set when a field has an error (already reported).
	Invalid bool

	// Version identifies the file's bytes: it changes when they do, and
	// it is the same in every run of the program (xxhash), so that the
	// build cache may keep pages by what they show.
	Version uint64
	// FrontVersion identifies the front matter alone (with its
	// delimiters): an edit that leaves it unchanged touched only the body.
	FrontVersion uint64

	// Warnings are problems that do not stop the build, such as an image
	// without alt text.
	Warnings []*diag.Diagnostic

	// lines holds each front-matter key's line in File, sorted by key
	// (a slice, not a map: every page of a site keeps it for the whole
	// build, and a map of a dozen keys takes three times the memory).
	lines []keyLine
	// unknown are the keys Fanfare does not know (see Unknown).
	unknown []Unknown
}

// Story holds the fields of a customer story.
type Story struct {
	Customer string
	Brand    string
	Industry string
	Channel  string
	Stage    string
	Symbols  []string
	Quote    *Quote
	Metrics  []Metric
	Personal *int
	Extreme  *int
	Featured bool
}

// Symbol holds the fields of a symbol of extremism.
type Symbol struct {
	Brand    string
	Promise  string
	Proof    string
	Personal *int
	Extreme  *int
}

// Quote is what a customer said.
type Quote struct {
	Text   string
	Author string
	Role   string
}

// Metric is one figure that shows a story's effect, such as "NPS" "60".
type Metric struct {
	Label string
	Value string
}

// KeyLine returns the line in File of front-matter key (lower case;
// "group.key" for a key in a group of keys, quote.author), or the first
// line of the front matter when the key is absent.
func (p *Page) KeyLine(key string) int {
	if l, ok := p.lineOf(key); ok {
		return l
	}
	if l, ok := p.lineOf(""); ok {
		return l
	}
	return 1
}

// keyLine is a front-matter key, by its number (keyNumber), and its line.
// It holds no pointer: every page of a site keeps its keys' lines for the
// whole build, and the garbage collector does not look into a slice of
// them (a key as a string was a pointer to follow on every cycle, two
// million at 100,000 stories).
type keyLine struct {
	key, line int32
}

// lineOf returns the line of key in p.lines.
func (p *Page) lineOf(key string) (int, bool) {
	n, ok := keyNumber(key, false)
	if !ok {
		return 0, false
	}
	i, ok := slices.BinarySearchFunc(p.lines, n, compareKey)
	if !ok {
		return 0, false
	}
	return int(p.lines[i].line), true
}

func compareKey(kl keyLine, n int32) int { return cmp.Compare(kl.key, n) }

// sortedLines makes the lines of Page of a map of key to line.
func sortedLines(m map[string]int) []keyLine {
	out := make([]keyLine, 0, len(m))
	for k, l := range m {
		n, _ := keyNumber(k, true)
		out = append(out, keyLine{n, int32(l)})
	}
	slices.SortFunc(out, func(a, b keyLine) int { return cmp.Compare(a.key, b.key) })
	return out
}

// keyNumbers numbers the front-matter keys (lower case, "group.key")
// of the pages read, in the order they were first met. A site has some
// tens of them; they stay for the life of the program.
var keyNumbers struct {
	mu      sync.RWMutex
	numbers map[string]int32
}

// keyNumber returns key's number; a key not met before gets the next
// one if add is set, and reports false otherwise.
func keyNumber(key string, add bool) (int32, bool) {
	keyNumbers.mu.RLock()
	n, ok := keyNumbers.numbers[key]
	keyNumbers.mu.RUnlock()
	if ok || !add {
		return n, ok
	}
	keyNumbers.mu.Lock()
	defer keyNumbers.mu.Unlock()
	if n, ok := keyNumbers.numbers[key]; ok {
		return n, true
	}
	if keyNumbers.numbers == nil {
		keyNumbers.numbers = map[string]int32{}
	}
	n = int32(len(keyNumbers.numbers))
	// A key may be cut from its page's front matter: the copy keeps
	// only the key in memory.
	keyNumbers.numbers[strings.Clone(key)] = n
	return n, true
}

// IsMarkdown reports whether name is a Markdown file: its extension is
// one of those editors and other generators use for Markdown, in any
// letter case (.md, .MD, .markdown, .mdown, .mkd, .mkdn). Such a file is
// always read as a page, never published as it is.
func IsMarkdown(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".md", ".markdown", ".mdown", ".mkd", ".mkdn":
		return true
	}
	return false
}

// IsBackup reports whether a file name is a backup copy that editors,
// merge tools and people leave beside a file ("story.md~", "story.md.bak",
// "story.md.orig"): it holds the source of a page, front matter and
// drafts included, so it is never published.
func IsBackup(name string) bool {
	if len(name) > 1 && strings.HasSuffix(name, "~") {
		return true
	}
	switch strings.ToLower(path.Ext(name)) {
	case ".bak", ".orig", ".rej", ".swp", ".swo", ".swx":
		return true
	}
	return false
}

// Ignored reports whether a file or folder name is skipped entirely:
// hidden files and the swap and backup files editors leave behind.
func Ignored(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasPrefix(name, "#") ||
		strings.HasSuffix(name, "~") || strings.HasSuffix(name, ".swp") ||
		strings.HasSuffix(name, ".swx") || strings.HasSuffix(name, ".tmp") || name == "4913"
}

// Result is what Load found.
type Result struct {
	// Pages are the pages read, including those with errors in their
	// fields (Invalid is set on those), so that the site can still check
	// their links; the build fails anyway.
	Pages []*Page
	// Unreadable lists the content-relative paths of Markdown files whose
	// front matter could not be read at all. Links to them are not
	// reported again.
	Unreadable []string
	// Files are the non-Markdown files outside bundles, relative to the
	// content folder; they are published at the same path.
	Files []string
}

// Hooks let a caller take part in Load.
type Hooks struct {
	// Each, if set, is called for every page read, on the goroutine that
	// read it, so that work on a page (such as converting its Markdown)
	// overlaps with reading the others. It may set the page's Body to
	// nil once it has no more use for it.
	Each func(*Page)
	// Reuse, if set, is asked for every Markdown file (by its path
	// relative to the content folder) before it is read; a page it
	// returns is used as it is, and neither read nor passed to Each.
	Reuse func(rel string) *Page
	// Languages, if set, are the site's languages: file names and folders
	// carrying a language code are read as translations.
	Languages *Languages
	// Listing, if set, keeps the files found from one Load to the next;
	// Changed lists the paths (relative to the content folder) that
	// changed since the last Load with that Listing (nil: any).
	Listing *Listing
	Changed []string
	// Found, if set, is told how many Markdown files there are to read,
	// before the first is read.
	Found func(files int)
}

// Load reads every page under dir in fsys (the site root). Problems are
// added to errs; pages whose front matter cannot be read are left out.
// Files are read and parsed on all cores.
func Load(fsys fs.FS, dir string, errs *diag.List, hooks ...Hooks) *Result {
	var h Hooks
	if len(hooks) > 0 {
		h = hooks[0]
	}
	res := &Result{}
	if _, err := fs.Stat(fsys, dir); errors.Is(err, fs.ErrNotExist) {
		if h.Listing != nil {
			h.Listing.files = nil // nothing to patch when the folder comes back
		}
		return res
	}
	files := h.Listing.list(fsys, dir, h.Changed, errs)
	bundles, mds := sortFiles(h.Languages, files, res)
	if h.Found != nil {
		h.Found(len(mds))
	}
	out := parseAll(fsys, dir, mds, h)
	unknown := newUnknownKeys()
	defer unknown.report(errs)
	copies := make(map[uint64]*Page, len(mds)) // Version → the first page with those bytes
	for i, f := range mds {
		p, err := out[i].page, out[i].err
		if err != nil {
			errs.AddError(path.Join(dir, f), err)
			if p == nil {
				res.Unreadable = append(res.Unreadable, f)
				continue
			}
		}
		if p.Bundle {
			p.Resources = bundles[path.Dir(f)]
		}
		errs.Add(p.Warnings...)
		unknown.add(p)
		if first, ok := copies[p.Version]; ok && out[i].body && !p.Draft {
			errs.Warnf(p.File, 1, "this file is an exact copy of %s: both are published; delete the copy, or make it a page of its own", first.File)
		} else {
			copies[p.Version] = p
		}
		res.Pages = append(res.Pages, p)
	}
	return res
}

// walk lists the files under dir, relative to it and sorted, leaving out
// hidden and ignored files, backup copies and links that lead out of the
// site folder or to folders, each with a message.
func walk(fsys fs.FS, dir string, errs *diag.List) []string {
	var files []string
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			errs.Add(diag.Wrap(p, 0, "cannot read", err))
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if p != dir && !d.IsDir() && !strings.HasPrefix(d.Name(), ".") && IsBackup(d.Name()) {
			errs.Warnf(p, 0, "is a backup copy; it is not published (delete it, or rename it to end in .md to make it a page)")
			return nil
		}
		if p != dir && Ignored(d.Name()) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 && !followLink(fsys, p, errs) {
			return nil
		}
		if !d.IsDir() {
			files = append(files, strings.TrimPrefix(p, dir+"/"))
		}
		return nil
	})
	if err != nil {
		errs.Add(diag.Wrap(dir, 0, "cannot read", err))
	}
	sort.Strings(files)
	return files
}

// followLink says whether the link at p is read: links to files are read
// as files; links to folders are not followed (they could loop); links
// out of the site folder are left out, so that nothing outside it is ever
// published.
func followLink(fsys fs.FS, p string, errs *diag.List) bool {
	if target, out := diskfs.Escapes(fsys, p); out {
		errs.Warnf(p, 0, "is a link to %s, outside the site folder; it is left out", target)
		return false
	}
	st, err := fs.Stat(fsys, p)
	switch {
	case err != nil:
		errs.Errorf(p, 0, "is a link that cannot be followed: %v", cause(err))
		return false
	case st.IsDir():
		errs.Warnf(p, 0, "is a link to a folder; folders behind links are not read (copy or move the folder into content/ instead)")
		return false
	}
	return true
}

// sortFiles sorts files into bundles (folders holding index.md:
// everything else in them belongs to that page, by folder), Markdown
// pages (returned in order) and other files (added to res.Files).
func sortFiles(l *Languages, files []string, res *Result) (bundles map[string][]string, mds []string) {
	bundles = map[string][]string{}
	for _, f := range files {
		if l.isIndex(path.Base(f)) {
			bundles[path.Dir(f)] = []string{}
		}
	}
	bundleOf := func(f string) (string, bool) {
		for d := path.Dir(f); d != "."; d = path.Dir(d) {
			if _, ok := bundles[d]; ok {
				return d, true
			}
		}
		return "", false
	}
	for _, f := range files {
		b, inBundle := bundleOf(f)
		switch {
		case inBundle && !l.isIndex(path.Base(f)):
			bundles[b] = append(bundles[b], f)
		case IsMarkdown(f):
			mds = append(mds, f)
		default:
			res.Files = append(res.Files, f)
		}
	}
	return bundles, mds
}

// parsed is one Markdown file read and parsed by parseAll.
type parsed struct {
	page *Page
	err  error
	body bool // the page had a body when read (Each may drop it)
}

// parseAll reads and parses the Markdown files mds (relative to dir) on
// all cores, reusing the pages h.Reuse still has; the results keep the
// order of mds.
func parseAll(fsys fs.FS, dir string, mds []string, h Hooks) []parsed {
	out := make([]parsed, len(mds))
	// The pages kept are taken here, one map look-up each; only the
	// files to read go to the cores (handing each of 10,000 kept pages
	// to a goroutine cost more than the look-up).
	todo := make([]int, 0, len(mds))
	for i, md := range mds {
		if h.Reuse != nil {
			if p := h.Reuse(md); p != nil {
				out[i] = parsed{page: p, body: len(p.Body) > 0}
				continue
			}
		}
		todo = append(todo, i)
	}
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < min(runtime.GOMAXPROCS(0), len(todo)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out[i] = parseOne(fsys, dir, mds[i], h)
			}
		}()
	}
	for _, i := range todo {
		next <- i
	}
	close(next)
	wg.Wait()
	return out
}

// parseOne reads and parses the Markdown file md (relative to dir).
func parseOne(fsys fs.FS, dir, md string, h Hooks) parsed {
	file := path.Join(dir, md)
	src, err := diskfs.ReadFileMax(fsys, file, MaxFileSize)
	if err != nil {
		return parsed{err: diag.Errorf(file, 0, "cannot read: %v", cause(err))}
	}
	var out parsed
	out.page, out.err = h.Languages.Parse(file, md, src)
	if out.page != nil {
		out.body = len(out.page.Body) > 0
		if h.Each != nil {
			h.Each(out.page)
		}
	}
	return out
}

// cause strips the path from a file system error: messages name the file
// already.
func cause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Parse decodes one Markdown file. file is its path relative to the site
// root (for messages), rel its path relative to the content folder.
// When the front matter could be read but a field is wrong, Parse returns
// both the page (with Invalid set) and the error.
func Parse(file, rel string, src []byte) (*Page, error) {
	return parse(file, rel, rel, "", nil, src)
}

func parse(file, rel, key, lang string, warn *diag.Diagnostic, src []byte) (*Page, error) {
	var errs diag.List
	errs.Add(warn)
	p := &Page{File: file, Path: rel, Key: key, Lang: lang, Params: map[string]any{}, Version: xxhash.Sum64(src)}
	p.classify()
	if len(src) > MaxFileSize {
		return nil, diag.Errorf(file, 0, "file is %s; Markdown files may be at most %s", diskfs.Megabytes(int64(len(src))), diskfs.Megabytes(MaxFileSize))
	}
	if bytes.IndexByte(src, 0) >= 0 {
		return nil, diag.Errorf(file, diag.LineOf(src, bytes.IndexByte(src, 0)), "file is binary, not Markdown text (it holds a NUL byte)")
	}
	if !utf8.Valid(src) {
		return nil, diag.Errorf(file, invalidUTF8Line(src), "file is not valid UTF-8 text; save it as UTF-8")
	}
	// Editors on Windows may start a UTF-8 file with a byte order mark.
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	fm, err := split(file, src)
	if err != nil {
		return nil, err
	}
	p.Body = fm.body
	p.FrontVersion = xxhash.Sum64(src[:len(src)-len(fm.body)])
	p.BodyLine = fm.bodyLine
	if fm.raw != nil {
		p.lines = sortedLines(fm.keyLines())
	}
	orig := make(map[string]string, len(fm.raw))
	for k := range fm.raw {
		orig[strings.ToLower(k)] = k
	}
	if fm.format == "yaml" {
		for _, w := range commentWarnings(fm.data) {
			errs.Warnf(file, fm.dataLine+w.line-1, "%s", w.msg)
		}
	}
	d := &decoder{p: p, errs: &errs, m: lower(fm.raw), orig: orig}
	d.decode()
	p.Warnings = errs.Warnings()
	if err := errs.Err(); err != nil {
		p.Invalid = true
		return p, err
	}
	return p, nil
}

func invalidUTF8Line(src []byte) int {
	off := 0
	for off < len(src) {
		r, size := utf8.DecodeRune(src[off:])
		if r == utf8.RuneError && size <= 1 {
			break
		}
		off += size
	}
	return diag.LineOf(src, off)
}

func (p *Page) classify() {
	dir, base := path.Split(p.Key)
	dir = strings.TrimSuffix(dir, "/")
	if i := strings.IndexByte(p.Key, '/'); i >= 0 {
		p.Section = p.Key[:i]
	}
	switch {
	case p.Key == "_index.md":
		p.Kind = KindHome
	case base == "_index.md":
		p.Kind = KindSection
	case p.Section == StoriesSection:
		p.Kind = KindStory
	case p.Section == SymbolsSection:
		p.Kind = KindSymbol
	default:
		p.Kind = KindPage
	}
	if base == "index.md" && dir != "" {
		p.Bundle = true
	}
}

// DefaultSlug is the page's name in its folder: the file name without
// extension, or the bundle folder's name.
func (p *Page) DefaultSlug() string {
	if p.Bundle {
		return path.Base(path.Dir(p.Key))
	}
	base := path.Base(p.Key)
	return strings.TrimSuffix(base, path.Ext(base))
}

func lower(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[strings.ToLower(k)] = v
	}
	return out
}

// String names the page for debugging.
func (p *Page) String() string { return fmt.Sprintf("%s(%s)", p.Kind, p.File) }
