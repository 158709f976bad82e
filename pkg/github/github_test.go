package github

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/greenlight-cd/greenlight/internal/githubfake"
	"github.com/greenlight-cd/greenlight/pkg/protocol"
)

const tok = "ghs_test"

// recordKey is the deploy job's record key in these tests (GREENLIGHT_RECORD_KEY).
const recordKey = "record-key-of-the-production-environment"

func fake(t *testing.T, commits ...string) (*githubfake.Server, *Client) {
	t.Helper()
	f := githubfake.New(commits...)
	t.Cleanup(f.Close)
	f.Token(tok, githubfake.AllPermissions)
	c, err := New(tok, "acme/hello", WithBaseURL(f.URL), WithRecordKey([]byte(recordKey)), WithApp(githubfake.AppID("acme-greenlight")))
	if err != nil {
		t.Fatal(err)
	}
	c.MaxWait = 10 * time.Second
	return f, c
}

func sha(n int) string { return fmt.Sprintf("%02xc0ffee%032x", n, n) }

func TestGreen(t *testing.T) {
	f, c := fake(t, sha(1), sha(2), sha(3), sha(4), sha(5))
	ctx := context.Background()
	f.Status(sha(1), "ci/build", "success")
	f.Check(sha(1), "test", "success")
	f.Check(sha(1), "lint", "skipped")
	// This run's own job is a check run on the commit, in progress while it runs, and so is
	// another run of the deploy workflow: both ignored by identity, whatever their names.
	c.RunID, _ = f.StartRun("deploy.yml", sha(1), "deploy")
	f.StartRun("deploy.yml", sha(1), "deploy to production")
	// A check of another workflow is counted, even when its name starts with greenlight.
	f.Check(sha(2), "greenlight-lint", "success")
	f.Status(sha(2), "ci/build", "success")
	f.Check(sha(2), "test", "failure")
	f.Check(sha(3), "test", "")
	f.Status(sha(4), "ci/build", "pending")
	f.Status(sha(4), "ci/build", "success") // the latest status per context counts
	for i := 0; i < 140; i++ {              // two pages of check runs, the failure on the second
		f.Check(sha(4), fmt.Sprintf("shard-%03d", i), map[bool]string{true: "failure", false: "success"}[i == 130])
	}
	for _, tc := range []struct {
		sha  string
		ok   bool
		want string
	}{
		{sha(1), true, "green (status ci/build, check test, check lint)"},
		{sha(2), false, "check test (failure)"},
		{sha(3), false, "waiting for check test"},
		{sha(4), false, "check shard-130 (failure)"},
		{sha(5), false, "no status or check has reported"},
	} {
		g, err := c.Green(ctx, tc.sha)
		if err != nil {
			t.Fatal(err)
		}
		if g.OK != tc.ok || !strings.Contains(g.String(), tc.want) {
			t.Errorf("%s: %v %q, want %v %q", tc.sha[38:], g.OK, g, tc.ok, tc.want)
		}
	}
}

func deploy(t *testing.T, c *Client, env, commit, digest, state string) *Record {
	t.Helper()
	r, err := c.Begin(context.Background(), env, commit, "main", Payload{Image: "ghcr.io/acme/hello@" + digest, Digest: digest, RunURL: "https://run/" + commit[36:], TriggeredBy: "ann"}, env == "production")
	if err != nil {
		t.Fatal(err)
	}
	if err := c.SetState(context.Background(), r, state, "https://"+env+".example", "", "done"); err != nil {
		t.Fatal(err)
	}
	return r
}

func dig(n int) string { return fmt.Sprintf("sha256:%064x", n) }

