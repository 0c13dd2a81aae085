package scaffold

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fanfare.dev/fanfare/generator/content"
)

// TestPlaceholders checks that every example text of content.Placeholders
// is what "fanfare new" writes, so that a story or symbol published with
// the example text left in warns about each field on its line; and that
// the example brand is never offered as a brand of the site.
func TestPlaceholders(t *testing.T) {
	root := t.TempDir()
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
		if !strings.Contains(all.String(), ph.Text) {
			t.Errorf("fanfare new does not write the placeholder %q (%s)", ph.Text, ph.Key)
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
		got = append(got, w.Error())
	}
	want := []string{
		`content/stories/een-vraag-op-zondag.md:4: warning: summary: "What happened, in one or two sentences." is the example text of fanfare new: write the real summary, or keep draft: true until the page is ready`,
		`content/stories/een-vraag-op-zondag.md:7: warning: customer: "First name, who they are" is the example text of fanfare new: write the real customer, or keep draft: true until the page is ready`,
		`content/stories/een-vraag-op-zondag.md:8: warning: brand: "Brand name" is the example text of fanfare new: write the real brand, or keep draft: true until the page is ready`,
		`content/stories/een-vraag-op-zondag.md:9: warning: industry: "Industry" is the example text of fanfare new: write the real industry, or keep draft: true until the page is ready`,
		`content/stories/een-vraag-op-zondag.md:10: warning: channel: "Channel" is the example text of fanfare new: write the real channel, or keep draft: true until the page is ready`,
		`content/stories/een-vraag-op-zondag.md:14: warning: quote.author: "First name" is the example text of fanfare new: write the real quote author, or keep draft: true until the page is ready`,
		`content/stories/een-vraag-op-zondag.md:14: warning: quote.text: "What the customer said, in their words." is the example text of fanfare new: write the real quote text, or keep draft: true until the page is ready`,
		`content/stories/een-vraag-op-zondag.md:30: warning: the text "Tell the story in your own words: who, where, and the moment it turned." is the example text of fanfare new: write your own, or keep draft: true until the page is ready`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// As a draft, no warning.
	if p, err := content.Parse("content/stories/x.md", "stories/x.md", data); err != nil || len(p.Warnings) != 0 {
		t.Errorf("a draft warns: %v %v", err, p.Warnings)
	}
	// The draft's brand is not offered to the next story.
	if k := survey(root); strings.Contains(strings.Join(k.brands, ","), "Brand name") {
		t.Errorf("fanfare new offers the example brand: %v", k.brands)
	}
	if _, err := os.Stat(filepath.Join(root, "content", "stories", "een-vraag-op-zondag.md")); err != nil {
		t.Error(err)
	}
}
