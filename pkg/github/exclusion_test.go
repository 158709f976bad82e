package github

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/greenlight-cd/greenlight/internal/githubfake"
	"github.com/greenlight-cd/greenlight/pkg/approval"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/oci"
	"github.com/greenlight-cd/greenlight/pkg/protocol"
	"github.com/greenlight-cd/greenlight/pkg/runlog"
)

// Issue 21, defect 7: who may not approve a release. The people behind a release are everyone
// behind the commits it ships into the environment (GitHub's compare from the commit the
// environment last ran), not only the head commit's author and the run's actor.

// releaseRig is production with a first release (sha(1), dig(1)) served and recorded by the
// pipeline, and run, which runs the pipeline's own release of commit as `greenlight run` does
// (an automatic run: the commit, the branch, the push's author) or a command.
type releaseRig struct {
	f    *githubfake.Server
	c    *Client
	prod *memTarget
	env  *greenlight.Environment
}

func newReleaseRig(t *testing.T, commits ...string) *releaseRig {
	t.Helper()
	f, c := fake(t, commits...)
	for _, s := range commits {
		f.Check(s, "test", "success")
	}
	rig := &releaseRig{f: f, c: c, prod: &memTarget{}}
	rig.env = &greenlight.Environment{Name: "production", Target: rig.prod, Approval: greenlight.Approval{Required: true, Decisions: c.Decisions("main")}}
	approve(t, f, "bob", 1)
	if rep := rig.run(1, sha(1), "ann", protocol.Inputs{Command: protocol.Run}); rep.Status != runlog.Passed {
		t.Fatalf("first release: %s %s", rep.Status, rep.Error)
	}
	return rig
}

func (rig *releaseRig) run(d int, commit, author string, cmd protocol.Inputs) *runlog.Report {
	return rig.runAs(d, protocol.Request{Commit: commit, Ref: "refs/heads/main", Author: author, Trigger: "push", Inputs: cmd})
}

func (rig *releaseRig) runAs(d int, req protocol.Request) *runlog.Report {
	rep, _ := greenlight.Run(context.Background(), func(p *greenlight.P) {
		img, _ := oci.NewImage("ghcr.io/acme/hello", dig(d), "")
		p.Promote(p.Sign(img, okSigner{}), p.Env("production"))
	}, greenlight.WithCommands(rig.c.Releases(), okSigner{}), greenlight.WithEnvironments(rig.env), greenlight.WithLedger(rig.c.Ledger("https://run/1", "production")),
		greenlight.WithRequest(req))
	return rep
}

// said is everything the run said about why it did what it did: its error, every stage's
// result and error.
func said(rep *runlog.Report) string {
	out := []string{rep.Error}
	for _, s := range rep.Stages {
		out = append(out, s.Result, s.Error)
	}
	return strings.Join(out, " | ")
}

// approve records login's own approval of dig(d) in production, directly in GitHub with the
// person's own token (as `gh api` or greenlight's CLI would).
func approve(t *testing.T, f *githubfake.Server, login string, d int) {
	t.Helper()
	if _, _, err := person(t, f, login).Decisions("main").RecordOwn(context.Background(),
		approval.Decision{Approved: true, By: login, Env: "production", Digest: dig(d), At: time.Now()}); err != nil {
		t.Fatal(err)
	}
}

// A push of three commits: carol wrote one of them, dave committed another (authored under an
// address no account has), ann wrote the head. Neither carol (whatever the case of her login)
// nor dave may approve the release: before, only ann (the head's author and the push's
// author) was kept out. Erin, who has nothing to do with it, may.
func TestACoAuthorOfTheReleaseCannotApproveIt(t *testing.T) {
	rig := newReleaseRig(t, sha(1), sha(2), sha(3), sha(4))
	rig.f.Email("carol", "carol@acme.example")
	rig.f.Email("dave", "Dave@Acme.example")
	rig.f.SetCommitInfo(sha(2), githubfake.CommitInfo{Author: "Carol C", AuthorEmail: "carol@acme.example", Message: "part 1"})
	rig.f.SetCommitInfo(sha(3), githubfake.CommitInfo{Author: "someone", AuthorEmail: "someone@laptop.local", Committer: "Dave D", CommitterEmail: "dave@acme.example", Message: "part 2"})
	rig.f.SetCommitInfo(sha(4), githubfake.CommitInfo{Author: "ann", Message: "part 3"})

	approve(t, rig.f, "CAROL", 4)
	approve(t, rig.f, "dave", 4)
	rep := rig.run(4, sha(4), "ann", protocol.Inputs{Command: protocol.Run})
	if got := rig.prod.stable.Image.Digest(); got != dig(1) {
		t.Fatalf("a co-author's approval moved production to %s (%s %s)", got, rep.Status, rep.Error)
	}
	why := said(rep)
	for _, who := range []string{"CAROL", "dave"} {
		if !strings.Contains(why, who) || !strings.Contains(why, "cannot approve it") {
			t.Errorf("the refusal does not name %s as one of the release's own people: %s %q", who, rep.Status, why)
		}
	}

	approve(t, rig.f, "erin", 4)
	rep = rig.run(4, sha(4), "ann", protocol.Inputs{Command: protocol.Run})
	if rep.Status != runlog.Passed || rig.prod.stable.Image.Digest() != dig(4) {
		t.Fatalf("erin's approval: %s %s, production runs %s", rep.Status, rep.Error, rig.prod.stable.Image.Digest())
	}
}

