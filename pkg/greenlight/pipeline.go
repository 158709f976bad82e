package greenlight

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/runlog"

	"github.com/greenlight-cd/greenlight/pkg/approval"

	"github.com/greenlight-cd/greenlight/pkg/oci"

	"github.com/greenlight-cd/greenlight/pkg/analysis"
	"github.com/greenlight-cd/greenlight/pkg/protocol"
	"github.com/greenlight-cd/greenlight/pkg/secrets"
)

// Option configures a run.
type Option func(*config)

type config struct {
	name  string
	runID string
	envs  []*Environment
	sinks []runlog.Sink
	src   runlog.Source
	// abortTimeout bounds how long returning traffic to stable may take after a cancellation.
	abortTimeout time.Duration
	ledger       Ledger
	decisions    approval.Decisions
	inputs       protocol.Inputs
	logger       *slog.Logger
	srcSet       bool
	// releases and commandVerifier run the workflow's commands (WithCommands).
	releases        Releases
	commandVerifier oci.Verifier
}

// WithName names the pipeline in reports and notifications.
func WithName(name string) Option { return func(c *config) { c.name = name } }

// withRunID sets the run's identifier (default: random; under `greenlight run`, the request's).
func withRunID(id string) Option { return func(c *config) { c.runID = id } }

// WithEnvironments declares the environments the pipeline may deploy to.
func WithEnvironments(envs ...*Environment) Option {
	return func(c *config) { c.envs = append(c.envs, envs...) }
}

// WithLogger is where the run logs what cannot go in its events, such as a sink that failed to
// close after the last event (default: slog.Default(); Main logs to its standard error).
func WithLogger(l *slog.Logger) Option { return func(c *config) { c.logger = l } }

// WithSink adds an event sink.
func WithSink(s runlog.Sink) Option { return func(c *config) { c.sinks = append(c.sinks, s) } }

// WithSource records what the run deploys and who triggered it.
func WithSource(s runlog.Source) Option { return func(c *config) { c.src, c.srcSet = s, true } }

// WithRequest runs the pipeline as req asks: its source (commit, trigger, who asked) and its
// command with inputs, which P.Command returns. `greenlight run` passes the request it decided
// on through Main's --request flag.
func WithRequest(req protocol.Request) Option {
	return func(c *config) {
		c.src = runlog.Source{Repository: req.Repository, Commit: req.Commit, Ref: req.Ref, Author: req.Author, Actor: req.Actor,
			Trigger: req.Trigger, RunURL: req.RunURL, RequestedBy: req.Inputs.RequestedBy, Thread: req.Inputs.Thread}
		c.srcSet = true
		c.inputs = req.Inputs
	}
}

// P is the handle a pipeline gets, in the manner of testing.T: stage methods run a stage, record
// it and return its typed result; when a stage fails, the pipeline stops there (as t.FatalF does),
// deferred functions and Cleanup functions run, and any canary still taking traffic is aborted.
// Call P's methods only from the pipeline's own goroutine.
type P struct {
	ctx context.Context
	r   *run
}

type run struct {
	cfg   config
	envs  map[string]*Environment
	sinks []runlog.Sink
	// command is what the run was asked to do, decided once when it starts.
	command Command

	mu         sync.Mutex
	report     runlog.Report
	failed     bool
	err        error
	skipped    bool
	skipReason string
	entries    map[string]Entry // env → the ledger entry of a canary awaiting promotion
	cleanups   []func()
	canaries   map[string]Revision        // env → canary taking traffic, aborted if the run fails
	revs       map[string][]Revision      // env → revisions this run deployed or touched
	origins    map[string]approval.Origin // environment and digest → who is behind its release there (Origin), read once
	verifier   oci.Verifier               // the last one Sign or Verify used, for rollbacks
	local      runDecisions               // decisions of this run, where no store is configured
	claims     map[string]func()          // env → release of the claim this run has on it
	red        *secrets.Redactor

	// analyses is the analysis of each canary by env and revision, continued by its next step.
	analyses map[string]*analysis.Analysis
}

