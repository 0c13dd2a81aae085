package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/tools/txtar"
)

// TestImports builds every site in testdata/imports/*.txtar, shaped like
// the exports of other generators (Hugo, Jekyll, Eleventy, Astro), with
// the real binary. It compares what the build prints with the golden
// file beside it (-update rewrites it), checks that no page holds a
// script, an event handler or a javascript: address from a body, and
// counts the words of every story's body and of its published text: a
// page that keeps fewer than 99% of them fails unless a warning names
// its file.
func TestImports(t *testing.T) {
	files, _ := filepath.Glob("testdata/imports/*.txtar")
	var sites []string
	for _, f := range files {
		if !strings.HasSuffix(f, ".golden.txtar") {
			sites = append(sites, f)
		}
	}
	if len(sites) == 0 {
		t.Fatal("no sites in testdata/imports")
	}
	var kept, total int
	for _, file := range sites {
		name := strings.TrimSuffix(filepath.Base(file), ".txtar")
		ar, err := txtar.ParseFile(file)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(name, func(t *testing.T) {
			fx := parseFixture(t, ar.Comment)
			dir := writeSite(t, ar)
			stdout, stderr, code := runFanfare(t, dir, fx.args...)
			if code != fx.exit {
				t.Fatalf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", code, fx.exit, stdout, stderr)
			}
			compareGolden(t, strings.TrimSuffix(file, ".txtar")+".golden.txtar", &txtar.Archive{Files: []txtar.File{
				{Name: "stdout", Data: []byte(timing.ReplaceAllString(stdout, "in N ms"))},
				{Name: "stderr", Data: []byte(stderr)},
			}})
			if code != 0 {
				return
			}
			pages := publishedTexts(t, filepath.Join(dir, "public"))
			for _, f := range ar.Files {
				if !strings.HasPrefix(f.Name, "content/stories/") || !strings.HasSuffix(f.Name, ".md") || strings.HasSuffix(f.Name, "_index.md") {
					continue
				}
				title, body := splitSource(string(f.Data))
				text, ok := pages[title]
				if !ok {
					t.Errorf("%s: no published page has the title %q", f.Name, title)
					continue
				}
				src := words(sourceText(body))
				k := keptWords(src, words(text))
				kept, total = kept+k, total+len(src)
				if len(src) > 0 && k*100 < len(src)*99 && !strings.Contains(stderr, f.Name+":") {
					t.Errorf("%s keeps %d of its %d words, without a warning naming it; missing: %v", f.Name, k, len(src), missing(src, words(text)))
				}
			}
		})
	}
	if total > 0 {
		t.Logf("words kept: %d of %d (%.2f%%) over %d sites", kept, total, 100*float64(kept)/float64(total), len(sites))
	}
}

// splitSource returns the title in a Markdown file's front matter (YAML
// or TOML) and the body after it.
func splitSource(s string) (title, body string) {
	delim := "---"
	if strings.HasPrefix(s, "+++") {
		delim = "+++"
	}
	rest := strings.TrimPrefix(s, delim+"\n")
	front, body, _ := strings.Cut(rest, "\n"+delim+"\n")
	for _, line := range strings.Split(front, "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			k, v, _ = strings.Cut(line, "=")
		}
		if strings.TrimSpace(k) == "title" {
			title = strings.Trim(strings.TrimSpace(v), `"'`)
		}
	}
	return title, body
}

var (
	shortcodeRE = regexp.MustCompile(`(?s)\{\{[<%]/?\*?.*?\*?/?[>%]\}\}`)
	shownArgRE  = regexp.MustCompile(`\b(?:caption|title|attr)="([^"]*)"`)
	linkDestRE  = regexp.MustCompile(`\]\((?:<[^>]*>|[^)\s]*)(?:\s+"[^"]*")?\)`)
	attrListRE  = regexp.MustCompile(`\{#[^}]*\}`)
	footnoteRE  = regexp.MustCompile(`\[\^[^\]]+\]:?`)
)

