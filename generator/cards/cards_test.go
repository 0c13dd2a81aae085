package cards

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/png"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
)

var story = Card{
	Title:  "Zappos: de klantenservice die tien uur aan de telefoon bleef",
	Brand:  "Zappos",
	Text:   "We bleven aan de lijn tot de klant klaar was, ook na tien uur.",
	Site:   "Fanfare",
	Accent: color.RGBA{0x1a, 0x5f, 0xb4, 0xff},
}

func mustRender(t testing.TB, c Card) []byte {
	t.Helper()
	b, err := Render(c)
	if err != nil {
		t.Fatalf("Render(%+v): %v", c, err)
	}
	return b
}

func decode(t *testing.T, b []byte) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	return img
}

// TestRender: every card, however odd its text, is a 1200×630 PNG with
// the accent band on the left and the two-axes mark in the accent.
func TestRender(t *testing.T) {
	long := strings.Repeat("Een merk dat zijn klanten écht persoonlijk bedient ", 12)
	for _, tc := range []struct {
		name string
		card Card
	}{
		{"story", story},
		{"empty", Card{}},
		{"title only", Card{Title: "Altijd morgen bezorgd"}},
		{"accents and euro", Card{Title: "Café Zoë: één prijs, € 12", Brand: "Ëlan", Text: "Geen “maar”, geen ‘misschien’", Site: "Fanfare ©"}},
		{"very long", Card{Title: long, Brand: long, Text: long, Site: long}},
		{"one long word", Card{Title: strings.Repeat("Hottentottententen", 8), Text: strings.Repeat("x", 300)}},
		{"control characters", Card{Title: "Tab\tand\nnewline\x00 and bell\a", Site: "\x1b[31mred"}},
		{"light accent", Card{Title: "Geel", Brand: "Geel", Accent: color.RGBA{0xff, 0xee, 0x00, 0}}},
		{"right to left and CJK", Card{Title: "שלום 世界 مرحبا"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			img := decode(t, mustRender(t, tc.card))
			if b := img.Bounds(); b != image.Rect(0, 0, Width, Height) {
				t.Fatalf("bounds %v, want 1200×630", b)
			}
			accent := accentOf(tc.card)
			for _, p := range []image.Point{{5, 5}, {band - 1, Height / 2}, {10, Height - 1}} {
				if got := color.RGBAModel.Convert(img.At(p.X, p.Y)); got != accent {
					t.Errorf("band at %v is %v, want %v", p, got, accent)
				}
			}
			if got := color.RGBAModel.Convert(img.At(Width-2, 2)); got != rgb(paper) {
				t.Errorf("top right corner is %v, want the paper %v", got, rgb(paper))
			}
			// The top right square of the mark is the accent.
			mx, my := Width-marginX-markSize/4, footerBase-markSize+8+markSize/4
			if got := color.RGBAModel.Convert(img.At(mx, my)); got != accent {
				t.Errorf("mark at %d,%d is %v, want %v", mx, my, got, accent)
			}
		})
	}
}

// TestDeterministic: the same card gives the same bytes and Key; any
// change gives other bytes and another Key.
func TestDeterministic(t *testing.T) {
	first, second := mustRender(t, story), mustRender(t, story)
	if !bytes.Equal(first, second) {
		t.Fatal("the same card gives different bytes")
	}
	if Key(story) != Key(story) {
		t.Fatal("the same card gives different keys")
	}
	for _, tc := range []struct {
		name   string
		change func(*Card)
	}{
		{"title", func(c *Card) { c.Title += "!" }},
		{"brand", func(c *Card) { c.Brand = "Zappos.com" }},
		{"text", func(c *Card) { c.Text = "Anders." }},
		{"site", func(c *Card) { c.Site = "Fanfare NL" }},
		{"accent", func(c *Card) { c.Accent.G++ }},
	} {
		c := story
		tc.change(&c)
		if bytes.Equal(mustRender(t, c), first) {
			t.Errorf("another %s gives the same bytes", tc.name)
		}
		if Key(c) == Key(story) {
			t.Errorf("another %s gives the same key", tc.name)
		}
	}
}

