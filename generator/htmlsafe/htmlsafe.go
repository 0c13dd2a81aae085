// Package htmlsafe makes the HTML written in a Markdown body safe to
// publish, and says what it removed.
//
// What authors write to lay out a text is kept: sections in <div>,
// headings with classes, tables, figures, images, footnote markup, <sup>,
// entities. What could run code or break the page is removed, and each
// removal is reported as a Removal of one Kind, at its byte offset:
//
//   - <script>, <noscript>, <style>, <object>, <embed>: the element with
//     its content;
//   - event handlers (onclick=…) and javascript:, vbscript: and data:
//     addresses: the attribute;
//   - forms and their fields: the tags (their text stays);
//   - style properties other than text alignment and emphasis;
//   - elements HTML does not know, or that have no place in a text
//     (<font>, <center>, <marquee>, <my-widget>): the tags (their text
//     stays).
//
// An <iframe> showing a video from YouTube, Vimeo, Wistia or Loom becomes
// a click-to-load video (see Video.HTML); any other iframe becomes a link
// to what it showed. Comments are dropped without a word.
//
// The removal itself is done by a bluemonday policy, which is the
// guarantee: whatever the scan misses, the policy lets through only the
// elements and attributes listed in this package. htmlsafe does no I/O.
package htmlsafe

import (
	"bytes"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"golang.org/x/net/html"
)

// Kind is a kind of removal.
type Kind int

// The kinds of removal.
const (
	Script    Kind = iota // <script>, <noscript>
	Handler               // an on… attribute
	ScriptURL             // a javascript: or vbscript: address
	DataURL               // a data: address
	Form                  // <form>, <input>, <button>…
	Style                 // a <style> element, or style properties
	Unknown               // an element HTML does not know or a text has no use for
	Embed                 // <object>, <embed>, <applet>
	Frame                 // an <iframe> that is not a known video: shown as a link
)

// Removal is one thing Sanitize removed or replaced.
type Removal struct {
	Kind   Kind
	Offset int    // of the tag in the input
	What   string // the element or attribute, e.g. "<marquee>", "onclick"
}

// Message says what was removed and what to do instead, for a marketer.
func (r Removal) Message() string {
	switch r.Kind {
	case Script:
		return "HTML " + r.What + " removed: a page shows no scripts from its text"
	case Handler:
		return "HTML attribute " + r.What + " removed: a page runs no scripts from its text"
	case ScriptURL:
		return "link " + r.What + " removed: javascript: links run code; link to a page instead"
	case DataURL:
		return "data: address removed from " + r.What + ": put the file beside the page and name it"
	case Form:
		return "HTML form element " + r.What + " removed (its text is kept): a story cannot hold a form; link to a form page instead"
	case Style:
		return "HTML style removed from " + r.What + ": only text-align, font-weight, font-style and text-decoration are kept; the theme does the rest"
	case Unknown:
		return "HTML element " + r.What + " removed (its text is kept): use Markdown or common HTML (div, p, span, table, figure…) instead"
	case Embed:
		return "HTML " + r.What + " removed: embedded plug-ins are not published; link to the file instead"
	case Frame:
		return "HTML " + r.What + " shown as a link: only videos from YouTube, Vimeo, Wistia and Loom are embedded (they load on click)"
	}
	return "HTML removed: " + r.What
}

// Policy sanitizes HTML fragments. It is safe for concurrent use.
type Policy struct {
	bm   *bluemonday.Policy
	lang string
}

// Elements are the elements a text keeps.
var Elements = []string{
	"a", "abbr", "address", "article", "aside", "b", "bdi", "bdo", "blockquote", "br",
	"caption", "cite", "code", "col", "colgroup", "data", "dd", "del", "details", "dfn",
	"div", "dl", "dt", "em", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4",
	"h5", "h6", "header", "hgroup", "hr", "i", "img", "ins", "kbd", "li", "main", "mark",
	"nav", "ol", "p", "picture", "pre", "q", "rp", "rt", "ruby", "s", "samp", "section",
	"small", "source", "span", "strong", "sub", "summary", "sup", "table", "tbody",
	"td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr",
	"audio", "video", "track",
}

