// Package generator is Fanfare's engine. Build runs the stages in order,
// each owned by its own package:
//
//	config   read fanfare.yaml
//	content  read content/ into typed pages
//	site     the site model: URLs, symbol ↔ story links, taxonomies, routes
//	render   Markdown and templates: routes → bytes
//	minify   smaller CSS and JavaScript, and HTML on request (in builds; never in a Session)
//	cards    share cards (og:image) of stories and symbols, drawn in
//	         parallel with the pages and kept in the build cache
//	output   write a staging folder and swap it in for the destination
//
// Problems in the user's files are collected across all stages and
// returned together as a *diag.ListError; when there is any, nothing is
// published and the destination keeps the last good build.
package generator

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"fanfare.dev/fanfare/generator/cache"
	"fanfare.dev/fanfare/generator/cards"
	"fanfare.dev/fanfare/generator/cms"
	"fanfare.dev/fanfare/generator/config"
	"fanfare.dev/fanfare/generator/content"
	"fanfare.dev/fanfare/generator/diag"
	"fanfare.dev/fanfare/generator/diskfs"
	"fanfare.dev/fanfare/generator/images"
	"fanfare.dev/fanfare/generator/minify"
	"fanfare.dev/fanfare/generator/output"
	"fanfare.dev/fanfare/generator/render"
	"fanfare.dev/fanfare/generator/search"
	"fanfare.dev/fanfare/generator/site"
	"fanfare.dev/fanfare/generator/theme"
	"fanfare.dev/fanfare/themes"
)

// Options configure a build.
type Options struct {
	// Source is the site root: it holds fanfare.yaml, content/, and
	// optionally layouts/, static/, i18n/, assets/ and themes/.
	Source string
	// Destination is the output folder (default: public/ in Source).
	Destination string
	// BaseURL, if set, replaces the config's baseURL.
	BaseURL string
	// Drafts and Future publish drafts and pages dated in the future.
	Drafts bool
	Future bool
	// Now is the build's notion of today (default: the current time).
	Now time.Time
	// Progress, if set, is called as pages are rendered with the number
	// done and the total. It is called from several goroutines.
	Progress func(done, total int)
	// NoCache makes Build skip the build cache: it neither uses nor
	// writes a record of the build. Share cards are still taken from the
	// card store of the cache folder (their keys cover all their inputs).
	NoCache bool
	// CacheDir is where the build cache lives (default: a folder per site
	// under the user's cache folder, see cache.Dir).
	CacheDir string
	// MinifyHTML minifies the HTML pages too, as "minify_html: true" in
	// the site's config does, unless the config or NoMinify turns
	// minifying off. CSS and JavaScript are minified either way.
	MinifyHTML bool
	// NoMinify publishes HTML, CSS and JavaScript as they are rendered,
	// for debugging, where the site's config would have them minified.
	// The files keep the names a minified build gives them, so such a
	// build matches what the preview (a Session, which never minifies)
	// shows.
	NoMinify bool

	lock *output.Lock // the destination's, if held across builds (see LockDestination)
}

// Report says what a build did.
type Report struct {
	Pages    int // HTML pages rendered
	Files    int // files written in all
	Duration time.Duration
	// Warnings are problems that did not stop the build.
	Warnings []*diag.Diagnostic
	// Cached is set when nothing had changed since the last build, so the
	// destination was left as it was.
	Cached bool
	// Resized counts the copies of images this build made, rather than
	// found in the image cache.
	Resized int
	// Cards is the number of share cards published, CardsDrawn the number
	// of them drawn by this build (the others came from the cache).
	Cards      int
	CardsDrawn int
}

// Folders of a site, relative to its root.
const (
	ContentDir = "content"
	StaticDir  = "static"
)

// Result is a site rendered into memory: the files of one build, with
// paths relative to the destination.
type Result struct {
	Site     *site.Site        // the site in its default language
	Sites    []*site.Site      // the site in each of its languages, the default first
	Files    map[string][]byte // rendered files
	Copies   []Copy            // files published as they are
	Warnings []*diag.Diagnostic
	Pages    int // HTML pages among Files
}

// Copy is a file published unchanged.
type Copy struct {
	Dst string // relative to the destination
	FS  fs.FS  // the site root or the theme
	Src string // path in FS
}

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

func (m *memory) Copy(rel string, fsys fs.FS, name string) error {
	m.mu.Lock()
	m.res.Copies = append(m.res.Copies, Copy{Dst: rel, FS: fsys, Src: name})
	m.mu.Unlock()
	return nil
}

// Render reads the site at opts.Source and renders it into memory.
// Problems in the site's files are returned as a *diag.ListError holding
// all of them.
func Render(ctx context.Context, opts Options) (*Result, error) {
	return RenderFS(ctx, diskfs.New(opts.Source), opts)
}

