package site

import (
	"testing"

	"fanfare.dev/fanfare/generator/content"
)

// TestSourceString: how a message names the other side of a collision.
func TestSourceString(t *testing.T) {
	for _, tt := range []struct {
		src  Source
		want string
	}{
		{Source{File: "static/index.html"}, "static/index.html"},
		{Source{File: "content/stories/a.md", Line: 4}, "content/stories/a.md:4"},
		{Source{File: "content/stories/a.md", Line: 4, What: "alias /index.html"}, "alias /index.html (content/stories/a.md:4)"},
		{Source{File: "fanfare.yaml", What: "the menu"}, "the menu (fanfare.yaml)"},
		{Source{What: "the sitemap"}, "the sitemap"},
		{Source{Line: 3, What: "the sitemap"}, "the sitemap"},
	} {
		if got := tt.src.String(); got != tt.want {
			t.Errorf("%+v: %q, want %q", tt.src, got, tt.want)
		}
	}
}

// TestGeneratedSource: how a message names a file Fanfare makes, which a
// file of the site would replace.
func TestGeneratedSource(t *testing.T) {
	for out, want := range map[string]string{
		"sitemap.xml":                 "the sitemap",
		"en/sitemap.xml":              "the sitemap",
		"index.xml":                   "the RSS feed",
		"en/index.xml":                "the RSS feed",
		"atom.xml":                    "the Atom feed",
		"robots.txt":                  "the robots.txt Fanfare makes",
		"_headers":                    "the _headers file Fanfare makes",
		"assets/style.0123456789.css": "the theme's assets",
		"stories/search/words-a.json": "the search index",
		"stories/index.html":          "a file Fanfare makes",
		"stories/a/share.png":         "a file Fanfare makes",
		"static-like/robots.txt.bak":  "a file Fanfare makes",
	} {
		if got := GeneratedSource(out).What; got != want {
			t.Errorf("GeneratedSource(%q) = %q, want %q", out, got, want)
		}
	}
}

// TestRouteSourceSection: a route of a section's list names the page's
// file, or for a list Fanfare makes without one, the list in words.
func TestRouteSourceSection(t *testing.T) {
	s := &Site{}
	withFile := s.virtual("team/_index.md", content.KindSection, "team", "")
	withFile.File = "content/team/_index.md"
	for _, tt := range []struct {
		rt   *Route
		want string
	}{
		{&Route{Layout: "section", Page: s.virtual("team/_index.md", content.KindSection, "team", "")}, "the list of team"},
		{&Route{Layout: "section", Page: withFile}, "content/team/_index.md"},
		{&Route{Layout: "page", Page: s.virtual("over.md", content.KindPage, "", "")}, ""},
		{&Route{Layout: "page"}, ""},
	} {
		if got := s.RouteSource(tt.rt).String(); got != tt.want {
			t.Errorf("%s route of %+v: %q, want %q", tt.rt.Layout, tt.rt.Page, got, tt.want)
		}
	}
}
