package site

import (
	"strings"
	"testing"

	"fanfare.dev/fanfare/generator/config"
)

// TestTermOrder: a taxonomy's terms are listed by slug, whatever order
// the stories name them in; the stages in the configured order.
func TestTermOrder(t *testing.T) {
	s, err := load(t, nil, map[string]string{
		"stories/a.md": story("A", "2025-01-01", "tags: [zomer, Appel]", "channel: Telefoon", "stage: sleur"),
		"stories/b.md": story("B", "2025-01-02", "tags: [midden]", "channel: E-mail", "stage: kennismaking"),
		"stories/c.md": story("C", "2025-01-03", "tags: [beta, Zomer]", "channel: Balie", "stage: gewenning"),
	}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ tax, want string }{
		{"tags", "appel beta midden zomer"},
		{"channels", "balie e-mail telefoon"},
		{"stages", "kennismaking gewenning sleur"},
	} {
		var got []string
		for _, term := range s.Taxonomy(tc.tax).Terms {
			got = append(got, term.Slug)
		}
		if strings.Join(got, " ") != tc.want {
			t.Errorf("%s: terms %v, want %s", tc.tax, got, tc.want)
		}
	}
}

// TestDefaultStageOfOtherLanguage: on a site in English with the default
// stages, a story written with any of the Dutch default stages (a starter
// site whose language was changed) is filed under the English stage in
// the same place, without an error.
func TestDefaultStageOfOtherLanguage(t *testing.T) {
	cfg := config.Default()
	cfg.Language = "en"
	cfg.Stages = config.DefaultStages("en")
	s, err := load(t, cfg, map[string]string{
		"stories/a.md": story("A", "2025-01-01", "stage: kennismaking"),
		"stories/b.md": story("B", "2025-01-02", "stage: gewenning"),
		"stories/c.md": story("C", "2025-01-03", "stage: sleur"),
	}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, st := range s.Stories {
		got[st.Title] = st.Story.Stage
	}
	if got["A"] != "getting-acquainted" || got["B"] != "habituation" || got["C"] != "rut" {
		t.Errorf("stages %v, want A getting-acquainted, B habituation, C rut", got)
	}
}

// TestSymbolByFileName: a story may name a symbol by its file name when
// the symbol has a slug of its own, in both shapes (symbols/x.md and
// symbols/x/index.md); the symbols section's own page is no symbol.
func TestSymbolByFileName(t *testing.T) {
	s, err := load(t, nil, map[string]string{
		"stories/a.md":          story("A", "2025-01-01", "symbols: [retour, snel]"),
		"symbols/retour.md":     "---\ntitle: Retour\nslug: gratis-retour\n---\n",
		"symbols/snel/index.md": "---\ntitle: Snel\nslug: snelle-levering\n---\n",
	}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	a := s.Stories[0]
	var got []string
	for _, p := range a.Proves {
		got = append(got, p.URL)
	}
	if strings.Join(got, " ") != "/symbols/gratis-retour/ /symbols/snelle-levering/" {
		t.Errorf("story A proves %v", got)
	}

	_, err = load(t, nil, map[string]string{
		"stories/a.md":      story("A", "2025-01-01", "symbols: [_index]"),
		"symbols/_index.md": "---\ntitle: Beloften\n---\n",
		"symbols/s.md":      "---\ntitle: S\n---\n",
	}, Options{})
	if err == nil || !strings.Contains(err.Error(), `no symbol page is called "_index"`) {
		t.Errorf("a story naming the symbols section: %v, want an error", err)
	}
}
