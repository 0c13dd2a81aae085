// Package cards draws share cards: the 1200×630 PNG images that social
// networks and chat apps show for a link (og:image), one per story or
// symbol, in pure Go with the Go fonts embedded in the binary.
//
// A card has an accent band in the site's colour, the brand name small at
// the top, the title large and bold, the promise or quote in quotes below
// it, and the site's name at the bottom. Text wraps at spaces and never
// breaks inside a word: a title too long for its lines even at the
// smallest size loses whole trailing words to an ellipsis, and a single
// word too wide for a line is drawn smaller until it fits. The Go fonts
// cover Latin (with all of Latin-1 and €, curly quotes, dashes and the
// ellipsis), Greek and Cyrillic; other scripts and emoji come out as
// boxes.
//
// The same card always gives the same bytes, and Key gives a cache key
// for them, so the caller can skip drawing a card that has not changed.
// The package does no I/O and knows nothing of pages or sites: the caller
// decides what goes on the card and where the PNG is written.
package cards

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"image"
	"image/color"
	"math"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// Width and Height are the size of every card, in pixels: the 1.91:1
// that Open Graph and X (Twitter) large-image cards expect.
const (
	Width  = 1200
	Height = 630
)

// Version is part of every Key. Change it whenever a change here (layout,
// colours, fonts, or an upgrade of golang.org/x/image) changes the pixels
// of a card, so that cached cards are drawn again.
const Version = "cards/4"

// Card is what one share card shows. Every field may be empty.
type Card struct {
	Title  string     // the story's or symbol's title: large and bold
	Brand  string     // the brand, small, above the title
	Text   string     // the promise or the quote, set in quotes below the title
	Site   string     // the site's name, at the bottom
	Accent color.RGBA // the site's colour; its alpha is ignored; the zero value means DefaultAccent()
}

// DefaultAccent is the accent of a card whose Accent is the zero value:
// the default theme's brand colour.
func DefaultAccent() color.RGBA { return rgb(defaultAccent) }

// Colours of the card, as 0xRRGGBB.
const (
	defaultAccent = 0xb3261e // the default theme's --brand
	paper         = 0xfbf8f4 // the background
	ink           = 0x1d1b19 // the title and site
	muted         = 0x5a544e // the quote
	rule          = 0xe4ddd4 // the line above the footer, the empty quadrants
)

func rgb(v uint32) color.RGBA { return color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 0xff} }

// Layout, in pixels.
const (
	band       = 24                // the accent band on the left
	marginX    = 96                // left (including the band) and right
	textWidth  = Width - 2*marginX // the width text wraps at
	topY       = 64                // the top of the brand line
	footerRule = Height - 104      // the line above the footer
	footerBase = Height - 50       // the baseline of the site's name
	markSize   = 44                // the two-axes mark, bottom right

	brandSize            = 30
	titleMax, titleMin   = 76, 48
	titleLines           = 3
	quoteMax, quoteMin   = 38, 28
	quoteLines           = 3
	siteSize             = 28
	titleLead, quoteLead = 1.12, 1.32 // line height, in ems
	gap                  = 28         // between blocks
)

// faces makes font faces at any size from the two embedded fonts.
type faces struct{ bold, italic *sfnt.Font }

// newFaces returns the fonts, parsed once: they are read-only from
// then on, and each face made from them has buffers of its own.
var newFaces = sync.OnceValues(parseFaces)

func parseFaces() (*faces, error) {
	bold, err := opentype.Parse(gobold.TTF)
	if err != nil {
		return nil, fmt.Errorf("cards: bold font: %w", err)
	}
	italic, err := opentype.Parse(goitalic.TTF)
	if err != nil {
		return nil, fmt.Errorf("cards: italic font: %w", err)
	}
	return &faces{bold: bold, italic: italic}, nil
}

func face(f *sfnt.Font, size float64) (font.Face, error) {
	fc, err := opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		return nil, fmt.Errorf("cards: face at %gpx: %w", size, err)
	}
	return &cachedFace{Face: fc, font: f, size: size}, nil
}

