package site

import (
	"fmt"
	"net/url"
	"path"
	"sort"
	"strings"

	"fanfare.dev/fanfare/generator/content"
	"fanfare.dev/fanfare/generator/diag"
)

// Pager is one page of a paginated list.
type Pager struct {
	Number int     // 1-based
	Total  int     // number of pages
	Items  []*Page // the items on this page
	Prev   string  // URL of the previous page, "" on the first
	Next   string  // URL of the next page, "" on the last
	First  string  // URL of the first page
}

// pageURL returns the URL of page n of a list whose first page is at base.
func pageURL(base string, n int) string {
	if n <= 1 {
		return base
	}
	return fmt.Sprintf("%spage/%d/", base, n)
}

// paginate splits items into pagers of size n; an empty list still has one page.
func paginate(base string, items []*Page, n int) []*Pager {
	n = max(n, 1) // config.Parse refuses less; a Config made in code may hold anything
	total := len(items) / n
	if len(items)%n != 0 {
		total++
	}
	if total == 0 {
		total = 1
	}
	pagers := make([]*Pager, total)
	for i := range pagers {
		lo, hi := i*n, min((i+1)*n, len(items))
		pg := &Pager{Number: i + 1, Total: total, First: base}
		if lo < len(items) {
			pg.Items = items[lo:hi]
		}
		if i > 0 {
			pg.Prev = pageURL(base, i)
		}
		if i < total-1 {
			pg.Next = pageURL(base, i+2)
		}
		pagers[i] = pg
	}
	return pagers
}

func (s *Site) addRoute(r *Route) {
	s.Routes = append(s.Routes, s.placed(r))
}

// placed gives r its URL (its page's, unless set), permalink and file.
func (s *Site) placed(r *Route) *Route {
	if r.URL == "" && r.Page != nil {
		r.URL = r.Page.URL
	}
	r.Permalink = s.AbsURL(r.URL)
	r.Out = s.outFile(r.URL)
	return r
}

// addList adds the routes of a paginated list.
func (s *Site) addList(layout string, owner *Page, base string, items []*Page, tax *Taxonomy, term *Term) {
	for _, pg := range paginate(base, items, s.Config.Paginate) {
		s.addRoute(&Route{Layout: layout, Page: owner, Pager: pg, Taxonomy: tax, Term: term, URL: pageURL(base, pg.Number)})
	}
}

func (s *Site) buildRoutes(errs *diag.List) {
	taken := make(map[string]string, len(s.Pages)) // URL → file that claims it
	for _, p := range s.Pages {
		taken[p.URL] = p.File
	}
	s.addRoute(&Route{Layout: "home", Page: s.Home})
	s.addList("stories", s.StoriesPage, s.StoriesPage.URL, s.Stories, nil, nil)
	s.addRoute(&Route{Layout: "symbols", Page: s.SymbolsPage})
	for _, p := range s.Pages {
		switch p.Kind {
		case content.KindStory:
			s.addRoute(&Route{Layout: "story", Page: p})
		case content.KindSymbol:
			s.addRoute(&Route{Layout: "symbol", Page: p})
		case content.KindPage:
			s.addRoute(&Route{Layout: "page", Page: p})
		case content.KindSection:
			if p != s.StoriesPage && p != s.SymbolsPage {
				s.addRoute(&Route{Layout: "section", Page: p})
			}
		}
	}
	for _, tax := range s.Taxonomies {
		if len(tax.Terms) == 0 {
			continue
		}
		if f, ok := taken[tax.URL]; ok {
			errs.Errorf(f, 0, "this page's URL %s is also the %s taxonomy's list: rename the page", tax.URL, tax.Name)
			continue
		}
		owner := s.virtual(tax.Name+"/_index.md", content.KindSection, tax.Name, "")
		owner.URL, owner.Permalink = tax.URL, s.AbsURL(tax.URL)
		s.addRoute(&Route{Layout: "taxonomy", Page: owner, Taxonomy: tax, URL: tax.URL})
		for _, t := range tax.Terms {
			s.addList("term", owner, t.URL, t.Pages, tax, t)
		}
	}
	s.brandRoutes(taken, errs)
	s.aliasRoutes(taken, errs)
	s.addRoute(&Route{Layout: "404", Page: s.virtual("404.md", content.KindPage, "", ""), URL: s.RelURL("/404.html")})
	// The routes' files are claimed while the set of their URLs is made:
	// both only read the routes.
	both(func() { s.checkRoutes(errs) }, func() {
		s.routeURLs = make(map[string]bool, len(s.Routes))
		for _, r := range s.Routes {
			if r.Layout != "404" {
				s.routeURLs[r.URL] = true
			}
		}
	})
}

