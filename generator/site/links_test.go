package site

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"fanfare.dev/fanfare/generator/config"
	"fanfare.dev/fanfare/generator/content"
	"fanfare.dev/fanfare/generator/diag"
)

// linkSite is a small site: two stories (one a bundle), a symbol and a
// file of content/.
func linkSite(t *testing.T) *Site {
	t.Helper()
	res := &content.Result{Files: []string{"downloads/a.pdf"}}
	for rel, src := range map[string]string{
		"stories/a.md":       story("A", "2025-01-01"),
		"stories/b/index.md": story("B", "2025-01-01"),
		"symbols/retour.md":  "---\ntitle: Retour\n---\n",
	} {
		p, err := content.Parse("content/"+rel, rel, []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		if rel == "stories/b/index.md" {
			p.Resources = []string{"stories/b/foto.png"}
		}
		res.Pages = append(res.Pages, p)
	}
	var errs diag.List
	return Build(config.Default(), res, Options{Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}, &errs)
}

// TestMissingLink: what the writer reads about a link to nothing: a file
// that is not there, or an address that is no page, with the nearest
// page's address when there is one.
func TestMissingLink(t *testing.T) {
	const (
		noFile   = "no such file in content/ (links between pages name the Markdown file, e.g. ../symbols/zappos.md)"
		noPage   = "no page is published at this address"
		markdown = " (link to the page's Markdown file instead, e.g. ../symbols/zappos.md, and Fanfare checks it and writes its address)"
	)
	s := linkSite(t)
	from := s.byPath["stories/a.md"]
	for _, tt := range []struct{ dest, want string }{
		{"../symbols/retur.md", noFile},
		{"../symbols/retur.md#belofte", noFile},
		{"verslag.pdf", noFile},
		{"verslag.pdf#page=2", noFile},
		{"/symbols/retur/", noPage + " (did you mean /symbols/retour/?)"},
		{"/symbols/retur", noPage + " (did you mean /symbols/retour/?)"},
		{"../symbols/retur/", noPage + " (did you mean /symbols/retour/?)"},
		{"retour/", noPage + " (did you mean /symbols/retour/?)"},
		{"/stories/b.md", noPage + " (did you mean /stories/b/?)"},
		{"/heel/anders/", noPage + markdown},
		{"ergens/anders/", noPage + markdown},
	} {
		if got := s.MissingLink(from, tt.dest); got != tt.want {
			t.Errorf("MissingLink(%q) =\n%s\nwant\n%s", tt.dest, got, tt.want)
		}
	}
}

// TestImageFile: the file an image a page names is published from: a
// path from the site root is a static file, a relative one a file of the
// page's bundle or of content/, or (outside a bundle) a static file; an
// address elsewhere is not the site's.
func TestImageFile(t *testing.T) {
	s := linkSite(t)
	a, b := s.byPath["stories/a.md"], s.byPath["stories/b/index.md"]
	for _, tt := range []struct {
		from *Page
		img  string
		want string
		ok   bool
	}{
		{a, "https://cdn.example.net/a.jpg", "", false},
		{a, "//cdn.example.net/a.jpg", "", false},
		{a, "", "", false},
		{a, "#boven", "", false},
		{a, "%zz.png", "", false},
		{a, "/images/a.jpg", "images/a.jpg", true},
		{b, "/images/../a.jpg", "a.jpg", true},
		{a, "../downloads/a.pdf", "downloads/a.pdf", true},
		{a, "images/x.png", "images/x.png", true},
		{a, "../../x.png", "x.png", true},
		{b, "foto.png", "stories/b/foto.png", true},
		{a, "images/x.png?v=2", "images/x.png", true},
		{b, "foto%20twee.png", "stories/b/foto twee.png", true},
		{b, "./nieuw.png", "stories/b/nieuw.png", true},
		{b, "../downloads/a.pdf", "stories/downloads/a.pdf", true},
		{b, "../../../../x.png", "x.png", true},
	} {
		got, ok := s.ImageFile(tt.from, tt.img)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ImageFile(%s, %q) = %q, %t; want %q, %t", tt.from.Path, tt.img, got, ok, tt.want, tt.ok)
		}
	}
}

