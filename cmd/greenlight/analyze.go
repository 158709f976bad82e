package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/analysis"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/prometheus"
)

// maxReplayBytes bounds what analyze reads: a day of seconds for two versions with a few dozen
// buckets is well under it.
const maxReplayBytes = 256 << 20

func runAnalyze(ctx context.Context, e *cliEnv, fs *flag.FlagSet, args []string) int {
	stdout, stderr := e.stdout, e.stderr
	file := fs.String("replay", "", "CSV of recorded traffic: `FILE` with header second,version,requests,errors[,le_<ms>…,le_inf] (- for stdin)")
	alpha := fs.Float64("alpha", 0.01, "false-alarm budget, between 0 and 1")
	margin := fs.Float64("margin", 1.5, "odds ratio under which the canary is shown not worse (pass early), above 1")
	quantile := fs.Float64("quantile", 0.5, "latency quantile tested when the file has le_ columns, between 0 and 1")
	minReq := fs.Int64("min-requests", 100, "least evidence: requests each version must serve before a pass")
	detect := fs.Float64("detect", 3, "least evidence: the data must be able to catch a canary with this many times the baseline's error rate, above 1")
	increase := fs.Float64("detect-increase", 0.01, "least evidence: … and at least this much higher (0.01 = 1 point), between 0 and 1")
	stepTime := fs.Duration("step-time", 0, "pass when this much time is up with no evidence of harm, as a plan's StepTime (default: never; undecided is inconclusive)")
	asJSON := fs.Bool("json", false, "print one JSON object")
	check := fs.Bool("check-metrics", false, "check the metrics contract against the live Prometheus, as a canary does before it moves traffic (with --revision)")
	revision := fs.String("revision", "", "with --check-metrics: the stable `REVISION`, as its pods' label greenlight.dev/revision says")
	promURL := fs.String("prometheus", os.Getenv("PROMETHEUS_URL"), "with --check-metrics: the query API's `URL` (default $PROMETHEUS_URL; $PROMETHEUS_TOKEN, or $PROMETHEUS_USERNAME and $PROMETHEUS_PASSWORD, authenticate)")
	contract := fs.String("contract", "", "with --check-metrics: promhttp, opentelemetry or podinfo (default $PROMETHEUS_CONTRACT, else promhttp)")
	selector := fs.String("selector", "", "with --check-metrics: label matchers added to every query, such as job=\"api\" (default $PROMETHEUS_SELECTOR)")
	if code, ok := parse(fs, args, stdout); !ok {
		return code
	}
	bad := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "greenlight analyze: "+format+"\n", a...)
		return 2
	}
	if *check {
		return checkMetrics(ctx, e, *revision, *promURL, *contract, *selector, bad)
	}
	switch {
	case *file == "":
		return bad("--replay FILE is required: a CSV exported from your metrics (see docs/analysis.md)")
	case fs.NArg() > 0:
		return bad("unexpected argument %q; the file goes after --replay", fs.Arg(0))
	case !(*alpha > 0 && *alpha < 1):
		return bad("--alpha %g: give a probability between 0 and 1, such as 0.01", *alpha)
	case !(*margin > 1):
		return bad("--margin %g: give an odds ratio above 1, such as 1.5", *margin)
	case !(*quantile > 0 && *quantile < 1):
		return bad("--quantile %g: give a quantile between 0 and 1, such as 0.5", *quantile)
	case !(*detect > 1) || !(*increase > 0 && *increase < 1):
		return bad("--detect %g --detect-increase %g: give a ratio above 1 (such as 3) and an increase between 0 and 1 (such as 0.01)", *detect, *increase)
	case *minReq < 0 || *stepTime < 0:
		return bad("--min-requests and --step-time cannot be negative")
	}
	var r io.Reader = os.Stdin
	if *file != "-" {
		f, err := os.Open(*file)
		if err != nil {
			return bad("%v", err)
		}
		defer f.Close()
		r = f
	}
	rec, err := readReplay(&capped{r: r, n: maxReplayBytes})
	if err != nil {
		return bad("%s: %v", *file, err)
	}
	plan := analysis.Plan{Judge: analysis.Sequential{Alpha: *alpha, Margin: *margin, LatencyQuantile: *quantile},
		MinRequests: *minReq, Detect: *detect, DetectIncrease: *increase, StepTime: *stepTime}
	res := replay(ctx, rec, plan)
	if *asJSON {
		b, _ := json.MarshalIndent(res, "", "  ")
		fmt.Fprintf(stdout, "%s\n", b)
	} else {
		fmt.Fprintf(stdout, "%s at second %d of %d: %s\n", strings.ToUpper(res.Outcome), res.DecidedAt, res.Last, res.Reason)
		if e := res.Evidence; e != nil {
			fmt.Fprintf(stdout, "  errors:  canary %d of %d (%.2f%%), baseline %d of %d (%.2f%%); evidence of harm %.3g (fails at %.3g), not worse by %gx %.3g\n",
				e.CanaryErrors, e.CanaryRequests, pct(e.CanaryErrors, e.CanaryRequests), e.StableErrors, e.StableRequests, pct(e.StableErrors, e.StableRequests),
				e.ErrorE, e.ErrorThreshold, e.Margin, e.ErrorPassE)
			if e.LatencyLimit > 0 {
				fmt.Fprintf(stdout, "  latency: canary %d of %d over %s, baseline %d of %d over %s (p%g); evidence of harm %.3g (fails at %.3g)\n",
					e.CanarySlow, e.CanaryTimed, e.LatencyThreshold+e.LatencySlack, e.StableSlow, e.StableTimed, e.LatencyThreshold, 100*e.LatencyQuantile, e.LatencyE, e.LatencyLimit)
			}
		}
	}
	if res.Outcome == "fail" {
		return 1
	}
	return 0
}

