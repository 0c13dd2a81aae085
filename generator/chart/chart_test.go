package chart

import (
	"bytes"
	"encoding/xml"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

var nl = Options{
	ID:         "chart-brands",
	Title:      "Merken op de assen persoonlijk en extreem",
	Desc:       "Horizontaal: hoe persoonlijk (0 tot 10). Verticaal: hoe extreem (0 tot 10). Elk punt is een link.",
	XLabel:     "Persoonlijk",
	YLabel:     "Extreem",
	Quadrants:  [4]string{"Extreem, maar afstandelijk", "Hier praten mensen over", "Proces zonder verhaal", "Persoonlijk, maar stil"},
	PointTitle: "%s: persoonlijk %g, extreem %g",
}

// crowd is n points as real sites have them: clusters near the top right,
// several on exactly the same spot, some on the edges and corners, long
// names and names with accents.
func crowd(n int) []Point {
	names := []string{"Zappos", "Teeling Whiskey", "Coolblue", "Patagonia", "Tony's Chocolonely", "Bol", "Picnic",
		"KLM", "Rituals", "Hema", "Albert Heijn", "De Bijenkorf", "Ben & Jerry's", "Lush", "IKEA", "Mercedes-Benz",
		"Volvo", "Dyson", "Apple", "Café Noir", "Brasserie Zoë", "Ritz-Carlton", "Nordstrom", "Southwest", "Trader Joe's",
		"Buurtzorg", "Swapfiets", "Vandebron", "Ace & Tate", "Mr Marvis", "Otrium", "Gazelle", "VanMoof", "Tesla"}
	var ps []Point
	for i := range n {
		name := names[i%len(names)]
		if i >= len(names) {
			name += " " + strconv.Itoa(i/len(names)+1)
		}
		x, y := float64((i*7)%11), float64((i*3)%11)
		switch {
		case i%5 == 0: // five brands on one spot
			x, y = 8, 9
		case i%7 == 1: // a tight cluster
			x, y = 7+float64(i%3)/10, 8+float64(i%4)/10
		case i == 2:
			x, y = 10, 10
		case i == 3:
			x, y = 0, 0
		}
		kind := "brand"
		if i%4 == 3 {
			kind = "symbol"
		}
		ps = append(ps, Point{Label: name, URL: "/brands/" + strings.ToLower(strings.ReplaceAll(name, " ", "-")) + "/", Personal: x, Extreme: y, Kind: kind})
	}
	return ps
}

// random is n points at random (but fixed) spots on a tenth-point grid.
func random(n int, seed uint64) []Point {
	r := rand.New(rand.NewPCG(seed, 1))
	var ps []Point
	for i := range n {
		label := fmt.Sprintf("Merk %c%d", 'A'+rune(r.IntN(26)), i)
		if r.IntN(4) == 0 {
			label += " & Zonen"
		}
		ps = append(ps, Point{Label: label, URL: fmt.Sprintf("/b/%d/", i),
			Personal: float64(r.IntN(101)) / 10, Extreme: float64(r.IntN(101)) / 10})
	}
	return ps
}

// TestLayout checks what a reader would notice: labels that overlap each
// other, cover a dot or a quadrant's name, or leave the plot; dots that
// cover each other or sit away from their scores.
func TestLayout(t *testing.T) {
	small := nl
	small.Width, small.Height = 480, 360
	for _, tc := range []struct {
		name      string
		points    []Point
		opts      Options
		crossings int // leader lines crossing a label: at most this many
	}{
		{"one", crowd(1), nl, 0},
		{"five", crowd(5), nl, 0},
		{"30 with clusters", crowd(30), nl, 0},
		{"34 all names", crowd(34), nl, 0},
		{"45 with clusters", crowd(45), nl, 8}, // 15 in a cluster: some leaders cross
		{"12 on one spot", func() []Point {
			var ps []Point
			for i := range 12 {
				ps = append(ps, Point{Label: fmt.Sprintf("Same %d", i), URL: "/", Personal: 5, Extreme: 5})
			}
			return ps
		}(), nl, 0},
		{"corners", []Point{{Label: "Top right corner", Personal: 10, Extreme: 10}, {Label: "Bottom left corner", Personal: 0, Extreme: 0},
			{Label: "Top left corner", Personal: 0, Extreme: 10}, {Label: "Bottom right corner", Personal: 10, Extreme: 0},
			{Label: "Out of range", Personal: 14, Extreme: -3}, {Label: "Not a number", Personal: math.NaN(), Extreme: 5}}, nl, 0},
		{"random 35", random(35, 1), nl, 0},
		{"random 40", random(40, 2), nl, 0},
		{"random 15 small", random(15, 3), small, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := newGeometry(tc.opts)
			placed := Layout(tc.points, tc.opts)
			if len(placed) != len(tc.points) {
				t.Fatalf("%d placed, want %d", len(placed), len(tc.points))
			}
			view := Box{0, 0, g.w, g.h}
			crossings := 0
			for i, a := range placed {
				if !a.Box.Within(view) || !a.Box.Within(g.labelArea()) {
					t.Errorf("label %q outside the viewBox or on the axes' numbers: %+v", a.Point.Label, a.Box)
				}
				for _, q := range g.quadrants(tc.opts.Quadrants) {
					if a.Box.Overlaps(q.box) {
						t.Errorf("label %q covers the quadrant %q", a.Point.Label, q.text)
					}
				}
				if w := textWidth(a.Point.Label, fontSize); a.Box.W < w {
					t.Errorf("label %q box %g wide, the text %g", a.Point.Label, a.Box.W, w)
				}
				spotX, spotY := g.x(a.Personal), g.y(a.Extreme)
				if d := math.Hypot(a.X-spotX, a.Y-spotY); math.Abs(d-a.Nudge) > 0.02 || a.Nudge > 8*radius {
					t.Errorf("dot %q %.1f from its spot, nudge %.1f", a.Point.Label, d, a.Nudge)
				}
				for j, b := range placed {
					if i == j {
						continue
					}
					if a.Box.Overlaps(b.Box) {
						t.Errorf("labels %q %+v and %q %+v overlap", a.Point.Label, a.Box, b.Point.Label, b.Box)
					}
					if a.Box.Overlaps(dotBox(b.X, b.Y)) {
						t.Errorf("label %q covers the dot of %q", a.Point.Label, b.Point.Label)
					}
					if i < j && math.Hypot(a.X-b.X, a.Y-b.Y) < 2*radius+dotGap-0.02 {
						t.Errorf("dots %q and %q overlap", a.Point.Label, b.Point.Label)
					}
					if b.Leader && segmentHitsBox(leader(b, b.Box), a.Box) {
						crossings++
						if crossings > tc.crossings {
							t.Errorf("the leader of %q crosses the label %q", b.Point.Label, a.Point.Label)
						}
					}
				}
			}
		})
	}
}

