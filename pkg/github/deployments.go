package github

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	gh "github.com/google/go-github/v92/github"

	"github.com/greenlight-cd/greenlight/pkg/protocol"
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

// Record is one deployment with its latest state.
type Record struct {
	ID          int64
	Environment string
	SHA         string
	Ref         string
	Creator     string
	Created     time.Time
	// State is the latest status: in_progress, success, failure, error, inactive, queued, pending.
	State string
	// Succeeded says whether it ever reached success (a superseded one is inactive now).
	Succeeded      bool
	EnvironmentURL string
	LogURL         string
	Payload        Payload
	// Raw is the payload as GitHub holds it (a lock's is not a deploy's).
	Raw json.RawMessage
}

// Begin records the start of a deploy of sha to env: a deployment with the payload, and the
// in_progress status with the run's log URL. GitHub's own checks on the ref are skipped
// (required_contexts is empty): Greenlight checked that the commit is green itself.
func (c *Client) Begin(ctx context.Context, env, sha, ref string, p Payload, production bool) (*Record, error) {
	desc := fmt.Sprintf("greenlight: %s", shortDigest(p.Digest))
	req := gh.DeploymentRequest{
		Ref: sha, Task: new("deploy"), AutoMerge: new(false), RequiredContexts: []string{},
		Payload: p, Environment: new(env), Description: new(desc), ProductionEnvironment: new(production),
	}
	d, err := c.createDeployment(ctx, req)
	if err != nil {
		return nil, err
	}
	rec := record(d)
	rec.Ref = ref
	if err := c.SetState(ctx, rec, "in_progress", "", p.RunURL, "deploying "+shortDigest(p.Digest)); err != nil {
		return rec, err
	}
	return rec, nil
}

// SetState adds a status to the deployment: in_progress, success, failure, error or inactive.
func (c *Client) SetState(ctx context.Context, r *Record, state, envURL, logURL, desc string) error {
	req := gh.DeploymentStatusRequest{State: state, Description: new(truncate(desc, 140))}
	if envURL != "" {
		req.EnvironmentURL = new(envURL)
	}
	if logURL != "" {
		req.LogURL = new(logURL)
	}
	err := c.createStatus(ctx, r.ID, req)
	if err == nil {
		r.State = state
		r.Succeeded = r.Succeeded || state == "success"
	}
	return err
}

func (c *Client) createDeployment(ctx context.Context, req gh.DeploymentRequest) (*gh.Deployment, error) {
	var d *gh.Deployment
	err := c.call(ctx, "creating a deployment", func() (*gh.Response, error) {
		var resp *gh.Response
		var err error
		d, resp, err = c.gh.Repositories.CreateDeployment(ctx, c.owner, c.repo, req)
		return resp, err
	})
	return d, err
}

// createStatus writes a deployment status. It retries server errors longer than other calls
// (six attempts, about 30 s of back-off): a status that is not written leaves GitHub saying
// in_progress about something that has finished.
func (c *Client) createStatus(ctx context.Context, id int64, req gh.DeploymentStatusRequest) error {
	c.mu.Lock()
	delete(c.final, id)
	c.mu.Unlock()
	return c.callN(ctx, "setting deployment state", 6, func() (*gh.Response, error) {
		_, resp, err := c.gh.Repositories.CreateDeploymentStatus(ctx, c.owner, c.repo, id, req)
		return resp, err
	})
}

func record(d *gh.Deployment) *Record {
	r := &Record{ID: d.GetID(), Environment: d.GetEnvironment(), SHA: d.GetSHA(), Ref: d.GetRef(),
		Creator: d.GetCreator().GetLogin(), Created: d.GetCreatedAt().Time}
	if len(d.Payload) > 0 {
		json.Unmarshal(d.Payload, &r.Payload)
		r.Raw = d.Payload
	}
	return r
}