// cachedFace is a face whose glyphs at whole pixels are rasterised once
// for all cards: a card's letters are drawn at whole pixels (see
// canvas.text), and rasterising them was half the time of drawing one.
type cachedFace struct {
	font.Face
	font *sfnt.Font
	size float64
}

// glyphKey names a glyph of a font at a size.
type glyphKey struct {
	font *sfnt.Font
	size float64
	r    rune
}

// glyphImage is a rasterised glyph: its rectangle relative to the dot,
// its coverage (from 0,0), its advance. Never changed once made.
type glyphImage struct {
	dr      image.Rectangle
	mask    *image.Alpha
	advance fixed.Int26_6
	ok      bool
}

// glyphs holds the glyphs rasterised so far, at most maxGlyphs of them
// (the letters of Latin, Greek and Cyrillic at the sizes cards use are a
// few thousand; anything beyond is rasterised each time).
var (
	glyphs    sync.Map // glyphKey → *glyphImage
	nglyphs   atomic.Int64
	maxGlyphs = int64(20000)
)

// Glyph is font.Face's Glyph, from the cache when dot is on a whole pixel.
func (f *cachedFace) Glyph(dot fixed.Point26_6, r rune) (image.Rectangle, image.Image, image.Point, fixed.Int26_6, bool) {
	if dot.X&63 != 0 || dot.Y&63 != 0 {
		return f.Face.Glyph(dot, r)
	}
	at := image.Pt(dot.X.Floor(), dot.Y.Floor())
	key := glyphKey{f.font, f.size, r}
	if g, ok := glyphs.Load(key); ok {
		g := g.(*glyphImage)
		return g.dr.Add(at), g.mask, image.Point{}, g.advance, g.ok
	}
	dr, mask, mp, advance, ok := f.Face.Glyph(fixed.Point26_6{}, r)
	g := &glyphImage{dr: dr, advance: advance, ok: ok, mask: image.NewAlpha(image.Rect(0, 0, dr.Dx(), dr.Dy()))}
	if !dr.Empty() {
		for y := range dr.Dy() {
			for x := range dr.Dx() {
				_, _, _, a := mask.At(mp.X+x, mp.Y+y).RGBA()
				g.mask.Pix[y*g.mask.Stride+x] = uint8(a >> 8)
			}
		}
	}
	if nglyphs.Load() < maxGlyphs {
		if _, loaded := glyphs.LoadOrStore(key, g); !loaded {
			nglyphs.Add(1)
		}
	}
	return g.dr.Add(at), g.mask, image.Point{}, g.advance, g.ok
}

// block is wrapped text at one size.
type block struct {
	face  font.Face
	size  float64
	lines []string
}

// height is the block's height: its lines at the given line height.
func (b block) height(lead float64) int {
	return int(float64(len(b.lines)) * b.size * lead)
}

