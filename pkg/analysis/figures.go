package analysis

import (
	"fmt"
	"strings"

	"github.com/greenlight-cd/greenlight/internal/durfmt"
)

// Against is the evidence against its thresholds, in one line for the people watching: "harm
// (errors) 0.42 of 100; latency 1.3 of 100; not worse 12 of 100". Empty for nil.
func (e *Evidence) Against() string {
	if e == nil {
		return ""
	}
	parts := []string{fmt.Sprintf("evidence of more errors %s of %s", num(e.ErrorE), num(e.ErrorThreshold))}
	if e.LatencyLimit > 0 {
		parts = append(parts, fmt.Sprintf("of slower requests %s of %s", num(e.LatencyE), num(e.LatencyLimit)))
	}
	if e.ErrorPassE > 0 {
		parts = append(parts, fmt.Sprintf("of not worse by %gx %s of %s", e.Margin, num(e.ErrorPassE), num(e.ErrorThreshold)))
	}
	return strings.Join(parts, "; ")
}

// Waiting says, while a step or a bake waits for traffic, how much more it needs and how long
// that takes at the current rate: "waiting for traffic: about 553 more canary requests, about
// 18m24s at the current rate". Empty when nothing is awaited.
func (e *Evidence) Waiting() string {
	if e == nil || (e.NeedRequests <= 0 && e.NeedTime <= 0) {
		return ""
	}
	s := fmt.Sprintf("waiting for traffic: about %d more canary request(s)", e.NeedRequests)
	if e.NeedTime > 0 {
		s += fmt.Sprintf(", about %s at the current rate", durfmt.Round(e.NeedTime))
	} else {
		s += " (no rate measured yet)"
	}
	return s
}
