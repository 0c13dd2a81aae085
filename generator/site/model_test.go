package site

import (
	"sort"
	"strings"
	"testing"

	"fanfare.dev/fanfare/generator/config"
)

// TestModelBasics: the home page's title (its own, else the site's), the
// pages by URL, no list of brands on a site without brands, and the
// language of the lists Fanfare makes.
func TestModelBasics(t *testing.T) {
	cfg := config.Default()
	cfg.Title = "Verhalen"
	for _, tt := range []struct {
		home, want string
	}{
		{"---\ntitle: Thuis\n---\n", "Thuis"},
		{"---\nsummary: Geen titel.\n---\n", "Verhalen"},
	} {
		s, err := load(t, cfg, map[string]string{
			"_index.md":    tt.home,
			"over.md":      "---\ntitle: Over\n---\n",
			"stories/b.md": story("B", "2025-01-01"),
			"stories/a.md": story("A", "2025-01-02"),
		}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if s.Home.Title != tt.want {
			t.Errorf("home title %q, want %q", s.Home.Title, tt.want)
		}
		if !sort.SliceIsSorted(s.Pages, func(i, j int) bool { return s.Pages[i].URL < s.Pages[j].URL }) {
			var urls []string
			for _, p := range s.Pages {
				urls = append(urls, p.URL)
			}
			t.Errorf("pages not by URL: %s", strings.Join(urls, " "))
		}
		for _, r := range s.Routes {
			if r.Layout == "brands" || r.Layout == "brand" {
				t.Errorf("a site without brands has the route %s %s", r.Layout, r.URL)
			}
		}
		if s.StoriesPage.Lang != "" {
			t.Errorf("one language: the story list's language is %q", s.StoriesPage.Lang)
		}
	}
	sites, _ := loadAll(t, map[string]string{"stories/a.md": story("A", "2025-01-02")})
	for _, s := range sites {
		if s.StoriesPage.Lang != s.Lang || s.SymbolsPage.Lang != s.Lang {
			t.Errorf("the lists of the %s site are in %q and %q", s.Lang, s.StoriesPage.Lang, s.SymbolsPage.Lang)
		}
	}
}

// TestProvenOnlyByItsStories: a symbol unproven in its own language is
// proven by the other languages' stories that prove it, not by every
// story there.
func TestProvenOnlyByItsStories(t *testing.T) {
	sites, _ := loadAll(t, map[string]string{
		"symbols/retour.md":  "---\ntitle: Retour\n---\n",
		"symbols/snel.md":    "---\ntitle: Snel\n---\n",
		"symbols/snel.en.md": "---\ntitle: Fast\n---\n",
		"stories/a.en.md":    "---\ntitle: A\ndate: 2025-01-01\nsymbols: [snel]\n---\n",
		"stories/b.en.md":    "---\ntitle: B\ndate: 2025-01-02\nsymbols: [retour]\n---\n",
	})
	for _, sym := range sites[0].Symbols {
		var by []string
		for _, st := range sym.ProvenBy {
			by = append(by, st.Title)
		}
		want := map[string]string{"Retour": "B", "Snel": "A"}[sym.Title]
		if strings.Join(by, ",") != want {
			t.Errorf("%s is proven by %v, want %s", sym.Title, by, want)
		}
	}
}

// TestStaticFolderUnderBasePath: a link to a folder of static/ with an
// index.html is kept, with or without the base URL's path.
func TestStaticFolderUnderBasePath(t *testing.T) {
	cfg := config.Default()
	cfg.BaseURL = "https://example.org/klanten/"
	s, err := load(t, cfg, map[string]string{"stories/a.md": story("A", "2025-01-02")}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Static = map[string]bool{"docs/index.html": true}
	for _, dest := range []string{"/klanten/docs/", "/docs/", "/klanten/docs"} {
		if got, ok := s.ResolveLink(s.byPath["stories/a.md"], dest); !ok || got != dest {
			t.Errorf("ResolveLink(%q) = %q, %t", dest, got, ok)
		}
	}
	if _, ok := s.ResolveLink(s.byPath["stories/a.md"], "/klanten/elders/"); ok {
		t.Error("a folder that static/ does not have is accepted")
	}
}
