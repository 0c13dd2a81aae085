package cards

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"strings"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// TestPalette: for any accent the palette fits in a byte, is opaque,
// and each text colour's ramp runs from the paper to the colour itself.
func TestPalette(t *testing.T) {
	for _, a := range []color.RGBA{{}, story.Accent, {0xff, 0xee, 0x00, 0x00}, rgb(paper), rgb(ink), rgb(muted)} {
		accent := accentOf(Card{Accent: a})
		cv := newCanvas(accent, readable(accent, rgb(paper)))
		pal := cv.img.Palette
		if len(pal) > 256 || len(pal) != nColors {
			t.Fatalf("accent %v: %d colours, want %d (at most 256)", accent, len(pal), nColors)
		}
		for i, c := range pal {
			if _, _, _, a := c.RGBA(); a != 0xffff {
				t.Errorf("colour %d (%v) is not opaque", i, c)
			}
		}
		if pal[iAccent] != accent {
			t.Errorf("accent is %v, want %v", pal[iAccent], accent)
		}
		for tc := range nText {
			ramp := cv.ramp[tc]
			if ramp[0] != iPaper || ramp[levels] != uint8(iText+tc) {
				t.Errorf("ramp %d runs from %d to %d", tc, ramp[0], ramp[levels])
			}
			for l := 1; l <= levels; l++ {
				// Each step is no darker than the paper and no
				// further from it than the next.
				if dist(pal[ramp[l-1]], pal[iPaper]) > dist(pal[ramp[l]], pal[iPaper]) {
					t.Errorf("ramp %d: level %d (%v) is further from the paper than level %d (%v)", tc, l-1, pal[ramp[l-1]], l, pal[ramp[l]])
				}
				if int(cv.rampOf[ramp[l]]) != tc+1 || int(cv.levelOf[ramp[l]]) != l {
					t.Errorf("ramp %d level %d: index %d says ramp %d level %d", tc, l, ramp[l], cv.rampOf[ramp[l]]-1, cv.levelOf[ramp[l]])
				}
			}
		}
	}
}

func dist(a, b color.Color) int {
	r1, g1, b1, _ := a.RGBA()
	r2, g2, b2, _ := b.RGBA()
	d := func(x, y uint32) int { v := int(x>>8) - int(y>>8); return v * v }
	return d(r1, r2) + d(g1, g2) + d(b1, b2)
}

// maxDiff is the largest difference in any channel between a and b.
func maxDiff(a, b image.Image) int {
	worst := 0
	for y := a.Bounds().Min.Y; y < a.Bounds().Max.Y; y++ {
		for x := a.Bounds().Min.X; x < a.Bounds().Max.X; x++ {
			r1, g1, b1, _ := a.At(x, y).RGBA()
			r2, g2, b2, _ := b.At(x, y).RGBA()
			for _, p := range [][2]uint32{{r1, r2}, {g1, g2}, {b1, b2}} {
				v := int(p[0]>>8) - int(p[1]>>8)
				worst = max(worst, v, -v)
			}
		}
	}
	return worst
}

