package images

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSVGSizeBounds: the sizes an SVG's root may give, at their bounds.
func TestSVGSizeBounds(t *testing.T) {
	tests := []struct {
		svg  string
		w, h int
	}{
		{`<svg width="1" height="1"/>`, 1, 1},
		{`<svg width="0.4" height="10" viewBox="0 0 8 6"/>`, 8, 6},               // under a pixel: the viewBox
		{`<svg width="999999" height="2"/>`, 999999, 2},                          // just under a million
		{`<svg width="1000000" height="2" viewBox="0 0 3 4"/>`, 3, 4},            // a million: the viewBox
		{`<svg width=" 12px " height="7.5px"/>`, 12, 8},                          // spaces, px, rounding
		{`<svg width="12" height="0"/>`, 0, 0},                                   // no height, no viewBox
		{`<svg height="12" viewBox="0 0 30 20"/>`, 30, 20},                       // no width
		{`<svg viewBox="0 0 1 1"/>`, 1, 1},                                       // the smallest viewBox
		{`<svg viewBox="0 0 0.9 5"/>`, 0, 0},                                     // under a pixel
		{`<svg viewBox="0 0 999999 5"/>`, 999999, 5},                             // the largest
		{`<svg viewBox="0 0 1000000 5"/>`, 0, 0},                                 // too large
		{`<svg viewBox="0 0 5 1000000"/>`, 0, 0},                                 // too large
		{"<svg viewBox=\"0\t0\n40\r\n20\"/>", 40, 20},                            // any white space
		{`<svg viewBox="0 0 40 x"/>`, 0, 0},                                      // not a number
		{`<svg viewBox="0 0 40"/>`, 0, 0},                                        // three numbers
		{`<html><svg width="5" height="5"/></html>`, 0, 0},                       // not an SVG's root
		{strings.Repeat("<!-- c -->", 63) + `<svg width="5" height="6"/>`, 5, 6}, // a long prolog
		{strings.Repeat("<!-- c -->", 64) + `<svg width="5" height="6"/>`, 0, 0}, // too long: not read
	}
	for _, tt := range tests {
		info, err := Inspect("a.svg", []byte(tt.svg), 0)
		if err != nil || info.Width != tt.w || info.Height != tt.h {
			t.Errorf("Inspect(%.60q) = %d × %d, %v; want %d × %d", tt.svg, info.Width, info.Height, err, tt.w, tt.h)
		}
	}
}

// TestNoPixels: a GIF whose header declares no width or no height is
// refused.
func TestNoPixels(t *testing.T) {
	for _, size := range [][2]uint16{{0, 0}, {4, 0}, {0, 4}} {
		data := mustGIF(t, 4, 4)
		binary.LittleEndian.PutUint16(data[6:], size[0])
		binary.LittleEndian.PutUint16(data[8:], size[1])
		if _, err := Inspect("a.gif", data, 0); err == nil || !strings.Contains(err.Error(), "no pixels") {
			t.Errorf("a GIF of %d × %d: %v, want no pixels", size[0], size[1], err)
		}
	}
	if info, err := Inspect("a.gif", mustGIF(t, 1, 1), 1); err != nil || info.Width != 1 {
		t.Errorf("a GIF of 1 × 1 at a limit of one pixel: %+v, %v", info, err)
	}
}

// TestMegapixels: the message of a picture too large rounds to a tenth.
func TestMegapixels(t *testing.T) {
	e := &TooLarge{Width: 4032, Height: 3024, Max: 12_000_000}
	if got, want := e.Error(), "4032 × 3024 pixels (12.2 megapixels), more than the limit of 12 megapixels"; !strings.Contains(got, want) {
		t.Errorf("message %q, want it to say %q", got, want)
	}
}