// TestConcurrent: Render shares nothing, so cards can be drawn in
// parallel (run with -race).
func TestConcurrent(t *testing.T) {
	want := mustRender(t, story)
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			got, err := Render(story)
			if err == nil && !bytes.Equal(got, want) {
				err = errors.New("different bytes in parallel")
			}
			errs <- err
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

// TestPlain: a card's text that is no one's words (a story's summary) is
// set as it is, not in the quotation marks of a quote, and keys apart.
// Seen failing with Plain ignored by Render, and by Key.
func TestPlain(t *testing.T) {
	plain := Card{Title: "Zonder citaat", Text: "Alleen een samenvatting.", Plain: true}
	quote := plain
	quote.Plain = false
	if bytes.Equal(mustRender(t, plain), mustRender(t, quote)) {
		t.Error("a plain text is drawn as a quote")
	}
	// Drawn plain, a text in its own quotation marks is the quote.
	own := plain
	own.Text = "“Alleen een samenvatting.”"
	if !bytes.Equal(mustRender(t, own), mustRender(t, quote)) {
		t.Error("a plain text is not drawn as it is written")
	}
	if Key(plain) == Key(quote) {
		t.Error("a plain text and the same quote have one key")
	}
}

func TestKey(t *testing.T) {
	k := Key(story)
	if !regexp.MustCompile(`^[0-9a-f]{32}$`).MatchString(k) {
		t.Errorf("Key = %q, want 32 hex digits", k)
	}
	// Fields cannot run into each other.
	if Key(Card{Title: "ab", Brand: "c"}) == Key(Card{Title: "a", Brand: "bc"}) {
		t.Error("moving text from one field to the next keeps the key")
	}
	// What Render ignores, Key ignores: zero accent is the default, alpha
	// does not count.
	if Key(Card{Title: "x"}) != Key(Card{Title: "x", Accent: DefaultAccent()}) {
		t.Error("the zero accent and DefaultAccent give different keys")
	}
	translucent := story
	translucent.Accent.A = 0x80
	if Key(translucent) != Key(story) {
		t.Error("the accent's alpha changes the key")
	}
}

func testFace(t testing.TB, size float64) font.Face {
	t.Helper()
	fs, err := newFaces()
	if err != nil {
		t.Fatal(err)
	}
	fc, err := face(fs.bold, size)
	if err != nil {
		t.Fatal(err)
	}
	return fc
}

// checkLines asserts what every wrapped text must hold: each line fits,
// no word is split, the words keep their order, and only a cut text ends
// in the ellipsis.
func checkLines(t *testing.T, fc font.Face, s string, width fixed.Int26_6, lines []string, cut bool, ellipsis string) {
	t.Helper()
	var got []string
	for i, l := range lines {
		if strings.TrimSpace(l) == "" {
			t.Errorf("line %d of %q is empty", i, lines)
		}
		if w := font.MeasureString(fc, l); w > width && len(words(l)) > 1 {
			t.Errorf("line %d %q is %v wide, more than %v", i, l, w, width)
		}
		if cut && i == len(lines)-1 {
			if !strings.HasSuffix(l, ellipsis) {
				t.Errorf("cut, but the last line %q does not end in %q", l, ellipsis)
			}
			l = strings.TrimSuffix(l, ellipsis)
		}
		got = append(got, words(l)...)
	}
	want := words(s)
	if len(got) > len(want) || !slices.Equal(got, want[:len(got)]) {
		t.Errorf("words %q, want a prefix of %q", got, want)
	}
	if !cut && len(got) != len(want) {
		t.Errorf("not cut, but %d of %d words", len(got), len(want))
	}
}

func TestWrap(t *testing.T) {
	fc := testFace(t, 40)
	width := fixed.I(400)
	for _, tc := range []struct {
		name     string
		s        string
		maxLines int
		ellipsis string
		want     []string // nil: only the properties are checked
		cut      bool
		over     bool
	}{
		{"empty", "", 3, "…", nil, false, false},
		{"one line", "Altijd morgen", 3, "…", []string{"Altijd morgen"}, false, false},
		{"spaces collapse", "  Altijd \t morgen\n", 3, "…", []string{"Altijd morgen"}, false, false},
		{"two lines", "Altijd morgen bezorgd, ook op zondag", 3, "…", nil, false, false},
		{"cut to two lines", "Een bijzonder lange titel over een merk dat zijn klanten persoonlijk bedient", 2, "…", nil, true, false},
		{"cut to one line", "Een bijzonder lange titel over een merk", 1, "…", nil, true, false},
		{"cut with a closing quote", "“Wij beloven dat elke klant binnen een minuut een mens spreekt”", 2, "…”", nil, true, false},
		{"no limit", "Een bijzonder lange titel over een merk dat zijn klanten persoonlijk bedient", 0, "…", nil, false, false},
		{"a word too wide", "Hottentottententententoonstelling is lang", 3, "…", nil, false, true},
		{"a word too wide, later", "Lang is Hottentottententententoonstelling", 3, "…", []string{"Lang is", "Hottentottententententoonstelling"}, false, true},
		{"no-break space holds", "prijs €\u00a012 en €\u00a0100", 3, "…", nil, false, false},
		{"accents", "Één café, drie crèmes, vijf ëlandjes en één brûlée", 4, "…", nil, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lines, cut, over := wrap(fc, tc.s, width, tc.maxLines, tc.ellipsis)
			if cut != tc.cut || over != tc.over {
				t.Errorf("cut %v, over %v; want %v, %v (lines %q)", cut, over, tc.cut, tc.over, lines)
			}
			if tc.want != nil && !slices.Equal(lines, tc.want) {
				t.Errorf("lines %q, want %q", lines, tc.want)
			}
			if tc.maxLines > 0 && len(lines) > tc.maxLines {
				t.Errorf("%d lines, at most %d", len(lines), tc.maxLines)
			}
			checkLines(t, fc, tc.s, width, lines, cut, tc.ellipsis)
			for _, l := range lines {
				if strings.Contains(tc.s, "\u00a0") && strings.Contains(l, "€") && !strings.Contains(l, "€\u00a0") {
					t.Errorf("no-break space broken in %q", l)
				}
			}
		})
	}
}

