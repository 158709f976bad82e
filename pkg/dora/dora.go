// Package dora computes the four DORA metrics per environment from the deployment record:
// deployment frequency, lead time for changes, change failure rate and time to restore
// (DORA's "failed deployment recovery time"), over a window and week by week, with the DORA
// performance level of each figure (bands.go) and how each figure was computed (explain.go).
// It reads no service itself: pkg/github turns GitHub Deployments, their statuses and the
// commits each deployment ships (GitHub's compare) into Deployments.
//
// Definitions (docs/governance.md gives them with their sources: dora.dev and the Four Keys
// project's queries):
//   - Only production counts: deployments that say so (GitHub's production_environment, which
//     the pipeline sets on its production environment), unless environments are named.
//   - A change is a deployment that puts a digest in the environment that it has not served
//     before: not a rollback (payload strategy rollback), not a redeploy (strategy redeploy, or
//     a digest the environment already served successfully), and concluded: it reached
//     success, or it failed (a canary aborted). A deployment that ended in error (a run
//     cancelled or errored before it served) or is still running is not a change.
//   - Deployment frequency counts changes that succeeded, at their first success.
//   - Lead time for changes is measured per commit: every commit the change ships (the commits
//     between the previous successful change's commit and this one, Deployment.Commits) from
//     its committer date to the change's first success. A commit is measured once, by the
//     first change that ships it.
//   - A change failed when it ended in failure (a canary aborted), when it got a failure status
//     after its success, or when a later move rolled it back or restored an earlier release (a
//     rollback, or a redeploy of another digest) before the next successful change.
//   - Time to restore: for an aborted canary, from its start to its failure (the abort put
//     traffic back on stable); for a change that failed after its success, from that success to
//     the first success of a move that restored service (the rollback or redeploy, or else the
//     next successful change: a fix forward).
//
// A change belongs to the window (and week) of its conclusion: first success, or failure.
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

// Commit is one commit a deployment ships, with its committer date.
type Commit struct {
	SHA  string    `json:"sha"`
	Time time.Time `json:"time"`
}

// Deployment is one deployment to one environment, as the record holds it.
type Deployment struct {
	ID  int64  `json:"id"`
	Env string `json:"env"`
	SHA string `json:"sha"`
	// Digest is the image deployed ("" when the record does not say): a deployment of a digest
	// the environment already served is a redeploy, not a change.
	Digest string `json:"digest,omitempty"`
	// Strategy is the payload's strategy (canary, blue-green, redeploy, rollback, …).
	Strategy string `json:"strategy,omitempty"`
	// Production says the deployment is to a production environment (GitHub's
	// production_environment).
	Production bool `json:"production,omitempty"`
	// Created is when the deployment was recorded.
	Created time.Time `json:"created"`
	// CommitTime is when SHA was committed: the lead time of the head commit when Commits is
	// not known.
	CommitTime time.Time `json:"commit_time"`
	// Base is the commit of the change before this one that Commits are counted from (see
	// Shipments); "" when Commits is not known.
	Base string `json:"base,omitempty"`
	// Commits are the commits this deployment ships over Base, oldest first (GitHub's compare
	// Base...SHA); nil when not known: then the head commit alone is measured.
	Commits []Commit `json:"commits,omitempty"`
	// Rollback is true for a deployment that returned to an earlier release (strategy
	// rollback).
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

// outcome is success (it served), failure (it failed before ever succeeding), error (it ended
// in error without serving), or "" (still running), with when it concluded.
func (d Deployment) outcome() (string, time.Time) {
	if t := d.firstAt("success"); !t.IsZero() {
		return "success", t
	}
	if t := d.firstAt("failure"); !t.IsZero() {
		return "failure", t
	}
	if t := d.firstAt("error"); !t.IsZero() {
		return "error", t
	}
	return "", time.Time{}
}

// failedAfter is the first failure status after t (zero if none).
func (d Deployment) failedAfter(t time.Time) time.Time {
	var f time.Time
	for _, s := range d.Statuses {
		if s.State == "failure" && s.At.After(t) && (f.IsZero() || s.At.Before(f)) {
			f = s.At
		}
	}
	return f
}

func (d Deployment) isRollback() bool { return d.Rollback || d.Strategy == "rollback" }

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
	// LeadTime is the median lead time of the Commits measured (nil without any); LeadTimeP90
	// its 90th percentile.
	Commits     int       `json:"lead_time_commits"`
	LeadTime    *Duration `json:"lead_time_median,omitempty"`
	LeadTimeP90 *Duration `json:"lead_time_p90,omitempty"`
	// Changes and Failures give ChangeFailureRate (0 to 1; nil without changes).
	Changes           int      `json:"changes"`
	Failures          int      `json:"failures"`
	ChangeFailureRate *float64 `json:"change_failure_rate,omitempty"`
	// TimeToRestore is the median time to restore over Restores failures (nil without any).
	Restores      int       `json:"restores"`
	TimeToRestore *Duration `json:"time_to_restore_median,omitempty"`
	// Bands are the DORA performance levels of the window's figures (nil for weeks).
	Bands *Bands `json:"bands,omitempty"`
}

