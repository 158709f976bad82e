package slack

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/runlog"

	"github.com/greenlight-cd/greenlight/pkg/oci"

	"github.com/greenlight-cd/greenlight/internal/slackfake"
	"github.com/greenlight-cd/greenlight/pkg/governance"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/slack/notify"
)

// Defect (issue 14): policy results were only in the step summary and the stage's line. Each
// traffic move's policies are now one reply in the release's thread, on the strict Slack fake:
// what allowed, what holds and until when, what refuses and what would satisfy it; text from
// pipeline.go and from outside (a freeze's reason) can form no mention or link.
func TestPolicyResultsInTheReleaseThread(t *testing.T) {
	ctx := context.Background()
	sf := slackfake.New(nil)
	defer sf.Stop()
	now := time.Now()
	freeze := &governance.Freeze{Zone: "UTC", Windows: []governance.Window{
		governance.Range{From: now.Add(-time.Hour), Until: now.Add(2 * time.Hour), Reason: "<!channel> launch <https://evil.example|docs>"}}}
	staging := &greenlight.Environment{Name: "staging", Target: &liveTarget{}, Policies: []greenlight.Policy{governance.SignedBy{Allowed: []string{"k"}}}}
	prod := &greenlight.Environment{Name: "production", Target: &liveTarget{}, Policies: []greenlight.Policy{governance.SignedBy{Allowed: []string{"k"}}, freeze}}
	img, _ := oci.NewImage("ghcr.io/acme/hello", fmt.Sprintf("sha256:%064x", 701), "")
	release := func(envs ...*greenlight.Environment) (*runlog.Report, []slackfake.Message) {
		n := notify.New(slackfake.Token, "#deploys", notify.WithAPIURL(sf.GetAPIURL()))
		before := len(sf.TopLevel())
		rep, _ := greenlight.Run(ctx, func(p *greenlight.P) {
			s := p.Sign(img, okSigner{})
			p.DeployStaging(s, p.Env("staging"))
			p.Promote(s, p.Env("production"))
		}, greenlight.WithName("hello"), greenlight.WithSink(n), greenlight.WithEnvironments(envs...))
		cctx, cancel := context.WithTimeout(ctx, 20*time.Second)
		defer cancel()
		if err := n.Close(cctx); err != nil || len(n.Undelivered()) > 0 {
			t.Fatalf("notifier: %v %q", err, n.Undelivered())
		}
		top := sf.TopLevel()
		if len(top) != before+1 {
			t.Fatalf("release messages %+v", top)
		}
		return rep, sf.Thread(top[len(top)-1].TS)
	}
	rep, thread := release(staging, prod)
	if rep.Status != runlog.Skipped || len(thread) != 2 {
		t.Fatalf("run %s (%s); thread %+v", rep.Status, rep.Error, thread)
	}
	short := img.Short()
	if want := ":scales: *Policies* for first-release of " + short + " in staging: allowed\n:white_check_mark: *signed-by* allow: allowed"; thread[0].Text != want {
		t.Errorf("staging's reply:\n%s\nwant\n%s", thread[0].Text, want)
	}
	held := thread[1].Text
	for _, want := range []string{"*Policies* for first-release of " + short + " in production: held", ":white_check_mark: *signed-by* allow",
		":double_vertical_bar: *freeze* hold: production is frozen until ", "(&lt;!channel&gt; launch &lt;https:", "the release resumes when the freeze ends"} {
		if !strings.Contains(held, want) {
			t.Errorf("production's reply lacks %q:\n%s", want, held)
		}
	}
	if strings.Contains(held, "<!channel>") || strings.Contains(held, "<https://") {
		t.Errorf("outside text formed a mention or link:\n%s", held)
	}
	// A refusal says what would satisfy the policy.
	prod.Policies = []greenlight.Policy{governance.SignedBy{Allowed: []string{"release-key"}}}
	rep, thread = release(staging, prod)
	if rep.Status != runlog.Failed || len(thread) == 0 || !strings.Contains(thread[len(thread)-1].Text, "production: refused\n:no_entry: *signed-by* refuse: "+short+" is signed by k, which is not allowed; sign it with one of: release-key") {
		t.Fatalf("refusal: %s %+v", rep.Status, thread)
	}
}

// Many policies and long reasons stay within a section's 3,000 characters.
func TestPolicyReplyStaysWithinBlockKitLimits(t *testing.T) {
	var rs []runlog.PolicyResult
	for i := 0; i < 40; i++ {
		rs = append(rs, runlog.PolicyResult{Policy: strings.Repeat("p", 200), Outcome: runlog.PolicyHold, Message: strings.Repeat("<&> ", 500)})
	}
	text := notify.PolicyText(strings.Repeat("t", 1000), rs)
	if n := len([]rune(text)); n > notify.MaxSection || !strings.Contains(text, " more") || strings.Contains(text, "&lt;&amp;…") || strings.Contains(text, "<&>") {
		t.Fatalf("%d characters:\n%s", n, text)
	}
}

// A canary's steps whose policies say the same as at the step before get one short line each.
func TestRepeatedPolicyResultsGetOneLine(t *testing.T) {
	sf := slackfake.New(nil)
	defer sf.Stop()
	n := notify.New(slackfake.Token, "#deploys", notify.WithAPIURL(sf.GetAPIURL()))
	rs := []runlog.PolicyResult{{Policy: "signed-by", Outcome: runlog.PolicyAllow, Message: "allowed"}}
	n.Emit(runlog.Event{Kind: runlog.RunStarted, Message: "hello"})
	for _, w := range []int{10, 50} {
		n.Emit(runlog.Event{Kind: runlog.PoliciesChecked, Env: "production", Weight: w, Policies: rs, Message: fmt.Sprintf("canary-step to %d%% of 4f0c in production: allowed", w)})
	}
	n.Emit(runlog.Event{Kind: runlog.PoliciesChecked, Env: "production", Weight: 100, Policies: rs, Message: "promote of 4f0c in production: allowed"})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	n.Close(ctx)
	top := sf.TopLevel()
	th := sf.Thread(top[0].TS)
	if len(th) != 3 || !strings.HasPrefix(th[0].Text, ":scales: *Policies* for canary-step to 10% of 4f0c in production: allowed\n") ||
		th[1].Text != ":scales: *Policies* for canary-step to 50% of 4f0c in production: allowed: as at the move before" ||
		th[2].Text != ":scales: *Policies* for promote of 4f0c in production: allowed: as at the move before" {
		t.Fatalf("thread %+v", th)
	}
}
