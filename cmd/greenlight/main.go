// Command greenlight is Greenlight's CLI.
//
//	greenlight demo [--report FILE]   run the whole pipeline on this machine, no accounts needed
//	greenlight build --repo R [--dir D] [--main PKG] [--tag T]   build and push a Go service image
//	greenlight keygen [--dir D]       write a cosign-compatible key pair (cosign.key, cosign.pub)
//	greenlight verify --key cosign.pub IMAGE@DIGEST   verify an image's signature
//	greenlight version
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/greenlight-cd/greenlight/internal/demo"
	"github.com/greenlight-cd/greenlight/pkg/build"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/sign"
)

var version = "dev"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

const usage = `greenlight: pipeline-as-code continuous deployment

usage:
  greenlight init [--dir DIR] [--main ./cmd/NAME] [--image REPO]   write .greenlight/pipeline.go and the workflow
  greenlight run [--pipeline DIR] [-- PIPELINE FLAGS]   compile (cached) and run pipeline.go
  greenlight demo [--report FILE] [--rate N] [--service DIR]
  greenlight build --repo REPO [--dir DIR] [--main PKG] [--tag TAG] [--base IMAGE]
  greenlight keygen [--dir DIR]
  greenlight verify --key cosign.pub REPO@sha256:DIGEST
  greenlight status --app APP [--kubeconfig FILE] ENV[=NAMESPACE]...   (what the cluster runs)
  greenlight status --github [--repo OWNER/NAME] ENV...               (GitHub Deployments: digest, commit, when, who)
  greenlight rollback --env ENV [--to DIGEST|COMMIT|REF]   (dispatches the deploy workflow)
  greenlight deploy --env ENV REF
  greenlight promote --env ENV
  greenlight bot [--addr :8080] [--config .greenlight/slack.yml] [--repo OWNER/NAME]   the Slack bot
  greenlight version
`

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage+registeredUsage())
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cmd, args := args[0], args[1:]
	if c, ok := commands[cmd]; ok {
		fs := c.flagSet(stderr)
		return c.run(ctx, fs, args, stdout, stderr)
	}
	fs := flag.NewFlagSet("greenlight "+cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	switch cmd {
	case "demo":
		report := fs.String("report", "", "write the JSON report to `FILE`")
		rate := fs.Int("rate", 250, "requests per second of live traffic on production")
		svc := fs.String("service", "", "the sample service's directory (default testdata/services/hello)")
		quiet := fs.Bool("quiet", false, "print only stage tables and the summary")
		if fs.Parse(args) != nil {
			return 2
		}
		if _, err := demo.Run(ctx, demo.Options{Out: stdout, Report: *report, Rate: *rate, ServiceDir: *svc, Quiet: *quiet}); err != nil {
			fmt.Fprintf(stderr, "greenlight demo: %v\n", err)
			return 1
		}
		return 0
	case "build":
		var b build.Go
		var tag string
		fs.StringVar(&b.Repo, "repo", "", "repository to push to, such as ghcr.io/acme/hello")
		fs.StringVar(&b.Dir, "dir", ".", "the service's Go module")
		fs.StringVar(&b.Main, "main", ".", "main package, relative to --dir")
		fs.StringVar(&tag, "tag", "", "tag to push as well")
		fs.StringVar(&b.Base, "base", "", "base image (default: empty)")
		fs.StringVar(&b.Ldflags, "ldflags", "", "go build -ldflags")
		fs.StringVar(&b.Platform, "platform", "", "os/arch (default linux/<this arch>)")
		if fs.Parse(args) != nil {
			return 2
		}
		if tag != "" {
			b.Tags = []string{tag}
		}
		img, err := b.Build(ctx, logger{stderr})
		if err != nil {
			fmt.Fprintf(stderr, "greenlight build: %v\n", err)
			return 1
		}
		fmt.Fprintln(stdout, img)
		return 0
	case "keygen":
		dir := fs.String("dir", ".", "directory for cosign.key and cosign.pub")
		if fs.Parse(args) != nil {
			return 2
		}
		k, err := sign.GenerateKey()
		if err == nil {
			var keyPath, pubPath string
			keyPath, pubPath, err = k.WriteFiles(*dir, []byte(os.Getenv("COSIGN_PASSWORD")))
			if err == nil {
				fmt.Fprintf(stdout, "wrote %s (private, encrypted with $COSIGN_PASSWORD) and %s (public)\n", keyPath, pubPath)
				return 0
			}
		}
		fmt.Fprintf(stderr, "greenlight keygen: %v\n", err)
		return 1
	case "verify":
		key := fs.String("key", "cosign.pub", "public key")
		if fs.Parse(args) != nil {
			return 2
		}
		if fs.NArg() != 1 {
			fmt.Fprintln(stderr, "greenlight verify: give one image reference, REPO@sha256:DIGEST")
			return 2
		}
		img, err := greenlight.ParseImage(fs.Arg(0))
		if err != nil {
			fmt.Fprintf(stderr, "greenlight verify: %v\n", err)
			return 2
		}
		v, err := sign.LoadVerifierFile(*key)
		if err != nil {
			fmt.Fprintf(stderr, "greenlight verify: %v\n", err)
			return 1
		}
		sig, err := v.Verify(ctx, img)
		if err != nil {
			fmt.Fprintf(stderr, "greenlight verify: %v\n", err)
			return 1
		}
		fmt.Fprintf(stdout, "verified %s: signed by key %s (%s)\n", img, sig.KeyID, sig.Ref)
		return 0
	case "run":
		return runPipeline(ctx, args, stdout, stderr)
	case "init":
		return initRepo(ctx, args, stdout, stderr)
	case "rollback", "deploy", "promote":
		return dispatch(ctx, cmd, args, stdout, stderr)
	case "bot":
		return runBot(ctx, args, stdout, stderr)
	case "version", "--version":
		fmt.Fprintln(stdout, "greenlight", version)
		return 0
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage+registeredUsage())
		return 0
	}
	fmt.Fprintf(stderr, "greenlight: unknown command %q\n\n%s%s", cmd, usage, registeredUsage())
	return 2
}

type logger struct{ w io.Writer }

func (l logger) Logf(format string, args ...any) { fmt.Fprintf(l.w, format+"\n", args...) }