// EnvMetrics are one environment's figures over the window and week by week, and how they
// were computed.
type EnvMetrics struct {
	Env    string `json:"env"`
	Window Figures
	// Weeks start on Monday 00:00 UTC, oldest first, covering the window.
	Weeks []Figures `json:"weeks"`
	// Explain is every deployment of the environment that concluded (or began) in the window:
	// what it counted as and why.
	Explain []Explained `json:"explain,omitempty"`
}

// MarshalJSON flattens Window into the object.
func (m EnvMetrics) MarshalJSON() ([]byte, error) {
	type rest struct {
		Env     string      `json:"env"`
		Weeks   []Figures   `json:"weeks"`
		Explain []Explained `json:"explain,omitempty"`
	}
	a, err := json.Marshal(m.Window)
	if err != nil {
		return nil, err
	}
	b, err := json.Marshal(rest{m.Env, m.Weeks, m.Explain})
	if err != nil {
		return nil, err
	}
	return append(append(b[:len(b)-1], ','), a[1:]...), nil
}

// What a deployment counts as.
const (
	KindChange   = "change"   // a new digest: counted
	KindRollback = "rollback" // strategy rollback: not a change
	KindRedeploy = "redeploy" // a digest served before: not a change
	KindError    = "error"    // ended in error (cancelled or errored before serving): not a change
	KindRunning  = "running"  // not concluded: not a change yet
)

// judged is one deployment with what the metrics make of it.
type judged struct {
	d         Deployment
	kind      string
	outcome   string
	concluded time.Time
	// For a successful change: the commits measured, each with its lead time.
	leads []CommitLead
	// For a change: whether it failed, how, and its time to restore (restored false: not yet).
	failed     bool
	how        string
	restoredBy int64
	restored   bool
	restore    time.Duration
}

// sortDeployments orders one environment's deployments as they happened: by creation, then ID.
func sortDeployments(ds []Deployment) []Deployment {
	ds = append([]Deployment(nil), ds...)
	sort.SliceStable(ds, func(i, j int) bool {
		if !ds[i].Created.Equal(ds[j].Created) {
			return ds[i].Created.Before(ds[j].Created)
		}
		return ds[i].ID < ds[j].ID
	})
	return ds
}

// classify says what each of one environment's deployments (in order) counts as, with its
// outcome, and for each the digest the environment served before it.
func classify(ds []Deployment) []judged {
	out := make([]judged, len(ds))
	served := map[string]bool{}
	for i, d := range ds {
		oc, at := d.outcome()
		j := judged{d: d, outcome: oc, concluded: at}
		switch {
		case d.isRollback():
			j.kind = KindRollback
		case d.Strategy == "redeploy" || (d.Digest != "" && served[d.Digest]):
			j.kind = KindRedeploy
		case oc == "":
			j.kind = KindRunning
		case oc == "error":
			j.kind = KindError
		default:
			j.kind = KindChange
		}
		if oc == "success" && d.Digest != "" {
			served[d.Digest] = true
		}
		out[i] = j
	}
	return out
}

