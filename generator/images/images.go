// Package images owns responsive images: it reads the size of a JPEG,
// PNG or SVG image, picks the widths a photo is published in, and makes
// those smaller copies (resized, then encoded in the image's own format).
//
// Pictures come from outside, so their cost is bounded before any pixel
// is decoded: Inspect reads only the header and refuses a picture of more
// than a limit of pixels (DefaultMaxPixels unless the site sets another),
// so a small file that declares 20,000 × 20,000 pixels costs microseconds,
// not gigabytes. A photo from a phone or camera is stored sideways with an
// EXIF orientation that says how to turn it: Inspect gives the size as
// shown, and the copies are turned upright (copies carry no EXIF). Formats
// that not every browser shows (HEIC, TIFF…) are named by Unshowable, with
// what to convert them to.
//
// Resizing is the expensive part of a build, so a Cache keeps every copy
// it makes: on disk, under the build cache folder, and optionally in
// memory for a long-running preview. A copy's key is a hash of the source
// bytes, the width, the JPEG quality and the package's Version, so an
// unchanged image is never resized again, and an entry whose checksum does
// not match its bytes is made again.
//
// The package knows nothing of URLs, pages or the destination: it turns
// bytes into bytes, and the generator decides where they go. It reads and
// writes no files but its own cache entries.
package images

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"image"
	_ "image/gif" // measured, not resized
	"image/jpeg"
	"image/png"
	"math"
	"path"
	"strconv"
	"strings"

	_ "golang.org/x/image/webp" // measured, not resized
)

// Version changes whenever the resizing or encoding changes, so that
// cache entries made the old way are not used.
const Version = "fanfare-images-2"

// DefaultMaxPixels is the most pixels a picture may have, unless the site
// sets another limit (images.max_pixels in fanfare.yaml): 50 megapixels,
// more than any phone or most cameras give (a 12-megapixel photo is
// 4000 × 3000). Decoding a picture takes about 4 bytes a pixel.
const DefaultMaxPixels = 50_000_000

// Quality is the JPEG quality of resized photos.
const Quality = 80

// widths are the widths, in pixels, that photos are published in besides
// their original. An image is never made larger: widths at or above the
// original's are left out.
var widths = [...]int{480, 800, 1200, 1600}

// Format is an image format the package understands.
type Format string

// The formats. JPEG and PNG are resized; the others are only measured.
const (
	JPEG Format = "jpeg"
	PNG  Format = "png"
	SVG  Format = "svg"
	GIF  Format = "gif"
	WebP Format = "webp"
)

// FormatOf returns the format of a file by its extension, or "" for a
// file this package does not handle.
func FormatOf(name string) Format {
	switch strings.ToLower(path.Ext(name)) {
	case ".jpg", ".jpeg":
		return JPEG
	case ".png":
		return PNG
	case ".svg":
		return SVG
	case ".gif":
		return GIF
	case ".webp":
		return WebP
	}
	return ""
}

// Unshowable returns, for a file whose name says it is a picture that
// not every browser shows, what to convert it to; "" for any other file.
func Unshowable(name string) string {
	switch ext := strings.ToLower(path.Ext(name)); ext {
	case ".heic", ".heif", ".hif":
		return "a HEIC/HEIF photo (as iPhones take them) shows in Safari only: convert it to JPEG (on an iPhone, Settings › Camera › Formats › Most Compatible takes JPEG from then on)"
	case ".tif", ".tiff":
		return "a TIFF picture shows in Safari only: convert it to JPEG (a photo) or PNG (a drawing, logo or screenshot)"
	case ".bmp", ".dib":
		return "a BMP picture is large and not meant for the web: convert it to PNG (a drawing or screenshot) or JPEG (a photo)"
	case ".psd", ".xcf", ".ai", ".eps":
		return "a " + strings.ToUpper(ext[1:]) + " file is for editing, not for browsers: export it as JPEG (a photo), PNG (a drawing) or SVG (a logo)"
	case ".jxl":
		return "a JPEG XL picture does not show in most browsers: convert it to JPEG"
	case ".jp2", ".j2k", ".jpx":
		return "a JPEG 2000 picture does not show in most browsers: convert it to JPEG"
	case ".dng", ".cr2", ".cr3", ".nef", ".arw", ".orf", ".rw2", ".raf", ".raw":
		return "a camera's raw file does not show in browsers: export it as JPEG"
	}
	return ""
}

// Info is what a page needs to know of an image to lay it out.
type Info struct {
	Format        Format
	Width, Height int // in pixels, as shown (for SVG: its viewBox or width and height, 0 when it has neither)
	// Orientation is the JPEG's EXIF orientation, 1 to 8 (0 or 1: stored
	// upright). For 5 to 8 the stored pixels are Height wide and Width
	// high: Width and Height are the size as shown.
	Orientation int
}

// TooLarge is the error of a picture with more pixels than the limit.
type TooLarge struct {
	Width, Height int // as stored
	Max           int // the limit, in pixels
}

func (e *TooLarge) Error() string {
	return fmt.Sprintf("the picture is %d × %d pixels (%s megapixels), more than the limit of %s megapixels: make it smaller (a photo for the web needs at most 4000 pixels across), or raise images.max_pixels in fanfare.yaml",
		e.Width, e.Height, megapixels(int64(e.Width)*int64(e.Height)), megapixels(int64(e.Max)))
}

