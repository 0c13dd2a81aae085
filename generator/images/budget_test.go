package images

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync"
	"testing"
	"time"
)

// hugePNG is a valid PNG header that declares w × h pixels, followed by
// a little image data: what a hostile or careless file looks like to a
// decoder, in a few dozen bytes.
func hugePNG(w, h uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(typ string, data []byte) {
		binary.Write(&b, binary.BigEndian, uint32(len(data)))
		b.WriteString(typ)
		b.Write(data)
		binary.Write(&b, binary.BigEndian, crc32.Update(crc32.ChecksumIEEE([]byte(typ)), crc32.IEEETable, data))
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr, w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 6 // 8-bit RGBA
	chunk("IHDR", ihdr)
	chunk("IDAT", []byte{0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01})
	chunk("IEND", nil)
	return b.Bytes()
}

// TestPixelLimit: a small file that declares 20,000 × 20,000 pixels is
// refused from its header, with a message that names the size, the
// limit and how to fix it; a site may set another limit.
func TestPixelLimit(t *testing.T) {
	data := hugePNG(20000, 20000)
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := Inspect("poster.png", data, 0)
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	var tl *TooLarge
	if !errors.As(err, &tl) || tl.Width != 20000 || tl.Max != DefaultMaxPixels {
		t.Fatalf("Inspect of a 400-megapixel PNG: %v, want a *TooLarge", err)
	}
	for _, want := range []string{"20000 × 20000", "400 megapixels", "limit of 50 megapixels", "images.max_pixels"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message %q lacks %q", err, want)
		}
	}
	if grown := after.TotalAlloc - before.TotalAlloc; grown > 1<<20 {
		t.Errorf("refusing it allocated %d bytes", grown)
	}
	// Just under and over a limit of the site's own.
	if _, err := Inspect("a.png", hugePNG(1000, 1000), 1_000_000); err != nil {
		t.Errorf("1000 × 1000 at a limit of 1,000,000: %v", err)
	}
	if _, err := Inspect("a.png", hugePNG(1000, 1001), 1_000_000); !errors.As(err, &tl) {
		t.Errorf("1000 × 1001 at a limit of 1,000,000: %v, want *TooLarge", err)
	}
	// Every decoder's header counts: a JPEG too.
	jpg := mustImage(t, JPEG, 300, 200)
	if _, err := Inspect("a.jpg", jpg, 300*200-1); !errors.As(err, &tl) {
		t.Errorf("a JPEG over the limit: %v, want *TooLarge", err)
	}
}

// withExif returns the JPEG jpg with an Exif APP1 segment holding
// orientation o, in the byte order bo ("II" or "MM"), right after SOI.
func withExif(jpg []byte, o uint16, bo string) []byte {
	var order binary.AppendByteOrder = binary.BigEndian
	if bo == "II" {
		order = binary.LittleEndian
	}
	tiff := []byte(bo)
	tiff = order.AppendUint16(tiff, 42)
	tiff = order.AppendUint32(tiff, 8)
	tiff = order.AppendUint16(tiff, 2) // two entries: another tag first
	tiff = order.AppendUint16(tiff, 0x010f)
	tiff = order.AppendUint16(tiff, 2)
	tiff = order.AppendUint32(tiff, 4)
	tiff = append(tiff, 'C', 'a', 'm', 0)
	tiff = order.AppendUint16(tiff, 0x0112)
	tiff = order.AppendUint16(tiff, 3)
	tiff = order.AppendUint32(tiff, 1)
	tiff = order.AppendUint16(tiff, o)
	tiff = append(tiff, 0, 0)
	tiff = order.AppendUint32(tiff, 0)
	seg := append([]byte("Exif\x00\x00"), tiff...)
	out := []byte{0xff, 0xd8, 0xff, 0xe1}
	out = binary.BigEndian.AppendUint16(out, uint16(len(seg)+2))
	out = append(out, seg...)
	return append(out, jpg[2:]...)
}

// quadrants is a w × h picture in four flat colours: red top left,
// green top right, blue bottom left, white bottom right.
func quadrants(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := color.RGBA{0xff, 0, 0, 0xff}
			switch {
			case x >= w/2 && y < h/2:
				c = color.RGBA{0, 0xff, 0, 0xff}
			case x < w/2 && y >= h/2:
				c = color.RGBA{0, 0, 0xff, 0xff}
			case x >= w/2 && y >= h/2:
				c = color.RGBA{0xff, 0xff, 0xff, 0xff}
			}
			img.SetRGBA(x, y, c)
		}
	}
	return img
}

