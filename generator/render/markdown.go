package render

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"fanfare.dev/fanfare/generator/config"
	"fanfare.dev/fanfare/generator/diag"
	"fanfare.dev/fanfare/generator/site"
)

// newMarkdown configures the one goldmark instance a build uses.
func newMarkdown(opts config.Markdown) goldmark.Markdown {
	exts := []goldmark.Extender{extension.GFM}
	if config.Enabled(opts.Footnotes) {
		exts = append(exts, extension.Footnote)
	}
	if config.Enabled(opts.Typographer) {
		exts = append(exts, extension.Typographer)
	}
	popts := []parser.Option{
		parser.WithASTTransformers(util.Prioritized(linkResolver{}, 100)),
	}
	if config.Enabled(opts.HeadingIDs) {
		popts = append(popts, parser.WithAutoHeadingID())
	}
	var ropts []goldmark.Option
	if opts.Unsafe {
		ropts = append(ropts, goldmark.WithRendererOptions(html.WithUnsafe()))
	}
	return goldmark.New(append(ropts,
		goldmark.WithExtensions(exts...),
		goldmark.WithParserOptions(popts...),
	)...)
}

// linkKey carries the page being converted to the link resolver.
var linkKey = parser.NewContextKey()

// linkState is what the resolver needs to know about the page.
type linkState struct {
	site *site.Site
	page *site.Page
	errs []*diag.Diagnostic
}

// linkResolver rewrites relative links and images to the URLs of the
// pages and files they name, and reports those that name nothing.
type linkResolver struct{}

// Transform implements parser.ASTTransformer.
func (linkResolver) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st, ok := pc.Get(linkKey).(*linkState)
	if !ok {
		return
	}
	src := reader.Source()
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var dest *[]byte
		switch n := n.(type) {
		case *ast.Link:
			dest = &n.Destination
		case *ast.Image:
			dest = &n.Destination
		default:
			return ast.WalkContinue, nil
		}
		resolved, ok := st.site.ResolveLink(st.page, string(*dest))
		if !ok {
			line := st.page.BodyLine + diag.LineOf(src, nodeOffset(n)) - 1
			st.errs = append(st.errs, diag.Errorf(st.page.File, line, "link to %q: no such file in content/ (links between pages name the Markdown file, e.g. ../symbols/zappos.md)", string(*dest)))
			return ast.WalkContinue, nil
		}
		*dest = []byte(resolved)
		return ast.WalkContinue, nil
	})
}

// nodeOffset returns a byte offset in the source inside or near n.
func nodeOffset(n ast.Node) int {
	for c := n; c != nil; c = c.Parent() {
		if c.Type() == ast.TypeBlock {
			if lines := c.Lines(); lines != nil && lines.Len() > 0 {
				// Refine with the node's first text segment when there is one.
				if t := firstText(n); t != nil {
					return t.Segment.Start
				}
				return lines.At(0).Start
			}
		}
	}
	return 0
}

func firstText(n ast.Node) *ast.Text {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if t, ok := c.(*ast.Text); ok {
			return t
		}
		if t := firstText(c); t != nil {
			return t
		}
	}
	return nil
}

// markdown converts a page's body, resolving its links.
func (r *Renderer) markdown(p *site.Page) ([]byte, []*diag.Diagnostic) {
	st := &linkState{site: r.site, page: p}
	pc := parser.NewContext()
	pc.Set(linkKey, st)
	var buf bytes.Buffer
	if err := r.md.Convert(p.Body, &buf, parser.WithContext(pc)); err != nil {
		st.errs = append(st.errs, diag.Wrap(p.File, p.BodyLine, "cannot convert Markdown", err))
	}
	return buf.Bytes(), st.errs
}
