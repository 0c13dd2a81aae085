package blocks

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"unicode"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite output.html and errors in testdata/cases/")

// newMarkdown is the pipeline the site uses: GFM, footnotes and the
// typographer, plus the given extensions.
func newMarkdown(exts ...goldmark.Extender) goldmark.Markdown {
	return goldmark.New(goldmark.WithExtensions(append([]goldmark.Extender{
		extension.GFM, extension.Footnote, extension.Typographer}, exts...)...))
}

func convert(tb testing.TB, md goldmark.Markdown, src string) (string, []Error) {
	tb.Helper()
	pc := parser.NewContext()
	var buf bytes.Buffer
	if err := md.Convert([]byte(src), &buf, parser.WithContext(pc)); err != nil {
		tb.Fatal(err)
	}
	return buf.String(), Errors(pc)
}

func errorLines(errs []Error) string {
	var b strings.Builder
	for _, e := range errs {
		fmt.Fprintln(&b, e.Error())
	}
	return b.String()
}

// cases returns the testdata/cases/*.txtar archives: input.md, then
// output.html and, if there are any, errors ("line N: message" lines).
func cases(tb testing.TB) map[string]*txtar.Archive {
	files, _ := filepath.Glob("testdata/cases/*.txtar")
	if len(files) == 0 {
		tb.Fatal("no cases")
	}
	m := map[string]*txtar.Archive{}
	for _, f := range files {
		ar, err := txtar.ParseFile(f)
		if err != nil || len(ar.Files) == 0 || ar.Files[0].Name != "input.md" {
			tb.Fatalf("%s: want input.md first (%v)", f, err)
		}
		m[f] = ar
	}
	return m
}

// TestCases converts each case's input.md and compares with its
// output.html and errors; -update rewrites them. One goldmark instance
// serves all cases in parallel, as in a build.
func TestCases(t *testing.T) {
	md := newMarkdown(New())
	for file, ar := range cases(t) {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			t.Parallel()
			html, errs := convert(t, md, string(ar.Files[0].Data))
			got := []txtar.File{ar.Files[0], {Name: "output.html", Data: []byte(html)}}
			if len(errs) > 0 {
				got = append(got, txtar.File{Name: "errors", Data: []byte(errorLines(errs))})
			}
			if *update {
				ar.Files = got
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want := txtar.Format(&txtar.Archive{Files: ar.Files})
			if g := txtar.Format(&txtar.Archive{Files: got}); !bytes.Equal(g, want) {
				t.Errorf("got:\n%s\nwant:\n%s", g, want)
			}
		})
	}
}

