package minify

import (
	"bytes"
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"
)

func TestFile(t *testing.T) {
	page := func(body string) string {
		return "<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n  <meta charset=\"utf-8\">\n  <title>T</title>\n</head>\n<body>\n" + body + "\n</body>\n</html>\n"
	}
	tests := []struct {
		name, file, src string
		want            []string // substrings of the output
		not             []string // substrings the output must not have
		same            bool     // the output is the input
	}{
		{
			name: "document tags and doctype", file: "index.html", src: page("<p>Hallo</p>"),
			want: []string{"<!DOCTYPE html><html lang=\"nl\"><head><meta charset=\"utf-8\"><title>T</title></head><body><p>Hallo</p></body></html>"},
		},
		{
			name: "end tags", file: "a/index.html", src: page("<ul>\n  <li>een</li>\n  <li>twee</li>\n</ul>\n<p>alinea</p>\n<table><tr><td>x</td></tr></table>"),
			want: []string{"<ul><li>een</li><li>twee</li></ul><p>alinea</p>", "<td>x</td></tr>"},
		},
		{
			name: "quotes and default values", file: "index.html", src: page(`<a class="button" href="/stories/">x</a> <input type="text" name="q">   <img src="a.png" alt="">`),
			want: []string{`<a class="button" href="/stories/">x</a>`, `<input type="text" name="q">`, `<img src="a.png" alt>`},
		},
		{
			name: "white space between inline elements stays", file: "index.html", src: page(`<p><a href="/a/">een</a>  <a href="/b/">twee</a>,   drie</p>`),
			want: []string{`<a href="/a/">een</a> <a href="/b/">twee</a>, drie`},
		},
		{
			name: "pre and textarea are kept", file: "index.html", src: page("<pre><code>func main() {\n\tfmt.Println(\"  twee  spaties\")\n}\n</code></pre>\n<textarea name=\"t\">  a\n   b</textarea>"),
			want: []string{"<pre><code>func main() {\n\tfmt.Println(\"  twee  spaties\")\n}\n</code></pre>", "<textarea name=\"t\">  a\n   b</textarea>"},
		},
		{
			name: "JSON-LD stays JSON", file: "index.html", src: page("<script type=\"application/ld+json\">{\n  \"@context\": \"https://schema.org\",\n  \"name\": \"A  &amp; B\",\n  \"n\": 1.50\n}</script>"),
			want: []string{`<script type="application/ld+json">{"@context":"https://schema.org","name":"A  &amp; B","n":1.50}</script>`},
		},
		{
			name: "style and script", file: "index.html", src: page("<style>\n  :root { --brand: #ff0000; }\n  p { margin: 0px 0px; }\n</style>\n<script>\n  var answer = 40 + 2;\n  console.log( answer );\n</script>"),
			want: []string{"<style>:root{--brand:#ff0000}p{margin:0}</style>", "<script>var answer=40+2;console.log(answer)</script>"},
			not:  []string{"console.log( answer )"},
		},
		{
			name: "comments go", file: "index.html", src: page("<!-- a note for authors --><p>x</p>"),
			not: []string{"a note for authors"},
		},
		{
			name: "css", file: "assets/style.css", src: "/* a comment */\nbody {\n  margin: 0px;\n  color: #ffffff;\n}\n",
			want: []string{"body{margin:0;color:#fff}"},
		},
		{
			name: "js", file: "assets/search.js", src: "// search\nfunction find(query) {\n  const words = query.split(' ');\n  return words.length;\n}\nwindow.find = find;\n",
			not: []string{"// search", "\n  "},
		},
		{name: "xml is not touched", file: "index.xml", src: "<rss>\n  <channel/>\n</rss>\n", same: true},
		{name: "svg files are not touched", file: "favicon.svg", src: "<svg xmlns=\"http://www.w3.org/2000/svg\">\n  <circle r=\"1\"/>\n</svg>\n", same: true},
	}
	m := New()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := []byte(tt.src)
			got, err := m.File(tt.file, src)
			if err != nil {
				t.Fatal(err)
			}
			if string(src) != tt.src {
				t.Errorf("the input was modified:\n%s", src)
			}
			if tt.same != (string(got) == tt.src) {
				t.Errorf("output equals input: %t, want %t:\n%s", !tt.same, tt.same, got)
			}
			if !tt.same && len(got) >= len(tt.src) {
				t.Errorf("not smaller: %d → %d bytes", len(tt.src), len(got))
			}
			for _, w := range tt.want {
				if !strings.Contains(string(got), w) {
					t.Errorf("output lacks %q:\n%s", w, got)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(string(got), n) {
					t.Errorf("output still has %q:\n%s", n, got)
				}
			}
		})
	}
}

// TestInlineSVG: the chart, inline in a page, comes out byte for byte.
func TestInlineSVG(t *testing.T) {
	svg, err := os.ReadFile("../chart/testdata/small.svg")
	if err != nil {
		t.Fatal(err)
	}
	src := "<!DOCTYPE html><html lang=\"nl\"><head><title>T</title></head><body>\n<figure>\n" + string(svg) + "\n</figure>\n</body></html>"
	got, err := New().File("index.html", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(got, svg) {
		t.Errorf("the chart changed:\n%s", got)
	}
}

// TestJSONLDKeepsItsMeaning: the structured data decodes to the same value.
func TestJSONLDKeepsItsMeaning(t *testing.T) {
	ld := `{
  "@context": "https://schema.org",
  "@type": "Article",
  "headline": "De fles die naar \"kurk\" smaakte \u00e9n meer",
  "author": {"@type": "Organization", "name": "Fanfare"},
  "keywords": ["persoonlijk", "klacht"],
  "ratingValue": 9.0
}`
	src := "<!DOCTYPE html><html><head><title>T</title><script type=\"application/ld+json\">" + ld + "</script></head><body></body></html>"
	got, err := New().File("index.html", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`).FindSubmatch(got)
	if m == nil {
		t.Fatalf("no JSON-LD in:\n%s", got)
	}
	var want, have any
	if err := json.Unmarshal([]byte(ld), &want); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(m[1], &have); err != nil {
		t.Fatalf("minified JSON-LD does not decode: %v\n%s", err, m[1])
	}
	wb, _ := json.Marshal(want)
	hb, _ := json.Marshal(have)
	if !bytes.Equal(wb, hb) || len(m[1]) >= len(ld) {
		t.Errorf("JSON-LD changed or did not shrink:\n%s\n%s", ld, m[1])
	}
}

// TestBrokenInput: a file the minifier cannot read comes back unchanged,
// with an error that says so.
func TestBrokenInput(t *testing.T) {
	src := []byte("function (\n")
	got, err := New().File("assets/broken.js", src)
	if err == nil || !strings.Contains(err.Error(), "cannot minify") {
		t.Errorf("error %v, want one that says it cannot minify", err)
	}
	if !bytes.Equal(got, src) {
		t.Errorf("got %q, want the input", got)
	}
}

func TestHandles(t *testing.T) {
	for name, want := range map[string]bool{
		"index.html": true, "assets/style.0123456789.css": true, "assets/search.js": true,
		"index.xml": false, "favicon.svg": false, "_headers": false, "robots.txt": false, "data.json": false,
	} {
		if Handles(name) != want {
			t.Errorf("Handles(%q) = %t, want %t", name, !want, want)
		}
	}
}
