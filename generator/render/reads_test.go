package render

import (
	"fmt"
	"io/fs"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"fanfare.dev/fanfare/generator/config"
	"fanfare.dev/fanfare/generator/content"
	"fanfare.dev/fanfare/generator/diag"
	"fanfare.dev/fanfare/generator/site"
	"fanfare.dev/fanfare/generator/theme"
	"fanfare.dev/fanfare/themes"
)

// defaultRenderer is a renderer of the built-in theme for an empty site.
func defaultRenderer(t *testing.T) *Renderer {
	t.Helper()
	var errs diag.List
	s := site.Build(config.Default(), &content.Result{}, site.Options{Now: time.Now()}, &errs)
	th, err := theme.Open(fstest.MapFS{}, s.Config.Theme) // a site with no files of its own
	if err != nil {
		t.Fatal(err)
	}
	r, err := New(s, th, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestDefaultThemeReads: reads.txt lists what the default theme's
// templates read, and so what render/signature.go must hash. A template
// of the theme that starts reading something new fails here; check that
// Signature, SiteSignature or GlobalSignature covers it for that layout
// (and Shows, for the pages a route shows), then record it with
//
//	go test ./generator/render -run TestDefaultThemeReads -update
func TestDefaultThemeReads(t *testing.T) {
	r := defaultRenderer(t)
	got := strings.Join(r.Reads(), "\n") + "\n"
	if *update {
		if err := os.WriteFile("reads.txt", []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if got != coveredReads {
		var news []string
		for _, p := range r.Reads() {
			if !covered[p] {
				news = append(news, p)
			}
		}
		t.Errorf("the default theme's templates read other things than reads.txt lists: %q; check signature.go covers them, then run with -update", news)
	}
	for layout := range r.layouts {
		if !r.Exact(layout) {
			t.Errorf("the default theme's %s layout is not exact", layout)
		}
	}
}

// TestReadsFollowsTemplates: what Reads finds in templates of each kind
// of construct, for one layout ("story") with baseof.html and a partial.
func TestReadsFollowsTemplates(t *testing.T) {
	for _, tt := range []struct {
		name, story, partial string
		want                 []string // reads that must be found
		unknown              bool     // and an unknown read
	}{
		{"field", `{{.Page.Title}}`, ``, []string{"$.Page.Title"}, false},
		{"with and range", `{{with .Page}}{{range .Proves}}{{.Title}}{{end}}{{end}}`, ``, []string{"$.Page.Proves[].Title"}, false},
		{"range variables", `{{range $i, $p := .Site.Stories}}{{$i}}{{$p.URL}}{{end}}`, ``, []string{"$.Site.Stories[].URL"}, false},
		{"root variable", `{{range .Page.Proves}}{{$.Heading}}{{end}}`, ``, []string{"$.Heading"}, false},
		{"partial", `{{template "partials/p.html" .Page}}`, `{{.Summary}}{{$.Title}}`, []string{"$.Page.Summary", "$.Page.Title"}, false},
		{"cached partial", `{{cached "partials/p.html" .Page.Story}}`, `{{.Customer}}`, []string{"$.Page.Story.Customer"}, false},
		{"function", `{{with brand .Page.Story.Brand}}{{.URL}}{{end}}`, ``, []string{"brand($.Page.Story.Brand).URL"}, false},
		{"index", `{{(index .Page.Proves 0).Title}}`, ``, []string{"$.Page.Proves[].Title"}, false},
		{"pipeline", `{{.Page.Title | printf "%s"}}`, ``, []string{"$.Page.Title"}, false},
		{"variable assigned in a block", `{{$x := .Page}}{{with .Site}}{{$x = .}}{{end}}{{$x.Title}}`, ``, []string{"$.Site"}, true},
		{"shadowed in a block", `{{$x := .Page}}{{with .Site}}{{$x := .}}{{$x.Title}}{{end}}{{$x.Summary}}`, ``, []string{"$.Site.Title", "$.Page.Summary"}, false},
		{"a template with no data", `{{template "partials/p.html"}}`, `{{.Title}}`, nil, true},
		{"method with arguments", `{{.Page.Param "kleur" .Site.Title}}`, ``, []string{`$.Page.Param("kleur",$.Site.Title)`, "$.Site.Title"}, false},
		{"method with one argument", `{{.Page.Param "kleur"}}`, ``, []string{`$.Page.Param("kleur")`}, false},
		{"cached partial named by a variable", `{{$n := "partials/p.html"}}{{cached $n .Page}}`, `{{.Customer}}`, nil, true},
		{"cached with one argument", `{{cached "partials/p.html"}}`, `{{.Customer}}`, []string{`cached("partials/p.html")`}, false},
		{"index of a value not followed", `{{$x := .Page}}{{with .Site}}{{$x = .}}{{end}}{{(index $x.Proves 0).Title}}`, ``, []string{"$.Site"}, true},
		{"else of a range and a with", `{{range .Page.Proves}}{{else}}{{.Heading}}{{end}}{{with .Page.Story}}{{else}}{{.Lang}}{{end}}`, ``, []string{"$.Heading", "$.Lang", "$.Page.Proves", "$.Page.Story"}, false},
		{"a function in an argument", `{{printf "%s" (T "hello")}}{{len searchIndex}}`, ``, []string{`T("hello")`, "searchIndex()"}, false},
		{"a variable and a chain", `{{$p := .Page}}{{$p}}{{(.Page).Summary}}{{range .Site.Stories}}{{break}}{{continue}}{{end}}`, ``, []string{"$.Page", "$.Page.Summary"}, false},
		{"a partial twice", `{{template "partials/p.html" .Page}}{{template "partials/p.html" .Page}}`, `{{.Summary}}`, []string{"$.Page.Summary"}, false},
		{"a cached partial the theme lacks", `{{cached "partials/none.html" .Page}}`, ``, nil, true},
		{"a variable of an if, in its else", `{{if $x := .Page.Story}}{{else}}{{$x.Customer}}{{end}}`, ``, []string{"$.Page.Story"}, true},
		{"index and slice without operands", `{{index}}{{slice}}{{.Page.Title}}`, ``, []string{"$.Page.Title"}, false},
		{"range over a value not of the site", `{{range $c := printf "%s" .Page.Title}}{{$c}}{{end}}`, ``, []string{"$.Page.Title"}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{
				"themes/t/layouts/baseof.html":     {Data: []byte(`{{template "main" .}}`)},
				"themes/t/layouts/story.html":      {Data: []byte(`{{define "main"}}` + tt.story + `{{end}}`)},
				"themes/t/layouts/partials/p.html": {Data: []byte(tt.partial)},
				"themes/t/i18n/nl.yaml":            testTheme["themes/t/i18n/nl.yaml"],
			}
			var errs diag.List
			cfg := config.Default()
			cfg.Theme = "t"
			s := site.Build(cfg, &content.Result{}, site.Options{Now: time.Now()}, &errs)
			th, err := theme.Open(fsys, "t")
			if err != nil {
				t.Fatal(err)
			}
			r, err := New(s, th, Options{})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]bool{}
			for _, p := range r.Reads() {
				layout, path, _ := strings.Cut(p, " ")
				if layout == "story" {
					got[path] = true
				}
			}
			for _, w := range tt.want {
				if !got[w] {
					t.Errorf("%s not found in %v", w, got)
				}
			}
			if got[unknown] != tt.unknown {
				t.Errorf("unknown read: %t, want %t (%v)", got[unknown], tt.unknown, got)
			}
			if want := !tt.unknown && !slices.ContainsFunc(slices.Collect(maps.Keys(got)), func(p string) bool { return !covered["story "+p] }); r.Exact("story") != want {
				t.Errorf("exact: %t, want %t", r.Exact("story"), want)
			}
		})
	}
}

// TestReadsDepth: partials calling partials are followed 20 calls deep
// (baseof.html's "main" is the first), by template or by cached;
// deeper, the read is unknown.
func TestReadsDepth(t *testing.T) {
	for _, tt := range []struct {
		call     string
		partials int
		unknown  bool
	}{{"template", 18, false}, {"template", 19, false}, {"template", 20, true}, {"cached", 19, false}, {"cached", 20, true}} {
		fsys := fstest.MapFS{
			"themes/t/layouts/baseof.html": {Data: []byte(`{{template "main" .}}`)},
			"themes/t/layouts/story.html":  {Data: []byte(`{{define "main"}}{{` + tt.call + ` "partials/p1.html" .Page}}{{end}}`)},
			"themes/t/i18n/nl.yaml":        testTheme["themes/t/i18n/nl.yaml"],
		}
		for i := 1; i <= tt.partials; i++ {
			next := fmt.Sprintf(`{{%s "partials/p%d.html" .}}`, tt.call, i+1)
			if i == tt.partials {
				next = `{{.Title}}`
			}
			fsys[fmt.Sprintf("themes/t/layouts/partials/p%d.html", i)] = &fstest.MapFile{Data: []byte(next)}
		}
		var errs diag.List
		cfg := config.Default()
		cfg.Theme = "t"
		s := site.Build(cfg, &content.Result{}, site.Options{Now: time.Now()}, &errs)
		th, err := theme.Open(fsys, "t")
		if err != nil {
			t.Fatal(err)
		}
		r, err := New(s, th, Options{})
		if err != nil {
			t.Fatal(err)
		}
		reads := strings.Join(r.Reads(), "\n")
		if got := strings.Contains(reads, "story "+unknown); got != tt.unknown || strings.Contains(reads, "story $.Page.Title") == tt.unknown {
			t.Errorf("%s, %d partials deep: unknown %t, want %t:\n%s", tt.call, tt.partials, got, tt.unknown, reads)
		}
	}
}

// TestReadsOwnCopy: the reads the signatures cover for some stories or
// some terms only (partial) count as covered for the built-in default
// theme alone. A site with its own copy of one of the default theme's
// files, unchanged, has its home page, 404 page and term pages (which
// read those) rendered again on every build; its other layouts stay
// exact. So does a theme of another name with the default's files.
func TestReadsOwnCopy(t *testing.T) {
	footer, err := fs.ReadFile(themes.Default(), "layouts/partials/footer.html")
	if err != nil {
		t.Fatal(err)
	}
	copied := fstest.MapFS{}
	if err := fs.WalkDir(themes.Default(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(themes.Default(), p)
		copied["themes/mine/"+p] = &fstest.MapFile{Data: data}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name  string
		theme string
		fsys  fstest.MapFS
		exact bool // home, 404, term
	}{
		{"built in", "default", fstest.MapFS{}, true},
		{"own footer", "default", fstest.MapFS{"layouts/partials/footer.html": {Data: footer}}, false},
		{"copied theme", "mine", copied, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var errs diag.List
			cfg := config.Default()
			cfg.Theme = tt.theme
			s := site.Build(cfg, &content.Result{}, site.Options{Now: buildNow}, &errs)
			th, err := theme.Open(tt.fsys, tt.theme)
			if err != nil {
				t.Fatal(err)
			}
			r, err := New(s, th, Options{})
			if err != nil {
				t.Fatal(err)
			}
			for _, layout := range []string{"home", "404", "term"} {
				if r.Exact(layout) != tt.exact {
					t.Errorf("Exact(%s) = %t, want %t", layout, r.Exact(layout), tt.exact)
				}
			}
			for _, layout := range []string{"story", "page", "symbol", "alias"} {
				if !r.Exact(layout) {
					t.Errorf("Exact(%s) = false, want true", layout)
				}
			}
		})
	}
}