// dropped are elements removed with their content.
var dropped = map[string]Kind{
	"script": Script, "noscript": Script, "style": Style, "object": Embed,
	"embed": Embed, "applet": Embed, "template": Script, "textarea": Form,
	"select": Form, "iframe": Frame, "frame": Frame, "frameset": Frame,
	"title": Unknown, "head": Unknown, "math": Unknown, "svg": Unknown, "canvas": Unknown,
}

// forms are elements of forms; their tags go, their text stays.
var forms = map[string]bool{
	"form": true, "input": true, "button": true, "label": true, "fieldset": true,
	"legend": true, "option": true, "optgroup": true, "datalist": true, "output": true,
}

// silent are elements removed without a word: page structure that an
// exported body may carry around its text.
var silent = map[string]bool{"html": true, "body": true, "meta": true, "link": true, "base": true}

// styles are the CSS properties a text keeps.
var styles = []string{"text-align", "font-weight", "font-style", "text-decoration"}

var styleValue = regexp.MustCompile(`^[a-zA-Z0-9 -]{1,40}$`)

var roles = regexp.MustCompile(`^(doc-[a-z]+|note|presentation|none|img|figure|list|listitem|region|complementary|separator)$`)

// New returns the policy. lang ("en", "nl"…) chooses the words of the
// click-to-load videos.
func New(lang string) *Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements(Elements...)
	p.AllowAttrs("id", "class", "title", "lang", "dir").Globally()
	p.AllowAttrs("role").Matching(roles).Globally()
	p.AllowAttrs("aria-label", "aria-hidden", "aria-describedby", "aria-labelledby").Globally()
	p.AllowAttrs("href", "target", "rel", "hreflang", "download").OnElements("a")
	// An <a> whose address was removed stays, so that its end tag, which
	// may be in another fragment, closes something.
	p.AllowNoAttrs().OnElements("a")
	p.AllowAttrs("data-embed").Matching(embedPattern).OnElements("a")
	p.AllowAttrs("src", "alt", "width", "height", "srcset", "sizes", "loading", "decoding").OnElements("img")
	p.AllowAttrs("srcset", "sizes", "media", "type", "src").OnElements("source")
	p.AllowAttrs("src", "poster", "controls", "muted", "loop", "playsinline", "preload", "width", "height").OnElements("video", "audio")
	p.AllowAttrs("src", "kind", "srclang", "label", "default").OnElements("track")
	p.AllowAttrs("colspan", "rowspan", "headers", "scope", "abbr").OnElements("td", "th")
	p.AllowAttrs("span").OnElements("col", "colgroup")
	p.AllowAttrs("start", "reversed", "type").OnElements("ol")
	p.AllowAttrs("value").OnElements("li", "data")
	p.AllowAttrs("cite").OnElements("blockquote", "q", "del", "ins")
	p.AllowAttrs("datetime").OnElements("time", "del", "ins")
	p.AllowAttrs("open").OnElements("details")
	p.AllowStyles(styles...).Matching(styleValue).Globally()
	p.AllowURLSchemes("http", "https", "mailto", "tel")
	p.AllowRelativeURLs(true)
	p.RequireParseableURLs(true)
	p.RequireNoReferrerOnFullyQualifiedLinks(false)
	p.SkipElementsContent("script", "noscript", "style", "object", "embed", "applet", "template", "textarea", "select", "iframe", "frame", "frameset", "title", "head", "math", "svg", "canvas")
	return &Policy{bm: p, lang: lang}
}

// Sanitize returns src made safe, and what was removed. src is a
// fragment of a body: it may open elements it does not close, or close
// elements opened before it.
func (p *Policy) Sanitize(src []byte) ([]byte, []Removal) {
	pre, removed := p.scan(src)
	return p.bm.SanitizeBytes(pre), removed
}

