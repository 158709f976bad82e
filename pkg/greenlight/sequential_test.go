package greenlight

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/protocol"
	"github.com/greenlight-cd/greenlight/pkg/runlog"

	"github.com/greenlight-cd/greenlight/pkg/analysis"
	"github.com/greenlight-cd/greenlight/pkg/approval"
)

// The engine with the default judge: nothing but Steps and short times set.
var seqPlan = CanaryPlan{Steps: []int{10, 50, 100}, Interval: 5 * time.Millisecond, StepTime: 60 * time.Millisecond, MaxWait: 200 * time.Millisecond,
	Bake: analysis.Bake{Time: 50 * time.Millisecond, MaxTime: 250 * time.Millisecond}}

// fastBake is the PromotePlan of tests whose promote bakes a canary an earlier run judged.
var fastBake = CanaryPlan{Interval: 5 * time.Millisecond, Bake: analysis.Bake{Time: 30 * time.Millisecond, MaxTime: 60 * time.Millisecond}}

func secondRelease(t *testing.T, stable, canary analysis.Sample, plan CanaryPlan) (*runlog.Report, *runlog.Recorder) {
	t.Helper()
	tgt := newFakeTarget()
	signer := newFakeSigning("k")
	if _, err := Run(context.Background(), release(testImage(1), signer, plan), WithEnvironments(prodEnv(tgt))); err != nil {
		t.Fatal(err)
	}
	tgt.setSample(testImage(1).Short(), stable)
	tgt.setSample(testImage(2).Short(), canary)
	rec := &runlog.Recorder{}
	rep, _ := Run(context.Background(), release(testImage(2), signer, plan), WithEnvironments(prodEnv(tgt)), WithSink(rec))
	return rep, rec
}

func TestSeqDefaultJudgeInTheEngine(t *testing.T) {
	if _, ok := (CanaryPlan{}).Analysis().WithDefaults().Judge.(analysis.Sequential); !ok {
		t.Fatalf("the default judge is %T, want Sequential", (CanaryPlan{}).Analysis().WithDefaults().Judge)
	}
	// Healthy: no evidence of harm, enough requests: each step passes when its time is up.
	rep, _ := secondRelease(t, analysis.Sample{Requests: 20000, Errors: 200}, analysis.Sample{Requests: 6000, Errors: 60}, seqPlan)
	// Two steps, then Promote's bake at 75 %, continuing the same test.
	if rep.Status != runlog.Passed || len(rep.Verdicts) != 3 {
		t.Fatalf("healthy canary: %s %s, verdicts %+v", rep.Status, rep.Error, rep.Verdicts)
	}
	if b := rep.Verdicts[2]; b.Weight != 75 || b.Outcome != analysis.Pass || b.Evidence == nil || b.Evidence.CanaryRequests != 18000 || !strings.Contains(b.Reason, "baked") {
		t.Errorf("bake verdict %+v", b)
	}
	v := rep.Verdicts[0]
	if v.Outcome != analysis.Pass || v.Evidence == nil || v.Evidence.Decided != "step time" || !strings.Contains(v.Reason, "no evidence of harm") {
		t.Errorf("verdict %+v", v)
	}
	// The second step continues the first step's evidence: one budget per release.
	if e := rep.Verdicts[1].Evidence; e == nil || e.CanaryRequests != 12000 || e.StableRequests != 40000 {
		t.Errorf("second step's evidence %+v, want the requests of both steps", e)
	}

	// Harmful: fails at once, with its figures in the verdict and the rollback's reason.
	rep, _ = secondRelease(t, analysis.Sample{Requests: 900, Errors: 9}, analysis.Sample{Requests: 100, Errors: 30}, seqPlan)
	if rep.Status != runlog.Failed || len(rep.Rollbacks) != 1 {
		t.Fatalf("harmful canary: %s, rollbacks %+v", rep.Status, rep.Rollbacks)
	}
	v = rep.Verdicts[0]
	e := v.Evidence
	if v.Outcome != analysis.Fail || e == nil || e.Decided != "errors" || e.ErrorE < e.ErrorThreshold || e.ErrorThreshold != 100 || e.CanaryErrors != 30 {
		t.Errorf("verdict %+v evidence %+v", v, e)
	}
	for _, want := range []string{"30.00% canary vs 1.00% baseline", "100/900 requests", "≥ 100"} {
		if !strings.Contains(v.Reason, want) || !strings.Contains(rep.Rollbacks[0].Reason, want) {
			t.Errorf("reason %q lacks %q", v.Reason, want)
		}
	}
}

