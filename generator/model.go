// Stage model: pages → the site in each language (routes, URLs, links,
// taxonomies, the symbol ↔ story graph), by package site.
//
// Input: the config, the loaded pages, the images the assets stage
// measured. Output: []*site.Site, with every page's Markdown links
// resolved to URLs. Cache: the sites of the last good build (the fast
// path of edits changes them in place, and so does a build after a new
// or deleted story: patch), every page's URL and the order
// of the stories (site.Memo), and each page's
// resolved HTML, which stays valid while the page's own text, every URL
// and the measured images stay the same.

package generator

import (
	"context"
	"hash/maphash"
	"html/template"
	"slices"
	"strings"
	"time"

	"fanfare.dev/fanfare/generator/config"
	"fanfare.dev/fanfare/generator/content"
	"fanfare.dev/fanfare/generator/diag"
	"fanfare.dev/fanfare/generator/render"
	"fanfare.dev/fanfare/generator/site"
)

// modelStage builds the site model and keeps it between builds.
type modelStage struct {
	keep  bool
	sites []*site.Site // the last good site model, a site per language
	// urls sums up every page's path and URL in the last good build
	// (urlsSum; 0: none), next in the build under way's.
	urls, next uint64
	resolved   map[*content.Page]template.HTML // Markdown with links resolved
	linked     map[*content.Page]linkRecord    // what each page in resolved was resolved with
	// texts, in a build that keeps nothing, holds the pages' resolved
	// text until the pages render (see textFile); nil: the pages do.
	texts site.TextStore
	// memo carries each page's URL and the stories' order from one
	// build to the next (a build that keeps nothing has none).
	memo site.Memo
	// diags are the problems the model of sites gave (nextDiags: of the
	// build under way's); reused: the build under way took sites again.
	diags, nextDiags []*diag.Diagnostic
	reused           bool
	// current is set while sites is the model of the last build, which
	// succeeded: the model of the pages it read (see patch).
	current bool
	// patched holds, in a build that patched the model, the names
	// (site.NameOf) of the pages it added and removed: a page's links
	// that touch none of them resolve as before (site.Touches). added
	// are the pages it added.
	patched map[string]bool
	added   []*content.Page
	// touch indexes the pages by their links, for a build that patched
	// the model: made by every build that asks every page (nil: none).
	touch *linkIndex
}

// linkRecord is what a page's links resolved to: its own URL and, for
// each link of its Markdown (images: ""), the URL it points to; and, when
// recorded with pictures, each picture of its Markdown, in order, as the
// site measured it.
type linkRecord struct {
	url      string
	urls     []string
	pictures []seenPicture
}

// seenPicture is a picture of a page's Markdown: the file it names and
// its measured size and smaller copies (nil: none measured), which the
// resolved HTML shows.
type seenPicture struct {
	dst  string
	info *site.Image
}

// linksOf returns the linkRecord of p in s, and false if a link does not
// resolve. With pictures, it records the pictures of p's Markdown too.
func linksOf(s *site.Site, p *site.Page, doc *render.Doc, pictures bool) (linkRecord, bool) {
	rec := linkRecord{url: p.URL}
	if doc == nil {
		return rec, true
	}
	rec.urls = make([]string, len(doc.Links))
	for i, l := range doc.Links {
		if l.Image {
			if pictures {
				dst, _ := s.ImageFile(p, l.Dest)
				rec.pictures = append(rec.pictures, seenPicture{dst, s.Images[dst]})
			}
			continue
		}
		u, ok := s.ResolveLink(p, l.Dest)
		if !ok {
			return rec, false
		}
		rec.urls[i] = u
	}
	return rec, true
}

// forget drops the resolved links of every page (full) or of none.
func (m *modelStage) forget(full bool) {
	if full {
		m.resolved, m.linked, m.urls, m.touch = map[*content.Page]template.HTML{}, map[*content.Page]linkRecord{}, 0, nil
	}
}