func pct(n, d int64) float64 {
	if d == 0 {
		return 0
	}
	return 100 * float64(n) / float64(d)
}

// replayResult is what analyze prints with --json.
type replayResult struct {
	// Outcome is pass, fail or inconclusive.
	Outcome string `json:"outcome"`
	// DecidedAt is the file's second at which the judge decided; the last second when it never did.
	DecidedAt int64  `json:"decided_at"`
	Reason    string `json:"reason"`
	// First and Last are the file's first and last seconds.
	First    int64              `json:"first_second"`
	Last     int64              `json:"last_second"`
	Evidence *analysis.Evidence `json:"evidence,omitempty"`
}

// replayRow is one second of both versions.
type replayRow struct {
	second           int64
	stable, canary   analysis.Sample
	stableH, canaryH []int64 // cumulative over le, nil without latency columns
}

type replayFile struct {
	bounds []time.Duration
	rows   []replayRow // sorted by second, one per second that appears in the file
}

// replay runs the judge over rec as the engine does live: a look every second, with what each
// version served since the start.
// The plan's StepTime 0 means only evidence decides.
func replay(ctx context.Context, rec replayFile, plan analysis.Plan) replayResult {
	res := replayResult{Outcome: "inconclusive"}
	if len(rec.rows) == 0 {
		res.Reason = "no traffic in the file"
		return res
	}
	first, last := rec.rows[0].second, rec.rows[len(rec.rows)-1].second
	res.First, res.Last, res.DecidedAt = first, last, last
	never := time.Duration(last-first+2) * time.Second
	if plan.StepTime <= 0 {
		plan.StepTime = never
	}
	plan.MaxWait = max(plan.StepTime, never)
	a := analysis.New(plan)
	var in analysis.Input
	var sh, ch *analysis.Histogram
	if rec.bounds != nil {
		sh = &analysis.Histogram{Bounds: rec.bounds, Cumulative: make([]int64, len(rec.bounds)+1)}
		ch = &analysis.Histogram{Bounds: rec.bounds, Cumulative: make([]int64, len(rec.bounds)+1)}
	}
	var v analysis.Verdict
	for _, row := range rec.rows {
		in.Elapsed = time.Duration(row.second-first+1) * time.Second
		add(&in.Stable, row.stable)
		add(&in.Canary, row.canary)
		if sh != nil {
			// Fresh copies: the judge keeps the previous look's histograms.
			sh, ch = plus(sh, row.stableH), plus(ch, row.canaryH)
			in.StableLatency, in.CanaryLatency = sh, ch
		}
		v = a.Look(ctx, in)
		res.Evidence, res.Reason = v.Evidence, v.Reason
		if v.Outcome != analysis.Wait {
			res.DecidedAt = row.second
			break
		}
	}
	switch v.Outcome {
	case analysis.Pass:
		res.Outcome = "pass"
	case analysis.Fail:
		res.Outcome = "fail"
		if v.Evidence != nil && v.Evidence.Decided == "low traffic" {
			res.Outcome = "inconclusive"
		}
	default:
		res.Reason = "undecided at the end of the file: " + strings.TrimPrefix(res.Reason, "no evidence of harm yet: ")
	}
	return res
}