// Issue 12: a low-traffic step is extended with a live line saying what is missing, then ends
// as the plan says; never a silent pass.
func TestSeqLowTrafficIsExtendedThenEndsAsThePlanSays(t *testing.T) {
	plan := seqPlan
	plan.OnLowTraffic = analysis.RollBack
	rep, rec := secondRelease(t, analysis.Sample{Requests: 40}, analysis.Sample{Requests: 5}, plan)
	if rep.Status != runlog.Failed || len(rep.Rollbacks) != 1 || !strings.Contains(rep.Rollbacks[0].Reason, "not enough data after 200ms") {
		t.Fatalf("low traffic: %s, rollbacks %+v", rep.Status, rep.Rollbacks)
	}
	var live string
	for _, e := range rec.Events() {
		if e.Kind == runlog.AnalysisVerdict && e.Verdict.Outcome == analysis.Wait && strings.Contains(e.Message, "low traffic") {
			live = e.Message
		}
	}
	if !strings.Contains(live, "95 more request(s) per version") || !strings.Contains(live, "extended up to 200ms") {
		t.Errorf("no live line about the missing requests: %q", live)
	}

	a := analysis.New(CanaryPlan{Steps: []int{10, 100}, StepTime: time.Minute, MaxWait: 5 * time.Minute, OnLowTraffic: analysis.HoldForPerson}.Analysis())
	in := analysis.Input{Weight: 10, Elapsed: 2 * time.Minute, Stable: analysis.Sample{Requests: 540}, Canary: analysis.Sample{Requests: 60}}
	v := a.Look(context.Background(), in)
	// 40 requests short of MinRequests (about 1m20s at 0.5 req/s); and with no errors yet, the
	// least evidence that would catch a canary at 1 % errors takes about 550 more requests.
	if v.Outcome != analysis.Wait || v.Evidence.NeedRequests != 553 || v.Evidence.NeedTime != 1104*time.Second ||
		!strings.Contains(v.Reason, "40 more request(s) per version needed for the least evidence (100), about 1m20s") ||
		!strings.Contains(v.Reason, "to catch a canary going from 0.00% to 1.00% errors 9 times in 10 the test needs about 553 more canary request(s), 18m24s") {
		t.Errorf("extended step: %s %q %+v", v.Outcome, v.Reason, v.Evidence)
	}
	in.Elapsed, in.Canary.Requests = 5*time.Minute, 90
	if v = a.Look(context.Background(), in); v.Outcome != analysis.Hold || !strings.Contains(v.Reason, "for a person") {
		t.Errorf("end of an extended step with HoldForPerson: %s %q", v.Outcome, v.Reason)
	}
}

func TestSeqPlanValidation(t *testing.T) {
	for _, p := range []CanaryPlan{
		{Steps: []int{10}, StepTime: time.Minute, MaxWait: time.Second},
		{Steps: []int{10}, OnLowTraffic: "pray"},
		{Steps: []int{10}, MinRequests: -1},
	} {
		if err := p.Validate(); err == nil {
			t.Errorf("%+v accepted", p)
		}
	}
}