// build makes the site in each language.
func (m *modelStage) build(cfg *config.Config, ld loaded, opts Options, now time.Time, errs *diag.List) []*site.Site {
	o := site.Options{Drafts: opts.Drafts, Future: opts.Future, Now: now}
	if !m.keep {
		return site.BuildAll(cfg, ld.res, o, errs)
	}
	o.Memo = &m.memo
	var own diag.List
	sites := site.BuildAll(cfg, ld.res, o, &own)
	m.nextDiags = own.Sorted()
	errs.Add(m.nextDiags...)
	return sites
}

// again returns the site model of the last good build, with its
// problems, for a build after a change that no part of the model is
// derived from (pictures: only pictures in static/ changed, and the
// pages are the last build's), or nil when it must be built: when there
// is none, or a page dated in the future has come due since.
func (m *modelStage) again(pictures bool, now time.Time, errs *diag.List) []*site.Site {
	if !m.keep || len(m.sites) == 0 || !pictures {
		return nil
	}
	for _, s := range m.sites {
		if !s.NextPublish.IsZero() && !now.Before(s.NextPublish) {
			return nil
		}
	}
	errs.Add(m.diags...)
	m.nextDiags, m.reused = m.diags, true
	return m.sites
}

// patch returns the site model of the last build with the stories and
// symbols of the changed files put in or taken out in place (site.Patch),
// for a build after a change to content/ that only adds or deletes
// them, or nil when the model must be built: when the change is of
// another kind. ld is what this build read; the caller asks only when the last
// build succeeded (take). A model patched but not committed is not
// used again (settle), and one that Patch left half done is dropped.
func (m *modelStage) patch(ld loaded, changed []string, opts Options, now time.Time, errs *diag.List) []*site.Site {
	if !m.keep || len(m.sites) != 1 || m.reused || len(ld.res.Unreadable) > 0 {
		return nil
	}
	s := m.sites[0]
	if !s.NextPublish.IsZero() && !now.Before(s.NextPublish) {
		return nil
	}
	read := make(map[string]*content.Page, len(changed))
	for _, c := range changed {
		rel, ok := strings.CutPrefix(c, ContentDir+"/")
		if !ok || !content.IsMarkdown(rel) {
			return nil
		}
		read[rel] = nil
	}
	for _, p := range ld.res.Pages {
		if p.Invalid {
			return nil // the model reports it
		}
		if _, ok := read[p.Path]; ok {
			read[p.Path] = p
		}
	}
	var added []*content.Page
	var removed []*site.Page
	for rel, p := range read {
		old := s.Lookup(rel)
		switch {
		case old != nil && p == nil:
			removed = append(removed, old)
		case old == nil && p != nil:
			added = append(added, p)
		default:
			return nil // changed, or neither published before nor now
		}
	}
	// In the order of their files, as the load lists them.
	slices.SortFunc(added, func(a, b *content.Page) int { return strings.Compare(a.Path, b.Path) })
	var warn diag.List
	if !s.Patch(added, removed, site.Options{Drafts: opts.Drafts, Future: opts.Future, Now: now}, &warn) {
		m.sites = nil
		return nil
	}
	m.patched, m.added = map[string]bool{}, added
	for _, p := range added {
		site.NameOf(m.patched, s.Lookup(p.Path))
	}
	for _, p := range removed {
		site.NameOf(m.patched, p)
	}
	m.nextDiags, m.reused = site.PatchedDiags(m.diags, removed, &warn), true
	errs.Add(m.nextDiags...)
	return m.sites
}

// take is called as a build takes the general path: it reports whether
// the model kept is the last build's, which succeeded (and may be
// patched), and from then until this build commits, it is not.
func (m *modelStage) take() bool {
	current := m.current
	m.current, m.patched, m.added = false, nil, nil
	return current
}

// settle is called as a build starts: a site model the last build took
// again (again) without committing it (that build failed or was
// stopped) was changed by the stages after the model (pictures measured,
// texts resolved) and is no longer a good build's: it is not used again.
func (m *modelStage) settle() {
	if m.reused {
		m.sites, m.reused = nil, false
	}
}

// sitePage is a page of one language's site.
type sitePage struct {
	s *site.Site
	p *site.Page
}

