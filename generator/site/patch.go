package site

import (
	"net/url"
	"path"
	"slices"
	"strings"
	"time"

	"fanfare.dev/fanfare/generator/content"
	"fanfare.dev/fanfare/generator/diag"
)

// Patch changes s in place into the site model that Build would make
// after the stories and symbols removed (pages of s) are deleted and
// those added (pages read from files s does not publish) are written:
// the lists, links, taxonomies, brands and routes of s take them in or
// let them go, and every other page stays the object it was. It is what
// keeps a new, deleted or renamed story or symbol in a preview from
// building a model of 10,000 stories afresh. The problems Build would
// report beside those of s are added to warn: a new symbol's promise
// without proof (see PatchedDiags).
//
// It takes only changes whose model is s with the pages put in or
// taken out: a story in a site of one language, published, valid, not
// a bundle and without aliases, filed under terms and a brand that
// exist and proving symbols that are proven already; a deletion that
// leaves no term, brand or symbol without a story; a symbol of a brand
// that has a page, which no story names, or that no story proves,
// leaving its brand a story or another symbol. It reports false
// for any other change; s may then have changed in part, and must be
// built again.
func (s *Site) Patch(added []*content.Page, removed []*Page, opts Options, warn *diag.List) bool {
	if s.langs != nil || s.fallback != nil || s.Home == nil {
		return false
	}
	if s.claims == nil {
		return false
	}
	lists := map[*Term]bool{} // the terms whose lists change
	for _, sp := range removed {
		switch {
		case sp != nil && sp.Kind == content.KindSymbol:
			if !s.canRemoveSymbol(sp) {
				return false
			}
			s.removeSymbol(sp)
			continue
		case !s.canRemove(sp):
			return false
		}
		s.remove(sp)
		markTerms(lists, sp)
	}
	var pages []*Page
	for _, cp := range added {
		if cp.Kind == content.KindSymbol {
			url, ok := s.canAddSymbol(cp, opts)
			if !ok {
				return false
			}
			pages = append(pages, s.addSymbol(cp, url, warn))
			continue
		}
		url, ok := s.canAdd(cp, opts)
		if !ok {
			return false
		}
		p := s.add(cp, url)
		markTerms(lists, p)
		pages = append(pages, p)
	}
	return s.patchRoutes(pages, removed, lists)
}

// rename gives t the name of its pages as they are now (termName),
// counting a change in s.renamed (see TermsMemo).
func (s *Site) rename(t *Term) {
	if n := termName(t); n != t.Name {
		t.Name = n
		s.renamed++
	}
}

func markTerms(lists map[*Term]bool, p *Page) {
	for _, ts := range p.Terms {
		for _, t := range ts {
			lists[t] = true
		}
	}
}

// patchRoutes brings the routes of s, their URLs and their files'
// claims up to date with the stories added and removed: the routes of
// the removed go, the added get theirs among the pages' routes (in the
// order of their URLs, as buildRoutes adds them), and the pages of the
// story list and of the terms in lists are paginated again (a page that
// stays keeps its Route, with its new Pager). Every other route stays as
// it was. It reports false if a new route's file is taken.
func (s *Site) patchRoutes(added, removed []*Page, lists map[*Term]bool) bool {
	gone := map[*Page]bool{}
	for _, p := range removed {
		gone[p] = true
	}
	ok := true
	claim := func(rt *Route) {
		s.routeURLs[rt.URL] = true
		if d := s.claims.claim(claim{out: rt.Out, rt: rt, of: s}); d != nil {
			ok = false
		}
	}
	drop := func(rt *Route) {
		delete(s.routeURLs, rt.URL)
		s.claims.unclaim(rt.Out)
	}
	routes := make([]*Route, 0, len(s.Routes)+len(added))
	for i := 0; i < len(s.Routes); {
		rt := s.Routes[i]
		var items []*Page
		switch {
		case rt.Layout == "stories":
			items = s.Stories
		case rt.Layout == "term" && lists[rt.Term]:
			items = rt.Term.Pages
		case (rt.Layout == "story" || rt.Layout == "symbol") && gone[rt.Page]:
			drop(rt)
			i++
			continue
		default:
			routes = append(routes, rt)
			i++
			continue
		}
		j := i + 1 // the run of the list's pages
		for j < len(s.Routes) && s.Routes[j].Layout == rt.Layout && s.Routes[j].Term == rt.Term {
			j++
		}
		run, pagers := s.Routes[i:j], paginate(rt.URL, items, s.Config.Paginate)
		for n, pg := range pagers {
			if n < len(run) {
				run[n].Pager = pg
				routes = append(routes, run[n])
				continue
			}
			next := s.placed(&Route{Layout: rt.Layout, Page: rt.Page, Pager: pg, Taxonomy: rt.Taxonomy, Term: rt.Term, URL: pageURL(rt.URL, pg.Number)})
			claim(next)
			routes = append(routes, next)
		}
		for _, old := range run[min(len(pagers), len(run)):] {
			drop(old) // a page the list no longer has
		}
		i = j
	}
	for _, p := range added {
		layout := "story"
		if p.Kind == content.KindSymbol {
			layout = "symbol"
		}
		rt := s.placed(&Route{Layout: layout, Page: p})
		claim(rt)
		routes = insertRoute(routes, rt)
	}
	s.Routes = routes
	return ok
}