// TestLinkToUntranslatedFile: an English page's link to "a.en.md", where
// only the Dutch a.md exists, is the Dutch page.
func TestLinkToUntranslatedFile(t *testing.T) {
	sites, errs := loadAll(t, map[string]string{
		"stories/a.md":    story("A", "2025-01-02"),
		"stories/b.en.md": story("B", "2025-01-02"),
	})
	if errs.HasErrors() {
		t.Fatal(errs.Err())
	}
	en := sites[1]
	if got, ok := en.ResolveLink(en.byPath["stories/b.en.md"], "a.en.md#quote"); got != "/stories/a/#quote" || !ok {
		t.Errorf("a.en.md from an English story is %q, %t; want /stories/a/#quote", got, ok)
	}
}

// TestUnprovenWithUnreadableStory: a symbol no story proves is warned
// about, unless a story could not be read: its own error says enough,
// and it may be the proof.
func TestUnprovenWithUnreadableStory(t *testing.T) {
	for _, tt := range []struct {
		unreadable string
		warnings   int
	}{
		{"", 1},
		{"over.md", 1},
		{"stories/kapot.md", 0},
	} {
		sym, err := content.Parse("content/symbols/retour.md", "symbols/retour.md", []byte("---\ntitle: Retour\n---\n"))
		if err != nil {
			t.Fatal(err)
		}
		res := &content.Result{Pages: []*content.Page{sym}}
		if tt.unreadable != "" {
			res.Unreadable = []string{tt.unreadable}
		}
		var errs diag.List
		Build(config.Default(), res, Options{Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}, &errs)
		if got := len(errs.Warnings()); got != tt.warnings {
			t.Errorf("unreadable %q: %d warnings, want %d: %v", tt.unreadable, got, tt.warnings, errs.Warnings())
		}
	}
}

// TestHasScheme: hasScheme stands in for url.Parse in ImageFile: where it
// says yes, url.Parse finds a scheme or fails (either way not a file of
// the site); where it says no, url.Parse finds no scheme.
func TestHasScheme(t *testing.T) {
	for _, tt := range []struct {
		s    string
		want bool
	}{
		{"https://cdn.example.net/a.jpg", true},
		{"HTTP://x", true},
		{"mailto:a@example.org", true},
		{"data:image/png;base64,iVBO", true},
		{"a+b.c-d:x", true},
		{"foto:twee.png", true},
		{":x.png", true}, // url.Parse: missing protocol scheme
		{"c:/x.png", true},
		{"1http://x", false},
		{"+x:y", false},
		{"images/a:b.png", false},
		{"./a:b.png", false},
		{"foto twee.png", false},
		{"%zz.png", false},
		{"//cdn.example.net/a.jpg", false},
		{"", false},
		{"abc", false},
	} {
		if got := hasScheme(tt.s); got != tt.want {
			t.Errorf("hasScheme(%q) = %t, want %t", tt.s, got, tt.want)
		}
		u, err := url.Parse(tt.s)
		// Where hasScheme says no, url.Parse decides (and may fail).
		if err == nil && (u.Scheme != "") != tt.want {
			t.Errorf("url.Parse(%q): scheme %q, error %v; hasScheme says %t", tt.s, u.Scheme, err, tt.want)
		}
	}
}

// TestIsRelative: the short ways IsRelative takes (a plain path, a
// scheme) answer as url.Parse does.
func TestIsRelative(t *testing.T) {
	parsed := func(dest string) bool {
		u, err := url.Parse(dest)
		return err == nil && u.Scheme == "" && u.Host == "" && u.Path != "" && !strings.HasPrefix(u.Path, "/")
	}
	for _, dest := range []string{
		"../symbols/retour.md", "stories/a.md", "a", "./a.md", "/stories/a/", "/", "//cdn.example.net/a.jpg",
		"https://example.com/verhalen/1/", "mailto:a@example.org", "#boven", "?q=1", "a.md#boven", "a.md?x=1",
		"foto twee.png", "%zz.png", "foto%20twee.png", ":x", "1http://x", "c:/x", "", "~user/a", "a/b:c",
	} {
		if got, want := IsRelative(dest), parsed(dest); got != want {
			t.Errorf("IsRelative(%q) = %t, url.Parse says %t", dest, got, want)
		}
	}
}
