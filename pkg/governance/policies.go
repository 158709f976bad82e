package governance

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/approval"

	"github.com/greenlight-cd/greenlight/pkg/greenlight"
)

// DeployHours is a freeze outside the allowed deploy hours h, read in zone.
func DeployHours(zone string, h Hours) *Freeze {
	return &Freeze{Label: "deploy hours", Zone: zone, Windows: []Window{h}}
}

// startsSomething says whether m puts an image into traffic that was not serving before the
// engine's automatic path began: everything except aborts, which start nothing new.
func startsSomething(m greenlight.Move) bool { return m.Kind != greenlight.MoveAbort }

// noImage says whether m moves no image at all: a release of a feature flag, whose move names
// the flag's share and no digest. The policies that judge an image (its signature, how long it
// ran elsewhere) answer "not applicable" to it, and allow it; the policies of time and commits
// still judge it.
func noImage(m greenlight.Move) bool { return m.Image.IsZero() }

// SignedBy allows only images signed by one of Allowed: key fingerprints or keyless identities,
// as oci.Signature.KeyID holds them. Aborts start nothing new and are allowed; a move with no
// image (a flag release) has nothing to be signed and is not judged.
type SignedBy struct {
	Allowed []string
}

// Name implements greenlight.Policy.
func (p SignedBy) Name() string { return "signed-by" }

// Check implements greenlight.Policy.
func (p SignedBy) Check(ctx context.Context, m greenlight.Move) error {
	if !startsSomething(m) || noImage(m) {
		return nil
	}
	allowed := strings.Join(p.Allowed, ", ")
	if len(p.Allowed) == 0 {
		return &RefusalError{p.Name(), "no signer is allowed: list the keys or identities in SignedBy.Allowed in pipeline.go"}
	}
	if m.Signature == nil || m.Signature.KeyID == "" {
		return &RefusalError{p.Name(), fmt.Sprintf("%s carries no verified signature; sign it with one of: %s", m.Image.Short(), allowed)}
	}
	if !slices.Contains(p.Allowed, m.Signature.KeyID) {
		return &RefusalError{p.Name(), fmt.Sprintf("%s is signed by %s, which is not allowed; sign it with one of: %s", m.Image.Short(), m.Signature.KeyID, allowed)}
	}
	return nil
}

// CommitStatus says whether a commit is green. pkg/github's Client implements it.
type CommitStatus interface {
	// CommitGreen reports whether every status and check of sha succeeded, and if not, which did not.
	CommitGreen(ctx context.Context, sha string) (green bool, detail string, err error)
}

// CommitGreen allows only moves of a commit whose statuses and checks all succeeded.
// Rollbacks and aborts return to what ran before and are allowed, and so is a person's explicit
// move (a redeploy of a chosen image), as the ledger's own green rule allows it.
type CommitGreen struct {
	Status CommitStatus
}

// Name implements greenlight.Policy.
func (p CommitGreen) Name() string { return "commit-green" }

// Check implements greenlight.Policy.
func (p CommitGreen) Check(ctx context.Context, m greenlight.Move) error {
	if m.Explicit || m.Kind == greenlight.MoveRollback || m.Kind == greenlight.MoveAbort {
		return nil
	}
	sha := m.Source.Commit
	if sha == "" {
		return &RefusalError{p.Name(), "the move names no commit; run it from a commit (GITHUB_SHA) so its checks can be read"}
	}
	if p.Status == nil {
		return &RefusalError{p.Name(), "no commit status source: set CommitGreen.Status (the pkg/github client)"}
	}
	ok, detail, err := p.Status.CommitGreen(ctx, sha)
	switch {
	case err != nil:
		return &RefusalError{p.Name(), fmt.Sprintf("reading the checks of %s failed: %v; retry", short(sha), err)}
	case !ok:
		return &RefusalError{p.Name(), fmt.Sprintf("commit %s is not green (%s); it passes when every status and check of the commit succeeds", short(sha), detail)}
	}
	return nil
}

// ApprovalSource lists every decision recorded for an environment and digest, in the order
// recorded (not only the first, which approval.Decisions.Lookup returns): every
// approval.Decisions does, pkg/github's among them.
type ApprovalSource interface {
	All(ctx context.Context, env, digest string) ([]approval.Decision, error)
}

// Approvals holds a move that gives an image all traffic (deploy, first release, promote,
// redeploy) until N different people from Group approved that digest for the environment,
// counted as approval.Quorum counts them: each person's first decision, members only, never
// the commit's author nor who asked for the move; a member's rejection before the quorum is met
// refuses the digest for good. Canary steps, rollbacks and aborts are not held.
//
// Environment.Quorum puts the same rule into the engine's own approval check (and the Slack
// approver asks the group for it); this policy is for pipelines that keep approvals elsewhere,
// or to show the count in `greenlight policy check`.
type Approvals struct {
	N int
	// GroupName names the group in messages, such as "sre".
	GroupName string
	// Group are the GitHub logins whose approvals count.
	Group []string
	// Source lists the decisions; without it, the move's own (Move.Approvals, Move.Approval).
	Source ApprovalSource
}

