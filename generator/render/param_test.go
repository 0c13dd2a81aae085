package render

import (
	"strings"
	"testing"

	"fanfare.dev/fanfare/generator/config"
	"fanfare.dev/fanfare/generator/content"
)

// TestParamShortcode: {{< param key >}} shows a front-matter value of
// the page; a key the page does not have, or has empty, is an error on
// the shortcode's line.
func TestParamShortcode(t *testing.T) {
	md := NewMarkdown(config.Markdown{}, "nl")
	story := "---\ntitle: Titel\ndescription: Omschrijving\nsummary: Samenvatting\ncustomer: Klant\nbrand: Merk\nkleur: rood\nleeg: null\n---\n"
	page := "---\ntitle: Titel\ncustomer: Klant\n---\n"
	tests := []struct {
		file, front, key, want string
		err                    bool
	}{
		{"stories/a.md", story, "title", "Titel", false},
		{"stories/a.md", story, "description", "Omschrijving", false},
		{"stories/a.md", story, "summary", "Samenvatting", false},
		{"stories/a.md", story, "customer", "Klant", false},
		{"stories/a.md", story, "Brand", "Merk", false},
		{"stories/a.md", story, "kleur", "rood", false},
		{"stories/a.md", story, "leeg", "", true},
		{"stories/a.md", story, "geen", "", true},
		{"over.md", page, "description", "", true},
		{"over.md", page, "summary", "", true},
		{"over.md", page, "brand", "", true},
		{"stories/b.md", "---\ntitle: B\n---\n", "customer", "", true},
	}
	for _, tt := range tests {
		src := tt.front + "Tekst.\n\nDe waarde: {{< param " + tt.key + " >}}.\n"
		p, err := content.Parse("content/"+tt.file, tt.file, []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		doc := md.Convert(p)
		if tt.err {
			if len(doc.Errs) != 1 || doc.Errs[0].Line != p.BodyLine+2 || !strings.Contains(doc.Errs[0].Msg, "param") {
				t.Errorf("%s %s: errors %v, want one on line %d", tt.file, tt.key, doc.Errs, p.BodyLine+2)
			}
			continue
		}
		if want := "<p>De waarde: " + tt.want + ".</p>"; len(doc.Errs) > 0 || !strings.Contains(string(doc.HTML), want) {
			t.Errorf("%s %s: %s %v, want %s", tt.file, tt.key, doc.HTML, doc.Errs, want)
		}
	}
}

// TestEmptyStory: a story without a body converts without a warning; one
// whose body publishes no text gets one.
func TestEmptyStory(t *testing.T) {
	md := NewMarkdown(config.Markdown{}, "nl")
	for body, warn := range map[string]bool{"": false, "<!-- later -->\n": true, "Tekst.\n": false} {
		p, err := content.Parse("content/stories/a.md", "stories/a.md", []byte("---\ntitle: A\n---\n"+body))
		if err != nil {
			t.Fatal(err)
		}
		if doc := md.Convert(p); (len(doc.Errs) == 1) != warn || len(doc.Errs) > 1 {
			t.Errorf("body %q: %v", body, doc.Errs)
		}
	}
}
