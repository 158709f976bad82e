package github

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/greenlight-cd/greenlight/internal/githubfake"
	"github.com/greenlight-cd/greenlight/pkg/dora"
)

// The defects of issue 25 §2, each on a small recorded history read as `greenlight metrics`
// reads it (Client.Deployments, then dora.Compute). Times are UTC unless said otherwise.

// doraFake starts a fake with commits c0…c(n-1), c(i) committed at times[i], and a client
// that may read deployments and contents.
func doraFake(t *testing.T, times ...time.Time) (*githubfake.Server, *Client, []string) {
	t.Helper()
	commits := make([]string, len(times))
	for i := range commits {
		commits[i] = fmt.Sprintf("%02dfeed%035x", i, i)
	}
	f := githubfake.New(commits...)
	t.Cleanup(f.Close)
	for i, at := range times {
		f.SetCommitInfo(commits[i], githubfake.CommitInfo{Author: "dev", Message: fmt.Sprintf("change %d", i), Time: at})
	}
	f.Token(tok, map[string]string{"deployments": "read", "contents": "read"})
	c, err := New(tok, "acme/app", WithBaseURL(f.URL))
	if err != nil {
		t.Fatal(err)
	}
	return f, c, commits
}

// rec records one deployment: created, then in_progress at created and final at end.
func rec(f *githubfake.Server, env, sha, digest, strategy string, created time.Time, final string, end time.Time) {
	f.Record(githubfake.HistoryDeployment{Env: env, SHA: sha, Created: created, Production: env == "production",
		Payload:  map[string]any{"digest": digest, "strategy": strategy},
		Statuses: []githubfake.HistoryStatus{{State: "in_progress", At: created}, {State: final, At: end}}})
}

func nov(day, h, m int) time.Time { return time.Date(2026, time.November, day, h, m, 0, 0, time.UTC) }

var (
	winFrom = nov(2, 0, 0)
	winTo   = nov(9, 0, 0)
)

func prodFigures(t *testing.T, c *Client) dora.Figures {
	t.Helper()
	ds, err := c.Deployments(context.Background(), "", winFrom)
	if err != nil {
		t.Fatal(err)
	}
	ms := dora.Compute(ds, winFrom, winTo, "production")
	if len(ms) != 1 {
		t.Fatalf("%+v", ms)
	}
	return ms[0].Window
}

func durIs(d *dora.Duration, want time.Duration) bool { return d != nil && time.Duration(*d) == want }

// A deployment that ships two commits measures both (DORA: the time a change takes from commit
// to production; Four Keys: every commit of the deployment). c1 at 08:00 and c2 at 09:00
// reach production at 12:00: lead times 4h and 3h, median 3h30m (the head commit alone: 3h).
func TestDORALeadTimeIsMeasuredPerCommit(t *testing.T) {
	f, c, cs := doraFake(t, nov(1, 0, 0).AddDate(0, 0, -10), nov(2, 8, 0), nov(2, 9, 0))
	rec(f, "production", cs[0], "sha256:aa", "canary", nov(1, 0, 0).AddDate(0, 0, -9), "success", nov(1, 1, 0).AddDate(0, 0, -9))
	rec(f, "production", cs[2], "sha256:bb", "canary", nov(2, 11, 0), "success", nov(2, 12, 0))
	w := prodFigures(t, c)
	if w.Deployments != 1 || !durIs(w.LeadTime, 3*time.Hour+30*time.Minute) || !durIs(w.LeadTimeP90, 3*time.Hour+54*time.Minute) {
		t.Fatalf("deployments %d, lead time median %v p90 %v; want 1, 3h30m (4h and 3h), 3h54m", w.Deployments, w.LeadTime, w.LeadTimeP90)
	}
}

// Deploying again a digest the environment already served is not a change: neither another
// deployment, nor another lead-time sample, nor another change in the failure rate's
// denominator. D1 ships c1 (lead 2h); D2 redeploys its digest (strategy redeploy), D3 deploys
// the same digest again by hand.
func TestDORARedeployOfTheSameDigestIsNotAChange(t *testing.T) {
	f, c, cs := doraFake(t, nov(1, 0, 0).AddDate(0, 0, -10), nov(2, 8, 0))
	rec(f, "production", cs[0], "sha256:aa", "canary", nov(1, 0, 0).AddDate(0, 0, -9), "success", nov(1, 1, 0).AddDate(0, 0, -9))
	rec(f, "production", cs[1], "sha256:bb", "canary", nov(2, 9, 0), "success", nov(2, 10, 0))
	rec(f, "production", cs[1], "sha256:bb", "redeploy", nov(3, 9, 0), "success", nov(3, 9, 10))
	rec(f, "production", cs[1], "sha256:bb", "blue-green", nov(4, 9, 0), "success", nov(4, 9, 10))
	w := prodFigures(t, c)
	if w.Deployments != 1 || w.Changes != 1 || !durIs(w.LeadTime, 2*time.Hour) || !durIs(w.LeadTimeP90, 2*time.Hour) {
		t.Fatalf("deployments %d, changes %d, lead time %v p90 %v; want 1, 1, 2h, 2h", w.Deployments, w.Changes, w.LeadTime, w.LeadTimeP90)
	}
}

