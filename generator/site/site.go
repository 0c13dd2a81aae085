// Package site owns the site model: which pages are published, their URLs,
// the links between stories and the symbols they prove, the taxonomies,
// pagination, aliases, and the list of routes to render.
//
// It takes the pages the content package loaded and the configuration, and
// checks what only the whole site can tell: a symbol slug that names no
// symbol, two pages with the same URL, a stage that is not configured, a
// relative link to a missing file. It does no I/O; the render package
// turns its routes into bytes.
//
// A site with several languages is one Site per language (BuildAll): each
// has its own pages, lists, taxonomies, brands and routes, under /<code>/
// for every language but the default. Pages are each other's
// translations when they share a key (their path without the language,
// or their translationKey), and every route lists its translations.
package site

import (
	"cmp"
	"fmt"
	"html/template"
	"net/url"
	"path"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
	"time"
	"unicode"
	"unsafe"

	"golang.org/x/text/unicode/norm"

	"fanfare.dev/fanfare/generator/config"
	"fanfare.dev/fanfare/generator/content"
	"fanfare.dev/fanfare/generator/diag"
)

// Options select which pages are published.
type Options struct {
	Drafts bool      // publish pages with draft: true
	Future bool      // publish pages dated after Now
	Now    time.Time // the build's notion of today
	// Memo, if set, carries what a build worked out from its pages to
	// the next build with the same Memo (see Memo). BuildAll uses it;
	// Build does not.
	Memo *Memo
}

// Site is the whole published site.
type Site struct {
	Config *config.Config

	Home    *Page
	Stories []*Page // newest first
	Symbols []*Page // by weight, then title
	Pages   []*Page // every published page, by URL

	// StoriesPage and SymbolsPage hold the list pages' own title and text
	// (from stories/_index.md and symbols/_index.md, or defaults).
	StoriesPage *Page
	SymbolsPage *Page

	Taxonomies []*Taxonomy
	// Texts are pages shown inside other pages rather than on their own:
	// the texts of taxonomies and their terms.
	Texts []*Page
	// Brands are the brands of the stories and symbols, by name, each
	// with a page at /brands/<slug>/.
	Brands []*Brand
	Routes []*Route
	Files  []File
	// Images are the JPEG, PNG and SVG files the site publishes (content
	// files, bundle resources and static files), by destination path,
	// with what a page needs to show them at the right size. Measuring
	// needs the files' bytes, so the generator fills it in after Build.
	Images map[string]*Image
	// Static holds the paths (relative to the site's root, "downloads/a.pdf")
	// of the files published from static/, for checking links to them.
	Static map[string]bool

	// Updated is the newest date of any published page; feeds use it so
	// that the same input gives the same output.
	Updated time.Time
	// NextPublish is the date of the earliest page left out because it
	// lies in the future (zero if there is none): from then on, a build
	// gives a different site.
	NextPublish time.Time

	// Lang is the site's language code and LangName its name; Languages
	// are the sites of every language, the default first (nil on a site
	// in one language).
	Lang      string
	LangName  string
	Languages []*Site
	// BaseURL is the absolute URL of the home page in this language.
	BaseURL string

	basePath   string
	langPrefix string // "en/" for a language served under /en/, else ""
	fallback   *Site  // the default language's site, for a page in one language only
	langs      *content.Languages
	byKey      map[string]*Page  // Key → page
	origin     string            // scheme and host of the base URL: "https://example.com"
	unreadable map[string]bool   // content-relative paths of files that could not be read
	byPath     map[string]*Page  // content-relative path → page
	files      map[string]string // content-relative path of a non-page file → its destination path
	byURL      map[string]*Page
	routeURLs  map[string]bool // the URL of every route but the 404 page
	claims     *Claims         // the files of its routes (checkRoutes)
	// renamed counts the terms Patch gave another name in place: a
	// page's TermsMemo holds while it is the same.
	renamed uint64
}

// Page is a published page.
type Page struct {
	*content.Page

	// URL is the page's address relative to the host ("/stories/teeling/"),
	// including the base URL's path; Permalink is absolute.
	URL       string
	Permalink string

	// Proves lists the symbols a story proves; ProvenBy the stories that
	// prove a symbol.
	Proves   []*Page
	ProvenBy []*Page

	// Terms lists, per taxonomy name, the terms this page is filed under.
	Terms map[string][]*Term

	// content is the page's text as HTML, or where a TextStore keeps it
	// (see Content).
	content template.HTML
	text    StoredText

	// Translations are the same page in the site's other languages, in
	// the order of the languages.
	Translations []*Translation

	// termsMemo is the *termsMemo TermsMemo keeps, nil until first
	// asked, read and written atomically (an unsafe.Pointer rather
	// than an atomic.Pointer: a copy of a page, which edits.go makes to
	// resolve a new reading's links, shares it, as it shares the terms).
	termsMemo unsafe.Pointer
}

