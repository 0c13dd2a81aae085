package render

import (
	"path"
	"strings"

	"fanfare.dev/fanfare/generator/cards"
	"fanfare.dev/fanfare/generator/site"
)

// CardName is the file name of a page's share card, beside the page:
// the card of /stories/fles/ is /stories/fles/share.png.
const CardName = "share.png"

// ShareCard is the share card of a story or symbol: what it shows and
// where it is published. The render package only describes it; the
// caller draws it (cards.Render), or takes it from a cache by cards.Key.
type ShareCard struct {
	Out  string // the file, relative to the destination: "stories/fles/share.png"
	URL  string // its absolute URL, for og:image
	Card cards.Card
	// Own is set when the site has a file of its own at Out (a share.png
	// in the page's bundle): that file is the card, and none is drawn.
	Own bool
	// Unused is set when the page shares a picture of its own (its
	// image: is a JPG, PNG, GIF or WebP): no page links to the card, so it
	// is neither drawn nor published.
	Unused bool
}

// ShareCard returns the card of a story's or a symbol's route, and false
// for every other route. The card shows the page's title, its brand, the
// symbol's promise or the story's quote in quotation marks (else its
// summary, else its description, without them), the site's title and the
// colour of brand.color.
func (r *Renderer) ShareCard(rt *site.Route) (ShareCard, bool) {
	p := rt.Page
	if p == nil || rt.Pager != nil || (rt.Layout != "story" && rt.Layout != "symbol") || (p.Story == nil && p.Symbol == nil) {
		return ShareCard{}, false
	}
	c := cards.Card{Title: p.Title, Site: r.site.Config.Title, Accent: r.accent}
	switch {
	case p.Story != nil:
		c.Brand = p.Story.Brand
		quote := ""
		if p.Story.Quote != nil {
			quote = p.Story.Quote.Text
		}
		c.Text = firstNonEmpty(quote, p.Summary, p.Description)
		c.Plain = quote == "" && c.Text != "" // a summary is not the customer's words
	case p.Symbol != nil:
		c.Brand = p.Symbol.Brand
		c.Text = firstNonEmpty(p.Symbol.Promise, p.Summary, p.Description)
		c.Plain = p.Symbol.Promise == "" && c.Text != ""
	}
	out, url := cardPath(rt.Out), cardPath(rt.URL)
	unused := p.Image != "" && sharesWell(absolute(r.site, r.pageImage(p)))
	return ShareCard{Out: out, URL: r.site.AbsURL(url), Card: c, Own: r.ownFile(out), Unused: unused}, true
}

// ownFile reports whether the site publishes a file of its own at out.
func (r *Renderer) ownFile(out string) bool {
	r.ownOnce.Do(func() {
		r.own = make(map[string]bool, len(r.site.Files))
		for _, f := range r.site.Files {
			r.own[f.Dst] = true
		}
	})
	return r.own[out]
}

// cardPath is where the card of the page at p (a file or a URL) goes:
// beside it as share.png when the page is a folder's index, else as
// name.share.png beside name.html.
func cardPath(p string) string {
	switch {
	case strings.HasSuffix(p, "/"):
		return p + CardName
	case path.Base(p) == "index.html":
		return strings.TrimSuffix(p, "index.html") + CardName
	}
	return strings.TrimSuffix(p, path.Ext(p)) + "." + CardName
}

// sharesWell reports whether an image at url is one that social networks
// show in a link preview: PNG, JPEG, GIF or WebP. SVG is not.
func sharesWell(url string) bool {
	u, _, _ := strings.Cut(url, "?")
	switch strings.ToLower(path.Ext(u)) {
	case ".png", ".jpg", ".jpeg", ".gif", ".webp":
		return true
	}
	return false
}
