package main

import (
	"bytes"
	be "encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// declaredPNG is a PNG that declares w × h pixels in its header and
// holds a few bytes of image data: a picture bomb in 70 bytes.
func declaredPNG(w, h uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(typ string, data []byte) {
		be.Write(&b, be.BigEndian, uint32(len(data)))
		b.WriteString(typ)
		b.Write(data)
		be.Write(&b, be.BigEndian, crc32.Update(crc32.ChecksumIEEE([]byte(typ)), crc32.IEEETable, data))
	}
	ihdr := make([]byte, 13)
	be.BigEndian.PutUint32(ihdr, w)
	be.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 6
	chunk("IHDR", ihdr)
	chunk("IDAT", []byte{0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01})
	chunk("IEND", nil)
	return b.Bytes()
}

// pictureSite writes a site with one story and the given extra files.
func pictureSite(tb testing.TB, files map[string][]byte) string {
	tb.Helper()
	dir := tb.TempDir()
	all := map[string][]byte{
		"fanfare.yaml":         []byte("title: Foto's\nbaseURL: https://example.com/\n"),
		"content/stories/a.md": []byte("---\ntitle: A\ndate: 2025-01-01\n---\nTekst.\n"),
	}
	for k, v := range files {
		all[k] = v
	}
	for name, data := range all {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

// TestPictureBomb: a 70-byte PNG in static/ that declares 20,000 ×
// 20,000 pixels (400 megapixels) is never decoded: the build warns,
// naming the file and the limit, publishes the file as it is, and stays
// small (it took 2.9 GB and 16 s before the limit). A lower limit set in
// fanfare.yaml applies too.
func TestPictureBomb(t *testing.T) {
	bomb := declaredPNG(20000, 20000)
	dir := pictureSite(t, map[string][]byte{"static/poster.png": bomb})
	cmd := exec.Command(binary, "build")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "NO_COLOR=1", "XDG_CACHE_HOME="+cacheHome(dir))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	peak := measured(t, cmd)
	if err := cmd.Run(); err != nil {
		t.Fatalf("build: %v\n%s", err, stderr.String())
	}
	msg := stderr.String()
	for _, want := range []string{"static/poster.png: warning:", "20000 × 20000 pixels (400 megapixels)", "limit of 50 megapixels", "images.max_pixels in fanfare.yaml"} {
		if !strings.Contains(msg, want) {
			t.Errorf("stderr lacks %q:\n%s", want, msg)
		}
	}
	if got, err := os.ReadFile(filepath.Join(dir, "public", "poster.png")); err != nil || !bytes.Equal(got, bomb) {
		t.Errorf("poster.png not published as it is: %v", err)
	}
	rss := peak() // kilobytes
	t.Logf("peak RSS of the build: %d MB", rss/1024)
	if rss > 400*1024 {
		t.Errorf("the build peaked at %d MB", rss/1024)
	}

	// A site's own, lower limit.
	small := declaredPNG(3000, 2000)
	dir = pictureSite(t, map[string][]byte{
		"static/poster.png": small,
		"fanfare.yaml":      []byte("title: Foto's\nbaseURL: https://example.com/\nimages:\n  max_pixels: 5000000\n"),
	})
	_, stderrS, code := runFanfare(t, dir, "build")
	if code != 0 || !strings.Contains(stderrS, "static/poster.png: warning:") || !strings.Contains(stderrS, "limit of 5 megapixels") {
		t.Errorf("a 6-megapixel picture at a limit of 5: exit %d, stderr:\n%s", code, stderrS)
	}
}

// TestUnshowablePicture: a HEIC photo from an iPhone and a TIFF scan
// stop the build with an error naming each file and what to convert it to.
func TestUnshowablePicture(t *testing.T) {
	dir := pictureSite(t, map[string][]byte{
		"content/stories/b/index.md":      []byte("---\ntitle: B\ndate: 2025-01-01\n---\nTekst.\n"),
		"content/stories/b/IMG_0042.HEIC": []byte("\x00\x00\x00\x18ftypheic"),
		"static/scan.tif":                 []byte("II*\x00"),
	})
	_, stderr, code := runFanfare(t, dir, "build")
	if code == 0 {
		t.Fatalf("build succeeded with a HEIC and a TIFF picture:\n%s", stderr)
	}
	for _, want := range []string{
		"content/stories/b/IMG_0042.HEIC: a HEIC/HEIF photo (as iPhones take them) shows in Safari only: convert it to JPEG",
		"static/scan.tif: a TIFF picture shows in Safari only: convert it to JPEG (a photo) or PNG",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "public")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a failed build published something: %v", err)
	}
}

// sidewaysJPEG is a photo stored 1000 × 600 (red left half, blue right
// half as stored) with EXIF orientation 6: a phone held upright, whose
// picture shows 600 × 1000 with red on top.
func sidewaysJPEG(tb testing.TB) []byte {
	tb.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 1000, 600))
	for y := range 600 {
		for x := range 1000 {
			c := color.RGBA{0xff, 0, 0, 0xff}
			if x >= 500 {
				c = color.RGBA{0, 0, 0xff, 0xff}
			}
			img.SetRGBA(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90}); err != nil {
		tb.Fatal(err)
	}
	tiff := []byte("MM\x00\x2a\x00\x00\x00\x08\x00\x01\x01\x12\x00\x03\x00\x00\x00\x01\x00\x06\x00\x00\x00\x00\x00\x00")
	seg := append([]byte("Exif\x00\x00"), tiff...)
	out := []byte{0xff, 0xd8, 0xff, 0xe1}
	out = be.BigEndian.AppendUint16(out, uint16(len(seg)+2))
	out = append(out, seg...)
	return append(out, buf.Bytes()[2:]...)
}

// TestPhotoOrientation: a portrait photo stored sideways (EXIF
// orientation 6) is laid out portrait (width="600" height="1000") and
// its copies are upright; the original keeps its EXIF, which browsers
// apply to it.
func TestPhotoOrientation(t *testing.T) {
	photo := sidewaysJPEG(t)
	dir := pictureSite(t, map[string][]byte{
		"content/stories/b/index.md":   []byte("---\ntitle: B\ndate: 2025-01-01\nimage: staand.jpg\nimage_alt: Een staande foto\n---\nTekst.\n"),
		"content/stories/b/staand.jpg": photo,
	})
	if _, stderr, code := runFanfare(t, dir, "build"); code != 0 {
		t.Fatalf("build: %s", stderr)
	}
	html, err := os.ReadFile(filepath.Join(dir, "public/stories/b/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(html, []byte(`width="600" height="1000"`)) {
		t.Errorf("the cover is not laid out 600 × 1000 as shown:\n%s", html)
	}
	data, err := os.ReadFile(filepath.Join(dir, "public/stories/b/staand-480w.jpg"))
	if err != nil {
		t.Fatal(err)
	}
	img, err := jpeg.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 480 || b.Dy() != 800 {
		t.Fatalf("the copy is %v, want 480 × 800", b)
	}
	top, bottom := img.At(240, 50), img.At(240, 750)
	if r, _, b, _ := top.RGBA(); r < 0xc000 || b > 0x4000 {
		t.Errorf("the copy's top is %v, want red: not turned upright", top)
	}
	if r, _, b, _ := bottom.RGBA(); b < 0xc000 || r > 0x4000 {
		t.Errorf("the copy's bottom is %v, want blue: not turned upright", bottom)
	}
	if orig, _ := os.ReadFile(filepath.Join(dir, "public/stories/b/staand.jpg")); !bytes.Equal(orig, photo) {
		t.Error("the original was not published as it is (with its EXIF orientation)")
	}
}