// TestOrientation: a photo stored sideways with an EXIF orientation is
// measured as shown, and its copies are upright: every orientation, both
// byte orders, against the stored picture turned by hand.
func TestOrientation(t *testing.T) {
	const sw, sh = 1000, 600 // as stored
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, quadrants(sw, sh), &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	// What each corner of the picture as shown is, by orientation:
	// top left, top right, bottom left, bottom right (r, g, b, w).
	shown := map[uint16]string{
		1: "rgbw", 2: "grwb", 3: "wbgr", 4: "bwrg",
		5: "rbgw", 6: "brwg", 7: "wgbr", 8: "gwrb",
	}
	name := func(c color.Color) byte {
		r, g, b, _ := c.RGBA()
		switch {
		case r > 0xc000 && g > 0xc000 && b > 0xc000:
			return 'w'
		case r > 0xc000 && g < 0x4000 && b < 0x4000:
			return 'r'
		case g > 0xc000 && r < 0x4000 && b < 0x4000:
			return 'g'
		case b > 0xc000 && r < 0x4000 && g < 0x4000:
			return 'b'
		}
		return '?'
	}
	for o := uint16(1); o <= 8; o++ {
		for _, bo := range []string{"II", "MM"} {
			src := withExif(buf.Bytes(), o, bo)
			info, err := Inspect("photo.jpg", src, 0)
			if err != nil {
				t.Fatal(err)
			}
			w, h := sw, sh
			if o >= 5 {
				w, h = sh, sw
			}
			if info.Width != w || info.Height != h {
				t.Errorf("orientation %d (%s): measured %d × %d, want %d × %d as shown", o, bo, info.Width, info.Height, w, h)
			}
			out, err := NewCache("", false).Resize(src, info, []int{480})
			if err != nil {
				t.Fatal(err)
			}
			img, err := jpeg.Decode(bytes.NewReader(out[0]))
			if err != nil {
				t.Fatal(err)
			}
			b := img.Bounds()
			if b.Dx() != 480 || b.Dy() != HeightAt(info, 480) {
				t.Errorf("orientation %d: copy of %v", o, b)
			}
			m := 20
			got := string([]byte{
				name(img.At(m, m)), name(img.At(b.Dx()-m, m)),
				name(img.At(m, b.Dy()-m)), name(img.At(b.Dx()-m, b.Dy()-m)),
			})
			if got != shown[o] {
				t.Errorf("orientation %d (%s): copy's corners %s, want %s", o, bo, got, shown[o])
			}
		}
	}
	// A PNG has no EXIF orientation here; damaged EXIF is upright.
	for _, bad := range [][]byte{
		withExif(buf.Bytes(), 9, "MM"),
		withExif(buf.Bytes(), 0, "II"),
		append([]byte{0xff, 0xd8, 0xff, 0xe1, 0xff, 0xff, 'E', 'x', 'i', 'f', 0, 0}, buf.Bytes()[2:]...),
		append([]byte{0xff, 0xd8, 0xff, 0xe1, 0x00, 0x0e, 'E', 'x', 'i', 'f', 0, 0, 'M', 'M', 0, 42, 0xff, 0xff}, buf.Bytes()[2:]...),
	} {
		if o := orientation(bad); o != 1 {
			t.Errorf("damaged EXIF %x…: orientation %d, want 1", bad[:16], o)
		}
	}
}

// TestUnshowable: formats browsers do not all show are named with what to
// convert them to; the ones they do show are not.
func TestUnshowable(t *testing.T) {
	for name, want := range map[string]string{
		"IMG_0001.HEIC": "convert it to JPEG",
		"a.heif":        "convert it to JPEG",
		"scan.tif":      "JPEG (a photo) or PNG",
		"scan.TIFF":     "JPEG (a photo) or PNG",
		"logo.bmp":      "convert it to PNG",
		"DSC_1.NEF":     "export it as JPEG",
		"ontwerp.psd":   "export it as JPEG",
	} {
		if got := Unshowable(name); !strings.Contains(got, want) {
			t.Errorf("Unshowable(%q) = %q, want it to say %q", name, got, want)
		}
	}
	for _, name := range []string{"a.jpg", "a.png", "a.webp", "a.avif", "a.gif", "a.svg", "favicon.ico", "a.pdf", "a.txt"} {
		if got := Unshowable(name); got != "" {
			t.Errorf("Unshowable(%q) = %q, want \"\"", name, got)
		}
	}
}

