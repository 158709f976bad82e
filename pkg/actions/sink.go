package actions

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/greenlight-cd/greenlight/pkg/runlog"

	"github.com/greenlight-cd/greenlight/pkg/analysis"
)

// Sink shows a run in Actions: the console lines of each stage inside a log group, an error
// annotation for a failed stage, a warning for a rollback, and at the end the step summary:
// the stage table, the canary's verdicts with their numbers, rollbacks, and a Mermaid diagram.
type Sink struct {
	r   *Runtime
	con *runlog.Console

	mu        sync.Mutex
	pipeline  string
	stages    []runlog.Event
	verdicts  []analysis.Verdict
	waiting   map[string]analysis.Verdict // by environment: the last look of a step still waiting
	rollbacks []runlog.Event
	end       *runlog.Event
	report    *runlog.Report
	written   bool
}

// NewSink returns a sink writing its console lines to w, which must be the runtime's writer
// (stdout in a step) so that groups wrap them.
func (r *Runtime) NewSink(w io.Writer) *Sink {
	return &Sink{r: r, con: runlog.NewConsole(w)}
}

func label(e runlog.Event) string {
	if e.Env != "" {
		return e.Stage + " (" + e.Env + ")"
	}
	return e.Stage
}

// Emit implements runlog.Sink.
func (s *Sink) Emit(e runlog.Event) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch e.Kind {
	case runlog.RunStarted:
		s.pipeline = e.Message
	case runlog.StageStarted:
		s.r.Group(label(e))
	}
	s.con.Emit(e)
	switch e.Kind {
	case runlog.StageFinished:
		s.r.EndGroup()
		s.stages = append(s.stages, e)
		if e.Status == runlog.Skipped {
			s.r.WithFieldsMap(map[string]string{"title": "greenlight: " + label(e) + " skipped"}).Noticef("%s", firstLine(e.Message))
		}
		if e.Status == runlog.Failed || e.Status == runlog.Cancelled {
			s.r.WithFieldsMap(map[string]string{"title": "greenlight: " + label(e) + " " + string(e.Status)}).Errorf("%s", firstLine(e.Message))
		}
	case runlog.AnalysisVerdict:
		if e.Verdict != nil && e.Verdict.Outcome != analysis.Wait {
			s.verdicts = append(s.verdicts, *e.Verdict)
			delete(s.waiting, e.Verdict.Env)
		} else if e.Verdict != nil {
			if s.waiting == nil {
				s.waiting = map[string]analysis.Verdict{}
			}
			s.waiting[e.Verdict.Env] = *e.Verdict
		}
	case runlog.RolledBack:
		s.rollbacks = append(s.rollbacks, e)
		s.r.WithFieldsMap(map[string]string{"title": "greenlight: rolled back " + e.Env}).Warningf("%s", e.Message)
	case runlog.RunFinished:
		s.end = &e
	}
}

// Report implements runlog.ReportSink: the step summary is written from the last event
// and the final report (traffic moves refused or held, records out of date).
func (s *Sink) Report(rep *runlog.Report) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.report = rep
	s.writeSummary()
}

// Close writes the step summary if no report came (the pipeline crashed).
func (s *Sink) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.writeSummary()
	return nil
}

