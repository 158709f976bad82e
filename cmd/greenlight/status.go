package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"k8s.io/client-go/rest"

	"github.com/greenlight-cd/greenlight/pkg/github"
	"github.com/greenlight-cd/greenlight/pkg/kubernetes"
)

// githubStatus prints, per environment, what GitHub's deployments say runs there.
func githubStatus(ctx context.Context, stdout, stderr io.Writer, repo, api string, envs []string) int {
	if len(envs) == 0 {
		fmt.Fprintln(stderr, "greenlight status --github: name the environments, such as staging production")
		return 2
	}
	token := os.Getenv("GITHUB_TOKEN")
	if token == "" {
		token = os.Getenv("GH_TOKEN")
	}
	var opts []github.Option
	if api != "" {
		opts = append(opts, github.WithBaseURL(api))
	}
	c, err := github.New(token, repo, opts...)
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
	return code
}

// printStatus prints, per environment, what runs there: the inventory kept in the cluster.
func printStatus(ctx context.Context, stdout, stderr io.Writer, cfg *rest.Config, app string, envs []string) int {
	tw := tabwriter.NewWriter(stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ENV\tSTABLE\tSINCE\tCANARY\tPREVIOUS")
	code := 0
	for _, e := range envs {
		env, ns, _ := strings.Cut(e, "=")
		if ns == "" {
			ns = env
		}
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
