package generator_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/net/html"

	"fanfare.dev/fanfare/generator"
	"fanfare.dev/fanfare/generator/minify"
	"fanfare.dev/fanfare/themes"
)

// TestMinifiedExampleSite renders the example site in content/ with its
// HTML minified (--minify-html) and without minifying, and checks every
// HTML page: the minified one is
// smaller, parses without error, has the same elements with the same
// attributes, the same visible text, the same <pre> text and the same
// JSON-LD; and every asset it links to exists.
func TestMinifiedExampleSite(t *testing.T) {
	ctx := context.Background()
	minified, err := generator.Render(ctx, generator.Options{Source: "..", MinifyHTML: true})
	if err != nil {
		t.Fatal(err)
	}
	plain, err := generator.Render(ctx, generator.Options{Source: "..", NoMinify: true})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(slices.Sorted(maps.Keys(minified.Files)), slices.Sorted(maps.Keys(plain.Files))) {
		t.Fatal("the minified and unminified builds have different files")
	}
	var pages, before, after int
	for p, want := range plain.Files {
		got := minified.Files[p]
		if !strings.HasSuffix(p, ".html") {
			if strings.HasSuffix(p, ".css") && len(got) >= len(want) {
				t.Errorf("%s: not smaller minified (%d → %d bytes)", p, len(want), len(got))
			}
			continue
		}
		pages++
		before += len(want)
		after += len(got)
		if len(got) >= len(want) {
			t.Errorf("%s: not smaller minified (%d → %d bytes)", p, len(want), len(got))
		}
		mustTokenize(t, p, got)
		w, g := summarize(t, p, want), summarize(t, p, got)
		if !slices.Equal(w.elements, g.elements) {
			i := firstDiff(w.elements, g.elements)
			t.Errorf("%s: elements differ at %d: %q, minified %q", p, i, at(w.elements, i), at(g.elements, i))
		}
		if w.text != g.text {
			i := firstDiff([]rune(w.text), []rune(g.text))
			t.Errorf("%s: visible text differs at %d:\n%q\n%q", p, i, excerpt(w.text, i), excerpt(g.text, i))
		}
		if !slices.Equal(w.pre, g.pre) {
			t.Errorf("%s: <pre> text differs:\n%q\n%q", p, w.pre, g.pre)
		}
		if !slices.Equal(w.jsonld, g.jsonld) {
			t.Errorf("%s: JSON-LD differs:\n%q\n%q", p, w.jsonld, g.jsonld)
		}
		if len(w.jsonld) == 0 && p != "404.html" && !strings.Contains(string(want), "http-equiv=\"refresh\"") {
			t.Errorf("%s: no JSON-LD to compare", p)
		}
		for _, u := range g.assets {
			if _, ok := minified.Files[strings.TrimPrefix(u, "/")]; !ok {
				t.Errorf("%s links to %s, which the build does not publish", p, u)
			}
		}
	}
	if pages < 50 {
		t.Errorf("only %d pages in the example site", pages)
	}
	t.Logf("%d pages: %d bytes, minified %d (%.0f%%)", pages, before, after, 100*float64(after)/float64(before))
}

// page is what a reader (or a search engine) gets from an HTML page.
type page struct {
	elements []string // each element: name and attributes, in document order
	text     string   // the visible text, white space collapsed
	pre      []string // the text of each <pre>, exactly
	jsonld   []string // each JSON-LD block, decoded and encoded again
	assets   []string // URLs of linked style sheets and scripts
}

// blocks are the elements whose start and end separate words visually,
// so white space next to them may go.
var blocks = map[string]bool{}

func init() {
	for _, b := range strings.Fields(`html head body header footer main nav section article aside div p h1 h2 h3 h4 h5 h6
		ul ol li dl dt dd figure figcaption blockquote table thead tbody tfoot tr td th caption form fieldset legend
		hr br pre address details summary title meta link style script noscript svg g desc`) {
		blocks[b] = true
	}
}

var space = regexp.MustCompile(`\s+`)