// TestErrors: each mistake is reported once, with its line.
func TestErrors(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"unknown kind", "::: qoute\nx\n:::\n",
			`line 1: unknown story block "qoute": did you mean "quote"?`},
		{"unknown kind, near", "Tekst.\n\n::: Metrics\nx\n:::\n",
			`line 3: unknown story block "Metrics": did you mean "metric"?`},
		{"unknown kind, words after", "::: quote Sanne\nx\n:::\n",
			`line 1: unknown story block "quote Sanne": did you mean "quote"?`},
		{"unknown kind, far", "\n\n::: grafiek\nx\n:::\n",
			`line 3: unknown story block "grafiek": use quote, metric, before-after, promise`},
		// Three edits away is too far to guess: the list, not a suggestion.
		{"unknown kind, three edits away", "::: prom\nx\n:::\n",
			`line 1: unknown story block "prom": use quote, metric, before-after, promise`},
		{"unknown kind, three letters before it", "::: my quote\nx\n:::\n",
			`line 1: unknown story block "my quote": use quote, metric, before-after, promise`},
		{"never closed", "tekst\n\n::: promise\nx\n",
			`line 3: story block "promise" is never closed: end it with a line :::`},
		{"never closed, longer fence", ":::: quote\nx\n:::\n",
			"line 1: story block \"quote\" is never closed: end it with a line ::::\nline 3: ::: closes no story block"},
		{"never closed before the next block", "::: metric\n1\nx\n::: promise\np\n:::\n",
			`line 1: story block "metric" is never closed: end it with a line :::`},
		// A quote opened with as many colons as the block after it does not
		// hold it: the quote was never closed, and the last fence is stray.
		{"never closed before a block of the same fence", "::: quote\nx\n::: promise\np\n:::\nna\n:::\n",
			"line 1: story block \"quote\" is never closed: end it with a line :::\nline 7: ::: closes no story block"},
		{"never closed, closer in code", "::: quote\nx\n```\n:::\n```\n",
			`line 1: story block "quote" is never closed: end it with a line :::`},
		{"never closed, list ends", "- ::: quote\n  x\n\nbuiten\n:::\n",
			"line 1: story block \"quote\" is never closed: end it with a line :::\nline 5: ::: closes no story block"},
		{"stray closer", "tekst\n\n:::\n", `line 3: ::: closes no story block`},
		{"stray closer, no newline at the end", "tekst\n\n:::", `line 3: ::: closes no story block`},
		{"closed on the last line, no newline at the end", "::: promise\nx\n:::", ""},
		{"a fence indented four spaces is code, not the end", "::: quote\nx\n\n    :::\n:::\n", ""},
		{"metric without label", "::: metric\n60\n:::\n",
			`line 1: story block "metric" has no label: write what "60" measures on the line after it`},
		{"empty metric", "::: metric\n\n:::\n",
			`line 1: story block "metric" is empty: write the figure on the first line and its label on the next`},
		{"before without after", "::: before-after\nVoor: x\n:::\n",
			`line 1: story block "before-after" needs a part starting "Voor:" and a part starting "Na:" (or "Before:" and "After:"), each at the start of a line`},
		{"both parts on one line", "::: before-after\nVoor: x. Na: y.\n:::\n",
			`line 1: story block "before-after" needs a part starting "Voor:" and a part starting "Na:" (or "Before:" and "After:"), each at the start of a line`},
		{"text before the parts", "::: before-after\n\nIntro\nVoor: x\nNa: y\n:::\n",
			`line 3: story block "before-after": start "Intro" with "Voor:" or "Na:" (or "Before:" or "After:")`},
		{"a second part", "::: before-after\nVoor: x\nNa: y\nnA: z\n:::\n",
			`line 4: story block "before-after" has a second "nA:" part`},
		{"an empty part", "::: before-after\nVoor:\nNa: y\n:::\n",
			`line 1: story block "before-after": the "Voor:" part is empty`},
		{"empty before-after", "::: before-after\n:::\n",
			`line 1: story block "before-after" needs a part starting "Voor:" and a part starting "Na:" (or "Before:" and "After:"), each at the start of a line`},
		{"empty quote", "::: quote\n\n:::\n",
			`line 1: story block "quote" is empty: write the quote between the fences`},
		{"quote with only a name", "::: quote\n-- Sanne\n:::\n",
			`line 1: story block "quote" is empty: write the quote between the fences`},
		{"empty promise", "a\n\nb\n\n::: promise\n:::\n",
			`line 5: story block "promise" is empty: write the promise between the fences`},
		// Unicode spaces that are not ASCII (pasted from Word, typed with an
		// Asian keyboard) are spaces: the kind is read without them.
		{"unknown kind after a no-break space", ":::\u00a0qoute\nx\n:::\n",
			`line 1: unknown story block "qoute": did you mean "quote"?`},
		{"unknown kind between ideographic spaces", ":::\u3000\u3000\u3000Metrics\u3000\u3000\u3000\nx\n:::\n",
			`line 1: unknown story block "Metrics": did you mean "metric"?`},
		{"never closed, kind after a no-break space", ":::\u00a0promise\nx\n",
			`line 1: story block "promise" is never closed: end it with a line :::`},
		{"closed by a fence with a no-break space", "::: promise\nx\n:::\u00a0\n", ""},
		{"stray closer with a narrow no-break space", "tekst\n\n:::\u202f\n", `line 3: ::: closes no story block`},
		// Before the colons too, up to three columns: beyond, an error
		// naming the spaces, which are invisible.
		{"unknown kind, a no-break space before the colons", "Tekst.\n\u00a0::: qoute\nx\n:::\n",
			`line 2: unknown story block "qoute": did you mean "quote"?`},
		{"closed by a fence after an em space", "::: promise\nx\n\u2003:::\n", ""},
		{"never closed, closer after four no-break spaces", "::: quote\nx\n\u00a0\u00a0\u00a0\u00a0:::\n",
			"line 1: story block \"quote\" is never closed: end it with a line :::\n" +
				`line 3: ":::" is indented 4 columns, too far to be a story block's fence, by spaces that include U+00A0 (invisible): start the line with the colons`},
		{"a no-break space and a tab to the next tab stop", "\u00a0\t::: promise\nx\n:::\n",
			`line 1: "::: promise" is indented 4 columns, too far to be a story block's fence, by spaces that include U+00A0 (invisible): start the line with the colons` +
				"\nline 3: ::: closes no story block"},
		{"spaces named once each", "  \u3000\u00a0\u3000::: promise\nx\n",
			`line 1: "::: promise" is indented 5 columns, too far to be a story block's fence, by spaces that include U+3000, U+00A0 (invisible): start the line with the colons`},
		// Columns as goldmark counts them: from the start of the list
		// item's or quote's text, a tab to the next tab stop.
		{"a tab in a quote in a list item", "- >  \u00a0\t\f:::: promise\n",
			`line 1: ":::: promise" is indented 5 columns, too far to be a story block's fence, by spaces that include U+00A0 (invisible): start the line with the colons`},
		// A line of a metric indented four ASCII columns would be code in
		// Markdown: text of the metric, as its other lines, not an error;
		// so is a closer shorter than the fence, indented three.
		{"four spaces before colons in a metric", "::: metric\n12\nstuks\n    :::\n:::\n", ""},
		{"a tab before colons in a metric", "::: metric\n12\nstuks\n\t:::\n:::\n", ""},
		{"a shorter closer indented three columns in a metric", ":::: metric\n12\nstuks\n   :::\n::::\n", ""},
		{"several, by line", ":::: promise\n::: metric\n1\n:::\nx\n::::\n::: qoute\n:::\n",
			"line 2: story block \"metric\" has no label: write what \"1\" measures on the line after it\nline 7: unknown story block \"qoute\": did you mean \"quote\"?"},
	}
	md := newMarkdown(New())
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := convert(t, md, tt.src)
			if got := strings.TrimSpace(errorLines(errs)); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

