package render

import (
	"encoding/json"
	"fmt"
	"html/template"
	"math"
	"net/url"
	"path"
	"reflect"
	"slices"
	"strings"
	"time"

	"fanfare.dev/fanfare/generator/cards"
	"fanfare.dev/fanfare/generator/chart"
	"fanfare.dev/fanfare/generator/content"
	"fanfare.dev/fanfare/generator/htmlsafe"
	"fanfare.dev/fanfare/generator/search"
	"fanfare.dev/fanfare/generator/site"
)

// Data is what every template gets as dot.
type Data struct {
	Site  *site.Site
	Page  *site.Page
	Route *site.Route
	// Lang is the site's language code, for <html lang>.
	Lang string
	// Title is the document title; Heading the page's own title.
	Title   string
	Heading string
	// Description is the meta description.
	Description string
	// Canonical is the absolute URL of this route.
	Canonical string
	// Image is the absolute URL of the page's image for share previews,
	// ImageAlt its text ("" when the page has none). On stories and
	// symbols it is the page's own front-matter image if that is a PNG,
	// JPEG, GIF or WebP, and else the page's share card, whose size is
	// then in ImageWidth and ImageHeight (0 for other images).
	Image       string
	ImageAlt    string
	ImageWidth  int
	ImageHeight int
	// OGType is "article" for stories and symbols, "website" otherwise.
	OGType string
	// JSONLD is the page's schema.org description.
	JSONLD template.JS
	// Featured are the stories the home page features.
	Featured []*site.Page
	// Nav is what the menu needs to mark the current section; it is the
	// same for every page of a section, so the menu can be cached.
	Nav Nav
	// Alternates are this route in every language it exists in, itself
	// among them, for <link rel="alternate" hreflang>; XDefault is its URL
	// in the default language. Both are empty when the route exists in
	// one language only.
	Alternates []*site.Translation
	XDefault   string
}

// Nav is the menu's view of a page.
type Nav struct {
	Site     *site.Site
	Layout   string // the route's layout
	Taxonomy string // the taxonomy's name on taxonomy and term pages
	// Languages is the language switcher of a site with several
	// languages, nil otherwise.
	Languages *Switcher
}

// Switcher is the language switcher of one route.
type Switcher struct {
	Links []SwitchLink
}

// SwitchLink is one language in the switcher: the route's translation in
// that language, or that language's home page when it has none.
type SwitchLink struct {
	Lang    string
	Name    string
	URL     string
	Current bool // the language of the page shown
}

// alternates returns the route in every language it exists in, in the
// order of the site's languages, and its URL in the default language.
func alternates(s *site.Site, rt *site.Route) ([]*site.Translation, string) {
	if len(rt.Translations) == 0 {
		return nil, ""
	}
	self := &site.Translation{Lang: s.Lang, Name: s.LangName, URL: rt.URL, Permalink: rt.Permalink}
	out := make([]*site.Translation, 0, len(rt.Translations)+1)
	i := 0
	for _, o := range s.Languages {
		if o == s {
			out = append(out, self)
		} else if i < len(rt.Translations) && rt.Translations[i].Lang == o.Lang {
			out = append(out, rt.Translations[i])
			i++
		}
	}
	def := ""
	if len(out) > 0 && len(s.Languages) > 0 && out[0].Lang == s.Languages[0].Lang {
		def = out[0].Permalink
	}
	return out, def
}

// switcher returns the language switcher of a route.
func switcher(s *site.Site, rt *site.Route) *Switcher {
	sw := &Switcher{}
	for _, o := range s.Languages {
		l := SwitchLink{Lang: o.Lang, Name: o.LangName, URL: o.Home.URL, Current: o == s}
		if o == s {
			l.URL = rt.URL
		}
		for _, t := range rt.Translations {
			if t.Lang == o.Lang {
				l.URL = t.URL
			}
		}
		sw.Links = append(sw.Links, l)
	}
	return sw
}

