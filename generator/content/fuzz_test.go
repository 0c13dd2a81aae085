package content

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"fanfare.dev/fanfare/generator/diag"
)

// FuzzParse feeds arbitrary files to the page parser: it must never panic,
// and every problem it reports must name the file and a line inside it.
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/fuzz/seeds/*.md")
	for _, s := range seeds {
		data, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(data))
	}
	f.Add("---\ntitle: A\n---\nbody")
	f.Add("+++\ntitle = \"A\"\n+++\n")
	f.Add("{\n\"title\": \"A\"\n}\n\nbody")
	f.Add("---\nquote:\n  text: x\nmetrics:\n  - label: a\n    value: 1\n---\n")
	f.Fuzz(func(t *testing.T, src string) {
		p, err := Parse("content/stories/x.md", "stories/x.md", []byte(src))
		lines := strings.Count(src, "\n") + 1
		if err != nil {
			list, ok := err.(*diag.ListError)
			if !ok {
				if d, ok := err.(*diag.Diagnostic); ok {
					list = &diag.ListError{Diagnostics: []*diag.Diagnostic{d}}
				} else {
					t.Fatalf("error %T %v is not a diagnostic", err, err)
				}
			}
			for _, d := range list.Diagnostics {
				if d.File != "content/stories/x.md" || d.Line < 0 || d.Line > lines {
					t.Fatalf("diagnostic %q points outside the file (%d lines)", d.Error(), lines)
				}
			}
		}
		if p != nil {
			if p.BodyLine < 1 || p.BodyLine > lines+1 {
				t.Fatalf("body line %d outside the file (%d lines)", p.BodyLine, lines)
			}
			if !strings.HasSuffix(src, string(p.Body)) {
				t.Fatal("the body is not the end of the file")
			}
			if utf8.ValidString(src) && !utf8.Valid(p.Body) {
				t.Fatal("valid UTF-8 in, invalid body out")
			}
		}
	})
}
