// Command greenlight is Greenlight's CLI. `greenlight help` lists its commands and
// `greenlight COMMAND --help` says what one does, its flags and an example.
//
//	greenlight init      write .greenlight/pipeline.go and the deploy workflow for a Go service
//	greenlight run       compile (cached) and run the pipeline, as the GitHub Action does
//	greenlight demo      the whole product on this machine, no accounts needed
//	greenlight keygen    a cosign-compatible key pair
//	greenlight version   the module version and commit this binary was built from
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/governance"
	"github.com/greenlight-cd/greenlight/pkg/secrets"
)

func main() {
	if _, err := secrets.Received(); err != nil {
		fmt.Fprintf(os.Stderr, "greenlight: %v\n", err)
		os.Exit(1)
	}
	// `greenlight run` runs the author's code (the pipeline, its tests), which can read the
	// environment this process was started with in /proc: it moves the job's secrets into
	// memory first, executing itself again without them (docs/trust.md).
	if len(os.Args) > 1 && os.Args[1] == "run" {
		if err := secrets.Reexec(os.Args, os.Environ()); err != nil {
			fmt.Fprintf(os.Stderr, "greenlight run: %v; nothing was run\n", err)
			os.Exit(1)
		}
	}
	ensureRoots()
	os.Exit(run(os.Args[1:], newEnv(os.Stdout, os.Stderr)))
}

// cliEnv is what a command runs with: its output, its clock, and the parts tests replace (they set
// these fields, never package variables).
type cliEnv struct {
	stdout, stderr io.Writer
	// now is the clock (`greenlight due`).
	now func() time.Time
	// build says which greenlight this is (tests play a released binary).
	build func() buildVersion
	// askPipeline compiles the pipeline in dir and asks it q through the run protocol; the
	// pipeline answers with governance.Ask on its own environments (`greenlight calendar`,
	// `greenlight policy check`).
	askPipeline func(ctx context.Context, dir string, q governance.Query, stderr io.Writer) (governance.Answer, error)
	// progressEvery is how often a long step says it is still working.
	progressEvery time.Duration
}

// newEnv is the environment of the real CLI, writing to stdout and stderr.
func newEnv(stdout, stderr io.Writer) *cliEnv {
	return &cliEnv{stdout: stdout, stderr: stderr, now: time.Now, build: currentBuild, askPipeline: askCompiledPipeline, progressEvery: 5 * time.Second}
}

// run runs the command args name in e and returns the exit status.
func run(args []string, e *cliEnv) int {
	stderr := e.stderr
	if len(args) == 0 {
		fmt.Fprint(stderr, topUsage())
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cmd, args := args[0], args[1:]
	switch cmd {
	case "-h", "-help", "--help":
		cmd = "help"
	case "--version", "-version":
		cmd = "version"
	}
	if c := lookup(cmd); c != nil {
		return c.run(ctx, e, c.flagSet(stderr), args)
	}
	fmt.Fprintf(stderr, "greenlight: unknown command %q\n\n%s", cmd, topUsage())
	return 2
}

type logger struct{ w io.Writer }

func (l logger) Logf(format string, args ...any) { fmt.Fprintf(l.w, format+"\n", args...) }
