package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/dora"
)

// parseSince reads a date (2006-01-02, or RFC 3339) or a span back from now ("28d", "72h").
func parseSince(s string, now time.Time) (time.Time, error) {
	if n, ok := strings.CutSuffix(s, "d"); ok {
		if d, err := strconv.Atoi(n); err == nil && d > 0 && d <= 3660 {
			return now.AddDate(0, 0, -d), nil
		}
	}
	if d, err := time.ParseDuration(s); err == nil && d > 0 {
		return now.Add(-d), nil
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("%q is neither a date (2026-11-02), a time (RFC 3339) nor a span back from now (28d, 72h)", s)
}

func runMetrics(ctx context.Context, e *cliEnv, fs *flag.FlagSet, args []string) int {
	stdout, stderr := e.stdout, e.stderr
	repo := fs.String("repo", os.Getenv("GITHUB_REPOSITORY"), "repository owner/name (default $GITHUB_REPOSITORY)")
	api := fs.String("api", os.Getenv("GITHUB_API_URL"), "GitHub API URL (default api.github.com)")
	envs := fs.String("env", "", "comma-separated environments (default: the production environments: deployments marked production_environment)")
	since := fs.String("since", "28d", "start of the window: a date, an RFC 3339 time, or a span back from now such as 28d")
	until := fs.String("until", "", "end of the window (default now), same forms as --since")
	asJSON := fs.Bool("json", false, "print JSON")
	explain := fs.Bool("explain", false, "show how each figure was computed: which deployments, which commits, which failures and restores")
	svg := fs.String("svg", "", "also write the weekly trend as an SVG chart to `FILE`")
	if code, ok := parse(fs, args, stdout); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "greenlight metrics: unexpected argument %q; environments go in --env\n", fs.Arg(0))
		return 2
	}
	now := time.Now()
	from, err := parseSince(*since, now)
	if err != nil {
		fmt.Fprintf(stderr, "greenlight metrics: --since: %v\n", err)
		return 2
	}
	to := now
	if *until != "" {
		if to, err = parseSince(*until, now); err != nil {
			fmt.Fprintf(stderr, "greenlight metrics: --until: %v\n", err)
			return 2
		}
	}
	if !to.After(from) {
		fmt.Fprintln(stderr, "greenlight metrics: the window is empty: --until must be after --since")
		return 2
	}
	var names []string
	for _, e := range strings.Split(*envs, ",") {
		if e = strings.TrimSpace(e); e != "" {
			names = append(names, e)
		}
	}
	c, err := cliClient(*repo, *api)
	if err != nil {
		fmt.Fprintf(stderr, "greenlight metrics: %v (set GITHUB_TOKEN to a token with deployments: read and contents: read)\n", err)
		return 2
	}
	var ds []dora.Deployment
	if len(names) == 1 {
		ds, err = c.Deployments(ctx, names[0], from)
	} else {
		ds, err = c.Deployments(ctx, "", from)
	}
	if err != nil {
		fmt.Fprintf(stderr, "greenlight metrics: %v\n", err)
		return 1
	}
	if len(names) == 0 && len(ds) > 0 && len(dora.ProductionEnvs(ds)) == 0 {
		fmt.Fprintln(stderr, "greenlight metrics: no deployment is marked as a production environment (GitHub's production_environment, which the pipeline sets on its last environment); name the environments to measure with --env")
		return 2
	}
	ms := dora.Compute(ds, from, to, names...)
	if !*explain {
		for i := range ms {
			ms[i].Explain = nil
		}
	}
	if *svg != "" {
		if err := os.WriteFile(*svg, []byte(dora.SVG(ms)), 0o644); err != nil {
			fmt.Fprintf(stderr, "greenlight metrics: --svg: %v\n", err)
			return 1
		}
	}
	if *asJSON {
		return printJSON(stdout, stderr, ms)
	}
	fmt.Fprint(stdout, dora.Text(ms))
	if *explain {
		fmt.Fprint(stdout, "\n", dora.ExplainText(ms))
	}
	return 0
}
