// Package chart draws the two-axes chart as SVG at build time: brands or
// symbols placed by their "being personal" (x, left to right) and
// "extreme symbols" (y, bottom to top) scores, 0 to 10, with the four
// quadrants labelled in the caller's words and every point a labelled,
// focusable link.
//
// Layout decides where everything goes and is deterministic: points are
// sorted first, dots that would cover each other (the same scores, or
// nearly) are nudged apart, and every label gets a spot where it covers no
// other label, dot, leader line or quadrant label, inside the plot or the
// margin above and to the right of it. A label that cannot sit next to its
// dot sits further out with a leader line to it; in a dense cluster a
// leader line may pass under another label. Only a chart with no free
// room left at all (far more than 40 points) has labels that overlap.
//
// SVG writes the drawing with no JavaScript and no fixed pixel size (only a
// viewBox), so it scales to its container. It carries its own <style>,
// scoped to the chart's id, that takes its colours from the page's CSS
// custom properties where they exist (--text, --muted, --line, --surface,
// --accent, --focus, --sans) and from system colours and a dark-mode media
// query where they do not, so it reads in light and dark mode alike.
//
// The package does no I/O and knows nothing of pages or sites: the caller
// passes the points and every visible word.
package chart

import (
	"bytes"
	"cmp"
	"encoding/xml"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Point is one item on the chart.
type Point struct {
	Label    string  // the text next to the dot
	URL      string  // where the dot links to
	Personal float64 // "being personal", 0–10, the x axis
	Extreme  float64 // "extreme symbols", 0–10, the y axis
	Kind     string  // "brand" (the default) or "symbol": only the style differs
}

// Options are the chart's words and size. Every visible word comes from
// here, in the site's language.
type Options struct {
	// ID is the chart's element id and the prefix of its other ids; it
	// must be unique on the page. Characters other than ASCII letters,
	// digits, '-' and '_' are replaced. Default "chart".
	ID          string
	Title, Desc string    // the chart's <title> and <desc>, its accessible name and description
	XLabel      string    // the x axis, e.g. "Persoonlijk"
	YLabel      string    // the y axis, e.g. "Extreem"
	Quadrants   [4]string // top left, top right, bottom left, bottom right
	// PointTitle is the fmt format of a point's <title> (its tooltip and
	// accessible name), given the label, the x score and the y score, as in
	// "%s: persoonlijk %g, extreem %g". Default "Label: xlabel x, ylabel y"
	// built from XLabel and YLabel.
	PointTitle string
	// Width and Height are the viewBox, in user units; the chart scales to
	// its container whatever they are. Defaults 800 and 560, minimum 480
	// and 320. Text keeps its size in user units, so a smaller viewBox
	// means larger text and less room for labels.
	//
	// Quadrant labels are set on one line each, outside the plot: at the
	// default width each should stay under about 40 characters.
	Width, Height int
}

// Box is a rectangle in viewBox units: X, Y is its top left corner.
type Box struct{ X, Y, W, H float64 }

// Overlaps reports whether a and b share any area; boxes that only touch
// do not overlap.
func (a Box) Overlaps(b Box) bool {
	return a.X < b.X+b.W && b.X < a.X+a.W && a.Y < b.Y+b.H && b.Y < a.Y+a.H
}

// Within reports whether a lies entirely inside b.
func (a Box) Within(b Box) bool {
	return a.X >= b.X && a.Y >= b.Y && a.X+a.W <= b.X+b.W && a.Y+a.H <= b.Y+b.H
}

// Placed is a point with where Layout put its dot and its label.
type Placed struct {
	Point
	X, Y   float64 // the centre of the dot as drawn, in viewBox units
	Nudge  float64 // how far the dot was moved off its scores' spot to keep it clear of other dots; 0 for most
	Box    Box     // where the label's text is drawn
	Leader bool    // the label sits away from the dot, with a line to it
	// Labelled is set when the point's label is drawn: on charts of at
	// most MaxLabels points.
	Labelled bool
}

// MaxLabels is the most points a chart labels. A plot has room for about
// that many readable labels; a larger chart draws its dots alone, each
// still a link named by its title, and the page lists the items in text.
const MaxLabels = 45

// Geometry, in viewBox units.
const (
	defaultWidth, defaultHeight = 800, 560
	minWidth, minHeight         = 480, 320
	marginLeft, marginRight     = 64.0, 20.0
	marginTop, marginBottom     = 34.0, 62.0

	radius    = 7.0             // a dot
	dotGap    = 2.0             // the least space between two dots
	fontSize  = 15.0            // a point's label
	quadSize  = 14.0            // a quadrant's label
	tickSize  = 12.0            // the numbers on the axes
	axisSize  = 15.0            // the axes' names, bold
	labelPadX = 3.0             // label box padding, left and right
	labelH    = fontSize * 1.35 // label box height
)

// geometry is the plot area of one chart.
type geometry struct {
	w, h    float64
	plot    Box
	stacked bool // the x axis's name has a row of its own, below the bottom quadrants' labels
	twoTops bool // the top quadrants' labels are on two rows, the left one above
}

func newGeometry(o Options) geometry {
	w, h := o.Width, o.Height
	if w == 0 {
		w = defaultWidth
	}
	if h == 0 {
		h = defaultHeight
	}
	w, h = max(w, minWidth), max(h, minHeight)
	g := geometry{w: float64(w), h: float64(h)}
	bottom := marginBottom
	// If the bottom quadrants' labels leave no room between them for the
	// x axis's name, the name goes on a row of its own.
	plotW := g.w - marginLeft - marginRight
	name := textWidth(o.XLabel+" →", axisSize) * 1.1 // bold
	if textWidth(o.Quadrants[2], quadSize)+name/2 > plotW/2-12 || textWidth(o.Quadrants[3], quadSize)+name/2 > plotW/2-12 {
		g.stacked, bottom = true, marginBottom+22
	}
	top := marginTop
	if textWidth(o.Quadrants[0], quadSize)+textWidth(o.Quadrants[1], quadSize) > plotW-24 {
		g.twoTops, top = true, marginTop+18
	}
	g.plot = Box{marginLeft, top, plotW, g.h - top - bottom}
	return g
}

// x and y map scores to viewBox coordinates.
func (g geometry) x(score float64) float64 { return g.plot.X + clamp(score)/10*g.plot.W }
func (g geometry) y(score float64) float64 { return g.plot.Y + (1-clamp(score)/10)*g.plot.H }

// clamp keeps a score within 0–10; NaN counts as 0.
func clamp(v float64) float64 {
	if math.IsNaN(v) {
		return 0
	}
	return math.Max(0, math.Min(10, v))
}

// quadrant is one quadrant's label as drawn.
type quadrant struct {
	text   string
	x, y   float64 // the text's anchor point, on its baseline
	anchor string  // "start" or "end"
	box    Box     // about where the text goes
}

// quadrants places the quadrants' labels outside the plot, where no dot
// or label can cover them: the top two above it (on two rows if they are
// too long for one), the bottom two below the numbers of the x axis, on
// either side of its name; each at its quadrant's outer corner.
func (g geometry) quadrants(texts [4]string) []quadrant {
	var qs []quadrant
	for i, t := range texts {
		if t == "" {
			continue
		}
		q := quadrant{text: t, anchor: "start", x: g.plot.X, y: g.plot.Y - 10}
		if i == 0 && g.twoTops {
			q.y -= 18
		}
		if i%2 == 1 {
			q.anchor, q.x = "end", g.plot.X+g.plot.W
		}
		if i >= 2 {
			q.y = g.bottomRow()
		}
		w := textWidth(t, quadSize)
		q.box = Box{q.x, q.y - quadSize, w, quadSize * 1.3}
		if q.anchor == "end" {
			q.box.X -= w
		}
		qs = append(qs, q)
	}
	return qs
}

// bottomRow is the baseline of the bottom quadrants' labels.
func (g geometry) bottomRow() float64 { return g.plot.Y + g.plot.H + 46 }

// axisRow is the baseline of the x axis's name: on the bottom row, or
// below it.
func (g geometry) axisRow() float64 {
	if g.stacked {
		return g.bottomRow() + 22
	}
	return g.bottomRow()
}

// sorted returns a copy of the points in a fixed order, whatever order
// they came in.
func sorted(points []Point) []Point {
	ps := slices.Clone(points)
	slices.SortStableFunc(ps, func(a, b Point) int {
		return cmp.Or(
			strings.Compare(a.Label, b.Label),
			strings.Compare(a.URL, b.URL),
			cmp.Compare(clamp(a.Personal), clamp(b.Personal)),
			cmp.Compare(clamp(a.Extreme), clamp(b.Extreme)),
			strings.Compare(a.Kind, b.Kind),
		)
	})
	return ps
}

// Layout computes where every dot and label goes, in the order the chart
// draws them: sorted by label (then URL and scores), so that the same
// points in any order give the same drawing.
func Layout(points []Point, opts Options) []Placed {
	g := newGeometry(opts)
	ps := sorted(points)
	out := make([]Placed, len(ps))
	var placed dotGrid
	for i, p := range ps {
		out[i] = Placed{Point: p}
		out[i].X, out[i].Y, out[i].Nudge = g.dot(p, &placed)
		placed.add(out[i].X, out[i].Y)
	}
	if len(out) > MaxLabels {
		return out
	}
	// Labels are placed one at a time, most crowded first. When some
	// label finds no good spot, the labels that failed go first in the
	// next try; the best try wins.
	var fixed []Box
	var dots [][2]float64
	for _, p := range out {
		fixed = append(fixed, dotBox(p.X, p.Y))
		dots = append(dots, [2]float64{p.X, p.Y})
	}
	area := g.labelArea()
	for _, q := range g.quadrants(opts.Quadrants) {
		fixed = append(fixed, q.box)
	}
	order := crowdedFirst(out, area)
	var best []Placed
	bestCost := math.MaxInt
	near := make([][]Box, len(out)) // each label's spots beside and around its dot
	for i, p := range out {
		near[i] = candidates(p.X, p.Y, textWidth(p.Point.Label, fontSize)+2*labelPadX)
	}
	for try, worse := 0, 0; try < maxTries && bestCost > 0 && worse < 3; try++ {
		l := labeller{area: area, dots: dots, taken: slices.Clone(fixed)}
		cost := 0
		var failed, rest []int
		for _, i := range order {
			var q quality
			out[i].Box, out[i].Leader, q = l.place(out[i], near[i])
			cost += int(q)
			if q == good {
				rest = append(rest, i)
			} else {
				failed = append(failed, i)
			}
		}
		if cost < bestCost {
			for i := range out {
				out[i].Labelled = true
			}
			best, bestCost, worse = slices.Clone(out), cost, 0
		} else {
			worse++
		}
		order = append(failed, rest...)
	}
	return best
}

// maxTries bounds how often Layout starts the labels over.
const maxTries = 6

// quality is how well a label was placed.
type quality int

const (
	good     quality = 0  // beside its dot, or further out with a clear leader line
	crossing quality = 1  // its leader line crosses another label or dot
	covering quality = 50 // nowhere free: it covers something
)

// dot finds the centre of a point's dot: the spot its scores give, or if
// that would cover a dot already placed, the nearest free spot on a spiral
// around it, so that points with the same scores fan out.
func (g geometry) dot(p Point, placed *dotGrid) (x, y, nudge float64) {
	x0, y0 := g.x(p.Personal), g.y(p.Extreme)
	free := func(x, y float64) bool {
		if x < g.plot.X || x > g.plot.X+g.plot.W || y < g.plot.Y || y > g.plot.Y+g.plot.H {
			return false
		}
		return !placed.near(x, y)
	}
	if free(x0, y0) {
		return x0, y0, 0
	}
	// A spot the spiral passed over stays taken (dots are only ever
	// added), so the search goes on from where the last one around the
	// same spot stopped: with thousands of dots on a hundred spots it
	// would otherwise walk the same full rings again for every dot.
	if placed.spirals == nil {
		placed.spirals = map[[2]float64]spiralAt{}
	}
	start := [2]float64{x0, y0}
	from := placed.spirals[start]
	step := (2*radius + dotGap) / 2
	for ring := max(1, from.ring); ring <= maxRings; ring++ {
		d := float64(ring) * step
		n := max(6, int(2*math.Pi*d/step))
		k0 := 0
		if ring == from.ring {
			k0 = from.k
		}
		for k := k0; k < n; k++ {
			a := -math.Pi/2 + 2*math.Pi*float64(k)/float64(n) // start straight up
			x, y := x0+d*math.Cos(a), y0+d*math.Sin(a)
			x, y = round2(x), round2(y)
			if free(x, y) {
				placed.spirals[start] = spiralAt{ring, k}
				return x, y, math.Hypot(x-x0, y-y0)
			}
		}
	}
	placed.spirals[start] = spiralAt{maxRings + 1, 0}
	return x0, y0, 0 // the plot is full: leave it on its spot
}

// maxRings is how far out a dot may be moved from its spot.
const maxRings = 40

// spiralAt is a place on the spiral around a spot: its ring, and the
// step on that ring.
type spiralAt struct{ ring, k int }

// dotGrid holds the dots placed so far in square cells as wide as the
// least distance between two dots' centres, so that finding a dot too
// near a spot looks at nine cells instead of every dot.
type dotGrid struct {
	cells map[[2]int][][2]float64
	// spirals holds, for each spot some dot was moved away from, where on
	// its spiral the last dot went: every place before it is taken.
	spirals map[[2]float64]spiralAt
}

const dotSpacing = 2*radius + dotGap // the least distance between two dots' centres

func cell(x, y float64) [2]int {
	return [2]int{int(math.Floor(x / dotSpacing)), int(math.Floor(y / dotSpacing))}
}

func (d *dotGrid) add(x, y float64) {
	if d.cells == nil {
		d.cells = map[[2]int][][2]float64{}
	}
	c := cell(x, y)
	d.cells[c] = append(d.cells[c], [2]float64{x, y})
}

// near reports whether a dot placed so far is closer to x, y than dotSpacing.
func (d *dotGrid) near(x, y float64) bool {
	c := cell(x, y)
	for i := -1; i <= 1; i++ {
		for j := -1; j <= 1; j++ {
			for _, q := range d.cells[[2]int{c[0] + i, c[1] + j}] {
				if math.Hypot(q[0]-x, q[1]-y) < dotSpacing {
					return true
				}
			}
		}
	}
	return false
}

// crowdedFirst returns the indices of the points in the order their
// labels choose a spot: first those with the fewest free spots right
// beside their dot (they need a leader line, and a way out for it), then
// those with the most neighbours, so that labels in clusters choose
// before labels with room to spare. Ties keep the sorted order.
func crowdedFirst(ps []Placed, area Box) []int {
	blocked := make([]int, len(ps))
	near := make([]int, len(ps))
	for i, a := range ps {
		w := textWidth(a.Point.Label, fontSize) + 2*labelPadX
		for _, c := range candidates(a.X, a.Y, w)[:8] {
			if !c.Within(area) || slices.ContainsFunc(ps, func(b Placed) bool { return (b.X != a.X || b.Y != a.Y) && c.Overlaps(dotBox(b.X, b.Y)) }) {
				blocked[i]++
			}
		}
		for j, b := range ps {
			if i != j && math.Abs(a.X-b.X) < 120 && math.Abs(a.Y-b.Y) < 3*labelH {
				near[i]++
			}
		}
	}
	order := make([]int, len(ps))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		return cmp.Or(cmp.Compare(blocked[b], blocked[a]), cmp.Compare(near[b], near[a]))
	})
	return order
}