func add(s *analysis.Sample, d analysis.Sample) {
	s.Requests += d.Requests
	s.Errors += d.Errors
}

func plus(h *analysis.Histogram, d []int64) *analysis.Histogram {
	out := &analysis.Histogram{Bounds: h.Bounds, Cumulative: make([]int64, len(h.Cumulative))}
	for i := range out.Cumulative {
		out.Cumulative[i] = h.Cumulative[i]
		if d != nil {
			out.Cumulative[i] += d[i]
		}
	}
	return out
}

// readReplay reads the CSV, validating every field; errors name the line.
func readReplay(r io.Reader) (replayFile, error) {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	head, err := cr.Read()
	if err == io.EOF {
		return replayFile{}, errors.New("empty file: want a header row second,version,requests,errors")
	}
	if err != nil {
		return replayFile{}, err
	}
	col := map[string]int{}
	var rec replayFile
	var leCols []int
	infCol := -1
	type bound struct {
		d   time.Duration
		col int
	}
	var bs []bound
	for i, h := range head {
		h = strings.ToLower(strings.TrimSpace(h))
		if _, dup := col[h]; dup {
			return rec, fmt.Errorf("header: column %q twice", h)
		}
		col[h] = i
		if ms, ok := strings.CutPrefix(h, "le_"); ok {
			if ms == "inf" {
				infCol = i
				continue
			}
			f, err := strconv.ParseFloat(ms, 64)
			if err != nil || f <= 0 || f > 1e9 || math.IsNaN(f) {
				return rec, fmt.Errorf("header: %q is not le_<milliseconds> or le_inf", h)
			}
			bs = append(bs, bound{time.Duration(f * float64(time.Millisecond)), i})
		}
	}
	for _, need := range []string{"second", "version", "requests", "errors"} {
		if _, ok := col[need]; !ok {
			return rec, fmt.Errorf("header: no %q column; want second,version,requests,errors[,le_<ms>…,le_inf]", need)
		}
	}
	if len(bs) > 0 {
		if infCol < 0 {
			return rec, errors.New("header: latency buckets need an le_inf column as well")
		}
		sort.Slice(bs, func(i, j int) bool { return bs[i].d < bs[j].d })
		for i, b := range bs {
			if i > 0 && b.d == bs[i-1].d {
				return rec, fmt.Errorf("header: two buckets of %s", b.d)
			}
			rec.bounds = append(rec.bounds, b.d)
			leCols = append(leCols, b.col)
		}
		leCols = append(leCols, infCol)
	}
	bySecond := map[int64]*replayRow{}
	seen := map[[2]int64]bool{}
	for line := 2; ; line++ {
		f, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return rec, err
		}
		if len(bySecond) > 10_000_000 {
			return rec, errors.New("more than 10,000,000 seconds; split the file")
		}
		num := func(name string, c int) (int64, error) {
			s := strings.TrimSpace(f[c])
			v, err := strconv.ParseFloat(s, 64) // Prometheus' increase() gives fractions
			if err != nil || v < 0 || v > 1e15 || math.IsNaN(v) {
				return 0, fmt.Errorf("line %d: %s %q is not a count", line, name, s)
			}
			return int64(math.Round(v)), nil
		}
		sec, err := num("second", col["second"])
		if err != nil {
			return rec, err
		}
		var s analysis.Sample
		if s.Requests, err = num("requests", col["requests"]); err != nil {
			return rec, err
		}
		if s.Errors, err = num("errors", col["errors"]); err != nil {
			return rec, err
		}
		if s.Errors > s.Requests {
			return rec, fmt.Errorf("line %d: %d errors out of %d requests", line, s.Errors, s.Requests)
		}
		var h []int64
		for i, c := range leCols {
			n, err := num(head[c], c)
			if err != nil {
				return rec, err
			}
			if i > 0 && n < h[i-1] {
				return rec, fmt.Errorf("line %d: bucket %s has fewer requests than the one before; buckets are cumulative (Prometheus le)", line, head[c])
			}
			h = append(h, n)
		}
		row := bySecond[sec]
		if row == nil {
			row = &replayRow{second: sec}
			bySecond[sec] = row
		}
		version := strings.ToLower(strings.TrimSpace(f[col["version"]]))
		var vi int64
		switch version {
		case "baseline":
			row.stable, row.stableH = s, h
		case "canary":
			row.canary, row.canaryH, vi = s, h, 1
		default:
			return rec, fmt.Errorf("line %d: version %s; want baseline or canary", line, quoteShort(version, 40))
		}
		if seen[[2]int64{sec, vi}] {
			return rec, fmt.Errorf("line %d: second %d of %s appears twice", line, sec, version)
		}
		seen[[2]int64{sec, vi}] = true
	}
	for _, r := range bySecond {
		rec.rows = append(rec.rows, *r)
	}
	sort.Slice(rec.rows, func(i, j int) bool { return rec.rows[i].second < rec.rows[j].second })
	return rec, nil
}

