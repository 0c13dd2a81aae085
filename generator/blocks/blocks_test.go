package blocks

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/parser"
)

func convert(t testing.TB, src string) (string, []Error) {
	t.Helper()
	md := goldmark.New(goldmark.WithExtensions(New(WithPromiseLabel("Promise"))))
	pc := parser.NewContext()
	var buf bytes.Buffer
	if err := md.Convert([]byte(src), &buf, parser.WithContext(pc)); err != nil {
		t.Fatal(err)
	}
	return buf.String(), Errors(pc)
}

func TestBlocks(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string // fragments of the HTML, in order
		errs      []string // "line: message" prefixes
	}{
		{"quote with attribution", "::: quote\nGeweldig *echt*.\n— Sanne\n:::\n",
			[]string{`<figure class="block block-quote">`, `<blockquote>`, `<p>Geweldig <em>echt</em>.</p>`, `<figcaption>Sanne</figcaption>`}, nil},
		{"quote without attribution", "::: quote\nAlleen tekst.\n:::\n", []string{`<blockquote>`, `Alleen tekst.`, `</figure>`}, nil},
		{"english before/after", "::: before-after\nBefore: slow\nAfter: fast\n:::\n",
			[]string{`<p class="block-label">Before</p>`, `<p>slow</p>`, `<p class="block-label">After</p>`, `<p>fast</p>`}, nil},
		{"metric escapes", "::: metric\n<b>NPS</b> & 60\nscore\n:::\n", []string{`&lt;b&gt;NPS&lt;/b&gt; &amp; 60`, `score`}, nil},
		{"promise label", "::: promise\nBeloofd.\n:::\n", []string{`<aside class="block block-promise" aria-label="Promise">`}, nil},
		{"longer fence holds a shorter one", ":::: promise\n::: quote\nBinnen.\n:::\n::::\n", []string{`<aside`, `<figure class="block block-quote">`, `Binnen.`, `</figure>`, `</aside>`}, nil},
		{"case-insensitive kind", "::: QUOTE\nx\n:::\n", []string{`block-quote`}, nil},
		{"unknown kind", "::: qoute\nx\n:::\n", []string{`<div class="block">`}, []string{`1: unknown story block "qoute"; did you mean "quote"?`}},
		{"unknown kind far off", "\n\n::: grafiek\nx\n:::\n", nil, []string{`3: unknown story block "grafiek" (use quote, metric, before-after, promise)`}},
		{"never closed", "tekst\n\n::: promise\nx\n", nil, []string{`3: story block "promise" is never closed`}},
		{"metric without label", "::: metric\n60\n:::\n", nil, []string{`1: story block "metric" has no label`}},
		{"empty metric", "::: metric\n:::\n", nil, []string{`1: story block "metric" is empty`}},
		{"before without after", "::: before-after\nVoor: x\n:::\n", nil, []string{`1: story block "before-after" needs`}},
		{"empty quote", "::: quote\n:::\n", nil, []string{`1: story block "quote" is empty`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			html, errs := convert(t, tt.src)
			rest := html
			for _, w := range tt.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("missing or out of order %q in\n%s", w, html)
				}
				rest = rest[i+len(w):]
			}
			if len(errs) != len(tt.errs) {
				t.Fatalf("errors %v, want %v", errs, tt.errs)
			}
			for i, e := range errs {
				got := strings.TrimSpace(strings.Join([]string{strconv.Itoa(e.Line), e.Msg}, ": "))
				if !strings.HasPrefix(got, tt.errs[i]) {
					t.Errorf("error %q, want %q", got, tt.errs[i])
				}
			}
		})
	}
}

// TestOrdinaryMarkdown: Markdown without blocks renders as without the
// extension, including colons in text and in code.
func TestOrdinaryMarkdown(t *testing.T) {
	src := "Tijd: 10:30.\n\n:: twee dubbele punten\n\n    ::: ingesprongen code\n\n```\n::: quote\n```\n\n> citaat\n\n- lijst: ja\n"
	plain := goldmark.New()
	var want bytes.Buffer
	plain.Convert([]byte(src), &want)
	got, errs := convert(t, src)
	if got != want.String() || len(errs) != 0 {
		t.Errorf("got\n%s\nwant\n%s\nerrors %v", got, want.String(), errs)
	}
}

// FuzzBlocks: any input converts without panicking, every figure, aside
// and block div is closed, and error lines lie within the input.
func FuzzBlocks(f *testing.F) {
	for _, s := range []string{
		"::: quote\nx\n-- y\n:::\n", "::: metric\n1\n2\n:::", "::: before-after\nVoor: a\nNa: b\n:::",
		":::: promise\n::: quote\nx\n:::\n::::", "::: qoute\n", ":::\n:::", "::: metric\n", "```\n:::quote\n```",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		html, errs := convert(t, src)
		for _, tag := range []string{"figure", "aside", "blockquote"} {
			if o, c := strings.Count(html, "<"+tag), strings.Count(html, "</"+tag+">"); o != c {
				t.Fatalf("%d <%s> but %d closed:\n%s", o, tag, c, html)
			}
		}
		lines := strings.Count(src, "\n") + 1
		for _, e := range errs {
			if e.Line < 1 || e.Line > lines {
				t.Fatalf("error on line %d of %d: %s", e.Line, lines, e.Msg)
			}
		}
	})
}
