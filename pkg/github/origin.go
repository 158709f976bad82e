package github

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/greenlight-cd/greenlight/pkg/approval"

	gh "github.com/google/go-github/v92/github"

	"github.com/greenlight-cd/greenlight/pkg/oci"
)

// originWindow is how many of the newest deploys (of every environment) Origin reads to find
// where a digest was first deployed: one page. A release waiting for approval is recent.
const originWindow = 100

// Origin implements greenlight.Ledger: the release of img's digest and who is behind it going
// into env. Its commit is commit when the run built img (an automatic run passes its own
// commit, which actions.Trust decided), else the commit of the first deploy of the digest
// recorded among the newest deploys of every environment (usually its staging deploy by the
// release run); with it, that commit's author on GitHub, who started the release and who
// asked for it. Shippers are everyone behind the commits it ships into env (Shippers).
func (l *Ledger) Origin(ctx context.Context, env string, img oci.Image, commit string) (approval.Origin, bool, error) {
	return l.c.OriginOf(ctx, env, img.Digest(), commit)
}

// OriginOf is Ledger.Origin for a digest: the Slack bot asks it before it records a click, so
// that the release's own people (approval.Origin.NotApprovers) are refused there too.
func (c *Client) OriginOf(ctx context.Context, env, digest, commit string) (approval.Origin, bool, error) {
	var o approval.Origin
	first, err := c.firstDeployOf(ctx, digest)
	if err != nil {
		return o, false, err
	}
	if first != nil {
		o = approval.Origin{Commit: first.SHA, TriggeredBy: first.Payload.TriggeredBy, RequestedBy: first.Payload.RequestedBy}
	}
	if commit != "" {
		o.Commit = commit
	}
	if o.Commit == "" {
		return o, false, nil
	}
	if o.Author, err = c.CommitAuthor(ctx, o.Commit); err != nil {
		return o, true, err
	}
	base, err := c.lastRan(ctx, env, digest, o.Commit)
	if err != nil {
		return o, true, fmt.Errorf("reading what %s ran before: %w", env, err)
	}
	if o.Shippers, err = c.Shippers(ctx, base, o.Commit); err != nil {
		return o, true, err
	}
	return o, true, nil
}

// lastRan is the commit env ran before the release of digest from commit: its newest deploy of
// another digest and commit that succeeded, among those Greenlight recorded serving (their
// success carries its MAC, Record.Served) when the client has the record key: a record any
// workflow token can write must not narrow the commits a release ships. "" when there is none.
func (c *Client) lastRan(ctx context.Context, env, digest, commit string) (string, error) {
	var base string
	err := deployKind.each(ctx, c, env, func(r *Record) (bool, error) {
		ok := r.Succeeded && r.Payload.Digest != digest && r.SHA != commit
		if len(c.recordKey) > 0 {
			ok = ok && r.Served
		}
		if ok {
			base = r.SHA
		}
		return base != "", nil
	})
	return base, err
}

// webFlow is the account GitHub commits as on the web (merges, edits, squashes made in its
// interface): GitHub itself, not a person.
const webFlow = "web-flow"