// A pull request by pat (whose commits carry an address no account has, so GitHub links them
// to nobody) is merged by mona; the merge commit, the release's head, is authored by a
// machine address. pat and mona may not approve it, in the pipeline's own run and in the
// promote an approval dispatches (which runs on the default branch's newest commit, asked for
// by the bot). Before, the head commit's author (nobody) and the push's actor were all that
// was kept out.
func TestThePullRequestsAuthorAndMergerCannotApproveItsMergeCommit(t *testing.T) {
	rig := newReleaseRig(t, sha(1), sha(2), sha(3))
	rig.f.SetCommitInfo(sha(2), githubfake.CommitInfo{Author: "Pat", AuthorEmail: "pat@laptop.local", Message: "the change"})
	rig.f.SetCommitInfo(sha(3), githubfake.CommitInfo{Author: "merge bot", AuthorEmail: "noreply@acme.example", Message: "Merge pull request #7 from pat/change"})
	rig.f.PullRequest(7, "the change", "pat", "pat/change", []string{sha(2)}, sha(3))
	rig.f.MergedBy(7, "mona")

	approve(t, rig.f, "Pat", 3)
	rep := rig.run(3, sha(3), "ci-actor", protocol.Inputs{Command: protocol.Run})
	if got := rig.prod.stable.Image.Digest(); got != dig(1) {
		t.Fatalf("the pull request's author approved its own merge: production runs %s (%s %s)", got, rep.Status, rep.Error)
	}
	if why := said(rep); !strings.Contains(why, "Pat") {
		t.Errorf("the refusal does not name Pat: %s %q", rep.Status, why)
	}

	// The promote the bot dispatches after an approval: another commit, another requester.
	approve(t, rig.f, "mona", 3)
	promote := protocol.Inputs{Command: protocol.Promote, Environment: "production", RequestedBy: "slack approval by mona"}
	rep = rig.run(0, sha(3), "greenlight-bot[bot]", promote)
	if got := rig.prod.stable.Image.Digest(); got != dig(1) {
		t.Fatalf("the pull request's merger approved it: production runs %s (%s %s)", got, rep.Status, rep.Error)
	}

	approve(t, rig.f, "erin", 3)
	rep = rig.run(3, sha(3), "ci-actor", protocol.Inputs{Command: protocol.Run})
	if rep.Status != runlog.Passed || rig.prod.stable.Image.Digest() != dig(3) {
		t.Fatalf("erin's approval: %s %s, production runs %s", rep.Status, rep.Error, rig.prod.stable.Image.Digest())
	}
}

// The approver list holds wherever a decision was recorded: mallory, who has write access but
// is not on it, records her approval directly in GitHub with her own token (as the Slack bot
// would refuse her click); it does not count. Bob, on the list, records his the same way (the
// decision has no Identity: GitHub's record of who wrote it is the login), and it counts.
func TestADecisionBySomeoneNotOnTheApproverListDoesNotCount(t *testing.T) {
	rig := newReleaseRig(t, sha(1), sha(2))
	rig.env.Approval.Quorum = &approval.Quorum{N: 1, Group: "the approvers", Members: []string{"Bob", "carol"}} // the approve list
	approve(t, rig.f, "mallory", 2)
	rep := rig.run(2, sha(2), "ann", protocol.Inputs{Command: protocol.Run})
	if got := rig.prod.stable.Image.Digest(); got != dig(1) {
		t.Fatalf("mallory's approval moved production to %s (%s %s)", got, rep.Status, rep.Error)
	}
	if why := said(rep); !strings.Contains(why, "mallory: not in the approvers") {
		t.Errorf("the refusal does not say mallory is not an approver: %s %q", rep.Status, why)
	}
	// A dispatched promote after her decision: refused, and says why.
	rep = rig.run(0, sha(2), "greenlight-bot[bot]", protocol.Inputs{Command: protocol.Promote, Environment: "production", RequestedBy: "mallory"})
	if rig.prod.stable.Image.Digest() != dig(1) || rep.Status == runlog.Passed {
		t.Fatalf("a promote after mallory's approval: %s %s", rep.Status, rep.Error)
	}

	approve(t, rig.f, "bob", 2)
	rep = rig.run(2, sha(2), "ann", protocol.Inputs{Command: protocol.Run})
	if rep.Status != runlog.Passed || rig.prod.stable.Image.Digest() != dig(2) {
		t.Fatalf("bob's approval: %s %s, production runs %s", rep.Status, rep.Error, rig.prod.stable.Image.Digest())
	}
}

// Who pushed (the run's actor) is not the head commit's author when they push someone else's
// commits; before, only the head's author was kept out of a push's release. The actor may not
// approve it.
func TestWhoPushedCannotApproveTheRelease(t *testing.T) {
	rig := newReleaseRig(t, sha(1), sha(2))
	approve(t, rig.f, "Pusher", 2)
	rep := rig.runAs(2, protocol.Request{Commit: sha(2), Ref: "refs/heads/main", Author: "ann", Actor: "pusher", Trigger: "push", Inputs: protocol.Inputs{Command: protocol.Run}})
	if got := rig.prod.stable.Image.Digest(); got != dig(1) {
		t.Fatalf("who pushed approved the release: production runs %s (%s %s)", got, rep.Status, rep.Error)
	}
	if why := said(rep); !strings.Contains(why, "Pusher") {
		t.Errorf("the refusal does not name the pusher: %q", why)
	}
}
