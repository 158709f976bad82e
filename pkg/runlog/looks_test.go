package runlog

import (
	"testing"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/analysis"
)

// A bake of hours keeps the report bounded: looks are thinned evenly past maxLooks, and every
// step's end and the last look are kept.
func TestLooksAreBoundedAndKeepEveryStepsEnd(t *testing.T) {
	var r Report
	t0 := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
	for i := range 10 * maxLooks {
		out := analysis.Wait
		if i%1000 == 999 {
			out = analysis.Pass
		}
		r.AddLook(analysis.Verdict{Outcome: out, Time: t0.Add(time.Duration(i) * time.Second)})
	}
	if len(r.Looks) > maxLooks+1 || len(r.Looks) < maxLooks/2 {
		t.Errorf("%d looks kept, want at most %d and at least half", len(r.Looks), maxLooks)
	}
	passes := 0
	for i, l := range r.Looks {
		if l.Outcome == analysis.Pass {
			passes++
		}
		if i > 0 && !l.Time.After(r.Looks[i-1].Time) {
			t.Fatal("looks out of order")
		}
	}
	if passes != 10*maxLooks/1000 || !r.Looks[len(r.Looks)-1].Time.Equal(t0.Add(time.Duration(10*maxLooks-1)*time.Second)) {
		t.Errorf("%d step ends kept, want %d; last look %s", passes, 10*maxLooks/1000, r.Looks[len(r.Looks)-1].Time)
	}
}
