package cards

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"testing"
)

// palettedOf returns a Width × Height paletted image of n colours whose
// pixels fill(x, y) gives.
func palettedOf(n int, fill func(x, y int) uint8) *image.Paletted {
	pal := make(color.Palette, n)
	for i := range pal {
		pal[i] = color.RGBA{uint8(i * 7), uint8(i * 13), uint8(255 - i), 0xff}
	}
	img := image.NewPaletted(image.Rect(0, 0, Width, Height), pal)
	for y := range Height {
		for x := range Width {
			img.Pix[y*img.Stride+x] = uint8(int(fill(x, y)) % n)
		}
	}
	return img
}

// checkEncode encodes img with the card encoder and checks that Go's PNG
// decoder reads back exactly its palette and pixels, and that Check
// accepts it.
func checkEncode(t *testing.T, name string, img *image.Paletted) []byte {
	t.Helper()
	var buf bytes.Buffer
	new(encoder).encodePNG(&buf, img)
	if err := Check(buf.Bytes()); err != nil {
		t.Fatalf("%s: Check: %v", name, err)
	}
	got, err := png.Decode(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatalf("%s: not a PNG: %v", name, err)
	}
	p, ok := got.(*image.Paletted)
	if !ok {
		t.Fatalf("%s: decodes to %T", name, got)
	}
	for i, c := range img.Palette {
		if p.Palette[i] != color.Color(c) {
			r1, g1, b1, _ := p.Palette[i].RGBA()
			r2, g2, b2, _ := c.RGBA()
			if r1 != r2 || g1 != g2 || b1 != b2 {
				t.Fatalf("%s: colour %d is %v, want %v", name, i, p.Palette[i], c)
			}
		}
	}
	if !bytes.Equal(p.Pix, img.Pix) {
		for i := range p.Pix {
			if p.Pix[i] != img.Pix[i] {
				t.Fatalf("%s: pixel %d,%d is %d, want %d", name, i%Width, i/Width, p.Pix[i], img.Pix[i])
			}
		}
	}
	return buf.Bytes()
}

// TestEncode: the card encoder's PNG decodes to the very pixels drawn,
// for cards and for images no card looks like: flat, noise in 2 and 16
// colours (where literals dominate and Huffman codes must be cut to 15
// bits), stripes, and rows that repeat with a shift. (A card has at most
// 16 colours: the encoder packs two pixels in a byte.)
func TestEncode(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, tt := range []struct {
		name string
		img  *image.Paletted
	}{
		{"flat", palettedOf(1, func(x, y int) uint8 { return 0 })},
		{"noise of 2", palettedOf(2, func(x, y int) uint8 { return uint8(rng.IntN(2)) })},
		{"noise of 16", palettedOf(16, func(x, y int) uint8 { return uint8(rng.IntN(16)) })},
		{"skewed", palettedOf(16, func(x, y int) uint8 { return uint8(bitsLen(rng.Uint32())) })},
		{"stripes", palettedOf(5, func(x, y int) uint8 { return uint8(x / 3) })},
		{"shifted rows", palettedOf(16, func(x, y int) uint8 { return uint8((x + y) / 7) })},
		{"odd shift", palettedOf(15, func(x, y int) uint8 { return uint8((x + 3*y) / 5) })},
		{"sparse", palettedOf(16, func(x, y int) uint8 {
			if rng.IntN(50) == 0 {
				return uint8(rng.IntN(16))
			}
			return 0
		})},
	} {
		checkEncode(t, tt.name, tt.img)
	}
	for _, c := range []Card{story, {Title: "A"}, {}, {Title: "Ελληνικά Кириллица", Text: "€ 10 — “ja”", Brand: "x", Site: "y", Accent: color.RGBA{0xff, 0xee, 0, 0xff}}} {
		b := mustRender(t, c)
		img := decode(t, b).(*image.Paletted)
		checkEncode(t, c.Title, img)
	}
}

func bitsLen(v uint32) int {
	n := 0
	for ; v&1 == 1; v >>= 1 {
		n++
	}
	return n
}

// TestHuffmanLimit: frequencies that make an optimal code deeper than
// the limit (a Fibonacci series) get a code within it that is still
// complete (Kraft sum 1).
func TestHuffmanLimit(t *testing.T) {
	freq := make([]int, 30)
	a, b := 1, 1
	for i := range freq {
		freq[i] = a
		a, b = b, a+b
	}
	for _, limit := range []int{7, 15} {
		lengths := huffmanLengths(freq, limit)
		var kraft float64
		for _, l := range lengths {
			if int(l) > limit || l == 0 {
				t.Fatalf("limit %d: length %d", limit, l)
			}
			kraft += 1 / float64(uint(1)<<l)
		}
		if kraft != 1 {
			t.Errorf("limit %d: Kraft sum %v, want 1", limit, kraft)
		}
	}
}

// FuzzEncode: any pixels in any number of colours up to 16 come back
// exactly.
func FuzzEncode(f *testing.F) {
	f.Add(uint8(3), []byte{0, 1, 2, 2, 2, 2, 1})
	f.Add(uint8(255), []byte("a card is mostly paper"))
	f.Fuzz(func(t *testing.T, n uint8, seed []byte) {
		if len(seed) == 0 {
			return
		}
		colours := int(n)%16 + 1
		img := palettedOf(colours, func(x, y int) uint8 {
			i := (y*Width + x) % (len(seed) * 97)
			if i >= len(seed) {
				return seed[(i/97)%len(seed)]
			}
			return seed[i]
		})
		checkEncode(t, "fuzz", img)
	})
}

// BenchmarkEncode is the floor of a card: the time to only encode its
// pixels, with the card encoder and with image/png at its fastest
// level, against drawing and encoding it all (BenchmarkRender). The
// bytes metric is the PNG's size.
func BenchmarkEncode(b *testing.B) {
	long := Card{
		Title: "Verhaal 1: Over samen kwaliteit stad",
		Brand: "Merk 24",
		Text:  "Gewoonte trein gebeld retour regen vertrouwen toen omdat beleving daarna voor moment symbool bij dag regen straat omdat.",
		Site:  "Benchmark",
	}
	data, err := Render(long)
	if err != nil {
		b.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		b.Fatal(err)
	}
	p := img.(*image.Paletted)
	b.Run("cards", func(b *testing.B) {
		var buf bytes.Buffer
		e := new(encoder)
		for b.Loop() {
			buf.Reset()
			e.encodePNG(&buf, p)
		}
		b.ReportMetric(float64(buf.Len()), "bytes")
	})
	b.Run("image-png-BestSpeed", func(b *testing.B) {
		var buf bytes.Buffer
		enc := png.Encoder{CompressionLevel: png.BestSpeed}
		for b.Loop() {
			buf.Reset()
			if err := enc.Encode(&buf, p); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(buf.Len()), "bytes")
	})
	b.Run("render", func(b *testing.B) {
		for b.Loop() {
			data, _ = Render(long)
		}
		b.ReportMetric(float64(len(data)), "bytes")
	})
}
