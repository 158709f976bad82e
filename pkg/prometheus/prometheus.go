// Package prometheus feeds canary analysis from Prometheus: a greenlight.Metrics whose samples
// are PromQL queries over the analysis window, through Prometheus' HTTP API. Standard library
// only: no Prometheus client module in a pipeline's build.
package prometheus

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/analysis"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
)

// Source queries one Prometheus-compatible API with a Contract. It implements
// greenlight.HistogramMetrics.
type Source struct {
	cfg  Config
	errs *regexp.Regexp
	// invalid is what was wrong with the configuration New was given: every query returns it,
	// so the canary's preflight fails closed with it before any traffic moves.
	invalid error
}

var _ greenlight.HistogramMetrics = (*Source)(nil)

// New returns a source for the Prometheus at url read with the PromHTTP contract and no
// authentication. An invalid url is not a panic: every query of the source returns what is
// wrong with it (so the canary's preflight refuses before any traffic moves); NewSource
// returns the error at once instead.
func New(url string) *Source {
	s, err := NewSource(Config{URL: url})
	if err != nil {
		return &Source{invalid: err}
	}
	return s
}

// NewSource returns a source for cfg, or what is wrong with it.
func NewSource(cfg Config) (*Source, error) {
	cfg = cfg.withDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	re, _ := errorMatcher(cfg.Contract.Errors)
	return &Source{cfg: cfg, errs: re}, nil
}

// Contract is what the source reads.
func (s *Source) Contract() Contract { return s.cfg.Contract }

// matchers is the selector of rev's series, with more matchers appended.
func (s *Source) matchers(rev string, more ...string) string {
	k := s.cfg.Contract
	var m []string
	if k.Selector != "" {
		m = append(m, k.Selector)
	}
	if rev != "" {
		m = append(m, k.RevisionLabel+"="+strconv.Quote(rev))
	}
	return "{" + strings.Join(append(m, more...), ",") + "}"
}

func (s *Source) errorMatcher() string {
	return s.cfg.Contract.StatusLabel + "=~" + strconv.Quote(s.cfg.Contract.Errors)
}

// window is the analysis window since since, as a PromQL duration.
func window(since time.Time) string {
	w := time.Since(since).Round(time.Second)
	if w < time.Second {
		w = time.Second
	}
	return fmt.Sprintf("%ds", int(w.Seconds()))
}

// Sample implements greenlight.Metrics: the requests and errors rev served since since, and
// its median and 99th percentile latency from the histogram. No data (a series that does not
// exist yet, a window shorter than two scrapes) is a zero sample, on which the judge waits; a
// failing API is an error, which the engine treats the same way until the plan's MaxWait.
func (s *Source) Sample(ctx context.Context, rev greenlight.Revision, since time.Time) (analysis.Sample, error) {
	if s.invalid != nil {
		return analysis.Sample{}, s.invalid
	}
	k, w, now := s.cfg.Contract, window(since), time.Now()
	var out analysis.Sample
	req, err := s.Scalar(ctx, fmt.Sprintf("sum(increase(%s%s[%s]))", k.Requests, s.matchers(rev.ID), w), now)
	if err != nil {
		return out, err
	}
	errs, err := s.Scalar(ctx, fmt.Sprintf("sum(increase(%s%s[%s]))", k.Requests, s.matchers(rev.ID, s.errorMatcher()), w), now)
	if err != nil {
		return out, err
	}
	out.Requests, out.Errors = int64(math.Round(req)), int64(math.Round(errs))
	if k.Histogram != "" {
		q := func(p float64) (time.Duration, error) {
			v, err := s.Scalar(ctx, fmt.Sprintf("histogram_quantile(%g, sum by (le) (rate(%s_bucket%s[%s])))", p, k.Histogram, s.matchers(rev.ID), w), now)
			return seconds(v), err
		}
		if out.P50, err = q(0.5); err != nil {
			return out, err
		}
		if out.P99, err = q(0.99); err != nil {
			return out, err
		}
	}
	return out, nil
}

