package github

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	gh "github.com/google/go-github/v92/github"

	"github.com/greenlight-cd/greenlight/pkg/greenlight"
)

// Protection is what GitHub says restricts who may deploy to an environment ("Get an
// environment" and "List deployment branch policies").
type Protection struct {
	// Exists is false when the repository has no environment of that name (404).
	Exists bool
	// ProtectedBranches: only branches with branch protection rules may deploy.
	ProtectedBranches bool
	// Custom: only branches and tags matching Policies may deploy.
	Custom bool
	// Policies are the custom deployment branch and tag policies, such as "branch main".
	Policies []BranchPolicy
	// Reviewers is how many required reviewers the environment has; WaitTimer its wait timer
	// in minutes.
	Reviewers, WaitTimer int
}

// BranchPolicy is one custom deployment branch policy: a name pattern of Type "branch" or "tag".
type BranchPolicy struct{ Name, Type string }

// Open says why any workflow run, on a branch or tag anyone with write access can push, may
// deploy to the environment and read its secrets, or "" when it may not: no deployment branch
// policy (GitHub's default), or a custom policy whose pattern matches every name ("*", "**").
func (p Protection) Open() string {
	switch {
	case p.ProtectedBranches:
		return ""
	case !p.Custom:
		return "open to every branch (no deployment branch policy)"
	}
	for _, bp := range p.Policies {
		if matchesAnyName(bp.Name) {
			typ := bp.Type
			if typ == "" {
				typ = "branch"
			}
			return fmt.Sprintf("open to every %s (its deployment %s policy %q matches any name)", typ, typ, bp.Name)
		}
	}
	return ""
}

// matchesAnyName is whether a deployment branch policy's pattern (GitHub's fnmatch: * any
// characters but /, ** any characters, ? one character) has nothing that a name must contain:
// only wildcards and slashes, so whoever pushes a branch can pick a name it matches.
func matchesAnyName(pattern string) bool {
	return strings.Trim(pattern, "*?/") == "" && strings.Contains(pattern, "*")
}

// EnvironmentProtection reads env's protection from GitHub: GET
// /repos/{owner}/{repo}/environments/{env} and, with custom policies,
// .../deployment-branch-policies. The token needs `actions: read` (GitHub's docs for both).
func (c *Client) EnvironmentProtection(ctx context.Context, env string) (Protection, error) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	var e *gh.Environment
	var status int
	err := c.call(ctx, "reading an environment", func() (*gh.Response, error) {
		var resp *gh.Response
		var err error
		e, resp, err = c.gh.Repositories.GetEnvironment(ctx, c.owner, c.repo, env)
		if resp != nil {
			status = resp.StatusCode
		}
		return resp, err
	})
	if status == http.StatusNotFound {
		return Protection{}, nil
	}
	if err != nil {
		return Protection{}, err
	}
	p := Protection{Exists: true}
	if bp := e.DeploymentBranchPolicy; bp != nil {
		p.ProtectedBranches, p.Custom = bp.GetProtectedBranches(), bp.GetCustomBranchPolicies()
	}
	for _, r := range e.ProtectionRules {
		switch r.GetType() {
		case "required_reviewers":
			p.Reviewers += len(r.Reviewers)
		case "wait_timer":
			p.WaitTimer = r.GetWaitTimer()
		}
	}
	if !p.Custom {
		return p, nil
	}
	opts := &gh.ListOptions{PerPage: 100}
	for {
		var list *gh.DeploymentBranchPolicyResponse
		var resp *gh.Response
		err := c.call(ctx, "reading an environment", func() (*gh.Response, error) {
			var err error
			list, resp, err = c.gh.Repositories.ListDeploymentBranchPolicies(ctx, c.owner, c.repo, env, opts)
			return resp, err
		})
		if err != nil {
			return Protection{}, err
		}
		for _, bp := range list.BranchPolicies {
			p.Policies = append(p.Policies, BranchPolicy{Name: bp.GetName(), Type: bp.GetType()})
		}
		if resp.NextPage == 0 {
			return p, nil
		}
		opts.Page = resp.NextPage
	}
}