// ErrFailed is returned by Run when the pipeline failed; the report holds the details.
var ErrFailed = errors.New("pipeline failed")

// Run runs pipeline to completion and returns its report. The error is nil when every stage passed.
// Cancelling ctx stops the run cleanly: a canary in progress is aborted and all traffic returns
// to the stable version before Run returns.
func Run(ctx context.Context, pipeline func(*P), opts ...Option) (*runlog.Report, error) {
	cfg := config{name: "pipeline", abortTimeout: 30 * time.Second}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.runID == "" {
		var b [6]byte
		rand.Read(b[:])
		cfg.runID = hex.EncodeToString(b[:])
	}
	// No secret value of the process's environment reaches a sink or the report.
	red := secrets.NewRedactor(os.Environ())
	sinks := make([]runlog.Sink, len(cfg.sinks))
	for i, s := range cfg.sinks {
		sinks[i] = redactSink(red, s)
	}
	r := &run{cfg: cfg, envs: map[string]*Environment{}, sinks: sinks, red: red,
		canaries: map[string]Revision{}, revs: map[string][]Revision{}, entries: map[string]Entry{}, claims: map[string]func(){},
		command: commandOf(cfg.inputs)}
	for _, e := range cfg.envs {
		if e == nil || e.Name == "" {
			return nil, fmt.Errorf("invalid environment: every environment needs a Name")
		}
		if e.Target == nil {
			return nil, fmt.Errorf("invalid environment %q: no Target; set Environment.Target (for example local.New(...))", e.Name)
		}
		if _, dup := r.envs[e.Name]; dup {
			return nil, fmt.Errorf("invalid environments: %q is declared twice", e.Name)
		}
		r.envs[e.Name] = e
	}
	envURLs := map[string]string{}
	for _, e := range cfg.envs {
		envURLs[e.Name] = e.URL
	}
	r.report = runlog.Report{Pipeline: cfg.name, Run: cfg.runID, Source: cfg.src, Status: runlog.Running, Start: time.Now(), Environments: envURLs,
		Stages: []runlog.StageRecord{}, Images: []runlog.ImageRecord{}, Versions: []runlog.VersionStats{}, Verdicts: []analysis.Verdict{}, Rollbacks: []runlog.RollbackRecord{}}
	src := cfg.src
	r.emit(runlog.Event{Kind: runlog.RunStarted, Message: cfg.name, Source: &src})

	p := &P{ctx: ctx, r: r}
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer func() {
			if v := recover(); v != nil {
				r.fail(fmt.Errorf("pipeline panicked: %v\n%s", v, debug.Stack()))
			}
		}()
		// Nothing moves in a run whose environments are not protected where their ledger
		// keeps them (a GitHub Environment open to every branch).
		if err := r.checkProtection(ctx); err != nil {
			r.fail(err)
			return
		}
		if !r.command.automatic() && r.cfg.releases != nil {
			p.runCommand()
			return
		}
		pipeline(p)
	}()
	<-done

	r.mu.Lock()
	cleanups := r.cleanups
	r.cleanups = nil
	r.mu.Unlock()
	for i := len(cleanups) - 1; i >= 0; i-- {
		cleanups[i]()
	}
	if ctx.Err() != nil && !r.failed {
		r.fail(fmt.Errorf("run cancelled: %w", context.Cause(ctx)))
	}
	if r.failed {
		r.abortCanaries(ctx.Err() != nil)
	}
	r.releaseClaims()
	r.collectVersionStats()

	r.mu.Lock()
	r.report.End = time.Now()
	switch {
	case ctx.Err() != nil:
		r.report.Status = runlog.Cancelled
	case r.failed:
		r.report.Status = runlog.Failed
	case r.skipped:
		r.report.Status = runlog.Skipped
		r.report.Error = "skipped: " + r.skipReason
	default:
		r.report.Status = runlog.Passed
	}
	if r.err != nil {
		r.report.Error = r.err.Error()
	}
	rep := *redactReport(r.red, &r.report)
	err := r.err
	r.mu.Unlock()
	r.emit(runlog.Event{Kind: runlog.RunFinished, Status: rep.Status, Duration: rep.End.Sub(rep.Start), Message: rep.Error})
	r.closeSinks(&rep)
	if err != nil {
		return &rep, fmt.Errorf("%w: %s", ErrFailed, r.red.String(err.Error()))
	}
	return &rep, nil
}