func TestHeightAt(t *testing.T) {
	tests := []struct {
		info Info
		w    int
		want int
	}{
		{Info{Width: 1000, Height: 500}, 480, 240},
		{Info{Width: 1000, Height: 501}, 480, 240}, // 240.48
		{Info{Width: 1000, Height: 502}, 480, 241}, // 240.96
		{Info{Width: 3000, Height: 4000}, 800, 1067},
		{Info{Width: 4000, Height: 1}, 480, 1}, // never less than a pixel
		{Info{Format: SVG}, 480, 0},            // no size
	}
	for _, tt := range tests {
		if got := HeightAt(tt.info, tt.w); got != tt.want {
			t.Errorf("HeightAt(%+v, %d) = %d, want %d", tt.info, tt.w, got, tt.want)
		}
	}
	if Largest() != 1600 {
		t.Errorf("Largest() = %d, want 1600", Largest())
	}
}

// TestResizeNotResized: a GIF is measured, never encoded: asking for a
// copy is an error, not a PNG under a GIF's name.
func TestResizeNotResized(t *testing.T) {
	_, err := NewCache("", false).Resize(mustGIF(t, 40, 40), Info{Format: GIF, Width: 40, Height: 40}, []int{20})
	if err == nil || !strings.Contains(err.Error(), "cannot encode") {
		t.Errorf("a copy of a GIF: %v, want an error", err)
	}
}

// exifTIFF is a TIFF header with one IFD of the given entries (tag, type,
// count, value), little-endian; next adds the offset of the next IFD.
func exifTIFF(next bool, entries ...[4]uint32) []byte {
	t := []byte("II\x2a\x00\x08\x00\x00\x00")
	t = binary.LittleEndian.AppendUint16(t, uint16(len(entries)))
	for _, e := range entries {
		t = binary.LittleEndian.AppendUint16(t, uint16(e[0]))
		t = binary.LittleEndian.AppendUint16(t, uint16(e[1]))
		t = binary.LittleEndian.AppendUint32(t, e[2])
		t = binary.LittleEndian.AppendUint32(t, e[3])
	}
	if next {
		t = binary.LittleEndian.AppendUint32(t, 0)
	}
	return t
}

// segment is a JPEG marker segment: ff, the marker, the length, data.
func segment(marker byte, data []byte) []byte {
	s := []byte{0xff, marker}
	s = binary.BigEndian.AppendUint16(s, uint16(len(data)+2))
	return append(s, data...)
}

