package github

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/approval"

	gh "github.com/google/go-github/v92/github"

	"github.com/greenlight-cd/greenlight/pkg/dora"
	"github.com/greenlight-cd/greenlight/pkg/governance"
)

// GitHub Deployments are where Greenlight keeps its records: the deploys (the inventory and
// the audit trail), and beside them, each under a task of its own, the other kinds of record
// below. This file is the one place that knows them: the kinds, their tasks and payload types,
// how their deployments are created, and what their statuses mean. Every reader and writer in
// this package goes through a kind; none builds a deployment or parses a payload itself.

// The tasks of the records Greenlight keeps in GitHub Deployments, one per kind.
const (
	// deployTask is the task of deploys: the deployment is the deploy, its payload a Payload,
	// its latest state what the environment runs (success) or what became of the deploy.
	deployTask = "deploy"

	// ClaimTask is the task of the GitHub deployments that claim an environment while one run
	// moves traffic there. A claim is live while its newest status is in_progress and younger
	// than the claim's time to live: the claimant renews it as it works, so a crashed run's
	// claim expires. (The task's value predates the name: records already written keep
	// counting.)
	ClaimTask = "greenlight:hold"

	// LockTask is the task of the GitHub deployments that hold environment locks: a lock is
	// such a deployment whose latest state is success; unlocking marks it inactive. Locks thus
	// live in GitHub beside the deploys, with their own audit trail.
	LockTask = "greenlight:lock"

	// DecisionTask is the task of the GitHub deployments that hold approval decisions: one
	// deployment per decision, in the decision's environment, with the decision as its payload
	// and a status whose description says who decided what. They show on the repository's
	// Deployments page beside the deploys, and later runs read them back
	// (approval.Decisions).
	DecisionTask = "greenlight:decision"

	// AuditTask is the task of the GitHub deployments that audit what people did from Slack
	// (or elsewhere): one deployment per decision or command, in its environment (AuditNoEnv
	// when it names none), with the entry as payload and a status whose description says it
	// in one line (success: done or allowed; failure: refused; error: it failed). They show on
	// the repository's Deployments page, and AuditLog reads them back.
	AuditTask = "greenlight:audit"

	// ReleaseTask is the task of the GitHub deployments that record releases apart from
	// deploys: a feature flag's share of users changing while the code that runs stays the
	// same.
	ReleaseTask = "greenlight:release"

	// HeldTask is the task of the GitHub deployments that record a release a policy held (a
	// freeze, deploy hours): governance.HeldRelease as the payload, with the hold's end time in
	// its typed Until. `greenlight due --resume` reads them back; ResumeTask records that one
	// was resumed.
	HeldTask = "greenlight:held"

	// ResumeTask is the task of the GitHub deployments that record the resumption of a held
	// release: the first one recorded for a hold (the lowest deployment ID) stands, as
	// decisions do, so two `greenlight due` runs never dispatch the same promote twice.
	ResumeTask = "greenlight:resume"
)

// AuditNoEnv is the environment of entries that name none (such as /greenlight status).
const AuditNoEnv = "greenlight-audit"

// auditEnv is the environment an audit entry about env is recorded in. Every other kind is
// recorded in the environment it is about.
func auditEnv(env string) string {
	if env == "" {
		return AuditNoEnv
	}
	return env
}

// The kinds of record, each with its task and payload type. Only deploys are in the
// environment's inventory: every other kind is written to a transient environment's
// deployment, and its statuses never retire the environment's deploys.
var (
	deployKind   = kind[Payload]{task: deployTask, production: productionAsked, retires: true}
	claimKind    = kind[claimPayload]{task: ClaimTask, transient: true, sealed: true}
	lockKind     = kind[lockPayload]{task: LockTask, transient: true}
	decisionKind = kind[approval.Decision]{task: DecisionTask, transient: true, production: productionNever}
	auditKind    = kind[AuditEntry]{task: AuditTask, transient: true, production: productionNever}
	releaseKind  = kind[releasePayload]{task: ReleaseTask, sealed: true}
	heldKind     = kind[governance.HeldRelease]{task: HeldTask, transient: true, production: productionNever, sealed: true}
	resumeKind   = kind[Resumption]{task: ResumeTask, transient: true, production: productionNever, sealed: true}
)

