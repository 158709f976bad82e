package greenlight

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/runlog"

	"github.com/greenlight-cd/greenlight/pkg/approval"

	"github.com/greenlight-cd/greenlight/pkg/oci"

	"github.com/greenlight-cd/greenlight/pkg/analysis"
	"github.com/greenlight-cd/greenlight/pkg/protocol"
)

// ballots keeps every decision, as pkg/github's store does: Record is first-wins per digest,
// All lists them all in order.
type ballots struct {
	mu sync.Mutex
	ds []approval.Decision
}

func (b *ballots) Record(ctx context.Context, d approval.Decision) (approval.Decision, bool, error) {
	if cur, _ := b.Lookup(ctx, d.Env, d.Digest); cur != nil {
		return *cur, false, nil
	}
	b.cast(d)
	return d, true, nil
}

func (b *ballots) cast(d approval.Decision) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.ds = append(b.ds, d)
}

func (b *ballots) Lookup(ctx context.Context, env, digest string) (*approval.Decision, error) {
	all, _ := b.All(ctx, env, digest)
	if len(all) == 0 {
		return nil, nil
	}
	return &all[0], nil
}

func (b *ballots) All(_ context.Context, env, digest string) ([]approval.Decision, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []approval.Decision
	for _, d := range b.ds {
		if d.Env == env && d.Digest == digest {
			out = append(out, d)
		}
	}
	return out, nil
}

func vote(who string, approve bool, img oci.Image) approval.Decision {
	return approval.Decision{Approved: approve, By: "U" + strings.ToUpper(who), Identity: who, Via: "slack", Env: "production", Digest: img.Digest(), At: time.Now().UTC()}
}

func TestQuorumCountsEachMembersFirstDecision(t *testing.T) {
	img := testImage(1)
	q := approval.Quorum{N: 2, Group: "sre", Members: []string{"alice", "Bob", "carol", "ann"}}
	count := func(ds ...approval.Decision) approval.Tally {
		return approval.Count(ds, "production", img.Digest(), &q, []string{"ann", "dave"})
	}
	other := vote("carol", true, testImage(2))
	staging := vote("carol", true, img)
	staging.Env = "staging"
	t1 := count(vote("alice", true, img), vote("alice", true, img), vote("mallory", true, img), vote("ann", true, img), other, staging)
	if t1.Settled() || t1.String() != "1 of 2 approvals from sre: alice" || len(t1.Ignored) != 3 {
		t.Fatalf("a second click, a non-member, the author, another digest and environment: %s %q", t1, t1.Ignored)
	}
	t2 := count(vote("alice", true, img), vote("bob", true, img), vote("carol", false, img))
	if !t2.Met() || t2.Deciding().Identity != "bob" || t2.String() != "2 of 2 approvals from sre: alice, bob" {
		t.Fatalf("bob's approval met it; carol's later rejection changes nothing: %s", t2)
	}
	t3 := count(vote("alice", true, img), vote("carol", false, img), vote("bob", true, img))
	if t3.Met() || !t3.Settled() || t3.Deciding().Identity != "carol" || !strings.HasPrefix(t3.String(), "rejected by carol") {
		t.Fatalf("carol's rejection before the quorum is final: %s", t3)
	}
	t4 := count(vote("alice", true, img), vote("alice", false, img), vote("BOB", true, img))
	if !t4.Met() {
		t.Fatalf("alice's second decision changes nothing; logins compare without case: %s", t4)
	}
	unmapped := approval.Decision{Approved: true, By: "bob", Via: "slack", Env: "production", Digest: img.Digest(), At: time.Now().UTC()}
	if t5 := count(vote("alice", true, img), unmapped); t5.Met() {
		t.Fatalf("a decision with no GitHub login, by a chat user who calls themselves bob, counted as the member bob: %s", t5)
	}
	if (approval.Quorum{N: 3, Members: []string{"a", "b"}}).Validate() == nil || (approval.Quorum{N: 0, Members: []string{"a"}}).Validate() == nil {
		t.Error("an impossible quorum was accepted")
	}
}

