package greenlight

import "context"

// Policy is a rule checked before every traffic move into the environments it is attached to
// (Environment.Policies): a freeze window, the signer identities allowed, a soak time in
// staging. Policies are Go values in pipeline.go. The engine never asks a policy about an
// abort or a rollback to the version that served before (MoveAbort, MoveRollback): returning
// to what served is never refused or held, whatever a policy would answer.
type Policy interface {
	// Name names the policy in refusals and reports, such as "freeze: Fridays from 16:00".
	Name() string
	// Check returns nil to allow m. To refuse, it returns an error that says what would satisfy
	// the policy; nothing moves and the stage fails. To hold the move until later (a freeze
	// window, like an approval), it returns an error wrapping ErrAwaitingApproval: the run then
	// ends without failing and the canary keeps its weight.
	Check(ctx context.Context, m Move) error
}