// TestFit: the size goes down before words are dropped, a word too wide
// for a line makes the size go below the minimum, and what comes out
// always fits.
func TestFit(t *testing.T) {
	fs, err := newFaces()
	if err != nil {
		t.Fatal(err)
	}
	width := fixed.I(textWidth)
	for _, tc := range []struct {
		name      string
		s         string
		maxLines  int
		height    int
		size      func(float64) bool
		cut, over bool
	}{
		{"short: largest size", "Altijd morgen bezorgd", 3, 0, func(s float64) bool { return s == titleMax }, false, false},
		{"longer: smaller, all words", "Een merk dat zijn klanten écht persoonlijk wil bedienen, zelfs als dat betekent dat het hele team om drie uur opstaat", 3, 0,
			func(s float64) bool { return s < titleMax && s >= titleMin }, false, false},
		{"too long: minimum size, cut", strings.Repeat("woord ", 80), 3, 0, func(s float64) bool { return s == titleMin }, true, false},
		{"one huge word: below minimum", strings.Repeat("Hottentotten", 10), 3, 0, func(s float64) bool { return s < titleMin }, false, false},
		{"little height: fewer lines", "Een merk dat zijn klanten écht persoonlijk wil bedienen, zelfs als dat betekent dat het hele team om drie uur opstaat", 3, 130,
			func(s float64) bool { return s >= titleMin }, true, false},
		{"no height: nothing", "Altijd", 3, 20, func(s float64) bool { return s == 0 }, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := fit(fs.bold, tc.s, titleMax, titleMin, tc.maxLines, tc.height, titleLead, "…")
			if err != nil {
				t.Fatal(err)
			}
			if !tc.size(b.size) {
				t.Errorf("size %g", b.size)
			}
			if b.face == nil {
				if len(b.lines) != 0 {
					t.Errorf("no face, but lines %q", b.lines)
				}
				return
			}
			if len(b.lines) > tc.maxLines || tc.height > 0 && b.height(titleLead) > tc.height {
				t.Errorf("%d lines, %dpx high", len(b.lines), b.height(titleLead))
			}
			for _, l := range b.lines {
				if w := font.MeasureString(b.face, l); w > width {
					t.Errorf("line %q is %v wide, more than %v", l, w, width)
				}
			}
			cut := strings.HasSuffix(b.lines[len(b.lines)-1], "…")
			if cut != tc.cut {
				t.Errorf("cut %v, want %v: %q", cut, tc.cut, b.lines)
			}
			checkLines(t, b.face, tc.s, width, b.lines, cut, "…")
		})
	}
}

