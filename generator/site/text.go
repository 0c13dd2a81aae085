package site

import "html/template"

// A TextStore keeps pages' texts out of memory until they are asked for:
// a build that makes every page once need not hold every page's text from
// the moment its links are resolved until the last page is written.
type TextStore interface {
	// Put keeps text and returns where it is, or false when it cannot
	// (the caller then keeps the text itself).
	Put(text []byte) (at int64, ok bool)
	// Text returns the n bytes kept at at. A store that cannot read
	// them back returns "" and reports why when its build asks.
	Text(at int64, n int) template.HTML
}

// textRef is where a page's text is kept in a TextStore.
type textRef struct {
	store TextStore
	at    int64
	n     int
}

// Content is the page's text with its links resolved, as HTML: the
// rendered Markdown body (set by the model stage, see SetContent).
func (p *Page) Content() template.HTML {
	if p.text.store != nil {
		return p.text.store.Text(p.text.at, p.text.n)
	}
	return p.content
}

// SetContent sets the page's text.
func (p *Page) SetContent(html template.HTML) {
	p.content, p.text = html, textRef{}
}

// StoreContent sets the page's text and has store keep it, when store is
// not nil and can; Content reads it back from there.
func (p *Page) StoreContent(html []byte, store TextStore) {
	if store != nil && len(html) > 0 {
		if at, ok := store.Put(html); ok {
			p.content, p.text = "", textRef{store, at, len(html)}
			return
		}
	}
	p.SetContent(template.HTML(html))
}
