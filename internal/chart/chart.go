// Package chart draws small line charts as self-contained SVG, with every data point a
// <circle> that carries its values (data-series, data-x, data-y) and a <title> tooltip, so a
// page stays readable and checkable without scripts. Used by the release page (pkg/report) and
// the DORA chart (pkg/dora).
package chart

import (
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"
)

// Point is one data point; Label is its tooltip (default "x, y").
type Point struct {
	X, Y  float64
	Label string
}

// Series is one line.
type Series struct {
	Name   string
	Points []Point
}

// Line is a line chart.
type Line struct {
	Title  string
	YLabel string
	Series []Series
	// Width and Height in pixels (default 480×220).
	Width, Height int
	// XTicks names positions on the x axis (default: the points' X values, formatted).
	XTicks []Tick
	// YFormat formats y values on the axis and in tooltips (default %g).
	YFormat func(float64) string
	// Marks are vertical lines at positions on the x axis: a step's start, a verdict.
	Marks []Mark
}

// Mark is a labelled vertical line; Class names what it marks (a CSS class and data-kind).
type Mark struct {
	X     float64
	Label string
	Class string
}

// Tick is a labelled position on the x axis.
type Tick struct {
	X     float64
	Label string
}

// palette is colour-blind safe (Okabe–Ito).
var palette = []string{"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"}

// Color is the colour of the i-th series.
func Color(i int) string { return palette[i%len(palette)] }

func num(f float64) string { return strconv.FormatFloat(f, 'f', 2, 64) }

