// Package dora computes the four DORA metrics per environment from the deployment record:
// deployment frequency, lead time for changes, change failure rate and time to restore
// service, over a window and week by week. It reads no service itself: pkg/github turns
// GitHub Deployments, their statuses and commits into Deployments.
//
// Definitions (docs/governance.md shows them at work):
//   - A change is a deployment that is not a rollback and that concluded: it reached success,
//     or it failed (a canary rolled back by the judge). Deployments that ended in error (a run
//     cancelled before it served) are not changes.
//   - Deployment frequency counts changes that succeeded, by the time of their first success.
//   - Lead time for changes is first success minus the deployed commit's time.
//   - A change failed when it ended in failure, or when it succeeded and the next deployment in
//     the environment is a rollback.
//   - Time to restore: for a failed canary, from the deployment's start to its failure status
//     (the abort put traffic back on stable); for a change that was rolled back, from its
//     success to the next success in the environment.
//
// A change belongs to the window (and week) of its conclusion: first success or failure.
package dora

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/greenlight-cd/greenlight/internal/durfmt"
)

// Status is one status of a deployment.
type Status struct {
	State string    `json:"state"` // queued, pending, in_progress, success, failure, error, inactive
	At    time.Time `json:"at"`
}

// Deployment is one deployment to one environment, as the record holds it.
type Deployment struct {
	ID  int64  `json:"id"`
	Env string `json:"env"`
	SHA string `json:"sha"`
	// Created is when the deployment was recorded.
	Created time.Time `json:"created"`
	// CommitTime is when SHA was committed.
	CommitTime time.Time `json:"commit_time"`
	// Rollback is true for a deployment that returned to an earlier release.
	Rollback bool `json:"rollback,omitempty"`
	// Statuses, in any order.
	Statuses []Status `json:"statuses"`
}

// firstAt returns the time of the first status in state, or zero.
func (d Deployment) firstAt(state string) time.Time {
	var t time.Time
	for _, s := range d.Statuses {
		if s.State == state && (t.IsZero() || s.At.Before(t)) {
			t = s.At
		}
	}
	return t
}

// start is when the deployment began serving: its first in_progress status, or its creation.
func (d Deployment) start() time.Time {
	if t := d.firstAt("in_progress"); !t.IsZero() {
		return t
	}
	return d.Created
}

// outcome is success (it served), failure (it failed before ever succeeding), or "" (error,
// cancelled, or still running), with when it concluded.
func (d Deployment) outcome() (string, time.Time) {
	if t := d.firstAt("success"); !t.IsZero() {
		return "success", t
	}
	if t := d.firstAt("failure"); !t.IsZero() {
		return "failure", t
	}
	return "", time.Time{}
}

// Duration is a duration that reads well in JSON: seconds, and a text such as "2h 30m".
type Duration time.Duration

// MarshalJSON writes {"seconds": n, "text": "..."}.
func (d Duration) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Seconds float64 `json:"seconds"`
		Text    string  `json:"text"`
	}{time.Duration(d).Seconds(), d.String()})
}

// String is the duration as the tables show it, such as "1d 3h" or "45m".
func (d Duration) String() string { return durfmt.Short(time.Duration(d)) }

// Figures are the four metrics over one span of time.
type Figures struct {
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
	// Deployments is the number of successful changes; PerWeek the frequency.
	Deployments int     `json:"deployments"`
	PerWeek     float64 `json:"deployments_per_week"`
	// LeadTime is the median lead time of successful changes (nil without any); LeadTimeP90 its
	// 90th percentile.
	LeadTime    *Duration `json:"lead_time_median,omitempty"`
	LeadTimeP90 *Duration `json:"lead_time_p90,omitempty"`
	// Changes and Failures give ChangeFailureRate (0 to 1; nil without changes).
	Changes           int      `json:"changes"`
	Failures          int      `json:"failures"`
	ChangeFailureRate *float64 `json:"change_failure_rate,omitempty"`
	// TimeToRestore is the median time to restore over Restores failures (nil without any).
	Restores      int       `json:"restores"`
	TimeToRestore *Duration `json:"time_to_restore_median,omitempty"`
}

// EnvMetrics are one environment's figures over the window and week by week.
type EnvMetrics struct {
	Env    string `json:"env"`
	Window Figures
	// Weeks start on Monday 00:00 UTC, oldest first, covering the window.
	Weeks []Figures `json:"weeks"`
}

// MarshalJSON flattens Window into the object.
func (m EnvMetrics) MarshalJSON() ([]byte, error) {
	type weeks struct {
		Env   string    `json:"env"`
		Weeks []Figures `json:"weeks"`
	}
	a, err := json.Marshal(m.Window)
	if err != nil {
		return nil, err
	}
	b, err := json.Marshal(weeks{m.Env, m.Weeks})
	if err != nil {
		return nil, err
	}
	return append(append(b[:len(b)-1], ','), a[1:]...), nil
}

// change is one concluded change with what the metrics need.
type change struct {
	env        string
	concluded  time.Time
	succeeded  bool
	leadTime   time.Duration
	failed     bool
	restore    time.Duration // 0 when not restored (yet)
	restoredOK bool
}