// Issue 23 §3: with the default plan a low-traffic release is not rolled back for lack of
// data: each step ends unproven at MaxWait, Promote's bake goes on with the same test, and the
// release is promoted unproven, saying how many requests it served and what it could not yet
// exclude. The bake is one more traffic move through the choke point, at 75 %.
func TestSeqLowTrafficDefaultPromotesUnproven(t *testing.T) {
	rep, _ := secondRelease(t, analysis.Sample{Requests: 400, Errors: 4}, analysis.Sample{Requests: 5}, seqPlan)
	if rep.Status != runlog.Passed || len(rep.Rollbacks) != 0 {
		t.Fatalf("low traffic, default plan: %s %q, rollbacks %+v", rep.Status, rep.Error, rep.Rollbacks)
	}
	if n := len(rep.Verdicts); n != 3 {
		t.Fatalf("verdicts %+v, want two steps and the bake", rep.Verdicts)
	}
	for _, v := range rep.Verdicts[:2] {
		if v.Outcome != analysis.Pass || v.Evidence.Decided != "unproven" || !strings.Contains(v.Reason, "step passed unproven after 200ms") {
			t.Errorf("step verdict %s %q", v.Outcome, v.Reason)
		}
	}
	b := rep.Verdicts[2]
	want := "promoted unproven: 1215 requests (15 on the new version), could not yet exclude a 3× error rate (1.00% → 3.00%)"
	if b.Weight != 75 || b.Evidence.Decided != "unproven" || !strings.Contains(b.Reason, want) {
		t.Errorf("bake verdict at %d%%: %q, want %q", b.Weight, b.Reason, want)
	}
	if r := rep.Stage("promote").Result; !strings.Contains(r, "promoted to 100% after its bake at 75%") || !strings.Contains(r, want) {
		t.Errorf("promote's result %q", r)
	}
	var kinds []string
	for _, m := range rep.Moves {
		kinds = append(kinds, fmt.Sprintf("%s %d%%", m.Kind, m.Weight))
	}
	if got := strings.Join(kinds, ", "); !strings.HasSuffix(got, "canary-step 10%, canary-step 50%, promote 75%, promote 100%") {
		t.Errorf("moves %s", got)
	}
}

// Issue 23 §3: harm found during the bake rolls the release back through the choke point
// (an abort: all traffic on the previous version), and Bake.Off promotes at once.
func TestSeqBakeRollsBackThroughTheChokePoint(t *testing.T) {
	tgt := newFakeTarget()
	signer := newFakeSigning("k")
	if _, err := Run(context.Background(), release(testImage(1), signer, seqPlan), WithEnvironments(prodEnv(tgt))); err != nil {
		t.Fatal(err)
	}
	tgt.setSample(testImage(1).Short(), analysis.Sample{Requests: 20000, Errors: 200})
	tgt.setSample(testImage(2).Short(), analysis.Sample{Requests: 6000, Errors: 60})
	rep, _ := Run(context.Background(), func(p *P) {
		built := p.Build(imageBuilder{testImage(2)})
		signed := p.Sign(built, signer)
		prod := p.Env("production")
		p.Canary(signed, prod, seqPlan)
		tgt.setSample(testImage(2).Short(), analysis.Sample{Requests: 6000, Errors: 600}) // it breaks after the steps
		p.Promote(signed, prod)
	}, WithEnvironments(prodEnv(tgt)))
	if rep.Status != runlog.Failed || len(rep.Rollbacks) != 1 || tgt.stable.ID != testImage(1).Short() || tgt.canary != nil {
		t.Fatalf("harm in the bake: %s, rollbacks %+v, stable %v", rep.Status, rep.Rollbacks, tgt.stable)
	}
	if r := rep.Rollbacks[0].Reason; !strings.Contains(r, "bake failed at 75%: bake: canary has more errors than the baseline") {
		t.Errorf("rollback reason %q", r)
	}
	last := rep.Moves[len(rep.Moves)-1]
	if last.Kind != string(MoveAbort) || last.Outcome != "done" {
		t.Errorf("the rollback was not the choke point's abort: %+v", last)
	}

	off := seqPlan
	off.Bake.Off = true
	rep, _ = secondRelease(t, analysis.Sample{Requests: 20000, Errors: 200}, analysis.Sample{Requests: 6000, Errors: 60}, off)
	if rep.Status != runlog.Passed || len(rep.Verdicts) != 2 || !strings.Contains(rep.Stage("promote").Result, "promoted from 50% to 100%") {
		t.Errorf("Bake.Off: %s, verdicts %d, promote %q", rep.Status, len(rep.Verdicts), rep.Stage("promote").Result)
	}
}

