// Package chart draws the two-axes chart as SVG at build time: brands or
// symbols placed by their "being personal" (x) and "extreme symbols" (y)
// scores, 0 to 10, with the four quadrants labelled and every point a
// labelled, focusable link. Labels are placed so that they never overlap
// each other, the points, or the edges.
//
// The SVG is meant to be inlined in a page: it uses currentColor and CSS
// classes (chart-*) so that the page's style sheet colours it for light
// and dark mode. The package does no I/O.
package chart

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"math"
	"sort"
)

// Point is one item on the chart.
type Point struct {
	Label    string
	URL      string
	Personal float64 // 0–10, x axis
	Extreme  float64 // 0–10, y axis
}

// Options describe the chart's text.
type Options struct {
	ID          string    // unique prefix for element ids
	Title, Desc string    // for <title> and <desc>
	XLabel      string    // "Persoonlijk"
	YLabel      string    // "Extreem"
	Quadrants   [4]string // top left, top right, bottom left, bottom right
	PointTitle  string    // format for a point's tooltip: label, x, y
}

// Geometry of the drawing, in viewBox units.
const (
	width, height = 800.0, 560.0
	left, right   = 70.0, 30.0
	top, bottom   = 30.0, 60.0
	radius        = 7.0
	fontSize      = 15.0
	charWidth     = 0.58 * fontSize // estimate for the label boxes
)

// Box is a rectangle in viewBox units.
type Box struct{ X, Y, W, H float64 }

func (a Box) overlaps(b Box) bool {
	return a.X < b.X+b.W && b.X < a.X+a.W && a.Y < b.Y+b.H && b.Y < a.Y+a.H
}

// Placed is a point with its position and its label's box.
type Placed struct {
	Point
	X, Y   float64 // centre of the dot
	Box    Box     // where the label is drawn
	Leader bool    // the label sits away from the dot, with a line to it
}

// Layout computes where every point and label goes. Points are sorted by
// label first, so the same input always gives the same drawing.
func Layout(points []Point) []Placed {
	ps := append([]Point(nil), points...)
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].Label < ps[j].Label })
	plotW, plotH := width-left-right, height-top-bottom
	out := make([]Placed, len(ps))
	var taken []Box
	seen := map[[2]float64]int{}
	for i, p := range ps {
		x := left + clamp(p.Personal)/10*plotW
		y := top + (1-clamp(p.Extreme)/10)*plotH
		// Points on the same spot fan out around it.
		k := [2]float64{x, y}
		if n := seen[k]; n > 0 {
			a := float64(n) * 2 * math.Pi / 6
			x += 2.4 * radius * math.Cos(a)
			y += 2.4 * radius * math.Sin(a)
		}
		seen[k]++
		out[i] = Placed{Point: p, X: x, Y: y}
		taken = append(taken, Box{x - radius, y - radius, 2 * radius, 2 * radius})
	}
	for i := range out {
		out[i].Box, out[i].Leader = place(out[i], taken)
		taken = append(taken, out[i].Box)
	}
	return out
}

func clamp(v float64) float64 { return math.Max(0, math.Min(10, v)) }

// place finds a free spot for a point's label: beside the dot first, then
// further out in rings.
func place(p Placed, taken []Box) (Box, bool) {
	w := float64(len([]rune(p.Point.Label)))*charWidth + 4
	h := fontSize + 4
	for ring := 0; ring < 12; ring++ {
		d := radius + 4 + float64(ring)*h
		candidates := [][2]float64{
			{p.X + d, p.Y - h/2},         // right
			{p.X - d - w, p.Y - h/2},     // left
			{p.X - w/2, p.Y - d - h},     // above
			{p.X - w/2, p.Y + d},         // below
			{p.X + d, p.Y - d - h/2},     // upper right
			{p.X - d - w, p.Y - d - h/2}, // upper left
			{p.X + d, p.Y + d - h/2},     // lower right
			{p.X - d - w, p.Y + d - h/2}, // lower left
		}
		for _, c := range candidates {
			b := Box{c[0], c[1], w, h}
			if b.X < 2 || b.Y < 2 || b.X+b.W > width-2 || b.Y+b.H > height-bottom+20 {
				continue
			}
			free := true
			for _, t := range taken {
				if b.overlaps(t) {
					free = false
					break
				}
			}
			if free {
				return b, ring > 0
			}
		}
	}
	// Nowhere free: right of the dot, as a last resort.
	return Box{math.Min(p.X+radius+4, width-w-2), p.Y - h/2, w, h}, false
}

// SVG draws the chart.
func SVG(points []Point, o Options) []byte {
	var b bytes.Buffer
	esc := func(s string) string {
		var e bytes.Buffer
		xml.EscapeText(&e, []byte(s))
		return e.String()
	}
	id := o.ID
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %g %g" role="group" aria-labelledby="%s-title %s-desc" xmlns="http://www.w3.org/2000/svg">`, width, height, id, id)
	fmt.Fprintf(&b, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, id, esc(o.Title), id, esc(o.Desc))
	plotW, plotH := width-left-right, height-top-bottom
	midX, midY := left+plotW/2, top+plotH/2
	// Quadrants: the top right one, high on both axes, is tinted.
	fmt.Fprintf(&b, `<rect class="chart-plot" x="%g" y="%g" width="%g" height="%g"/>`, left, top, plotW, plotH)
	fmt.Fprintf(&b, `<rect class="chart-best" x="%g" y="%g" width="%g" height="%g"/>`, midX, top, plotW/2, plotH/2)
	fmt.Fprintf(&b, `<path class="chart-axis" d="M%g %gV%gM%g %gH%g"/>`, midX, top, top+plotH, left, midY, left+plotW)
	qx := [4]float64{left + 10, left + plotW - 10, left + 10, left + plotW - 10}
	qy := [4]float64{top + 22, top + 22, top + plotH - 12, top + plotH - 12}
	anchor := [4]string{"start", "end", "start", "end"}
	for i, q := range o.Quadrants {
		fmt.Fprintf(&b, `<text class="chart-quadrant" x="%g" y="%g" text-anchor="%s">%s</text>`, qx[i], qy[i], anchor[i], esc(q))
	}
	fmt.Fprintf(&b, `<text class="chart-axis-label" x="%g" y="%g" text-anchor="middle">%s →</text>`, midX, height-18, esc(o.XLabel))
	fmt.Fprintf(&b, `<text class="chart-axis-label" x="22" y="%g" text-anchor="middle" transform="rotate(-90 22 %g)">%s →</text>`, midY, midY, esc(o.YLabel))
	for _, p := range Layout(points) {
		tip := fmt.Sprintf(o.PointTitle, p.Point.Label, p.Personal, p.Extreme)
		fmt.Fprintf(&b, `<a class="chart-point" href="%s"><title>%s</title>`, esc(p.URL), esc(tip))
		if p.Leader {
			cx, cy := p.Box.X+p.Box.W/2, p.Box.Y+p.Box.H/2
			fmt.Fprintf(&b, `<line class="chart-leader" x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f"/>`, p.X, p.Y, cx, cy)
		}
		fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="%g"/><text x="%.1f" y="%.1f">%s</text></a>`, p.X, p.Y, radius, p.Box.X+2, p.Box.Y+p.Box.H-5, esc(p.Point.Label))
	}
	b.WriteString(`</svg>`)
	return b.Bytes()
}
