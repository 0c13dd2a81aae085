package render

import (
	"fmt"
	"html/template"
	"strings"
	"testing"

	"fanfare.dev/fanfare/generator/content"
	"fanfare.dev/fanfare/generator/site"
)

// TestSignerSignsAsSignature: a Signer, prepared or not, gives every route
// the signature that Signature and SiteSignature give it, in the build
// before and after each edit of sigEdits, with one Sums kept from build
// to build as a Session keeps it.
func TestSignerSignsAsSignature(t *testing.T) {
	var sums Sums
	edits := append([]struct{ name, file, text string }{{name: "no edit"}}, sigEdits...)
	for _, e := range edits {
		files := sigSite
		if e.file != "" {
			files = with(sigSite, e.file, e.text)
		}
		b := buildSite(t, files)[0]
		want := signatures(b)
		lazy, prepared := b.r.Signer(), b.r.Signer()
		prepared.Prepare(&sums)
		sums.Turn()
		for _, rt := range b.s.Routes {
			if got := lazy.Sign(rt); got != want[rt.Out] {
				t.Errorf("%s: %s: Sign = %x, want %x", e.name, rt.Out, got, want[rt.Out])
			}
			if got := prepared.Sign(rt); got != want[rt.Out] {
				t.Errorf("%s: %s: Sign after Prepare = %x, want %x", e.name, rt.Out, got, want[rt.Out])
			}
		}
	}
}

// TestSumsFollowText: in a build where one page has a new text of the
// same length and every other page the very same text as in the last
// build (as the model stage keeps it), that page's route gets a new
// signature, the one Signature gives it, and Sums keeps the texts of
// this build only.
func TestSumsFollowText(t *testing.T) {
	b := buildSite(t, sigSite)[0]
	rt := route(t, b.s, "stories/s1/index.html")
	var sums Sums
	g := b.r.Signer()
	g.Prepare(&sums)
	sums.Turn()
	before := g.Sign(rt)

	old := rt.Page.Content()
	rt.Page.SetContent(template.HTML(strings.Replace(string(old), "verhaal", "verhaak", 1)))
	if len(rt.Page.Content()) != len(old) || rt.Page.Content() == old {
		t.Fatalf("the new text %q is not another of the same length", rt.Page.Content())
	}
	g = b.r.Signer()
	g.Prepare(&sums)
	sums.Turn()
	after := g.Sign(rt)
	if after == before {
		t.Errorf("a new text kept the signature of %s", rt.Out)
	}
	if want := Signature(rt, b.r.GlobalSignature()); after != want {
		t.Errorf("%s: Sign = %x, want %x", rt.Out, after, want)
	}
	for p, ps := range sums.pages {
		if ps.textAt != 0 && ps.text != string(p.Content()) {
			t.Errorf("Sums keeps a text of %s that the page no longer has", p.Path)
		}
	}
}

// TestSumsFollowPart: a page whose file, URL or number of proving stories
// changed in place (as the model stage changes a page it keeps) gets, in
// the next build's Signer, the part Signature gives it, not the one Sums
// kept.
func TestSumsFollowPart(t *testing.T) {
	b := buildSite(t, sigSite)[0]
	var sums Sums
	g := b.r.Signer()
	g.Prepare(&sums)
	sums.Turn()
	for _, p := range b.s.Pages {
		if g.part(p) != part(p) {
			t.Fatalf("%s: part %x, want %x", p.Path, g.part(p), part(p))
		}
	}
	p := b.s.Pages[len(b.s.Pages)-1]
	for _, change := range []struct {
		name string
		do   func()
	}{
		{"URL", func() { p.URL += "x/" }},
		{"proving stories", func() { p.ProvenBy = append(p.ProvenBy, b.s.Pages[0]) }},
		{"file", func() { c := *p.Page; c.Title += "!"; p.Page = &c }},
	} {
		was := g.part(p)
		change.do()
		g = b.r.Signer()
		g.Prepare(&sums)
		sums.Turn()
		if g.part(p) == was || g.part(p) != part(p) {
			t.Errorf("after a new %s and Prepare: part %x (was %x), want %x", change.name, g.part(p), was, part(p))
		}
	}
}

// TestSumsForget: Sums forgets the pages no Prepare saw since the last
// Turn once they are many, and keeps them while they are a few.
func TestSumsForget(t *testing.T) {
	var pages []*site.Page
	for i := range 200 {
		pages = append(pages, &site.Page{Page: &content.Page{Path: fmt.Sprintf("stories/%d.md", i)}, URL: fmt.Sprintf("/stories/%d/", i)})
	}
	var sums Sums
	prepare := func(ps []*site.Page) {
		(&Signer{site: &site.Site{Pages: ps}}).Prepare(&sums)
		sums.Turn()
	}
	prepare(pages)
	prepare(pages[:190]) // 10 gone: kept
	if len(sums.pages) != 200 {
		t.Errorf("after 10 of 200 pages went, Sums keeps %d pages, want all 200", len(sums.pages))
	}
	prepare(pages[:100])
	if len(sums.pages) != 100 {
		t.Errorf("after 100 of 200 pages went, Sums keeps %d pages, want 100", len(sums.pages))
	}
	for _, p := range pages[:100] {
		if sums.pages[p] == nil {
			t.Fatalf("Sums forgot %s, which the last Prepare saw", p.Path)
		}
	}
}