func dotBox(x, y float64) Box {
	return Box{x - radius - 1, y - radius - 1, 2*radius + 2, 2*radius + 2}
}

// labelArea is where labels may go: the plot, and the margins above and
// to the right of it (the numbers of the axes are left and below).
func (g geometry) labelArea() Box {
	return Box{g.plot.X + 2, 2, g.w - g.plot.X - 4, g.plot.Y + g.plot.H + 2}
}

// segment is a leader line.
type segment struct{ x1, y1, x2, y2 float64 }

// labeller places labels one at a time, keeping what is taken.
type labeller struct {
	area    Box          // labels stay inside
	dots    [][2]float64 // the centres of all dots
	taken   []Box        // dots, quadrant labels and labels placed so far
	leaders []segment    // leader lines drawn so far
}

// place finds a label's box. Among the spots beside the dot and on the
// rings around it that are free, it takes the one that scores best: near
// its dot, clear of other dots' room, its leader line (if it needs one)
// crossing no label or dot. A spot elsewhere in the plot with a clear
// leader line wins over one whose leader crosses something, if it is
// not much further away.
func (l *labeller) place(p Placed, near []Box) (Box, bool, quality) {
	w := textWidth(p.Point.Label, fontSize) + 2*labelPadX
	own := dotBox(p.X, p.Y)
	best, bestScore, bestCross := Box{}, math.Inf(1), 0
	for i, c := range near {
		d := distToBox(p.X, p.Y, c)
		if d > bestScore {
			break // rings only get further out
		}
		score := d + 0.01*float64(i)
		if score >= bestScore || !l.free(c) {
			continue
		}
		score += crowdPenalty * float64(l.crowding(c, p))
		if score >= bestScore {
			continue
		}
		cross := l.crossings(p, c, own)
		score += crossPenalty * float64(cross)
		if score < bestScore {
			best, bestScore, bestCross = c, score, cross
		}
	}
	if !math.IsInf(bestScore, 1) && bestCross == 0 {
		return l.take(best, p, good)
	}
	// Anywhere in the plot with a clear leader line, if nearer than the
	// best spot so far counting its penalty; else that best spot; else
	// the nearest free spot anywhere.
	for _, c := range grid(l.area, p.X, p.Y, w, bestScore) {
		if l.free(c) && l.crossings(p, c, own) == 0 {
			return l.take(c, p, good)
		}
	}
	if !math.IsInf(bestScore, 1) {
		return l.take(best, p, crossing)
	}
	for _, c := range grid(l.area, p.X, p.Y, w, math.Inf(1)) {
		if l.free(c) {
			return l.take(c, p, crossing)
		}
	}
	// Nowhere free at all: right of the dot, kept inside the plot.
	c := Box{p.X + radius + 3, p.Y - labelH/2, w, labelH}
	c.X = math.Max(l.area.X, math.Min(c.X, l.area.X+l.area.W-w))
	c.Y = math.Max(l.area.Y, math.Min(c.Y, l.area.Y+l.area.H-labelH))
	return l.take(c, p, covering)
}