// svgDoc is the part of the SVG the tests read.
type svgDoc struct {
	XMLName     xml.Name
	ViewBox     string `xml:"viewBox,attr"`
	Width       string `xml:"width,attr"`
	Height      string `xml:"height,attr"`
	ID          string `xml:"id,attr"`
	Role        string `xml:"role,attr"`
	LabelledBy  string `xml:"aria-labelledby,attr"`
	DescribedBy string `xml:"aria-describedby,attr"`
	Title       struct {
		ID   string `xml:"id,attr"`
		Text string `xml:",chardata"`
	} `xml:"title"`
	Desc struct {
		ID   string `xml:"id,attr"`
		Text string `xml:",chardata"`
	} `xml:"desc"`
	Style  string `xml:"style"`
	Groups []struct {
		Class     string   `xml:"class,attr"`
		Quadrants []string `xml:"text"`
		Points    []struct {
			Class  string `xml:"class,attr"`
			Href   string `xml:"href,attr"`
			Title  string `xml:"title"`
			Circle []struct {
				CX string `xml:"cx,attr"`
				CY string `xml:"cy,attr"`
			} `xml:"circle"`
			Text []struct {
				X    string `xml:"x,attr"`
				Y    string `xml:"y,attr"`
				Text string `xml:",chardata"`
			} `xml:"text"`
		} `xml:"a"`
	} `xml:"g"`
}