// History returns env's deployments, newest first, at most n (0: all), each with its latest
// state and whether it ever succeeded. It reads only the pages it needs.
func (c *Client) History(ctx context.Context, env string, n int) ([]*Record, error) {
	var out []*Record
	err := c.Each(ctx, env, "deploy", func(r *Record) (bool, error) {
		out = append(out, r)
		return n > 0 && len(out) == n, nil
	})
	return out, err
}

// list returns env's deployments of task, newest first, at most n (0: all), with their states.
func (c *Client) list(ctx context.Context, env, task string, n int) ([]*Record, error) {
	var out []*Record
	err := c.Each(ctx, env, task, func(r *Record) (bool, error) {
		out = append(out, r)
		return n > 0 && len(out) == n, nil
	})
	return out, err
}

// Each walks env's deployments of task ("" for every environment), newest first, and calls fn
// with each, its state filled in, until fn says stop. Pages are read as the walk needs them
// (100 deployments a page, one request), and a deployment's
// statuses are read only when it is visited, and only once per run once it is in a final
// state. That keeps a run's requests flat however long the history grows.
func (c *Client) Each(ctx context.Context, env, task string, fn func(*Record) (stop bool, err error)) error {
	return c.eachListed(ctx, env, task, func(r *Record) (bool, error) {
		if err := c.statuses(ctx, r); err != nil {
			return true, err
		}
		return fn(r)
	})
}

// eachListed walks env's deployments of task, newest first, as GitHub lists them (no
// statuses read), page by page until fn says stop.
func (c *Client) eachListed(ctx context.Context, env, task string, fn func(*Record) (stop bool, err error)) error {
	opts := &gh.DeploymentsListOptions{Environment: env, Task: task, ListOptions: gh.ListOptions{PerPage: 100}}
	for {
		var ds []*gh.Deployment
		var resp *gh.Response
		err := c.call(ctx, "listing deployments", func() (*gh.Response, error) {
			var err error
			ds, resp, err = c.gh.Repositories.ListDeployments(ctx, c.owner, c.repo, opts)
			return resp, err
		})
		if err != nil {
			return err
		}
		for _, d := range ds {
			stop, err := fn(record(d))
			if stop || err != nil {
				return err
			}
		}
		if resp.NextPage == 0 {
			return nil
		}
		opts.Page = resp.NextPage
	}
}

// deploymentState is what a deployment's statuses say.
type deploymentState struct {
	state, envURL, logURL string
	succeeded             bool
}

// statuses fills the record's state from its newest statuses (GitHub lists them newest first;
// one page of 100 tells the state and whether it ever succeeded). Final states (failure,
// error, inactive) are remembered for the rest of the run.
func (c *Client) statuses(ctx context.Context, r *Record) error {
	c.mu.Lock()
	st, ok := c.final[r.ID]
	c.mu.Unlock()
	if !ok {
		var ss []*gh.DeploymentStatus
		err := c.call(ctx, "listing deployments", func() (*gh.Response, error) {
			var resp *gh.Response
			var err error
			ss, resp, err = c.gh.Repositories.ListDeploymentStatuses(ctx, c.owner, c.repo, r.ID, &gh.ListOptions{PerPage: 100})
			return resp, err
		})
		if err != nil {
			return err
		}
		for i, s := range ss {
			if i == 0 {
				st.state, st.envURL, st.logURL = s.GetState(), s.GetEnvironmentURL(), s.GetLogURL()
			}
			st.succeeded = st.succeeded || s.GetState() == "success"
		}
		if st.state == "failure" || st.state == "error" || st.state == "inactive" {
			c.mu.Lock()
			c.final[r.ID] = st
			c.mu.Unlock()
		}
	}
	r.State, r.EnvironmentURL, r.LogURL, r.Succeeded = st.state, st.envURL, st.logURL, st.succeeded
	return nil
}