// Penalties in the score of a label's spot, in viewBox units of distance.
const (
	crowdPenalty = 24  // for each other dot the label would sit close to
	crossPenalty = 150 // for each label or dot its leader would cross
)

// grid lists spots for a label of width w all over the area, at most
// limit away from x, y, nearest first.
func grid(area Box, x, y, w, limit float64) []Box {
	// A counting sort on whole units of distance: fast, and stable, so
	// spots at the same distance keep their order, top to bottom.
	type spot struct {
		d int
		b Box
	}
	var spots []spot
	far := 0
	for by := area.Y; by+labelH <= area.Y+area.H; by += 6 {
		for bx := area.X; bx+w <= area.X+area.W; bx += 6 {
			b := Box{round2(bx), round2(by), w, labelH}
			if d := distToBox(x, y, b); d <= limit {
				spots = append(spots, spot{int(d), b})
				far = max(far, int(d))
			}
		}
	}
	start := make([]int, far+2)
	for _, s := range spots {
		start[s.d+1]++
	}
	for i := 1; i < len(start); i++ {
		start[i] += start[i-1]
	}
	out := make([]Box, len(spots))
	for _, s := range spots {
		out[start[s.d]] = s.b
		start[s.d]++
	}
	return out
}

// candidates lists the spots tried for a label of width w beside a dot at
// x, y: eight around the dot, then rings further out.
func candidates(x, y, w float64) []Box {
	var out []Box
	at := func(d, cos, sin float64) {
		b := Box{W: w, H: labelH}
		ax, ay := x+d*cos, y-d*sin
		switch {
		case cos > 0.38:
			b.X = ax
		case cos < -0.38:
			b.X = ax - w
		default:
			b.X = ax - w/2
		}
		switch {
		case sin > 0.38:
			b.Y = ay - labelH
		case sin < -0.38:
			b.Y = ay
		default:
			b.Y = ay - labelH/2
		}
		b.X, b.Y = round2(b.X), round2(b.Y)
		out = append(out, b)
	}
	// Beside the dot: right, left, above, below, then the diagonals.
	d0 := radius + 3
	for _, a := range [][2]float64{{1, 0}, {-1, 0}, {0, 1}, {0, -1}, {0.7, 0.7}, {0.7, -0.7}, {-0.7, 0.7}, {-0.7, -0.7}} {
		at(d0, a[0], a[1])
	}
	// Further out, with a leader line: more directions on each ring,
	// the level ones first.
	for ring := 1; ring <= 30; ring++ {
		d := d0 + float64(ring)*9
		n := 8 + 4*min(ring, 4)
		angles := make([]float64, n)
		for k := range angles {
			angles[k] = 2 * math.Pi * float64(k) / float64(n)
		}
		slices.SortStableFunc(angles, func(a, b float64) int {
			return cmp.Or(cmp.Compare(math.Round(100*math.Abs(math.Sin(a))), math.Round(100*math.Abs(math.Sin(b)))),
				cmp.Compare(-math.Round(100*math.Cos(a)), -math.Round(100*math.Cos(b))))
		})
		for _, a := range angles {
			at(d, math.Cos(a), math.Sin(a))
		}
	}
	return out
}

