package importer

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"

	h2m "github.com/JohannesKaufmann/html-to-markdown/v2/converter"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/base"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/commonmark"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/strikethrough"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/table"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"fanfare.dev/fanfare/generator/htmlsafe"
)

// WordPress shortcodes: [name attrs]…[/name] and [name attrs].
var (
	wpCaptionRE    = regexp.MustCompile(`(?s)\[caption([^\]]*)\](.*?)\[/caption\]`)
	wpEmbedRE      = regexp.MustCompile(`(?s)\[embed[^\]]*\](.*?)\[/embed\]`)
	wpPairedRE     = regexp.MustCompile(`(?s)\[([a-z][\w-]*)((?:\s[^\]]*)?)\](.*?)\[/([a-z][\w-]*)\]`)
	wpSingleRE     = regexp.MustCompile(`\[([a-z][\w-]*)(\s+[^\]]*=[^\]]*|\s+https?://[^\]]*)?\s*/?\]`)
	wpEmbedBlockRE = regexp.MustCompile(`(?s)<figure class="wp-block-embed[^"]*">\s*<div class="wp-block-embed__wrapper">\s*(https?://\S+?)\s*</div>\s*(?:<figcaption[^>]*>(.*?)</figcaption>)?\s*</figure>`)
	urlLineRE      = regexp.MustCompile(`(?m)^[ \t]*(https?://[^\s<>"]+)[ \t]*$`)
	blockTagRE     = regexp.MustCompile(`(?i)^\s*<(?:p|div|h[1-6]|ul|ol|li|blockquote|figure|table|pre|hr|section|iframe|!--)\b`)
)

// wpKnown are WordPress shortcodes whose tags may hide text; others of
// page builders are left out with a note.
var wpVideo = map[string]bool{"youtube": true, "vimeo": true, "video": true, "embed": true}

