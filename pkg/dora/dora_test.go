package dora

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestEdgesOfTheDefinitions(t *testing.T) {
	t0 := time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)
	h := func(n float64) time.Time { return t0.Add(time.Duration(n * float64(time.Hour))) }
	ds := []Deployment{
		// Still running at the end of the window: not a change yet.
		{ID: 1, Env: "production", Created: h(1), CommitTime: h(0), Statuses: []Status{{"in_progress", h(1)}}},
		// A rollback that is the first deployment: not a change, restores nothing.
		{ID: 2, Env: "production", Created: h(2), Rollback: true, Statuses: []Status{{"success", h(2.5)}}},
		// Statuses in any order; success after a failure status counts as success.
		{ID: 3, Env: "production", Created: h(3), CommitTime: h(2), Statuses: []Status{{"success", h(5)}, {"in_progress", h(3)}, {"failure", h(4)}}},
	}
	ms := Compute(ds, t0, t0.AddDate(0, 0, 7), "production", "qa")
	if len(ms) != 2 || ms[1].Env != "qa" || ms[1].Window.Changes != 0 || ms[1].Window.LeadTime != nil {
		t.Fatalf("an environment asked for but never deployed has empty figures: %+v", ms)
	}
	w := ms[0].Window
	if w.Changes != 1 || w.Deployments != 1 || w.Failures != 0 || time.Duration(*w.LeadTime) != 3*time.Hour {
		t.Fatalf("%+v", w)
	}
	if !strings.Contains(Text(ms), "qa  2026-11-02 to 2026-11-09") || !strings.Contains(Text(ms), "median - (0 restores)") {
		t.Fatalf("text:\n%s", Text(ms))
	}
	b, _ := json.Marshal(ms[1])
	if strings.Contains(string(b), "lead_time_median") || !strings.Contains(string(b), `"env":"qa"`) {
		t.Fatalf("no lead time is left out, not zero: %s", b)
	}
	if Text(nil) != "no deployments in the window\n" {
		t.Fatal(Text(nil))
	}
}

func TestPercentile(t *testing.T) {
	ds := []time.Duration{4, 1, 3, 2}
	if percentile(ds, 50) != 2 || percentile(ds, 90) != 3 || percentile([]time.Duration{7}, 90) != 7 {
		t.Fatalf("%v %v", percentile(ds, 50), percentile(ds, 90))
	}
}
