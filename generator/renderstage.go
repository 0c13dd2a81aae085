// Stage render: routes → bytes, by package render (Markdown and the
// theme's templates), with the feeds, sitemap, robots.txt, _headers, the
// theme's assets and the story list's search index.
//
// Input: the site model of each language and the theme. Output: every
// route's bytes and the other generated files, handed to the publisher.
// Cache: a renderer per language (its parsed templates), every route's
// bytes with the signature of what it showed (render/signature.go), so
// that a Session renders again only the routes whose inputs changed, and
// the generated files other than pages. A one-shot Build keeps the pages
// it rendered in the cache folder instead (the page store, pagestore.go).

package generator

import (
	"bytes"
	"context"
	"encoding/binary"
	"runtime"
	"runtime/pprof"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/cespare/xxhash/v2"

	"fanfare.dev/fanfare/generator/cms"
	"fanfare.dev/fanfare/generator/diag"
	"fanfare.dev/fanfare/generator/output"
	"fanfare.dev/fanfare/generator/render"
	"fanfare.dev/fanfare/generator/search"
	"fanfare.dev/fanfare/generator/site"
	"fanfare.dev/fanfare/generator/theme"
)

// renderStage renders routes and keeps what it rendered.
type renderStage struct {
	keep      bool
	renderers map[string]*render.Renderer // language code → its renderer
	routes    map[string]*keptRoute       // route output → what is kept of it
	builds    uint64                      // good builds committed, to find the routes the last one no longer had
	shows     func() map[*site.Page][]int // page → indexes of the routes that show it (one language only), made when first asked for
	extras    []render.Output             // feeds, sitemap, robots.txt, assets, _headers
	words     map[string]*search.Cache    // language → its last search index and each story's words
	index     *laterIndex                 // the last build's search index, if made after it (a preview's)
	indexNow  bool                        // the last one could not be: this build makes it before it ends

	shares   keptShares  // each story's and symbol's share card, from one build to the next
	epoch    uint64      // the cards' epoch in the build under way (cardEpoch)
	nextSigs []uint64    // of the build under way, by job
	sums     render.Sums // the hashes of the pages' parts and texts, from one build to the next

	// In a preview (NewPreview), after an edit that changes many routes
	// (a new story moves every page of the story list; a template or the
	// site's title changes every page), the routes that no edited page
	// owns are rendered only when first asked for or by Result.Check:
	// later makes the function that renders one, and deferred holds the
	// routes that have no kept bytes for that reason. The function keeps
	// what it renders in k, the route's kept state, for the next edit to
	// reuse instead of leaving the route for later again.
	later    func(j job, k *keptRoute) func() ([]byte, error)
	deferMin int // see deferMin

	// store, in a build that keeps nothing in memory, holds the pages of
	// earlier builds in the cache folder (see pagestore.go); nil with
	// --no-cache.
	store *pageStore
	// texts, in such a build, holds the stories' words of earlier builds
	// for the search index.
	texts *textStore
}

// keptRoute is what the render stage keeps of a route from one build to
// the next: one map entry for what were three maps (bytes, signatures,
// deferred routes), which a new story at 10,000 stories looked up,
// filled and emptied 13,600 times each.
type keptRoute struct {
	data     []byte // the bytes rendered, when rendered
	rendered bool
	sig      uint64 // the signature of its inputs in the last good build
	deferred bool   // no bytes kept: a preview renders it when asked for
	build    uint64 // the last good build that had the route (builds)
}

// kept returns what is kept of the route that publishes out, made empty
// if nothing is.
func (rs *renderStage) kept(out string) *keptRoute {
	k := rs.routes[out]
	if k == nil {
		k = &keptRoute{}
		rs.routes[out] = k
	}
	return k
}

// reusable reports whether the bytes kept of out were rendered with the
// signature sig.
func (rs *renderStage) reusable(out string, sig uint64) ([]byte, bool) {
	k := rs.routes[out]
	if k == nil || !k.rendered || k.sig != sig {
		return nil, false
	}
	return k.data, true
}

