// Package ghconcurrency models how GitHub Actions starts the runs of a workflow that names a
// concurrency group, as GitHub documents it ("Control the concurrency of workflows and jobs",
// docs.github.com/actions/how-tos/write-workflows/choose-when-workflows-run/control-workflow-concurrency):
//
//   - at most one run (or job) of a group is running and at most one is pending;
//   - when a run is queued while another of its group is in progress, it is pending, and the
//     run that was pending before it is cancelled (queue: single, the default);
//   - with cancel-in-progress false, a running run is never cancelled;
//   - concurrency at the workflow level is claimed when the run is queued, before any job's
//     `if` is evaluated, so a run whose only job is skipped still takes the pending place (and
//     cancels the run that held it); at the job level only a job whose `if` passed is queued
//     into the group, and a skipped job never enters it. (GitHub's page does not spell the
//     second point out; it is what workflows observe: ROCm/rocm-systems#9087 and
//     BrighterCommand/Brighter#4372 moved their groups to the job level for this reason.)
//
// The tests of newest-wins (cmd/greenlight's stream test) start real `greenlight run`
// processes as a Scheduler says.
package ghconcurrency

import "sync"

// Level is where the workflow names its concurrency group.
type Level int

const (
	// WorkflowLevel is a top-level `concurrency:`: every run of the workflow enters the group.
	WorkflowLevel Level = iota
	// JobLevel is `jobs.<id>.concurrency`: only a job whose `if` passed enters the group.
	JobLevel
)

// Run is one workflow run: Skip says its job's `if` is false (a failed CI, say).
type Run struct {
	Name string
	Skip bool
}

// Scheduler holds one concurrency group's running and pending runs.
type Scheduler struct {
	level            Level
	mu               sync.Mutex
	running, pending *Run
	cancelled        []*Run
}

// New returns the group of a workflow whose concurrency is at level.
func New(level Level) *Scheduler { return &Scheduler{level: level} }

// Queue is the event that creates r. It returns r when r starts now (the group was free), and
// nil when it is pending, was skipped, or was cancelled. A skipped run at the workflow level
// that finds the group busy takes the pending place (cancelling the run there), and when it
// starts it ends at once.
func (s *Scheduler) Queue(r *Run) (start *Run) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r.Skip && s.level == JobLevel {
		return nil // never enters the group
	}
	if s.running == nil {
		if r.Skip {
			return nil // its run starts and ends: the job is skipped
		}
		s.running = r
		return r
	}
	if s.pending != nil {
		s.cancelled = append(s.cancelled, s.pending)
	}
	s.pending = r
	return nil
}

// Done ends the running run r and returns the run that starts next (nil for none). A skipped
// run that was pending starts and ends at once, and the group is free again.
func (s *Scheduler) Done(r *Run) (next *Run) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.running != r {
		return nil
	}
	s.running, s.pending = s.pending, nil
	if s.running != nil && s.running.Skip {
		s.running = nil
	}
	return s.running
}

// Cancelled are the runs the group cancelled while they were pending.
func (s *Scheduler) Cancelled() []*Run {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]*Run(nil), s.cancelled...)
}
