// Package prometheus feeds canary analysis from Prometheus: a greenlight.Metrics whose samples
// are PromQL queries over the analysis window, through Prometheus' HTTP API. Standard library
// only: no Prometheus client module in a pipeline's build.
package prometheus

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"text/template"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/analysis"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
)

// Queries are PromQL templates. {{.Revision}} is the revision's ID (its pods carry the label
// greenlight.dev/revision; relabel it to what your queries use) and {{.Window}} the analysis
// window as a PromQL duration, such as 37s.
type Queries struct {
	Requests string
	Errors   string
	P50, P99 string
	// Buckets gives the latency histogram over the window: one series per bucket, labelled le
	// in seconds (Prometheus' histogram convention, with le="+Inf"), whose values are the
	// requests at or under le. The Sequential judge tests a shift of a latency quantile on it.
	// Empty: no latency test.
	Buckets string
}

// DefaultQueries fit the usual http_requests_total counter (with code) and
// http_request_duration_seconds histogram, labelled by revision.
var DefaultQueries = Queries{
	Requests: `sum(increase(http_requests_total{revision="{{.Revision}}"}[{{.Window}}]))`,
	Errors:   `sum(increase(http_requests_total{revision="{{.Revision}}",code=~"5.."}[{{.Window}}]))`,
	P50:      `histogram_quantile(0.5, sum by (le) (rate(http_request_duration_seconds_bucket{revision="{{.Revision}}"}[{{.Window}}])))`,
	P99:      `histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{revision="{{.Revision}}"}[{{.Window}}])))`,
	Buckets:  `sum by (le) (increase(http_request_duration_seconds_bucket{revision="{{.Revision}}"}[{{.Window}}]))`,
}

// Source queries one Prometheus server. It implements greenlight.Metrics.
type Source struct {
	URL     string // such as http://prometheus.monitoring:9090
	Queries Queries
	Client  *http.Client
}

var _ greenlight.HistogramMetrics = (*Source)(nil)

// New returns a source for the Prometheus at url with DefaultQueries.
func New(url string) *Source {
	return &Source{URL: strings.TrimRight(url, "/"), Queries: DefaultQueries, Client: &http.Client{Timeout: 10 * time.Second}}
}

// Sample implements greenlight.Metrics. No data (a series that does not exist yet, a window
// shorter than two scrapes) is a zero sample, on which the judge waits; a failing Prometheus is
// an error, which the engine treats the same way until the plan's MaxWait.
func (s *Source) Sample(ctx context.Context, rev greenlight.Revision, since time.Time) (analysis.Sample, error) {
	vars := windowVars(rev, since)
	q := func(tpl string) (float64, error) {
		if tpl == "" {
			return 0, nil
		}
		expr, err := render(tpl, vars)
		if err != nil {
			return 0, err
		}
		return s.Scalar(ctx, expr, time.Now())
	}
	var out analysis.Sample
	req, err := q(s.Queries.Requests)
	if err != nil {
		return out, err
	}
	errs, err := q(s.Queries.Errors)
	if err != nil {
		return out, err
	}
	p50, err := q(s.Queries.P50)
	if err != nil {
		return out, err
	}
	p99, err := q(s.Queries.P99)
	if err != nil {
		return out, err
	}
	out.Requests, out.Errors = int64(math.Round(req)), int64(math.Round(errs))
	out.P50, out.P99 = seconds(p50), seconds(p99)
	return out, nil
}

func windowVars(rev greenlight.Revision, since time.Time) struct{ Revision, Window string } {
	window := time.Since(since).Round(time.Second)
	if window < time.Second {
		window = time.Second
	}
	return struct{ Revision, Window string }{rev.ID, fmt.Sprintf("%ds", int(window.Seconds()))}
}

// Histogram implements greenlight.HistogramMetrics with the Buckets query. No data is an empty
// histogram (no bounds), on which the latency test waits.
func (s *Source) Histogram(ctx context.Context, rev greenlight.Revision, since time.Time) (analysis.Histogram, error) {
	var h analysis.Histogram
	if s.Queries.Buckets == "" {
		return h, fmt.Errorf("no Buckets query: set Queries.Buckets for a latency test")
	}
	expr, err := render(s.Queries.Buckets, windowVars(rev, since))
	if err != nil {
		return h, err
	}
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

func render(tpl string, vars any) (string, error) {
	t, err := template.New("q").Parse(tpl)
	if err != nil {
		return "", fmt.Errorf("invalid query template %q: %w", tpl, err)
	}
	var b bytes.Buffer
	if err := t.Execute(&b, vars); err != nil {
		return "", err
	}
	return b.String(), nil
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
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.URL+path, strings.NewReader(params.Encode()))
	if err != nil {
		return qd, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	c := s.Client
	if c == nil {
		c = http.DefaultClient
	}
	resp, err := c.Do(req)
	if err != nil {
		return qd, fmt.Errorf("prometheus at %s unreachable: %w", s.URL, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	var ar apiResponse
	if err := json.Unmarshal(body, &ar); err != nil {
		return qd, fmt.Errorf("prometheus answered %d with no API response: %.200s", resp.StatusCode, body)
	}
	if ar.Status != "success" {
		return qd, fmt.Errorf("prometheus query %q failed: %s: %s", params.Get("query"), ar.ErrorType, ar.Error)
	}
	err = json.Unmarshal(ar.Data, &qd)
	return qd, err
}

// Scalar runs an instant query that must give one number (or nothing: 0).
func (s *Source) Scalar(ctx context.Context, expr string, at time.Time) (float64, error) {
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
