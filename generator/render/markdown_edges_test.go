package render

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"testing"

	"fanfare.dev/fanfare/generator/config"
	"fanfare.dev/fanfare/generator/content"
	"fanfare.dev/fanfare/generator/site"
	"fanfare.dev/fanfare/generator/theme"
)

// TestPromiseLabel: a promise block is labelled in the site's language:
// English for "en", Dutch otherwise.
func TestPromiseLabel(t *testing.T) {
	for _, tt := range []struct{ lang, want string }{
		{"en", `aria-label="Promise"`},
		{"nl", `aria-label="Belofte"`},
		{"de", `aria-label="Belofte"`},
	} {
		p, err := content.Parse("content/stories/a.md", "stories/a.md", []byte("---\ntitle: A\n---\n::: promise\nBinnen een dag.\n:::\n"))
		if err != nil {
			t.Fatal(err)
		}
		if doc := NewMarkdown(config.Markdown{}, tt.lang).Convert(p); !strings.Contains(string(doc.HTML), tt.want) {
			t.Errorf("%s: %s, want %s", tt.lang, doc.HTML, tt.want)
		}
	}
}

// TestImageLoading: of a page without a cover, the first picture loads
// at once and the others lazily; with a cover every picture is lazy. A
// picture measured without a width or height gets no size attributes.
func TestImageLoading(t *testing.T) {
	const body = "![Een](b/foto.jpg)\n\n![Twee](b/foto.jpg)\n\n![Logo](/img/logo.svg)\n\n![Breed](/img/breed.svg)\n"
	tests := []struct {
		name, cover string
		want        []string // the attributes after each picture's URL, in order
	}{
		{"no cover", "", []string{
			`" srcset="/stories/b/foto-480w.jpg 480w, /stories/b/foto.jpg 1600w" sizes="` + proseSizes + `" width="1600" height="900" decoding="async"`,
			`" srcset="/stories/b/foto-480w.jpg 480w, /stories/b/foto.jpg 1600w" sizes="` + proseSizes + `" width="1600" height="900" loading="lazy" decoding="async"`,
			`" loading="lazy" decoding="async"`,
			`" loading="lazy" decoding="async"`,
		}},
		{"a cover", "cover.jpg", []string{
			`" srcset="/stories/b/foto-480w.jpg 480w, /stories/b/foto.jpg 1600w" sizes="` + proseSizes + `" width="1600" height="900" loading="lazy" decoding="async"`,
			`" srcset="/stories/b/foto-480w.jpg 480w, /stories/b/foto.jpg 1600w" sizes="` + proseSizes + `" width="1600" height="900" loading="lazy" decoding="async"`,
			`" loading="lazy" decoding="async"`,
			`" loading="lazy" decoding="async"`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			front := "---\ntitle: A\n---\n"
			if tt.cover != "" {
				front = "---\ntitle: A\nimage: " + tt.cover + "\nimage_alt: Omslag\n---\n"
			}
			_, s := newRenderer(t, fixture{files: map[string]string{
				"stories/a.md":       front + body,
				"stories/b/index.md": "---\ntitle: B\n---\n",
				"stories/b/foto.jpg": "x",
			}})
			s.Images = map[string]*site.Image{
				"stories/b/foto.jpg": {Width: 1600, Height: 900, Variants: []site.Variant{{Width: 480, Height: 270, Dst: "stories/b/foto-480w.jpg"}}},
				"img/logo.svg":       {Width: 120},           // no height
				"img/breed.svg":      {Height: 40, Width: 0}, // no width
			}
			page := s.Stories[0]
			html, errs := ResolveLinks(s, page, NewMarkdown(s.Config.Markdown, s.Config.Language).Convert(page.Page))
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			var got []string
			for _, part := range strings.Split(string(html), `<img src="`)[1:] {
				_, after, _ := strings.Cut(part, `"`)
				attrs, _, _ := strings.Cut(after, ` alt=`)
				got = append(got, `"`+attrs)
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestTemplateErrorPlace: a template error names the theme file and line
// it is on and the page being rendered; an error that names no place
// (html/template's escaping errors) is put on layouts/ with the page.
func TestTemplateErrorPlace(t *testing.T) {
	r, _ := newRenderer(t, fixture{files: map[string]string{"stories/a.md": "---\ntitle: A\n---\n"}})
	tests := []struct {
		err        string
		page, want string
	}{
		{"template: story.html:3:7: executing \"main\": boom", "content/stories/a.md", "themes/t/layouts/story.html:3: executing \"main\": boom (while rendering content/stories/a.md)"},
		{"template: story.html:3: boom", "", "themes/t/layouts/story.html:3: boom"},
		{"template: gone.html:12: boom", "", "layouts/gone.html:12: boom"},
		{"html/template:story.html: ends in a non-text context", "content/stories/a.md", "layouts: template error while rendering content/stories/a.md: html/template:story.html: ends in a non-text context"},
		{"html/template:story.html: ends in a non-text context", "", "layouts: template error: html/template:story.html: ends in a non-text context"},
	}
	for _, tt := range tests {
		if got := r.templateError(errors.New(tt.err), tt.page).Error(); got != tt.want {
			t.Errorf("%q, %q:\n got %s\nwant %s", tt.err, tt.page, got, tt.want)
		}
	}
}

// TestRouteLayouts: a section without a layout of its own is rendered
// with page.html; a layout without "main" is rendered on its own; an
// error while rendering names the page's file, or the output path of a
// route without one.
func TestRouteLayouts(t *testing.T) {
	r, s := newRenderer(t, fixture{files: map[string]string{"stories/a.md": "---\ntitle: A\n---\nTekst.\n"}})
	page := s.Stories[0]
	page.SetContent("<p>Tekst.</p>")
	fileless := &site.Page{Page: &content.Page{Title: "Lijst"}}
	tests := []struct {
		name string
		rt   *site.Route
		want string // a part of the page or of the error
		err  bool
	}{
		{"a section as a page", &site.Route{Layout: "section", Page: page, Out: "a/index.html"}, "<title>A · Fanfare</title><script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@type\":\"WebPage\"", false},
		{"a layout on its own", &site.Route{Layout: "alias", Page: page, URL: "/stories/a/", Out: "oud/index.html"}, `<a href="/stories/a/">`, false},
		{"an error on a page with a file", &site.Route{Layout: "broken", Page: page, Out: "x/index.html"}, "(while rendering content/stories/a.md)", true},
		{"an error on a page without a file", &site.Route{Layout: "broken", Page: fileless, Out: "lijst/index.html"}, "(while rendering lijst/index.html)", true},
		{"no such layout", &site.Route{Layout: "stories", Page: page, Out: "stories/index.html"}, `the theme has no layout "stories" (add layouts/stories.html)`, true},
	}
	for _, tt := range tests {
		out, err := r.Route(tt.rt)
		got := string(out)
		if err != nil {
			got = err.Error()
		}
		if (err != nil) != tt.err || !strings.Contains(got, tt.want) {
			t.Errorf("%s: %s (error %t), want %q", tt.name, got, err != nil, tt.want)
		}
	}
}

// TestFingerprint: an asset's published name holds the hash of the bytes
// Options.Fingerprint gives (a minified file), or of the file itself.
func TestFingerprint(t *testing.T) {
	_, s := newRenderer(t, fixture{files: map[string]string{"stories/a.md": "---\ntitle: A\n---\n"}})
	th, err := theme.Open(testTheme, "t")
	if err != nil {
		t.Fatal(err)
	}
	hash := func(b string) string {
		sum := sha256.Sum256([]byte(b))
		return hex.EncodeToString(sum[:])[:FingerprintLen]
	}
	for _, tt := range []struct {
		name string
		fp   func(string, []byte) []byte
		want string
	}{
		{"the file", nil, "assets/style." + hash("body{}") + ".css"},
		{"minified", func(name string, data []byte) []byte { return []byte(name + ":" + string(data)) }, "assets/style." + hash("style.css:body{}") + ".css"},
	} {
		r, err := New(s, th, Options{Fingerprint: tt.fp})
		if err != nil {
			t.Fatal(err)
		}
		if a := r.Assets(); len(a) != 1 || a[0].Path != tt.want || string(a[0].Data) != "body{}" {
			t.Errorf("%s: %+v, want %s with the file's bytes", tt.name, a, tt.want)
		}
		if u, _ := r.Asset("style.css"); u != "/"+tt.want {
			t.Errorf("%s: Asset = %s", tt.name, u)
		}
	}
}
