// Package report writes one self-contained HTML page per release from a run's report: the
// stages with their timings, each canary step with charts of error rate and latency per
// version, the approvals, and the policy results. The page has no script and loads nothing:
// styles are inline and charts are inline SVG whose data points carry their values.
package report

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"math"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/runlog"

	"github.com/greenlight-cd/greenlight/internal/chart"
	"github.com/greenlight-cd/greenlight/pkg/analysis"
	"github.com/greenlight-cd/greenlight/pkg/governance"
)

// Page is what the release page shows.
type Page struct {
	Report *runlog.Report
	// Policies are the policy results of the release (greenlight policy check --json), if any.
	Policies []governance.Result
}

// WriteHTML writes the page.
func (p Page) WriteHTML(w io.Writer) error {
	if p.Report == nil {
		return fmt.Errorf("no report to render")
	}
	var buf bytes.Buffer
	if err := page().Execute(&buf, p.view()); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

type stageView struct {
	runlog.StageRecord
	Offset, Width float64 // percent of the run, for the timing bar
	Took          string
}

type stepView struct {
	Env     string
	Charts  []template.HTML
	Verdict []analysis.Verdict
}

type view struct {
	R        *runlog.Report
	Title    string
	Took     string
	Stages   []stageView
	Canaries []stepView
	Policies []governance.Result
	// MovePolicies are what the policies said at each traffic move of the run.
	MovePolicies []movePolicy
}

// movePolicy is one policy's answer at one traffic move.
type movePolicy struct {
	Move, Env string
	runlog.PolicyResult
}

func (p Page) view() view {
	r := p.Report
	v := view{R: r, Policies: p.Policies}
	for _, m := range r.Moves {
		for _, pr := range m.Policies {
			v.MovePolicies = append(v.MovePolicies, movePolicy{Move: fmt.Sprintf("%s %d%%", m.Kind, m.Weight), Env: m.Env, PolicyResult: pr})
		}
	}
	v.Title = r.Pipeline
	if v.Title == "" {
		v.Title = "release"
	}
	if r.Source.Commit != "" {
		v.Title += " " + short(r.Source.Commit)
	}
	total := r.End.Sub(r.Start)
	if total > 0 {
		v.Took = roundDur(total)
	}
	for _, s := range r.Stages {
		sv := stageView{StageRecord: s, Took: roundDur(s.Duration)}
		if total > 0 && !s.Start.IsZero() {
			sv.Offset = clamp(100 * float64(s.Start.Sub(r.Start)) / float64(total))
			sv.Width = math.Max(0.5, clamp(100*float64(s.Duration)/float64(total)))
			sv.Width = math.Min(sv.Width, 100-sv.Offset)
		}
		v.Stages = append(v.Stages, sv)
	}
	byEnv := map[string][]analysis.Verdict{}
	var envs []string
	for _, vd := range r.Verdicts {
		if _, ok := byEnv[vd.Env]; !ok {
			envs = append(envs, vd.Env)
		}
		byEnv[vd.Env] = append(byEnv[vd.Env], vd)
	}
	sort.Strings(envs)
	for _, env := range envs {
		vs := byEnv[env]
		sort.SliceStable(vs, func(i, j int) bool { return vs[i].Time.Before(vs[j].Time) })
		cs := charts(env, vs)
		var looks []analysis.Verdict
		for _, l := range r.Looks {
			if l.Env == env {
				looks = append(looks, l)
			}
		}
		if len(looks) > 0 {
			// Over the release, look by look; the reports of earlier versions have only the
			// steps' verdicts.
			cs = timeline(env, r.Start, looks)
		}
		v.Canaries = append(v.Canaries, stepView{Env: env, Verdict: vs, Charts: cs})
	}
	return v
}

// charts draws error rate and p99 latency per version over the canary's steps.
func charts(env string, vs []analysis.Verdict) []template.HTML {
	var ticks []chart.Tick
	errS := []chart.Series{{Name: "stable"}, {Name: "canary"}}
	latS := []chart.Series{{Name: "stable p99"}, {Name: "canary p99"}}
	for i, v := range vs {
		x := float64(i + 1)
		ticks = append(ticks, chart.Tick{X: x, Label: fmt.Sprintf("%d%%", v.Weight)})
		for j, s := range []analysis.Sample{v.Stable, v.Canary} {
			name := errS[j].Name
			errS[j].Points = append(errS[j].Points, chart.Point{X: x, Y: round(100*s.ErrorRate(), 4),
				Label: fmt.Sprintf("%s at %d%%: %.2f%% errors (%d of %d)", name, v.Weight, 100*s.ErrorRate(), s.Errors, s.Requests)})
			latS[j].Points = append(latS[j].Points, chart.Point{X: x, Y: round(float64(s.P99.Microseconds())/1000, 3),
				Label: fmt.Sprintf("%s at %d%%: p99 %s, p50 %s", name, v.Weight, s.P99, s.P50)})
		}
	}
	pctf := func(f float64) string { return fmt.Sprintf("%.2g%%", f) }
	msf := func(f float64) string { return fmt.Sprintf("%.0fms", f) }
	return []template.HTML{
		template.HTML(chart.Line{Title: env + ": error rate per version", YLabel: "errors %", Series: errS, XTicks: ticks, YFormat: pctf}.SVG()),
		template.HTML(chart.Line{Title: env + ": p99 latency per version", YLabel: "ms", Series: latS, XTicks: ticks, YFormat: msf}.SVG()),
	}
}

func round(f float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(f*p) / p
}

func clamp(f float64) float64 { return math.Max(0, math.Min(100, f)) }

func short(s string) string {
	if len(s) > 7 {
		return s[:7]
	}
	return s
}

func roundDur(d time.Duration) string {
	switch {
	case d >= time.Minute:
		return d.Round(time.Second).String()
	case d >= time.Second:
		return d.Round(10 * time.Millisecond).String()
	}
	return d.Round(time.Millisecond).String()
}

var funcs = template.FuncMap{
	"pct":  func(f float64) string { return fmt.Sprintf("%.3f", f) },
	"rate": func(s analysis.Sample) string { return fmt.Sprintf("%.2f%%", 100*s.ErrorRate()) },
	"ms":   func(d time.Duration) string { return roundDur(d) },
	"when": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format("2006-01-02 15:04:05 MST")
	},
	// url keeps only http(s) links; html/template escapes them too.
	"safeURL": func(s string) string {
		if strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://") {
			return s
		}
		return ""
	},
}

