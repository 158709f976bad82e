package governance

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/runlog"

	"github.com/greenlight-cd/greenlight/pkg/approval"

	"github.com/greenlight-cd/greenlight/pkg/oci"

	"github.com/greenlight-cd/greenlight/pkg/greenlight"
)

func refusal(t *testing.T, err error, policy string, wants ...string) {
	t.Helper()
	var r *RefusalError
	if !errors.As(err, &r) || r.Policy != policy {
		t.Fatalf("want a refusal by %s, got %v", policy, err)
	}
	if errors.Is(err, greenlight.ErrAwaitingApproval) {
		t.Fatalf("a refusal must not hold: %v", err)
	}
	for _, w := range wants {
		if !strings.Contains(err.Error(), w) {
			t.Fatalf("refusal %q lacks %q", err, w)
		}
	}
}

func TestSignedByNamesTheAllowedSigners(t *testing.T) {
	p := SignedBy{Allowed: []string{"key-1", "https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main"}}
	if err := p.Check(ctx, move(t, greenlight.MoveDeploy)); err != nil {
		t.Fatal(err)
	}
	m := move(t, greenlight.MoveDeploy)
	m.Signature = &oci.Signature{KeyID: "key-evil"}
	refusal(t, p.Check(ctx, m), "signed-by", "signed by key-evil, which is not allowed", "sign it with one of: key-1, https://github.com/acme")
	m.Signature = nil
	refusal(t, p.Check(ctx, m), "signed-by", "no verified signature")
	m.Kind = greenlight.MoveAbort
	if err := p.Check(ctx, m); err != nil {
		t.Fatalf("an abort starts nothing new: %v", err)
	}
	refusal(t, SignedBy{}.Check(ctx, move(t, greenlight.MoveDeploy)), "signed-by", "no signer is allowed")
}

type statusFunc func(sha string) (bool, string, error)

func (f statusFunc) CommitGreen(_ context.Context, sha string) (bool, string, error) { return f(sha) }

func TestCommitGreen(t *testing.T) {
	green := CommitGreen{Status: statusFunc(func(string) (bool, string, error) { return true, "green", nil })}
	if err := green.Check(ctx, move(t, greenlight.MoveDeploy)); err != nil {
		t.Fatal(err)
	}
	red := CommitGreen{Status: statusFunc(func(string) (bool, string, error) { return false, "failing: check test (failure)", nil })}
	refusal(t, red.Check(ctx, move(t, greenlight.MoveCanaryStep)), "commit-green", "c0ffee000000 is not green (failing: check test (failure))")
	if err := red.Check(ctx, move(t, greenlight.MoveRollback)); err != nil {
		t.Fatalf("a rollback returns to what ran: %v", err)
	}
	redeploy := move(t, greenlight.MoveRedeploy)
	redeploy.Explicit = true
	if err := red.Check(ctx, redeploy); err != nil {
		t.Fatalf("a person's explicit redeploy is allowed, as by the ledger: %v", err)
	}
	broken := CommitGreen{Status: statusFunc(func(string) (bool, string, error) { return false, "", errors.New("GitHub unreachable") })}
	refusal(t, broken.Check(ctx, move(t, greenlight.MoveDeploy)), "commit-green", "GitHub unreachable")
}

type approvalList []approval.Decision

func (a approvalList) All(context.Context, string, string) ([]approval.Decision, error) {
	return a, nil
}

// Counted as the engine counts a quorum: each person's first decision, members only, never the
// author or the requester; a member's rejection before the quorum refuses the digest for good.
func TestApprovalsByNPeopleFromAGroup(t *testing.T) {
	decide := func(who string, ok bool) approval.Decision {
		return approval.Decision{Approved: ok, By: "U" + who, Identity: who, Env: "production", Digest: digestA}
	}
	approve := func(who string) approval.Decision { return decide(who, true) }
	sre := []string{"alice", "bob", "carol", "dev", "req"}
	m := move(t, greenlight.MovePromote)
	m.Source.RequestedBy = "req"
	p := Approvals{N: 2, GroupName: "sre", Group: sre, Source: approvalList{approve("alice"), decide("alice", false), approve("mallory"), approve("dev"), approve("req")}}
	err := p.Check(ctx, m)
	if !errors.Is(err, greenlight.ErrAwaitingApproval) || !strings.Contains(err.Error(), "1 of 2 approvals from sre: alice") || !strings.Contains(err.Error(), "1 more needed from sre") {
		t.Fatalf("alice counts once; mallory is not in sre, dev is the author, req asked for it: %v", err)
	}
	otherDigest := approve("bob")
	otherDigest.Digest = "sha256:" + strings.Repeat("c", 64)
	p.Source = append(p.Source.(approvalList), otherDigest)
	if err := p.Check(ctx, m); err == nil {
		t.Fatal("an approval of another digest must not count")
	}
	met := append(p.Source.(approvalList), approve("bob"), decide("carol", false))
	p.Source = met
	if err := p.Check(ctx, m); err != nil {
		t.Fatalf("carol's rejection after the quorum changes nothing: %v", err)
	}
	p.Source = approvalList{approve("alice"), decide("carol", false), approve("bob")}
	refusal(t, p.Check(ctx, m), "approvals: 2 from sre", "rejected for production by carol")
	// Without a source, the move's own approvals count (the engine's quorum).
	m.Approvals = []approval.Decision{approve("alice"), approve("bob")}
	if err := (Approvals{N: 2, GroupName: "sre", Group: sre}).Check(ctx, m); err != nil {
		t.Fatal(err)
	}
	if err := (Approvals{N: 2, Group: sre}).Check(ctx, move(t, greenlight.MoveCanaryStep)); err != nil {
		t.Fatalf("a canary step gives no full traffic: %v", err)
	}
	// The bake Promote starts (a promote at 75 %) is the promote's first move: it needs the
	// approvals before most of the traffic moves.
	bake := move(t, greenlight.MovePromote)
	bake.Weight = 75
	if err := (Approvals{N: 2, Group: sre, Source: approvalList{approve("alice")}}).Check(ctx, bake); err == nil {
		t.Fatal("the bake's move passed with one approval of two")
	}
	refusal(t, Approvals{N: 3, GroupName: "sre", Group: []string{"a"}}.Check(ctx, m), "approvals: 3 from sre", "fewer than the 3 approvals")
}

