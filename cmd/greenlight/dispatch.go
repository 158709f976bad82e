package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/github"
	"github.com/greenlight-cd/greenlight/pkg/protocol"
)

// dispatchCommand is `greenlight rollback|deploy|promote`: it asks GitHub to run the deploy
// workflow with the command as its inputs, and prints the run's URL. The workflow does the work,
// so every deploy, rollback and promotion goes through the same pipeline, logs and audit trail.
func dispatchCommand(name string) func(ctx context.Context, e *cliEnv, fs *flag.FlagSet, args []string) int {
	return func(ctx context.Context, e *cliEnv, fs *flag.FlagSet, args []string) int {
		return dispatch(ctx, name, fs, args, e.stdout, e.stderr)
	}
}

func dispatch(ctx context.Context, cmd string, fs *flag.FlagSet, args []string, stdout, stderr io.Writer) int {
	env := fs.String("env", "", "environment")
	repo := fs.String("repo", os.Getenv("GITHUB_REPOSITORY"), "repository owner/name (default $GITHUB_REPOSITORY)")
	workflow := fs.String("workflow", "deploy.yml", "the deploy workflow's file name in .github/workflows")
	ref := fs.String("ref", "", "the branch the workflow runs on (default: the repository's default branch, as GitHub says)")
	var to *string
	if cmd == "rollback" {
		to = fs.String("to", "", "the digest or commit to go back to (default: the previous release)")
	} else {
		to = new("")
	}
	api := fs.String("api", os.Getenv("GITHUB_API_URL"), "GitHub API URL (default api.github.com)")
	if code, ok := parse(fs, args, stdout); !ok {
		return code
	}
	inputs := protocol.Inputs{Command: protocol.Command(cmd), Environment: *env, RequestedBy: os.Getenv("USER")}
	switch cmd {
	case "deploy":
		if fs.NArg() != 1 {
			fmt.Fprintln(stderr, "greenlight deploy: give the digest or commit to deploy: greenlight deploy --env staging sha256:… (or a commit of 7 to 40 hex digits)")
			return 2
		}
		inputs.Ref = fs.Arg(0)
	case "rollback":
		inputs.Ref = *to
	}
	if *env == "" {
		fmt.Fprintf(stderr, "greenlight %s: give the environment with --env\n", cmd)
		return 2
	}
	if err := inputs.Validate(); err != nil {
		fmt.Fprintf(stderr, "greenlight %s: %v\n", cmd, err)
		return 2
	}
	c, err := cliClient(*repo, *api)
	if err != nil {
		fmt.Fprintf(stderr, "greenlight %s: %v (set GITHUB_TOKEN to a token with actions: write)\n", cmd, err)
		return 1
	}
	if *ref, err = branchOrDefault(ctx, c, *ref); err != nil {
		fmt.Fprintf(stderr, "greenlight %s: %v\n", cmd, err)
		return 1
	}
	url, err := c.Dispatch(ctx, strings.TrimPrefix(*workflow, ".github/workflows/"), *ref, inputs)
	if err != nil {
		fmt.Fprintf(stderr, "greenlight %s: %v\n", cmd, err)
		return 1
	}
	if url == "" {
		url = fmt.Sprintf("https://github.com/%s/actions/workflows/%s", *repo, *workflow)
	}
	fmt.Fprintf(stdout, "%s of %s requested: %s\n", cmd, *env, url)
	return 0
}

// cliClient is the GitHub client of a command run by a person: the token from $GITHUB_TOKEN
// (or $GH_TOKEN, as the gh CLI sets it), the API at api when given.
func cliClient(repo, api string) (*github.Client, error) {
	token := os.Getenv("GITHUB_TOKEN")
	if token == "" {
		token = os.Getenv("GH_TOKEN")
	}
	opts := []github.Option{github.WithApp(appIDFromEnv())}
	if api != "" {
		opts = append(opts, github.WithBaseURL(api))
	}
	return github.New(token, repo, opts...)
}

// appIDFromEnv is the ID of the Greenlight bot's GitHub App ($GREENLIGHT_APP_ID, a repository
// variable): the only App whose decisions and unlocks count (0 when unset: only people's own).
// The bot authenticated as the App (GITHUB_APP_ID) is that App.
func appIDFromEnv() int64 {
	for _, v := range []string{"GREENLIGHT_APP_ID", "GITHUB_APP_ID"} {
		if id, err := strconv.ParseInt(os.Getenv(v), 10, 64); err == nil && id > 0 {
			return id
		}
	}
	return 0
}

// branchOrDefault is ref when given, else the repository's default branch as GitHub says it:
// never assumed to be main.
func branchOrDefault(ctx context.Context, c *github.Client, ref string) (string, error) {
	if ref != "" {
		return ref, nil
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	b, err := c.DefaultBranch(ctx)
	if err != nil {
		return "", fmt.Errorf("the repository's default branch: %w (or name the branch with --ref)", err)
	}
	return b, nil
}
