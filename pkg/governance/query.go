package governance

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/runlog"

	"github.com/greenlight-cd/greenlight/pkg/approval"

	"github.com/greenlight-cd/greenlight/pkg/oci"

	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/protocol"
)

// QueryKind names what `greenlight calendar` and `greenlight policy check` ask a compiled
// pipeline: only the pipeline knows its environments' policies, so the CLI asks it.
type QueryKind string

// The queries.
const (
	// CalendarQuery lists the coming freeze windows of every environment.
	CalendarQuery QueryKind = "calendar"
	// PolicyCheckQuery evaluates one environment's policies on a move, without moving anything.
	PolicyCheckQuery QueryKind = "policy-check"
)

// Query is one question to the pipeline, carried by the run protocol.
type Query struct {
	Kind QueryKind `json:"kind"`
	// Env is the environment of a policy check.
	Env string `json:"env,omitempty"`
	// Image is what a policy check would move: "repo@sha256:…", or a digest alone.
	Image string `json:"image,omitempty"`
	// Move is the kind of move to check (default promote: the move that gives all traffic).
	Move greenlight.MoveKind `json:"move,omitempty"`
	// From and Days bound a calendar (default: now, 30 days; at most 400).
	From time.Time `json:"from,omitempty"`
	Days int       `json:"days,omitempty"`
}

// Answer is the pipeline's reply.
type Answer struct {
	Kind QueryKind `json:"kind"`
	// Calendar is the calendar's windows.
	Calendar []Entry `json:"calendar,omitempty"`
	// Env, Digest and Move say what a policy check evaluated; Results and Verdict its outcome.
	Env     string              `json:"env,omitempty"`
	Digest  string              `json:"digest,omitempty"`
	Move    greenlight.MoveKind `json:"move,omitempty"`
	Results []Result            `json:"results,omitempty"`
	Verdict Outcome             `json:"verdict,omitempty"`
}

// Ask answers q from the pipeline's environments (as passed to greenlight.WithEnvironments)
// and the run's source: the function the compiled pipeline calls for a query.
//
// A policy check builds the move the engine would make: the image (repo@digest; a digest alone
// gets the repository "unknown", which policies do not read), its signature checked by the
// environment's Verifier when it has one, the approval recorded in its Decisions, and src as
// the move's source; then Evaluate runs every policy.
func Ask(ctx context.Context, envs []*greenlight.Environment, src runlog.Source, q Query) (Answer, error) {
	switch q.Kind {
	case CalendarQuery:
		from := q.From
		if from.IsZero() {
			from = time.Now()
		}
		days := q.Days
		if days <= 0 {
			days = 30
		}
		if days > 400 {
			return Answer{}, fmt.Errorf("a calendar covers at most 400 days (asked %d)", days)
		}
		cal, err := Calendar(envs, from, from.AddDate(0, 0, days))
		return Answer{Kind: CalendarQuery, Calendar: cal}, err
	case PolicyCheckQuery:
		env, err := Environment(envs, q.Env)
		if err != nil {
			return Answer{}, err
		}
		img, err := parseImage(q.Image)
		if err != nil {
			return Answer{}, err
		}
		kind := q.Move
		if kind == "" {
			kind = greenlight.MovePromote
		}
		m := greenlight.Move{Kind: kind, Env: env.Name, Image: img, Weight: 100, Source: src,
			Explicit: kind == greenlight.MoveRedeploy || kind == greenlight.MoveRollback}
		if kind == greenlight.MoveCanaryStep {
			m.Weight = 10
		}
		var notes []Result
		if env.Verifier != nil {
			sig, err := env.Verifier.Verify(ctx, img)
			if err != nil {
				notes = append(notes, Result{Policy: "signature", Outcome: Refuse, Message: fmt.Sprintf("%s does not verify: %v", img.Short(), err)})
			} else {
				m.Signature = &sig
			}
		}
		if env.Approval.Decisions != nil {
			d, err := env.Approval.Decisions.Lookup(ctx, env.Name, img.Digest())
			if err != nil {
				notes = append(notes, Result{Policy: "approval", Outcome: Hold, Message: "reading the recorded approval failed: " + err.Error()})
			}
			m.Approval = d
		}
		if env.Approval.Quorum != nil && fullTraffic(kind) {
			notes = append(notes, quorumResult(ctx, env, m))
		}
		rs := append(notes, CheckEnvironment(ctx, env, m)...)
		return Answer{Kind: PolicyCheckQuery, Env: env.Name, Digest: img.Digest(), Move: kind, Results: rs, Verdict: Verdict(rs)}, nil
	}
	return Answer{}, fmt.Errorf("unknown query %q: the pipeline answers %s and %s", q.Kind, CalendarQuery, PolicyCheckQuery)
}

func parseImage(ref string) (oci.Image, error) {
	if ref == "" {
		return oci.Image{}, errors.New("a policy check needs the image: --digest sha256:… or repo@sha256:…")
	}
	if img, err := oci.ParseImage(ref); err == nil {
		return img, nil
	}
	return oci.NewImage("unknown", ref, "")
}

// A pipeline that imports governance answers calendar and policy-check queries.
func init() {
	protocol.HandleQueries(func(ctx context.Context, envs []*greenlight.Environment, src runlog.Source, raw []byte) (any, error) {
		var q Query
		if err := json.Unmarshal(raw, &q); err != nil {
			return nil, fmt.Errorf("decoding the query: %w", err)
		}
		return Ask(ctx, envs, src, q)
	})
}

// quorumResult is the environment's quorum (Environment.Quorum) on m, as a policy result: the
// engine checks it before the policies, and a dry run shows where it stands.
func quorumResult(ctx context.Context, env *greenlight.Environment, m greenlight.Move) Result {
	q := *env.Approval.Quorum
	name := fmt.Sprintf("approvals: %d from %s", q.N, orGroup(q.Group))
	if err := q.Validate(); err != nil {
		return Result{Policy: name, Outcome: Refuse, Message: err.Error()}
	}
	l := env.Approval.Decisions
	if l == nil {
		return Result{Policy: name, Outcome: Refuse, Message: "the environment keeps no decisions to count: set Approval.Decisions (pkg/github's Decisions)"}
	}
	ds, err := l.All(ctx, env.Name, m.Image.Digest())
	if err != nil {
		return Result{Policy: name, Outcome: Hold, Message: "reading the approvals failed: " + err.Error()}
	}
	t := approval.Count(ds, env.Name, m.Image.Digest(), &q, approval.NotApprovers(m.Source.Author, m.Source.RequestedBy))
	switch {
	case t.Rejection != nil:
		return Result{Policy: name, Outcome: Refuse, Message: t.String() + "; a rejection is final for that digest"}
	case t.Met():
		return Result{Policy: name, Outcome: Allow, Message: t.String()}
	}
	return Result{Policy: name, Outcome: Hold, Message: fmt.Sprintf("%s; %d more needed (%s)", t, q.N-len(t.Approvals), strings.Join(q.Members, ", "))}
}

func orGroup(g string) string {
	if g == "" {
		return "group"
	}
	return g
}