// TestOrientationSegments: where the EXIF orientation may be in a JPEG's
// segments, and what is not one.
func TestOrientationSegments(t *testing.T) {
	soi := []byte{0xff, 0xd8}
	six := [4]uint32{0x0112, 3, 1, 6}
	exif := func(tiff []byte) []byte { return segment(0xe1, append([]byte("Exif\x00\x00"), tiff...)) }
	jpeg := func(parts ...[]byte) []byte { return bytes.Join(append([][]byte{soi}, parts...), nil) }
	eoi := []byte{0xff, 0xd9}
	tests := []struct {
		name string
		data []byte
		want int
	}{
		{"plain", jpeg(exif(exifTIFF(true, six)), eoi), 6},
		{"the last bytes of the file", jpeg(exif(exifTIFF(true, six))), 6},
		{"the entry ends the segment", jpeg(exif(exifTIFF(false, six)), eoi), 6},
		{"after JFIF", jpeg(segment(0xe0, []byte("JFIF\x00\x01\x02\x00\x00\x01\x00\x01\x00\x00")), exif(exifTIFF(true, six)), eoi), 6},
		{"after XMP in another APP1", jpeg(segment(0xe1, []byte("http://ns.adobe.com/xap/1.0/\x00<x/>")), exif(exifTIFF(true, six)), eoi), 6},
		{"after an empty segment", jpeg(segment(0xe0, nil), exif(exifTIFF(true, six)), eoi), 6},
		{"after fill bytes", jpeg([]byte{0xff, 0xff}, exif(exifTIFF(true, six)), eoi), 6},
		{"after markers without length", jpeg([]byte{0xff, 0x01, 0xff, 0xd0, 0xff, 0xd7, 0xff, 0xd8}, exif(exifTIFF(true, six)), eoi), 6},
		{"after the image data", jpeg(segment(0xda, []byte{0, 0}), exif(exifTIFF(true, six))), 1},
		{"after the end", jpeg(eoi, exif(exifTIFF(true, six))), 1},
		{"after a marker in no segment", jpeg([]byte{0xff, 0xd9}, exif(exifTIFF(true, six))), 1},
		{"a segment of length 1", jpeg([]byte{0xff, 0xe0, 0x00, 0x01}, exif(exifTIFF(true, six))), 1},
		{"junk between segments", jpeg([]byte{0x00}, exif(exifTIFF(true, six))), 1},
		{"no SOI", exif(exifTIFF(true, six)), 1},
		{"an orientation of type LONG", jpeg(exif(exifTIFF(true, [4]uint32{0x0112, 4, 1, 6}))), 1},
		{"two orientations", jpeg(exif(exifTIFF(true, [4]uint32{0x0112, 3, 2, 6}))), 1},
		{"orientation 8, after three other tags", jpeg(exif(exifTIFF(true, [4]uint32{0x010f, 2, 3, 0}, [4]uint32{0x0110, 2, 3, 0}, [4]uint32{0x0111, 4, 1, 9}, [4]uint32{0x0112, 3, 1, 8}))), 8},
		{"no orientation", jpeg(exif(exifTIFF(true, [4]uint32{0x010f, 2, 3, 0}))), 1},
		{"more entries than the segment holds", jpeg(exif(append(exifTIFF(false, six)[:8], 2, 0))), 1},
		{"an IFD inside the header", jpeg(exif(append([]byte("II\x2a\x00\x04\x00\x00\x00"), exifTIFF(true, six)[8:]...))), 1},
		{"an entry after the IFD's count", jpeg(exif(append(exifTIFF(false, [4]uint32{0x010f, 2, 3, 0}), exifTIFF(false, six)[10:]...))), 1},
		{"an IFD at the last byte", jpeg(exif([]byte("II\x2a\x00\x08\x00\x00\x00\x01"))), 1},
		{"an IFD past the end", jpeg(exif([]byte("II\x2a\x00\xff\x00\x00\x00\x00\x00"))), 1},
		{"not 42", jpeg(exif(append([]byte("II\x2b\x00"), exifTIFF(true, six)[4:]...))), 1},
		{"a short TIFF", jpeg(exif([]byte("II\x2a\x00\x08\x00\x00"))), 1},
	}
	whole := jpeg(exif(exifTIFF(true, six)))
	tests = append(tests, struct {
		name string
		data []byte
		want int
	}{"a segment longer than the file", whole[:len(whole)-1], 1})
	for _, tt := range tests {
		if got := orientation(tt.data); got != tt.want {
			t.Errorf("%s: orientation %d, want %d", tt.name, got, tt.want)
		}
	}
}

// TestOrient: every orientation, pixel by pixel, on a picture of 3 × 2
// whose pixels are a to f, as a part of a larger picture.
func TestOrient(t *testing.T) {
	big := image.NewRGBA(image.Rect(0, 0, 6, 5))
	for i, c := range "abcdef" {
		big.SetRGBA(2+i%3, 1+i/3, color.RGBA{uint8(c), 0, 0, 0xff})
	}
	src := big.SubImage(image.Rect(2, 1, 5, 3)).(*image.RGBA)
	// Rows of the picture as shown, top to bottom.
	want := map[int]string{
		0: "abc def", 1: "abc def", 9: "abc def",
		2: "cba fed", 3: "fed cba", 4: "def abc",
		5: "ad be cf", 6: "da eb fc", 7: "fc eb da", 8: "cf be ad",
	}
	for o := 0; o <= 9; o++ {
		img := orient(src, o)
		var rows []string
		for y := img.Rect.Min.Y; y < img.Rect.Max.Y; y++ {
			var row []byte
			for x := img.Rect.Min.X; x < img.Rect.Max.X; x++ {
				row = append(row, img.RGBAAt(x, y).R)
			}
			rows = append(rows, string(row))
		}
		if got := strings.Join(rows, " "); got != want[o] {
			t.Errorf("orient(%d) = %q, want %q", o, got, want[o])
		}
	}
}

