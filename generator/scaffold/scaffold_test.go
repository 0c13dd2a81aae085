package scaffold

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fanfare.dev/fanfare/generator/content"
)

// TestPlaceholders checks, for a Dutch and an English site, that every
// example text of content.Placeholders in the site's language is what
// "fanfare new" writes (and none of the other language's), so that a
// story or symbol published with the example text left in warns about
// each field on its line; and that the example brand is never offered as
// a brand of the site.
func TestPlaceholders(t *testing.T) {
	for _, tc := range []struct {
		lang, settings string
		want           []string // the warnings, by line: field
	}{
		{"en", "language: en\n", []string{
			`4: warning: summary: "What happened, in one or two sentences."`,
			`7: warning: customer: "First name, who they are"`,
			`8: warning: brand: "Brand name"`,
			`9: warning: industry: "Industry"`,
			`10: warning: channel: "Channel"`,
			`14: warning: quote.author: "First name"`,
			`14: warning: quote.text: "What the customer said, in their words."`,
			`30: warning: the text "Tell the story in your own words: who, where, and the moment it turned."`,
		}},
		// No fanfare.yaml: the default language, Dutch.
		{"nl", "", []string{
			`4: warning: summary: "Wat er gebeurde, in een of twee zinnen."`,
			`7: warning: customer: "Voornaam, wie het is"`,
			`8: warning: brand: "Merknaam"`,
			`9: warning: industry: "Branche"`,
			`10: warning: channel: "Kanaal"`,
			`14: warning: quote.author: "Voornaam"`,
			`14: warning: quote.text: "Wat de klant zei, in eigen woorden."`,
			`30: warning: the text "Vertel het verhaal in je eigen woorden: wie, waar, en het moment waarop het omsloeg."`,
		}},
	} {
		t.Run(tc.lang, func(t *testing.T) { testPlaceholders(t, tc.lang, tc.settings, tc.want) })
	}
}

func testPlaceholders(t *testing.T, lang, settings string, want []string) {
	root := t.TempDir()
	if settings != "" {
		if err := os.WriteFile(filepath.Join(root, "fanfare.yaml"), []byte(settings), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	now := time.Date(2025, 3, 14, 0, 0, 0, 0, time.UTC)
	story, err := NewAt(root, "story", "Een vraag op zondag", now)
	if err != nil {
		t.Fatal(err)
	}
	symbol, err := NewAt(root, "symbol", "Snel antwoord", now)
	if err != nil {
		t.Fatal(err)
	}
	var all strings.Builder
	for _, f := range []string{story, symbol} {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		all.Write(data)
	}
	for _, ph := range content.Placeholders {
		if got := strings.Contains(all.String(), ph.Text); got != (ph.Lang == lang) {
			t.Errorf("%s site: fanfare new writes the %s placeholder %q (%s): %v", lang, ph.Lang, ph.Text, ph.Key, got)
		}
	}
	// Published as written, without draft: true.
	data, _ := os.ReadFile(story)
	src := strings.Replace(string(data), "draft: true", "draft: false", 1)
	p, err := content.Parse("content/stories/een-vraag-op-zondag.md", "stories/een-vraag-op-zondag.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range p.Warnings {
		msg, _ := strings.CutPrefix(w.Error(), "content/stories/een-vraag-op-zondag.md:")
		msg, _, _ = strings.Cut(msg, " is the example text of fanfare new")
		got = append(got, msg)
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(p.Warnings) > 0 {
		if w := p.Warnings[0].Error(); !strings.HasSuffix(w, "is the example text of fanfare new: write the real summary, or keep draft: true until the page is ready") {
			t.Errorf("the warning does not say how to fix it: %s", w)
		}
	}
	// As a draft, no warning.
	if p, err := content.Parse("content/stories/x.md", "stories/x.md", data); err != nil || len(p.Warnings) != 0 {
		t.Errorf("a draft warns: %v %v", err, p.Warnings)
	}
	// The draft's brand is not offered to the next story.
	if k := survey(root); strings.Contains(strings.Join(k.brands, ","), "Brand name") || strings.Contains(strings.Join(k.brands, ","), "Merknaam") {
		t.Errorf("fanfare new offers the example brand: %v", k.brands)
	}
	if _, err := os.Stat(filepath.Join(root, "content", "stories", "een-vraag-op-zondag.md")); err != nil {
		t.Error(err)
	}
}