func (r *Renderer) data(rt *site.Route) *Data {
	s, p := r.site, rt.Page
	d := &Data{Site: s, Page: p, Route: rt, Lang: s.Config.Language, Canonical: rt.Permalink, OGType: "website", Nav: Nav{Site: s, Layout: rt.Layout}}
	if rt.Taxonomy != nil {
		d.Nav.Taxonomy = rt.Taxonomy.Name
	}
	if len(s.Languages) > 1 {
		d.Nav.Languages = switcher(s, rt)
		d.Alternates, d.XDefault = alternates(s, rt)
	}
	d.Heading = r.heading(rt)
	d.Title = d.Heading + " · " + s.Config.Title
	if rt.Layout == "home" {
		d.Title = s.Config.Title
		if p.Title != "" && p.Title != s.Config.Title {
			d.Title = s.Config.Title + " · " + p.Title
		}
	}
	if rt.Pager != nil && rt.Pager.Number > 1 {
		d.Title += " · " + r.strings.T("page_n", rt.Pager.Number)
	}
	d.Description = firstNonEmpty(p.Description, p.Summary, symbolPromise(p), s.Config.Description)
	if rt.Term != nil {
		d.Description = r.strings.T("term_description", r.termName(rt.Term))
	}
	if rt.Brand != nil {
		d.Description = r.strings.T("brand_description", rt.Brand.Name)
	}
	if p.Image != "" {
		d.Image = absolute(s, r.pageImage(p))
		d.ImageAlt = p.ImageAlt
	}
	if card, ok := r.ShareCard(rt); ok && !card.Unused {
		d.Image, d.ImageAlt = card.URL, r.strings.T("card_alt", p.Title)
		if !card.Own { // a share.png of the site's own may have any size
			d.ImageWidth, d.ImageHeight = cards.Width, cards.Height
		}
	}
	if p.Kind == content.KindStory || p.Kind == content.KindSymbol {
		d.OGType = "article"
	} else if d.Image == "" && s.Config.ShareImage != "" {
		// The site's share picture, for the home and list pages.
		img := s.Config.ShareImage
		if !strings.Contains(img, "//") {
			img = s.RootURL("/" + strings.TrimPrefix(img, "/"))
		}
		d.Image = absolute(s, img)
	}
	if rt.Layout == "home" {
		d.Featured = featured(s.Stories, s.Config.Featured)
	}
	d.JSONLD = r.jsonLD(d)
	return d
}

func symbolPromise(p *site.Page) string {
	if p.Symbol != nil {
		return p.Symbol.Promise
	}
	return ""
}

func (r *Renderer) heading(rt *site.Route) string {
	p := rt.Page
	switch rt.Layout {
	case "taxonomy":
		return r.strings.T("taxonomy_" + rt.Taxonomy.Name)
	case "term":
		return r.termName(rt.Term)
	case "404":
		return r.strings.T("not_found_title")
	case "brand":
		return rt.Brand.Name
	case "brands":
		return r.strings.T("brands")
	case "stories":
		return firstNonEmpty(p.Title, r.strings.T("stories"))
	case "symbols":
		return firstNonEmpty(p.Title, r.strings.T("symbols"))
	}
	return p.Title
}

// termName is a term's display name: a stage's name from the interface
// text ("stage_sleur"), any other term's name as written.
func (r *Renderer) termName(t *site.Term) string {
	if t.Taxonomy != nil && t.Taxonomy.Field == "stage" {
		return r.stage(t.Name)
	}
	return t.Name
}

// stage returns the display name of a relationship stage, or the stage
// itself when the interface text has none.
func (r *Renderer) stage(s string) string {
	if t := r.strings.T("stage_" + s); t != "stage_"+s {
		return t
	}
	return s
}

// featured returns up to n stories: those marked featured first, then the newest.
func featured(stories []*site.Page, n int) []*site.Page {
	var out []*site.Page
	for _, st := range stories {
		if len(out) < n && st.Story.Featured {
			out = append(out, st)
		}
	}
	for _, st := range stories {
		if len(out) >= n {
			break
		}
		if !st.Story.Featured {
			out = append(out, st)
		}
	}
	return out
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}

