package github

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	gh "github.com/google/go-github/v92/github"

	"github.com/greenlight-cd/greenlight/pkg/greenlight"
)

// DecisionTask is the task of the GitHub deployments that hold approval decisions: one
// deployment per decision, in the decision's environment, with the decision as its payload and a
// status whose description says who decided what. They show on the repository's Deployments
// page beside the deploys, and later runs read them back (greenlight.Decisions).
const DecisionTask = "greenlight:decision"

// Decisions keeps approval decisions in GitHub Deployments. It implements greenlight.Decisions:
// the first decision for an environment and digest stands. "First" is the deployment GitHub
// numbered first: Record writes its decision, then reads back every decision for the
// environment and digest and returns the one with the lowest ID. Two clicks racing both write;
// both read back; both return the same, earlier decision, and the later one is marked inactive.
type Decisions struct {
	c   *Client
	ref string
}

// Decisions returns the decision store of the repository; ref is the branch the decision
// deployments point at (the default branch; GitHub needs an existing ref).
func (c *Client) Decisions(ref string) *Decisions {
	if ref == "" {
		ref = "main"
	}
	return &Decisions{c: c, ref: ref}
}

var _ greenlight.Decisions = (*Decisions)(nil)

// Record implements greenlight.Decisions.
func (s *Decisions) Record(ctx context.Context, d greenlight.Decision) (greenlight.Decision, error) {
	first, _, err := s.RecordFirst(ctx, d)
	return first, err
}

// RecordFirst is Record that also says whether d is the decision that stands: the very one
// written by this call, not an equal one (two clicks of one person in the same second are
// equal decisions, and only one of them may act).
func (s *Decisions) RecordFirst(ctx context.Context, d greenlight.Decision) (greenlight.Decision, bool, error) {
	if d.Env == "" || d.Digest == "" || d.By == "" {
		return greenlight.Decision{}, false, errors.New("a decision needs an environment, a digest and who decided")
	}
	if cur, err := s.Lookup(ctx, d.Env, d.Digest); err != nil || cur != nil {
		if cur != nil {
			return *cur, false, nil
		}
		return greenlight.Decision{}, false, err
	}
	id, err := s.write(ctx, &d)
	if err != nil {
		return greenlight.Decision{}, false, err
	}
	all, err := s.all(ctx, d.Env, d.Digest)
	if err != nil {
		return greenlight.Decision{}, false, err
	}
	if len(all) == 0 {
		return greenlight.Decision{}, false, fmt.Errorf("the decision recorded as deployment %d is not listed by GitHub", id)
	}
	first := all[0]
	if first.id != id {
		// Another decision came first: ours is void, and says so on the Deployments page.
		s.void(ctx, id, fmt.Sprintf("void: decision %d came first", first.id))
	}
	return first.d, first.id == id, nil
}

// write records d as a deployment with its status, and returns the deployment's ID.
func (s *Decisions) write(ctx context.Context, d *greenlight.Decision) (int64, error) {
	if d.At.IsZero() {
		d.At = time.Now().UTC()
	}
	desc := truncate(describe(*d), 140)
	req := gh.DeploymentRequest{Ref: s.ref, Task: new(DecisionTask), AutoMerge: new(false), RequiredContexts: []string{},
		Payload: *d, Environment: new(d.Env), Description: new(desc), TransientEnvironment: new(true),
		ProductionEnvironment: new(false)}
	dep, err := s.c.createDeployment(ctx, req)
	if err != nil {
		return 0, fmt.Errorf("recording the decision: %w", err)
	}
	// auto_inactive false: a decision must not retire the environment's deploys.
	st := gh.DeploymentStatusRequest{State: "success", Description: new(desc), AutoInactive: new(false)}
	if err := s.c.createStatus(ctx, dep.GetID(), st); err != nil {
		return 0, fmt.Errorf("recording the decision: %w", err)
	}
	return dep.GetID(), nil
}

// void marks a decision that changed nothing as inactive, saying why on the Deployments page.
func (s *Decisions) void(ctx context.Context, id int64, why string) {
	s.c.createStatus(ctx, id, gh.DeploymentStatusRequest{State: "inactive", AutoInactive: new(false), Description: new(truncate(why, 140))})
}

var _ greenlight.DecisionLister = (*Decisions)(nil)

// All implements greenlight.DecisionLister: every decision recorded for env and digest, in the
// order GitHub numbered them (greenlight.Quorum.Count takes each person's first).
func (s *Decisions) All(ctx context.Context, env, digest string) ([]greenlight.Decision, error) {
	all, err := s.all(ctx, env, digest)
	return decisionsOf(all), err
}

func decisionsOf(rs []recorded) []greenlight.Decision {
	out := make([]greenlight.Decision, 0, len(rs))
	for _, r := range rs {
		out = append(out, r.d)
	}
	return out
}