// A change rolled back after a cancelled run is a failed change: D1 serves c1 at 10:00, D2's
// canary of c2 is cancelled (error) at 11:00, D3 rolls back to c0 at 11:30. D1 failed and was
// restored in 1h30m.
func TestDORAFailureIsFoundBehindACancelledRun(t *testing.T) {
	f, c, cs := doraFake(t, nov(1, 0, 0).AddDate(0, 0, -10), nov(2, 8, 0), nov(2, 9, 0))
	rec(f, "production", cs[0], "sha256:aa", "canary", nov(1, 0, 0).AddDate(0, 0, -9), "success", nov(1, 1, 0).AddDate(0, 0, -9))
	rec(f, "production", cs[1], "sha256:bb", "canary", nov(2, 9, 0), "success", nov(2, 10, 0))
	rec(f, "production", cs[2], "sha256:cc", "canary", nov(2, 10, 30), "error", nov(2, 11, 0))
	rec(f, "production", cs[0], "sha256:aa", "rollback", nov(2, 11, 20), "success", nov(2, 11, 30))
	w := prodFigures(t, c)
	if w.Changes != 1 || w.Failures != 1 || w.Restores != 1 || !durIs(w.TimeToRestore, 90*time.Minute) {
		t.Fatalf("changes %d failures %d restores %d time to restore %v; want 1 1 1 1h30m", w.Changes, w.Failures, w.Restores, w.TimeToRestore)
	}
}

// A deployment created before the window and concluded inside it belongs to the window: D1 is
// created on Sunday 1 Nov at 23:30 and succeeds on Monday 2 Nov at 00:20 (lead 1h20m from c1
// at 23:00).
func TestDORAWindowIsCutByConclusion(t *testing.T) {
	f, c, cs := doraFake(t, nov(1, 0, 0).AddDate(0, 0, -10), nov(1, 23, 0))
	rec(f, "production", cs[0], "sha256:aa", "canary", nov(1, 0, 0).AddDate(0, 0, -9), "success", nov(1, 1, 0).AddDate(0, 0, -9))
	rec(f, "production", cs[1], "sha256:bb", "canary", nov(1, 23, 30), "success", nov(2, 0, 20))
	w := prodFigures(t, c)
	if w.Deployments != 1 || !durIs(w.LeadTime, 80*time.Minute) {
		t.Fatalf("deployments %d lead time %v; want 1, 1h20m", w.Deployments, w.LeadTime)
	}
}

// Without --env only production environments count: those whose deployments say
// production_environment (the pipeline marks its production environment so). "live" is
// production; "staging" is not.
func TestDORACountsProductionEnvironmentsOnly(t *testing.T) {
	f, c, cs := doraFake(t, nov(2, 8, 0))
	f.Record(githubfake.HistoryDeployment{Env: "staging", SHA: cs[0], Created: nov(2, 9, 0), Payload: map[string]any{"digest": "sha256:aa"},
		Statuses: []githubfake.HistoryStatus{{State: "success", At: nov(2, 9, 10)}}})
	f.Record(githubfake.HistoryDeployment{Env: "live", SHA: cs[0], Created: nov(2, 10, 0), Production: true, Payload: map[string]any{"digest": "sha256:aa"},
		Statuses: []githubfake.HistoryStatus{{State: "success", At: nov(2, 10, 10)}}})
	ds, err := c.Deployments(context.Background(), "", winFrom)
	if err != nil {
		t.Fatal(err)
	}
	ms := dora.Compute(ds, winFrom, winTo)
	if len(ms) != 1 || ms[0].Env != "live" {
		var envs []string
		for _, m := range ms {
			envs = append(envs, m.Env)
		}
		t.Fatalf("environments counted: %v; want [live]", envs)
	}
	if ms := dora.Compute(ds, winFrom, winTo, "staging"); len(ms) != 1 || ms[0].Window.Deployments != 1 {
		t.Fatalf("--env staging still counts staging: %+v", ms)
	}
}