// sourceText is what an author means to be read in a body: the text of
// its Markdown and HTML, and the captions and titles of its shortcodes;
// not link targets, tag names or attributes.
func sourceText(body string) string {
	body = shortcodeRE.ReplaceAllStringFunc(body, func(sc string) string {
		var shown []string
		for _, m := range shownArgRE.FindAllStringSubmatch(sc, -1) {
			shown = append(shown, m[1])
		}
		if strings.Contains(sc, "/*") { // shown as text
			return sc
		}
		return " " + strings.Join(shown, " ") + " "
	})
	body = linkDestRE.ReplaceAllString(body, "]")
	body = attrListRE.ReplaceAllString(body, "")
	body = footnoteRE.ReplaceAllString(body, " ") // numbered anew
	return htmlText([]byte(body), false)
}

// htmlText returns the text of HTML, without scripts and styles; with
// alt set, the alt text of images too.
func htmlText(b []byte, alt bool) string {
	var out strings.Builder
	z := html.NewTokenizer(bytes.NewReader(b))
	skip := false
	for {
		switch z.Next() {
		case html.ErrorToken:
			return out.String()
		case html.TextToken:
			if !skip {
				out.Write(z.Text())
				out.WriteByte(' ')
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			skip = tok.Data == "script" || tok.Data == "style"
			for _, a := range tok.Attr {
				if alt && a.Key == "alt" {
					out.WriteString(" " + a.Val + " ")
				}
			}
			out.WriteByte(' ')
		case html.EndTagToken:
			skip = false
			out.WriteByte(' ')
		}
	}
}

// publishedTexts maps the <h1> of every published page to the text of
// its body (the element of class "prose"), with alt texts.
func publishedTexts(t *testing.T, public string) map[string]string {
	t.Helper()
	m := map[string]string{}
	_ = filepath.Walk(public, func(p string, info os.FileInfo, err error) error {
		if err != nil || !strings.HasSuffix(p, ".html") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		doc, err := html.Parse(bytes.NewReader(data))
		if err != nil {
			t.Errorf("%s: %v", p, err)
			return nil
		}
		var h1, prose string
		var walk func(n *html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.ElementNode {
				var cls, href string
				for _, a := range n.Attr {
					switch a.Key {
					case "class":
						cls = a.Val
					case "href":
						href = a.Val
					}
					if strings.HasPrefix(a.Key, "on") {
						t.Errorf("%s: <%s %s> from a body", p, n.Data, a.Key)
					}
				}
				if strings.HasPrefix(strings.ToLower(strings.TrimSpace(href)), "javascript:") {
					t.Errorf("%s links to %s", p, href)
				}
				switch {
				case n.Data == "h1" && h1 == "":
					h1 = strings.TrimSpace(nodeText(n))
				case strings.Contains(" "+cls+" ", " prose ") && n.Data == "div":
					var b bytes.Buffer
					_ = html.Render(&b, n)
					prose = htmlText(b.Bytes(), true)
					checkProse(t, p, n)
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(doc)
		if h1 != "" {
			m[h1] = prose
		}
		return nil
	})
	return m
}

// checkProse fails on a script, an iframe or a form in a page's body.
func checkProse(t *testing.T, p string, n *html.Node) {
	if n.Type == html.ElementNode {
		switch n.Data {
		case "script", "iframe", "form", "input", "object", "embed", "style":
			t.Errorf("%s: <%s> in the body", p, n.Data)
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		checkProse(t, p, c)
	}
}

func nodeText(n *html.Node) string {
	if n.Type == html.TextNode {
		return n.Data
	}
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		b.WriteString(nodeText(c))
	}
	return b.String()
}

// words splits text into lower-case words: runs of letters and digits.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsNumber(r) && !unicode.IsMark(r)
	})
}

// keptWords counts the words of src that are in dst, each as often as it
// is there.
func keptWords(src, dst []string) int {
	have := map[string]int{}
	for _, w := range dst {
		have[w]++
	}
	n := 0
	for _, w := range src {
		if have[w] > 0 {
			have[w]--
			n++
		}
	}
	return n
}

func missing(src, dst []string) []string {
	have := map[string]int{}
	for _, w := range dst {
		have[w]++
	}
	var out []string
	for _, w := range src {
		if have[w] > 0 {
			have[w]--
		} else {
			out = append(out, w)
		}
	}
	return out
}