// free reports whether a label box lies inside the area and covers
// nothing taken and no leader line.
func (l *labeller) free(c Box) bool {
	if !c.Within(l.area) {
		return false
	}
	for _, t := range l.taken {
		if c.Overlaps(t) {
			return false
		}
	}
	for _, s := range l.leaders {
		if segmentHitsBox(s, c) {
			return false
		}
	}
	return true
}

// crossings counts the labels, dots and quadrant labels that the leader
// line to a label box would cross; 0 if it needs none.
func (l *labeller) crossings(p Placed, c Box, own Box) int {
	if !needsLeader(p, c) {
		return 0
	}
	s, n := leader(p, c), 0
	for _, t := range l.taken {
		if t != own && segmentHitsBox(s, t) {
			n++
		}
	}
	return n
}

// crowding counts the other dots that a label box would sit right next
// to, taking the room their own labels want.
func (l *labeller) crowding(c Box, p Placed) int {
	n := 0
	for _, d := range l.dots {
		if (d[0] != p.X || d[1] != p.Y) && distToBox(d[0], d[1], c) < labelH {
			n++
		}
	}
	return n
}

func (l *labeller) take(c Box, p Placed, q quality) (Box, bool, quality) {
	l.taken = append(l.taken, c)
	lead := needsLeader(p, c)
	if lead {
		l.leaders = append(l.leaders, leader(p, c))
	}
	return c, lead, q
}

