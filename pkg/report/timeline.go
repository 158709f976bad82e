package report

import (
	"fmt"
	"html/template"
	"time"

	"github.com/greenlight-cd/greenlight/internal/chart"
	"github.com/greenlight-cd/greenlight/internal/durfmt"
	"github.com/greenlight-cd/greenlight/pkg/analysis"
)

// timeline draws error rate and latency per version over the release, from the canary's looks
// (runlog.Report.Looks): x is the time since the run started, each step's start is a dashed
// line named by its weight, and the verdict that ended the release's analysis a red line.
// Each look's figures are the step's so far, as the judge saw them.
func timeline(env string, start time.Time, looks []analysis.Verdict) []template.HTML {
	if len(looks) == 0 {
		return nil
	}
	if start.IsZero() || looks[0].Time.Before(start) {
		start = looks[0].Time
	}
	errS := []chart.Series{{Name: "stable errors"}, {Name: "canary errors"}}
	latS := []chart.Series{{Name: "stable p50"}, {Name: "canary p50"}, {Name: "stable p99"}, {Name: "canary p99"}}
	var marks []chart.Mark
	prevWeight := -1
	var verdict *analysis.Verdict
	for i, v := range looks {
		x := v.Time.Sub(start).Seconds()
		at := v.Time.Sub(start).Round(time.Second).String()
		if v.Weight != prevWeight {
			marks = append(marks, chart.Mark{X: x, Label: fmt.Sprintf("%d%%", v.Weight), Class: "step"})
			prevWeight = v.Weight
		}
		if v.Outcome != analysis.Wait {
			verdict = &looks[i]
		}
		for j, s := range []analysis.Sample{v.Stable, v.Canary} {
			who := [2]string{"stable", "canary"}[j]
			errS[j].Points = append(errS[j].Points, chart.Point{X: x, Y: round(100*s.ErrorRate(), 4),
				Label: fmt.Sprintf("%s at %d%%, t+%s: %.2f%% errors (%d of %d this step)", who, v.Weight, at, 100*s.ErrorRate(), s.Errors, s.Requests)})
			latS[j].Points = append(latS[j].Points, chart.Point{X: x, Y: round(float64(s.P50.Microseconds())/1000, 3),
				Label: fmt.Sprintf("%s at %d%%, t+%s: p50 %s", who, v.Weight, at, durfmt.Round(s.P50))})
			latS[j+2].Points = append(latS[j+2].Points, chart.Point{X: x, Y: round(float64(s.P99.Microseconds())/1000, 3),
				Label: fmt.Sprintf("%s at %d%%, t+%s: p99 %s", who, v.Weight, at, durfmt.Round(s.P99))})
		}
	}
	if verdict != nil {
		marks = append(marks, chart.Mark{X: verdict.Time.Sub(start).Seconds(), Label: fmt.Sprintf("%s at %d%%", verdict.Outcome, verdict.Weight), Class: "verdict"})
	}
	var ticks []chart.Tick
	last := looks[len(looks)-1].Time.Sub(start).Seconds()
	first := looks[0].Time.Sub(start).Seconds()
	for i := 0; i <= 6; i++ {
		x := first + (last-first)*float64(i)/6
		ticks = append(ticks, chart.Tick{X: x, Label: "t+" + time.Duration(x*float64(time.Second)).Round(time.Second).String()})
	}
	pctf := func(f float64) string { return fmt.Sprintf("%.2g%%", f) }
	msf := func(f float64) string { return fmt.Sprintf("%.0fms", f) }
	return []template.HTML{
		template.HTML(chart.Line{Title: env + ": error rate per version over the release", YLabel: "errors %", Series: errS, XTicks: ticks, YFormat: pctf, Marks: marks, Width: 1000}.SVG()),
		template.HTML(chart.Line{Title: env + ": latency per version over the release", YLabel: "ms", Series: latS, XTicks: ticks, YFormat: msf, Marks: marks, Width: 1000}.SVG()),
	}
}
