package greenlight

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/runlog"

	"github.com/greenlight-cd/greenlight/pkg/approval"

	"github.com/greenlight-cd/greenlight/pkg/oci"

	"github.com/greenlight-cd/greenlight/pkg/analysis"
)

var fastPlan = CanaryPlan{Steps: []int{10, 50, 100}, Interval: 5 * time.Millisecond, MaxWait: 300 * time.Millisecond,
	Judge: analysis.Compare{MinRequests: 100}}

// release runs a standard pipeline: build img, sign, canary and promote in production.
func release(img oci.Image, signer oci.Signer, plan CanaryPlan) func(*P) {
	return func(p *P) {
		built := p.Build(imageBuilder{img})
		signed := p.Sign(built, signer)
		prod := p.Env("production")
		p.Canary(signed, prod, plan)
		p.Promote(signed, prod)
	}
}

func prodEnv(t *fakeTarget) *Environment { return &Environment{Name: "production", Target: t} }

func TestFirstReleaseGoesStraightToStable(t *testing.T) {
	tgt := newFakeTarget()
	rep, err := Run(context.Background(), release(testImage(1), newFakeSigning("k"), fastPlan), WithEnvironments(prodEnv(tgt)))
	if err != nil {
		t.Fatal(err)
	}
	if tgt.stable == nil || tgt.stable.Image != testImage(1) {
		t.Fatalf("stable = %v, want image 1", tgt.stable)
	}
	if got := rep.Stage("canary").Result; !strings.Contains(got, "first release") {
		t.Errorf("canary result %q does not say this was the first release", got)
	}
	if rep.Status != runlog.Passed || len(rep.Stages) != 4 {
		t.Errorf("report: %s with %d stages", rep.Status, len(rep.Stages))
	}
}

func TestCanaryPassesThenPromotes(t *testing.T) {
	tgt := newFakeTarget()
	signer := newFakeSigning("k")
	if _, err := Run(context.Background(), release(testImage(1), signer, fastPlan), WithEnvironments(prodEnv(tgt))); err != nil {
		t.Fatal(err)
	}
	healthy := analysis.Sample{Requests: 500, Errors: 1, P50: time.Millisecond, P99: 5 * time.Millisecond}
	tgt.setSample(testImage(1).Short(), healthy)
	tgt.setSample(testImage(2).Short(), healthy)
	rec := &runlog.Recorder{}
	rep, err := Run(context.Background(), release(testImage(2), signer, fastPlan), WithEnvironments(prodEnv(tgt)), WithSink(rec))
	if err != nil {
		t.Fatal(err)
	}
	want := "start " + testImage(2).Short() + "; weight " + testImage(2).Short() + " 10; weight " + testImage(2).Short() + " 50; promote " + testImage(2).Short()
	if got := tgt.events(); !strings.HasSuffix(got, want) {
		t.Errorf("target calls:\n got %s\nwant …%s", got, want)
	}
	if tgt.stable.ID != testImage(2).Short() || tgt.previous.ID != testImage(1).Short() {
		t.Errorf("stable %s previous %s", tgt.stable.ID, tgt.previous.ID)
	}
	if len(rep.Verdicts) != 2 || rep.Verdicts[0].Outcome != analysis.Pass || rep.Verdicts[0].Weight != 10 {
		t.Errorf("verdicts: %+v", rep.Verdicts)
	}
	var kinds []runlog.EventKind
	for _, e := range rec.Events() {
		if e.Kind == runlog.TrafficShifted {
			kinds = append(kinds, e.Kind)
		}
	}
	if len(kinds) != 3 { // 10, 50, 100
		t.Errorf("want 3 traffic events, got %d", len(kinds))
	}
}

func TestCanaryFailureRollsBack(t *testing.T) {
	tgt := newFakeTarget()
	signer := newFakeSigning("k")
	Run(context.Background(), release(testImage(1), signer, fastPlan), WithEnvironments(prodEnv(tgt)))
	tgt.setSample(testImage(1).Short(), analysis.Sample{Requests: 900, Errors: 2, P99: 5 * time.Millisecond})
	tgt.setSample(testImage(2).Short(), analysis.Sample{Requests: 120, Errors: 30, P99: 5 * time.Millisecond})
	rep, err := Run(context.Background(), release(testImage(2), signer, fastPlan), WithEnvironments(prodEnv(tgt)))
	if !errors.Is(err, ErrFailed) {
		t.Fatalf("want the run to fail, got %v", err)
	}
	if tgt.stable.ID != testImage(1).Short() || tgt.canary != nil || tgt.running[testImage(2).Short()] {
		t.Fatalf("after a failed canary: stable %v canary %v (calls: %s)", tgt.stable, tgt.canary, tgt.events())
	}
	if len(rep.Rollbacks) != 1 || !strings.Contains(rep.Rollbacks[0].Reason, "error rate 25.00% on canary") {
		t.Errorf("rollback record: %+v", rep.Rollbacks)
	}
	if rep.Stage("promote") != nil {
		t.Error("promote ran after a failed canary")
	}
	if !strings.Contains(rep.Error, "rolled back automatically") {
		t.Errorf("error does not say what happened: %s", rep.Error)
	}
}

