package runlog

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"text/tabwriter"
	"time"
)

// Console is a Sink that prints live progress, line by line, with the time since the run
// started, and a table of stages when the run ends. It suits a terminal and a CI log alike.
type Console struct {
	W io.Writer

	mu     sync.Mutex
	start  time.Time
	stages []Event
}

// NewConsole returns a Console writing to w.
func NewConsole(w io.Writer) *Console { return &Console{W: w} }

// Emit implements Sink.
func (c *Console) Emit(e Event) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e.Kind == RunStarted || c.start.IsZero() {
		c.start = e.Time
	}
	at := fmt.Sprintf("[%6.1fs]", e.Time.Sub(c.start).Seconds())
	where := e.Stage
	if e.Env != "" && e.Stage != "" {
		where += " " + e.Env
	} else if e.Env != "" {
		where = e.Env
	}
	switch e.Kind {
	case RunStarted:
		fmt.Fprintf(c.W, "%s ▶ run %s (%s)\n", at, e.Message, e.Run)
	case StageStarted:
		fmt.Fprintf(c.W, "%s ▸ %s\n", at, where)
	case StageFinished:
		mark := map[Status]string{Passed: "✓", Failed: "✗", Cancelled: "⊘", Skipped: "⏭"}[e.Status]
		fmt.Fprintf(c.W, "%s %s %s  %s  %s\n", at, mark, where, fmtDur(e.Duration), indentRest(e.Message))
		c.stages = append(c.stages, e)
	case Log:
		fmt.Fprintf(c.W, "%s   %s\n", at, indentRest(e.Message))
	case TrafficShifted:
		fmt.Fprintf(c.W, "%s   ⇄ traffic %s: %s\n", at, e.Env, e.Message)
	case AnalysisVerdict:
		fmt.Fprintf(c.W, "%s   ◎ analysis %s at %d%%: %s\n", at, e.Env, e.Weight, e.Message)
	case RolledBack:
		fmt.Fprintf(c.W, "%s   ↺ rollback %s in %s: %s\n", at, e.Env, fmtDur(e.Duration), e.Message)
	case ApprovalRequested, ApprovalDecided:
		fmt.Fprintf(c.W, "%s   ☐ %s\n", at, e.Message)
	case PoliciesChecked:
		fmt.Fprintf(c.W, "%s   § policies for %s\n", at, e.Message)
		for _, r := range e.Policies {
			fmt.Fprintf(c.W, "             %-6s %s: %s\n", r.Outcome, r.Policy, truncate(firstLine(r.Message), 200))
		}
	case RunFinished:
		c.table(e)
	}
}

func (c *Console) table(e Event) {
	fmt.Fprintln(c.W)
	tw := tabwriter.NewWriter(c.W, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "STAGE\tENV\tSTATUS\tDURATION\tRESULT")
	for _, s := range c.stages {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", s.Stage, dash(s.Env), s.Status, fmtDur(s.Duration), truncate(firstLine(s.Message), 100))
	}
	tw.Flush()
	fmt.Fprintf(c.W, "run %s %s in %s", e.Run, e.Status, fmtDur(e.Duration))
	if e.Message != "" {
		fmt.Fprintf(c.W, ": %s", firstLine(e.Message))
	}
	fmt.Fprintln(c.W)
	c.stages = nil
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

func indentRest(s string) string {
	return strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n             ")
}

func fmtDur(d time.Duration) string {
	switch {
	case d < time.Millisecond:
		return fmt.Sprintf("%dµs", d.Microseconds())
	case d < time.Second:
		return fmt.Sprintf("%dms", d.Milliseconds())
	default:
		return fmt.Sprintf("%.1fs", d.Seconds())
	}
}

// firstLine is s up to its first newline.
func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
