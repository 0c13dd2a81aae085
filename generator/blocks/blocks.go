// Package blocks is a goldmark extension for story blocks: fenced
// containers that turn a few lines of Markdown into a pull quote, a
// metric, a before/after pair or a promise callout.
//
//	::: quote
//	De blender mailde binnen vier uur terug.
//	-- Sanne, whiskyliefhebber
//	:::
//
// A block opens with a line of three or more colons and its kind (in any
// case, spaces optional) and closes with a line of at least as many colons
// and nothing else. Spaces of any kind may come before the colons, up
// to three columns as in CommonMark, each Unicode space (a no-break
// space pasted from a word processor) one column: four ASCII spaces make
// the line code, and four columns or more that include another space are
// an error. An opening line inside a block means the block was
// never closed, unless the block holds Markdown (quote, promise) and was
// opened with more colons: then the inner block nests. Colons inside a
// fenced code block are code.
//
//   - quote holds any Markdown. If its last line starts with "-- ", "— " or
//     "– ", that line is the attribution. HTML: <figure class="block
//     block-quote"><blockquote>…</blockquote><figcaption>…</figcaption></figure>.
//   - metric: the first line is the figure, the lines after it its label
//     (both inline Markdown). HTML: <figure class="block block-metric"><p
//     class="block-metric-value">…</p><figcaption
//     class="block-metric-label">…</figcaption></figure>.
//   - before-after: a part starting "Voor:" or "Before:" and a part starting
//     "Na:" or "After:" (any case; "Vóór:" too), each one or more lines of
//     inline Markdown. The labels are the words the writer used, in a <p
//     class="block-label"><strong>, not a heading, so the page's heading
//     outline stays intact. HTML: <div class="block block-before-after"><div
//     class="block-before"><p class="block-label"><strong>Voor</strong></p><p>…</p></div>
//     <div class="block-after">…</div></div>.
//   - promise holds any Markdown. HTML: <aside class="block block-promise"
//     aria-label="Belofte">…</aside>; see WithPromiseLabel.
//
// Mistakes do not stop the conversion: they are recorded with their line
// (see Errors) and the block renders as its bare content, nothing lost: a
// quote's or promise's Markdown as usual, a metric's or before-after's
// lines as plain paragraphs. An opening line with no closing line anywhere
// after it stays a line of text. This package does no I/O.
package blocks

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// kinds are the block kinds, in the order error messages list them.
var kinds = [...]string{"quote", "metric", "before-after", "promise"}

// KindBlock and KindPart are the AST node kinds of Block and Part.
var (
	KindBlock = ast.NewNodeKind("StoryBlock")
	KindPart  = ast.NewNodeKind("StoryBlockPart")
)

// Block is a story block. Once parsed, a valid quote holds a "body" Part
// and maybe a "caption"; a metric a "value" and a "label"; a before-after
// a "before" and an "after" Part, in the writer's order; a promise holds
// its Markdown directly. An Invalid block renders only its children.
type Block struct {
	ast.BaseBlock
	Name    string // kind, lower case: quote, metric, before-after, promise or what was written
	Line    int    // 1-based line of the opening fence
	Invalid bool
	fence   int            // number of colons that opened it
	closed  bool           // by its own fence
	raw     []text.Segment // lines of a metric or before-after block
}

// Kind implements ast.Node.
func (b *Block) Kind() ast.NodeKind { return KindBlock }

// Dump implements ast.Node.
func (b *Block) Dump(src []byte, level int) {
	ast.DumpHelper(b, src, level, map[string]string{"Name": b.Name, "Invalid": strconv.FormatBool(b.Invalid)}, nil)
}

// lineBased reports whether the block reads its lines itself instead of
// letting goldmark parse them as blocks ("> 90%" is a figure, not a quote).
func (b *Block) lineBased() bool { return b.Name == "metric" || b.Name == "before-after" }

// Part is a piece of a story block: Role is "body" (block children) or
// "caption", "value", "label", "before", "after" (inline children).
// Label is the keyword a before or after part was written with.
type Part struct {
	ast.BaseBlock
	Role, Label string
}

// Kind implements ast.Node.
func (p *Part) Kind() ast.NodeKind { return KindPart }

// Dump implements ast.Node.
func (p *Part) Dump(src []byte, level int) {
	ast.DumpHelper(p, src, level, map[string]string{"Role": p.Role, "Label": p.Label}, nil)
}

// Error is a mistake in a story block, on a 1-based line of the Markdown
// given to goldmark.
type Error struct {
	Line int
	Msg  string
}

// Error implements error.
func (e Error) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

var errorsKey = parser.NewContextKey()

// Errors returns the mistakes found while parsing with pc, by line.
func Errors(pc parser.Context) []Error {
	errs, _ := pc.Get(errorsKey).([]Error)
	errs = slices.Clone(errs)
	slices.SortStableFunc(errs, func(a, b Error) int { return cmp.Compare(a.Line, b.Line) })
	return errs
}

// Option configures the extension.
type Option func(*extender)

// WithPromiseLabel sets the accessible name of promise callouts, their
// aria-label (default "Belofte").
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
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(&htmlRenderer{
		promise: string(util.EscapeHTML([]byte(e.promise))),
	}, 500)))
}

type htmlRenderer struct{ promise string } // escaped

// RegisterFuncs implements renderer.NodeRenderer.
func (r *htmlRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindBlock, r.block)
	reg.Register(KindPart, r.part)
}

func (r *htmlRenderer) block(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	b := n.(*Block)
	if b.Invalid {
		return ast.WalkContinue, nil
	}
	tag, attrs := "figure", ` class="block block-`+b.Name+`"`
	switch b.Name {
	case "before-after":
		tag = "div"
	case "promise":
		tag, attrs = "aside", attrs+` aria-label="`+r.promise+`"`
	}
	if entering {
		w.WriteString("<" + tag + attrs + ">\n")
	} else {
		w.WriteString("</" + tag + ">\n")
	}
	return ast.WalkContinue, nil
}

func (r *htmlRenderer) part(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	p := n.(*Part)
	var open, close string
	switch p.Role {
	case "body":
		open, close = "<blockquote>\n", "</blockquote>\n"
	case "caption":
		open, close = "<figcaption>", "</figcaption>\n"
	case "value":
		open, close = `<p class="block-metric-value">`, "</p>\n"
	case "label":
		open, close = `<figcaption class="block-metric-label">`, "</figcaption>\n"
	case "before", "after":
		open = `<div class="block-` + p.Role + `">` + "\n" + `<p class="block-label"><strong>` +
			string(util.EscapeHTML([]byte(p.Label))) + "</strong></p>\n<p>"
		close = "</p>\n</div>\n"
	}
	if entering {
		w.WriteString(open)
	} else {
		w.WriteString(close)
	}
	return ast.WalkContinue, nil
}