// termsMemo is a value worked out from a page's Terms, and the site's
// renamed count when it was.
type termsMemo struct{ renamed, sum uint64 }

// TermsMemo returns sum(p), worked out once for as long as the terms p
// (a page of s) is filed under stay as they are, and sum must read p's
// Terms alone, with their names and URLs: a page's Terms are set when it
// is filed and never change, and only Patch changes a term in place, when
// a story that comes or goes changes its name (site.renamed). The
// signature of every route of a page hashes its terms; at 10,000 stories
// that was a third of the signatures' time after a new story, for terms
// as they were. Safe for use by several goroutines at once; one function
// only must be passed, for every page.
func (s *Site) TermsMemo(p *Page, sum func(*Page) uint64) uint64 {
	if m := (*termsMemo)(atomic.LoadPointer(&p.termsMemo)); m != nil && m.renamed == s.renamed {
		return m.sum
	}
	m := &termsMemo{s.renamed, sum(p)}
	atomic.StorePointer(&p.termsMemo, unsafe.Pointer(m))
	return m.sum
}

// Translation is a page or route in another language.
type Translation struct {
	Lang      string // language code: "en"
	Name      string // the language's name: "English"
	URL       string
	Permalink string
}

// Taxonomy groups stories by one field, such as tags or industry.
type Taxonomy struct {
	Name  string // plural, used in URLs: "industries"
	Field string // story field: "industry"
	URL   string
	Terms []*Term // by name
	// Page holds the taxonomy's own text, from content/<name>/_index.md,
	// or nil.
	Page *Page
}

// Term is one value of a taxonomy, such as the tag "persoonlijk".
type Term struct {
	Name     string
	Slug     string
	URL      string
	Taxonomy *Taxonomy
	Pages    []*Page // newest first
	// Page holds the term's own text, from content/<taxonomy>/<slug>.md,
	// or nil: for stages, the text the journey shows.
	Page *Page
}

// Brand groups a brand's symbols and stories.
type Brand struct {
	Name    string
	Slug    string
	URL     string
	Stories []*Page // newest first
	Symbols []*Page
}

// Brand returns the brand with the given name, or nil.
func (s *Site) Brand(name string) *Brand {
	slug := Slugify(name)
	for _, b := range s.Brands {
		if b.Slug == slug {
			return b
		}
	}
	return nil
}

func (s *Site) buildBrands() {
	// Asked of the config, not of s.Taxonomies, which buildTaxonomies
	// makes meanwhile (Build).
	if slices.Contains(s.Config.TaxonomyNames(), "brands") {
		return // the site files stories under a taxonomy of that name
	}
	bySlug := map[string]*Brand{}
	byName := map[string]*Brand{} // as written: one Slugify a name, not one a story
	get := func(name string) *Brand {
		if b, ok := byName[name]; ok {
			return b
		}
		slug := Slugify(name)
		if slug == "" {
			byName[name] = nil
			return nil
		}
		b := bySlug[slug]
		if b == nil {
			b = &Brand{Name: name, Slug: slug, URL: s.RelURL("/brands/" + slug + "/")}
			bySlug[slug] = b
			s.Brands = append(s.Brands, b)
		}
		byName[name] = b
		return b
	}
	for _, st := range s.Stories {
		if b := get(st.Story.Brand); b != nil {
			b.Stories = append(b.Stories, st)
		}
	}
	for _, y := range s.Symbols {
		if b := get(y.Symbol.Brand); b != nil {
			b.Symbols = append(b.Symbols, y)
		}
	}
	sort.Slice(s.Brands, func(i, j int) bool { return s.Brands[i].Slug < s.Brands[j].Slug })
}

// File is a file published as it is.
type File struct {
	Src string // path relative to the site root's content folder or static folder
	Dst string // path relative to the destination
	// FromContent tells whether Src is in the content folder (else static/).
	FromContent bool
}

// Image is a published image: its size, and the smaller copies of it
// that are published beside it.
type Image struct {
	Width, Height int // in pixels; 0 when unknown (an SVG without a size)
	// Variants are the smaller copies, narrowest first; none for SVG and
	// for images too small to be made smaller.
	Variants []Variant
}

// Variant is a smaller copy of an image.
type Variant struct {
	Width, Height int
	Dst           string // path relative to the destination
}