// insertRoute puts the route of a page among the routes of the pages,
// which follow the symbols list in the order of their pages' URLs.
func insertRoute(routes []*Route, rt *Route) []*Route {
	start := slices.IndexFunc(routes, func(r *Route) bool { return r.Layout == "symbols" }) + 1
	end := start
	for end < len(routes) && slices.Contains([]string{"story", "symbol", "page", "section"}, routes[end].Layout) {
		end++
	}
	at, _ := slices.BinarySearchFunc(routes[start:end], rt, func(r, t *Route) int { return strings.Compare(r.Page.URL, t.Page.URL) })
	return slices.Insert(routes, start+at, rt)
}

// Touches reports whether resolving the link dest (ResolveLink) may look
// up a page or route whose last path element is one of names (as
// NameOf gives them): in a model that Patch changed, those are the
// only lookups whose answers changed, so a link that touches none of
// them resolves as before. Every file or route a link may stand for
// ends in the link's own last element (a Markdown file, a folder's
// index.md, a route's URL with or without a slash), apart from those
// of a folder's index, which Patch never adds or removes, and the
// pages of lists (".../page/2/"): a last element that is a number, ".",
// ".." or none touches any name.
func Touches(dest string, names map[string]bool) bool {
	name, anyName := LinkName(dest)
	return anyName || names[name]
}

// LinkName returns the name by which a link to dest touches a page for
// Touches, lower-cased, or anyName: the link touches any name.
func LinkName(dest string) (name string, anyName bool) {
	if i := strings.IndexAny(dest, "?#"); i >= 0 {
		dest = dest[:i]
	}
	dest = strings.TrimRight(dest, "/")
	last := dest[strings.LastIndexByte(dest, '/')+1:]
	if strings.Contains(last, "%") {
		u, err := url.PathUnescape(last)
		if err != nil {
			return "", true
		}
		last = u
	}
	if last == "" || last == "." || last == ".." || strings.Trim(last, "0123456789") == "" {
		return "", true
	}
	return strings.ToLower(last), false
}

// NameOf adds to names the last path elements of p's file and URL, for
// Touches.
func NameOf(names map[string]bool, p *Page) {
	names[strings.ToLower(path.Base(p.Path))] = true
	names[strings.ToLower(lastSegment(p.URL))] = true
}

// plainStory reports whether a page is a story Patch can put in or take
// out: its own folder's files, aliases and translations are left to Build.
func plainStory(cp *content.Page) bool {
	return cp.Kind == content.KindStory && cp.Story != nil && plainPage(cp)
}

// plainPage reports whether a page is valid, not a bundle, and without
// aliases or files of its own.
func plainPage(cp *content.Page) bool {
	return !cp.Invalid && !cp.Bundle && len(cp.Aliases) == 0 && len(cp.Resources) == 0
}

