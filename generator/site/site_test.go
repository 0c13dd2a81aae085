package site

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"fanfare.dev/fanfare/generator/config"
	"fanfare.dev/fanfare/generator/content"
	"fanfare.dev/fanfare/generator/diag"
)

// load parses pages given as path → front matter + body and builds the site.
func load(t *testing.T, cfg *config.Config, files map[string]string, opts Options) (*Site, error) {
	t.Helper()
	res := &content.Result{}
	for rel, src := range files {
		p, err := content.Parse("content/"+rel, rel, []byte(src))
		if err != nil {
			t.Fatalf("%s: %v", rel, err)
		}
		res.Pages = append(res.Pages, p)
	}
	if cfg == nil {
		cfg = config.Default()
	}
	if opts.Now.IsZero() {
		opts.Now = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	var errs diag.List
	s := Build(cfg, res, opts, &errs)
	return s, errs.Err()
}

func story(title, date string, extra ...string) string {
	return fmt.Sprintf("---\ntitle: %s\ndate: %s\n%s\n---\nBody of %s.\n", title, date, strings.Join(extra, "\n"), title)
}

func TestSymbolStoryLinks(t *testing.T) {
	s, err := load(t, nil, map[string]string{
		"stories/a.md":       story("A", "2025-01-02", "symbols: [retour, snel]"),
		"stories/b/index.md": story("B", "2025-01-03", "symbols: [retour]"),
		"symbols/retour.md":  "---\ntitle: Retour\n---\n",
		"symbols/snel.md":    "---\ntitle: Snel\nslug: snel\n---\n",
		"symbols/los.md":     "---\ntitle: Los\n---\n",
	}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	links := map[string]string{}
	for _, p := range append(append([]*Page(nil), s.Stories...), s.Symbols...) {
		var names []string
		for _, q := range append(p.Proves, p.ProvenBy...) {
			names = append(names, q.Title)
		}
		links[p.Title] = strings.Join(names, ",")
	}
	want := map[string]string{"A": "Retour,Snel", "B": "Retour", "Retour": "B,A", "Snel": "A", "Los": ""}
	for k, v := range want {
		if links[k] != v {
			t.Errorf("%s links %q, want %q", k, links[k], v)
		}
	}
}

func TestPromiseWithoutProof(t *testing.T) {
	res := &content.Result{}
	for rel, src := range map[string]string{
		"stories/a.md":       story("A", "2025-01-01", "symbols: [bewezen]"),
		"symbols/bewezen.md": "---\ntitle: Bewezen\npromise: Ja.\n---\n",
		"symbols/los.md":     "---\ntitle: Los\nbrand: X\npromise: Nog niet.\n---\n",
	} {
		p, err := content.Parse("content/"+rel, rel, []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		res.Pages = append(res.Pages, p)
	}
	var errs diag.List
	Build(config.Default(), res, Options{Now: time.Now()}, &errs)
	ws := errs.Warnings()
	if errs.HasErrors() || len(ws) != 1 || ws[0].Error() != `content/symbols/los.md:4: warning: promise without proof: no story lists "los" under symbols:` {
		t.Errorf("warnings: %v", ws)
	}
}

func TestURLs(t *testing.T) {
	cfg := config.Default()
	cfg.BaseURL = "https://example.com/klanten/"
	s, err := load(t, cfg, map[string]string{
		"_index.md":          "---\ntitle: Home\n---\n",
		"over.md":            "---\ntitle: Over\n---\n",
		"team/jan.md":        "---\ntitle: Jan\n---\n",
		"stories/a.md":       story("A", "2025-01-01", "slug: eigen"),
		"stories/b/index.md": story("B", "2025-01-01"),
	}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, p := range s.Pages {
		got[p.Path] = p.URL + " " + p.Permalink
	}
	want := map[string]string{
		"_index.md":          "/klanten/ https://example.com/klanten/",
		"over.md":            "/klanten/over/ https://example.com/klanten/over/",
		"team/jan.md":        "/klanten/team/jan/ https://example.com/klanten/team/jan/",
		"stories/a.md":       "/klanten/stories/eigen/ https://example.com/klanten/stories/eigen/",
		"stories/b/index.md": "/klanten/stories/b/ https://example.com/klanten/stories/b/",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %q, want %q", k, got[k], v)
		}
	}
	var outs []string
	for _, r := range s.Routes {
		outs = append(outs, r.Layout+":"+r.Out)
	}
	if o := strings.Join(outs, " "); !strings.Contains(o, "home:index.html") || !strings.Contains(o, "story:stories/eigen/index.html") || !strings.Contains(o, "404:404.html") {
		t.Errorf("routes: %s", o)
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"duplicate URL names both files", map[string]string{
			"stories/a.md": story("A", "2025-01-01", "slug: x"),
			"stories/x.md": story("X", "2025-01-01"),
		}, "content/stories/x.md:2: content/stories/a.md and content/stories/x.md both publish /stories/x/: give one of them another slug"},
		{"unknown symbol with a hint", map[string]string{
			"stories/a.md":      story("A", "2025-01-01", "symbols: [retur]"),
			"symbols/retour.md": "---\ntitle: R\n---\n",
		}, "content/stories/a.md:4: symbols: no symbol page is called \"retur\" (did you mean \"retour\"?)\n" +
			"content/symbols/retour.md:2: warning: promise without proof: no story lists \"retour\" under symbols:"},
		{"unknown stage", map[string]string{
			"stories/a.md": story("A", "2025-01-01", "stage: sleurr"),
		}, `content/stories/a.md:4: stage "sleurr" is not one of the configured stages (kennismaking, gewenning, sleur); did you mean "sleur"?`},
		{"alias on a page URL", map[string]string{
			"stories/a.md": story("A", "2025-01-01", "aliases: [/stories/b/]"),
			"stories/b.md": story("B", "2025-01-01"),
		}, "content/stories/a.md:4: alias /stories/b/ is already the URL of content/stories/b.md"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := load(t, nil, tt.files, Options{})
			if err == nil || err.Error() != tt.want {
				t.Errorf("error:\n%v\nwant:\n%s", err, tt.want)
			}
		})
	}
}

func TestDraftsAndFuture(t *testing.T) {
	files := map[string]string{
		"stories/now.md":    story("Now", "2025-06-01"),
		"stories/draft.md":  story("Draft", "2025-06-01", "draft: true"),
		"stories/future.md": story("Future", "2027-01-01"),
	}
	for _, tt := range []struct {
		opts Options
		want string
	}{
		{Options{}, "Now"},
		{Options{Drafts: true}, "Draft,Now"}, // same date: by title
		{Options{Future: true}, "Future,Now"},
		{Options{Drafts: true, Future: true}, "Future,Draft,Now"},
	} {
		s, err := load(t, nil, files, tt.opts)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, p := range s.Stories {
			got = append(got, p.Title)
		}
		if strings.Join(got, ",") != tt.want {
			t.Errorf("%+v: %v, want %s", tt.opts, got, tt.want)
		}
	}
}

func TestTaxonomiesAndPagination(t *testing.T) {
	cfg := config.Default()
	cfg.Paginate = 2
	files := map[string]string{}
	for i := 1; i <= 5; i++ {
		stage := []string{"sleur", "kennismaking", "gewenning"}[i%3]
		files[fmt.Sprintf("stories/s%d.md", i)] = story(fmt.Sprintf("S%d", i), fmt.Sprintf("2025-01-%02d", i), "industry: Één Branche", "stage: "+stage, "tags: [a, b, a]")
	}
	s, err := load(t, cfg, files, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ind := s.Taxonomy("industries")
	if len(ind.Terms) != 1 || ind.Terms[0].Slug != "een-branche" || ind.Terms[0].URL != "/industries/een-branche/" || len(ind.Terms[0].Pages) != 5 {
		t.Errorf("industries: %+v", ind.Terms[0])
	}
	var stages []string
	for _, term := range s.Taxonomy("stages").Terms {
		stages = append(stages, term.Name)
	}
	if strings.Join(stages, ",") != "kennismaking,gewenning,sleur" {
		t.Errorf("stages in configured order: %v", stages)
	}
	if tags := s.Taxonomy("tags").Terms; len(tags) != 2 || len(tags[0].Pages) != 5 {
		t.Errorf("a tag listed twice counts once: %+v", tags)
	}
	var lists []string
	for _, r := range s.Routes {
		if r.Layout == "stories" {
			lists = append(lists, fmt.Sprintf("%s %d/%d %d prev=%s next=%s", r.URL, r.Pager.Number, r.Pager.Total, len(r.Pager.Items), r.Pager.Prev, r.Pager.Next))
		}
	}
	want := []string{
		"/stories/ 1/3 2 prev= next=/stories/page/2/",
		"/stories/page/2/ 2/3 2 prev=/stories/ next=/stories/page/3/",
		"/stories/page/3/ 3/3 1 prev=/stories/page/2/ next=",
	}
	if strings.Join(lists, "\n") != strings.Join(want, "\n") {
		t.Errorf("pagination:\n%s\nwant:\n%s", strings.Join(lists, "\n"), strings.Join(want, "\n"))
	}
	if s.Stories[0].Title != "S5" {
		t.Errorf("stories are not newest first: %s", s.Stories[0].Title)
	}
}

func TestResolveLink(t *testing.T) {
	s := linkSite(t)
	from := s.byPath["stories/a.md"]
	tests := []struct {
		dest, want string
		ok         bool
	}{
		{"../symbols/retour.md", "/symbols/retour/", true},
		{"../symbols/retour.md#proof", "/symbols/retour/#proof", true},
		{"b/index.md", "/stories/b/", true},
		{"b", "/stories/b/", true},
		{"b/foto.png", "/stories/b/foto.png", true},
		{"../downloads/a.pdf", "/downloads/a.pdf", true},
		{"https://example.com/x.md", "https://example.com/x.md", true},
		{"/absolute/", "/absolute/", false},
		{"/stories/a/", "/stories/a/", true},
		{"/symbols/retour", "/symbols/retour/", true},
		{"/symbols/retour/#proof", "/symbols/retour/#proof", true},
		{"../symbols/retour/", "/symbols/retour/", true},
		{"../../symbols/retour/", "/symbols/retour/", true},
		{"../symbols/y/", "../symbols/y/", false},
		{"/stories/a.md", "/stories/a/", true},
		{"/tags/", "/tags/", false},
		{"/files/report.pdf", "/files/report.pdf", true},
		{"#anchor", "#anchor", true},
		{"mailto:a@b.nl", "mailto:a@b.nl", true},
		{"../symbols/missing.md", "../symbols/missing.md", false},
		{"../../../etc/passwd", "../../../etc/passwd", false},
	}
	for _, tt := range tests {
		got, ok := s.ResolveLink(from, tt.dest)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ResolveLink(%q) = %q, %t; want %q, %t", tt.dest, got, ok, tt.want, tt.ok)
		}
	}
}

func TestSlugify(t *testing.T) {
	for in, want := range map[string]string{
		"Persoonlijk":          "persoonlijk",
		"E-mail":               "e-mail",
		"Één Branche":          "een-branche",
		"  Aan  boord! ":       "aan-boord",
		"Café & Co.":           "cafe-co",
		"NPS 60":               "nps-60",
		"":                     "",
		"---":                  "",
		"getting-acquainted":   "getting-acquainted",
		"Zürich/Genève (2025)": "zurich-geneve-2025",
	} {
		if got := Slugify(in); got != want {
			t.Errorf("Slugify(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestBrands(t *testing.T) {
	s, err := load(t, nil, map[string]string{
		"stories/a.md":   story("A", "2025-01-02", "brand: Café Noir", "symbols: [s]"),
		"stories/b.md":   story("B", "2025-01-03", "brand: café noir"),
		"stories/c.md":   story("C", "2025-01-04", "brand: KLM"),
		"stories/d.md":   story("D", "2025-01-05"),
		"symbols/s.md":   "---\ntitle: S\nbrand: Café Noir\n---\n",
		"symbols/klm.md": "---\ntitle: K\nbrand: KLM\n---\n",
	}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, b := range s.Brands {
		got = append(got, fmt.Sprintf("%s %s %d/%d", b.Name, b.URL, len(b.Stories), len(b.Symbols)))
	}
	if want := "café noir /brands/cafe-noir/ 2/1,KLM /brands/klm/ 1/1"; /* the newest story's spelling */ strings.Join(got, ",") != want {
		t.Errorf("brands: %v, want %s", got, want)
	}
	if b := s.Brand("CAFÉ NOIR"); b == nil || b.Slug != "cafe-noir" {
		t.Errorf("Brand lookup: %+v", b)
	}
	routes := 0
	for _, r := range s.Routes {
		if r.Layout == "brand" || r.Layout == "brands" {
			routes++
		}
	}
	if routes != 3 {
		t.Errorf("%d brand routes, want 3", routes)
	}

	// A site that files stories under a taxonomy called brands gets
	// that taxonomy's pages instead of the brand pages.
	cfg := config.Default()
	cfg.Taxonomies = map[string]string{"brands": "brand"}
	s, err = load(t, cfg, map[string]string{
		"stories/a.md": story("A", "2025-01-02", "brand: KLM"),
	}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Brands) != 0 || s.Taxonomy("brands") == nil || len(s.Taxonomy("brands").Terms) != 1 {
		t.Errorf("with a taxonomy called brands: brands %v, taxonomy %+v", s.Brands, s.Taxonomy("brands"))
	}
}

// TestTermTexts: pages in a folder named after a taxonomy are the texts of
// the taxonomy and its terms, not pages of their own.
func TestTermTexts(t *testing.T) {
	res := &content.Result{}
	for rel, src := range map[string]string{
		"stories/a.md":        story("A", "2025-01-01", "stage: sleur"),
		"stages/_index.md":    "---\ntitle: Reis\n---\nIntro.\n",
		"stages/sleur.md":     "---\ntitle: Sleur\nsummary: Niemand kijkt om.\n---\n",
		"stages/gewenning.md": "---\ntitle: Gewenning\n---\n",
		"over.md":             "---\ntitle: Over\n---\n",
	} {
		p, err := content.Parse("content/"+rel, rel, []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		res.Pages = append(res.Pages, p)
	}
	var errs diag.List
	s := Build(config.Default(), res, Options{Now: time.Now()}, &errs)
	tax := s.Taxonomy("stages")
	if tax.Page == nil || tax.Page.Title != "Reis" || len(tax.Terms) != 1 || tax.Terms[0].Page == nil || tax.Terms[0].Page.Summary != "Niemand kijkt om." {
		t.Fatalf("taxonomy %+v, terms %+v", tax, tax.Terms)
	}
	if len(s.Texts) != 2 {
		t.Errorf("%d texts, want 2", len(s.Texts))
	}
	for _, p := range s.Pages {
		if p.Section == "stages" {
			t.Errorf("%s is published on its own", p.File)
		}
	}
	if ws := errs.Warnings(); len(ws) != 1 || !strings.Contains(ws[0].Error(), `content/stages/gewenning.md: warning: no story is filed under "gewenning" in stages`) {
		t.Errorf("warnings: %v", ws)
	}
	if errs.HasErrors() {
		t.Error(errs.Err())
	}
}

// TestSubFolders checks that stories in sub-folders of stories/ are
// stories of the list, and that a sub-folder's _index.md is a page of its
// own that never takes over the story list.
func TestSubFolders(t *testing.T) {
	s, err := load(t, nil, map[string]string{
		"stories/_index.md":              "---\ntitle: Alle verhalen\n---\nIntro.\n",
		"stories/a.md":                   story("A", "2025-01-03"),
		"stories/2024/_index.md":         "---\ntitle: Verhalen uit 2024\n---\nHet jaar.\n",
		"stories/2024/b.md":              story("B", "2024-05-01"),
		"stories/Klant Cases/C.md":       story("C", "2025-01-02"),
		"stories/Klant Cases/D/index.md": story("D", "2025-01-01"),
	}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if s.StoriesPage.Title != "Alle verhalen" || s.StoriesPage.URL != "/stories/" {
		t.Errorf("story list page is %q at %s", s.StoriesPage.Title, s.StoriesPage.URL)
	}
	var got []string
	for _, p := range s.Stories {
		got = append(got, p.Title+" "+p.URL)
	}
	want := "A /stories/a/, C /stories/klant-cases/c/, D /stories/klant-cases/d/, B /stories/2024/b/"
	if strings.Join(got, ", ") != want {
		t.Errorf("stories:\n got  %s\n want %s", strings.Join(got, ", "), want)
	}
	var list, sub bool
	for _, rt := range s.Routes {
		if rt.Layout == "stories" && rt.URL == "/stories/" && rt.Page == s.StoriesPage && len(rt.Pager.Items) == 4 {
			list = true
		}
		if rt.URL == "/stories/2024/" && rt.Page.Title == "Verhalen uit 2024" && rt.Layout == "section" {
			sub = true
		}
	}
	if !list || !sub {
		t.Errorf("routes: the story list with 4 stories %t, the sub-folder's own page %t", list, sub)
	}
}