// ImageFile returns the destination path of an image a page names in its
// front matter or Markdown: a path from the site root ("/images/a.jpg")
// is a static file; a relative path is a file of the page's bundle or of
// content/, or else (outside a bundle) a static file. ok is false for an
// absolute URL, which the site does not publish.
func (s *Site) ImageFile(from *Page, img string) (dst string, ok bool) {
	p := img // a plain path is what url.Parse would make of it (plainLink)
	if !plainLink(img) {
		if hasScheme(img) {
			// "https://…", "data:…": what url.Parse makes of it, without
			// parsing it (front matter of imported sites names pictures
			// elsewhere on every page, and each build asks for each).
			return "", false
		}
		u, err := url.Parse(img)
		if err != nil || u.Scheme != "" || u.Host != "" {
			return "", false
		}
		p = u.Path
	}
	if p == "" {
		return "", false
	}
	if strings.HasPrefix(p, "/") {
		return strings.TrimPrefix(path.Clean(p), "/"), true
	}
	if dst, ok := s.files[path.Join(path.Dir(from.Path), p)]; ok {
		return dst, true
	}
	if from.Bundle {
		return strings.TrimPrefix(path.Join(s.route(from), p), "/"), true
	}
	return strings.TrimPrefix(path.Join("/", p), "/"), true // never above the site's root
}

// hasScheme reports whether url.Parse finds a scheme at the start of s
// ("https:", "mailto:"), or fails on a ":" before anything else: a letter
// first, then letters, digits, "+", "-" or ".", then ":".
func hasScheme(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
		case '0' <= c && c <= '9' || c == '+' || c == '-' || c == '.':
			if i == 0 {
				return false
			}
		case c == ':':
			return true
		default:
			return false
		}
	}
	return false
}

// Route is one HTML file to render.
type Route struct {
	// Out is the file to write, relative to the destination ("stories/index.html").
	Out string
	// Layout is the template that renders it: home, story, symbol, page,
	// stories, symbols, section, taxonomy, term, 404 or alias.
	Layout string
	// Page is the page rendered, or the list page that owns the route.
	Page *Page
	// Pager is set on paginated lists.
	Pager *Pager
	// Taxonomy and Term are set on taxonomy pages.
	Taxonomy *Taxonomy
	Term     *Term
	// Brand is set on a brand's page.
	Brand *Brand
	// Target is where an alias route redirects to.
	Target *Page
	// URL is the route's own URL (a list's second page has its own).
	URL       string
	Permalink string
	// Translations are this route in the site's other languages, where it
	// exists there, in the order of the languages.
	Translations []*Translation
}

// Build makes the site model from the loaded pages. Problems are added to
// errs; the returned site leaves out what it could not place.
func Build(cfg *config.Config, loaded *content.Result, opts Options, errs *diag.List) *Site {
	opts.Memo = nil // a Memo is begun and ended by BuildAll alone
	return build(cfg, loaded, opts, errs, nil)
}

// Languages returns what the content package needs to know of a site's
// languages, or nil for a site in one language.
func Languages(cfg *config.Config) *content.Languages {
	if !cfg.Multilingual() {
		return nil
	}
	return &content.Languages{Default: cfg.Language, Codes: cfg.LanguageCodes()}
}

// BuildAll makes the site model of every language of the site, the
// default language first. The pages must have been loaded with the
// site's Languages. A site in one language gets one Site, as Build makes it.
func BuildAll(cfg *config.Config, loaded *content.Result, opts Options, errs *diag.List) []*Site {
	opts.Memo.begin()
	if !cfg.Multilingual() {
		s := build(cfg, loaded, opts, errs, nil)
		opts.Memo.end()
		return []*Site{s}
	}
	langs := Languages(cfg)
	byLang := map[string][]*content.Page{}
	for _, p := range loaded.Pages {
		byLang[p.Lang] = append(byLang[p.Lang], p)
	}
	var sites []*Site
	for i, code := range langs.Codes {
		part := &content.Result{Pages: byLang[code], Unreadable: loaded.Unreadable}
		var def *Site
		if i == 0 {
			part.Files = loaded.Files // published once, where they are
		} else {
			def = sites[0]
		}
		s := build(cfg.ForLanguage(code), part, opts, errs, &langInfo{langs: langs, fallback: def, name: cfg.LanguageName(code), prefix: code + "/"})
		sites = append(sites, s)
	}
	for _, s := range sites {
		s.Languages = sites
	}
	linkTranslations(sites)
	proveAcross(sites)
	for _, s := range sites {
		s.warnUnproven(errs)
	}
	warnUntranslated(cfg, sites, errs)
	opts.Memo.end()
	return sites
}

// langInfo is what build needs to know of a site in one of several languages.
type langInfo struct {
	langs    *content.Languages
	fallback *Site // the default language's site; nil for the default language itself
	name     string
	prefix   string // "en/": used for every language but the default
}