// peakHeap runs f while sampling the heap every millisecond, and returns
// the most it held above what it held before (live objects and garbage
// not yet collected alike).
func peakHeap(f func()) uint64 {
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() uint64 { metrics.Read(sample); return sample[0].Value.Uint64() }
	base := read()
	peak := base
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				peak = max(peak, read())
			}
		}
	}()
	f()
	close(done)
	wg.Wait()
	peak = max(peak, read())
	return peak - base
}

// photo12MP is a 4000 × 3000 JPEG with detail in it, as a phone takes.
func photo12MP(tb testing.TB) []byte {
	tb.Helper()
	img := image.NewYCbCr(image.Rect(0, 0, 4000, 3000), image.YCbCrSubsampleRatio420)
	for i := range img.Y {
		img.Y[i] = uint8(i*7 + i/4000*3)
	}
	for i := range img.Cb {
		img.Cb[i], img.Cr[i] = uint8(i/2000), uint8(i*3)
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 85}); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// TestResizeMemory: making every copy of a 12-megapixel photo holds at
// most 150 MB more than before (x/image/draw's Catmull-Rom took 429 MB).
func TestResizeMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("encodes and resizes a 12-megapixel photo")
	}
	src := photo12MP(t)
	info, err := Inspect("photo.jpg", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	var resizeErr error
	peak := peakHeap(func() {
		_, resizeErr = NewCache("", false).Resize(src, info, WidthsFor(info))
	})
	if resizeErr != nil {
		t.Fatal(resizeErr)
	}
	t.Logf("peak heap while resizing a 12-megapixel photo: %.0f MB", float64(peak)/1e6)
	if peak > 150e6 {
		t.Errorf("resizing a 12-megapixel photo held %.0f MB more, want at most 150 MB", float64(peak)/1e6)
	}
}

// BenchmarkResize12MP makes the four copies of a 12-megapixel photo and
// reports the most heap it held above what was held before, in MB.
func BenchmarkResize12MP(b *testing.B) {
	src := photo12MP(b)
	info, err := Inspect("photo.jpg", src, 0)
	if err != nil {
		b.Fatal(err)
	}
	var peak uint64
	for b.Loop() {
		peak = max(peak, peakHeap(func() {
			if _, err := NewCache("", false).Resize(src, info, WidthsFor(info)); err != nil {
				b.Fatal(err)
			}
		}))
	}
	b.ReportMetric(float64(peak)/1e6, "peak-MB")
}

// FuzzInspect feeds any bytes, under every picture name, to Inspect and,
// when it accepts them within a small limit, to Resize: neither may
// panic, and nothing over the limit is ever decoded.
func FuzzInspect(f *testing.F) {
	jpg := mustImage(f, JPEG, 40, 30)
	f.Add("a.jpg", jpg)
	f.Add("a.jpg", withExif(jpg, 6, "II"))
	f.Add("a.jpg", withExif(jpg, 8, "MM"))
	f.Add("a.png", mustImage(f, PNG, 40, 30))
	f.Add("a.png", hugePNG(20000, 20000))
	f.Add("a.png", hugePNG(0, 7))
	f.Add("a.gif", mustGIF(f, 8, 8))
	f.Add("a.webp", []byte("RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00\x2f\x07\xc0\x01\x00"))
	f.Add("a.svg", []byte(`<svg width="10" height="5"/>`))
	var pngBuf bytes.Buffer
	png.Encode(&pngBuf, image.NewGray(image.Rect(0, 0, 3, 3)))
	f.Add("a.png", pngBuf.Bytes())
	const limit = 200 * 200
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		info, err := Inspect(name, data, limit)
		if err != nil {
			return
		}
		if info.Format != SVG && int64(info.Width)*int64(info.Height) > limit {
			t.Fatalf("accepted %d × %d over a limit of %d", info.Width, info.Height, limit)
		}
		if info.Orientation < 0 || info.Orientation > 8 {
			t.Fatalf("orientation %d", info.Orientation)
		}
		ws := WidthsFor(info)
		if len(ws) == 0 && (info.Format == JPEG || info.Format == PNG) && info.Width > 2 {
			ws = []int{info.Width / 2}
		}
		out, err := NewCache("", false).Resize(data, info, ws)
		if err != nil {
			return
		}
		for i, b := range out {
			cfg, _, err := image.DecodeConfig(bytes.NewReader(b))
			if err != nil || cfg.Width != ws[i] || cfg.Height != HeightAt(info, ws[i]) {
				t.Fatalf("copy %d: %v, %+v, want %d wide", i, err, cfg, ws[i])
			}
		}
	})
}