// The states of a deployment, as GitHub names them.
const (
	stateQueued     = "queued"
	statePending    = "pending"
	stateInProgress = "in_progress"
	stateSuccess    = "success"
	stateFailure    = "failure"
	stateError      = "error"
	stateInactive   = "inactive"
)

// final says whether a deployment in state st stays so: GitHub lists its statuses once per run.
func final(st string) bool {
	return st == stateFailure || st == stateError || st == stateInactive
}

// kind is one kind of record: the deployments of one task, whose payload is a P.
type kind[P any] struct {
	task string
	// transient marks the record's environment transient: GitHub keeps it out of the
	// environment's inventory.
	transient bool
	// production is what the deployment says of production_environment.
	production production
	// retires leaves a status's auto_inactive to GitHub, whose success then marks the
	// environment's earlier successful deploys inactive: deploys do; every other kind writes
	// auto_inactive false, so that it never retires what the environment runs.
	retires bool
	// sealed: every status the client writes carries a MAC made with the record key
	// (trust.go, statusMAC), and with a key a reader takes the record's state only from the
	// statuses that carry one: any workflow's token could write the others.
	sealed bool
}

// production is what a kind's deployments say of production_environment.
type production int

const (
	productionUnsaid production = iota // not sent: GitHub decides from the environment's name
	productionNever                    // false
	productionAsked                    // as the writer says (a deploy to a production environment)
)

// place is where a record is written: its environment, the ref its deployment points at and,
// for kinds that ask (deploys), whether the environment is a production one.
type place struct {
	env, ref   string
	production bool
}

// create writes a record of kind k at pl with payload p and description desc (cut to GitHub's
// 140 bytes). It does not write a status: a new deployment has none until mark.
func (k kind[P]) create(ctx context.Context, c *Client, pl place, p P, desc string) (*Record, error) {
	req := gh.DeploymentRequest{Ref: pl.ref, Task: new(k.task), AutoMerge: new(false), RequiredContexts: []string{},
		Payload: p, Environment: new(pl.env), Description: new(truncate(desc, 140))}
	if k.transient {
		req.TransientEnvironment = new(true)
	}
	switch k.production {
	case productionNever:
		req.ProductionEnvironment = new(false)
	case productionAsked:
		req.ProductionEnvironment = new(pl.production)
	}
	d, err := c.createDeployment(ctx, req)
	if err != nil {
		return nil, err
	}
	r := record(&d.Deployment)
	r.app = d.App.GetID()
	return r, nil
}

// status is one status of a record: its state, its description (cut to GitHub's 140 bytes)
// and its URLs ("" for none).
type status struct {
	state, desc    string
	logURL, envURL string
	// gitHubAutoInactive leaves auto_inactive to GitHub on a kind that does not retire deploys
	// (see kind.retires): the status that lifts a lock has always been written so.
	gitHubAutoInactive bool
}

// mark writes st on the record id of kind k.
func (k kind[P]) mark(ctx context.Context, c *Client, id int64, st status) error {
	desc := truncate(st.desc, 140)
	if k.sealed && len(c.recordKey) > 0 {
		desc = c.sealStatus(k.task, id, st.state, st.desc, time.Now())
	}
	req := gh.DeploymentStatusRequest{State: st.state, Description: &desc,
		LogURL: nonEmpty(st.logURL), EnvironmentURL: nonEmpty(st.envURL)}
	if !k.retires && !st.gitHubAutoInactive {
		req.AutoInactive = new(false)
	}
	return c.createStatus(ctx, id, req)
}

