// Package blocks is a goldmark extension for story blocks: fenced
// containers that turn a few lines of Markdown into a pull quote, a
// metric highlight, a before/after pair or a promise callout.
//
//	::: quote
//	De blender mailde binnen vier uur terug.
//	-- Sanne, whiskyliefhebber
//	:::
//
//	::: metric
//	< 30 min
//	Reactietijd op Twitter, 24/7
//	:::
//
//	::: before-after
//	Voor: een formulier van twintig vragen.
//	Na: één vraag, beantwoord door een mens.
//	:::
//
//	::: promise
//	Je mag alles 365 dagen lang terugsturen.
//	:::
//
// A block opens with three or more colons and its kind, and closes with a
// line of at least as many colons. Quotes and promises hold any Markdown;
// in a quote, a last line starting with "-- " or "— " names who said it.
// A metric's first line is the figure and the rest its label; a
// before/after block has a part starting "Voor:" (or "Before:") and one
// starting "Na:" (or "After:"). Mistakes (an unknown kind, a block never
// closed, a metric without a label, a before/after without both parts, an
// empty block) are recorded with their line; see Errors.
package blocks

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Kinds are the block kinds, in the order the documentation lists them.
var Kinds = []string{"quote", "metric", "before-after", "promise"}

// KindBlock is the AST node kind of a story block.
var KindBlock = ast.NewNodeKind("StoryBlock")

// Block is a story block in the AST.
type Block struct {
	ast.BaseBlock
	Name   string // quote, metric, before-after or promise
	Fence  int    // number of colons that opened it
	Closed bool
	Line   int // 1-based line of the opening fence in the source
	// Raw lines of blocks that do not hold Markdown (metric, before/after)
	// and a quote's attribution.
	Raw         []string
	Attribution string
}

// Dump implements ast.Node.
func (b *Block) Dump(source []byte, level int) {
	ast.DumpHelper(b, source, level, map[string]string{"Name": b.Name}, nil)
}

// Kind implements ast.Node.
func (b *Block) Kind() ast.NodeKind { return KindBlock }

// Error is a mistake in a block, with the line it is on (1-based, in the
// Markdown given to goldmark).
type Error struct {
	Line int
	Msg  string
}

var errorsKey = parser.NewContextKey()

// Errors returns the mistakes found while parsing with pc.
func Errors(pc parser.Context) []Error {
	errs, _ := pc.Get(errorsKey).([]Error)
	return errs
}

func report(pc parser.Context, line int, format string, args ...any) {
	errs, _ := pc.Get(errorsKey).([]Error)
	pc.Set(errorsKey, append(errs, Error{Line: line, Msg: fmt.Sprintf(format, args...)}))
}

// fence parses a fence line: the number of colons and the word after them.
func fence(line []byte) (int, string, bool) {
	line = util.TrimRightSpace(util.TrimLeftSpace(line))
	n := 0
	for n < len(line) && line[n] == ':' {
		n++
	}
	if n < 3 {
		return 0, "", false
	}
	return n, strings.TrimSpace(string(line[n:])), true
}

type blockParser struct{}

func (blockParser) Trigger() []byte { return []byte{':'} }

func (blockParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	n, kind, ok := fence(line)
	if !ok || kind == "" || pc.BlockOffset() < 0 {
		return nil, parser.NoChildren
	}
	b := &Block{Name: strings.ToLower(kind), Fence: n, Line: lineOf(reader.Source(), seg.Start)}
	if !known(b.Name) {
		msg := fmt.Sprintf("unknown story block %q (use %s)", kind, strings.Join(Kinds, ", "))
		if s := nearest(b.Name); s != "" {
			msg = fmt.Sprintf("unknown story block %q; did you mean %q?", kind, s)
		}
		report(pc, b.Line, "%s", msg)
	}
	reader.AdvanceToEOL()
	if b.holdsMarkdown() {
		return b, parser.HasChildren
	}
	return b, parser.NoChildren
}

func (b *Block) holdsMarkdown() bool { return b.Name != "metric" && b.Name != "before-after" }

func (blockParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	b := node.(*Block)
	line, _ := reader.PeekLine()
	if n, kind, ok := fence(line); ok && kind == "" && n >= b.Fence {
		reader.AdvanceToEOL()
		b.Closed = true
		return parser.Close
	}
	trimmed := strings.TrimSpace(string(line))
	if b.Name == "quote" && (strings.HasPrefix(trimmed, "-- ") || strings.HasPrefix(trimmed, "— ")) {
		b.Attribution = strings.TrimSpace(strings.TrimLeft(trimmed, "-— "))
		reader.AdvanceToEOL()
		return parser.Continue | parser.NoChildren
	}
	if !b.holdsMarkdown() {
		if trimmed != "" {
			b.Raw = append(b.Raw, trimmed)
		}
		reader.AdvanceToEOL()
		return parser.Continue | parser.NoChildren
	}
	return parser.Continue | parser.HasChildren
}