// Histogram implements greenlight.HistogramMetrics with the contract's histogram. No data is
// an empty histogram (no bounds), on which the latency test waits.
func (s *Source) Histogram(ctx context.Context, rev greenlight.Revision, since time.Time) (analysis.Histogram, error) {
	if s.invalid != nil {
		return analysis.Histogram{}, s.invalid
	}
	var h analysis.Histogram
	k := s.cfg.Contract
	if k.Histogram == "" {
		return h, fmt.Errorf("no latency histogram: set Contract.Histogram for a latency test")
	}
	expr := fmt.Sprintf("sum by (le) (increase(%s_bucket%s[%s]))", k.Histogram, s.matchers(rev.ID), window(since))
	qd, err := s.api(ctx, "/api/v1/query", url.Values{"query": {expr}, "time": {ts(time.Now())}})
	if err != nil {
		return h, err
	}
	if qd.ResultType != "vector" {
		return h, fmt.Errorf("query %q gives a %s, want one series per le", expr, qd.ResultType)
	}
	type bucket struct {
		le    float64
		count float64
	}
	var bs []bucket
	inf := false
	for _, raw := range qd.Result {
		var se series
		if err := json.Unmarshal(raw, &se); err != nil {
			return h, err
		}
		le, err := strconv.ParseFloat(se.Metric["le"], 64)
		if err != nil {
			return h, fmt.Errorf("query %q gives a series without a numeric le label; aggregate with sum by (le)", expr)
		}
		v, err := value(se.Value)
		if err != nil {
			return h, err
		}
		if math.IsNaN(v) || v < 0 {
			v = 0
		}
		inf = inf || math.IsInf(le, 1)
		bs = append(bs, bucket{le, v})
	}
	if len(bs) == 0 {
		return h, nil
	}
	if !inf {
		return h, fmt.Errorf("query %q gives no le=\"+Inf\" bucket", expr)
	}
	sort.Slice(bs, func(i, j int) bool { return bs[i].le < bs[j].le })
	var c int64
	for _, b := range bs {
		// increase() extrapolates each bucket alone: keep the counts cumulative.
		c = max(c, int64(math.Round(b.count)))
		if !math.IsInf(b.le, 1) {
			h.Bounds = append(h.Bounds, time.Duration(b.le*float64(time.Second)))
		}
		h.Cumulative = append(h.Cumulative, c)
	}
	return h, nil
}

func seconds(f float64) time.Duration {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0
	}
	return time.Duration(f * float64(time.Second))
}

type apiResponse struct {
	Status    string          `json:"status"`
	Data      json.RawMessage `json:"data"`
	ErrorType string          `json:"errorType"`
	Error     string          `json:"error"`
}

type queryData struct {
	ResultType string            `json:"resultType"`
	Result     []json.RawMessage `json:"result"`
}

type series struct {
	Metric map[string]string `json:"metric"`
	Value  []any             `json:"value"`
	Values [][]any           `json:"values"`
}

