package render

import (
	"encoding/binary"
	"github.com/cespare/xxhash/v2"
	"slices"
	"sync"

	"fanfare.dev/fanfare/generator/content"
	"fanfare.dev/fanfare/generator/site"
)

// hasher hashes the inputs of routes. Its sums are the same in every
// process (xxhash, unseeded), so that a build's cache may keep pages by
// their signature for the next build (see generator's page store). A
// string is written with its length first, so that two fields can never
// run into each other ("ab" + "c" against "a" + "bc").
type hasher struct{ xxhash.Digest }

// newHasher returns an empty hasher.
func newHasher() hasher {
	var h hasher
	h.Reset()
	return h
}

// str writes a string, its length first.
func (h *hasher) str(s string) {
	writeInt(h, len(s))
	h.Digest.WriteString(s)
}

func (h *hasher) byte(b byte) { h.Write([]byte{b}) }

// Exact reports whether Signature describes everything the templates of
// this layout read: whether they read nothing but what the default
// theme's templates of the layout read, which the signatures cover (see
// reads.go). The default theme is exact, and so is a site's own layout
// that shows nothing more; after a change, every page of a layout that is
// not exact must be rendered again.
func (r *Renderer) Exact(layout string) bool {
	if _, ok := r.layouts[layout]; !ok && layout == "section" {
		layout = "page" // see Route
	}
	_, ok := r.layouts[layout]
	return ok && !r.inexact[layout]
}

// Reset points the renderer at a new model of the same site, keeping its
// parsed templates. The site's settings and theme must be the same.
func (r *Renderer) Reset(s *site.Site) {
	r.site = s
	r.cached.Clear()
	if r.kept != nil {
		r.kept.turn()
	}
	r.ownOnce, r.own = &sync.Once{}, nil
}

// Release drops the outputs of the cached partials (the story cards): a
// build that keeps nothing for the next calls it once every page is
// rendered, so that the garbage collector need not mark them again
// while the search index and the feeds are made. Later calls render
// them again.
func (r *Renderer) Release() {
	r.cached.Clear()
}

// Forget drops what the renderer keeps of pages whose fields changed in
// place, keeping the rest (cards of other pages, the menu, the footer):
// for a site model whose structure stayed the same (see site.Replace).
func (r *Renderer) Forget(pages ...*site.Page) {
	if len(r.inexact) > 0 {
		// A site's own partial may show more of other pages than its
		// dot's (a symbol card listing its stories' titles): none of
		// the cached partials is known to be as it was.
		r.cached.Clear()
		return
	}
	r.cached.DeleteFunc(func(k cacheKey) bool {
		p, ok := k.dot.(*site.Page)
		return ok && slices.Contains(pages, p)
	})
	for _, kind := range []string{"brands", "symbols"} {
		r.cached.Delete(cacheKey{"chart", kind})
	}
}

// GlobalSignature hashes what every page of the default theme shows
// besides its own content: the menu and the footer.
func (r *Renderer) GlobalSignature() uint64 {
	h := newHasher()
	s := r.site
	h.str(s.StoriesPage.URL)
	h.str(s.SymbolsPage.URL)
	writeInt(&h, len(s.Brands))
	for _, o := range s.Languages {
		h.str(o.Home.URL) // the switcher's links to the other languages' homes
	}
	for _, t := range s.Taxonomies {
		h.str(t.Name)
		h.str(t.URL)
		writeInt(&h, len(t.Terms))
	}
	return h.Sum64()
}

// Signature hashes the inputs of one route as the default theme renders
// it: the page's own file and its text with links resolved, and for every
// other page it shows (in a list, a card or a link) that page's file and
// URL. Two builds that give a
// route the same signature render it to the same bytes.
func Signature(rt *site.Route, global uint64) uint64 {
	return (&Signer{global: global}).route(rt)
}

// A Signer signs the routes of one build of a site: it gives each route
// its Signature, with the SiteSignature of its layout added for a
// SiteWide layout, the same values, but it hashes each site-wide part
// once for the build rather than once for every route of the layout, and
// after Prepare each page's part and text once rather than once for
// every list that shows the page. Make one for each build: what it keeps
// describes that build's model. Its methods are safe to call from
// several goroutines at once, but for Prepare.
type Signer struct {
	site   *site.Site
	global uint64
	wide   map[string]func() uint64 // SiteWide layout → its SiteSignature, hashed when first asked for
	sums   *Sums                    // after Prepare
	build  uint64                   // the build of sums that Prepare saw, plus one
}

