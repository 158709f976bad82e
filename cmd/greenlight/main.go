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
)

func main() {
	ensureRoots()
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
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
	if c, ok := commands[cmd]; ok {
		fs := c.flagSet(stderr)
		return c.run(ctx, fs, args, stdout, stderr)
	}
	fmt.Fprintf(stderr, "greenlight: unknown command %q\n\n%s", cmd, topUsage())
	return 2
}

type logger struct{ w io.Writer }

func (l logger) Logf(format string, args ...any) { fmt.Fprintf(l.w, format+"\n", args...) }