// RenderFS is Render over any file system rooted at the site.
func RenderFS(ctx context.Context, fsys fs.FS, opts Options) (*Result, error) {
	res := &Result{Files: map[string][]byte{}}
	st, err := run(ctx, fsys, opts, &memory{res: res}, nil)
	if err != nil {
		return nil, err
	}
	res.Site, res.Sites, res.Warnings, res.Pages = st.site, st.sites, st.warnings, st.pages
	return res, nil
}

// stats is what a build reports besides the files.
type stats struct {
	site     *site.Site   // the default language's
	sites    []*site.Site // every language's
	next     time.Time    // the earliest NextPublish of the sites
	warnings []*diag.Diagnostic
	pages    int // HTML pages in the site
	rendered int // HTML pages rendered by this build (the others were reused)
	files    int
	resized  int // copies of images made, not found in the cache
	cards    int // share cards published
	drawn    int // share cards drawn by this build
}

// run builds the site once, handing every file to out as soon as it is
// made. Share cards are taken from store, and drawn cards put in it, if
// it is not nil.
func run(ctx context.Context, fsys fs.FS, opts Options, out sink, store *cache.Store) (*stats, error) {
	b := &builder{fsys: fsys, opts: opts, store: store}
	return b.build(ctx, out, nil)
}

// builder holds a site's state between builds. A one-shot build uses it
// once; a Session keeps it, so that after a change to content files only
// those files are read again and only the pages whose inputs changed are
// rendered again.
type builder struct {
	fsys fs.FS
	opts Options
	keep bool // keep what this build made for the next one

	// Share cards: the store on disk (nil: none) and, in a Session, the
	// cards of the last build in memory (nil: none).
	store *cache.Store
	mem   *cardCache

	// Kept between the builds of a Session.
	pages     map[string]*content.Page // content-relative path → page read without errors
	docs      map[*content.Page]*render.Doc
	resolved  map[*content.Page]template.HTML // Markdown with links resolved
	urls      map[string]string               // content-relative path → URL
	outputs   map[string][]byte               // route output → bytes
	sigs      map[string]uint64               // route output → signature of its inputs
	renderers map[string]*render.Renderer     // language code → its renderer
	sites     []*site.Site                    // the last good site model, a site per language
	langs     *content.Languages              // nil for a site in one language
	mds       map[string]*render.Markdown     // page language ("" for a site in one) → converter
	extras    []render.Output                 // feeds, sitemap, robots.txt, assets
	cards     []render.Output                 // share cards
	shows     map[*site.Page][]int            // page → indexes of the routes that show it (one language only)
	warnings  []*diag.Diagnostic              // of the last build
	copies    []Copy                          // files published as they are
	words     map[string]*search.Cache        // language → its last search index and each story's words

	// Images: the cache of resized copies (in memory too for a Session),
	// the copies of the last build by destination path, and a hash of
	// the sizes pages show.
	imgs     *images.Cache
	variants map[string][]byte
	imgSig   uint64
}