// Signer returns a Signer of the routes of the renderer's site as it is
// now (see Reset).
func (r *Renderer) Signer() *Signer {
	g := &Signer{site: r.site, global: r.GlobalSignature(), wide: map[string]func() uint64{}}
	for _, layout := range siteWide() {
		g.wide[layout] = sync.OnceValue(func() uint64 { return SiteSignature(g.site, layout) })
	}
	return g
}

// Prepare hashes, for signing many routes, the part of every published
// page of the site and the text of every route's page, or takes them from
// sums (not nil) where the page is as it was when sums hashed them, and
// keeps them there for the next build. Several Signers of one build (one
// per language) may share sums, one Prepare after another.
func (g *Signer) Prepare(sums *Sums) {
	g.sums, g.build = sums, sums.build+1
	if sums.pages == nil {
		sums.pages = make(map[*site.Page]*pageSums, len(g.site.Pages))
	}
	for _, p := range g.site.Pages {
		sums.see(p).partOf(p)
	}
	for _, rt := range g.site.Routes {
		if p := rt.Page; p != nil {
			sums.see(p).textOf(p)
		}
	}
}

// Sign returns the signature of a route of the Signer's site.
func (g *Signer) Sign(rt *site.Route) uint64 {
	sig := g.route(rt)
	if wide, ok := g.wide[rt.Layout]; ok {
		sig ^= wide()
	}
	return sig
}

// route hashes rt as Signature does, with what g keeps of the build.
func (g *Signer) route(rt *site.Route) uint64 {
	h := newHasher()
	writeInt(&h, int(g.global))
	h.str(rt.Layout)
	h.str(rt.URL)
	page := func(p *site.Page) {
		if p == nil {
			h.byte(0)
			return
		}
		h.byte(1)
		writeInt(&h, int(g.part(p)))
	}
	pages := func(ps []*site.Page) {
		writeInt(&h, len(ps))
		for _, p := range ps {
			page(p)
		}
	}
	page(rt.Page)
	if rt.Page != nil {
		// Its text with links resolved: a link to a page whose URL
		// changed (a new slug) changes it while the file stays the same.
		writeInt(&h, int(g.text(rt.Page)))
	}
	page(rt.Target)
	writeInt(&h, len(rt.Translations))
	for _, t := range rt.Translations {
		h.str(t.Lang)
		h.str(t.URL)
	}
	if pg := rt.Pager; pg != nil {
		writeInt(&h, pg.Number)
		writeInt(&h, pg.Total)
		h.str(pg.Prev)
		h.str(pg.Next)
		pages(pg.Items)
	}
	hashTaxonomy(&h, rt)
	if b := rt.Brand; b != nil {
		h.str(b.Name)
		pages(b.Stories)
		pages(b.Symbols)
	}
	if p := rt.Page; p != nil {
		pages(p.Proves)
		pages(p.ProvenBy)
		writeInt(&h, int(g.terms(p)))
	}
	return h.Sum64()
}

// part returns the part of p (not nil) that g.route hashes for every
// route that shows p: what a list, a card or a link shows of it.
func (g *Signer) part(p *site.Page) uint64 {
	if g.sums != nil {
		// Prepare made the part of every page of the site; a page
		// of another (a translation) is asked.
		if ps := g.sums.pages[p]; ps != nil && (ps.partAt == g.build || ps.partHolds(p)) {
			return ps.part
		}
	}
	return part(p)
}

// terms returns ownTerms(p), kept on the page from one build to the next
// while its terms stay as they are (site.TermsMemo).
func (g *Signer) terms(p *site.Page) uint64 {
	if g.site == nil {
		return ownTerms(p)
	}
	return g.site.TermsMemo(p, ownTerms)
}

// text returns the hash of the text of p (not nil).
func (g *Signer) text(p *site.Page) uint64 {
	if g.sums != nil {
		if ps := g.sums.pages[p]; ps != nil && ps.textAt == g.build {
			return ps.textSum // hashed in Prepare, of the text as it is
		}
	}
	return xxhash.Sum64String(string(p.Content()))
}

