package site

import (
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

// TestSymbolOrder: the symbol list as Hugo orders pages: weighted ones
// first, lowest weight first, then by title, then by file.
func TestSymbolOrder(t *testing.T) {
	s, err := load(t, nil, map[string]string{
		"stories/a.md": story("A", "2025-01-01", "symbols: [u, v, w, x, y, z]"),
		"symbols/z.md": "---\ntitle: Zeta\nweight: 1\n---\n",
		"symbols/y.md": "---\ntitle: Alfa\nweight: 1\n---\n",
		"symbols/x.md": "---\ntitle: Beta\nweight: 2\n---\n",
		"symbols/w.md": "---\ntitle: Alfa\n---\n",
		"symbols/v.md": "---\ntitle: Alfa\n---\n",
		"symbols/u.md": "---\ntitle: Gamma\nweight: 0\n---\n",
	}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range s.Symbols {
		got = append(got, p.Path)
	}
	if want := "symbols/y.md symbols/z.md symbols/x.md symbols/v.md symbols/w.md symbols/u.md"; strings.Join(got, " ") != want {
		t.Errorf("symbols in the order\n%s\nwant\n%s", strings.Join(got, " "), want)
	}
}

// TestOneKeyTwice: two files of one language with one key ("a.en.md"
// and "en/a.md"): a link to the key names the first by path, whatever
// order the files were read in, and so does the Dutch page's link to its
// English translation; a warning names both files.
func TestOneKeyTwice(t *testing.T) {
	files := map[string]string{
		"stories/a.md":    story("A nl", "2025-01-01"),
		"en/stories/a.md": story("A en", "2025-01-01"),
		"stories/a.en.md": story("A en too", "2025-01-01", "slug: other"),
		"stories/b.en.md": story("B en", "2025-01-01"),
	}
	for _, order := range [][]string{
		{"stories/b.en.md", "stories/a.md", "en/stories/a.md", "stories/a.en.md"},
		{"stories/b.en.md", "stories/a.md", "stories/a.en.md", "en/stories/a.md"},
	} {
		sites, errs := loadAllInOrder(t, files, order)
		if errs.HasErrors() {
			t.Fatal(errs.Err())
		}
		en := sites[1]
		if got, ok := en.ResolveLink(en.byPath["stories/b.en.md"], "a.md"); got != "/en/stories/a/" || !ok {
			t.Errorf("read in the order %v: a.md from an English story is %q, %t; want /en/stories/a/", order, got, ok)
		}
		nl := sites[0].byPath["stories/a.md"]
		var got []string
		for _, tr := range nl.Translations {
			got = append(got, tr.Lang+"="+tr.URL)
		}
		if strings.Join(got, " ") != "en=/en/stories/a/" {
			t.Errorf("read in the order %v: the translations of stories/a.md are %v; want en=/en/stories/a/", order, got)
		}
		var warned []string
		for _, w := range errs.Warnings() {
			warned = append(warned, w.Error())
		}
		want := "content/stories/a.en.md:1: warning: content/en/stories/a.md and content/stories/a.en.md are one page in English (stories/a.md): links and the language menu go to content/en/stories/a.md only; rename or delete one of them"
		if len(warned) != 1 || warned[0] != want {
			t.Errorf("read in the order %v: warnings %q; want %q", order, warned, want)
		}
	}
}

// loadAllInOrder is loadAll with the files read in the given order.
func loadAllInOrder(t *testing.T, files map[string]string, order []string) ([]*Site, *diag.List) {
	t.Helper()
	cfg, err := config.Parse("fanfare.yaml", []byte("language: nl\nlanguages:\n  nl: {name: Nederlands}\n  en: {name: English}\n"))
	if err != nil {
		t.Fatal(err)
	}
	langs := Languages(cfg)
	res := &content.Result{}
	for _, rel := range order {
		p, err := langs.Parse("content/"+rel, rel, []byte(files[rel]))
		if err != nil {
			t.Fatalf("%s: %v", rel, err)
		}
		res.Pages = append(res.Pages, p)
	}
	var errs diag.List
	return BuildAll(cfg, res, Options{Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}, &errs), &errs
}

// TestSortStories: the story order (newest first, then Hugo's weight
// rule, then title, then file) is the order a stable sort by storyLess
// gives, ties included: random stories from a few dates, weights, titles
// and paths, some alike in every key, in random orders.
func TestSortStories(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 2026))
	dates := []time.Time{{}, time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 1, 1, 1, 0, 0, 0, time.FixedZone("CET", 3600)), time.Date(2026, 3, 14, 0, 0, 0, 0, time.UTC)}
	for round := range 200 {
		n := 1 + rng.IntN(40)
		ps := make([]*Page, n)
		for i := range ps {
			ps[i] = &Page{Page: &content.Page{
				Date:   dates[rng.IntN(len(dates))],
				Weight: rng.IntN(3) - 1 + rng.IntN(2),
				Title:  []string{"A", "B", "b", ""}[rng.IntN(4)],
				Path:   []string{"stories/a.md", "stories/b.md", "stories/c.md"}[rng.IntN(3)],
			}}
		}
		want := slices.Clone(ps)
		sort.SliceStable(want, func(i, j int) bool { return storyLess(want[i], want[j]) })
		got := slices.Clone(ps)
		sortStories(got)
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("round %d: story %d of %d is %+v, want %+v", round, i, n, *got[i].Page, *want[i].Page)
			}
		}
	}
}