// Shipment is a successful change whose commits pkg/github reads: the commits Head ships over
// Base (the commit of the environment's previous successful change).
type Shipment struct {
	ID         int64
	Base, Head string
}

// Shipments are the successful changes in ds that concluded at or after since, whose commits
// are wanted, each with its base: the commit of the previous successful change in its
// environment. A change with no earlier successful change among ds has Base "": its head
// commit alone is measured (Deployment.CommitTime).
func Shipments(ds []Deployment, since time.Time) []Shipment {
	var out []Shipment
	for _, env := range envNames(ds) {
		base := ""
		for _, j := range classify(sortDeployments(byEnv(ds, env))) {
			if j.kind != KindChange || j.outcome != "success" {
				continue
			}
			if !j.concluded.Before(since) {
				out = append(out, Shipment{ID: j.d.ID, Base: base, Head: j.d.SHA})
			}
			base = j.d.SHA
		}
	}
	return out
}

// judge classifies one environment's deployments and works out each change's lead times,
// failure and restore.
func judge(ds []Deployment) []judged {
	js := classify(sortDeployments(ds))
	measured := map[string]bool{}
	for i := range js {
		j := &js[i]
		if j.kind != KindChange {
			continue
		}
		d := j.d
		if j.outcome == "failure" {
			j.failed, j.how = true, "canary aborted: ended in failure"
			j.restored, j.restore = true, max(j.concluded.Sub(d.start()), 0)
			continue
		}
		// Lead time: every commit shipped that no earlier change measured.
		commits := d.Commits
		if commits == nil && !d.CommitTime.IsZero() {
			commits = []Commit{{SHA: d.SHA, Time: d.CommitTime}}
		}
		for _, c := range commits {
			if measured[c.SHA] {
				continue
			}
			measured[c.SHA] = true
			j.leads = append(j.leads, CommitLead{SHA: c.SHA, Committed: c.Time, LeadTime: Duration(max(j.concluded.Sub(c.Time), 0))})
		}
		// Failure: a failure status after its success, or a later move that rolled it back or
		// restored an earlier release before the next successful change.
		if f := d.failedAfter(j.concluded); !f.IsZero() {
			j.failed, j.how = true, "aborted after its success: a failure status"
			j.restored, j.restore = true, f.Sub(j.concluded)
			continue
		}
		for k := i + 1; k < len(js); k++ {
			n := js[k]
			if n.kind == KindChange && n.outcome == "success" {
				if j.failed && !j.restored {
					j.restored, j.restore, j.restoredBy = true, max(n.concluded.Sub(j.concluded), 0), n.d.ID
					j.how += fmt.Sprintf("; restored by the next change, deployment %d", n.d.ID)
				}
				break
			}
			restoring := n.kind == KindRollback || (n.kind == KindRedeploy && n.d.Digest != "" && n.d.Digest != d.Digest)
			if !restoring {
				continue
			}
			if !j.failed {
				j.failed = true
				if n.kind == KindRollback {
					j.how = fmt.Sprintf("rolled back by deployment %d", n.d.ID)
				} else {
					j.how = fmt.Sprintf("restored: deployment %d redeployed an earlier digest", n.d.ID)
				}
			}
			if n.outcome == "success" && !j.restored {
				j.restored, j.restore, j.restoredBy = true, max(n.concluded.Sub(j.concluded), 0), n.d.ID
				break
			}
		}
	}
	return js
}