// deferMin is the number of routes to render again below which a preview
// renders them all at once: an edit to one story's text or title renders
// a handful, and those are checked before the reload.
const deferMin = 64

// deferral decides, in a preview, which routes of todo are rendered when
// first asked for: none when few routes are to be rendered; otherwise all
// but the routes of the pages edited (own; none in the first render) and
// the first route of each layout, so that a template that fails on the
// new model fails the build as before. In the first render that lets
// serve answer before it has rendered the whole site; the rest is
// rendered and checked right after (Result.Check). sigs are the routes' signatures
// in this build, by job. It returns the routes to render now.
func (rs *renderStage) deferral(jobs []job, todo []int, own map[string]bool, out sink, sigs []uint64) []int {
	d := deferTo(out)
	if rs.later == nil || own == nil || d == nil || len(todo) < rs.deferMin {
		return todo
	}
	now := todo[:0:0]
	layouts := map[string]bool{}
	for _, i := range todo {
		rt := jobs[i].rt
		if (rt.Page != nil && own[rt.Page.File]) || !layouts[rt.Layout] {
			layouts[rt.Layout] = true
			now = append(now, i)
			continue
		}
		k := rs.kept(rt.Out)
		k.data, k.rendered, k.deferred, k.sig = nil, false, true, sigs[i]
		d.Later(rt.Out, rs.later(jobs[i], k))
	}
	return now
}

// job is a route with the renderer of its language.
type job struct {
	rt *site.Route
	r  *render.Renderer
}

// forget drops every rendered route and renderer (full) or none.
func (rs *renderStage) forget(full bool) {
	if full || rs.routes == nil {
		rs.routes, rs.renderers, rs.shares = map[string]*keptRoute{}, nil, keptShares{}
	}
}

// setup returns one renderer per language, each with its interface text:
// the cached one with the new model, or a new one. A language whose
// templates fail has none; the problems of every language are in errs.
func (rs *renderStage) setup(sites []*site.Site, th *theme.Theme, ropts render.Options, m media, errs *diag.List) []*render.Renderer {
	epoch := cardEpoch(m, sites)
	rs.epoch = epoch
	if rs.store != nil {
		rs.store.salted(epoch, m.sig)
	}
	renderers := make([]*render.Renderer, len(sites))
	for i, s := range sites {
		r := rs.renderers[s.Lang]
		if r == nil {
			var err error
			if r, err = render.New(s, th, ropts); err != nil {
				errs.AddError("layouts", err) // every language's, in one build
				continue
			}
		} else {
			r.Reset(s)
		}
		if rs.keep {
			r.KeepCards(epoch)
		}
		renderers[i] = r
	}
	return renderers
}

// cardEpoch identifies what a kept card may show besides its page (see
// render.KeepCards): the pictures pages name in their front matter as
// measured (a card's picture is its page's), and the files of every
// language's site that a picture's name may resolve to.
func cardEpoch(m media, sites []*site.Site) uint64 {
	var h xxhash.Digest
	h.Reset()
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], m.shown)
	h.Write(b[:])
	for _, s := range sites {
		h.WriteString(s.Lang)
		h.Write([]byte{0})
		for _, f := range s.Files {
			h.WriteString(f.Src)
			h.Write([]byte{0})
			h.WriteString(f.Dst)
			h.Write([]byte{0})
		}
	}
	return h.Sum64()
}

// routeJobs lists every route of every language, with its renderer.
func routeJobs(sites []*site.Site, renderers []*render.Renderer) []job {
	var jobs []job
	for i, s := range sites {
		for _, rt := range s.Routes {
			jobs = append(jobs, job{rt, renderers[i]})
		}
	}
	return jobs
}

