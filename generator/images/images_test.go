package images

import (
	"bytes"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// mustImage encodes a w × h gradient in format f.
func mustImage(tb testing.TB, f Format, w, h int) []byte {
	tb.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.NRGBA{uint8(x * 255 / w), uint8(y * 255 / h), 128, 255})
		}
	}
	var buf bytes.Buffer
	var err error
	if f == PNG {
		err = png.Encode(&buf, img)
	} else {
		err = jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90})
	}
	if err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func mustGIF(tb testing.TB, w, h int) []byte {
	tb.Helper()
	var buf bytes.Buffer
	if err := gif.Encode(&buf, image.NewPaletted(image.Rect(0, 0, w, h), color.Palette{color.Black, color.White}), nil); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func TestInspect(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want Info
	}{
		{"a.jpg", mustImage(t, JPEG, 1000, 500), Info{Format: JPEG, Width: 1000, Height: 500}},
		{"a.JPEG", mustImage(t, JPEG, 30, 20), Info{Format: JPEG, Width: 30, Height: 20}},
		{"a.png", mustImage(t, PNG, 640, 480), Info{Format: PNG, Width: 640, Height: 480}},
		{"a.svg", []byte(`<?xml version="1.0"?><!-- c --><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1200 630"></svg>`), Info{Format: SVG, Width: 1200, Height: 630}},
		{"b.svg", []byte(`<svg width="300px" height="150" viewBox="0 0 30 15"/>`), Info{Format: SVG, Width: 300, Height: 150}},
		{"c.svg", []byte(`<svg width="100%" viewBox="0,0,40.4,20"/>`), Info{Format: SVG, Width: 40, Height: 20}},
		{"d.svg", []byte(`<svg/>`), Info{Format: SVG, Width: 0, Height: 0}},
		{"a.gif", mustGIF(t, 64, 32), Info{Format: GIF, Width: 64, Height: 32}},
		{"e.svg", []byte(`not svg at all`), Info{Format: SVG, Width: 0, Height: 0}},
	}
	for _, tt := range tests {
		got, err := Inspect(tt.name, tt.data, 0)
		if err != nil || got != tt.want {
			t.Errorf("Inspect(%s) = %+v, %v; want %+v", tt.name, got, err, tt.want)
		}
	}
	for _, bad := range []struct {
		name string
		data []byte
	}{
		{"broken.jpg", []byte("not a jpeg")},
		{"png-named.jpg", mustImage(t, PNG, 10, 10)},
		{"x.gif", []byte("GIF89a")},
		{"x.bmp", []byte("BM")},
	} {
		if _, err := Inspect(bad.name, bad.data, 0); err == nil {
			t.Errorf("Inspect(%s) gave no error", bad.name)
		}
	}
}

func TestWidthsFor(t *testing.T) {
	tests := []struct {
		info Info
		want []int
	}{
		{Info{Format: JPEG, Width: 2400, Height: 1200}, []int{480, 800, 1200, 1600}},
		{Info{Format: JPEG, Width: 1600, Height: 900}, []int{480, 800, 1200}}, // the original is the 1600
		{Info{Format: PNG, Width: 1000, Height: 1000}, []int{480, 800}},
		{Info{Format: PNG, Width: 480, Height: 100}, nil}, // never upscaled
		{Info{Format: JPEG, Width: 300, Height: 100}, nil},
		{Info{Format: SVG, Width: 4000, Height: 2000}, nil}, // SVG scales by itself
		{Info{Format: GIF, Width: 4000, Height: 2000}, nil}, // nor are GIF and WebP resized
		{Info{Format: WebP, Width: 4000, Height: 2000}, nil},
	}
	for _, tt := range tests {
		if got := WidthsFor(tt.info); !slices.Equal(got, tt.want) {
			t.Errorf("WidthsFor(%+v) = %v, want %v", tt.info, got, tt.want)
		}
	}
}