// pageImage returns the URL of a page's front-matter image: relative to a
// bundle, a path from the site root, or an absolute URL.
func (r *Renderer) pageImage(p *site.Page) string {
	img := p.Image
	switch {
	case img == "":
		return ""
	case strings.Contains(img, "://"):
		return img
	case strings.HasPrefix(img, "/"):
		return r.site.RootURL(img)
	case p.Bundle:
		return p.URL + site.EscapeURL(img)
	}
	if u, ok := r.site.ResolveLink(p, img); ok && u != img {
		return u
	}
	return r.site.RootURL("/" + path.Clean(img))
}

// absolute returns u as an absolute URL: a site path gets the base URL's
// scheme and host, a URL that has them already is left alone, and one
// without a scheme ("//cdn.example.com/a.jpg") gets the base URL's.
func absolute(s *site.Site, u string) string {
	switch {
	case strings.Contains(u, "://"):
		return u
	case strings.HasPrefix(u, "//"):
		scheme, _, _ := strings.Cut(s.AbsURL("/"), "//")
		return scheme + u
	}
	return s.AbsURL(u)
}

// jsonLD describes the page for search engines (schema.org).
func (r *Renderer) jsonLD(d *Data) template.JS {
	s, p := r.site, d.Page
	publisher := map[string]any{"@type": "Organization", "name": s.Config.Brand.Name, "url": s.Config.BaseURL}
	var v any
	switch {
	case d.Route.Layout == "home":
		v = []any{
			map[string]any{"@context": "https://schema.org", "@type": "WebSite", "name": s.Config.Title, "description": d.Description, "url": s.BaseURL, "inLanguage": s.Config.Language},
			map[string]any{"@context": "https://schema.org", "@type": "Organization", "name": s.Config.Brand.Name, "url": s.Config.BaseURL},
		}
	case d.Route.Layout == "story" || d.Route.Layout == "symbol":
		a := map[string]any{
			"@context":         "https://schema.org",
			"@type":            "Article",
			"headline":         p.Title,
			"description":      d.Description,
			"url":              p.Permalink,
			"mainEntityOfPage": p.Permalink,
			"inLanguage":       s.Config.Language,
			"publisher":        publisher,
			"author":           publisher,
		}
		if !p.Date.IsZero() {
			a["datePublished"] = p.Date.Format(time.RFC3339)
			a["dateModified"] = firstDate(p.Lastmod, p.Date).Format(time.RFC3339)
		}
		if d.Image != "" {
			a["image"] = d.Image
		}
		if p.Story != nil && p.Story.Brand != "" {
			a["about"] = map[string]any{"@type": "Brand", "name": p.Story.Brand}
		}
		if p.Symbol != nil && p.Symbol.Brand != "" {
			a["about"] = map[string]any{"@type": "Brand", "name": p.Symbol.Brand}
		}
		v = a
	default:
		v = map[string]any{"@context": "https://schema.org", "@type": "WebPage", "name": d.Heading, "url": d.Canonical, "inLanguage": s.Config.Language, "isPartOf": map[string]any{"@type": "WebSite", "name": s.Config.Title, "url": s.BaseURL}}
	}
	// encoding/json escapes <, > and &, so the result cannot close the
	// script element it is placed in.
	b, err := json.Marshal(v)
	if err != nil {
		return "{}"
	}
	return template.JS(b)
}

func firstDate(ts ...time.Time) time.Time {
	for _, t := range ts {
		if !t.IsZero() {
			return t
		}
	}
	return time.Time{}
}

