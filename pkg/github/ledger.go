package github

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/runlog"

	"github.com/greenlight-cd/greenlight/pkg/oci"

	"github.com/greenlight-cd/greenlight/pkg/greenlight"
)

// Ledger records a pipeline's deploys as GitHub deployments (the inventory and the audit trail:
// image, digest, signature, run, trigger, who) and refuses a commit that is not green or that
// is older than what the environment runs. It implements greenlight.Ledger.
type Ledger struct {
	c      *Client
	runURL string
	prod   []string

	// ClaimTTL is how long a run's claim on an environment lives without renewal (default
	// 2m): a run that crashed while moving traffic frees the environment after that. ClaimWait
	// bounds how long a run waits for another to finish (default 15m).
	ClaimTTL, ClaimWait time.Duration

	mu        sync.Mutex
	green     map[string]Green
	underLock map[string]*Lock // env → the lock a rollback went through, for the audit trail
	ended     map[int64]string // workflow run → its conclusion, once GitHub says it completed
	// running is what each environment's target said it runs (its stable digest) when the run
	// claimed it (Reconcile), until this run records a release there itself.
	running map[string]string
}

var _ greenlight.Ledger = (*Ledger)(nil)

// Ledger returns the ledger of this repository for the run at runURL; the environments named
// in production are marked as production environments in GitHub.
func (c *Client) Ledger(runURL string, production ...string) *Ledger {
	return &Ledger{c: c, runURL: runURL, prod: production, green: map[string]Green{}, underLock: map[string]*Lock{}, ended: map[int64]string{}, running: map[string]string{}}
}

// Admit implements greenlight.Ledger. A lock stops every move but a rollback (which is let
// through and says so in the log); a person's explicit move (a rollback, a deploy of a chosen
// digest) skips the other rules; otherwise the newest green commit wins.
func (l *Ledger) Admit(ctx context.Context, m greenlight.Move) (bool, string, error) {
	env, src := m.Env, m.Source
	if m.Kind != greenlight.MoveAbort {
		// Before the lock: a deleted lock is not there to stop anything.
		if refused, err := l.deleted(ctx, m); err != nil || refused != "" {
			return false, refused, err
		}
	}
	if lock, err := l.c.LockOf(ctx, env); err != nil {
		return false, "", err
	} else if lock != nil {
		if m.Kind == greenlight.MoveRollback {
			// A rollback passes a lock, but never to a digest someone rejected for env.
			ds, err := l.c.Decisions("", AsRecorder()).All(ctx, env, m.Image.Digest())
			if err != nil {
				return false, "", fmt.Errorf("%s is locked, and whether %s was rejected there cannot be read: %w", env, m.Image.Short(), err)
			}
			for _, d := range ds {
				if !d.Approved {
					return false, fmt.Sprintf("%s is locked by %s since %s: %s; a rollback may pass the lock, but not to %s, which %s rejected for %s at %s",
						env, lock.By, lock.Since.Format("2006-01-02 15:04 MST"), lock.Reason, m.Image.Short(), d.Who(), env, d.At.UTC().Format(time.RFC3339)), nil
				}
			}
			l.mu.Lock()
			l.underLock[env] = lock
			l.mu.Unlock()
			return true, "", nil
		}
		ignored := ""
		if len(lock.Ignored) > 0 {
			ignored = "; not trusted: " + strings.Join(lock.Ignored, "; ")
		}
		return false, fmt.Sprintf("%s is locked by %s since %s: %s (unlock it with /greenlight unlock %s; only a rollback may move it while locked)%s",
			env, lock.By, lock.Since.Format("2006-01-02 15:04 MST"), lock.Reason, env, ignored), nil
	}
	if m.Kind != greenlight.MoveRollback && m.Kind != greenlight.MoveAbort {
		broken, err := l.c.BrokenChain(ctx, env)
		if err != nil {
			return false, "", fmt.Errorf("checking the records of %s: %w", env, err)
		}
		if broken == "" && (m.Image.IsZero() || !l.runs(env, m.Image.Digest())) {
			// A move of what the target runs records it again, which mends the head.
			broken, err = l.headGone(ctx, env)
			if err != nil {
				return false, "", fmt.Errorf("checking the records of %s: %w", env, err)
			}
		}
		if broken != "" {
			return false, fmt.Sprintf("the verified history of %s is broken: %s; nothing moves %s but a rollback to a release Greenlight recorded serving it "+
				"(greenlight rollback %s), until a person has checked the repository's Deployments page and the audit log", env, broken, env, env), nil
		}
	}
	if m.Explicit || m.Image.IsZero() {
		// A person's move, or a release (a flag's share) that changes no code: the rules of
		// which commit may deploy do not apply.
		return true, "", nil
	}
	if src.Commit == "" {
		return false, "", errors.New("the run names no commit (GITHUB_SHA): Greenlight deploys a commit only once it knows it is green and newest")
	}
	l.mu.Lock()
	g, ok := l.green[src.Commit]
	l.mu.Unlock()
	if !ok {
		var err error
		if g, err = l.c.Green(ctx, src.Commit); err != nil {
			return false, "", err
		}
		l.mu.Lock()
		l.green[src.Commit] = g
		l.mu.Unlock()
	}
	if !g.OK {
		return false, fmt.Sprintf("commit %s is not green (%s): it is not deployed", short(src.Commit), g), nil
	}
	d, err := l.c.ShouldDeploy(ctx, env, src.Commit)
	if err != nil || !d.Deploy {
		return d.Deploy, d.Reason, err
	}
	if branch, ok := strings.CutPrefix(src.Ref, "refs/heads/"); ok && m.Kind == greenlight.MovePromote && src.Trigger != "workflow_dispatch" {
		// Newest wins at the promote too (and in the bake before it, which asks as the promote
		// will): a green commit that arrived during a long canary or bake supersedes it, and
		// its run, waiting for this one's hold, releases it. Not a promote a person dispatched
		// (an approval's): a busy branch would otherwise supersede every approved release.
		newer, _, _, err := l.c.NewestGreen(ctx, branch, src.Commit)
		if err != nil {
			return false, "", fmt.Errorf("reading whether a newer green commit supersedes %s: %w", short(src.Commit), err)
		}
		if newer != src.Commit {
			return false, fmt.Sprintf("superseded: %s, newer on %s, is green, and newest wins: its run releases it", short(newer), branch), nil
		}
	}
	return true, d.Reason, nil
}

