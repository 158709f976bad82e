package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/runlog"

	"github.com/greenlight-cd/greenlight/pkg/actions"
	"github.com/greenlight-cd/greenlight/pkg/github"
	"github.com/greenlight-cd/greenlight/pkg/protocol"
	"github.com/greenlight-cd/greenlight/pkg/secrets"
)

// runPipeline is `greenlight run`. In GitHub Actions it first decides, from the event alone,
// whether the run may deploy (actions.Trust): an untrusted event — a fork, a pull request, a
// branch not allowed to deploy, a tag, a dispatch off the default branch — ends here with a
// notice and result=skipped, before anything is compiled or run. Then it compiles the pipeline
// module (or takes the binary cached for exactly its inputs), hands it the run's request
// (pkg/protocol), and shows the events it streams back: as console lines, or as log groups,
// annotations, the step summary and the step's outputs (digest, environment-url, result).
func runPipeline(ctx context.Context, e *cliEnv, fl *flag.FlagSet, args []string) int {
	stdout, stderr := e.stdout, e.stderr
	dir := fl.String("pipeline", ".greenlight", "the pipeline's Go module (greenlight init writes it there)")
	cache := fl.String("cache", defaultCache(), "where compiled pipelines are kept")
	branches := fl.String("branches", "", "comma-separated branches allowed to deploy (default: the repository's default branch)")
	decide := fl.Bool("decide", false, "only decide whether the event may deploy: set the outputs deploy (true/false) and sha, compile nothing")
	if code, ok := parse(fl, args, stdout); !ok {
		return code
	}
	gha := actions.New(stdout, nil)
	req := protocol.Request{Trigger: "local", Inputs: protocol.Inputs{Command: protocol.Run}}
	if gha.InActions() {
		var code int
		var ok bool
		if req, code, ok = decideTrust(ctx, gha, *dir, splitList(*branches), stderr); !ok {
			if *decide {
				gha.SetOutput("deploy", "false")
			}
			return code
		}
		if *decide {
			fmt.Fprintf(stderr, "greenlight: deploying %s: %s\n", req.Commit, req.Why)
			if err := errors.Join(gha.SetOutput("deploy", "true"), gha.SetOutput("sha", req.Commit)); err != nil {
				fmt.Fprintf(stderr, "greenlight run: %v\n", err)
				return 1
			}
			return 0
		}
	} else if *decide {
		fmt.Fprintln(stderr, "greenlight run --decide: only in GitHub Actions (it reads the event that triggered the workflow)")
		return 2
	}
	bin, compiled, err := compilePipeline(ctx, *dir, *cache, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "greenlight run: %v\n", err)
		if gha.InActions() {
			gha.SetOutput("result", "error")
		}
		return 1
	}
	if compiled > 0 {
		fmt.Fprintf(stderr, "greenlight: compiled the pipeline in %s\n", compiled.Round(10*time.Millisecond))
	} else {
		fmt.Fprintln(stderr, "greenlight: using the cached pipeline binary (no compile)")
	}
	// No secret value of this job reaches a log line, the summary or the outputs.
	red := secrets.NewRedactor(os.Environ())
	var sink runlog.Sink = runlog.NewConsole(stdout)
	var feedback *github.Feedback
	if gha.InActions() {
		sink = gha.NewSink(stdout)
		// Where the change is, on the commit (a status per environment) and its pull request.
		if c, _, err := github.FromEnv(); err == nil && req.Commit != "" {
			feedback = c.Feedback(runlog.Source{Commit: req.Commit, RunURL: req.RunURL, Repository: req.Repository})
			if cmd := req.Inputs.Command; cmd != "" && cmd != protocol.Run {
				// A command runs on the default branch's newest commit: tell the commit of
				// the image it moves instead.
				feedback.CommitOf = c.CommitOfDigest
			}
			sink = fanout{sink, feedback}
		}
	}
	sink = redactSink{r: red, s: sink}
	rout, rerr := secrets.NewWriter(red, stdout), secrets.NewWriter(red, stderr)
	res, code := runCompiled(ctx, bin, *dir, req, fl.Args(), sink, rout, rerr)
	rep := res.report
	rout.Flush()
	rerr.Flush()
	if feedback != nil && feedback.Err() != nil {
		fmt.Fprintf(stderr, "greenlight: could not update the commit's status or pull request comment: %v\n", red.String(feedback.Err().Error()))
	}
	if rep != nil {
		rep = secrets.Copy(red, rep)
	}
	if gha.InActions() {
		if err := setOutputs(gha, rep); err != nil {
			fmt.Fprintf(stderr, "greenlight run: outputs: %v\n", err)
		}
	}
	return code
}

