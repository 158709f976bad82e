package github

import (
	"context"
	"time"

	gh "github.com/google/go-github/v92/github"

	"github.com/greenlight-cd/greenlight/pkg/dora"
)

// doraLookback bounds how far before the window Deployments reads to find what each
// environment ran before it (the base of its first change's commits).
const doraLookback = 90 * 24 * time.Hour

// Deployments reads the deployment record for DORA metrics: every deploy of env ("" for all
// environments) that concluded or began since since, and before them, per environment, the
// deploys back to the newest successful one that concluded before since (what the environment
// ran when the window began: the base of its first change's commits), at most 90 days before
// since; each with all its statuses, its digest, strategy and production_environment flag,
// and for each successful change (dora.Shipments) the commits it shipped, read with GitHub's
// compare, oldest first. A change with no earlier successful change read has its head commit's
// time only. Deployments are returned oldest first.
func (c *Client) Deployments(ctx context.Context, env string, since time.Time) ([]dora.Deployment, error) {
	var out []dora.Deployment
	ran := map[string]bool{} // env → its deploy that served before since was read
	err := deployKind.listed(ctx, c, env, func(r *Record) (bool, error) {
		before := r.Created.Before(since)
		if before {
			if r.Created.Before(since.Add(-doraLookback)) {
				return true, nil
			}
			if ran[r.Environment] {
				// Environments do not overlap their deploys (a run claims the environment): once
				// one deploy served before since, older ones concluded before it.
				return allRan(out, ran), nil
			}
		}
		sts, err := c.deploymentStatuses(ctx, r.ID)
		if err != nil {
			return true, err
		}
		d := dora.Deployment{ID: r.ID, Env: r.Environment, SHA: r.SHA, Created: r.Created, Digest: r.Payload.Digest,
			Strategy: r.Payload.Strategy, Rollback: r.Payload.Strategy == "rollback", Production: r.Production, Statuses: sts}
		out = append(out, d)
		if before && succeededBefore(sts, since) && r.Payload.Strategy != "rollback" && r.Payload.Strategy != "redeploy" {
			ran[r.Environment] = true
		}
		return false, nil
	})
	if err != nil {
		return nil, err
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	shipped := map[int64]dora.Shipment{}
	for _, s := range dora.Shipments(out, since) {
		shipped[s.ID] = s
	}
	commitTimes := map[string]time.Time{}
	for i := range out {
		d := &out[i]
		s, ok := shipped[d.ID]
		switch {
		case !ok:
		case s.Base != "":
			cs, err := c.shippedCommits(ctx, s.Base, s.Head)
			if err != nil {
				return nil, err
			}
			d.Base, d.Commits = s.Base, cs
		default:
			ct, ok := commitTimes[d.SHA]
			if !ok {
				if ct, err = c.CommitTime(ctx, d.SHA); err != nil {
					return nil, err
				}
				commitTimes[d.SHA] = ct
			}
			d.CommitTime = ct
		}
	}
	return out, nil
}

// allRan says whether every environment in ds has its deploy that served before the window.
func allRan(ds []dora.Deployment, ran map[string]bool) bool {
	for _, d := range ds {
		if !ran[d.Env] {
			return false
		}
	}
	return true
}

// succeededBefore says whether a success status came before t.
func succeededBefore(sts []dora.Status, t time.Time) bool {
	for _, s := range sts {
		if s.State == stateSuccess && s.At.Before(t) {
			return true
		}
	}
	return false
}

// shippedCommits are the commits head ships over base (comparedCommits), oldest first, with
// their committer dates.
func (c *Client) shippedCommits(ctx context.Context, base, head string) ([]dora.Commit, error) {
	cmp, err := c.comparedCommits(ctx, base, head)
	if err != nil {
		return nil, err
	}
	out := make([]dora.Commit, 0, len(cmp))
	for _, rc := range cmp {
		t := rc.GetCommit().GetCommitter().GetDate().Time
		if t.IsZero() {
			t = rc.GetCommit().GetAuthor().GetDate().Time
		}
		out = append(out, dora.Commit{SHA: rc.GetSHA(), Time: t})
	}
	return out, nil
}

// CommitTime is when sha was committed (the committer's date: for a squash or merge commit,
// when it landed on the branch).
func (c *Client) CommitTime(ctx context.Context, sha string) (time.Time, error) {
	rc, err := c.commit(ctx, sha)
	if err != nil {
		return time.Time{}, err
	}
	if t := rc.GetCommit().GetCommitter().GetDate().Time; !t.IsZero() {
		return t, nil
	}
	return rc.GetCommit().GetAuthor().GetDate().Time, nil
}

// commit reads sha (one file of its diff at most: only its metadata is wanted).
func (c *Client) commit(ctx context.Context, sha string) (*gh.RepositoryCommit, error) {
	var rc *gh.RepositoryCommit
	err := c.call(ctx, "reading a commit", func() (*gh.Response, error) {
		var resp *gh.Response
		var err error
		rc, resp, err = c.gh.Repositories.GetCommit(ctx, c.owner, c.repo, sha, &gh.ListOptions{PerPage: 1})
		return resp, err
	})
	return rc, err
}

// The methods below are what pkg/governance's policies read (CommitStatus, Deployments,
// Commits): a *Client satisfies those interfaces.

// CommitGreen reports whether sha is green (see Green) and, if not, what is failing or pending.
func (c *Client) CommitGreen(ctx context.Context, sha string) (bool, string, error) {
	g, err := c.Green(ctx, sha)
	if err != nil {
		return false, "", err
	}
	return g.OK, g.String(), nil
}

// DeployedAt is when env first served digest successfully (its deployment's first success).
func (c *Client) DeployedAt(ctx context.Context, env, digest string) (time.Time, bool, error) {
	hist, err := c.History(ctx, env, 0)
	if err != nil {
		return time.Time{}, false, err
	}
	var first time.Time
	for _, r := range hist {
		if !r.Succeeded || r.Payload.Digest != digest {
			continue
		}
		sts, err := c.deploymentStatuses(ctx, r.ID)
		if err != nil {
			return time.Time{}, false, err
		}
		for _, s := range sts {
			if s.State == stateSuccess && (first.IsZero() || s.At.Before(first)) {
				first = s.At
			}
		}
	}
	return first, !first.IsZero(), nil
}

// RunningCommit is the commit env runs now ("" when nothing succeeded there).
func (c *Client) RunningCommit(ctx context.Context, env string) (string, error) {
	r, err := c.Current(ctx, env)
	if err != nil || r == nil {
		return "", err
	}
	return r.SHA, nil
}

// CommitsBetween is how many commits head is ahead of base.
func (c *Client) CommitsBetween(ctx context.Context, base, head string) (int, error) {
	cmp, err := c.compare(ctx, base, head)
	if err != nil {
		return 0, err
	}
	return cmp.GetAheadBy(), nil
}
