package content

import (
	"strings"
	"testing"
)

// TestParamsLifted: a story whose own fields are under params, as Hugo
// (0.123 and later) writes them, in TOML, YAML and JSON, has them as its
// fields, with the line of params for messages; other keys under params
// stay there for templates; a field written twice is the top level's,
// with a warning naming the line.
func TestParamsLifted(t *testing.T) {
	for _, tt := range []struct {
		name, src string
		line      int
	}{
		{"toml", "+++\ntitle = \"Zondag\"\ndate = 2025-03-14\n\n[params]\n  brand = \"Bakker Bart\"\n  Customer = \"Anouk\"\n  mood = \"blij\"\n+++\nTekst.\n", 5},
		{"yaml", "---\ntitle: Zondag\ndate: 2025-03-14\nparams:\n  brand: Bakker Bart\n  Customer: Anouk\n  mood: blij\n---\nTekst.\n", 4},
		{"json", "{\n\"title\": \"Zondag\",\n\"date\": \"2025-03-14\",\n\"params\": {\"brand\": \"Bakker Bart\", \"Customer\": \"Anouk\", \"mood\": \"blij\"}\n}\nTekst.\n", 4},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Parse("content/stories/zondag.md", "stories/zondag.md", []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			if p.Story == nil || p.Story.Brand != "Bakker Bart" || p.Story.Customer != "Anouk" {
				t.Fatalf("story %+v, want brand Bakker Bart and customer Anouk", p.Story)
			}
			if got := p.KeyLine("brand"); got != tt.line {
				t.Errorf("brand's line is %d, want %d (params')", got, tt.line)
			}
			params, _ := p.Params["params"].(map[string]any)
			if len(params) != 1 || params["mood"] != "blij" {
				t.Errorf("params left for templates: %v, want only mood", p.Params["params"])
			}
			for _, u := range p.Unknown() {
				if strings.EqualFold(u.Key, "brand") || strings.EqualFold(u.Key, "customer") {
					t.Errorf("%s is reported unknown", u.Key)
				}
			}
		})
	}
	t.Run("all known", func(t *testing.T) {
		p, err := Parse("content/stories/zondag.md", "stories/zondag.md", []byte("---\ntitle: Zondag\ndate: 2025-03-14\nparams:\n  brand: Bakker Bart\n---\nTekst.\n"))
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := p.Params["params"]; ok || len(p.Unknown()) != 0 {
			t.Errorf("params %v and unknown keys %v left, want none", p.Params["params"], p.Unknown())
		}
	})
	t.Run("twice", func(t *testing.T) {
		p, err := Parse("content/stories/zondag.md", "stories/zondag.md", []byte("---\ntitle: Zondag\ndate: 2025-03-14\nbrand: Bakker Bart\nparams:\n  brand: Bakker Bert\n---\nTekst.\n"))
		if err != nil {
			t.Fatal(err)
		}
		if p.Story.Brand != "Bakker Bart" {
			t.Errorf("brand %q, want the top level's", p.Story.Brand)
		}
		if len(p.Warnings) != 1 || p.Warnings[0].Line != 5 || !strings.Contains(p.Warnings[0].Msg, "brand is set at the top level and under params") {
			t.Errorf("warnings %v, want one about brand on line 5", p.Warnings)
		}
	})
}