// headGone checks the one link of the chain that nothing names, the newest: what env's target
// runs (as it said when this run claimed env) must be the newest release Greenlight recorded
// serving env. A branch workflow may mark that release's record inactive and delete it, which
// leaves the release before it as a whole chain; an older commit's run would then take env
// backwards (TestDeletingTheNewestReleaseRecordDoesNotLetAnOlderCommitIn). "" when it holds,
// when nothing was recorded served (history from before the record key) or the target said
// nothing.
func (l *Ledger) headGone(ctx context.Context, env string) (string, error) {
	l.mu.Lock()
	runs := l.running[env]
	l.mu.Unlock()
	if runs == "" || len(l.c.recordKey) == 0 {
		return "", nil
	}
	var newest *Record
	err := deployKind.each(ctx, l.c, env, func(r *Record) (bool, error) {
		if r.Served {
			newest = r
		}
		return newest != nil, nil
	})
	if err != nil || newest == nil || newest.Payload.Digest == runs {
		return "", err
	}
	return fmt.Sprintf("%s runs %s, but the newest release Greenlight recorded serving it is deployment %d (%s): the record of what runs was deleted or altered "+
		"(once checked, a deploy of what runs records it again: greenlight deploy %s --ref %s)",
		env, shortDigest(runs), newest.ID, shortDigest(newest.Payload.Digest), env, runs), nil
}

// runs says whether env's target said, when this run claimed it, that it runs digest.
func (l *Ledger) runs(env, digest string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.running[env] == digest
}

