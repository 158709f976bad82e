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
// in githubfake.WithHistory's comment.
func TestDORAOnTheRecordedHistory(t *testing.T) {
	f, c := historyClient(t)
	ds, err := c.Deployments(context.Background(), "", githubfake.HistoryFrom)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 13 {
		t.Fatalf("deployments since 2 Nov: %d, want 13 (D0 is older)", len(ds))
	}
	if f.Requests["GET /repos/acme/app/commits/"+githubfake.HistoryCommit(5)] != 1 {
		t.Fatalf("each commit is read once: %v", f.Requests)
	}
	ms := dora.Compute(ds, githubfake.HistoryFrom, githubfake.HistoryTo)
	if len(ms) != 2 || ms[0].Env != "production" || ms[1].Env != "staging" {
		t.Fatalf("envs: %+v", ms)
	}
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
	check("production", prod.Window, 6, 7, 3, 3, "21h10m", "27h20m", "1h10m")
	if prod.Window.PerWeek != 2 || *prod.Window.ChangeFailureRate != 3.0/7 {
		t.Errorf("per week %v, failure rate %v", prod.Window.PerWeek, *prod.Window.ChangeFailureRate)
	}
	if len(prod.Weeks) != 3 {
		t.Fatalf("weeks: %d", len(prod.Weeks))
	}
	check("week of 2 Nov", prod.Weeks[0], 2, 2, 1, 1, "15h45m", "27h9m", "1h10m")
	check("week of 9 Nov", prod.Weeks[1], 2, 3, 1, 1, "21h10m", "22h54m", "45m")
	check("week of 16 Nov", prod.Weeks[2], 2, 2, 1, 1, "13h05m", "22h21m", "2h")
	check("staging", ms[1].Window, 2, 2, 0, 0, "1h05m", "1h25m", "")

	txt := dora.Text(ms)
	for _, want := range []string{
		"deployment frequency   6 deployments, 2.00 per week",
		"lead time for changes  median 21h 10m, p90 1d 3h",
		"change failure rate    43% (3 of 7 changes)",
		"time to restore        median 1h 10m (3 restores)",
		"2026-11-09       2      21h 10m      33%          45m",
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
		back[0]["lead_time_median"].(map[string]any)["seconds"] != h("21h10m").Seconds() || len(back[0]["weeks"].([]any)) != 3 {
		t.Fatalf("json: %s", b)
	}
	svg := dora.SVG(ms)
	// Week 2 of production: 2 deployments, lead 21.17h, 33% failed, 0.75h to restore.
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
