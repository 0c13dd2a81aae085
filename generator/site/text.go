package site

import "html/template"

// A TextStore keeps pages' texts out of memory until they are asked for:
// a build that makes every page once need not hold every page's text from
// the moment its Markdown is converted until the last page is written.
type TextStore interface {
	// Put keeps text and returns where it is, or false when it cannot
	// (the caller then keeps the text itself).
	Put(text []byte) (at int64, ok bool)
	// Text returns the n bytes kept at at. A store that cannot read
	// them back returns "" and reports why when its build asks.
	Text(at int64, n int) template.HTML
}

// StoredText is a text a TextStore keeps; the zero value is none.
type StoredText struct {
	store TextStore
	at    int64
	n     int
}

// Store has store keep text, and reports false when store is nil or
// cannot keep it.
func Store(store TextStore, text []byte) (StoredText, bool) {
	if store == nil {
		return StoredText{}, false
	}
	at, ok := store.Put(text)
	if !ok {
		return StoredText{}, false
	}
	return StoredText{store, at, len(text)}, true
}

// Stored reports whether t is a text a store keeps.
func (t StoredText) Stored() bool { return t.store != nil }

// Text reads t back from its store.
func (t StoredText) Text() template.HTML {
	if t.store == nil {
		return ""
	}
	return t.store.Text(t.at, t.n)
}

// Content is the page's text with its links resolved, as HTML: the
// rendered Markdown body (set by the model stage, see SetContent).
func (p *Page) Content() template.HTML {
	if p.text.Stored() {
		return p.text.Text()
	}
	return p.content
}

// SetContent sets the page's text.
func (p *Page) SetContent(html template.HTML) {
	p.content, p.text = html, StoredText{}
}

// SetStoredContent sets the page's text to one a store keeps.
func (p *Page) SetStoredContent(t StoredText) {
	p.content, p.text = "", t
}

// StoreContent sets the page's text and has store keep it, when store is
// not nil and can; Content reads it back from there.
func (p *Page) StoreContent(html []byte, store TextStore) {
	if len(html) > 0 {
		if t, ok := Store(store, html); ok {
			p.SetStoredContent(t)
			return
		}
	}
	p.SetContent(template.HTML(html))
}