// fromHTML converts the HTML body of a WordPress item into Markdown.
func (c *converter) fromHTML(p *Page) string {
	s := strings.ReplaceAll(p.Item.Body, "\r\n", "\n")
	classic := !strings.Contains(strings.ToLower(s), "<p")
	w := &wpBody{c: c, p: p}
	s = w.shortcodes(s)
	if classic {
		s = autop(s)
	}
	doc, err := html.ParseFragment(strings.NewReader(s), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
	if err != nil {
		p.need(p.Item.Line, "the HTML could not be read: %v; its text is kept as it was", err)
		return s
	}
	root := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	for _, n := range doc {
		root.AppendChild(n)
	}
	c.walkHTML(p, root, w.hold)
	var buf bytes.Buffer
	_ = html.Render(&buf, root)
	md := c.toMarkdown(p, buf.String())
	for i, b := range w.blocks {
		md = strings.Replace(md, fmt.Sprintf("FANFAREBLOCK%dX", i), b, 1)
	}
	return md
}

// wpBody is the HTML body of a WordPress item while fromHTML converts it.
// blocks holds the Markdown of the blocks already converted, which
// html-to-markdown must not see: the HTML holds a placeholder for each.
type wpBody struct {
	c      *converter
	p      *Page
	blocks []string
}

// hold keeps the Markdown md and returns the paragraph that stands for
// it in the HTML.
func (w *wpBody) hold(md string) string {
	w.blocks = append(w.blocks, md)
	return fmt.Sprintf("\n\n<p>FANFAREBLOCK%dX</p>\n\n", len(w.blocks)-1)
}

// shortcodes converts WordPress's shortcodes, its embed blocks and lines
// that are only the address of a video.
func (w *wpBody) shortcodes(s string) string {
	s = wpCaptionRE.ReplaceAllStringFunc(s, w.caption)
	s = wpEmbedRE.ReplaceAllStringFunc(s, func(m string) string {
		return "\n" + strings.TrimSpace(wpEmbedRE.FindStringSubmatch(m)[1]) + "\n"
	})
	s = wpPairedRE.ReplaceAllStringFunc(s, w.paired)
	s = wpSingleRE.ReplaceAllStringFunc(s, w.single)
	// The embed block of the block editor: a video with its caption as title.
	s = wpEmbedBlockRE.ReplaceAllStringFunc(s, w.embedBlock)
	// A line that is only an address of a video is an embed (oEmbed).
	s = urlLineRE.ReplaceAllStringFunc(s, w.videoAddress)
	return s
}

// caption converts [caption]…[/caption] into a figure.
func (w *wpBody) caption(m string) string {
	g := wpCaptionRE.FindStringSubmatch(m)
	inner := g[2]
	img := regexp.MustCompile(`(?s)^\s*(?:<a[^>]*>)?\s*<img[^>]*>\s*(?:</a>)?`).FindString(inner)
	caption := strings.TrimSpace(inner[len(img):])
	if named, _ := args(g[1]); caption == "" {
		caption = named["caption"]
	}
	w.p.converted("[caption] → figure")
	return "<figure>" + img + "<figcaption>" + caption + "</figcaption></figure>"
}

// paired converts a shortcode with a closing tag ([name]…[/name]): a
// quote into ::: quote; of others it keeps the text only.
func (w *wpBody) paired(m string) string {
	g := wpPairedRE.FindStringSubmatch(m)
	if g[1] != g[4] {
		return m
	}
	named, _ := args(g[2])
	switch blockNames[g[1]] {
	case "quote":
		author := get(named, nil, -1, "author", "name", "cite")
		md := "::: quote\n" + strings.TrimSpace(w.c.toMarkdown(w.p, g[3])) + "\n"
		if author != "" {
			md += "-- " + author + "\n"
		}
		w.p.converted("[" + g[1] + "] → ::: quote")
		return w.hold(md + ":::")
	}
	w.p.need(w.p.Item.Line, "shortcode [%s] is not known to Fanfare: its tags were removed and its text kept", g[1])
	return g[3]
}

// single converts a shortcode without a closing tag: a video or a
// gallery; others are left out.
func (w *wpBody) single(m string) string {
	g := wpSingleRE.FindStringSubmatch(m)
	named, pos := args(g[2])
	switch {
	case wpVideo[g[1]]:
		u := get(named, pos, 0, "src", "url", "id", "mp4")
		if v, ok := htmlsafe.ParseVideo(u); ok {
			w.p.converted("[" + g[1] + "] → video")
			return w.hold(videoLine(v))
		}
		w.p.need(w.p.Item.Line, "shortcode [%s %s] is a video Fanfare cannot show: upload it to YouTube or Vimeo and write {{< youtube VIDEO-ID >}}", g[1], u)
		return ""
	case g[1] == "gallery":
		return w.gallery(named)
	}
	w.p.need(w.p.Item.Line, "shortcode [%s] is not known to Fanfare and was left out", g[1])
	return ""
}

// gallery converts [gallery ids=…] into its pictures, one a paragraph,
// as the export names them.
func (w *wpBody) gallery(named map[string]string) string {
	var imgs strings.Builder
	if x, ok := w.c.src.(*wxr); ok {
		for _, id := range strings.Split(named["ids"], ",") {
			if m, ok := x.media[strings.TrimSpace(id)]; ok {
				fmt.Fprintf(&imgs, "<p><img src=%q alt=%q></p>\n", m[0], m[1])
			} else if strings.TrimSpace(id) != "" {
				w.p.need(w.p.Item.Line, "the [gallery] names picture %s, which is not in the export: add it as ![description](photo.jpg)", strings.TrimSpace(id))
			}
		}
	}
	if imgs.Len() == 0 {
		w.p.need(w.p.Item.Line, "shortcode [gallery] names no picture of the export: add its pictures as ![description](photo.jpg), one a line")
		return ""
	}
	w.p.converted("[gallery] → pictures")
	return "\n\n" + imgs.String() + "\n"
}

// embedBlock converts the embed block of the block editor into a video,
// with its caption as title.
func (w *wpBody) embedBlock(m string) string {
	g := wpEmbedBlockRE.FindStringSubmatch(m)
	v, ok := htmlsafe.ParseVideo(g[1])
	if !ok {
		return m
	}
	v.Title = strings.TrimSpace(stripTags(g[2]))
	w.p.converted("embedded video → video")
	return w.hold(videoLine(v))
}

// videoAddress converts a line that is only an address: a video's into
// the video, any other into a link.
func (w *wpBody) videoAddress(m string) string {
	u := strings.TrimSpace(m)
	if v, ok := htmlsafe.ParseVideo(u); ok {
		w.p.converted("video address → video")
		return w.hold(videoLine(v))
	}
	return fmt.Sprintf("<p><a href=%q>%s</a></p>", u, u)
}

// autop makes paragraphs of text separated by blank lines, as WordPress
// does when it shows a post written in its classic editor.
func autop(s string) string {
	var b strings.Builder
	for _, para := range regexp.MustCompile(`\n\s*\n`).Split(s, -1) {
		para = strings.TrimSpace(para)
		if para == "" {
			continue
		}
		if blockTagRE.MatchString(para) {
			b.WriteString(para + "\n")
			continue
		}
		b.WriteString("<p>" + strings.ReplaceAll(para, "\n", "<br>\n") + "</p>\n")
	}
	return b.String()
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func setAttr(n *html.Node, key, val string) {
	for i, a := range n.Attr {
		if a.Key == key {
			n.Attr[i].Val = val
			return
		}
	}
	n.Attr = append(n.Attr, html.Attribute{Key: key, Val: val})
}

func text(n *html.Node) string {
	if n.Type == html.TextNode {
		return n.Data
	}
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		b.WriteString(text(c))
	}
	return b.String()
}

func find(n *html.Node, a atom.Atom) *html.Node {
	if n.Type == html.ElementNode && n.DataAtom == a {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := find(c, a); f != nil {
			return f
		}
	}
	return nil
}

// replace puts a paragraph holding the text placeholder in n's place.
func replace(n *html.Node, placeholder string) {
	para := &html.Node{Type: html.ElementNode, Data: "p", DataAtom: atom.P}
	para.AppendChild(&html.Node{Type: html.TextNode, Data: strings.TrimSpace(strings.ReplaceAll(placeholder, "<p>", ""))})
	para.FirstChild.Data = strings.TrimSuffix(para.FirstChild.Data, "</p>")
	n.Parent.InsertBefore(para, n)
	n.Parent.RemoveChild(n)
}

// walkHTML turns figures, embedded videos and quotes with a source into
// Fanfare's own forms, and copies pictures.
func (c *converter) walkHTML(p *Page, n *html.Node, hold func(string) string) {
	for ch := n.FirstChild; ch != nil; {
		next := ch.NextSibling
		if ch.Type != html.ElementNode {
			ch = next
			continue
		}
		switch ch.DataAtom {
		case atom.Figure:
			if c.figureHTML(p, ch, hold) {
				ch = next
				continue
			}
		case atom.Iframe:
			if v, ok := htmlsafe.ParseVideo(attr(ch, "src")); ok {
				v.Title = attr(ch, "title")
				p.converted("embedded video → video")
				replace(ch, hold(videoLine(v)))
			} else {
				p.need(p.Item.Line, "an embedded frame from %s was left out: link to it instead", attr(ch, "src"))
				ch.Parent.RemoveChild(ch)
			}
			ch = next
			continue
		case atom.Blockquote:
			if after, ok := c.quoteHTML(p, ch, hold); ok {
				ch = after
				continue
			}
		case atom.Img:
			ref, ok := c.picture(p, attr(ch, "src"), p.Item.Line, "picture")
			if ok {
				setAttr(ch, "src", ref)
			} else {
				ch.Parent.RemoveChild(ch)
			}
			ch = next
			continue
		case atom.Script, atom.Style, atom.Form:
			p.need(p.Item.Line, "a <%s> was left out: a story holds no scripts, styles or forms", ch.Data)
			ch.Parent.RemoveChild(ch)
			ch = next
			continue
		}
		c.walkHTML(p, ch, hold)
		ch = next
	}
}

// figureHTML turns a figure that holds an embedded video or a picture
// into a video or a figure line, and reports whether it did; walkHTML
// looks inside any other.
func (c *converter) figureHTML(p *Page, fig *html.Node, hold func(string) string) bool {
	cap := find(fig, atom.Figcaption)
	caption := ""
	if cap != nil {
		caption = strings.TrimSpace(strings.Join(strings.Fields(text(cap)), " "))
	}
	if strings.Contains(attr(fig, "class"), "wp-block-embed") || find(fig, atom.Iframe) != nil {
		u := strings.TrimSpace(text(fig))
		if f := find(fig, atom.Iframe); f != nil {
			u = attr(f, "src")
		}
		u = strings.TrimSpace(strings.TrimSuffix(u, caption))
		if v, ok := htmlsafe.ParseVideo(u); ok {
			v.Title = caption
			p.converted("embedded video → video")
			replace(fig, hold(videoLine(v)+captionAfter(caption, v.Host)))
			return true
		}
	}
	if img := find(fig, atom.Img); img != nil && find(fig, atom.Blockquote) == nil {
		ref, ok := c.picture(p, attr(img, "src"), p.Item.Line, "picture")
		alt := attr(img, "alt")
		if !ok {
			replace(fig, hold(caption))
		} else {
			p.converted("figure")
			replace(fig, hold(figureLine(ref, alt, caption)))
		}
		return true
	}
	return false
}

// quoteHTML turns a blockquote with a cite into ::: quote (replacing the
// figure around it, if any) and returns the node that follows what it
// replaced; ok is false, and nothing changed, for a quote without a cite.
func (c *converter) quoteHTML(p *Page, q *html.Node, hold func(string) string) (next *html.Node, ok bool) {
	cite := find(q, atom.Cite)
	if cite == nil {
		return nil, false
	}
	next = q.NextSibling
	author := strings.TrimSpace(text(cite))
	cite.Parent.RemoveChild(cite)
	var buf bytes.Buffer
	for k := q.FirstChild; k != nil; k = k.NextSibling {
		_ = html.Render(&buf, k)
	}
	md := "::: quote\n" + strings.TrimSpace(c.toMarkdown(p, buf.String())) + "\n"
	if author != "" {
		md += "-- " + strings.TrimLeft(author, "—–- ") + "\n"
	}
	p.converted("quote with its source → ::: quote")
	target := q
	if q.Parent != nil && q.Parent.DataAtom == atom.Figure && q.Parent.Parent != nil {
		target = q.Parent
		next = target.NextSibling
	}
	replace(target, hold(md+":::"))
	return next, true
}

func captionAfter(caption, host string) string {
	if caption == "" {
		return ""
	}
	return "\n\n" + caption
}

// toMarkdown converts HTML to Markdown with html-to-markdown, with GitHub
// tables and strikethrough, as Fanfare's Markdown reads them.
func (c *converter) toMarkdown(p *Page, s string) string {
	conv := h2m.NewConverter(h2m.WithPlugins(base.NewBasePlugin(), commonmark.NewCommonmarkPlugin(), table.NewTablePlugin(), strikethrough.NewStrikethroughPlugin()))
	md, err := conv.ConvertString(s)
	if err != nil {
		p.need(p.Item.Line, "the HTML could not be converted (%v); it is kept as HTML", err)
		return s
	}
	return md
}
