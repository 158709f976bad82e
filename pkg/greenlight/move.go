package greenlight

import "context"

// MoveKind names what a traffic move does.
type MoveKind string

// The kinds of traffic move. Every change of which version serves an environment is one of them
// and goes through one choke point in the engine, which checks locks, approvals and policies,
// verifies the signature, records the ledger entry, switches and finishes, in that order.
const (
	// MoveDeploy gives a new image all of an environment's traffic (DeployStaging, or Promote of
	// an image that is not the canary in progress).
	MoveDeploy MoveKind = "deploy"
	// MoveFirstRelease gives the first image all traffic of an environment that ran nothing.
	MoveFirstRelease MoveKind = "first-release"
	// MoveCanaryStep gives a canary a share of traffic below 100 %.
	MoveCanaryStep MoveKind = "canary-step"
	// MovePromote gives the canary in progress all traffic.
	MovePromote MoveKind = "promote"
	// MoveRedeploy puts an image chosen by a person into an environment (a dispatched deploy).
	MoveRedeploy MoveKind = "redeploy"
	// MoveRollback returns an environment to an earlier release.
	MoveRollback MoveKind = "rollback"
	// MoveAbort returns all traffic to the stable version and stops the canary.
	MoveAbort MoveKind = "abort"
)

// Move is one change of which version serves an environment's traffic, as policies see it.
type Move struct {
	Kind MoveKind `json:"kind"`
	// Env is the environment's name.
	Env string `json:"env"`
	// Image is what takes traffic after the move (for abort and rollback, what traffic returns to).
	Image Image `json:"-"`
	// Weight is the percentage of traffic Image serves after the move.
	Weight int `json:"weight"`
	// Signature is Image's verified signature (nil for abort, which starts nothing new).
	Signature *Signature `json:"signature,omitempty"`
	// Source is what the run deploys and who asked for it.
	Source Source `json:"source"`
	// Explicit is true when a person asked for exactly this move (a rollback, a deploy of a
	// chosen digest), as opposed to the pipeline's automatic path.
	Explicit bool `json:"explicit,omitempty"`
	// Approval is the decision recorded for Env and Image's digest, if any.
	Approval *Decision `json:"approval,omitempty"`
	// Approvals are the approvals that met the environment's Quorum, in the order recorded.
	Approvals []Decision `json:"approvals,omitempty"`
}

// Policy is a rule checked before every traffic move into the environments it is attached to
// (Environment.Policies): a freeze window, the signer identities allowed, a soak time in
// staging. Policies are Go values in pipeline.go.
type Policy interface {
	// Name names the policy in refusals and reports, such as "freeze: Fridays from 16:00".
	Name() string
	// Check returns nil to allow m. To refuse, it returns an error that says what would satisfy
	// the policy; nothing moves and the stage fails. To hold the move until later (a freeze
	// window, like an approval), it returns an error wrapping ErrAwaitingApproval: the run then
	// ends without failing and the canary keeps its weight.
	Check(ctx context.Context, m Move) error
}

// Decisions keeps approval decisions where people and later runs read them (GitHub
// Deployments, in pkg/github). The first decision for an environment and digest stands: a
// later one, approve or reject, changes nothing.
type Decisions interface {
	// Record records d unless a decision for d.Env and d.Digest already stands, and returns the
	// decision that stands: d itself when it was the first.
	Record(ctx context.Context, d Decision) (Decision, error)
	// Lookup returns the decision that stands for env and digest, or nil when there is none.
	Lookup(ctx context.Context, env, digest string) (*Decision, error)
}

// PolicyResult is what one policy said about one traffic move, as the choke point reports it
// (MoveRecord.Policies, the PoliciesChecked event).
type PolicyResult struct {
	Policy string `json:"policy"`
	// Outcome is allow, hold or refuse.
	Outcome string `json:"outcome"`
	// Message says why; for a hold or a refusal, what would satisfy the policy.
	Message string `json:"message"`
}

// The outcomes of a PolicyResult.
const (
	PolicyAllow  = "allow"
	PolicyHold   = "hold"
	PolicyRefuse = "refuse"
)