// funcs are the functions templates can call.
func (r *Renderer) funcs() template.FuncMap {
	return template.FuncMap{
		// T returns interface text in the site's language: {{T "read_more"}}.
		"T": func(key string, args ...any) string { return r.strings.T(key, args...) },
		// date formats a date in the site's language: "14 maart 2026".
		"date": func(t time.Time) string { return r.strings.Date(t) },
		// isoDate formats a date as 2026-03-14 for <time datetime>.
		"isoDate": func(t time.Time) string { return t.Format("2006-01-02") },
		// relURL turns a site path ("/over/") into a URL that respects the
		// base URL and, on a site with several languages, the page's
		// language ("/en/over/").
		"relURL": func(p string) string { return r.site.RelURL(p) },
		// siteHost is the host name of the base URL ("www.example.com").
		"siteHost": func() string {
			u, err := url.Parse(r.site.Config.BaseURL)
			if err != nil {
				return ""
			}
			return u.Hostname()
		},
		// analyticsSnippet is fanfare.yaml's analytics.snippet, as HTML:
		// the site's owner wrote it, as they write templates.
		"analyticsSnippet": func() template.HTML { return template.HTML(r.site.Config.Analytics.Snippet) },
		// link is relURL for a path of the site ("/over/") and leaves
		// any other address (https://…, mailto:…) as it is: for the links
		// of fanfare.yaml's menu and contact.
		"link": func(u string) string {
			if strings.HasPrefix(u, "/") && !strings.HasPrefix(u, "//") {
				return r.site.RelURL(u)
			}
			return u
		},
		// rootURL is relURL for files shared by every language, such as
		// static files: {{rootURL "/favicon.svg"}}.
		"rootURL": func(p string) string { return r.site.RootURL(p) },
		// absURL makes a site path absolute.
		"absURL": func(p string) string { return r.site.AbsURL(r.site.RelURL(p)) },
		// asset returns the fingerprinted URL of a theme asset: {{asset "style.css"}}.
		"asset": r.Asset,
		// image returns the URL of a page's front-matter image.
		"image": func(p *site.Page) string { return r.pageImage(p) },
		// img describes a page's front-matter image for an <img> element:
		// .Src, .Srcset ("" when there are no smaller copies), .Width, .Height.
		"img": r.pageImg,
		// stage returns the display name of a relationship stage.
		"stage": r.stage,
		// plural counts in the site's language: {{plural 3 "stories"}} is the
		// text of "stories_n" with 3, {{plural 1 "stories"}} that of "stories_one".
		"plural": func(n int, key string) string {
			if n == 1 {
				return r.strings.T(key + "_one")
			}
			return r.strings.T(key+"_n", n)
		},
		// brand returns a brand (its name, URL, stories and symbols) by name, or nil.
		"brand": func(name string) *site.Brand { return r.site.Brand(name) },
		// taxonomy returns a taxonomy by plural name, or nil.
		"taxonomy": func(name string) *site.Taxonomy { return r.site.Taxonomy(name) },
		// terms returns the terms a page is filed under in a taxonomy.
		"terms": func(p *site.Page, name string) []*site.Term { return p.Terms[name] },
		// cached renders a partial once per dot: {{cached "partials/story-card.html" .}}.
		// Use it for partials that depend only on their dot, such as cards.
		"cached": r.Cached,
		// chart draws the two-axes chart of "brands" or "symbols" as inline SVG.
		"chart": r.chart,
		// unscored lists the brands or symbols the chart leaves out for want of scores.
		"unscored": func(kind string) []Unscored { _, u := r.chartPoints(kind); return u },
		// searchIndex returns the URL of the story list's search index
		// (its manifest), or "" when the site has no stories.
		"searchIndex": func() string { return search.ManifestURL(r.site) },
		// video reports whether a body holds a click-to-load video, which
		// needs the theme's script: {{if video .Page.Content}}.
		"video": func(h template.HTML) bool { return strings.Contains(string(h), htmlsafe.VideoMarker) },
		// first returns at most n items of a list, as Hugo's: {{range first 6 .Site.Stories}}.
		"first": first,
		// add adds whole numbers.
		"add": func(a, b int) int { return a + b },
	}
}

// Unscored is an item the chart leaves out because it has no scores.
type Unscored struct {
	Name string
	URL  string
}