// needsLeader reports whether a label is far enough from its dot to need
// a line to it.
func needsLeader(p Placed, c Box) bool { return distToBox(p.X, p.Y, c) > radius+6 }

// leader is the line from the edge of a point's dot to the nearest point
// of its label's box.
func leader(p Placed, c Box) segment {
	nx := math.Max(c.X, math.Min(p.X, c.X+c.W))
	ny := math.Max(c.Y, math.Min(p.Y, c.Y+c.H))
	d := math.Hypot(nx-p.X, ny-p.Y)
	if d == 0 {
		return segment{p.X, p.Y, nx, ny}
	}
	r := radius + 1
	return segment{round2(p.X + (nx-p.X)*r/d), round2(p.Y + (ny-p.Y)*r/d), round2(nx), round2(ny)}
}

func distToBox(x, y float64, b Box) float64 {
	dx := math.Max(0, math.Max(b.X-x, x-(b.X+b.W)))
	dy := math.Max(0, math.Max(b.Y-y, y-(b.Y+b.H)))
	return math.Hypot(dx, dy)
}

// segmentHitsBox reports whether a line segment passes through the inside
// of a box (Liang–Barsky clipping).
func segmentHitsBox(s segment, b Box) bool {
	if max(s.x1, s.x2) <= b.X || min(s.x1, s.x2) >= b.X+b.W || max(s.y1, s.y2) <= b.Y || min(s.y1, s.y2) >= b.Y+b.H {
		return false
	}
	dx, dy := s.x2-s.x1, s.y2-s.y1
	t0, t1 := 0.0, 1.0
	for _, e := range [4][2]float64{
		{-dx, s.x1 - b.X}, {dx, b.X + b.W - s.x1},
		{-dy, s.y1 - b.Y}, {dy, b.Y + b.H - s.y1},
	} {
		p, q := e[0], e[1]
		if p == 0 {
			if q <= 0 {
				return false
			}
			continue
		}
		t := q / p
		if p < 0 {
			t0 = math.Max(t0, t)
		} else {
			t1 = math.Min(t1, t)
		}
		if t0 >= t1 {
			return false
		}
	}
	return true
}