// Render draws a card as PNG bytes, 1200×630, the same bytes every time
// for the same card.
func Render(c Card) ([]byte, error) {
	fs, err := newFaces()
	if err != nil {
		return nil, err
	}
	accent := accentOf(c)
	cv := newCanvas(accent, readable(accent, rgb(paper)))
	defer cv.release()
	cv.fill(image.Rect(0, 0, band, Height), iAccent)

	// The brand, at the top.
	y := topY
	if brand := clean(c.Brand); brand != "" {
		b, err := fit(fs.bold, brand, brandSize, 20, 1, 0, 1, "…")
		if err != nil {
			return nil, err
		}
		y += ascent(b.face)
		cv.text(b.face, accentText, marginX, y, b.lines[0])
		y += descent(b.face) + gap
	}

	// The title and the quote share the room down to the footer; the
	// title is fitted first, the quote gets what is left.
	room := footerRule - gap - y
	space := room
	var tb, qb block
	if title := clean(c.Title); title != "" {
		if tb, err = fit(fs.bold, title, titleMax, titleMin, titleLines, room, titleLead, "…"); err != nil {
			return nil, err
		}
		room -= tb.height(titleLead) + gap
	}
	if quote := quoted(clean(c.Text)); quote != "" && room > 0 {
		if qb, err = fit(fs.italic, quote, quoteMax, quoteMin, quoteLines, room, quoteLead, "…”"); err != nil {
			return nil, err
		}
	}
	// Centre the two in their space, a little above the middle.
	used := space - room
	if len(qb.lines) > 0 {
		used += qb.height(quoteLead)
	} else if len(tb.lines) > 0 {
		used -= gap
	}
	y += max(0, (space-used)*2/5)
	for i, line := range tb.lines {
		baseline := y + int(float64(i)*tb.size*titleLead) + ascent(tb.face)
		cv.text(tb.face, inkText, marginX, baseline, line)
	}
	if len(tb.lines) > 0 {
		y += tb.height(titleLead) + gap
	}
	for i, line := range qb.lines {
		baseline := y + int(float64(i)*qb.size*quoteLead) + ascent(qb.face)
		cv.text(qb.face, mutedText, marginX, baseline, line)
	}

	// The footer: a rule, the site's name, the two-axes mark.
	cv.fill(image.Rect(marginX, footerRule, Width-marginX, footerRule+2), iRule)
	if site := clean(c.Site); site != "" {
		s, err := fit(fs.bold, site, siteSize, 18, 1, 0, 1, "…")
		if err != nil {
			return nil, err
		}
		cv.text(s.face, inkText, marginX, footerBase, s.lines[0])
	}
	mark(cv, Width-marginX-markSize, footerBase-markSize+8)

	out := outputs.Get().(*bytes.Buffer)
	defer outputs.Put(out)
	out.Reset()
	enc := encoders.Get().(*encoder)
	defer encoders.Put(enc)
	enc.encodePNG(out, cv.img)
	// A copy of just the right size: the caller may keep thousands.
	return bytes.Clone(out.Bytes()), nil
}

