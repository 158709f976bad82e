package runlog

import (
	"github.com/greenlight-cd/greenlight/pkg/analysis"
	"github.com/greenlight-cd/greenlight/pkg/approval"

	"sync"
	"time"
)

// EventKind names what happened.
type EventKind string

// The kinds of events a run emits, in the order they can happen.
const (
	RunStarted        EventKind = "run.started"
	RunFinished       EventKind = "run.finished"
	StageStarted      EventKind = "stage.started"
	StageFinished     EventKind = "stage.finished"
	Log               EventKind = "log"
	TrafficShifted    EventKind = "traffic.shifted"
	AnalysisVerdict   EventKind = "analysis.verdict"
	RolledBack        EventKind = "rollback"
	ApprovalRequested EventKind = "approval.requested"
	ApprovalDecided   EventKind = "approval.decided"
	// PoliciesChecked reports, for one traffic move, what each of the environment's policies
	// said (Event.Policies); Message names the move and its outcome.
	PoliciesChecked EventKind = "policies.checked"
)

// Status of a stage or run.
type Status string

// The statuses of a stage or run.
const (
	Running   Status = "running"
	Passed    Status = "passed"
	Failed    Status = "failed"
	Cancelled Status = "cancelled"
	// Skipped: the deploy was refused without a failure (a newer commit runs there already).
	Skipped Status = "skipped"
)

// Event is one thing that happened in a run. Sinks receive every event in order.
type Event struct {
	Kind     EventKind     `json:"kind"`
	Time     time.Time     `json:"time"`
	Run      string        `json:"run"`
	Stage    string        `json:"stage,omitempty"`
	Env      string        `json:"env,omitempty"`
	Status   Status        `json:"status,omitempty"`
	Duration time.Duration `json:"duration,omitempty"`
	Message  string        `json:"message,omitempty"`
	Image    string        `json:"image,omitempty"`
	// Weight is the canary's share of traffic, for TrafficShifted and AnalysisVerdict.
	Weight   int                `json:"weight,omitempty"`
	Verdict  *analysis.Verdict  `json:"verdict,omitempty"`
	Decision *approval.Decision `json:"decision,omitempty"`
	// Policies are the policy results of a PoliciesChecked event, in the order checked.
	Policies []PolicyResult `json:"policies,omitempty"`
	// Source is what the run deploys and who asked, on RunStarted: the run's request, which
	// notifiers show instead of guessing from the environment (for a workflow_run,
	// $GITHUB_SHA is not the commit deployed).
	Source *Source `json:"source,omitempty"`
}

// Sink receives events: the console, the JSON report, GitHub and Slack notifiers. Emit is called
// from the pipeline's goroutine, so it must return quickly and must never fail the run: a slow or
// failing sink queues, retries and logs on its own.
type Sink interface {
	// Emit receives e, in the order the run emitted it.
	Emit(Event)
}

// SinkFunc adapts a function to Sink.
type SinkFunc func(Event)

// Emit calls f.
func (f SinkFunc) Emit(e Event) { f(e) }

// Recorder is a Sink that keeps every event, for tests and reports.
type Recorder struct {
	mu     sync.Mutex
	events []Event
}

// Emit records e.
func (r *Recorder) Emit(e Event) {
	r.mu.Lock()
	r.events = append(r.events, e)
	r.mu.Unlock()
}

// Events returns a copy of what was recorded.
func (r *Recorder) Events() []Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Event(nil), r.events...)
}

// ReportSink is a Sink that also wants the run's final report, after the last event.
type ReportSink interface {
	Sink
	// Report receives the run's final report, redacted, after its last event.
	Report(*Report)
}

// Released is the event of a release apart from a deploy: a feature flag's share of users
// changed in an environment, while the code that runs there did not.
const Released EventKind = "released"