// TestTextLikeDrawer: text drawn into palette indexes is within a few
// levels of 255 of the same text drawn by font.Drawer in full colour,
// glyphs that overlap included; and it is anti-aliased, not just ink and
// paper.
func TestTextLikeDrawer(t *testing.T) {
	fs, err := newFaces()
	if err != nil {
		t.Fatal(err)
	}
	accent := story.Accent
	for _, tc := range []struct {
		name  string
		bold  bool
		size  float64
		color int
		text  string
		twice bool // drawn a second time, 3 pixels to the right: overlapping coverage
	}{
		{"title", true, titleMax, inkText, "Zappos: de klantenservice Ågé", false},
		{"small", true, 18, accentText, "Zappos, Café Zoë, € 12", false},
		{"quote", false, quoteMin, mutedText, "“We bleven aan de lijn fff”", false},
		{"overlap", true, 40, inkText, "overlap WAVE", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := fs.italic
			if tc.bold {
				f = fs.bold
			}
			fc, err := face(f, tc.size)
			if err != nil {
				t.Fatal(err)
			}
			cv := newCanvas(accent, readable(accent, rgb(paper)))
			want := image.NewRGBA(cv.img.Rect)
			draw.Draw(want, want.Rect, image.NewUniform(rgb(paper)), image.Point{}, draw.Src)
			fg := cv.img.Palette[iText+tc.color]
			xs := []int{marginX}
			if tc.twice {
				xs = append(xs, marginX+3)
			}
			for _, x := range xs {
				cv.text(fc, tc.color, x, 200, tc.text)
				// font.Drawer's DrawString, each glyph at an even pixel.
				dot, prev := fixed.P(x, 200), rune(-1)
				for _, r := range tc.text {
					if prev >= 0 {
						dot.X += fc.Kern(prev, r)
					}
					dr, mask, mp, adv, _ := fc.Glyph(fixed.Point26_6{X: (dot.X + 64) &^ 127, Y: dot.Y}, r)
					draw.DrawMask(want, dr, image.NewUniform(fg), image.Point{}, mask, mp, draw.Over)
					dot.X += adv
					prev = r
				}
			}
			limit := 255/(2*levels) + 1 // the nearest of levels steps
			// At 18 pixels, letters at even pixels touch ("€ 12"): where
			// two glyphs' edges meet, their coverage is rounded twice.
			if tc.twice || tc.size < 20 {
				limit *= 2 // two roundings
			}
			if d := maxDiff(cv.img, want); d > limit {
				t.Errorf("differs from font.Drawer by up to %d of 255, want at most %d", d, limit)
			}
			seen := map[uint8]bool{}
			for _, i := range cv.img.Pix {
				seen[i] = true
			}
			if !seen[uint8(iText+tc.color)] || len(seen) < levels/2 {
				t.Errorf("%d distinct colours drawn: not anti-aliased text", len(seen))
			}
		})
	}
}

// TestTextOverOther: text over a colour that is not on its ramp (which
// a card as laid out never has) is the nearest colour of the palette to
// the true blend: the text colour where covered, the colour under it
// where not.
func TestTextOverOther(t *testing.T) {
	fs, err := newFaces()
	if err != nil {
		t.Fatal(err)
	}
	fc, err := face(fs.bold, 60)
	if err != nil {
		t.Fatal(err)
	}
	cv := newCanvas(DefaultAccent(), readable(DefaultAccent(), rgb(paper)))
	r := image.Rect(0, 100, Width, 200)
	cv.fill(r, iRule)
	cv.text(fc, inkText, 10, 170, "Hello")
	cv.text(fc, mutedText, 400, 170, "Hello")
	cv.text(fc, inkText, 410, 170, "Hello") // ink over muted
	ink, rules := 0, 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			switch cv.img.ColorIndexAt(x, y) {
			case iText + inkText:
				ink++
			case iRule:
				rules++
			}
		}
	}
	if ink == 0 || rules < r.Dx()*r.Dy()/2 {
		t.Errorf("%d ink pixels, %d rule pixels", ink, rules)
	}
}

// TestTextClipped: text that runs off the card is cut at its edge.
func TestTextClipped(t *testing.T) {
	fs, err := newFaces()
	if err != nil {
		t.Fatal(err)
	}
	fc, err := face(fs.bold, 80)
	if err != nil {
		t.Fatal(err)
	}
	cv := newCanvas(DefaultAccent(), readable(DefaultAccent(), rgb(paper)))
	cv.text(fc, inkText, Width-100, 40, "Overflowing")
	cv.text(fc, inkText, -50, Height+20, "Overflowing")
	drawn := func(x0, y0, x1, y1 int) bool {
		for y := y0; y < y1; y++ {
			for x := x0; x < x1; x++ {
				if cv.img.ColorIndexAt(x, y) != iPaper {
					return true
				}
			}
		}
		return false
	}
	if !drawn(Width-1, 0, Width, 60) || !drawn(0, Height-60, 1, Height) {
		t.Error("nothing drawn at the edges")
	}
}