// each walks the records of kind k in env ("" for every environment), newest first, each with
// its state, until fn says stop (see Client.Each).
func (k kind[P]) each(ctx context.Context, c *Client, env string, fn func(*Record) (stop bool, err error)) error {
	return c.Each(ctx, env, k.task, fn)
}

// listed walks the records of kind k in env as GitHub lists them, newest first, without
// reading their statuses (State is empty), until fn says stop.
func (k kind[P]) listed(ctx context.Context, c *Client, env string, fn func(*Record) (stop bool, err error)) error {
	return c.eachListed(ctx, env, k.task, fn)
}

// newest returns the records of kind k in env, newest first, at most n (0: all), with their
// states.
func (k kind[P]) newest(ctx context.Context, c *Client, env string, n int) ([]*Record, error) {
	var out []*Record
	err := k.each(ctx, c, env, func(r *Record) (bool, error) {
		out = append(out, r)
		return n > 0 && len(out) == n, nil
	})
	return out, err
}

// payload is r's payload as a P: the zero P when r has none, and an error (with what could be
// read) when it is not a P's JSON. Anyone with deployments: write writes payloads: a reader
// checks what it acts on.
func (k kind[P]) payload(r *Record) (P, error) {
	var p P
	err := jsonUnmarshal(r.Raw, &p)
	return p, err
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
	// Payload is the payload read as a deploy's.
	Payload Payload
	// Raw is the payload as GitHub holds it (a lock's is not a deploy's).
	Raw json.RawMessage
	// Production is the deployment's production_environment (the pipeline marks its production
	// environments so), as listed; false on a record read otherwise.
	Production bool

	// Served says whether a success status of it carries the MAC that only a job holding the
	// record key makes (trust.go): Greenlight itself recorded that it served all of
	// Environment's traffic. Only such records decide where a rollback may go.
	Served bool

	// creatorType is the type of Creator's account: User, Bot.
	creatorType string
	// app is the GitHub App the deployment was created through (performed_via_github_app;
	// 0 for a person's token).
	app int64
	// inactiveBy are the writers of its inactive statuses, newest first.
	inactiveBy []writer
	// servedAfter is the served deployment its signed success names as the one before it.
	servedAfter int64
	// task is the deployment's task; sealedState and sealedAt the state and time of its
	// status that carries the record key's MAC (a sealed kind's) and was written last by the
	// time it says (trust.go, verifiesStatus), "" when none does.
	task        string
	sealedState string
	sealedAt    time.Time
}

// writer is the account that created r, as GitHub recorded it.
func (r *Record) writer() writer { return writer{login: r.Creator, typ: r.creatorType, app: r.app} }

// deploymentJSON is a deployment as GitHub's REST API returns it, with what go-github's type
// leaves out.
type deploymentJSON struct {
	gh.Deployment
	App                   *gh.App `json:"performed_via_github_app,omitempty"`
	ProductionEnvironment bool    `json:"production_environment"`
}

// statusJSON is a deployment status as GitHub's REST API returns it, with what go-github's
// type leaves out.
type statusJSON struct {
	gh.DeploymentStatus
	App *gh.App `json:"performed_via_github_app,omitempty"`
}

func record(d *gh.Deployment) *Record {
	r := &Record{ID: d.GetID(), Environment: d.GetEnvironment(), SHA: d.GetSHA(), Ref: d.GetRef(),
		Creator: d.GetCreator().GetLogin(), creatorType: d.GetCreator().GetType(), Created: d.GetCreatedAt().Time, task: d.GetTask()}
	if len(d.Payload) > 0 {
		json.Unmarshal(d.Payload, &r.Payload)
		r.Raw = d.Payload
	}
	return r
}