// deleted refuses m when a lock or a rejection of its environment that GREENLIGHT_RECORDS
// anchors was deleted: nothing moves but a rollback, and a rollback not to a digest whose
// rejection is gone. An abort is never refused (it returns to what served).
func (l *Ledger) deleted(ctx context.Context, m greenlight.Move) (string, error) {
	gone, err := l.c.deletedEntries(ctx, m.Env)
	if err != nil {
		return "", fmt.Errorf("checking that no lock or rejection of %s was deleted: %w", m.Env, err)
	}
	if len(gone) == 0 {
		return "", nil
	}
	var names []string
	rejected := false
	for _, e := range gone {
		names = append(names, e.describe())
		rejected = rejected || e.kind == 'R' && !m.Image.IsZero() && e.digest == digestKey(m.Image.Digest())
	}
	what := fmt.Sprintf("records of %s that %s anchors were deleted (%s gone)", m.Env, RecordsVariable, strings.Join(names, ", "))
	clear := fmt.Sprintf("until a person has checked the repository's Deployments page and audit log and taken them off %s (Settings, Secrets and variables, Actions, Variables)", RecordsVariable)
	switch {
	case m.Kind == greenlight.MoveRollback && rejected:
		return fmt.Sprintf("%s; a rollback may not go to %s, whose rejection is among them, %s", what, m.Image.Short(), clear), nil
	case m.Kind == greenlight.MoveRollback:
		return "", nil
	}
	return fmt.Sprintf("%s; nothing moves %s but a rollback (greenlight rollback %s) %s", what, m.Env, m.Env, clear), nil
}

// Begin implements greenlight.Ledger: a deployment with its payload, in progress.
func (l *Ledger) Begin(ctx context.Context, env string, img oci.Image, sig oci.Signature, src runlog.Source, strategy string) (greenlight.Entry, error) {
	sha, ref := src.Commit, src.Ref
	if strategy == "redeploy" || strategy == "rollback" || src.Trigger == "workflow_dispatch" {
		// A redeployed image (or one a command moves) runs the code of the commit it was built
		// from, not this run's: record the deployment against that commit, found from the
		// image's earlier deployment.
		err := deployKind.each(ctx, l.c, "", func(r *Record) (bool, error) {
			// With the record key, only a record Greenlight wrote names the commit: any
			// workflow's token may write a success naming a commit of its choosing
			// (TestACommandsDeployIsNotRecordedAgainstAForgedCommit).
			mine := len(l.c.recordKey) == 0 || r.Served || r.State == stateInProgress && l.c.opened(r)
			if (r.Succeeded || r.State == stateInProgress) && r.Payload.Digest == img.Digest() && mine {
				sha, ref = r.SHA, r.Ref
				return true, nil
			}
			return false, nil
		})
		if err != nil {
			return nil, err
		}
	}
	if sha == "" {
		return nil, errors.New("the run names no commit (GITHUB_SHA) to record the deployment against")
	}
	p := Payload{Image: img.String(), Digest: img.Digest(), Signature: sig.Ref,
		RunURL: l.runURL, Strategy: strategy, Trigger: src.Trigger, TriggeredBy: src.Author, RequestedBy: src.RequestedBy}
	l.mu.Lock()
	if lock := l.underLock[env]; lock != nil && strategy == "rollback" {
		p.Note = fmt.Sprintf("rollback while %s is locked by %s (%s): allowed, rollbacks pass locks", env, lock.By, lock.Reason)
	}
	l.mu.Unlock()
	rec, err := l.c.Begin(ctx, env, sha, ref, p, slices.Contains(l.prod, env))
	if err != nil {
		return nil, err
	}
	return &entry{l: l, rec: rec}, nil
}

// Resume implements greenlight.Ledger: the deployment of img still in progress in env (a
// canary an earlier run started and left waiting for its promotion), or nil.
func (l *Ledger) Resume(ctx context.Context, env string, img oci.Image) (greenlight.Entry, error) {
	var found *Record
	seen := 0
	err := deployKind.each(ctx, l.c, env, func(r *Record) (bool, error) {
		seen++
		if r.State == stateInProgress && r.Payload.Digest == img.Digest() && l.c.opened(r) {
			found = r
		}
		return found != nil || seen >= 30, nil
	})
	if err != nil || found == nil {
		return nil, err
	}
	return &entry{l: l, rec: found}, nil
}

type entry struct {
	l   *Ledger
	rec *Record
}

// Finish implements greenlight.Entry: success, failure, or error for a cancelled deploy.
func (e *entry) Finish(ctx context.Context, status runlog.Status, url, message string) error {
	state := map[runlog.Status]string{runlog.Passed: stateSuccess, runlog.Failed: stateFailure, runlog.Cancelled: stateError}[status]
	if state == "" {
		state = stateError
	}
	err := e.l.c.SetState(ctx, e.rec, state, url, e.l.runURL, message)
	if state == stateSuccess {
		// This run moved the environment and recorded it: what its target said at the claim
		// no longer tells what runs (headGone).
		e.l.mu.Lock()
		delete(e.l.running, e.rec.Environment)
		e.l.mu.Unlock()
	}
	return err
}
