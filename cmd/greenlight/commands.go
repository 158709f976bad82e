package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
)

// command is one subcommand of the CLI: an entry of the table commands returns, carried out by
// a function in the command's own file.
type command struct {
	// name is the word after greenlight.
	name string
	// summary says in one line what it does.
	summary string
	// usage is the synopsis, such as "greenlight analyze --replay FILE [--alpha A] [--json]".
	usage string
	// example is one or more command lines a user can copy.
	example string
	// run carries the command out in e (its output, clock and seams). fs is ready for flags
	// (its --help prints summary, usage, the flags and the example); call parse. It returns the
	// exit status: 0 done, 1 failed, 2 usage or configuration error.
	run func(ctx context.Context, e *cliEnv, fs *flag.FlagSet, args []string) int
}

// commands is the table of the CLI's commands, by name; adding a command adds its line here.
func commands() []*command {
	return []*command{
		{
			name:    "analyze",
			summary: "Replay recorded traffic through the canary judge, second by second, and print its verdict.",
			usage:   "greenlight analyze --replay FILE [--alpha A] [--margin M] [--quantile Q] [--min-requests N] [--detect R] [--detect-increase P] [--step-time D] [--json]\n       greenlight analyze --check-metrics --revision REVISION [--prometheus URL] [--contract promhttp|opentelemetry|podinfo] [--selector MATCHERS]",
			example: `greenlight analyze --replay last-week.csv
greenlight analyze --replay incident.csv --alpha 0.05 --json
greenlight analyze --check-metrics --revision 3f2a9c1b7d04 --contract podinfo`,
			run: runAnalyze,
		},
		{
			name:    "attest-files",
			summary: "sign one SLSA provenance for files a workflow built (release binaries), a Sigstore bundle cosign verify-blob-attestation checks",
			usage:   "greenlight attest-files (--key cosign.key | --keyless) [--out provenance.sigstore.json] FILE...",
			example: "greenlight attest-files --keyless --out dist/provenance.sigstore.json dist/greenlight_*   # in GitHub Actions, id-token: write",
			run:     runAttestFiles,
		},
		{
			name:    "bot",
			summary: "The Slack bot: /greenlight commands and the Approve/Reject buttons, over HTTP or Socket Mode.",
			usage:   "greenlight bot [--addr :8080 | --socket] [--repo OWNER/NAME] [--config .greenlight/slack.yml] [--workflow deploy.yml] [--ref main]",
			example: `SLACK_BOT_TOKEN=xoxb-… SLACK_SIGNING_SECRET=… GITHUB_TOKEN=… greenlight bot --repo acme/hello
SLACK_BOT_TOKEN=xoxb-… SLACK_APP_TOKEN=xapp-… GITHUB_TOKEN=… greenlight bot --socket --repo acme/hello`,
			run: botCommand,
		},
		{
			name:    "build",
			summary: "build a Go service into an image and push it; prints the image pinned by digest",
			usage:   "greenlight build --repo REPO [--dir DIR] [--main PKG] [--tag TAG] [--base IMAGE] [--platform OS/ARCH]",
			example: "greenlight build --repo ghcr.io/acme/shop --main ./cmd/shop --tag v1",
			run:     runBuild,
		},
		{
			name:    "calendar",
			summary: "print the coming freeze windows and closed deploy hours of every environment, from pipeline.go",
			usage:   "greenlight calendar [--pipeline DIR] [--days N] [--json]",
			example: "greenlight calendar --days 45",
			run:     runCalendar,
		},
		{
			name:    "demo",
			summary: "the whole product on this machine, no accounts: three releases through staging and a canary in production, under live traffic",
			usage:   "greenlight demo [--rate N] [--report FILE] [--quiet] [--service DIR]",
			example: "go run ./cmd/greenlight demo\ngreenlight demo --rate 50 --report demo.json",
			run:     runDemo,
		},
		{
			name:    "deploy",
			summary: "deploy an image that passed somewhere before (a digest or the commit it was built from), through the deploy workflow",
			usage:   "greenlight deploy --env ENV DIGEST|COMMIT [--repo OWNER/NAME]",
			example: "greenlight deploy --env staging 3f2a9c1",
			run:     dispatchCommand("deploy"),
		},
		{
			name:    "diff",
			summary: "what would change in TO if FROM's release were promoted there: the Deployments as Greenlight applied them (image, config, manifests), as a unified diff",
			usage:   "greenlight diff --app APP [--kubeconfig FILE] FROM[=NAMESPACE] TO[=NAMESPACE]",
			example: "greenlight diff --app hello staging production\ngreenlight diff --app hello staging=hello-staging production=hello-prod",
			run:     diffCommand,
		},
		{
			name:    "due",
			summary: "say whether a scheduled release time (in a time zone) fell within the last run interval (due=true|false, also as a step output); with --resume, dispatch the promote of every release a freeze held whose freeze has ended",
			usage:   "greenlight due [--at HH:MM [--zone ZONE] [--days Mon-Fri] [--within 1h]] [--resume [--repo OWNER/NAME] [--workflow deploy.yml] [--ref main]]",
			example: "greenlight due --at 09:00 --zone Europe/Berlin --days Mon-Fri --within 1h   # in an hourly scheduled workflow\ngreenlight due --resume   # hourly: resume the releases whose freeze ended",
			run:     runDue,
		},
		{
			name:    "freeze",
			summary: "override an environment's freeze for one image, with a reason: recorded in GitHub under your login and audited",
			usage:   "greenlight freeze override --env ENV --digest sha256:DIGEST --reason TEXT [--repo OWNER/NAME] [--ref BRANCH]",
			example: "greenlight freeze override --env production --digest sha256:4f0c… --reason \"fix for incident 42\"",
			run:     runFreeze,
		},
		{
			name:    "help",
			summary: "list the commands, or say what one does, its flags and an example",
			usage:   "greenlight help [COMMAND]",
			example: "greenlight help\ngreenlight help init",
			run:     runHelp,
		},
		{
			name: "init",
			summary: "in a Go service's repository, write the deploy pipeline (.greenlight/, its own Go module), " +
				"starter manifests (deploy/) and the deploy workflow, pinned to this greenlight's version",
			usage:   "greenlight init [--dir DIR] [--main ./cmd/NAME] [--image REPO] [--ci-workflow NAME] [--branch BRANCH] [--force]",
			example: "greenlight init\ngo -C .greenlight run . --local      # then: the pipeline on this machine, no accounts",
			run:     initRepo,
		},
		{
			name:    "keygen",
			summary: "write a cosign-compatible signing key pair: cosign.key (private, mode 0600, added to .gitignore) and cosign.pub",
			usage:   "greenlight keygen [--dir DIR] [--force]",
			example: "COSIGN_PASSWORD=... greenlight keygen\ngreenlight keygen --dir keys --force",
			run:     runKeygen,
		},
		{
			name:    "metrics",
			summary: "print the four DORA metrics of the production environments from GitHub Deployments, with DORA's performance level of each: deployment frequency, lead time, change failure rate, time to restore",
			usage:   "greenlight metrics [--repo OWNER/NAME] [--env ENV,...] [--since DATE|28d] [--until DATE] [--explain] [--json] [--svg FILE]",
			example: "greenlight metrics --env production --since 28d\ngreenlight metrics --explain\ngreenlight metrics --since 2026-11-02 --until 2026-11-23 --json\ngreenlight metrics --svg docs/dora.svg",
			run:     runMetrics,
		},
		{
			name:    "migrate",
			summary: "classify a folder of goose SQL migrations as migrate.Plan does, without a database: expand or contract and why, lock and rewrite warnings with the safer way",
			usage:   "greenlight migrate plan [--dir migrations] [--json] [--fail-on-lock-warnings]",
			example: "greenlight migrate plan --dir db/migrations\ngreenlight migrate plan --fail-on-lock-warnings",
			run:     runMigrate,
		},
		{
			name:    "policy",
			summary: "evaluate an environment's policies from pipeline.go on an image without deploying (a dry run)",
			usage:   "greenlight policy check --env ENV --digest [REPO@]sha256:DIGEST [--move promote] [--pipeline DIR] [--json] [--thread CHANNEL/TS]",
			example: "greenlight policy check --env production --digest sha256:4f0c…",
			run:     runPolicy,
		},
		{
			name:    "promote",
			summary: "give the canary waiting for promotion all of an environment's traffic, through the deploy workflow (it needs a recorded approval where the environment is gated)",
			usage:   "greenlight promote --env ENV [--repo OWNER/NAME]",
			example: "greenlight promote --env production",
			run:     dispatchCommand("promote"),
		},
		{
			name:    "report",
			summary: "write a self-contained HTML page for a release from its JSON report: stages with timings, canary charts, approvals, policy results",
			usage:   "greenlight report --report report.json --html FILE [--policies results.json]",
			example: "greenlight run -- --report report.json; greenlight report --report report.json --html release.html",
			run:     runReport,
		},
		{
			name:    "rollback",
			summary: "return an environment to its previous release (or the one --to names), through the deploy workflow",
			usage:   "greenlight rollback --env ENV [--to DIGEST|COMMIT] [--repo OWNER/NAME]",
			example: "greenlight rollback --env production\ngreenlight rollback --env production --to 3f2a9c1",
			run:     dispatchCommand("rollback"),
		},
		{
			name:    "run",
			summary: "decide whether the event may deploy, then compile (cached) and run pipeline.go, as the GitHub Action does",
			usage:   "greenlight run [--pipeline DIR] [--branches B1,B2] [--decide] [-- PIPELINE FLAGS]",
			example: "greenlight run -- --local\ngreenlight run --pipeline .greenlight --cache ~/.cache/greenlight/pipelines",
			run:     runPipeline,
		},
		{
			name:    "shadow-proxy",
			summary: "the dark launch's sidecar on Kubernetes: forward every request to the app on localhost with Greenlight-Shadow: 1 (any client's replaced)",
			usage:   "greenlight shadow-proxy --to HOST:PORT [--listen :15380] [--timeout 30s] [--max-in-flight 256]",
			example: "greenlight shadow-proxy --listen :15380 --to 127.0.0.1:8080   # gatewayapi.Router.Mirror puts it in the shadow's pods",
			run:     runShadowProxy,
		},
		{
			name:    "sign",
			summary: "sign images (a Sigstore bundle by default) with a key or keyless, and attach an SBOM and a SLSA provenance",
			usage:   "greenlight sign (--key cosign.key | --keyless) [--format bundle|legacy] [--attest sbom,provenance] REPO@sha256:DIGEST...",
			example: `COSIGN_PASSWORD=... greenlight sign --key cosign.key ghcr.io/acme/hello@sha256:4f2a...
greenlight sign --keyless --attest sbom,provenance ghcr.io/acme/hello@sha256:4f2a...   # in GitHub Actions, id-token: write`,
			run: runSign,
		},
		{
			name:    "status",
			summary: "what runs in each environment: the cluster's inventory, or GitHub's deployments; --drift compares the cluster with what Greenlight applied",
			usage:   "greenlight status --app APP [--kubeconfig FILE] [--drift] ENV[=NAMESPACE]...  |  greenlight status --github [--repo OWNER/NAME] ENV...",
			example: "greenlight status --app hello staging production=prod\ngreenlight status --app hello --drift production\ngreenlight status --github --repo acme/hello staging production",
			run:     statusCommand,
		},
		{
			name:    "verify",
			summary: "verify the signatures of images (Sigstore bundles and cosign's legacy .sig), by key or keyless identity",
			usage: "greenlight verify (--key cosign.pub | --certificate-identity[-regexp] ID --certificate-oidc-issuer[-regexp] ISSUER [--trusted-root FILE]) " +
				"REPO@sha256:DIGEST...",
			example: `greenlight verify --key cosign.pub ghcr.io/acme/hello@sha256:4f2a...
greenlight verify --certificate-identity-regexp '^https://github.com/acme/hello/\.github/workflows/deploy\.yml@refs/heads/main$' \
  --certificate-oidc-issuer https://token.actions.githubusercontent.com --trusted-root trusted_root.json ghcr.io/acme/hello@sha256:4f2a...`,
			run: runVerify,
		},
		{
			name:    "version",
			summary: "print the module version and commit this binary was built from",
			usage:   "greenlight version",
			example: "greenlight version",
			run:     runVersion,
		},
	}
}

