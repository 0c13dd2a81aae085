package site

import (
	"fmt"
	"hash/maphash"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"
	"time"

	"fanfare.dev/fanfare/generator/config"
	"fanfare.dev/fanfare/generator/content"
	"fanfare.dev/fanfare/generator/diag"
)

// TestPatchEqualsBuild adds and deletes stories at random, one or two at
// a time, and patches one site model with each change (Site.Patch) where
// it takes it; after every step, the patched model must describe the
// same site as one built afresh from the same pages (describe). Where
// Patch declines, the model is built afresh, as the engine does.
func TestPatchEqualsBuild(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 2026))
	cfg := config.Default()
	cfg.Paginate = 2
	opts := Options{Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	tags := []string{"snel", "Snel", "retour", "humor"}
	brands := []string{"Merk", "merk", "Ander", ""}
	read := func(rel string, i int) *content.Page {
		extra := []string{
			fmt.Sprintf("brand: %q", brands[rng.IntN(len(brands))]),
			fmt.Sprintf("tags: [%s, %s]", tags[rng.IntN(len(tags))], tags[rng.IntN(len(tags))]),
			fmt.Sprintf("symbols: [%s]", []string{"s", "t", "s, s", "s, t"}[rng.IntN(4)]),
			fmt.Sprintf("industry: %s", []string{"Retail", "retail", "Horeca"}[rng.IntN(3)]),
			fmt.Sprintf("stage: %s", []string{"kennismaking", "gewenning", ""}[rng.IntN(3)]),
		}
		if rng.IntN(30) == 0 {
			extra = append(extra, "draft: true")
		}
		if rng.IntN(40) == 0 {
			extra[2] = "symbols: [u]" // an error until the story goes
		}
		if rng.IntN(30) == 0 {
			extra = append(extra, "aliases: [/oud-"+fmt.Sprint(i)+"/]")
		}
		date := fmt.Sprintf("2025-0%d-%02d", 1+rng.IntN(3), 1+rng.IntN(3))
		p, err := content.Parse("content/"+rel, rel, []byte(story(fmt.Sprintf("Verhaal %d", rng.IntN(4)), date, extra...)))
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	pages := map[string]*content.Page{}
	for _, rel := range []string{"symbols/s.md", "symbols/t.md"} {
		p, err := content.Parse("content/"+rel, rel, []byte("---\ntitle: Symbool "+rel+"\nbrand: Merk\n---\n"))
		if err != nil {
			t.Fatal(err)
		}
		pages[rel] = p
	}
	for i := range 30 {
		rel := fmt.Sprintf("stories/v%02d.md", i)
		pages[rel] = read(rel, i)
	}
	build := func() (*Site, []*diag.Diagnostic) {
		res := &content.Result{}
		for _, p := range pages {
			res.Pages = append(res.Pages, p)
		}
		sort.Slice(res.Pages, func(i, j int) bool { return res.Pages[i].Path < res.Pages[j].Path })
		var errs diag.List
		s := Build(cfg, res, opts, &errs)
		return s, errs.Sorted()
	}
	s, diags := build()
	memos(s) // kept on the pages that the patches keep
	patched := 0
	renamed := s.renamed
	for step := range 300 {
		var added []*content.Page
		var removed []*Page
		for range 1 + rng.IntN(2) {
			rel := fmt.Sprintf("stories/v%02d.md", rng.IntN(34))
			if old, ok := pages[rel]; ok {
				delete(pages, rel)
				if sp := s.Lookup(rel); sp != nil && sp.Page == old {
					removed = append(removed, sp)
				} else {
					removed = append(removed, nil) // not published: Patch declines
				}
				continue
			}
			pages[rel] = read(rel, step)
			added = append(added, pages[rel])
		}
		fresh, ds := build()
		// The engine patches the model of a good build only.
		if !hasErrors(diags) && s.Patch(added, removed, opts) {
			// The engine keeps the problems of the model it patches.
			if fmt.Sprint(ds) != fmt.Sprint(diags) {
				t.Fatalf("step %d: patched a change that Build reports otherwise: %v, not %v", step, ds, diags)
			}
			patched++
			if got, want := describe(s), describe(fresh); got != want {
				t.Fatalf("step %d: patched model differs from a fresh one:\n%s", step, firstDiff(got, want))
			}
			if got, want := memos(s), memos(fresh); got != want {
				t.Fatalf("step %d: the terms' memos of the patched model differ from a fresh one's:\n%s", step, firstDiff(got, want))
			}
			continue
		}
		renamed += s.renamed
		s, diags = fresh, ds
		memos(s)
	}
	renamed += s.renamed
	t.Logf("%d of 300 changes patched, %d terms renamed in place", patched, renamed)
	if renamed == 0 {
		t.Errorf("no term renamed in place: the test no longer tests TermsMemo")
	}
	if patched < 50 {
		t.Errorf("only %d of 300 changes patched: the test no longer tests Patch", patched)
	}
}

// memos lists every page's TermsMemo of its terms' names and URLs.
func memos(s *Site) string {
	var b strings.Builder
	for _, p := range s.Pages {
		fmt.Fprintf(&b, "%s %x\n", p.Path, s.TermsMemo(p, termsText))
	}
	return b.String()
}

// termsText hashes the names and URLs of the terms p is filed under.
func termsText(p *Page) uint64 {
	var names []string
	for tax, ts := range p.Terms {
		for _, t := range ts {
			names = append(names, tax+" "+t.Name+" "+t.URL)
		}
	}
	sort.Strings(names)
	return maphash.String(memoSeed, strings.Join(names, "\n"))
}

var memoSeed = maphash.MakeSeed()

func hasErrors(ds []*diag.Diagnostic) bool {
	for _, d := range ds {
		if d.Severity == diag.Error {
			return true
		}
	}
	return false
}

// describe writes out what the rest of the build reads of a site model.
func describe(s *Site) string {
	var b strings.Builder
	name := func(p *Page) string {
		if p == nil {
			return "-"
		}
		return p.Path + "@" + p.URL
	}
	names := func(ps []*Page) string {
		var out []string
		for _, p := range ps {
			out = append(out, name(p))
		}
		return strings.Join(out, ",")
	}
	fmt.Fprintf(&b, "updated %s next %s home %s %q\n", s.Updated, s.NextPublish, name(s.Home), s.Home.Title)
	fmt.Fprintf(&b, "stories %s\nsymbols %s\npages %s\ntexts %s\n", names(s.Stories), names(s.Symbols), names(s.Pages), names(s.Texts))
	for _, p := range append(append([]*Page{}, s.Pages...), s.Texts...) {
		fmt.Fprintf(&b, "page %s %s proves %s provenBy %s", name(p), p.Permalink, names(p.Proves), names(p.ProvenBy))
		var taxes []string
		for tax := range p.Terms {
			taxes = append(taxes, tax)
		}
		sort.Strings(taxes)
		for _, tax := range taxes {
			fmt.Fprintf(&b, " %s:", tax)
			for _, t := range p.Terms[tax] {
				fmt.Fprintf(&b, "%s,", t.Slug)
			}
		}
		b.WriteByte('\n')
	}
	for _, tax := range s.Taxonomies {
		fmt.Fprintf(&b, "taxonomy %s %s %s text %s\n", tax.Name, tax.Field, tax.URL, name(tax.Page))
		for _, t := range tax.Terms {
			fmt.Fprintf(&b, "  term %q %s %s %s text %s: %s\n", t.Name, t.Slug, t.URL, t.Taxonomy.Name, name(t.Page), names(t.Pages))
		}
	}
	for _, br := range s.Brands {
		fmt.Fprintf(&b, "brand %q %s %s: %s / %s\n", br.Name, br.Slug, br.URL, names(br.Stories), names(br.Symbols))
	}
	for _, rt := range s.Routes {
		fmt.Fprintf(&b, "route %s %s %s %s page %s target %s", rt.Layout, rt.URL, rt.Out, rt.Permalink, name(rt.Page), name(rt.Target))
		if rt.Pager != nil {
			pg := rt.Pager
			fmt.Fprintf(&b, " pager %d/%d %s %s %s: %s", pg.Number, pg.Total, pg.Prev, pg.Next, pg.First, names(pg.Items))
		}
		if rt.Taxonomy != nil {
			fmt.Fprintf(&b, " taxonomy %s", rt.Taxonomy.Name)
		}
		if rt.Term != nil {
			fmt.Fprintf(&b, " term %s", rt.Term.Slug)
		}
		if rt.Brand != nil {
			fmt.Fprintf(&b, " brand %s", rt.Brand.Slug)
		}
		b.WriteByte('\n')
	}
	var urls []string
	for u := range s.routeURLs {
		urls = append(urls, u)
	}
	sort.Strings(urls)
	fmt.Fprintf(&b, "routeURLs %s\n", strings.Join(urls, " "))
	// The claims of the routes' files: every file once, and every folder
	// pointing to a file claimed in it.
	c := s.claims
	var files []string
	for k, i := range c.files {
		files = append(files, k+" "+c.all[i].out+" "+c.all[i].rt.Out)
	}
	sort.Strings(files)
	fmt.Fprintf(&b, "claims %s\n", strings.Join(files, " "))
	var dirs []string
	for k, i := range c.dirs {
		ok := strings.HasPrefix(c.key(c.all[i].out), k+"/")
		dirs = append(dirs, fmt.Sprintf("%s:%v", k, ok))
	}
	sort.Strings(dirs)
	fmt.Fprintf(&b, "folders %s\n", strings.Join(dirs, " "))
	return b.String()
}

// firstDiff shows the first line where two descriptions differ.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range min(len(g), len(w)) {
		if g[i] != w[i] {
			return fmt.Sprintf("line %d\n got: %s\nwant: %s", i+1, g[i], w[i])
		}
	}
	return fmt.Sprintf("lengths %d and %d", len(g), len(w))
}

func TestTouches(t *testing.T) {
	names := map[string]bool{}
	NameOf(names, &Page{Page: &content.Page{Path: "stories/nieuw-1.md"}, URL: "/stories/nieuw-%C3%A9/"})
	for dest, want := range map[string]bool{
		"stories/nieuw-1.md":       true,
		"../stories/nieuw-1.md#a":  true,
		"/stories/nieuw-é/":        true,
		"/stories/nieuw-%C3%A9/":   true,
		"../Nieuw-1.MD":            true,
		"/stories/page/12/":        true, // a page of a list
		"./":                       true,
		"..":                       true,
		"stories/ander.md":         false,
		"/symbols/retour/?x=nieuw": false,
		"https://example.com/":     false,
		"mailto:a@example.com":     false,
	} {
		if got := Touches(dest, names); got != want {
			t.Errorf("Touches(%q) = %v, want %v", dest, got, want)
		}
	}
}