type deployedAt map[string]time.Time

func (d deployedAt) DeployedAt(_ context.Context, env, digest string) (time.Time, bool, error) {
	t, ok := d[env+" "+digest]
	return t, ok, nil
}

func TestSoakInStaging(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	p := Soak{Env: "staging", Min: 2 * time.Hour, Now: fixed(now), Deployments: deployedAt{"staging " + digestA: now.Add(-30 * time.Minute)}}
	err := p.Check(ctx, move(t, greenlight.MovePromote))
	var h *HoldError
	if !errors.As(err, &h) || !errors.Is(err, greenlight.ErrAwaitingApproval) || !h.Until.Equal(now.Add(90*time.Minute)) ||
		!strings.Contains(err.Error(), "for 30m of 2h0m0s; ready at 2026-12-01T13:30:00Z") {
		t.Fatalf("got %v", err)
	}
	p.Now = fixed(now.Add(90 * time.Minute))
	if err := p.Check(ctx, move(t, greenlight.MovePromote)); err != nil {
		t.Fatal(err)
	}
	p.Deployments = deployedAt{}
	refusal(t, p.Check(ctx, move(t, greenlight.MovePromote)), "soak: 2h0m0s in staging", "never ran in staging")
	m := move(t, greenlight.MoveDeploy)
	m.Env = "staging"
	if err := p.Check(ctx, m); err != nil {
		t.Fatalf("staging itself is not soaked before itself: %v", err)
	}
}

type commits struct {
	times   map[string]time.Time
	running string
	between int
}

func (c commits) CommitTime(_ context.Context, sha string) (time.Time, error) {
	t, ok := c.times[sha]
	if !ok {
		return t, fmt.Errorf("no commit %s", sha)
	}
	return t, nil
}
func (c commits) RunningCommit(context.Context, string) (string, error) { return c.running, nil }
func (c commits) CommitsBetween(context.Context, string, string) (int, error) {
	return c.between, nil
}

func TestChangeLimitsAndNoOlderCommit(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	m := move(t, greenlight.MoveDeploy)
	old := "c0ffee0000000000000000000000000000000001"
	c := commits{times: map[string]time.Time{m.Source.Commit: now.Add(-50 * time.Hour), old: now.Add(-20 * time.Hour)}, running: old, between: 12}
	p := ChangeLimits{MaxCommits: 10, MaxAge: 72 * time.Hour, Commits: c, Now: fixed(now)}
	refusal(t, p.Check(ctx, m), "change-limits", "12 commits ahead of what production runs (c0ffee000000), more than 10", "ship smaller changes")
	p.MaxCommits = 20
	p.MaxAge = 48 * time.Hour
	refusal(t, p.Check(ctx, m), "change-limits", "is 2d 2h old, more than 48h0m0s")
	p.MaxAge = 0
	if err := p.Check(ctx, m); err != nil {
		t.Fatal(err)
	}

	n := NoOlderCommit{Commits: c}
	refusal(t, n.Check(ctx, m), "no-older-commit", "is older than c0ffee000000", "roll back explicitly")
	m.Explicit = true
	if err := n.Check(ctx, m); err != nil {
		t.Fatalf("a person's explicit move is allowed: %v", err)
	}
	m.Explicit = false
	c.times[m.Source.Commit] = now
	if err := n.Check(ctx, m); err != nil {
		t.Fatal(err)
	}
}

type panicky struct{}

func (panicky) Name() string                                 { return "panicky" }
func (panicky) Check(context.Context, greenlight.Move) error { panic("boom") }