// Key is a cache key for the card: a hash of every field, Version and the
// embedded fonts. Two cards with the same Key render to the same bytes.
func Key(c Card) string {
	h := sha256.New()
	for _, s := range []string{Version, c.Title, c.Brand, c.Text, c.Site} {
		binary.Write(h, binary.BigEndian, uint64(len(s))) // a hash.Hash never returns an error
		h.Write([]byte(s))
	}
	accent := accentOf(c)
	h.Write([]byte{accent.R, accent.G, accent.B})
	h.Write(fontSum())
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// fontSum is a hash of the embedded fonts, computed once: hashing their
// 280 kB for every Key cost more than the rest of it (190 µs a key, two
// seconds of CPU for 10,000 cards).
var fontSum = sync.OnceValue(func() []byte {
	h := sha256.New()
	h.Write(gobold.TTF)
	h.Write(goitalic.TTF)
	return h.Sum(nil)
})

// accentOf is the card's accent, opaque, or the default.
func accentOf(c Card) color.RGBA {
	if c.Accent == (color.RGBA{}) {
		return DefaultAccent()
	}
	a := c.Accent
	a.A = 0xff
	return a
}

// fit wraps s at the largest size from max down to min, in steps of 2
// pixels, at which all of it fits on at most maxLines lines of textWidth
// and, if height > 0, within height pixels at lead ems a line. If it fits
// at none, it is wrapped at min and cut, whole trailing words giving way
// to ellipsis. If a single word (or the ellipsis) is wider than a line
// even at min, the size goes below min until it fits. An empty block
// means there was no room for a line at all.
func fit(f *sfnt.Font, s string, max, min float64, maxLines, height int, lead float64, ellipsis string) (block, error) {
	width := fixed.I(textWidth)
	lines := func(size float64) int {
		if height > 0 {
			return mini(maxLines, int(float64(height)/(size*lead)))
		}
		return maxLines
	}
	size := max
	for ; size > min; size -= 2 {
		n := lines(size)
		if n < 1 {
			continue
		}
		fc, err := face(f, size)
		if err != nil {
			return block{}, err
		}
		if ls, cut, over := wrap(fc, s, width, n, ellipsis); !cut && !over {
			return block{fc, size, balance(fc, s, width, ls)}, nil
		}
	}
	size = min
	for {
		n := lines(size)
		if n < 1 {
			return block{}, nil
		}
		fc, err := face(f, size)
		if err != nil {
			return block{}, err
		}
		ls, _, over := wrap(fc, s, width, n, ellipsis)
		if !over || size <= 6 {
			return block{fc, size, ls}, nil
		}
		// A word is wider than a line: scale down so the widest fits.
		widest := font.MeasureString(fc, ellipsis)
		for _, w := range words(s) {
			widest = maxFixed(widest, font.MeasureString(fc, w))
		}
		// Never below 6 pixels: a word of thousands of letters would
		// otherwise ask for a face of size 0.
		size = math.Max(6, float64(int(size*float64(width)/float64(widest))))
	}
}

func maxFixed(a, b fixed.Int26_6) fixed.Int26_6 {
	if a > b {
		return a
	}
	return b
}

func mini(a, b int) int {
	if a < b {
		return a
	}
	return b
}

// balance rewraps lines that hold all of s into as many lines, choosing
// the breaks that make the lines most even (the least sum of squares of
// the room left on each line), so that a title does not end in one
// lonely word. Every line still fits width.
func balance(fc font.Face, s string, width fixed.Int26_6, lines []string) []string {
	ws := words(s)
	n, m := len(lines), len(ws)
	if n < 2 || m > 64 {
		return lines
	}
	ms := measureWords(fc, ws)
	// cost[k][i]: the least cost of setting the first i words on k lines;
	// from[k][i] where the last of those lines starts.
	inf := math.Inf(1)
	cost := make([][]float64, n+1)
	from := make([][]int, n+1)
	for k := range cost {
		cost[k] = make([]float64, m+1)
		from[k] = make([]int, m+1)
		for i := range cost[k] {
			cost[k][i] = inf
		}
	}
	cost[0][0] = 0
	for k := 1; k <= n; k++ {
		for i := 1; i <= m; i++ {
			for j := i - 1; j >= k-1; j-- {
				w := ms.width(j, i)
				if w > width {
					break // longer lines only get wider
				}
				if math.IsInf(cost[k-1][j], 1) {
					continue
				}
				slack := float64(width-w) / 64
				if c := cost[k-1][j] + slack*slack; c < cost[k][i] {
					cost[k][i], from[k][i] = c, j
				}
			}
		}
	}
	if math.IsInf(cost[n][m], 1) {
		return lines
	}
	out := make([]string, n)
	for k, i := n, m; k > 0; k-- {
		j := from[k][i]
		out[k-1] = strings.Join(ws[j:i], " ")
		i = j
	}
	return out
}

// wrap breaks s into lines no wider than width, at spaces only, never
// inside a word. If that takes more than maxLines lines, it keeps
// maxLines and ends the last in ellipsis, dropping whole words (and if
// need be whole lines) until it fits; cut reports that. over reports a
// word wider than a line on its own: it then has a line to itself, too
// wide.
func wrap(fc font.Face, s string, width fixed.Int26_6, maxLines int, ellipsis string) (lines []string, cut, over bool) {
	ws := words(s)
	ms := measureWords(fc, ws)
	start := 0 // the first word of the line being filled
	for i := range ws {
		if ms.w[i] > width {
			over = true
		}
		if i > start && ms.width(start, i+1) > width {
			lines = append(lines, strings.Join(ws[start:i], " "))
			start = i
		}
	}
	if start < len(ws) {
		lines = append(lines, strings.Join(ws[start:], " "))
	}
	if maxLines <= 0 || len(lines) <= maxLines {
		return lines, false, over
	}
	lines = lines[:maxLines]
	for len(lines) > 0 {
		last := words(lines[len(lines)-1])
		for len(last) > 0 {
			// "klanten,…" reads badly: the ellipsis replaces the comma.
			candidate := strings.TrimRight(strings.Join(last, " "), ",;:-–—") + ellipsis
			if font.MeasureString(fc, candidate) <= width {
				lines[len(lines)-1] = candidate
				return lines, true, over
			}
			last = last[:len(last)-1]
		}
		lines = lines[:len(lines)-1]
	}
	return []string{ellipsis}, true, over
}

// measured are words with what it takes to measure any run of them
// joined by single spaces without walking its letters again: each word's
// width, and the width of each run from the first word. The widths are
// sums of the same advances and kerns that font.MeasureString adds up
// for the joined string, so they are exactly its widths, at a fraction
// of the cost (wrap and balance measure each run of words on a line).
type measured struct {
	w   []fixed.Int26_6 // w[i]: the width of word i
	sum []fixed.Int26_6 // sum[i]: the width of words 0 to i-1, joined
}

func measureWords(fc font.Face, ws []string) measured {
	m := measured{w: make([]fixed.Int26_6, len(ws)), sum: make([]fixed.Int26_6, len(ws)+1)}
	space, _ := fc.GlyphAdvance(' ')
	var before rune // the last letter of the word before
	for i, s := range ws {
		first, last := rune(-1), rune(-1)
		for _, r := range s {
			if first < 0 {
				first = r
			}
			last = r
		}
		m.w[i] = font.MeasureString(fc, s)
		m.sum[i+1] = m.sum[i] + m.w[i]
		if i > 0 {
			// The space between, kerned on both sides as MeasureString
			// kerns every pair of letters.
			m.sum[i+1] += fc.Kern(before, ' ') + space + fc.Kern(' ', first)
		}
		before = last
	}
	return m
}

// width is the width of words j to i-1 joined by single spaces.
func (m measured) width(j, i int) fixed.Int26_6 {
	return m.sum[i] - m.sum[j+1] + m.w[j]
}

// words splits s at spaces, but not at no-break spaces: "€ 10" written
// with U+00A0 stays together.
func words(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) && r != '\u00a0' && r != '\u202f' && r != '\u2007'
	})
}

