package site

import (
	"reflect"
	"slices"

	"fanfare.dev/fanfare/generator/content"
)

// Replace puts p, a new reading of the story or symbol file of sp, in
// sp's place, when the site model built from the new reading would be
// the same apart from sp's own fields: the same URL, the same lists in
// the same order, the same taxonomies, brands and symbol links. It
// reports whether it did; when it reports false, nothing has changed and
// the caller must build the site model again.
//
// Only fields that no other part of the model is derived from may differ,
// such as the summary, the quote, the metrics, the promise, the
// description, or the title when the order of the lists does not depend
// on it. This is what keeps a preview fast: most edits of a story's front
// matter are of that kind.
func (s *Site) Replace(sp *Page, p *content.Page) bool {
	old := sp.Page
	if s.byPath[old.Path] != sp || p.Path != old.Path || p.Invalid || old.Invalid {
		return false
	}
	var list []*Page
	var less func(a, b *Page) bool
	switch old.Kind {
	case content.KindStory:
		list, less = s.Stories, storyLess
	case content.KindSymbol:
		list, less = s.Symbols, byWeightTitle
	default:
		return false
	}
	if !sameStructure(old, p) {
		return false
	}
	i := slices.Index(list, sp)
	if i < 0 {
		return false
	}
	// The title orders pages that share a date and weight: the page must
	// keep its place between its neighbours.
	moved := &Page{Page: p}
	if (i > 0 && !less(list[i-1], moved)) || (i+1 < len(list) && !less(moved, list[i+1])) {
		return false
	}
	sp.Page = p
	return true
}

// storyLess is the order of sortStories: newest first, then by weight and title.
func storyLess(a, b *Page) bool { return storyCompare(a, b) < 0 }

// sameStructure reports whether two readings of a file agree on every
// field the site model is derived from: where the page is published, when,
// and how it is filed, linked and scored.
func sameStructure(a, b *content.Page) bool {
	if a.Kind != b.Kind || a.Section != b.Section || a.Bundle != b.Bundle ||
		!a.Date.Equal(b.Date) || !a.Lastmod.Equal(b.Lastmod) || a.Draft != b.Draft ||
		a.Slug != b.Slug || a.Weight != b.Weight || a.Image != b.Image || a.TranslationKey != b.TranslationKey ||
		!slices.Equal(a.Aliases, b.Aliases) || !slices.Equal(a.Tags, b.Tags) ||
		!slices.Equal(a.Resources, b.Resources) || !reflect.DeepEqual(a.Params, b.Params) {
		return false
	}
	switch {
	case a.Story != nil && b.Story != nil:
		x, y := a.Story, b.Story
		return x.Customer == y.Customer && x.Brand == y.Brand && x.Industry == y.Industry &&
			x.Channel == y.Channel && x.Stage == y.Stage && slices.Equal(x.Symbols, y.Symbols) &&
			sameInt(x.Personal, y.Personal) && sameInt(x.Extreme, y.Extreme) && x.Featured == y.Featured
	case a.Symbol != nil && b.Symbol != nil:
		x, y := a.Symbol, b.Symbol
		return x.Brand == y.Brand && sameInt(x.Personal, y.Personal) && sameInt(x.Extreme, y.Extreme)
	}
	return a.Story == nil && b.Story == nil && a.Symbol == nil && b.Symbol == nil
}

func sameInt(a, b *int) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}