// Issue 23 §3: in a gated environment the bake moves most of the traffic, so the approval
// Promote needs is asked for before the bake's move: without it nothing moves past the last
// step, and the run holds.
func TestSeqBakeWaitsForThePromotesApproval(t *testing.T) {
	signer := newFakeSigning("k")
	tgt := newFakeTarget()
	ds := &runDecisions{}
	prod := &Environment{Name: "production", Target: tgt, Approval: Approval{Required: true, Decisions: ds}}
	ds.Record(context.Background(), approval.Decision{Approved: true, By: "U1", Identity: "bob", Env: "production", Digest: testImage(1).Digest(), At: time.Now()})
	src := WithSource(runlog.Source{Author: "ann", Commit: "abc"})
	if _, err := Run(context.Background(), release(testImage(1), signer, seqPlan), WithEnvironments(prod), src); err != nil {
		t.Fatal(err)
	}
	tgt.setSample(testImage(1).Short(), analysis.Sample{Requests: 20000, Errors: 200})
	tgt.setSample(testImage(2).Short(), analysis.Sample{Requests: 6000, Errors: 60})
	rep, err := Run(context.Background(), release(testImage(2), signer, seqPlan), WithEnvironments(prod), src)
	if err != nil || rep.Status != runlog.Skipped || !strings.Contains(rep.Error, "waits for an approval") || tgt.canary == nil || tgt.weight != 50 {
		t.Fatalf("bake without approval: %v %s %q, canary %v at %d%%", err, rep.Status, rep.Error, tgt.canary, tgt.weight)
	}
	for _, m := range rep.Moves {
		if (m.Weight == 75 || m.Kind == string(MovePromote)) && m.Outcome != "held" {
			t.Errorf("moved without the approval: %+v", m)
		}
	}
}

// Issue 23 §3: a newer green commit arriving during a long bake supersedes the release by the
// newest-wins rule: the bake stops, the canary is aborted through the choke point, and the run
// ends skipped saying so.
func TestSeqNewerCommitSupersedesTheBake(t *testing.T) {
	tgt := newFakeTarget()
	signer := newFakeSigning("k")
	l := &fakeLedger{}
	if _, err := Run(context.Background(), release(testImage(1), signer, seqPlan), WithEnvironments(prodEnv(tgt)), WithLedger(l)); err != nil {
		t.Fatal(err)
	}
	tgt.setSample(testImage(1).Short(), analysis.Sample{Requests: 20000, Errors: 200})
	tgt.setSample(testImage(2).Short(), analysis.Sample{Requests: 6000, Errors: 60})
	plan := seqPlan
	plan.Bake = analysis.Bake{Time: time.Second, MaxTime: 2 * time.Second} // 200 looks: the ledger is asked at the 60th
	newer := runlog.SinkFunc(func(e runlog.Event) {
		if e.Kind == runlog.TrafficShifted && e.Weight == 75 {
			l.mu.Lock()
			l.refuse = map[string]string{"production": "commit bbb is newer and green"}
			l.mu.Unlock()
		}
	})
	rep, err := Run(context.Background(), release(testImage(2), signer, plan), WithEnvironments(prodEnv(tgt)), WithLedger(l), WithSink(newer))
	if err != nil || rep.Status != runlog.Skipped || !strings.Contains(rep.Error, "superseded during the bake at 75%: commit bbb is newer and green") {
		t.Fatalf("superseded bake: %v %s %q", err, rep.Status, rep.Error)
	}
	if tgt.stable.ID != testImage(1).Short() || tgt.canary != nil {
		t.Errorf("stable %v canary %v: the superseded release still takes traffic", tgt.stable, tgt.canary)
	}
	if last := rep.Moves[len(rep.Moves)-1]; last.Kind != string(MoveAbort) || last.Outcome != "done" {
		t.Errorf("last move %+v, want the choke point's abort", last)
	}
}

