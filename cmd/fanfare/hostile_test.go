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
)

// hostile is front-matter text that tries to break out of every context
// it is written into: HTML text and attributes, JSON-LD, XML feeds.
const hostile = `Zappos </script><script>alert(1)</script> "quoted" & 'single' ]]> <b>`

// TestHostileContent builds a site whose titles, summaries, quotes and
// names hold markup, quotes, </script>, ]]> and ampersands, and checks
// every output: no script element comes from the content, the JSON-LD and
// the XML files still parse and hold the text unchanged.
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
	if _, stderr, code := runFanfare(t, dir, "build"); code != 0 {
		t.Fatalf("build: %s", stderr)
	}
	ld := regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`)
	for _, f := range snapshot(t, filepath.Join(dir, "public")) {
		switch filepath.Ext(f.Name) {
		case ".html":
			s := string(f.Data)
			if strings.Contains(s, "alert(") && regexp.MustCompile(`<script>alert|href="javascript:|<b>`).MatchString(s) {
				t.Errorf("%s lets content markup through", f.Name)
			}
			if n := strings.Count(s, "<script"); n > 1 {
				t.Errorf("%s has %d script elements, want only the JSON-LD", f.Name, n)
			}
			for _, m := range ld.FindAllStringSubmatch(s, -1) {
				var v any
				if err := json.Unmarshal([]byte(m[1]), &v); err != nil {
					t.Errorf("%s: JSON-LD does not parse: %v", f.Name, err)
				}
				if f.Name == "stories/a/index.html" && !strings.Contains(m[1], `Zappos \u003c/script\u003e`) {
					t.Errorf("%s: JSON-LD lacks the escaped title: %s", f.Name, m[1])
				}
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