func (blockParser) Close(node ast.Node, reader text.Reader, pc parser.Context) {
	b := node.(*Block)
	switch {
	case !b.Closed:
		report(pc, b.Line, "story block %q is never closed: add a line with %s after it", b.Name, strings.Repeat(":", b.Fence))
	case !known(b.Name):
	case b.holdsMarkdown() && b.FirstChild() == nil:
		report(pc, b.Line, "story block %q is empty", b.Name)
	case b.Name == "metric" && len(b.Raw) == 0:
		report(pc, b.Line, "story block \"metric\" is empty: write the figure on the first line and its label on the next")
	case b.Name == "metric" && len(b.Raw) < 2:
		report(pc, b.Line, "story block \"metric\" has no label: write what %q measures on the line after it", b.Raw[0])
	case b.Name == "before-after":
		if before, after := split(b.Raw); before.text == "" || after.text == "" {
			report(pc, b.Line, "story block \"before-after\" needs a part starting \"Voor:\" and a part starting \"Na:\" (or Before: and After:)")
		}
	}
}

func (blockParser) CanInterruptParagraph() bool { return true }
func (blockParser) CanAcceptIndentedLine() bool { return false }

func known(kind string) bool {
	for _, k := range Kinds {
		if k == kind {
			return true
		}
	}
	return false
}

// nearest suggests the kind closest to a misspelt one (same letters, or
// one letter off).
func nearest(kind string) string {
	for _, k := range Kinds {
		if sameLetters(k, kind) || (len(k) == len(kind) && diff(k, kind) <= 1) || strings.HasPrefix(k, kind) || strings.HasPrefix(kind, k) {
			return k
		}
	}
	return ""
}

func sameLetters(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	count := map[rune]int{}
	for _, r := range a {
		count[r]++
	}
	for _, r := range b {
		count[r]--
	}
	for _, n := range count {
		if n != 0 {
			return false
		}
	}
	return true
}

func diff(a, b string) int {
	n := 0
	for i := range a {
		if a[i] != b[i] {
			n++
		}
	}
	return n
}

// part is one side of a before/after block.
type part struct{ label, text string }

// split finds the before and after parts among a block's lines.
func split(lines []string) (before, after part) {
	cur := (*part)(nil)
	for _, l := range lines {
		lower := strings.ToLower(l)
		switch {
		case strings.HasPrefix(lower, "voor:") || strings.HasPrefix(lower, "before:"):
			cur = &before
		case strings.HasPrefix(lower, "na:") || strings.HasPrefix(lower, "after:"):
			cur = &after
		default:
			if cur != nil {
				cur.text = strings.TrimSpace(cur.text + " " + l)
			}
			continue
		}
		i := strings.IndexByte(l, ':')
		cur.label, cur.text = strings.TrimSpace(l[:i]), strings.TrimSpace(l[i+1:])
	}
	return before, after
}

func lineOf(src []byte, off int) int { return bytes.Count(src[:off], []byte("\n")) + 1 }

// Option configures the extension.
type Option func(*extender)

// WithPromiseLabel sets the accessible name of promise callouts
// (default "Belofte").
func WithPromiseLabel(label string) Option { return func(e *extender) { e.promise = label } }

type extender struct{ promise string }

// New returns the story blocks extension.
func New(opts ...Option) goldmark.Extender {
	e := &extender{promise: "Belofte"}
	for _, o := range opts {
		o(e)
	}
	return e
}

// Extend implements goldmark.Extender.
func (e *extender) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithBlockParsers(util.Prioritized(blockParser{}, 150)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(&blockRenderer{promise: e.promise}, 150)))
}

type blockRenderer struct{ promise string }

func (r *blockRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindBlock, r.render)
}

func (r *blockRenderer) render(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	b := node.(*Block)
	esc := func(s string) { w.Write(util.EscapeHTML([]byte(s))) }
	switch b.Name {
	case "quote":
		if entering {
			w.WriteString("<figure class=\"block block-quote\">\n<blockquote>\n")
			return ast.WalkContinue, nil
		}
		w.WriteString("</blockquote>\n")
		if b.Attribution != "" {
			w.WriteString("<figcaption>")
			esc(b.Attribution)
			w.WriteString("</figcaption>\n")
		}
		w.WriteString("</figure>\n")
	case "promise":
		if entering {
			w.WriteString("<aside class=\"block block-promise\" aria-label=\"")
			esc(r.promise)
			w.WriteString("\">\n")
			return ast.WalkContinue, nil
		}
		w.WriteString("</aside>\n")
	case "metric":
		if !entering {
			return ast.WalkContinue, nil
		}
		w.WriteString("<figure class=\"block block-metric\">\n<p class=\"block-metric-value\">")
		if len(b.Raw) > 0 {
			esc(b.Raw[0])
		}
		w.WriteString("</p>\n<figcaption class=\"block-metric-label\">")
		if len(b.Raw) > 1 {
			esc(strings.Join(b.Raw[1:], " "))
		}
		w.WriteString("</figcaption>\n</figure>\n")
	case "before-after":
		if !entering {
			return ast.WalkContinue, nil
		}
		before, after := split(b.Raw)
		w.WriteString("<div class=\"block block-before-after\">\n")
		for _, p := range []struct {
			class string
			part
		}{{"block-before", before}, {"block-after", after}} {
			w.WriteString("<div class=\"" + p.class + "\">\n<p class=\"block-label\">")
			esc(p.label)
			w.WriteString("</p>\n<p>")
			esc(p.text)
			w.WriteString("</p>\n</div>\n")
		}
		w.WriteString("</div>\n")
	default: // unknown kind: keep the content, already reported
		if entering {
			w.WriteString("<div class=\"block\">\n")
			for _, l := range b.Raw {
				w.WriteString("<p>")
				esc(l)
				w.WriteString("</p>\n")
			}
			return ast.WalkContinue, nil
		}
		w.WriteString("</div>\n")
	}
	return ast.WalkContinue, nil
}
