package report

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/analysis"
	"github.com/greenlight-cd/greenlight/pkg/runlog"
)

// Issue 23 §4: the release page plots error rate and latency per version over the release,
// look by look, with a line at each step's start and one at the verdict, as inline SVG.
func TestPagePlotsTheReleaseOverTimeWithStepsAndVerdict(t *testing.T) {
	t0 := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	rep := &runlog.Report{Pipeline: "hello", Status: runlog.Failed, Start: t0, End: t0.Add(time.Hour)}
	look := func(sec, weight int, out analysis.Outcome, canaryErrs int64) {
		rep.AddLook(analysis.Verdict{Env: "production", Weight: weight, Outcome: out, Time: t0.Add(time.Duration(sec) * time.Second),
			Stable: analysis.Sample{Requests: 1000, Errors: 10, P50: 40 * time.Millisecond, P99: 120 * time.Millisecond},
			Canary: analysis.Sample{Requests: 100, Errors: canaryErrs, P50: 45 * time.Millisecond, P99: 130 * time.Millisecond}})
	}
	look(60, 10, analysis.Wait, 1)
	look(120, 10, analysis.Pass, 1)
	look(130, 25, analysis.Wait, 2)
	look(190, 25, analysis.Pass, 2)
	look(200, 75, analysis.Wait, 3)
	look(400, 75, analysis.Fail, 9)
	rep.Verdicts = []analysis.Verdict{rep.Looks[1], rep.Looks[3], rep.Looks[5]}
	var b bytes.Buffer
	if err := (Page{Report: rep}).WriteHTML(&b); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	for _, title := range []string{"production: error rate per version over the release", "production: latency per version over the release"} {
		i := strings.Index(page, `aria-label="`+title+`"`)
		if i < 0 {
			t.Fatalf("no chart %q", title)
		}
		svg := page[i : i+strings.Index(page[i:], "</svg>")]
		steps := regexp.MustCompile(`data-kind="step" data-x="([0-9.]+)"`).FindAllStringSubmatch(svg, -1)
		if len(steps) != 3 || steps[0][1] != "60" || steps[1][1] != "130" || steps[2][1] != "200" {
			t.Errorf("%s: step lines %v, want at 60 s, 130 s and 200 s", title, steps)
		}
		if !strings.Contains(svg, `data-kind="verdict" data-x="400"`) || !strings.Contains(svg, "fail at 75%") {
			t.Errorf("%s: no line at the verdict (400 s)", title)
		}
		if n := strings.Count(svg, `<circle class="point" data-series="canary`); n != 6 && n != 12 {
			t.Errorf("%s: %d canary points, want one per look and measure", title, n)
		}
	}
	if !strings.Contains(page, `data-series="canary errors" data-x="400" data-y="9"`) {
		t.Error("the canary's error rate at the verdict (9 of 100) is not plotted")
	}
	if strings.Contains(page, "<script") {
		t.Error("the page carries a script")
	}
}
