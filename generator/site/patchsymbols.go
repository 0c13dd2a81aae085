package site

import (
	"slices"

	"fanfare.dev/fanfare/generator/content"
	"fanfare.dev/fanfare/generator/diag"
)

// plainSymbol reports whether a page is a symbol Patch can put in or take
// out: its own folder's files, aliases and translations are left to Build.
func plainSymbol(cp *content.Page) bool {
	return cp.Kind == content.KindSymbol && cp.Symbol != nil && plainPage(cp)
}

// canAddSymbol reports whether the symbol cp can be put into s as Build
// would, and the URL it gets: no story may name it, and its brand must
// have a page already.
func (s *Site) canAddSymbol(cp *content.Page, opts Options) (string, bool) {
	if !plainSymbol(cp) {
		return "", false
	}
	url, ok := s.published(cp, opts)
	if !ok {
		return "", false
	}
	// A story proves the symbol of a name by its URL, else by its file
	// (linkSymbols): a new symbol at a URL of that name would be proven
	// instead. (A new file of that name cannot be: the file exists.)
	slug := lastSegment(url)
	for _, st := range s.Stories {
		if slices.Contains(st.Story.Symbols, slug) {
			return "", false
		}
	}
	if s.brandsShown() && Slugify(cp.Symbol.Brand) != "" && s.brandBySlug(Slugify(cp.Symbol.Brand)) == nil {
		return "", false // a new brand: a new route
	}
	return url, true
}

// canRemoveSymbol reports whether the symbol sp can be taken out of s as
// Build would leave it out: no story proves it (those would name a symbol
// that is gone), and its brand keeps a story or another symbol.
func (s *Site) canRemoveSymbol(sp *Page) bool {
	if !plainSymbol(sp.Page) || s.byPath[sp.Path] != sp || len(sp.ProvenBy) > 0 {
		return false
	}
	if b := s.brandBySlug(Slugify(sp.Symbol.Brand)); b != nil && s.brandsShown() && len(b.Stories) == 0 && len(b.Symbols) == 1 {
		return false // the brand goes, and its route
	}
	return true
}

// addSymbol puts the symbol cp, published at url, into s, returns its
// page and warns, as Build does, that no story proves it.
func (s *Site) addSymbol(cp *content.Page, url string, warn *diag.List) *Page {
	p := s.file(cp, url)
	s.Symbols = insertAt(s.Symbols, p, func(q *Page) bool { return weightTitleCompare(q, p) < 0 })
	s.brandSymbols(p)
	unproven(warn, p)
	return p
}

// removeSymbol takes the symbol sp out of s.
func (s *Site) removeSymbol(sp *Page) {
	s.unfile(sp)
	s.Symbols = without(s.Symbols, sp)
	s.brandSymbols(sp)
	s.newestAfter(sp)
}

// brandSymbols makes the symbols of the brand of sym, which came or went,
// again from the site's, in their order, as buildBrands does, and names
// the brand as its first story or else its first symbol does.
func (s *Site) brandSymbols(sym *Page) {
	b := s.brandBySlug(Slugify(sym.Symbol.Brand))
	if b == nil || !s.brandsShown() {
		return
	}
	b.Symbols = nil
	for _, y := range s.Symbols {
		if Slugify(y.Symbol.Brand) == b.Slug {
			b.Symbols = append(b.Symbols, y)
		}
	}
	if len(b.Stories) == 0 {
		b.Name = b.Symbols[0].Symbol.Brand
	}
}

// unproven warns that no story proves the symbol sym.
func unproven(errs *diag.List, sym *Page) {
	errs.Warnf(sym.File, sym.KeyLine("promise"), "promise without proof: no story lists %q under symbols:", lastSegment(sym.URL))
}

// PatchedDiags returns the problems of a model that Patch changed: those
// of the model before (old), without those of the pages removed, with
// those Patch reported (added), in the order of diag.List.Sorted.
func PatchedDiags(old []*diag.Diagnostic, removed []*Page, added *diag.List) []*diag.Diagnostic {
	gone := map[string]bool{}
	for _, p := range removed {
		gone[p.File] = true
	}
	var l diag.List
	for _, d := range old {
		if !gone[d.File] {
			l.Add(d)
		}
	}
	l.Add(added.Sorted()...)
	return l.Sorted()
}