// build runs every stage. changed lists the site-relative paths that
// changed since the last build of a Session (nil: everything).
func (b *builder) build(ctx context.Context, out sink, changed []string) (*stats, error) {
	opts := b.opts
	full := changed == nil || b.pages == nil || !onlyContent(changed)
	if !full && b.keep {
		if st, ok := b.edits(ctx, out, changed); ok {
			return st, nil
		}
	}
	if full {
		b.pages, b.docs, b.resolved, b.urls, b.outputs, b.sigs, b.renderers = map[string]*content.Page{}, map[*content.Page]*render.Doc{}, map[*content.Page]template.HTML{}, nil, map[string][]byte{}, map[string]uint64{}, nil
	} else {
		for _, c := range changed {
			rel := strings.TrimPrefix(c, ContentDir+"/")
			delete(b.pages, rel)
			// A bundle's page lists the files beside it: read it again too,
			// in every language.
			for d := path.Dir(rel); d != "."; d = path.Dir(d) {
				delete(b.pages, d+"/index.md")
				if b.langs != nil {
					for _, code := range b.langs.Codes {
						delete(b.pages, d+"/index."+code+".md")
					}
				}
			}
		}
	}

	var errs diag.List
	cfg, err := config.Load(b.fsys)
	if cfg == nil {
		return nil, err
	}
	errs.AddError(config.Names[0], err)
	if src, err := fs.ReadFile(b.fsys, cfg.File); opts.BaseURL == "" && (err == nil || cfg.File == "") {
		errs.Add(site.ExampleBaseURL(cfg, src))
	}
	if opts.BaseURL != "" {
		c := *cfg
		c.BaseURL = opts.BaseURL
		if c.BaseURL[len(c.BaseURL)-1] != '/' {
			c.BaseURL += "/"
		}
		cfg = &c
	}
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	// Markdown is converted as each file is read; links are resolved once
	// the site model knows every URL.
	// Markdown is converted as each file is read, in the page's language;
	// links are resolved once the site model knows every URL.
	langs := site.Languages(cfg)
	mds := map[string]*render.Markdown{"": render.NewMarkdown(cfg.Markdown, cfg.Language)}
	if langs != nil {
		for _, code := range langs.Codes {
			mds[code] = render.NewMarkdown(cfg.Markdown, code)
		}
	}
	var mu sync.Mutex
	loaded := content.Load(b.fsys, ContentDir, &errs, content.Hooks{
		Each: func(p *content.Page) {
			doc := mds[p.Lang].Convert(p)
			mu.Lock()
			b.docs[p] = doc
			if !p.Invalid && b.keep {
				b.pages[p.Path] = p
			}
			mu.Unlock()
		},
		Reuse: func(rel string) *content.Page {
			if !b.keep {
				return nil
			}
			mu.Lock()
			defer mu.Unlock()
			return b.pages[rel]
		},
		Languages: langs,
	})
	sites := site.BuildAll(cfg, loaded, site.Options{Drafts: opts.Drafts, Future: opts.Future, Now: now}, &errs)
	if _, err := cards.ParseColor(cfg.Brand.Color); err != nil {
		errs.Warnf(firstNonEmpty(cfg.File, config.Names[0]), 0, "brand.color: %v; share cards use the default red", err)
	}
	th, err := theme.Open(b.fsys, cfg.Theme)
	if err != nil {
		errs.Add(diag.Wrap(firstNonEmpty(cfg.File, config.Names[0]), 0, "", err))
		return nil, errs.Err()
	}
	// Builds minify as the config says, unless told not to; a Session (the
	// preview) never does. Assets are named after their minified bytes
	// whenever the config minifies, so names are the same in all three.
	var ropts render.Options
	if config.Enabled(cfg.Minify) {
		mi := minify.New()
		ropts.Fingerprint = func(name string, data []byte) []byte {
			small, _ := mi.File(name, data) // on an error, data: published as it is
			return small
		}
		if !opts.NoMinify && !b.keep {
			out = &minifying{sink: out, m: mi, errs: &errs, html: opts.MinifyHTML || cfg.MinifyHTML}
		}
	}

	// Images: measure every published JPEG, PNG and SVG before pages are
	// rendered, since pages show their sizes; their copies are made
	// later, while pages render.
	statics, err := th.Files(StaticDir)
	if err != nil {
		errs.AddError(StaticDir, err)
	}
	var imageFiles []imageFile
	for _, f := range statics {
		from, shown := th.Locate(StaticDir + "/" + f)
		imageFiles = append(imageFiles, imageFile{dst: f, fsys: from, src: StaticDir + "/" + f, shown: shown})
	}
	for _, s := range sites {
		for _, f := range s.Files {
			src := path.Join(ContentDir, f.Src)
			imageFiles = append(imageFiles, imageFile{dst: f.Dst, fsys: b.fsys, src: src, shown: src})
		}
	}
	imgs, resizes := measureImages(ctx, imageFiles, cfg.Images.MaxPixels, &errs)
	isPublished := make(map[string]bool, len(imageFiles))
	for _, f := range imageFiles {
		isPublished[f.dst] = true
	}
	staticSet := make(map[string]bool, len(statics))
	for _, f := range statics {
		staticSet[f] = true
	}
	for _, s := range sites {
		s.Images, s.Static = imgs, staticSet
		checkPageImages(s, isPublished, &errs)
	}
	imgSig := imageSignature(imgs)
	if b.imgs == nil {
		dir := ""
		if !opts.NoCache {
			dir = cache.ImagesDir(opts.CacheDir)
		}
		b.imgs = images.NewCache(dir, b.keep)
	}
	// One renderer per language, each with its interface text.
	renderers := make([]*render.Renderer, len(sites))
	for i, s := range sites {
		r := b.renderers[s.Lang]
		if r == nil {
			r, err = render.New(s, th, ropts)
			if err != nil {
				errs.AddError("layouts", err) // every language's, in one build
				continue
			}
		} else {
			r.Reset(s)
		}
		renderers[i] = r
	}
	if slices.Contains(renderers, nil) {
		return nil, errs.Err()
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	// Links: a page's resolved Markdown stays valid while its own text and
	// every page's URL stay the same.
	type sitePage struct {
		s *site.Site
		p *site.Page
	}
	var all []sitePage
	for _, s := range sites {
		for _, p := range s.Pages {
			all = append(all, sitePage{s, p})
		}
		for _, p := range s.Texts {
			all = append(all, sitePage{s, p})
		}
	}
	urls := make(map[string]string, len(all))
	for _, sp := range all {
		urls[sp.p.Path] = sp.p.URL
	}
	sameURLs := b.urls != nil && maps.Equal(urls, b.urls) && imgSig == b.imgSig
	var stale []sitePage // pages whose links must be resolved (again)
	for _, sp := range all {
		if html, ok := b.resolved[sp.p.Page]; ok && sameURLs {
			sp.p.Content = html
		} else {
			stale = append(stale, sp)
		}
	}
	ok := make([]bool, len(stale))
	parallel(ctx, len(stale), func(i int) {
		sp := stale[i]
		html, ds := render.ResolveLinks(sp.s, sp.p, b.docs[sp.p.Page])
		errs.Add(ds...)
		sp.p.Content = template.HTML(html)
		ok[i] = len(ds) == 0
	})
	if b.keep {
		for i, sp := range stale {
			if ok[i] {
				b.resolved[sp.p.Page] = sp.p.Content
			}
		}
	}

	// Every route of every language, with its renderer.
	type job struct {
		rt *site.Route
		r  *render.Renderer
	}
	var jobs []job
	for i, s := range sites {
		for _, rt := range s.Routes {
			jobs = append(jobs, job{rt, renderers[i]})
		}
	}
	// Every published path and what publishes it: two sources of one
	// file are an error naming both (see site.Claims).
	claims := site.NewClaims()
	claims.Routes(sites, &errs)
	write := func(rel string, data []byte) {
		if err := out.Write(rel, data); err != nil {
			errs.AddError(rel, err)
		}
	}
	// Copies of images: made on all cores while pages render.
	variants := map[string][]byte{}
	var variantsMu sync.Mutex
	nvariants := 0
	for _, j := range resizes {
		for _, dst := range j.dsts {
			errs.Add(claims.Claim(dst, site.Source{File: j.shown, What: "a smaller copy of this picture"}))
			nvariants++
		}
	}
	resizedBefore := b.imgs.Resized()
	wait := resizeImages(ctx, b.imgs, resizes, func(dst string, data []byte) {
		write(dst, data)
		if b.keep {
			variantsMu.Lock()
			variants[dst] = data
			variantsMu.Unlock()
		}
	}, &errs)
	defer wait()
	// Share cards: drawn (or taken from the cache) while the pages render.
	var shares []render.ShareCard
	for _, j := range jobs {
		if sc, ok := j.r.ShareCard(j.rt); ok && !sc.Own {
			if d := claims.Claim(sc.Out, site.Source{File: j.rt.Page.File, What: "the share card of this page"}); d != nil {
				errs.Add(d)
				continue
			}
			shares = append(shares, sc)
		}
	}
	var cardBytes []render.Output
	if b.keep {
		cardBytes = make([]render.Output, len(shares))
	}
	drawn := make(chan int, 1)
	go func() {
		drawn <- b.drawCards(ctx, shares, func(i int, data []byte) {
			if err := out.Write(shares[i].Out, data); err != nil {
				errs.AddError(shares[i].Out, err)
			}
			if b.keep {
				cardBytes[i] = render.Output{Path: shares[i].Out, Data: data}
			}
		}, &errs)
	}()
	// Pages: render those whose inputs changed; reuse the others.
	exact := b.keep && !full && renderers[0].Exact() && imgSig == b.imgSig
	sigs := make([]uint64, len(jobs))
	todo := make([]int, 0, len(jobs))
	if b.keep {
		globals := map[*render.Renderer]uint64{}
		for _, r := range renderers {
			globals[r] = r.GlobalSignature()
		}
		parallel(ctx, len(jobs), func(i int) {
			rt, r := jobs[i].rt, jobs[i].r
			sigs[i] = render.Signature(rt, globals[r])
			if render.SiteWide(rt.Layout) {
				sigs[i] ^= render.SiteSignature(r.Site(), rt.Layout)
			}
		})
	}
	for i, j := range jobs {
		if prev, ok := b.outputs[j.rt.Out]; exact && ok && b.sigs[j.rt.Out] == sigs[i] {
			write(j.rt.Out, prev)
		} else {
			todo = append(todo, i)
		}
	}
	outs := make([][]byte, len(todo))
	var done atomic.Int64
	// Twice as many goroutines as cores: writing files blocks in system
	// calls, and the other goroutines render meanwhile.
	parallelN(ctx, 2*runtime.GOMAXPROCS(0), len(todo), func(k int) {
		rt, r := jobs[todo[k]].rt, jobs[todo[k]].r
		if data, err := r.Route(rt); err != nil {
			errs.AddError(rt.Out, err)
		} else {
			write(rt.Out, data)
			if b.keep {
				outs[k] = data
			}
		}
		if opts.Progress != nil {
			opts.Progress(int(done.Add(1)), len(todo))
		}
	})
	if b.keep {
		for k, i := range todo {
			if outs[k] != nil {
				b.outputs[jobs[i].rt.Out] = outs[k]
			}
		}
	}
	nDrawn := <-drawn
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	st := &stats{site: sites[0], sites: sites, pages: len(jobs), rendered: len(todo), files: len(jobs) + nvariants + len(shares), cards: len(shares), drawn: nDrawn}
	for _, s := range sites {
		if !s.NextPublish.IsZero() && (st.next.IsZero() || s.NextPublish.Before(st.next)) {
			st.next = s.NextPublish
		}
	}
	var extra []render.Output
	extra = append(extra, safeSVGOutputs(renderers[0].Assets(), &errs)...)
	// The story list's search index in every language.
	var index []render.Output
	for _, s := range sites {
		index = append(index, b.searchIndex(s)...)
	}
	extra = append(extra, index...)
	// Feeds in every language: /index.xml, /en/index.xml.
	for i, s := range sites {
		fds, ferr := feeds(renderers[i], s)
		if ferr != nil {
			errs.AddError(ferr.path, ferr.err)
		}
		extra = append(extra, fds...)
	}
	sitemaps, err := render.Sitemap(sites)
	if err != nil {
		errs.AddError("sitemap.xml", err)
	}
	extra = append(extra, sitemaps...)
	extra = append(extra, render.Output{Path: "robots.txt", Data: renderers[0].Robots()})
	extra = cms.Publish(cfg, extra) // /admin/ when fanfare.yaml sets cms:
	// Aliases as real 301s for hosts that read _redirects, unless the
	// site has a _redirects file of its own in static/.
	if rs := render.Redirects(sites); len(rs) > 0 && !slices.Contains(statics, render.RedirectsFile) {
		extra = append(extra, render.Output{Path: render.RedirectsFile, Data: render.RedirectsText(rs, sites[0].Config.Host == "netlify")})
	}
	for _, o := range extra {
		errs.Add(claims.Claim(o.Path, site.GeneratedSource(o.Path)))
		write(o.Path, o.Data)
	}
	st.files += len(extra)
	var copies []Copy

	// Static files: the theme's static/ with the site's static/ over it,
	// then content files and bundle resources.
	copyFile := func(shown, dst string, from fs.FS, src string) {
		if d := claims.Claim(dst, site.Source{File: shown}); d != nil {
			errs.Add(d)
			return
		}
		if data, act := safeSVG(from, src, shown, &errs); act != svgCopy {
			if act == svgWrite {
				write(dst, data)
				variantsMu.Lock() // kept with the copies of images, for a Session's next render
				variants[dst] = data
				variantsMu.Unlock()
				st.files++
			}
			return
		}
		if err := out.Copy(dst, from, src); err != nil {
			errs.AddError(shown, err)
			return
		}
		if b.keep {
			copies = append(copies, Copy{Dst: dst, FS: from, Src: src})
		}
		st.files++
	}
	for _, f := range statics {
		from, shown := th.Locate(StaticDir + "/" + f)
		copyFile(shown, f, from, StaticDir+"/"+f)
	}
	for _, s := range sites {
		for _, f := range s.Files {
			src := path.Join(ContentDir, f.Src)
			copyFile(src, f.Dst, b.fsys, src)
		}
	}
	// The cache lifetimes for hosts that read _headers, unless the site
	// has a _headers file of its own in static/.
	if !slices.Contains(statics, render.HeadersFile) {
		published := make([]string, 0, len(jobs)+len(extra)+len(statics))
		for _, j := range jobs {
			published = append(published, j.rt.Out)
		}
		for _, o := range extra {
			published = append(published, o.Path)
		}
		published = append(published, statics...)
		for _, s := range sites {
			for _, f := range s.Files {
				published = append(published, f.Dst)
			}
		}
		for _, j := range resizes {
			published = append(published, j.dsts...)
		}
		h := render.Output{Path: render.HeadersFile, Data: renderers[0].Headers(published)}
		errs.Add(claims.Claim(h.Path, site.GeneratedSource(h.Path)))
		write(h.Path, h.Data)
		extra = append(extra, h)
		st.files++
	}
	wait()
	st.resized = int(b.imgs.Resized() - resizedBefore)
	if err := errs.Err(); err != nil {
		// The next build starts over: nothing of a failed one is trusted.
		b.pages = nil
		return nil, err
	}
	if b.keep {
		b.urls, b.sites, b.langs, b.mds, b.copies = urls, sites, langs, mds, copies
		// Every build, fast path included, asks search.Build for the
		// search index (its Cache keeps what the last one made).
		b.extras = slices.DeleteFunc(slices.Clone(extra), func(o render.Output) bool {
			return slices.ContainsFunc(index, func(i render.Output) bool { return i.Path == o.Path })
		})
		b.renderers = map[string]*render.Renderer{}
		for i, s := range sites {
			b.renderers[s.Lang] = renderers[i]
		}
		b.cards = slices.DeleteFunc(cardBytes, func(o render.Output) bool { return o.Data == nil })
		if b.mem != nil {
			b.mem.commit()
		}
		b.variants, b.imgSig = variants, imgSig
		b.imgs.Sweep()
		b.warnings = errs.Warnings()
		b.shows = nil
		if len(sites) == 1 {
			// The fast path of edits knows one language only.
			s := sites[0]
			b.shows = make(map[*site.Page][]int, len(s.Pages))
			for i, rt := range s.Routes {
				render.Shows(rt, func(p *site.Page) {
					if ps := b.shows[p]; len(ps) == 0 || ps[len(ps)-1] != i {
						b.shows[p] = append(ps, i)
					}
				})
			}
		}
		live := make(map[string]bool, len(jobs))
		for i, j := range jobs {
			b.sigs[j.rt.Out] = sigs[i]
			live[j.rt.Out] = true
		}
		for o := range b.outputs {
			if !live[o] {
				delete(b.outputs, o)
				delete(b.sigs, o)
			}
		}
		for p := range b.docs {
			if b.pages[p.Path] != p {
				delete(b.docs, p)
				delete(b.resolved, p)
			}
		}
	}
	st.warnings = errs.Warnings()
	return st, nil
}

// edits is the fast path of a Session for the most common changes while
// writing: edits to the text of pages, and edits to a story's or
// symbol's front matter that leave the site model's structure as it was
// (see site.Replace), such as a new summary, quote or title. The site
// model stays as it is; only the edited pages' Markdown is converted and
// only the routes that show them are rendered, with the feeds. It reports
// false, having changed nothing, when the change is of any other kind.
func (b *builder) edits(ctx context.Context, out sink, changed []string) (*stats, bool) {
	// A site in several languages takes the general path, which renders
	// again only the routes whose signature changed.
	if len(b.sites) != 1 || b.mds == nil || b.shows == nil {
		return nil, false
	}
	s := b.sites[0]
	r := b.renderers[s.Lang]
	if r == nil || !r.Exact() {
		return nil, false
	}
	type edit struct {
		sp    *site.Page
		page  *content.Page
		doc   *render.Doc
		html  template.HTML
		front bool // the front matter changed
	}
	var edits []edit
	seen := map[string]bool{}
	for _, c := range changed {
		rel := strings.TrimPrefix(c, ContentDir+"/")
		if seen[rel] {
			continue
		}
		seen[rel] = true
		old, sp := b.pages[rel], s.Lookup(rel)
		if !content.IsMarkdown(rel) || old == nil || sp == nil || sp.Page != old || slices.Contains(s.Texts, sp) {
			return nil, false // texts shown inside other pages take the general path
		}
		src, err := fs.ReadFile(b.fsys, c)
		if err != nil {
			return nil, false
		}
		p, err := b.langs.Parse(old.File, rel, src)
		if err != nil || p.Invalid {
			return nil, false
		}
		front := p.FrontVersion != old.FrontVersion
		if !front && len(p.Warnings) != len(old.Warnings) {
			return nil, false
		}
		if p.Image != old.Image {
			return nil, false // the general path checks the new picture
		}
		// Warnings the site model gave this file (such as a text that
		// no page shows) are only right after the general path.
		for _, w := range b.warnings {
			if w.File == old.File && !slices.Contains(old.Warnings, w) {
				return nil, false
			}
		}
		p.Resources = old.Resources
		doc := b.mds[p.Lang].Convert(p)
		tmp := *sp
		tmp.Page = p
		html, ds := render.ResolveLinks(s, &tmp, doc)
		if len(ds) > 0 {
			return nil, false // the full path reports it
		}
		edits = append(edits, edit{sp, p, doc, template.HTML(html), front})
	}
	// Every check passed but the last: the model must take the new front matter.
	var replaced []*edit
	undo := func() {
		for _, e := range replaced {
			e.sp.Page = b.pages[e.sp.Path]
		}
	}
	for i := range edits {
		e := &edits[i]
		if e.front {
			if !s.Replace(e.sp, e.page) {
				undo()
				return nil, false
			}
			replaced = append(replaced, e)
		}
	}
	// Apply the edits.
	var forget []*site.Page
	for _, e := range edits {
		forget = append(forget, e.sp)
	}
	r.Forget(forget...)
	todo := map[int]bool{}
	anyFront := len(replaced) > 0
	for _, e := range edits {
		delete(b.docs, e.sp.Page)
		delete(b.resolved, e.sp.Page)
		old := b.pages[e.page.Path]
		delete(b.docs, old)
		delete(b.resolved, old)
		e.sp.Page, e.sp.Content = e.page, e.html
		b.pages[e.page.Path], b.docs[e.page], b.resolved[e.page] = e.page, e.doc, e.html
		if !e.front {
			// The text shows on the page's own route only.
			for _, i := range b.shows[e.sp] {
				if s.Routes[i].Page == e.sp {
					todo[i] = true
				}
			}
			continue
		}
		for _, i := range b.shows[e.sp] {
			todo[i] = true
		}
	}
	if anyFront {
		for i, rt := range s.Routes {
			if render.SiteWide(rt.Layout) {
				todo[i] = true
			}
		}
	}
	global := r.GlobalSignature()
	st := &stats{site: s, sites: b.sites, next: s.NextPublish, pages: len(s.Routes), files: len(s.Routes)}
	for i := range todo {
		rt := s.Routes[i]
		sig := render.Signature(rt, global)
		if render.SiteWide(rt.Layout) {
			sig ^= render.SiteSignature(s, rt.Layout)
		}
		if _, ok := b.outputs[rt.Out]; ok && b.sigs[rt.Out] == sig {
			continue // it shows nothing that changed, such as a home page without the story
		}
		data, err := r.Route(rt)
		if err != nil {
			return nil, false // cannot happen with unchanged data; be safe
		}
		b.outputs[rt.Out], b.sigs[rt.Out] = data, sig
		st.rendered++
	}
	for _, rt := range s.Routes {
		if err := out.Write(rt.Out, b.outputs[rt.Out]); err != nil {
			return nil, false
		}
	}
	if anyFront {
		fs, ferr := feeds(r, s)
		if ferr != nil {
			return nil, false // the full path reports it
		}
		extras := slices.Clone(b.extras)
		for i, o := range extras {
			for _, f := range fs {
				if o.Path == f.Path {
					extras[i] = f
				}
			}
		}
		b.extras = extras
		// The share cards of pages whose front matter changed.
		pages := make([]*site.Page, len(replaced))
		for i, e := range replaced {
			pages[i] = e.sp
		}
		b.cards, st.drawn = b.redrawCards(r, s, pages)
	}
	// The search index holds the stories' words and cards: the model is
	// the same, so search.Build reads only the edited stories and makes
	// again only the files that hold their words and cards.
	index := b.searchIndex(s)
	for _, o := range slices.Concat(b.extras, index, b.cards) {
		out.Write(o.Path, o.Data)
	}
	for _, c := range b.copies {
		out.Copy(c.Dst, c.FS, c.Src)
	}
	for dst, data := range b.variants {
		out.Write(dst, data)
	}
	st.files += len(b.extras) + len(index) + len(b.copies) + len(b.variants) + len(b.cards)
	st.cards = len(b.cards)
	// The warnings of the last build, with the edited files' own anew.
	for _, w := range b.warnings {
		if !seen[strings.TrimPrefix(w.File, ContentDir+"/")] {
			st.warnings = append(st.warnings, w)
		}
	}
	for _, e := range edits {
		st.warnings = append(st.warnings, e.page.Warnings...)
	}
	b.warnings = st.warnings
	if err := ctx.Err(); err != nil {
		return nil, false
	}
	return st, true
}

// feedError is a feed that could not be made.
type feedError struct {
	path string
	err  error
}

// feeds renders the RSS and Atom feeds of the newest stories of one
// language: /index.xml and /atom.xml, or /en/index.xml and /en/atom.xml.
func feeds(r *render.Renderer, s *site.Site) ([]render.Output, *feedError) {
	rss, err := r.RSS(s.AbsURL(s.RelURL("/index.xml")))
	if err != nil {
		return nil, &feedError{s.OutPath("/index.xml"), err}
	}
	atom, err := r.Atom(s.AbsURL(s.RelURL("/atom.xml")))
	if err != nil {
		return nil, &feedError{s.OutPath("/atom.xml"), err}
	}
	return []render.Output{{Path: s.OutPath("/index.xml"), Data: rss}, {Path: s.OutPath("/atom.xml"), Data: atom}}, nil
}

// searchIndex makes the files of the story list's search index in the
// language of s. In a session, b.words keeps each language's last index,
// so that after an edit on the fast path (the same site model) only the
// edited stories are read.
func (b *builder) searchIndex(s *site.Site) []render.Output {
	var words *search.Cache
	if b.keep {
		if b.words == nil {
			b.words = map[string]*search.Cache{}
		}
		if b.words[s.Lang] == nil {
			b.words[s.Lang] = &search.Cache{}
		}
		words = b.words[s.Lang]
	}
	var out []render.Output
	for _, f := range search.Build(s, search.Options{Cache: words}) {
		out = append(out, render.Output{Path: f.Path, Data: f.Data})
	}
	return out
}

// onlyContent reports whether every changed path lies in content/.
func onlyContent(changed []string) bool {
	for _, c := range changed {
		if !strings.HasPrefix(c, ContentDir+"/") {
			return false
		}
	}
	return true
}

// Session renders a site into memory again and again as its files change,
// redoing only what a change affects: after an edit to content files, it
// reads only those files again and renders again only the pages whose
// inputs changed. Any other change (settings, templates, theme, static
// files) makes the next render a full one. A Session is not safe for
// concurrent use.
type Session struct {
	b *builder
}

// NewSession starts a session for the site in fsys. It keeps the share
// cards of its last render in memory; when opts.Source names the site's
// folder, it also takes cards from the build cache and adds those it
// draws, as Build does (but never prunes it).
func NewSession(fsys fs.FS, opts Options) *Session {
	b := &builder{fsys: fsys, opts: opts, keep: true, mem: &cardCache{}}
	if opts.Source != "" {
		b.store = cardStore(opts)
	}
	return &Session{b: b}
}

// Render renders the site. changed lists the paths (relative to the site
// root, slash-separated) that changed since the previous Render; nil means
// everything. It returns the rendered site and how many pages it rendered
// (the others were reused unchanged).
func (se *Session) Render(ctx context.Context, changed []string) (*Result, int, error) {
	res := &Result{Files: map[string][]byte{}}
	st, err := se.b.build(ctx, &memory{res: res}, changed)
	if err != nil {
		return nil, 0, err
	}
	res.Site, res.Sites, res.Warnings, res.Pages = st.site, st.sites, st.warnings, st.pages
	return res, st.rendered, nil
}

// parallel calls fn(0..n-1) on all cores.
func parallel(ctx context.Context, n int, fn func(i int)) {
	parallelN(ctx, runtime.GOMAXPROCS(0), n, fn)
}

// parallelN calls fn(0..n-1) on the given number of goroutines.
func parallelN(ctx context.Context, workers, n int, fn func(i int)) {
	workers = min(workers, n)
	var wg sync.WaitGroup
	var p panics // panicked again here, where the preview can recover it
	next := make(chan int, workers)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				func() { defer p.catch(); fn(i) }()
			}
		}()
	}
	for i := 0; i < n && ctx.Err() == nil; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
	p.rethrow()
}

