package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/flags"
	"github.com/greenlight-cd/greenlight/pkg/github"
	"github.com/greenlight-cd/greenlight/pkg/governance"
	"github.com/greenlight-cd/greenlight/pkg/protocol"
)

// runFreeze is `greenlight freeze override`: it records, with the caller's own GitHub login
// (their token's, not a workflow's), an override of env's freeze for one digest. The pipeline's
// Freeze policy lets that digest through only when the login is one of its Overriders, and the
// override is in the audit trail (greenlight status --github). Each person's first override
// is theirs: one recorded earlier by someone else does not stop it.
func runFreeze(ctx context.Context, e *cliEnv, fs *flag.FlagSet, args []string) int {
	stdout, stderr := e.stdout, e.stderr
	env := fs.String("env", "", "the frozen environment")
	digest := fs.String("digest", "", "the image's digest, sha256:<64 hex>")
	flagName := fs.String("flag", "", "instead of --digest: the feature flag whose release the override lets through")
	reason := fs.String("reason", "", "why this cannot wait for the freeze to end (recorded)")
	repo := fs.String("repo", os.Getenv("GITHUB_REPOSITORY"), "repository owner/name (default $GITHUB_REPOSITORY)")
	ref := fs.String("ref", "", "the branch the deploy workflow runs on, where decisions are recorded (default: the repository's default branch, as GitHub says)")
	api := fs.String("api", os.Getenv("GITHUB_API_URL"), "GitHub API URL (default api.github.com)")
	if len(args) == 0 || args[0] != "override" {
		if code, ok := parse(fs, args, stdout); !ok {
			return code
		}
		fmt.Fprintln(stderr, "greenlight freeze: the subcommand is override: greenlight freeze override --env ENV --digest sha256:… --reason TEXT")
		return 2
	}
	if code, ok := parse(fs, args[1:], stdout); !ok {
		return code
	}
	if *flagName != "" && *digest == "" {
		// A flag's release is overridden by its subject, as the freeze looks it up
		// (governance.SubjectOf).
		if err := flags.ValidName(*flagName); err != nil || *env == "" || !protocol.ValidEnvironment(*env) {
			fmt.Fprintln(stderr, "greenlight freeze override: give --env NAME and --flag NAME (letters, digits, '-' or '_')")
			return 2
		}
		*digest = "flag:" + *flagName
	} else if d := strings.TrimPrefix(*digest, "sha256:"); *flagName != "" || *env == "" || len(d) != 64 || !protocol.ValidEnvironment(*env) || !protocol.ValidRef(*digest) {
		fmt.Fprintln(stderr, "greenlight freeze override: give --env NAME and either --digest sha256:<64 hex> or --flag NAME")
		return 2
	}
	if strings.TrimSpace(*reason) == "" {
		fmt.Fprintln(stderr, "greenlight freeze override: give --reason: say why this cannot wait for the freeze to end (it is recorded)")
		return 2
	}
	c, err := cliClient(*repo, *api)
	if err != nil {
		fmt.Fprintf(stderr, "greenlight freeze override: %v (set GITHUB_TOKEN to your own token: gh auth token)\n", err)
		return 2
	}
	if *ref, err = branchOrDefault(ctx, c, *ref); err != nil {
		fmt.Fprintf(stderr, "greenlight freeze override: %v\n", err)
		return 1
	}
	login, err := c.Login(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "greenlight freeze override: %v\n", err)
		return 1
	}
	now := time.Now().UTC()
	// Recorded as the caller's own: an earlier override by someone else (not an overrider, or
	// written with another's token) does not stand in its way; the freeze takes the first valid.
	d, err := governance.RecordOverride(ctx, c.Decisions(*ref), *env, *digest, login, *reason, now)
	if err != nil {
		fmt.Fprintf(stderr, "greenlight freeze override: %v\n", err)
		return 1
	}
	if !strings.EqualFold(d.Identity, login) {
		fmt.Fprintf(stdout, "an override of %s for %s already stands: by %s at %s (%s)\n", *env, *digest, d.Identity, d.At.Format(time.RFC3339), d.Reason)
		return 0
	}
	if !d.At.Equal(now) || d.Reason != *reason {
		fmt.Fprintf(stdout, "your override of %s for %s already stands: recorded by %s at %s (%s); the pipeline's freeze lets it through if %s is one of its Overriders\n",
			*env, *digest, d.Identity, d.At.UTC().Format(time.RFC3339), d.Reason, d.Identity)
		return 0
	}
	if err := c.Audit(ctx, *ref, github.AuditEntry{Via: "cli", User: login, Identity: login, Action: "freeze override " + *env + " " + *digest,
		Env: *env, Digest: *digest, Outcome: "done", Reason: *reason}); err != nil {
		fmt.Fprintf(stderr, "greenlight freeze override: the override is recorded, but auditing it failed: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "override of the freeze of %s for %s recorded by %s: %s\nthe pipeline's freeze lets it through if %s is one of its Overriders\n", *env, *digest, login, *reason, login)
	return 0
}
