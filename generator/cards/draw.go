package cards

import (
	"bytes"
	"image"
	"image/color"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
)

// A card is drawn straight into palette indexes (image.Paletted), not
// into RGBA: it has only a few colours, and text is anti-aliased by
// levels between the paper and the text's colour. That makes the PNG
// less than half the size and its encoding several times cheaper: Go's
// encoder copies a paletted image's rows as they are, where RGBA rows go
// through five trial filters each, and deflate gets a byte a pixel
// instead of three.

// levels is the number of steps from the paper to a text colour: an
// edge pixel of a glyph is one of levels-1 blends between the two. The
// coverage that Go's rasteriser gives is rounded to the nearest step, an
// error of at most 1/(2*levels) of the way between the two colours. Four
// steps keep the palette within 16 colours, so that the PNG packs two
// pixels in a byte (encode.go); at the size a card is shown (a link
// preview, 500 pixels wide or less) edges look as smooth as with 16.
const levels = 4

// Text colours: each has a ramp of blends with the paper.
const (
	inkText = iota
	mutedText
	accentText
	nText
)

// The palette: the plain colours first, then the blends of each text
// colour with the paper, levels-1 of them, from the palest.
const (
	iPaper  = 0 // the background: a cleared image is all paper
	iAccent = 1
	iRule   = 2
	iText   = 3                         // iText+inkText … : the text colours themselves
	iRamps  = iText + nText             // the first blend
	nColors = iRamps + nText*(levels-1) // the palette's size
)

// The palette must fit in half a byte: this constant overflows if not.
const _ = uint8(16 - nColors)

// canvas is a card being drawn.
type canvas struct {
	img *image.Paletted
	// ramp[t][l] is the palette index of level l (0 is paper, levels is
	// the text colour itself) of text colour t.
	ramp [nText][levels + 1]uint8
	// rampOf[i] is 1+ the text colour whose ramp holds index i (the text
	// colour itself included), or 0; levelOf[i] is its level there.
	rampOf, levelOf [256]uint8
}

// images are cleared paletted images to draw on, so that each card does
// not allocate (and the garbage collector free) 756 kB.
var images = sync.Pool{New: func() any {
	return image.NewPaletted(image.Rect(0, 0, Width, Height), nil)
}}

// newCanvas gives a canvas of paper with the card's palette: the accent,
// and the text colours ink, muted and text (the accent made readable).
func newCanvas(accent, text color.RGBA) *canvas {
	c := &canvas{img: images.Get().(*image.Paletted)}
	pal := make(color.Palette, nColors)
	pal[iPaper], pal[iAccent], pal[iRule] = rgb(paper), accent, rgb(rule)
	fgs := [nText]color.RGBA{inkText: rgb(ink), mutedText: rgb(muted), accentText: text}
	for t, fg := range fgs {
		pal[iText+t] = fg
		c.ramp[t][0] = iPaper
		c.ramp[t][levels] = uint8(iText + t)
		c.rampOf[iText+t], c.levelOf[iText+t] = uint8(t+1), levels
		for l := 1; l < levels; l++ {
			i := iRamps + t*(levels-1) + l - 1
			pal[i] = blend(rgb(paper), fg, l, levels)
			c.ramp[t][l] = uint8(i)
			c.rampOf[i], c.levelOf[i] = uint8(t+1), uint8(l)
		}
	}
	c.img.Palette = pal
	return c
}

// release gives the canvas's image back for another card, cleared.
func (c *canvas) release() {
	clear(c.img.Pix) // iPaper is 0
	c.img.Palette = nil
	images.Put(c.img)
	c.img = nil
}

// blend is a + (b-a)*n/d in each channel, rounded.
func blend(a, b color.RGBA, n, d int) color.RGBA {
	m := func(x, y uint8) uint8 { return uint8((int(x)*(d-n) + int(y)*n + d/2) / d) }
	return color.RGBA{m(a.R, b.R), m(a.G, b.G), m(a.B, b.B), 0xff}
}

// fill paints r (clipped to the card) in palette index i.
func (c *canvas) fill(r image.Rectangle, i uint8) {
	r = r.Intersect(c.img.Rect)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		row := c.img.Pix[c.img.PixOffset(r.Min.X, y):c.img.PixOffset(r.Max.X, y)]
		for x := range row {
			row[x] = i
		}
	}
}

// text draws one line in text colour t with its baseline at y, as
// font.Drawer.DrawString does (kerning, then each glyph's coverage laid
// over what is there), but into palette indexes, and with each glyph at
// the nearest even pixel (the advances still add up exactly): a letter
// then has the same pixels every time it appears, and the same bytes
// once two pixels share a byte, which the encoder finds as repeats.
func (c *canvas) text(fc font.Face, t int, x, y int, s string) {
	dot := fixed.P(x, y)
	prev := rune(-1)
	for _, r := range s {
		if prev >= 0 {
			dot.X += fc.Kern(prev, r)
		}
		dr, mask, mp, advance, _ := fc.Glyph(fixed.Point26_6{X: (dot.X + 64) &^ 127, Y: dot.Y}, r)
		if !dr.Empty() {
			c.glyph(dr, mask, mp, t)
		}
		dot.X += advance
		prev = r
	}
}

// glyph lays the coverage in mask (at mp) over dr in text colour t.
func (c *canvas) glyph(dr image.Rectangle, mask image.Image, mp image.Point, t int) {
	clipped := dr.Intersect(c.img.Rect)
	if clipped.Empty() {
		return
	}
	mp = mp.Add(clipped.Min.Sub(dr.Min))
	dr = clipped
	alpha, ok := mask.(*image.Alpha)
	if !ok { // not what opentype gives, but any mask will do
		a := image.NewAlpha(image.Rect(0, 0, dr.Dx(), dr.Dy()))
		for y := range dr.Dy() {
			for x := range dr.Dx() {
				_, _, _, ma := mask.At(mp.X+x, mp.Y+y).RGBA()
				a.Pix[y*a.Stride+x] = uint8(ma >> 8)
			}
		}
		alpha, mp = a, image.Point{}
	}
	ramp, own := &c.ramp[t], uint8(t+1)
	for y := range dr.Dy() {
		m := alpha.Pix[alpha.PixOffset(mp.X, mp.Y+y):][:dr.Dx()]
		d := c.img.Pix[c.img.PixOffset(dr.Min.X, dr.Min.Y+y):][:dr.Dx()]
		for x, ma := range m {
			if ma == 0 {
				continue
			}
			switch i := d[x]; {
			case i == iPaper:
				d[x] = ramp[(int(ma)*levels+127)/255]
			case c.rampOf[i] == own:
				// Over a pixel of the same colour (glyphs that touch
				// or overlap): coverage adds up as draw.Over's would.
				l := int(c.levelOf[i])
				d[x] = ramp[(l*255+int(ma)*(levels-l)+127)/255]
			default:
				// Over something else (the rule, another colour's
				// text): the nearest colour of the palette to what
				// draw.Over would give. Cards as laid out never get here.
				under := c.img.Palette[i].(color.RGBA)
				over := c.img.Palette[ramp[levels]].(color.RGBA)
				d[x] = uint8(c.img.Palette.Index(blend(under, over, int(ma), 255)))
			}
		}
	}
}

// outputs are buffers for the PNG, so that it does not grow from nothing
// for every card.
var outputs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// encoders are the card encoder's buffers, reused between cards.
var encoders = sync.Pool{New: func() any { return new(encoder) }}