func build(cfg *config.Config, loaded *content.Result, opts Options, errs *diag.List, li *langInfo) *Site {
	s := &Site{
		Config:     cfg,
		Lang:       cfg.Language,
		LangName:   cfg.LanguageName(cfg.Language),
		BaseURL:    cfg.BaseURL,
		basePath:   EscapeURL(cfg.BaseURLPath()),
		origin:     origin(cfg.BaseURL),
		byPath:     make(map[string]*Page, len(loaded.Pages)),
		byKey:      make(map[string]*Page, len(loaded.Pages)),
		files:      map[string]string{},
		byURL:      make(map[string]*Page, len(loaded.Pages)),
		unreadable: map[string]bool{},
	}
	if li != nil {
		s.langs, s.fallback, s.LangName = li.langs, li.fallback, li.name
		if s.fallback != nil {
			s.langPrefix = li.prefix
			s.BaseURL += li.prefix
		}
	}
	for _, f := range loaded.Unreadable {
		s.unreadable[f] = true
	}
	for _, f := range loaded.Files {
		s.files[f] = f
		s.Files = append(s.Files, File{Src: f, Dst: f, FromContent: true})
	}
	added := s.addPages(loaded.Pages, opts)
	s.assignURLs(added, opts.Memo, errs)
	opts.Memo.sortStories(s)
	sort.SliceStable(s.Symbols, func(i, j int) bool { return byWeightTitle(s.Symbols[i], s.Symbols[j]) })
	// The links between stories and symbols and the brands (which write
	// each story's Proves, each symbol's ProvenBy and the site's Brands)
	// and the taxonomies (each story's Terms and stage, the site's
	// Taxonomies and Pages) read and write different fields: they are
	// made at once, on two cores, in two halves of about the same time
	// (at 10,000 stories 11 and 3 ms against 14 ms; the brands were with
	// the taxonomies, and the model waited 17 ms for that half). diag.List
	// keeps its messages in order whatever the order of arrival.
	both(func() {
		s.linkSymbols(errs)
		if li == nil {
			s.warnUnproven(errs)
		}
		s.buildBrands()
	}, func() {
		s.checkStages(errs)
		s.buildTaxonomies()
		s.attachTermPages(errs)
	})
	s.buildRoutes(errs)
	return s
}

// both calls a on a goroutine of its own and b on this one, and returns
// when both have returned. A panic in a is raised again here, where the
// preview can recover it (it would otherwise end the program).
func both(a, b func()) {
	done := make(chan any, 1)
	go func() {
		defer func() { done <- recover() }()
		a()
	}()
	defer func() {
		if v := <-done; v != nil {
			panic(v)
		}
	}()
	b()
}

// addPages adds the loaded pages the build publishes (drafts and pages
// dated in the future only when opts asks for them) with their bundles'
// files, and finds or makes the home page and the story and symbol lists.
func (s *Site) addPages(pages []*content.Page, opts Options) []*Page {
	sections := map[string]*Page{}
	added := make([]*Page, 0, len(pages))
	for _, cp := range pages {
		if !opts.Drafts && cp.Draft {
			continue
		}
		if !opts.Future && !cp.Date.IsZero() && cp.Date.After(opts.Now) {
			if s.NextPublish.IsZero() || cp.Date.Before(s.NextPublish) {
				s.NextPublish = cp.Date
			}
			continue
		}
		p := &Page{Page: cp, Terms: map[string][]*Term{}}
		added = append(added, p)
		s.byPath[cp.Path] = p
		s.byKey[cp.Key] = p
		switch cp.Kind {
		case content.KindHome:
			s.Home = p
		case content.KindSection:
			// Only a section's own _index.md (stories/_index.md) speaks
			// for it; one in a sub-folder (stories/2024/_index.md) is a
			// page of its own and never takes over the story list.
			if path.Dir(cp.Key) == cp.Section {
				sections[cp.Section] = p
			}
		case content.KindStory:
			s.Stories = append(s.Stories, p)
		case content.KindSymbol:
			s.Symbols = append(s.Symbols, p)
		}
		if cp.Bundle {
			for _, r := range cp.Resources {
				dst := s.bundleDst(p, r)
				s.files[r] = dst
				s.Files = append(s.Files, File{Src: r, Dst: dst, FromContent: true})
			}
		}
		if cp.Date.After(s.Updated) {
			s.Updated = cp.Date
		}
	}
	if s.Home == nil {
		s.Home = s.virtual("_index.md", content.KindHome, "", s.Config.Title)
	}
	// Written into the page as read: a Session reads a home page again
	// when the config changes, and its fast path of edits leaves a home
	// page without a title or a description to a new model.
	s.Home.Title = firstNonEmpty(s.Home.Title, s.Config.Title)
	s.Home.Description = firstNonEmpty(s.Home.Description, s.Config.Description)
	s.StoriesPage = sections[content.StoriesSection]
	if s.StoriesPage == nil {
		s.StoriesPage = s.virtual("stories/_index.md", content.KindSection, content.StoriesSection, "")
	}
	s.SymbolsPage = sections[content.SymbolsSection]
	if s.SymbolsPage == nil {
		s.SymbolsPage = s.virtual("symbols/_index.md", content.KindSection, content.SymbolsSection, "")
	}
	return added
}

