package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"k8s.io/client-go/rest"

	"github.com/greenlight-cd/greenlight/pkg/kubernetes"
)

// statusCommand exits 0 when every environment was read (and, with --drift, none drifted),
// 1 when one could not be read (a namespace that does not exist, say) or drifted, 2 on usage.
func statusCommand(ctx context.Context, e *cliEnv, fs *flag.FlagSet, args []string) int {
	stdout, stderr := e.stdout, e.stderr
	app := fs.String("app", "", "the service (its Deployment's name in the manifests)")
	kubeconfig := fs.String("kubeconfig", "", "kubeconfig (default $KUBECONFIG, ~/.kube/config, or in-cluster)")
	drift := fs.Bool("drift", false, "compare what runs with what Greenlight last applied (image digests, replicas it owns, every applied field); exit 1 on drift")
	fromGitHub := fs.Bool("github", false, "read GitHub Deployments instead of the cluster")
	repo := fs.String("repo", os.Getenv("GITHUB_REPOSITORY"), "with --github: owner/name")
	api := fs.String("api", os.Getenv("GITHUB_API_URL"), "with --github: the API URL")
	if code, ok := parse(fs, args, stdout); !ok {
		return code
	}
	if *fromGitHub {
		return githubStatus(ctx, stdout, stderr, *repo, *api, fs.Args())
	}
	if *app == "" || fs.NArg() == 0 {
		fmt.Fprintln(stderr, "greenlight status: give --app and at least one environment, such as production or production=prod-namespace")
		return 2
	}
	cfg, err := kubernetes.RESTConfigFromEnv(*kubeconfig)
	if err != nil {
		fmt.Fprintf(stderr, "greenlight status: %v\n", err)
		return 2
	}
	code := printStatus(ctx, stdout, stderr, cfg, *app, fs.Args())
	if *drift {
		code = max(code, printDrift(ctx, stdout, stderr, cfg, *app, fs.Args()))
	}
	return code
}

// envNamespace splits ENV[=NAMESPACE].
func envNamespace(arg string) (env, ns string) {
	env, ns, _ = strings.Cut(arg, "=")
	if ns == "" {
		ns = env
	}
	return env, ns
}

// printDrift prints, per environment, what differs from what Greenlight applied.
func printDrift(ctx context.Context, stdout, stderr io.Writer, cfg *rest.Config, app string, envs []string) int {
	code := 0
	for _, e := range envs {
		env, ns := envNamespace(e)
		diffs, err := kubernetes.Drift(ctx, cfg, ns, app)
		if err != nil {
			fmt.Fprintf(stderr, "greenlight status: %s: %v\n", env, err)
			code = 1
			continue
		}
		if len(diffs) == 0 {
			fmt.Fprintf(stdout, "%s: no drift: the cluster runs what Greenlight applied\n", env)
			continue
		}
		code = 1
		fmt.Fprintf(stdout, "%s: drifted from what Greenlight applied:\n", env)
		for _, d := range diffs {
			fmt.Fprintf(stdout, "  %s\n", d)
		}
	}
	return code
}

// githubStatus prints, per environment, what GitHub's deployments say runs there.
func githubStatus(ctx context.Context, stdout, stderr io.Writer, repo, api string, envs []string) int {
	if len(envs) == 0 {
		fmt.Fprintln(stderr, "greenlight status --github: name the environments, such as staging production")
		return 2
	}
	c, err := cliClient(repo, api)
	if err != nil {
		fmt.Fprintf(stderr, "greenlight status: %v\n", err)
		return 1
	}
	tw := tabwriter.NewWriter(stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ENV\tDIGEST\tCOMMIT\tWHEN\tBY\tRUN")
	code := 0
	for _, env := range envs {
		cur, err := c.Current(ctx, env)
		if err != nil {
			fmt.Fprintf(stderr, "greenlight status: %s: %v\n", env, err)
			code = 1
			continue
		}
		if cur == nil {
			fmt.Fprintf(tw, "%s\t(nothing)\t-\t-\t-\t-\n", env)
			continue
		}
		by := cur.Payload.TriggeredBy
		if by == "" {
			by = cur.Creator
		}
		commit := cur.SHA
		if len(commit) > 7 {
			commit = commit[:7]
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", env, cur.Payload.Digest, commit, cur.Created.Format(time.RFC3339), by, cur.Payload.RunURL)
	}
	tw.Flush()
	// The audit trail beside the inventory: the newest decisions and commands per environment
	// (approvals, rejections, rollbacks, locks), as the Slack bot and the CLI recorded them.
	for _, env := range envs {
		log, err := c.AuditLog(ctx, env, 5)
		if err != nil {
			fmt.Fprintf(stderr, "greenlight status: %s's audit log: %v\n", env, err)
			code = 1
			continue
		}
		if len(log) == 0 {
			continue
		}
		fmt.Fprintf(stdout, "\n%s: latest decisions and commands\n", env)
		for _, e := range log {
			who := e.User
			if e.Identity != "" && e.Identity != e.User {
				who += " (" + e.Identity + ")"
			}
			line := fmt.Sprintf("  %s  %s via %s: %s → %s", e.Time.Format(time.RFC3339), who, e.Via, e.Action, e.Outcome)
			if e.Reason != "" {
				line += ": " + e.Reason
			}
			if e.Untrusted != "" {
				line = "  not trusted (written by " + e.Untrusted + "):" + line
			}
			// What a record says is what its writer typed: no control character reaches the
			// terminal.
			fmt.Fprintln(stdout, strings.Map(func(r rune) rune {
				if r < ' ' || r == 0x7f || (r >= 0x80 && r < 0xa0) {
					return '?'
				}
				return r
			}, line))
		}
	}
	return code
}

// printStatus prints, per environment, what runs there: the inventory kept in the cluster.
func printStatus(ctx context.Context, stdout, stderr io.Writer, cfg *rest.Config, app string, envs []string) int {
	tw := tabwriter.NewWriter(stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ENV\tSTABLE\tSINCE\tCANARY\tPREVIOUS")
	code := 0
	for _, e := range envs {
		env, ns := envNamespace(e)
		st, err := kubernetes.Inventory(ctx, cfg, ns, app)
		if err != nil {
			fmt.Fprintf(stderr, "greenlight status: %s: %v\n", env, err)
			code = 1
			continue
		}
		stable, since, canary, prev := "(nothing)", "-", "-", "-"
		if st.Stable != nil {
			stable = st.Stable.Image.String()
			since = st.Stable.Started.Format(time.RFC3339)
		}
		if st.Canary != nil {
			canary = fmt.Sprintf("%s at %d%%", st.Canary.ID, st.CanaryWeight)
		}
		if st.Previous != nil {
			prev = st.Previous.ID
			if st.PreviousWarm {
				prev += " (warm)"
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", env, stable, since, canary, prev)
	}
	tw.Flush()
	return code
}