func parse(t *testing.T, svg []byte) svgDoc {
	t.Helper()
	var doc svgDoc
	if err := xml.Unmarshal(svg, &doc); err != nil {
		t.Fatalf("not well-formed: %v\n%s", err, svg)
	}
	return doc
}

func float(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("not a number: %q", s)
	}
	return v
}

// TestSVG reads the SVG back as XML: its root is named and described and
// scales, every point is a link to its URL with its tooltip, its dot where
// its scores say and its label where Layout put it.
func TestSVG(t *testing.T) {
	points := crowd(34)
	svg := SVG(points, nl)
	doc := parse(t, svg)
	if doc.XMLName.Local != "svg" || doc.XMLName.Space != "http://www.w3.org/2000/svg" {
		t.Errorf("root %v", doc.XMLName)
	}
	if doc.ViewBox != "0 0 800 560" || doc.Width != "" || doc.Height != "" {
		t.Errorf("viewBox %q, width %q, height %q: want a viewBox only", doc.ViewBox, doc.Width, doc.Height)
	}
	if doc.Role != "group" || doc.LabelledBy != doc.Title.ID || doc.DescribedBy != doc.Desc.ID || doc.Title.ID == "" || doc.Desc.ID == "" {
		t.Errorf("role %q, labelledby %q (title %q), describedby %q (desc %q)", doc.Role, doc.LabelledBy, doc.Title.ID, doc.DescribedBy, doc.Desc.ID)
	}
	if doc.Title.Text != nl.Title || doc.Desc.Text != nl.Desc {
		t.Errorf("title %q, desc %q", doc.Title.Text, doc.Desc.Text)
	}
	// <title> and <desc> come first, before anything drawn.
	if !bytes.Contains(svg, []byte(`aria-describedby="chart-brands-desc">`+"\n"+`<title id="chart-brands-title">`)) {
		t.Error("<title> is not the first child")
	}
	for _, want := range []string{"@media (prefers-color-scheme:dark)", ":focus-visible", "currentColor", "#chart-brands .chart-point"} {
		if !strings.Contains(doc.Style, want) {
			t.Errorf("style lacks %q", want)
		}
	}
	if strings.Contains(strings.ToLower(string(svg)), "#fff") || strings.Contains(string(svg), "white") {
		t.Error("a hard-coded white")
	}

	g := newGeometry(nl)
	placed := Layout(points, nl)
	var quads, links int
	for _, grp := range doc.Groups {
		switch grp.Class {
		case "chart-quadrants":
			quads = len(grp.Quadrants)
		case "chart-points":
			links = len(grp.Points)
			if links != len(placed) {
				t.Fatalf("%d links, want %d", links, len(placed))
			}
			for i, a := range grp.Points {
				p := placed[i]
				if len(a.Circle) != 1 || len(a.Text) != 1 {
					t.Fatalf("link %d: %d circles, %d texts", i, len(a.Circle), len(a.Text))
				}
				if a.Href != p.URL || a.Text[0].Text != p.Point.Label {
					t.Errorf("link %d: %q → %q, want %q → %q", i, a.Text[0].Text, a.Href, p.Point.Label, p.URL)
				}
				if want := fmt.Sprintf("%s: persoonlijk %g, extreem %g", p.Point.Label, p.Personal, p.Extreme); a.Title != want {
					t.Errorf("tooltip %q, want %q", a.Title, want)
				}
				wantClass := "chart-point chart-brand"
				if p.Kind == "symbol" {
					wantClass = "chart-point chart-symbol"
				}
				if a.Class != wantClass {
					t.Errorf("%q: class %q, want %q", p.Point.Label, a.Class, wantClass)
				}
				// The dot maps back to the scores, give or take its nudge.
				cx, cy := float(t, a.Circle[0].CX), float(t, a.Circle[0].CY)
				personal := (cx - g.plot.X) / g.plot.W * 10
				extreme := (1 - (cy-g.plot.Y)/g.plot.H) * 10
				tol := 0.01 + p.Nudge/math.Min(g.plot.W, g.plot.H)*10
				if math.Hypot(personal-p.Personal, extreme-p.Extreme) > tol {
					t.Errorf("%q drawn at %.2f, %.2f, its scores are %g, %g (nudge %g)", p.Point.Label, personal, extreme, p.Personal, p.Extreme, p.Nudge)
				}
				tx, ty := float(t, a.Text[0].X), float(t, a.Text[0].Y)
				if math.Abs(tx-(p.Box.X+labelPadX)) > 0.01 || math.Abs(ty-(p.Box.Y+p.Box.H/2)) > 0.01 {
					t.Errorf("%q text at %g, %g, its box is %+v", p.Point.Label, tx, ty, p.Box)
				}
				if tx < 0 || tx+textWidth(p.Point.Label, fontSize) > g.w || ty-fontSize/2 < 0 || ty+fontSize/2 > g.h {
					t.Errorf("%q text at %g, %g leaves the viewBox", p.Point.Label, tx, ty)
				}
			}
		}
	}
	if quads != 4 || links == 0 {
		t.Errorf("%d quadrant labels, %d links", quads, links)
	}
	nudged := 0
	for _, p := range placed {
		if p.Nudge > 0 {
			nudged++
		}
	}
	if nudged < 6 { // at least the four extra brands on 8, 9
		t.Errorf("%d dots nudged, want the ones on shared spots", nudged)
	}
}