func TestEvaluateIsADryRunOfEveryPolicy(t *testing.T) {
	now := time.Date(2026, 12, 4, 17, 0, 0, 0, time.UTC)
	ps := []greenlight.Policy{SignedBy{Allowed: []string{"key-1"}}, standard(now), panicky{}, SignedBy{Allowed: []string{"key-2"}}}
	rs := Evaluate(ctx, ps, move(t, greenlight.MovePromote))
	want := []Outcome{Allow, Hold, Refuse, Refuse}
	for i, r := range rs {
		if r.Outcome != want[i] {
			t.Fatalf("result %d: %+v", i, r)
		}
	}
	if Verdict(rs) != Refuse || Verdict(rs[:2]) != Hold || Verdict(rs[:1]) != Allow {
		t.Fatal("verdict")
	}
	if !strings.Contains(rs[2].Message, "boom") || rs[1].Policy != "freeze" || rs[1].Until == nil {
		t.Fatalf("%+v", rs)
	}
	txt := Text(rs)
	if !strings.Contains(txt, "hold    freeze: production is frozen until Mon 7 Dec 2026 08:00 CET") {
		t.Fatalf("text:\n%s", txt)
	}
	md := Markdown(append(rs, Result{Policy: "a|b", Outcome: Refuse, Message: "<script>"}))
	if !strings.Contains(md, "| freeze | ⏸ hold |") || !strings.Contains(md, "a\\|b") || strings.Contains(md, "<script>") {
		t.Fatalf("markdown:\n%s", md)
	}
}

// listed is a decision store that lists every decision (greenlight.DecisionLister).
type listed struct{ approvalList }

func (l listed) Record(_ context.Context, d approval.Decision) (approval.Decision, bool, error) {
	return d, true, nil
}
func (l listed) Lookup(context.Context, string, string) (*approval.Decision, error) {
	return nil, nil
}

// `greenlight policy check` shows where an environment's quorum stands, beside the policies.
func TestPolicyCheckShowsTheQuorum(t *testing.T) {
	d := func(who string, ok bool) approval.Decision {
		return approval.Decision{Approved: ok, By: "U" + who, Identity: who, Env: "production", Digest: digestA}
	}
	env := &greenlight.Environment{Name: "production", Approval: greenlight.Approval{Quorum: &approval.Quorum{N: 2, Group: "sre", Members: []string{"alice", "bob", "carol"}},
		Decisions: listed{approvalList{d("alice", true)}}}}
	q := Query{Kind: PolicyCheckQuery, Env: "production", Image: digestA}
	ans, err := Ask(ctx, []*greenlight.Environment{env}, runlog.Source{Author: "dev"}, q)
	if err != nil || ans.Verdict != Hold || len(ans.Results) != 1 || ans.Results[0].Policy != "approvals: 2 from sre" ||
		ans.Results[0].Message != "1 of 2 approvals from sre: alice; 1 more needed (alice, bob, carol)" {
		t.Fatalf("%+v %v", ans, err)
	}
	env.Approval.Decisions = listed{approvalList{d("alice", true), d("bob", true)}}
	if ans, _ := Ask(ctx, []*greenlight.Environment{env}, runlog.Source{}, q); ans.Verdict != Allow || ans.Results[0].Message != "2 of 2 approvals from sre: alice, bob" {
		t.Fatalf("%+v", ans)
	}
	env.Approval.Decisions = listed{approvalList{d("carol", false), d("alice", true), d("bob", true)}}
	if ans, _ := Ask(ctx, []*greenlight.Environment{env}, runlog.Source{}, q); ans.Verdict != Refuse || !strings.Contains(ans.Results[0].Message, "rejected by carol") {
		t.Fatalf("%+v", ans)
	}
}

// A release with no image (a flag rollout, whose move names the flag's share and no digest) is
// not what SignedBy and Soak judge: they answer "not applicable" rather than refusing every
// flag release with "policy signed-by:  carries no verified signature" (issue 26, defect 4).
func TestImagePoliciesDoNotApplyToAMoveWithNoImage(t *testing.T) {
	never := deployedFunc(func(env, digest string) (time.Time, bool, error) { return time.Time{}, false, nil })
	for _, kind := range []greenlight.MoveKind{"flag-release", greenlight.MoveDeploy, greenlight.MoveCanaryStep} {
		m := greenlight.Move{Kind: kind, Env: "production", Weight: 100, Source: runlog.Source{Commit: "abc", Author: "alice"}}
		for _, p := range []greenlight.Policy{
			SignedBy{Allowed: []string{"key-1"}},
			Soak{Env: "staging", Min: time.Hour, Deployments: never},
		} {
			if err := p.Check(ctx, m); err != nil {
				t.Errorf("%s on a %s move with no image: %v", p.Name(), kind, err)
			}
		}
	}
	// With an image, they still judge it.
	unsigned := move(t, greenlight.MoveDeploy)
	unsigned.Signature = nil
	refusal(t, SignedBy{Allowed: []string{"key-1"}}.Check(ctx, unsigned), "signed-by", "no verified signature")
	refusal(t, Soak{Env: "staging", Min: time.Hour, Deployments: never}.Check(ctx, move(t, greenlight.MoveDeploy)), "soak: 1h0m0s in staging", "never ran in staging")
}

type deployedFunc func(env, digest string) (time.Time, bool, error)

func (f deployedFunc) DeployedAt(_ context.Context, env, digest string) (time.Time, bool, error) {
	return f(env, digest)
}
