package site

import (
	"fmt"
	"maps"
	"path"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"

	"fanfare.dev/fanfare/generator/content"
	"fanfare.dev/fanfare/generator/diag"
)

// Source names what publishes a file, for messages about two things
// that publish the same one: the file it comes from (and the line), and
// in words what it is.
type Source struct {
	File string // the site file, relative to the site root; "" for what Fanfare makes
	Line int
	What string // "alias /index.html", "the sitemap"; "" when File says it all
}

// String describes the source for a message: "alias /index.html
// (content/stories/a.md:4)", "static/index.html", "the sitemap".
func (s Source) String() string {
	at := s.File
	if at != "" && s.Line > 0 {
		at = fmt.Sprintf("%s:%d", s.File, s.Line)
	}
	switch {
	case s.What == "":
		return at
	case at == "":
		return s.What
	}
	return s.What + " (" + at + ")"
}

// claim is one published file or folder and what publishes it.
type claim struct {
	out string // the path as published
	src Source // what publishes it, unless rt is set
	// rt, when set, is the route that publishes it, of the site of;
	// its Source is made only for a message (RouteSource formats words
	// for each of the 13,600 routes of 10,000 stories, and almost
	// never is one of them needed).
	rt *Route
	of *Site
	// checked: a route that Site.Build checked against the other routes
	// of its site (Claims.Routes, for a build of several sites).
	checked bool
	// mixed: claimed though a folder of its path is spelled otherwise
	// in the claims (two routes of one site, which Build reported): its
	// folders do not vouch for the spelling of the claims' folders.
	mixed bool
}

// sameSite reports whether a and b are routes of one site that Site.Build
// checked against each other already.
func sameSite(a, b claim) bool { return a.checked && b.checked && a.of == b.of }

// source says what publishes the claim.
func (cl claim) source() Source {
	if cl.rt != nil {
		return cl.of.RouteSource(cl.rt)
	}
	return cl.src
}

// Claims records every file a build publishes and what publishes it, so
// that no file is written twice: two things that publish one path are an
// error naming both, never a race that one of them wins by chance.
//
// Paths are compared the way the disks of Windows and macOS compare
// names, ignoring letter case and Unicode normalisation: "Story/" and
// "story/", or "café" written with a composed or a decomposed "é", are
// one folder there, and two files on a Linux server. Folders are
// compared too, so that "Images/a.png" and "images/b.png" are refused
// as well.
//
// Claims is safe for concurrent use.
type Claims struct {
	mu sync.Mutex
	// all holds the claims; files and dirs index it (a map of small
	// values is made and grown faster than one of claims: checkRoutes
	// made two maps of 13,600 claims for every new story in a preview).
	all   []claim
	files map[string]int32 // folded path → claim
	dirs  map[string]int32 // folded folder → the first file claimed in it
	fold  cases.Caser
	// told are the pairs of sources already reported: the share card of
	// a page that collides collides too, and says nothing new.
	told map[[2]string]bool
	// walkAlways makes every claim look at every folder of its path,
	// never taking spelledAs's word (for the test that compares them).
	walkAlways bool
}

// NewClaims returns an empty record.
func NewClaims() *Claims { return newClaims(0) }

// newClaims returns an empty record with room for about n files.
func newClaims(n int) *Claims {
	return &Claims{all: make([]claim, 0, n), files: make(map[string]int32, n), dirs: make(map[string]int32, n), fold: cases.Fold(), told: map[[2]string]bool{}}
}

// empty reports whether nothing is claimed yet.
func (c *Claims) empty() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.files) == 0 && len(c.dirs) == 0 && len(c.told) == 0
}

// copyOf makes c a copy of o, which stays as it is, with room for as
// many claims again: a build claims a share card beside most pages, and
// would otherwise grow the claims and their index while it does so.
func (c *Claims) copyOf(o *Claims) {
	o.mu.Lock()
	all := append(make([]claim, 0, 2*len(o.all)+64), o.all...)
	files := make(map[string]int32, 2*len(o.files)+64)
	for k, i := range o.files {
		files[k] = i
	}
	dirs, told := maps.Clone(o.dirs), maps.Clone(o.told)
	o.mu.Unlock()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.all, c.files, c.dirs, c.told = all, files, dirs, told
}

