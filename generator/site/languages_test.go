package site

import (
	"strings"
	"testing"
	"time"

	"fanfare.dev/fanfare/generator/config"
	"fanfare.dev/fanfare/generator/content"
	"fanfare.dev/fanfare/generator/diag"
)

// loadAll parses pages for a site in Dutch (default) and English and
// builds the site of each language.
func loadAll(t *testing.T, files map[string]string) ([]*Site, *diag.List) {
	t.Helper()
	cfg, err := config.Parse("fanfare.yaml", []byte("baseURL: https://example.org/\nlanguage: nl\nlanguages:\n  nl: {name: Nederlands}\n  en: {name: English, title: Stories}\ntaxonomies: {tags: tags}\n"))
	if err != nil {
		t.Fatal(err)
	}
	langs := Languages(cfg)
	res := &content.Result{}
	for rel, src := range files {
		p, err := langs.Parse("content/"+rel, rel, []byte(src))
		if err != nil {
			t.Fatalf("%s: %v", rel, err)
		}
		res.Pages = append(res.Pages, p)
	}
	var errs diag.List
	return BuildAll(cfg, res, Options{Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}, &errs), &errs
}

// translations describes the translations of every route of a site: URL → "lang=URL ...".
func translations(s *Site) map[string]string {
	out := map[string]string{}
	for _, rt := range s.Routes {
		var ts []string
		for _, t := range rt.Translations {
			ts = append(ts, t.Lang+"="+t.URL)
		}
		out[rt.URL] = strings.Join(ts, " ")
	}
	return out
}

func TestLanguagesLayouts(t *testing.T) {
	// The same site written with translations beside the pages and with
	// a folder per language gives the same URLs and translations.
	layouts := map[string]map[string]string{
		"suffix": {
			"_index.md":             "---\ntitle: Thuis\n---\n",
			"_index.en.md":          "---\ntitle: Home\n---\n",
			"stories/a.md":          story("A nl", "2025-01-02", "tags: [x]", "symbols: [s]"),
			"stories/a.en.md":       story("A en", "2025-01-02", "tags: [x]", "symbols: [s]"),
			"stories/b/index.md":    story("B nl", "2025-01-03"),
			"stories/b/index.en.md": story("B en", "2025-01-03", "slug: bee"),
			"symbols/s.md":          "---\ntitle: S nl\n---\n",
			"symbols/s.en.md":       "---\ntitle: S en\n---\n",
		},
		"folder": {
			"_index.md":             "---\ntitle: Thuis\n---\n",
			"en/_index.md":          "---\ntitle: Home\n---\n",
			"stories/a.md":          story("A nl", "2025-01-02", "tags: [x]", "symbols: [s]"),
			"en/stories/a.md":       story("A en", "2025-01-02", "tags: [x]", "symbols: [s]"),
			"stories/b/index.md":    story("B nl", "2025-01-03"),
			"en/stories/b/index.md": story("B en", "2025-01-03", "slug: bee"),
			"symbols/s.md":          "---\ntitle: S nl\n---\n",
			"en/symbols/s.md":       "---\ntitle: S en\n---\n",
		},
	}
	for name, files := range layouts {
		t.Run(name, func(t *testing.T) {
			sites, errs := loadAll(t, files)
			if err := errs.Err(); err != nil {
				t.Fatal(err)
			}
			if len(sites) != 2 || sites[0].Lang != "nl" || sites[1].Lang != "en" || sites[1].Config.Title != "Stories" {
				t.Fatalf("sites %v", sites)
			}
			nl, en := translations(sites[0]), translations(sites[1])
			wantNL := map[string]string{
				"/":              "en=/en/",
				"/stories/":      "en=/en/stories/",
				"/stories/a/":    "en=/en/stories/a/",
				"/stories/b/":    "en=/en/stories/bee/",
				"/symbols/s/":    "en=/en/symbols/s/",
				"/tags/x/":       "en=/en/tags/x/",
				"/tags/":         "en=/en/tags/",
				"/symbols/":      "en=/en/symbols/",
				"/404.html":      "",
				"/en/stories/a/": "",
			}
			for u, want := range wantNL {
				if got, ok := nl[u]; (ok || want != "") && got != want {
					t.Errorf("nl %s: translations %q, want %q", u, got, want)
				}
			}
			if _, ok := nl["/en/stories/a/"]; ok {
				t.Error("an English route in the Dutch site")
			}
			if got := en["/en/stories/bee/"]; got != "nl=/stories/b/" {
				t.Errorf("en /en/stories/bee/: %q", got)
			}
			// Symbols are proven within their language.
			for _, s := range sites {
				for _, st := range s.Stories {
					if st.Title == "A "+s.Lang && (len(st.Proves) != 1 || st.Proves[0].Title != "S "+s.Lang) {
						t.Errorf("%s: story %s proves %v", s.Lang, st.Title, st.Proves)
					}
				}
			}
			if out := sites[1].OutPath("/index.xml"); out != "en/index.xml" {
				t.Errorf("English feed written to %s", out)
			}
		})
	}
}

