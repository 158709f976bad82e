package github

import (
	"context"
	"fmt"
	"strings"
	"time"

	gh "github.com/google/go-github/v92/github"
)

// Payload is what Greenlight records in each GitHub deployment: the audit trail's "what" and
// "who". Rollbacks redeploy Image from here, with no rebuild.
type Payload struct {
	Image       string `json:"image"` // repo@sha256:...
	Digest      string `json:"digest"`
	Signature   string `json:"signature,omitempty"`
	RunURL      string `json:"run_url,omitempty"`
	Strategy    string `json:"strategy,omitempty"`
	Trigger     string `json:"trigger,omitempty"`      // push, workflow_run, workflow_dispatch, slack
	TriggeredBy string `json:"triggered_by,omitempty"` // a GitHub login, a Slack user
	// RequestedBy is the person behind a command (a Slack user, the CLI's user).
	RequestedBy string `json:"requested_by,omitempty"`
	// Note is anything the audit trail must say besides, such as a rollback that went through
	// a lock.
	Note string `json:"note,omitempty"`
}

// Begin records the start of a deploy of sha to env: a deployment with the payload, and the
// in_progress status with the run's log URL. GitHub's own checks on the ref are skipped
// (required_contexts is empty): Greenlight checked that the commit is green itself.
func (c *Client) Begin(ctx context.Context, env, sha, ref string, p Payload, production bool) (*Record, error) {
	rec, err := deployKind.create(ctx, c, place{env: env, ref: sha, production: production}, p, "greenlight: "+shortDigest(p.Digest))
	if err != nil {
		return nil, err
	}
	rec.Ref = ref
	if err := c.SetState(ctx, rec, stateInProgress, "", p.RunURL, "deploying "+shortDigest(p.Digest)); err != nil {
		return rec, err
	}
	return rec, nil
}

// opened says whether r, a deploy in progress, was opened by a run that held the record key
// (its in_progress status is sealed), when the client has the key. Any workflow's token may
// create a deploy in progress for a digest with a commit of its choosing: a run that resumed
// or reconciled it would sign its success, and Greenlight's MAC would vouch for that commit
// (TestAForgedOpenRecordIsNotResumedAndSigned).
func (c *Client) opened(r *Record) bool {
	return len(c.recordKey) == 0 || r.sealedState == stateInProgress
}

// SetState adds a status to the deployment: in_progress, success, failure, error or inactive.
func (c *Client) SetState(ctx context.Context, r *Record, state, envURL, logURL, desc string) error {
	served := state == stateSuccess && len(c.recordKey) > 0 && r.Payload.Digest != ""
	var prev int64
	if served {
		var err error
		if prev, err = c.lastServed(ctx, r.Environment, r.ID); err != nil {
			return fmt.Errorf("reading what %s ran before: %w", r.Environment, err)
		}
		desc = c.signServed(r, prev, desc)
	} else if state == stateInProgress && len(c.recordKey) > 0 {
		// Sealed: only a deploy Greenlight opened is resumed or reconciled (Client.opened).
		desc = c.sealStatus(deployTask, r.ID, state, desc, time.Now())
	}
	err := deployKind.mark(ctx, c, r.ID, status{state: state, desc: desc, logURL: logURL, envURL: envURL})
	if err == nil {
		r.State = state
		r.Succeeded = r.Succeeded || state == stateSuccess
		if served {
			r.Served, r.servedAfter = true, prev
		}
	}
	return err
}

// History returns env's deployments, newest first, at most n (0: all), each with its latest
// state and whether it ever succeeded. It reads only the pages it needs.
func (c *Client) History(ctx context.Context, env string, n int) ([]*Record, error) {
	return deployKind.newest(ctx, c, env, n)
}

// Current is what env runs: its newest deployment whose latest state is success. Nil when
// nothing was ever deployed there successfully.
func (c *Client) Current(ctx context.Context, env string) (*Record, error) {
	var cur *Record
	err := deployKind.each(ctx, c, env, func(r *Record) (bool, error) {
		if r.State == stateSuccess {
			cur = r
		}
		return cur != nil, nil
	})
	return cur, err
}

// Decision says whether a commit should be deployed to an environment.
type Decision struct {
	Deploy  bool
	Reason  string
	Current *Record
}