// Current is what env runs: its newest deployment whose latest state is success. Nil when
// nothing was ever deployed there successfully.
func (c *Client) Current(ctx context.Context, env string) (*Record, error) {
	var cur *Record
	err := c.Each(ctx, env, "deploy", func(r *Record) (bool, error) {
		if r.State == "success" {
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
func (c *Client) ShouldDeploy(ctx context.Context, env, sha string) (Decision, error) {
	cur, err := c.Current(ctx, env)
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

// RollbackTarget chooses what a rollback of env redeploys: with to empty, the newest earlier
// deployment that succeeded with another image; otherwise the successful deployment whose
// digest, commit (7 or more hex digits) or ref is to.
func (c *Client) RollbackTarget(ctx context.Context, env, to string) (*Record, error) {
	var cur, found *Record
	err := c.Each(ctx, env, "deploy", func(r *Record) (bool, error) {
		switch {
		case cur == nil:
			if r.State == "success" {
				cur = r
			}
		case !r.Succeeded || r.Payload.Image == "":
		case to == "":
			if r.Payload.Digest != cur.Payload.Digest {
				found = r
			}
		case r.Payload.Digest == to || (len(to) >= 7 && strings.HasPrefix(r.SHA, to)) || r.Ref == to:
			found = r
		}
		return found != nil, nil
	})
	switch {
	case err != nil:
		return nil, err
	case cur == nil:
		return nil, fmt.Errorf("nothing is deployed to %s: there is nothing to roll back", env)
	case found != nil:
		return found, nil
	case to == "":
		return nil, fmt.Errorf("no earlier successful deployment of another image in %s: nothing to roll back to", env)
	}
	return nil, fmt.Errorf("no successful deployment in %s matches %q (a digest, a commit of 7+ hex digits, or a ref)", env, to)
}

// Dispatch starts the deploy workflow (by file name) on ref with the command's inputs,
// validated first, and returns the run's URL when GitHub gives it. The workflow's run reads
// them back with protocol.ParseInputs: one type, written here and read there.
func (c *Client) Dispatch(ctx context.Context, workflow, ref string, inputs protocol.Inputs) (string, error) {
	if err := inputs.Validate(); err != nil {
		return "", err
	}
	in := map[string]any{}
	for k, v := range inputs.Map() {
		in[k] = v
	}
	var det *gh.WorkflowDispatchRunDetails
	err := c.call(ctx, "dispatching the workflow", func() (*gh.Response, error) {
		var resp *gh.Response
		var err error
		det, resp, err = c.gh.Actions.CreateWorkflowDispatchEventByFileName(ctx, c.owner, c.repo, workflow,
			gh.CreateWorkflowDispatchEventRequest{Ref: ref, Inputs: in, ReturnRunDetails: new(true)})
		return resp, err
	})
	if err != nil {
		return "", err
	}
	return det.GetHTMLURL(), nil
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
	if len(s) > n {
		return s[:n-1] + "…"
	}
	return s
}

func jsonUnmarshal(b []byte, v any) error {
	if len(b) == 0 {
		return nil
	}
	return json.Unmarshal(b, v)
}

// ReadFile returns a file of the repository at ref (a branch, tag or commit) through the
// contents API: how the Slack bot reads its authorization config, so that who may do what is
// reviewed and versioned with the code.
func (c *Client) ReadFile(ctx context.Context, path, ref string) ([]byte, error) {
	var fc *gh.RepositoryContent
	err := c.call(ctx, "reading a file", func() (*gh.Response, error) {
		var resp *gh.Response
		var err error
		fc, _, resp, err = c.gh.Repositories.GetContents(ctx, c.owner, c.repo, path, &gh.RepositoryContentGetOptions{Ref: ref})
		return resp, err
	})
	if err != nil {
		return nil, fmt.Errorf("reading %s at %s: %w", path, ref, err)
	}
	if fc == nil {
		return nil, fmt.Errorf("%s is a directory, not a file", path)
	}
	s, err := fc.GetContent()
	if err != nil {
		return nil, err
	}
	return []byte(s), nil
}