func (c *Client) createDeployment(ctx context.Context, req gh.DeploymentRequest) (*deploymentJSON, error) {
	var d *deploymentJSON
	err := c.call(ctx, "creating a deployment", func() (*gh.Response, error) {
		r, err := c.gh.NewRequest(ctx, "POST", fmt.Sprintf("repos/%s/%s/deployments", c.owner, c.repo), req)
		if err != nil {
			return nil, err
		}
		d = new(deploymentJSON)
		return c.gh.Do(r, d)
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
	for page := 1; page != 0; {
		q := url.Values{"per_page": {"100"}, "page": {strconv.Itoa(page)}}
		if env != "" {
			q.Set("environment", env)
		}
		if task != "" {
			q.Set("task", task)
		}
		var ds []*deploymentJSON
		var resp *gh.Response
		err := c.call(ctx, "listing deployments", func() (*gh.Response, error) {
			req, err := c.gh.NewRequest(ctx, "GET", fmt.Sprintf("repos/%s/%s/deployments?%s", url.PathEscape(c.owner), url.PathEscape(c.repo), q.Encode()), nil)
			if err != nil {
				return nil, err
			}
			ds = nil
			resp, err = c.gh.Do(req, &ds)
			return resp, err
		})
		if err != nil {
			return err
		}
		for _, d := range ds {
			r := record(&d.Deployment)
			r.app, r.Production = d.App.GetID(), d.ProductionEnvironment
			stop, err := fn(r)
			if stop || err != nil {
				return err
			}
		}
		page = resp.NextPage
	}
	return nil
}

// deploymentState is what a deployment's statuses say.
type deploymentState struct {
	state, envURL, logURL string
	succeeded             bool
	// served: a success status carries Greenlight's MAC (Record.Served); servedAfter is the
	// served deployment its newest such status names as the one before it.
	served      bool
	servedAfter int64
	// inactiveBy are the writers of its inactive statuses, newest first.
	inactiveBy []writer
	// sealedState, sealedAt: its status that carries the record key's MAC and was written
	// last by its stamp (Record.sealedState).
	sealedState string
	sealedAt    time.Time
}

// statuses fills the record's state from its statuses (GitHub lists them newest first; every
// page is read, allStatuses). Final states (failure,
// error, inactive) are remembered for the rest of the run.
func (c *Client) statuses(ctx context.Context, r *Record) error {
	c.mu.Lock()
	st, ok := c.final[r.ID]
	c.mu.Unlock()
	if !ok {
		ss, err := c.allStatuses(ctx, r.ID)
		if err != nil {
			return err
		}
		for i, s := range ss {
			if i == 0 {
				st.state, st.envURL, st.logURL = s.GetState(), s.GetEnvironmentURL(), s.GetLogURL()
			}
			if ok, at := c.verifiesStatus(r, s.GetState(), s.GetDescription()); ok {
				// The sealed state is the one written last by its own stamp, not by where a
				// copy of it sits in the list; its time is the earlier of the stamp and
				// GitHub's time (a copy is newer to GitHub only).
				if created := s.GetCreatedAt().Time; created.Before(at) {
					at = created
				}
				later := st.sealedState == "" || at.After(st.sealedAt) ||
					at.Equal(st.sealedAt) && s.GetState() == stateInactive && st.sealedState != stateInactive
				if later {
					st.sealedState, st.sealedAt = s.GetState(), at
				}
			}
			switch s.GetState() {
			case stateSuccess:
				st.succeeded = true
				if ok, prev := c.verifiesServed(r, s.GetDescription()); ok && !st.served {
					st.served, st.servedAfter = true, prev
				}
			case stateInactive:
				st.inactiveBy = append(st.inactiveBy, writerOf(s.Creator, s.App))
			}
		}
		// A sealed kind's state is its newest sealed status: any token may write an
		// unsealed inactive on a live claim, and remembering that as final would hide the
		// claimant's later renewals for the rest of the run.
		if final(st.state) && (!sealedTask(r.task) || len(c.recordKey) == 0 || final(st.sealedState)) {
			c.mu.Lock()
			c.final[r.ID] = st
			c.mu.Unlock()
		}
	}
	r.State, r.EnvironmentURL, r.LogURL, r.Succeeded = st.state, st.envURL, st.logURL, st.succeeded
	r.Served, r.servedAfter, r.inactiveBy = st.served, st.servedAfter, st.inactiveBy
	r.sealedState, r.sealedAt = st.sealedState, st.sealedAt
	return nil
}

// maxStatusPages bounds how many pages of one deployment's statuses a read takes (100 a
// page): past it the record cannot be read whole, and the read fails rather than decide on
// part of it.
const maxStatusPages = 30

// allStatuses lists every status of deployment id, newest first. Every page is read: any
// token with deployments: write can add statuses, and 100 of them would otherwise push a
// lock's success, a claim's sealed renewals or a served release's signed success off the one
// page read (TestAFloodOfStatusesDoesNotHideALock).
func (c *Client) allStatuses(ctx context.Context, id int64) ([]*statusJSON, error) {
	var out []*statusJSON
	for page := 1; page != 0; {
		if page > maxStatusPages {
			return nil, fmt.Errorf("deployment %d has more than %d statuses (a token with deployments: write may have flooded it): its record cannot be read whole; "+
				"look at it on the repository's Deployments page", id, maxStatusPages*100)
		}
		var ss []*statusJSON
		var resp *gh.Response
		err := c.call(ctx, "listing deployments", func() (*gh.Response, error) {
			req, err := c.gh.NewRequest(ctx, "GET", fmt.Sprintf("repos/%s/%s/deployments/%d/statuses?per_page=100&page=%d", c.owner, c.repo, id, page), nil)
			if err != nil {
				return nil, err
			}
			ss = nil
			resp, err = c.gh.Do(req, &ss)
			return resp, err
		})
		if err != nil {
			return nil, err
		}
		out = append(out, ss...)
		page = resp.NextPage
	}
	return out, nil
}

// sealedTask says whether records of task are of a sealed kind (kind.sealed).
func sealedTask(task string) bool {
	switch task {
	case claimKind.task:
		return claimKind.sealed
	case releaseKind.task:
		return releaseKind.sealed
	case heldKind.task:
		return heldKind.sealed
	case resumeKind.task:
		return resumeKind.sealed
	}
	return false
}

// forget drops what the run remembers of deployment id's statuses, to read them again.
func (c *Client) forget(id int64) {
	c.mu.Lock()
	delete(c.final, id)
	c.mu.Unlock()
}

// lastStatusTime is when the deployment's newest status was written.
func (c *Client) lastStatusTime(ctx context.Context, id int64) (time.Time, error) {
	var ss []*gh.DeploymentStatus
	err := c.call(ctx, "listing deployments", func() (*gh.Response, error) {
		var resp *gh.Response
		var err error
		ss, resp, err = c.gh.Repositories.ListDeploymentStatuses(ctx, c.owner, c.repo, id, &gh.ListOptions{PerPage: 1})
		return resp, err
	})
	if err != nil || len(ss) == 0 {
		return time.Time{}, err
	}
	return ss[0].GetCreatedAt().Time, nil
}

// deploymentStatuses lists every status of deployment id with its time, newest first.
func (c *Client) deploymentStatuses(ctx context.Context, id int64) ([]dora.Status, error) {
	var out []dora.Status
	opts := &gh.ListOptions{PerPage: 100}
	for {
		var ss []*gh.DeploymentStatus
		var resp *gh.Response
		err := c.call(ctx, "listing deployments", func() (*gh.Response, error) {
			var err error
			ss, resp, err = c.gh.Repositories.ListDeploymentStatuses(ctx, c.owner, c.repo, id, opts)
			return resp, err
		})
		if err != nil {
			return nil, err
		}
		for _, s := range ss {
			out = append(out, dora.Status{State: s.GetState(), At: s.GetCreatedAt().Time})
		}
		if resp.NextPage == 0 {
			return out, nil
		}
		opts.Page = resp.NextPage
	}
}

func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func jsonUnmarshal(b []byte, v any) error {
	if len(b) == 0 {
		return nil
	}
	return json.Unmarshal(b, v)
}