// TestCatmullRom: the filter's values, which set how sharp a copy is.
func TestCatmullRom(t *testing.T) {
	for x, want := range map[float64]float64{
		0: 1, 0.5: 0.5625, -0.5: 0.5625, 0.25: 0.8671875, 1: 0,
		1.5: -0.0625, -1.5: -0.0625, 1.25: -0.0703125, 1.75: -0.0234375, 2: 0, 2.5: 0, -3: 0,
	} {
		if got := catmullRom(x); math.Abs(got-want) > 1e-12 {
			t.Errorf("catmullRom(%g) = %g, want %g", x, got, want)
		}
	}
}

// TestWeights: each output pixel's taps lie in the source, sum to 1,
// and mirror those of the pixel at the other end; at the same size a
// pixel is itself, and made smaller each tap is as wide as scale pixels.
func TestWeights(t *testing.T) {
	for _, tt := range [][2]int{{10, 10}, {10, 4}, {4, 10}, {1000, 480}, {7, 3}, {3, 1}, {1, 5}} {
		sn, dn := tt[0], tt[1]
		ws := weights(sn, dn)
		if len(ws) != dn {
			t.Fatalf("weights(%d, %d): %d pixels", sn, dn, len(ws))
		}
		for i, tp := range ws {
			sum := 0.0
			for _, w := range tp.w {
				sum += float64(w)
			}
			if tp.first < 0 || tp.first+len(tp.w) > sn || math.Abs(sum-1) > 1e-5 {
				t.Errorf("weights(%d, %d)[%d]: from %d, %d taps summing to %g", sn, dn, i, tp.first, len(tp.w), sum)
			}
			m := ws[dn-1-i]
			if m.first != sn-tp.first-len(tp.w) || len(m.w) != len(tp.w) {
				t.Errorf("weights(%d, %d): pixel %d from %d (%d taps), its mirror %d from %d (%d taps)", sn, dn, i, tp.first, len(tp.w), dn-1-i, m.first, len(m.w))
				continue
			}
			for k := range tp.w {
				if math.Abs(float64(tp.w[k]-m.w[len(m.w)-1-k])) > 1e-6 {
					t.Errorf("weights(%d, %d): pixel %d's taps %v, its mirror's %v", sn, dn, i, tp.w, m.w)
					break
				}
			}
		}
	}
	// Same size: each pixel is itself (the neighbours' taps weigh 0).
	for i, tp := range weights(6, 6) {
		for k, w := range tp.w {
			if want := float32(0); tp.first+k == i {
				if w != 1 {
					t.Errorf("weights(6, 6)[%d]: itself weighs %g", i, w)
				}
			} else if w != want {
				t.Errorf("weights(6, 6)[%d]: pixel %d weighs %g", i, tp.first+k, w)
			}
		}
	}
	// Halving: the middle pixels reach 4 source pixels to each side
	// (support 2, widened by 2), the taps at ±4 weighing 0.
	ws := weights(40, 20)
	if tp := ws[10]; tp.first != 17 || len(tp.w) != 8 {
		t.Errorf("weights(40, 20)[10]: from %d, %d taps; want from 17, 8", tp.first, len(tp.w))
	}
	// Their weights are the filter stretched to twice its width.
	sum := 0.0
	for k := range ws[10].w {
		sum += catmullRom((float64(17+k) - 20.5) / 2)
	}
	for k, w := range ws[10].w {
		if want := catmullRom((float64(17+k)-20.5)/2) / sum; math.Abs(float64(w)-want) > 1e-6 {
			t.Errorf("weights(40, 20)[10]: tap %d weighs %g, want %g", k, w, want)
		}
	}
	if tp := ws[0]; tp.first != 0 || len(tp.w) != 5 {
		t.Errorf("weights(40, 20)[0]: from %d, %d taps; want from 0, 5 (those left of 0 dropped)", tp.first, len(tp.w))
	}
}

