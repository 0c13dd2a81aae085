package render

import (
	"bytes"
	"fmt"
	"path"
	"strconv"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"fanfare.dev/fanfare/generator/blocks"
	"fanfare.dev/fanfare/generator/config"
	"fanfare.dev/fanfare/generator/content"
	"fanfare.dev/fanfare/generator/diag"
	"fanfare.dev/fanfare/generator/htmlsafe"
	"fanfare.dev/fanfare/generator/images"
	"fanfare.dev/fanfare/generator/shortcode"
	"fanfare.dev/fanfare/generator/site"
)

// Markdown converts page bodies with the one goldmark instance a build
// uses. Conversion needs no site model, so a build converts each page as
// soon as it is read; relative links are left as markers that
// ResolveLinks fills in once every page's URL is known.
type Markdown struct {
	md   goldmark.Markdown
	lang string
}

// NewMarkdown configures goldmark from the site's Markdown options:
// CommonMark with GFM (tables, strikethrough, autolinks, task lists),
// story blocks, footnotes, typographer, heading ids and attributes
// ({#id .class}). Raw HTML is made safe by htmlsafe, unless unsafe is
// set: then it is kept as written. lang names the site's language.
func NewMarkdown(opts config.Markdown, lang string) *Markdown {
	promise := "Belofte"
	if lang == "en" {
		promise = "Promise"
	}
	exts := []goldmark.Extender{extension.GFM, blocks.New(blocks.WithPromiseLabel(promise))}
	if config.Enabled(opts.Footnotes) {
		exts = append(exts, extension.Footnote)
	}
	if config.Enabled(opts.Typographer) {
		exts = append(exts, extension.Typographer)
	}
	popts := []parser.Option{
		parser.WithAttribute(),
		parser.WithASTTransformers(util.Prioritized(linkMarker{unsafe: opts.Unsafe}, 100), util.Prioritized(unparsedLinks{}, 101)),
	}
	if config.Enabled(opts.HeadingIDs) {
		popts = append(popts, parser.WithAutoHeadingID())
	}
	var ropts []goldmark.Option
	if opts.Unsafe {
		ropts = append(ropts, goldmark.WithRendererOptions(gmhtml.WithUnsafe()))
	} else {
		popts = append(popts, parser.WithASTTransformers(util.Prioritized(htmlKeeper{htmlsafe.New(lang)}, 99)))
		ropts = append(ropts, goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(safeHTMLRenderer{}, 100))))
	}
	return &Markdown{lang: lang, md: goldmark.New(append(ropts,
		goldmark.WithExtensions(exts...),
		goldmark.WithParserOptions(popts...),
	)...)}
}

// Doc is a converted page body whose relative links still need resolving.
type Doc struct {
	HTML  []byte
	Links []Link
	Errs  []*diag.Diagnostic

	kept site.StoredText // HTML, when a store keeps it (see Keep)
}

// Keep moves the HTML into store, if store is not nil and can keep it: a
// build that makes every page once need not hold every page's converted
// text until the last page's links can be resolved.
func (d *Doc) Keep(store site.TextStore) {
	if len(d.HTML) == 0 {
		return
	}
	if t, ok := site.Store(store, d.HTML); ok {
		d.HTML, d.kept = nil, t
	}
}

// Final returns the kept text of a Doc without links, which is the
// page's text as published, and false for any other Doc.
func (d *Doc) Final() (site.StoredText, bool) {
	if d == nil || !d.kept.Stored() || len(d.Links) > 0 {
		return site.StoredText{}, false
	}
	return d.kept, true
}

// Release lets go of the Doc's text.
func (d *Doc) Release() {
	d.HTML, d.kept = nil, site.StoredText{}
}

// html is the converted text, read back if a store keeps it.
func (d *Doc) html() []byte {
	if d.kept.Stored() {
		return []byte(d.kept.Text())
	}
	return d.HTML
}

// Link is a relative link or image found in a page, as written.
type Link struct {
	Dest string
	Line int // in the page's file
	// Image is set for an image; its URL is then followed in the HTML by
	// the closing quote of its src attribute.
	Image bool
	// Sized is set for an image whose author gave its size: it gets no
	// width and height of its own.
	Sized bool
}

// linkPrefix marks a relative link in converted HTML until it is resolved:
// the href holds linkPrefix, the link's index and a colon.
const linkPrefix = "fanfare-link-7f3a:"

// linksKey carries the Doc being filled to the link marker.
var linksKey = parser.NewContextKey()

type linkState struct {
	doc      *Doc
	file     string
	bodyLine int
	warned   map[htmlsafe.Kind]bool // kinds of HTML removal reported
}

// line returns the line in the page's file of a byte offset in the body.
func (st *linkState) line(src []byte, off int) int {
	return st.bodyLine + diag.LineOf(src, off) - 1
}

// warn adds a warning on the line of a byte offset in the body.
func (st *linkState) warn(src []byte, off int, msg string) {
	st.doc.Errs = append(st.doc.Errs, &diag.Diagnostic{Severity: diag.Warning, File: st.file, Line: st.line(src, off), Msg: msg})
}

