package blocks

// This file is the block parser: fences, the lines between them, and
// the checks and restructuring done when a block closes.

import (
	"bytes"
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// blockParser is a parser.BlockParser for story blocks. Its state lives
// in the Block nodes and in the parser.Context, so one serves all
// conversions at once.
type blockParser struct{}

// Trigger returns the colon and the first bytes of the other Unicode
// spaces that may come before it (see spaces): U+000B and U+000C;
// U+0085 and U+00A0 (0xC2); U+1680 (0xE1); U+2000 to U+200A, U+2028,
// U+2029, U+202F and U+205F (0xE2); U+3000 (0xE3). goldmark hands a
// line to the parsers of the byte after its ASCII indentation only.
func (blockParser) Trigger() []byte { return []byte{':', '\v', '\f', 0xc2, 0xe1, 0xe2, 0xe3} }

func (blockParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	pos := pc.BlockOffset()
	if pos < 0 {
		return nil, parser.NoChildren
	}
	w, skip := spaces(line[pos:], reader.LineOffset()+pc.BlockIndent())
	w, pos = w+pc.BlockIndent(), pos+skip
	n, name, ok := fence(line[pos:])
	if !ok {
		return nil, parser.NoChildren
	}
	ix := docIndex(pc, reader.Source())
	at := ix.line(seg.Start)
	switch {
	case w > 3: // goldmark made no code of it: some of the spaces are not ASCII
		report(pc, at, "%s", tooFar(line[:pos], w, line[pos:pos+n], name))
		return nil, parser.NoChildren
	case name == "":
		report(pc, at, "%s closes no story block", line[pos:pos+n])
		return nil, parser.NoChildren
	case !ix.closedAfter(seg.Start, n):
		report(pc, at, "story block %q is never closed: end it with a line %s", name, line[pos:pos+n])
		return nil, parser.NoChildren
	}
	b := &Block{Name: strings.ToLower(name), Line: at, fence: n}
	if !slices.Contains(kinds[:], b.Name) {
		b.Invalid = true
		report(pc, at, "%s", unknown(name))
	}
	reader.AdvanceToEOL()
	if b.lineBased() {
		return b, parser.NoChildren
	}
	return b, parser.HasChildren
}

func (blockParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	b := node.(*Block)
	line, seg := reader.PeekLine()
	w, pos := spaces(line, reader.LineOffset())
	if w < 4 && !inCode(b, pc) {
		if n, name, ok := fence(line[pos:]); ok && name == "" && n >= b.fence {
			b.closed = true
			reader.AdvanceToEOL()
			return parser.Close
		} else if ok && name != "" && (n >= b.fence || b.lineBased()) {
			return parser.Close // another block opens: this one was never closed
		}
	}
	if b.lineBased() {
		// Open reports such a line in a block of Markdown; here it would
		// be a line of the block, its colons published as text.
		if ascii, _ := util.IndentWidth(line, reader.LineOffset()); w > 3 && ascii < 4 {
			if n, name, ok := fence(line[pos:]); ok {
				report(pc, docIndex(pc, reader.Source()).line(seg.Start), "%s", tooFar(line[:pos], w, line[pos:pos+n], name))
			}
		}
		b.raw = append(b.raw, seg)
		reader.AdvanceToEOL()
		return parser.Continue | parser.NoChildren
	}
	return parser.Continue | parser.HasChildren
}

// inCode reports whether a fenced code block is open inside b.
func inCode(b *Block, pc parser.Context) bool {
	opened := pc.OpenedBlocks()
	for i := len(opened) - 1; i >= 0 && opened[i].Node != b; i-- {
		if opened[i].Node.Kind() == ast.KindFencedCodeBlock {
			return true
		}
	}
	return false
}

func (blockParser) Close(node ast.Node, reader text.Reader, pc parser.Context) {
	b, src := node.(*Block), reader.Source()
	line, msg := b.Line, ""
	switch {
	case b.Invalid: // an unknown kind, reported when opened
	case !b.closed:
		msg = fmt.Sprintf("story block %q is never closed: end it with a line %s", b.Name, strings.Repeat(":", b.fence))
	case b.Name == "quote":
		msg = b.quote(src)
	case b.Name == "metric":
		msg = b.metric(src)
	case b.Name == "before-after":
		line, msg = b.beforeAfter(src, docIndex(pc, src))
	case b.Name == "promise" && b.FirstChild() == nil:
		msg = `story block "promise" is empty: write the promise between the fences`
	}
	if msg != "" {
		b.Invalid = true
		report(pc, line, "%s", msg)
	}
	if b.Invalid && b.lineBased() { // keep the text, as paragraphs
		var p *ast.Paragraph
		for _, seg := range b.raw {
			if seg = seg.TrimLeftSpace(src); seg.IsEmpty() {
				p = nil
				continue
			}
			if p == nil {
				p = ast.NewParagraph()
				b.AppendChild(b, p)
			}
			p.Lines().Append(seg)
		}
		for c := b.FirstChild(); c != nil; c = c.NextSibling() {
			trimLast(c.Lines(), src)
		}
	}
}

func (blockParser) CanInterruptParagraph() bool { return true }
func (blockParser) CanAcceptIndentedLine() bool { return false }

// quote moves the Markdown into a body part and the last line, if it is
// an attribution, into a caption.
func (b *Block) quote(src []byte) string {
	var caption *Part
	p, _ := b.LastChild().(*ast.Paragraph)
	if p != nil {
		last := p.Lines().At(p.Lines().Len() - 1)
		for _, dash := range []string{"-- ", "— ", "– "} {
			if bytes.HasPrefix(last.Value(src), []byte(dash)) {
				rest := last.WithStart(last.Start + len(dash))
				caption = newPart("caption", "", []text.Segment{rest.TrimLeftSpace(src)}, src)
				break
			}
		}
	}
	if b.FirstChild() == nil || caption != nil && b.FirstChild() == p && p.Lines().Len() == 1 {
		return `story block "quote" is empty: write the quote between the fences`
	}
	if caption != nil && p.Lines().Len() == 1 {
		b.RemoveChild(b, p)
	} else if caption != nil {
		p.Lines().SetSliced(0, p.Lines().Len()-1)
		trimLast(p.Lines(), src)
	}
	body := &Part{Role: "body"}
	for c := b.FirstChild(); c != nil; c = b.FirstChild() {
		body.AppendChild(body, c)
	}
	b.AppendChild(b, body)
	if caption != nil {
		b.AppendChild(b, caption)
	}
	return ""
}

// metric splits the lines into the figure and its label.
func (b *Block) metric(src []byte) string {
	lines := b.nonBlank(src)
	switch len(lines) {
	case 0:
		return `story block "metric" is empty: write the figure on the first line and its label on the next`
	case 1:
		return fmt.Sprintf(`story block "metric" has no label: write what %q measures on the line after it`, bytes.TrimSpace(lines[0].Value(src)))
	}
	b.AppendChild(b, newPart("value", "", lines[:1], src))
	b.AppendChild(b, newPart("label", "", lines[1:], src))
	return ""
}

// beforeAfter splits the lines into parts at "Voor:", "Na:", "Before:"
// and "After:", and returns the line of the first problem and its message.
func (b *Block) beforeAfter(src []byte, ix *index) (int, string) {
	var parts []*Part
	var lines [][]text.Segment
	for _, seg := range b.nonBlank(src) {
		v := seg.Value(src)
		role, word := "", ""
		if i := bytes.IndexByte(v, ':'); i > 0 {
			word = string(v[:i])
			switch strings.ToLower(word) {
			case "voor", "vóór", "before":
				role = "before"
			case "na", "after":
				role = "after"
			}
		}
		switch {
		case role != "" && slices.ContainsFunc(parts, func(p *Part) bool { return p.Role == role }):
			return ix.line(seg.Start), fmt.Sprintf(`story block "before-after" has a second %q part`, word+":")
		case role != "":
			parts, lines = append(parts, &Part{Role: role, Label: word}), append(lines, nil)
			seg = seg.WithStart(seg.Start + len(word) + 1)
			if seg = seg.TrimLeftSpace(src); seg.IsEmpty() {
				continue
			}
		case parts == nil:
			return ix.line(seg.Start), fmt.Sprintf(`story block "before-after": start %q with "Voor:" or "Na:" (or "Before:" or "After:")`, bytes.TrimSpace(v))
		}
		lines[len(lines)-1] = append(lines[len(lines)-1], seg)
	}
	if len(parts) < 2 {
		return b.Line, `story block "before-after" needs a part starting "Voor:" and a part starting "Na:" (or "Before:" and "After:"), each at the start of a line`
	}
	for i, p := range parts {
		if len(lines[i]) == 0 {
			return b.Line, fmt.Sprintf(`story block "before-after": the %q part is empty`, p.Label+":")
		}
	}
	for i, p := range parts {
		p.Lines().AppendAll(lines[i])
		trimLast(p.Lines(), src)
		b.AppendChild(b, p)
	}
	return 0, ""
}

// nonBlank returns the lines of a line-based block that hold text.
func (b *Block) nonBlank(src []byte) []text.Segment {
	var lines []text.Segment
	for _, seg := range b.raw {
		if seg = seg.TrimLeftSpace(src); !seg.IsEmpty() {
			lines = append(lines, seg)
		}
	}
	return lines
}

// newPart returns a part holding lines as inline Markdown.
func newPart(role, label string, lines []text.Segment, src []byte) *Part {
	p := &Part{Role: role, Label: label}
	p.Lines().AppendAll(lines)
	trimLast(p.Lines(), src)
	return p
}

func trimLast(lines *text.Segments, src []byte) {
	if n := lines.Len(); n > 0 {
		last := lines.At(n - 1)
		lines.Set(n-1, last.TrimRightSpace(src))
	}
}

// spaces returns the width in columns of the spaces line starts with,
// col being the column of line[0], and their length in bytes. A tab
// goes to the next tab stop, as in goldmark; any other Unicode space
// counts as one column, not only an ASCII space: a no-break space pasted
// from a word processor before "::: quote" is as invisible as the
// spaces after it (see fence).
func spaces(line []byte, col int) (width, n int) {
	for n < len(line) {
		r, size := utf8.DecodeRune(line[n:])
		switch {
		case r == '\t':
			width += util.TabWidth(col + width)
		case r == '\n' || r == '\r' || !unicode.IsSpace(r):
			return width, n
		default:
			width++
		}
		n += size
	}
	return width, n
}

// tooFar describes a fence indented more than three columns, some of
// them by spaces that are not ASCII (with ASCII spaces alone it is code):
// which spaces, since they are invisible, and what to do.
func tooFar(indent []byte, width int, colons []byte, name string) string {
	var odd []string
	for _, r := range string(indent) {
		if r >= utf8.RuneSelf && unicode.IsSpace(r) {
			if u := fmt.Sprintf("U+%04X", r); !slices.Contains(odd, u) {
				odd = append(odd, u)
			}
		}
	}
	what := string(colons)
	if name != "" {
		what += " " + name
	}
	return fmt.Sprintf("%q is indented %d columns, too far to be a story block's fence, by spaces that include %s (invisible): start the line with the colons",
		what, width, strings.Join(odd, ", "))
}

// fence reads a fence line from its first colon: the number of colons and
// the kind written after them ("" on a closing fence). Any Unicode space
// around the kind is left out, not only goldmark's ASCII ones: a no-break
// space pasted from a word processor, an ideographic space typed with an
// Asian keyboard, both invisible.
func fence(line []byte) (n int, name string, ok bool) {
	for n < len(line) && line[n] == ':' {
		n++
	}
	return n, string(bytes.TrimFunc(line[n:], unicode.IsSpace)), n >= 3
}

var indexKey = parser.NewContextKey()

// index maps offsets of a source to lines and knows its closing fences.
type index struct {
	src     []byte
	starts  []int // offset of each line
	closers []int // offsets of lines that may close a block ("> :::" too)
	longest []int // the longest of the fences closers[i:]
}

// docIndex returns the index of src, made once per conversion.
func docIndex(pc parser.Context, src []byte) *index {
	if ix, ok := pc.Get(indexKey).(*index); ok && len(ix.src) == len(src) && (len(src) == 0 || &ix.src[0] == &src[0]) {
		return ix
	}
	ix := &index{src: src}
	var fences []int
	for off := 0; off < len(src); {
		end := len(src)
		if i := bytes.IndexByte(src[off:], '\n'); i >= 0 {
			end = off + i + 1
		}
		ix.starts = append(ix.starts, off)
		if n, name, ok := fence(bytes.TrimLeftFunc(src[off:end], isIndent)); ok && name == "" {
			ix.closers, fences = append(ix.closers, off), append(fences, n)
		}
		off = end
	}
	ix.longest = make([]int, len(fences)+1)
	for i := len(fences) - 1; i >= 0; i-- {
		ix.longest[i] = max(fences[i], ix.longest[i+1])
	}
	pc.Set(indexKey, ix)
	return ix
}

// isIndent reports whether r may come before a closing fence's colons:
// a blockquote's marker or a space, any Unicode space but a line end.
func isIndent(r rune) bool { return r == '>' || r != '\n' && r != '\r' && unicode.IsSpace(r) }

// line returns the 1-based line of a byte offset.
func (ix *index) line(off int) int { return sort.SearchInts(ix.starts, off+1) }

// closedAfter reports whether a line after off may close a fence of n
// colons.
func (ix *index) closedAfter(off, n int) bool {
	return ix.longest[sort.SearchInts(ix.closers, off+1)] >= n
}

// report records a mistake in pc, for Errors.
func report(pc parser.Context, line int, format string, args ...any) {
	errs, _ := pc.Get(errorsKey).([]Error)
	pc.Set(errorsKey, append(errs, Error{line, fmt.Sprintf(format, args...)}))
}

// unknown describes an unknown kind, suggesting the nearest known one.
func unknown(name string) string {
	best, dist := "", 3 // suggest only kinds at most two edits away
	for _, k := range kinds {
		d := distance(strings.ToLower(name), k)
		if f := strings.Fields(strings.ToLower(name)); len(f) > 1 && f[0] == k {
			d = 0 // "quote Sanne"
		}
		if d < dist {
			best, dist = k, d
		}
	}
	if best == "" {
		return fmt.Sprintf("unknown story block %q: use %s", name, strings.Join(kinds[:], ", "))
	}
	return fmt.Sprintf("unknown story block %q: did you mean %q?", name, best)
}

// distance is the Levenshtein distance between a and b, in runes.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	row := make([]int, len(rb)+1)
	for j := range row {
		row[j] = j
	}
	for i := range ra {
		prev := row[0]
		row[0] = i + 1
		for j := range rb {
			cost := 1
			if ra[i] == rb[j] {
				cost = 0
			}
			prev, row[j+1] = row[j+1], min(row[j+1]+1, row[j]+1, prev+cost)
		}
	}
	return row[len(rb)]
}
