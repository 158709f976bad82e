package dora

import (
	"fmt"
	"strings"
	"time"
)

// CommitLead is one commit a change shipped, measured: committed at Committed, in production
// LeadTime later.
type CommitLead struct {
	SHA       string    `json:"sha"`
	Committed time.Time `json:"committed"`
	LeadTime  Duration  `json:"lead_time"`
}

// Explained is one deployment as the metrics saw it: what it counted as and why.
type Explained struct {
	ID      int64     `json:"id"`
	SHA     string    `json:"sha"`
	Digest  string    `json:"digest,omitempty"`
	Created time.Time `json:"created"`
	// Kind is change, rollback, redeploy, error or running (the Kind… constants).
	Kind string `json:"kind"`
	// Outcome is success, failure, error or "" (running), at Concluded.
	Outcome   string     `json:"outcome,omitempty"`
	Concluded *time.Time `json:"concluded,omitempty"`
	// Counted says it is a change concluded in the window: it is in the figures.
	Counted bool `json:"counted"`
	// Why says in words what it counted as.
	Why string `json:"why"`
	// Base and Commits: what a successful change shipped (Base...SHA) and each commit's lead
	// time; a commit an earlier change already measured is not measured again.
	Base    string       `json:"base,omitempty"`
	Commits []CommitLead `json:"commits,omitempty"`
	// Failed, Failure: whether and how the change failed; Restore its time to restore (nil:
	// not restored yet), RestoredBy the deployment that restored service (0: its own abort).
	Failed     bool      `json:"failed,omitempty"`
	Failure    string    `json:"failure,omitempty"`
	Restore    *Duration `json:"restore,omitempty"`
	RestoredBy int64     `json:"restored_by,omitempty"`
}

// explain lists the deployments that concluded or began in [from, to).
func explain(js []judged, from, to time.Time) []Explained {
	in := func(t time.Time) bool { return !t.IsZero() && !t.Before(from) && t.Before(to) }
	var out []Explained
	for _, j := range js {
		if !in(j.concluded) && !in(j.d.Created) {
			continue
		}
		e := Explained{ID: j.d.ID, SHA: j.d.SHA, Digest: j.d.Digest, Created: j.d.Created, Kind: j.kind, Outcome: j.outcome,
			Counted: j.kind == KindChange && in(j.concluded)}
		if !j.concluded.IsZero() {
			c := j.concluded
			e.Concluded = &c
		}
		switch j.kind {
		case KindChange:
			if j.outcome == "success" {
				e.Why = "a change: it served a new digest"
				e.Base, e.Commits = j.d.Base, j.leads
				if j.d.Commits == nil {
					e.Why += " (commits over the previous change unknown: the head commit alone is measured)"
				}
			} else {
				e.Why = "a change that failed"
			}
			if !e.Counted {
				e.Why += "; concluded outside the window: not in these figures"
			}
			e.Failed, e.Failure, e.RestoredBy = j.failed, j.how, j.restoredBy
			if j.failed && j.restored {
				r := Duration(j.restore)
				e.Restore = &r
			}
		case KindRollback:
			e.Why = "a rollback: not a change; it marks the change it undid as failed"
		case KindRedeploy:
			e.Why = "a redeploy of a digest the environment already served: not a change"
		case KindError:
			e.Why = "ended in error without serving (cancelled or errored): not a change"
		case KindRunning:
			e.Why = "not concluded: not a change yet"
		}
		out = append(out, e)
	}
	return out
}

// ExplainText renders how each figure was computed: every deployment of the window with what
// it counted as, the commits measured and their lead times, the failures and their restores,
// then which deployments each figure counts.
func ExplainText(ms []EnvMetrics) string {
	if len(ms) == 0 {
		return "no deployments in the window\n"
	}
	var b strings.Builder
	ts := func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04") }
	for i, m := range ms {
		if i > 0 {
			b.WriteString("\n")
		}
		w := m.Window
		fmt.Fprintf(&b, "%s  %s to %s (UTC): how each figure was computed\n", m.Env, ts(w.From), ts(w.To))
		var deploys, changes, failed, restores []string
		var leads []string
		for _, e := range m.Explain {
			line := fmt.Sprintf("  deployment %d  %s  created %s  %s", e.ID, short(e.SHA), ts(e.Created), e.Kind)
			if e.Concluded != nil {
				line += fmt.Sprintf(", %s %s", e.Outcome, ts(*e.Concluded))
			}
			fmt.Fprintf(&b, "%s: %s\n", line, e.Why)
			if e.Base != "" {
				fmt.Fprintf(&b, "      ships %s...%s:\n", short(e.Base), short(e.SHA))
			}
			for _, c := range e.Commits {
				fmt.Fprintf(&b, "      commit %s  committed %s  lead time %s\n", short(c.SHA), ts(c.Committed), c.LeadTime)
				if e.Counted {
					leads = append(leads, fmt.Sprintf("%s %s", short(c.SHA), c.LeadTime))
				}
			}
			if e.Failed {
				r := "not restored yet"
				if e.Restore != nil {
					r = "restored in " + e.Restore.String()
					if e.RestoredBy != 0 {
						r += fmt.Sprintf(" (by deployment %d)", e.RestoredBy)
					}
				}
				fmt.Fprintf(&b, "      FAILED: %s; %s\n", e.Failure, r)
			}
			if !e.Counted {
				continue
			}
			id := fmt.Sprint(e.ID)
			changes = append(changes, id)
			if e.Outcome == "success" {
				deploys = append(deploys, id)
			}
			if e.Failed {
				failed = append(failed, id)
				if e.Restore != nil {
					restores = append(restores, fmt.Sprintf("%s %s", id, e.Restore))
				}
			}
		}
		list := func(xs []string) string {
			if len(xs) == 0 {
				return "none"
			}
			return strings.Join(xs, ", ")
		}
		fmt.Fprintf(&b, "  deployment frequency: %d successful changes over %s: %s\n", w.Deployments, Duration(w.To.Sub(w.From)), list(deploys))
		fmt.Fprintf(&b, "  lead time: median and p90 of %d commits: %s\n", w.Commits, list(leads))
		fmt.Fprintf(&b, "  change failure rate: %d failed of %d changes; failed: %s; changes: %s\n", w.Failures, w.Changes, list(failed), list(changes))
		fmt.Fprintf(&b, "  time to restore: median of %d restores: %s\n", w.Restores, list(restores))
	}
	return b.String()
}

func short(sha string) string {
	if len(sha) > 7 {
		return sha[:7]
	}
	return sha
}