// Build renders the site at opts.Source and publishes it to
// opts.Destination. On any error the destination is left as it was.
func Build(ctx context.Context, opts Options) (*Report, error) {
	start := time.Now()
	if opts.Source == "" {
		opts.Source = "."
	}
	if opts.Destination == "" {
		opts.Destination = filepath.Join(opts.Source, "public")
	}
	if st, err := os.Stat(opts.Source); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("site folder %s not found", opts.Source)
	}
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
		opts.Now = now
	}
	fsys := diskfs.New(opts.Source)
	oopts, release, err := publishing(opts)
	if err != nil {
		return nil, err
	}
	defer release()

	// With nothing changed since the last build, there is nothing to do.
	var cacheDir, inputs string
	if !opts.NoCache {
		if err := output.Check(opts.Destination, oopts); err != nil {
			return nil, err
		}
		cacheDir, inputs = cacheKey(fsys, opts)
		if cacheDir != "" {
			absDest, _ := output.Resolve(opts.Destination)
			if rec, err := cache.Load(cacheDir); err == nil && rec.Fresh(inputs, absDest, now) {
				rep := &Report{Pages: rec.Pages, Files: len(rec.Files), Cached: true}
				for _, w := range rec.Warnings {
					rep.Warnings = append(rep.Warnings, &diag.Diagnostic{Severity: diag.Warning, File: w.File, Line: w.Line, Msg: w.Msg})
				}
				rep.Duration = time.Since(start)
				return rep, nil
			}
		}
	}

	dest, err := output.Open(opts.Destination, oopts)
	if err != nil {
		return nil, err
	}
	store := cardStore(opts)
	st, err := run(ctx, fsys, opts, dest, store)
	if err == nil {
		err = dest.Commit()
	}
	if err != nil {
		dest.Abort()
		return nil, err
	}
	rep := &Report{Pages: st.pages, Files: st.files, Warnings: st.warnings, Cards: st.cards, CardsDrawn: st.drawn, Resized: st.resized}
	if store != nil {
		// Keep the cards this build used and, of the others (a page's
		// earlier versions, the cards of a build with other options), as
		// many again, the newest: the store holds at most twice the
		// site's cards.
		if _, err := store.Prune(st.cards); err != nil {
			rep.Warnings = append(rep.Warnings, &diag.Diagnostic{Severity: diag.Warning, File: store.Dir(), Msg: "cannot clean the share cards in the build cache", Err: err})
		}
	}
	if cacheDir != "" {
		if err := saveRecord(cacheDir, inputs, dest.Dir(), st); err != nil {
			rep.Warnings = append(rep.Warnings, &diag.Diagnostic{Severity: diag.Warning, File: cacheDir, Msg: "cannot write the build cache", Err: err})
		}
	}
	rep.Duration = time.Since(start)
	return rep, nil
}

