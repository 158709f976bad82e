package greenlight

import "fmt"

// CleanupError is what a Target returns from Abort or Rollback when all traffic is back on the
// stable revision but a step after the switch failed (removing the old revision, pointing an
// autoscaler at the revision that serves). The rollback happened; what is left is tidying up,
// which Fix says how to do by hand. The engine reports it as such, not as a failed rollback.
type CleanupError struct {
	// Stable is the revision that serves all traffic.
	Stable string
	// Err is the step that failed.
	Err error
	// Fix says what to do by hand (for example which object to delete).
	Fix string
}

// Error says that traffic is back on stable and which cleanup step failed.
func (e *CleanupError) Error() string {
	msg := fmt.Sprintf("traffic is back on %s; cleanup failed: %v", e.Stable, e.Err)
	if e.Fix != "" {
		msg += " (fix by hand: " + e.Fix + ")"
	}
	return msg
}

// Unwrap returns the failed step's error.
func (e *CleanupError) Unwrap() error { return e.Err }

// rolledBack is the engine's message for a rollback to stable whose cleanup failed.
func (e *CleanupError) rolledBack(stable string) string {
	if e.Stable != "" {
		stable = e.Stable
	}
	fix := e.Fix
	if fix == "" {
		fix = "finish what failed, then run again"
	}
	return fmt.Sprintf("rolled back to %s; cleanup failed: %v (fix by hand: %s)", stable, e.Err, fix)
}
