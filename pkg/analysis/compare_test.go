package analysis

import (
	"context"
	"testing"
	"time"
)

func TestCompare(t *testing.T) {
	ms := time.Millisecond
	for _, tc := range []struct {
		name           string
		stable, canary Sample
		want           Outcome
	}{
		{"no data waits", Sample{}, Sample{}, Wait},
		{"too little canary data waits", Sample{Requests: 1000}, Sample{Requests: 50}, Wait},
		{"healthy passes", Sample{Requests: 1000, Errors: 5, P99: 10 * ms}, Sample{Requests: 200, Errors: 1, P99: 12 * ms}, Pass},
		{"errors fail", Sample{Requests: 1000, Errors: 5}, Sample{Requests: 200, Errors: 40}, Fail},
		{"small noise passes", Sample{Requests: 1000, Errors: 10}, Sample{Requests: 100, Errors: 2}, Pass},
		{"hopeless early canary fails before min sample", Sample{Requests: 300}, Sample{Requests: 40, Errors: 12}, Fail},
		{"slow canary fails", Sample{Requests: 1000, P99: 20 * ms}, Sample{Requests: 200, P99: 200 * ms}, Fail},
		{"sub-ms jitter passes", Sample{Requests: 1000, P99: 300 * time.Microsecond}, Sample{Requests: 200, P99: 900 * time.Microsecond}, Pass},
	} {
		v := Compare{}.Judge(context.Background(), Input{Stable: tc.stable, Canary: tc.canary})
		if v.Outcome != tc.want {
			t.Errorf("%s: got %s (%s), want %s", tc.name, v.Outcome, v.Reason, tc.want)
		}
		if v.Reason == "" {
			t.Errorf("%s: no reason given", tc.name)
		}
	}
}