// links sets every page's Content: its converted Markdown (docs) with
// links resolved, taken from the cache when, since pictures show their
// sizes, the images are as they were (sameImages) or the page's own
// pictures are, and every URL is as it was or, after a page came or went,
// the page's own URL and every link of its Markdown resolve as they did.
func (m *modelStage) links(ctx context.Context, sites []*site.Site, docs map[*content.Page]*render.Doc, sameImages bool, errs *diag.List) {
	var all []sitePage
	for _, s := range sites {
		for _, p := range s.Pages {
			all = append(all, sitePage{s, p})
		}
		for _, p := range s.Texts {
			all = append(all, sitePage{s, p})
		}
	}
	sameURLs := false
	if m.keep {
		m.next = urlsSum(all)
		sameURLs = m.urls != 0 && m.next == m.urls
	}
	// After a new or deleted story, only the pages the index names.
	var todo map[*content.Page]bool
	if m.patched != nil && sameImages && m.touch != nil {
		todo = m.touch.touched(m.patched, m.added)
	}
	store := make([]bool, len(all)) // resolved again, without problems
	recs := make([]linkRecord, len(all))
	how := make([]uint8, len(all))
	parallelCheap(ctx, len(all), func(i int) {
		sp := all[i]
		if todo != nil && !todo[sp.p.Page] {
			return // linkSkipped
		}
		doc := docs[sp.p.Page]
		if html, ok := m.resolved[sp.p.Page]; ok && (sameImages || m.picturesAsBefore(sp, doc)) && (sameURLs || m.untouched(sp, doc) || m.resolvesAsBefore(sp, doc)) {
			sp.p.SetContent(html)
			how[i] = linkRecorded
			return
		}
		if t, ok := doc.Final(); ok {
			// Kept already, and nothing to resolve: it is the text.
			errs.Add(doc.Errs...)
			sp.p.SetStoredContent(t)
			how[i] = linkFinal
			if len(doc.Errs) > 0 {
				how[i] = linkRedo
			}
			return
		}
		html, ds := render.ResolveLinks(sp.s, sp.p, doc)
		errs.Add(ds...)
		sp.p.StoreContent(html, m.texts)
		how[i] = linkRedo
		if len(ds) == 0 && m.keep {
			recs[i], store[i] = linksOf(sp.s, sp.p, doc, true)
			if store[i] {
				how[i] = linkRecorded
			}
		}
		if !m.keep && doc != nil {
			// A build that keeps nothing lets go of the conversion
			// once resolved, so that the pages' text is not held
			// twice over: a page is in one site's Pages or Texts,
			// once (BuildAll splits them by language).
			doc.Release()
		}
	})
	for i, sp := range all {
		if store[i] {
			m.resolved[sp.p.Page], m.linked[sp.p.Page] = sp.p.Content(), recs[i]
		}
	}
	if ctx.Err() != nil {
		m.touch = nil // pages left unasked: the index would miss them
		return
	}
	m.index(all, how, docs, todo != nil)
}

// index keeps the link index up to date after the links stage dealt with
// the pages all as how says: it makes it anew after asking every page,
// and adds to it after asking the pages it named (patched). A build that
// keeps nothing has none.
func (m *modelStage) index(all []sitePage, how []uint8, docs map[*content.Page]*render.Doc, patched bool) {
	if !m.keep {
		m.touch = nil
		return
	}
	if !patched {
		m.touch = newLinkIndex()
	}
	for i, sp := range all {
		switch how[i] {
		case linkRecorded:
			m.touch.recorded(sp.p.Page, docs[sp.p.Page])
		case linkRedo:
			m.touch.redo[sp.p.Page] = true
		case linkFinal:
			delete(m.touch.redo, sp.p.Page)
		}
	}
}

// edited keeps the link index up to date after an edit on the fast path
// gave the page p (a new reading of a page's file) the text of doc,
// recorded (or not: resolved in every build).
func (m *modelStage) edited(p *content.Page, doc *render.Doc, recorded bool) {
	switch {
	case m.touch == nil:
	case recorded:
		m.touch.recorded(p, doc)
	default:
		m.touch.redo[p] = true
	}
}

// urlsSeed seeds urlsSum: a sum is compared only with another of the
// same process.
var urlsSeed = maphash.MakeSeed()