// Quorum is the rule as the engine counts it.
func (p Approvals) Quorum() approval.Quorum {
	return approval.Quorum{N: p.N, Group: p.GroupName, Members: p.Group}
}

// Name implements greenlight.Policy.
func (p Approvals) Name() string {
	g := p.GroupName
	if g == "" {
		g = "group"
	}
	return fmt.Sprintf("approvals: %d from %s", p.N, g)
}

// fullTraffic says which moves the approvals guard: those that give an image all of an
// environment's traffic, and a promote's bake, its first move (MovePromote below 100 %).
func fullTraffic(k greenlight.MoveKind) bool {
	switch k {
	case greenlight.MoveDeploy, greenlight.MoveFirstRelease, greenlight.MovePromote, greenlight.MoveRedeploy:
		return true
	}
	return false
}

// Check implements greenlight.Policy.
func (p Approvals) Check(ctx context.Context, m greenlight.Move) error {
	if !fullTraffic(m.Kind) {
		return nil
	}
	q := p.Quorum()
	if err := q.Validate(); err != nil {
		return &RefusalError{p.Name(), fmt.Sprintf("the group has %d people, fewer than the %d approvals needed: fix Approvals in pipeline.go", len(p.Group), p.N)}
	}
	digest := m.Image.Digest()
	var ds []approval.Decision
	if p.Source != nil {
		all, err := p.Source.All(ctx, m.Env, digest)
		if err != nil {
			return &HoldError{Policy: p.Name(), Reason: "reading approvals failed: " + err.Error()}
		}
		ds = all
	} else {
		if m.Approval != nil {
			ds = append(ds, *m.Approval)
		}
		ds = append(ds, m.Approvals...)
	}
	t := approval.Count(ds, m.Env, digest, &q, approval.NotApprovers(m.Source.Author, m.Source.RequestedBy))
	switch {
	case t.Rejection != nil:
		r := t.Rejection
		return &RefusalError{p.Name(), fmt.Sprintf("%s was rejected for %s by %s at %s; a rejection is final for that digest: release a new one",
			short(digest), m.Env, who(*r), r.At.UTC().Format(time.RFC3339))}
	case t.Met():
		return nil
	}
	return &HoldError{Policy: p.Name(), Reason: fmt.Sprintf("%s for %s in %s; %d more needed from %s (%s); the author %s and who asked for the move do not count",
		t, short(digest), m.Env, p.N-len(t.Approvals), p.Name()[strings.Index(p.Name(), " from ")+6:], strings.Join(p.Group, ", "), orNone(m.Source.Author))}
}

func who(d approval.Decision) string {
	if d.Identity != "" {
		return d.Identity
	}
	return d.By
}

func orNone(s string) string {
	if s == "" {
		return "(unknown)"
	}
	return s
}

// Deployments says when an environment first served a digest successfully. pkg/github's
// Client implements it from GitHub Deployments.
type Deployments interface {
	DeployedAt(ctx context.Context, env, digest string) (at time.Time, ok bool, err error)
}