func TestCanaryWithoutTrafficFailsInsteadOfPassing(t *testing.T) {
	tgt := newFakeTarget()
	signer := newFakeSigning("k")
	Run(context.Background(), release(testImage(1), signer, fastPlan), WithEnvironments(prodEnv(tgt)))
	rep, err := Run(context.Background(), release(testImage(2), signer, fastPlan), WithEnvironments(prodEnv(tgt)))
	if err == nil {
		t.Fatal("a canary that saw no traffic passed")
	}
	if !strings.Contains(rep.Error, "not enough data after 300ms") {
		t.Errorf("error: %s", rep.Error)
	}
	if tgt.stable.ID != testImage(1).Short() {
		t.Error("stable changed")
	}
}

func TestCancelMidCanaryRestoresStable(t *testing.T) {
	tgt := newFakeTarget()
	signer := newFakeSigning("k")
	Run(context.Background(), release(testImage(1), signer, fastPlan), WithEnvironments(prodEnv(tgt)))
	ctx, cancel := context.WithCancel(context.Background())
	tgt.onWeight = func(p int) { cancel() } // SIGINT arrives while the canary holds 10 %
	plan := fastPlan
	plan.MaxWait = time.Minute
	rep, err := Run(ctx, release(testImage(2), signer, plan), WithEnvironments(prodEnv(tgt)))
	if err == nil || rep.Status != runlog.Cancelled {
		t.Fatalf("status %s err %v", rep.Status, err)
	}
	if tgt.canary != nil || tgt.stable.ID != testImage(1).Short() || tgt.running[testImage(2).Short()] {
		t.Fatalf("after cancel: canary %v stable %v (calls %s)", tgt.canary, tgt.stable, tgt.events())
	}
	if rep.Stage("canary").Status != runlog.Cancelled {
		t.Errorf("canary stage status %s", rep.Stage("canary").Status)
	}
}

func TestFailureAfterCanaryAbortsIt(t *testing.T) {
	tgt := newFakeTarget()
	signer := newFakeSigning("k")
	Run(context.Background(), release(testImage(1), signer, fastPlan), WithEnvironments(prodEnv(tgt)))
	tgt.setSample(testImage(1).Short(), analysis.Sample{Requests: 500})
	tgt.setSample(testImage(2).Short(), analysis.Sample{Requests: 500})
	rep, _ := Run(context.Background(), func(p *P) {
		signed := p.Sign(p.Build(imageBuilder{testImage(2)}), signer)
		p.Canary(signed, p.Env("production"), fastPlan)
		p.Fatalf("a later check failed")
	}, WithEnvironments(prodEnv(tgt)))
	if tgt.canary != nil || tgt.running[testImage(2).Short()] {
		t.Fatalf("canary left taking traffic after the run failed: %s", tgt.events())
	}
	if len(rep.Rollbacks) != 1 || !strings.Contains(rep.Rollbacks[0].Reason, "a later check failed") {
		t.Errorf("rollbacks: %+v", rep.Rollbacks)
	}
}

func TestInvalidWeightPlans(t *testing.T) {
	for _, tc := range []struct {
		steps []int
		want  string
	}{
		{nil, "no steps"},
		{[]int{0, 50}, "between 1 and 100"},
		{[]int{10, 120}, "between 1 and 100"},
		{[]int{50, 25}, "must increase"},
		{[]int{10, 10}, "must increase"},
	} {
		tgt := newFakeTarget()
		signer := newFakeSigning("k")
		Run(context.Background(), release(testImage(1), signer, fastPlan), WithEnvironments(prodEnv(tgt)))
		calls := tgt.events()
		rep, err := Run(context.Background(), release(testImage(2), signer, CanaryPlan{Steps: tc.steps}), WithEnvironments(prodEnv(tgt)))
		if err == nil || !strings.Contains(rep.Error, tc.want) {
			t.Errorf("steps %v: error %v, want it to say %q", tc.steps, err, tc.want)
		}
		if tgt.events() != calls {
			t.Errorf("steps %v: the target was touched: %s", tc.steps, strings.TrimPrefix(tgt.events(), calls))
		}
	}
}