// scan reports what the policy will remove, and replaces the iframes
// (which the policy removes) by click-to-load videos or links.
func (p *Policy) scan(src []byte) ([]byte, []Removal) {
	s := &scanner{p: p, seen: map[Kind]bool{}}
	z := html.NewTokenizer(bytes.NewReader(src))
	off := 0
	skip := "" // the element whose content is being dropped
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		raw := z.Raw()
		start := off
		off += len(raw)
		if skip != "" {
			if tt == html.EndTagToken {
				if name, _ := z.TagName(); string(name) == skip {
					skip = ""
				}
			}
			continue
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			s.other(z, tt, raw)
			continue
		}
		skip = s.element(tt, z.Token(), raw, start)
	}
	return s.out.Bytes(), s.removed
}

// scanner is the state of scan: what it writes, and what it found the
// policy will remove.
type scanner struct {
	p       *Policy
	out     bytes.Buffer
	removed []Removal
	seen    map[Kind]bool
}

// add reports a removal at offset off.
func (s *scanner) add(k Kind, off int, what string) {
	// One removal of a kind per fragment is enough to report.
	if !s.seen[k] {
		s.seen[k] = true
		s.removed = append(s.removed, Removal{Kind: k, Offset: off, What: what})
	}
}

// other writes a token that does not start an element: text, and end
// tags but those of dropped elements; comments and doctypes are left out.
func (s *scanner) other(z *html.Tokenizer, tt html.TokenType, raw []byte) {
	if tt == html.EndTagToken {
		name, _ := z.TagName()
		if _, ok := dropped[string(name)]; !ok {
			s.out.Write(raw)
		}
		return
	}
	if tt != html.CommentToken && tt != html.DoctypeToken {
		s.out.Write(raw)
	}
}

// element writes the start tag tok (raw as read, at offset start) and
// reports what the policy will remove of it. It returns the name of an
// element whose content is to be dropped up to its end tag, or "".
func (s *scanner) element(tt html.TokenType, tok html.Token, raw []byte, start int) (skip string) {
	name := tok.Data
	if k, ok := dropped[name]; ok {
		if tt == html.StartTagToken {
			skip = name
		}
		if name == "iframe" || name == "frame" {
			if rep, framed := s.p.frame(tok); framed {
				s.out.WriteString(rep)
				s.add(Frame, start, "<"+name+"> from "+attr(tok, "src"))
			} else {
				s.out.WriteString(rep)
			}
			return skip
		}
		s.add(k, start, "<"+name+">")
		return skip
	}
	switch {
	case forms[name]:
		s.add(Form, start, "<"+name+">")
		return ""
	case silent[name]:
		return ""
	case !allowed[name]:
		s.add(Unknown, start, "<"+name+">")
		return ""
	}
	s.attrs(tok, start)
	s.out.Write(raw)
	return ""
}

// attrs reports the attributes of the start tag tok that the policy will
// remove: event handlers, stray styles, script and data URLs.
func (s *scanner) attrs(tok html.Token, start int) {
	name := tok.Data
	for _, a := range tok.Attr {
		key := strings.ToLower(a.Key)
		switch {
		case strings.HasPrefix(key, "on"):
			s.add(Handler, start, key)
		case key == "style" && strayStyle(a.Val):
			s.add(Style, start, "<"+name+">")
		case urlAttrs[key]:
			switch scheme(a.Val) {
			case "javascript", "vbscript":
				s.add(ScriptURL, start, key+"="+strings.TrimSpace(a.Val))
			case "data":
				s.add(DataURL, start, "<"+name+" "+key+">")
			}
		}
	}
}

var allowed = func() map[string]bool {
	m := map[string]bool{}
	for _, e := range Elements {
		m[e] = true
	}
	return m
}()

var urlAttrs = map[string]bool{"href": true, "src": true, "srcset": true, "poster": true, "cite": true, "action": true, "formaction": true, "xlink:href": true, "background": true}

// scheme returns the lower-cased scheme of an address as a browser reads
// it (ignoring spaces and control characters), or "".
func scheme(v string) string {
	v = strings.Map(func(r rune) rune {
		if r <= ' ' {
			return -1
		}
		return r
	}, html.UnescapeString(v))
	i := strings.IndexByte(v, ':')
	if i <= 0 || strings.ContainsAny(v[:i], "/?#") {
		return ""
	}
	return strings.ToLower(v[:i])
}

