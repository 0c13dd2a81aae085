package render

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"fanfare.dev/fanfare/generator/htmlsafe"
	"fanfare.dev/fanfare/generator/site"
)

// safeHTML is an HTML block made safe.
type safeHTML struct {
	ast.BaseBlock
	html []byte
}

var kindSafeHTML = ast.NewNodeKind("SafeHTML")

// Kind implements ast.Node.
func (n *safeHTML) Kind() ast.NodeKind { return kindSafeHTML }

// Dump implements ast.Node.
func (n *safeHTML) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// safeHTMLRenderer writes safe HTML blocks as they are.
type safeHTMLRenderer struct{}

// RegisterFuncs implements renderer.NodeRenderer.
func (safeHTMLRenderer) RegisterFuncs(r renderer.NodeRendererFuncRegisterer) {
	r.Register(kindSafeHTML, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.Write(n.(*safeHTML).html)
		}
		return ast.WalkContinue, nil
	})
}

// htmlKeeper keeps the raw HTML of a body, made safe by the policy: each
// kind of removal is a warning on the line of its first occurrence.
// Relative links and images in it are marked as Markdown's are.
type htmlKeeper struct {
	policy *htmlsafe.Policy
}

// rawText matches an inline tag whose content goes with it.
var rawText = regexp.MustCompile(`(?i)^<(script|style|noscript|textarea|template|iframe)[\s>]`)

// Transform implements parser.ASTTransformer.
func (h htmlKeeper) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st, ok := pc.Get(linksKey).(*linkState)
	if !ok {
		return
	}
	src := reader.Source()
	var nodes []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && (n.Kind() == ast.KindHTMLBlock || n.Kind() == ast.KindRawHTML) {
			nodes = append(nodes, n)
		}
		return ast.WalkContinue, nil
	})
	for _, n := range nodes {
		if n.Parent() == nil {
			continue // the content of an inline <script> removed below
		}
		segs := htmlSegments(n)
		if len(segs) == 0 {
			continue
		}
		var raw []byte
		for _, s := range segs {
			raw = append(raw, s.Value(src)...)
		}
		out, removed := h.policy.Sanitize(raw)
		for _, r := range removed {
			if st.warned[r.Kind] {
				continue
			}
			if st.warned == nil {
				st.warned = map[htmlsafe.Kind]bool{}
			}
			st.warned[r.Kind] = true
			st.warn(src, sourceOffset(segs, r.Offset), r.Message())
		}
		out = htmlsafe.Rewrite(out, st.linkRewriter(st.line(src, segs[0].Start)))
		replaceHTML(n, src, raw, out)
	}
}

// htmlSegments returns the source segments of an HTML block (with its
// closing line) or of inline HTML.
func htmlSegments(n ast.Node) []text.Segment {
	var segs []text.Segment
	switch n := n.(type) {
	case *ast.HTMLBlock:
		for i := range n.Lines().Len() {
			segs = append(segs, n.Lines().At(i))
		}
		if n.HasClosure() {
			segs = append(segs, n.ClosureLine)
		}
	case *ast.RawHTML:
		for i := range n.Segments.Len() {
			segs = append(segs, n.Segments.At(i))
		}
	}
	return segs
}

// linkRewriter returns the function that htmlsafe.Rewrite calls for each
// link of the HTML on line: a relative link, or a picture at a root
// path, becomes a placeholder resolved with the Markdown's links. A
// picture whose own tag gives a width or height keeps it and gets none
// of its own.
func (st *linkState) linkRewriter(line int) func(t htmlsafe.Tag) (string, []string, bool) {
	return func(t htmlsafe.Tag) (string, []string, bool) {
		image := t.Name == "img"
		if !site.IsRelative(t.Dest) && !(image && rootPath(t.Dest)) {
			return "", nil, false
		}
		l := Link{Dest: t.Dest, Line: line, Image: image}
		l.Sized = image && (t.Has("width") || t.Has("height"))
		st.doc.Links = append(st.doc.Links, l)
		return linkPrefix + strconv.Itoa(len(st.doc.Links)-1) + ":", []string{"srcset", "sizes", "loading", "decoding"}, true
	}
}

// replaceHTML puts the sanitized HTML out in the place of the node n,
// whose source was raw; an inline <script>…</script> loses its text too.
func replaceHTML(n ast.Node, src, raw, out []byte) {
	parent := n.Parent()
	if n.Kind() == ast.KindHTMLBlock {
		b := &safeHTML{html: out}
		b.SetLines(n.Lines())
		parent.ReplaceChild(parent, n, b)
		return
	}
	if m := rawText.FindSubmatch(raw); m != nil {
		end := "</" + strings.ToLower(string(m[1]))
		for c := n.NextSibling(); c != nil; {
			next := c.NextSibling()
			if r, ok := c.(*ast.RawHTML); ok && r.Segments.Len() > 0 {
				first := r.Segments.At(0)
				if strings.HasPrefix(strings.ToLower(string(first.Value(src))), end) {
					break
				}
			}
			parent.RemoveChild(parent, c)
			c = next
		}
	}
	s := ast.NewString(out)
	s.SetCode(true) // written as it is
	parent.ReplaceChild(parent, n, s)
}

