// Package cards draws share cards: the 1200×630 PNG images that social
// networks and chat apps show for a link (og:image), one per story or
// symbol, in pure Go with the Go fonts embedded in the binary.
//
// A card has an accent band in the site's colour, the brand name small at
// the top, the title large and bold, the promise or quote in quotes below
// it (a summary without them: Plain), and the site's name at the bottom.
// Text wraps at spaces and never breaks inside a word: a title too long
// for its lines even at the smallest size loses whole trailing words to
// an ellipsis, and a single word too wide for a line is drawn smaller
// until it fits. The Go fonts cover Latin (with all of Latin-1 and €,
// curly quotes, dashes and the ellipsis), Greek and Cyrillic; other
// scripts and emoji come out as boxes. The zero is the fonts' plain one,
// not the slashed zero they draw for code.
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
	"image/draw"
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
	"golang.org/x/image/vector"
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
const Version = "cards/7"

// Card is what one share card shows. Every field may be empty.
type Card struct {
	Title  string     // the story's or symbol's title: large and bold
	Brand  string     // the brand, small, above the title
	Text   string     // the promise, the quote or the summary, below the title
	Plain  bool       // Text is no one's words (a summary): set without quotes
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
type faces struct{ bold, italic *typeface }

// typeface is a parsed font with the glyph it draws for the digit zero.
type typeface struct {
	font *sfnt.Font
	// zero is the font's zero without a slash ("zero.empty"), or 0 to
	// draw the zero the font maps '0' to. The Go fonts, made for code,
	// slash their zero to tell it from the O; among letters on a card
	// the slash looks like a digit from another font.
	zero sfnt.GlyphIndex
}

// newFaces returns the fonts, parsed once: they are read-only from
// then on, and each face made from them has buffers of its own.
var newFaces = sync.OnceValues(parseFaces)

func parseFaces() (*faces, error) {
	bold, err := parseTypeface(gobold.TTF)
	if err != nil {
		return nil, fmt.Errorf("cards: bold font: %w", err)
	}
	italic, err := parseTypeface(goitalic.TTF)
	if err != nil {
		return nil, fmt.Errorf("cards: italic font: %w", err)
	}
	return &faces{bold: bold, italic: italic}, nil
}

func parseTypeface(ttf []byte) (*typeface, error) {
	f, err := opentype.Parse(ttf)
	if err != nil {
		return nil, err
	}
	tf := &typeface{font: f}
	var buf sfnt.Buffer
	for i := range f.NumGlyphs() {
		if name, _ := f.GlyphName(&buf, sfnt.GlyphIndex(i)); name == "zero.empty" {
			tf.zero = sfnt.GlyphIndex(i)
			break
		}
	}
	return tf, nil
}

func face(tf *typeface, size float64) (font.Face, error) {
	fc, err := opentype.NewFace(tf.font, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		return nil, fmt.Errorf("cards: face at %gpx: %w", size, err)
	}
	return &cachedFace{Face: fc, font: tf.font, zero: tf.zero, size: size}, nil
}

// cachedFace is a face whose glyphs at whole pixels are rasterised once
// for all cards: a card's letters are drawn at whole pixels (see
// canvas.text), and rasterising them was half the time of drawing one.
// It draws the zero as its typeface says.
type cachedFace struct {
	font.Face
	font *sfnt.Font
	zero sfnt.GlyphIndex
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
		return f.raw(dot, r)
	}
	at := image.Pt(dot.X.Floor(), dot.Y.Floor())
	key := glyphKey{f.font, f.size, r}
	if g, ok := glyphs.Load(key); ok {
		g := g.(*glyphImage)
		return g.dr.Add(at), g.mask, image.Point{}, g.advance, g.ok
	}
	dr, mask, mp, advance, ok := f.raw(fixed.Point26_6{}, r)
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

// raw rasterises r at dot, not from the cache: the face's own glyph, or
// the typeface's plain zero.
func (f *cachedFace) raw(dot fixed.Point26_6, r rune) (image.Rectangle, image.Image, image.Point, fixed.Int26_6, bool) {
	if r == '0' && f.zero != 0 {
		return rasterize(f.font, f.zero, f.size, dot)
	}
	return f.Face.Glyph(dot, r)
}

// rasterise draws glyph x of f at size pixels with its origin at dot, as
// opentype.Face.Glyph draws the glyph of a rune (unhinted): the same
// rectangle, coverage and advance for the same glyph.
func rasterize(f *sfnt.Font, x sfnt.GlyphIndex, size float64, dot fixed.Point26_6) (image.Rectangle, image.Image, image.Point, fixed.Int26_6, bool) {
	var buf sfnt.Buffer
	scale := fixed.Int26_6(0.5 + size*64)
	advance, err := f.GlyphAdvance(&buf, x, scale, font.HintingNone)
	if err != nil {
		return image.Rectangle{}, nil, image.Point{}, 0, false
	}
	segments, err := f.LoadGlyph(&buf, x, scale, nil)
	if err != nil {
		return image.Rectangle{}, nil, image.Point{}, 0, false
	}
	b := segments.Bounds().Add(dot)
	dr := image.Rect(b.Min.X.Floor(), b.Min.Y.Floor(), b.Max.X.Ceil(), b.Max.Y.Ceil())
	// From glyph space to the mask's, whose top left is dr.Min.
	biasX := dot.X - fixed.I(dr.Min.X)
	biasY := dot.Y - fixed.I(dr.Min.Y)
	pt := func(p fixed.Point26_6) (float32, float32) {
		return float32(p.X+biasX) / 64, float32(p.Y+biasY) / 64
	}
	var z vector.Rasterizer
	z.Reset(dr.Dx(), dr.Dy())
	z.DrawOp = draw.Src
	for _, seg := range segments {
		switch seg.Op {
		case sfnt.SegmentOpMoveTo:
			z.MoveTo(pt(seg.Args[0]))
		case sfnt.SegmentOpLineTo:
			z.LineTo(pt(seg.Args[0]))
		case sfnt.SegmentOpQuadTo:
			x1, y1 := pt(seg.Args[0])
			x2, y2 := pt(seg.Args[1])
			z.QuadTo(x1, y1, x2, y2)
		case sfnt.SegmentOpCubeTo:
			x1, y1 := pt(seg.Args[0])
			x2, y2 := pt(seg.Args[1])
			x3, y3 := pt(seg.Args[2])
			z.CubeTo(x1, y1, x2, y2, x3, y3)
		}
	}
	mask := image.NewAlpha(image.Rect(0, 0, dr.Dx(), dr.Dy()))
	z.Draw(mask, mask.Rect, image.Opaque, image.Point{})
	return dr, mask, image.Point{}, advance, true
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
	quote, cut := c.text()
	if quote != "" && room > 0 {
		if qb, err = fit(fs.italic, quote, quoteMax, quoteMin, quoteLines, room, quoteLead, cut); err != nil {
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
	if c.Plain {
		// Only then: the keys of cards drawn before Plain existed stay.
		h.Write([]byte("plain"))
	}
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

// fit wraps s at the largest size from largest down to smallest, in
// steps of 2 pixels, at which all of it fits on at most maxLines lines of
// textWidth and, if height > 0, within height pixels at lead ems a line,
// in balanced lines (at every size, the smallest too). If it fits at
// none, it is wrapped at smallest and cut, whole trailing words giving
// way to ellipsis. If a single word (or the ellipsis) is wider than a
// line even at smallest, the size goes below it until it fits. An empty
// block means there was no room for a line at all.
func fit(f *typeface, s string, largest, smallest float64, maxLines, height int, lead float64, ellipsis string) (block, error) {
	width := fixed.I(textWidth)
	lines := func(size float64) int {
		if height > 0 {
			return min(maxLines, int(float64(height)/(size*lead)))
		}
		return maxLines
	}
	size := largest
	for ; size > smallest; size -= 2 {
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
	size = smallest
	for {
		n := lines(size)
		if n < 1 {
			return block{}, nil
		}
		fc, err := face(f, size)
		if err != nil {
			return block{}, err
		}
		ls, cut, over := wrap(fc, s, width, n, ellipsis)
		if !over || size <= 6 {
			if !cut {
				// All of it fits: balanced, as at the larger sizes.
				ls = balance(fc, s, width, ls)
			}
			return block{fc, size, ls}, nil
		}
		// A word is wider than a line: scale down so the widest fits.
		widest := font.MeasureString(fc, ellipsis)
		for _, w := range words(s) {
			widest = max(widest, font.MeasureString(fc, w))
		}
		// Never below 6 pixels: a word of thousands of letters would
		// otherwise ask for a face of size 0.
		size = math.Max(6, float64(int(size*float64(width)/float64(widest))))
	}
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
		for {
			kept := trimCut(strings.Join(last, " "))
			if kept == "" {
				break // no word left, or only punctuation: the line goes
			}
			if candidate := kept + ellipsis; font.MeasureString(fc, candidate) <= width {
				lines[len(lines)-1] = candidate
				return lines, true, over
			}
			last = last[:len(last)-1]
		}
		lines = lines[:len(lines)-1]
	}
	return []string{ellipsis}, true, over
}

// trimCut trims what reads badly before an ellipsis: "klanten,…" and
// "klanten –…" become "klanten…". It trims commas, semicolons, colons and
// dashes, and the spaces (no-break ones too) left before them.
func trimCut(s string) string {
	return strings.TrimRightFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(",;:-–—", r)
	})
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

// text is the card's Text as set below the title, in quotes unless
// Plain, and the ellipsis that ends it when it is cut.
func (c Card) text() (text, cut string) {
	if c.Plain {
		return clean(c.Text), "…"
	}
	return quoted(clean(c.Text)), "…”"
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