// Sums keeps, from one build to the next, what Prepare hashed of each
// page: its part, worked out again when the file read, the URL or the
// number of stories proving it changed, and the hash of its text,
// worked out again when the page holds another text. The model stage
// keeps the very same page, and the very same string for its text,
// while its file and links stay as they were: after a new story at
// 10,000 stories, hashing every page afresh into a map of its own was a
// quarter of the signatures' time, on one core. A text is compared with
// the one hashed: for the very same string, Go compares no bytes. The
// zero Sums is ready to use; it is not safe for use by several
// goroutines at once.
type Sums struct {
	pages map[*site.Page]*pageSums
	build uint64 // counts the Turns
	seen  int    // pages seen since the last Turn
}

// pageSums are the hashes of a page that Sums keeps.
type pageSums struct {
	file    *content.Page // the file read: its Version and Title
	url     string
	proven  int // len(ProvenBy)
	part    uint64
	partAt  uint64 // the build whose Prepare made or checked the part, plus one
	text    string // the text hashed
	textSum uint64
	textAt  uint64 // the build whose Prepare hashed or checked the text, plus one (0: none hashed)
	build   uint64 // the last build that saw the page, plus one (0: none)
}

// see returns what s keeps of p, kept from now on for this build.
func (s *Sums) see(p *site.Page) *pageSums {
	ps := s.pages[p]
	if ps == nil {
		ps = &pageSums{}
		s.pages[p] = ps
	}
	if ps.build != s.build+1 {
		ps.build = s.build + 1
		s.seen++
	}
	return ps
}

// partHolds reports whether ps.part is the part of p as it is now.
func (ps *pageSums) partHolds(p *site.Page) bool {
	return ps.file == p.Page && ps.url == p.URL && ps.proven == len(p.ProvenBy)
}

// partOf makes ps.part the part of p as it is now.
func (ps *pageSums) partOf(p *site.Page) {
	if !ps.partHolds(p) {
		ps.file, ps.url, ps.proven, ps.part = p.Page, p.URL, len(p.ProvenBy), part(p)
	}
	ps.partAt = ps.build
}

// textOf makes ps.textSum the hash of the text of p as it is now.
func (ps *pageSums) textOf(p *site.Page) {
	if text := string(p.Content()); ps.textAt == 0 || ps.text != text {
		ps.text, ps.textSum = text, xxhash.Sum64String(text)
	}
	ps.textAt = ps.build
}

// Turn ends a build: Sums forgets the pages that no Prepare saw since
// the last Turn, once they are more than a few, and lets their texts'
// memory go.
func (s *Sums) Turn() {
	if gone := len(s.pages) - s.seen; gone > 64 && gone > s.seen/16 {
		for p, ps := range s.pages {
			if ps.build != s.build+1 {
				delete(s.pages, p)
			}
		}
	}
	s.build++
	s.seen = 0
}

// part hashes what a list, a card or a link shows of p: its file, its URL
// and title, and how many stories prove it.
func part(p *site.Page) uint64 {
	h := newHasher()
	writeInt(&h, int(p.Version))
	h.str(p.URL)
	h.str(p.Title)
	writeInt(&h, len(p.ProvenBy))
	return h.Sum64()
}

// hashTaxonomy hashes what a taxonomy's or a term's page shows of its
// taxonomy and terms.
func hashTaxonomy(h *hasher, rt *site.Route) {
	terms := func(ts []*site.Term) {
		writeInt(h, len(ts))
		for _, t := range ts {
			h.str(t.Name)
			h.str(t.URL)
			writeInt(h, len(t.Pages))
			if t.Page != nil {
				writeInt(h, int(t.Page.Version))
			}
		}
	}
	if rt.Term != nil {
		terms([]*site.Term{rt.Term})
	}
	switch tax := rt.Taxonomy; {
	case tax == nil:
	case rt.Term == nil || tax.Name == "stages":
		// The taxonomy's own page lists every term with its count, and
		// so do the stage filters on a stage's page.
		terms(tax.Terms)
		if p := tax.Page; p != nil {
			writeInt(h, int(p.Version))
		}
	default:
		// A term's page names its taxonomy, not the other terms: a story
		// filed under one industry leaves the other industries' pages
		// as they were (see partial in reads.go).
		h.str(tax.Name)
		h.str(tax.URL)
	}
}