// sourceOffset maps an offset in the concatenated segments to the source.
func sourceOffset(segs []text.Segment, off int) int {
	for _, s := range segs {
		if off < s.Len() {
			return s.Start + off
		}
		off -= s.Len()
	}
	return segs[len(segs)-1].Start
}

// unparsedLinks warns of links and images that Markdown did not read
// because their target holds a space: ![Foto](Mijn foto.jpg) is text.
type unparsedLinks struct{}

var unparsed = regexp.MustCompile(`(!?)\[([^\]\n]*)\]\(([^)<>\n"]*[^)<>\n" ]\s+[^)<>\n"]*[^)<>\n" ])\)`)

// Transform implements parser.ASTTransformer.
func (unparsedLinks) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st, ok := pc.Get(linksKey).(*linkState)
	if !ok {
		return
	}
	src := reader.Source()
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering || n.Type() != ast.TypeBlock || n.Lines().Len() == 0 || n.Kind() == ast.KindFencedCodeBlock ||
			n.Kind() == ast.KindCodeBlock || n.Kind() == ast.KindHTMLBlock || n.Kind() == kindSafeHTML {
			return ast.WalkContinue, nil
		}
		var inPlain func(off int) bool // made once a line may hold a match
		for i := range n.Lines().Len() {
			seg := n.Lines().At(i)
			line := seg.Value(src)
			if !mayHoldUnparsed(line) {
				continue
			}
			if inPlain == nil {
				inPlain = plainText(n)
			}
			for _, m := range unparsed.FindAllSubmatchIndex(line, -1) {
				if inPlain(seg.Start + m[0]) {
					st.warn(src, seg.Start+m[0], unparsedMessage(line, m))
				}
			}
		}
		return ast.WalkSkipChildren, nil
	})
}

// plainText reports whether a source offset is in the plain text of block
// n: a link that did not parse is in it, syntax and code are not.
func plainText(n ast.Node) func(off int) bool {
	var plain []text.Segment
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if c.Kind() == ast.KindCodeSpan {
			return ast.WalkSkipChildren, nil
		}
		if t, ok := c.(*ast.Text); ok && entering {
			plain = append(plain, t.Segment)
		}
		return ast.WalkContinue, nil
	})
	return func(off int) bool {
		for _, s := range plain {
			if off >= s.Start && off < s.Stop {
				return true
			}
		}
		return false
	}
}

// unparsedMessage is the warning for match m of unparsed in line.
func unparsedMessage(line []byte, m []int) string {
	alt, dest := string(line[m[4]:m[5]]), string(line[m[6]:m[7]])
	what, open, a := "link", "[", "a link"
	if m[3] > m[2] {
		what, open, a = "image", "![", "an image"
	}
	return fmt.Sprintf("%s %q is shown as text, not as %s: a file name with spaces must be written in <…>, %s%s](<%s>), or the file renamed to %q",
		what, dest, a, open, alt, dest, hyphenate(dest))
}

// mayHoldUnparsed reports whether line can hold a match of unparsed: a
// "](" whose target, up to the next ")", holds white space. Most lines
// have none, and the regular expression took an eighth of a 10,000-story
// build's processor time. TestMayHoldUnparsed checks it never says no
// where the expression matches.
func mayHoldUnparsed(line []byte) bool {
	for {
		i := bytes.Index(line, []byte("]("))
		if i < 0 {
			return false
		}
		line = line[i+2:]
		j := bytes.IndexByte(line, ')')
		if j < 0 {
			return false
		}
		if bytes.ContainsAny(line[:j], " \t\n\f\r") {
			return true
		}
	}
}

// hyphenate suggests a file name without spaces.
func hyphenate(name string) string {
	return strings.ToLower(strings.Join(strings.Fields(name), "-"))
}

// headingIDs makes heading ids as Hugo does by default: lower case,
// letters of every script kept (## Lösung → lösung, ## 解決策 → 解決策),
// spaces become hyphens, other punctuation goes; a repeated id gets -1,
// -2….
type headingIDs struct {
	used map[string]bool
}

// Generate implements parser.IDs.
func (h *headingIDs) Generate(value []byte, _ ast.NodeKind) []byte {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(string(value))) {
		switch {
		case unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r) || r == '_' || r == '-':
			b.WriteRune(r)
		case unicode.IsSpace(r):
			b.WriteByte('-')
		}
	}
	id := b.String()
	if id == "" {
		id = "heading"
	}
	if h.used == nil {
		h.used = map[string]bool{}
	}
	base := id
	for i := 1; h.used[id]; i++ {
		id = base + "-" + strconv.Itoa(i)
	}
	h.used[id] = true
	return []byte(id)
}

// Put implements parser.IDs.
func (h *headingIDs) Put(value []byte) {
	if h.used == nil {
		h.used = map[string]bool{}
	}
	h.used[string(value)] = true
}