// advance is the width of the printable ASCII characters, from space to
// '~', in thousandths of an em, as DejaVu Sans draws them: wider than most
// sans-serif faces, so the estimate errs on the roomy side.
var advance = [95]uint16{
	318, 401, 460, 838, 637, 951, 780, 275, 391, 391, 500, 838, 318, 361, 318, 337,
	637, 637, 637, 637, 637, 637, 637, 637, 637, 637, 337, 337, 838, 838, 838, 531,
	1000, 685, 687, 699, 771, 632, 576, 775, 752, 295, 295, 656, 558, 863, 749, 788,
	604, 788, 695, 635, 611, 732, 685, 989, 686, 611, 686, 391, 337, 391, 838, 500,
	500, 613, 635, 550, 635, 616, 353, 635, 634, 278, 278, 580, 278, 975, 634, 612,
	635, 635, 412, 521, 393, 634, 592, 818, 592, 592, 525, 637, 337, 637, 838,
}

// textWidth estimates the width of s drawn at the given font size. A
// letter with an accent counts as its base letter; other characters count
// as 0.62 em, and wide (East Asian) ones as 1 em.
func textWidth(s string, size float64) float64 {
	em := 0.0
	for _, r := range s {
		if r >= utf8.RuneSelf {
			if base, _ := utf8.DecodeRuneInString(norm.NFD.String(string(r))); base < utf8.RuneSelf {
				r = base
			}
		}
		switch {
		case r >= ' ' && r <= '~':
			em += float64(advance[r-' ']) / 1000
		case unicode.In(r, unicode.Han, unicode.Hangul, unicode.Hiragana, unicode.Katakana):
			em += 1
		case unicode.Is(unicode.Mn, r): // combining marks take no room
		default:
			em += 0.62
		}
	}
	return em * size
}

// round2 rounds to two decimals, so that coordinates print short and the
// same on every machine.
func round2(v float64) float64 { return math.Round(v*100) / 100 }

