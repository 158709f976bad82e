package greenlight

import (
	"context"
	"strings"
	"testing"
	"time"
)

// The one rule for who may approve (CountApprovals), as a table: every caller (the choke
// point, Gate, the Slack bot, governance's dry run) applies it.
func TestCountApprovals(t *testing.T) {
	const env, digest = "production", "sha256:aa"
	at := time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)
	d := func(identity string, approved bool) Decision {
		return Decision{Approved: approved, By: "U" + strings.ToUpper(identity), Identity: identity, Env: env, Digest: digest, At: at}
	}
	byLogin := func(login string, approved bool) Decision { // no mapping: By is the login
		return Decision{Approved: approved, By: login, Env: env, Digest: digest, At: at}
	}
	other := d("bob", true)
	other.Digest = "sha256:bb"
	elsewhere := d("bob", true)
	elsewhere.Env = "staging"
	sre := &Quorum{N: 2, Group: "sre", Members: []string{"alice", "Bob", "carol"}}
	release := NotApprovers(Source{Author: "ann", RequestedBy: "dave"}, ReleaseOrigin{Author: "erin", TriggeredBy: "slack:U0FRANK", RequestedBy: "gina"})
	for _, tc := range []struct {
		name      string
		ds        []Decision
		q         *Quorum
		exclude   []string
		met       bool
		rejected  string // who settled it by rejecting
		approvals string // who counted
	}{
		{name: "nothing recorded", ds: nil},
		{name: "one approval by anyone else", ds: []Decision{d("bob", true)}, exclude: release, met: true, approvals: "bob"},
		{name: "a login, not mapped", ds: []Decision{byLogin("bob", true)}, exclude: release, met: true, approvals: "bob"},
		{name: "the author", ds: []Decision{d("ann", true)}, exclude: release},
		{name: "the author with her login's case changed", ds: []Decision{d("ANN", true)}, exclude: release},
		{name: "the author by login, case changed", ds: []Decision{byLogin("Ann", true)}, exclude: release},
		{name: "the requester, case changed", ds: []Decision{d("Dave", true)}, exclude: release},
		{name: "the release's recorded author", ds: []Decision{d("ERIN", true)}, exclude: release},
		{name: "who started it in Slack", ds: []Decision{byLogin("u0frank", true)}, exclude: release},
		{name: "who started it in Slack, mapped to a login", ds: []Decision{{Approved: true, By: "U0FRANK", Identity: "frank", Env: env, Digest: digest}}, exclude: release},
		{name: "who asked for the release", ds: []Decision{d("gina", true)}, exclude: release},
		{name: "the author then someone else", ds: []Decision{d("ann", true), d("bob", true)}, exclude: release, met: true, approvals: "bob"},
		{name: "self-approval allowed", ds: []Decision{d("Ann", true)}, exclude: nil, met: true, approvals: "Ann"},
		{name: "a rejection first is final", ds: []Decision{d("carol", false), d("bob", true)}, exclude: release, rejected: "carol"},
		{name: "the first decision stands", ds: []Decision{d("bob", true), d("carol", false)}, exclude: release, met: true, approvals: "bob"},
		{name: "another digest or environment", ds: []Decision{other, elsewhere}, exclude: release},
		{name: "names nobody", ds: []Decision{{Approved: true, Env: env, Digest: digest}}, exclude: release},
		{name: "quorum: two members", ds: []Decision{d("alice", true), d("bob", true)}, q: sre, exclude: release, met: true, approvals: "alice,bob"},
		{name: "quorum: one person twice, case changed", ds: []Decision{d("alice", true), d("ALICE", true)}, q: sre, exclude: release, approvals: "alice"},
		{name: "quorum: not a member", ds: []Decision{d("alice", true), d("zed", true)}, q: sre, exclude: release, approvals: "alice"},
		{name: "quorum: a login not mapped", ds: []Decision{d("alice", true), byLogin("bob", true)}, q: sre, exclude: release, approvals: "alice"},
		{name: "quorum: the author is a member", ds: []Decision{d("alice", true), d("Ann", true)}, q: &Quorum{N: 2, Members: []string{"alice", "ann"}}, exclude: release, approvals: "alice"},
		{name: "quorum: a member's rejection before it is met", ds: []Decision{d("alice", true), d("carol", false), d("bob", true)}, q: sre, exclude: release, rejected: "carol", approvals: "alice"},
		{name: "quorum: a rejection after it is met", ds: []Decision{d("alice", true), d("bob", true), d("carol", false)}, q: sre, exclude: release, met: true, approvals: "alice,bob"},
	} {
		got := CountApprovals(tc.ds, env, digest, tc.q, tc.exclude)
		rejected := ""
		if got.Rejection != nil {
			rejected = got.Rejection.who()
		}
		if got.Met() != tc.met || rejected != tc.rejected || strings.Join(got.Names(), ",") != tc.approvals {
			t.Errorf("%s: met %t, rejected by %q, approvals %v (ignored %q); want met %t, rejected by %q, approvals %q",
				tc.name, got.Met(), rejected, got.Names(), got.Ignored, tc.met, tc.rejected, tc.approvals)
		}
	}
}

// Issue 20's named defect: the commit's author approved her own release by changing the case
// of her login (the choke point compared logins exactly), through the choke point and Gate.
func TestAuthorCannotApproveWithHerLoginsCaseChanged(t *testing.T) {
	signer := newFakeSigning("k")
	img := testImage(1)
	signer.Sign(context.Background(), img)
	ds := &runDecisions{}
	ds.Record(context.Background(), Decision{Approved: true, By: "U0ANN", Identity: "ANN", Env: "production", Digest: img.Digest(), At: time.Now()})
	tgt := newFakeTarget()
	prod := &Environment{Name: "production", Target: tgt, Approval: Approval{Required: true, Decisions: ds}}
	rep, err := Run(context.Background(), func(p *P) { p.Promote(p.Verify(img, signer), p.Env("production")) },
		WithEnvironments(prod), WithSource(Source{Author: "ann", Commit: "abc"}))
	if tgt.stable != nil || !strings.Contains(rep.Error, "ANN is the commit's author and cannot approve it alone") {
		t.Fatalf("the author's approval, case changed, moved traffic: %v %s", err, rep.Error)
	}

	gated := prodEnv(newFakeTarget())
	gated.Approval.Approver = approver{Decision{Approved: true, By: "Ann", Digest: img.Digest()}}
	rep, err = Run(context.Background(), func(p *P) {
		p.Gate(p.Verify(img, signer), p.Env("production"))
		p.Promote(p.Verify(img, signer), p.Env("production"))
	}, WithEnvironments(gated), WithSource(Source{Author: "ann"}))
	if err == nil || !strings.Contains(rep.Error, "cannot approve it alone") || rep.Stage("promote") != nil {
		t.Fatalf("the gate let the author through with her login's case changed: %v %s", err, rep.Error)
	}
}
