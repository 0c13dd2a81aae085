package svgsafe

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"
)

func TestClean(t *testing.T) {
	tests := []struct {
		name, src, want string
		removed         string // what Clean reports, joined by ", "
	}{
		{"nothing to remove",
			`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10"><circle r="4" fill="red"/></svg>`,
			`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10"><circle r="4" fill="red"/></svg>`, ""},
		{"script",
			`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script><rect width="1"/></svg>`,
			`<svg xmlns="http://www.w3.org/2000/svg"><rect width="1"></rect></svg>`, "<script>"},
		{"script in CDATA with a prefix",
			`<s:svg xmlns:s="http://www.w3.org/2000/svg"><s:SCRIPT type="text/ecmascript"><![CDATA[ alert(1) ]]></s:SCRIPT></s:svg>`,
			`<s:svg xmlns:s="http://www.w3.org/2000/svg"></s:svg>`, "<SCRIPT>"},
		{"event handlers",
			`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><g OnClick="x()" id="a"/></svg>`,
			`<svg xmlns="http://www.w3.org/2000/svg"><g id="a"></g></svg>`, "OnClick, onload"},
		{"javascript links, however written",
			`<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><a href=" jav&#x09;ascript:alert(1)"><text>a</text></a><a xlink:href="JAVASCRIPT:alert(2)">b</a><a href="/ok/">c</a></svg>`,
			`<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><a><text>a</text></a><a>b</a><a href="/ok/">c</a></svg>`, `href="javascript:...", xlink:href="javascript:..."`},
		{"foreignObject with HTML",
			`<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><div xmlns="http://www.w3.org/1999/xhtml"><img src="x" onerror="alert(1)"/></div></foreignObject><circle/></svg>`,
			`<svg xmlns="http://www.w3.org/2000/svg"><circle></circle></svg>`, "<foreignObject>"},
		{"HTML script outside foreignObject",
			`<svg xmlns="http://www.w3.org/2000/svg" xmlns:h="http://www.w3.org/1999/xhtml"><h:iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"/><h:scrípt/></svg>`,
			`<svg xmlns="http://www.w3.org/2000/svg" xmlns:h="http://www.w3.org/1999/xhtml"></svg>`, "HTML element <iframe>, HTML element <scrípt>"},
		{"animation that sets a link or a handler",
			`<svg xmlns="http://www.w3.org/2000/svg"><a><set attributeName="href" to="javascript:alert(1)"/><animate attributeName="xlink:href" values="x"/><animate attributeName="opacity" values="0;1"/>t</a></svg>`,
			`<svg xmlns="http://www.w3.org/2000/svg"><a><animate attributeName="opacity" values="0;1"></animate>t</a></svg>`, "<animate> of xlink:href, <set> of href"},
		{"style sheet processing instruction and entities",
			`<?xml version="1.0"?><?xml-stylesheet type="text/xsl" href="evil.xsl"?><!DOCTYPE svg [<!ENTITY e "x">]><svg xmlns="http://www.w3.org/2000/svg"><!-- note --><title>a &amp; b &lt; c</title></svg>`,
			`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><title>a &amp; b &lt; c</title></svg>`, "<!DOCTYPE> with declarations, <?xml-stylesheet?>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, removed, err := Clean([]byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			if string(out) != tt.want || strings.Join(removed, ", ") != tt.removed {
				t.Errorf("Clean:\n%s\nremoved %q\nwant:\n%s\nremoved %q", out, removed, tt.want, tt.removed)
			}
		})
	}
}

func TestCleanRefusesWhatItCannotRead(t *testing.T) {
	for _, src := range []string{
		`<svg xmlns="http://www.w3.org/2000/svg"><script>`,
		`<!DOCTYPE svg [<!ENTITY x "<script>alert(1)</script>">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>`,
		`<svg><a></b></svg>`,
	} {
		if out, _, err := Clean([]byte(src)); err == nil {
			t.Errorf("Clean(%q) = %q, want an error", src, out)
		}
	}
}

// runsScript reports what in a cleaned file could still run script, as a
// browser reads it, or "".
func runsScript(data []byte) string {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return ""
		}
		if err != nil {
			return "not well-formed: " + err.Error()
		}
		switch t := tok.(type) {
		case xml.StartElement:
			local := strings.ToLower(t.Name.Local)
			if local == "script" || local == "foreignobject" || t.Name.Space == xhtmlNS {
				return "element " + t.Name.Local
			}
			for _, a := range t.Attr {
				v := strings.Map(func(r rune) rune {
					if r <= ' ' || r == 0x7f {
						return -1
					}
					return r
				}, strings.ToLower(a.Value))
				if strings.HasPrefix(strings.ToLower(a.Name.Local), "on") && a.Name.Space != "xmlns" || strings.Contains(v, "javascript:") {
					return "attribute " + a.Name.Local + "=" + a.Value
				}
			}
		case xml.ProcInst:
			if t.Target != "xml" {
				return "processing instruction " + t.Target
			}
		}
	}
}

// FuzzClean: whatever the input, what Clean returns is well-formed and
// holds no script, no event handler and no javascript: URL, and cleaning
// it again removes nothing.
func FuzzClean(f *testing.F) {
	f.Add(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>`)
	f.Add(`<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><body xmlns="http://www.w3.org/1999/xhtml"><script>1</script></body></foreignObject></svg>`)
	f.Add(`<svg xmlns:h="http://www.w3.org/1999/xhtml"><h:script>1</h:script><a xlink:href="&#106;avascript:1"/></svg>`)
	f.Add(`<?xml-stylesheet href="x.xsl"?><svg><set attributeName="onclick" to="alert(1)"/></svg>`)
	f.Add(`<svg><a href="java&#10;script:1">x</a><![CDATA[<script>]]></svg>`)
	f.Fuzz(func(t *testing.T, src string) {
		out, _, err := Clean([]byte(src))
		if err != nil {
			return // not published
		}
		if what := runsScript(out); what != "" {
			t.Fatalf("Clean(%q) = %q still holds %s", src, out, what)
		}
		again, removed, err := Clean(out)
		if err != nil || len(removed) > 0 {
			t.Fatalf("cleaning %q again: removed %v, %v (%q)", out, removed, err, again)
		}
	})
}