// Soak holds a move into this environment until the same digest has run successfully in Env
// (such as "staging") for at least Min. A digest that never ran there is refused. A move with
// no image (a flag release) has no digest to have soaked and is not judged.
type Soak struct {
	Env         string
	Min         time.Duration
	Deployments Deployments
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// Name implements greenlight.Policy.
func (p Soak) Name() string { return fmt.Sprintf("soak: %s in %s", p.Min, p.Env) }

// Check implements greenlight.Policy.
func (p Soak) Check(ctx context.Context, m greenlight.Move) error {
	if !startsSomething(m) || noImage(m) || m.Kind == greenlight.MoveRollback || m.Env == p.Env {
		return nil
	}
	if p.Deployments == nil {
		return &RefusalError{p.Name(), "no deployment record: set Soak.Deployments (the pkg/github client)"}
	}
	at, ok, err := p.Deployments.DeployedAt(ctx, p.Env, m.Image.Digest())
	if err != nil {
		return &HoldError{Policy: p.Name(), Reason: "reading deployments failed: " + err.Error()}
	}
	if !ok {
		return &RefusalError{p.Name(), fmt.Sprintf("%s never ran in %s; deploy it there first and let it run %s", m.Image.Short(), p.Env, p.Min)}
	}
	now := time.Now()
	if p.Now != nil {
		now = p.Now()
	}
	ready := at.Add(p.Min)
	if now.Before(ready) {
		return &HoldError{Policy: p.Name(), Until: &ready, Reason: fmt.Sprintf("%s has run in %s for %s of %s; ready at %s",
			m.Image.Short(), p.Env, human(now.Sub(at)), p.Min, ready.UTC().Format(time.RFC3339))}
	}
	return nil
}

// Commits tells about commits: when one was made, what an environment runs, how far apart two
// are. pkg/github's Client implements it.
type Commits interface {
	// CommitTime is when sha was committed.
	CommitTime(ctx context.Context, sha string) (time.Time, error)
	// RunningCommit is the commit env runs ("" when nothing ran there).
	RunningCommit(ctx context.Context, env string) (string, error)
	// CommitsBetween is how many commits head is ahead of base.
	CommitsBetween(ctx context.Context, base, head string) (int, error)
}

// ChangeLimits refuses a change that is too big or too old: more than MaxCommits commits
// beyond what the environment runs, or a commit made more than MaxAge ago. Zero disables a
// limit. Rollbacks, aborts and a person's explicit moves (a redeploy of a chosen image, which
// may well be old) are allowed.
type ChangeLimits struct {
	MaxCommits int
	MaxAge     time.Duration
	Commits    Commits
	Now        func() time.Time
}

// Name implements greenlight.Policy.
func (p ChangeLimits) Name() string { return "change-limits" }

// Check implements greenlight.Policy.
func (p ChangeLimits) Check(ctx context.Context, m greenlight.Move) error {
	if m.Explicit || m.Kind == greenlight.MoveRollback || m.Kind == greenlight.MoveAbort {
		return nil
	}
	if p.Commits == nil || m.Source.Commit == "" {
		return &RefusalError{p.Name(), "needs the move's commit and ChangeLimits.Commits (the pkg/github client)"}
	}
	sha := m.Source.Commit
	if p.MaxAge > 0 {
		t, err := p.Commits.CommitTime(ctx, sha)
		if err != nil {
			return &RefusalError{p.Name(), fmt.Sprintf("reading commit %s failed: %v; retry", short(sha), err)}
		}
		now := time.Now()
		if p.Now != nil {
			now = p.Now()
		}
		if age := now.Sub(t); age > p.MaxAge {
			return &RefusalError{p.Name(), fmt.Sprintf("commit %s is %s old, more than %s; deploy a newer commit (or raise MaxAge)", short(sha), human(age), p.MaxAge)}
		}
	}
	if p.MaxCommits > 0 {
		running, err := p.Commits.RunningCommit(ctx, m.Env)
		if err != nil {
			return &RefusalError{p.Name(), fmt.Sprintf("reading what %s runs failed: %v; retry", m.Env, err)}
		}
		if running != "" && running != sha {
			n, err := p.Commits.CommitsBetween(ctx, running, sha)
			if err != nil {
				return &RefusalError{p.Name(), fmt.Sprintf("comparing %s with %s failed: %v; retry", short(running), short(sha), err)}
			}
			if n > p.MaxCommits {
				return &RefusalError{p.Name(), fmt.Sprintf("%s is %d commits ahead of what %s runs (%s), more than %d; ship smaller changes, deploying an intermediate commit first",
					short(sha), n, m.Env, short(running), p.MaxCommits)}
			}
		}
	}
	return nil
}

// NoOlderCommit refuses the automatic path's move of a commit older than what the environment
// runs (a late run of an old commit must not undo a newer one). A person's explicit move
// (a rollback, a redeploy of a chosen digest) is allowed.
type NoOlderCommit struct {
	Commits Commits
}

// Name implements greenlight.Policy.
func (p NoOlderCommit) Name() string { return "no-older-commit" }

// Check implements greenlight.Policy.
func (p NoOlderCommit) Check(ctx context.Context, m greenlight.Move) error {
	if m.Explicit || m.Kind == greenlight.MoveRollback || m.Kind == greenlight.MoveAbort || m.Kind == greenlight.MoveRedeploy {
		return nil
	}
	if p.Commits == nil || m.Source.Commit == "" {
		return &RefusalError{p.Name(), "needs the move's commit and NoOlderCommit.Commits (the pkg/github client)"}
	}
	running, err := p.Commits.RunningCommit(ctx, m.Env)
	if err != nil {
		return &RefusalError{p.Name(), fmt.Sprintf("reading what %s runs failed: %v; retry", m.Env, err)}
	}
	if running == "" || running == m.Source.Commit {
		return nil
	}
	rt, err1 := p.Commits.CommitTime(ctx, running)
	mt, err2 := p.Commits.CommitTime(ctx, m.Source.Commit)
	if err1 != nil || err2 != nil {
		return &RefusalError{p.Name(), fmt.Sprintf("reading commit times failed: %v; retry", firstErr(err1, err2))}
	}
	if mt.Before(rt) {
		return &RefusalError{p.Name(), fmt.Sprintf("commit %s (%s) is older than %s (%s), which %s runs; deploy a newer commit, or roll back explicitly",
			short(m.Source.Commit), mt.UTC().Format(time.RFC3339), short(running), rt.UTC().Format(time.RFC3339), m.Env)}
	}
	return nil
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

func short(s string) string {
	if i := strings.Index(s, ":"); i >= 0 && len(s) > i+13 {
		return s[:i+13]
	}
	if len(s) > 12 {
		return s[:12]
	}
	return s
}
