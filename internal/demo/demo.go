// Package demo runs Greenlight's whole product on one machine with no accounts: a registry on
// 127.0.0.1, a fresh signing key, staging and production as local targets behind Greenlight's
// router, live traffic on production, and three releases of the sample service through the
// example pipeline: a first release, a good one that the canary promotes, and a bad one (5xx on
// a share of requests) that the canary catches and rolls back.
package demo

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/runlog"

	"github.com/greenlight-cd/greenlight/internal/loadgen"
	"github.com/greenlight-cd/greenlight/pipelines/example"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/local"
	"github.com/greenlight-cd/greenlight/pkg/registry"
	"github.com/greenlight-cd/greenlight/pkg/sign"
)

// Options configure the demo.
type Options struct {
	Out        io.Writer
	ServiceDir string // the sample service (default testdata/services/hello)
	Main       string // its main package, relative to ServiceDir (default ".")
	WorkDir    string // default: a temporary directory, removed at the end
	Rate       int    // requests per second of live traffic on production (at least 1; the CLI's default is 250)
	Report     string // JSON report path, optional
	// Quiet prints only the stage tables and the summary.
	Quiet bool
}

// Release is one run of the pipeline.
type Release struct {
	Name    string         `json:"name"`
	Version string         `json:"version"`
	Expect  string         `json:"expect"`
	Digest  string         `json:"digest"`
	Signed  string         `json:"signature,omitempty"`
	OK      bool           `json:"as_expected"`
	Report  *runlog.Report `json:"report"`
}

// VersionTraffic is what one version served in production during the demo.
type VersionTraffic struct {
	Version  string  `json:"version"`
	Revision string  `json:"revision"`
	Requests int64   `json:"requests"`
	Failed   int64   `json:"failed"`
	P50Ms    float64 `json:"p50_ms"`
	P99Ms    float64 `json:"p99_ms"`
}

// Summary is the demo's outcome, and its JSON report.
type Summary struct {
	Registry        string           `json:"registry"`
	PublicKey       string           `json:"public_key"`
	Releases        []Release        `json:"releases"`
	Production      []VersionTraffic `json:"production_traffic"`
	Client          loadgen.Stats    `json:"client"`
	FinalWeights    map[string]int   `json:"final_weights"`
	FinalStable     string           `json:"final_stable_digest"`
	AsExpected      bool             `json:"as_expected"`
	Problems        []string         `json:"problems,omitempty"`
	DurationSeconds float64          `json:"duration_seconds"`
}

type plan struct {
	name, version, ldflags, expect string
}

var releases = []plan{
	{"release 1: first deploy", "v1", "", "passed"},
	{"release 2: a good change, canary promoted", "v2", "", "passed"},
	{"release 3: a bad change (30% of requests fail), canary rolled back", "v3", "-X main.failPercent=30", "rolled back"},
}