// Key is the form in which two published paths are the same file on a
// disk that ignores letter case and Unicode normalisation.
func (c *Claims) key(p string) string {
	if isASCII(p) {
		// Most paths: folding ASCII is lowering it, and normalising
		// leaves it as it is. A tenth of a preview's rebuild after a
		// new story went to the general form.
		return strings.ToLower(p)
	}
	return norm.NFC.String(c.fold.String(norm.NFD.String(p)))
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// Claim records that src publishes the file out (relative to the
// destination). It returns nil, or an error naming both sources when out
// is already published, or differs from a published file or folder only
// in letter case or accents.
func (c *Claims) Claim(out string, src Source) *diag.Diagnostic {
	return c.claim(claim{out: out, src: src})
}

// Claimed reports whether out (compared as Claim compares) is claimed.
func (c *Claims) Claimed(out string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.files[c.key(out)]
	return ok
}

func (c *Claims) claim(cl claim) *diag.Diagnostic {
	c.mu.Lock()
	defer c.mu.Unlock()
	k := c.key(cl.out)
	if i, ok := c.files[k]; ok {
		prev := c.all[i]
		if sameSite(prev, cl) {
			// Two routes of one site: Site.Build reported it.
			c.told[[2]string{prev.source().File, cl.source().File}] = true
			return nil
		}
		return c.collision(prev, cl, prev.out, cl.out, "file")
	}
	if c.spelledAs(path.Dir(cl.out)) {
		c.add(cl, k, nil)
		return nil
	}
	// Every folder of the path, from the top: "Stories/" and "stories/"
	// are one folder on those disks, so one of them loses its name.
	var dirsBuf, addedBuf [8]string // deep enough for most paths: no allocation
	dirs, added := dirsBuf[:0], addedBuf[:0]
	// A path is relative to the destination; one that is not ("/x",
	// which only a bug makes) must still end the walk up its folders.
	for d := path.Dir(cl.out); d != "." && d != "/"; d = path.Dir(d) {
		dirs = append(dirs, d)
	}
	for i := len(dirs) - 1; i >= 0; i-- {
		d := dirs[i]
		dk := c.key(d)
		j, ok := c.dirs[dk]
		if !ok {
			added = append(added, dk)
			continue
		}
		prev := c.all[j]
		pd := path.Dir(prev.out)
		for pd != "." && pd != "/" && c.key(pd) != dk {
			pd = path.Dir(pd)
		}
		if pd != d {
			if !sameSite(prev, cl) {
				return c.collision(prev, cl, pd+"/", d+"/", "folder")
			}
			cl.mixed = true
		}
	}
	c.add(cl, k, added)
	return nil
}

// spelledAs reports whether the folder d of a path to claim is in the
// claims, spelled as d, by a claim whose every folder is spelled as the
// claims spell it: then so is every folder above d, and the path's
// folders need no other look (most of a build's claims are of a share
// card beside a page, whose folder is claimed).
func (c *Claims) spelledAs(d string) bool {
	if d == "." || d == "/" || c.walkAlways {
		return false
	}
	j, ok := c.dirs[c.key(d)]
	if !ok {
		return false
	}
	prev := c.all[j]
	return !prev.mixed && len(prev.out) > len(d) && prev.out[len(d)] == '/' && prev.out[:len(d)] == d
}

// add records cl, whose path's key is k, as the first claim in the
// folders added (their keys).
func (c *Claims) add(cl claim, k string, added []string) {
	i := int32(len(c.all))
	c.all = append(c.all, cl)
	for _, dk := range added {
		c.dirs[dk] = i
	}
	c.files[k] = i
}

// unclaim forgets the claim of the file out, if any: a route that a
// patched site model no longer has (Site.Patch). A folder whose first
// file it was points to another file claimed in it, if one is; the
// claims of a model that Build accepted spell every folder one way, so
// any file in it gives the folder's name as published.
func (c *Claims) unclaim(out string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	k := c.key(out)
	j, ok := c.files[k]
	if !ok {
		return
	}
	delete(c.files, k)
	out = c.all[j].out // its folders as the claims spell them (out may differ in case)
	c.all[j] = claim{} // no longer claimed; the others keep their index
	for d := path.Dir(out); d != "." && d != "/"; d = path.Dir(d) {
		dk := c.key(d)
		if i, ok := c.dirs[dk]; !ok || i != j {
			continue
		}
		delete(c.dirs, dk)
		for i, cl := range c.all {
			if cl.out != "" && strings.HasPrefix(cl.out, d+"/") {
				c.dirs[dk] = int32(i)
				break
			}
		}
	}
}

// collision describes two sources that publish one path: the diagnostic
// is given to the later one when it has a file, else to the earlier. A
// pair of files, or of folders, already reported is not reported again.
func (c *Claims) collision(a, b claim, aOut, bOut, kind string) *diag.Diagnostic {
	if kind == "folder" {
		// One folder written in two ways is one mistake, however many
		// files go into it ("EN/" against the English lists, 404 page…).
		pair := [2]string{"folder " + min(aOut, bOut), max(aOut, bOut)}
		if c.told[pair] {
			return nil
		}
		c.told[pair] = true
	}
	first, second := a.source(), b.source()
	if second.File == "" {
		first, second = second, first
		aOut, bOut = bOut, aOut
	}
	if first.File != "" {
		pair := [2]string{first.File, second.File}
		if c.told[pair] {
			return nil
		}
		c.told[pair] = true
	}
	what := second.What
	if what == "" {
		what = "this file"
	}
	switch {
	case aOut == bOut:
		return diag.Errorf(second.File, second.Line, "%s would publish %s, which %s publishes too: only one of them can; rename or remove one", what, bOut, first)
	case norm.NFC.String(aOut) == norm.NFC.String(bOut):
		return diag.Errorf(second.File, second.Line, "%s would publish the %s %s, and %s publishes one of the same name with its accents written in another way (Unicode NFC and NFD), which macOS disks count as one %s; type the name of one of them again", what, kind, bOut, first, kind)
	}
	return diag.Errorf(second.File, second.Line, "%s would publish the %s %s, and %s publishes %s: the two differ only in capitals or accents, which Windows and macOS disks count as one %s; rename one of them", what, kind, bOut, first, aOut, kind)
}

// checkRoutes reports the routes of s that write one file, or files
// whose names differ only in capitals or accents.
func (s *Site) checkRoutes(errs *diag.List) {
	c := newClaims(len(s.Routes)) // a story's file is in a folder of its own
	for _, rt := range s.Routes {
		errs.Add(c.claim(claim{out: rt.Out, rt: rt, of: s}))
	}
	s.claims = c
}

// Routes claims the files of every route of every site. Routes of one
// site that collide are not reported again: Build reported them. Into
// an empty record, the first site's claims are copied from Build's check
// instead of made again (a tenth of a preview's rebuild after a new story
// at 10,000 stories went to claiming them twice).
func (c *Claims) Routes(sites []*Site, errs *diag.List) {
	for i, s := range sites {
		if i == 0 && s.claims != nil && c.empty() {
			c.copyOf(s.claims)
			continue
		}
		for _, rt := range s.Routes {
			errs.Add(c.claim(claim{out: rt.Out, rt: rt, of: s, checked: true}))
		}
	}
}

// RouteSource says what publishes a route, for messages.
func (s *Site) RouteSource(rt *Route) Source {
	p := rt.Page
	file := ""
	if p != nil {
		file = p.File
	}
	page := func(what string) Source {
		if rt.Pager != nil && rt.Pager.Number > 1 {
			what = fmt.Sprintf("page %d of %s", rt.Pager.Number, what)
		}
		return Source{File: file, What: what}
	}
	switch rt.Layout {
	case "home":
		return page("the home page")
	case "stories":
		return page("the list of stories")
	case "symbols":
		return page("the list of symbols")
	case "404":
		return page("the page for addresses that do not exist (404)")
	case "alias":
		return Source{File: file, Line: p.KeyLine("aliases"), What: "the alias " + s.sitePath(rt.URL)}
	case "taxonomy", "term":
		src := Source{File: s.Config.File, Line: s.Config.TaxonomyLine(rt.Taxonomy.Name), What: "the taxonomy " + rt.Taxonomy.Name}
		if rt.Term == nil {
			return src
		}
		src.What = fmt.Sprintf("the page of %q in the taxonomy %s", rt.Term.Name, rt.Taxonomy.Name)
		if rt.Pager != nil && rt.Pager.Number > 1 {
			src.What = fmt.Sprintf("page %d of %s", rt.Pager.Number, src.What)
		}
		if len(rt.Term.Pages) > 0 {
			// The story whose value made the term is what to change.
			first := rt.Term.Pages[len(rt.Term.Pages)-1]
			src.File, src.Line = first.File, first.KeyLine(rt.Taxonomy.Field)
		}
		return src
	case "brands":
		return Source{What: "the list of brands"}
	case "brand":
		src := Source{What: fmt.Sprintf("the page of the brand %q", rt.Brand.Name)}
		for _, ps := range [][]*Page{rt.Brand.Stories, rt.Brand.Symbols} {
			if len(ps) > 0 && src.File == "" {
				src.File, src.Line = ps[len(ps)-1].File, ps[len(ps)-1].KeyLine("brand")
			}
		}
		return src
	}
	if p != nil && p.Kind == content.KindSection && file == "" {
		return Source{What: "the list of " + p.Section}
	}
	return Source{File: file}
}

// GeneratedSource says which file Fanfare makes at out (relative to the
// destination), for messages about a file of the site that would
// replace it.
func GeneratedSource(out string) Source {
	base := path.Base(out)
	switch {
	case base == "sitemap.xml":
		return Source{What: "the sitemap"}
	case base == "index.xml":
		return Source{What: "the RSS feed"}
	case base == "atom.xml":
		return Source{What: "the Atom feed"}
	case base == "robots.txt":
		return Source{What: "the robots.txt Fanfare makes"}
	case base == "_headers":
		return Source{What: "the _headers file Fanfare makes"}
	case strings.HasPrefix(out, "assets/"):
		return Source{What: "the theme's assets"}
	case strings.HasSuffix(base, ".json"):
		return Source{What: "the search index"}
	}
	return Source{What: "a file Fanfare makes"}
}