// pattern is a w × h picture with something different in every pixel,
// partly transparent (premultiplied, as image.RGBA holds it).
func pattern(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			a := uint8(255 - (x*13+y*7)%120)
			c := func(v int) uint8 { return uint8(v % (int(a) + 1)) }
			img.SetRGBA(x, y, color.RGBA{c(x*37 + y*11), c(x*5 + y*53), c(x*y + 17), a})
		}
	}
	return img
}

// resampleSlow is resample as the filter says, without the ring of rows:
// the whole picture filtered across, then down, in float64.
func resampleSlow(src *image.RGBA, w, h int) *image.RGBA {
	sw, sh := src.Rect.Dx(), src.Rect.Dy()
	across, down := weights(sw, w), weights(sh, h)
	mid := make([][4]float64, w*sh)
	for y := range sh {
		for x, t := range across {
			for k, wt := range t.w {
				p := src.RGBAAt(src.Rect.Min.X+t.first+k, src.Rect.Min.Y+y)
				for c, v := range [4]uint8{p.R, p.G, p.B, p.A} {
					mid[y*w+x][c] += float64(wt) * float64(v)
				}
			}
		}
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	for y, t := range down {
		for x := range w {
			var v [4]float64
			for k, wt := range t.w {
				for c := range v {
					v[c] += float64(wt) * mid[(t.first+k)*w+x][c]
				}
			}
			b := func(f float64) uint8 { return uint8(math.Round(math.Max(0, math.Min(255, f)))) }
			a := b(v[3])
			dst.SetRGBA(x, y, color.RGBA{min(b(v[0]), a), min(b(v[1]), a), min(b(v[2]), a), a})
		}
	}
	return dst
}

// TestResample: the copy is the picture filtered as the filter says,
// whatever the sizes (smaller, larger, one pixel, a part of a larger
// picture); at the same size it is the picture itself.
func TestResample(t *testing.T) {
	big := pattern(60, 50)
	src := big.SubImage(image.Rect(3, 2, 40, 31)).(*image.RGBA) // 37 × 29
	same := resample(src, 37, 29)
	for y := range 29 {
		for x := range 37 {
			if got, want := same.RGBAAt(x, y), src.RGBAAt(3+x, 2+y); got != want {
				t.Fatalf("at the same size, pixel %d,%d is %v, want %v", x, y, got, want)
			}
		}
	}
	for _, size := range [][2]int{{11, 7}, {18, 14}, {37, 5}, {5, 29}, {50, 40}, {1, 1}, {74, 58}} {
		got, want := resample(src, size[0], size[1]), resampleSlow(src, size[0], size[1])
		if got.Rect != want.Rect {
			t.Fatalf("%v: a copy of %v", size, got.Rect)
		}
		worst := 0
		for i := range got.Pix {
			worst = max(worst, int(got.Pix[i])-int(want.Pix[i]), int(want.Pix[i])-int(got.Pix[i]))
		}
		if worst > 1 {
			t.Errorf("%d × %d: a channel differs by %d from the filter's", size[0], size[1], worst)
		}
	}
	if empty := resample(image.NewRGBA(image.Rect(0, 0, 0, 0)), 3, 2); empty.Rect.Dx() != 3 || empty.Pix[0] != 0 {
		t.Errorf("a copy of an empty picture: %v", empty.Rect)
	}
}

// TestResizeTransparent: a PNG's copy keeps its transparency and its
// colours under it (premultiplied alpha does not darken the edges).
func TestResizeTransparent(t *testing.T) {
	img := image.NewNRGBA(image.Rect(0, 0, 600, 300))
	for y := range 300 {
		for x := range 600 {
			if x < 300 {
				img.SetNRGBA(x, y, color.NRGBA{0x20, 0x80, 0xe0, 0xff})
			} else {
				img.SetNRGBA(x, y, color.NRGBA{0xff, 0xff, 0xff, 0})
			}
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	out, err := NewCache("", false).Resize(buf.Bytes(), Info{Format: PNG, Width: 600, Height: 300}, []int{480})
	if err != nil {
		t.Fatal(err)
	}
	copied, err := png.Decode(bytes.NewReader(out[0]))
	if err != nil {
		t.Fatal(err)
	}
	if b := copied.Bounds(); b.Dx() != 480 || b.Dy() != 240 {
		t.Fatalf("copy of %v", b)
	}
	for _, x := range []int{10, 200, 235} {
		if c := color.NRGBAModel.Convert(copied.At(x, 100)).(color.NRGBA); c != (color.NRGBA{0x20, 0x80, 0xe0, 0xff}) {
			t.Errorf("opaque half at %d: %v", x, c)
		}
	}
	for _, x := range []int{245, 300, 470} {
		if _, _, _, a := copied.At(x, 100).RGBA(); a != 0 {
			t.Errorf("transparent half at %d: alpha %d", x, a)
		}
	}
	// At the edge, partly transparent, the colour is the opaque half's.
	for x := 236; x < 245; x++ {
		c := color.NRGBAModel.Convert(copied.At(x, 100)).(color.NRGBA)
		if c.A == 0 || c.A == 0xff {
			continue
		}
		if d := max(absDiff(c.R, 0x20), absDiff(c.G, 0x80), absDiff(c.B, 0xe0)); d > 8 && c.A > 32 {
			t.Errorf("edge at %d: %v, want the colour 20 80 e0 under its alpha", x, c)
		}
	}
}

func absDiff(a, b uint8) int { return max(int(a)-int(b), int(b)-int(a)) }

// TestCacheMemoryFromDisk: a preview's cache keeps in memory the copies
// it read from disk, and a build's cache keeps none.
func TestCacheMemoryFromDisk(t *testing.T) {
	dir := t.TempDir()
	src := mustImage(t, JPEG, 700, 350)
	info := Info{Format: JPEG, Width: 700, Height: 350}
	if _, err := NewCache(dir, false).Resize(src, info, []int{480}); err != nil {
		t.Fatal(err)
	}
	entries, _ := filepath.Glob(filepath.Join(dir, "*", "*.jpeg"))
	if len(entries) != 1 {
		t.Fatalf("entries on disk: %v", entries)
	}
	preview, build := NewCache(dir, true), NewCache(dir, false)
	for _, c := range []*Cache{preview, build} {
		if _, err := c.Resize(src, info, []int{480}); err != nil || c.Resized() != 0 {
			t.Fatalf("from disk: resized %d, %v", c.Resized(), err)
		}
	}
	if err := os.Remove(entries[0]); err != nil {
		t.Fatal(err)
	}
	preview.Sweep()
	if _, err := preview.Resize(src, info, []int{480}); err != nil || preview.Resized() != 0 {
		t.Errorf("the preview's cache resized %d copies, want 0 (the copy is in memory): %v", preview.Resized(), err)
	}
	if _, err := build.Resize(src, info, []int{480}); err != nil || build.Resized() != 1 {
		t.Errorf("the build's cache resized %d copies, want 1 (nothing in memory): %v", build.Resized(), err)
	}
	// One Sweep keeps what was asked for since the last; the next,
	// with nothing asked for, forgets it.
	preview.Sweep()
	preview.Sweep()
	if _, err := preview.Resize(src, info, []int{480}); err != nil {
		t.Fatal(err)
	}
	if n := preview.Resized(); n != 0 {
		// The entry is on disk again (the build made it): read, not made.
		t.Errorf("after two sweeps: resized %d, want 0 (read from disk)", n)
	}
}