func TestNewestWins(t *testing.T) {
	f, c := fake(t, sha(1), sha(2), sha(3))
	ctx := context.Background()
	d, err := c.ShouldDeploy(ctx, "staging", sha(2))
	if err != nil || !d.Deploy {
		t.Fatalf("first deploy: %+v %v", d, err)
	}
	deploy(t, c, "staging", sha(2), dig(2), "success")
	for _, tc := range []struct {
		sha    string
		deploy bool
		want   string
	}{
		{sha(3), true, "newer"},
		{sha(2), false, "already runs"},
		{sha(1), false, "which is newer than"},
	} {
		d, err := c.ShouldDeploy(ctx, "staging", tc.sha)
		if err != nil || d.Deploy != tc.deploy || !strings.Contains(d.Reason, tc.want) {
			t.Errorf("%s: %+v %v", tc.sha[38:], d, err)
		}
	}
	f.AddCommit(sha(9), sha(1), "") // a branch off the old history: diverged
	if d, _ := c.ShouldDeploy(ctx, "staging", sha(9)); d.Deploy || !strings.Contains(d.Reason, "diverged") {
		t.Errorf("diverged: %+v", d)
	}
	// A failed deploy of a newer commit does not count as running.
	deploy(t, c, "staging", sha(3), dig(3), "failure")
	if cur, _ := c.Current(ctx, "staging"); cur.SHA != sha(2) {
		t.Errorf("current after a failure: %s", cur.SHA)
	}
}

func TestHistoryAndRollbackTarget(t *testing.T) {
	_, c := fake(t, sha(1), sha(2), sha(3), sha(4))
	ctx := context.Background()
	if _, _, _, err := c.RollbackTarget(ctx, "production", ""); err == nil || !strings.Contains(err.Error(), "no release that Greenlight recorded serving production: there is nothing") {
		t.Errorf("empty: %v", err)
	}
	deploy(t, c, "production", sha(1), dig(1), "success")
	if _, _, _, err := c.RollbackTarget(ctx, "production", ""); err == nil || !strings.Contains(err.Error(), "nothing to roll back to") {
		t.Errorf("one deployment: %v", err)
	}
	deploy(t, c, "production", sha(2), dig(2), "success")
	deploy(t, c, "production", sha(3), dig(3), "failure")
	deploy(t, c, "staging", sha(4), dig(4), "success")
	cur, err := c.Current(ctx, "production")
	if err != nil || cur.SHA != sha(2) || cur.Payload.Digest != dig(2) || cur.Payload.TriggeredBy != "ann" || cur.EnvironmentURL != "https://production.example" {
		t.Fatalf("current: %+v %v", cur, err)
	}
	for _, tc := range []struct{ to, want string }{{"", sha(1)}, {sha(1)[:7], sha(1)}, {dig(1), sha(1)}} {
		r, served, _, err := c.RollbackTarget(ctx, "production", tc.to)
		if err != nil || !served || r.SHA != tc.want || r.Payload.Image != "ghcr.io/acme/hello@"+dig(1) {
			t.Errorf("to %q: %+v %v", tc.to, r, err)
		}
	}
	for _, to := range []string{dig(3), sha(4)[:7], "v9"} { // failed, other environment, unknown
		if _, _, _, err := c.RollbackTarget(ctx, "production", to); err == nil || !strings.Contains(err.Error(), "no release that Greenlight recorded serving production matches") {
			t.Errorf("to %q: %v", to, err)
		}
	}
	hist, _ := c.History(ctx, "production", 0)
	if len(hist) != 3 || hist[0].State != "failure" || !hist[1].Succeeded {
		t.Errorf("history: %d records, newest %s", len(hist), hist[0].State)
	}
}

func TestHistoryPaginates(t *testing.T) {
	f, c := fake(t, sha(1))
	for i := 0; i < 105; i++ {
		deploy(t, c, "staging", sha(1), dig(i), "success")
	}
	// Writing each success reads what ran before (the record's link): count History's alone.
	before := f.Requests["GET /repos/acme/hello/deployments"]
	hist, err := c.History(context.Background(), "staging", 0)
	if err != nil || len(hist) != 105 || hist[0].Payload.Digest != dig(104) {
		t.Fatalf("%d records, %v", len(hist), err)
	}
	if n := f.Requests["GET /repos/acme/hello/deployments"] - before; n != 2 {
		t.Errorf("%d list requests, want 2 pages", n)
	}
}