// ShouldDeploy applies "the newest green commit wins": sha is deployed to env only if it is
// newer than what env runs. An older commit never overwrites a newer one (only an explicit
// rollback may), and a commit already deployed is not deployed again.
//
// With a record key, what env runs is the newest deploy Greenlight recorded serving it
// (Record.Served), when it recorded any: a success any workflow's token forged for a newer
// commit would otherwise stop every release as "already runs" or "newer".
func (c *Client) ShouldDeploy(ctx context.Context, env, sha string) (Decision, error) {
	var cur *Record
	var err error
	if len(c.recordKey) > 0 {
		// The newest release Greenlight recorded serving, whatever its state says now: any
		// workflow's token may mark it inactive, and the newest success would then be an older
		// release (TestStatusesOnTheServedReleaseDoNotLetAnOlderCommitIn).
		err = deployKind.each(ctx, c, env, func(r *Record) (bool, error) {
			if r.Served {
				cur = r
			}
			return cur != nil, nil
		})
	}
	if err == nil && cur == nil {
		// No signed release (history from before the record key): the newest success.
		cur, err = c.Current(ctx, env)
	}
	if err != nil || cur == nil {
		return Decision{Deploy: err == nil, Reason: "nothing deployed to " + env + " yet"}, err
	}
	rel, err := c.Compare(ctx, cur.SHA, sha)
	if err != nil {
		return Decision{}, err
	}
	d := Decision{Current: cur}
	switch rel {
	case Ahead:
		d.Deploy, d.Reason = true, fmt.Sprintf("%s is newer than %s, which %s runs", short(sha), short(cur.SHA), env)
	case Identical:
		d.Reason = fmt.Sprintf("%s already runs %s (deployment %d)", env, short(sha), cur.ID)
	case Behind:
		d.Reason = fmt.Sprintf("%s already runs %s, which is newer than %s: skipped (roll back explicitly to deploy an older commit)", env, short(cur.SHA), short(sha))
	default:
		d.Reason = fmt.Sprintf("%s and %s (which %s runs) have diverged (a force-push?): not deployed automatically; deploy it explicitly", short(sha), short(cur.SHA), env)
	}
	return d, nil
}

// newestGreenDepth is how many commits above a run's own NewestGreen looks at: a run releases
// the newest green commit among them (the newest commits of a busy branch), and reads each
// one's checks (two requests) until it finds one.
const newestGreenDepth = 10

// NewestGreen applies "the newest green commit wins" at the start of a run: of the commits of
// branch newer than sha (the commit the run's event names), the newest one that is green
// (Green: every status and check of CI passed, none pending), or sha itself when none is.
// GitHub's concurrency group keeps one pending run and cancels the older one, so when CI
// finishes out of order the run that is left may name an older commit than the newest green
// one: that run releases the newest instead (author is its author's login, when GitHub links
// one), and why says so ("" when it is sha). Commits
// more than newestGreenDepth above sha are not looked at. branch is read by name: the run's
// trust check (OnBranch) has refused a run while a tag of that name exists.
func (c *Client) NewestGreen(ctx context.Context, branch, sha string) (newest, author, why string, err error) {
	var list []*gh.RepositoryCommit
	err = c.call(ctx, "listing the branch's commits", func() (*gh.Response, error) {
		var resp *gh.Response
		var err error
		list, resp, err = c.gh.Repositories.ListCommits(ctx, c.owner, c.repo, &gh.CommitsListOptions{SHA: branch, ListOptions: gh.ListOptions{PerPage: newestGreenDepth + 1}})
		return resp, err
	})
	if err != nil {
		return "", "", "", err
	}
	var above []*gh.RepositoryCommit
	found := false
	for _, rc := range list {
		if strings.EqualFold(rc.GetSHA(), sha) {
			found = true
			break
		}
		above = append(above, rc)
	}
	if !found {
		// sha is further down than the commits read (or not on branch: trust decided that).
		return sha, "", "", nil
	}
	for _, rc := range above {
		s := rc.GetSHA()
		g, err := c.Green(ctx, s)
		if err != nil {
			return "", "", "", fmt.Errorf("reading whether %s, newer than %s on %s, is green: %w", short(s), short(sha), branch, err)
		}
		if g.OK {
			return s, rc.GetAuthor().GetLogin(), fmt.Sprintf("%s, newer than %s on %s, is green too: the newest green commit is released (its CI finished first, and GitHub's concurrency group kept this run)", short(s), short(sha), branch), nil
		}
	}
	return sha, "", "", nil
}

