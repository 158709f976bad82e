package analysis

import (
	"context"
	"fmt"
	"github.com/greenlight-cd/greenlight/internal/durfmt"
	"math"
	"time"
)

// Compare is the fixed-sample judge of earlier versions: the canary fails if its error rate is
// higher than stable's by more than MaxErrorRateIncrease with statistical confidence, or its p99
// latency is worse than stable's by more than MaxLatencyRatio. It waits until both revisions
// served MinRequests.
type Compare struct {
	// MinRequests each revision must serve in the window before any verdict (default 100).
	MinRequests int64
	// MaxErrorRateIncrease is the tolerated absolute increase of the error rate (default 0.01 = 1 point).
	MaxErrorRateIncrease float64
	// MaxLatencyRatio is the tolerated canary p99 / stable p99 (default 1.5); LatencySlack is added to
	// stable's p99 before comparing, so that sub-millisecond noise never fails a canary (default 25ms).
	MaxLatencyRatio float64
	LatencySlack    time.Duration
}

func (c Compare) withDefaults() Compare {
	if c.MinRequests <= 0 {
		c.MinRequests = 100
	}
	if c.MaxErrorRateIncrease <= 0 {
		c.MaxErrorRateIncrease = 0.01
	}
	if c.MaxLatencyRatio <= 0 {
		c.MaxLatencyRatio = 1.5
	}
	if c.LatencySlack <= 0 {
		c.LatencySlack = 25 * time.Millisecond
	}
	return c
}

// Judge implements Judge.
func (c Compare) Judge(_ context.Context, in Input) Verdict {
	c = c.withDefaults()
	v := Verdict{Env: in.Env, Weight: in.Weight, Stable: in.Stable, Canary: in.Canary}
	s, k := in.Stable, in.Canary
	// A canary whose errors alone already exceed the budget at MinRequests, even if every request
	// after them succeeds, cannot recover: fail as soon as that is certain.
	if k.Requests < c.MinRequests || s.Requests < c.MinRequests {
		if k.Errors >= 10 && float64(k.Errors)/float64(c.MinRequests) > s.ErrorRate()+c.MaxErrorRateIncrease {
			v.Outcome, v.Reason = Fail, fmt.Sprintf("canary failed %d of its first %d requests (stable %.2f%%)", k.Errors, k.Requests, 100*s.ErrorRate())
			return v
		}
		v.Outcome = Wait
		v.Reason = fmt.Sprintf("waiting for %d requests per version (stable %d, canary %d)", c.MinRequests, s.Requests, k.Requests)
		return v
	}
	diff := k.ErrorRate() - s.ErrorRate()
	if diff > c.MaxErrorRateIncrease && significant(s, k) {
		v.Outcome = Fail
		v.Reason = fmt.Sprintf("error rate %.2f%% on canary vs %.2f%% on stable (+%.2f points, limit +%.2f)",
			100*k.ErrorRate(), 100*s.ErrorRate(), 100*diff, 100*c.MaxErrorRateIncrease)
		return v
	}
	limit := time.Duration(float64(s.P99+c.LatencySlack) * c.MaxLatencyRatio)
	if k.P99 > limit {
		v.Outcome = Fail
		v.Reason = fmt.Sprintf("p99 latency %s on canary vs %s on stable (limit %s)", durfmt.Round(k.P99), durfmt.Round(s.P99), durfmt.Round(limit))
		return v
	}
	v.Outcome = Pass
	v.Reason = fmt.Sprintf("error rate %.2f%% vs %.2f%%, p99 %s vs %s on %d/%d requests",
		100*k.ErrorRate(), 100*s.ErrorRate(), durfmt.Round(k.P99), durfmt.Round(s.P99), k.Requests, s.Requests)
	return v
}

// significant is a one-sided two-proportion z-test at 99 % confidence that the canary's error
// rate is higher than stable's.
func significant(s, k Sample) bool {
	n1, n2 := float64(s.Requests), float64(k.Requests)
	p := float64(s.Errors+k.Errors) / (n1 + n2)
	se := math.Sqrt(p * (1 - p) * (1/n1 + 1/n2))
	if se == 0 {
		return k.Errors > s.Errors
	}
	return (k.ErrorRate()-s.ErrorRate())/se > 2.33
}