func TestDispatch(t *testing.T) {
	f, c := fake(t, sha(1))
	url, err := c.Dispatch(context.Background(), "deploy.yml", "main", protocol.Inputs{Command: protocol.Rollback, Environment: "production"})
	if err != nil || !strings.Contains(url, "/actions/runs/") {
		t.Fatalf("%q %v", url, err)
	}
	if len(f.Dispatches) != 1 || f.Dispatches[0].Inputs["command"] != "rollback" {
		t.Errorf("dispatches %+v", f.Dispatches)
	}
	if _, err := c.Dispatch(context.Background(), "nope.yml", "main", protocol.Inputs{Command: protocol.Abort, Environment: "production"}); err == nil || !strings.Contains(err.Error(), "actions: write") {
		t.Errorf("unknown workflow: %v", err)
	}
	// Inputs are validated before anything is sent: the run would refuse them anyway.
	if _, err := c.Dispatch(context.Background(), "deploy.yml", "main", protocol.Inputs{Command: protocol.Deploy, Environment: "production", Ref: "$(evil)"}); err == nil || !strings.Contains(err.Error(), "neither a digest") || len(f.Dispatches) != 1 {
		t.Errorf("invalid inputs: %v", err)
	}
}

func TestErrorsNameTheProblem(t *testing.T) {
	if _, err := New("", "acme/hello"); err == nil || !strings.Contains(err.Error(), "no GitHub token") {
		t.Errorf("missing token: %v", err)
	}
	if _, err := New(tok, "acme"); err == nil {
		t.Error("bad repository accepted")
	}
	f, c := fake(t, sha(1))
	f.Token("ghs_readonly", map[string]string{"deployments": "read", "statuses": "read", "checks": "read", "contents": "read"})
	ro, _ := New("ghs_readonly", "acme/hello", WithBaseURL(f.URL))
	ctx := context.Background()
	if _, err := ro.Begin(ctx, "production", sha(1), "main", Payload{}, true); err == nil || !strings.Contains(err.Error(), "permissions: deployments: write") {
		t.Errorf("read-only token: %v", err)
	}
	bad, _ := New("ghs_wrong", "acme/hello", WithBaseURL(f.URL))
	if _, err := bad.Current(ctx, "production"); err == nil || !strings.Contains(err.Error(), "token was refused (401)") {
		t.Errorf("bad token: %v", err)
	}
	f.FailNext(2, 502)
	if _, err := c.Current(ctx, "production"); err != nil {
		t.Errorf("two 502s are retried: %v", err)
	}
	f.FailNext(10, 500)
	if _, err := c.Current(ctx, "production"); err == nil || !strings.Contains(err.Error(), "GitHub kept failing (500)") {
		t.Errorf("persistent 500: %v", err)
	}
	f.FailNext(0, 0)
	f.SecondaryLimit(1)
	t0 := time.Now()
	if _, err := c.Current(ctx, "production"); err != nil || time.Since(t0) < 900*time.Millisecond {
		t.Errorf("secondary limit: %v after %s (want a wait of Retry-After)", err, time.Since(t0))
	}
	f.RateLimit(0, 1500*time.Millisecond)
	go func() { time.Sleep(time.Second); f.RateLimit(-1, 0) }()
	t0 = time.Now()
	if _, err := c.Current(ctx, "production"); err != nil || time.Since(t0) < time.Second {
		t.Errorf("primary limit: %v after %s (want a wait until x-ratelimit-reset)", err, time.Since(t0))
	}
	f.RateLimit(0, time.Hour)
	c.MaxWait = 2 * time.Second
	if _, err := c.Current(ctx, "production"); err == nil || !strings.Contains(err.Error(), "rate limit is exhausted") {
		t.Errorf("limit beyond MaxWait: %v", err)
	}
}