// lookup is the command named name, or nil.
func lookup(name string) *command {
	for _, c := range commands() {
		if c.name == name {
			return c
		}
	}
	return nil
}

// flagSet makes the flag set of c, whose -h/--help prints what c does, its flags and an example.
func (c *command) flagSet(stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("greenlight "+c.name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprintf(w, "%s\n\nusage:\n  %s\n", c.summary, c.usage)
		var any bool
		fs.VisitAll(func(*flag.Flag) { any = true })
		if any {
			fmt.Fprintln(w, "\nflags:")
			fs.PrintDefaults()
		}
		if c.example != "" {
			fmt.Fprintf(w, "\nexample:\n")
			for _, l := range strings.Split(strings.TrimSpace(c.example), "\n") {
				fmt.Fprintf(w, "  %s\n", l)
			}
		}
	}
	return fs
}

// parse parses args into fs. ok is false when the command must stop with code: 0 after --help
// (printed to stdout), 2 after a usage error (printed with the usage to stderr).
func parse(fs *flag.FlagSet, args []string, stdout io.Writer) (code int, ok bool) {
	errOut := fs.Output()
	if helpAsked(args) {
		fs.SetOutput(stdout)
		fs.Usage()
		fs.SetOutput(errOut)
		return 0, false
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0, false
		}
		return 2, false
	}
	return 0, true
}

// helpAsked reports whether args ask for help before any positional argument or "--".
func helpAsked(args []string) bool {
	for _, a := range args {
		switch a {
		case "-h", "-help", "--help":
			return true
		case "--":
			return false
		}
	}
	return false
}

// commandsUsage lists the commands, by name, for the top-level usage.
func commandsUsage() string {
	cmds := commands()
	sort.Slice(cmds, func(i, j int) bool { return cmds[i].name < cmds[j].name })
	var b strings.Builder
	for _, c := range cmds {
		fmt.Fprintf(&b, "  %s\n      %s\n", c.usage, c.summary)
	}
	return b.String()
}
