package chart

import (
	"math"
	"strings"
	"testing"
)

func TestSVGEscapesAndSkipsMissingValues(t *testing.T) {
	svg := Line{Title: `<b>"x"</b>`, Series: []Series{{Name: `a<script>`, Points: []Point{{X: 1, Y: 2}, {X: 2, Y: math.NaN()}, {X: 3, Y: 4, Label: "<i>"}}}}}.SVG()
	if strings.Contains(svg, "<script>") || strings.Contains(svg, "<b>") || strings.Contains(svg, "<i>") || strings.Contains(svg, "NaN") {
		t.Fatalf("unescaped: %s", svg)
	}
	if n := strings.Count(svg, `<circle class="point"`); n != 2 {
		t.Fatalf("points: %d", n)
	}
	if !strings.Contains(svg, `data-x="3" data-y="4"`) {
		t.Fatal(svg)
	}
	if empty := (Line{Title: "t"}).SVG(); !strings.Contains(empty, "no data") {
		t.Fatal(empty)
	}
}
