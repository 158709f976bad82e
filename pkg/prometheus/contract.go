package prometheus

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"regexp"
	"strings"
	"time"
)

// Contract says which series the canary reads, and by which labels. Every query selects the
// revision by RevisionLabel (the pods' label greenlight.dev/revision, relabelled at scrape:
// docs/analysis.md, "What the canary reads") and adds Selector.
type Contract struct {
	// Requests is a counter of the requests served, one series per status (and whatever
	// other labels), such as http_requests_total or, for a histogram, its _count series.
	Requests string
	// StatusLabel is the label of Requests that holds the HTTP status code, such as code.
	StatusLabel string
	// Errors is what counts as a failed request: a regular expression (RE2, anchored, as in a
	// PromQL =~ matcher) over StatusLabel's values, such as 5.. for every 5xx.
	Errors string
	// RevisionLabel is the label that names the revision (default revision).
	RevisionLabel string
	// Histogram is the latency histogram's name without _bucket, such as
	// http_request_duration_seconds, its le in seconds. Empty: latency is not judged.
	Histogram string
	// Selector adds label matchers to every query, such as job="api",namespace="prod".
	Selector string
}

// The presets: the three ways of instrumenting an HTTP service the canary reads as they are.
var (
	// PromHTTP is client_golang's promhttp middleware: InstrumentHandlerCounter on a counter
	// http_requests_total partitioned by code, InstrumentHandlerDuration on a histogram
	// http_request_duration_seconds.
	PromHTTP = Contract{Requests: "http_requests_total", StatusLabel: "code", Errors: "5..", RevisionLabel: "revision",
		Histogram: "http_request_duration_seconds"}
	// OpenTelemetry is the HTTP semantic conventions' http.server.request.duration histogram
	// (unit s) with the attribute http.response.status_code, as exported to Prometheus: the
	// name gets its unit suffix and dots become underscores, so the requests are its _count.
	OpenTelemetry = Contract{Requests: "http_server_request_duration_seconds_count", StatusLabel: "http_response_status_code",
		Errors: "5..", RevisionLabel: "revision", Histogram: "http_server_request_duration_seconds"}
	// Podinfo is podinfo's middleware and the many that copy it: http_requests_total and
	// http_request_duration_seconds labelled status, not code.
	Podinfo = Contract{Requests: "http_requests_total", StatusLabel: "status", Errors: "5..", RevisionLabel: "revision",
		Histogram: "http_request_duration_seconds"}
)

// Presets names the presets, as ConfigFromEnv and the CLI accept them.
var Presets = map[string]Contract{"promhttp": PromHTTP, "opentelemetry": OpenTelemetry, "podinfo": Podinfo}

// Auth is how the query API is reached: a bearer token, a user and password, or headers (such
// as Mimir's X-Scope-OrgID). None of it is ever logged or put in an error.
type Auth struct {
	BearerToken        string
	Username, Password string
	Header             http.Header
}

// Config is a metrics source: any Prometheus-compatible query API (Prometheus, Thanos, Mimir,
// VictoriaMetrics), the contract it is read with, and how it is reached.
type Config struct {
	// URL is the API's base, under which /api/v1/query is, such as
	// http://prometheus.monitoring:9090 or https://mimir.example/prometheus.
	URL string
	// Contract is what the canary reads (default PromHTTP).
	Contract Contract
	Auth     Auth
	// Timeout bounds every call to the API (default 10s).
	Timeout time.Duration
	// Lookback is how far back Preflight looks for the stable revision's series (default 10m).
	Lookback time.Duration
	// Client sends the requests (default a client of its own).
	Client *http.Client
	// Logger gets a line per preflight (default: discarded).
	Logger *slog.Logger
}

var (
	labelName  = regexp.MustCompile(`^[a-zA-Z_][a-zA-Z0-9_]*$`)
	metricName = regexp.MustCompile(`^[a-zA-Z_:][a-zA-Z0-9_:]*$`)
)

