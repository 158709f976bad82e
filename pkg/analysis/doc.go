// Package analysis is Greenlight's canary analysis: the statistics that decide whether a new
// version of a service is worse than the one it replaces, from what each version served.
//
// A [Judge] compares a canary's figures ([Input]: a [Sample] per version, and a latency
// [Histogram] of each when the metrics source has them) with the baseline's and returns a
// [Verdict].
// [Sequential] is the default judge, an anytime-valid sequential test with one false-alarm
// budget per release; [Compare] is the fixed-sample judge of earlier versions. An [Analysis]
// applies a [Plan] (how long a step runs, the least evidence, what low traffic leads to) to one
// release, look by look, with no clock of its own: the engine of pkg/greenlight feeds it live
// figures, `greenlight analyze --replay` recorded ones and bench/judgebench simulated ones. A
// [BakeWatch] is the test of a bake: a promoted version against the recorded figures of the one
// before it.
//
// This package is a leaf: it imports only the standard library (and internal/durfmt, which does too). Where the figures come from (a
// target's router, Prometheus) is the business of pkg/greenlight's Metrics and its providers.
package analysis