func summarize(t *testing.T, name string, src []byte) page {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(src))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var pg page
	var text strings.Builder
	var walk func(n *html.Node, inPre bool)
	walk = func(n *html.Node, inPre bool) {
		switch n.Type {
		case html.ElementNode:
			attrs := make([]string, 0, len(n.Attr))
			for _, a := range n.Attr {
				v := a.Val
				switch {
				case a.Key == "class":
					v = strings.Join(strings.Fields(v), " ")
				case n.Data == "meta" && a.Key == "content" && attr(n, "name") == "viewport":
					v = strings.ReplaceAll(v, ", ", ",") // the same to browsers
				}
				attrs = append(attrs, a.Key+"="+v)
				if (n.Data == "link" && a.Key == "href" || n.Data == "script" && a.Key == "src") && strings.Contains(a.Val, "/assets/") {
					pg.assets = append(pg.assets, a.Val)
				}
			}
			slices.Sort(attrs)
			pg.elements = append(pg.elements, n.Data+" "+strings.Join(attrs, " "))
			switch n.Data {
			case "pre":
				var b strings.Builder
				collect(n, &b)
				pg.pre = append(pg.pre, b.String())
			case "script":
				if typ := attr(n, "type"); typ == "application/ld+json" {
					var v any
					var b strings.Builder
					collect(n, &b)
					if err := json.Unmarshal([]byte(b.String()), &v); err != nil {
						t.Errorf("%s: JSON-LD does not decode: %v", name, err)
					}
					out, _ := json.Marshal(v)
					pg.jsonld = append(pg.jsonld, string(out))
				}
				return
			case "style":
				return
			}
			if blocks[n.Data] {
				text.WriteString(" ")
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c, inPre || n.Data == "pre")
			}
			if blocks[n.Data] {
				text.WriteString(" ")
			}
			return
		case html.TextNode:
			text.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inPre)
		}
	}
	walk(doc, false)
	pg.text = strings.TrimSpace(space.ReplaceAllString(text.String(), " "))
	return pg
}