func (r *run) emit(e runlog.Event) {
	e.Run = r.cfg.runID
	if e.Time.IsZero() {
		e.Time = time.Now()
	}
	for _, s := range r.sinks {
		s.Emit(e)
	}
}

// closeSinks gives report sinks the report, then closes and flushes every sink that can be
// closed (a notifier that queues), so nothing is lost when the process exits.
func (r *run) closeSinks(rep *runlog.Report) {
	for _, s := range r.sinks {
		if rs, ok := s.(runlog.ReportSink); ok {
			rs.Report(rep)
		}
	}
	for _, s := range r.sinks {
		if c, ok := s.(interface{ Close() error }); ok {
			if err := c.Close(); err != nil {
				r.logger().Error("greenlight: closing a notifier", "run", r.cfg.runID, "err", r.red.String(err.Error()))
			}
		}
	}
}

// logger is where the run logs what its events cannot carry.
func (r *run) logger() *slog.Logger {
	if r.cfg.logger != nil {
		return r.cfg.logger
	}
	return slog.Default()
}

func (r *run) fail(err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.failed {
		r.failed, r.err = true, err
	}
}

// abortCanaries returns all traffic to stable for every canary still in progress. It uses a fresh
// context: the run's own may be the reason we are here.
func (r *run) abortCanaries(cancelled bool) {
	r.mu.Lock()
	open := r.canaries
	r.canaries = map[string]Revision{}
	r.mu.Unlock()
	for envName, rev := range open {
		env := r.envs[envName]
		st := &Stage{p: &P{ctx: context.Background(), r: r}, ctx: context.Background(), name: "abort", env: envName}
		start := time.Now()
		stable := r.stableID(env)
		_, err := st.move(moveSpec{kind: MoveAbort, env: env, image: rev.Image, strategy: "abort",
			reason: "run stopped before the canary was promoted: " + r.errText()}, func(ctx context.Context) (Revision, error) {
			return rev, env.Target.Abort(ctx, rev)
		})
		if err != nil {
			r.emit(runlog.Event{Kind: runlog.Log, Env: envName, Message: fmt.Sprintf("ABORT FAILED: could not return traffic to stable in %s: %v; check the target by hand", envName, err)})
			continue
		}
		r.recordRollback(runlog.RollbackRecord{Env: envName, From: rev.ID, To: stable, Reason: "run stopped before the canary was promoted: " + r.errText(), Time: start, Duration: time.Since(start)})
	}
	r.mu.Lock()
	entries := r.entries
	r.entries = map[string]Entry{}
	r.mu.Unlock()
	for envName, e := range entries {
		status := runlog.Failed
		if cancelled {
			status = runlog.Cancelled
		}
		if err := e.Finish(context.Background(), status, r.envs[envName].URL, "run stopped before promotion: "+r.errText()); err != nil {
			r.emit(runlog.Event{Kind: runlog.Log, Env: envName, Message: "WARNING: recording the aborted canary failed: " + err.Error()})
		}
	}
}

// closeCanary forgets env's canary: it was promoted or aborted.
func (r *run) closeCanary(env string) {
	r.mu.Lock()
	delete(r.canaries, env)
	r.mu.Unlock()
}

func (r *run) errText() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.err == nil {
		return "no error"
	}
	line, _, _ := strings.Cut(r.err.Error(), "\n")
	return line
}

func (r *run) stableID(env *Environment) string {
	st, err := env.Target.State(context.Background())
	if err != nil || st.Stable == nil {
		return "(none)"
	}
	return st.Stable.ID
}

