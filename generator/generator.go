// The wiring of the stages (see doc.go for how a build flows).

package generator

import (
	"context"
	"errors"
	"fmt"
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
	"fanfare.dev/fanfare/generator/config"
	"fanfare.dev/fanfare/generator/diag"
	"fanfare.dev/fanfare/generator/diskfs"
	"fanfare.dev/fanfare/generator/images"
	"fanfare.dev/fanfare/generator/minify"
	"fanfare.dev/fanfare/generator/output"
	"fanfare.dev/fanfare/generator/render"
	"fanfare.dev/fanfare/generator/search"
	"fanfare.dev/fanfare/generator/site"
	"fanfare.dev/fanfare/generator/theme"
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
	Pages int // HTML pages in the site
	// Rendered is the number of pages rendered by this build or a
	// Session's Publish; the others were unchanged (kept by the Session,
	// or by Build in the cache folder).
	Rendered int
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
	// Later holds files made only when first asked for, by path: in a
	// preview (NewPreview), the share cards that neither memory nor the
	// card store holds, since browsers show a page without its card, and
	// after an edit that changes many pages, the pages other than the
	// edited ones and the first of each layout (see Check). Each function
	// makes its file once and may be called from any goroutine; a page's
	// answers ErrStale once a newer build has begun.
	Later map[string]func() ([]byte, error)
	// LaterIn holds, by folder ("stories/search/"), the function that
	// makes the files in it whose names are known only once they are
	// made: in a preview, after an edit to the content, the story list's
	// search index (its files are named after their bytes). Each function
	// makes its files once and may be called from any goroutine; it
	// answers ErrStale once a newer build has begun.
	LaterIn map[string]func() (map[string][]byte, error)
	// warm makes, after the pages of Later, what the engine keeps for
	// the next edit (nil: nothing); see Check.
	warm func()
}

// File returns the file rel of the site: rendered, or made now if it is
// one of Later's. Copies are not looked up.
func (r *Result) File(rel string) ([]byte, bool, error) {
	if data, ok := r.Files[rel]; ok {
		return data, true, nil
	}
	if mk, ok := r.Later[rel]; ok {
		data, err := mk()
		return data, err == nil, err
	}
	for dir, mk := range r.LaterIn {
		if strings.HasPrefix(rel, dir) {
			files, err := mk()
			data, ok := files[rel]
			return data, ok, err
		}
	}
	return nil, false, nil
}

// Check makes the files of LaterIn and renders every page of Later (not
// the share cards, which a preview draws only when asked for), so that
// later requests find them made, and returns the problems of those that
// fail, as a build would report them. It stops, returning nil, when ctx
// ends or a newer build replaced this one (ErrStale). Then it makes what
// the next edit's fast path needs and the build left undone, and
// collects the build's garbage. serve calls it after the reload event.
func (r *Result) Check(ctx context.Context) error {
	var errs diag.List
	for _, dir := range slices.Sorted(maps.Keys(r.LaterIn)) {
		_, err := r.LaterIn[dir]()
		if errors.Is(err, ErrStale) {
			return nil
		}
		errs.AddError(dir, err)
	}
	pages := r.deferred()
	slices.Sort(pages)
	for _, rel := range pages {
		if ctx.Err() != nil {
			return nil
		}
		_, err := r.Later[rel]()
		if errors.Is(err, ErrStale) {
			return nil
		}
		if err != nil {
			errs.AddError(rel, err)
		}
	}
	if r.warm != nil && ctx.Err() == nil {
		r.warm()
		// The garbage of this build is collected now, while the
		// reloaded page is read, and not in the middle of the next
		// edit: at 10,000 stories a collection that started during an
		// edit made it two to three times as slow (the maximum of
		// BenchmarkSessionEdit).
		runtime.GC()
	}
	return errs.Err()
}

// deferred lists the pages of Later.
func (r *Result) deferred() []string {
	var pages []string
	for rel := range r.Later {
		if path.Ext(rel) == ".html" {
			pages = append(pages, rel)
		}
	}
	return pages
}

// Deferred is the number of pages in Later: in a preview, pages left to
// render when first asked for or by Check.
func (r *Result) Deferred() int { return len(r.deferred()) }

