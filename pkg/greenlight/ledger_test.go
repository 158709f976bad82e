package greenlight

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/greenlight-cd/greenlight/pkg/runlog"

	"github.com/greenlight-cd/greenlight/pkg/approval"

	"github.com/greenlight-cd/greenlight/pkg/oci"

	"github.com/greenlight-cd/greenlight/pkg/analysis"
)

// fakeLedger records what the engine tells it and refuses what refuse names.
type fakeLedger struct {
	LedgerDefaults
	mu       sync.Mutex
	log      []string
	refuse   map[string]string // env → reason
	beginErr error
}

type fakeEntry struct {
	l   *fakeLedger
	env string
	img oci.Image
}

func (l *fakeLedger) Admit(ctx context.Context, m Move) (bool, string, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	env, img, rollback := m.Env, m.Image, m.Explicit
	l.log = append(l.log, fmt.Sprintf("admit %s %s explicit=%t", env, img.Short(), rollback))
	if r, ok := l.refuse[env]; ok && !rollback {
		return false, r, nil
	}
	return true, "", nil
}

func (l *fakeLedger) Begin(ctx context.Context, env string, img oci.Image, sig oci.Signature, src runlog.Source, strategy string) (Entry, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.beginErr != nil {
		return nil, l.beginErr
	}
	l.log = append(l.log, fmt.Sprintf("begin %s %s %s by %s", env, img.Short(), strategy, src.Author))
	return &fakeEntry{l: l, env: env, img: img}, nil
}

func (e *fakeEntry) Finish(ctx context.Context, status runlog.Status, url, msg string) error {
	e.l.mu.Lock()
	defer e.l.mu.Unlock()
	e.l.log = append(e.l.log, fmt.Sprintf("finish %s %s %s", e.env, e.img.Short(), status))
	return nil
}

func (l *fakeLedger) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.log, "; ")
}

func TestLedgerRecordsEveryDeploy(t *testing.T) {
	tgt := newFakeTarget()
	signer := newFakeSigning("k")
	l := &fakeLedger{}
	src := WithSource(runlog.Source{Author: "ann"})
	Run(context.Background(), release(testImage(1), signer, fastPlan), WithEnvironments(prodEnv(tgt)), WithLedger(l), src)
	tgt.setSample(testImage(1).Short(), analysis.Sample{Requests: 500})
	tgt.setSample(testImage(2).Short(), analysis.Sample{Requests: 500})
	Run(context.Background(), release(testImage(2), signer, fastPlan), WithEnvironments(prodEnv(tgt)), WithLedger(l), src)
	i1, i2 := testImage(1).Short(), testImage(2).Short()
	want := "admit production " + i1 + " explicit=false; begin production " + i1 + " canary by ann; finish production " + i1 + " passed; " +
		"admit production " + i2 + " explicit=false; begin production " + i2 + " canary by ann; " +
		// every move is admitted again: the second canary step and the promotion
		"admit production " + i2 + " explicit=false; admit production " + i2 + " explicit=false; finish production " + i2 + " passed"
	if got := l.String(); got != want {
		t.Errorf("ledger:\n got %s\nwant %s", got, want)
	}
}

func TestLedgerRecordsAFailedCanaryAndARollback(t *testing.T) {
	tgt := newFakeTarget()
	signer := newFakeSigning("k")
	Run(context.Background(), release(testImage(1), signer, fastPlan), WithEnvironments(prodEnv(tgt)))
	tgt.setSample(testImage(1).Short(), analysis.Sample{Requests: 500})
	tgt.setSample(testImage(2).Short(), analysis.Sample{Requests: 200, Errors: 60})
	l := &fakeLedger{}
	Run(context.Background(), release(testImage(2), signer, fastPlan), WithEnvironments(prodEnv(tgt)), WithLedger(l))
	if got := l.String(); !strings.HasSuffix(got, "finish production "+testImage(2).Short()+" failed") {
		t.Errorf("failed canary: %s", got)
	}
	// A canary left waiting for promotion is recorded as failed when the run fails.
	l2 := &fakeLedger{}
	tgt.setSample(testImage(3).Short(), analysis.Sample{Requests: 500})
	Run(context.Background(), func(p *P) {
		p.Canary(p.Sign(p.Build(imageBuilder{testImage(3)}), signer), p.Env("production"), fastPlan)
		p.Fatalf("the approval was refused")
	}, WithEnvironments(prodEnv(tgt)), WithLedger(l2))
	if got := l2.String(); !strings.HasSuffix(got, "finish production "+testImage(3).Short()+" failed") {
		t.Errorf("aborted canary: %s", got)
	}
}