// TestOrdinaryMarkdown: Markdown without story blocks converts exactly as
// without the extension, and reports nothing.
func TestOrdinaryMarkdown(t *testing.T) {
	tests := []string{
		"Tijd: 10:30. Verhouding 1:::2.\n",
		":: twee dubbele punten\n\nTerm:\n: geen definitielijst zonder extensie\n",
		"    ::: quote\n    ingesprongen code\n    :::\n",
		"```\n::: quote\nin code\n:::\n```\n\n~~~~\n:::\n~~~~\n",
		"> citaat\n> -- geen blok\n\n> ::quote\n",
		"- lijst: ja\n- 1:::2\n  - genest\n\n1. een\n2. twee\n",
		"# Kop\n\nTekst -- met streepjes -- en \"aanhalingstekens\".\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
		"Voetnoot[^1].\n\n[^1]: Uitleg: hier.\n",
		"<div>\n::: quote\n</div>\n", // raw HTML (omitted) is not a story block
	}
	plain, md := newMarkdown(), newMarkdown(New())
	for _, src := range tests {
		var want bytes.Buffer
		if err := plain.Convert([]byte(src), &want); err != nil {
			t.Fatal(err)
		}
		if got, errs := convert(t, md, src); got != want.String() || len(errs) != 0 {
			t.Errorf("%q:\ngot\n%s\nwant\n%s\nerrors %v", src, got, want.String(), errs)
		}
	}
	dl := goldmark.New(goldmark.WithExtensions(extension.DefinitionList))
	src := "Term\n: definitie\n\n::: promise\nMet definitielijsten.\n:::\n"
	if got, _ := convert(t, goldmark.New(goldmark.WithExtensions(extension.DefinitionList, New())), src); !strings.Contains(got, "<dl>") || !strings.Contains(got, "<aside") {
		var plain bytes.Buffer
		dl.Convert([]byte(src), &plain)
		t.Errorf("with a definition list:\n%s\nwithout blocks:\n%s", got, plain.String())
	}
}

func TestPromiseLabel(t *testing.T) {
	src := "::: promise\nBeloofd.\n:::\n"
	for _, tt := range []struct {
		opts []Option
		want string
	}{
		{nil, `<aside class="block block-promise" aria-label="Belofte">`},
		{[]Option{WithPromiseLabel("Promise")}, `<aside class="block block-promise" aria-label="Promise">`},
		{[]Option{WithPromiseLabel(`"Wij" & <jij>`)}, `aria-label="&quot;Wij&quot; &amp; &lt;jij&gt;"`},
	} {
		if got, _ := convert(t, newMarkdown(New(tt.opts...)), src); !strings.Contains(got, tt.want) {
			t.Errorf("got %s, want %s", got, tt.want)
		}
	}
}

// TestErrorsPerContext: errors belong to the conversion that found them,
// also when conversions run at once.
func TestErrorsPerContext(t *testing.T) {
	md := newMarkdown(New())
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			src := strings.Repeat("\n", i) + "::: qoute\nx\n:::\n"
			pc := parser.NewContext()
			err := md.Convert([]byte(src), &bytes.Buffer{}, parser.WithContext(pc))
			if errs := Errors(pc); err != nil || len(errs) != 1 || errs[0].Line != i+1 {
				t.Errorf("conversion %d: %v %v", i, err, errs)
			}
		})
	}
	wg.Wait()
}

