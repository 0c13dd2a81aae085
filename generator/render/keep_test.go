package render

import (
	"html/template"
	"strings"
	"testing"
)

// textStore is a site.TextStore in memory, as the build's texts' file.
type textStore struct {
	buf  []byte
	puts int
}

func (m *textStore) Put(text []byte) (int64, bool) {
	m.puts++
	at := int64(len(m.buf))
	m.buf = append(m.buf, text...)
	return at, true
}

func (m *textStore) Text(at int64, n int) template.HTML {
	return template.HTML(m.buf[at : at+int64(n)])
}

// TestDocKeep: a converted page whose text a store keeps resolves to the
// same HTML as one whose Doc keeps it; a page without links is published
// from the store as it is (Final), one with links is not; a page without
// text has nothing to keep; a released Doc has no text left.
func TestDocKeep(t *testing.T) {
	_, s := newRenderer(t, fixture{files: map[string]string{
		"stories/a.md": "---\ntitle: A\n---\nEen verhaal zonder links.\n",
		"stories/b.md": "---\ntitle: B\n---\nZie [het andere verhaal](a.md).\n",
		"stories/c.md": "---\ntitle: C\n---\n",
	}})
	md := NewMarkdown(s.Config.Markdown, s.Config.Language)
	for _, tc := range []struct {
		file       string
		wantIn     string // in the resolved HTML
		wantFinal  bool
		wantStored bool
	}{
		{"stories/a.md", "<p>Een verhaal zonder links.</p>", true, true},
		{"stories/b.md", `<a href="/stories/a/">het andere verhaal</a>`, false, true},
		{"stories/c.md", "", false, false},
	} {
		t.Run(tc.file, func(t *testing.T) {
			p := s.Lookup(tc.file)
			want, wantErrs := ResolveLinks(s, p, md.Convert(p.Page))
			if !strings.Contains(string(want), tc.wantIn) || len(wantErrs) > 0 {
				t.Fatalf("without a store: %q, %v", want, wantErrs)
			}

			store := &textStore{}
			doc := md.Convert(p.Page)
			doc.Keep(store)
			if stored := store.puts > 0; stored != tc.wantStored {
				t.Errorf("kept in the store: %v, want %v", stored, tc.wantStored)
			}
			if tc.wantStored && doc.HTML != nil {
				t.Errorf("the Doc still holds its HTML after Keep")
			}
			got, errs := ResolveLinks(s, p, doc)
			if string(got) != string(want) || len(errs) > 0 {
				t.Errorf("resolved from the store:\n%q, %v\nwant\n%q", got, errs, want)
			}
			final, ok := doc.Final()
			if ok != tc.wantFinal {
				t.Errorf("Final: %v, want %v", ok, tc.wantFinal)
			}
			if ok && final.Text() != template.HTML(want) {
				t.Errorf("Final text %q, want %q", final.Text(), want)
			}

			doc.Release()
			if _, ok := doc.Final(); ok {
				t.Errorf("Final after Release: true")
			}
			if got, _ := ResolveLinks(s, p, doc); len(got) > 0 {
				t.Errorf("after Release: %q, want no text", got)
			}
		})
	}

	var none *Doc
	if _, ok := none.Final(); ok {
		t.Errorf("Final of no Doc: true")
	}
}