// ownTerms hashes the terms a page is filed under. A page shows its own
// terms as links, without their counts: a story filed under a term does
// not change the pages of the others under it. The hash of each
// taxonomy's terms is added to the others', in any order.
func ownTerms(p *site.Page) uint64 {
	var sum uint64
	for n, ts := range p.Terms {
		h := newHasher()
		h.str(n)
		writeInt(&h, len(ts))
		for _, t := range ts {
			h.str(t.Name)
			h.str(t.URL)
		}
		sum += h.Sum64()
	}
	return sum
}

// Shows calls fn for every page whose own fields the default theme shows
// on rt besides the site-wide parts (see SiteSignature): the route's page
// and target, the items of its list, its brand's pages and the symbols
// and stories linked to its page. These are the pages Signature hashes;
// a page that rt does not show is not passed to fn.
func Shows(rt *site.Route, fn func(*site.Page)) {
	each := func(ps []*site.Page) {
		for _, p := range ps {
			fn(p)
		}
	}
	if rt.Page != nil {
		fn(rt.Page)
		each(rt.Page.Proves)
		each(rt.Page.ProvenBy)
	}
	if rt.Target != nil {
		fn(rt.Target)
	}
	if rt.Pager != nil {
		each(rt.Pager.Items)
	}
	if b := rt.Brand; b != nil {
		each(b.Stories)
		each(b.Symbols)
	}
}

// SiteWide reports whether a layout shows parts of the whole site
// (the newest and featured stories, the chart, every symbol, the stages)
// that SiteSignature hashes.
func SiteWide(layout string) bool {
	all := siteWide()
	return slices.Contains(all[:], layout)
}

// siteWide returns the SiteWide layouts.
func siteWide() [5]string {
	return [...]string{"home", "symbols", "brands", "404", "stories"}
}

// SiteSignature hashes the parts of the whole site that a SiteWide
// layout shows; the caller adds it to those routes' signatures.
func SiteSignature(s *site.Site, layout string) uint64 {
	h := newHasher()
	h.str(layout)
	switch layout {
	case "home":
		hashNewest(&h, s, max(s.Config.Featured, 6))
		// The brands chart averages every story's scores.
		for _, st := range s.Stories {
			for _, v := range []*int{st.Story.Personal, st.Story.Extreme} {
				if v != nil {
					writeInt(&h, *v+1)
				} else {
					writeInt(&h, 0)
				}
			}
			h.str(st.Story.Brand)
		}
		hashSymbols(&h, s)
		hashStages(&h, s)
		hashBrands(&h, s)
	case "symbols":
		hashSymbols(&h, s)
		hashStages(&h, s)
	case "brands":
		hashBrands(&h, s)
	case "404":
		hashNewest(&h, s, 3)
	case "stories":
		// The search form lists every term of every taxonomy, with its count.
		for _, t := range s.Taxonomies {
			h.str(t.Name)
			writeInt(&h, len(t.Terms))
			for _, term := range t.Terms {
				h.str(term.Slug)
				h.str(term.Name)
				writeInt(&h, len(term.Pages))
			}
		}
	}
	return h.Sum64()
}

// hashNewest hashes the n newest stories and the featured ones.
func hashNewest(h *hasher, s *site.Site, n int) {
	writeInt(h, len(s.Stories))
	for i, st := range s.Stories {
		if i < n || st.Story.Featured {
			writeInt(h, int(st.Version))
			h.str(st.URL)
		}
	}
}

func hashSymbols(h *hasher, s *site.Site) {
	writeInt(h, len(s.Symbols))
	for _, y := range s.Symbols {
		writeInt(h, int(y.Version))
		h.str(y.URL)
		writeInt(h, len(y.ProvenBy))
	}
}

func hashStages(h *hasher, s *site.Site) {
	if t := s.Taxonomy("stages"); t != nil {
		for _, term := range t.Terms {
			h.str(term.URL)
			writeInt(h, len(term.Pages))
			if term.Page != nil {
				writeInt(h, int(term.Page.Version))
			}
		}
	}
}

func hashBrands(h *hasher, s *site.Site) {
	writeInt(h, len(s.Brands))
	for _, b := range s.Brands {
		h.str(b.URL)
		h.str(b.Name)
		writeInt(h, len(b.Stories))
		writeInt(h, len(b.Symbols))
	}
}

func writeInt(h *hasher, n int) {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], uint64(n))
	h.Write(b[:])
}