// chartPoints returns the points of the chart of "brands" (each the
// average of its symbols' and stories' scores) or "symbols", and the
// items without scores.
func (r *Renderer) chartPoints(kind string) ([]chart.Point, []Unscored) {
	var pts []chart.Point
	var none []Unscored
	add := func(name, url string, xs, ys []int) {
		if len(xs) == 0 || len(ys) == 0 {
			none = append(none, Unscored{name, url})
			return
		}
		pts = append(pts, chart.Point{Label: name, URL: url, Personal: mean(xs), Extreme: mean(ys)})
	}
	scores := func(pages []*site.Page) (xs, ys []int) {
		for _, p := range pages {
			var x, y *int
			switch {
			case p.Story != nil:
				x, y = p.Story.Personal, p.Story.Extreme
			case p.Symbol != nil:
				x, y = p.Symbol.Personal, p.Symbol.Extreme
			}
			if x != nil {
				xs = append(xs, *x)
			}
			if y != nil {
				ys = append(ys, *y)
			}
		}
		return xs, ys
	}
	switch kind {
	case "brands":
		for _, b := range r.site.Brands {
			xs, ys := scores(append(append([]*site.Page(nil), b.Symbols...), b.Stories...))
			add(b.Name, b.URL, xs, ys)
		}
	case "symbols":
		for _, y := range r.site.Symbols {
			xs, ys := scores([]*site.Page{y})
			add(y.Title, y.URL, xs, ys)
		}
	}
	return pts, none
}

func mean(xs []int) float64 {
	sum := 0
	for _, x := range xs {
		sum += x
	}
	return math.Round(float64(sum)/float64(len(xs))*10) / 10
}

func (r *Renderer) chart(kind string) template.HTML {
	if r.site.Config.HideScores {
		return ""
	}
	// A page may ask twice (whether there is a chart, then for it); many
	// pages show the same chart: draw it once per site model.
	key := cacheKey{"chart", kind}
	if v, ok := r.cached.Load(key); ok {
		return v
	}
	out := r.drawChart(kind)
	r.cached.Store(key, out)
	return out
}

func (r *Renderer) drawChart(kind string) template.HTML {
	pts, _ := r.chartPoints(kind)
	if len(pts) == 0 {
		return ""
	}
	if v, ok := r.charts.Load(kind); ok && slices.Equal(v.(drawnChart).points, pts) {
		return v.(drawnChart).svg
	}
	svg := r.layoutChart(kind, pts)
	r.charts.Store(kind, drawnChart{pts, svg})
	return svg
}

func (r *Renderer) layoutChart(kind string, pts []chart.Point) template.HTML {
	t := r.strings.T
	return template.HTML(chart.SVG(pts, chart.Options{
		ID:         "chart-" + kind,
		Title:      t("chart_title_" + kind),
		Desc:       t("chart_desc"),
		XLabel:     t("axis_personal"),
		YLabel:     t("axis_extreme"),
		Quadrants:  [4]string{t("quadrant_extreme"), t("quadrant_both"), t("quadrant_neither"), t("quadrant_personal")},
		PointTitle: t("chart_point"),
	}))
}

// first is the template function first: at most n items of list, a slice
// or an array; nil for nil. Ranging over every item of a list to keep a
// few ({{if lt $i 6}}) takes a time in proportion to the whole list.
func first(n int, list any) (any, error) {
	if n < 0 {
		return nil, fmt.Errorf("first: %d items asked for, want 0 or more", n)
	}
	if list == nil {
		return nil, nil
	}
	v := reflect.ValueOf(list)
	switch v.Kind() {
	case reflect.Slice, reflect.Array:
		if v.Len() <= n {
			return list, nil
		}
		if v.Kind() == reflect.Array && !v.CanAddr() {
			c := reflect.New(v.Type()).Elem()
			c.Set(v)
			v = c
		}
		return v.Slice(0, n).Interface(), nil
	}
	return nil, fmt.Errorf("first: %T is not a list", list)
}