// signatures computes, in a Session or for the page store, each job's
// signature of its inputs.
func (rs *renderStage) signatures(ctx context.Context, jobs []job, renderers []*render.Renderer) {
	rs.nextSigs = make([]uint64, len(jobs))
	if !rs.keep && rs.store == nil {
		return
	}
	// One Signer per language, for this build only: each hashes every
	// page's part and each site-wide part once.
	signers := map[*render.Renderer]*render.Signer{}
	for _, r := range renderers {
		signers[r] = r.Signer()
		if rs.keep {
			signers[r].Prepare(&rs.sums)
		}
	}
	if rs.keep {
		// A build for the page store alone (Build) hashes each text
		// as it signs its route: kept in sums for the next build, every
		// text of the site would stay in memory until the build ends.
		rs.sums.Turn()
	}
	parallelCheap(ctx, len(jobs), func(i int) {
		rs.nextSigs[i] = signers[jobs[i].r].Sign(jobs[i].rt)
	})
}

// layoutLabels returns, for each layout of the routes to do, ctx with
// the label layout=<name>: a CPU profile (fanfare build --cpuprofile)
// then tells the processor time of each layout's templates apart (go
// tool pprof -tags).
func layoutLabels(ctx context.Context, jobs []job, todo []int) map[string]context.Context {
	labels := map[string]context.Context{}
	for _, i := range todo {
		if l := jobs[i].rt.Layout; labels[l] == nil {
			labels[l] = pprof.WithLabels(ctx, pprof.Labels("layout", l))
		}
	}
	return labels
}

// pages renders the routes whose inputs changed and reuses the others
// (only when exact: the cache is trusted, and only for layouts whose
// reads the signatures cover, see render.Exact), kept in memory or in
// the page store, handing each to write. It returns how many it
// rendered. In a preview, own holds the paths changed
// since the last build (nil in its first: see deferral).
func (rs *renderStage) pages(ctx context.Context, jobs []job, exact bool, own map[string]bool, out sink, write func(string, []byte), progress func(done, total int), errs *diag.List) int {
	todo := make([]int, 0, len(jobs))
	for i, j := range jobs {
		if prev, ok := rs.reusable(j.rt.Out, rs.nextSigs[i]); exact && ok && j.r.Exact(j.rt.Layout) {
			write(j.rt.Out, prev)
		} else {
			todo = append(todo, i)
		}
	}
	todo = rs.deferral(jobs, todo, own, out, rs.nextSigs)
	outs := make([][]byte, len(todo))
	var done, stored atomic.Int64
	reuse := !rs.keep && forgets(out)
	labels := layoutLabels(ctx, jobs, todo)
	// Twice as many goroutines as cores: writing files blocks in system
	// calls, and the other goroutines render meanwhile.
	parallelN(ctx, 2*runtime.GOMAXPROCS(0), len(todo), func(k int) {
		rt, r := jobs[todo[k]].rt, jobs[todo[k]].r
		var key uint64
		keyed := rs.store != nil && r.Exact(rt.Layout)
		if keyed {
			key = rs.store.key(rt.Out, rs.nextSigs[todo[k]])
			if data, ok := rs.store.pack.Get(key); ok {
				write(rt.Out, data)
				if rs.keep {
					outs[k] = data
				}
				stored.Add(1)
				if progress != nil {
					progress(int(done.Add(1)), len(todo))
				}
				return
			}
		}
		buf := newPageBuffer(reuse)
		pprof.SetGoroutineLabels(labels[rt.Layout])
		err := r.RouteTo(buf, rt)
		pprof.SetGoroutineLabels(ctx)
		if err != nil {
			errs.AddError(rt.Out, err)
		} else {
			if keyed {
				rs.store.pack.Put(key, buf.Bytes()) // a copy, before write may change them
			}
			write(rt.Out, buf.Bytes())
			if rs.keep {
				outs[k] = buf.Bytes()
			}
		}
		if reuse && buf.Cap() <= 1<<20 {
			pageBuffers.Put(buf)
		}
		if progress != nil {
			progress(int(done.Add(1)), len(todo))
		}
	})
	if rs.keep {
		for k, i := range todo {
			if outs[k] != nil {
				kr := rs.kept(jobs[i].rt.Out)
				kr.data, kr.rendered, kr.deferred = outs[k], true, false
			}
		}
	}
	return len(todo) - int(stored.Load())
}

