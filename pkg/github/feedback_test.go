package github

import (
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/runlog"

	"github.com/greenlight-cd/greenlight/internal/githubfake"
	"github.com/greenlight-cd/greenlight/pkg/analysis"
)

func feedbackFake(t *testing.T, perms map[string]string) (*githubfake.Server, *Client) {
	t.Helper()
	f := githubfake.New(sha(1), sha(2), sha(3))
	t.Cleanup(f.Close)
	f.Token(tok, perms)
	// PR 7 brought sha(2) (its head) to main as the merge commit sha(3); PR 9 is unrelated.
	f.PullRequest(7, "Faster checkout", "dev", "feature/checkout", []string{sha(2)}, sha(3))
	f.PullRequest(9, "Other", "dev", "feature/other", []string{sha(1)}, "")
	c, err := New(tok, "acme/app", WithBaseURL(f.URL))
	if err != nil {
		t.Fatal(err)
	}
	c.MaxWait = 5 * time.Second
	return f, c
}

var feedbackPerms = map[string]string{"statuses": "write", "pull_requests": "read", "issues": "write"}

func run(fb *Feedback, events ...runlog.Event) {
	for _, e := range events {
		fb.Emit(e)
	}
	fb.Emit(runlog.Event{Kind: runlog.RunFinished})
}

func TestFeedbackOnTheCommitAndOneCommentOnItsPullRequest(t *testing.T) {
	f, c := feedbackFake(t, feedbackPerms)
	src := runlog.Source{Commit: sha(3), RunURL: "https://github.com/acme/app/actions/runs/42"}
	verdict := &analysis.Verdict{Outcome: analysis.Pass, Weight: 25,
		Canary: analysis.Sample{Requests: 1000, Errors: 1, P99: 120 * time.Millisecond},
		Stable: analysis.Sample{Requests: 3000, Errors: 3, P99: 110 * time.Millisecond}}
	fb := c.Feedback(src)
	run(fb,
		runlog.Event{Kind: runlog.StageStarted, Env: "staging"},
		runlog.Event{Kind: runlog.TrafficShifted, Env: "staging", Weight: 100},
		runlog.Event{Kind: runlog.StageStarted, Env: "production"},
		runlog.Event{Kind: runlog.TrafficShifted, Env: "production", Weight: 25},
		runlog.Event{Kind: runlog.AnalysisVerdict, Env: "production", Weight: 25, Verdict: verdict},
	)
	if err := fb.Err(); err != nil {
		t.Fatal(err)
	}
	latest := func(ctxName string) map[string]any {
		var last map[string]any
		for _, s := range f.CommitStatuses(sha(3)) {
			if s["context"] == ctxName {
				last = s
			}
		}
		return last
	}
	if s := latest("greenlight/staging"); s == nil || s["state"] != "success" || s["target_url"] != src.RunURL {
		t.Fatalf("staging status: %v", s)
	}
	if s := latest("greenlight/production"); s == nil || s["state"] != "pending" || !strings.Contains(s["description"].(string), "canary 25 %: pass at 25 %: canary 1000 req, 1 err (0.10%)") {
		t.Fatalf("production status: %v", s)
	}
	cs := f.Comments(7)
	if len(cs) != 1 || len(f.Comments(9)) != 0 {
		t.Fatalf("one comment on PR 7, none on 9: %d, %d", len(cs), len(f.Comments(9)))
	}
	body := cs[0]["body"].(string)
	for _, want := range []string{"<!-- greenlight:release " + sha(3), "| staging | ✅ live |", "| production | 🟡 canary 25 % | pass at 25 %: canary 1000 req, 1 err (0.10%), p50 0s, p99 120ms; stable 3000 req", "[The run](https://github.com/acme/app/actions/runs/42)"} {
		if !strings.Contains(body, want) {
			t.Errorf("comment lacks %q:\n%s", want, body)
		}
	}

	// A later run (the promotion, then a rollback) updates the same comment in place.
	fb2 := c.Feedback(src)
	run(fb2,
		runlog.Event{Kind: runlog.TrafficShifted, Env: "production", Weight: 100},
		runlog.Event{Kind: runlog.RolledBack, Env: "production", Message: "error rate 5% | @team <b>"},
	)
	if err := fb2.Err(); err != nil {
		t.Fatal(err)
	}
	cs = f.Comments(7)
	if len(cs) != 1 {
		t.Fatalf("the comment must be updated in place, got %d comments", len(cs))
	}
	body = cs[0]["body"].(string)
	if !strings.Contains(body, "| production | ❌ rolled back |") || !strings.Contains(body, "| staging | ✅ live |") {
		t.Fatalf("comment after rollback:\n%s", body)
	}
	if strings.Contains(body, "@team") || strings.Contains(body, "<b>") || strings.Contains(body, "5% | @") {
		t.Fatalf("outside text must not mention, inject markup or break the table:\n%s", body)
	}
	if s := latest("greenlight/production"); s["state"] != "failure" {
		t.Fatalf("production status after rollback: %v", s)
	}
	if n := f.Requests["GET /repos/acme/app/commits/"+sha(3)+"/pulls"]; n != 2 {
		t.Fatalf("one PR lookup per run, got %d", n)
	}
}

