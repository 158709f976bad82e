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
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/greenlight-cd/greenlight/pkg/kubernetes"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// legacyUsage lists the commands not yet moved into their own file (see commands.go); a
// registered command of the same name takes precedence.
var legacyUsage = map[string]string{
	"status": "greenlight status --app APP [--kubeconfig FILE] ENV[=NAMESPACE]... | --github [--repo OWNER/NAME] ENV...\n      what runs in each environment",
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
	if _, ok := legacyUsage[cmd]; ok {
		return runLegacy(ctx, cmd, args, stdout, stderr)
	}
	fmt.Fprintf(stderr, "greenlight: unknown command %q\n\n%s", cmd, topUsage())
	return 2
}

// runLegacy runs the commands that still live here until their owners move them into their
// own files.
func runLegacy(ctx context.Context, cmd string, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("greenlight "+cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	switch cmd {
	case "status":
		app := fs.String("app", "", "the service (its Deployment's name in the manifests)")
		kubeconfig := fs.String("kubeconfig", "", "kubeconfig (default $KUBECONFIG, ~/.kube/config, or in-cluster)")
		fromGitHub := fs.Bool("github", false, "read GitHub Deployments instead of the cluster")
		repo := fs.String("repo", os.Getenv("GITHUB_REPOSITORY"), "with --github: owner/name")
		api := fs.String("api", os.Getenv("GITHUB_API_URL"), "with --github: the API URL")
		if fs.Parse(args) != nil {
			return 2
		}
		if *fromGitHub {
			return githubStatus(ctx, stdout, stderr, *repo, *api, fs.Args())
		}
		if *app == "" || fs.NArg() == 0 {
			fmt.Fprintln(stderr, "greenlight status: give --app and at least one environment, such as production or production=prod-namespace")
			return 2
		}
		cfg, err := kubernetes.RESTConfig(*kubeconfig)
		if err != nil {
			fmt.Fprintf(stderr, "greenlight status: %v\n", err)
			return 1
		}
		return printStatus(ctx, stdout, stderr, cfg, *app, fs.Args())
	}
	return 2
}

type logger struct{ w io.Writer }

func (l logger) Logf(format string, args ...any) { fmt.Fprintf(l.w, format+"\n", args...) }