// linkMarker replaces the destination of every relative link and image,
// and of every image named by a path from the site root, with a marker,
// and records the destination and its line. It warns of images without
// alt text. Unless raw
// HTML is allowed, links with a dangerous scheme (javascript:, vbscript:,
// file:, data: other than images) are turned into their plain text.
type linkMarker struct {
	unsafe bool
}

// Transform implements parser.ASTTransformer.
func (lm linkMarker) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	st, ok := pc.Get(linksKey).(*linkState)
	if !ok {
		return
	}
	src := reader.Source()
	var dangerous []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var dest *[]byte
		switch n := n.(type) {
		case *ast.AutoLink:
			if !lm.unsafe && gmhtml.IsDangerousURL(n.URL(src)) {
				dangerous = append(dangerous, n)
			}
			return ast.WalkContinue, nil
		case *ast.Link:
			dest = &n.Destination
		case *ast.Image:
			dest = &n.Destination
			if strings.TrimSpace(altText(n, src)) == "" {
				line := st.bodyLine + diag.LineOf(src, nodeOffset(n)) - 1
				st.doc.Errs = append(st.doc.Errs, &diag.Diagnostic{Severity: diag.Warning, File: st.file, Line: line,
					Msg: fmt.Sprintf("image %q has no alt text: describe the image between the brackets, ![like this](%s)", *dest, *dest)})
			}
		default:
			return ast.WalkContinue, nil
		}
		if !lm.unsafe && gmhtml.IsDangerousURL(bytes.TrimSpace(*dest)) {
			dangerous = append(dangerous, n)
			return ast.WalkContinue, nil
		}
		_, image := n.(*ast.Image)
		if !site.IsRelative(string(*dest)) && !rootPath(string(*dest)) {
			return ast.WalkContinue, nil
		}
		line := st.bodyLine + diag.LineOf(src, nodeOffset(n)) - 1
		st.doc.Links = append(st.doc.Links, Link{Dest: string(*dest), Line: line, Image: image})
		*dest = []byte(linkPrefix + strconv.Itoa(len(st.doc.Links)-1) + ":")
		return ast.WalkContinue, nil
	})
	for _, n := range dangerous {
		if a, ok := n.(*ast.AutoLink); ok {
			a.Parent().ReplaceChild(a.Parent(), a, ast.NewString(a.Label(src)))
			continue
		}
		unwrap(n)
	}
}

// rootPath reports whether dest is a path from the site root: "/a.png",
// not "//host/a.png".
func rootPath(dest string) bool {
	return strings.HasPrefix(dest, "/") && !strings.HasPrefix(dest, "//")
}

