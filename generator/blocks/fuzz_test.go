package blocks

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

var tagRE = regexp.MustCompile(`<(/?)([a-z][a-z0-9]*)[^>]*>`)

// wellFormed checks that every element of html is closed, in order, and
// that a figcaption sits directly in a figure. Raw HTML is off, so all
// tags are goldmark's or ours.
func wellFormed(html string) string {
	var open []string
	for _, m := range tagRE.FindAllStringSubmatch(html, -1) {
		closing, tag := m[1] == "/", m[2]
		switch {
		case tag == "br" || tag == "hr" || tag == "img" || tag == "input":
		case !closing && tag == "figcaption" && (len(open) == 0 || open[len(open)-1] != "figure"):
			return "<figcaption> outside <figure>"
		case !closing:
			open = append(open, tag)
		case len(open) == 0 || open[len(open)-1] != tag:
			return "</" + tag + "> closes " + strings.Join(open, ">")
		default:
			open = open[:len(open)-1]
		}
	}
	if len(open) > 0 {
		return "unclosed " + strings.Join(open, ", ")
	}
	return ""
}

// FuzzBlocks: any input converts without panicking into well-formed HTML;
// errors are sorted, reported once and lie on lines of the input; input
// without ":::" converts as without the extension. Seeded from the case
// files and testdata/fuzz/FuzzBlocks.
func FuzzBlocks(f *testing.F) {
	for _, ar := range cases(f) {
		f.Add(string(ar.Files[0].Data))
	}
	md, plain := newMarkdown(New()), newMarkdown()
	f.Fuzz(func(t *testing.T, src string) {
		html, errs := convert(t, md, src)
		if msg := wellFormed(html); msg != "" {
			t.Fatalf("%s in\n%s", msg, html)
		}
		lines := strings.Count(src, "\n") + 1
		for i, e := range errs {
			if e.Line < 1 || e.Line > lines || e.Msg == "" {
				t.Fatalf("error %q outside the %d lines", e.Error(), lines)
			}
			if i > 0 && e == errs[i-1] {
				t.Fatalf("error %q reported twice", e.Error())
			}
		}
		if !slices.IsSortedFunc(errs, func(a, b Error) int { return a.Line - b.Line }) {
			t.Fatalf("errors not sorted: %v", errs)
		}
		if !strings.Contains(src, ":::") {
			if want, _ := convert(t, plain, src); html != want || len(errs) > 0 {
				t.Fatalf("without story blocks got\n%s\nwant\n%s", html, want)
			}
		}
	})
}