// brandRoutes adds the list of brands and a page per brand, unless a
// page of the site already has their URL (taken).
func (s *Site) brandRoutes(taken map[string]string, errs *diag.List) {
	if len(s.Brands) == 0 {
		return
	}
	u := s.RelURL("/brands/")
	if f, ok := taken[u]; ok {
		errs.Errorf(f, 0, "this page's URL %s is also the list of brands: rename the page", u)
		return
	}
	owner := s.virtual("brands/_index.md", content.KindSection, "brands", "")
	owner.URL, owner.Permalink = u, s.AbsURL(u)
	s.addRoute(&Route{Layout: "brands", Page: owner, URL: u})
	for _, b := range s.Brands {
		if f, ok := taken[b.URL]; ok {
			errs.Errorf(f, 0, "this page's URL %s is also the page of the brand %s: rename the page", b.URL, b.Name)
			continue
		}
		s.addRoute(&Route{Layout: "brand", Page: owner, Brand: b, URL: b.URL})
	}
}

// aliasRoutes adds the old URLs (aliases) that redirect to a page, and
// records them in taken.
func (s *Site) aliasRoutes(taken map[string]string, errs *diag.List) {
	for _, p := range s.Pages {
		for _, a := range p.Aliases {
			u := a
			if !strings.HasPrefix(u, "/") {
				u = path.Join(path.Dir(strings.TrimSuffix(s.sitePath(p.URL), "/")), u)
			}
			u = path.Clean("/" + u)
			if path.Ext(u) == "" && u != "/" {
				u += "/"
			}
			u = s.RelURL(u)
			if f, ok := taken[u]; ok {
				errs.Errorf(p.File, p.KeyLine("aliases"), "alias %s is already the URL of %s", a, f)
				continue
			}
			taken[u] = p.File
			s.addRoute(&Route{Layout: "alias", Page: p, Target: p, URL: u})
		}
	}
}

// IsRelative reports whether a link names a file relative to the page it
// is in (not a URL with a scheme or host, an absolute path, or an anchor).
func IsRelative(dest string) bool {
	// What url.Parse makes of it, for less (every link of every page is
	// asked on every build): a plain path is its own Path, and a scheme
	// is never relative.
	if plainLink(dest) {
		return !strings.HasPrefix(dest, "/")
	}
	if hasScheme(dest) {
		return false
	}
	u, err := url.Parse(dest)
	return err == nil && u.Scheme == "" && u.Host == "" && u.Path != "" && !strings.HasPrefix(u.Path, "/")
}

// ResolveLink turns a link written in page from into a URL. Relative
// links to Markdown files become the URL of the page published from that
// file; relative links to other content files become their published URL.
// Other links are returned unchanged. ok is false when a relative link
// names a file that does not exist (or is not published).
func (s *Site) ResolveLink(from *Page, dest string) (resolved string, ok bool) {
	if isSitePath(dest) {
		return s.resolveSitePath(from, dest)
	}
	if !IsRelative(dest) {
		return dest, true
	}
	var u *url.URL
	if plainLink(dest) {
		u = &url.URL{Path: dest} // what url.Parse makes of it, for less
	} else {
		u, _ = url.Parse(dest)
	}
	target := path.Join(path.Dir(from.Path), u.Path)
	frag := ""
	if u.Fragment != "" {
		frag = "#" + u.Fragment
	}
	if strings.HasPrefix(target, "../") || target == ".." {
		// Out of content/ as a file; as an address from the page's own
		// ("../../symbols/retour/" from /stories/emma/) it may be a page.
		if path.Ext(u.Path) == "" && from.URL != "" {
			if r, ok := s.routeAt(path.Join(unescapePath(s.sitePath(from.URL)), u.Path)); ok {
				return r + frag, true
			}
		}
		return dest, false
	}
	if len(s.unreadable) > 0 && (s.unreadable[target] || s.unreadable[path.Join(target, "index.md")]) {
		return dest, true // that file's own error says enough
	}
	if u, ok := s.resolve(target); ok {
		return u + frag, true
	}
	if s.langs != nil {
		// On a site with several languages, a link names the page in
		// the linking page's language when there is one ("stories/a.md"
		// from an English page is "stories/a.en.md"), else in the default
		// language.
		key, _, _ := s.langs.Split(target)
		for _, k := range []string{key, path.Join(key, "index.md"), path.Join(key, "_index.md")} {
			if p, ok := s.byKey[k]; ok && (content.IsMarkdown(target) || k != key) {
				return p.URL + frag, true
			}
		}
		if s.fallback != nil {
			if u, ok := s.fallback.resolve(target); ok {
				return u + frag, true
			}
			if u, ok := s.fallback.resolve(key); ok {
				return u + frag, true
			}
		}
	}
	// A page's address rather than its file ("../symbols/retour/"),
	// from the file's folder or from the page's own address.
	if !content.IsMarkdown(target) && path.Ext(target) == "" {
		for _, p := range []string{"/" + target, path.Join(unescapePath(s.sitePath(from.URL)), u.Path)} {
			if r, ok := s.routeAt(p); ok {
				return r + frag, true
			}
		}
	}
	return dest, false
}