// altText returns the text of an image's description.
func altText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(src))
		case *ast.String:
			b.Write(c.Value)
		case *ast.CodeSpan:
			for t := c.FirstChild(); t != nil; t = t.NextSibling() {
				if t, ok := t.(*ast.Text); ok {
					b.Write(t.Segment.Value(src))
				}
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// unwrap replaces n by its children: a link by its text, an image by its
// description.
func unwrap(n ast.Node) {
	parent := n.Parent()
	for c := n.FirstChild(); c != nil; {
		next := c.NextSibling()
		parent.InsertBefore(parent, n, c)
		c = next
	}
	parent.RemoveChild(parent, n)
}

// nodeOffset returns a byte offset in the source inside or near n.
func nodeOffset(n ast.Node) int {
	if t := firstText(n); t != nil {
		return t.Segment.Start
	}
	for c := n; c != nil; c = c.Parent() {
		if c.Type() == ast.TypeBlock {
			if lines := c.Lines(); lines != nil && lines.Len() > 0 {
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

// Convert converts a page's body. It is safe for concurrent use.
func (m *Markdown) Convert(p *content.Page) *Doc {
	if d := budget(p); d != nil {
		return &Doc{Errs: []*diag.Diagnostic{d}}
	}
	doc := &Doc{}
	pc := parser.NewContext(parser.WithIDs(&headingIDs{}))
	pc.Set(linksKey, &linkState{doc: doc, file: p.File, bodyLine: p.BodyLine})
	body, scErrs := shortcode.Expand(p.Body, shortcode.Options{Path: p.Path, Lang: m.lang, Param: func(key string) (string, bool) {
		return pageParam(p, key)
	}})
	for _, e := range scErrs {
		doc.Errs = append(doc.Errs, diag.Errorf(p.File, p.BodyLine+e.Line-1, "%s", e.Msg))
	}
	var buf bytes.Buffer
	buf.Grow(len(body) + len(body)/4)
	if err := m.md.Convert(body, direct{&buf}, parser.WithContext(pc)); err != nil {
		doc.Errs = append(doc.Errs, diag.Wrap(p.File, p.BodyLine, "cannot convert Markdown", err))
	}
	doc.HTML = buf.Bytes()
	if p.Story != nil && len(bytes.TrimSpace(p.Body)) > 0 && !htmlsafe.HasText(doc.HTML) {
		doc.Errs = append(doc.Errs, &diag.Diagnostic{Severity: diag.Warning, File: p.File, Line: p.BodyLine,
			Msg: "the text of this story is empty once published: write it in Markdown (or HTML) below the front matter"})
	}
	for _, e := range blocks.Errors(pc) {
		doc.Errs = append(doc.Errs, diag.Errorf(p.File, p.BodyLine+e.Line-1, "%s", e.Msg))
	}
	return doc
}

// direct hands goldmark's renderer the buffer itself as its buffered
// writer: given a plain io.Writer it wraps it in a bufio.Writer of 4 KB,
// one more allocation per page, and copies every byte twice.
type direct struct{ *bytes.Buffer }

func (direct) Flush() error     { return nil }
func (direct) Buffered() int    { return 0 }
func (d direct) Available() int { return d.Buffer.Available() }

var _ util.BufWriter = direct{}

// pageParam returns a page's front-matter value for {{< param key >}}.
func pageParam(p *content.Page, key string) (string, bool) {
	switch key {
	case "title":
		return p.Title, true
	case "description":
		return p.Description, p.Description != ""
	case "summary":
		return p.Summary, p.Summary != ""
	}
	if p.Story != nil {
		switch key {
		case "customer":
			return p.Story.Customer, p.Story.Customer != ""
		case "brand":
			return p.Story.Brand, p.Story.Brand != ""
		}
	}
	v, ok := p.Params[key]
	if !ok || v == nil {
		return "", false
	}
	return fmt.Sprint(v), true
}

// ResolveLinks fills in the relative links of a converted page with the
// URLs of the pages and files they name, and reports those that name
// nothing (with the line they are on). Images the site publishes get
// their size and the srcset of their copies; all but the first image of
// a page without a cover load lazily.
func ResolveLinks(s *site.Site, p *site.Page, doc *Doc) ([]byte, []*diag.Diagnostic) {
	if doc == nil {
		return nil, nil
	}
	errs := doc.Errs
	html := doc.html()
	if len(doc.Links) == 0 {
		return html, errs
	}
	var out bytes.Buffer
	out.Grow(len(html) + 64*len(doc.Links))
	rest := html
	eager := p.Image == "" // the first image may be above the fold
	for {
		i := bytes.Index(rest, []byte(linkPrefix))
		if i < 0 {
			out.Write(rest)
			break
		}
		out.Write(rest[:i])
		rest = rest[i+len(linkPrefix):]
		j := bytes.IndexByte(rest, ':')
		n, err := strconv.Atoi(string(rest[:max(j, 0)]))
		if j < 0 || err != nil || n >= len(doc.Links) {
			out.WriteString(linkPrefix) // text that only looks like a marker
			continue
		}
		rest = rest[j+1:]
		l := doc.Links[n]
		if l.Image {
			attrs, d := imageAttrs(s, p, l, eager)
			eager = false
			if d != nil {
				errs = append(errs, d)
			}
			out.WriteString(attrs)
			continue
		}
		u, ok := s.ResolveLink(p, l.Dest)
		if !ok {
			errs = append(errs, diag.Errorf(p.File, l.Line, "link to %q: %s", l.Dest, s.MissingLink(p, l.Dest)))
		}
		out.Write(util.EscapeHTML(util.URLEscape([]byte(u), true)))
	}
	return out.Bytes(), errs
}

// imageAttrs returns the URL of a Markdown image followed by the
// attributes that size it (the src attribute's closing quote follows in
// the HTML), or a diagnostic when it names no file.
func imageAttrs(s *site.Site, p *site.Page, l Link, eager bool) (string, *diag.Diagnostic) {
	esc := func(u string) string { return string(util.EscapeHTML(util.URLEscape([]byte(u), true))) }
	dst, _ := s.ImageFile(p, l.Dest)
	info := s.Images[dst]
	if info == nil {
		if rootPath(l.Dest) {
			// Only the formats that are measured are known to be missing.
			if images.FormatOf(dst) != "" {
				return esc(l.Dest), diag.Errorf(p.File, l.Line, "image %q: no such file in static/", l.Dest)
			}
			return esc(l.Dest), nil
		}
		u, ok := s.ResolveLink(p, l.Dest)
		if !ok {
			return esc(u), diag.Errorf(p.File, l.Line, "image %q: no such file (put it beside the page in its folder, or in static/ and write /%s)", l.Dest, path.Base(l.Dest))
		}
		return esc(u), nil
	}
	src, srcset := sources(s, dst, info)
	var b strings.Builder
	b.WriteString(esc(src))
	b.WriteString(`"`)
	if srcset != "" {
		fmt.Fprintf(&b, ` srcset="%s" sizes="%s"`, util.EscapeHTML([]byte(srcset)), proseSizes)
	}
	if info.Width > 0 && info.Height > 0 && !l.Sized {
		fmt.Fprintf(&b, ` width="%d" height="%d"`, info.Width, info.Height)
	}
	if eager {
		b.WriteString(` decoding="async`)
	} else {
		b.WriteString(` loading="lazy" decoding="async`)
	}
	return b.String(), nil
}