// Issue 23 §3, what policies see: the bake's move to 75 % is the start of the promote, not a
// canary step. A policy sees it as a promote at the bake's weight (a freeze that holds promotes
// holds it, an approvals policy asks for the promote's approvals before most of the traffic
// moves), and the move to 100 % as the promote at 100 %.
func TestSeqPoliciesSeeTheBakeAsThePromote(t *testing.T) {
	tgt := newFakeTarget()
	signer := newFakeSigning("k")
	seen := &policy{name: "watch"}
	prod := &Environment{Name: "production", Target: tgt, Policies: []Policy{seen}}
	if _, err := Run(context.Background(), release(testImage(1), signer, seqPlan), WithEnvironments(prod)); err != nil {
		t.Fatal(err)
	}
	tgt.setSample(testImage(1).Short(), analysis.Sample{Requests: 20000, Errors: 200})
	tgt.setSample(testImage(2).Short(), analysis.Sample{Requests: 6000, Errors: 60})
	seen.seen = nil
	rep, err := Run(context.Background(), release(testImage(2), signer, seqPlan), WithEnvironments(prod))
	if err != nil || rep.Status != runlog.Passed {
		t.Fatalf("release: %v %s %q", err, rep.Status, rep.Error)
	}
	var got []string
	for _, m := range seen.seen {
		got = append(got, fmt.Sprintf("%s %d%%", m.Kind, m.Weight))
	}
	if s := strings.Join(got, ", "); s != "canary-step 10%, canary-step 50%, promote 75%, promote 100%" {
		t.Errorf("policies saw %s", s)
	}
	var moves []string
	for _, m := range rep.Moves {
		moves = append(moves, fmt.Sprintf("%s %d%%", m.Kind, m.Weight))
	}
	if s := strings.Join(moves, ", "); s != "canary-step 10%, canary-step 50%, promote 75%, promote 100%" {
		t.Errorf("the report's moves %s", s)
	}

	// A policy holding promotes holds the bake's move: the canary keeps its last step's weight.
	tgt.setSample(testImage(3).Short(), analysis.Sample{Requests: 6000, Errors: 60})
	prod.Policies = []Policy{&holdPromotes{}}
	rep, err = Run(context.Background(), release(testImage(3), signer, seqPlan), WithEnvironments(prod))
	if err != nil || rep.Status != runlog.Skipped || !strings.Contains(rep.Error, `policy "no-promotes" holds promote of`) || tgt.weight != 50 {
		t.Fatalf("a held promote: %v %s %q, weight %d", err, rep.Status, rep.Error, tgt.weight)
	}
}

// holdPromotes holds every promote, as a freeze of promotes would.
type holdPromotes struct{}

func (*holdPromotes) Name() string { return "no-promotes" }
func (*holdPromotes) Check(ctx context.Context, m Move) error {
	if m.Kind == MovePromote {
		return fmt.Errorf("%w: promotes wait until Monday", ErrAwaitingApproval)
	}
	return nil
}

// A promote a person dispatched (an approval's) is not superseded by a newer green commit,
// and neither is its bake: the bake does not stop when the ledger's newest-wins rule would
// refuse the pipeline's own promote.
func TestSeqDispatchedBakeIsNotSuperseded(t *testing.T) {
	signer := newFakeSigning("k")
	img := testImage(8)
	signer.Sign(context.Background(), img)
	tgt := newFakeTarget()
	tgt.setSample(testImage(5).Short(), analysis.Sample{Requests: 20000, Errors: 200})
	tgt.setSample(img.Short(), analysis.Sample{Requests: 6000, Errors: 60})
	tgt.stable = &Revision{ID: testImage(5).Short(), Image: testImage(5)}
	tgt.canary, tgt.weight = &Revision{ID: img.Short(), Image: img}, 50
	l := &fakeLedger{}
	prod := &Environment{Name: "production", Target: tgt,
		PromotePlan: CanaryPlan{Interval: 5 * time.Millisecond, Bake: analysis.Bake{Time: 400 * time.Millisecond, MaxTime: 500 * time.Millisecond}}}
	var asked []string
	newer := runlog.SinkFunc(func(e runlog.Event) {
		if e.Kind == runlog.TrafficShifted && e.Weight == 75 {
			l.mu.Lock()
			l.refuse = map[string]string{"production": "commit bbb is newer and green"}
			l.mu.Unlock()
		}
		if strings.Contains(e.Message, "supersedes") {
			asked = append(asked, e.Message)
		}
	})
	rep, _ := Run(context.Background(), func(p *P) { p.Promote(p.Verify(img, signer), p.Env("production")) }, WithEnvironments(prod), WithLedger(l), WithSink(newer),
		WithRequest(protocol.Request{Commit: "9999999999999999999999999999999999999999",
			Inputs: protocol.Inputs{Command: protocol.Promote, Environment: "production", RequestedBy: "slack approval by bob"}}))
	if strings.Contains(rep.Error, "superseded during the bake") {
		t.Fatalf("the dispatched promote's bake was superseded: %s", rep.Error)
	}
	if n := len(rep.Verdicts); n != 1 || rep.Verdicts[0].Weight != 75 || rep.Verdicts[0].Outcome != analysis.Pass {
		t.Fatalf("the bake did not run to its end: %s %q %+v", rep.Status, rep.Error, rep.Verdicts)
	}
	if len(asked) > 0 {
		t.Errorf("the dispatched bake asked the ledger's newest-wins rule: %q", asked)
	}
}
