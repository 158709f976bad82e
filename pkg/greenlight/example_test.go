package greenlight_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/runlog"

	"github.com/greenlight-cd/greenlight/pkg/approval"

	"github.com/greenlight-cd/greenlight/pkg/oci"

	"github.com/greenlight-cd/greenlight/pkg/analysis"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
)

// The examples run whole pipelines against an in-memory target, a builder that "builds" a fixed
// digest and a signer that remembers what it signed, so they need no registry, key or cluster.
// Real pipelines use pkg/build, pkg/sign and pkg/local or pkg/kubernetes in their place.

// Example is a minimal pipeline: build, sign, deploy to staging. A SignedImage comes only from
// Sign (or Verify), so an unsigned image cannot reach DeployStaging: it would not compile.
func Example() {
	staging := &greenlight.Environment{Name: "staging", Target: newMemTarget()}
	signer := newMemSigner()
	pipeline := func(p *greenlight.P) {
		img := p.Build(fixedBuild("v1"))
		signed := p.Sign(img, signer)
		p.DeployStaging(signed, staging)
	}
	report, err := greenlight.Run(context.Background(), pipeline,
		greenlight.WithName("shop"), greenlight.WithEnvironments(staging), greenlight.WithSink(stages{}))
	fmt.Println(report.Status, err)
	// Output:
	// build passed
	// sign passed
	// deploy-staging staging passed
	// passed <nil>
}

// ExampleCanaryPlan moves production's traffic to a new version step by step, analysing it
// against the stable version at each step before the next; Promote then gives it all traffic.
func ExampleCanaryPlan() {
	prod := newMemTarget()
	production := &greenlight.Environment{Name: "production", Target: prod}
	signer := newMemSigner()
	release := func(version string) func(p *greenlight.P) {
		return func(p *greenlight.P) {
			signed := p.Sign(p.Build(fixedBuild(version)), signer)
			p.Canary(signed, production, greenlight.CanaryPlan{
				Steps:    []int{10, 50, 100},
				Judge:    analysis.Compare{MinRequests: 100, MaxErrorRateIncrease: 0.01},
				Interval: 10 * time.Millisecond,
			})
			p.Promote(signed, production)
		}
	}
	ctx := context.Background()
	greenlight.Run(ctx, release("v1"), greenlight.WithEnvironments(production)) // first release: nothing to compare
	// v2 serves as well as v1 did: 1000 requests, 1 error each.
	prod.serve(analysis.Sample{Requests: 1000, Errors: 1, P50: 2 * time.Millisecond, P99: 8 * time.Millisecond})
	report, _ := greenlight.Run(ctx, release("v2"), greenlight.WithEnvironments(production), greenlight.WithSink(verdicts{}))
	st, _ := prod.State(ctx)
	fmt.Println(report.Status, "; production runs", st.Stable.ID)
	// Output:
	// at 10%: pass
	// at 50%: pass
	// passed ; production runs v2
}

// ExampleP_Gate holds a release until its environment's approver decides. A gate fails closed:
// no approver, a rejection, a decision for another digest or the releaser approving alone stop
// the pipeline. Here the approver is a function; pkg/slack provides one that asks in Slack.
func ExampleP_Gate() {
	production := &greenlight.Environment{Name: "production", Target: newMemTarget()}
	production.Approval.Approver = approverFunc(func(ctx context.Context, req greenlight.ApprovalRequest) (approval.Decision, error) {
		// The decision is bound to the exact digest it approves.
		return approval.Decision{Approved: true, By: "dana", Digest: req.Image.Digest()}, nil
	})
	signer := newMemSigner()
	pipeline := func(p *greenlight.P) {
		signed := p.Sign(p.Build(fixedBuild("v1")), signer)
		d := p.Gate(signed, production)
		fmt.Println("approved by", d.By)
		p.Promote(signed, production)
	}
	report, _ := greenlight.Run(context.Background(), pipeline,
		greenlight.WithEnvironments(production), greenlight.WithSource(runlog.Source{Author: "ann"}))
	fmt.Println(report.Status)
	// Output:
	// approved by dana
	// passed
}

