package dora

import (
	"math"
	"strconv"
	"time"

	"github.com/greenlight-cd/greenlight/internal/chart"
)

// SVG draws the weekly trend of the four metrics, one line per environment, as one
// self-contained SVG picture (for a team's README).
func SVG(ms []EnvMetrics) string {
	hours := func(d *Duration) float64 {
		if d == nil {
			return math.NaN()
		}
		return time.Duration(*d).Hours()
	}
	rate := func(f *float64) float64 {
		if f == nil {
			return math.NaN()
		}
		return *f * 100
	}
	metric := []struct {
		title, unit string
		val         func(Figures) float64
		format      func(float64) string
	}{
		{"Deployments per week", "deploys", func(f Figures) float64 { return float64(f.Deployments) }, func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }},
		{"Lead time for changes (median)", "hours", func(f Figures) float64 { return hours(f.LeadTime) }, func(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) + "h" }},
		{"Change failure rate", "%", func(f Figures) float64 { return rate(f.ChangeFailureRate) }, func(v float64) string { return strconv.FormatFloat(v, 'f', 0, 64) + "%" }},
		{"Time to restore (median)", "hours", func(f Figures) float64 { return hours(f.TimeToRestore) }, func(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) + "h" }},
	}
	var ticks []chart.Tick
	if len(ms) > 0 {
		for i, w := range ms[0].Weeks {
			ticks = append(ticks, chart.Tick{X: float64(i), Label: w.From.UTC().Format("Jan 2")})
		}
	}
	var charts []chart.Line
	for _, m := range metric {
		c := chart.Line{Title: m.title, YLabel: m.unit, XTicks: ticks, YFormat: m.format}
		for _, em := range ms {
			s := chart.Series{Name: em.Env}
			for i, w := range em.Weeks {
				s.Points = append(s.Points, chart.Point{X: float64(i), Y: m.val(w),
					Label: em.Env + ", week of " + w.From.UTC().Format("2 Jan") + ": " + fmtOr(m.format, m.val(w))})
			}
			c.Series = append(c.Series, s)
		}
		charts = append(charts, c)
	}
	title := "DORA metrics by week"
	if len(ms) > 0 {
		title += ", " + ms[0].Window.From.UTC().Format("2 Jan 2006") + " to " + ms[0].Window.To.UTC().Format("2 Jan 2006")
	}
	return chart.Grid(title, 2, charts...)
}

func fmtOr(f func(float64) string, v float64) string {
	if math.IsNaN(v) {
		return "none"
	}
	return f(v)
}