// decideTrust reads the event and decides whether it may deploy. ok false ends the run with
// code: 0 for an event that is not trusted (a notice says why, result=skipped), 1 when the
// decision itself could not be made.
func decideTrust(ctx context.Context, gha *actions.Runtime, dir string, branches []string, stderr io.Writer) (protocol.Request, int, bool) {
	skipped := func(reason string) (protocol.Request, int, bool) {
		gha.WithFieldsMap(map[string]string{"title": "greenlight: nothing deployed"}).Noticef("%s", reason)
		fmt.Fprintf(stderr, "greenlight run: nothing deployed: %s\n", reason)
		if gha.SetOutput("result", string(runlog.Skipped)) != nil {
			return protocol.Request{}, 1, false
		}
		return protocol.Request{}, 0, false
	}
	name, ev, err := gha.Event()
	if err != nil {
		return skipped(err.Error())
	}
	var reachable actions.Reachable
	c, _, cerr := github.FromEnv()
	reachable = func(ctx context.Context, branch, sha string) (bool, error) {
		if cerr != nil {
			return false, fmt.Errorf("no GitHub client: %w", cerr)
		}
		ok, err := c.OnBranch(ctx, branch, sha)
		if errors.Is(err, github.ErrTagNamedLikeBranch) {
			return false, &actions.Refusal{Reason: err.Error()}
		}
		return ok, err
	}
	req, err := actions.Trust(ctx, name, ev, os.Getenv("GITHUB_SHA"), branches, reachable)
	var refusal *actions.Refusal
	switch {
	case errors.As(err, &refusal):
		return skipped(refusal.Reason)
	case err != nil:
		fmt.Fprintf(stderr, "greenlight run: deciding whether the %s event may deploy: %v\n", name, err)
		gha.SetOutput("result", "error")
		return req, 1, false
	}
	// Newest wins: a run of a green commit releases the newest green commit of its branch.
	if name == "workflow_run" && req.Inputs.Command == protocol.Run {
		if reason, err := newestGreen(ctx, c, &req); err != nil {
			fmt.Fprintf(stderr, "greenlight run: finding the newest green commit: %v\n", err)
			gha.SetOutput("result", "error")
			return req, 1, false
		} else if reason != "" {
			return skipped(reason)
		}
	}
	// What is checked out must be what was decided on.
	if head, err := gitHead(ctx, dir); err == nil && head != req.Commit && req.Inputs.Command == protocol.Run {
		return skipped(fmt.Sprintf("the checked-out commit is %s, but the event names %s: check out exactly the decided commit (the Action does)", short(head), short(req.Commit)))
	}
	if id := os.Getenv("GITHUB_RUN_ID"); id != "" && req.Repository != "" {
		server := os.Getenv("GITHUB_SERVER_URL")
		if server == "" {
			server = "https://github.com"
		}
		req.RunURL = server + "/" + req.Repository + "/actions/runs/" + id
	}
	return req, 0, true
}

// decidedVar names the commit the Action's decide step chose (its output sha), which the run
// step is handed: the run releases exactly that commit, checked again, even when a newer one
// turned green between the two steps (that one's own run follows).
const decidedVar = "GREENLIGHT_DECIDED_SHA"

// newestGreen sets req's commit to the newest green commit of its branch (github.NewestGreen)
// and says so in req.Why; in the run step, to the commit the decide step chose, once it is
// checked again: on the branch, newer than the event's commit, green. A non-empty reason is a
// refusal.
func newestGreen(ctx context.Context, c *github.Client, req *protocol.Request) (refusal string, err error) {
	branch := strings.TrimPrefix(req.Ref, "refs/heads/")
	decided := strings.ToLower(strings.TrimSpace(os.Getenv(decidedVar)))
	switch {
	case decided == req.Commit:
		return "", nil
	case decided != "":
		if len(decided) != 40 || strings.Trim(decided, "0123456789abcdef") != "" {
			return fmt.Sprintf("%s=%q is not a commit: run the Action's decide step before its run step", decidedVar, decided), nil
		}
		on, err := c.OnBranch(ctx, branch, decided)
		if err != nil {
			return "", err
		}
		rel, err := c.Compare(ctx, req.Commit, decided)
		if err != nil {
			return "", err
		}
		g, err := c.Green(ctx, decided)
		if err != nil {
			return "", err
		}
		if !on || rel != github.Ahead || !g.OK {
			return fmt.Sprintf("the decided commit %s is not a green commit of %s newer than %s: nothing is deployed", short(decided), branch, short(req.Commit)), nil
		}
		author, err := c.CommitAuthor(ctx, decided)
		if err != nil {
			return "", err
		}
		req.Why += fmt.Sprintf("; %s, newer on %s and green, was decided on: the newest green commit is released", short(decided), branch)
		req.Commit, req.Author = decided, author
		return "", nil
	}
	newest, author, why, err := c.NewestGreen(ctx, branch, req.Commit)
	if err != nil || newest == req.Commit {
		return "", err
	}
	req.Commit, req.Author, req.Why = newest, author, req.Why+"; "+why
	return "", nil
}