// RollbackTarget chooses what a rollback of env redeploys: with to empty, the newest earlier
// release of another image that Greenlight recorded serving all of env's traffic, from a
// commit no newer than the one env runs; else the newest such release whose digest, commit
// (7+ hex digits) or ref is to. A rollback only goes back: a release env ran whose commit is
// newer than what it runs now (a release that was itself rolled back) is returned with served
// false, and moves as a deploy. Only records whose
// success carries Greenlight's MAC (Record.Served) count: a record any workflow token wrote
// is not where env has been. When to names only such an unverified record, it is returned
// with served false: the engine then moves it as a deploy (approval, locks), never as a
// rollback. untrusted names the records passed over.
func (c *Client) RollbackTarget(ctx context.Context, env, to string) (rec *Record, served bool, untrusted []string, err error) {
	var cur, found, unverified, forward *Record
	matches := func(r *Record) bool {
		return r.Payload.Digest == to || (len(to) >= 7 && strings.HasPrefix(r.SHA, to)) || r.Ref == to
	}
	// backwards says whether r's commit is older than (or the same as) the commit env runs: a
	// rollback only goes back, never to a newer release that was itself rolled back.
	backwards := func(r *Record) (bool, error) {
		if r.SHA == cur.SHA {
			return true, nil
		}
		rel, err := c.Compare(ctx, cur.SHA, r.SHA)
		return rel == Behind, err
	}
	err = deployKind.each(ctx, c, env, func(r *Record) (bool, error) {
		if r.Succeeded && !r.Served {
			untrusted = append(untrusted, fmt.Sprintf("deployment %d of %s by %s: its success carries no Greenlight record signature", r.ID, shortDigest(r.Payload.Digest), r.writer()))
			if to != "" && unverified == nil && r.Payload.Image != "" && matches(r) {
				unverified = r
			}
			return false, nil
		}
		switch {
		case cur == nil:
			// What env runs: the newest release Greenlight recorded serving, whatever a
			// workflow's token wrote on it since (ShouldDeploy).
			if r.Served {
				cur = r
			}
		case !r.Served || r.Payload.Image == "":
		case to == "" && r.Payload.Digest == cur.Payload.Digest:
		case to == "" || matches(r):
			back, err := backwards(r)
			switch {
			case err != nil:
				return true, err
			case back:
				found = r
			case to != "" && forward == nil:
				forward = r
			}
		}
		return found != nil, nil
	})
	switch {
	case err != nil:
		return nil, false, untrusted, err
	case found != nil:
		return found, true, untrusted, nil
	case forward != nil:
		// Where env has been, but newer than what it runs: going there is a deploy.
		return forward, false, untrusted, nil
	case to != "" && unverified != nil:
		return unverified, false, untrusted, nil
	case len(c.recordKey) == 0:
		return nil, false, untrusted, fmt.Errorf("no record key: Greenlight cannot tell the releases it recorded in %s from records any workflow token can write; "+
			"set GREENLIGHT_RECORD_KEY as a secret of the protected environment the deploy job runs in (32+ random bytes: openssl rand -base64 48), or roll back with a ref as a deploy", env)
	case cur == nil:
		return nil, false, untrusted, fmt.Errorf("no release that Greenlight recorded serving %s: there is nothing to roll back to", env)
	case to == "":
		return nil, false, untrusted, fmt.Errorf("no earlier release of another image that Greenlight recorded serving %s: nothing to roll back to", env)
	}
	return nil, false, untrusted, fmt.Errorf("no release that Greenlight recorded serving %s matches %q (a digest, a commit of 7+ hex digits, or a ref)", env, to)
}

// Waiting is what waits for promotion in env: its newest deploy when that is still in
// progress (the canary a promote completes), else nil and the newest deploy (or nil).
func (c *Client) Waiting(ctx context.Context, env string) (waiting, newest *Record, err error) {
	hist, err := c.History(ctx, env, 1)
	if err != nil || len(hist) == 0 {
		return nil, nil, err
	}
	if hist[0].State == stateInProgress {
		return hist[0], hist[0], nil
	}
	return nil, hist[0], nil
}

func short(sha string) string {
	if len(sha) > 7 {
		return sha[:7]
	}
	return sha
}

func shortDigest(d string) string {
	if len(d) > 19 {
		return d[:19]
	}
	return d
}

func truncate(s string, n int) string {
	const ellipsis = "…" // three bytes
	switch {
	case len(s) <= n:
		return s
	case n < len(ellipsis):
		return strings.ToValidUTF8(s[:max(n, 0)], "")
	}
	// At most n bytes, never a rune cut in two: a signed description is cut to leave room
	// for its MAC, and one byte over GitHub's 140 cut the MAC off (TestALongOutcomeStillSigns).
	return strings.ToValidUTF8(s[:n-len(ellipsis)], "") + ellipsis
}
