// Package svgsafe makes SVG files safe to publish on a site's own
// origin. An SVG file opened by its URL is a document like a page: a
// script in it runs with the site's cookies and storage. Clean removes
// everything that can run script:
//
//   - script elements, foreignObject (it holds HTML), the handler and
//     listener elements of SVG Tiny, and every element in the XHTML
//     namespace, each with all it contains;
//   - event-handler attributes (onload, onclick, ...);
//   - attributes whose value is a javascript:, vbscript: or
//     data:text/html URL (href, xlink:href, and the values of animations);
//   - animations (set, animate) of an event handler or of a link;
//   - processing instructions other than the XML declaration (an XSLT
//     style sheet can turn the file into a page with scripts), and the
//     document type declaration (its entities could hold any markup).
//
// Everything else is written back as it was read. The package reads
// and writes bytes only; it does no I/O.
package svgsafe

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"sort"
	"strings"
)

// Namespaces that matter here.
const (
	xhtmlNS = "http://www.w3.org/1999/xhtml"
	xmlnsNS = "xmlns"
)

// Is reports whether the file name is an SVG file.
func Is(name string) bool {
	ext := strings.ToLower(path.Ext(name))
	return ext == ".svg"
}

// Clean returns src without anything that can run script, and a list of
// what it removed, for a warning ("script", "onload", ...). When nothing
// was removed, out is src itself. An SVG file that is not well-formed
// XML is an error: browsers do not show such a file either, and
// publishing it unread could publish a script.
func Clean(src []byte) (out []byte, removed []string, err error) {
	c := &cleaner{d: xml.NewDecoder(bytes.NewReader(src)), seen: map[string]bool{}}
	c.d.Strict = true
	c.b.Grow(len(src))
	for {
		tok, err := c.d.RawToken()
		if err == io.EOF {
			if len(c.open) > 0 {
				line, _ := c.d.InputPos()
				return nil, nil, fmt.Errorf("line %d: <%s> is never closed", line, c.open[len(c.open)-1].Local)
			}
			break
		}
		if err != nil {
			line, _ := c.d.InputPos()
			return nil, nil, fmt.Errorf("line %d: %w", line, unwrapSyntax(err))
		}
		if err := c.token(tok); err != nil {
			return nil, nil, err
		}
	}
	if len(c.removed) == 0 {
		return src, nil, nil
	}
	sort.Strings(c.removed)
	return c.b.Bytes(), c.removed, nil
}

// cleaner is the state of Clean while it reads a file token by token.
type cleaner struct {
	d       *xml.Decoder
	b       bytes.Buffer
	scopes  []map[string]string // prefix → namespace, per open element
	skip    int                 // depth inside a removed element, 0 when writing
	open    []xml.Name          // the elements open, to check they close in order
	seen    map[string]bool
	removed []string
}

// remove records what was removed, once.
func (c *cleaner) remove(what string) {
	if !c.seen[what] {
		c.seen[what] = true
		c.removed = append(c.removed, what)
	}
}

// resolve returns the namespace of prefix in the open elements' scopes.
func (c *cleaner) resolve(prefix string) string {
	for i := len(c.scopes) - 1; i >= 0; i-- {
		if ns, ok := c.scopes[i][prefix]; ok {
			return ns
		}
	}
	return ""
}

// token writes one token, or leaves it out.
func (c *cleaner) token(tok xml.Token) error {
	switch t := tok.(type) {
	case xml.StartElement:
		c.start(t)
	case xml.EndElement:
		return c.end(t)
	case xml.CharData:
		if c.skip == 0 {
			escape(&c.b, string(t), false)
		}
	case xml.ProcInst:
		if t.Target != "xml" {
			c.remove("<?" + t.Target + "?>")
			return nil
		}
		if c.skip == 0 {
			fmt.Fprintf(&c.b, "<?%s %s?>", t.Target, t.Inst)
		}
	case xml.Directive:
		if bytes.HasPrefix(bytes.TrimSpace(t), []byte("DOCTYPE")) && bytes.ContainsAny(t, "[") {
			c.remove("<!DOCTYPE> with declarations")
		}
		// A document type declaration does nothing for SVG: left out.
	case xml.Comment:
		// Left out: it cannot run, and need not be published.
	}
	return nil
}

