package render

import (
	"strconv"
	"strings"
	"testing"

	"fanfare.dev/fanfare/generator/config"
	"fanfare.dev/fanfare/generator/site"
)

// TestSources: the original is in srcset only where no copy covers its
// width; src is a middle copy.
func TestSources(t *testing.T) {
	s := &site.Site{Config: config.Default()}
	copies := func(ws ...int) []site.Variant {
		var vs []site.Variant
		for _, w := range ws {
			vs = append(vs, site.Variant{Width: w, Height: w / 2, Dst: "a/foto-" + strconv.Itoa(w) + "w.jpg"})
		}
		return vs
	}
	for _, tt := range []struct {
		name        string
		info        site.Image
		src, srcset string
	}{
		{"a phone photo: the 1600 copy covers it", site.Image{Width: 4000, Height: 3000, Variants: copies(480, 800, 1200, 1600)},
			"/a/foto-1200w.jpg", "/a/foto-480w.jpg 480w, /a/foto-800w.jpg 800w, /a/foto-1200w.jpg 1200w, /a/foto-1600w.jpg 1600w"},
		{"just wider than the widest copy", site.Image{Width: 1601, Height: 900, Variants: copies(480, 800, 1200, 1600)},
			"/a/foto-1200w.jpg", "/a/foto-480w.jpg 480w, /a/foto-800w.jpg 800w, /a/foto-1200w.jpg 1200w, /a/foto-1600w.jpg 1600w"},
		{"no copy reaches the original", site.Image{Width: 1600, Height: 900, Variants: copies(480, 800, 1200)},
			"/a/foto-800w.jpg", "/a/foto-480w.jpg 480w, /a/foto-800w.jpg 800w, /a/foto-1200w.jpg 1200w, /a/foto.jpg 1600w"},
		{"one copy", site.Image{Width: 500, Height: 300, Variants: copies(480)},
			"/a/foto-480w.jpg", "/a/foto-480w.jpg 480w, /a/foto.jpg 500w"},
		{"no copies", site.Image{Width: 400, Height: 300}, "/a/foto.jpg", ""},
	} {
		// The site's root, whatever it makes of a root path.
		root := strings.NewReplacer("/a/", s.RootURL("/a/"))
		tt.src, tt.srcset = root.Replace(tt.src), root.Replace(tt.srcset)
		src, srcset := sources(s, "a/foto.jpg", &tt.info)
		if src != tt.src || srcset != tt.srcset {
			t.Errorf("%s:\n got %q, %q\nwant %q, %q", tt.name, src, srcset, tt.src, tt.srcset)
		}
	}
}

// TestPageImg: the <img> of a page's front-matter picture takes the
// measured size and copies of a picture the site publishes, and the
// share-preview size of one it does not measure.
func TestPageImg(t *testing.T) {
	b := buildSite(t, dataSite)[0]
	page := func(out string) *site.Page { return route(t, b.s, out).Page }
	a, bp, over := page("stories/a/index.html"), page("stories/b/index.html"), page("over/index.html")
	b.s.Images = map[string]*site.Image{"stories/a/foto.jpg": {Width: 1000, Height: 750, Variants: []site.Variant{{Width: 480, Height: 360, Dst: "stories/a/foto-480w.jpg"}}}}
	if got, want := b.r.pageImg(a), (Img{Src: "/stories/a/foto-480w.jpg", Srcset: "/stories/a/foto-480w.jpg 480w, /stories/a/foto.jpg 1000w", Width: 1000, Height: 750}); got != want {
		t.Errorf("measured: %+v, want %+v", got, want)
	}
	b.s.Images["stories/a/foto.jpg"] = &site.Image{} // not measured (a picture Go cannot read)
	if got, want := b.r.pageImg(a), (Img{Src: "/stories/a/foto.jpg", Width: 1200, Height: 630}); got != want {
		t.Errorf("size unknown: %+v, want %+v", got, want)
	}
	for _, half := range []*site.Image{{Width: 1000}, {Height: 750}} {
		b.s.Images["stories/a/foto.jpg"] = half
		if got := b.r.pageImg(a); got.Width != 1200 || got.Height != 630 {
			t.Errorf("%+v measured: %+v", *half, got)
		}
	}
	delete(b.s.Images, "stories/a/foto.jpg")
	if got, want := b.r.pageImg(a), (Img{Src: "/stories/a/foto.jpg", Width: 1200, Height: 630}); got != want {
		t.Errorf("not among the images: %+v, want %+v", got, want)
	}
	if got, want := b.r.pageImg(bp), (Img{Src: "https://cdn.example.org/b.svg", Width: 1200, Height: 630}); got != want {
		t.Errorf("elsewhere: %+v, want %+v", got, want)
	}
	if got := b.r.pageImg(over); got != (Img{}) {
		t.Errorf("no picture: %+v", got)
	}
}
