package content

import (
	"fmt"
	"reflect"
	"testing"
)

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

// TestKeyLineAcrossPages: keys are numbered as pages meet them, in any
// order; a page answers for its own keys only, and a key another page
// has is absent from one without it (the line of its front matter's
// first key).
// The lines every page keeps hold no pointer for the collector to follow.
func TestKeyLineAcrossPages(t *testing.T) {
	srcs := []string{
		"---\nwinkel: Breda\ntitle: A\nvestigingen: 4\n---\nTekst\n",
		"\n\n---\nvestigingen: 7\nopening:\n  datum: 2024-05-01\n  burgemeester: ja\n---\nTekst\n",
		"---\ntitle: C\n---\nTekst\n",
	}
	want := []map[string]int{
		{"winkel": 2, "title": 3, "vestigingen": 4, "opening": 2, "opening.datum": 2, "nooit-gezien": 2},
		{"vestigingen": 4, "opening": 5, "opening.datum": 6, "opening.burgemeester": 7, "winkel": 4, "title": 4},
		{"title": 2, "winkel": 2, "vestigingen": 2, "opening.burgemeester": 2},
	}
	pages := make([]*Page, len(srcs))
	for i, src := range srcs {
		p, err := Parse("content/a.md", "a.md", []byte(src))
		if p == nil {
			t.Fatal(err)
		}
		pages[i] = p
	}
	for i, p := range pages {
		for key, line := range want[i] {
			if got := p.KeyLine(key); got != line {
				t.Errorf("page %d: KeyLine(%q) = %d, want %d", i, key, got, line)
			}
		}
	}
	if typ := reflect.TypeFor[keyLine](); typ.Field(0).Type.Kind() == reflect.String || typ.Field(1).Type.Kind() == reflect.String || typ.Size() > 8 {
		t.Errorf("keyLine is %v, %d bytes: a page's lines should hold no pointer", typ, typ.Size())
	}
}

// TestScores: every score from 0 to 10 reads as itself, on a story and
// a symbol; pages share the values they point at, and none changes
// another's.
func TestScores(t *testing.T) {
	for v := MinScore; v <= MaxScore; v++ {
		for _, dir := range []string{"stories", "symbols"} {
			src := fmt.Sprintf("---\ntitle: T\nbrand: B\npromise: P\npersonal: %d\nextreme: %d\n---\nTekst\n", v, MaxScore-v)
			p, err := Parse("content/"+dir+"/a.md", dir+"/a.md", []byte(src))
			if p == nil {
				t.Fatal(err)
			}
			x, y := (*int)(nil), (*int)(nil)
			if p.Story != nil {
				x, y = p.Story.Personal, p.Story.Extreme
			} else if p.Symbol != nil {
				x, y = p.Symbol.Personal, p.Symbol.Extreme
			}
			if x == nil || y == nil || *x != v || *y != MaxScore-v {
				t.Fatalf("%s, personal %d, extreme %d: read as %v, %v", dir, v, MaxScore-v, x, y)
			}
		}
	}
}