// Run runs the demo. The error is nil only when every release had its expected outcome.
func Run(ctx context.Context, o Options) (*Summary, error) {
	start := time.Now()
	if o.Out == nil {
		o.Out = os.Stdout
	}
	if o.Rate <= 0 {
		return nil, fmt.Errorf("--rate %d: live traffic needs at least 1 request per second (the default is 250)", o.Rate)
	}
	if o.ServiceDir == "" {
		o.ServiceDir = filepath.Join("testdata", "services", "hello")
	}
	if _, err := os.Stat(filepath.Join(o.ServiceDir, "go.mod")); err != nil {
		return nil, fmt.Errorf("sample service not found at %s: run the demo from the repository root, or pass --service DIR", o.ServiceDir)
	}
	svcDir, _ := filepath.Abs(o.ServiceDir)
	if m := o.Main; m != "" {
		if filepath.IsAbs(m) || !strings.HasPrefix(m, ".") {
			return nil, fmt.Errorf("--main %q: name the main package relative to the service's directory, such as ./cmd/hello", m)
		}
		if _, err := os.Stat(filepath.Join(svcDir, filepath.FromSlash(m))); err != nil {
			return nil, fmt.Errorf("--main %s: no such folder in %s", m, svcDir)
		}
	}
	if o.WorkDir == "" {
		d, err := os.MkdirTemp("", "greenlight-demo-*")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(d)
		o.WorkDir = d
	}
	say := func(format string, args ...any) { fmt.Fprintf(o.Out, format+"\n", args...) }

	reg, err := registry.Start(registry.WithBlobDir(filepath.Join(o.WorkDir, "blobs")))
	if err != nil {
		return nil, err
	}
	defer reg.Close()
	key, err := sign.GenerateKey()
	if err != nil {
		return nil, err
	}
	_, pubPath, err := key.WriteFiles(o.WorkDir, nil)
	if err != nil {
		return nil, err
	}
	signer, err := sign.NewSigner(key)
	if err != nil {
		return nil, err
	}
	staging, err := local.New("staging", local.WithWorkDir(filepath.Join(o.WorkDir, "staging")))
	if err != nil {
		return nil, err
	}
	defer staging.Close()
	prod, err := local.New("production", local.WithWorkDir(filepath.Join(o.WorkDir, "production")))
	if err != nil {
		return nil, err
	}
	defer prod.Close()
	envs := []*greenlight.Environment{
		{Name: "staging", Target: staging, URL: staging.URL()},
		{Name: "production", Target: prod, URL: prod.URL()},
	}
	sum := &Summary{Registry: reg.Host(), PublicKey: pubPath}
	say("Greenlight demo: registry %s, key %s (cosign format)", reg.Host(), pubPath)
	say("staging at %s, production at %s; live traffic on production at %d req/s once it serves", staging.URL(), prod.URL(), o.Rate)

	var gen *loadgen.Gen
	repo := reg.Repo("demo/hello")
	for i, rel := range releases {
		if ctx.Err() != nil {
			break
		}
		say("\n══ %s (%s) ══", rel.name, rel.version)
		var sink runlog.Sink = runlog.NewConsole(o.Out)
		if o.Quiet {
			con := runlog.NewConsole(o.Out)
			sink = runlog.SinkFunc(func(e runlog.Event) {
				if e.Kind == runlog.RunFinished || e.Kind == runlog.StageFinished || e.Kind == runlog.RolledBack {
					con.Emit(e)
				}
			})
		}
		svc := example.Service{Dir: svcDir, Main: o.Main, Repo: repo, Version: rel.version, Ldflags: rel.ldflags}
		rep, _ := greenlight.Run(ctx, example.Pipeline(svc, signer),
			greenlight.WithName("hello"), greenlight.WithEnvironments(envs...), greenlight.WithSink(sink),
			greenlight.WithSource(runlog.Source{Repository: "greenlight-cd/demo", Commit: fmt.Sprintf("demo%04d", i+1), Ref: "refs/heads/main", Author: "demo", Trigger: "demo"}))
		r := Release{Name: rel.name, Version: rel.version, Expect: rel.expect, Report: rep}
		if rep != nil && len(rep.Images) > 0 {
			r.Digest = rep.Images[0].Digest
			if s := rep.Images[0].Signature; s != nil {
				r.Signed = s.Ref
			}
		}
		r.OK = check(ctx, rel, r, prod, sum)
		sum.Releases = append(sum.Releases, r)
		if !r.OK {
			break // the next releases would only repeat the problem
		}
		if gen == nil && rep != nil && rep.Status == runlog.Passed {
			gen = loadgen.Start(prod.URL(), o.Rate)
			time.Sleep(time.Second) // let stable build a baseline before the next canary
		}
	}
	if ctx.Err() == nil && len(sum.Problems) == 0 {
		migrationRelease(ctx, o, say, reg, signer, svcDir, sum) // release 4, when PostgreSQL is installed: migration.go
	}
	if gen != nil {
		sum.Client = gen.Stop()
	}
	st, _ := prod.State(context.Background())
	if st.Stable != nil {
		sum.FinalStable = st.Stable.Image.Digest()
	}
	sum.FinalWeights = prod.Router().Weights()
	versionOf := map[string]string{}
	for _, r := range sum.Releases {
		if len(r.Digest) > 19 {
			versionOf[r.Digest[7:19]] = r.Version
		}
	}
	var ids []string
	for id := range versionOf {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return versionOf[ids[i]] < versionOf[ids[j]] })
	for _, id := range ids {
		w, err := prod.Router().Sample(id, time.Time{})
		if err != nil {
			continue
		}
		sum.Production = append(sum.Production, VersionTraffic{Version: versionOf[id], Revision: id, Requests: w.Requests, Failed: w.Errors,
			P50Ms: float64(w.P50.Microseconds()) / 1000, P99Ms: float64(w.P99.Microseconds()) / 1000})
	}
	// Failures of the good versions seen by clients would mean a switch dropped requests.
	for v, n := range sum.Client.Failed5xx {
		if v != "v3" && n > 0 {
			sum.Problems = append(sum.Problems, fmt.Sprintf("%d request(s) to %s failed", n, v))
		}
	}
	if sum.Client.ConnErrors+sum.Client.OtherFail > 0 {
		sum.Problems = append(sum.Problems, fmt.Sprintf("%d request(s) failed in the router (connection errors or 4xx)", sum.Client.ConnErrors+sum.Client.OtherFail))
	}
	sum.AsExpected = len(sum.Problems) == 0 && len(sum.Releases) == len(releases)
	for _, r := range sum.Releases {
		sum.AsExpected = sum.AsExpected && r.OK
	}
	sum.DurationSeconds = time.Since(start).Seconds()
	printSummary(o.Out, sum)
	if o.Report != "" {
		b, err := json.MarshalIndent(sum, "", "  ")
		if err != nil {
			// Never an empty file that reads as a report.
			return sum, fmt.Errorf("writing report: %w", err)
		}
		if err := os.WriteFile(o.Report, append(b, '\n'), 0o644); err != nil {
			return sum, fmt.Errorf("writing report: %w", err)
		}
	}
	if ctx.Err() != nil {
		return sum, fmt.Errorf("demo interrupted; all traffic was returned to the stable version: %w", ctx.Err())
	}
	if !sum.AsExpected {
		return sum, errors.New("the demo did not end as expected: " + strings.Join(sum.Problems, "; "))
	}
	return sum, nil
}