// Ballot is what Cast found after recording a decision.
type Ballot struct {
	// Standing is the person's first decision, which stands.
	Standing greenlight.Decision
	// Mine is true when Standing is the very decision this Cast wrote (not an earlier, equal
	// one of the same person): only then may the click act on it.
	Mine bool
	// All are every decision recorded for the environment and digest, in order.
	All []greenlight.Decision
}

// Cast records d as its person's decision for d.Env and d.Digest, for a quorum of several
// people: unless that person (d.Identity, else d.By) already decided, it writes d and reads
// every decision back. Two clicks of one person racing both write; both read back the same
// first, only one is Mine, and the later is marked inactive. Whether the quorum is met is for
// greenlight.Quorum.Count to say on Ballot.All.
func (s *Decisions) Cast(ctx context.Context, d greenlight.Decision) (Ballot, error) {
	if d.Env == "" || d.Digest == "" || d.By == "" {
		return Ballot{}, errors.New("a decision needs an environment, a digest and who decided")
	}
	all, err := s.all(ctx, d.Env, d.Digest)
	if err != nil {
		return Ballot{}, err
	}
	if prior := firstBy(all, d); prior != nil {
		return Ballot{Standing: prior.d, All: decisionsOf(all)}, nil
	}
	id, err := s.write(ctx, &d)
	if err != nil {
		return Ballot{}, err
	}
	if all, err = s.all(ctx, d.Env, d.Digest); err != nil {
		return Ballot{}, err
	}
	first := firstBy(all, d)
	if first == nil {
		return Ballot{}, fmt.Errorf("the decision recorded as deployment %d is not listed by GitHub", id)
	}
	if first.id != id {
		s.void(ctx, id, fmt.Sprintf("void: %s decided first in decision %d", personOf(d), first.id))
	}
	return Ballot{Standing: first.d, Mine: first.id == id, All: decisionsOf(all)}, nil
}

func personOf(d greenlight.Decision) string {
	if d.Identity != "" {
		return d.Identity
	}
	return d.By
}

// firstBy is the first decision of d's person among rs (logins compare without case).
func firstBy(rs []recorded, d greenlight.Decision) *recorded {
	for i := range rs {
		if strings.EqualFold(personOf(rs[i].d), personOf(d)) {
			return &rs[i]
		}
	}
	return nil
}

// Lookup implements greenlight.Decisions.
func (s *Decisions) Lookup(ctx context.Context, env, digest string) (*greenlight.Decision, error) {
	all, err := s.all(ctx, env, digest)
	if err != nil || len(all) == 0 {
		return nil, err
	}
	return &all[0].d, nil
}

type recorded struct {
	id int64
	d  greenlight.Decision
}

// all lists the decisions for env and digest, first (lowest deployment ID) first.
func (s *Decisions) all(ctx context.Context, env, digest string) ([]recorded, error) {
	var out []recorded
	opts := &gh.DeploymentsListOptions{Environment: env, Task: DecisionTask, ListOptions: gh.ListOptions{PerPage: 100}}
	for {
		var ds []*gh.Deployment
		var resp *gh.Response
		err := s.c.call(ctx, "listing deployments", func() (*gh.Response, error) {
			var err error
			ds, resp, err = s.c.gh.Repositories.ListDeployments(ctx, s.c.owner, s.c.repo, opts)
			return resp, err
		})
		if err != nil {
			return nil, fmt.Errorf("reading decisions for %s: %w", env, err)
		}
		for _, dep := range ds {
			var d greenlight.Decision
			if json.Unmarshal(dep.Payload, &d) != nil || d.Digest != digest || d.Env != env || d.By == "" {
				continue
			}
			out = append(out, recorded{dep.GetID(), d})
		}
		if resp.NextPage == 0 {
			break
		}
		opts.Page = resp.NextPage
	}
	// GitHub lists newest first; the first decision is the lowest ID.
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	for i := 1; i < len(out); i++ { // keep it right even if an API lists in another order
		for k := i; k > 0 && out[k].id < out[k-1].id; k-- {
			out[k], out[k-1] = out[k-1], out[k]
		}
	}
	return out, nil
}

// describe says a decision in one line: "approved sha256:abcd… by bob (slack U123)".
func describe(d greenlight.Decision) string {
	verb := "rejected"
	if d.Approved {
		verb = "approved"
	}
	who := d.By
	if d.Identity != "" && d.Identity != d.By {
		who = d.Identity + " (" + d.Via + " " + d.By + ")"
	} else if d.Via != "" {
		who += " via " + d.Via
	}
	return fmt.Sprintf("%s %s by %s", verb, shortDigest(d.Digest), who)
}