// A run's reads do not grow with the history: deciding and choosing a rollback target with
// 300 deployments recorded costs a handful of requests, not one per deployment.
func TestReadsStayFlatAsTheHistoryGrows(t *testing.T) {
	f, c := fake(t, sha(1), sha(2))
	for i := 0; i < 300; i++ {
		deploy(t, c, "production", sha(1), dig(i%7), map[bool]string{true: "failure", false: "success"}[i%5 == 4])
	}
	f.Check(sha(2), "test", "success")
	before := c.Requests()
	ctx := context.Background()
	if _, err := c.ShouldDeploy(ctx, "production", sha(2)); err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := c.RollbackTarget(ctx, "production", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Current(ctx, "production"); err != nil {
		t.Fatal(err)
	}
	if n := c.Requests() - before; n > 12 {
		t.Errorf("%d requests for three decisions over 300 deployments; want a few (the whole history is 303)", n)
	}
}

// ConfigFromEnv is the one reader of the environment; FromEnv is its client and run URL.
func TestConfigFromEnv(t *testing.T) {
	f, _ := fake(t, sha(1))
	for k, v := range map[string]string{"GITHUB_TOKEN": tok, "GITHUB_REPOSITORY": "acme/hello", "GITHUB_API_URL": "https://api.github.com",
		"GREENLIGHT_GITHUB_API_URL": f.URL, "GITHUB_RUN_ID": "42", "GITHUB_RUN_ATTEMPT": "2", "GITHUB_SERVER_URL": "https://ghe.example",
		"GREENLIGHT_APP_ID": "77", "GREENLIGHT_RECORD_KEY": recordKey} {
		t.Setenv(k, v)
	}
	cfg := ConfigFromEnv()
	want := Config{Token: tok, Repository: "acme/hello", APIURL: f.URL, RunID: 42, RunAttempt: 2, RunURL: "https://ghe.example/acme/hello/actions/runs/42",
		AppID: 77, RecordKey: []byte(recordKey)}
	if !reflect.DeepEqual(cfg, want) {
		t.Fatalf("ConfigFromEnv: %+v, want %+v", cfg, want)
	}
	c, run, err := FromEnv()
	if err != nil || run != want.RunURL || c.RunID != 42 || c.RunAttempt != 2 || c.Repository() != "acme/hello" {
		t.Fatalf("FromEnv: %+v %q %v", c, run, err)
	}
	if _, err := c.Current(context.Background(), "production"); err != nil {
		t.Errorf("the client does not talk to $GREENLIGHT_GITHUB_API_URL: %v", err)
	}
	t.Setenv("GREENLIGHT_GITHUB_API_URL", "")
	t.Setenv("GITHUB_RUN_ID", "")
	if cfg := ConfigFromEnv(); cfg.APIURL != "https://api.github.com" || cfg.RunURL != "" || cfg.RunID != 0 {
		t.Errorf("without a run: %+v", cfg)
	}
}

// Every call to GitHub ends: a client made without an HTTP client of the caller's bounds each
// request (DefaultTimeout), so a server that accepts the connection and never answers fails the
// call instead of hanging the run (here with the bound shortened).
func TestACallToAGitHubThatNeverAnswersEnds(t *testing.T) {
	c, err := New(tok, "acme/hello")
	if err != nil {
		t.Fatal(err)
	}
	if hc := c.httpClient(); hc.Timeout != DefaultTimeout {
		t.Fatalf("a client's requests are not bounded: timeout %s, want %s", hc.Timeout, DefaultTimeout)
	}
	hang := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-hang }))
	defer srv.Close()
	defer close(hang)
	c, _ = New(tok, "acme/hello", WithBaseURL(srv.URL), WithHTTPClient(&http.Client{Timeout: 100 * time.Millisecond}))
	done := make(chan error, 1)
	go func() { _, err := c.Current(context.Background(), "production"); done <- err }()
	select {
	case err := <-done:
		if err == nil {
			t.Fatal("a call to a GitHub that never answers succeeded")
		}
	case <-time.After(2 * time.Minute):
		t.Fatal("a call to a GitHub that never answers did not end")
	}
}

func (c *Client) httpClient() *http.Client { return c.gh.Client() }
