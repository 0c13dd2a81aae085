package render

import (
	"bytes"
	"html/template"
	"io/fs"
	"maps"
	"sync"

	"fanfare.dev/fanfare/generator/content"
	"fanfare.dev/fanfare/generator/site"
	"fanfare.dev/fanfare/themes"
)

// Cards kept from one site model to the next. After a story comes or
// goes, a preview renders the home page (every symbol's card), the list
// of symbols and a brand's page (every story's card of the brand) again:
// at 10,000 stories, 500 symbol cards and 200 story cards, most of the
// time of the pages rendered before the reload. A card shows its own
// page only, so the card of a page whose file, URL, title and number of
// proving stories are the same (part) is the same, as long as the
// settings, the theme and the pictures are (a new Renderer, or
// KeepCards with another epoch, starts empty).
//
// Only the default theme's own card partials are kept: what they read is
// known (see keptCardNames). A site's own card partial is rendered again
// for every site model, as before. A card's picture is a file the build
// checked (a page's address is refused as a picture), so the epoch,
// which covers the pictures and the site's files, covers it.

// keptCardNames are the default theme's partials that show nothing of
// the site but their dot's own fields, its URL, title and number of
// proving stories (part), its picture, and interface text.
var keptCardNames = []string{"partials/story-card.html", "partials/symbol-card.html"}

// keptCards holds the cards of the current and the previous site model;
// a card that neither used is let go. A model that used few cards (the
// build after a new picture renders no page) does not count: the cards
// of the one before stay with its own (see turn).
type keptCards struct {
	mu        sync.Mutex
	cur, prev map[keptKey]template.HTML
	epoch     uint64
	names     map[string]bool // partials that are kept: the default theme's, unchanged
	full      int             // the cards of the last model that counted
}

// keptKey is a card: the partial, the file's page as read (the same
// pointer while its file is unchanged) and its part.
type keptKey struct {
	name string
	page *content.Page
	part uint64
}

// KeepCards makes the renderer keep its cards from one site model to the
// next (see Reset), as long as epoch (which the caller changes when the
// pictures or the site's other files change) stays the same.
func (r *Renderer) KeepCards(epoch uint64) {
	if r.kept == nil {
		k := &keptCards{names: map[string]bool{}}
		for _, name := range keptCardNames {
			own, _, err := r.theme.ReadFile("layouts/" + name)
			def, derr := fs.ReadFile(themes.Default(), "layouts/"+name)
			if err == nil && derr == nil && bytes.Equal(own, def) {
				k.names[name] = true
			}
		}
		r.kept = k
	}
	k := r.kept
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.cur == nil || k.epoch != epoch {
		k.cur, k.prev, k.epoch, k.full = map[keptKey]template.HTML{}, nil, epoch, 0
	}
}

// turn starts a new site model: the cards of the last one are kept for
// it, those of the one before are let go. When the last model used
// fewer than half as many cards as the one before, the cards of both are
// kept instead, up to twice as many as the last model that counted
// used: a build that rendered few pages must not make the next one draw
// every card of the home page and a brand's page again (after a new
// picture in static/, the next new story rendered its pages in twice the
// time).
func (k *keptCards) turn() {
	k.mu.Lock()
	defer k.mu.Unlock()
	if len(k.cur) < len(k.prev)/2 && len(k.prev)+len(k.cur) <= 2*k.full {
		maps.Copy(k.prev, k.cur)
		k.cur = make(map[keptKey]template.HTML, k.full)
		return
	}
	k.prev, k.cur = k.cur, make(map[keptKey]template.HTML, len(k.cur))
	k.full = len(k.prev)
}

// key returns the key of the card name of dot, and false if it is not
// kept.
func (k *keptCards) key(name string, dot any) (keptKey, bool) {
	p, ok := dot.(*site.Page)
	if !ok || p == nil || p.Page == nil || !k.names[name] {
		return keptKey{}, false
	}
	return keptKey{name, p.Page, part(p)}, true
}

// get returns the kept card of key.
func (k *keptCards) get(key keptKey) (template.HTML, bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if h, ok := k.cur[key]; ok {
		return h, true
	}
	h, ok := k.prev[key]
	if ok {
		k.cur[key] = h
	}
	return h, ok
}

// put keeps the card of key.
func (k *keptCards) put(key keptKey, h template.HTML) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.cur[key] = h
}
