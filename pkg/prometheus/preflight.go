package prometheus

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/greenlight"
)

// Preflight implements greenlight.Metrics: before a canary moves any traffic, it checks the
// contract against the live API for the stable revision over the last Lookback:
//   - the Requests series exist for stable (else: is the metric there at all, under another
//     preset's name, without the revision label, or for other revisions?);
//   - they carry StatusLabel, and Errors can match its values (an error query that can never
//     match is a configuration error, not "0 errors");
//   - the Histogram's _bucket series exist for stable, with le="+Inf", when latency is judged.
//
// The error is one line: the query, what came back, and the fix.
func (s *Source) Preflight(ctx context.Context, stable greenlight.Revision) error {
	if s.invalid != nil {
		return s.invalid
	}
	k := s.cfg.Contract
	lb := fmt.Sprintf("%ds", int(s.cfg.Lookback.Seconds()))
	// Requests for stable, by status.
	q := fmt.Sprintf("count by (%s) (last_over_time(%s%s[%s]))", k.StatusLabel, k.Requests, s.matchers(stable.ID), lb)
	byStatus, err := s.groups(ctx, q, k.StatusLabel)
	if err != nil {
		return err
	}
	if len(byStatus) == 0 {
		return s.noStableSeries(ctx, stable, q, lb)
	}
	var values []string
	for v := range byStatus {
		if v != "" {
			values = append(values, v)
		}
	}
	sort.Strings(values)
	if len(values) == 0 {
		return fmt.Errorf("query %s returned series without the label %s: the status of %s for %s is not in %s; set Contract.StatusLabel to the label that holds the HTTP status (%s)",
			q, k.StatusLabel, k.Requests, stable.ID, k.StatusLabel, s.otherLabels(ctx, stable, lb))
	}
	if !s.canMatch(values) {
		return fmt.Errorf("query %s returned the %s values %s, which the error selector %s can never match; set Contract.Errors to a regular expression over HTTP status codes, such as 5.. for every 5xx",
			q, k.StatusLabel, strings.Join(values, ", "), s.errorMatcher())
	}
	if k.Histogram != "" {
		hq := fmt.Sprintf("count by (le) (last_over_time(%s_bucket%s[%s]))", k.Histogram, s.matchers(stable.ID), lb)
		les, err := s.groups(ctx, hq, "le")
		if err != nil {
			return err
		}
		if len(les) == 0 {
			return fmt.Errorf("query %s returned nothing: no latency histogram %s for %s; set Contract.Histogram to the histogram's name without _bucket, or to \"\" to judge errors only",
				hq, k.Histogram, stable.ID)
		}
		if _, ok := les["+Inf"]; !ok {
			return fmt.Errorf("query %s returned no le=\"+Inf\" bucket: %s is not a Prometheus histogram; set Contract.Histogram to one, or to \"\"", hq, k.Histogram)
		}
	}
	s.cfg.Logger.Info("metrics contract holds", "stable", stable.ID, "requests", k.Requests, "status_label", k.StatusLabel,
		"status_values", strings.Join(values, ","), "histogram", k.Histogram)
	return nil
}

// canMatch reports whether the error selector can match a status: one of values, or, when the
// values are HTTP status codes, a 5xx code.
func (s *Source) canMatch(values []string) bool {
	codes := true
	for _, v := range values {
		if s.errs.MatchString(v) {
			return true
		}
		n, err := strconv.Atoi(v)
		codes = codes && err == nil && n >= 100 && n <= 599
	}
	if !codes {
		return false
	}
	for c := 500; c <= 599; c++ {
		if s.errs.MatchString(strconv.Itoa(c)) {
			return true
		}
	}
	return false
}