func TestLedgerRefusalSkipsTheRunWithoutDeploying(t *testing.T) {
	tgt := newFakeTarget()
	signer := newFakeSigning("k")
	l := &fakeLedger{refuse: map[string]string{"production": "production already runs abc1234, which is newer"}}
	rep, err := Run(context.Background(), release(testImage(1), signer, fastPlan), WithEnvironments(prodEnv(tgt)), WithLedger(l))
	if err != nil || rep.Status != runlog.Skipped || !strings.Contains(rep.Error, "which is newer") {
		t.Fatalf("status %s err %v report %q", rep.Status, err, rep.Error)
	}
	if tgt.events() != "" {
		t.Fatalf("the target was touched: %s", tgt.events())
	}
	if st := rep.Stage("canary"); st.Status != runlog.Skipped || rep.Stage("promote") != nil {
		t.Errorf("stages %+v", rep.Stages)
	}
	var out strings.Builder
	if code := MainArgs(nil, &out, release(testImage(1), signer, fastPlan), WithEnvironments(prodEnv(tgt)), WithLedger(l)); code != 0 {
		t.Errorf("a skipped run exits %d, want 0", code)
	}
	// A rollback is admitted even where deploys are refused, and recorded.
	tgt2 := newFakeTarget()
	tgt2.setSample(testImage(1).Short(), analysis.Sample{Requests: 500})
	tgt2.setSample(testImage(2).Short(), analysis.Sample{Requests: 500})
	Run(context.Background(), release(testImage(1), signer, fastPlan), WithEnvironments(prodEnv(tgt2)))
	Run(context.Background(), release(testImage(2), signer, fastPlan), WithEnvironments(prodEnv(tgt2)))
	l3 := &fakeLedger{refuse: l.refuse}
	env2 := prodEnv(tgt2)
	env2.Verifier = signer
	_, err = Run(context.Background(), func(p *P) { p.Rollback(p.Env("production"), "by hand") }, WithEnvironments(env2), WithLedger(l3))
	i1 := testImage(1).Short()
	if err != nil || tgt2.stable.ID != i1 || l3.String() != "admit production "+i1+" explicit=true; begin production "+i1+" rollback by ; finish production "+i1+" passed" {
		t.Errorf("rollback: %v, stable %s, ledger %s", err, tgt2.stable.ID, l3.String())
	}
}

func TestLedgerFailureStopsBeforeDeploying(t *testing.T) {
	tgt := newFakeTarget()
	l := &fakeLedger{beginErr: errors.New("GitHub unreachable")}
	rep, err := Run(context.Background(), release(testImage(1), newFakeSigning("k"), fastPlan), WithEnvironments(prodEnv(tgt)), WithLedger(l))
	if err == nil || !strings.Contains(rep.Error, "recording the deploy") || !strings.Contains(rep.Error, "nothing was deployed") || tgt.events() != "" {
		t.Fatalf("err %v, target %q", err, tgt.events())
	}
}

func TestSkipf(t *testing.T) {
	reached := false
	rep, err := Run(context.Background(), func(p *P) {
		p.Skipf("no change in %s", "the service")
		reached = true
	})
	if err != nil || rep.Status != runlog.Skipped || reached || rep.Error != "skipped: no change in the service" {
		t.Fatalf("%v %+v", err, rep)
	}
}

type waitingApprover struct{ asked int }

func (a *waitingApprover) Approve(ctx context.Context, req ApprovalRequest) (approval.Decision, error) {
	a.asked++
	return approval.Decision{}, fmt.Errorf("posted to #deploys: %w", ErrAwaitingApproval)
}

func TestAwaitingApprovalEndsTheRunAndKeepsTheCanary(t *testing.T) {
	tgt := newFakeTarget()
	signer := newFakeSigning("k")
	Run(context.Background(), release(testImage(1), signer, fastPlan), WithEnvironments(prodEnv(tgt)))
	tgt.setSample(testImage(1).Short(), analysis.Sample{Requests: 500})
	tgt.setSample(testImage(2).Short(), analysis.Sample{Requests: 500})
	env := prodEnv(tgt)
	a := &waitingApprover{}
	env.Approval.Approver = a
	rep, err := Run(context.Background(), func(p *P) {
		s := p.Sign(p.Build(imageBuilder{testImage(2)}), signer)
		p.Canary(s, p.Env("production"), fastPlan)
		p.Gate(s, p.Env("production"))
		p.Promote(s, p.Env("production"))
	}, WithEnvironments(env))
	if err != nil || rep.Status != runlog.Skipped || !strings.Contains(rep.Error, "awaiting approval") || a.asked != 1 {
		t.Fatalf("%v %s %q", err, rep.Status, rep.Error)
	}
	if tgt.canary == nil || tgt.canary.ID != testImage(2).Short() || tgt.stable.ID != testImage(1).Short() {
		t.Fatalf("the canary should wait at its weight: %s", tgt.events())
	}
	// Rejected later: Abort returns all traffic to stable.
	rep, err = Run(context.Background(), func(p *P) { p.Abort(p.Env("production"), "rejected by bob") }, WithEnvironments(prodEnv(tgt)))
	if err != nil || tgt.canary != nil || tgt.running[testImage(2).Short()] || len(rep.Rollbacks) != 1 {
		t.Fatalf("abort: %v %s", err, tgt.events())
	}
}