func (s *Sink) writeSummary() {
	if s.written || s.end == nil {
		return
	}
	s.written = true
	if err := s.r.Summary(s.summary(*s.end)); err != nil {
		s.r.Warningf("could not write the step summary: %v", err)
	}
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

var statusMark = map[runlog.Status]string{runlog.Passed: "✅", runlog.Failed: "❌", runlog.Cancelled: "⊘", runlog.Skipped: "⏭"}

// cell makes text safe in a Markdown table cell.
func cell(s string) string { return escapeCut(s, 160) }

// prose is s as one line of the summary's text outside a table (why the run ended): escaped as
// a cell is, and cut only at 2,000 bytes, so that the reason is there whole.
func prose(s string) string { return escapeCut(s, 2000) }

// escapeCut escapes s's first line for Markdown and cuts it to max bytes, at a rune's start.
func escapeCut(s string, max int) string {
	s = strings.NewReplacer("|", "\\|", "\n", " ", "\r", " ", "<", "&lt;", ">", "&gt;").Replace(firstLine(s))
	if len(s) > max {
		i := max - 1
		for i > 0 && !utf8.RuneStart(s[i]) {
			i--
		}
		s = s[:i] + "…"
	}
	return s
}

// mermaidLabel makes text safe in a quoted Mermaid label.
func mermaidLabel(s string) string {
	return strings.NewReplacer(`"`, "#quot;", "\n", " ", "<", "#lt;", ">", "#gt;").Replace(s)
}

func dur(d time.Duration) string {
	if d < time.Second {
		return fmt.Sprintf("%dms", d.Milliseconds())
	}
	return fmt.Sprintf("%.1fs", d.Seconds())
}

func (s *Sink) summary(end runlog.Event) string {
	var b strings.Builder
	fmt.Fprintf(&b, "### Greenlight: %s %s %s in %s\n\n", cell(s.pipeline), statusMark[end.Status], end.Status, dur(end.Duration))
	b.WriteString("| Stage | Environment | Status | Duration | Result |\n|---|---|---|---|---|\n")
	for _, e := range s.stages {
		env := e.Env
		if env == "" {
			env = "–"
		}
		fmt.Fprintf(&b, "| %s | %s | %s %s | %s | %s |\n", cell(e.Stage), cell(env), statusMark[e.Status], e.Status, dur(e.Duration), cell(e.Message))
	}
	verdicts := s.verdicts
	for _, env := range slices.Sorted(maps.Keys(s.waiting)) {
		verdicts = append(verdicts, s.waiting[env]) // the run ended while the step waited
	}
	if len(verdicts) > 0 {
		// Per step: what each version served in it, and the release's evidence against its
		// threshold (and, for a step that ended or the run left waiting for traffic, how much
		// more it needed and how long that takes at the current rate).
		b.WriteString("\n**Canary analysis**\n\n| Environment | Weight | Verdict | Canary (this step) | Stable (this step) | Evidence | Why |\n|---|---|---|---|---|---|---|\n")
		for _, v := range verdicts {
			ev := v.Evidence.Against()
			if w := v.Evidence.Waiting(); w != "" {
				ev += "; " + w
			}
			if ev == "" {
				ev = "–"
			}
			verdict := string(v.Outcome)
			if v.Evidence != nil && v.Evidence.Decided == "unproven" {
				verdict += " (unproven)"
			}
			fmt.Fprintf(&b, "| %s | %d%% | %s | %s | %s | %s | %s |\n", cell(v.Env), v.Weight, verdict, cell(v.Canary.String()), cell(v.Stable.String()), cell(ev), cell(v.Reason))
		}
	}
	for _, r := range s.rollbacks {
		fmt.Fprintf(&b, "\n**Rolled back** %s in %s: %s\n", cell(r.Env), dur(r.Duration), cell(r.Message))
	}
	if end.Message != "" {
		fmt.Fprintf(&b, "\n> %s\n", prose(end.Message))
	}
	if rep := s.report; rep != nil {
		var notDone []runlog.MoveRecord
		for _, m := range rep.Moves {
			if m.Outcome != "done" {
				notDone = append(notDone, m)
			}
		}
		if len(notDone) > 0 {
			b.WriteString("\n**Traffic moves not made**\n\n| Environment | Move | Digest | Outcome | Why |\n|---|---|---|---|---|\n")
			for _, m := range notDone {
				fmt.Fprintf(&b, "| %s | %s %d%% | %s | %s | %s |\n", cell(m.Env), m.Kind, m.Weight, cell(shortDigest(m.Digest)), m.Outcome, cell(m.Detail))
			}
		}
		if len(rep.Releases) > 0 {
			b.WriteString("\n**Releases** (feature flags, apart from deploys)\n\n| Environment | Flag | Users | Outcome | Why |\n|---|---|---|---|---|\n")
			for _, r := range rep.Releases {
				fmt.Fprintf(&b, "| %s | %s | %d%% → %d%% | %s | %s |\n", cell(r.Env), cell(r.Flag), r.From, r.Percent, r.Outcome, cell(r.Reason))
			}
		}
		if len(rep.Warnings) > 0 {
			b.WriteString("\n**Warnings**\n\n")
			for _, w := range rep.Warnings {
				fmt.Fprintf(&b, "- %s\n", prose(w))
			}
		}
		if len(rep.Untrusted) > 0 {
			b.WriteString("\n**Not trusted** (records found in GitHub that Greenlight did not write or cannot verify; nothing acted on them: docs/trust.md)\n\n")
			for _, u := range rep.Untrusted {
				fmt.Fprintf(&b, "- %s\n", cell(u))
			}
		}
		if len(rep.OutOfDate) > 0 {
			b.WriteString("\n**Out of date in GitHub** (the next run corrects these records)\n\n")
			for _, o := range rep.OutOfDate {
				fmt.Fprintf(&b, "- %s\n", cell(o))
			}
		}
	}
	if len(s.stages) > 0 {
		b.WriteString("\n```mermaid\nflowchart LR\n")
		for i, e := range s.stages {
			fmt.Fprintf(&b, "  s%d[\"%s<br/>%s %s\"]\n", i, mermaidLabel(label(e)), statusMark[e.Status], dur(e.Duration))
			if i > 0 {
				fmt.Fprintf(&b, "  s%d --> s%d\n", i-1, i)
			}
			fmt.Fprintf(&b, "  class s%d %s\n", i, e.Status)
		}
		b.WriteString("  classDef passed fill:#dafbe1,stroke:#1a7f37\n  classDef failed fill:#ffebe9,stroke:#cf222e\n  classDef cancelled fill:#eaeef2,stroke:#57606a\n  classDef skipped fill:#fff8c5,stroke:#9a6700\n```\n")
	}
	return b.String()
}

func shortDigest(d string) string {
	if len(d) > 19 {
		return d[:19]
	}
	return d
}
