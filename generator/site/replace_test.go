package site

import (
	"strings"
	"testing"

	"fanfare.dev/fanfare/generator/content"
)

// TestReplace: a new reading of a story or symbol takes the old one's
// place only when the site model built from it would be the same apart
// from the page's own fields; any change to a field the model is derived
// from (its address, date, order, filing, links or scores) is refused,
// and then nothing changes.
func TestReplace(t *testing.T) {
	const storyA = `---
title: Verhaal A
date: 2025-01-02
lastmod: 2025-01-05
summary: Kort.
customer: Sanne
brand: Teeling
industry: Dranken
channel: E-mail
stage: kennismaking
tags: [x]
symbols: [retour]
personal: 5
extreme: 6
aliases: [/oud/]
kleur: rood
quote:
  text: Mooi.
---
Tekst.
`
	const symbol = `---
title: Retour
brand: Teeling
promise: Alles terug.
personal: 4
---
`
	files := map[string]string{
		"stories/a.md":      storyA,
		"stories/b.md":      story("B", "2025-01-03"),
		"stories/c.md":      story("C", "2025-01-03"),
		"symbols/retour.md": symbol,
		"over.md":           "---\ntitle: Over\n---\n",
	}
	tests := []struct {
		name, path, old, new string
		want                 bool
	}{
		{"summary", "stories/a.md", "summary: Kort.", "summary: Langer.", true},
		{"quote", "stories/a.md", "text: Mooi.", "text: Prachtig.", true},
		{"title", "stories/a.md", "title: Verhaal A", "title: Verhaal Anders", true},
		{"body", "stories/a.md", "Tekst.", "Andere tekst.", true},
		{"date", "stories/a.md", "date: 2025-01-02", "date: 2025-01-01", false},
		{"lastmod", "stories/a.md", "lastmod: 2025-01-05", "lastmod: 2025-01-06", false},
		{"draft", "stories/a.md", "summary: Kort.", "summary: Kort.\ndraft: true", false},
		{"slug", "stories/a.md", "summary: Kort.", "summary: Kort.\nslug: anders", false},
		{"weight", "stories/a.md", "summary: Kort.", "summary: Kort.\nweight: 3", false},
		{"image", "stories/a.md", "summary: Kort.", "summary: Kort.\nimage: /a.jpg", false},
		{"translationKey", "stories/a.md", "summary: Kort.", "summary: Kort.\ntranslationKey: a", false},
		{"aliases", "stories/a.md", "aliases: [/oud/]", "aliases: [/ouder/]", false},
		{"tags", "stories/a.md", "tags: [x]", "tags: [y]", false},
		{"params", "stories/a.md", "kleur: rood", "kleur: blauw", false},
		{"customer", "stories/a.md", "customer: Sanne", "customer: Joris", false},
		{"brand", "stories/a.md", "brand: Teeling", "brand: Zappos", false},
		{"industry", "stories/a.md", "industry: Dranken", "industry: Retail", false},
		{"channel", "stories/a.md", "channel: E-mail", "channel: Telefoon", false},
		{"stage", "stories/a.md", "stage: kennismaking", "stage: sleur", false},
		{"symbols", "stories/a.md", "symbols: [retour]", "symbols: []", false},
		{"personal", "stories/a.md", "personal: 5", "personal: 6", false},
		{"personal removed", "stories/a.md", "personal: 5\n", "", false},
		{"extreme", "stories/a.md", "extreme: 6", "extreme: 7", false},
		{"featured", "stories/a.md", "summary: Kort.", "summary: Kort.\nfeatured: true", false},
		{"an invalid reading", "stories/a.md", "summary: Kort.", "summary: [een, twee]", false},
		// b and c share a date: the title orders them.
		{"title keeps the order", "stories/c.md", "title: C", "title: D", true},
		{"title keeps the order (first)", "stories/b.md", "title: B", "title: Ba", true},
		{"title changes the order", "stories/c.md", "title: C", "title: A", false},
		{"title changes the order (first)", "stories/b.md", "title: B", "title: D", false},
		{"symbol promise", "symbols/retour.md", "promise: Alles terug.", "promise: Alles, altijd.", true},
		{"symbol brand", "symbols/retour.md", "brand: Teeling", "brand: Zappos", false},
		{"symbol personal", "symbols/retour.md", "personal: 4", "personal: 9", false},
		{"a page that is no story or symbol", "over.md", "title: Over", "title: Over ons", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := load(t, nil, files, Options{})
			if err != nil {
				t.Fatal(err)
			}
			sp := s.byPath[tt.path]
			if sp == nil {
				t.Fatalf("no page %s", tt.path)
			}
			src := files[tt.path]
			if !strings.Contains(src, tt.old) {
				t.Fatalf("%q not in %s", tt.old, tt.path)
			}
			p, _ := content.Parse("content/"+tt.path, tt.path, []byte(strings.Replace(src, tt.old, tt.new, 1)))
			if p == nil {
				t.Fatal("the new reading gives no page")
			}
			before := sp.Page
			if got := s.Replace(sp, p); got != tt.want {
				t.Fatalf("Replace = %t, want %t", got, tt.want)
			}
			if tt.want && sp.Page != p || !tt.want && sp.Page != before {
				t.Errorf("Replace = %t, but the page is the %s reading", tt.want, map[bool]string{true: "new", false: "old"}[sp.Page == p])
			}
		})
	}

	// Another file's reading, or a page not of this site, is refused.
	s, err := load(t, nil, files, Options{})
	if err != nil {
		t.Fatal(err)
	}
	other, _ := content.Parse("content/stories/b.md", "stories/b.md", []byte(story("B", "2025-01-03")))
	if s.Replace(s.byPath["stories/a.md"], other) {
		t.Error("a reading of b.md replaced a.md")
	}
	stranger := &Page{Page: s.byPath["stories/a.md"].Page}
	if s.Replace(stranger, s.byPath["stories/a.md"].Page) {
		t.Error("a page that is not the site's was replaced")
	}
}
