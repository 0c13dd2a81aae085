package chart

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"math"
	"strconv"
	"testing"
)

func points(n int) []Point {
	var ps []Point
	for i := 0; i < n; i++ {
		// Clusters and identical spots, as real brands have.
		x, y := float64((i*7)%11), float64((i*3)%11)
		if i%5 == 0 {
			x, y = 8, 9
		}
		ps = append(ps, Point{Label: fmt.Sprintf("Merk %02d & co", i), URL: fmt.Sprintf("/brands/merk-%02d/", i), Personal: x, Extreme: y})
	}
	return ps
}

func TestLayoutNoOverlap(t *testing.T) {
	for _, n := range []int{1, 5, 30, 40} {
		placed := Layout(points(n))
		for i, a := range placed {
			if a.Box.X < 0 || a.Box.Y < 0 || a.Box.X+a.Box.W > width || a.Box.Y+a.Box.H > height {
				t.Errorf("n=%d: label %q outside the drawing: %+v", n, a.Point.Label, a.Box)
			}
			for j, b := range placed {
				if i != j && a.Box.overlaps(b.Box) {
					t.Errorf("n=%d: labels %q and %q overlap", n, a.Point.Label, b.Point.Label)
				}
				if i != j && a.Box.overlaps(Box{b.X - radius, b.Y - radius, 2 * radius, 2 * radius}) {
					t.Errorf("n=%d: label %q covers the dot of %q", n, a.Point.Label, b.Point.Label)
				}
			}
		}
	}
}

// TestSVG parses the SVG: every point is a link to its URL whose circle
// sits where its scores say, and the text is escaped.
func TestSVG(t *testing.T) {
	ps := []Point{
		{Label: "Zappos", URL: "/brands/zappos/", Personal: 7, Extreme: 10},
		{Label: "Teeling <b>&</b>", URL: "/brands/teeling/?a=1&b=2", Personal: 10, Extreme: 7},
		{Label: "Bank", URL: "/brands/bank/", Personal: 0, Extreme: 0},
	}
	svg := SVG(ps, Options{ID: "c", Title: "Twee assen", Desc: "Merken", XLabel: "Persoonlijk", YLabel: "Extreem",
		Quadrants: [4]string{"a", "b", "c", "d"}, PointTitle: "%s: persoonlijk %g, extreem %g"})
	var doc struct {
		Title  string `xml:"title"`
		Points []struct {
			Href   string `xml:"href,attr"`
			Title  string `xml:"title"`
			Circle struct {
				CX string `xml:"cx,attr"`
				CY string `xml:"cy,attr"`
			} `xml:"circle"`
			Text string `xml:"text"`
		} `xml:"a"`
	}
	if err := xml.NewDecoder(bytes.NewReader(svg)).Decode(&doc); err != nil {
		t.Fatalf("not well-formed: %v\n%s", err, svg)
	}
	if doc.Title != "Twee assen" || len(doc.Points) != 3 {
		t.Fatalf("title %q, %d points", doc.Title, len(doc.Points))
	}
	byLabel := map[string]Point{}
	for _, p := range ps {
		byLabel[p.Label] = p
	}
	for _, a := range doc.Points {
		p, ok := byLabel[a.Text]
		if !ok || a.Href != p.URL {
			t.Errorf("point %q links to %q", a.Text, a.Href)
			continue
		}
		cx, _ := strconv.ParseFloat(a.Circle.CX, 64)
		cy, _ := strconv.ParseFloat(a.Circle.CY, 64)
		wantX := left + p.Personal/10*(width-left-right)
		wantY := top + (1-p.Extreme/10)*(height-top-bottom)
		if math.Abs(cx-wantX) > 0.1 || math.Abs(cy-wantY) > 0.1 {
			t.Errorf("%s at (%g,%g), want (%g,%g)", a.Text, cx, cy, wantX, wantY)
		}
		if a.Title != fmt.Sprintf("%s: persoonlijk %g, extreem %g", p.Label, p.Personal, p.Extreme) {
			t.Errorf("tooltip %q", a.Title)
		}
	}
	if !bytes.Equal(svg, SVG(ps, Options{ID: "c", Title: "Twee assen", Desc: "Merken", XLabel: "Persoonlijk", YLabel: "Extreem",
		Quadrants: [4]string{"a", "b", "c", "d"}, PointTitle: "%s: persoonlijk %g, extreem %g"})) {
		t.Error("the same input gives different bytes")
	}
}
