package render

import (
	"bytes"

	"fanfare.dev/fanfare/generator/content"
	"fanfare.dev/fanfare/generator/diag"
)

// Some Markdown costs goldmark time that grows with the square of its
// length: link openers that never close ("[a](" fifty thousand times
// takes seconds to minutes), brackets nested deep, thousands of
// footnotes, quotes or lists nested thousands deep. No story needs
// these, so budget refuses a body that has them before goldmark sees it,
// with the line where the budget ran out.
const (
	// maxBrackets is the number of "[" a paragraph may hold whatever
	// its length; above it, the brackets times the paragraph's length
	// may be at most maxBracketWork.
	maxBrackets    = 100
	maxBracketWork = 50_000_000
	// maxFootnotes is the number of footnote definitions in one file.
	maxFootnotes = 1000
	// maxNesting is the number of quote and list markers that may
	// start one line.
	maxNesting = 32
)

// budget returns an error for a page body that is over a budget, or nil.
func budget(p *content.Page) *diag.Diagnostic {
	body := p.Body
	var fence []byte                      // the open code fence
	brackets, start, startLine := 0, 0, 0 // of the current paragraph
	footnotes := 0
	// over checks the paragraph from start to end.
	over := func(end int) *diag.Diagnostic {
		if brackets > maxBrackets && int64(brackets)*int64(end-start) > maxBracketWork {
			return diag.Errorf(p.File, p.BodyLine+startLine, "this paragraph holds %d [ brackets, too many to convert in reasonable time: split it with empty lines or remove brackets that open no link", brackets)
		}
		return nil
	}
	for off, line := 0, 0; off < len(body); line++ {
		end := bytes.IndexByte(body[off:], '\n')
		if end < 0 {
			end = len(body)
		} else {
			end += off + 1
		}
		l := body[off:end]
		t := bytes.TrimLeft(l, " \t")
		switch {
		case fence != nil:
			if bytes.HasPrefix(t, fence) {
				fence = nil
			}
		case bytes.HasPrefix(t, []byte("```")) || bytes.HasPrefix(t, []byte("~~~")):
			fence = t[:3]
		case len(bytes.TrimSpace(t)) == 0 || startsBlock(t):
			// A new paragraph: check the one that ends here.
			if d := over(off); d != nil {
				return d
			}
			brackets, start, startLine = 0, off, line
			if len(bytes.TrimSpace(t)) == 0 {
				start, startLine = end, line+1 // it starts on the next line
			}
		}
		if fence == nil {
			if n := nesting(t); n > maxNesting {
				return diag.Errorf(p.File, p.BodyLine+line, "quotes or lists are nested %d deep here; at most %d are converted", n, maxNesting)
			}
			if bytes.HasPrefix(t, []byte("[^")) && bytes.Contains(t, []byte("]:")) {
				if footnotes++; footnotes > maxFootnotes {
					return diag.Errorf(p.File, p.BodyLine+line, "more than %d footnotes in one file; split the page", maxFootnotes)
				}
			}
			brackets += bytes.Count(l, []byte("["))
		}
		off = end
	}
	return over(len(body))
}

// startsBlock reports whether a line (without its indent) starts a block
// of its own: a list item, a heading or a table row. goldmark converts
// the text of each block apart.
func startsBlock(t []byte) bool {
	if len(t) == 0 {
		return false
	}
	switch t[0] {
	case '#', '|', '>':
		return true
	case '-', '*', '+':
		return len(t) > 1 && (t[1] == ' ' || t[1] == '\t')
	}
	i := 0
	for i < len(t) && i < 9 && t[i] >= '0' && t[i] <= '9' {
		i++
	}
	return i > 0 && i+1 < len(t) && (t[i] == '.' || t[i] == ')') && (t[i+1] == ' ' || t[i+1] == '\t')
}

// nesting counts the quote and list markers that start a line.
func nesting(t []byte) int {
	n := 0
	for i := 0; i < len(t); {
		switch {
		case t[i] == ' ' || t[i] == '\t':
			i++
		case t[i] == '>':
			n++
			i++
		case (t[i] == '-' || t[i] == '*' || t[i] == '+') && i+1 < len(t) && (t[i+1] == ' ' || t[i+1] == '\t'):
			n++
			i += 2
		default:
			return n
		}
	}
	return n
}