// quoteShort quotes s, cut to n bytes.
func quoteShort(s string, n int) string {
	if len(s) > n {
		return strconv.Quote(s[:n]) + "…"
	}
	return strconv.Quote(s)
}

// capped reads at most n bytes and then fails, so that a file too large is refused rather than
// cut short.
type capped struct {
	r io.Reader
	n int64
}

func (c *capped) Read(p []byte) (int, error) {
	if c.n <= 0 {
		return 0, fmt.Errorf("file larger than %d MiB; split it", maxReplayBytes>>20)
	}
	if int64(len(p)) > c.n {
		p = p[:c.n]
	}
	n, err := c.r.Read(p)
	c.n -= int64(n)
	return n, err
}

// checkMetrics runs the canary's metrics preflight from a terminal: the same Config the
// generated pipeline reads from the environment (prometheus.ConfigFromEnv), with the flags over
// it. 0: the contract holds; 1: it does not (the line says why and the fix); 2: usage.
func checkMetrics(ctx context.Context, e *cliEnv, revision, promURL, contract, selector string, bad func(string, ...any) int) int {
	if revision == "" {
		return bad("--check-metrics needs --revision REVISION: the stable revision, as its pods' label greenlight.dev/revision says")
	}
	if promURL == "" {
		return bad("--check-metrics needs the query API: --prometheus URL or $PROMETHEUS_URL")
	}
	flags := map[string]string{"PROMETHEUS_URL": promURL, "PROMETHEUS_CONTRACT": contract, "PROMETHEUS_SELECTOR": selector}
	cfg, err := prometheus.ConfigFrom(func(k string) string {
		if v := flags[k]; v != "" {
			return v
		}
		return os.Getenv(k)
	})
	if err != nil {
		return bad("%v", err)
	}
	src, err := prometheus.NewSource(cfg)
	if err != nil {
		return bad("%v", err)
	}
	k := src.Contract()
	if err := src.Preflight(ctx, greenlight.Revision{ID: revision}); err != nil {
		fmt.Fprintf(e.stderr, "greenlight analyze: metrics contract does not hold for %s: %v\n", revision, err)
		return 1
	}
	hist := "latency not judged (no histogram)"
	if k.Histogram != "" {
		hist = "latency from " + k.Histogram + "_bucket"
	}
	fmt.Fprintf(e.stdout, "metrics contract holds for %s: requests from %s, errors where %s=~%q, revision in %s, %s\n",
		revision, k.Requests, k.StatusLabel, k.Errors, k.RevisionLabel, hist)
	return 0
}
