package images

import (
	"bytes"
	"encoding/binary"
	"image"
)

// orientation returns the EXIF orientation of a JPEG, 1 to 8, or 1 when
// it has none or its EXIF cannot be read. It walks the segments before
// the image data and reads only the first IFD of an Exif APP1 segment;
// every offset is checked against the data, so any input is safe.
func orientation(data []byte) int {
	if len(data) < 4 || data[0] != 0xff || data[1] != 0xd8 {
		return 1
	}
	rest := data[2:]
	for len(rest) >= 4 {
		if rest[0] != 0xff {
			return 1
		}
		marker := rest[1]
		switch {
		case marker == 0xff: // fill byte
			rest = rest[1:]
			continue
		case marker == 0x01 || marker >= 0xd0 && marker <= 0xd8: // no length
			rest = rest[2:]
			continue
		case marker == 0xda || marker == 0xd9: // image data, or the end
			return 1
		}
		n := int(binary.BigEndian.Uint16(rest[2:]))
		if n < 2 || n+2 > len(rest) {
			return 1
		}
		seg := rest[4 : 2+n]
		if marker == 0xe1 && bytes.HasPrefix(seg, []byte("Exif\x00\x00")) {
			return tiffOrientation(seg[6:])
		}
		rest = rest[2+n:]
	}
	return 1
}

// tiffOrientation reads tag 0x0112 from the first IFD of a TIFF header.
func tiffOrientation(t []byte) int {
	if len(t) < 8 {
		return 1
	}
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 1
	}
	if bo.Uint16(t[2:]) != 42 {
		return 1
	}
	ifd := int64(bo.Uint32(t[4:]))
	if ifd < 8 || ifd+2 > int64(len(t)) {
		return 1
	}
	count := int64(bo.Uint16(t[ifd:]))
	for i := int64(0); i < count; i++ {
		e := ifd + 2 + i*12
		if e+12 > int64(len(t)) {
			return 1
		}
		if bo.Uint16(t[e:]) != 0x0112 {
			continue
		}
		// A SHORT (type 3), one of it, held in the entry itself.
		if bo.Uint16(t[e+2:]) != 3 || bo.Uint32(t[e+4:]) != 1 {
			return 1
		}
		if o := int(bo.Uint16(t[e+8:])); o >= 1 && o <= 8 {
			return o
		}
		return 1
	}
	return 1
}

// orient returns img (as stored) turned as EXIF orientation o says, so
// that it shows upright. Orientations 5 to 8 swap width and height.
func orient(img *image.RGBA, o int) *image.RGBA {
	if o <= 1 || o > 8 {
		return img
	}
	sw, sh := img.Rect.Dx(), img.Rect.Dy()
	w, h := sw, sh
	if o >= 5 {
		w, h = sh, sw
	}
	out := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			var sx, sy int
			switch o {
			case 2: // mirrored
				sx, sy = sw-1-x, y
			case 3: // turned 180°
				sx, sy = sw-1-x, sh-1-y
			case 4: // mirrored upside down
				sx, sy = x, sh-1-y
			case 5: // mirrored, turned 90° anticlockwise
				sx, sy = y, x
			case 6: // turned 90° clockwise to show
				sx, sy = y, sh-1-x
			case 7: // mirrored, turned 90° clockwise
				sx, sy = sw-1-y, sh-1-x
			case 8: // turned 90° anticlockwise to show
				sx, sy = sw-1-y, x
			}
			copy(out.Pix[out.PixOffset(x, y):][:4], img.Pix[img.PixOffset(sx+img.Rect.Min.X, sy+img.Rect.Min.Y):][:4])
		}
	}
	return out
}