// published returns the URL Build gives the page cp, which s does not
// hold yet, if Build publishes it (not a draft or in the future) at a URL
// no page or route of s has.
func (s *Site) published(cp *content.Page, opts Options) (string, bool) {
	if (cp.Draft && !opts.Drafts) || (!opts.Future && !cp.Date.IsZero() && cp.Date.After(opts.Now)) {
		return "", false
	}
	if s.byPath[cp.Path] != nil || s.byKey[cp.Key] != nil {
		return "", false
	}
	url := s.RelURL(s.route(&Page{Page: cp}))
	if s.byURL[url] != nil || s.routeURLs[url] {
		return "", false
	}
	return url, true
}

// canAdd reports whether the story cp can be put into s as Build would,
// and the URL it gets.
func (s *Site) canAdd(cp *content.Page, opts Options) (string, bool) {
	if !plainStory(cp) {
		return "", false
	}
	url, ok := s.published(cp, opts)
	if !ok {
		return "", false
	}
	p := &Page{Page: cp}
	if st := cp.Story.Stage; st != "" && !contains(s.Config.Stages, st) {
		return "", false // checkStages reports it, or gives it the site's name
	}
	for _, name := range cp.Story.Symbols {
		sym, ok := s.symbolNamed(name)
		if !ok || len(sym.ProvenBy) == 0 {
			return "", false // an error, or a warning that goes
		}
	}
	if s.brandsShown() && Slugify(cp.Story.Brand) != "" && s.brandBySlug(Slugify(cp.Story.Brand)) == nil {
		return "", false // a new brand: a new route
	}
	for _, tax := range s.Taxonomies {
		for _, v := range taxValues(p, tax) {
			if slug := Slugify(v); slug != "" && tax.term(slug) == nil {
				return "", false // a new term: new routes, and perhaps a text
			}
		}
	}
	return url, true
}

// canRemove reports whether the story sp can be taken out of s as Build
// would leave it out.
func (s *Site) canRemove(sp *Page) bool {
	if sp == nil || !plainStory(sp.Page) || s.byPath[sp.Path] != sp {
		return false
	}
	for _, sym := range sp.Proves {
		if len(sym.ProvenBy) == countOf(sym.ProvenBy, sp) {
			return false // a promise left without proof: a warning
		}
	}
	if b := s.brandBySlug(Slugify(sp.Story.Brand)); b != nil && len(b.Stories) == 1 && len(b.Symbols) == 0 {
		return false // the brand goes, and its route
	}
	for _, ts := range sp.Terms {
		for _, t := range ts {
			if len(t.Pages) == 1 {
				return false // the term goes, and its routes
			}
		}
	}
	return true
}

// add puts the story cp, published at url, into s, and returns its page.
func (s *Site) add(cp *content.Page, url string) *Page {
	p := s.file(cp, url)
	s.Stories = insertStory(s.Stories, p)
	for _, name := range cp.Story.Symbols {
		sym, _ := s.symbolNamed(name)
		p.Proves = append(p.Proves, sym)
		sym.ProvenBy = insertStory(sym.ProvenBy, p)
	}
	if b := s.brandBySlug(Slugify(cp.Story.Brand)); b != nil && s.brandsShown() {
		b.Stories = insertStory(b.Stories, p)
		b.Name = b.Stories[0].Story.Brand
	}
	for _, tax := range s.Taxonomies {
		for _, v := range taxValues(p, tax) {
			t := tax.term(Slugify(v))
			if t == nil || slices.Contains(p.Terms[tax.Name], t) {
				continue
			}
			p.Terms[tax.Name] = append(p.Terms[tax.Name], t)
			t.Pages = insertStory(t.Pages, p)
			s.rename(t)
		}
	}
	return p
}

// file makes the page of cp, published at url, and files it as Build
// does: by path, key and URL, among the pages in the order of their
// URLs, and with its date in the site's newest.
func (s *Site) file(cp *content.Page, url string) *Page {
	p := &Page{Page: cp, URL: url, Permalink: s.AbsURL(url), Terms: map[string][]*Term{}}
	s.byPath[cp.Path], s.byKey[cp.Key], s.byURL[url] = p, p, p
	s.Pages = insertAt(s.Pages, p, func(q *Page) bool { return q.URL < url })
	if cp.Date.After(s.Updated) {
		s.Updated = cp.Date
	}
	return p
}