// TestDeterministic: the same points in any order give the same bytes.
func TestDeterministic(t *testing.T) {
	points := crowd(40)
	want := SVG(points, nl)
	r := rand.New(rand.NewPCG(7, 7))
	for range 5 {
		shuffled := append([]Point(nil), points...)
		r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		if got := SVG(shuffled, nl); !bytes.Equal(got, want) {
			t.Fatal("the same points in another order give other bytes")
		}
	}
}

// TestEscape: labels, words and URLs cannot break out of the SVG.
func TestEscape(t *testing.T) {
	o := Options{ID: `x" onload="alert(1)`, Title: `<script>alert("t")</script>`, Desc: "a & b",
		XLabel: "<x>", YLabel: "'y'", Quadrants: [4]string{"<q>", "&", `"`, "'"}}
	points := []Point{
		{Label: `</text><script>alert(1)</script>`, URL: `/a?x=1&y="2"`, Personal: 3, Extreme: 4},
		{Label: "Evil", URL: " JavaScript:alert(1)", Personal: 6, Extreme: 7},
		{Label: "Data", URL: "data:text/html,<b>", Personal: 6, Extreme: 2},
		{Label: "Mail", URL: "mailto:a@example.com", Personal: 2, Extreme: 2},
	}
	svg := SVG(points, o)
	doc := parse(t, svg)
	if bytes.Contains(svg, []byte("<script")) || bytes.Contains(svg, []byte("onload=")) {
		t.Errorf("unescaped markup:\n%s", svg)
	}
	if doc.Title.Text != o.Title || doc.ID != "x--onload--alert-1-" {
		t.Errorf("title %q, id %q", doc.Title.Text, doc.ID)
	}
	hrefs := map[string]string{}
	for _, g := range doc.Groups {
		for _, a := range g.Points {
			hrefs[a.Text[0].Text] = a.Href
		}
	}
	for label, want := range map[string]string{points[0].Label: points[0].URL, "Evil": "#", "Data": "#", "Mail": "mailto:a@example.com"} {
		if hrefs[label] != want {
			t.Errorf("%q links to %q, want %q", label, hrefs[label], want)
		}
	}
}

