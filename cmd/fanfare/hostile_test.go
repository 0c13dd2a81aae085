package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// hostile is front-matter text that tries to break out of every context
// it is written into: HTML text and attributes, JSON-LD, XML feeds.
const hostile = `Zappos </script><script>alert(1)</script> "quoted" & 'single' ]]> <b>`

// TestHostileContent builds a site whose titles, summaries, quotes and
// names hold markup, quotes, </script>, ]]> and ampersands, and checks
// every output, minified and not: no script element comes from the
// content, the JSON-LD and the XML files still parse and hold the text
// unchanged.
// The theme's own scripts on the story list: the search, and the line
// that shows its form.
var (
	searchScript = regexp.MustCompile(`^/assets/search\.[0-9a-f]+\.js$`)
	jsClass      = regexp.MustCompile(`^document\.documentElement\.classList\.add\("js"\);?$`)
	themeScripts = regexp.MustCompile(`<script>document\.documentElement\.classList\.add\("js"\)</script>|<script type="module" src="/assets/search\.[0-9a-f]+\.js"></script>`)
)

func TestHostileContent(t *testing.T) {
	dir := t.TempDir()
	q := strings.ReplaceAll(hostile, `"`, `\"`)
	mustWrite(t, filepath.Join(dir, "fanfare.yaml"), "title: \""+q+"\"\ndescription: \""+q+"\"\nbrand:\n  name: \""+q+"\"\n")
	mustWrite(t, filepath.Join(dir, "content/stories/a.md"), `---
title: "`+q+`"
summary: "`+q+`"
date: 2025-01-01
customer: "`+q+`"
brand: "`+q+`"
industry: "`+q+`"
tags: ["`+q+`"]
symbols: [s]
quote:
  text: "`+q+`"
  author: "`+q+`"
  role: "`+q+`"
metrics:
  - label: "`+q+`"
    value: "`+q+`"
---
Body <script>alert(2)</script> [link](javascript:alert(3)).
`)
	mustWrite(t, filepath.Join(dir, "content/symbols/s.md"), "---\ntitle: \""+q+"\"\nbrand: \""+q+"\"\npromise: \""+q+"\"\nproof: \""+q+"\"\n---\n")
	// Unminified, html/template's escaping shows in the bytes; minified,
	// the minifier writes < and > inside quoted attribute values and >
	// in text as they are, which is the same to an HTML parser: the
	// elements a browser builds are checked in both.
	for _, minified := range []bool{false, true} {
		args := []string{"build", "--no-cache", "--no-minify", "--destination", "plain"}
		if minified {
			args = []string{"build", "--no-cache", "--destination", "minified"}
		}
		if _, stderr, code := runFanfare(t, dir, args...); code != 0 {
			t.Fatalf("build: %s", stderr)
		}
		checkHostile(t, filepath.Join(dir, args[len(args)-1]), minified)
	}
}

func checkHostile(t *testing.T, public string, minified bool) {
	t.Helper()
	ld := regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`)
	for _, f := range snapshot(t, public) {
		switch filepath.Ext(f.Name) {
		case ".html":
			s := string(f.Data)
			if !minified && strings.Contains(s, "alert(") && regexp.MustCompile(`<script>alert|href="javascript:|<b>`).MatchString(s) {
				t.Errorf("%s lets content markup through", f.Name)
			}
			// The story list also has the theme's search script and the
			// line that shows the search form.
			if n := strings.Count(themeScripts.ReplaceAllString(s, ""), "<script"); !minified && n > 1 {
				t.Errorf("%s has %d script elements, want only the JSON-LD (and the theme's own)", f.Name, n)
			}
			doc, err := html.Parse(strings.NewReader(s))
			if err != nil {
				t.Fatalf("%s: %v", f.Name, err)
			}
			var walk func(n *html.Node)
			walk = func(n *html.Node) {
				if n.Type == html.ElementNode {
					var typ, href, src string
					for _, a := range n.Attr {
						switch a.Key {
						case "type":
							typ = a.Val
						case "href":
							href = a.Val
						case "src":
							src = a.Val
						}
					}
					theme := f.Name == "stories/index.html" && (searchScript.MatchString(src) ||
						n.FirstChild != nil && jsClass.MatchString(n.FirstChild.Data))
					switch {
					case n.Data == "script" && typ != "application/ld+json" && !theme:
						t.Errorf("%s (minified %t) has a script element that is not JSON-LD", f.Name, minified)
					case n.Data == "b":
						t.Errorf("%s (minified %t) has a <b> from the content", f.Name, minified)
					case strings.HasPrefix(strings.TrimSpace(strings.ToLower(href)), "javascript:"):
						t.Errorf("%s (minified %t) links to %s", f.Name, minified, href)
					}
				}
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					walk(c)
				}
			}
			walk(doc)
			for _, m := range ld.FindAllStringSubmatch(s, -1) {
				var v any
				if err := json.Unmarshal([]byte(m[1]), &v); err != nil {
					t.Errorf("%s: JSON-LD does not parse: %v", f.Name, err)
				}
				if f.Name == "stories/a/index.html" && !strings.Contains(m[1], `Zappos \u003c/script\u003e`) {
					t.Errorf("%s: JSON-LD lacks the escaped title: %s", f.Name, m[1])
				}
			}
		case ".json": // the search index
			var v any
			if err := json.Unmarshal(f.Data, &v); err != nil {
				t.Errorf("%s does not parse: %v", f.Name, err)
			}
			if strings.Contains(f.Name, "/docs.") && !strings.Contains(string(f.Data), `Zappos </script>`) {
				t.Errorf("%s lacks the title as written: %s", f.Name, f.Data)
			}
		case ".xml":
			dec := xml.NewDecoder(bytes.NewReader(f.Data))
			texts := ""
			for {
				tok, err := dec.Token()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatalf("%s is not well-formed XML: %v", f.Name, err)
				}
				if cd, ok := tok.(xml.CharData); ok {
					texts += string(cd)
				}
			}
			if (f.Name == "index.xml" || f.Name == "atom.xml") && !strings.Contains(texts, hostile) {
				t.Errorf("%s does not hold the title unchanged", f.Name)
			}
		}
	}
}