func TestUnsignedOrRevokedImageIsNotDeployed(t *testing.T) {
	tgt := newFakeTarget()
	signer := newFakeSigning("k")
	// A zero SignedImage (the only one user code can make) is refused at run time too.
	rep, err := Run(context.Background(), func(p *P) {
		p.DeployStaging(SignedImage{}, p.Env("production"))
	}, WithEnvironments(prodEnv(tgt)))
	if err == nil || !strings.Contains(rep.Error, "not signed") || tgt.events() != "" {
		t.Fatalf("zero SignedImage: err %v, calls %q", err, tgt.events())
	}
	// A signature that disappears between Sign and deploy stops the deploy.
	rep, err = Run(context.Background(), func(p *P) {
		signed := p.Sign(p.Build(imageBuilder{testImage(3)}), signer)
		signer.revoke(testImage(3))
		p.DeployStaging(signed, p.Env("production"))
	}, WithEnvironments(prodEnv(tgt)))
	if err == nil || !strings.Contains(rep.Error, "refusing to deploy") || !strings.Contains(rep.Error, "nothing was deployed") || tgt.events() != "" {
		t.Fatalf("revoked signature: err %v, calls %q", err, tgt.events())
	}
	// An environment's own verifier (another key) is used instead of the signer's.
	env := prodEnv(tgt)
	env.Verifier = newFakeSigning("other-key")
	rep, err = Run(context.Background(), func(p *P) {
		p.DeployStaging(p.Sign(p.Build(imageBuilder{testImage(4)}), signer), p.Env("production"))
	}, WithEnvironments(env))
	if err == nil || !strings.Contains(rep.Error, "other-key") || tgt.events() != "" {
		t.Fatalf("other key: err %v, calls %q", err, tgt.events())
	}
}

type failingCheck struct{}

func (failingCheck) Check(ctx context.Context, url string) error {
	return errors.New("GET / answered 500")
}

func TestFailedSmokeCheckSwitchesNothing(t *testing.T) {
	tgt := newFakeTarget()
	signer := newFakeSigning("k")
	Run(context.Background(), release(testImage(1), signer, fastPlan), WithEnvironments(prodEnv(tgt)))
	rep, err := Run(context.Background(), func(p *P) {
		p.DeployStaging(p.Sign(p.Build(imageBuilder{testImage(2)}), signer), p.Env("production"), failingCheck{})
	}, WithEnvironments(prodEnv(tgt)))
	if err == nil || !strings.Contains(rep.Error, "no traffic was switched") {
		t.Fatalf("err %v", err)
	}
	if tgt.stable.ID != testImage(1).Short() || tgt.running[testImage(2).Short()] {
		t.Fatalf("state after failed check: %s", tgt.events())
	}
}

func TestUnknownEnvironmentAndBadEnvironments(t *testing.T) {
	rep, err := Run(context.Background(), func(p *P) { p.Env("prod") }, WithEnvironments(prodEnv(newFakeTarget())))
	if err == nil || !strings.Contains(rep.Error, `unknown environment "prod"`) || !strings.Contains(rep.Error, `"production"`) {
		t.Fatalf("err %v", err)
	}
	if _, err := Run(context.Background(), func(p *P) {}, WithEnvironments(&Environment{Name: "x"})); err == nil || !strings.Contains(err.Error(), "no Target") {
		t.Fatalf("err %v", err)
	}
	if _, err := Run(context.Background(), func(p *P) {}, WithEnvironments(prodEnv(newFakeTarget()), prodEnv(newFakeTarget()))); err == nil {
		t.Fatal("duplicate environments accepted")
	}
}

func TestRollbackStage(t *testing.T) {
	tgt := newFakeTarget()
	signer := newFakeSigning("k")
	rep, err := Run(context.Background(), func(p *P) { p.Rollback(p.Env("production"), "by hand") }, WithEnvironments(prodEnv(tgt)))
	if err == nil || !strings.Contains(rep.Error, "nothing to roll back to") {
		t.Fatalf("rollback with no previous: %v", err)
	}
	tgt.setSample(testImage(1).Short(), analysis.Sample{Requests: 500})
	tgt.setSample(testImage(2).Short(), analysis.Sample{Requests: 500})
	Run(context.Background(), release(testImage(1), signer, fastPlan), WithEnvironments(prodEnv(tgt)))
	Run(context.Background(), release(testImage(2), signer, fastPlan), WithEnvironments(prodEnv(tgt)))
	// A rollback verifies what it rolls back to, like every deploy: without a verifier it
	// refuses, and a revoked signature stops it.
	rep, err = Run(context.Background(), func(p *P) { p.Rollback(p.Env("production"), "by hand") }, WithEnvironments(prodEnv(tgt)))
	if err == nil || !strings.Contains(rep.Error, "no verifier; set Environment.Verifier") || tgt.stable.ID != testImage(2).Short() {
		t.Fatalf("rollback with no verifier: %v, stable %v", err, tgt.stable)
	}
	signer.revoke(testImage(1))
	env := prodEnv(tgt)
	env.Verifier = signer
	rep, err = Run(context.Background(), func(p *P) { p.Rollback(p.Env("production"), "by hand") }, WithEnvironments(env))
	if err == nil || !strings.Contains(rep.Error, "refusing to deploy") || tgt.stable.ID != testImage(2).Short() {
		t.Fatalf("rollback to an unsigned image: %v, stable %v", err, tgt.stable)
	}
	signer.Sign(context.Background(), testImage(1))
	rep, err = Run(context.Background(), func(p *P) { p.Rollback(p.Env("production"), "by hand") }, WithEnvironments(env))
	if err != nil || tgt.stable.ID != testImage(1).Short() {
		t.Fatalf("rollback: %v, stable %v", err, tgt.stable)
	}
	if len(rep.Rollbacks) != 1 || rep.Rollbacks[0].From != testImage(2).Short() || rep.Rollbacks[0].Reason != "by hand" {
		t.Errorf("rollback record %+v", rep.Rollbacks)
	}
}