// TestGolden compares a small chart with testdata/small.svg; run with
// -update to rewrite it after an intended change (and look at it).
func TestGolden(t *testing.T) {
	points := []Point{
		{Label: "Zappos", URL: "/brands/zappos/", Personal: 7, Extreme: 10},
		{Label: "Teeling Whiskey", URL: "/brands/teeling/", Personal: 9, Extreme: 7.5},
		{Label: "Coolblue", URL: "/brands/coolblue/", Personal: 8, Extreme: 9},
		{Label: "Bol", URL: "/brands/bol/", Personal: 8, Extreme: 9},
		{Label: "Bank & Co", URL: "/brands/bank/", Personal: 1, Extreme: 1.5},
		{Label: "Café Zoë", URL: "/symbols/cafe/", Personal: 2, Extreme: 8, Kind: "symbol"},
	}
	got := SVG(points, nl)
	path := filepath.Join("testdata", "small.svg")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if !bytes.Equal(got, want) {
		g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := range max(len(g), len(w)) {
			if i >= len(g) || i >= len(w) || g[i] != w[i] {
				t.Errorf("SVG differs from %s at line %d (go test -update to accept):\ngot:  %s\nwant: %s", path, i+1, line(g, i), line(w, i))
				break
			}
		}
	}
}

// TestFrame: the words around the plot (the quadrants' labels and the
// axes' names) stay inside the viewBox and clear of each other and of
// the plot, whatever the language and size.
func TestFrame(t *testing.T) {
	en := Options{XLabel: "Personal", YLabel: "Extreme",
		Quadrants: [4]string{"Extreme, but distant", "What people talk about", "Process without a story", "Personal, but quiet"}}
	long := Options{XLabel: "Hoe persoonlijk het merk is", YLabel: "Hoe extreem",
		Quadrants: [4]string{"Extreem maar afstandelijk en koel", "Hier praten mensen over, elke dag weer",
			"Proces zonder verhaal en zonder gezicht", "Persoonlijk, maar stil en bescheiden"}}
	narrow := nl
	narrow.Width, narrow.Height = 480, 400
	minimal := nl
	minimal.Width, minimal.Height = 1, 1
	for name, o := range map[string]Options{"nl": nl, "en": en, "long words": long, "narrow": narrow, "minimal size": minimal} {
		g := newGeometry(o)
		view := Box{0, 0, g.w, g.h}
		boxes := map[string]Box{}
		for _, q := range g.quadrants(o.Quadrants) {
			boxes["quadrant "+q.text] = q.box
		}
		xw := textWidth(o.XLabel+" →", axisSize) * 1.1
		boxes["x axis"] = Box{g.x(5) - xw/2, g.axisRow() - axisSize, xw, axisSize * 1.3}
		for a, ab := range boxes {
			if !ab.Within(view) {
				t.Errorf("%s: %s %+v leaves the viewBox %+v", name, a, ab, view)
			}
			if ab.Overlaps(g.plot) {
				t.Errorf("%s: %s %+v is on the plot %+v", name, a, ab, g.plot)
			}
			for b, bb := range boxes {
				if a < b && ab.Overlaps(bb) {
					t.Errorf("%s: %s and %s overlap", name, a, b)
				}
			}
		}
	}
}

func line(lines []string, i int) string {
	if i < len(lines) {
		return lines[i]
	}
	return "(end of file)"
}

func TestPointTitle(t *testing.T) {
	for _, tc := range []struct {
		opts Options
		p    Point
		want string
	}{
		{nl, Point{Label: "Zappos", Personal: 8, Extreme: 9}, "Zappos: persoonlijk 8, extreem 9"},
		{nl, Point{Label: "Bol", Personal: 7.25, Extreme: 11}, "Bol: persoonlijk 7.25, extreem 10"},
		{Options{XLabel: "Personal", YLabel: "Extreme"}, Point{Label: "KLM", Personal: 3.5, Extreme: 0}, "KLM: personal 3.5, extreme 0"},
	} {
		if got := pointTitle(tc.opts, tc.p); got != tc.want {
			t.Errorf("pointTitle(%+v) = %q, want %q", tc.p, got, tc.want)
		}
	}
}

