package site

import (
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