// TestRenderPaletted: a card decodes to a paletted image whose title,
// quote and site are drawn, anti-aliased, and whose paper elsewhere is
// untouched.
func TestRenderPaletted(t *testing.T) {
	img := decode(t, mustRender(t, story))
	p, ok := img.(*image.Paletted)
	if !ok {
		t.Fatalf("decodes to a %T, want an *image.Paletted", img)
	}
	if len(p.Palette) > 256 {
		t.Errorf("%d colours", len(p.Palette))
	}
	count := func(r image.Rectangle) (inked int, colours map[color.Color]bool) {
		colours = map[color.Color]bool{}
		for y := r.Min.Y; y < r.Max.Y; y++ {
			for x := r.Min.X; x < r.Max.X; x++ {
				c := p.At(x, y)
				colours[c] = true
				if c != color.Color(rgb(paper)) {
					inked++
				}
			}
		}
		return inked, colours
	}
	for _, tc := range []struct {
		name string
		r    image.Rectangle
		ink  color.Color
	}{
		{"brand", image.Rect(marginX, topY, Width-marginX, topY+40), readable(story.Accent, rgb(paper))},
		{"title", image.Rect(marginX, 150, Width-marginX, 400), rgb(ink)},
		{"quote", image.Rect(marginX, 420, Width-marginX, 480), rgb(muted)},
		{"site", image.Rect(marginX, footerBase-30, Width/2, footerBase+10), rgb(ink)},
	} {
		inked, colours := count(tc.r)
		if inked < tc.r.Dx()*tc.r.Dy()/50 || !colours[tc.ink] || len(colours) < levels/2 {
			t.Errorf("%s: %d of %d pixels inked in %d colours (%v among them: %v): not anti-aliased text", tc.name, inked, tc.r.Dx()*tc.r.Dy(), len(colours), tc.ink, colours[tc.ink])
		}
	}
	if inked, _ := count(image.Rect(band, 0, Width, topY-10)); inked > 0 {
		t.Errorf("%d pixels above the brand are not paper", inked)
	}
}

