package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/greenlight-cd/greenlight/pkg/runlog"

	"github.com/greenlight-cd/greenlight/pkg/governance"
	"github.com/greenlight-cd/greenlight/pkg/report"
)

// maxReport bounds the JSON read: a run's report is kilobytes.
const maxReport = 32 << 20

func readJSONFile(path string, v any) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxReport+1))
	if err != nil {
		return err
	}
	if len(b) > maxReport {
		return fmt.Errorf("%s is over %d MiB", path, maxReport>>20)
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s is not valid JSON: %v", path, err)
	}
	return nil
}

func runReport(ctx context.Context, e *cliEnv, fs *flag.FlagSet, args []string) int {
	stdout, stderr := e.stdout, e.stderr
	in := fs.String("report", "", "the run's JSON report (greenlight run -- --report FILE writes it)")
	out := fs.String("html", "", "the HTML page to write")
	pol := fs.String("policies", "", "policy results to show: the JSON of greenlight policy check --json")
	if code, ok := parse(fs, args, stdout); !ok {
		return code
	}
	if *in == "" || *out == "" {
		fmt.Fprintln(stderr, "greenlight report: give --report FILE (the run's JSON report) and --html FILE (the page to write)")
		return 2
	}
	var rep runlog.Report
	if err := readJSONFile(*in, &rep); err != nil {
		fmt.Fprintf(stderr, "greenlight report: %v\n", err)
		return 2
	}
	page := report.Page{Report: &rep}
	if *pol != "" {
		var a governance.Answer
		if err := readJSONFile(*pol, &a); err != nil {
			fmt.Fprintf(stderr, "greenlight report: --policies: %v\n", err)
			return 2
		}
		page.Policies = a.Results
	}
	tmp, err := os.CreateTemp(filepath.Dir(*out), ".release-*.html")
	if err != nil {
		fmt.Fprintf(stderr, "greenlight report: %v (is the directory writable?)\n", err)
		return 1
	}
	if err := page.WriteHTML(tmp); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		fmt.Fprintf(stderr, "greenlight report: %v\n", err)
		return 1
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		fmt.Fprintf(stderr, "greenlight report: %v\n", err)
		return 1
	}
	if err := os.Rename(tmp.Name(), *out); err != nil {
		os.Remove(tmp.Name())
		fmt.Fprintf(stderr, "greenlight report: %v\n", err)
		return 1
	}
	os.Chmod(*out, 0o644)
	fmt.Fprintf(stdout, "wrote %s\n", *out)
	return 0
}