// assignURLs gives every page its URL, one page per URL: a second page
// with the URL of another is reported and left out.
func (s *Site) assignURLs(added []*Page, memo *Memo, errs *diag.List) {
	// The pages as addPages added them, one per path: in the order the
	// load listed them, which is nearly the order of their paths (a
	// sort of sorted pages is a pass over them).
	all := make([]*Page, 0, len(s.byPath))
	for _, p := range added {
		if s.byPath[p.Path] == p {
			all = append(all, p)
		}
	}
	slices.SortFunc(all, func(a, b *Page) int { return strings.Compare(a.Path, b.Path) }) // paths are unique
	if len(s.byKey) != len(s.byPath) {
		// Two files of one language with one key ("a.en.md" and
		// "en/a.md"): the first by path keeps the key.
		for i := len(all) - 1; i >= 0; i-- {
			s.byKey[all[i].Key] = all[i]
		}
		for _, p := range all {
			if first := s.byKey[p.Key]; first != p {
				errs.Warnf(p.File, 1, "%s and %s are one page in %s (%s): links and the language menu go to %s only; rename or delete one of them", first.File, p.File, s.LangName, p.Key, first.File)
			}
		}
	}
	urls := memo.urls(s, len(all))
	for _, p := range all {
		p.URL, p.Permalink = urls.url(s, p)
		if other, ok := s.byURL[p.URL]; ok {
			errs.Errorf(p.File, p.KeyLine("slug"), "%s and %s both publish %s: %s", other.File, p.File, unescapePath(p.URL), sameURLHint(other.File, p.File))
			continue
		}
		s.byURL[p.URL] = p
		s.Pages = append(s.Pages, p)
	}
	for _, p := range []*Page{s.Home, s.StoriesPage, s.SymbolsPage} {
		if p.URL == "" { // not backed by a file
			p.URL = s.RelURL(s.route(p))
			p.Permalink = s.AbsURL(p.URL)
		}
	}
	slices.SortFunc(s.Pages, func(a, b *Page) int { return strings.Compare(a.URL, b.URL) }) // URLs are unique (byURL)
}

func (s *Site) virtual(rel string, kind content.Kind, section, title string) *Page {
	return &Page{Page: &content.Page{Path: rel, Key: rel, Lang: s.langCode(), Kind: kind, Section: section, Title: title, Params: map[string]any{}}, Terms: map[string][]*Term{}}
}

// langCode is the language of the site's pages: "" on a site in one language.
func (s *Site) langCode() string {
	if s.langs == nil {
		return ""
	}
	return s.Lang
}