// TestPooledConcurrent: cards drawn in parallel on pooled images and
// encoders, many times over and interleaved with other cards, give the
// same bytes as drawn one by one; no image is handed out dirty.
func TestPooledConcurrent(t *testing.T) {
	cs := []Card{
		story,
		{},
		{Title: "Altijd morgen bezorgd", Accent: color.RGBA{0xff, 0xee, 0x00, 0xff}},
		{Title: strings.Repeat("Een merk dat zijn klanten écht persoonlijk bedient ", 12), Text: "Lang", Site: "Fanfare"},
		{Brand: "Alleen een merk", Site: "en een site"},
	}
	want := make([][]byte, len(cs))
	for i, c := range cs {
		want[i] = mustRender(t, c)
	}
	const workers, rounds = 4, 5
	errs := make(chan error, workers)
	for w := range workers {
		go func() {
			for r := range rounds {
				i := (w + r) % len(cs)
				got, err := Render(cs[i])
				if err == nil && !bytes.Equal(got, want[i]) {
					err = fmt.Errorf("card %d in round %d of worker %d: other bytes than drawn alone", i, r, w)
				}
				if err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range workers {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

// TestMeasured: a run of words measures exactly what font.MeasureString
// gives for the words joined by spaces, kerning around the spaces
// included.
func TestMeasured(t *testing.T) {
	fs, err := newFaces()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []*typeface{fs.bold, fs.italic} {
		for _, size := range []float64{18, 40, titleMax} {
			fc, err := face(f, size)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range []string{
				"Zappos: de klantenservice die tien uur aan de telefoon bleef",
				"AV To Wa Ty “Yes” ‘A’ L’ V. Y, f) AWAY",
				"€\u00a012 en Ω Ж ‹a› x",
				"één",
			} {
				ws := words(s)
				m := measureWords(fc, ws)
				for j := range ws {
					for i := j + 1; i <= len(ws); i++ {
						if got, want := m.width(j, i), font.MeasureString(fc, strings.Join(ws[j:i], " ")); got != want {
							t.Errorf("%g px, words %d to %d of %q: %v, MeasureString gives %v", size, j, i, s, got, want)
						}
					}
				}
			}
		}
	}
}

// TestGlyphCache: a glyph from the cache has the same rectangle,
// coverage and advance as the face rasterises at that whole pixel, at
// any place and whether cached before or not.
func TestGlyphCache(t *testing.T) {
	fs, err := newFaces()
	if err != nil {
		t.Fatal(err)
	}
	for _, size := range []float64{titleMax, quoteMin, 18} {
		fc, err := face(fs.italic, size)
		if err != nil {
			t.Fatal(err)
		}
		cf := fc.(*cachedFace)
		for _, at := range []image.Point{{0, 0}, {97, 233}, {1001, 600}, {-5, 7}} {
			for _, r := range "Ågé€“fy 0" {
				dot := fixed.P(at.X, at.Y)
				dr, mask, mp, adv, ok := fc.Glyph(dot, r)
				wdr, wmask, wmp, wadv, wok := cf.raw(dot, r)
				if dr != wdr || adv != wadv || ok != wok {
					t.Fatalf("%q at %v, %g px: %v %v %v, want %v %v %v", r, at, size, dr, adv, ok, wdr, wadv, wok)
				}
				for y := range dr.Dy() {
					for x := range dr.Dx() {
						_, _, _, a := mask.At(mp.X+x, mp.Y+y).RGBA()
						_, _, _, wa := wmask.At(wmp.X+x, wmp.Y+y).RGBA()
						if a != wa {
							t.Fatalf("%q at %v, %g px: coverage at %d,%d is %d, want %d", r, at, size, x, y, a, wa)
						}
					}
				}
			}
		}
	}
}

// TestPlainZero: a zero is drawn as the letters' plain oval, not with the
// slash the Go fonts give it for code, which on a card read as a digit
// from another font ("binnen 30 minuten"): the middle of the zero is
// paper, as the middle of an O is. Its advance stays that of the other
// digits, so text is measured as it is drawn.
func TestPlainZero(t *testing.T) {
	fs, err := newFaces()
	if err != nil {
		t.Fatal(err)
	}
	middle := func(dr image.Rectangle, mask image.Image, mp image.Point) uint32 {
		_, _, _, a := mask.At(mp.X+dr.Dx()/2, mp.Y+dr.Dy()/2).RGBA()
		return a
	}
	for _, f := range []*typeface{fs.bold, fs.italic} {
		for _, size := range []float64{titleMax, quoteMin, 18} {
			fc, err := face(f, size)
			if err != nil {
				t.Fatal(err)
			}
			for _, dot := range []fixed.Point26_6{fixed.P(100, 200), {X: 100<<6 + 17, Y: 200<<6 + 5}} {
				if dr, mask, mp, _, _ := fc.Glyph(dot, 'O'); middle(dr, mask, mp) != 0 {
					t.Fatalf("%g px: the middle of an O is not paper: the test is wrong", size)
				}
				dr, mask, mp, adv, ok := fc.Glyph(dot, '0')
				if !ok || dr.Empty() {
					t.Fatalf("%g px at %v: no zero drawn", size, dot)
				}
				if a := middle(dr, mask, mp); a != 0 {
					t.Errorf("%g px at %v: the middle of the zero is covered (%d of 65535): a slashed zero", size, dot, a)
				}
				if one, _ := fc.GlyphAdvance('1'); adv != one {
					t.Errorf("%g px: the zero advances %v, the one %v", size, adv, one)
				}
				if zero, _ := fc.GlyphAdvance('0'); adv != zero {
					t.Errorf("%g px: the zero is drawn %v wide, measured %v", size, adv, zero)
				}
			}
		}
	}
}

// TestRasterize: rasterize draws a glyph by its index exactly as the
// face draws it by its rune: rectangle, coverage and advance, at whole
// pixels and between them.
func TestRasterize(t *testing.T) {
	fs, err := newFaces()
	if err != nil {
		t.Fatal(err)
	}
	for _, tf := range []*typeface{fs.bold, fs.italic} {
		if tf.zero == 0 {
			t.Fatal("no zero.empty in the font")
		}
		for _, size := range []float64{titleMax, 33.5, 18} {
			fc, err := face(tf, size)
			if err != nil {
				t.Fatal(err)
			}
			raw := fc.(*cachedFace).Face
			var buf sfnt.Buffer
			for _, r := range "O0Qg€ " {
				x, err := tf.font.GlyphIndex(&buf, r)
				if err != nil || x == 0 {
					t.Fatalf("%q: no glyph", r)
				}
				for _, dot := range []fixed.Point26_6{fixed.P(100, 200), {X: 100<<6 + 17, Y: 200<<6 + 40}, {X: -3, Y: 7}} {
					dr, mask, mp, adv, ok := rasterize(tf.font, x, size, dot)
					wdr, wmask, wmp, wadv, wok := raw.Glyph(dot, r)
					if dr != wdr || adv != wadv || ok != wok {
						t.Fatalf("%q at %v, %g px: %v %v %v, want %v %v %v", r, dot, size, dr, adv, ok, wdr, wadv, wok)
					}
					for y := range dr.Dy() {
						for x := range dr.Dx() {
							_, _, _, a := mask.At(mp.X+x, mp.Y+y).RGBA()
							_, _, _, wa := wmask.At(wmp.X+x, wmp.Y+y).RGBA()
							if a != wa {
								t.Fatalf("%q at %v, %g px: coverage at %d,%d is %d, want %d", r, dot, size, x, y, a, wa)
							}
						}
					}
				}
			}
		}
	}
}
