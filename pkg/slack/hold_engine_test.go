package slack

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/greenlight-cd/greenlight/internal/slackfake"
	"github.com/greenlight-cd/greenlight/pkg/analysis"
	"github.com/greenlight-cd/greenlight/pkg/github"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/oci"
	"github.com/greenlight-cd/greenlight/pkg/protocol"
	"github.com/greenlight-cd/greenlight/pkg/runlog"
	"github.com/greenlight-cd/greenlight/pkg/slack/notify"
)

// canaryTarget is production with a canary in progress: stable serves, the canary takes its
// weight, and Promote gives the canary all traffic.
type canaryTarget struct {
	gateOnly
	mu             sync.Mutex
	stable, canary *greenlight.Revision
	weight         int
}

func (c *canaryTarget) State(context.Context) (greenlight.State, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return greenlight.State{Stable: c.stable, Canary: c.canary, CanaryWeight: c.weight}, nil
}

func (c *canaryTarget) Promote(_ context.Context, r greenlight.Revision) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.stable, c.canary, c.weight = &r, nil, 0
	return nil
}

func (c *canaryTarget) serving() (string, int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.stable.Image.Digest(), c.weight
}

// The approval hold through the engine, as a release lives it: production's canary waits at
// 10 % for an approval asked in Slack by the real Approver. Slack accepts the post and never
// answers: the run ends within the approval's deadline as a hold (skipped, not failed), the
// canary keeps its weight, the hold is in the run's report with how to continue. Re-run when
// Slack answers, the same run asks in Slack; a click recorded by the bot dispatches promote,
// and the promote run moves the canary to 100 %.
func TestApprovalHoldThroughTheEngineWhenSlackIsDown(t *testing.T) {
	ctx := context.Background()
	commit := strings.Repeat("d", 40)
	gh, ghc, botGH, sf := releaseFakes(t, commit)
	oldImg, _ := oci.NewImage("ghcr.io/acme/hello", fmt.Sprintf("sha256:%064x", 1), "")
	img, _ := oci.NewImage("ghcr.io/acme/hello", fmt.Sprintf("sha256:%064x", 2), "")
	target := &canaryTarget{stable: &greenlight.Revision{ID: "old", Image: oldImg}, canary: &greenlight.Revision{ID: "new", Image: img}, weight: 10}
	ap := NewApprover(slackfake.Token, "#deploys", ghc, notify.WithAPIURL(sf.GetAPIURL()))
	ap.Deadline = 3 * time.Second
	// The target has no metrics to bake with: the promote goes to 100 % at once.
	prod := &greenlight.Environment{Name: "production", Target: target, Approval: greenlight.Approval{Approver: ap, Decisions: ghc.Decisions("main")},
		PromotePlan: greenlight.CanaryPlan{Bake: analysis.Bake{Off: true}}}
	src := runlog.Source{Repository: "acme/hello", Commit: commit, Ref: "refs/heads/main", Author: "ann", Trigger: "push"}
	release := func(opts ...greenlight.Option) *runlog.Report {
		t.Helper()
		rep, err := greenlight.Run(ctx, func(p *greenlight.P) {
			p.Promote(p.Sign(img, okSigner{}), prod)
		}, append([]greenlight.Option{greenlight.WithName("hello"), greenlight.WithEnvironments(prod)}, opts...)...)
		if rep == nil {
			t.Fatal(err)
		}
		return rep
	}

	// The canary's deployment, recorded in GitHub as the one that waits (the canary stage's).
	if _, err := ghc.Begin(ctx, "production", commit, "main", github.Payload{Image: img.String(), Digest: img.Digest(), TriggeredBy: "ann"}, true); err != nil {
		t.Fatal(err)
	}

	// Slack is down: it takes chat.postMessage and never answers.
	release1 := sf.Hold("chat.postMessage")
	start := time.Now()
	rep := release(greenlight.WithSource(src))
	took := time.Since(start)
	release1()
	if rep.Status != runlog.Skipped {
		t.Fatalf("a Slack outage during the approval: run %s (%s), want a hold", rep.Status, rep.Error)
	}
	if took > ap.Deadline+30*time.Second {
		t.Errorf("the hold took %s, deadline %s", took, ap.Deadline)
	}
	if d, w := target.serving(); d != oldImg.Digest() || w != 10 {
		t.Fatalf("production after the hold: stable %s, canary at %d%%; want the old release and the canary kept at 10%%", d, w)
	}
	st := rep.Stage("promote")
	if st == nil || st.Status != runlog.Skipped || !strings.Contains(st.Result+st.Error, "could not ask for approval") || !strings.Contains(st.Result+st.Error, "re-run this job when Slack answers") {
		t.Fatalf("the hold is not recorded with how to continue: %+v", rep.Stages)
	}
	if len(gh.Dispatches) != 0 {
		t.Fatalf("a hold dispatched %+v", gh.Dispatches)
	}

	// Slack answers again: the job re-run asks in Slack, and holds for the click.
	rep = release(greenlight.WithSource(src))
	if rep.Status != runlog.Skipped {
		t.Fatalf("the re-run: %s (%s)", rep.Status, rep.Error)
	}
	// (The post Slack held during the outage may have been made too, as a real Slack may have
	// made it after the bot gave up: both carry the same digest; people click the newest.)
	top := sf.TopLevel()
	if len(top) == 0 || !strings.Contains(top[len(top)-1].Blocks, `"action_id":"approve"`) {
		t.Fatalf("the approval message: %+v", top)
	}
	top = top[len(top)-1:]
	blocks := top[0].Blocks
	value := jsonString(blocks[strings.Index(blocks, `"value":`)+8:])
	cfg, err := ParseConfig([]byte(peopleConfig))
	if err != nil {
		t.Fatal(err)
	}
	v, _ := NewVerifier(secret)
	b := &Bot{Verifier: v, Config: cfg, GitHub: botGH, Audit: &strings.Builder{}, API: slack.New(slackfake.Token, slack.OptionAPIURL(sf.GetAPIURL()))}
	if err := b.Start(ctx); err != nil {
		t.Fatal(err)
	}
	clicked := time.Now()
	if got := clickInThread(t, b, sf, "C0DEPLOYS", top[0].TS, "", "UCAROL", "approve", value); !strings.Contains(got, "approved") {
		t.Fatalf("carol's click: %s", got)
	}
	if len(gh.Dispatches) != 1 || gh.Dispatches[0].Inputs["command"] != "promote" {
		t.Fatalf("dispatches %+v", gh.Dispatches)
	}

	t.Logf("click to decision recorded and promote dispatched: %s", time.Since(clicked).Round(time.Millisecond))

	// The dispatched promote proceeds: the canary takes all traffic.
	in, err := protocol.ParseInputs(map[string]string{"command": "promote", "environment": "production", "requested_by": "slack approval by carol"})
	if err != nil {
		t.Fatal(err)
	}
	rep = release(greenlight.WithRequest(protocol.Request{Repository: "acme/hello", Commit: commit, Trigger: "workflow_dispatch", Inputs: in}))
	if rep.Status != runlog.Passed {
		t.Fatalf("the promote after the hold: %s (%s)", rep.Status, rep.Error)
	}
	if d, w := target.serving(); d != img.Digest() || w != 0 {
		t.Errorf("production after the promote: %s at %d%%", d, w)
	}
}
