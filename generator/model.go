// Stage model: pages → the site in each language (routes, URLs, links,
// taxonomies, the symbol ↔ story graph), by package site.
//
// Input: the config, the loaded pages, the images the assets stage
// measured. Output: []*site.Site, with every page's Markdown links
// resolved to URLs. Cache: the sites of the last good build (the fast
// path of edits changes them in place), every page's URL, and each page's
// resolved HTML, which stays valid while the page's own text, every URL
// and the measured images stay the same.

package generator

import (
	"context"
	"html/template"
	"maps"
	"time"

	"fanfare.dev/fanfare/generator/config"
	"fanfare.dev/fanfare/generator/content"
	"fanfare.dev/fanfare/generator/diag"
	"fanfare.dev/fanfare/generator/render"
	"fanfare.dev/fanfare/generator/site"
)

// modelStage builds the site model and keeps it between builds.
type modelStage struct {
	keep     bool
	sites    []*site.Site // the last good site model, a site per language
	urls     map[string]string
	resolved map[*content.Page]template.HTML // Markdown with links resolved
	next     map[string]string               // the URLs of the build under way
}

// forget drops the resolved links of every page (full) or of none.
func (m *modelStage) forget(full bool) {
	if full {
		m.resolved, m.urls = map[*content.Page]template.HTML{}, nil
	}
}

// build makes the site in each language.
func (m *modelStage) build(cfg *config.Config, ld loaded, opts Options, now time.Time, errs *diag.List) []*site.Site {
	return site.BuildAll(cfg, ld.res, site.Options{Drafts: opts.Drafts, Future: opts.Future, Now: now}, errs)
}

// sitePage is a page of one language's site.
type sitePage struct {
	s *site.Site
	p *site.Page
}

// links sets every page's Content: its converted Markdown (docs) with
// links resolved, taken from the cache when every URL and, since pictures
// show their sizes, the images are as they were (sameImages).
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
	urls := make(map[string]string, len(all))
	for _, sp := range all {
		urls[sp.p.Path] = sp.p.URL
	}
	m.next = urls
	same := m.urls != nil && maps.Equal(urls, m.urls) && sameImages
	var stale []sitePage // pages whose links must be resolved (again)
	for _, sp := range all {
		if html, ok := m.resolved[sp.p.Page]; ok && same {
			sp.p.Content = html
		} else {
			stale = append(stale, sp)
		}
	}
	ok := make([]bool, len(stale))
	parallel(ctx, len(stale), func(i int) {
		sp := stale[i]
		html, ds := render.ResolveLinks(sp.s, sp.p, docs[sp.p.Page])
		errs.Add(ds...)
		sp.p.Content = template.HTML(html)
		ok[i] = len(ds) == 0
	})
	if m.keep {
		for i, sp := range stale {
			if ok[i] {
				m.resolved[sp.p.Page] = sp.p.Content
			}
		}
	}
}

// commit keeps the model of a good build, and forgets the links of pages
// the load stage no longer holds.
func (m *modelStage) commit(sites []*site.Site, l *loadStage) {
	m.sites, m.urls = sites, m.next
	for p := range m.resolved {
		if !l.current(p) {
			delete(m.resolved, p)
		}
	}
}