// origin returns the scheme and host of an absolute URL.
func origin(base string) string {
	u, err := url.Parse(base)
	if err != nil {
		return ""
	}
	return u.Scheme + "://" + u.Host
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// route returns the page's path within the site, such as "/stories/teeling/".
func (s *Site) route(p *Page) string {
	switch p.Kind {
	case content.KindHome:
		return "/"
	case content.KindSection:
		return "/" + urlPath(path.Dir(p.Key)) + "/"
	}
	dir := path.Dir(p.Key)
	if p.Bundle {
		dir = path.Dir(dir)
	}
	dir = urlPath(dir)
	slug := p.Slug
	if slug == "" {
		slug = p.DefaultSlug()
	}
	if n := URLName(slug); n != "" {
		slug = n
	}
	if dir == "." {
		return "/" + slug + "/"
	}
	return "/" + dir + "/" + slug + "/"
}

// bundleDst is where a bundle resource is published: beside the page's
// index.html, keeping its path within the bundle.
func (s *Site) bundleDst(p *Page, res string) string {
	rel := strings.TrimPrefix(res, path.Dir(p.Path)+"/")
	return s.langPrefix + strings.TrimPrefix(s.route(p), "/") + rel
}

// RelURL prefixes a site path ("/stories/") with the base URL's path and,
// for a language served under its own folder, that folder ("/en/stories/").
// The result is percent-encoded where a URL needs it (see EscapeURL).
func (s *Site) RelURL(p string) string {
	return s.basePath + s.langPrefix + EscapeURL(strings.TrimPrefix(p, "/"))
}

// RootURL prefixes the path of a file shared by every language (a static
// file, a theme asset: "/favicon.svg") with the base URL's path,
// percent-encoded where a URL needs it.
func (s *Site) RootURL(p string) string {
	return s.basePath + EscapeURL(strings.TrimPrefix(p, "/"))
}

// sitePath is a URL returned by RelURL without the base path and the
// language's folder: "/stories/" for "/en/stories/".
func (s *Site) sitePath(rel string) string {
	return "/" + strings.TrimPrefix(strings.TrimPrefix(rel, s.basePath), s.langPrefix)
}

// AbsURL makes a URL returned by RelURL absolute.
func (s *Site) AbsURL(rel string) string {
	return s.origin + rel
}

// OutPath returns the file, relative to the destination, that the site
// path p ("/index.xml") is written to in the site's language ("en/index.xml").
func (s *Site) OutPath(p string) string { return s.outFile(s.RelURL(p)) }

// outFile returns the file a URL is written to, relative to the destination.
func (s *Site) outFile(rel string) string {
	p := unescapePath(strings.TrimPrefix(rel, s.basePath))
	if p == "" || strings.HasSuffix(p, "/") {
		p += "index.html"
	}
	return p
}

func sortStories(ps []*Page) {
	// The order of a stable sort, by a faster one: stories storyLess
	// cannot tell apart keep the order they came in (their index is the
	// last key). sort.SliceStable took a tenth of a preview's model after
	// a new story at 10,000 stories.
	type at struct {
		p *Page
		i int
	}
	xs := make([]at, len(ps))
	for i, p := range ps {
		xs[i] = at{p, i}
	}
	slices.SortFunc(xs, func(a, b at) int {
		if c := storyCompare(a.p, b.p); c != 0 {
			return c
		}
		return cmp.Compare(a.i, b.i)
	})
	for i, x := range xs {
		ps[i] = x.p
	}
}

// storyCompare is the order of sortStories as a comparison: newest
// first, then by weight and title (weightTitleCompare); 0 when the two
// cannot be told apart.
func storyCompare(a, b *Page) int {
	if c := b.Date.Compare(a.Date); c != 0 {
		return c
	}
	return weightTitleCompare(a, b)
}

// weightTitleCompare is Hugo's order of pages: weighted pages first,
// lowest weight first, then by title, then by file.
func weightTitleCompare(a, b *Page) int {
	if a.Weight != b.Weight {
		switch {
		case b.Weight == 0:
			return -1
		case a.Weight == 0:
			return 1
		}
		return cmp.Compare(a.Weight, b.Weight)
	}
	if c := strings.Compare(a.Title, b.Title); c != 0 {
		return c
	}
	return strings.Compare(a.Path, b.Path)
}

func byWeightTitle(a, b *Page) bool { return weightTitleCompare(a, b) < 0 }

// linkSymbols connects every story with the symbols it names.
func (s *Site) linkSymbols(errs *diag.List) {
	bySlug := map[string]*Page{}
	var slugs []string
	for _, sym := range s.Symbols {
		slug := lastSegment(sym.URL)
		bySlug[slug] = sym
		slugs = append(slugs, slug)
	}
	// Each story's symbols are cut from one array (capped: an append
	// elsewhere copies), as its terms are (buildTaxonomies), instead of a
	// slice grown for each story. It starts with room for two a story,
	// not a count of its own: that would be one more pass over every
	// story's symbols, the reads this loop waits for. Stories cut from
	// an array outgrown keep it.
	arena := make([]*Page, 0, 2*len(s.Stories))
	for _, st := range s.Stories {
		start := len(arena)
		for _, name := range st.Story.Symbols {
			sym, ok := bySlug[name]
			if !ok {
				sym, ok = s.symbolByKey(name)
			}
			own := ok
			if !ok && s.fallback != nil {
				// Not translated: the symbol in the default language.
				sym = s.fallback.symbolBySlug(name)
				ok = sym != nil
			}
			if !ok && (s.unreadable[path.Join(content.SymbolsSection, name+".md")] || s.unreadable[path.Join(content.SymbolsSection, name, "index.md")]) {
				continue // that file's own error says enough
			}
			if !ok {
				msg := fmt.Sprintf("symbols: no symbol page is called %q", name)
				if sug := diag.Suggest(name, slugs); sug != "" {
					msg += fmt.Sprintf(" (did you mean %q?)", sug)
				} else {
					msg += fmt.Sprintf(" (add content/%s/%s.md, or use one of: %s)", content.SymbolsSection, name, strings.Join(slugs, ", "))
				}
				errs.Errorf(st.File, st.KeyLine("symbols"), "%s", msg)
				continue
			}
			arena = append(arena, sym)
			if own {
				sym.ProvenBy = append(sym.ProvenBy, st)
			}
		}
		if len(arena) > start {
			st.Proves = arena[start:len(arena):len(arena)] // a page is new to each build: it proves nothing yet
		}
	}
}

// warnUnproven warns of symbols that no story proves, in any language.
func (s *Site) warnUnproven(errs *diag.List) {
	// A story that could not be read may be the proof: its own error
	// says enough.
	for f := range s.unreadable {
		if k, _, _ := s.langs.Split(f); strings.HasPrefix(k, content.StoriesSection+"/") {
			return
		}
	}
	for _, sym := range s.Symbols {
		if len(sym.ProvenBy) == 0 {
			unproven(errs, sym)
		}
	}
}

// proveAcross makes a symbol proven by the stories of every language:
// a story that proves a symbol, or its translation, in one language is
// listed on the symbol's page in every language that has no story of
// its own for it.
func proveAcross(sites []*Site) {
	for _, s := range sites {
		for _, sym := range s.Symbols {
			if len(sym.ProvenBy) > 0 {
				continue
			}
			k := translationKey(sym)
			for _, o := range sites {
				if o == s {
					continue
				}
				for _, st := range o.Stories {
					for _, y := range st.Proves {
						if y == sym || translationKey(y) == k {
							sym.ProvenBy = append(sym.ProvenBy, st)
							break
						}
					}
				}
			}
		}
	}
}

// symbolByKey returns the symbol read from symbols/<name>.md or
// symbols/<name>/index.md in the site's language (its translation may
// have a slug of its own).
func (s *Site) symbolByKey(name string) (*Page, bool) {
	for _, k := range []string{path.Join(content.SymbolsSection, name+".md"), path.Join(content.SymbolsSection, name, "index.md")} {
		if p, ok := s.byKey[k]; ok && p.Kind == content.KindSymbol {
			return p, true
		}
	}
	return nil, false
}

// symbolBySlug returns the symbol named name by its URL or its file, or nil.
func (s *Site) symbolBySlug(name string) *Page {
	for _, sym := range s.Symbols {
		if lastSegment(sym.URL) == name {
			return sym
		}
	}
	p, _ := s.symbolByKey(name)
	return p
}

func (s *Site) checkStages(errs *diag.List) {
	for _, st := range s.Stories {
		stage := st.Story.Stage
		if stage == "" || contains(s.Config.Stages, stage) {
			continue
		}
		if own := s.defaultStage(stage); own != "" {
			st.Story.Stage = own
			continue
		}
		msg := fmt.Sprintf("stage %q is not one of the configured stages (%s)", stage, strings.Join(s.Config.Stages, ", "))
		if sug := diag.Suggest(stage, s.Config.Stages); sug != "" {
			msg += fmt.Sprintf("; did you mean %q?", sug)
		}
		errs.Errorf(st.File, st.KeyLine("stage"), "%s", msg)
	}
}

// defaultStage returns the site's stage for a default stage of another
// language ("kennismaking" on a site in English is "getting-acquainted"),
// when the site uses the default stages of its language: a starter site
// keeps building when its language changes. It returns "" otherwise.
func (s *Site) defaultStage(stage string) string {
	if !slices.Equal(s.Config.Stages, config.DefaultStages(s.Config.Language)) {
		return ""
	}
	for _, lang := range config.Languages {
		if i := slices.Index(config.DefaultStages(lang), stage); i >= 0 {
			return s.Config.Stages[i]
		}
	}
	return ""
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// fieldValue is the value of a story's field that is one value per story
// (industry, channel, stage, brand, customer), or "".
func fieldValue(st *content.Story, field string) string {
	switch field {
	case "industry":
		return st.Industry
	case "channel":
		return st.Channel
	case "stage":
		return st.Stage
	case "brand":
		return st.Brand
	case "customer":
		return st.Customer
	}
	return ""
}

// termsOf files the stories of one taxonomy under its terms.
type termsOf struct {
	s       *Site
	tax     *Taxonomy
	terms   map[string]*Term // slug → term
	byValue map[string]*Term // value as written → term (nil: no slug)
}

// add files st under the term of the value v, and adds the term to
// terms, st's terms in this taxonomy so far.
func (b *termsOf) add(st *Page, v string, terms []*Term) []*Term {
	t, ok := b.byValue[v]
	if !ok {
		slug := Slugify(v)
		if slug != "" {
			if t = b.terms[slug]; t == nil {
				t = &Term{Name: v, Slug: slug, URL: b.s.RelURL("/" + b.tax.Name + "/" + slug + "/"), Taxonomy: b.tax}
				b.terms[slug] = t
				b.tax.Terms = append(b.tax.Terms, t)
			}
		}
		b.byValue[v] = t
	}
	if t == nil {
		return terms
	}
	// Stories are visited one at a time, so a story already filed under
	// this term is its last page (a tag listed twice).
	if n := len(t.Pages); n == 0 || t.Pages[n-1] != st {
		t.Pages = append(t.Pages, st)
		terms = append(terms, t)
	}
	return terms
}

func (s *Site) buildTaxonomies() {
	names := s.Config.TaxonomyNames()
	bs := make([]termsOf, len(names))
	for i, name := range names {
		bs[i] = termsOf{s: s, tax: &Taxonomy{Name: name, Field: s.Config.Taxonomies[name], URL: s.RelURL("/" + name + "/")}, terms: map[string]*Term{}, byValue: map[string]*Term{}}
	}
	// Story by story, each taxonomy in turn: a story's fields are read
	// while they are in the processor's cache (taxonomy by taxonomy, a
	// site of 10,000 stories was read from memory six times over).
	// A story's terms in a taxonomy are added one after the other, so
	// they are cut from one array for all stories (capped: an append
	// elsewhere copies) instead of a slice grown for each (a fifth of
	// the site model's allocations at 10,000 stories).
	arena := make([]*Term, 0, len(s.Stories)*(len(bs)+2))
	for _, st := range s.Stories {
		for i := range bs {
			b := &bs[i]
			start := len(arena)
			if b.tax.Field == "tags" {
				for _, v := range st.Tags {
					arena = b.add(st, v, arena)
				}
			} else if st.Story != nil {
				if v := fieldValue(st.Story, b.tax.Field); v != "" {
					arena = b.add(st, v, arena)
				}
			}
			if len(arena) > start {
				st.Terms[b.tax.Name] = arena[start:len(arena):len(arena)]
			}
		}
	}
	for i := range bs {
		tax := bs[i].tax
		if tax.Field == "stage" {
			order := map[string]int{}
			for i, st := range s.Config.Stages {
				order[Slugify(st)] = i
			}
			sort.SliceStable(tax.Terms, func(i, j int) bool { return order[tax.Terms[i].Slug] < order[tax.Terms[j].Slug] })
		} else {
			sort.SliceStable(tax.Terms, func(i, j int) bool { return tax.Terms[i].Slug < tax.Terms[j].Slug })
		}
		s.Taxonomies = append(s.Taxonomies, tax)
	}
}

// Lookup returns the published page read from the content-relative path
// rel, or nil.
func (s *Site) Lookup(rel string) *Page { return s.byPath[rel] }

// attachTermPages makes the pages in a folder named after a taxonomy the
// texts of its terms: content/stages/_index.md introduces the stages,
// content/stages/sleur.md describes the stage "sleur". They are shown on
// the taxonomy's pages instead of being published on their own.
func (s *Site) attachTermPages(errs *diag.List) {
	keep := s.Pages[:0]
	for _, p := range s.Pages {
		tax := s.Taxonomy(p.Section)
		if tax == nil || (p.Kind != content.KindPage && p.Kind != content.KindSection) {
			keep = append(keep, p)
			continue
		}
		if p.Kind == content.KindSection && path.Dir(p.Key) == tax.Name {
			tax.Page = p
			s.Texts = append(s.Texts, p)
			continue
		}
		slug := Slugify(p.DefaultSlug())
		var term *Term
		for _, t := range tax.Terms {
			if t.Slug == slug {
				term = t
			}
		}
		if term == nil {
			errs.Warnf(p.File, 0, "no story is filed under %q in %s, so this text is not shown", p.DefaultSlug(), tax.Name)
			continue
		}
		term.Page = p
		s.Texts = append(s.Texts, p)
	}
	s.Pages = keep
}

// Taxonomy returns the taxonomy with the given plural name, or nil.
func (s *Site) Taxonomy(name string) *Taxonomy {
	for _, t := range s.Taxonomies {
		if t.Name == name {
			return t
		}
	}
	return nil
}

// Slugify makes a URL path segment of a term: lower case, accents
// removed, runs of other characters turned into one hyphen.
func Slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
	}
	return b.String()
}

// sameURLHint says how to mend two files that publish one URL, naming the
// cause where their names only look alike.
func sameURLHint(a, b string) string {
	switch {
	case a != b && norm.NFC.String(a) == norm.NFC.String(b):
		return "their names differ only in how an accent is stored (Unicode NFC and NFD), which looks the same on screen: type the name of one of them again, or give one another slug"
	case strings.EqualFold(a, b):
		return "their names differ only in capitals, and URLs are lowercase: rename one of them, or give one another slug"
	}
	return "give one of them another slug"
}
