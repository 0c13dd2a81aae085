package render

import (
	"fmt"
	"html/template"
	"testing"

	"fanfare.dev/fanfare/generator/content"
)

// TestKeptCardsTurn checks which cards a new site model keeps: those of
// the last model, and those of the one before when the last used fewer
// than half as many (a build that rendered no page), up to twice as many
// as the last model that counted. Seen failing with the rule for few
// cards removed (the cards of the model before are lost), and with its
// bound removed (cards that no model uses are kept for ever).
func TestKeptCardsTurn(t *testing.T) {
	pages := make([]*content.Page, 40)
	for i := range pages {
		pages[i] = &content.Page{Path: fmt.Sprintf("stories/s%d.md", i)}
	}
	key := func(i int) keptKey { return keptKey{"partials/story-card.html", pages[i], 1} }
	use := func(k *keptCards, from, to int) {
		for i := from; i < to; i++ {
			if _, ok := k.get(key(i)); !ok {
				k.put(key(i), template.HTML(fmt.Sprint(i)))
			}
		}
	}
	kept := func(k *keptCards, i int) bool {
		k.mu.Lock()
		defer k.mu.Unlock()
		_, a := k.cur[key(i)]
		_, b := k.prev[key(i)]
		return a || b
	}
	k := &keptCards{cur: map[keptKey]template.HTML{}}
	use(k, 0, 10) // a build and its list pages: ten cards
	k.turn()
	k.turn() // a build after a new picture: no card used
	if !kept(k, 0) || !kept(k, 9) {
		t.Fatal("after a model that used no card, the cards of the one before are gone")
	}
	use(k, 0, 6) // a model using six of the ten
	k.turn()
	if !kept(k, 5) || kept(k, 9) {
		t.Errorf("after a model that used six of ten cards: card 5 kept %v (want true), card 9 kept %v (want false)", kept(k, 5), kept(k, 9))
	}
	// Models using few new cards each: kept until they are twice as
	// many as the last model that counted (six), then let go.
	for i := range 4 {
		use(k, 10+2*i, 12+2*i)
		k.turn()
	}
	k.mu.Lock()
	n := len(k.cur) + len(k.prev)
	k.mu.Unlock()
	if n > 12 {
		t.Errorf("after four models of two new cards each, %d cards are kept; want at most twice the six of the last model that counted", n)
	}
	if kept(k, 0) {
		t.Error("a card no model used since the bound was reached is still kept")
	}
}