// check compares a release's outcome with what the demo expects, recording any difference.
func check(ctx context.Context, rel plan, r Release, prod *local.Target, sum *Summary) bool {
	bad := func(format string, args ...any) bool {
		sum.Problems = append(sum.Problems, rel.version+": "+fmt.Sprintf(format, args...))
		return false
	}
	if r.Report == nil {
		return bad("did not run")
	}
	st, err := prod.State(ctx)
	if err != nil {
		return bad("reading production: %v", err)
	}
	switch rel.expect {
	case "passed":
		if r.Report.Status != runlog.Passed {
			return bad("expected to pass, got %s: %s", r.Report.Status, r.Report.Error)
		}
		if st.Stable == nil || st.Stable.Image.Digest() != r.Digest {
			return bad("production does not run the digest that was built and signed (%s)", r.Digest)
		}
	case "rolled back":
		if r.Report.Status != runlog.Failed || len(r.Report.Rollbacks) == 0 {
			return bad("expected the canary to fail and roll back, got %s", r.Report.Status)
		}
		if st.Stable == nil || st.Stable.Image.Digest() == r.Digest || st.Canary != nil {
			return bad("after the rollback production should run only the previous version")
		}
		if w := prod.Router().Weights(); w[st.Stable.ID] != 100 {
			return bad("after the rollback stable should take 100%% of traffic, weights are %v", w)
		}
	}
	return true
}

func printSummary(w io.Writer, s *Summary) {
	fmt.Fprintln(w, "\n══ summary ══")
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "RELEASE\tVERSION\tEXPECTED\tOUTCOME\tDIGEST")
	for _, r := range s.Releases {
		outcome := "-"
		if r.Report != nil {
			outcome = string(r.Report.Status)
			if len(r.Report.Rollbacks) > 0 {
				outcome += ", rolled back"
			}
		}
		mark := "✓"
		if !r.OK {
			mark = "✗"
		}
		fmt.Fprintf(tw, "%s %s\t%s\t%s\t%s\t%s\n", mark, strings.SplitN(r.Name, ":", 2)[0], r.Version, r.Expect, outcome, shortDigest(r.Digest))
	}
	tw.Flush()
	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 2, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "PRODUCTION\tREQUESTS\tFAILED\tP50\tP99\t")
	for _, v := range s.Production {
		fmt.Fprintf(tw, "%s (%s)\t%d\t%d\t%.2fms\t%.2fms\t\n", v.Version, v.Revision, v.Requests, v.Failed, v.P50Ms, v.P99Ms)
	}
	tw.Flush()
	fmt.Fprintf(w, "\nclients sent %d requests: %d ok, %d answered 5xx by a bad version, %d connection errors\n",
		s.Client.Sent, s.Client.OK, s.Client.Status5xx, s.Client.ConnErrors)
	fmt.Fprintf(w, "production now: %v\n", s.FinalWeights)
	for _, r := range s.Releases {
		if r.Report != nil {
			for _, rb := range r.Report.Rollbacks {
				fmt.Fprintf(w, "rollback of %s in %s (%s): %s\n", r.Version, rb.Env, rb.Duration.Round(time.Microsecond), rb.Reason)
			}
		}
	}
	if s.AsExpected {
		fmt.Fprintf(w, "demo OK in %.1fs: the good release was promoted, the bad one caught and rolled back\n", s.DurationSeconds)
	} else {
		fmt.Fprintf(w, "demo NOT as expected: %s\n", strings.Join(s.Problems, "; "))
	}
}

func shortDigest(d string) string {
	if len(d) > 19 {
		return d[:19]
	}
	return d
}