// num formats a coordinate.
func num(v float64) string { return strconv.FormatFloat(round2(v), 'f', -1, 64) }

// SVG draws the chart. The root element is <svg class="chart"> with
// role="group", named by its <title> and described by its <desc>; each
// point is an <a href> (so keyboard-focusable) holding a <title>, a
// <circle> and a <text>, in Layout's order. All text is escaped.
func SVG(points []Point, opts Options) []byte {
	g := newGeometry(opts)
	placed := Layout(points, opts)
	id := cleanID(opts.ID)
	var b bytes.Buffer
	pf := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }

	pf(`<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="%s" viewBox="0 0 %s %s" role="group" aria-labelledby="%[1]s-title" aria-describedby="%[1]s-desc">`, id, num(g.w), num(g.h))
	pf("\n"+`<title id="%s-title">%s</title>`+"\n", id, esc(opts.Title))
	pf(`<desc id="%s-desc">%s</desc>`+"\n", id, esc(opts.Desc))
	pf("<style>%s</style>\n", style(id))

	// The frame: plot, the top right quadrant tinted, grid, the axes
	// through the middle, numbers and the axes' names.
	p := g.plot
	midX, midY := g.x(5), g.y(5)
	pf(`<g class="chart-frame" aria-hidden="true">`)
	pf(`<rect class="chart-plot" x="%s" y="%s" width="%s" height="%s"/>`, num(p.X), num(p.Y), num(p.W), num(p.H))
	pf(`<rect class="chart-best" x="%s" y="%s" width="%s" height="%s"/>`, num(midX), num(p.Y), num(p.X+p.W-midX), num(midY-p.Y))
	var grid strings.Builder
	for s := 1.0; s < 10; s++ {
		if s != 5 {
			fmt.Fprintf(&grid, "M%s %sV%sM%s %sH%s", num(g.x(s)), num(p.Y), num(p.Y+p.H), num(p.X), num(g.y(s)), num(p.X+p.W))
		}
	}
	pf(`<path class="chart-grid" d="%s"/>`, grid.String())
	pf(`<path class="chart-axis" d="M%s %sV%sM%s %sH%s"/>`, num(midX), num(p.Y), num(p.Y+p.H), num(p.X), num(midY), num(p.X+p.W))
	for s := 0.0; s <= 10; s += 2 {
		pf(`<text class="chart-tick" x="%s" y="%s" text-anchor="middle">%s</text>`, num(g.x(s)), num(p.Y+p.H+tickSize+6), num(s))
		pf(`<text class="chart-tick" x="%s" y="%s" text-anchor="end" dominant-baseline="central">%s</text>`, num(p.X-8), num(g.y(s)), num(s))
	}
	if opts.XLabel != "" {
		pf(`<text class="chart-axis-label" x="%s" y="%s" text-anchor="middle">%s →</text>`, num(midX), num(g.axisRow()), esc(opts.XLabel))
	}
	if opts.YLabel != "" {
		ax := 20.0
		pf(`<text class="chart-axis-label" x="%s" y="%s" text-anchor="middle" transform="rotate(-90 %[1]s %[2]s)">%s →</text>`, num(ax), num(midY), esc(opts.YLabel))
	}
	pf("</g>\n")

	pf(`<g class="chart-quadrants">`)
	for _, q := range g.quadrants(opts.Quadrants) {
		pf(`<text class="chart-quadrant" x="%s" y="%s" text-anchor="%s">%s</text>`, num(q.x), num(q.y), q.anchor, esc(q.text))
	}
	pf("</g>\n")

	pf(`<g class="chart-leaders" aria-hidden="true">`)
	for _, p := range placed {
		if p.Leader {
			s := leader(p, p.Box)
			pf(`<line class="chart-leader" x1="%s" y1="%s" x2="%s" y2="%s"/>`, num(s.x1), num(s.y1), num(s.x2), num(s.y2))
		}
	}
	pf("</g>\n")

	pf(`<g class="chart-points">` + "\n")
	for _, p := range placed {
		class := "chart-point chart-brand"
		if p.Kind == "symbol" {
			class = "chart-point chart-symbol"
		}
		pf(`<a class="%s" href="%s"><title>%s</title>`, class, esc(safeURL(p.URL)), esc(pointTitle(opts, p.Point)))
		pf(`<circle cx="%s" cy="%s" r="%s"/>`, num(p.X), num(p.Y), num(radius))
		if p.Labelled {
			pf(`<text x="%s" y="%s" dominant-baseline="central">%s</text>`, num(p.Box.X+labelPadX), num(p.Box.Y+p.Box.H/2), esc(p.Point.Label))
		}
		pf("</a>\n")
	}
	pf("</g>\n</svg>")
	return b.Bytes()
}