// pageBuffers holds the buffers of pages already written, for a build
// that keeps no page (see forgets): a page's buffer was a tenth of what
// a build allocated after its model, and the collector ran that much more
// often over the model of the whole site.
var pageBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// newPageBuffer returns an empty buffer for a page: from pageBuffers if
// reuse is set, else a new one.
func newPageBuffer(reuse bool) *bytes.Buffer {
	if !reuse {
		b := new(bytes.Buffer)
		b.Grow(16 << 10)
		return b
	}
	b := pageBuffers.Get().(*bytes.Buffer)
	b.Reset()
	return b
}

// forgets reports whether out keeps none of the bytes handed to its
// Write once Write returns, so that they may be written over: a folder
// on disk writes the file before it returns (minified or not). The
// preview's memory and build --watch's publisher keep them.
func forgets(out sink) bool {
	switch s := out.(type) {
	case *output.Dest:
		return true
	case *minifying:
		return forgets(s.sink)
	}
	return false
}

// siteOutput is a generated file (or several) other than pages, made from
// the site model of every language. To publish a new one, add it to
// siteOutputs: every build makes it, and the fast path of edits makes it
// again whenever a page's front matter changes.
type siteOutput struct {
	name string
	make func(in siteInput, errs *diag.List) []render.Output
}

// siteInput is what a siteOutput is made from.
type siteInput struct {
	sites     []*site.Site       // every language's, the default first
	renderers []*render.Renderer // by language, as sites
	statics   []string           // the files published from static/
}

// siteOutputs are the generated files other than pages, the theme's
// assets and the search index, in the order they are made.
var siteOutputs = []siteOutput{
	{"feeds", func(in siteInput, errs *diag.List) []render.Output {
		// Feeds in every language: /index.xml, /en/index.xml.
		var out []render.Output
		for i, s := range in.sites {
			fds, ferr := feeds(in.renderers[i], s)
			if ferr != nil {
				errs.AddError(ferr.path, ferr.err)
			}
			out = append(out, fds...)
		}
		return out
	}},
	{"sitemap", func(in siteInput, errs *diag.List) []render.Output {
		sitemaps, err := render.Sitemap(in.sites)
		if err != nil {
			errs.AddError("sitemap.xml", err)
		}
		return sitemaps
	}},
	{"robots.txt, and /admin/ when fanfare.yaml sets cms:", func(in siteInput, _ *diag.List) []render.Output {
		robots := []render.Output{{Path: "robots.txt", Data: in.renderers[0].Robots()}}
		return cms.Publish(in.sites[0].Config, robots)
	}},
	{"_redirects", func(in siteInput, _ *diag.List) []render.Output {
		// Aliases as real 301s for hosts that read _redirects, unless the
		// site has a _redirects file of its own in static/.
		rs := render.Redirects(in.sites)
		if len(rs) == 0 || slices.Contains(in.statics, render.RedirectsFile) {
			return nil
		}
		return []render.Output{{Path: render.RedirectsFile, Data: render.RedirectsText(rs, in.sites[0].Config.Host == "netlify")}}
	}},
}

// wordStore returns the text store as the search index's word store, or
// nil (an interface holding a nil *textStore is not nil).
func (rs *renderStage) wordStore() search.WordStore {
	if rs.texts == nil {
		return nil
	}
	return rs.texts
}

// generatedFiles makes the files other than pages: the theme's assets,
// the search index of every language (unless its own goroutine makes it:
// noIndex, see laterIndex) and the siteOutputs. index is the search
// index among them.
func (rs *renderStage) generatedFiles(in siteInput, noIndex bool, errs *diag.List) (extra, index []render.Output) {
	extra = append(extra, safeSVGOutputs(in.renderers[0].Assets(), errs)...)
	if !noIndex {
		for _, s := range in.sites {
			index = append(index, rs.searchIndex(s, rs.wordStore())...)
		}
	}
	extra = append(extra, index...)
	for _, o := range siteOutputs {
		extra = append(extra, o.make(in, errs)...)
	}
	return extra, index
}