// TestBalance: a title on several lines is set in lines of about equal
// length, all words kept, every line fitting.
func TestBalance(t *testing.T) {
	fc := testFace(t, 40)
	width := fixed.I(600)
	for _, s := range []string{
		"Altijd morgen bezorgd door iedereen",
		"Zappos: de klantenservice die tien uur aan de telefoon bleef",
		"Eén",
		"a b c d e f g h i j k l m n o p q r s t u v w x y z",
	} {
		greedy, _, _ := wrap(fc, s, width, 0, "")
		lines := balance(fc, s, width, greedy)
		if len(lines) != len(greedy) {
			t.Errorf("%q: %d lines, greedy %d", s, len(lines), len(greedy))
		}
		checkLines(t, fc, s, width, lines, false, "")
		if len(lines) >= 2 {
			last := font.MeasureString(fc, lines[len(lines)-1])
			if lastGreedy := font.MeasureString(fc, greedy[len(greedy)-1]); last < lastGreedy {
				t.Errorf("%q: balanced last line %q shorter than greedy %q", s, lines[len(lines)-1], greedy[len(greedy)-1])
			}
		}
	}
}

func TestReadable(t *testing.T) {
	for _, c := range []color.RGBA{DefaultAccent(), {0xff, 0xee, 0x00, 0xff}, {0xff, 0xff, 0xff, 0xff}, {0x00, 0x90, 0xe3, 0xff}, {0, 0, 0, 0xff}} {
		r := readable(c, rgb(paper))
		if contrast(r, rgb(paper)) < 4.5 {
			t.Errorf("readable(%v) = %v: contrast %.2f", c, r, contrast(r, rgb(paper)))
		}
		if contrast(c, rgb(paper)) >= 4.5 && r != c {
			t.Errorf("readable(%v) changed a colour that was readable", c)
		}
	}
}