// pointTitle is a point's tooltip and accessible name.
func pointTitle(o Options, p Point) string {
	x, y := round2(clamp(p.Personal)), round2(clamp(p.Extreme))
	if o.PointTitle != "" {
		return fmt.Sprintf(o.PointTitle, p.Label, x, y)
	}
	return fmt.Sprintf("%s: %s %g, %s %g", p.Label, strings.ToLower(o.XLabel), x, strings.ToLower(o.YLabel), y)
}

// style is the chart's own style sheet, scoped to its id, so that it
// wins over a page's older rules for the same classes. Colours come from
// the page's custom properties if it has them; otherwise from the system
// colours Canvas and CanvasText, which follow the page's color-scheme, and
// for the accent from a light and a dark default.
func style(id string) string {
	s := `#_{display:block;width:100%;height:auto;color:var(--text,CanvasText);font-family:var(--sans,system-ui,-apple-system,"Segoe UI",Roboto,sans-serif);` +
		`--chart-bg:var(--surface,Canvas);--chart-accent:var(--accent,#b3261e);--chart-muted:var(--muted,color-mix(in srgb,currentColor 68%,transparent));--chart-line:var(--line,color-mix(in srgb,currentColor 16%,transparent));--chart-focus:var(--focus,#1a5fb4)}` +
		`@media (prefers-color-scheme:dark){#_{--chart-accent:var(--accent,#f2998f);--chart-focus:var(--focus,#8cb4ff)}}` +
		`#_ .chart-plot{fill:var(--chart-bg);stroke:var(--chart-line)}` +
		`#_ .chart-best{fill:var(--chart-accent);fill-opacity:.08;stroke:none}` +
		`#_ .chart-grid{fill:none;stroke:var(--chart-line);stroke-width:1;stroke-dasharray:2 4}` +
		`#_ .chart-axis{fill:none;stroke:currentColor;stroke-opacity:.35;stroke-width:1.5}` +
		`#_ .chart-tick{fill:var(--chart-muted);font-size:12px;font-style:normal;font-weight:400}` +
		`#_ .chart-axis-label{fill:currentColor;font-size:15px;font-weight:700}` +
		`#_ .chart-quadrant{fill:var(--chart-muted);font-size:14px;font-style:italic;font-weight:400}` +
		`#_ .chart-leader{stroke:var(--chart-muted);stroke-opacity:.7;stroke-width:1}` +
		`#_ .chart-point{color:inherit;outline:none}` +
		`#_ .chart-point circle{fill:var(--chart-accent);stroke:var(--chart-bg);stroke-width:2}` +
		`#_ .chart-symbol circle{fill:var(--chart-bg);stroke:var(--chart-accent);stroke-width:3}` +
		`#_ .chart-point text{fill:currentColor;font-size:15px;font-weight:400;paint-order:stroke;stroke:var(--chart-bg);stroke-width:4px;stroke-linejoin:round}` +
		`#_ .chart-point:hover text{text-decoration:underline}` +
		`#_ .chart-point:hover circle{stroke:currentColor}` +
		`#_ .chart-point:focus-visible text{fill:var(--chart-focus);text-decoration:underline;text-decoration-thickness:2px}` +
		`#_ .chart-point:focus-visible circle{stroke:var(--chart-focus);stroke-width:4}` +
		`@media (forced-colors:active){#_ .chart-point circle{fill:LinkText;stroke:Canvas}#_ .chart-point text{fill:LinkText}#_ .chart-point:focus-visible circle{stroke:Highlight}}`
	return strings.ReplaceAll(s, "#_", "#"+id)
}

// cleanID makes an id safe for an attribute and a CSS selector.
func cleanID(id string) string {
	if id == "" {
		return "chart"
	}
	b := []byte(id)
	for i, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			b[i] = '-'
		}
	}
	if b[0] >= '0' && b[0] <= '9' || b[0] == '-' {
		return "c" + string(b)
	}
	return string(b)
}

// safeURL refuses script URLs: a point links to a page, nothing else.
func safeURL(u string) string {
	scheme, _, ok := strings.Cut(strings.TrimSpace(u), ":")
	if ok && !strings.ContainsAny(scheme, "/?#") {
		switch strings.ToLower(scheme) {
		case "http", "https", "mailto":
		default:
			return "#"
		}
	}
	return u
}

// esc escapes text for XML content and attribute values.
func esc(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s)) // writes to a strings.Builder never fail
	return b.String()
}