func TestFeedbackNeverFailsTheRunAndNamesTheMissingPermission(t *testing.T) {
	_, c := feedbackFake(t, map[string]string{"statuses": "write", "pull_requests": "read"})
	fb := c.Feedback(runlog.Source{Commit: sha(3)})
	done := make(chan struct{})
	go func() {
		run(fb, runlog.Event{Kind: runlog.TrafficShifted, Env: "production", Weight: 100})
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("RunFinished must return")
	}
	if err := fb.Err(); err == nil || !strings.Contains(err.Error(), "permissions: issues") {
		t.Fatalf("want the missing permission named: %v", err)
	}
}

// A failure to post goes to the client's logger (WithLogger), not to the run's output.
func TestFeedbackLogsItsFailuresToTheClientsLogger(t *testing.T) {
	f, _ := feedbackFake(t, map[string]string{"statuses": "write", "pull_requests": "read"})
	var logged strings.Builder
	var mu sync.Mutex
	c, err := New(tok, "acme/app", WithBaseURL(f.URL), WithLogger(slog.New(slog.NewTextHandler(lockedWriter{&mu, &logged}, nil))))
	if err != nil {
		t.Fatal(err)
	}
	c.MaxWait = 5 * time.Second
	run(c.Feedback(runlog.Source{Commit: sha(3)}), runlog.Event{Kind: runlog.TrafficShifted, Env: "production", Weight: 100})
	mu.Lock()
	defer mu.Unlock()
	if !strings.Contains(logged.String(), "level=WARN") || !strings.Contains(logged.String(), "permissions: issues") {
		t.Fatalf("logged %q", logged.String())
	}
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func TestFakeValidatesCommitStatusesAndComments(t *testing.T) {
	f, c := feedbackFake(t, feedbackPerms)
	ctx := t.Context()
	if err := c.SetCommitStatus(ctx, sha(3), Where{Env: "x", State: "done"}, ""); err == nil || !strings.Contains(err.Error(), "422") {
		t.Fatalf("an invalid state is refused as on GitHub: %v", err)
	}
	if err := c.SetCommitStatus(ctx, strings.Repeat("f", 40), Where{Env: "x", State: "success"}, ""); err == nil || !strings.Contains(err.Error(), "No commit found") {
		t.Fatalf("an unknown commit is refused as on GitHub: %v", err)
	}
	if err := c.UpsertComment(ctx, 404, sha(3), "", Where{Env: "x", State: "success", Stage: "live"}); err == nil || !strings.Contains(err.Error(), "404") {
		t.Fatalf("no such pull request: %v", err)
	}
	prs, err := c.PullRequestsOf(ctx, sha(2))
	if err != nil || len(prs) != 1 || prs[0] != 7 {
		t.Fatalf("PR of the head commit: %v %v", prs, err)
	}
	// A person's comment that copies the marker is not Greenlight's: it is left alone.
	forged := commentMarker(sha(3)) + "\nall good, ship it"
	f.AddComment(7, "mallory", forged)
	if err := c.UpsertComment(ctx, 7, sha(3), "", Where{Env: "production", State: "success", Stage: "live"}); err != nil {
		t.Fatal(err)
	}
	cs := f.Comments(7)
	if len(cs) != 2 || cs[0]["body"] != forged || !strings.Contains(cs[1]["body"].(string), "| production | ✅ live |") {
		t.Fatalf("comments: %v", cs)
	}
}
