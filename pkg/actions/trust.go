package actions

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	gh "github.com/google/go-github/v92/github"

	"github.com/greenlight-cd/greenlight/pkg/protocol"
)

// Reachable says whether commit sha is on branch: GitHub's compare API from the branch to the
// commit says identical or behind.
type Reachable func(ctx context.Context, branch, sha string) (bool, error)

// Refusal is a decision not to deploy: the event is not one Greenlight trusts. It is not a
// failure: the step ends with result=skipped and exit status 0.
type Refusal struct{ Reason string }

// Error is the reason nothing is deployed.
func (r *Refusal) Error() string { return r.Reason }

func refuse(format string, args ...any) error { return &Refusal{Reason: fmt.Sprintf(format, args...)} }

// Trust decides, from the event alone and before anything is checked out or compiled, whether
// a run may deploy, and returns the run's request. branches are the branches allowed to deploy
// (empty: only the repository's default branch); sha is $GITHUB_SHA, the commit a dispatch
// runs on.
//
//   - workflow_run: only a completed, successful run of a workflow that a push started, from
//     this repository (not a fork: head_repository is the repository), on an allowed branch,
//     whose commit is still reachable from that branch (a pull request from a fork whose branch
//     is also called main passes none of these).
//   - push: only to an allowed branch; never a tag, never a deletion.
//   - workflow_dispatch: only on the default branch's ref, with valid inputs (a known command,
//     an environment name, a digest or a 7–40 hex commit).
//
// Anything else is a *Refusal that says exactly why nothing is deployed.
func Trust(ctx context.Context, name string, ev any, sha string, branches []string, reachable Reachable) (protocol.Request, error) {
	req := protocol.Request{Trigger: name, Inputs: protocol.Inputs{Command: protocol.Run}}
	allowed := func(def, branch string) bool {
		if len(branches) == 0 {
			return branch != "" && branch == def
		}
		return slices.Contains(branches, branch)
	}
	allowedText := func(def string) string {
		if len(branches) == 0 {
			return "the default branch " + def
		}
		return "the branches the pipeline deploys (" + strings.Join(branches, ", ") + ")"
	}
	switch e := ev.(type) {
	case *gh.WorkflowRunEvent:
		run, repo := e.GetWorkflowRun(), e.GetRepo()
		req.Repository, req.Commit, req.Author = repo.GetFullName(), run.GetHeadSHA(), run.GetActor().GetLogin()
		req.Actor = run.GetTriggeringActor().GetLogin()
		req.Ref = "refs/heads/" + run.GetHeadBranch()
		def := repo.GetDefaultBranch()
		switch {
		case e.GetAction() != "completed":
			return req, refuse("workflow %q is %s, not completed: nothing to deploy yet", run.GetName(), e.GetAction())
		case run.GetConclusion() != "success":
			return req, refuse("workflow %q on %s ended %q, not success: the commit is not green, nothing is deployed", run.GetName(), short(req.Commit), run.GetConclusion())
		case run.GetEvent() != "push":
			return req, refuse("workflow %q ran for a %s event, not a push: only pushed commits deploy (a pull request's code is never run with this repository's secrets)", run.GetName(), orNone(run.GetEvent()))
		case run.GetHeadRepository().GetFullName() == "" || !strings.EqualFold(run.GetHeadRepository().GetFullName(), repo.GetFullName()):
			return req, refuse("the commit %s comes from %s, not from %s: code from another repository (a fork) is never deployed", short(req.Commit), orNone(run.GetHeadRepository().GetFullName()), repo.GetFullName())
		case !allowed(def, run.GetHeadBranch()):
			return req, refuse("the commit %s was pushed to %q; only %s deploys", short(req.Commit), run.GetHeadBranch(), allowedText(def))
		case !hexSHA(req.Commit):
			return req, refuse("the workflow_run event names no valid commit (head_sha %q)", req.Commit)
		}
		if reachable == nil {
			return req, fmt.Errorf("cannot check that %s is on %s: no GitHub client", short(req.Commit), run.GetHeadBranch())
		}
		ok, err := reachable(ctx, run.GetHeadBranch(), req.Commit)
		if err != nil {
			return req, fmt.Errorf("checking that %s is on %s: %w", short(req.Commit), run.GetHeadBranch(), err)
		}
		if !ok {
			return req, refuse("the commit %s is not on %s (GitHub's compare says it is neither identical to nor behind the branch): it is not deployed", short(req.Commit), run.GetHeadBranch())
		}
		req.Why = fmt.Sprintf("workflow %q passed on %s, pushed to %s of %s", run.GetName(), short(req.Commit), run.GetHeadBranch(), repo.GetFullName())
	case *gh.PushEvent:
		repo := e.GetRepo()
		req.Repository, req.Commit, req.Ref = repo.GetFullName(), e.GetAfter(), e.GetRef()
		if e.GetHeadCommit() != nil {
			req.Author = e.GetHeadCommit().GetAuthor().GetLogin()
		}
		req.Actor = e.GetSender().GetLogin()
		if req.Author == "" {
			req.Author = req.Actor
		}
		def := repo.GetDefaultBranch()
		branch, isBranch := strings.CutPrefix(req.Ref, "refs/heads/")
		switch {
		case e.GetDeleted() || strings.Trim(req.Commit, "0") == "":
			return req, refuse("the push deleted %s: nothing to deploy", req.Ref)
		case !isBranch:
			return req, refuse("the push is to %s, not a branch: tags are not deployed", req.Ref)
		case !allowed(def, branch):
			return req, refuse("the push is to %q; only %s deploys", branch, allowedText(def))
		case !hexSHA(req.Commit):
			return req, refuse("the push event names no valid commit (after %q)", req.Commit)
		}
		req.Why = fmt.Sprintf("pushed to %s of %s", branch, repo.GetFullName())
	case *gh.WorkflowDispatchEvent:
		repo := e.GetRepo()
		req.Repository, req.Commit, req.Ref, req.Author = repo.GetFullName(), sha, e.GetRef(), e.GetSender().GetLogin()
		req.Actor = req.Author
		def := repo.GetDefaultBranch()
		if def == "" || req.Ref != "refs/heads/"+def {
			return req, refuse("the workflow was dispatched on %s; commands run only on the default branch %s (its workflow and pipeline are the reviewed ones)", orNone(req.Ref), orNone(def))
		}
		in := map[string]string{}
		if len(e.Inputs) > 0 && string(e.Inputs) != "null" {
			var raw map[string]any
			if err := json.Unmarshal(e.Inputs, &raw); err != nil {
				return req, refuse("the workflow_dispatch inputs are not an object: %v", err)
			}
			for k, v := range raw {
				s, ok := v.(string)
				if !ok && v != nil {
					s = fmt.Sprint(v)
				}
				in[k] = s
			}
		}
		inputs, err := protocol.ParseInputs(in)
		if err != nil {
			return req, refuse("invalid command: %v", err)
		}
		req.Inputs = inputs
		if !hexSHA(req.Commit) {
			return req, refuse("the dispatch names no valid commit (GITHUB_SHA %q)", sha)
		}
		req.Why = fmt.Sprintf("%s dispatched by %s on %s", inputs.Command, orNone(req.Author), def)
	default:
		return req, refuse("greenlight deploys on push, workflow_run and workflow_dispatch, not on %s: nothing is deployed", orNone(name))
	}
	return req, nil
}

func hexSHA(s string) bool {
	if len(s) != 40 {
		return false
	}
	for _, c := range s {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}