// Validate reports what is wrong with the configuration, naming the fix.
func (c Config) Validate() error {
	if c.URL == "" || !(strings.HasPrefix(c.URL, "http://") || strings.HasPrefix(c.URL, "https://")) {
		return fmt.Errorf("prometheus: URL %q: give the query API's http(s) base URL, such as http://prometheus.monitoring:9090", c.URL)
	}
	k := c.Contract
	switch {
	case !metricName.MatchString(k.Requests):
		return fmt.Errorf("prometheus: Contract.Requests %q is not a metric name; use a preset (prometheus.PromHTTP, OpenTelemetry, Podinfo) or name the requests counter", k.Requests)
	case !labelName.MatchString(k.StatusLabel):
		return fmt.Errorf("prometheus: Contract.StatusLabel %q is not a label name, such as code or status", k.StatusLabel)
	case !labelName.MatchString(k.RevisionLabel):
		return fmt.Errorf("prometheus: Contract.RevisionLabel %q is not a label name, such as revision", k.RevisionLabel)
	case k.Histogram != "" && !metricName.MatchString(k.Histogram):
		return fmt.Errorf("prometheus: Contract.Histogram %q is not a metric name; name the histogram without _bucket, or leave it empty", k.Histogram)
	case strings.HasSuffix(k.Histogram, "_bucket"):
		return fmt.Errorf("prometheus: Contract.Histogram %q: name the histogram without _bucket", k.Histogram)
	case strings.ContainsAny(k.Selector, "{}"):
		return fmt.Errorf("prometheus: Contract.Selector %q: give matchers without braces, such as job=\"api\"", k.Selector)
	}
	if k.Errors == "" {
		return errors.New("prometheus: Contract.Errors is empty: give the status values that are errors, such as 5.. for every 5xx")
	}
	if _, err := errorMatcher(k.Errors); err != nil {
		return fmt.Errorf("prometheus: Contract.Errors %q is not a regular expression: %v", k.Errors, err)
	}
	if c.Auth.BearerToken != "" && c.Auth.Username != "" {
		return errors.New("prometheus: Auth has both a bearer token and a user; give one")
	}
	if c.Timeout < 0 || c.Lookback < 0 {
		return errors.New("prometheus: Timeout and Lookback cannot be negative")
	}
	return nil
}

// errorMatcher compiles an Errors expression as PromQL's =~ does: anchored at both ends.
func errorMatcher(expr string) (*regexp.Regexp, error) { return regexp.Compile("^(?:" + expr + ")$") }

func (c Config) withDefaults() Config {
	c.URL = strings.TrimRight(c.URL, "/")
	if c.Contract == (Contract{}) {
		c.Contract = PromHTTP
	}
	if c.Contract.RevisionLabel == "" {
		c.Contract.RevisionLabel = "revision"
	}
	if c.Timeout == 0 {
		c.Timeout = 10 * time.Second
	}
	if c.Lookback == 0 {
		c.Lookback = 10 * time.Minute
	}
	if c.Client == nil {
		c.Client = &http.Client{}
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return c
}

// ConfigFromEnv reads a Config from the environment: PROMETHEUS_URL; PROMETHEUS_CONTRACT, a
// preset's name (promhttp, the default; opentelemetry; podinfo); PROMETHEUS_SELECTOR;
// PROMETHEUS_TOKEN, or PROMETHEUS_USERNAME and PROMETHEUS_PASSWORD.
func ConfigFromEnv() (Config, error) { return ConfigFrom(os.Getenv) }

// ConfigFrom reads a Config as ConfigFromEnv does, with getenv in place of the environment.
func ConfigFrom(getenv func(string) string) (Config, error) {
	c := Config{URL: getenv("PROMETHEUS_URL"), Contract: PromHTTP}
	if c.URL == "" {
		return c, errors.New("PROMETHEUS_URL is not set: the canary compares the versions' metrics there; set it to the query API's URL")
	}
	if name := getenv("PROMETHEUS_CONTRACT"); name != "" {
		k, ok := Presets[strings.ToLower(name)]
		if !ok {
			return c, fmt.Errorf("PROMETHEUS_CONTRACT %q: use promhttp, opentelemetry or podinfo", name)
		}
		c.Contract = k
	}
	c.Contract.Selector = getenv("PROMETHEUS_SELECTOR")
	c.Auth = Auth{BearerToken: getenv("PROMETHEUS_TOKEN"), Username: getenv("PROMETHEUS_USERNAME"), Password: getenv("PROMETHEUS_PASSWORD")}
	return c, c.Validate()
}