func collect(n *html.Node, b *strings.Builder) {
	if n.Type == html.TextNode {
		b.WriteString(n.Data)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		collect(c, b)
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// mustTokenize fails when the tokenizer meets anything but well-formed
// tokens up to the end of the page.
func mustTokenize(t *testing.T, name string, src []byte) {
	t.Helper()
	z := html.NewTokenizer(bytes.NewReader(src))
	for {
		if z.Next() == html.ErrorToken {
			if err := z.Err(); err.Error() != "EOF" {
				t.Errorf("%s: %v", name, err)
			}
			return
		}
	}
}

func firstDiff[T comparable](a, b []T) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

func at(s []string, i int) string {
	if i < len(s) {
		return s[i]
	}
	return "(none)"
}

func excerpt(s string, i int) string {
	r := []rune(s)
	return string(r[max(0, i-40):min(len(r), i+40)])
}

// TestFingerprints: every style sheet and script in assets/ is published
// under a name with the hash of what is published, pages link to those
// names (through the asset template function), and a change to an asset
// changes its name.
func TestFingerprints(t *testing.T) {
	head, err := fs.ReadFile(themes.Default(), "layouts/partials/head.html")
	if err != nil {
		t.Fatal(err)
	}
	site := func(config, js string) fstest.MapFS {
		return fstest.MapFS{
			"fanfare.yaml":                   {Data: []byte(config)},
			"content/symbols/s.md":           {Data: []byte("---\ntitle: Symbool\n---\n")},
			"content/stories/a.md":           {Data: []byte("---\ntitle: Verhaal\ndate: 2025-01-01\nsymbols: [s]\n---\nTekst.\n")},
			"assets/search.js":               {Data: []byte(js)},
			"assets/extra/print.css":         {Data: []byte("@media print {\n  nav { display: none; }\n}\n")},
			"layouts/partials/head.html":     {Data: append(head, `<script src="{{asset "search.js"}}" defer></script><link rel="stylesheet" href="{{asset "extra/print.css"}}" media="print">`...)},
			"static/assets/images/logo.webp": {Data: []byte("not fingerprinted")},
		}
	}
	const js = "// Zoekt in de verhalen.\nfunction zoek(woord) {\n  return woord.length;\n}\nwindow.zoek = zoek;\n"
	type build struct {
		res   *generator.Result
		names map[string]string // asset → published path
	}
	render := func(config, js string, noMinify bool) build {
		t.Helper()
		res, err := generator.RenderFS(context.Background(), site(config, js), generator.Options{NoMinify: noMinify})
		if err != nil {
			t.Fatal(err)
		}
		b := build{res: res, names: map[string]string{}}
		hashed := regexp.MustCompile(`^assets/(.+)\.[0-9a-f]{10}(\.[a-z]+)$`)
		for p := range res.Files {
			if m := hashed.FindStringSubmatch(p); m != nil {
				b.names[m[1]+m[2]] = p
			}
		}
		for _, name := range []string{"style.css", "search.js", "extra/print.css"} {
			p, ok := b.names[name]
			if !ok {
				t.Fatalf("%s not published with a fingerprint: %v", name, slices.Sorted(maps.Keys(res.Files)))
			}
			for _, pg := range []string{"index.html", "stories/a/index.html", "404.html"} {
				if !bytes.Contains(res.Files[pg], []byte(`"/`+p+`"`)) {
					t.Errorf("%s does not link to /%s", pg, p)
				}
			}
		}
		return b
	}
	ext := func(name string) string { return path.Ext(name) }

	minified := render("title: T\n", js, false)
	for name, p := range minified.names {
		if data := minified.res.Files[p]; !strings.Contains(p, "."+sha(data)+ext(name)) {
			t.Errorf("%s: the name is not the hash of the published bytes (%s)", p, sha(data))
		}
	}
	if bytes.Contains(minified.res.Files[minified.names["search.js"]], []byte("Zoekt")) {
		t.Error("search.js is not minified")
	}
	// The debugging build publishes the source under the same names.
	plain := render("title: T\n", js, true)
	if !maps.Equal(plain.names, minified.names) {
		t.Errorf("--no-minify changes the names: %v, %v", plain.names, minified.names)
	}
	if got := plain.res.Files[plain.names["search.js"]]; string(got) != js {
		t.Errorf("--no-minify: search.js is %q", got)
	}
	// A change to the script gives it a new name, and the others keep theirs.
	changed := render("title: T\n", strings.Replace(js, "length", "length + 1", 1), false)
	if changed.names["search.js"] == minified.names["search.js"] {
		t.Error("a changed script keeps its name")
	}
	if changed.names["style.css"] != minified.names["style.css"] {
		t.Error("an unchanged style sheet got a new name")
	}
	// A new comment changes nothing that is published, so nor the name.
	comment := render("title: T\n", "// Nog een opmerking.\n"+js, false)
	if comment.names["search.js"] != minified.names["search.js"] {
		t.Error("a comment changes the name of a minified script")
	}
	// Without minifying, the name is the hash of the source, comment and all.
	off := render("title: T\nminify: false\n", js, false)
	offComment := render("title: T\nminify: false\n", "// Nog een opmerking.\n"+js, false)
	if off.names["search.js"] == offComment.names["search.js"] {
		t.Error("minify: false: a comment does not change the name")
	}
	if got := off.res.Files[off.names["search.js"]]; string(got) != js || !strings.Contains(off.names["search.js"], sha([]byte(js))) {
		t.Errorf("minify: false: search.js is %q at %s", got, off.names["search.js"])
	}
	if bytes.Equal(off.res.Files["index.html"], minified.res.Files["index.html"]) || !bytes.Contains(off.res.Files["index.html"], []byte("\n")) {
		t.Error("minify: false: the home page is minified")
	}

	// _headers: the fingerprinted assets for a year, each by name since
	// assets/ also holds a file that is not fingerprinted; no rule overlaps.
	h := string(minified.res.Files["_headers"])
	for _, p := range minified.names {
		if !strings.Contains(h, "/"+p+"\n  Cache-Control: public, max-age=31536000, immutable\n") {
			t.Errorf("_headers has no long lifetime for /%s:\n%s", p, h)
		}
	}
	for _, want := range []string{"/\n  Cache-Control: public, max-age=0, must-revalidate\n", "/stories/*\n  Cache-Control: public, max-age=0, must-revalidate\n"} {
		if !strings.Contains(h, want) {
			t.Errorf("_headers lacks %q:\n%s", want, h)
		}
	}
	if strings.Contains(h, "/assets/*") || regexp.MustCompile(`(?m)^/\*$`).MatchString(h) || strings.Contains(h, "logo.webp") {
		t.Errorf("_headers has a rule that overlaps another or covers a file without fingerprint:\n%s", h)
	}
}

func sha(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])[:10]
}