func (r *run) recordRollback(rb runlog.RollbackRecord) {
	r.mu.Lock()
	r.report.Rollbacks = append(r.report.Rollbacks, rb)
	r.mu.Unlock()
	r.emit(runlog.Event{Kind: runlog.RolledBack, Env: rb.Env, Duration: rb.Duration, Message: fmt.Sprintf("100%% of traffic on %s (was %s): %s", rb.To, rb.From, rb.Reason)})
}

func (r *run) touch(env string, rev Revision) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, x := range r.revs[env] {
		if x.ID == rev.ID {
			return
		}
	}
	r.revs[env] = append(r.revs[env], rev)
}

func (r *run) collectVersionStats() {
	for _, e := range r.cfg.envs {
		m := e.metrics()
		if m == nil {
			continue
		}
		r.mu.Lock()
		revs := append([]Revision(nil), r.revs[e.Name]...)
		r.mu.Unlock()
		for _, rev := range revs {
			s, err := m.Sample(context.Background(), rev, r.report.Start)
			if err != nil {
				continue
			}
			r.mu.Lock()
			r.report.Versions = append(r.report.Versions, runlog.VersionStats{Env: e.Name, Revision: rev.ID, Image: rev.Image.String(),
				Requests: s.Requests, Failed: s.Errors, P50Ms: ms(s.P50), P99Ms: ms(s.P99)})
			r.mu.Unlock()
		}
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// Context is the run's context; it is cancelled on SIGINT/SIGTERM under Main.
func (p *P) Context() context.Context { return p.ctx }

// Source is what this run deploys and who triggered it.
func (p *P) Source() runlog.Source { return p.r.cfg.src }

// Command is what this run was asked to do: the pipeline's own run, or a command of the
// deploy workflow (deploy, rollback, promote, abort), which the engine carries out itself
// (WithCommands) instead of calling the pipeline.
func (p *P) Command() Command { return p.r.command }

// Logf logs a line in the run's output.
func (p *P) Logf(format string, args ...any) {
	p.r.emit(runlog.Event{Kind: runlog.Log, Message: fmt.Sprintf(format, args...)})
}

// Fatalf records the error and stops the pipeline, like testing.T.Fatalf.
func (p *P) Fatalf(format string, args ...any) {
	p.r.fail(fmt.Errorf(format, args...))
	runtime.Goexit()
}

// Failed reports whether the run has failed.
func (p *P) Failed() bool {
	p.r.mu.Lock()
	defer p.r.mu.Unlock()
	return p.r.failed
}

// Cleanup registers f to run after the pipeline returns or stops, last registered first.
func (p *P) Cleanup(f func()) {
	p.r.mu.Lock()
	p.r.cleanups = append(p.r.cleanups, f)
	p.r.mu.Unlock()
}

// Env returns the environment declared with that name; an unknown name stops the pipeline.
func (p *P) Env(name string) *Environment {
	if e, ok := p.r.envs[name]; ok {
		return e
	}
	names := make([]string, 0, len(p.r.envs))
	for _, e := range p.r.cfg.envs {
		names = append(names, e.Name)
	}
	p.Fatalf("unknown environment %q: the pipeline declares %s; add it with greenlight.WithEnvironments", name, quoteList(names))
	return nil
}

func quoteList(s []string) string {
	if len(s) == 0 {
		return "none"
	}
	q := make([]string, len(s))
	for i, x := range s {
		q[i] = fmt.Sprintf("%q", x)
	}
	return strings.Join(q, ", ")
}

// Stage is the handle of one running stage.
type Stage struct {
	p      *P
	ctx    context.Context
	name   string
	env    string
	result string
}

// Context is the stage's context.
func (s *Stage) Context() context.Context { return s.ctx }

// Logf logs a line under the stage.
func (s *Stage) Logf(format string, args ...any) {
	s.p.r.emit(runlog.Event{Kind: runlog.Log, Stage: s.name, Env: s.env, Message: fmt.Sprintf(format, args...)})
}

// Result sets the stage's one-line result, shown in the stage table.
func (s *Stage) Result(format string, args ...any) { s.result = fmt.Sprintf(format, args...) }

func (s *Stage) emit(e runlog.Event) {
	e.Stage, e.Env = s.name, s.env
	s.p.r.emit(e)
}

// Stage runs fn as a named stage of the pipeline. If fn returns an error, the stage is recorded
// as failed and the pipeline stops.
func (p *P) Stage(name string, fn func(s *Stage) error) {
	p.stage(name, "", fn)
}

func (p *P) stage(name, env string, fn func(s *Stage) error) {
	if err := p.r.errIfFailed(); err != nil {
		runtime.Goexit()
	}
	s := &Stage{p: p, ctx: p.ctx, name: name, env: env}
	rec := runlog.StageRecord{Name: name, Env: env, Status: runlog.Running, Start: time.Now()}
	p.r.emit(runlog.Event{Kind: runlog.StageStarted, Stage: name, Env: env, Status: runlog.Running})
	var err error
	if cerr := p.ctx.Err(); cerr != nil {
		err = fmt.Errorf("not started: run cancelled")
	} else {
		err = func() (err error) {
			defer func() {
				if v := recover(); v != nil {
					err = fmt.Errorf("stage %s panicked: %v\n%s", name, v, debug.Stack())
				}
			}()
			return fn(s)
		}()
	}
	rec.End = time.Now()
	rec.Duration = rec.End.Sub(rec.Start)
	rec.Result = s.result
	var sk *skip
	switch {
	case errors.As(err, &sk):
		rec.Status, rec.Result, err = runlog.Skipped, sk.Error(), nil
		p.r.setSkipped(sk.reason)
	case err == nil:
		rec.Status = runlog.Passed
	case p.ctx.Err() != nil:
		rec.Status = runlog.Cancelled
	default:
		rec.Status = runlog.Failed
	}
	if err != nil {
		rec.Error = err.Error()
	}
	p.r.mu.Lock()
	p.r.report.Stages = append(p.r.report.Stages, rec)
	p.r.mu.Unlock()
	msg := rec.Result
	if err != nil {
		msg = rec.Error
	}
	p.r.emit(runlog.Event{Kind: runlog.StageFinished, Stage: name, Env: env, Status: rec.Status, Duration: rec.Duration, Message: msg})
	if sk != nil && rec.Status == runlog.Skipped {
		runtime.Goexit()
	}
	if err != nil {
		label := name
		if env != "" {
			label += " (" + env + ")"
		}
		p.r.fail(fmt.Errorf("%s: %w", label, err))
		runtime.Goexit()
	}
}

func (r *run) errIfFailed() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.err
}

func (r *run) recordImage(img oci.Image, sig *oci.Signature, deployedTo string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for i := range r.report.Images {
		rec := &r.report.Images[i]
		if rec.Digest == img.Digest() && rec.Ref == img.String() {
			if sig != nil {
				rec.Signature = sig
			}
			if deployedTo != "" {
				rec.Deployed = append(rec.Deployed, deployedTo)
			}
			return
		}
	}
	rec := runlog.ImageRecord{Ref: img.String(), Digest: img.Digest(), Signature: sig}
	if deployedTo != "" {
		rec.Deployed = []string{deployedTo}
	}
	r.report.Images = append(r.report.Images, rec)
}

// skip is returned by a stage whose move was refused or held: the run stops without failing.
type skip struct{ reason string }

func (s *skip) Error() string { return "skipped: " + s.reason }

// Skipf stops the run without failing it, like testing.T.Skipf: nothing more is deployed and
// the run's status is skipped.
func (p *P) Skipf(format string, args ...any) {
	p.r.setSkipped(fmt.Sprintf(format, args...))
	runtime.Goexit()
}

func (r *run) setSkipped(reason string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.skipped && !r.failed {
		r.skipped, r.skipReason = true, reason
	}
}