func TestTextWidth(t *testing.T) {
	for _, tc := range []struct {
		s        string
		min, max float64 // in em
	}{
		{"", 0, 0},
		{"i", 0.27, 0.28},
		{"Zappos", 3.5, 3.9},
		{"Zoë", textWidth("Zoe", 1), textWidth("Zoe", 1)},
		{"Café", textWidth("Cafe", 1), textWidth("Cafe", 1)},
		{"e\u0301", 0.6, 0.62}, // e and a combining accent
		{"東京", 2, 2},
		{"€", 0.62, 0.62},
	} {
		if got := textWidth(tc.s, 1); got < tc.min-1e-9 || got > tc.max+1e-9 {
			t.Errorf("textWidth(%q) = %g em, want %g–%g", tc.s, got, tc.min, tc.max)
		}
	}
}

func TestSegmentHitsBox(t *testing.T) {
	b := Box{10, 10, 10, 10}
	for _, tc := range []struct {
		s    segment
		want bool
	}{
		{segment{0, 15, 30, 15}, true},  // straight through
		{segment{0, 0, 30, 30}, true},   // diagonal through
		{segment{0, 15, 9, 15}, false},  // stops short
		{segment{0, 5, 30, 5}, false},   // passes above
		{segment{0, 10, 30, 10}, false}, // runs along the edge
		{segment{15, 15, 16, 16}, true}, // inside
		{segment{0, 25, 25, 0}, true},   // cuts a corner
		{segment{0, 19, 1, 30}, false},  // heads away
	} {
		if got := segmentHitsBox(tc.s, b); got != tc.want {
			t.Errorf("segmentHitsBox(%+v) = %v, want %v", tc.s, got, tc.want)
		}
	}
}

func TestCleanID(t *testing.T) {
	for in, want := range map[string]string{"": "chart", "chart-brands": "chart-brands", "a b.c": "a-b-c", "1x": "c1x", "-x": "c-x", "x_Y9": "x_Y9"} {
		if got := cleanID(in); got != want {
			t.Errorf("cleanID(%q) = %q, want %q", in, got, want)
		}
	}
}

// BenchmarkSVG draws a chart of 40 points.
func BenchmarkSVG(b *testing.B) {
	points := crowd(40)
	for b.Loop() {
		io.Discard.Write(SVG(points, nl))
	}
}

// BenchmarkLayout lays out charts of growing size: the time per point
// must not grow much with the number of points.
func BenchmarkLayout(b *testing.B) {
	for _, n := range []int{30, 60, 120, 500} {
		points := crowd(n)
		b.Run(fmt.Sprintf("points=%d", n), func(b *testing.B) {
			for b.Loop() {
				Layout(points, nl)
			}
		})
	}
}

// TestManyPoints: past MaxLabels the dots are drawn without text labels,
// each still a link with a title, and no two dots cover each other.
func TestManyPoints(t *testing.T) {
	for _, n := range []int{MaxLabels, MaxLabels + 1, 300} {
		pts := random(n, 7)
		placed := Layout(pts, nl)
		svg := string(SVG(pts, nl))
		links := strings.Count(svg, "<a class=")
		texts := strings.Count(svg, "</text></a>")
		if links != n {
			t.Errorf("%d points: %d links", n, links)
		}
		if labelled := n <= MaxLabels; (texts == n) != labelled || (texts == 0) == labelled {
			t.Errorf("%d points: %d labels drawn", n, texts)
		}
		for i := range placed {
			if placed[i].Labelled != (n <= MaxLabels) {
				t.Fatalf("%d points: point %d Labelled = %t", n, i, placed[i].Labelled)
			}
			for j := range i {
				if math.Hypot(placed[i].X-placed[j].X, placed[i].Y-placed[j].Y) < dotSpacing-0.02 {
					t.Fatalf("%d points: dots %d and %d overlap", n, i, j)
				}
			}
		}
	}
}