// changes turns one environment's deployments into changes.
func changes(ds []Deployment) []change {
	sort.SliceStable(ds, func(i, j int) bool {
		if !ds[i].Created.Equal(ds[j].Created) {
			return ds[i].Created.Before(ds[j].Created)
		}
		return ds[i].ID < ds[j].ID
	})
	var out []change
	for i, d := range ds {
		if d.Rollback {
			continue
		}
		oc, at := d.outcome()
		switch oc {
		case "failure":
			out = append(out, change{env: d.Env, concluded: at, failed: true, restore: at.Sub(d.start()), restoredOK: true})
		case "success":
			c := change{env: d.Env, concluded: at, succeeded: true}
			if !d.CommitTime.IsZero() {
				c.leadTime = max(at.Sub(d.CommitTime), 0)
			}
			// Followed by a rollback: the next deployment that concluded or started after it.
			for _, n := range ds[i+1:] {
				if n.Rollback {
					c.failed = true
					if rt := n.firstAt("success"); !rt.IsZero() {
						c.restore, c.restoredOK = rt.Sub(at), true
					}
				}
				break
			}
			out = append(out, c)
		}
	}
	return out
}

// figures computes the metrics of the changes concluded in [from, to).
func figures(cs []change, from, to time.Time) Figures {
	f := Figures{From: from, To: to}
	var leads, restores []time.Duration
	for _, c := range cs {
		if c.concluded.Before(from) || !c.concluded.Before(to) {
			continue
		}
		f.Changes++
		if c.succeeded {
			f.Deployments++
			leads = append(leads, c.leadTime)
		}
		if c.failed {
			f.Failures++
			if c.restoredOK {
				restores = append(restores, c.restore)
			}
		}
	}
	if weeks := to.Sub(from).Hours() / (24 * 7); weeks > 0 {
		f.PerWeek = math.Round(float64(f.Deployments)/weeks*100) / 100
	}
	if len(leads) > 0 {
		m, p := Duration(percentile(leads, 50)), Duration(percentile(leads, 90))
		f.LeadTime, f.LeadTimeP90 = &m, &p
	}
	if f.Changes > 0 {
		r := float64(f.Failures) / float64(f.Changes)
		f.ChangeFailureRate = &r
	}
	f.Restores = len(restores)
	if len(restores) > 0 {
		m := Duration(percentile(restores, 50))
		f.TimeToRestore = &m
	}
	return f
}

// percentile is the p-th percentile of ds by linear interpolation between closest ranks (the
// median of an even count is the mean of the middle two).
func percentile(ds []time.Duration, p float64) time.Duration {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	if len(s) == 1 {
		return s[0]
	}
	rank := p / 100 * float64(len(s)-1)
	lo := int(math.Floor(rank))
	hi := min(lo+1, len(s)-1)
	frac := rank - float64(lo)
	return s[lo] + time.Duration(frac*float64(s[hi]-s[lo]))
}

// Compute returns the metrics of every environment in ds (or only those in envs, if given)
// over [from, to), with the weeks that overlap it, sorted by environment name.
func Compute(ds []Deployment, from, to time.Time, envs ...string) []EnvMetrics {
	by := map[string][]Deployment{}
	for _, d := range ds {
		if len(envs) > 0 && !contains(envs, d.Env) {
			continue
		}
		by[d.Env] = append(by[d.Env], d)
	}
	for _, e := range envs {
		if _, ok := by[e]; !ok {
			by[e] = nil
		}
	}
	names := make([]string, 0, len(by))
	for e := range by {
		names = append(names, e)
	}
	sort.Strings(names)
	var out []EnvMetrics
	for _, e := range names {
		cs := changes(by[e])
		m := EnvMetrics{Env: e, Window: figures(cs, from, to)}
		for w := weekStart(from); w.Before(to); w = w.AddDate(0, 0, 7) {
			ws, we := maxTime(w, from), minTime(w.AddDate(0, 0, 7), to)
			m.Weeks = append(m.Weeks, figures(cs, ws, we))
		}
		out = append(out, m)
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// weekStart is the Monday 00:00 UTC on or before t.
func weekStart(t time.Time) time.Time {
	t = t.UTC()
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// Text renders the metrics: one summary block per environment and a weekly trend table.
func Text(ms []EnvMetrics) string {
	if len(ms) == 0 {
		return "no deployments in the window\n"
	}
	var b strings.Builder
	for i, m := range ms {
		if i > 0 {
			b.WriteString("\n")
		}
		w := m.Window
		fmt.Fprintf(&b, "%s  %s to %s\n", m.Env, w.From.UTC().Format("2006-01-02"), w.To.UTC().Format("2006-01-02"))
		fmt.Fprintf(&b, "  deployment frequency   %d deployments, %.2f per week\n", w.Deployments, w.PerWeek)
		fmt.Fprintf(&b, "  lead time for changes  median %s, p90 %s\n", dur(w.LeadTime), dur(w.LeadTimeP90))
		fmt.Fprintf(&b, "  change failure rate    %s (%d of %d changes)\n", pct(w.ChangeFailureRate), w.Failures, w.Changes)
		fmt.Fprintf(&b, "  time to restore        median %s (%d restores)\n", dur(w.TimeToRestore), w.Restores)
		fmt.Fprintf(&b, "  %-10s %7s %12s %8s %12s\n", "week of", "deploys", "lead time", "failed", "restore")
		for _, wk := range m.Weeks {
			fmt.Fprintf(&b, "  %-10s %7d %12s %8s %12s\n", wk.From.UTC().Format("2006-01-02"), wk.Deployments, dur(wk.LeadTime), pct(wk.ChangeFailureRate), dur(wk.TimeToRestore))
		}
	}
	return b.String()
}

func dur(d *Duration) string {
	if d == nil {
		return "-"
	}
	return d.String()
}

func pct(f *float64) string {
	if f == nil {
		return "-"
	}
	return fmt.Sprintf("%.0f%%", *f*100)
}
