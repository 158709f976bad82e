package github

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/greenlight-cd/greenlight/internal/githubfake"
	"github.com/greenlight-cd/greenlight/pkg/dora"
)

func historyClient(t *testing.T) (*githubfake.Server, *Client) {
	t.Helper()
	f := githubfake.WithHistory()
	t.Cleanup(f.Close)
	f.Token(tok, map[string]string{"deployments": "read", "contents": "read"})
	c, err := New(tok, "acme/app", WithBaseURL(f.URL))
	if err != nil {
		t.Fatal(err)
	}
	return f, c
}

// TestDORAOnTheRecordedHistory checks the four metrics against the answers computed by hand
// in githubfake.WithHistory's comment, by DORA's definitions (docs/governance.md):
//
//	production changes (lead time per commit, over the previous successful change's commit):
//	 D1 ships c1 over c0:      1h30m
//	 D2 ships c2 over c1:      30h; rolled back by D3 → failed, restored in 1h10m
//	 D4 canary failed:         a failed change, restored in 45m (09:00 → 09:45)
//	 D5 ships c3, c4 over c2:  c3 Nov 5 09:00 → Nov 10 10:20 = 121h20m; c4 23h20m
//	 D6 error:                 not a change
//	 D7 ships c5 over c4:      19h
//	 D8 ships c6 over c5:      1h30m
//	 D9 ships c7 over c6:      24h40m; rolled back by D10 → failed, restored in 2h
//	window: 6 deployments (2.00/week), 7 changes, 3 failed (43%), restores 1h10m 45m 2h → 1h10m
//	lead times sorted: 1h30m 1h30m 19h 23h20m 24h40m 30h 121h20m → median 23h20m,
//	  p90 at rank 5.4: 30h + 0.4 × 91h20m = 66h32m
//	week of 2 Nov:  D1, D2: 2 deployments, 2 changes, 1 failed; leads 1h30m 30h → 15h45m, p90 27h09m
//	week of 9 Nov:  D4, D5, D7: 2 deployments, 3 changes, 1 failed (D4, 45m);
//	                leads 19h 23h20m 121h20m → 23h20m, p90 at rank 1.8: 23h20m + 0.8 × 98h = 101h44m
//	week of 16 Nov: D8, D9: 2, 2, 1 failed (D9, 2h); leads 1h30m 24h40m → 13h05m, p90 22h21m
//	staging (named with --env): S1 c1 40m, S2 ships c2 over c1 1h30m → 1h05m, p90 1h25m
//	levels (2024 report): 2/week high; 23h20m elite; 43% low; 1h10m high
func TestDORAOnTheRecordedHistory(t *testing.T) {
	f, c := historyClient(t)
	ds, err := c.Deployments(context.Background(), "", githubfake.HistoryFrom)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 14 || ds[0].Env != "production" || ds[0].SHA != githubfake.HistoryCommit(0) {
		t.Fatalf("deployments read: %d, want 13 since 2 Nov and D0, which ran when the window began", len(ds))
	}
	if n := f.Requests["GET /repos/acme/app/compare/"+githubfake.HistoryCommit(2)+"..."+githubfake.HistoryCommit(4)]; n != 1 {
		t.Fatalf("D5's commits over D2's are compared once: %d %v", n, f.Requests)
	}
	ms := dora.Compute(ds, githubfake.HistoryFrom, githubfake.HistoryTo)
	if len(ms) != 1 || ms[0].Env != "production" {
		t.Fatalf("envs: %+v", ms)
	}
	ms = append(ms, dora.Compute(ds, githubfake.HistoryFrom, githubfake.HistoryTo, "staging")...)
	h := func(s string) time.Duration {
		d, err := time.ParseDuration(s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	check := func(name string, f dora.Figures, deploys, changes, failures, restores int, lead, p90, restore string) {
		t.Helper()
		if f.Deployments != deploys || f.Changes != changes || f.Failures != failures || f.Restores != restores {
			t.Errorf("%s: deployments %d changes %d failures %d restores %d; want %d %d %d %d", name, f.Deployments, f.Changes, f.Failures, f.Restores, deploys, changes, failures, restores)
		}
		for _, c := range []struct {
			what string
			got  *dora.Duration
			want string
		}{{"lead time", f.LeadTime, lead}, {"lead time p90", f.LeadTimeP90, p90}, {"time to restore", f.TimeToRestore, restore}} {
			switch {
			case c.want == "" && c.got != nil:
				t.Errorf("%s: %s = %s, want none", name, c.what, c.got)
			case c.want != "" && (c.got == nil || time.Duration(*c.got) != h(c.want)):
				t.Errorf("%s: %s = %v, want %s", name, c.what, c.got, c.want)
			}
		}
	}
	prod := ms[0]
	check("production", prod.Window, 6, 7, 3, 3, "23h20m", "66h32m", "1h10m")
	if prod.Window.PerWeek != 2 || *prod.Window.ChangeFailureRate != 3.0/7 || prod.Window.Commits != 7 {
		t.Errorf("per week %v, failure rate %v, commits %d", prod.Window.PerWeek, *prod.Window.ChangeFailureRate, prod.Window.Commits)
	}
	if len(prod.Weeks) != 3 {
		t.Fatalf("weeks: %d", len(prod.Weeks))
	}
	check("week of 2 Nov", prod.Weeks[0], 2, 2, 1, 1, "15h45m", "27h9m", "1h10m")
	check("week of 9 Nov", prod.Weeks[1], 2, 3, 1, 1, "23h20m", "101h44m", "45m")
	check("week of 16 Nov", prod.Weeks[2], 2, 2, 1, 1, "13h05m", "22h21m", "2h")
	check("staging", ms[1].Window, 2, 2, 0, 0, "1h05m", "1h25m", "")
	if b := prod.Window.Bands; b == nil || b.DeploymentFrequency.Level != "high" || b.LeadTime.Level != "elite" ||
		b.ChangeFailureRate.Level != "low" || b.TimeToRestore.Level != "high" || b.LeadTime.Report != 2024 {
		t.Errorf("levels: %+v", b)
	}

	txt := dora.Text(ms)
	for _, want := range []string{
		"deployment frequency   6 deployments, 2.00 per week  [high 2024: between once per day and once per week]",
		"lead time for changes  median 23h 20m, p90 2d 18h (7 commits)  [elite 2024: less than one day]",
		"change failure rate    43% (3 of 7 changes)  [low 2024: 40%]",
		"time to restore        median 1h 10m (3 restores)  [high 2024: less than one day]",
		"2026-11-09       2      23h 20m      33%          45m",
		"levels: DORA's software delivery performance levels, Accelerate State of DevOps Report 2024",
	} {
		if !strings.Contains(txt, want) {
			t.Errorf("text lacks %q:\n%s", want, txt)
		}
	}
	b, err := json.Marshal(ms)
	if err != nil {
		t.Fatal(err)
	}
	var back []map[string]any
	if err := json.Unmarshal(b, &back); err != nil || back[0]["env"] != "production" || back[0]["deployments"] != 6.0 ||
		back[0]["lead_time_median"].(map[string]any)["seconds"] != h("23h20m").Seconds() || len(back[0]["weeks"].([]any)) != 3 {
		t.Fatalf("json: %s", b)
	}
	svg := dora.SVG(ms)
	// Week 2 of production: 2 deployments, lead 23.33h, 33% failed, 0.75h to restore.
	for _, want := range []string{`data-series="production" data-x="1" data-y="2"`, `data-series="production" data-x="1" data-y="0.75"`, `data-series="staging" data-x="0" data-y="2"`} {
		if !strings.Contains(svg, want) {
			t.Errorf("svg lacks %s", want)
		}
	}
}

func TestDORAReadsOnlyTheWindowAndNamesAMissingPermission(t *testing.T) {
	f, c := historyClient(t)
	ds, err := c.Deployments(context.Background(), "staging", githubfake.HistoryFrom)
	if err != nil || len(ds) != 2 || ds[0].Env != "staging" || !ds[0].CommitTime.Equal(time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)) {
		t.Fatalf("%+v %v", ds, err)
	}
	f.Token("weak", map[string]string{"deployments": "read"})
	weak, _ := New("weak", "acme/app", WithBaseURL(f.URL))
	_, err = weak.Deployments(context.Background(), "", githubfake.HistoryFrom)
	if err == nil || !strings.Contains(err.Error(), "contents: read") {
		t.Fatalf("want the missing permission named, got %v", err)
	}
}
