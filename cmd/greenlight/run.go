package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
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
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
)

// runPipeline is `greenlight run`: compile the pipeline module (or take the binary cached for
// exactly these sources, go.mod, go.sum and Go version), run it, and show its events: as console
// lines, or in GitHub Actions as log groups, annotations, the step summary and the step's
// outputs (digest, environment-url, result).
func runPipeline(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("greenlight run", flag.ContinueOnError)
	fl.SetOutput(stderr)
	dir := fl.String("pipeline", ".greenlight", "the pipeline's Go module (greenlight init writes it there)")
	cache := fl.String("cache", defaultCache(), "where compiled pipelines are kept")
	if err := fl.Parse(args); err != nil {
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
	gha := actions.New(stdout, nil)
	var sink greenlight.Sink = greenlight.NewConsole(stdout)
	var childEnv []string
	if gha.InActions() {
		sink = gha.NewSink(stdout)
		// What to deploy comes from the event: for a workflow_run, GITHUB_SHA is the default
		// branch's newest commit, not the one CI passed.
		if name, ev, err := gha.Event(); err == nil {
			c, err := actions.CommitOf(name, ev, os.Getenv("GITHUB_SHA"), os.Getenv("GITHUB_REF"), os.Getenv("GITHUB_ACTOR"))
			if err != nil {
				gha.WithFieldsMap(map[string]string{"title": "greenlight: nothing deployed"}).Noticef("%v", err)
				fmt.Fprintf(stderr, "greenlight run: %v\n", err)
				if gha.SetOutput("result", string(greenlight.Skipped)) != nil {
					return 1
				}
				return 0
			}
			childEnv = append(childEnv, "GREENLIGHT_COMMIT="+c.SHA, "GREENLIGHT_REF="+c.Ref, "GREENLIGHT_AUTHOR="+c.Author, "GREENLIGHT_TRIGGER="+c.Trigger)
			if by := c.Inputs["requested_by"]; by != "" {
				childEnv = append(childEnv, "GREENLIGHT_REQUESTED_BY="+by)
			}
		}
	}
	tmp, err := os.MkdirTemp("", "greenlight-run-*")
	if err != nil {
		fmt.Fprintf(stderr, "greenlight run: %v\n", err)
		return 1
	}
	defer os.RemoveAll(tmp)
	report := filepath.Join(tmp, "report.json")
	r, w, err := os.Pipe()
	if err != nil {
		fmt.Fprintf(stderr, "greenlight run: %v\n", err)
		return 1
	}
	cmd := exec.Command(bin, append([]string{"--events", "/dev/fd/3", "--report", report}, fl.Args()...)...)
	cmd.Dir = *dir
	cmd.Env = append(os.Environ(), childEnv...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, stdout, stderr
	cmd.ExtraFiles = []*os.File{w}
	if err := cmd.Start(); err != nil {
		w.Close()
		fmt.Fprintf(stderr, "greenlight run: starting the pipeline: %v\n", err)
		return 1
	}
	w.Close()
	done := make(chan struct{})
	go func() {
		defer close(done)
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 1<<20), 16<<20)
		for sc.Scan() {
			var e greenlight.Event
			if json.Unmarshal(sc.Bytes(), &e) == nil {
				sink.Emit(e)
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
	code := 0
	var ee *exec.ExitError
	switch {
	case errors.As(werr, &ee):
		code = ee.ExitCode()
	case werr != nil:
		fmt.Fprintf(stderr, "greenlight run: %v\n", werr)
		code = 1
	}
	if gha.InActions() {
		if err := setOutputs(gha, report); err != nil {
			fmt.Fprintf(stderr, "greenlight run: outputs: %v\n", err)
		}
	}
	return code
}

// setOutputs gives the step its outputs from the run's report.
func setOutputs(gha *actions.Runtime, path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return gha.SetOutput("result", "error")
	}
	var rep greenlight.Report
	if err := json.Unmarshal(b, &rep); err != nil {
		return err
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
