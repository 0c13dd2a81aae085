package search

import (
	"slices"
	"testing"
	"time"

	"fanfare.dev/fanfare/generator/content"
	"fanfare.dev/fanfare/generator/site"
)

// TestSameDocument: sameDocument agrees with document, field by field:
// each change to what a result card shows makes it false.
func TestSameDocument(t *testing.T) {
	date := time.Date(2025, 3, 9, 23, 30, 0, 0, time.UTC)
	page := func(edit func(p *site.Page)) *site.Page {
		p := &site.Page{Page: &content.Page{
			Title: "Een dag retour", Summary: "Binnen een dag terug", Date: date,
			Story: &content.Story{Brand: "Merk", Customer: "Klant", Stage: "Eerste indruk"},
		}, URL: "/stories/retour/"}
		if edit != nil {
			edit(p)
		}
		return p
	}
	base := document(page(nil))
	for _, tt := range []struct {
		name string
		edit func(p *site.Page)
	}{
		{"nothing", nil},
		{"url", func(p *site.Page) { p.URL = "/stories/retour-2/" }},
		{"title", func(p *site.Page) { p.Title = "Twee dagen" }},
		{"summary", func(p *site.Page) { p.Summary = "" }},
		{"brand", func(p *site.Page) { p.Story.Brand = "Ander merk" }},
		{"customer", func(p *site.Page) { p.Story.Customer = "Iemand" }},
		{"stage", func(p *site.Page) { p.Story.Stage = "Sleur" }},
		{"stage, same slug", func(p *site.Page) { p.Story.Stage = "eerste  Indruk" }},
		{"no story", func(p *site.Page) { p.Story = nil }},
		{"date", func(p *site.Page) { p.Date = date.Add(24 * time.Hour) }},
		{"date, same day", func(p *site.Page) { p.Date = date.Add(-time.Hour) }},
		{"date, another zone", func(p *site.Page) { p.Date = date.In(time.FixedZone("CET", 3600)) }},
		{"no date", func(p *site.Page) { p.Date = time.Time{} }},
	} {
		p := page(tt.edit)
		want := slices.Equal(document(p), base)
		slugs := map[string]string{}
		for range 2 { // the second time with the slug worked out
			if got := sameDocument(p, base, slugs); got != want {
				t.Errorf("%s: sameDocument = %t, document says %t", tt.name, got, want)
			}
		}
	}
	if sameDocument(page(nil), base[:6], map[string]string{}) {
		t.Error("sameDocument of a shorter document = true")
	}
}