// ExampleJudgeFunc replaces the built-in judge: this one fails a canary whose p99 latency is
// over 100 ms, whatever the stable version does, and waits while there is too little traffic.
func ExampleJudgeFunc() {
	slowest := analysis.JudgeFunc(func(ctx context.Context, in analysis.Input) analysis.Verdict {
		switch {
		case in.Canary.Requests < 50:
			return analysis.Verdict{Outcome: analysis.Wait, Reason: "fewer than 50 requests"}
		case in.Canary.P99 > 100*time.Millisecond:
			return analysis.Verdict{Outcome: analysis.Fail, Reason: fmt.Sprintf("p99 %s is over 100ms", in.Canary.P99)}
		}
		return analysis.Verdict{Outcome: analysis.Pass, Reason: "p99 under 100ms"}
	})
	prod := newMemTarget()
	production := &greenlight.Environment{Name: "production", Target: prod}
	signer := newMemSigner()
	release := func(version string) func(p *greenlight.P) {
		return func(p *greenlight.P) {
			signed := p.Sign(p.Build(fixedBuild(version)), signer)
			p.Canary(signed, production, greenlight.CanaryPlan{Steps: []int{10, 100}, Judge: slowest, Interval: 10 * time.Millisecond})
			p.Promote(signed, production)
		}
	}
	ctx := context.Background()
	greenlight.Run(ctx, release("v1"), greenlight.WithEnvironments(production))
	prod.serve(analysis.Sample{Requests: 500, P50: 40 * time.Millisecond, P99: 250 * time.Millisecond})
	report, _ := greenlight.Run(ctx, release("v2"), greenlight.WithEnvironments(production), greenlight.WithSink(verdicts{}))
	st, _ := prod.State(ctx)
	fmt.Println(report.Status, "; production runs", st.Stable.ID)
	// Output:
	// at 10%: fail (p99 250ms is over 100ms)
	// failed ; production runs v1
}

// ExampleTarget deploys to a target of your own: anything that can start a revision beside the
// stable one, shift a share of traffic to it, promote it, abort it and roll back implements
// greenlight.Target (memTarget below keeps it all in memory). A target that can also count
// requests and errors per revision implements greenlight.Metrics and needs no Prometheus.
func ExampleTarget() {
	var t greenlight.Target = newMemTarget()
	signer := newMemSigner()
	// A rollback verifies what it returns to, like every deploy: with the environment's verifier.
	staging := &greenlight.Environment{Name: "staging", Target: t, Verifier: signer.Verifier()}
	ctx := context.Background()
	for _, v := range []string{"v1", "v2"} {
		greenlight.Run(ctx, func(p *greenlight.P) {
			p.DeployStaging(p.Sign(p.Build(fixedBuild(v)), signer), staging)
		}, greenlight.WithEnvironments(staging))
	}
	greenlight.Run(ctx, func(p *greenlight.P) { p.Rollback(staging, "v2 breaks checkout") }, greenlight.WithEnvironments(staging))
	st, _ := t.State(ctx)
	fmt.Println("staging runs", st.Stable.ID)
	// Output:
	// staging runs v1
}

// stages prints each finished stage.
type stages struct{}

func (stages) Emit(e runlog.Event) {
	if e.Kind == runlog.StageFinished {
		fmt.Println(strings.TrimSpace(e.Stage+" "+e.Env), e.Status)
	}
}

// verdicts prints each analysis verdict.
type verdicts struct{}

func (verdicts) Emit(e runlog.Event) {
	if e.Kind != runlog.AnalysisVerdict || e.Verdict == nil || e.Verdict.Outcome == analysis.Wait {
		return
	}
	if e.Verdict.Outcome == analysis.Fail {
		fmt.Printf("at %d%%: %s (%s)\n", e.Weight, e.Verdict.Outcome, e.Verdict.Reason)
		return
	}
	fmt.Printf("at %d%%: %s\n", e.Weight, e.Verdict.Outcome)
}