// gitHead is the commit checked out where dir is, if dir is in a git work tree.
func gitHead(ctx context.Context, dir string) (string, error) {
	cmd := exec.CommandContext(ctx, "git", "-C", dir, "rev-parse", "HEAD")
	cmd.Env, _ = secrets.Split(os.Environ()) // git needs no secret
	out, err := cmd.Output()
	return strings.TrimSpace(string(out)), err
}

func short(s string) string {
	if len(s) > 7 {
		return s[:7]
	}
	return s
}

func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// result is what a compiled pipeline sent back: the report of a run, or the answer to a query.
type result struct {
	report *runlog.Report
	answer json.RawMessage
}

// runCompiled runs the compiled pipeline with req and streams its events to sink. The report
// is the stream's last message; nil if the pipeline ended without one (it crashed).
func runCompiled(ctx context.Context, bin, dir string, req protocol.Request, args []string, sink runlog.Sink, stdout, stderr io.Writer) (result, int) {
	tmp, err := os.MkdirTemp("", "greenlight-run-*")
	if err != nil {
		fmt.Fprintf(stderr, "greenlight run: %v\n", err)
		return result{}, 1
	}
	defer os.RemoveAll(tmp)
	reqPath := filepath.Join(tmp, "request.json")
	if err := protocol.WriteRequest(reqPath, req); err != nil {
		fmt.Fprintf(stderr, "greenlight run: %v\n", err)
		return result{}, 1
	}
	r, w, err := os.Pipe()
	if err != nil {
		fmt.Fprintf(stderr, "greenlight run: %v\n", err)
		return result{}, 1
	}
	cmd := exec.Command(bin, append([]string{"--events", "/dev/fd/3", "--request", reqPath}, args...)...)
	cmd.Dir = dir
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, stdout, stderr
	cmd.ExtraFiles = []*os.File{w}
	// The pipeline gets the job's secrets through a descriptor it drains at once, never in the
	// environment it is started with, which its tests could read in /proc (docs/trust.md).
	handed, err := secrets.Pass(cmd, os.Environ())
	if err != nil {
		w.Close()
		r.Close()
		fmt.Fprintf(stderr, "greenlight run: %v; nothing was run\n", err)
		return result{}, 1
	}
	err = cmd.Start()
	handed()
	if err != nil {
		w.Close()
		r.Close()
		fmt.Fprintf(stderr, "greenlight run: starting the pipeline: %v\n", err)
		return result{}, 1
	}
	w.Close()
	var rep *runlog.Report
	var ans json.RawMessage
	var streamErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer io.Copy(io.Discard, r)
		pr := protocol.NewReader(r)
		for {
			m, err := pr.Next()
			if err != nil {
				if rep == nil && ans == nil {
					streamErr = err
				}
				return
			}
			switch m.Type {
			case protocol.AnswerMessage:
				ans = m.Data
			case protocol.EventMessage:
				var e runlog.Event
				if m.Decode(&e) == nil {
					sink.Emit(e)
				}
			case protocol.ReportMessage:
				var x runlog.Report
				if err := m.Decode(&x); err != nil {
					streamErr = fmt.Errorf("the pipeline's report: %w", err)
					return
				}
				rep = &x
			}
		}
	}()
	// SIGINT and SIGTERM go to the pipeline, which returns traffic to stable before it exits.
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	go func() {
		for s := range sigs {
			cmd.Process.Signal(s)
		}
	}()
	werr := cmd.Wait()
	<-done
	if rs, ok := sink.(runlog.ReportSink); ok && rep != nil {
		rs.Report(rep)
	}
	if c, ok := sink.(interface{ Close() error }); ok {
		c.Close()
	}
	code := 0
	var ee *exec.ExitError
	switch {
	case errors.As(werr, &ee):
		code = ee.ExitCode()
	case werr != nil:
		fmt.Fprintf(stderr, "greenlight run: %v\n", werr)
		code = 1
	}
	if rep == nil && ans == nil && streamErr != nil {
		fmt.Fprintf(stderr, "greenlight run: %v (exit status %d)\n", streamErr, code)
		if code == 0 {
			code = 1
		}
	}
	return result{report: rep, answer: ans}, code
}