// unfile takes the page sp out of what file files it in; the site's
// newest date is found again by newestAfter.
func (s *Site) unfile(sp *Page) {
	delete(s.byPath, sp.Path)
	if s.byKey[sp.Key] == sp {
		delete(s.byKey, sp.Key)
	}
	delete(s.byURL, sp.URL)
	s.Pages = without(s.Pages, sp)
}

// remove takes the story sp out of s.
func (s *Site) remove(sp *Page) {
	s.unfile(sp)
	s.Stories = without(s.Stories, sp)
	for _, sym := range sp.Proves {
		sym.ProvenBy = without(sym.ProvenBy, sp)
	}
	if b := s.brandBySlug(Slugify(sp.Story.Brand)); b != nil && s.brandsShown() {
		b.Stories = without(b.Stories, sp)
		if len(b.Stories) > 0 {
			b.Name = b.Stories[0].Story.Brand
		} else {
			b.Name = b.Symbols[0].Symbol.Brand
		}
	}
	for _, ts := range sp.Terms {
		for _, t := range ts {
			t.Pages = without(t.Pages, sp)
			s.rename(t)
		}
	}
	s.newestAfter(sp)
}

// newestAfter finds the site's newest date again after the page sp went,
// if it was sp's: addPages takes the newest date of every published page.
func (s *Site) newestAfter(sp *Page) {
	if !sp.Date.Equal(s.Updated) {
		return
	}
	s.Updated = time.Time{}
	for _, p := range s.byPath {
		if p.Date.After(s.Updated) {
			s.Updated = p.Date
		}
	}
}

// symbolNamed is the symbol a story's symbols: entry names, as
// linkSymbols finds it.
func (s *Site) symbolNamed(name string) (*Page, bool) {
	var found *Page
	for _, sym := range s.Symbols {
		if lastSegment(sym.URL) == name {
			found = sym // linkSymbols keeps the last of a slug
		}
	}
	if found != nil {
		return found, true
	}
	return s.symbolByKey(name)
}

// brandsShown reports whether the site has pages of brands (buildBrands).
func (s *Site) brandsShown() bool {
	return !slices.Contains(s.Config.TaxonomyNames(), "brands")
}

func (s *Site) brandBySlug(slug string) *Brand {
	if slug == "" {
		return nil
	}
	for _, b := range s.Brands {
		if b.Slug == slug {
			return b
		}
	}
	return nil
}

// term returns the term of t with the slug, or nil.
func (t *Taxonomy) term(slug string) *Term {
	for _, x := range t.Terms {
		if x.Slug == slug {
			return x
		}
	}
	return nil
}

// taxValues are the values a story is filed under in tax, as written.
func taxValues(p *Page, tax *Taxonomy) []string {
	if tax.Field == "tags" {
		return p.Tags
	}
	if v := fieldValue(p.Story, tax.Field); v != "" {
		return []string{v}
	}
	return nil
}

// termName is the name buildTaxonomies gives t: the value, as written,
// that filed its first story under it.
func termName(t *Term) string {
	for _, v := range taxValues(t.Pages[0], t.Taxonomy) {
		if Slugify(v) == t.Slug {
			return v
		}
	}
	return t.Name
}

// insertStory puts p into stories (in the order of sortStories) after
// every story that comes before it or is p, in a new array: the last
// model's lists stay as they were.
func insertStory(stories []*Page, p *Page) []*Page {
	return insertAt(stories, p, func(q *Page) bool { return storyCompare(q, p) < 0 })
}

// insertAt puts p into list, sorted so that before holds for a prefix,
// after that prefix, in a new array.
func insertAt(list []*Page, p *Page, before func(*Page) bool) []*Page {
	i, _ := slices.BinarySearchFunc(list, p, func(q, _ *Page) int {
		if before(q) {
			return -1
		}
		return 1
	})
	out := make([]*Page, 0, len(list)+1)
	return append(append(append(out, list[:i]...), p), list[i:]...)
}

// without is list without p, in a new array.
func without(list []*Page, p *Page) []*Page {
	out := make([]*Page, 0, len(list))
	for _, q := range list {
		if q != p {
			out = append(out, q)
		}
	}
	return out
}

func countOf(list []*Page, p *Page) int {
	n := 0
	for _, q := range list {
		if q == p {
			n++
		}
	}
	return n
}
