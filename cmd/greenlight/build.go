package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/greenlight-cd/greenlight/pkg/build"
)

func runBuild(ctx context.Context, e *cliEnv, fs *flag.FlagSet, args []string) int {
	stdout, stderr := e.stdout, e.stderr
	var b build.Go
	var tag string
	fs.StringVar(&b.Repo, "repo", "", "repository to push to, such as ghcr.io/acme/hello (required)")
	fs.StringVar(&b.Dir, "dir", ".", "the service's Go module")
	fs.StringVar(&b.Main, "main", ".", "main package, relative to --dir")
	fs.StringVar(&tag, "tag", "", "tag to push as well")
	fs.StringVar(&b.Base, "base", "", "base image (default: empty)")
	fs.StringVar(&b.Ldflags, "ldflags", "", "go build -ldflags")
	fs.StringVar(&b.Platform, "platform", "", "os/arch (default linux/<this arch>)")
	if code, ok := parse(fs, args, stdout); !ok {
		return code
	}
	if b.Repo == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "greenlight build: give the repository to push to with --repo, such as --repo ghcr.io/acme/shop")
		return 2
	}
	if tag != "" {
		b.Tags = []string{tag}
	}
	done := e.progress("building and pushing " + b.Repo)
	img, err := b.Build(ctx, logger{stderr})
	done(err)
	if err != nil {
		fmt.Fprintf(stderr, "greenlight build: %v\n", err)
		return 1
	}
	fmt.Fprintln(stdout, img)
	return 0
}