// TestUnminifiable: a script the minifier cannot read is published as it
// is, under the hash of its source, with a warning; the build goes on.
func TestUnminifiable(t *testing.T) {
	const broken = "function (\n"
	res, err := generator.RenderFS(context.Background(), fstest.MapFS{
		"content/stories/a.md": {Data: []byte("---\ntitle: Verhaal\ndate: 2025-01-01\n---\nTekst.\n")},
		"assets/broken.js":     {Data: []byte(broken)},
	}, generator.Options{MinifyHTML: true})
	if err != nil {
		t.Fatal(err)
	}
	p := "assets/broken." + sha([]byte(broken)) + ".js"
	if got, ok := res.Files[p]; !ok || string(got) != broken {
		t.Errorf("%s: %q, published %t", p, got, ok)
	}
	var warned bool
	for _, w := range res.Warnings {
		warned = warned || w.File == p && strings.Contains(w.Msg, "published without minifying it")
	}
	if !warned {
		t.Errorf("no warning for %s: %v", p, res.Warnings)
	}
	if bytes.Contains(res.Files["index.html"], []byte("\n  ")) {
		t.Error("the pages were not minified")
	}
}

// TestMinifySwitches: CSS and JavaScript are minified unless minifying is
// off; HTML pages only with minify_html in the config or --minify-html,
// and never with minify: false or --no-minify. A page that is not
// minified is exactly what --no-minify publishes.
func TestMinifySwitches(t *testing.T) {
	const css = "body {\n  color: black;\n}\n"
	site := func(config string) fstest.MapFS {
		return fstest.MapFS{
			"fanfare.yaml":         {Data: []byte("title: T\n" + config)},
			"content/stories/a.md": {Data: []byte("---\ntitle: Verhaal\ndate: 2025-01-01\n---\nTekst.\n")},
			"assets/extra.css":     {Data: []byte(css)},
		}
	}
	render := func(config string, opts generator.Options) *generator.Result {
		t.Helper()
		res, err := generator.RenderFS(context.Background(), site(config), opts)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	plain := render("", generator.Options{NoMinify: true})
	for _, tc := range []struct {
		name      string
		config    string
		opts      generator.Options
		html, css bool // minified?
	}{
		{"default", "", generator.Options{}, false, true},
		{"minify_html: true", "minify_html: true\n", generator.Options{}, true, true},
		{"--minify-html", "", generator.Options{MinifyHTML: true}, true, true},
		{"minify_html: false and --minify-html", "minify_html: false\n", generator.Options{MinifyHTML: true}, true, true},
		{"minify: false and minify_html: true", "minify: false\nminify_html: true\n", generator.Options{}, false, false},
		{"minify: false and --minify-html", "minify: false\n", generator.Options{MinifyHTML: true}, false, false},
		{"--no-minify and --minify-html", "", generator.Options{NoMinify: true, MinifyHTML: true}, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := render(tc.config, tc.opts)
			page := res.Files["stories/a/index.html"]
			if got := !bytes.Contains(page, []byte("\n  ")); got != tc.html {
				t.Errorf("page minified: %t, want %t", got, tc.html)
			}
			if !tc.html && tc.config == "" && !bytes.Equal(page, plain.Files["stories/a/index.html"]) {
				t.Error("a page that is not minified differs from the --no-minify build's")
			}
			var sheet []byte
			for p, data := range res.Files {
				if strings.HasPrefix(p, "assets/extra.") {
					sheet = data
				}
			}
			if got := string(sheet) != css; got != tc.css {
				t.Errorf("style sheet %q minified: %t, want %t", sheet, got, tc.css)
			}
		})
	}
}

// BenchmarkMinifyExampleSite measures minifying every page, style sheet
// and script of the example site, one after another on one core (a build
// spreads it over all cores, beside rendering): the cost minifying adds
// to a build, per byte.
func BenchmarkMinifyExampleSite(b *testing.B) {
	res, err := generator.Render(context.Background(), generator.Options{Source: "..", NoMinify: true})
	if err != nil {
		b.Fatal(err)
	}
	m := minify.New()
	var size int64
	for p, data := range res.Files {
		if minify.Handles(p) {
			size += int64(len(data))
		}
	}
	b.SetBytes(size)
	for b.Loop() {
		for p, data := range res.Files {
			if _, err := m.File(p, data); err != nil {
				b.Fatal(err)
			}
		}
	}
}
