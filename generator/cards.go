package generator

import (
	"context"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"fanfare.dev/fanfare/generator/cache"
	"fanfare.dev/fanfare/generator/cards"
	"fanfare.dev/fanfare/generator/diag"
	"fanfare.dev/fanfare/generator/render"
	"fanfare.dev/fanfare/generator/site"
)

// Share cards are drawn once and then reused: a card's bytes are found by
// cards.Key (a hash of everything it shows and of the drawing code's
// Version) first in memory, where a Session keeps the cards of its last
// build, then in the card store of the build cache on disk, and only
// then drawn. A card read from disk is checked (cards.Check) before it is
// published, and the store checks each entry against its key (see
// cache.Store.Get); a damaged or swapped one is drawn again and replaced.
// A published card is always a copy, never a link to the store's file.
//
// The store is used even by builds with --no-cache: that option skips the
// record of the last build, whose freshness depends on every input, but a
// card's key covers all of its inputs, so a stored card that passes the
// check can never be stale. Deleting the cache folder makes every card be
// drawn again.

// cardsFolder names the card stores in the cache folder.
const cardsFolder = "cards"

// cardStore returns the card store of the site at opts.Source (one per
// site: builds into any destination and the preview share it), or nil
// when there is no cache folder to keep it in.
func cardStore(opts Options) *cache.Store {
	dir, err := cache.StoreDir(opts.CacheDir, cardsFolder, opts.Source)
	if err != nil {
		return nil
	}
	cache.Use(dir, time.Now())
	return cache.OpenStore(dir, ".png")
}

// cardCache holds the cards of a Session's last build in memory.
type cardCache struct {
	mu   sync.Mutex
	last map[string][]byte // key → card, from the last good build
	now  map[string][]byte // key → card, of the build under way
}

// get returns the card for key, which the build under way then keeps.
func (c *cardCache) get(key string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if data, ok := c.now[key]; ok {
		return data, true
	}
	data, ok := c.last[key]
	if ok {
		if c.now == nil {
			c.now = map[string][]byte{}
		}
		c.now[key] = data
	}
	return data, ok
}

// has reports whether c (which may be nil) holds card cd, from the
// build under way or the last one.
func (c *cardCache) has(cd cards.Card) bool {
	if c == nil {
		return false
	}
	key := cards.Key(cd)
	c.mu.Lock()
	defer c.mu.Unlock()
	_, now := c.now[key]
	_, last := c.last[key]
	return now || last
}

func (c *cardCache) put(key string, data []byte) {
	c.mu.Lock()
	if c.now == nil {
		c.now = map[string][]byte{}
	}
	c.now[key] = data
	c.mu.Unlock()
}

// commit keeps the cards of the build that just succeeded and forgets
// the others, so memory holds one build's cards.
func (c *cardCache) commit() {
	c.mu.Lock()
	c.last, c.now = c.now, nil
	c.mu.Unlock()
}

// drawCards hands the share cards to write by their index in shares, drawing
// on all cores those that neither memory nor the store holds, unless
// later takes them (to be read or drawn when asked for; see NewPreview).
// It returns how many it drew.
func (a *assetStage) drawCards(ctx context.Context, shares []render.ShareCard, later func(i int) bool, write func(i int, data []byte), errs *diag.List) int {
	var drawn atomic.Int64
	var storeErr sync.Once
	warn := func(err error) {
		storeErr.Do(func() {
			errs.Add(&diag.Diagnostic{Severity: diag.Warning, File: a.store.Dir(), Msg: "cannot keep share cards in the build cache; they will be drawn again next time", Err: err})
		})
	}
	parallel(ctx, len(shares), func(i int) {
		if later(i) {
			return
		}
		data, isNew, err := a.card(shares[i].Card, warn)
		if err != nil {
			// The card is lost, not the site: the page still links to it,
			// and the build says why.
			errs.Add(&diag.Diagnostic{Severity: diag.Warning, File: shares[i].Out, Msg: "cannot draw the share card", Err: err})
			return
		}
		if isNew {
			drawn.Add(1)
		}
		write(i, data)
	})
	return int(drawn.Load())
}

// card returns the bytes of card c from memory, else from the store
// (if they pass cards.Check), else drawn (drawn is then true) and kept in
// both. A card that cannot be put in the store is reported to warn.
func (a *assetStage) card(c cards.Card, warn func(error)) (data []byte, drawn bool, err error) {
	key := cards.Key(c)
	if a.mem != nil {
		if data, ok := a.mem.get(key); ok {
			return data, false, nil
		}
	}
	if a.store != nil {
		if data, err := a.store.Get(key); err == nil && cards.Check(data) == nil {
			if a.mem != nil {
				a.mem.put(key, data)
			}
			return data, false, nil
		}
	}
	data, err = cards.Render(c)
	if err != nil {
		return nil, false, err
	}
	if a.store != nil {
		if err := a.store.Put(key, data); err != nil {
			if warn != nil {
				warn(err)
			}
		}
	}
	if a.mem != nil {
		a.mem.put(key, data)
	}
	return data, true, nil
}

// redrawCards returns the share cards of a Session's last build with
// those of pages, whose front matter changed, made again, and how many it
// drew. A card that cannot be drawn keeps its last version.
func (a *assetStage) redrawCards(r *render.Renderer, s *site.Site, pages []*site.Page) ([]render.Output, int) {
	edited := make(map[*site.Page]bool, len(pages))
	for _, p := range pages {
		edited[p] = true
	}
	at := make(map[string]int, len(a.cards))
	for i, o := range a.cards {
		at[o.Path] = i
	}
	out := slices.Clone(a.cards)
	drawn := 0
	for _, rt := range s.Routes {
		if rt.Page == nil || !edited[rt.Page] {
			continue
		}
		// A page's picture never changes on this path (readEdit sends
		// such edits to the general path), so neither does Unused.
		sc, ok := r.ShareCard(rt)
		if !ok || sc.Own || sc.Unused {
			continue
		}
		data, isNew, err := a.card(sc.Card, nil)
		if err != nil {
			continue
		}
		if isNew {
			drawn++
		}
		if i, ok := at[sc.Out]; ok {
			out[i].Data = data
		} else {
			out = append(out, render.Output{Path: sc.Out, Data: data})
			// Drawn now: no longer one to draw when asked for.
			a.later = slices.DeleteFunc(slices.Clone(a.later), func(l render.ShareCard) bool { return l.Out == sc.Out })
		}
	}
	return out, drawn
}
