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
	d := xml.NewDecoder(bytes.NewReader(src))
	d.Strict = true
	var b bytes.Buffer
	b.Grow(len(src))
	var (
		scopes []map[string]string // prefix → namespace, per open element
		skip   int                 // depth inside a removed element, 0 when writing
		open   []xml.Name          // the elements open, to check they close in order
		seen   = map[string]bool{}
	)
	remove := func(what string) {
		if !seen[what] {
			seen[what] = true
			removed = append(removed, what)
		}
	}
	resolve := func(prefix string) string {
		for i := len(scopes) - 1; i >= 0; i-- {
			if ns, ok := scopes[i][prefix]; ok {
				return ns
			}
		}
		return ""
	}
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			if len(open) > 0 {
				line, _ := d.InputPos()
				return nil, nil, fmt.Errorf("line %d: <%s> is never closed", line, open[len(open)-1].Local)
			}
			break
		}
		if err != nil {
			line, _ := d.InputPos()
			return nil, nil, fmt.Errorf("line %d: %w", line, unwrapSyntax(err))
		}
		switch t := tok.(type) {
		case xml.StartElement:
			open = append(open, t.Name)
			if skip > 0 {
				skip++
				continue
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
			scopes = append(scopes, scope)
			if what := unsafeElement(t, resolve(t.Name.Space)); what != "" {
				remove(what)
				scopes = scopes[:len(scopes)-1]
				skip = 1
				continue
			}
			b.WriteByte('<')
			writeName(&b, t.Name)
			for _, a := range t.Attr {
				if what := unsafeAttr(a); what != "" {
					remove(what)
					continue
				}
				b.WriteByte(' ')
				writeName(&b, a.Name)
				b.WriteString(`="`)
				escape(&b, a.Value, true)
				b.WriteByte('"')
			}
			b.WriteByte('>')
		case xml.EndElement:
			if len(open) == 0 || open[len(open)-1] != t.Name {
				line, _ := d.InputPos()
				return nil, nil, fmt.Errorf("line %d: </%s> closes no open element", line, t.Name.Local)
			}
			open = open[:len(open)-1]
			if skip > 0 {
				skip--
				continue
			}
			scopes = scopes[:len(scopes)-1]
			b.WriteString("</")
			writeName(&b, t.Name)
			b.WriteByte('>')
		case xml.CharData:
			if skip == 0 {
				escape(&b, string(t), false)
			}
		case xml.ProcInst:
			if t.Target != "xml" {
				remove("<?" + t.Target + "?>")
				continue
			}
			if skip == 0 {
				fmt.Fprintf(&b, "<?%s %s?>", t.Target, t.Inst)
			}
		case xml.Directive:
			if bytes.HasPrefix(bytes.TrimSpace(t), []byte("DOCTYPE")) && bytes.ContainsAny(t, "[") {
				remove("<!DOCTYPE> with declarations")
			}
			// A document type declaration does nothing for SVG: left out.
		case xml.Comment:
			// Left out: it cannot run, and need not be published.
		}
	}
	if len(removed) == 0 {
		return src, nil, nil
	}
	sort.Strings(removed)
	return b.Bytes(), removed, nil
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