// askCompiled compiles the pipeline in dir and asks it query (a calendar, a policy check)
// through the run protocol; the pipeline answers and deploys nothing.
func askCompiled(ctx context.Context, dir, cache string, query any, into any, stderr io.Writer) error {
	q, err := json.Marshal(query)
	if err != nil {
		return err
	}
	bin, _, err := compilePipeline(ctx, dir, cache, stderr)
	if err != nil {
		return err
	}
	req := protocol.Request{Trigger: "query", Inputs: protocol.Inputs{Command: protocol.Run}, Query: q}
	res, code := runCompiled(ctx, bin, dir, req, nil, runlog.SinkFunc(func(runlog.Event) {}), io.Discard, stderr)
	if code != 0 || res.answer == nil {
		return fmt.Errorf("the pipeline gave no answer (exit status %d)", code)
	}
	return json.Unmarshal(res.answer, into)
}

// setOutputs gives the step its outputs from the run's report: result (passed, failed,
// skipped, cancelled, or error when the pipeline gave no report), digest and environment-url.
func setOutputs(gha *actions.Runtime, rep *runlog.Report) error {
	if rep == nil {
		return gha.SetOutput("result", "error")
	}
	digest, envURL := "", ""
	for _, img := range rep.Images {
		if len(img.Deployed) > 0 || digest == "" {
			digest = img.Digest
			if len(img.Deployed) > 0 {
				envURL = rep.Environments[strings.TrimSuffix(img.Deployed[len(img.Deployed)-1], " (canary)")]
			}
		}
	}
	return errors.Join(gha.SetOutput("result", string(rep.Status)), gha.SetOutput("digest", digest), gha.SetOutput("environment-url", envURL))
}

func defaultCache() string {
	if d := os.Getenv("GREENLIGHT_CACHE"); d != "" {
		return d
	}
	d, err := os.UserCacheDir()
	if err != nil {
		d = os.TempDir()
	}
	return filepath.Join(d, "greenlight", "pipelines")
}

// compilePipeline returns the binary for the pipeline module in dir, compiling it only when no
// binary for the same sources exists. compiled is 0 when the cache answered.
func compilePipeline(ctx context.Context, dir, cache string, stderr io.Writer) (bin string, compiled time.Duration, err error) {
	if _, err := os.Stat(filepath.Join(dir, "go.mod")); err != nil {
		return "", 0, fmt.Errorf("no pipeline module at %s (no go.mod): run `greenlight init`, or pass --pipeline DIR", dir)
	}
	key, err := pipelineKey(ctx, dir)
	if err != nil {
		return "", 0, err
	}
	bin = filepath.Join(cache, key, "pipeline")
	if fi, err := os.Stat(bin); err == nil && fi.Mode()&0o111 != 0 {
		return bin, 0, nil
	}
	if err := os.MkdirAll(filepath.Dir(bin), 0o755); err != nil {
		return "", 0, err
	}
	t0 := time.Now()
	tmp := bin + fmt.Sprintf(".tmp%d", os.Getpid())
	cmd := exec.CommandContext(ctx, "go", append(append([]string{"build"}, pipelineBuildFlags...), "-o", tmp, ".")...)
	cmd.Dir = dir
	cmd.Env = pipelineBuildEnv()
	cmd.Stdout, cmd.Stderr = stderr, stderr
	if err := cmd.Run(); err != nil {
		os.Remove(tmp)
		return "", 0, fmt.Errorf("compiling the pipeline in %s failed (%v): fix the errors above; nothing was deployed", dir, err)
	}
	if err := os.Rename(tmp, bin); err != nil {
		return "", 0, err
	}
	return bin, time.Since(t0), nil
}

// redactSink passes every event, and the report, to s with secret values replaced, and closes s
// when it is closed: a pipeline that puts a token in an event does not put it in the job's log.
type redactSink struct {
	r *secrets.Redactor
	s runlog.Sink
}

func (w redactSink) Emit(e runlog.Event) { w.s.Emit(secrets.Copy(w.r, e)) }

func (w redactSink) Report(rep *runlog.Report) {
	if rs, ok := w.s.(runlog.ReportSink); ok {
		rs.Report(secrets.Copy(w.r, rep))
	}
}

func (w redactSink) Close() error {
	if c, ok := w.s.(interface{ Close() error }); ok {
		return c.Close()
	}
	return nil
}

// fanout sends every event, the report and Close to each of its sinks.
type fanout []runlog.Sink

func (f fanout) Emit(e runlog.Event) {
	for _, s := range f {
		s.Emit(e)
	}
}

func (f fanout) Report(r *runlog.Report) {
	for _, s := range f {
		if rs, ok := s.(runlog.ReportSink); ok {
			rs.Report(r)
		}
	}
}

func (f fanout) Close() error {
	var errs []error
	for _, s := range f {
		if c, ok := s.(interface{ Close() error }); ok {
			errs = append(errs, c.Close())
		}
	}
	return errors.Join(errs...)
}
