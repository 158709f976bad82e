package greenlight

import (
	"github.com/greenlight-cd/greenlight/pkg/runlog"
	"github.com/greenlight-cd/greenlight/pkg/secrets"
)

// The run's redaction (see pkg/secrets): no secret value of the process's environment reaches a
// sink or the report. These helpers apply a secrets.Redactor to the core's own types.

// redactEvent returns a copy of e with every text field redacted, including those of its verdict
// and decision. e itself, and what its pointers point to, are not modified.
func redactEvent(r *secrets.Redactor, e runlog.Event) runlog.Event { return secrets.Copy(r, e) }

// redactReport returns a redacted deep copy of rep (nil for nil): stage results and errors, the
// run's error, rollback reasons, verdicts, decisions, everything that is text.
func redactReport(r *secrets.Redactor, rep *runlog.Report) *runlog.Report {
	if rep == nil {
		return nil
	}
	c := *secrets.Copy(r, rep)
	return &c
}

// redactSink wraps s so that every event reaches it redacted. If s also takes the final report
// (a Report(*Report) method) it gets it redacted too, and the wrapper's Close closes s if s has
// a Close method (a sink that flushes a queue on close), so the wrapper can replace s everywhere.
func redactSink(r *secrets.Redactor, s runlog.Sink) runlog.Sink { return &redactingSink{r: r, s: s} }

type redactingSink struct {
	r *secrets.Redactor
	s runlog.Sink
}

func (w *redactingSink) Emit(e runlog.Event) { w.s.Emit(redactEvent(w.r, e)) }

// Report hands the wrapped sink the redacted report, if it takes reports.
func (w *redactingSink) Report(rep *runlog.Report) {
	if rs, ok := w.s.(interface{ Report(*runlog.Report) }); ok {
		rs.Report(redactReport(w.r, rep))
	}
}

// Close closes the wrapped sink if it can be closed.
func (w *redactingSink) Close() error {
	switch c := w.s.(type) {
	case interface{ Close() error }:
		return c.Close()
	case interface{ Close() }:
		c.Close()
	}
	return nil
}
