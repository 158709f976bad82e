package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/greenlight-cd/greenlight/internal/demo"
)

// maxDemoRate bounds --rate: the load generator and the services share this machine.
const maxDemoRate = 5000

func runDemo(ctx context.Context, e *cliEnv, fs *flag.FlagSet, args []string) int {
	stdout, stderr := e.stdout, e.stderr
	report := fs.String("report", "", "write the JSON report to `FILE`")
	rate := fs.Int("rate", 250, "requests per second of live traffic on production, 1 to 5000")
	svc := fs.String("service", "", "the sample service's directory: its Go module (default testdata/services/hello)")
	mainPkg := fs.String("main", "", "the service's main package, relative to --service, when it is not at the module's root (such as ./cmd/hello)")
	quiet := fs.Bool("quiet", false, "print only stage tables and the summary")
	if code, ok := parse(fs, args, stdout); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "greenlight demo: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	if *rate < 1 || *rate > maxDemoRate {
		fmt.Fprintf(stderr, "greenlight demo: --rate %d: give requests per second from 1 to %d (default 250)\n", *rate, maxDemoRate)
		return 2
	}
	if _, err := demo.Run(ctx, demo.Options{Out: stdout, Report: *report, Rate: *rate, ServiceDir: *svc, Main: *mainPkg, Quiet: *quiet}); err != nil {
		fmt.Fprintf(stderr, "greenlight demo: %v\n", err)
		return 1
	}
	return 0
}