func TestVariantName(t *testing.T) {
	for in, want := range map[string]string{
		"cover.jpg":              "cover-480w.jpg",
		"stories/a/photo.x.png":  "stories/a/photo.x-480w.png",
		"images/zonder-extensie": "images/zonder-extensie-480w",
	} {
		if got := VariantName(in, 480); got != want {
			t.Errorf("VariantName(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestResizeKeepsFormat checks each copy's format and size.
func TestResizeKeepsFormat(t *testing.T) {
	for _, f := range []Format{JPEG, PNG} {
		src := mustImage(t, f, 1300, 650)
		info, err := Inspect("x."+string(f), src, 0)
		if err != nil {
			t.Fatal(err)
		}
		widths := WidthsFor(info)
		out, err := NewCache("", false).Resize(src, info, widths)
		if err != nil {
			t.Fatal(err)
		}
		for i, data := range out {
			cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
			if err != nil {
				t.Fatalf("%s at %d: %v", f, widths[i], err)
			}
			if Format(format) != f || cfg.Width != widths[i] || cfg.Height != HeightAt(info, widths[i]) {
				t.Errorf("%s at %d: got a %s of %d × %d", f, widths[i], format, cfg.Width, cfg.Height)
			}
		}
	}
}

// TestCacheHit proves with the cache's own counter that a copy found on
// disk or in memory is not made again, and that a damaged entry is.
func TestCacheHit(t *testing.T) {
	dir := t.TempDir()
	src := mustImage(t, JPEG, 1000, 500)
	info := Info{Format: JPEG, Width: 1000, Height: 500}
	widths := []int{480, 800}

	first := NewCache(dir, false)
	want, err := first.Resize(src, info, widths)
	if err != nil {
		t.Fatal(err)
	}
	if n := first.Resized(); n != 2 {
		t.Fatalf("a cold cache resized %d copies, want 2", n)
	}

	// A new build (a new Cache on the same folder) finds both on disk.
	second := NewCache(dir, false)
	got, err := second.Resize(src, info, widths)
	if err != nil {
		t.Fatal(err)
	}
	if n := second.Resized(); n != 0 {
		t.Errorf("a warm cache resized %d copies, want 0", n)
	}
	for i := range want {
		if !bytes.Equal(got[i], want[i]) {
			t.Errorf("the cached copy at %d differs from the one made", widths[i])
		}
	}

	// Another image (other bytes) is another key.
	other := mustImage(t, JPEG, 1000, 501)
	if _, err := second.Resize(other, Info{Format: JPEG, Width: 1000, Height: 501}, widths[:1]); err != nil {
		t.Fatal(err)
	}
	if n := second.Resized(); n != 1 {
		t.Errorf("a changed image resized %d copies, want 1", n)
	}

	// Damage one entry, truncate the other: both are made again, and
	// the entries are repaired.
	p480, p800 := first.path(Key(src, JPEG, 480), JPEG), first.path(Key(src, JPEG, 800), JPEG)
	raw, err := os.ReadFile(p480)
	if err != nil {
		t.Fatal(err)
	}
	raw[len(raw)/2] ^= 0xff
	if err := os.WriteFile(p480, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p800, []byte("short"), 0o644); err != nil {
		t.Fatal(err)
	}
	third := NewCache(dir, false)
	got, err = third.Resize(src, info, widths)
	if err != nil {
		t.Fatal(err)
	}
	if n := third.Resized(); n != 2 {
		t.Errorf("damaged entries: resized %d copies, want 2", n)
	}
	if !bytes.Equal(got[0], want[0]) || !bytes.Equal(got[1], want[1]) {
		t.Error("copies made again differ from the first ones")
	}
	fourth := NewCache(dir, false)
	if _, err := fourth.Resize(src, info, widths); err != nil || fourth.Resized() != 0 {
		t.Errorf("repaired entries not used: resized %d, err %v", fourth.Resized(), err)
	}
}

// TestMemoryCache: a preview keeps copies in memory, with no folder, and
// forgets those of images no longer asked for.
func TestMemoryCache(t *testing.T) {
	c := NewCache("", true)
	src := mustImage(t, PNG, 900, 300)
	info := Info{Format: PNG, Width: 900, Height: 300}
	for i := 0; i < 3; i++ {
		if _, err := c.Resize(src, info, []int{480, 800}); err != nil {
			t.Fatal(err)
		}
		c.Sweep()
	}
	if n := c.Resized(); n != 2 {
		t.Errorf("three builds resized %d copies, want 2", n)
	}
	c.Sweep() // not asked for since the last sweep: forgotten
	if _, err := c.Resize(src, info, []int{480}); err != nil {
		t.Fatal(err)
	}
	if n := c.Resized(); n != 3 {
		t.Errorf("after a sweep without use: resized %d copies in all, want 3", n)
	}
}

func TestResizeBroken(t *testing.T) {
	c := NewCache(filepath.Join(t.TempDir(), "c"), false)
	if _, err := c.Resize([]byte("garbage"), Info{Format: JPEG, Width: 1000, Height: 500}, []int{480}); err == nil {
		t.Error("no error for an image that does not decode")
	}
}

// BenchmarkResize measures making the copies of one 1600 × 1000 photo
// (decode once, then 480, 800 and 1200 wide, encode), without cache.
func BenchmarkResize(b *testing.B) {
	for _, f := range []Format{JPEG, PNG} {
		src := mustImage(b, f, 1600, 1000)
		info := Info{Format: f, Width: 1600, Height: 1000}
		b.Run(string(f), func(b *testing.B) {
			for b.Loop() {
				if _, err := NewCache("", false).Resize(src, info, WidthsFor(info)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
