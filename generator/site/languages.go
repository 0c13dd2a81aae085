package site

import (
	"fanfare.dev/fanfare/generator/config"
	"fanfare.dev/fanfare/generator/diag"
)

// translationKey is what the translations of a page share: its
// translationKey from the front matter, else its path without the language.
func translationKey(p *Page) string {
	if p.TranslationKey != "" {
		return "key:" + p.TranslationKey
	}
	return p.Key
}

// linkTranslations sets the Translations of every page and route of the
// sites of a site's languages. A page's translations are the pages of the
// other languages with its translation key; a route without a page of its
// own (a list's second page, a term, a brand) is translated by the route
// at the same path in the other language.
func linkTranslations(sites []*Site) {
	type index struct {
		pages  map[string]*Page  // translation key → page
		routes map[string]*Route // site path ("/tags/a/") → route
	}
	idx := make([]index, len(sites))
	for i, s := range sites {
		idx[i] = index{pages: make(map[string]*Page, len(s.Pages)+3), routes: make(map[string]*Route, len(s.Routes))}
		for _, p := range s.translatable() {
			// Of two pages with one key, the first by path, as for links.
			if q, ok := idx[i].pages[translationKey(p)]; !ok || p.Path < q.Path {
				idx[i].pages[translationKey(p)] = p
			}
		}
		for _, rt := range s.Routes {
			if translatable(rt) {
				idx[i].routes[s.sitePath(rt.URL)] = rt
			}
		}
	}
	for i, s := range sites {
		for _, p := range s.translatable() {
			k := translationKey(p)
			for j, o := range sites {
				if op, ok := idx[j].pages[k]; ok && j != i {
					p.Translations = append(p.Translations, &Translation{Lang: o.Lang, Name: o.LangName, URL: op.URL, Permalink: op.Permalink})
				}
			}
		}
		for _, rt := range s.Routes {
			if !translatable(rt) {
				continue
			}
			if rt.Page != nil && rt.URL == rt.Page.URL && len(rt.Page.Translations) > 0 {
				rt.Translations = rt.Page.Translations
				continue
			}
			if rt.Page != nil && rt.URL == rt.Page.URL && rt.Page.File != "" {
				continue // a page in this language only
			}
			sp := s.sitePath(rt.URL)
			for j, o := range sites {
				if ort, ok := idx[j].routes[sp]; ok && j != i {
					rt.Translations = append(rt.Translations, &Translation{Lang: o.Lang, Name: o.LangName, URL: ort.URL, Permalink: ort.Permalink})
				}
			}
		}
	}
}

// translatable reports whether a route has translations: every route but
// redirects and the 404 page.
func translatable(rt *Route) bool { return rt.Layout != "alias" && rt.Layout != "404" }

// translatable returns the pages that may have translations: every
// published page and the home and list pages, even when no file backs them.
func (s *Site) translatable() []*Page {
	ps := make([]*Page, 0, len(s.Pages)+3)
	for _, p := range []*Page{s.Home, s.StoriesPage, s.SymbolsPage} {
		if p.File == "" {
			ps = append(ps, p)
		}
	}
	return append(ps, s.Pages...)
}

// warnUntranslated warns of each language of the site whose home page
// has no text of its own while the default language's has: its home
// page would show the settings' title alone.
func warnUntranslated(_ *config.Config, sites []*Site, errs *diag.List) {
	def := sites[0]
	if def.Home.File == "" {
		return // no language has one: every home page shows the settings' title
	}
	for _, s := range sites[1:] {
		if s.Home.File == "" {
			errs.Warnf(def.Home.File, def.Home.KeyLine("title"), "the %s home page has no text of its own: add content/_index.%s.md with its title and introduction in %s", s.LangName, s.Lang, s.LangName)
		}
	}
}