// cacheKey returns the cache folder and the hash of every input of a
// build, or "" when they cannot be had (the build then runs uncached).
func cacheKey(fsys fs.FS, opts Options) (dir, inputs string) {
	dir, err := cache.Dir(opts.CacheDir, opts.Source, opts.Destination)
	if err != nil {
		return "", ""
	}
	var h cache.Hasher
	h.AddString("options", fmt.Sprintf("drafts=%t future=%t baseURL=%q minify=%t minifyHTML=%t", opts.Drafts, opts.Future, opts.BaseURL, !opts.NoMinify, opts.MinifyHTML))
	for _, tree := range []string{config.Names[0], config.Names[1], config.Names[2], ContentDir, StaticDir, "layouts", "assets", "i18n", "themes"} {
		if err := h.AddTree(fsys, tree); err != nil {
			return "", ""
		}
	}
	if err := h.AddTree(themes.Default(), "."); err != nil {
		return "", ""
	}
	// The engine itself: a new fanfare may render the same input differently.
	exe, err := os.Executable()
	if err != nil || h.AddFile(exe) != nil {
		return "", ""
	}
	return dir, h.Sum()
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

// protectedDirs are the folders of a site that a build must never clean.
func protectedDirs(source string) []string {
	return []string{source, filepath.Join(source, ContentDir), filepath.Join(source, StaticDir), filepath.Join(source, "layouts"), filepath.Join(source, "themes")}
}

// Publish writes a site rendered into memory to dest through a staging
// folder, as Build does.
func Publish(res *Result, dest string, protected ...string) error {
	d, err := output.Open(dest, output.Options{Protected: protected, RecordDir: recordDir("", dest)})
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

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
