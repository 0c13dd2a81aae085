package render

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"time"

	"fanfare.dev/fanfare/generator/site"
)

// FeedSize is how many stories the feeds hold.
const FeedSize = 20

// SitemapLimit is the most URLs one sitemap file may list; larger sites
// get a sitemap index, as search engines require.
const SitemapLimit = 50000

type rss struct {
	XMLName xml.Name   `xml:"rss"`
	Version string     `xml:"version,attr"`
	Atom    string     `xml:"xmlns:atom,attr"`
	Channel rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title         string    `xml:"title"`
	Link          string    `xml:"link"`
	Description   string    `xml:"description"`
	Language      string    `xml:"language"`
	LastBuildDate string    `xml:"lastBuildDate,omitempty"`
	Self          atomLink  `xml:"atom:link"`
	Items         []rssItem `xml:"item"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
}

type rssItem struct {
	Title       string `xml:"title"`
	Link        string `xml:"link"`
	GUID        string `xml:"guid"`
	PubDate     string `xml:"pubDate,omitempty"`
	Description string `xml:"description"`
}

// RSS returns the RSS 2.0 feed of the newest stories.
func (r *Renderer) RSS(self string) ([]byte, error) {
	s := r.site
	ch := rssChannel{
		Title:       s.Config.Title,
		Link:        s.BaseURL,
		Description: firstNonEmpty(s.Config.Description, s.Config.Title),
		Language:    s.Config.Language,
		Self:        atomLink{Href: self, Rel: "self", Type: "application/rss+xml"},
	}
	if !s.Updated.IsZero() {
		ch.LastBuildDate = s.Updated.Format(time.RFC1123Z)
	}
	for _, st := range newest(s.Stories) {
		it := rssItem{Title: st.Title, Link: st.Permalink, GUID: st.Permalink, Description: summary(st)}
		if !st.Date.IsZero() {
			it.PubDate = st.Date.Format(time.RFC1123Z)
		}
		ch.Items = append(ch.Items, it)
	}
	return marshalXML(rss{Version: "2.0", Atom: "http://www.w3.org/2005/Atom", Channel: ch})
}

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"xml:lang,attr"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomAuthor  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	Title   string   `xml:"title"`
	ID      string   `xml:"id"`
	Link    atomLink `xml:"link"`
	Updated string   `xml:"updated"`
	Summary string   `xml:"summary"`
}

// Atom returns the Atom feed of the newest stories.
func (r *Renderer) Atom(self string) ([]byte, error) {
	s := r.site
	f := atomFeed{
		Lang:    s.Config.Language,
		Title:   s.Config.Title,
		ID:      s.BaseURL,
		Updated: atomTime(s.Updated),
		Links:   []atomLink{{Href: self, Rel: "self"}, {Href: s.BaseURL}},
		Author:  atomAuthor{Name: s.Config.Brand.Name},
	}
	for _, st := range newest(s.Stories) {
		f.Entries = append(f.Entries, atomEntry{
			Title:   st.Title,
			ID:      st.Permalink,
			Link:    atomLink{Href: st.Permalink},
			Updated: atomTime(firstDate(st.Lastmod, st.Date)),
			Summary: summary(st),
		})
	}
	return marshalXML(f)
}

func atomTime(t time.Time) string {
	if t.IsZero() {
		t = time.Unix(0, 0)
	}
	return t.UTC().Format(time.RFC3339)
}

func newest(stories []*site.Page) []*site.Page {
	if len(stories) > FeedSize {
		return stories[:FeedSize]
	}
	return stories
}

func summary(p *site.Page) string {
	return firstNonEmpty(p.Summary, p.Description, symbolPromise(p))
}

// sitemapURL is an entry of a sitemap; its tags say how encoding/xml
// would write it, as writeSitemap does (TestWriteSitemapAsEncoder).
type sitemapURL struct {
	Loc     string      `xml:"loc"`
	Lastmod string      `xml:"lastmod,omitempty"`
	Links   []xhtmlLink `xml:"xhtml:link"`
}

// xhtmlLink names a URL's version in another language, as search
// engines read it in sitemaps.
type xhtmlLink struct {
	Rel      string `xml:"rel,attr"`
	Hreflang string `xml:"hreflang,attr"`
	Href     string `xml:"href,attr"`
}

// Sitemap returns sitemap.xml and, past SitemapLimit URLs, the numbered
// sitemaps it indexes. Aliases and the 404 page are left out.
func (r *Renderer) Sitemap() ([]Output, error) {
	return Sitemap([]*site.Site{r.site})
}

// Sitemap returns the sitemap of a site in all its languages (the sites
// of its languages, the default first): one list of every URL, in which a
// URL that exists in several languages names each version with an
// <xhtml:link rel="alternate" hreflang> (the form search engines
// document for sitemaps). Past SitemapLimit URLs, sitemap.xml is an
// index of numbered sitemaps.
func Sitemap(sites []*site.Site) ([]Output, error) {
	n := 0
	for _, s := range sites {
		n += len(s.Routes)
	}
	urls := make([]sitemapURL, 0, n)
	ns := ""
	for _, s := range sites {
		for _, rt := range s.Routes {
			if rt.Layout == "alias" || rt.Layout == "404" {
				continue
			}
			u := sitemapURL{Loc: rt.Permalink}
			if alts, _ := alternates(s, rt); len(alts) > 1 {
				ns = "http://www.w3.org/1999/xhtml"
				for _, a := range alts {
					u.Links = append(u.Links, xhtmlLink{Rel: "alternate", Hreflang: a.Lang, Href: a.Permalink})
				}
			}
			urls = append(urls, sitemapEntry(u, rt))
		}
	}
	return sitemapFiles(sites[0], urls, ns)
}

// sitemapEntry adds the date of a route's page to its sitemap entry.
func sitemapEntry(u sitemapURL, rt *site.Route) sitemapURL {
	if p := rt.Page; p != nil && rt.Pager == nil && rt.Layout != "taxonomy" {
		if t := firstDate(p.Lastmod, p.Date); !t.IsZero() {
			u.Lastmod = t.Format("2006-01-02")
		}
	}
	return u
}

func sitemapFiles(root *site.Site, urls []sitemapURL, ns string) ([]Output, error) {
	if len(urls) <= SitemapLimit {
		return []Output{{Path: "sitemap.xml", Data: writeSitemap("urlset", "url", ns, urls)}}, nil
	}
	var outs []Output
	var idx []sitemapURL
	for i := 0; i*SitemapLimit < len(urls); i++ {
		part := urls[i*SitemapLimit : min((i+1)*SitemapLimit, len(urls))]
		name := fmt.Sprintf("sitemap-%d.xml", i+1)
		outs = append(outs, Output{Path: name, Data: writeSitemap("urlset", "url", ns, part)})
		idx = append(idx, sitemapURL{Loc: root.AbsURL(root.RootURL("/" + name))})
	}
	return append([]Output{{Path: "sitemap.xml", Data: writeSitemap("sitemapindex", "sitemap", "", idx)}}, outs...), nil
}

// writeSitemap writes a urlset (root "urlset", entries "url") or a sitemap
// index ("sitemapindex", "sitemap") byte for byte as encoding/xml would
// marshal them, without its reflection: on a 10,000-story site that took
// 40 ms of every front-matter edit in build --watch.
// TestWriteSitemapAsEncoder compares the two.
func writeSitemap(root, entry, ns string, urls []sitemapURL) []byte {
	size := 256 + len(ns)
	for _, u := range urls {
		size += 48 + 2*len(entry) + len(u.Loc) + len(u.Lastmod)
		for _, l := range u.Links {
			size += 50 + len(l.Rel) + len(l.Hreflang) + len(l.Href)
		}
	}
	var b bytes.Buffer
	b.Grow(size + size/8) // room for a few escapes
	b.WriteString(xml.Header)
	b.WriteString("<" + root + ` xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"`)
	if ns != "" {
		b.WriteString(` xmlns:xhtml="`)
		escapeXML(&b, ns)
		b.WriteByte('"')
	}
	b.WriteByte('>')
	for _, u := range urls {
		b.WriteString("\n  <" + entry + ">\n    <loc>")
		escapeXML(&b, u.Loc)
		b.WriteString("</loc>")
		if u.Lastmod != "" {
			b.WriteString("\n    <lastmod>")
			escapeXML(&b, u.Lastmod)
			b.WriteString("</lastmod>")
		}
		for _, l := range u.Links {
			b.WriteString("\n    <xhtml:link rel=\"")
			escapeXML(&b, l.Rel)
			b.WriteString(`" hreflang="`)
			escapeXML(&b, l.Hreflang)
			b.WriteString(`" href="`)
			escapeXML(&b, l.Href)
			b.WriteString(`"></xhtml:link>`)
		}
		b.WriteString("\n  </" + entry + ">")
	}
	if len(urls) > 0 {
		b.WriteByte('\n')
	}
	b.WriteString("</" + root + ">\n")
	return b.Bytes()
}

// escapeXML writes s escaped as encoding/xml escapes text and attribute
// values; printable ASCII without markup characters is written as is.
func escapeXML(b *bytes.Buffer, s string) {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\'' || c == '&' || c == '<' || c == '>' {
			xml.EscapeText(b, []byte(s))
			return
		}
	}
	b.WriteString(s)
}

// Robots returns robots.txt, pointing at the sitemap.
func (r *Renderer) Robots() []byte {
	return []byte("User-agent: *\nAllow: /\n\nSitemap: " + r.site.AbsURL(r.site.RootURL("/sitemap.xml")) + "\n")
}

func marshalXML(v any) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}