// Shippers are the GitHub logins of everyone behind the commits head ships over base (GitHub's
// compare of base...head, every page; head alone when base is "" or head ships nothing new):
// the author and the committer of each commit, and the author (user) and merger (merged_by)
// of each pull request associated with them (GET /commits/{sha}/pulls, then GET /pulls/{n}
// for merged_by, which the list does not carry). Each login once, in the order met.
//
// A commit's author and committer are GitHub's mapping of the commit's e-mail addresses to
// accounts: unverified (anyone can write any address into a commit) and empty when no account
// has the address. So the list keeps out the people GitHub links to the commits, and a person
// whose e-mail address is on no account is kept out only as the pull request's author or
// merger, or as the run's actor.
func (c *Client) Shippers(ctx context.Context, base, head string) ([]string, error) {
	var out []string
	add := func(login string) {
		if login == "" || strings.EqualFold(login, webFlow) {
			return
		}
		for _, x := range out {
			if strings.EqualFold(x, login) {
				return
			}
		}
		out = append(out, login)
	}
	var commits []*gh.RepositoryCommit
	if base != "" {
		cs, err := c.comparedCommits(ctx, base, head)
		if err != nil {
			return nil, fmt.Errorf("reading the commits from %s to %s: %w", short(base), short(head), err)
		}
		commits = cs
	}
	if !slices.ContainsFunc(commits, func(rc *gh.RepositoryCommit) bool { return rc.GetSHA() == head }) {
		rc, err := c.commit(ctx, head)
		if err != nil {
			return nil, fmt.Errorf("reading commit %s: %w", short(head), err)
		}
		commits = append(commits, rc)
	}
	pulls := map[int]bool{}
	for _, rc := range commits {
		add(rc.GetAuthor().GetLogin())
		add(rc.GetCommitter().GetLogin())
		prs, err := c.pullsOf(ctx, rc.GetSHA())
		if err != nil {
			return nil, fmt.Errorf("reading the pull requests of commit %s: %w", short(rc.GetSHA()), err)
		}
		for _, pr := range prs {
			add(pr.GetUser().GetLogin())
			if pulls[pr.GetNumber()] {
				continue
			}
			pulls[pr.GetNumber()] = true
			if pr.GetMergedAt().IsZero() {
				continue
			}
			var full *gh.PullRequest
			if err := c.call(ctx, "reading a pull request", func() (*gh.Response, error) {
				var resp *gh.Response
				var err error
				full, resp, err = c.gh.PullRequests.Get(ctx, c.owner, c.repo, pr.GetNumber())
				return resp, err
			}); err != nil {
				return nil, fmt.Errorf("reading pull request #%d: %w", pr.GetNumber(), err)
			}
			add(full.GetMergedBy().GetLogin())
		}
	}
	return out, nil
}

// comparedCommits are the commits head ships over base (`git log base..head`), oldest first,
// read page by page from GitHub's compare (its list without paging stops at 250 commits).
func (c *Client) comparedCommits(ctx context.Context, base, head string) ([]*gh.RepositoryCommit, error) {
	var out []*gh.RepositoryCommit
	opts := &gh.ListOptions{PerPage: 100}
	for {
		var cmp *gh.CommitsComparison
		var resp *gh.Response
		err := c.call(ctx, "comparing commits", func() (*gh.Response, error) {
			var err error
			cmp, resp, err = c.gh.Repositories.CompareCommits(ctx, c.owner, c.repo, base, head, opts)
			return resp, err
		})
		if err != nil {
			return nil, err
		}
		out = append(out, cmp.Commits...)
		if resp.NextPage == 0 {
			return out, nil
		}
		opts.Page = resp.NextPage
	}
}

// pullsOf are the pull requests associated with sha, every page.
func (c *Client) pullsOf(ctx context.Context, sha string) ([]*gh.PullRequest, error) {
	var out []*gh.PullRequest
	opts := &gh.ListOptions{PerPage: 100}
	for {
		var prs []*gh.PullRequest
		var resp *gh.Response
		err := c.call(ctx, "listing pull requests of a commit", func() (*gh.Response, error) {
			var err error
			prs, resp, err = c.gh.PullRequests.ListPullRequestsWithCommit(ctx, c.owner, c.repo, sha, opts)
			return resp, err
		})
		if err != nil {
			return nil, err
		}
		out = append(out, prs...)
		if resp.NextPage == 0 {
			return out, nil
		}
		opts.Page = resp.NextPage
	}
}

// CommitOfDigest is the commit digest was built from, as its first recorded deploy says (""
// when none of the newest deploys is of it). Feedback.CommitOf, for dispatched commands.
func (c *Client) CommitOfDigest(ctx context.Context, digest string) (string, error) {
	first, err := c.firstDeployOf(ctx, digest)
	if err != nil || first == nil {
		return "", err
	}
	return first.SHA, nil
}

// firstDeployOf is the first deploy of digest recorded among the newest deploys of every
// environment, or nil.
func (c *Client) firstDeployOf(ctx context.Context, digest string) (*Record, error) {
	var first *Record
	seen := 0
	err := deployKind.listed(ctx, c, "", func(r *Record) (bool, error) {
		seen++
		if r.Payload.Digest == digest {
			first = r // newest first: the last one met is the first recorded
		}
		return seen >= originWindow, nil
	})
	return first, err
}

// CommitAuthor is the GitHub login of sha's author ("" when GitHub links the commit to no
// account, as with an e-mail address no account has).
func (c *Client) CommitAuthor(ctx context.Context, sha string) (string, error) {
	rc, err := c.commit(ctx, sha)
	if err != nil {
		return "", fmt.Errorf("reading commit %s: %w", sha, err)
	}
	return rc.GetAuthor().GetLogin(), nil
}