// plainLink reports whether dest is a path of letters, digits and
// "-._~/" alone (not starting "//"), which url.Parse reads as that path and nothing else (no
// escapes, query, fragment or scheme). A preview resolves every page's
// links after a page comes or goes, most of them such paths.
func plainLink(dest string) bool {
	for i := 0; i < len(dest); i++ {
		c := dest[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
			return false
		}
	}
	return dest != "" && !strings.HasPrefix(dest, "//")
}

// isSitePath reports whether a link is a path from the site root
// ("/stories/emma/"), not "//host/...".
func isSitePath(dest string) bool {
	return strings.HasPrefix(dest, "/") && !strings.HasPrefix(dest, "//")
}

// resolveSitePath checks a link written as a path from the site root
// against the pages the site publishes, in every language. A path with
// an extension other than .md names a file (a download, a feed) and is
// left as it is; a path to a Markdown file is read as a link to that
// file from the content folder.
func (s *Site) resolveSitePath(from *Page, dest string) (string, bool) {
	u, err := url.Parse(dest)
	if err != nil {
		return dest, true // goldmark made it; the browser copes as it can
	}
	frag := ""
	if u.Fragment != "" {
		frag = "#" + u.Fragment
	}
	if content.IsMarkdown(u.Path) {
		rel := "/" + strings.TrimPrefix(strings.TrimPrefix(u.Path, "/"), "content/")
		if r, ok := s.ResolveLink(&Page{Page: &content.Page{Path: "x.md"}}, strings.TrimPrefix(rel, "/")+frag); ok {
			return r, true
		}
		return dest, false
	}
	if path.Ext(u.Path) != "" {
		return dest, true
	}
	if r, ok := s.routeAt(u.Path); ok {
		return r + frag, true
	}
	if s.isStaticFolder(u.Path) {
		return dest, true
	}
	return dest, false
}

// isStaticFolder reports whether the site path p (with or without the
// base URL's path) is a folder of static/ with an index.html, which the
// host serves at that address.
func (s *Site) isStaticFolder(p string) bool {
	p = unescapePath(strings.TrimPrefix(path.Clean("/"+p), "/"))
	if base := unescapePath(strings.Trim(s.basePath, "/")); base != "" {
		p = strings.TrimPrefix(strings.TrimPrefix(p, base), "/")
	}
	return s.Static[path.Join(p, "index.html")]
}

// routeAt returns the URL of the route at the site path p ("/stories/a/",
// with or without the base URL's path and the last slash), in this
// site's languages.
func (s *Site) routeAt(p string) (string, bool) {
	p = path.Clean("/" + p)
	if p != "/" {
		p += "/"
	}
	cands := []string{EscapeURL(p), s.basePath + EscapeURL(strings.TrimPrefix(p, "/"))}
	sites := s.Languages
	if len(sites) == 0 {
		sites = []*Site{s}
	}
	for _, o := range sites {
		for _, c := range cands {
			if o.routeURLs[c] {
				return c, true
			}
		}
	}
	return "", false
}

// MissingLink says what is wrong with a link that ResolveLink could not
// resolve, and how to fix it.
func (s *Site) MissingLink(from *Page, dest string) string {
	if !isSitePath(dest) && (content.IsMarkdown(strings.SplitN(dest, "#", 2)[0]) || path.Ext(strings.SplitN(dest, "#", 2)[0]) != "") {
		return "no such file in content/ (links between pages name the Markdown file, e.g. ../symbols/zappos.md)"
	}
	msg := "no page is published at this address"
	var urls []string
	for u := range s.routeURLs {
		urls = append(urls, u)
	}
	sort.Strings(urls)
	want := dest
	if !isSitePath(dest) {
		want = "/" + strings.TrimPrefix(path.Join(path.Dir(from.Path), dest), "/")
	}
	if sug := diag.Suggest(strings.TrimSuffix(want, "/")+"/", urls); sug != "" {
		return msg + fmt.Sprintf(" (did you mean %s?)", sug)
	}
	return msg + " (link to the page's Markdown file instead, e.g. ../symbols/zappos.md, and Fanfare checks it and writes its address)"
}

// resolve returns the URL of the page or file at the content-relative
// path target, published in this site.
func (s *Site) resolve(target string) (string, bool) {
	if content.IsMarkdown(target) {
		if p, ok := s.byPath[target]; ok {
			return p.URL, true
		}
		return "", false
	}
	if p, ok := s.byPath[path.Join(target, "index.md")]; ok {
		return p.URL, true
	}
	if p, ok := s.byPath[path.Join(target, "_index.md")]; ok {
		return p.URL, true
	}
	if dst, ok := s.files[target]; ok {
		return s.RootURL("/" + dst), true
	}
	return "", false
}