// fixedBuild is a Builder that "builds" one digest per version.
type fixedBuild string

func (b fixedBuild) Build(ctx context.Context, log runlog.Logger) (oci.Image, error) {
	hex := strings.Repeat(fmt.Sprintf("%x", string(b)), 64)[:64]
	return oci.NewImage("registry.example/acme/shop", "sha256:"+hex, string(b))
}

// memSigner signs by remembering digests: a stand-in for pkg/sign.
type memSigner struct {
	mu     sync.Mutex
	signed map[string]bool
}

func newMemSigner() *memSigner { return &memSigner{signed: map[string]bool{}} }

func (s *memSigner) Sign(ctx context.Context, img oci.Image) (oci.Signature, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.signed[img.Digest()] = true
	return oci.Signature{Ref: img.String() + ".sig", KeyID: "example"}, nil
}

func (s *memSigner) Verifier() oci.Verifier { return s }

func (s *memSigner) Verify(ctx context.Context, img oci.Image) (oci.Signature, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.signed[img.Digest()] {
		return oci.Signature{}, errors.New("no signature")
	}
	return oci.Signature{Ref: img.String() + ".sig", KeyID: "example"}, nil
}

type approverFunc func(context.Context, greenlight.ApprovalRequest) (approval.Decision, error)

func (f approverFunc) Approve(ctx context.Context, req greenlight.ApprovalRequest) (approval.Decision, error) {
	return f(ctx, req)
}

// memTarget is a Target (and Metrics) that keeps revisions and weights in memory. Revision IDs
// are the image tags, to keep the examples' output short.
type memTarget struct {
	mu                       sync.Mutex
	stable, canary, previous *greenlight.Revision
	weight                   int
	canarySample             analysis.Sample
}

func newMemTarget() *memTarget { return &memTarget{} }

// serve sets what the next canary serves; stable always serves 1000 requests with 1 error.
func (t *memTarget) serve(s analysis.Sample) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.canarySample = s
}

func (t *memTarget) State(ctx context.Context) (greenlight.State, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return greenlight.State{Stable: t.stable, Canary: t.canary, CanaryWeight: t.weight, Previous: t.previous, PreviousWarm: t.previous != nil}, nil
}

func (t *memTarget) Start(ctx context.Context, img greenlight.SignedImage) (greenlight.Revision, error) {
	return greenlight.Revision{ID: img.Image().Tag(), Image: img.Image(), Started: time.Now()}, nil
}

func (t *memTarget) SetCanaryWeight(ctx context.Context, rev greenlight.Revision, percent int) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.canary, t.weight = &rev, percent
	return percent, nil
}

func (t *memTarget) Promote(ctx context.Context, rev greenlight.Revision) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.stable != nil && t.stable.ID != rev.ID {
		t.previous = t.stable
	}
	t.stable, t.canary, t.weight = &rev, nil, 0
	return nil
}

func (t *memTarget) Abort(ctx context.Context, rev greenlight.Revision) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.stable != nil && t.stable.ID == rev.ID {
		return fmt.Errorf("%s is the stable revision; use Rollback to replace it", rev.ID)
	}
	if t.canary != nil && t.canary.ID == rev.ID {
		t.canary, t.weight = nil, 0
	}
	return nil
}

func (t *memTarget) Rollback(ctx context.Context) (greenlight.Revision, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.previous == nil {
		return greenlight.Revision{}, errors.New("no previous revision")
	}
	t.stable, t.previous, t.canary, t.weight = t.previous, nil, nil, 0
	return *t.stable, nil
}

func (t *memTarget) Preflight(ctx context.Context, stable greenlight.Revision) error { return nil }

func (t *memTarget) Sample(ctx context.Context, rev greenlight.Revision, since time.Time) (analysis.Sample, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.canary != nil && rev.ID == t.canary.ID {
		return t.canarySample, nil
	}
	return analysis.Sample{Requests: 1000, Errors: 1, P50: 2 * time.Millisecond, P99: 8 * time.Millisecond}, nil
}
