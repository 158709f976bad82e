package github

import (
	"context"
	"testing"
	"time"

	"github.com/greenlight-cd/greenlight/internal/githubfake"
	"github.com/greenlight-cd/greenlight/pkg/dora"
)

// TestDORAOnTheSecondHandComputedHistory checks every figure of githubfake.WithDORACases (its
// comment lists the deployments; IDs 1001 = E0, 1002 = E1, 1003 = S1, 1004 = E2, …) against
// this computation by hand, by DORA's definitions (docs/governance.md). All times UTC.
//
//	Which deployments are changes (window Dec 7 – Dec 21):
//	 E1  success Dec 7 00:10   change (created Dec 6 23:30, before the window: counted by conclusion)
//	 E2  success Dec 8 10:00   change
//	 E3  error                 cancelled: not a change
//	 E4  rollback              not a change; rolls back E2 (the next successful change is E6)
//	 E5  failure Dec 9 09:40   change, failed (canary aborted)
//	 E6  success Dec 10 09:30  change
//	 E7, E8                    redeploys of E6's digest: not changes, not restores
//	 E9  redeploy of E1's digest: not a change; restores an earlier release → E6 failed
//	 E10 success Dec 14 04:50  change (Dec 13 23:50 in New York: week of Dec 14 in UTC)
//	 E11 success Dec 15 10:00  change
//	 E12 failure Dec 15 11:20  change, failed (canary aborted)
//	 E13 rollback, error       marks E11 failed (the aborted E12 is no successful change)
//	 E14 rollback, success     restores E11
//	 E15, E16, E17             changes (E17 after E16 is a fix forward at most: E16 not failed)
//	 E18 success Dec 21 00:30  after the window: not counted
//	 → changes: E1 E2 E5 E6 E10 E11 E12 E15 E16 E17 = 10; successful: 8 (4.00 per week)
//
//	Lead time, per commit, each change over the previous successful change's commit:
//	 E1  over k0: k1 00:10 − Dec 6 20:00 = 4h10m; k2 00:10 − Dec 6 22:30 = 1h40m
//	 E2  over k2: k3 Dec 8 10:00 − Dec 7 12:00 = 22h
//	 E6  over k3: k4 Dec 10 09:30 − Dec 8 10:30 = 47h; k5 − Dec 9 17:00 = 16h30m
//	 E10 over k5 (E9 is no change): k6 04:50 − 03:00 = 1h50m
//	 E11 over k6: k7 2h
//	 E15 over k7: k8 Dec 16 11:00 − Dec 15 10:30 = 24h30m; k9 11:00 − 08:00 = 3h
//	 E16 over k9: k10 1h30m;  E17 over k10: k11 1h20m
//	 → 11 commits sorted: 1h20m 1h30m 1h40m 1h50m 2h 3h 4h10m 16h30m 22h 24h30m 47h
//	   median 3h; p90 at rank 0.9 × 10 = 9: 24h30m
//
//	Failures and time to restore:
//	 E2  rolled back by E4 (behind the cancelled E3): 11:50 − 10:00 = 1h50m
//	 E5  aborted: 09:40 − 09:00 = 40m
//	 E6  restored by E9 (E1's digest): Dec 11 14:20 − Dec 10 09:30 = 28h50m
//	 E11 rolled back (E13 errored, E14 succeeded): 12:45 − 10:00 = 2h45m
//	 E12 aborted: 11:20 − 11:00 = 20m
//	 → 5 of 10 = 50%; restores sorted 20m 40m 1h50m 2h45m 28h50m: median 1h50m
//
//	Week of Dec 7: changes E1 E2 E5 E6 (3 successful), failed E2 E5 E6 (75%); leads 1h40m
//	  4h10m 16h30m 22h 47h → median 16h30m, p90 at rank 3.6: 22h + 0.6 × 25h = 37h; restores
//	  40m 1h50m 28h50m → 1h50m
//	Week of Dec 14: changes E10 E11 E12 E15 E16 E17 (5 successful), failed E11 E12 (33%); leads
//	  1h20m 1h30m 1h50m 2h 3h 24h30m → median 1h55m, p90 at rank 4.5: 3h + 0.5 × 21h30m =
//	  13h45m; restores 20m 2h45m → 1h32m30s
//
//	Levels (2024 report): 4 per week: high; 3h: elite; 50%: low; 1h50m: high.
//	staging is not production: without --env it is not counted.
func TestDORAOnTheSecondHandComputedHistory(t *testing.T) {
	f := githubfake.WithDORACases()
	defer f.Close()
	f.Token(tok, map[string]string{"deployments": "read", "contents": "read"})
	c, err := New(tok, "acme/app", WithBaseURL(f.URL))
	if err != nil {
		t.Fatal(err)
	}
	ds, err := c.Deployments(context.Background(), "", githubfake.CasesFrom)
	if err != nil {
		t.Fatal(err)
	}
	ms := dora.Compute(ds, githubfake.CasesFrom, githubfake.CasesTo)
	if len(ms) != 1 || ms[0].Env != "live" {
		t.Fatalf("environments: %+v; want live alone (the production one)", ms)
	}
	m := ms[0]
	h := func(s string) time.Duration {
		d, err := time.ParseDuration(s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	type want struct {
		deploys, changes, failures, restores, commits int
		perWeek                                       float64
		lead, p90, restore                            string
	}
	check := func(name string, f dora.Figures, w want) {
		t.Helper()
		got := want{f.Deployments, f.Changes, f.Failures, f.Restores, f.Commits, f.PerWeek, "", "", ""}
		if f.LeadTime != nil {
			got.lead, got.p90 = time.Duration(*f.LeadTime).String(), time.Duration(*f.LeadTimeP90).String()
		}
		if f.TimeToRestore != nil {
			got.restore = time.Duration(*f.TimeToRestore).String()
		}
		w.lead, w.p90, w.restore = h(w.lead).String(), h(w.p90).String(), h(w.restore).String()
		if name != "window" {
			got.perWeek, w.perWeek = 0, 0
		}
		if got != w {
			t.Errorf("%s:\n got %+v\nwant %+v", name, got, w)
		}
	}
	check("window", m.Window, want{8, 10, 5, 5, 11, 4, "3h", "24h30m", "1h50m"})
	if r := *m.Window.ChangeFailureRate; r != 0.5 {
		t.Errorf("change failure rate %v, want 0.5", r)
	}
	if len(m.Weeks) != 2 {
		t.Fatalf("weeks: %d", len(m.Weeks))
	}
	check("week of Dec 7", m.Weeks[0], want{3, 4, 3, 3, 5, 0, "16h30m", "37h", "1h50m"})
	check("week of Dec 14", m.Weeks[1], want{5, 6, 2, 2, 6, 0, "1h55m", "13h45m", "1h32m30s"})
	if b := m.Window.Bands; b.DeploymentFrequency.Level != "high" || b.LeadTime.Level != "elite" || b.ChangeFailureRate.Level != "low" || b.TimeToRestore.Level != "high" {
		t.Errorf("levels: %+v %+v %+v %+v", b.DeploymentFrequency, b.LeadTime, b.ChangeFailureRate, b.TimeToRestore)
	}
	// The explanation names each failure's cause.
	causes := map[int64]string{}
	for _, e := range m.Explain {
		if e.Failed {
			causes[e.ID] = e.Failure
		}
	}
	for id, cause := range map[int64]string{1004: "rolled back by deployment 1006", 1007: "canary aborted", 1009: "restored: deployment 1012 redeployed an earlier digest", 1014: "rolled back by deployment 1016", 1015: "canary aborted"} {
		if len(causes[id]) < len(cause) || causes[id][:len(cause)] != cause {
			t.Errorf("deployment %d failed: %q, want %q", id, causes[id], cause)
		}
	}
	if len(causes) != 5 {
		t.Errorf("failures explained: %v", causes)
	}
}