func TestLanguagesMissingTranslation(t *testing.T) {
	sites, errs := loadAll(t, map[string]string{
		"stories/nl-only.md":    story("Alleen nl", "2025-01-02", "symbols: [s]"),
		"stories/en-only.en.md": story("Only en", "2025-01-02", "symbols: [s]"),
		"symbols/s.md":          "---\ntitle: S nl\n---\n",
		"over.md":               "---\ntitle: Over\n---\nZie [het verhaal](stories/nl-only.md).\n",
		"over.en.md":            "---\ntitle: About\n---\n",
	})
	if err := errs.Err(); err != nil {
		t.Fatal(err)
	}
	nl, en := sites[0], sites[1]
	if got := translations(nl)["/stories/nl-only/"]; got != "" {
		t.Errorf("a page in one language has translations %q", got)
	}
	if got := translations(en)["/en/stories/en-only/"]; got != "" {
		t.Errorf("a page in one language has translations %q", got)
	}
	// The English story proves the Dutch symbol, which it falls back on,
	// without counting among that symbol's Dutch proof.
	st := en.Lookup("stories/en-only.en.md")
	if st == nil || len(st.Proves) != 1 || st.Proves[0].URL != "/symbols/s/" {
		t.Fatalf("English story proves %v", st)
	}
	if sym := nl.Lookup("symbols/s.md"); len(sym.ProvenBy) != 1 || sym.ProvenBy[0].Title != "Alleen nl" {
		t.Errorf("Dutch symbol proven by %v", sym.ProvenBy)
	}
	// A link from an English page to a page that exists in Dutch only.
	about := en.Lookup("over.en.md")
	if u, ok := en.ResolveLink(about, "stories/nl-only.md"); !ok || u != "/stories/nl-only/" {
		t.Errorf("link to an untranslated page: %q %t", u, ok)
	}
	if u, ok := en.ResolveLink(about, "stories/en-only.md"); !ok || u != "/en/stories/en-only/" {
		t.Errorf("link by key to the English page: %q %t", u, ok)
	}
}

func TestLanguagesTranslationKey(t *testing.T) {
	sites, errs := loadAll(t, map[string]string{
		"over.md":        "---\ntitle: Over\ntranslationKey: about\n---\n",
		"en/about-us.md": "---\ntitle: About\ntranslationKey: about\n---\n",
	})
	if err := errs.Err(); err != nil {
		t.Fatal(err)
	}
	if got := translations(sites[0])["/over/"]; got != "en=/en/about-us/" {
		t.Errorf("translationKey: %q", got)
	}
}

func TestLanguagesUnknownSymbol(t *testing.T) {
	_, errs := loadAll(t, map[string]string{
		"stories/a.en.md": story("A", "2025-01-02", "symbols: [nergens]"),
	})
	if err := errs.Err(); err == nil || !strings.Contains(err.Error(), `content/stories/a.en.md:4: symbols: no symbol page is called "nergens"`) {
		t.Errorf("error %v", err)
	}
}

// TestProvenInAnyLanguage checks that a symbol proven by a story in
// another language counts as proven, and lists that story.
func TestProvenInAnyLanguage(t *testing.T) {
	sites, errs := loadAll(t, map[string]string{
		"_index.md":             "---\ntitle: Thuis\n---\n",
		"_index.en.md":          "---\ntitle: Home\n---\n",
		"symbols/retour.md":     "---\ntitle: Retour\n---\n",
		"symbols/retour.en.md":  "---\ntitle: Returns\n---\n",
		"symbols/snel.md":       "---\ntitle: Snel\n---\n",
		"stories/engels.en.md":  "---\ntitle: English only\ndate: 2025-01-01\nsymbols: [retour, snel]\n---\n",
		"stories/nederlands.md": "---\ntitle: Alleen Nederlands\ndate: 2025-01-02\n---\n",
	})
	if ws := errs.Warnings(); len(ws) != 0 {
		t.Errorf("warnings: %v", ws)
	}
	for _, s := range sites {
		for _, sym := range s.Symbols {
			var by []string
			for _, st := range sym.ProvenBy {
				by = append(by, st.Title+" "+st.URL)
			}
			if strings.Join(by, ",") != "English only /en/stories/engels/" {
				t.Errorf("%s %s is proven by %v, want the English story", s.Lang, sym.URL, by)
			}
		}
	}
}

// TestLanguagesLinkToBundleFolder: a link from an English page to a
// bundle's folder ("stories/b", no .md) names the English bundle when
// there is one, and the Dutch one only when there is not.
func TestLanguagesLinkToBundleFolder(t *testing.T) {
	sites, errs := loadAll(t, map[string]string{
		"stories/b/index.md":    story("B nl", "2025-01-02"),
		"stories/b/index.en.md": story("B en", "2025-01-02"),
		"stories/c/index.md":    story("C nl", "2025-01-01"),
		"over.md":               "---\ntitle: Over\n---\n",
		"over.en.md":            "---\ntitle: About\n---\n",
	})
	if err := errs.Err(); err != nil {
		t.Fatal(err)
	}
	en := sites[1]
	about := en.Lookup("over.en.md")
	for dest, want := range map[string]string{
		"stories/b": "/en/stories/b/", // translated: the English bundle
		"stories/c": "/stories/c/",    // Dutch only: the Dutch bundle
	} {
		if got, ok := en.ResolveLink(about, dest); !ok || got != want {
			t.Errorf("%s from an English page: %q, %t; want %q", dest, got, ok, want)
		}
	}
}