func (s *Source) api(ctx context.Context, path string, params url.Values) (queryData, error) {
	var qd queryData
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.cfg.URL+path, strings.NewReader(params.Encode()))
	if err != nil {
		return qd, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	a := s.cfg.Auth
	for k, vs := range a.Header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	switch {
	case a.BearerToken != "":
		req.Header.Set("Authorization", "Bearer "+a.BearerToken)
	case a.Username != "":
		req.SetBasicAuth(a.Username, a.Password)
	}
	resp, err := s.cfg.Client.Do(req)
	if err != nil {
		if ctx.Err() == context.DeadlineExceeded {
			return qd, fmt.Errorf("prometheus at %s did not answer within %s (Config.Timeout)", s.where(), s.cfg.Timeout)
		}
		return qd, fmt.Errorf("prometheus at %s unreachable: %v", s.where(), errors.Unwrap(err))
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	if resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden {
		return qd, fmt.Errorf("prometheus at %s refused the query (%d %s): check Config.Auth (token, user or headers)", s.where(), resp.StatusCode, http.StatusText(resp.StatusCode))
	}
	var ar apiResponse
	if err := json.Unmarshal(body, &ar); err != nil {
		return qd, fmt.Errorf("prometheus at %s answered %d with no API response: %.200q; is the URL the query API's base?", s.where(), resp.StatusCode, body)
	}
	if ar.Status != "success" {
		return qd, fmt.Errorf("prometheus query %q failed: %s: %s", params.Get("query"), ar.ErrorType, ar.Error)
	}
	err = json.Unmarshal(ar.Data, &qd)
	return qd, err
}

// where is the API's URL without any user or password in it.
func (s *Source) where() string {
	u, err := url.Parse(s.cfg.URL)
	if err != nil {
		return "the configured URL"
	}
	return u.Redacted()
}

// Scalar runs an instant query that must give one number (or nothing: 0).
func (s *Source) Scalar(ctx context.Context, expr string, at time.Time) (float64, error) {
	if s.invalid != nil {
		return 0, s.invalid
	}
	qd, err := s.api(ctx, "/api/v1/query", url.Values{"query": {expr}, "time": {ts(at)}})
	if err != nil {
		return 0, err
	}
	switch qd.ResultType {
	case "scalar":
		var v []any
		if len(qd.Result) == 0 {
			return 0, nil
		}
		raw, _ := json.Marshal(qd.Result)
		json.Unmarshal(raw, &v)
		return value(v)
	case "vector":
		switch len(qd.Result) {
		case 0:
			return 0, nil
		case 1:
			var se series
			if err := json.Unmarshal(qd.Result[0], &se); err != nil {
				return 0, err
			}
			return value(se.Value)
		default:
			return 0, fmt.Errorf("query %q gives %d series; aggregate it to one (sum(...))", expr, len(qd.Result))
		}
	}
	return 0, fmt.Errorf("query %q gives a %s, want one number", expr, qd.ResultType)
}

// Point is one value of a range query.
type Point struct {
	Time  time.Time
	Value float64
}

// Range runs a range query (one series) from start to end at step, for dashboards and reports
// of how a canary's error rate moved during analysis.
func (s *Source) Range(ctx context.Context, expr string, start, end time.Time, step time.Duration) ([]Point, error) {
	if s.invalid != nil {
		return nil, s.invalid
	}
	qd, err := s.api(ctx, "/api/v1/query_range", url.Values{"query": {expr}, "start": {ts(start)}, "end": {ts(end)},
		"step": {strconv.FormatFloat(step.Seconds(), 'f', -1, 64)}})
	if err != nil {
		return nil, err
	}
	if len(qd.Result) == 0 {
		return nil, nil
	}
	if len(qd.Result) > 1 {
		return nil, fmt.Errorf("range query %q gives %d series; aggregate it to one", expr, len(qd.Result))
	}
	var se series
	if err := json.Unmarshal(qd.Result[0], &se); err != nil {
		return nil, err
	}
	out := make([]Point, 0, len(se.Values))
	for _, v := range se.Values {
		f, err := value(v)
		if err != nil {
			return nil, err
		}
		sec, _ := v[0].(float64)
		out = append(out, Point{Time: time.Unix(0, int64(sec*1e9)), Value: f})
	}
	return out, nil
}

func ts(t time.Time) string { return strconv.FormatFloat(float64(t.UnixNano())/1e9, 'f', 3, 64) }

func value(v []any) (float64, error) {
	if len(v) != 2 {
		return 0, fmt.Errorf("unexpected sample %v", v)
	}
	s, ok := v[1].(string)
	if !ok {
		return 0, fmt.Errorf("unexpected sample value %v", v[1])
	}
	if s == "NaN" {
		return math.NaN(), nil
	}
	return strconv.ParseFloat(s, 64)
}