// remake makes the siteOutputs again after an edit on the fast path, and
// reports false if one of them fails (the general path then reports it).
func (rs *renderStage) remake(in siteInput) bool {
	var errs diag.List
	at := make(map[string]int, len(rs.extras))
	for i, o := range rs.extras {
		at[o.Path] = i
	}
	extras := slices.Clone(rs.extras)
	for _, o := range siteOutputs {
		for _, f := range o.make(in, &errs) {
			if i, ok := at[f.Path]; ok {
				extras[i] = f
			} else {
				return false // a new file: the general path lists it in _headers
			}
		}
	}
	if errs.Err() != nil {
		return false
	}
	rs.extras = extras
	return true
}

// headers makes the cache lifetimes for hosts that read _headers, over
// every published path, unless the site has a _headers file of its own
// in static/ (then ok is false).
func headers(r *render.Renderer, jobs []job, extra []render.Output, m media, sites []*site.Site) (render.Output, bool) {
	if slices.Contains(m.statics, render.HeadersFile) {
		return render.Output{}, false
	}
	published := make([]string, 0, len(jobs)+len(extra)+len(m.statics))
	for _, j := range jobs {
		published = append(published, j.rt.Out)
	}
	for _, o := range extra {
		published = append(published, o.Path)
	}
	published = append(published, m.statics...)
	for _, s := range sites {
		for _, f := range s.Files {
			published = append(published, f.Dst)
		}
	}
	for _, j := range m.resizes {
		published = append(published, j.dsts...)
	}
	return render.Output{Path: render.HeadersFile, Data: r.Headers(published)}, true
}

// commit keeps what a good build rendered.
func (rs *renderStage) commit(jobs []job, sites []*site.Site, renderers []*render.Renderer, extra, index []render.Output) {
	// Every build, fast path included, asks search.Build for the search
	// index (its Cache keeps what the last one made).
	rs.extras = slices.DeleteFunc(slices.Clone(extra), func(o render.Output) bool {
		return slices.ContainsFunc(index, func(i render.Output) bool { return i.Path == o.Path })
	})
	rs.renderers = map[string]*render.Renderer{}
	for i, s := range sites {
		rs.renderers[s.Lang] = renderers[i]
	}
	rs.shows = nil
	if len(sites) == 1 {
		// The fast path of edits knows one language only. Made when it
		// is first needed (the next edit, or Result.Check after the
		// reload): a tenth of a preview's rebuild after a new story at
		// 10,000 stories went to it.
		s := sites[0]
		rs.shows = sync.OnceValue(func() map[*site.Page][]int { return shows(s) })
	}
	rs.builds++
	for i, j := range jobs {
		k := rs.kept(j.rt.Out)
		k.sig, k.build = rs.nextSigs[i], rs.builds
	}
	for o, k := range rs.routes {
		if k.build != rs.builds {
			delete(rs.routes, o) // a route this build no longer has
		}
	}
}

// shows maps each page to the indexes of the routes that show it.
func shows(s *site.Site) map[*site.Page][]int {
	m := make(map[*site.Page][]int, len(s.Pages))
	for i, rt := range s.Routes {
		render.Shows(rt, func(p *site.Page) {
			if ps := m[p]; len(ps) == 0 || ps[len(ps)-1] != i {
				m[p] = append(ps, i)
			}
		})
	}
	return m
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
// language of s. In a session, rs.words keeps each language's last index,
// so that after an edit on the fast path (the same site model) only the
// edited stories are read. texts, if not nil, keeps the words for other
// processes (the text store): a build's, and a session's in its first
// build; the index made after a preview's build takes none.
func (rs *renderStage) searchIndex(s *site.Site, texts search.WordStore) []render.Output {
	var words *search.Cache
	if rs.keep {
		if rs.words == nil {
			rs.words = map[string]*search.Cache{}
		}
		if rs.words[s.Lang] == nil {
			rs.words[s.Lang] = &search.Cache{}
		}
		words = rs.words[s.Lang]
	}
	var out []render.Output
	opts := search.Options{Cache: words, Words: texts}
	for _, f := range search.Build(s, opts) {
		out = append(out, render.Output{Path: f.Path, Data: f.Data})
	}
	return out
}