// urlsSum sums up the path and URL of every page, in order: two builds
// with the same pages at the same URLs list them in the same order (a
// site's Pages by URL, then its Texts, the sites by language), and two
// that differ give the same sum about once in 2^63 (the low bit is
// always set). It replaced a map of 10,000 paths made and compared at
// every new story (e73bf61 took 2.8 ms off a new story in all). Never
// 0, which stands for no sum.
func urlsSum(all []sitePage) uint64 {
	var h maphash.Hash
	h.SetSeed(urlsSeed)
	for _, sp := range all {
		h.WriteString(sp.p.Path)
		h.WriteByte(0) // no path or URL holds a NUL: "ab"+"c" is not "a"+"bc"
		h.WriteString(sp.p.URL)
		h.WriteByte(0)
	}
	return h.Sum64() | 1
}

// resolvesAsBefore reports whether the page's URL and every link of its
// Markdown are what they were when its Markdown was resolved last.
func (m *modelStage) resolvesAsBefore(sp sitePage, doc *render.Doc) bool {
	// As linksOf, link by link, without a record of its own: after a
	// new story, every page of the site is asked.
	return m.linksAsBefore(sp, doc, func(dest, was string) bool {
		u, ok := sp.s.ResolveLink(sp.p, dest)
		return ok && u == was
	})
}

// untouched reports, in a build that patched the model, whether the
// page's URL is what it was and no link of its Markdown touches a page
// that came or went (site.Touches): then every link resolves as it did,
// without being resolved again.
func (m *modelStage) untouched(sp sitePage, doc *render.Doc) bool {
	return m.patched != nil && m.linksAsBefore(sp, doc, func(dest, _ string) bool {
		return !site.Touches(dest, m.patched)
	})
}

// linksAsBefore reports whether the page's URL is what it was when its
// Markdown was resolved last, and its Markdown has as many links, each
// of which same says is as it was (was: the URL it resolved to then).
// Pictures are not asked: linksOf records no URL for them.
func (m *modelStage) linksAsBefore(sp sitePage, doc *render.Doc, same func(dest, was string) bool) bool {
	before, ok := m.linked[sp.p.Page]
	if !ok || before.url != sp.p.URL {
		return false
	}
	if doc == nil {
		return len(before.urls) == 0
	}
	if len(doc.Links) != len(before.urls) {
		return false
	}
	for i, l := range doc.Links {
		if !l.Image && !same(l.Dest, before.urls[i]) {
			return false
		}
	}
	return true
}

// picturesAsBefore reports whether every picture of the page's Markdown
// names the file it named, measured as it was, when its Markdown was
// resolved last: then a change to the site's pictures (a new one in
// static/) leaves its resolved text as it was.
func (m *modelStage) picturesAsBefore(sp sitePage, doc *render.Doc) bool {
	before, ok := m.linked[sp.p.Page]
	if !ok || doc == nil {
		return ok
	}
	k := 0
	for _, l := range doc.Links {
		if !l.Image {
			continue
		}
		if k >= len(before.pictures) {
			return false
		}
		was := before.pictures[k]
		k++
		dst, _ := sp.s.ImageFile(sp.p, l.Dest)
		if dst != was.dst || !sameImage(sp.s.Images[dst], was.info) {
			return false
		}
	}
	return k == len(before.pictures)
}

// sameImage reports whether two measurements of a picture agree on what
// a page shows of it: its size and its smaller copies.
func sameImage(a, b *site.Image) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Width == b.Width && a.Height == b.Height && slices.Equal(a.Variants, b.Variants)
}

// commit keeps the model of a good build, and forgets the links of pages
// the load stage no longer holds once they are more than a few (see
// stale).
func (m *modelStage) commit(sites []*site.Site, l *loadStage) {
	m.sites, m.urls, m.diags, m.reused, m.current = sites, m.next, m.nextDiags, false, true
	if !stale(len(m.resolved), len(l.pages)) {
		return
	}
	m.touch = nil // it would hold on to the pages let go
	for p := range m.resolved {
		if !l.current(p) {
			delete(m.resolved, p)
			delete(m.linked, p)
		}
	}
}