// clean puts s on one line with single spaces and drops control
// characters and invisible format characters (soft hyphens, zero-width
// spaces, direction marks), which the fonts would draw as boxes.
func clean(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) && !unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, s)
	return strings.Join(words(s), " ")
}

// quoted sets s in curly quotes, unless it is empty or already starts
// with a quotation mark.
func quoted(s string) string {
	if s == "" || strings.ContainsRune(`"'“„‘‚«‹「`, []rune(s)[0]) {
		return s
	}
	return "“" + s + "”"
}

func ascent(fc font.Face) int  { return fc.Metrics().Ascent.Ceil() }
func descent(fc font.Face) int { return fc.Metrics().Descent.Ceil() }

// mark draws the two axes as four squares, the top right one (personal
// and extreme) in the accent.
func mark(cv *canvas, x, y int) {
	const g = 4
	s := (markSize - g) / 2
	for i, c := range []uint8{iRule, iAccent, iRule, iRule} {
		dx, dy := (i%2)*(s+g), (i/2)*(s+g)
		cv.fill(image.Rect(x+dx, y+dy, x+dx+s, y+dy+s), c)
	}
}

// readable returns c, darkened towards ink until text in it has a
// contrast of at least 4.5:1 on bg (WCAG AA).
func readable(c, bg color.RGBA) color.RGBA {
	for i := 0; i < 10 && contrast(c, bg) < 4.5; i++ {
		c = mix(c, rgb(ink), 0.2)
	}
	return c
}

func mix(a, b color.RGBA, t float64) color.RGBA {
	m := func(x, y uint8) uint8 { return uint8(float64(x)*(1-t) + float64(y)*t + 0.5) }
	return color.RGBA{m(a.R, b.R), m(a.G, b.G), m(a.B, b.B), 0xff}
}

// contrast is the WCAG contrast ratio of two colours.
func contrast(a, b color.RGBA) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

func luminance(c color.RGBA) float64 {
	ch := func(v uint8) float64 {
		x := float64(v) / 255
		if x <= 0.04045 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	return 0.2126*ch(c.R) + 0.7152*ch(c.G) + 0.0722*ch(c.B)
}
