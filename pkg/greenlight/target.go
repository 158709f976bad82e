package greenlight

import (
	"context"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/runlog"

	"github.com/greenlight-cd/greenlight/pkg/oci"
)

// Revision is one version of the service running in a target.
type Revision struct {
	// ID identifies the revision inside its target (the local target uses the short digest).
	ID string `json:"id"`
	// Image is what it runs.
	Image oci.Image `json:"-"`
	// URL reaches this revision directly, bypassing traffic routing, when the target can offer that
	// (used by smoke checks before any traffic is switched). Empty if not available.
	URL string `json:"url,omitempty"`
	// Started is when it became healthy.
	Started time.Time `json:"started"`
}

// State is what a target runs now: the inventory of one environment.
type State struct {
	// Stable takes the traffic that no canary takes. Nil before the first release.
	Stable *Revision
	// Canary is a revision receiving CanaryWeight percent of traffic, if any.
	Canary       *Revision
	CanaryWeight int
	// Previous is the last stable revision, kept for rollback (warm if PreviousWarm).
	Previous     *Revision
	PreviousWarm bool
}

// Target runs the service of one environment and routes its traffic. The engine drives every
// strategy through these primitives; each must be safe to call again after a failure.
//
// Start must not route traffic to the new revision. SetCanaryWeight must be atomic: a request is
// served by exactly one revision and none fails because of the change. Promote and Abort must leave
// 100 % of traffic on one healthy revision.
type Target interface {
	// State reports what runs now.
	State(ctx context.Context) (State, error)
	// Start runs img as a new revision beside the stable one, with no traffic, and returns once
	// it is healthy. On error nothing is left running.
	Start(ctx context.Context, img SignedImage) (Revision, error)
	// SetCanaryWeight sends percent (0–99) of the traffic to rev and the rest to the stable
	// revision. It returns the weight that took effect: the canary's actual share of traffic
	// after the target's rounding (a replica ratio, a router's split), which State then reports
	// as CanaryWeight.
	SetCanaryWeight(ctx context.Context, rev Revision, percent int) (int, error)
	// Promote sends all traffic to rev, which becomes stable; the old stable becomes Previous.
	Promote(ctx context.Context, rev Revision) error
	// Abort sends all traffic back to the stable revision and stops rev once its requests drain.
	Abort(ctx context.Context, rev Revision) error
	// Rollback makes Previous stable again (instantly if it is warm) and retires the current stable.
	Rollback(ctx context.Context) (Revision, error)
}

// Deployer is a Target that rolls a new revision out by itself, such as a Kubernetes rolling
// update that replaces pods in place. DeployStaging and Promote (outside a canary) hand the
// rollout to it instead of starting the revision beside the old one and switching; it must
// return only once the revision serves, and on failure leave the previous one serving.
type Deployer interface {
	// Deploy rolls img out as the environment's stable revision and returns it once it serves.
	Deploy(ctx context.Context, img SignedImage, log runlog.Logger) (Revision, error)
}

// Environment is one place a service runs: its values, apart from the pipeline's logic.
type Environment struct {
	// Name, such as "staging" or "production".
	Name string
	// Target runs the service there.
	Target Target
	// Verifier checks signatures before every deploy here. If nil, the verifier of whoever
	// signed the image in this run is used; a deploy is never unverified.
	Verifier oci.Verifier
	// Metrics feeds canary analysis. If nil and Target implements Metrics, the target is used.
	Metrics Metrics
	// URL is where people reach the environment (shown in reports and notifications).
	URL string
	// Ledger records deploys here and may refuse one (see Ledger). Default: the run's WithLedger.
	Ledger Ledger
	// Policies are checked before every traffic move here, after locks and approvals (see Policy).
	Policies []Policy
	// Approval gates the environment: which moves need a recorded approval, who is asked,
	// where decisions are kept and how many people must approve (see Approval).
	Approval Approval
	// AllowAnyBranch says explicitly that a workflow on any branch may deploy here: the
	// ledger's check at the start of a run (Ledger.Protected; pkg/github: the GitHub
	// Environment's deployment branch policy) then writes a warning to the run's log instead
	// of refusing the run. Leave it false for production and every gated environment
	// (docs/trust.md, "GitHub Environments").
	AllowAnyBranch bool
	// PromotePlan is how Promote bakes a canary this run did not judge: a promote dispatched
	// after a hold (the Slack bot's on approval, `greenlight promote`, `greenlight due`) runs
	// in a later run, which has no analysis of the canary to continue. It starts a fresh test
	// under this plan before 100 %, with a false-alarm budget of its own (docs/analysis.md,
	// "A promote dispatched after a hold"). Only its analysis is used (Judge, Interval, StepTime,
	// MinRequests, Detect, DetectIncrease, Bake); Steps is ignored. Zero: the default judge at
	// alpha 0.005 (half the canary's default), a bake at 75 % for at least 10 m, up to 2 h.
	// Bake.Off, or another judge, promotes at once.
	PromotePlan CanaryPlan
}

func (e *Environment) metrics() Metrics {
	if e.Metrics != nil {
		return e.Metrics
	}
	if m, ok := e.Target.(Metrics); ok {
		return m
	}
	return nil
}