type approver struct{ d approval.Decision }

func (a approver) Approve(ctx context.Context, req ApprovalRequest) (approval.Decision, error) {
	return a.d, nil
}

func TestGate(t *testing.T) {
	signer := newFakeSigning("k")
	run := func(a Approver, author string) (*runlog.Report, error) {
		env := prodEnv(newFakeTarget())
		env.Approval.Approver = a
		return Run(context.Background(), func(p *P) {
			s := p.Sign(p.Build(imageBuilder{testImage(1)}), signer)
			p.Gate(s, p.Env("production"))
			p.Promote(s, p.Env("production"))
		}, WithEnvironments(env), WithSource(runlog.Source{Author: author}))
	}
	d := testImage(1).Digest()
	for _, tc := range []struct {
		name   string
		a      Approver
		author string
		want   string
	}{
		{"no approver", nil, "ann", "no approver for production"},
		{"rejected", approver{approval.Decision{Approved: false, By: "bob", Digest: d, Reason: "not today"}}, "ann", "rejected by bob: not today"},
		{"stale digest", approver{approval.Decision{Approved: true, By: "bob", Digest: testImage(9).Digest()}}, "ann", "not for " + d},
		{"self approval", approver{approval.Decision{Approved: true, By: "ann", Digest: d}}, "ann", "cannot approve it alone"},
		{"approved", approver{approval.Decision{Approved: true, By: "bob", Digest: d}}, "ann", ""},
	} {
		rep, err := run(tc.a, tc.author)
		if tc.want == "" {
			if err != nil || rep.Stage("promote") == nil || len(rep.Decisions) != 1 {
				t.Errorf("%s: %v", tc.name, err)
			}
			continue
		}
		if err == nil || !strings.Contains(rep.Error, tc.want) || rep.Stage("promote") != nil {
			t.Errorf("%s: error %v, want %q and no promote", tc.name, err, tc.want)
		}
	}
}

func TestPanicInPipelineIsAFailure(t *testing.T) {
	rep, err := Run(context.Background(), func(p *P) {
		p.Stage("custom", func(s *Stage) error { panic("boom") })
	})
	if err == nil || !strings.Contains(rep.Error, "panicked: boom") || rep.Stages[0].Status != runlog.Failed {
		t.Fatalf("err %v", err)
	}
}

func TestCleanupAndFatalf(t *testing.T) {
	var order []string
	rep, err := Run(context.Background(), func(p *P) {
		p.Cleanup(func() { order = append(order, "first") })
		p.Cleanup(func() { order = append(order, "second") })
		p.Fatalf("stop here: %d", 42)
		order = append(order, "not reached")
	})
	if err == nil || rep.Error != "stop here: 42" || strings.Join(order, ",") != "second,first" {
		t.Fatalf("err %v order %v", err, order)
	}
}

func TestMainArgsWritesReportAndExitCodes(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "report.json")
	var out strings.Builder
	code := MainArgs([]string{"--report", path}, &out, func(p *P) {
		p.Stage("hello", func(s *Stage) error { s.Result("world"); return nil })
	}, WithName("t"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, out.String())
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var rep runlog.Report
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Pipeline != "t" || rep.Status != runlog.Passed || rep.Stages[0].Name != "hello" || rep.Stages[0].Result != "world" || rep.Stages[0].Duration <= 0 {
		t.Errorf("report: %+v", rep)
	}
	if !strings.Contains(out.String(), "STAGE") || !strings.Contains(out.String(), "hello") {
		t.Errorf("console output lacks the stage table:\n%s", out.String())
	}
	if code := MainArgs(nil, &out, func(p *P) { p.Fatalf("no") }); code != 1 {
		t.Errorf("failed run exit %d, want 1", code)
	}
	if code := MainArgs([]string{"--nope"}, &out, func(p *P) {}); code != 2 {
		t.Errorf("bad flag exit %d, want 2", code)
	}
}