// page is parsed on first use, not when every command of the CLI starts.
var page = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("page").Funcs(funcs).Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>Greenlight: {{.Title}}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1040px;color:#1b1f24;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #eee;vertical-align:top}
th{font-weight:600;background:#f6f8fa}.passed,.allow{color:#1a7f37}.failed,.refuse{color:#cf222e}.skipped,.hold,.running{color:#9a6700}.cancelled{color:#57606a}
.bar{position:relative;height:12px;background:#f0f2f4;min-width:160px}.bar span{position:absolute;top:0;height:12px;background:#0969da}
.meta{color:#57606a}.charts{display:flex;flex-wrap:wrap;gap:12px}code{font-size:12px}
</style></head><body>
<h1>Greenlight: {{.Title}}</h1>
<p class="meta" id="summary">
<span class="{{.R.Status}}" id="status">{{.R.Status}}</span>{{if .Took}} in {{.Took}}{{end}}
{{with .R.Source}}{{if .Repository}} · {{.Repository}}{{end}}{{if .Commit}} · commit <code>{{.Commit}}</code>{{end}}{{if .Author}} · by {{.Author}}{{end}}{{if .Trigger}} · {{.Trigger}}{{end}}{{with safeURL .RunURL}} · <a href="{{.}}">the run</a>{{end}}{{end}}
· started {{when .R.Start}}</p>
{{with .R.Error}}<p class="failed" id="error">{{.}}</p>{{end}}

<h2>Stages</h2>
<table id="stages"><tr><th>stage</th><th>environment</th><th>status</th><th>took</th><th>timeline</th><th>result</th></tr>
{{range .Stages}}<tr class="stage" data-name="{{.Name}}" data-status="{{.Status}}" data-duration-ms="{{.Duration.Milliseconds}}">
<td>{{.Name}}</td><td>{{.Env}}</td><td class="{{.Status}}">{{.Status}}</td><td>{{.Took}}</td>
<td><div class="bar"><span style="left:{{pct .Offset}}%;width:{{pct .Width}}%"></span></div></td>
<td>{{.Result}}{{with .Error}}<div class="failed">{{.}}</div>{{end}}</td></tr>
{{else}}<tr><td colspan="6">no stages</td></tr>{{end}}
</table>

<h2>Canary</h2>
{{range .Canaries}}<section class="canary" data-env="{{.Env}}">
<h3>{{.Env}}</h3>
<div class="charts">{{range .Charts}}{{.}}{{end}}</div>
<table class="steps"><tr><th>weight</th><th>verdict</th><th>stable</th><th>canary</th><th>reason</th><th>at</th></tr>
{{range .Verdict}}<tr class="step" data-weight="{{.Weight}}" data-outcome="{{.Outcome}}"><td>{{.Weight}}%</td><td class="{{if eq (print .Outcome) "fail"}}failed{{else if eq (print .Outcome) "pass"}}passed{{else}}skipped{{end}}">{{.Outcome}}</td>
<td>{{.Stable.Requests}} req, {{rate .Stable}} err, p99 {{ms .Stable.P99}}</td><td>{{.Canary.Requests}} req, {{rate .Canary}} err, p99 {{ms .Canary.P99}}</td><td>{{.Reason}}</td><td>{{when .Time}}</td></tr>
{{end}}</table></section>
{{else}}<p>No canary in this release.</p>{{end}}
{{if .R.Versions}}<h3>What each version served</h3>
<table id="versions"><tr><th>environment</th><th>revision</th><th>image</th><th>requests</th><th>failed</th><th>p50</th><th>p99</th></tr>
{{range .R.Versions}}<tr><td>{{.Env}}</td><td>{{.Revision}}</td><td><code>{{.Image}}</code></td><td>{{.Requests}}</td><td>{{.Failed}}</td><td>{{.P50Ms}} ms</td><td>{{.P99Ms}} ms</td></tr>{{end}}
</table>{{end}}
{{if .R.Moves}}<h3>Traffic moves</h3>
<table id="moves"><tr><th>move</th><th>environment</th><th>weight</th><th>outcome</th><th>detail</th><th>at</th></tr>
{{range .R.Moves}}<tr class="move" data-outcome="{{.Outcome}}"><td>{{.Kind}}</td><td>{{.Env}}</td><td>{{.Weight}}%</td>
<td class="{{if eq .Outcome "done"}}passed{{else if eq .Outcome "held"}}skipped{{else}}failed{{end}}">{{.Outcome}}</td><td>{{.Detail}}</td><td>{{when .Time}}</td></tr>{{end}}
</table>{{end}}
{{if .R.Rollbacks}}<h3>Rollbacks</h3><table id="rollbacks"><tr><th>environment</th><th>from</th><th>to</th><th>why</th><th>took</th></tr>
{{range .R.Rollbacks}}<tr><td>{{.Env}}</td><td>{{.From}}</td><td>{{.To}}</td><td>{{.Reason}}</td><td>{{ms .Duration}}</td></tr>{{end}}</table>{{end}}

<h2>Approvals</h2>
<table id="approvals"><tr><th>environment</th><th>decision</th><th>by</th><th>via</th><th>digest</th><th>reason</th><th>at</th></tr>
{{range .R.Decisions}}<tr class="decision"><td>{{.Env}}</td><td class="{{if .Approved}}passed{{else}}failed{{end}}">{{if .Approved}}approved{{else}}rejected{{end}}</td>
<td>{{.By}}{{with .Identity}} ({{.}}){{end}}</td><td>{{.Via}}</td><td><code>{{.Digest}}</code></td><td>{{.Reason}}</td><td>{{when .At}}</td></tr>
{{else}}<tr><td colspan="7">no approvals in this release</td></tr>{{end}}
</table>

<h2>Policies</h2>
{{if .MovePolicies}}<h3>At each traffic move</h3>
<table id="move-policies"><tr><th>move</th><th>environment</th><th>policy</th><th>outcome</th><th>why</th></tr>
{{range .MovePolicies}}<tr class="move-policy" data-outcome="{{.Outcome}}"><td>{{.Move}}</td><td>{{.Env}}</td><td>{{.Policy}}</td><td class="{{.Outcome}}">{{.Outcome}}</td><td>{{.Message}}</td></tr>
{{end}}</table>{{end}}
{{if .Policies}}<h3>Dry run</h3>{{end}}
<table id="policies"><tr><th>policy</th><th>outcome</th><th>why</th></tr>
{{range .Policies}}<tr class="policy" data-outcome="{{.Outcome}}"><td>{{.Policy}}</td><td class="{{.Outcome}}">{{.Outcome}}</td><td>{{.Message}}{{with .Override}}<div>override by {{.By}}: {{.Reason}}</div>{{end}}</td></tr>
{{else}}<tr><td colspan="3">no dry-run results given{{if not .MovePolicies}}; the environments of this release have no policies{{end}}</td></tr>{{end}}
</table>
<p class="meta">Generated by Greenlight from the run's report.</p>
</body></html>
`))
})
