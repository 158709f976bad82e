package approval

import (
	"strings"
	"testing"
	"time"
)

// Moved from pkg/greenlight/approval_test.go with the rule (CountApprovals became Count).
// The one rule for who may approve (Count), as a table: every caller (the choke
// point, Gate, the Slack bot, governance's dry run) applies it.
func TestCount(t *testing.T) {
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
	// The release's own people as the engine passes them: the commit's author and the requester
	// (the run's Source), who wrote, started (in Slack) and asked for it (its origin).
	release := NotApprovers("ann", "dave", "erin", "slack:U0FRANK", "gina")
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
		got := Count(tc.ds, env, digest, tc.q, tc.exclude)
		rejected := ""
		if got.Rejection != nil {
			rejected = got.Rejection.Who()
		}
		if got.Met() != tc.met || rejected != tc.rejected || strings.Join(got.Names(), ",") != tc.approvals {
			t.Errorf("%s: met %t, rejected by %q, approvals %v (ignored %q); want met %t, rejected by %q, approvals %q",
				tc.name, got.Met(), rejected, got.Names(), got.Ignored, tc.met, tc.rejected, tc.approvals)
		}
	}
}
