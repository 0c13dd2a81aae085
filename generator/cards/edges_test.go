package cards

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"math"
	"slices"
	"strings"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
)

// TestParseColorEdges: hues past a turn, values past their range
// (clamped, as CSS does), and what is not a colour.
func TestParseColorEdges(t *testing.T) {
	for in, want := range map[string]color.RGBA{
		"#FFF":                       {0xff, 0xff, 0xff, 0xff},
		"#0a0b0c":                    {0x0a, 0x0b, 0x0c, 0xff},
		"hsl(-120, 100%, 50%)":       {0, 0, 255, 0xff},   // a third of a turn back: blue
		"hsl(480, 100%, 50%)":        {0, 255, 0, 0xff},   // a turn and a third: green
		"hsl(30, 100%, 50%)":         {255, 128, 0, 0xff}, // orange
		"hsl(200, 50%, 40%)":         {51, 119, 153, 0xff},
		"hsl(330 80% 70%)":           {240, 117, 179, 0xff},
		"hsl(0, 200%, 50%)":          {255, 0, 0, 0xff},     // saturation past 100%
		"hsl(0, -50%, 50%)":          {128, 128, 128, 0xff}, // below 0: grey
		"hsl(0, 100%, 150%)":         {255, 255, 255, 0xff}, // lightness past 100%
		"hsl(0, 100%, -5%)":          {0, 0, 0, 0xff},       // below 0: black
		"hsl(90, 0%, 50%)":           {128, 128, 128, 0xff}, // no saturation: grey
		"rgb(300, -5, 12.6)":         {255, 0, 13, 0xff},    // clamped, rounded
		"rgb(50%, 20%, 100%)":        {128, 51, 255, 0xff},  // percentages of 255
		"rgb( 1 , 2 , 3 )":           {1, 2, 3, 0xff},       // spaces
		"rgb(1\t2\t3)":               {1, 2, 3, 0xff},       // tabs
		"rgba(10, 20, 30, 40%)":      {10, 20, 30, 0xff},    // alpha dropped
		"RGB(10,20,30)":              {10, 20, 30, 0xff},    // upper case
		"hsla(120deg, 100%, 50%, 1)": {0, 255, 0, 0xff},
	} {
		got, err := ParseColor(in)
		if err != nil || got != want {
			t.Errorf("ParseColor(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{
		"#", "#1", "#12345", "#1234567", "#123456789", "#12345g", "#xyz",
		"rgb(1, 2, 3", "rgb 1 2 3", "rgb(1, 2, 3, 4, 5)", "rgb()", "rgb(1, 2, x%)",
		"hsl(a, 10%, 10%)", "hsl(10, b, 10%)", "hsl(10, 10%, c)", "hsl(10, 10%)",
		"cmyk(1, 2, 3)", "(1, 2, 3)", "transparent", "currentColor",
	} {
		if got, err := ParseColor(in); err == nil {
			t.Errorf("ParseColor(%q) = %v, want an error", in, got)
		} else if !strings.Contains(err.Error(), "#rrggbb") {
			t.Errorf("ParseColor(%q): %v, want it to say how to write a colour", in, err)
		}
	}
}

// TestContrast: WCAG's contrast ratios of known pairs, either way round.
func TestContrast(t *testing.T) {
	white, black := rgb(0xffffff), rgb(0x000000)
	for _, tt := range []struct {
		a, b color.RGBA
		want float64
	}{
		{black, white, 21},
		{white, black, 21},
		{white, white, 1},
		{rgb(0x777777), white, 4.478},        // the grey just short of AA
		{rgb(0x767676), white, 4.542},        // the lightest grey that passes
		{rgb(0x0a0a0a), white, 19.80},        // below 0.04045: the linear part
		{rgb(0x0b0b0b), white, 19.68},        // just above it
		{rgb(0xff0000), rgb(0x00ff00), 2.91}, // red on green
		{rgb(0x0000ff), white, 8.59},
	} {
		if got := contrast(tt.a, tt.b); math.Abs(got-tt.want) > 0.005 {
			t.Errorf("contrast(%v, %v) = %.4f, want %.3f", tt.a, tt.b, got, tt.want)
		}
	}
	if got := luminance(rgb(0x0a0a0a)); math.Abs(got-10.0/255/12.92) > 1e-12 {
		t.Errorf("luminance of 0a0a0a = %g, want %g", got, 10.0/255/12.92)
	}
}

// TestMix: a blend of two colours, opaque, rounded to the nearest.
func TestMix(t *testing.T) {
	a, b := color.RGBA{0, 100, 255, 0x10}, color.RGBA{255, 0, 0, 0x20}
	for _, tt := range []struct {
		t    float64
		want color.RGBA
	}{
		{0, color.RGBA{0, 100, 255, 0xff}},
		{1, color.RGBA{255, 0, 0, 0xff}},
		{0.5, color.RGBA{128, 50, 128, 0xff}},
		{0.2, color.RGBA{51, 80, 204, 0xff}},
	} {
		if got := mix(a, b, tt.t); got != tt.want {
			t.Errorf("mix(%v, %v, %g) = %v, want %v", a, b, tt.t, got, tt.want)
		}
	}
	if got := blend(rgb(paper), rgb(ink), 1, 4); got != (color.RGBA{196, 193, 189, 0xff}) {
		t.Errorf("a quarter of ink on paper: %v", got)
	}
}

// TestReadableJustEnough: a light accent is darkened towards ink in
// steps of a fifth, and only as many as it takes to reach 4.5:1.
func TestReadableJustEnough(t *testing.T) {
	for _, c := range []color.RGBA{{0xff, 0xee, 0x00, 0xff}, rgb(0xffffff), rgb(paper), {0x00, 0x90, 0xe3, 0xff}, rgb(0x777777)} {
		want, steps := c, 0
		for contrast(want, rgb(paper)) < 4.5 {
			want = mix(want, rgb(ink), 0.2)
			steps++
		}
		if got := readable(c, rgb(paper)); got != want {
			t.Errorf("readable(%v) = %v, want %v (%d steps towards ink)", c, got, want, steps)
		}
	}
}

// TestWords: text splits at spaces of every kind but the no-break ones.
func TestWords(t *testing.T) {
	got := words("a\u00a0b c\u202fd\te\u2007f\ng\u2003h")
	if want := []string{"a\u00a0b", "c\u202fd", "e\u2007f", "g", "h"}; !slices.Equal(got, want) {
		t.Errorf("words = %q, want %q", got, want)
	}
}

// TestWrapPunctuation: a cut line drops the comma or dash before the
// ellipsis, and drops words until line and ellipsis fit.
func TestWrapPunctuation(t *testing.T) {
	fc := testFace(t, 40)
	for _, tt := range []struct {
		s    string
		want string
	}{
		{"klanten, medewerkers, leveranciers en iedereen", "klanten, medewerkers…"},
		{"klanten; medewerkers; leveranciers en iedereen", "klanten; medewerkers…"},
		{"Kijk: een heel lange zin die niet past", "Kijk: een heel lange…"},
		// A dash standing alone goes with the space before it: no
		// "klanten …".
		{"klanten – medewerkerstevredenheid en meer", "klanten…"},
		{"klanten — medewerkerstevredenheid en meer", "klanten…"},
		{"klanten - medewerkerstevredenheid en meer", "klanten…"},
		{"klanten\u00a0– medewerkerstevredenheid en meer", "klanten…"},
		{"klanten ,; medewerkerstevredenheid en meer", "klanten…"},
	} {
		lines, cut, _ := wrap(fc, tt.s, fixed.I(470), 1, "…")
		if !cut || len(lines) != 1 || lines[0] != tt.want {
			t.Errorf("wrap(%q) = %q (cut %v), want %q", tt.s, lines, cut, tt.want)
		}
	}
	// Not even the first word fits with the ellipsis: the ellipsis alone.
	lines, cut, over := wrap(fc, "Hottentottententententoonstelling en meer", fixed.I(200), 1, "…")
	if !cut || !over || !slices.Equal(lines, []string{"…"}) {
		t.Errorf("a first word too wide: %q, cut %v, over %v; want the ellipsis alone", lines, cut, over)
	}
	// A second line that cannot hold a word and the ellipsis goes.
	lines, cut, _ = wrap(fc, "Altijd morgen Hottentottententententoonstellingen en meer", fixed.I(400), 2, "…")
	if !cut || !slices.Equal(lines, []string{"Altijd morgen…"}) {
		t.Errorf("a last line with nothing to keep: %q, cut %v; want the line before, cut", lines, cut)
	}
	// A last line of only a dash is a line with nothing to keep, not a
	// line of only the ellipsis.
	w := font.MeasureString(fc, "Altijd morgen bezorgd")
	lines, cut, _ = wrap(fc, "Altijd morgen bezorgd – medewerkerstevredenheid en meer", w, 2, "…")
	if !cut || !slices.Equal(lines, []string{"Altijd morgen…"}) {
		t.Errorf("a last line of only a dash: %q, cut %v; want the line before, cut", lines, cut)
	}
}

// TestGlyphCacheEdges: a glyph asked for between pixels is the face's
// own, not the cache's; the cache stops growing at maxGlyphs.
func TestGlyphCacheEdges(t *testing.T) {
	fc := testFace(t, 33)
	raw := fc.(*cachedFace).Face
	for _, dot := range []fixed.Point26_6{{X: 100<<6 + 17, Y: 50 << 6}, {X: 100 << 6, Y: 50<<6 + 40}, {X: 3, Y: 1}} {
		for _, r := range "Ag" {
			dr, _, _, adv, _ := fc.Glyph(dot, r)
			wdr, _, _, wadv, _ := raw.Glyph(dot, r)
			if dr != wdr || adv != wadv {
				t.Errorf("%q at %v: %v, %v; the face gives %v, %v", r, dot, dr, adv, wdr, wadv)
			}
		}
	}
	// A full cache keeps no more glyphs.
	saved := maxGlyphs
	defer func() { maxGlyphs = saved }()
	maxGlyphs = nglyphs.Load()
	before := nglyphs.Load()
	fc = testFace(t, 33.5) // a size no other test uses: glyphs not cached yet
	for _, r := range "Ωmega" {
		fc.Glyph(fixed.P(10, 10), r)
	}
	if n := nglyphs.Load(); n != before {
		t.Errorf("a full cache of %d glyphs grew to %d", before, n)
	}
	if _, ok := glyphs.Load(glyphKey{fc.(*cachedFace).font, 33.5, 'Ω'}); ok {
		t.Error("a full cache stored a glyph")
	}
	// With room for one more, it keeps exactly one, once.
	maxGlyphs = before + 1
	for range 2 {
		for _, r := range "Ωmega" {
			fc.Glyph(fixed.P(10, 10), r)
		}
	}
	if n := nglyphs.Load(); n != before+1 {
		t.Errorf("room for one more glyph: %d cached, want %d", n, before+1)
	}
}

// TestLayout: the blocks of a card where a reader expects them: the
// brand at the top, title and quote between it and the footer, a
// little above the middle of their space, the site's name on its line.
func TestLayout(t *testing.T) {
	rows := func(c Card, x0, x1 int) (first, last int) {
		img := decode(t, mustRender(t, c)).(*image.Paletted)
		first, last = -1, -1
		for y := range footerRule {
			for x := x0; x < x1; x++ {
				if img.ColorIndexAt(x, y) != iPaper {
					if first < 0 {
						first = y
					}
					last = y
					break
				}
			}
		}
		return first, last
	}
	// A one-line title alone: centred at 2/5 of the room above the rule.
	first, last := rows(Card{Title: "Altijd morgen"}, marginX, Width-marginX)
	room := footerRule - gap - topY
	if mid := (first + last) / 2; first < topY || last > footerRule-gap || mid > topY+room/2 || mid < topY+room/4 {
		t.Errorf("a title alone is drawn on rows %d to %d; want it between %d and %d, a little above the middle", first, last, topY, footerRule-gap)
	}
	// The brand's letters start at topY.
	if first, _ := rows(Card{Brand: "Zappos"}, marginX, Width-marginX); first < topY || first > topY+10 {
		t.Errorf("the brand starts on row %d, want about %d", first, topY)
	}
	// The mark sits on the footer's baseline, right.
	img := decode(t, mustRender(t, Card{})).(*image.Paletted)
	top, bottom := footerBase-markSize+8, footerBase+8
	for _, p := range []image.Point{{Width - marginX - 1, top}, {Width - marginX - markSize, bottom - 1}} {
		if img.ColorIndexAt(p.X, p.Y) == iPaper {
			t.Errorf("the mark does not reach %v", p)
		}
	}
	for _, p := range []image.Point{{Width - marginX, top}, {Width - marginX - markSize - 1, top}, {Width - marginX - 1, top - 1}, {Width - marginX - 1, bottom}} {
		if img.ColorIndexAt(p.X, p.Y) != iPaper {
			t.Errorf("the mark reaches %v", p)
		}
	}
	// The rule spans the text's width, two pixels high.
	for _, p := range []image.Point{{marginX, footerRule}, {Width - marginX - 1, footerRule + 1}} {
		if img.ColorIndexAt(p.X, p.Y) != iRule {
			t.Errorf("no rule at %v", p)
		}
	}
	for _, p := range []image.Point{{marginX - 1, footerRule}, {Width - marginX, footerRule}, {marginX, footerRule + 2}, {marginX, footerRule - 1}} {
		if img.ColorIndexAt(p.X, p.Y) != iPaper {
			t.Errorf("the rule reaches %v", p)
		}
	}
}

// TestWrapExact: a line exactly as wide as the room fits, and so does a
// word exactly as wide as a line, or a cut line with its ellipsis.
func TestWrapExact(t *testing.T) {
	fc := testFace(t, 40)
	w := font.MeasureString(fc, "Altijd morgen")
	if lines, cut, over := wrap(fc, "Altijd morgen", w, 3, "…"); !slices.Equal(lines, []string{"Altijd morgen"}) || cut || over {
		t.Errorf("a line exactly as wide as the room: %q, cut %v, over %v", lines, cut, over)
	}
	if _, _, over := wrap(fc, "Altijd", font.MeasureString(fc, "Altijd"), 3, "…"); over {
		t.Error("a word exactly as wide as a line is said to be too wide")
	}
	w = font.MeasureString(fc, "Altijd morgen…")
	if lines, cut, _ := wrap(fc, "Altijd morgen bezorgd, ook op zondag", w, 1, "…"); !slices.Equal(lines, []string{"Altijd morgen…"}) || !cut {
		t.Errorf("a cut line exactly as wide with its ellipsis: %q, cut %v", lines, cut)
	}
}

// TestBalanceEdges: of two breaks as even as each other, the longer line
// comes first; up to 64 words are balanced, more are left as wrapped.
func TestBalanceEdges(t *testing.T) {
	fc := testFace(t, 40)
	lines := balance(fc, "aa aa aa aa aa", fixed.I(1000), []string{"aa aa aa aa", "aa"})
	if !slices.Equal(lines, []string{"aa aa aa", "aa aa"}) {
		t.Errorf("five equal words on two lines: %q, want three then two", lines)
	}
	// A line exactly as wide as the room is one balance may choose.
	s := "aa ee dddd ee gg f b"
	width := font.MeasureString(fc, "aa ee")
	greedy, _, _ := wrap(fc, s, width, 0, "")
	if got, want := balance(fc, s, width, greedy), []string{"aa ee", "dddd", "ee", "gg", "f b"}; !slices.Equal(got, want) {
		t.Errorf("a first line exactly as wide as the room: %q, want %q (greedy %q)", got, want, greedy)
	}
	for _, n := range []int{64, 65} {
		s := strings.TrimSpace(strings.Repeat("ab ", n))
		width := font.MeasureString(fc, strings.Repeat("ab ", 24))
		greedy, _, _ := wrap(fc, s, width, 0, "")
		got := balance(fc, s, width, greedy)
		if balanced := !slices.Equal(got, greedy); balanced != (n <= 64) {
			t.Errorf("%d words: balanced %v (lines %d)", n, balanced, len(got))
		}
	}
}

// TestGlyphAnyMask: a glyph's coverage given as another kind of image
// than *image.Alpha (here *image.Alpha16) draws the same pixels.
func TestGlyphAnyMask(t *testing.T) {
	fc := testFace(t, 50)
	dr, mask, mp, _, _ := fc.Glyph(fixed.P(300, 200), 'Q')
	alpha := mask.(*image.Alpha)
	other := image.NewAlpha16(alpha.Rect)
	for i, a := range alpha.Pix {
		other.Pix[2*i], other.Pix[2*i+1] = a, a
	}
	for _, clip := range []image.Point{{0, 0}, {-310, 0}, {0, -195}} {
		want := newCanvas(DefaultAccent(), DefaultAccent())
		got := newCanvas(DefaultAccent(), DefaultAccent())
		want.glyph(dr.Add(clip), alpha, mp, inkText)
		got.glyph(dr.Add(clip), other, mp, inkText)
		if string(got.img.Pix) != string(want.img.Pix) {
			t.Errorf("moved by %v: an Alpha16 mask draws other pixels than the Alpha mask", clip)
		}
		drawn := 0
		for _, p := range want.img.Pix {
			if p != iPaper {
				drawn++
			}
		}
		if drawn < 50 {
			t.Errorf("moved by %v: only %d pixels drawn", clip, drawn)
		}
		want.release()
		got.release()
	}
}

// TestCheckMessages: Check names the chunk that is damaged or cut short,
// and what is wrong with it, without reading past the data.
func TestCheckMessages(t *testing.T) {
	good := mustRender(t, story)
	// Chunks: the signature, IHDR (13 bytes) and PLTE at 8 and 33, IDAT
	// after, then the 12 bytes of IEND.
	plte := int(binary.BigEndian.Uint32(good[33:]))
	idat := 33 + 12 + plte
	n := int(binary.BigEndian.Uint32(good[idat:]))
	flipped := bytes.Clone(good)
	flipped[idat+8+n/2] ^= 1
	for _, tt := range []struct {
		name string
		b    []byte
		want string
	}{
		{"a flipped bit in IDAT", flipped, `damaged PNG: bad checksum in chunk 2 ("IDAT")`},
		{"cut in IDAT's checksum", good[:len(good)-14], fmt.Sprintf("truncated PNG: chunk 2 claims %d bytes, %d left", n, n-2)},
		{"cut in IDAT", good[:idat+8+n/2], fmt.Sprintf("truncated PNG: chunk 2 claims %d bytes, %d left", n, n/2-4)},
		{"no IEND", good[:len(good)-12], "truncated PNG: no IEND chunk"},
		{"padded", append(bytes.Clone(good), 0, 0), "damaged PNG: 2 bytes after IEND"},
	} {
		if err := Check(tt.b); err == nil || err.Error() != tt.want {
			t.Errorf("%s: %v, want %q", tt.name, err, tt.want)
		}
	}
}

// TestFitBalancedAtMin: a title that fits whole only at the smallest
// size, or only below it, is balanced like one that fits at a larger
// size, not left as wrapped greedily with a short last line.
func TestFitBalancedAtMin(t *testing.T) {
	fs, err := newFaces()
	if err != nil {
		t.Fatal(err)
	}
	width := fixed.I(textWidth)
	pret := "Een Pret-medewerker gaf een gratis koffie aan iedereen in de rij toen de tweede kassa dicht bleef en de wachttijd opliep"
	for _, tc := range []struct {
		name   string
		s      string
		height int
		size   func(float64) bool
		want   []string
	}{
		{"three lines at the smallest size", pret, 0, func(s float64) bool { return s == titleMin },
			[]string{"Een Pret-medewerker gaf een gratis koffie", "aan iedereen in de rij toen de tweede", "kassa dicht bleef en de wachttijd opliep"}},
		// At 50 pixels 110 pixels hold one line, at 48 two.
		{"two lines only at the smallest size", "Altijd morgen bezorgd door een vriendelijke bezorger, ook op zondag", 110,
			func(s float64) bool { return s == titleMin }, nil},
		{"a word too wide: below the smallest size", "Hottentottententententoonstellingsterreinen en een bezoek aan de tentoonstelling van de tentententoonstelling", 0,
			func(s float64) bool { return s < titleMin }, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := fit(fs.bold, tc.s, titleMax, titleMin, titleLines, tc.height, titleLead, "…")
			if err != nil {
				t.Fatal(err)
			}
			if !tc.size(b.size) || len(b.lines) < 2 {
				t.Fatalf("size %g, lines %q: not the case this test is about", b.size, b.lines)
			}
			checkLines(t, b.face, tc.s, width, b.lines, false, "…")
			greedy, _, _ := wrap(b.face, tc.s, width, 0, "…")
			if want := balance(b.face, tc.s, width, greedy); !slices.Equal(b.lines, want) {
				t.Errorf("lines %q, want them balanced: %q", b.lines, want)
			}
			if slices.Equal(greedy, b.lines) {
				t.Errorf("lines %q are as wrapped greedily: not the case this test is about", b.lines)
			}
			if tc.want != nil && !slices.Equal(b.lines, tc.want) {
				t.Errorf("lines %q, want %q", b.lines, tc.want)
			}
		})
	}
}

// TestQuoteAlone: a quote without a title is centred in the room as a
// title alone is, with no gap left above it for the missing title.
func TestQuoteAlone(t *testing.T) {
	fs, err := newFaces()
	if err != nil {
		t.Fatal(err)
	}
	text := "Wij bleven aan de lijn tot alles geregeld was."
	room := footerRule - gap - topY
	qb, err := fit(fs.italic, quoted(text), quoteMax, quoteMin, quoteLines, room, quoteLead, "…”")
	if err != nil {
		t.Fatal(err)
	}
	img := decode(t, mustRender(t, Card{Text: text})).(*image.Paletted)
	first := -1
	for y := range footerRule {
		for x := marginX; x < Width-marginX && first < 0; x++ {
			if img.ColorIndexAt(x, y) != iPaper {
				first = y
			}
		}
	}
	// The block's top, then its first line's tallest letters ("“W").
	top := topY + (room-qb.height(quoteLead))*2/5
	if first < top || first > top+ascent(qb.face)/2 {
		t.Errorf("a quote alone starts on row %d, want just below %d", first, top)
	}
}