// strayStyle reports whether a style attribute holds a property the
// policy removes.
func strayStyle(v string) bool {
	for _, decl := range strings.Split(v, ";") {
		prop, val, _ := strings.Cut(decl, ":")
		prop = strings.ToLower(strings.TrimSpace(prop))
		if prop == "" {
			continue
		}
		ok := false
		for _, s := range styles {
			ok = ok || prop == s
		}
		if !ok || !styleValue.MatchString(strings.TrimSpace(val)) {
			return true
		}
	}
	return false
}

func attr(t html.Token, key string) string {
	for _, a := range t.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// frame returns what replaces an iframe: a click-to-load video, or a link
// to what it showed (framed is then set), or nothing.
func (p *Policy) frame(t html.Token) (rep string, framed bool) {
	src := attr(t, "src")
	if v, ok := ParseVideo(src); ok {
		v.Title = attr(t, "title")
		return v.HTML(p.lang), false
	}
	u, err := url.Parse(strings.TrimSpace(src))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return "", true
	}
	text := strings.TrimSpace(attr(t, "title"))
	if text == "" {
		text = u.Host
	}
	return `<a href="` + html.EscapeString(u.String()) + `">` + html.EscapeString(text) + `</a>`, true
}

// A Tag is an <a> or <img> start tag whose address Rewrite offers to
// replace: its name, the address as written and all its attributes.
type Tag struct {
	Name, Dest string
	Attr       []html.Attribute
}

// Has reports whether the tag carries the attribute key.
func (t Tag) Has(key string) bool {
	return slices.ContainsFunc(t.Attr, func(a html.Attribute) bool { return a.Key == key })
}

// Rewrite returns b, HTML as Sanitize returns it, with the address in
// each <a href> and <img src> replaced by what fn returns for it (fn
// returns ok false to leave it). For an image fn also says which of its
// other attributes to drop (those the replacement provides).
func Rewrite(b []byte, fn func(t Tag) (repl string, drop []string, ok bool)) []byte {
	var out bytes.Buffer
	z := html.NewTokenizer(bytes.NewReader(b))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		raw := z.Raw()
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			out.Write(raw)
			continue
		}
		tok := z.Token()
		key := map[string]string{"a": "href", "img": "src"}[tok.Data]
		if key == "" {
			out.Write(raw)
			continue
		}
		var repl string
		var drop []string
		ok := false
		for _, a := range tok.Attr {
			if a.Key == key {
				repl, drop, ok = fn(Tag{Name: tok.Data, Dest: a.Val, Attr: tok.Attr})
			}
		}
		if !ok {
			out.Write(raw)
			continue
		}
		// The replacement comes first, then the attributes kept.
		out.WriteString("<" + tok.Data + " " + key + `="` + repl + `"`)
		for _, a := range tok.Attr {
			if a.Key == key || slices.Contains(drop, a.Key) {
				continue
			}
			out.WriteString(" " + a.Key + `="` + html.EscapeString(a.Val) + `"`)
		}
		if tt == html.SelfClosingTagToken {
			out.WriteString("/")
		}
		out.WriteString(">")
	}
	return out.Bytes()
}

// HasText reports whether HTML shows anything to read or see: text
// other than white space, an image or a video.
func HasText(b []byte) bool {
	// Most texts begin with a paragraph that begins with a letter or a
	// digit: the tokenizer's first text, found without one (it allocates
	// 4 KB).
	if len(b) > 3 && string(b[:3]) == "<p>" && isAlnum(b[3]) {
		return true
	}
	return tokensHaveText(b)
}

// tokensHaveText is HasText on the tokenizer's tokens.
func tokensHaveText(b []byte) bool {
	z := html.NewTokenizer(bytes.NewReader(b))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return false
		case html.TextToken:
			if len(bytes.TrimSpace([]byte(html.UnescapeString(string(z.Text()))))) > 0 {
				return true
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "img", "video", "audio", "svg":
				return true
			}
		}
	}
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
