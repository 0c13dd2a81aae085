// Package render owns turning the site model into bytes: Markdown through
// one configured goldmark instance, pages through the theme's html/template
// layouts, and the feeds, sitemap and robots.txt through encoding/xml.
//
// Layouts: layouts/baseof.html is the page skeleton; every other file in
// layouts/ is a layout named after its route (home, story, symbol, page,
// stories, symbols, section, taxonomy, term, brands, brand, 404, alias;
// a section without a layout of its own uses page). A layout that
// defines "main" is rendered inside baseof.html; one that does not is
// rendered on its own. Files in layouts/partials/ can be called from any
// layout as {{template "partials/name.html" .}}.
//
// Every template gets a *Data as dot. Template authors are trusted;
// everything from content is escaped by html/template.
//
// The package does no disk I/O: it reads the theme through the theme
// package's fs.FS layers and returns bytes.
package render

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fanfare.dev/fanfare/generator/chart"
	"fmt"
	"html/template"
	"image/color"
	"path"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"fanfare.dev/fanfare/generator/cards"
	"fanfare.dev/fanfare/generator/diag"
	"fanfare.dev/fanfare/generator/site"
	"fanfare.dev/fanfare/generator/theme"
)

// Output is a file the renderer produced.
type Output struct {
	Path string // relative to the destination
	Data []byte
}

// Options change how pages are rendered. The preview server adds its
// live-reload script when it serves a page.
type Options struct {
	// Fingerprint, if set, returns the bytes an asset's name is hashed
	// from, given its file name and content (default: the content itself).
	// A build that minifies its assets passes the minifier, so that an
	// asset's name changes whenever the bytes it publishes do.
	Fingerprint func(name string, data []byte) []byte
}

// Renderer renders one site with one theme.
type Renderer struct {
	site    *site.Site
	theme   *theme.Theme
	opts    Options
	layouts map[string]*template.Template
	names   map[string]string // template name → file name as shown in messages
	strings *catalog
	assets  map[string]string // asset name → published URL
	files   []Output          // assets to publish
	accent  color.RGBA        // brand.color for share cards; zero: the default
	ownOnce *sync.Once        // makes own, once per site model
	own     map[string]bool   // the site's own files, by destination path

	// partials holds the partials for "cached"; cached maps a partial
	// name and its dot to its output, for the current site model.
	partials *template.Template
	cached   *partialCache
	// reads are what the templates can read (see Reads), found before
	// any of them runs, since html/template rewrites them when it does.
	reads   []string
	inexact map[string]bool // layouts that read what the signatures do not cover
	// charts keeps the last drawing of each chart ("brands", "symbols")
	// across site models, since most edits leave the chart as it was.
	charts sync.Map   // kind → drawnChart
	kept   *keptCards // cards kept across site models (KeepCards); nil: none
}

// drawnChart is a chart and the points it was drawn from.
type drawnChart struct {
	points []chart.Point
	svg    template.HTML
}

type cacheKey struct {
	name string
	dot  any
}

// New parses the theme's templates and prepares the assets. Template
// errors are returned as a *diag.ListError naming the template file and line.
func New(s *site.Site, th *theme.Theme, opts Options) (*Renderer, error) {
	r := &Renderer{
		site:    s,
		theme:   th,
		opts:    opts,
		layouts: map[string]*template.Template{},
		names:   map[string]string{},
		assets:  map[string]string{},
		ownOnce: &sync.Once{},
		cached:  newPartialCache(),
	}
	var errs diag.List
	cat, err := loadCatalog(th, s.Config.Language)
	if err != nil {
		errs.AddError("i18n/"+s.Config.Language+".yaml", err)
	} else if len(s.Languages) > 0 && len(th.Layers("i18n/"+s.Config.Language+".yaml")) == 0 {
		errs.Errorf("i18n/"+s.Config.Language+".yaml", 0, "the theme has no interface text in language %q: add this file with the texts of i18n/en.yaml translated", s.Config.Language)
	}
	r.strings = cat
	if err := r.loadAssets(); err != nil {
		errs.AddError("assets", err)
	}
	if c, err := cards.ParseColor(s.Config.Brand.Color); err == nil {
		r.accent = c
	}
	r.parseTemplates(&errs)
	if err := errs.Err(); err != nil {
		return nil, err
	}
	r.reads = r.walkReads()
	r.inexact = map[string]bool{}
	for _, u := range r.Uncovered() {
		layout, _, _ := strings.Cut(u, " ")
		r.inexact[layout] = true
	}
	return r, nil
}

// Site returns the site model the renderer renders.
func (r *Renderer) Site() *site.Site { return r.site }

// Assets returns the theme's assets, with fingerprinted names
// (assets/name.<hash>.ext), and their content as it is in the theme.
func (r *Renderer) Assets() []Output { return r.files }

// FingerprintLen is the number of hexadecimal digits of the content hash
// in an asset's published name.
const FingerprintLen = 10