// BenchmarkLayoutSymbols lays out the symbols chart of a bench corpus:
// n/20 symbols scored in whole numbers from 1 to 10, so most dots share
// their spot with others and are moved out on a spiral.
func BenchmarkLayoutSymbols(b *testing.B) {
	for _, n := range []int{500, 5000} {
		r := rand.New(rand.NewPCG(1, 2))
		points := make([]Point, n)
		for i := range points {
			points[i] = Point{Label: fmt.Sprintf("symbol-%04d", i), URL: fmt.Sprintf("/symbols/%d/", i),
				Personal: float64(1 + r.IntN(10)), Extreme: float64(1 + r.IntN(10))}
		}
		b.Run(fmt.Sprintf("points=%d", n), func(b *testing.B) {
			for b.Loop() {
				Layout(points, nl)
			}
		})
	}
}

// TestSpiralResumes: a dot moved off its spot goes where a search from
// the first ring would put it, though the search goes on from where the
// last dot of the same spot stopped. Checked against that plain search,
// on sites whose dots share a few spots, up to a full plot.
func TestSpiralResumes(t *testing.T) {
	g := newGeometry(nl)
	plain := func(p Point, placed *dotGrid) (float64, float64) {
		x0, y0 := g.x(p.Personal), g.y(p.Extreme)
		free := func(x, y float64) bool {
			return x >= g.plot.X && x <= g.plot.X+g.plot.W && y >= g.plot.Y && y <= g.plot.Y+g.plot.H && !placed.near(x, y)
		}
		if free(x0, y0) {
			return x0, y0
		}
		step := (2*radius + dotGap) / 2
		for ring := 1; ring <= maxRings; ring++ {
			d := float64(ring) * step
			n := max(6, int(2*math.Pi*d/step))
			for k := range n {
				a := -math.Pi/2 + 2*math.Pi*float64(k)/float64(n)
				x, y := round2(x0+d*math.Cos(a)), round2(y0+d*math.Sin(a))
				if free(x, y) {
					return x, y
				}
			}
		}
		return x0, y0
	}
	for _, tc := range []struct {
		n, spots int
		full     bool
	}{{40, 1, false}, {300, 3, false}, {1200, 100, true}} {
		r := rand.New(rand.NewPCG(uint64(tc.n), 3))
		points := make([]Point, tc.n)
		for i := range points {
			s := r.IntN(tc.spots)
			points[i] = Point{Label: fmt.Sprintf("s%05d", i), Personal: float64(1 + s%10), Extreme: float64(1 + s/10)}
		}
		got := Layout(points, nl)
		var placed dotGrid
		moved, full := 0, 0
		seen := map[[2]float64]bool{}
		for i, p := range got {
			x, y := plain(p.Point, &placed)
			placed.add(x, y)
			if got[i].X != x || got[i].Y != y {
				t.Fatalf("%d points on %d spots: dot %d at %.2f,%.2f, want %.2f,%.2f", tc.n, tc.spots, i, got[i].X, got[i].Y, x, y)
			}
			if p.Nudge > 0 {
				moved++
			}
			if seen[[2]float64{x, y}] {
				full++ // no room left: the dot stays on its spot, over another
			}
			seen[[2]float64{x, y}] = true
		}
		t.Logf("%d points on %d spots: %d moved, %d left on a taken spot", tc.n, tc.spots, moved, full)
		if moved == 0 || (tc.full && full == 0) {
			t.Errorf("%d points on %d spots: %d moved, %d on a taken spot; the case tests less than it should", tc.n, tc.spots, moved, full)
		}
	}
}