// Protected implements greenlight.Ledger: a production or gated environment must be a GitHub
// Environment that only the default branch (or protected branches) may deploy to, since its
// secrets (the signing key, GREENLIGHT_RECORD_KEY, the cluster's credentials) and the right to
// move it belong to reviewed code only. One that is open to every branch refuses the run, saying
// what to set with gh api, unless env.AllowAnyBranch says so explicitly (then a warning). A
// protection that cannot be read refuses the run too, saying why.
func (l *Ledger) Protected(ctx context.Context, env *greenlight.Environment) (string, error) {
	warning, err := l.protected(ctx, env)
	if err != nil {
		return "", err
	}
	forged, err := l.forgedClaims(ctx, env.Name)
	if err != nil {
		return "", fmt.Errorf("reading the claims on %s: %w", env.Name, err)
	}
	return strings.Join(slices.DeleteFunc(append([]string{warning}, forged...), func(s string) bool { return s == "" }), "; "), nil
}

// forgedClaimsRead is how many of an environment's newest claims the run's start reads for
// forged ones: a forged claim stops nothing, but people should see one was tried.
const forgedClaimsRead = 10

// forgedClaims names, among env's newest claims, those in progress whose statuses carry no
// record key seal (with the key; none without): written by a token that is not a run's, and
// ignored ("not trusted: ...").
func (l *Ledger) forgedClaims(ctx context.Context, env string) ([]string, error) {
	if len(l.c.recordKey) == 0 {
		return nil, nil
	}
	var out []string
	n := 0
	err := claimKind.each(ctx, l.c, env, func(r *Record) (bool, error) {
		n++
		if r.State == stateInProgress && r.sealedState == "" {
			out = append(out, fmt.Sprintf("not trusted: claim %d on %s by %s carries no seal of the record key, and is ignored", r.ID, env, r.writer()))
		}
		return n >= forgedClaimsRead, nil
	})
	return out, err
}

// protected is Protected's check of the GitHub Environment.
func (l *Ledger) protected(ctx context.Context, env *greenlight.Environment) (string, error) {
	if !slices.Contains(l.prod, env.Name) && !env.Approval.Gated() {
		return "", nil
	}
	p, err := l.c.EnvironmentProtection(ctx, env.Name)
	if err != nil {
		return "", fmt.Errorf("cannot check that only reviewed code may deploy to %s, so nothing moves: %w", env.Name, err)
	}
	repo := l.c.Repository()
	var why string
	switch open := p.Open(); {
	case !p.Exists:
		why = fmt.Sprintf("%s is not an environment of %s (GitHub answers 404 for it), so nothing keeps a workflow on another branch from deploying there", env.Name, repo)
	case open != "":
		why = fmt.Sprintf("the GitHub Environment %s of %s is %s: a workflow on any branch gets its secrets and can deploy", env.Name, repo, open)
	default:
		return "", nil
	}
	branch := "main"
	if b, err := l.c.DefaultBranch(ctx); err == nil {
		branch = b
	}
	fix := RestrictCommands(repo, env.Name, branch)
	if env.AllowAnyBranch {
		return why + " (accepted: Environment.AllowAnyBranch is set; to restrict it: " + fix + ")", nil
	}
	return "", errors.New(why + "; restrict it to " + branch + ": " + fix + " (or set AllowAnyBranch on the environment in the pipeline to accept it)")
}

// RestrictCommands are the gh api commands that restrict the environment env of repo to the
// branch branch (creating the environment if it does not exist), one line.
func RestrictCommands(repo, env, branch string) string {
	return fmt.Sprintf("gh api -X PUT repos/%s/environments/%s -F 'deployment_branch_policy[protected_branches]=false' -F 'deployment_branch_policy[custom_branch_policies]=true' && gh api -X POST repos/%s/environments/%s/deployment-branch-policies -f name=%s -f type=branch",
		repo, env, repo, env, branch)
}