// TestContextReused: a tool that passes one parser.Context to several
// conversions gets, for each document, the blocks a fresh Context gives:
// what the package remembers of a document (its lines and closing
// fences) is not used for another document of the same length, nor for a
// shorter one read from the same buffer. (Errors gathers the errors of
// every conversion made with the Context.)
func TestContextReused(t *testing.T) {
	md := newMarkdown(New())
	closed := []byte("::: promise\nJa.\n:::\n")
	open := []byte("Tekst.\n\n::: promise\n") // as long as closed, no closing line
	cut := closed[:len("::: promise\n")]      // closed's buffer, its closing line cut off
	pc := parser.NewContext()
	for _, tt := range []struct {
		name  string
		src   []byte
		block bool // whether the HTML has the promise
	}{
		{"a document without a closing line", open, false},
		{"then one of the same length with it", closed, true},
		{"then the start of that one's buffer", cut, false},
	} {
		var got bytes.Buffer
		if err := md.Convert(tt.src, &got, parser.WithContext(pc)); err != nil {
			t.Fatal(err)
		}
		want, _ := convert(t, md, string(tt.src))
		if got.String() != want {
			t.Errorf("%s, %q:\n%s\nwith a fresh Context:\n%s", tt.name, tt.src, got.String(), want)
		}
		if has := strings.Contains(want, `<aside class="block block-promise"`); has != tt.block {
			t.Errorf("%s, %q: the promise is in the HTML: %v, want %v:\n%s", tt.name, tt.src, has, tt.block, want)
		}
	}
}

// TestCRLF: files saved with Windows line endings give the same blocks.
func TestCRLF(t *testing.T) {
	md := newMarkdown(New())
	for _, ar := range cases(t) {
		src := string(ar.Files[0].Data)
		want, wantErrs := convert(t, md, src)
		got, errs := convert(t, md, strings.ReplaceAll(src, "\n", "\r\n"))
		if strings.ReplaceAll(got, "\r", "") != want || errorLines(errs) != errorLines(wantErrs) {
			t.Errorf("with CRLF:\n%s%s\nwith LF:\n%s%s", got, errorLines(errs), want, errorLines(wantErrs))
		}
	}
}

// TestUnicodeSpaces: fences with Unicode spaces that are not ASCII
// before and after the colons and at the end of the line (a narrow
// no-break space before colons that start the line, a no-break space
// after them, an ideographic space at the end) give each case's blocks
// and errors. The spaces are taken out of the HTML again: those of a
// fence inside code or text are shown.
func TestUnicodeSpaces(t *testing.T) {
	md := newMarkdown(New())
	unspace := strings.NewReplacer("\u202f", "", "\u00a0", "", "\u3000", "")
	for file, ar := range cases(t) {
		src := string(ar.Files[0].Data)
		if unspace.Replace(src) != src {
			continue // the case has such spaces already
		}
		lines := strings.SplitAfter(src, "\n")
		for i, l := range lines {
			rest := strings.TrimLeft(l, " \t>")
			colons := len(rest) - len(strings.TrimLeft(rest, ":"))
			if colons < 3 {
				continue
			}
			at := len(l) - len(rest) + colons
			body, nl := strings.CutSuffix(l[at:], "\n")
			end := ""
			if nl {
				end = "\n"
			}
			before := ""
			if at == colons { // at the start of the line: one column in
				before = "\u202f"
			}
			lines[i] = before + l[:at] + "\u00a0" + body + "\u3000" + end
		}
		spaced := strings.Join(lines, "")
		want, wantErrs := convert(t, md, src)
		got, errs := convert(t, md, spaced)
		if unspace.Replace(got) != want || errorLines(errs) != errorLines(wantErrs) {
			t.Errorf("%s with Unicode spaces:\n%s%s\nwith ASCII spaces:\n%s%s", file, got, errorLines(errs), want, errorLines(wantErrs))
		}
	}
}

// TestTrigger: goldmark hands the block parser every line whose first
// byte after the ASCII indentation is a trigger; the triggers are the
// colon and the first bytes of all other Unicode spaces, no more.
func TestTrigger(t *testing.T) {
	want := []byte{':'}
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if unicode.IsSpace(r) && !strings.ContainsRune(" \t\n\r", r) {
			if b := string(r)[0]; !bytes.Contains(want, []byte{b}) {
				want = append(want, b)
			}
		}
	}
	if got := (blockParser{}).Trigger(); !bytes.Equal(got, want) {
		t.Errorf("Trigger() = %q, want %q", got, want)
	}
}