// figures computes the metrics of the changes concluded in [from, to).
func figures(js []judged, from, to time.Time) Figures {
	f := Figures{From: from, To: to}
	var leads, restores []time.Duration
	for _, j := range js {
		if j.kind != KindChange || j.concluded.Before(from) || !j.concluded.Before(to) {
			continue
		}
		f.Changes++
		if j.outcome == "success" {
			f.Deployments++
			for _, l := range j.leads {
				leads = append(leads, time.Duration(l.LeadTime))
			}
		}
		if j.failed {
			f.Failures++
			if j.restored {
				restores = append(restores, j.restore)
			}
		}
	}
	if weeks := to.Sub(from).Hours() / (24 * 7); weeks > 0 {
		f.PerWeek = math.Round(float64(f.Deployments)/weeks*100) / 100
	}
	f.Commits = len(leads)
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

// ProductionEnvs are the environments in ds marked as production, sorted.
func ProductionEnvs(ds []Deployment) []string {
	var out []string
	for _, e := range envNames(ds) {
		for _, d := range ds {
			if d.Env == e && d.Production {
				out = append(out, e)
				break
			}
		}
	}
	return out
}

// Compute returns the metrics over [from, to), with the weeks that overlap it, sorted by
// environment name: of the environments in envs if any are given (each, even without
// deployments), else of the production environments (ProductionEnvs).
func Compute(ds []Deployment, from, to time.Time, envs ...string) []EnvMetrics {
	names := envs
	if len(names) == 0 {
		names = ProductionEnvs(ds)
	}
	names = append([]string(nil), names...)
	sort.Strings(names)
	var out []EnvMetrics
	for i, e := range names {
		if i > 0 && names[i-1] == e {
			continue
		}
		js := judge(byEnv(ds, e))
		m := EnvMetrics{Env: e, Window: figures(js, from, to)}
		m.Window.Bands = bandsOf(m.Window)
		for w := weekStart(from); w.Before(to); w = w.AddDate(0, 0, 7) {
			ws, we := maxTime(w, from), minTime(w.AddDate(0, 0, 7), to)
			m.Weeks = append(m.Weeks, figures(js, ws, we))
		}
		m.Explain = explain(js, from, to)
		out = append(out, m)
	}
	return out
}

func byEnv(ds []Deployment, env string) []Deployment {
	var out []Deployment
	for _, d := range ds {
		if d.Env == env {
			out = append(out, d)
		}
	}
	return out
}

func envNames(ds []Deployment) []string {
	seen := map[string]bool{}
	var out []string
	for _, d := range ds {
		if !seen[d.Env] {
			seen[d.Env] = true
			out = append(out, d.Env)
		}
	}
	sort.Strings(out)
	return out
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

// Text renders the metrics: one summary block per environment, with each figure's DORA
// performance level, and a weekly trend table.
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
		fmt.Fprintf(&b, "  deployment frequency   %d deployments, %.2f per week%s\n", w.Deployments, w.PerWeek, w.Bands.text(w.Bands.freq()))
		fmt.Fprintf(&b, "  lead time for changes  median %s, p90 %s (%d commits)%s\n", dur(w.LeadTime), dur(w.LeadTimeP90), w.Commits, w.Bands.text(w.Bands.lead()))
		fmt.Fprintf(&b, "  change failure rate    %s (%d of %d changes)%s\n", pct(w.ChangeFailureRate), w.Failures, w.Changes, w.Bands.text(w.Bands.cfr()))
		fmt.Fprintf(&b, "  time to restore        median %s (%d restores)%s\n", dur(w.TimeToRestore), w.Restores, w.Bands.text(w.Bands.restore()))
		fmt.Fprintf(&b, "  %-10s %7s %12s %8s %12s\n", "week of", "deploys", "lead time", "failed", "restore")
		for _, wk := range m.Weeks {
			fmt.Fprintf(&b, "  %-10s %7d %12s %8s %12s\n", wk.From.UTC().Format("2006-01-02"), wk.Deployments, dur(wk.LeadTime), pct(wk.ChangeFailureRate), dur(wk.TimeToRestore))
		}
	}
	if ms[0].Window.Bands != nil {
		fmt.Fprintf(&b, "\nlevels: DORA's software delivery performance levels, %s\n", BandsSource)
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