func TestQuotedAndClean(t *testing.T) {
	for in, want := range map[string]string{
		"":                  "",
		"Altijd morgen":     "“Altijd morgen”",
		"“Al gequoot”":      "“Al gequoot”",
		"„Nederlands”":      "„Nederlands”",
		`"Recht"`:           `"Recht"`,
		"'Enkel'":           "'Enkel'",
		"«Français»":        "«Français»",
		"€ 12 per maand":    "“€ 12 per maand”",
		"Één woord":         "“Één woord”",
		"ëen kleine ë":      "“ëen kleine ë”",
		"(haakjes) zijn ok": "“(haakjes) zijn ok”",
	} {
		if got := quoted(in); got != want {
			t.Errorf("quoted(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		" a\tb\n\nc ":  "a b c",
		"bell\a!":      "bell!",
		"nul\x00byte":  "nulbyte",
		"€\u00a012":    "€\u00a012",
		"\x1b[31mrood": "[31mrood",
	} {
		if got := clean(in); got != want {
			t.Errorf("clean(%q) = %q, want %q", in, got, want)
		}
	}
}

// BenchmarkRender draws one story card: fonts, layout, drawing and PNG.
func BenchmarkRender(b *testing.B) {
	for b.Loop() {
		mustRender(b, story)
	}
}

// BenchmarkKey: the cache key costs little next to drawing.
func BenchmarkKey(b *testing.B) {
	for b.Loop() {
		Key(story)
	}
}

// TestCheck: a rendered card passes; anything damaged, cut short,
// padded, foreign or of another size fails.
func TestCheck(t *testing.T) {
	good := mustRender(t, story)
	if err := Check(good); err != nil {
		t.Fatalf("Check(a fresh card): %v", err)
	}
	var small bytes.Buffer
	if err := png.Encode(&small, image.NewRGBA(image.Rect(0, 0, 600, 315))); err != nil {
		t.Fatal(err)
	}
	flipped := bytes.Clone(good)
	flipped[len(flipped)/2] ^= 0x40
	for _, tc := range []struct {
		name string
		b    []byte
	}{
		{"empty", nil},
		{"signature only", good[:8]},
		{"truncated", good[:len(good)-1]},
		{"half", good[:len(good)/2]},
		{"a flipped bit", flipped},
		{"padded", append(bytes.Clone(good), 0)},
		{"another size", small.Bytes()},
		{"HTML", []byte("<!DOCTYPE html><p>not found</p>")},
	} {
		if err := Check(tc.b); err == nil {
			t.Errorf("%s: Check passes it", tc.name)
		}
	}
}

func TestParseColor(t *testing.T) {
	for in, want := range map[string]color.RGBA{
		"#b3261e":                  {0xb3, 0x26, 0x1e, 0xff},
		" #B3261E ":                {0xb3, 0x26, 0x1e, 0xff},
		"#abc":                     {0xaa, 0xbb, 0xcc, 0xff},
		"#abcd":                    {0xaa, 0xbb, 0xcc, 0xff},
		"#11223380":                {0x11, 0x22, 0x33, 0xff},
		"navy":                     {0, 0, 0x80, 0xff},
		"RebeccaPurple":            {0x66, 0x33, 0x99, 0xff},
		"rgb(26, 95, 180)":         {26, 95, 180, 0xff},
		"rgba(26,95,180,0.5)":      {26, 95, 180, 0xff},
		"rgb(26 95 180 / 50%)":     {26, 95, 180, 0xff},
		"rgb(100%, 0%, 50%)":       {255, 0, 128, 0xff},
		"hsl(0, 100%, 50%)":        {255, 0, 0, 0xff},
		"hsl(120deg 100% 25%)":     {0, 128, 0, 0xff},
		"hsla(240, 100%, 50%, .3)": {0, 0, 255, 0xff},
	} {
		got, err := ParseColor(in)
		if err != nil || got != want {
			t.Errorf("ParseColor(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "#12", "#12345", "#gggggg", "var(--brand)", "oklch(60% 0.2 30)", "rgb(1, 2)", "rgb(a, b, c)", "reddish"} {
		if got, err := ParseColor(in); err == nil {
			t.Errorf("ParseColor(%q) = %v, want an error", in, got)
		}
	}
}

// TestHugeWord: a word of thousands of letters still gives a card (the
// size stops shrinking at 6 pixels), and invisible format characters are
// dropped rather than drawn as boxes.
func TestHugeWord(t *testing.T) {
	img := decode(t, mustRender(t, Card{Title: strings.Repeat("x", 5000), Text: strings.Repeat("y", 5000)}))
	if img.Bounds().Dx() != Width {
		t.Fatalf("bounds %v", img.Bounds())
	}
	if got := clean("Klan\u00adten\u200bservice\u200e"); got != "Klantenservice" {
		t.Errorf("clean dropped no format characters: %q", got)
	}
}