// noStableSeries explains why q, the stable revision's requests, returned nothing.
func (s *Source) noStableSeries(ctx context.Context, stable greenlight.Revision, q, lb string) error {
	k := s.cfg.Contract
	rq := fmt.Sprintf("count by (%s) (last_over_time(%s%s[%s]))", k.RevisionLabel, k.Requests, s.matchers(""), lb)
	revs, err := s.groups(ctx, rq, k.RevisionLabel)
	if err != nil {
		return err
	}
	if len(revs) == 0 {
		fix := fmt.Sprintf("the service exports no %s (or Contract.Selector %q matches none): set the contract of its instrumentation", k.Requests, k.Selector)
		for _, name := range presetNames() {
			p := Presets[name]
			if p.Requests == k.Requests {
				continue
			}
			n, err := s.groups(ctx, fmt.Sprintf("count(last_over_time(%s%s[%s]))", p.Requests, s.matchers(""), lb), "")
			if err == nil && len(n) > 0 {
				fix = fmt.Sprintf("the service exports %s, not %s: use the %s contract (prometheus.Presets[%q])", p.Requests, k.Requests, name, name)
				break
			}
		}
		return fmt.Errorf("query %s returned nothing in the last %s: %s", rq, s.cfg.Lookback, fix)
	}
	var seen []string
	for r := range revs {
		if r != "" {
			seen = append(seen, strconv.Quote(r))
		}
	}
	sort.Strings(seen)
	if len(seen) == 0 {
		return fmt.Errorf("query %s returned series without the label %s: relabel the pods' label greenlight.dev/revision to %s at scrape (docs/analysis.md, \"What the canary reads\")",
			rq, k.RevisionLabel, k.RevisionLabel)
	}
	return fmt.Errorf("query %s returned nothing, and %s is on %s for %s only: is %s running and scraped? Its pods must carry greenlight.dev/revision=%s, relabelled to %s",
		q, k.RevisionLabel, k.Requests, strings.Join(seen, ", "), stable.ID, stable.ID, k.RevisionLabel)
}

// otherLabels names the labels of the stable revision's request series, for a fix.
func (s *Source) otherLabels(ctx context.Context, stable greenlight.Revision, lb string) string {
	q := fmt.Sprintf("topk(5, last_over_time(%s%s[%s]))", s.cfg.Contract.Requests, s.matchers(stable.ID), lb)
	qd, err := s.api(ctx, "/api/v1/query", url.Values{"query": {q}, "time": {ts(time.Now())}})
	if err != nil {
		return "its series' labels could not be read: " + err.Error()
	}
	set := map[string]bool{}
	for _, raw := range qd.Result {
		var se series
		if json.Unmarshal(raw, &se) == nil {
			for l := range se.Metric {
				if l != s.cfg.Contract.RevisionLabel && l != "__name__" && l != "job" && l != "instance" {
					set[l] = true
				}
			}
		}
	}
	var ls []string
	for l := range set {
		ls = append(ls, l)
	}
	sort.Strings(ls)
	hint := "its labels are " + strings.Join(ls, ", ")
	for _, name := range presetNames() {
		if p := Presets[name]; set[p.StatusLabel] {
			hint += fmt.Sprintf("; %s holds it in the %s contract", p.StatusLabel, name)
			break
		}
	}
	return hint
}

// groups runs an instant query and returns its series by the value of label ("" when a series
// lacks it), each with its value.
func (s *Source) groups(ctx context.Context, q, label string) (map[string]float64, error) {
	qd, err := s.api(ctx, "/api/v1/query", url.Values{"query": {q}, "time": {ts(time.Now())}})
	if err != nil {
		return nil, err
	}
	out := map[string]float64{}
	for _, raw := range qd.Result {
		var se series
		if err := json.Unmarshal(raw, &se); err != nil {
			return nil, err
		}
		v, _ := value(se.Value)
		out[se.Metric[label]] += v
	}
	return out, nil
}

// presetNames are the presets' names in order, so that a fix names the same one every time.
func presetNames() []string {
	var ns []string
	for n := range Presets {
		ns = append(ns, n)
	}
	sort.Strings(ns)
	return ns
}
