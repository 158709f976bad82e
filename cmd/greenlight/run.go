package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/actions"
	"github.com/greenlight-cd/greenlight/pkg/github"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/protocol"
)

// runPipeline is `greenlight run`. In GitHub Actions it first decides, from the event alone,
// whether the run may deploy (actions.Trust): an untrusted event — a fork, a pull request, a
// branch not allowed to deploy, a tag, a dispatch off the default branch — ends here with a
// notice and result=skipped, before anything is compiled or run. Then it compiles the pipeline
// module (or takes the binary cached for exactly its inputs), hands it the run's request
// (pkg/protocol), and shows the events it streams back: as console lines, or as log groups,
// annotations, the step summary and the step's outputs (digest, environment-url, result).
func runPipeline(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("greenlight run", flag.ContinueOnError)
	fl.SetOutput(stderr)
	dir := fl.String("pipeline", ".greenlight", "the pipeline's Go module (greenlight init writes it there)")
	cache := fl.String("cache", defaultCache(), "where compiled pipelines are kept")
	branches := fl.String("branches", "", "comma-separated branches allowed to deploy (default: the repository's default branch)")
	decide := fl.Bool("decide", false, "only decide whether the event may deploy: set the outputs deploy (true/false) and sha, compile nothing")
	if err := fl.Parse(args); err != nil {
		return 2
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
		return 1
	}
	if compiled > 0 {
		fmt.Fprintf(stderr, "greenlight: compiled the pipeline in %s\n", compiled.Round(10*time.Millisecond))
	} else {
		fmt.Fprintln(stderr, "greenlight: using the cached pipeline binary (no compile)")
	}
	var sink greenlight.Sink = greenlight.NewConsole(stdout)
	if gha.InActions() {
		sink = gha.NewSink(stdout)
	}
	rep, code := runCompiled(ctx, bin, *dir, req, fl.Args(), sink, stdout, stderr)
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
		if gha.SetOutput("result", string(greenlight.Skipped)) != nil {
			return protocol.Request{}, 1, false
		}
		return protocol.Request{}, 0, false
	}
	name, ev, err := gha.Event()
	if err != nil {
		return skipped(err.Error())
	}
	var reachable actions.Reachable
	if c, _, err := github.FromEnv(); err == nil {
		reachable = func(ctx context.Context, branch, sha string) (bool, error) {
			rel, err := c.Compare(ctx, branch, sha)
			return rel == github.Identical || rel == github.Behind, err
		}
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

// gitHead is the commit checked out where dir is, if dir is in a git work tree.
func gitHead(ctx context.Context, dir string) (string, error) {
	out, err := exec.CommandContext(ctx, "git", "-C", dir, "rev-parse", "HEAD").Output()
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

// runCompiled runs the compiled pipeline with req and streams its events to sink. The report
// is the stream's last message; nil if the pipeline ended without one (it crashed).
func runCompiled(ctx context.Context, bin, dir string, req protocol.Request, args []string, sink greenlight.Sink, stdout, stderr io.Writer) (*greenlight.Report, int) {
	tmp, err := os.MkdirTemp("", "greenlight-run-*")
	if err != nil {
		fmt.Fprintf(stderr, "greenlight run: %v\n", err)
		return nil, 1
	}
	defer os.RemoveAll(tmp)
	reqPath := filepath.Join(tmp, "request.json")
	if err := protocol.WriteRequest(reqPath, req); err != nil {
		fmt.Fprintf(stderr, "greenlight run: %v\n", err)
		return nil, 1
	}
	r, w, err := os.Pipe()
	if err != nil {
		fmt.Fprintf(stderr, "greenlight run: %v\n", err)
		return nil, 1
	}
	cmd := exec.Command(bin, append([]string{"--events", "/dev/fd/3", "--request", reqPath}, args...)...)
	cmd.Dir = dir
	cmd.Env = os.Environ()
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, stdout, stderr
	cmd.ExtraFiles = []*os.File{w}
	if err := cmd.Start(); err != nil {
		w.Close()
		r.Close()
		fmt.Fprintf(stderr, "greenlight run: starting the pipeline: %v\n", err)
		return nil, 1
	}
	w.Close()
	var rep *greenlight.Report
	var streamErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer io.Copy(io.Discard, r)
		pr := protocol.NewReader(r)
		for {
			m, err := pr.Next()
			if err != nil {
				if rep == nil {
					streamErr = err
				}
				return
			}
			switch m.Type {
			case protocol.EventMessage:
				var e greenlight.Event
				if m.Decode(&e) == nil {
					sink.Emit(e)
				}
			case protocol.ReportMessage:
				var x greenlight.Report
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
	if rep == nil && streamErr != nil {
		fmt.Fprintf(stderr, "greenlight run: %v (exit status %d)\n", streamErr, code)
		if code == 0 {
			code = 1
		}
	}
	return rep, code
}

// setOutputs gives the step its outputs from the run's report: result (passed, failed,
// skipped, cancelled, or error when the pipeline gave no report), digest and environment-url.
func setOutputs(gha *actions.Runtime, rep *greenlight.Report) error {
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
	key, err := sourceKey(ctx, dir)
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
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-o", tmp, ".")
	cmd.Dir = dir
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

// sourceKey hashes what the pipeline binary depends on: the Go version and platform, go.mod,
// go.sum and every .go file of the module (not under testdata or nested modules).
func sourceKey(ctx context.Context, dir string) (string, error) {
	h := sha256.New()
	gover, err := exec.CommandContext(ctx, "go", "env", "GOVERSION").Output()
	if err != nil {
		return "", fmt.Errorf("go is not installed or not on PATH: %w", err)
	}
	fmt.Fprintf(h, "%s %s/%s\n", strings.TrimSpace(string(gover)), runtime.GOOS, runtime.GOARCH)
	var files []string
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != dir && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".") || fileExists(filepath.Join(p, "go.mod"))) {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(p, ".go") || d.Name() == "go.mod" || d.Name() == "go.sum" {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	sort.Strings(files)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return "", err
		}
		rel, _ := filepath.Rel(dir, f)
		fmt.Fprintf(h, "%s %d\n", rel, len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))[:24], nil
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
