package render

import (
	"strconv"
	"strings"

	"fanfare.dev/fanfare/generator/images"
	"fanfare.dev/fanfare/generator/site"
)

// proseSizes is the sizes attribute of images in a page's Markdown: the
// default theme's text column is at most 42rem wide, and the page's
// width less its margins on a small screen.
const proseSizes = "(min-width: 45rem) 42rem, calc(100vw - 2.5rem)"

// Img is what an <img> element needs to show a page's image at the
// right size: its URL, the srcset of its copies ("" when it has none)
// and its size in pixels.
type Img struct {
	Src    string
	Srcset string
	Width  int
	Height int
}

// pageImg describes a page's front-matter image. An image the site does
// not publish (an absolute URL, a GIF) keeps the theme's default size of
// 1200 × 630, the shape of share previews.
func (r *Renderer) pageImg(p *site.Page) Img {
	im := Img{Src: r.pageImage(p), Width: 1200, Height: 630}
	if p.Image == "" {
		return Img{}
	}
	dst, ok := r.site.ImageFile(p, p.Image)
	if !ok {
		return im
	}
	info := r.site.Images[dst]
	if info == nil {
		return im
	}
	im.Src, im.Srcset = sources(r.site, dst, info)
	if info.Width > 0 && info.Height > 0 {
		im.Width, im.Height = info.Width, info.Height
	}
	return im
}

// sources returns the src and srcset of a published image: src is a
// middle-sized copy, for browsers that do not read srcset; srcset lists
// every copy, and the original only where no copy covers its width: when
// it is no wider than the widest copy there would be (images.Largest).
// A 4000-pixel photo is then served at most 1600 wide, never whole to a
// phone with a dense screen.
func sources(s *site.Site, dst string, info *site.Image) (src, srcset string) {
	u := func(dst string) string { return s.RootURL("/" + dst) } // RootURL escapes it
	orig := u(dst)
	if len(info.Variants) == 0 {
		return orig, ""
	}
	var b strings.Builder
	for _, v := range info.Variants {
		b.WriteString(u(v.Dst))
		b.WriteString(" " + strconv.Itoa(v.Width) + "w, ")
	}
	if info.Width <= images.Largest() || info.Width <= info.Variants[len(info.Variants)-1].Width {
		b.WriteString(orig + " " + strconv.Itoa(info.Width) + "w")
	}
	mid := info.Variants[len(info.Variants)/2]
	return u(mid.Dst), strings.TrimSuffix(b.String(), ", ")
}
