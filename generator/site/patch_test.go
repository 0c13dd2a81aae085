package site

import (
	"fmt"
	"hash/maphash"
	"maps"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"fanfare.dev/fanfare/generator/config"
	"fanfare.dev/fanfare/generator/content"
	"fanfare.dev/fanfare/generator/diag"
)

// TestPatchEqualsBuild adds and deletes stories and symbols at random,
// one or two at a time, and patches one site model with each change (Site.Patch) where
// it takes it; after every step, the patched model must describe the
// same site as one built afresh from the same pages (describe), with the
// same terms' memos and the same pages found by path, key and URL
// (lookups: seen failing with a removed page left under its key). Where
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
		if rng.IntN(25) == 0 {
			extra[2] = "symbols: [s, x1]" // proves x1, or an error until it comes
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
	// Symbols come and go beside the stories, of brands with and
	// without a page, with weights and titles that tie.
	symbol := func(rel string) *content.Page {
		fm := fmt.Sprintf("title: Belofte %d\nbrand: %q\npromise: Altijd.\n", rng.IntN(3), brands[rng.IntN(len(brands))]+[]string{"", "", "", " Nieuw"}[rng.IntN(4)])
		if rng.IntN(2) == 0 {
			fm += fmt.Sprintf("weight: %d\n", rng.IntN(3))
		}
		switch {
		case rel == "symbols/x1.md" && rng.IntN(2) == 0:
			// Stories that name "x1" prove it by its file's name.
			fm += "slug: y\n"
		case rel != "symbols/x1.md" && rng.IntN(4) == 0:
			// The URL of x1.md (a collision), or the name by which
			// stories prove x1.md when it has another: a symbol that
			// stands for it from now on.
			fm += "slug: x1\n"
		case rng.IntN(20) == 0:
			fm += "slug: s\n" // the URL of symbol s: a collision
		}
		if rng.IntN(2) == 0 {
			fm += fmt.Sprintf("date: 2025-0%d-01\n", 3+rng.IntN(2)) // at times the site's newest
		}
		p, err := content.Parse("content/"+rel, rel, []byte("---\n"+fm+"---\nTekst.\n"))
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
	patched, symbols := 0, 0
	renamed := s.renamed
	for step := range 300 {
		var added []*content.Page
		var removed []*Page
		for range 1 + rng.IntN(2) {
			rel := fmt.Sprintf("stories/v%02d.md", rng.IntN(34))
			if rng.IntN(3) == 0 {
				rel = fmt.Sprintf("symbols/x%d.md", rng.IntN(4))
			}
			if old, ok := pages[rel]; ok {
				delete(pages, rel)
				if sp := s.Lookup(rel); sp != nil && sp.Page == old {
					removed = append(removed, sp)
				} else {
					removed = append(removed, nil) // not published: Patch declines
				}
				continue
			}
			if strings.HasPrefix(rel, "symbols/") {
				pages[rel] = symbol(rel)
			} else {
				pages[rel] = read(rel, step)
			}
			added = append(added, pages[rel])
		}
		// In the order of their files, as the engine gives them.
		sort.Slice(added, func(i, j int) bool { return added[i].Path < added[j].Path })
		fresh, ds := build()
		// The engine patches the model of a good build only.
		var warn diag.List
		if !hasErrors(diags) && s.Patch(added, removed, opts, &warn) {
			// The engine keeps the problems of the model it patches,
			// with those of the pages added and without the removed's.
			if got := PatchedDiags(diags, removed, &warn); fmt.Sprint(got) != fmt.Sprint(ds) {
				t.Fatalf("step %d: patched a change that Build reports otherwise: %v, not %v", step, got, ds)
			}
			diags = ds
			patched++
			for _, p := range append(added, pageOf(removed)...) {
				if p.Kind == content.KindSymbol {
					symbols++
				}
			}
			if got, want := describe(s), describe(fresh); got != want {
				t.Fatalf("step %d: patched model differs from a fresh one:\n%s", step, firstDiff(got, want))
			}
			if got, want := memos(s), memos(fresh); got != want {
				t.Fatalf("step %d: the terms' memos of the patched model differ from a fresh one's:\n%s", step, firstDiff(got, want))
			}
			if got, want := lookups(s), lookups(fresh); got != want {
				t.Fatalf("step %d: the patched model finds pages by path, key or URL otherwise than a fresh one:\n%s", step, firstDiff(got, want))
			}
			continue
		}
		renamed += s.renamed
		s, diags = fresh, ds
		memos(s)
	}
	renamed += s.renamed
	t.Logf("%d of 300 changes patched (%d symbols put in or taken out), %d terms renamed in place", patched, symbols, renamed)
	if symbols < 20 {
		t.Errorf("only %d symbols patched: the test no longer tests Patch's symbols", symbols)
	}
	if renamed == 0 {
		t.Errorf("no term renamed in place: the test no longer tests TermsMemo")
	}
	if patched < 50 {
		t.Errorf("only %d of 300 changes patched: the test no longer tests Patch", patched)
	}
}

// lookups lists what a site model finds by a page's path, its key (the
// path without its language) and its URL: a page removed by a patch must
// be found by none of them, or a story that names a removed symbol, or a
// link to a removed story, would still find it.
func lookups(s *Site) string {
	var lines []string
	for what, m := range map[string]map[string]*Page{"path": s.byPath, "key": s.byKey, "url": s.byURL} {
		for k, p := range m {
			lines = append(lines, what+" "+k+" "+p.Path)
		}
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// pageOf is the pages read of ps.
func pageOf(ps []*Page) []*content.Page {
	var out []*content.Page
	for _, p := range ps {
		out = append(out, p.Page)
	}
	return out
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

// TestPatchSymbols: the symbols Patch takes and those it leaves to Build.
// Where it takes one, the model and its problems are those of a fresh
// build.
func TestPatchSymbols(t *testing.T) {
	cfg := config.Default()
	opts := Options{Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	base := map[string]string{
		"stories/a.md":      story("A", "2025-01-02", "brand: Merk", "symbols: [retour, x1]"),
		"stories/b.md":      story("B", "2025-01-03", "brand: Merk", "symbols: [retour]"),
		"symbols/retour.md": "---\ntitle: Retour\nbrand: Merk\n---\n",
		// Proven by the name of its file: its URL is /symbols/y/.
		"symbols/x1.md":     "---\ntitle: X\nbrand: Merk\nslug: y\n---\n",
		"symbols/los.md":    "---\ntitle: Los\nbrand: Merk\npromise: Altijd.\n---\n",
		"symbols/alleen.md": "---\ntitle: Alleen\nbrand: Eenling\n---\n",
	}
	for _, tc := range []struct {
		name    string
		add     map[string]string
		remove  []string
		patched bool
	}{
		{"a new symbol", map[string]string{"symbols/nieuw.md": "---\ntitle: Nieuw\nbrand: Merk\npromise: Snel.\n---\n"}, nil, true},
		{"a new symbol first by weight", map[string]string{"symbols/nieuw.md": "---\ntitle: Z\nweight: 1\nbrand: merk\n---\n"}, nil, true},
		{"a symbol without proof deleted", nil, []string{"symbols/los.md"}, true},
		{"a symbol renamed", map[string]string{"symbols/los-2.md": "---\ntitle: Los\nbrand: Merk\npromise: Altijd.\n---\n"}, []string{"symbols/los.md"}, true},
		{"a new symbol at the URL a story names", map[string]string{"symbols/z.md": "---\ntitle: Z\nbrand: Merk\nslug: x1\n---\n"}, nil, false},
		{"a new symbol at a taken URL", map[string]string{"symbols/z.md": "---\ntitle: Z\nbrand: Merk\nslug: retour\n---\n"}, nil, false},
		{"a new symbol of a new brand", map[string]string{"symbols/z.md": "---\ntitle: Z\nbrand: Nieuw merk\n---\n"}, nil, false},
		{"a proven symbol deleted", nil, []string{"symbols/retour.md"}, false},
		{"a brand's last page deleted", nil, []string{"symbols/alleen.md"}, false},
		{"a new symbol that is a draft", map[string]string{"symbols/z.md": "---\ntitle: Z\nbrand: Merk\ndraft: true\n---\n"}, nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			read := func(files map[string]string) (*Site, []*diag.Diagnostic, map[string]*content.Page) {
				res, byRel := &content.Result{}, map[string]*content.Page{}
				var rels []string
				for rel := range files {
					rels = append(rels, rel)
				}
				sort.Strings(rels)
				for _, rel := range rels {
					p, err := content.Parse("content/"+rel, rel, []byte(files[rel]))
					if err != nil {
						t.Fatal(err)
					}
					res.Pages, byRel[rel] = append(res.Pages, p), p
				}
				var errs diag.List
				return Build(cfg, res, opts, &errs), errs.Sorted(), byRel
			}
			s, diags, _ := read(base)
			if hasErrors(diags) {
				t.Fatalf("the site before: %v", diags)
			}
			after := maps.Clone(base)
			var removed []*Page
			for _, rel := range tc.remove {
				delete(after, rel)
				removed = append(removed, s.Lookup(rel))
			}
			maps.Copy(after, tc.add)
			fresh, ds, byRel := read(after)
			var added []*content.Page
			for _, rel := range slices.Sorted(maps.Keys(tc.add)) {
				added = append(added, byRel[rel])
			}
			var warn diag.List
			if got := s.Patch(added, removed, opts, &warn); got != tc.patched {
				t.Fatalf("Patch took it: %t, want %t", got, tc.patched)
			}
			if !tc.patched {
				return
			}
			if got, want := describe(s), describe(fresh); got != want {
				t.Fatalf("patched model differs from a fresh one:\n%s", firstDiff(got, want))
			}
			if got := PatchedDiags(diags, removed, &warn); fmt.Sprint(got) != fmt.Sprint(ds) {
				t.Errorf("problems of the patched model: %v, want %v", got, ds)
			}
		})
	}
}
