package content

import "testing"

// TestKeyLine checks the line named for each front-matter key, as
// messages about a field give it: top-level keys, keys of a group, TOML's
// dotted keys, JSON, a key that is not there (the front matter's first
// line) and a file without front matter (line 1).
func TestKeyLine(t *testing.T) {
	tests := []struct {
		name, src string
		want      map[string]int
	}{
		{"yaml", "---\ntitle: A\ndate: 2025-03-14\nbrand: Zappos\nquote:\n  text: Snel\n  author: Anna\nstage: sleur\n---\nBody\n",
			map[string]int{"title": 2, "date": 3, "brand": 4, "quote": 5, "quote.text": 6, "quote.author": 7, "stage": 8, "customer": 2}},
		{"yaml after a blank line", "\n---\nbrand: Zappos\ntitle: A\n---\nBody\n",
			map[string]int{"brand": 3, "title": 4, "zzz": 3, "": 3}},
		{"toml", "+++\ntitle = \"A\"\nbrand = \"Zappos\"\nquote.text = \"Snel\"\n\n[extra]\nnps = \"70\"\n+++\nBody\n",
			map[string]int{"title": 2, "brand": 3, "quote.text": 4, "extra": 6, "extra.nps": 7}},
		{"json", "{\n  \"title\": \"A\",\n  \"brand\": \"Zappos\",\n  \"quote\": {\"text\": \"Snel\"}\n}\n\nBody\n",
			map[string]int{"title": 2, "brand": 3, "quote": 4, "quote.text": 4}},
		{"no front matter", "Body only\n", map[string]int{"title": 1, "": 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// A page with a wrong field comes back with the error.
			p, err := Parse("content/stories/a.md", "stories/a.md", []byte(tt.src))
			if p == nil {
				t.Fatal(err)
			}
			for key, want := range tt.want {
				if got := p.KeyLine(key); got != want {
					t.Errorf("KeyLine(%q) = %d, want %d", key, got, want)
				}
			}
		})
	}
}
