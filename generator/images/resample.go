package images

import (
	"image"
	"image/draw"
	"math"
)

// Resampling: a separable Catmull-Rom filter, widened in proportion when
// making smaller (so that every source pixel counts), that reads the
// source one row at a time. Each source row is converted to RGBA
// (premultiplied, so transparent pixels do not bleed their colour) and
// filtered across into a ring of a few rows; each row of the copy is
// then filtered down from that ring. Memory is the copy itself and a
// few rows, whatever the size of the source: x/image/draw's kernel keeps
// a whole intermediate image of float64s (a 12-megapixel photo made
// 1600 wide: 150 MB).

// taps are the weights of one output pixel: the source pixels from
// first, one weight each.
type taps struct {
	first int
	w     []float32
}

// catmullRom is the Catmull-Rom cubic (B = 0, C = 1/2), support 2.
func catmullRom(x float64) float64 {
	x = math.Abs(x)
	switch {
	case x < 1:
		return (1.5*x-2.5)*x*x + 1
	case x < 2:
		return ((-0.5*x+2.5)*x-4)*x + 2
	}
	return 0
}

// weights gives the taps of each of dn output pixels from sn source
// pixels. Taps outside the source are dropped and the rest scaled to
// sum to 1.
func weights(sn, dn int) []taps {
	scale := float64(sn) / float64(dn)
	support := 2.0
	filterScale := 1.0
	if scale > 1 {
		support *= scale
		filterScale = scale
	}
	out := make([]taps, dn)
	for i := range out {
		center := (float64(i)+0.5)*scale - 0.5
		lo := max(0, int(math.Ceil(center-support)))
		hi := min(sn-1, int(math.Floor(center+support)))
		ws := make([]float32, 0, hi-lo+1)
		sum := 0.0
		vals := make([]float64, 0, hi-lo+1)
		for j := lo; j <= hi; j++ {
			v := catmullRom((float64(j) - center) / filterScale)
			vals = append(vals, v)
			sum += v
		}
		for _, v := range vals {
			if sum != 0 {
				v /= sum
			}
			ws = append(ws, float32(v))
		}
		out[i] = taps{first: lo, w: ws}
	}
	return out
}

// resample returns src scaled to w × h pixels.
func resample(src image.Image, w, h int) *image.RGBA {
	sb := src.Bounds()
	sw, sh := sb.Dx(), sb.Dy()
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	if sw <= 0 || sh <= 0 || w <= 0 || h <= 0 {
		return dst
	}
	across, down := weights(sw, w), weights(sh, h)
	// The ring holds filtered-across rows: as many as one output row
	// needs at most.
	span := 1
	for _, t := range down {
		span = max(span, len(t.w))
	}
	ring := make([]float32, span*w*4)
	rowOf := make([]int, span) // which source row each slot holds
	for i := range rowOf {
		rowOf[i] = -1
	}
	line := image.NewRGBA(image.Rect(0, 0, sw, 1))
	load := func(sy int) []float32 {
		slot := sy % span
		out := ring[slot*w*4 : (slot+1)*w*4]
		if rowOf[slot] == sy {
			return out
		}
		rowOf[slot] = sy
		draw.Draw(line, line.Rect, src, image.Pt(sb.Min.X, sb.Min.Y+sy), draw.Src)
		px := line.Pix
		for x, t := range across {
			var r, g, b, a float32
			p := px[t.first*4:]
			for k, wt := range t.w {
				q := p[k*4 : k*4+4 : k*4+4]
				r += wt * float32(q[0])
				g += wt * float32(q[1])
				b += wt * float32(q[2])
				a += wt * float32(q[3])
			}
			o := out[x*4 : x*4+4 : x*4+4]
			o[0], o[1], o[2], o[3] = r, g, b, a
		}
		return out
	}
	rows := make([][]float32, span)
	for y, t := range down {
		for k := range t.w {
			rows[k] = load(t.first + k)
		}
		d := dst.Pix[y*dst.Stride : y*dst.Stride+w*4]
		for x := 0; x < w*4; x += 4 {
			var r, g, b, a float32
			for k, wt := range t.w {
				q := rows[k][x : x+4 : x+4]
				r += wt * q[0]
				g += wt * q[1]
				b += wt * q[2]
				a += wt * q[3]
			}
			// Premultiplied: no channel above alpha.
			ca := clamp8(a)
			d[x+0] = min(clamp8(r), ca)
			d[x+1] = min(clamp8(g), ca)
			d[x+2] = min(clamp8(b), ca)
			d[x+3] = ca
		}
	}
	return dst
}

func clamp8(v float32) uint8 {
	switch {
	case v <= 0:
		return 0
	case v >= 255:
		return 255
	}
	return uint8(v + 0.5)
}