// MakeAll makes every file of Later and LaterIn and moves it to Files,
// as a build that makes everything at once would have them. A file that
// cannot be made is left out, as the build leaves out a card it cannot
// draw.
func (r *Result) MakeAll() {
	for rel, mk := range r.Later {
		if data, err := mk(); err == nil {
			r.Files[rel] = data
		}
	}
	for _, mk := range r.LaterIn {
		files, _ := mk()
		maps.Copy(r.Files, files)
	}
	r.Later, r.LaterIn = nil, nil
}

// Copy is a file published unchanged.
type Copy struct {
	Dst string // relative to the destination
	FS  fs.FS  // the site root or the theme
	Src string // path in FS
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
	st, err := run(ctx, fsys, opts, &memory{res: res}, nil, nil, nil, "")
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
// it is not nil; so are pages from and in pages, and converted texts
// from and in converted (see pagestore.go). If textsDir is not "", the
// pages' texts wait for their pages in a file there (see textFile), and
// the pages returned cannot show them once run returns.
func run(ctx context.Context, fsys fs.FS, opts Options, out sink, store *cache.Store, pages *pageStore, converted *textStore, textsDir string) (*stats, error) {
	e := newEngine(fsys, opts, false)
	e.assets.store = store
	e.render.store, e.render.texts, e.load.store = pages, converted, converted
	var texts *textFile
	if textsDir != "" {
		// Without the file, the pages hold their texts: it costs
		// memory, not the build.
		if t, err := openTexts(textsDir); err == nil {
			defer t.Close()
			texts, e.load.texts, e.model.texts = t, t, t
		}
	}
	st, err := e.build(ctx, out, nil)
	if err == nil && texts != nil {
		err = texts.Err()
	}
	if err != nil {
		return nil, err
	}
	return st, nil
}

// engine wires the stages together. A one-shot build uses it once; a
// Session keeps it, so that each stage can reuse what it made last time.
// It holds no state of its own but the warnings of the last build.
type engine struct {
	fsys fs.FS
	opts Options
	keep bool // keep what this build made for the next one

	load     loadStage
	model    modelStage
	assets   assetStage
	render   renderStage
	warnings []*diag.Diagnostic // of the last build

	// In a preview, routes rendered when first asked for (see
	// renderStage.deferral) render under mu's read lock, and only while
	// gen, the number of the build that deferred them, is the latest:
	// a build holds the write lock, since it changes the model and the
	// renderers in place.
	mu  sync.RWMutex
	gen uint64
	own map[string]bool // in a preview, the paths changed since the last build (empty in its first); nil elsewhere

	stages stageTimes // of the last build

	// converted counts the pages whose conversion a Session's last
	// build that read every page took from the text store.
	converted int
}

// ErrStale is the error of a file of a preview's Result (see
// Result.Later) asked for after a newer build: ask the newer Result.
var ErrStale = errors.New("the site was built again since; ask the newer build")

// renderLater returns the function that renders j's route when first
// asked for, in the model of the build under way, and keeps the bytes in
// k, the route's kept state, as if the route had been rendered at once:
// without that, a page left for later stayed so at every edit after, and
// every edit's Check rendered all of them again (some 1,240 list pages
// at 10,000 stories after one new story). k holds the signature the
// build gave the route (deferral): the function renders only while that
// build is the latest (gen), so the bytes are the ones of that
// signature. The read lock keeps builds out; a route has one such
// function per build (k.deferred: the first to render keeps its bytes),
// so nothing else writes k meanwhile.
func (e *engine) renderLater(j job, k *keptRoute) func() ([]byte, error) {
	gen := e.gen
	return sync.OnceValues(func() (data []byte, err error) {
		e.mu.RLock()
		defer e.mu.RUnlock()
		if e.gen != gen {
			return nil, ErrStale
		}
		defer func() {
			if v := recover(); v != nil {
				data, err = nil, NewPanicError(v)
			}
		}()
		data, err = j.r.Route(j.rt)
		if err == nil && k != nil && k.deferred {
			k.data, k.rendered, k.deferred = data, true, false
		}
		return data, err
	})
}

// warmLater returns the function that makes, while the build under way
// is the latest, what it left for the next edit's fast path to make.
func (e *engine) warmLater() func() {
	gen := e.gen
	return func() {
		e.mu.RLock()
		defer e.mu.RUnlock()
		// A panic here shows on the next edit, which makes it again
		// and reports it as a build does; the preview goes on.
		defer func() { recover() }()
		if e.gen == gen && e.render.shows != nil {
			e.render.shows()
		}
	}
}

func newEngine(fsys fs.FS, opts Options, keep bool) *engine {
	e := &engine{fsys: fsys, opts: opts, keep: keep}
	e.load.keep, e.model.keep, e.assets.keep, e.render.keep = keep, keep, keep, keep
	return e
}

// build runs every stage. changed lists the site-relative paths that
// changed since the last build of a Session (nil: everything).
func (e *engine) build(ctx context.Context, out sink, changed []string) (*stats, error) {
	// The search index the last build left to make after it (a
	// preview's) is made before anything changes (see settleIndex).
	indexed := e.render.settleIndex()
	full := changed == nil || !e.load.ready() || !onlyContent(changed)
	pictures := e.load.ready() && onlyStaticPictures(changed) // the pages and their model stay
	e.model.settle()
	e.stages.start()
	e.own = nil
	if e.render.later != nil {
		e.own = map[string]bool{}
		for _, c := range changed {
			e.own[c] = true
		}
	}
	if !full && e.keep && indexed {
		if st, ok := e.edits(ctx, out, changed); ok {
			e.stages.done("edits")
			return st, nil
		}
		e.stages.done("edits tried")
	}
	current := e.model.take()
	// Pages and their Markdown depend on content/ and the parts of the
	// config that the load stage reads (loadSignature) alone: an edit to a
	// template, a style sheet, a picture or the site's title keeps them.
	var errs diag.List
	cfg, err := loadConfig(e.fsys, e.opts, &errs)
	e.load.forget(changed, changed == nil || !e.load.ready() || touchesConfig(changed) && (cfg == nil || loadSignature(cfg) != e.load.sig))
	// A picture added to, changed in or removed from static/ changes no
	// page's Markdown, URL or template: the model keeps the resolved
	// text of the pages whose own pictures stay as they were (links),
	// the render stage its renderers (every page is rendered again: its
	// signature does not cover the pictures it shows).
	e.model.forget(full && !pictures)
	e.render.forget(full && !pictures)
	if cfg == nil {
		return nil, err
	}
	defer e.limitMemory()()
	defer e.convertFromStore()()
	ld := e.load.run(e.fsys, cfg, &errs)
	e.stages.done("load")
	sites := e.siteModel(cfg, ld, changed, pictures, !full && current, &errs)
	e.stages.done("model")
	th, err := openTheme(e.fsys, cfg, &errs)
	if err != nil {
		return nil, err
	}
	out, ropts := e.minifier(cfg, out, &errs)
	m := e.assets.measure(ctx, e.fsys, th, sites, cfg.Images.MaxPixels, &errs)
	e.assets.openImages(e.opts)
	renderers := e.render.setup(sites, th, ropts, m, &errs)
	if slices.Contains(renderers, nil) {
		return nil, errs.Err()
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	e.stages.done("setup")
	e.model.links(ctx, sites, e.load.docs, m.sig == e.assets.imgSig, &errs)
	e.stages.done("links")
	e.load.release()
	st, md, err := e.publish(ctx, out, th, m, sites, renderers, e.exact(full, pictures, m), &errs)
	if err != nil {
		return nil, err
	}
	if err := errs.Err(); err != nil {
		e.load.fail()
		return nil, err
	}
	if e.keep {
		e.commit(ld, m, sites, renderers, md, &errs)
		e.stages.done("commit")
	}
	st.warnings = errs.Warnings()
	return st, nil
}

// convertFromStore lets a Session's load stage take the conversions of
// earlier builds and previews of the site (textStore) when it reads
// every page (its first build, or one after the Markdown settings
// changed), and returns the function that closes the store. A build that
// reads a few edited pages converts them itself.
func (e *engine) convertFromStore() func() {
	if !e.keep || len(e.load.pages) > 0 {
		return func() {}
	}
	t := openTextStore(e.opts)
	if t == nil {
		return func() {}
	}
	e.load.store, e.render.texts = t, t
	return func() {
		e.load.store, e.render.texts = nil, nil
		_, e.converted = t.pack.Found()
		t.close() // a store it cannot write is only slower next time
	}
}

// exact reports whether the pages whose signatures match the last
// build's are kept: in a build that keeps them, after a change to
// content/ or to static/ pictures alone, unless a picture that a page
// names in its front matter changed (media.shown).
func (e *engine) exact(full, pictures bool, m media) bool {
	return e.keep && (!full || pictures) && m.shown == e.assets.shownSig
}

// siteModel returns the site model of the last build when only pictures
// changed, that model patched when stories were added or deleted and it
// may be (patch: the change is to content/ alone and the last build
// succeeded), or a new one.
func (e *engine) siteModel(cfg *config.Config, ld loaded, changed []string, pictures, patch bool, errs *diag.List) []*site.Site {
	sites := e.model.again(pictures, now(e.opts), errs)
	if sites == nil && patch {
		sites = e.model.patch(ld, changed, e.opts, now(e.opts), errs)
	}
	if sites == nil {
		sites = e.model.build(cfg, ld, e.opts, now(e.opts), errs)
	}
	return sites
}

// publish renders every route and makes every other file, handing each
// to out as it is made: copies of images and share cards are made on all
// cores while the pages render.
func (e *engine) publish(ctx context.Context, out sink, th *theme.Theme, m media, sites []*site.Site, renderers []*render.Renderer, exact bool, errs *diag.List) (*stats, made, error) {
	jobs := routeJobs(sites, renderers)
	// The route signatures read the model, the renderers and the texts'
	// hashes; the claims and share cards below write only the claims:
	// they are made at once (a third of the signatures' time is one
	// pass that only one core can make).
	waitSigs, settleSigs := goCatch(func() { e.render.signatures(ctx, jobs, renderers) })
	defer settleSigs() // also when a panic below ends the build: the next must not meet it
	// Every published path and what publishes it: two sources of one
	// file are an error naming both (see site.Claims).
	claims := site.NewClaims()
	// In a preview, after an edit to the content, the search index is
	// made after the reload (see laterIndex).
	d := deferTo(out)
	later := e.keep && e.render.later != nil && e.own != nil && d != nil && !e.render.indexNow
	gen := e.generated(siteInput{sites, renderers, m.statics}, later, errs)
	defer gen.settle()
	claims.Routes(sites, errs)
	write := func(rel string, data []byte) {
		if err := out.Write(rel, data); err != nil {
			errs.AddError(rel, err)
		}
	}
	resizedBefore := e.assets.imgs.Resized()
	nvariants, wait := e.assets.startResizes(ctx, m, claims, write, errs)
	defer wait()
	shares := e.render.shareCards(ctx, jobs, claims, errs)
	e.stages.done("claims")
	drawn := e.assets.startCards(ctx, shares, out, errs)
	waitSigs()
	e.stages.done("signatures")
	rendered := e.render.pages(ctx, jobs, exact, e.own, out, write, e.opts.Progress, errs)
	if !e.keep {
		for _, r := range renderers {
			r.Release()
		}
	}
	e.stages.done("pages")
	nDrawn := <-drawn
	extra, index := gen.wait()
	e.stages.done("wait for cards and generated files")
	if err := ctx.Err(); err != nil {
		return nil, made{}, err
	}
	st := &stats{site: sites[0], sites: sites, pages: len(jobs), rendered: rendered, files: len(jobs) + nvariants + len(shares), cards: len(shares), drawn: nDrawn, next: nextPublish(sites)}
	for _, o := range extra {
		errs.Add(claims.Claim(o.Path, site.GeneratedSource(o.Path)))
		write(o.Path, o.Data)
	}
	st.files += len(extra)
	st.files += e.assets.copyFiles(out, e.fsys, th, m, sites, claims, write, errs)
	published := extra
	if later {
		// The index's files lie in its folders, and _headers names a
		// folder of the destination's top level, not a file in it.
		published = slices.Clone(extra)
		for _, dir := range indexDirs(sites) {
			published = append(published, render.Output{Path: dir + search.Manifest})
		}
	}
	if h, ok := headers(renderers[0], jobs, published, m, sites); ok {
		errs.Add(claims.Claim(h.Path, site.GeneratedSource(h.Path)))
		write(h.Path, h.Data)
		extra = append(extra, h)
		st.files++
	}
	wait()
	if later {
		// Started last, so that it takes no core from the build.
		li := e.render.startIndex(sites, claims)
		for _, dir := range indexDirs(sites) {
			d.LaterIn(dir, e.indexLater(li))
		}
	}
	e.stages.done("files")
	st.resized = int(e.assets.imgs.Resized() - resizedBefore)
	return st, made{jobs: jobs, extra: extra, index: index}, nil
}

// generated makes the files other than pages (generatedFiles); wait
// returns them. A build that keeps its work for the next (serve, build
// --watch) makes them on a goroutine of their own, beside the pages:
// after an edit few pages are rendered again, and the search index,
// feeds and sitemap of every story would otherwise wait for them. A
// build that keeps nothing makes them in wait, after the pages, which
// take every core already, so that its peak memory holds one of the two
// at a time.
func (e *engine) generated(in siteInput, noIndex bool, errs *diag.List) *generated {
	g := &generated{make: func() (extra, index []render.Output) { return e.render.generatedFiles(in, noIndex, errs) }}
	if e.keep {
		g.done, g.stop = goCatch(func() { g.extra, g.index = g.make() })
	}
	return g
}

// generated is the files other than pages of a build under way.
type generated struct {
	make         func() (extra, index []render.Output)
	done, stop   func() // goCatch's wait and settle; nil: made in wait
	extra, index []render.Output
}

// wait returns the files, and panics again, in the build's goroutine
// where the preview recovers it, if making them panicked.
func (g *generated) wait() (extra, index []render.Output) {
	if g.done == nil {
		return g.make()
	}
	g.done()
	return g.extra, g.index
}

// settle waits until the files are made, if they are made beside the
// pages: a build that stops early (a panic, a cancelled preview) lets no
// goroutine of its own run on into the next build.
func (g *generated) settle() {
	if g.stop != nil {
		g.stop()
	}
}

// made is what the render stage made in a build, for its cache.
type made struct {
	jobs         []job
	extra, index []render.Output
}

// commit lets every stage keep what a good build made.
func (e *engine) commit(ld loaded, m media, sites []*site.Site, renderers []*render.Renderer, md made, errs *diag.List) {
	e.load.commit(ld)
	e.model.commit(sites, &e.load)
	e.assets.commit(m)
	e.render.commit(md.jobs, sites, renderers, md.extra, md.index)
	e.warnings = errs.Warnings()
}

// loadConfig reads the site's config, with the base URL of the options.
func loadConfig(fsys fs.FS, opts Options, errs *diag.List) (*config.Config, error) {
	cfg, err := config.Load(fsys)
	if cfg == nil {
		return nil, err
	}
	errs.AddError(config.Names[0], err)
	if src, err := fs.ReadFile(fsys, cfg.File); opts.BaseURL == "" && (err == nil || cfg.File == "") {
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
	return cfg, nil
}

// now is the build's notion of today.
func now(opts Options) time.Time {
	if opts.Now.IsZero() {
		return time.Now()
	}
	return opts.Now
}

// openTheme opens the site's theme, and checks the brand colour that
// share cards are drawn in.
func openTheme(fsys fs.FS, cfg *config.Config, errs *diag.List) (*theme.Theme, error) {
	if _, err := cards.ParseColor(cfg.Brand.Color); err != nil {
		errs.Warnf(firstNonEmpty(cfg.File, config.Names[0]), 0, "brand.color: %v; share cards use the default red", err)
	}
	th, err := theme.Open(fsys, cfg.Theme)
	if err != nil {
		errs.Add(diag.Wrap(firstNonEmpty(cfg.File, config.Names[0]), 0, "", err))
		return nil, errs.Err()
	}
	return th, nil
}

// limitMemory has a one-shot build of a large site read and built under
// limitMemory's memory limit, from the moment the load stage knows how
// many pages it reads: reading a site of 100,000 stories was a third of
// the collector's work. It returns the function that takes the limit away.
func (e *engine) limitMemory() (restore func()) {
	if e.keep {
		return func() {}
	}
	var undo func()
	e.load.found = func(files int) { undo = limitMemory(files) }
	return func() {
		e.load.found = nil
		if undo != nil {
			undo()
		}
	}
}

// minifier sets up minifying. Builds minify as the config says, unless
// told not to; a Session's memory (the preview) never does, and the Files
// publisher of build --watch minifies only the files that changed. Assets
// are named after their minified bytes whenever the config minifies, so
// names are the same in all three.
func (e *engine) minifier(cfg *config.Config, out sink, errs *diag.List) (sink, render.Options) {
	var ropts render.Options
	if !config.Enabled(cfg.Minify) {
		return out, ropts
	}
	mi := minify.New()
	ropts.Fingerprint = func(name string, data []byte) []byte {
		small, _ := mi.File(name, data) // on an error, data: published as it is
		return small
	}
	html := e.opts.MinifyHTML || cfg.MinifyHTML
	if f, ok := out.(*Files); ok && !e.opts.NoMinify {
		f.minifyWith(mi, html)
	} else if !e.opts.NoMinify && !e.keep {
		out = &minifying{sink: out, m: mi, errs: errs, html: html}
	}
	return out, ropts
}

// shareCards lists the share cards the routes show that the site does
// not provide itself, and claims their paths.
func (rs *renderStage) shareCards(ctx context.Context, jobs []job, claims *site.Claims, errs *diag.List) []render.ShareCard {
	// Each route's card is worked out on all cores (a read of the
	// route's page: at 10,000 stories, a tenth of a preview's rebuild
	// after a new story went to it on one core), or taken from the last
	// build's (keptShares), then claimed in order.
	kept := rs.shares.at(rs.epoch, rs.keep)
	cards := make([]render.ShareCard, len(jobs))
	has, fresh := make([]bool, len(jobs)), make([]bool, len(jobs))
	parallelCheap(ctx, len(jobs), func(i int) {
		sc, ok, hit := kept.get(jobs[i])
		if !hit {
			sc, ok = jobs[i].r.ShareCard(jobs[i].rt)
			fresh[i] = ok
		}
		cards[i], has[i] = sc, ok && !sc.Own && !sc.Unused
	})
	kept.put(jobs, cards, fresh)
	var shares []render.ShareCard
	for i, j := range jobs {
		if !has[i] {
			continue
		}
		sc := cards[i]
		if d := claims.Claim(sc.Out, site.Source{File: j.rt.Page.File, What: "the share card of this page"}); d != nil {
			errs.Add(d)
			continue
		}
		shares = append(shares, sc)
	}
	return shares
}

// nextPublish is the earliest NextPublish of the sites.
func nextPublish(sites []*site.Site) time.Time {
	var next time.Time
	for _, s := range sites {
		if !s.NextPublish.IsZero() && (next.IsZero() || s.NextPublish.Before(next)) {
			next = s.NextPublish
		}
	}
	return next
}

// touchesConfig reports whether a changed path is the site's config.
func touchesConfig(changed []string) bool {
	for _, c := range changed {
		if slices.Contains(config.Names, c) {
			return true
		}
	}
	return false
}

// onlyStaticPictures reports whether every changed path is a picture in
// static/ (of a format the assets stage measures).
func onlyStaticPictures(changed []string) bool {
	for _, c := range changed {
		if !strings.HasPrefix(c, StaticDir+"/") || images.FormatOf(c) == "" {
			return false
		}
	}
	return len(changed) > 0
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
	var keys cacheKeys
	if !opts.NoCache {
		if err := output.Check(opts.Destination, oopts); err != nil {
			return nil, err
		}
		keys = cacheKey(fsys, opts)
		cacheDir, inputs := keys.dir, keys.inputs
		if cacheDir != "" {
			cache.Use(cacheDir, time.Now())
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
	pages := openPageStore(keys)
	var texts *textStore
	if keys.dir != "" {
		texts = openTextStore(opts)
	}
	st, err := run(ctx, fsys, opts, dest, store, pages, texts, filepath.Dir(dest.Dir()))
	if err == nil {
		err = dest.Commit()
	}
	// What the stores were given is right whatever became of the build.
	closeErr := errors.Join(pages.close(), texts.close())
	if err != nil {
		dest.Abort()
		return nil, err
	}
	rep := &Report{Pages: st.pages, Rendered: st.rendered, Files: st.files, Warnings: st.warnings, Cards: st.cards, CardsDrawn: st.drawn, Resized: st.resized}
	rep.Warnings = append(rep.Warnings, keepCaches(keys.dir, keys.inputs, dest.Dir(), st, store, closeErr)...)
	if _, err := cache.Trim(opts.CacheDir, time.Now(), cardsFolder, textsFolder); err != nil {
		rep.Warnings = append(rep.Warnings, &diag.Diagnostic{Severity: diag.Warning, File: cache.BaseDir(opts.CacheDir), Msg: "cannot delete the build cache's unused folders", Err: err})
	}
	rep.Duration = time.Since(start)
	return rep, nil
}

// keepCaches prunes the card store and saves the record of a good build
// in its cache folder (if any), and returns the problems as warnings,
// with pagesErr, the page store's.
func keepCaches(cacheDir, inputs, dest string, st *stats, store *cache.Store, pagesErr error) []*diag.Diagnostic {
	var warnings []*diag.Diagnostic
	if pagesErr != nil {
		warnings = append(warnings, &diag.Diagnostic{Severity: diag.Warning, File: cacheDir, Msg: "cannot keep the pages in the build cache", Err: pagesErr})
	}
	if store != nil {
		// Keep the cards this build used and, of the others (a page's
		// earlier versions, the cards of a build with other options), as
		// many again, the newest: the store holds at most twice the
		// site's cards.
		if _, err := store.Prune(st.cards); err != nil {
			warnings = append(warnings, &diag.Diagnostic{Severity: diag.Warning, File: store.Dir(), Msg: "cannot clean the share cards in the build cache", Err: err})
		}
	}
	if cacheDir != "" {
		if err := saveRecord(cacheDir, inputs, dest, st); err != nil {
			warnings = append(warnings, &diag.Diagnostic{Severity: diag.Warning, File: cacheDir, Msg: "cannot write the build cache", Err: err})
		}
	}
	return warnings
}

// protectedDirs are the folders of a site that a build must never clean.
func protectedDirs(source string) []string {
	return []string{source, filepath.Join(source, ContentDir), filepath.Join(source, StaticDir), filepath.Join(source, "layouts"), filepath.Join(source, "themes")}
}

// parallel calls fn(0..n-1) on all cores, one index at a time: for
// calls that each take a while (a page to render, a picture to resize, a
// card to draw), so that the goroutines end together.
func parallel(ctx context.Context, n int, fn func(i int)) {
	parallelN(ctx, runtime.GOMAXPROCS(0), n, fn)
}

// parallelN is parallel on the given number of goroutines.
func parallelN(ctx context.Context, workers, n int, fn func(i int)) {
	parallelRuns(ctx, workers, n, 1, fn)
}

// parallelCheap calls fn(0..n-1) on all cores for calls that each take
// little (a lookup of a few hundred nanoseconds for each of 13,600
// pages): the goroutines take the indexes in runs (parallelRun), which
// costs less than taking them one by one.
func parallelCheap(ctx context.Context, n int, fn func(i int)) {
	workers := runtime.GOMAXPROCS(0)
	parallelRuns(ctx, workers, n, parallelRun(workers, n), fn)
}

// parallelRuns calls fn(0..n-1) on the given number of goroutines, which
// take the indexes from a counter in runs of run, in rising order. A
// panic in fn ends its goroutine and is raised again once every
// goroutine is done. A cancelled ctx stops the goroutines before their
// next index.
func parallelRuns(ctx context.Context, workers, n, run int, fn func(i int)) {
	workers = min(workers, n)
	step := int64(max(run, 1))
	var wg sync.WaitGroup
	var p panics // panicked again here, where the preview can recover it
	var next atomic.Int64
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer p.catch()
			for {
				lo := next.Add(step) - step
				if lo >= int64(n) {
					return
				}
				for i := lo; i < min(lo+step, int64(n)); i++ {
					if ctx.Err() != nil {
						return
					}
					fn(int(i))
				}
			}
		}()
	}
	wg.Wait()
	p.rethrow()
}

// parallelRun is the run of parallelCheap: one index at a time when
// there are few, up to 64 when there are thousands (handing 13,600 out
// one by one over a channel cost a millisecond a pass, with both cores
// busy handing them).
func parallelRun(workers, n int) int {
	return max(1, min(64, n/(16*max(workers, 1))))
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