// A gated environment with a quorum refuses a move until N different members approved that
// exact digest: a single approval holds the pipeline's run and refuses a dispatched promote;
// the author and the requester never count; a member's rejection is final.
func TestChokePointNeedsTheQuorumForTheDigest(t *testing.T) {
	signer := newFakeSigning("k")
	tgt := newFakeTarget()
	for i := 1; i <= 3; i++ {
		tgt.setSample(testImage(i).Short(), analysis.Sample{Requests: 500})
		signer.Sign(context.Background(), testImage(i))
	}
	box := &ballots{}
	prod := &Environment{Name: "production", Target: tgt, Approval: Approval{Decisions: box,
		Quorum: &approval.Quorum{N: 2, Group: "sre", Members: []string{"alice", "bob", "carol", "ann", "dave"}}}}
	rec := &runlog.Recorder{}
	promote := func(img oci.Image) (*runlog.Report, error) {
		return Run(context.Background(), func(p *P) { p.Promote(p.Verify(img, signer), p.Env("production")) },
			WithEnvironments(prod), WithSource(runlog.Source{Author: "ann", Commit: "abc"}), WithSink(rec))
	}
	dispatched := func(img oci.Image) (*runlog.Report, error) {
		return Run(context.Background(), func(p *P) { p.Promote(p.Verify(img, signer), p.Env("production")) }, WithEnvironments(prod),
			WithRequest(protocol.Request{Author: "ann", Commit: "abc", Inputs: protocol.Inputs{Command: protocol.Promote, Environment: "production", RequestedBy: "dave"}}))
	}
	img := testImage(1)
	box.cast(vote("alice", true, img))
	box.cast(vote("alice", true, img))
	box.cast(vote("ann", true, img)) // the author
	rep, err := promote(img)
	if err != nil || rep.Status != runlog.Skipped || !strings.Contains(rep.Error, "1 of 2 approvals from sre: alice; 1 more needed") || tgt.stable != nil {
		t.Fatalf("one approval holds: %v %s", err, rep.Error)
	}
	box.cast(vote("dave", true, img)) // asked for the dispatched promote
	if rep, err := dispatched(img); err == nil || !strings.Contains(rep.Error, "1 of 2 approvals") || tgt.stable != nil {
		t.Fatalf("the requester counted: %v %s", err, rep.Error)
	}
	box.cast(vote("bob", true, img))
	if rep, err = dispatched(img); err != nil || tgt.stable == nil || tgt.stable.ID != img.Short() {
		t.Fatalf("the quorum is met: %v %s", err, rep.Error)
	}
	if !strings.Contains(moveDetails(rep), "approved by alice (UALICE), bob (UBOB) (2 of 2 from sre)") {
		t.Errorf("the move does not say who approved: %q", moveDetails(rep))
	}
	// The report (and the release page made from it) lists the approvals the move went
	// through, though they were recorded in Slack, not asked for in this run.
	if len(rep.Decisions) != 2 || rep.Decisions[0].Identity != "alice" || rep.Decisions[1].Identity != "bob" {
		t.Errorf("the report's approvals: %+v", rep.Decisions)
	}
	// A member's rejection before the quorum is final, even if another approves later.
	img2 := testImage(2)
	box.cast(vote("alice", true, img2))
	box.cast(vote("carol", false, img2))
	box.cast(vote("bob", true, img2))
	if rep, err := dispatched(img2); err == nil || !strings.Contains(rep.Error, "rejected for production by carol (UCAROL)") || !strings.Contains(rep.Error, "a rejection is final") {
		t.Fatalf("after a rejection: %v %s", err, rep.Error)
	}
	// Every decision store lists each person's decision (Decisions.All is part of the
	// contract, not a capability found by type assertion): the run's own memory counts a
	// quorum too, each person once and the release's own people never.
	mem := &runDecisions{}
	prod.Approval.Decisions = mem
	img3 := testImage(3)
	for _, d := range []approval.Decision{vote("alice", true, img3), vote("ALICE", true, img3), vote("Ann", true, img3)} {
		mem.Record(context.Background(), d)
	}
	if rep, err := dispatched(img3); err == nil || !strings.Contains(rep.Error, "1 of 2 approvals from sre: alice; 1 more needed") {
		t.Fatalf("the run's memory counted a second decision or the author: %v %s", err, rep.Error)
	}
	mem.Record(context.Background(), vote("carol", true, img3))
	if rep, err := dispatched(img3); err != nil || tgt.stable == nil || tgt.stable.ID != img3.Short() {
		t.Fatalf("the run's memory met the quorum: %v %s", err, rep.Error)
	}
}

