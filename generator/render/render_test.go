package render

import (
	"encoding/json"
	"encoding/xml"
	"flag"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"golang.org/x/tools/txtar"

	"fanfare.dev/fanfare/generator/config"
	"fanfare.dev/fanfare/generator/content"
	"fanfare.dev/fanfare/generator/diag"
	"fanfare.dev/fanfare/generator/site"
	"fanfare.dev/fanfare/generator/theme"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

// testTheme is a tiny theme, so these tests do not depend on the default one.
var testTheme = fstest.MapFS{
	"themes/t/layouts/baseof.html":         {Data: []byte(`<html lang="{{.Lang}}"><title>{{.Title}}</title><script type="application/ld+json">{{.JSONLD}}</script>{{template "main" .}}</html>`)},
	"themes/t/layouts/story.html":          {Data: []byte(`{{define "main"}}<h1>{{.Heading}}</h1>{{.Page.Content}}<p>{{date .Page.Date}}</p>{{end}}`)},
	"themes/t/layouts/page.html":           {Data: []byte(`{{define "main"}}{{.Page.Content}}{{end}}`)},
	"themes/t/layouts/broken.html":         {Data: []byte("{{define \"main\"}}\n{{.Page.NoSuchField}}{{end}}")},
	"themes/t/layouts/alias.html":          {Data: []byte(`<a href="{{.Page.URL}}">`)},
	"themes/t/assets/style.css":            {Data: []byte("body{}")},
	"themes/t/i18n/nl.yaml":                {Data: []byte("months: [jan, feb, maart, apr, mei, jun, jul, aug, sep, okt, nov, dec]\nhello: Hallo\n")},
	"themes/t/layouts/partials/empty.html": {Data: []byte(``)},
}

type fixture struct {
	files map[string]string // content-relative path → source
	cfg   func(*config.Config)
}

func newRenderer(t *testing.T, fx fixture) (*Renderer, *site.Site) {
	t.Helper()
	cfg := config.Default()
	cfg.Theme = "t"
	cfg.BaseURL = "https://example.com/"
	if fx.cfg != nil {
		fx.cfg(cfg)
	}
	res := &content.Result{}
	for rel, src := range fx.files {
		if !strings.HasSuffix(rel, ".md") {
			res.Files = append(res.Files, rel) // a file published as it is
			continue
		}
		p, err := content.Parse("content/"+rel, rel, []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		res.Pages = append(res.Pages, p)
	}
	var errs diag.List
	s := site.Build(cfg, res, site.Options{Now: time.Now()}, &errs)
	if err := errs.Err(); err != nil {
		t.Fatal(err)
	}
	th, err := theme.Open(testTheme, "t")
	if err != nil {
		t.Fatal(err)
	}
	r, err := New(s, th, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return r, s
}

// TestMarkdown converts each testdata/markdown/*.txtar case's input.md and
// compares with its output.html (refresh with -update). A case may set
// config in its comment: "unsafe: true".
func TestMarkdown(t *testing.T) {
	cases, _ := filepath.Glob("testdata/markdown/*.txtar")
	if len(cases) == 0 {
		t.Fatal("no cases")
	}
	for _, file := range cases {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var input []byte
			for _, f := range ar.Files {
				if f.Name == "input.md" {
					input = f.Data
				}
			}
			unsafe := strings.Contains(string(ar.Comment), "unsafe: true")
			r, s := newRenderer(t, fixture{
				files: map[string]string{
					"stories/a.md":          "---\ntitle: A\n---\n" + string(input),
					"stories/b/index.md":    "---\ntitle: B\n---\n",
					"symbols/zappos.md":     "---\ntitle: Z\n---\n",
					"stories/b/foto.jpg":    "measured below",
					"stories/b/schets.avif": "a format not measured",
				},
				cfg: func(c *config.Config) { c.Markdown.Unsafe = unsafe },
			})
			// The generator measures images; here they are given.
			s.Images = map[string]*site.Image{
				"stories/b/foto.jpg": {Width: 1600, Height: 900, Variants: []site.Variant{
					{Width: 480, Height: 270, Dst: "stories/b/foto-480w.jpg"},
					{Width: 800, Height: 450, Dst: "stories/b/foto-800w.jpg"},
					{Width: 1200, Height: 675, Dst: "stories/b/foto-1200w.jpg"},
				}},
				"img/logo.svg": {Width: 120, Height: 40},
			}
			var errs diag.List
			var page *site.Page
			for _, p := range s.Stories {
				if p.Path == "stories/a.md" {
					page = p
				}
			}
			_ = r
			html, ds := ResolveLinks(s, page, NewMarkdown(s.Config.Markdown, s.Config.Language).Convert(page.Page))
			errs.Add(ds...)
			got := "-- output.html --\n" + string(html)
			if err := errs.Err(); err != nil {
				got += "-- errors --\n" + err.Error() + "\n"
			}
			if ws := errs.Warnings(); len(ws) > 0 {
				got += "-- warnings --\n"
				for _, w := range ws {
					got += w.Error() + "\n"
				}
			}
			var want string
			for _, f := range ar.Files {
				if f.Name != "input.md" {
					want += "-- " + f.Name + " --\n" + string(f.Data)
				}
			}
			if *update {
				out := txtar.Parse([]byte(got))
				ar.Files = append([]txtar.File{{Name: "input.md", Data: input}}, out.Files...)
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if got != want {
				t.Errorf("got:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

func TestTemplates(t *testing.T) {
	r, s := newRenderer(t, fixture{files: map[string]string{
		"stories/a.md": "---\ntitle: \"</script><b>x</b> & ]]>\"\ndate: 2026-03-14\nsummary: \"Quote \\\" and <tag>\"\n---\nTekst.\n",
	}})
	md := NewMarkdown(s.Config.Markdown, s.Config.Language)
	for _, p := range s.Pages {
		html, _ := ResolveLinks(s, p, md.Convert(p.Page))
		p.SetContent(template.HTML(html))
	}
	var storyRoute, aliasless *site.Route
	for _, rt := range s.Routes {
		if rt.Layout == "story" {
			storyRoute = rt
		}
		if rt.Layout == "home" {
			aliasless = rt
		}
	}
	out, err := r.Route(storyRoute)
	if err != nil {
		t.Fatal(err)
	}
	html := string(out)
	for _, want := range []string{
		`<html lang="nl">`,
		`<h1>&lt;/script&gt;&lt;b&gt;x&lt;/b&gt; &amp; ]]&gt;</h1>`,
		`<p>14 maart 2026</p>`,
		`\u003c/script\u003e`, // JSON-LD cannot close its script element
	} {
		if !strings.Contains(html, want) {
			t.Errorf("story page lacks %s:\n%s", want, html)
		}
	}
	if strings.Count(html, "</script>") != 1 {
		t.Errorf("a title closes the script element:\n%s", html)
	}
	// JSON-LD is valid JSON with the real title.
	ld := html[strings.Index(html, `json">`)+6 : strings.Index(html, "</script>")]
	var v map[string]any
	if err := json.Unmarshal([]byte(ld), &v); err != nil || v["headline"] != "</script><b>x</b> & ]]>" || v["@type"] != "Article" {
		t.Errorf("JSON-LD %s: %v %v", ld, v, err)
	}
	// A layout the theme lacks is a clear error.
	if _, err := r.Route(aliasless); err == nil || !strings.Contains(err.Error(), `the theme has no layout "home"`) {
		t.Errorf("missing layout: %v", err)
	}
	// A runtime template error names the template file and line and the page.
	_, err = r.Route(&site.Route{Layout: "broken", Page: s.Stories[0], Out: "x/index.html"})
	if err == nil || !strings.HasPrefix(err.Error(), "themes/t/layouts/broken.html:2:") || !strings.Contains(err.Error(), "content/stories/a.md") {
		t.Errorf("runtime error: %v", err)
	}
}

func TestTemplateSyntaxError(t *testing.T) {
	fsys := fstest.MapFS{}
	for k, v := range testTheme {
		fsys[k] = v
	}
	fsys["layouts/story.html"] = &fstest.MapFile{Data: []byte("{{define \"main\"}}\n\n{{if}}{{end}}")}
	th, _ := theme.Open(fsys, "t")
	s := site.Build(config.Default(), &content.Result{}, site.Options{}, &diag.List{})
	_, err := New(s, th, Options{})
	if err == nil || !strings.HasPrefix(err.Error(), "layouts/story.html:3: ") {
		t.Errorf("error %v, want one naming the site's layouts/story.html line 3", err)
	}
}

func TestFeedsEscape(t *testing.T) {
	r, _ := newRenderer(t, fixture{files: map[string]string{
		"stories/a.md": "---\ntitle: \"A & B <c> ]]> 'q'\"\ndate: 2026-03-14\nsummary: \"<script>alert(1)</script>\"\n---\n",
	}})
	for name, feed := range map[string]func(string) ([]byte, error){"rss": r.RSS, "atom": r.Atom} {
		b, err := feed("https://example.com/index.xml")
		if err != nil {
			t.Fatal(err)
		}
		var v struct {
			Title   []string `xml:"channel>item>title"`
			Entries []string `xml:"entry>title"`
		}
		if err := xml.Unmarshal(b, &v); err != nil {
			t.Fatalf("%s is not well-formed XML: %v\n%s", name, err, b)
		}
		titles := append(v.Title, v.Entries...)
		if len(titles) != 1 || titles[0] != "A & B <c> ]]> 'q'" {
			t.Errorf("%s titles %q", name, titles)
		}
		if strings.Contains(string(b), "<script>") {
			t.Errorf("%s holds a raw script tag:\n%s", name, b)
		}
	}
	maps, err := r.Sitemap()
	if err != nil || len(maps) != 1 || !strings.Contains(string(maps[0].Data), "<loc>https://example.com/stories/a/</loc>") {
		t.Errorf("sitemap: %v %s", err, maps)
	}
	if got := string(r.Robots()); !strings.Contains(got, "Sitemap: https://example.com/sitemap.xml") {
		t.Errorf("robots.txt: %s", got)
	}
}

func TestDate(t *testing.T) {
	c := &catalog{months: strings.Fields("januari februari maart april mei juni juli augustus september oktober november december"), format: "{day} {month} {year}"}
	if got := c.Date(time.Date(2026, 3, 14, 0, 0, 0, 0, time.UTC)); got != "14 maart 2026" {
		t.Errorf("Date = %q", got)
	}
	en := &catalog{format: "{month} {day}, {year}"}
	if got := en.Date(time.Date(2026, 3, 14, 0, 0, 0, 0, time.UTC)); got != "March 14, 2026" {
		t.Errorf("Date = %q", got)
	}
	if c.Date(time.Time{}) != "" {
		t.Error("a zero date is not empty")
	}
	// Any format a translator writes comes out as strings.Replacer
	// would make it: placeholders anywhere, twice, braces that are not
	// placeholders, none at all.
	day := time.Date(2026, 11, 5, 0, 0, 0, 0, time.UTC)
	for _, f := range []string{"{day}-{month}-{year}", "{year}{year}", "{{day}}", "{dag} {day", "{", "}{", "geen datum", "", "{month}", "le {day} {month} {year} {"} {
		c := &catalog{format: f}
		want := strings.NewReplacer("{day}", "5", "{month}", "November", "{year}", "2026").Replace(f)
		if got := c.Date(day); got != want {
			t.Errorf("format %q: Date = %q, want %q", f, got, want)
		}
	}
	// The site formats the date of every card on every list page: one
	// allocation, the result.
	if n := testing.AllocsPerRun(100, func() { c.Date(day) }); n > 1 {
		t.Errorf("Date allocates %v times, want 1", n)
	}
}

// TestSitemapIndex: past 50,000 URLs (the sitemap protocol's maximum for
// one file, written out here rather than taken from SitemapLimit, so that a
// wrong constant fails), sitemap.xml indexes numbered sitemaps of at most
// 50,000 URLs each.
func TestSitemapIndex(t *testing.T) {
	const protocolMax = 50000
	r, s := newRenderer(t, fixture{files: map[string]string{"stories/a.md": "---\ntitle: A\n---\n"}})
	for i := len(s.Routes); i <= protocolMax+10; i++ {
		u := fmt.Sprintf("/p/%d/", i)
		s.Routes = append(s.Routes, &site.Route{Layout: "page", URL: u, Permalink: "https://example.com" + u, Page: s.Stories[0]})
	}
	outs, err := r.Sitemap()
	if err != nil {
		t.Fatal(err)
	}
	if len(outs) != 3 || outs[0].Path != "sitemap.xml" || outs[1].Path != "sitemap-1.xml" || outs[2].Path != "sitemap-2.xml" {
		t.Fatalf("files: %d", len(outs))
	}
	var idx struct {
		Locs []string `xml:"sitemap>loc"`
	}
	if err := xml.Unmarshal(outs[0].Data, &idx); err != nil || len(idx.Locs) != 2 || idx.Locs[1] != "https://example.com/sitemap-2.xml" {
		t.Errorf("index: %v %v", idx.Locs, err)
	}
	var set struct {
		URLs []string `xml:"url>loc"`
	}
	if err := xml.Unmarshal(outs[1].Data, &set); err != nil || len(set.URLs) != protocolMax {
		t.Errorf("first sitemap holds %d URLs, %v", len(set.URLs), err)
	}
}

// TestHeaders: _headers gives the fingerprinted assets a year and every
// other top-level file and folder a rule of its own, under the base URL's
// path, with no two rules matching the same file.
func TestHeaders(t *testing.T) {
	const forever = "  Cache-Control: " + CacheForever + "\n"
	const again = "  Cache-Control: " + CacheRevalidate + "\n"
	tests := []struct {
		name, base string
		extra      []string // published besides the assets
		want, not  []string
	}{
		{
			name: "root", base: "https://example.com/",
			extra: []string{"index.html", "404.html", "stories/a/index.html", "stories/index.html", "robots.txt", "logo.svg"},
			want:  []string{"/assets/*\n" + forever, "/\n" + again, "/index.html\n" + again, "/404.html\n" + again, "/stories/*\n" + again, "/robots.txt\n" + again, "/logo.svg\n" + again},
			not:   []string{"/stories/a/", "/assets/style.", "\n/*\n"},
		},
		{
			name: "base URL with a path", base: "https://example.com/sub/",
			extra: []string{"index.html", "stories/a/index.html"},
			want:  []string{"/sub/assets/*\n" + forever, "/sub/\n" + again, "/sub/stories/*\n" + again},
			not:   []string{"\n/assets", "\n/stories"},
		},
		{
			name: "assets/ also holds a file without a fingerprint", base: "https://example.com/",
			extra: []string{"index.html", "assets/logo.png"},
			not:   []string{"/assets/*", "logo.png"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, _ := newRenderer(t, fixture{files: map[string]string{"stories/a.md": "---\ntitle: A\n---\n"}, cfg: func(c *config.Config) { c.BaseURL = tt.base }})
			files := append([]string{HeadersFile}, tt.extra...)
			for _, a := range r.Assets() {
				files = append(files, a.Path)
				if tt.want == nil {
					tt.want = append(tt.want, strings.TrimSuffix(config.Default().BaseURLPath(), "/")+"/"+a.Path+"\n"+forever)
				}
			}
			got := string(r.Headers(files))
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("lacks %q:\n%s", w, got)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(got, n) {
					t.Errorf("has %q:\n%s", n, got)
				}
			}
			if strings.Contains(got, "/"+HeadersFile+"\n") {
				t.Errorf("has a rule for itself:\n%s", got)
			}
		})
	}
}

// TestPageImageURL checks the share image of a page whose front matter
// names a picture: always one absolute URL, whichever way it was written.
func TestPageImageURL(t *testing.T) {
	for _, tc := range []struct{ image, want string }{
		{"https://cdn.example.org/a.jpg", "https://cdn.example.org/a.jpg"},
		{"http://cdn.example.org/a.jpg", "http://cdn.example.org/a.jpg"},
		{"//cdn.example.org/a.jpg", "https://cdn.example.org/a.jpg"},
		{"/img/a.jpg", "https://example.com/img/a.jpg"},
		// A name that is no file beside the page nor in content/: from the
		// site's root, cleaned.
		{"img/./a.jpg", "https://example.com/img/a.jpg"},
	} {
		t.Run(tc.image, func(t *testing.T) {
			src := "---\ntitle: A\nimage: \"" + tc.image + "\"\nimage_alt: Een foto\n---\nTekst.\n"
			r, s := newRenderer(t, fixture{files: map[string]string{"stories/a.md": src}})
			var story *site.Route
			for _, rt := range s.Routes {
				if rt.Layout == "story" {
					story = rt
				}
			}
			if d := r.data(story); d.Image != tc.want {
				t.Errorf("image %q: share image %q, want %q", tc.image, d.Image, tc.want)
			}
		})
	}
}