func (r *Renderer) loadAssets() error {
	names, err := r.theme.Files("assets")
	if err != nil {
		return err
	}
	for _, name := range names {
		data, _, err := r.theme.ReadFile("assets/" + name)
		if err != nil {
			return err
		}
		named := data
		if r.opts.Fingerprint != nil {
			named = r.opts.Fingerprint(name, data)
		}
		sum := sha256.Sum256(named)
		ext := path.Ext(name)
		out := "assets/" + strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:])[:FingerprintLen] + ext
		r.assets[name] = r.site.RootURL("/" + out)
		r.files = append(r.files, Output{Path: out, Data: data})
	}
	return nil
}

func (r *Renderer) parseTemplates(errs *diag.List) {
	files, err := r.theme.Files("layouts")
	if err != nil {
		errs.AddError("layouts", err)
		return
	}
	base := template.New("").Funcs(r.funcs())
	r.partials = base
	var layouts []string
	for _, f := range files {
		if path.Ext(f) != ".html" {
			continue
		}
		if f != "baseof.html" && !strings.HasPrefix(f, "partials/") {
			layouts = append(layouts, f)
			continue
		}
		r.parse(base, f, errs)
	}
	for _, f := range layouts {
		t, err := base.Clone()
		if err != nil {
			errs.AddError("layouts/"+f, err)
			continue
		}
		if r.parse(t, f, errs) {
			r.layouts[strings.TrimSuffix(f, ".html")] = t
		}
	}
}

func (r *Renderer) parse(t *template.Template, name string, errs *diag.List) bool {
	src, shown, err := r.theme.ReadFile("layouts/" + name)
	r.names[name] = shown
	if err != nil {
		errs.Add(diag.Wrap(shown, 0, "cannot read template", err))
		return false
	}
	if _, err := t.New(name).Parse(string(src)); err != nil {
		errs.Add(r.templateError(err, ""))
		return false
	}
	return true
}

var templateErrPos = regexp.MustCompile(`template: ([^:]+):(\d+):(?:\d+:)? ?`)

// templateError turns an html/template error into a diagnostic that names
// the template file and line (and the page being rendered, if any).
func (r *Renderer) templateError(err error, page string) *diag.Diagnostic {
	msg := err.Error()
	m := templateErrPos.FindStringSubmatch(msg)
	if m == nil {
		d := diag.Wrap("layouts", 0, "template error", err)
		if page != "" {
			d.Msg += " while rendering " + page
		}
		return d
	}
	line, _ := strconv.Atoi(m[2])
	file := r.names[m[1]]
	if file == "" {
		file = "layouts/" + m[1]
	}
	rest := strings.TrimSpace(strings.Replace(msg, m[0], "", 1))
	if page != "" {
		rest += " (while rendering " + page + ")"
	}
	return diag.Errorf(file, line, "%s", rest)
}

// Route renders one HTML route.
func (r *Renderer) Route(rt *site.Route) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(16 << 10)
	if err := r.RouteTo(&buf, rt); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// RouteTo renders one HTML route into buf, after what buf holds. On an
// error, buf may hold part of the page.
func (r *Renderer) RouteTo(buf *bytes.Buffer, rt *site.Route) error {
	t, ok := r.layouts[rt.Layout]
	if !ok && rt.Layout == "section" {
		t, ok = r.layouts["page"] // a section without a layout of its own looks like a page
	}
	if !ok {
		return diag.Errorf("layouts", 0, "the theme has no layout %q (add layouts/%s.html)", rt.Layout, rt.Layout)
	}
	data := r.data(rt)
	name := rt.Layout + ".html"
	if t.Lookup("main") != nil && t.Lookup("baseof.html") != nil {
		name = "baseof.html"
	}
	if err := t.ExecuteTemplate(buf, name, data); err != nil {
		page := rt.Out
		if rt.Page != nil && rt.Page.File != "" {
			page = rt.Page.File
		}
		return r.templateError(err, page)
	}
	return nil
}

// Cached renders the partial template name with dot as Go's template
// package would, but only once per dot and site model: a story card shown
// on fifty list pages is rendered once. The partial must depend on nothing
// but its dot and the site.
func (r *Renderer) Cached(name string, dot any) (template.HTML, error) {
	key := cacheKey{name, dot}
	if v, ok := r.cached.Load(key); ok {
		return v, nil
	}
	kk, keep := keptKey{}, false
	if r.kept != nil {
		if kk, keep = r.kept.key(name, dot); keep {
			if out, ok := r.kept.get(kk); ok {
				r.cached.Store(key, out)
				return out, nil
			}
		}
	}
	b := partialBuffers.Get().(*bytes.Buffer)
	defer partialBuffers.Put(b)
	b.Reset()
	if err := r.partials.ExecuteTemplate(b, name, dot); err != nil {
		return "", err
	}
	out := r.cached.StoreBytes(key, b.Bytes(), r.kept == nil)
	if keep {
		r.kept.put(kk, out)
	}
	return out, nil
}

// Asset returns the URL of a theme asset such as "style.css".
func (r *Renderer) Asset(name string) (string, error) {
	u, ok := r.assets[name]
	if !ok {
		return "", fmt.Errorf("no asset %q in the theme's assets/ folder", name)
	}
	return u, nil
}