func megapixels(n int64) string {
	return strconv.FormatFloat(math.Round(float64(n)/1e5)/10, 'f', -1, 64)
}

// Inspect reads an image's format and size. It decodes only the header of
// a JPEG, PNG, GIF or WebP (and a JPEG's EXIF orientation), and the root
// element of an SVG. A picture of more than maxPixels pixels is a
// *TooLarge error (maxPixels <= 0 means DefaultMaxPixels): nothing may
// decode it.
func Inspect(name string, data []byte, maxPixels int) (Info, error) {
	if maxPixels <= 0 {
		maxPixels = DefaultMaxPixels
	}
	f := FormatOf(name)
	switch f {
	case JPEG, PNG, GIF, WebP:
		cfg, got, err := image.DecodeConfig(bytes.NewReader(data))
		if err != nil {
			return Info{}, fmt.Errorf("not a readable %s image: %w", strings.ToUpper(string(f)), err)
		}
		if Format(got) != f {
			return Info{}, fmt.Errorf("the file is a %s image, but its name ends in %s", strings.ToUpper(got), path.Ext(name))
		}
		if cfg.Width <= 0 || cfg.Height <= 0 {
			return Info{}, errors.New("the image has no pixels")
		}
		if int64(cfg.Width)*int64(cfg.Height) > int64(maxPixels) {
			return Info{}, &TooLarge{Width: cfg.Width, Height: cfg.Height, Max: maxPixels}
		}
		info := Info{Format: f, Width: cfg.Width, Height: cfg.Height}
		if o := orientation(data); f == JPEG && o > 1 {
			info.Orientation = o
			if o >= 5 {
				info.Width, info.Height = info.Height, info.Width
			}
		}
		return info, nil
	case SVG:
		w, h := svgSize(data)
		return Info{Format: SVG, Width: w, Height: h}, nil
	}
	return Info{}, fmt.Errorf("%s is not a JPEG, PNG, GIF, WebP or SVG image", name)
}

// svgSize reads the width and height of an SVG from its root element:
// the width and height attributes when both are plain numbers (or px),
// else the viewBox. It returns zeros when neither is there.
func svgSize(data []byte) (w, h int) {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false
	for i := 0; i < 64; i++ { // the root comes after a few prolog tokens
		tok, err := d.Token()
		if err != nil {
			return 0, 0
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if se.Name.Local != "svg" {
			return 0, 0
		}
		var ws, hs, vb string
		for _, a := range se.Attr {
			switch a.Name.Local {
			case "width":
				ws = a.Value
			case "height":
				hs = a.Value
			case "viewBox":
				vb = a.Value
			}
		}
		if w, h := length(ws), length(hs); w > 0 && h > 0 {
			return w, h
		}
		f := strings.FieldsFunc(vb, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' || r == '\r' })
		if len(f) == 4 {
			vw, err1 := strconv.ParseFloat(f[2], 64)
			vh, err2 := strconv.ParseFloat(f[3], 64)
			if err1 == nil && err2 == nil && vw >= 1 && vh >= 1 && vw < 1e6 && vh < 1e6 {
				return int(math.Round(vw)), int(math.Round(vh))
			}
		}
		return 0, 0
	}
	return 0, 0
}

// length parses an SVG width or height given in pixels ("1200", "1200px").
func length(s string) int {
	v, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(s), "px"), 64)
	if err != nil || v < 1 || v >= 1e6 {
		return 0
	}
	return int(math.Round(v))
}

// WidthsFor returns the widths the image's copies are made in: 480,
// 800, 1200 and 1600 pixels, those below the image's own width. SVG
// images get none.
func WidthsFor(info Info) []int {
	if info.Format != JPEG && info.Format != PNG {
		return nil
	}
	var ws []int
	for _, w := range widths {
		if w < info.Width {
			ws = append(ws, w)
		}
	}
	return ws
}

// Largest is the widest copy ever made: a wider original is served at
// this width.
func Largest() int { return widths[len(widths)-1] }

// HeightAt returns the height of the image scaled to width w, keeping its
// aspect ratio (at least 1).
func HeightAt(info Info, w int) int {
	if info.Width == 0 {
		return 0
	}
	return max(1, int(math.Round(float64(info.Height)*float64(w)/float64(info.Width))))
}

// VariantName is the file name of the copy of name at width w, beside
// the original: "cover.jpg" at 480 is "cover-480w.jpg".
func VariantName(name string, w int) string {
	ext := path.Ext(name)
	return strings.TrimSuffix(name, ext) + "-" + strconv.Itoa(w) + "w" + ext
}

// encode writes img in format f.
func encode(img image.Image, f Format) ([]byte, error) {
	var buf bytes.Buffer
	var err error
	switch f {
	case JPEG:
		err = jpeg.Encode(&buf, img, &jpeg.Options{Quality: Quality})
	case PNG:
		err = (&png.Encoder{CompressionLevel: png.DefaultCompression}).Encode(&buf, img)
	default:
		err = fmt.Errorf("cannot encode %s", f)
	}
	return buf.Bytes(), err
}
