package governance

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/runlog"

	"github.com/greenlight-cd/greenlight/pkg/approval"

	"github.com/greenlight-cd/greenlight/pkg/greenlight"
)

// Outcome is what a policy says about a move.
type Outcome string

// The outcomes of a policy check: the words the engine's choke point reports
// (runlog.PolicyResult), typed.
const (
	// Allow lets the move happen.
	Allow Outcome = runlog.PolicyAllow
	// Hold defers the move, like an approval: the run ends without failing and resumes later.
	Hold Outcome = runlog.PolicyHold
	// Refuse stops the move; the stage fails.
	Refuse Outcome = runlog.PolicyRefuse
)

// Result is one policy's answer on one move: what a dry run, the step summary and the release
// page show.
type Result struct {
	Policy  string  `json:"policy"`
	Outcome Outcome `json:"outcome"`
	// Message says why; for a hold or a refusal, also what would satisfy the policy.
	Message string `json:"message"`
	// Until is when a hold ends by itself (a freeze window's end, a soak's), if known.
	Until *time.Time `json:"until,omitempty"`
	// Override is the audited override that let a held move through, if any.
	Override *approval.Decision `json:"override,omitempty"`
}

// Err is the error Check returns for r: nil for Allow, a *HoldError (wrapping
// greenlight.ErrAwaitingApproval) for Hold, a *RefusalError for Refuse.
func (r Result) Err() error {
	switch r.Outcome {
	case Allow:
		return nil
	case Hold:
		return &HoldError{Policy: r.Policy, Reason: r.Message, Until: r.Until}
	}
	return &RefusalError{Policy: r.Policy, Reason: r.Message}
}

// HoldError says a policy holds a move until later. It wraps greenlight.ErrAwaitingApproval,
// so the engine ends the run without failing it.
type HoldError struct {
	Policy string
	Reason string
	Until  *time.Time
}

// Error is the reason alone: the engine's choke point names the policy (Policy.Name) around it.
func (e *HoldError) Error() string { return e.Reason }

// Unwrap makes errors.Is(err, greenlight.ErrAwaitingApproval) true.
func (e *HoldError) Unwrap() error { return greenlight.ErrAwaitingApproval }

// RefusalError says a policy refuses a move, and what would satisfy it.
type RefusalError struct {
	Policy string
	Reason string
}

// Error is the reason and what would satisfy the policy: the engine's choke point names the
// policy (Policy.Name) around it.
func (e *RefusalError) Error() string { return e.Reason }

// Evaluator is a policy that explains itself beyond an error: an allowed move's note (an
// override used), a hold's end. Evaluate uses it when a policy implements it.
type Evaluator interface {
	greenlight.Policy
	Evaluate(ctx context.Context, m greenlight.Move) Result
}

// Evaluate checks every policy on m without moving anything (a dry run) and returns one result
// per policy, in order. A policy that panics is a refusal that names the panic.
func Evaluate(ctx context.Context, policies []greenlight.Policy, m greenlight.Move) []Result {
	out := make([]Result, 0, len(policies))
	for _, p := range policies {
		out = append(out, evaluate(ctx, p, m))
	}
	return out
}

func evaluate(ctx context.Context, p greenlight.Policy, m greenlight.Move) (r Result) {
	name := policyName(p)
	defer func() {
		if v := recover(); v != nil {
			r = Result{Policy: name, Outcome: Refuse, Message: fmt.Sprintf("the policy failed (%v): fix it in pipeline.go", v)}
		}
	}()
	if e, ok := p.(Evaluator); ok {
		r = e.Evaluate(ctx, m)
		r.Policy = name
		return r
	}
	err := p.Check(ctx, m)
	var h *HoldError
	switch {
	case err == nil:
		return Result{Policy: name, Outcome: Allow, Message: "allowed"}
	case errors.As(err, &h):
		return Result{Policy: name, Outcome: Hold, Message: h.Reason, Until: h.Until}
	case errors.Is(err, greenlight.ErrAwaitingApproval):
		return Result{Policy: name, Outcome: Hold, Message: err.Error()}
	}
	var rf *RefusalError
	if errors.As(err, &rf) {
		return Result{Policy: name, Outcome: Refuse, Message: rf.Reason}
	}
	return Result{Policy: name, Outcome: Refuse, Message: err.Error()}
}

func policyName(p greenlight.Policy) (name string) {
	defer func() {
		if recover() != nil {
			name = fmt.Sprintf("%T", p)
		}
	}()
	if p == nil {
		return "<nil policy>"
	}
	return p.Name()
}

// Verdict sums results up: Refuse if any refuses, else Hold if any holds, else Allow.
func Verdict(rs []Result) Outcome {
	v := Allow
	for _, r := range rs {
		switch r.Outcome {
		case Refuse:
			return Refuse
		case Hold:
			v = Hold
		}
	}
	return v
}

// Text renders results as lines for a terminal or a log, one per policy.
func Text(rs []Result) string {
	if len(rs) == 0 {
		return "no policies\n"
	}
	var b strings.Builder
	for _, r := range rs {
		fmt.Fprintf(&b, "%-7s %s: %s\n", r.Outcome, r.Policy, oneLine(r.Message))
	}
	return b.String()
}

// Markdown renders results as a table for the step summary or a Slack message.
func Markdown(rs []Result) string {
	if len(rs) == 0 {
		return "_no policies_\n"
	}
	var b strings.Builder
	b.WriteString("| policy | outcome | why |\n|---|---|---|\n")
	icon := map[Outcome]string{Allow: "✅ allow", Hold: "⏸ hold", Refuse: "⛔ refuse"}
	for _, r := range rs {
		fmt.Fprintf(&b, "| %s | %s | %s |\n", mdCell(r.Policy), icon[r.Outcome], mdCell(r.Message))
	}
	return b.String()
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func mdCell(s string) string {
	s = oneLine(s)
	r := strings.NewReplacer("|", "\\|", "<", "&lt;", ">", "&gt;", "`", "'")
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return r.Replace(s)
}

// PolicyResults are rs as the engine reports policy results (runlog.PolicyResult), for
// what shows them beside a run's own: the Slack thread's reply, for one.
func PolicyResults(rs []Result) []runlog.PolicyResult {
	out := make([]runlog.PolicyResult, 0, len(rs))
	for _, r := range rs {
		out = append(out, runlog.PolicyResult{Policy: r.Policy, Outcome: string(r.Outcome), Message: r.Message})
	}
	return out
}
