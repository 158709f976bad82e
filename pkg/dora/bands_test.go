package dora

import (
	"testing"
	"time"
)

// The levels pinned to DORA's Accelerate State of DevOps Report 2024, its table of software
// delivery performance levels (elite 19% of respondents, high 22%, medium 35%, low 25%):
//
//	                     elite                 high                    medium                   low
//	deployment frequency on demand (multiple   between once per day    between once per week    between once per month
//	                     deploys per day)      and once per week       and once per month       and once every six months
//	change lead time     less than one day     between one day and     between one week and     between one month and
//	                                           one week                one month                six months
//	change fail rate     5%                    20%                     10%                      40%
//	failed deployment    less than one hour    less than one day       less than one day        between one week and
//	recovery time                                                                               one month
//
// Checked against the report's table as reproduced by Octopus Deploy ("The 2024 DevOps
// performance clusters", octopus.com/blog/2024-devops-performance-clusters) and by
// practitioners quoting it (dennis-whalen.com, "Measuring your team's software delivery
// performance"); see docs/governance.md. Each case sits at a boundary of a level.
func TestBands2024(t *testing.T) {
	if BandsYear != 2024 {
		t.Fatalf("BandsYear = %d: this table is the 2024 report's", BandsYear)
	}
	from := time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)
	window := func(days int) Figures { return Figures{From: from, To: from.AddDate(0, 0, days)} }
	dur := func(d time.Duration) *Duration { x := Duration(d); return &x }
	rate := func(r float64) *float64 { return &r }
	type want struct{ level, rng string }
	check := func(name string, got *Band, w want) {
		t.Helper()
		if got == nil || got.Level != w.level || got.Range != w.rng || got.Report != 2024 {
			t.Errorf("%s: got %+v, want %s %q (2024)", name, got, w.level, w.rng)
		}
	}
	elite, high, medium, low := "elite", "high", "medium", "low"

	for _, c := range []struct {
		deploys, days int
		w             want
	}{
		{29, 14, want{elite, "on demand (multiple deploys per day)"}},
		{14, 14, want{high, "between once per day and once per week"}},
		{2, 14, want{high, "between once per day and once per week"}},
		{1, 14, want{medium, "between once per week and once per month"}},
		{1, 30, want{medium, "between once per week and once per month"}},
		{1, 60, want{low, "between once per month and once every six months"}},
	} {
		f := window(c.days)
		f.Deployments = c.deploys
		check("deployment frequency", bandsOf(f).DeploymentFrequency, c.w)
	}
	for _, c := range []struct {
		lt time.Duration
		w  want
	}{
		{23 * time.Hour, want{elite, "less than one day"}},
		{24 * time.Hour, want{high, "between one day and one week"}},
		{6 * 24 * time.Hour, want{high, "between one day and one week"}},
		{8 * 24 * time.Hour, want{medium, "between one week and one month"}},
		{40 * 24 * time.Hour, want{low, "between one month and six months"}},
	} {
		f := window(7)
		f.LeadTime = dur(c.lt)
		check("lead time", bandsOf(f).LeadTime, c.w)
	}
	for _, c := range []struct {
		r float64
		w want
	}{
		{0.05, want{elite, "5%"}},
		{0.06, want{high, "20%"}},
		{0.20, want{high, "20%"}},
		{0.21, want{low, "40%"}},
		{0.60, want{low, "40%"}},
	} {
		f := window(7)
		f.ChangeFailureRate = rate(c.r)
		check("change failure rate", bandsOf(f).ChangeFailureRate, c.w)
	}
	for _, c := range []struct {
		rt time.Duration
		w  want
	}{
		{59 * time.Minute, want{elite, "less than one hour"}},
		{2 * time.Hour, want{high, "less than one day"}},
		{3 * 24 * time.Hour, want{low, "between one week and one month"}},
	} {
		f := window(7)
		f.TimeToRestore = dur(c.rt)
		check("recovery time", bandsOf(f).TimeToRestore, c.w)
	}
}