// SVG renders the chart as an <svg> element with its xmlns, valid inline in HTML and alone.
func (c Line) SVG() string {
	w, h := c.Width, c.Height
	if w <= 0 {
		w = 480
	}
	if h <= 0 {
		h = 220
	}
	yf := c.YFormat
	if yf == nil {
		yf = func(v float64) string { return strconv.FormatFloat(v, 'g', 4, 64) }
	}
	const left, right, top, bottom = 56.0, 30.0, 28.0, 44.0
	pw, ph := float64(w)-left-right, float64(h)-top-bottom
	minX, maxX, maxY := math.Inf(1), math.Inf(-1), 0.0
	n := 0
	for _, s := range c.Series {
		for _, p := range s.Points {
			if math.IsNaN(p.Y) || math.IsInf(p.Y, 0) {
				continue
			}
			minX, maxX, maxY = math.Min(minX, p.X), math.Max(maxX, p.X), math.Max(maxY, p.Y)
			n++
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="%d" height="%d" viewBox="0 0 %d %d" role="img" aria-label="%s">`,
		w, h, w, h, html.EscapeString(c.Title))
	fmt.Fprintf(&b, `<title>%s</title><rect width="%d" height="%d" fill="#fff"/>`, html.EscapeString(c.Title), w, h)
	fmt.Fprintf(&b, `<text x="%s" y="18" font-family="sans-serif" font-size="13" font-weight="bold">%s</text>`, num(left), html.EscapeString(c.Title))
	if n == 0 {
		fmt.Fprintf(&b, `<text x="%s" y="%s" font-family="sans-serif" font-size="12" fill="#666">no data</text></svg>`, num(left+pw/2-20), num(top+ph/2))
		return b.String()
	}
	if maxX == minX {
		minX, maxX = minX-1, maxX+1
	}
	maxY = niceMax(maxY)
	x := func(v float64) float64 { return left + (v-minX)/(maxX-minX)*pw }
	y := func(v float64) float64 { return top + ph - v/maxY*ph }
	// Axes and y grid.
	fmt.Fprintf(&b, `<g font-family="sans-serif" font-size="10" fill="#444" stroke="none">`)
	for i := 0; i <= 4; i++ {
		v := maxY * float64(i) / 4
		fmt.Fprintf(&b, `<line x1="%s" x2="%s" y1="%s" y2="%s" stroke="#ddd"/>`, num(left), num(left+pw), num(y(v)), num(y(v)))
		fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="end">%s</text>`, num(left-4), num(y(v)+3), html.EscapeString(yf(v)))
	}
	ticks := c.XTicks
	if ticks == nil {
		seen := map[float64]bool{}
		for _, s := range c.Series {
			for _, p := range s.Points {
				if !seen[p.X] {
					seen[p.X] = true
					ticks = append(ticks, Tick{p.X, strconv.FormatFloat(p.X, 'g', 4, 64)})
				}
			}
		}
	}
	step := max(1, len(ticks)/8)
	for i, t := range ticks {
		if i%step != 0 {
			continue
		}
		fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="middle">%s</text>`, num(x(t.X)), num(top+ph+14), html.EscapeString(t.Label))
	}
	if c.YLabel != "" {
		fmt.Fprintf(&b, `<text x="12" y="%s" transform="rotate(-90 12 %s)" text-anchor="middle">%s</text>`, num(top+ph/2), num(top+ph/2), html.EscapeString(c.YLabel))
	}
	fmt.Fprintf(&b, `<line x1="%s" x2="%s" y1="%s" y2="%s" stroke="#888"/></g>`, num(left), num(left+pw), num(top+ph), num(top+ph))
	for _, m := range c.Marks {
		if m.X < minX || m.X > maxX {
			continue
		}
		stroke, dash := "#888", "4 3"
		if m.Class == "verdict" {
			stroke, dash = "#cf222e", "none"
		}
		fmt.Fprintf(&b, `<g class="mark %s" data-kind="%s" data-x="%s"><line x1="%s" x2="%s" y1="%s" y2="%s" stroke="%s" stroke-dasharray="%s"/><text x="%s" y="%s" font-family="sans-serif" font-size="10" fill="%s">%s</text><title>%s</title></g>`,
			html.EscapeString(m.Class), html.EscapeString(m.Class), strconv.FormatFloat(m.X, 'g', -1, 64), num(x(m.X)), num(x(m.X)), num(top), num(top+ph), stroke, dash,
			num(x(m.X)+3), num(top+10), stroke, html.EscapeString(m.Label), html.EscapeString(m.Label))
	}
	// Legend.
	lx := left
	for i, s := range c.Series {
		fmt.Fprintf(&b, `<g class="legend"><rect x="%s" y="%s" width="10" height="10" fill="%s"/><text x="%s" y="%s" font-family="sans-serif" font-size="11">%s</text></g>`,
			num(lx), num(float64(h)-14), Color(i), num(lx+14), num(float64(h)-5), html.EscapeString(s.Name))
		lx += 24 + 7*float64(len([]rune(s.Name)))
	}
	// Lines and points.
	for i, s := range c.Series {
		var pts []string
		for _, p := range s.Points {
			if math.IsNaN(p.Y) || math.IsInf(p.Y, 0) {
				continue
			}
			pts = append(pts, num(x(p.X))+","+num(y(p.Y)))
		}
		fmt.Fprintf(&b, `<g class="series" data-series="%s"><polyline fill="none" stroke="%s" stroke-width="2" points="%s"/>`,
			html.EscapeString(s.Name), Color(i), strings.Join(pts, " "))
		for _, p := range s.Points {
			if math.IsNaN(p.Y) || math.IsInf(p.Y, 0) {
				continue
			}
			label := p.Label
			if label == "" {
				label = fmt.Sprintf("%s: %s", s.Name, yf(p.Y))
			}
			fmt.Fprintf(&b, `<circle class="point" data-series="%s" data-x="%s" data-y="%s" cx="%s" cy="%s" r="3.5" fill="%s"><title>%s</title></circle>`,
				html.EscapeString(s.Name), strconv.FormatFloat(p.X, 'g', -1, 64), strconv.FormatFloat(p.Y, 'g', -1, 64),
				num(x(p.X)), num(y(p.Y)), Color(i), html.EscapeString(label))
		}
		b.WriteString(`</g>`)
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// niceMax rounds v up to 1, 2, 2.5 or 5 times a power of ten (1 for v ≤ 0).
func niceMax(v float64) float64 {
	if v <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if v <= m*p {
			return m * p
		}
	}
	return 10 * p
}

// Grid places charts in a grid of cols columns as one <svg>.
func Grid(title string, cols int, charts ...Line) string {
	if cols <= 0 {
		cols = 2
	}
	cw, ch := 480, 220
	rows := (len(charts) + cols - 1) / cols
	w, h := cw*cols, ch*rows+30
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" role="img" aria-label="%s"><title>%s</title><rect width="%d" height="%d" fill="#fff"/>`,
		w, h, w, h, html.EscapeString(title), html.EscapeString(title), w, h)
	fmt.Fprintf(&b, `<text x="10" y="20" font-family="sans-serif" font-size="15" font-weight="bold">%s</text>`, html.EscapeString(title))
	for i, c := range charts {
		c.Width, c.Height = cw, ch
		svg := c.SVG()
		// Nest each chart as an <svg> placed at its cell.
		svg = strings.Replace(svg, "<svg ", fmt.Sprintf(`<svg x="%d" y="%d" `, (i%cols)*cw, 30+(i/cols)*ch), 1)
		b.WriteString(svg)
	}
	b.WriteString(`</svg>`)
	return b.String()
}