func moveDetails(rep *runlog.Report) string {
	var s []string
	for _, m := range rep.Moves {
		s = append(s, m.Detail)
	}
	return strings.Join(s, "; ")
}

// Every traffic move reports what each policy said, in an event and in the report: the
// allowed ones too, and every refusal and hold (not only the first).
func TestEveryPolicyResultIsReportedPerMove(t *testing.T) {
	signer := newFakeSigning("k")
	tgt := newFakeTarget()
	tgt.setSample(testImage(1).Short(), analysis.Sample{Requests: 500})
	tgt.setSample(testImage(2).Short(), analysis.Sample{Requests: 500})
	allow := &policy{name: "signed-by"}
	prod := &Environment{Name: "production", Target: tgt, Policies: []Policy{allow}}
	rec := &runlog.Recorder{}
	if _, err := Run(context.Background(), release(testImage(1), signer, fastPlan), WithEnvironments(prod), WithSink(rec)); err != nil {
		t.Fatal(err)
	}
	var got []runlog.Event
	for _, e := range rec.Events() {
		if e.Kind == runlog.PoliciesChecked {
			got = append(got, e)
		}
	}
	if len(got) != 1 || got[0].Env != "production" || got[0].Message != "first-release of "+testImage(1).Short()+" in production: allowed" ||
		len(got[0].Policies) != 1 || got[0].Policies[0] != (runlog.PolicyResult{Policy: "signed-by", Outcome: runlog.PolicyAllow, Message: "allowed"}) {
		t.Fatalf("policy events %+v", got)
	}
	freeze := &policy{name: "freeze", err: &holdErr{"frozen until Mon 7 Dec 08:00"}}
	green := &policy{name: "commit-green", err: errString("commit abc is not green (ci: failure)")}
	prod.Policies = []Policy{allow, freeze, green}
	rec = &runlog.Recorder{}
	rep, err := Run(context.Background(), release(testImage(2), signer, fastPlan), WithEnvironments(prod), WithSink(rec))
	if err == nil || !strings.Contains(rep.Error, `policy "commit-green" refuses`) {
		t.Fatalf("a refusal decides before a hold: %v %s", err, rep.Error)
	}
	got = nil
	for _, e := range rec.Events() {
		if e.Kind == runlog.PoliciesChecked {
			got = append(got, e)
		}
	}
	want := []runlog.PolicyResult{{Policy: "signed-by", Outcome: runlog.PolicyAllow, Message: "allowed"}, {Policy: "freeze", Outcome: runlog.PolicyHold, Message: "frozen until Mon 7 Dec 08:00"}, {Policy: "commit-green", Outcome: runlog.PolicyRefuse, Message: "commit abc is not green (ci: failure)"}}
	if len(got) != 1 || !strings.HasSuffix(got[0].Message, ": refused") || len(got[0].Policies) != 3 {
		t.Fatalf("events %+v", got)
	}
	for i, w := range want {
		if got[0].Policies[i] != w || rep.Moves[len(rep.Moves)-1].Policies[i] != w {
			t.Errorf("result %d: %+v, report %+v, want %+v", i, got[0].Policies[i], rep.Moves[len(rep.Moves)-1].Policies, w)
		}
	}
}

type holdErr struct{ s string }

func (h *holdErr) Error() string { return h.s }
func (h *holdErr) Unwrap() error { return ErrAwaitingApproval }

type errString string

func (e errString) Error() string { return string(e) }
