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