// start opens an element: it writes it without its unsafe attributes,
// or, when the element itself is unsafe, starts skipping all it holds.
func (c *cleaner) start(t xml.StartElement) {
	c.open = append(c.open, t.Name)
	if c.skip > 0 {
		c.skip++
		return
	}
	scope := map[string]string{}
	for _, a := range t.Attr {
		switch {
		case a.Name.Space == xmlnsNS:
			scope[a.Name.Local] = a.Value
		case a.Name.Space == "" && a.Name.Local == xmlnsNS:
			scope[""] = a.Value
		}
	}
	c.scopes = append(c.scopes, scope)
	if what := unsafeElement(t, c.resolve(t.Name.Space)); what != "" {
		c.remove(what)
		c.scopes = c.scopes[:len(c.scopes)-1]
		c.skip = 1
		return
	}
	c.b.WriteByte('<')
	writeName(&c.b, t.Name)
	for _, a := range t.Attr {
		if what := unsafeAttr(a); what != "" {
			c.remove(what)
			continue
		}
		c.b.WriteByte(' ')
		writeName(&c.b, a.Name)
		c.b.WriteString(`="`)
		escape(&c.b, a.Value, true)
		c.b.WriteByte('"')
	}
	c.b.WriteByte('>')
}

// end closes an element, which must be the last one open.
func (c *cleaner) end(t xml.EndElement) error {
	if len(c.open) == 0 || c.open[len(c.open)-1] != t.Name {
		line, _ := c.d.InputPos()
		return fmt.Errorf("line %d: </%s> closes no open element", line, t.Name.Local)
	}
	c.open = c.open[:len(c.open)-1]
	if c.skip > 0 {
		c.skip--
		return nil
	}
	c.scopes = c.scopes[:len(c.scopes)-1]
	c.b.WriteString("</")
	writeName(&c.b, t.Name)
	c.b.WriteByte('>')
	return nil
}

// unwrapSyntax keeps the message of an XML syntax error without its line
// (the caller adds the line).
func unwrapSyntax(err error) error {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return errors.New(se.Msg)
	}
	return err
}

// unsafeElement returns the name of an element that is removed with all
// it contains, or "".
func unsafeElement(t xml.StartElement, ns string) string {
	local := strings.ToLower(t.Name.Local)
	switch {
	case ns == xhtmlNS:
		return "HTML element <" + t.Name.Local + ">"
	case local == "script", local == "foreignobject", local == "handler", local == "listener":
		return "<" + t.Name.Local + ">"
	case local == "set" || strings.HasPrefix(local, "animate"):
		for _, a := range t.Attr {
			if strings.EqualFold(a.Name.Local, "attributeName") {
				target := strings.ToLower(strings.TrimSpace(a.Value))
				if i := strings.IndexByte(target, ':'); i >= 0 {
					target = target[i+1:]
				}
				if strings.HasPrefix(target, "on") || target == "href" {
					return "<" + t.Name.Local + "> of " + a.Value
				}
			}
		}
	}
	return ""
}

// unsafeAttr returns the name of an attribute that is removed, or "".
func unsafeAttr(a xml.Attr) string {
	name := a.Name.Local
	if a.Name.Space != "" {
		name = a.Name.Space + ":" + name
	}
	if a.Name.Space != xmlnsNS && strings.HasPrefix(strings.ToLower(a.Name.Local), "on") {
		return name
	}
	// Browsers ignore spaces and control characters inside a URL's scheme.
	v := strings.Map(func(r rune) rune {
		if r <= ' ' || r == 0x7f {
			return -1
		}
		return r
	}, strings.ToLower(a.Value))
	for _, bad := range []string{"javascript:", "vbscript:", "data:text/html", "data:application/xhtml"} {
		if strings.Contains(v, bad) {
			return name + `="` + bad + `..."`
		}
	}
	return ""
}

func writeName(b *bytes.Buffer, n xml.Name) {
	if n.Space != "" {
		b.WriteString(n.Space)
		b.WriteByte(':')
	}
	b.WriteString(n.Local)
}

// escape writes s as XML text, or as an attribute value in double quotes.
func escape(b *bytes.Buffer, s string, attr bool) {
	for _, r := range s {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case attr && r == '"':
			b.WriteString("&quot;")
		case attr && (r == '\n' || r == '\r' || r == '\t'):
			fmt.Fprintf(b, "&#x%X;", r)
		case r == '\r':
			b.WriteString("&#xD;")
		default:
			b.WriteRune(r)
		}
	}
}
