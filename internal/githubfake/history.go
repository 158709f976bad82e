package githubfake

import (
	"fmt"
	"time"
)

// HistoryFrom and HistoryTo bound the window of the recorded history (three weeks, Monday
// 2 Nov 2026 to Monday 23 Nov 2026, UTC) that WithHistory records.
var (
	HistoryFrom = time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)
	HistoryTo   = time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
)

// HistoryCommit is the n-th commit of the recorded history (0 to 8).
func HistoryCommit(n int) string { return fmt.Sprintf("%02dd0a0%034x", n, n) }

// WithHistory starts a fake holding a recorded deployment history of acme/app whose DORA
// figures were computed by hand (docs/governance.md and pkg/github's dora_test.go give them):
//
//	production, 2–23 Nov 2026 (commit time → created → statuses):
//	 D0 c0 Oct 29 09:00 → Oct 30 10:00, success 10:30          before the window
//	 D1 c1 Nov 2 09:00  → Nov 2 10:00, success 10:30           lead 1h30m
//	 D2 c2 Nov 3 08:00  → Nov 4 12:00, success 14:00           lead 30h, rolled back by D3
//	 D3 rollback to c1  → Nov 4 15:00, success 15:10           restores D2 in 1h10m
//	 D4 c3 Nov 5 09:00  → Nov 9 09:00, failure 09:45           canary failed, restored in 45m
//	 D5 c4 Nov 9 11:00  → Nov 10 10:00, success 10:20          lead 23h20m
//	 D6 c5 Nov 11 16:00 → Nov 12 09:00, error 09:05            cancelled: not a change
//	 D7 c5              → Nov 12 10:00, success 11:00          lead 19h
//	 D8 c6 Nov 16 08:00 → Nov 16 09:00, success 09:30          lead 1h30m
//	 D9 c7 Nov 17 12:00 → Nov 18 12:00, success 12:40          lead 24h40m, rolled back by D10
//	 D10 rollback to c6 → Nov 18 14:00, success 14:40          restores D9 in 2h
//	 D11 c8 Nov 23 09:00 → Nov 24 10:00, success 10:30         after the window
//	staging: S1 c1 → Nov 2 09:30, success 09:40 (lead 40m); S2 c2 → Nov 3 09:00, success 09:30 (lead 1h30m)
//
// Every deployment has an in_progress status when created.
func WithHistory() *Server {
	commits := make([]string, 9)
	for i := range commits {
		commits[i] = HistoryCommit(i)
	}
	s := New(commits...)
	at := func(month time.Month, day, h, m int) time.Time {
		return time.Date(2026, month, day, h, m, 0, 0, time.UTC)
	}
	nov := func(day, h, m int) time.Time { return at(time.November, day, h, m) }
	times := []time.Time{at(time.October, 29, 9, 0), nov(2, 9, 0), nov(3, 8, 0), nov(5, 9, 0), nov(9, 11, 0), nov(11, 16, 0), nov(16, 8, 0), nov(17, 12, 0), nov(23, 9, 0)}
	for i, t := range times {
		s.SetCommitInfo(commits[i], CommitInfo{Author: "dev", Message: fmt.Sprintf("change %d", i), Time: t})
	}
	rec := func(env string, c int, created time.Time, final string, finalAt time.Time, rollback bool) {
		strategy := "canary"
		if rollback {
			strategy = "rollback"
		}
		s.Record(HistoryDeployment{Env: env, SHA: commits[c], Created: created, Production: env == "production",
			Payload:  map[string]any{"digest": fmt.Sprintf("sha256:%064x", c), "strategy": strategy},
			Statuses: []HistoryStatus{{"in_progress", created}, {final, finalAt}}})
	}
	rec("production", 0, at(time.October, 30, 10, 0), "success", at(time.October, 30, 10, 30), false)
	rec("staging", 1, nov(2, 9, 30), "success", nov(2, 9, 40), false)
	rec("production", 1, nov(2, 10, 0), "success", nov(2, 10, 30), false)
	rec("staging", 2, nov(3, 9, 0), "success", nov(3, 9, 30), false)
	rec("production", 2, nov(4, 12, 0), "success", nov(4, 14, 0), false)
	rec("production", 1, nov(4, 15, 0), "success", nov(4, 15, 10), true)
	rec("production", 3, nov(9, 9, 0), "failure", nov(9, 9, 45), false)
	rec("production", 4, nov(10, 10, 0), "success", nov(10, 10, 20), false)
	rec("production", 5, nov(12, 9, 0), "error", nov(12, 9, 5), false)
	rec("production", 5, nov(12, 10, 0), "success", nov(12, 11, 0), false)
	rec("production", 6, nov(16, 9, 0), "success", nov(16, 9, 30), false)
	rec("production", 7, nov(18, 12, 0), "success", nov(18, 12, 40), false)
	rec("production", 6, nov(18, 14, 0), "success", nov(18, 14, 40), true)
	rec("production", 8, nov(24, 10, 0), "success", nov(24, 10, 30), false)
	return s
}

// CasesFrom and CasesTo bound the window of WithDORACases: two weeks, Monday 7 Dec 2026 to
// Monday 21 Dec 2026, UTC.
var (
	CasesFrom = time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
	CasesTo   = time.Date(2026, 12, 21, 0, 0, 0, 0, time.UTC)
)

// CaseCommit is the n-th commit of WithDORACases (0 to 12).
func CaseCommit(n int) string { return fmt.Sprintf("%02dcafe%035x", n, n) }

// CaseDigest is the digest of the image built from CaseCommit(n).
func CaseDigest(n int) string { return fmt.Sprintf("sha256:%064x", 0xca5e00+n) }

// WithDORACases starts a fake holding a second recorded history of acme/app, built from the
// cases DORA's definitions must get right: rollbacks (one behind a cancelled run, one behind an
// aborted canary and an errored rollback), aborted canaries, errored and cancelled runs,
// redeploys of a served digest (by strategy, and by hand), a restore by redeploying an earlier
// digest, deployments that ship several commits, commits and deployments in other time zones
// (one concluding on a Sunday evening in New York, which is Monday in UTC), a deployment
// created before the window and concluded inside it, one concluded after it, and a staging
// environment that is not production. The production environment is called "live": only its
// production_environment flag says it is production. Its figures are computed by hand in
// pkg/github's dora_cases_test.go. Times (UTC unless said):
//
//	commits: k0 Nov 29 10:00; k1 Dec 6 12:00 -08:00 (20:00 UTC); k2 Dec 7 07:30 +09:00 (Dec 6
//	22:30 UTC); k3 Dec 7 12:00; k4 Dec 8 10:30; k5 Dec 9 12:00 -05:00 (17:00 UTC); k6 Dec 13
//	22:00 -05:00 (Dec 14 03:00 UTC); k7 Dec 15 08:00; k8 Dec 15 10:30; k9 Dec 16 09:00 +01:00
//	(08:00 UTC); k10 Dec 18 08:00; k11 Dec 18 14:00; k12 Dec 20 22:00
//
//	live (production_environment true), deployment: commit digest strategy, created → outcome
//	 E0  k0  canary      Nov 30 09:00 → success 09:30         ran when the window began
//	 E1  k2  canary      Dec 6 23:30 → success Dec 7 00:10    created before the window
//	 E2  k3  canary      Dec 8 09:00 → success 10:00
//	 E3  k4  canary      Dec 8 11:00 → error 11:05            cancelled
//	 E4  k2  rollback    Dec 8 11:30 → success 11:50
//	 E5  k4  canary      Dec 9 09:00 → failure 09:40          canary aborted
//	 E6  k5  canary      Dec 10 09:00 → success 09:30
//	 E7  k5  redeploy    Dec 11 09:00 → success 09:10         same digest as E6
//	 E8  k5  blue-green  Dec 11 10:00 → success 10:05         same digest as E6, by hand
//	 E9  k2  redeploy    Dec 11 14:00 → success 14:20         E1's digest: an earlier release
//	 E10 k6  canary      Dec 13 23:20 -05:00 → success 23:50 -05:00 (Dec 14 04:20 → 04:50 UTC)
//	 E11 k7  canary      Dec 15 09:00 → success 10:00
//	 E12 k8  canary      Dec 15 11:00 → failure 11:20         canary aborted
//	 E13 k6  rollback    Dec 15 12:00 → error 12:05           the rollback errored
//	 E14 k6  rollback    Dec 15 12:30 → success 12:45
//	 E15 k9  canary      Dec 16 10:00 → success 11:00
//	 E16 k10 canary      Dec 18 09:00 → success 09:30
//	 E17 k11 canary      Dec 18 15:00 → success 15:20
//	 E18 k12 canary      Dec 20 23:00 → success Dec 21 00:30  concluded after the window
//	staging (not production): S1 k2 Dec 7 08:00 → success 08:10; S2 k5 Dec 9 18:00 → success 18:10
//
// Every deployment has an in_progress status when created.
func WithDORACases() *Server {
	commits := make([]string, 13)
	for i := range commits {
		commits[i] = CaseCommit(i)
	}
	s := New(commits...)
	utc := func(month time.Month, day, h, m int) time.Time {
		return time.Date(2026, month, day, h, m, 0, 0, time.UTC)
	}
	zone := func(name string, hours int) *time.Location { return time.FixedZone(name, hours*3600) }
	pst, jst, est, cet := zone("PST", -8), zone("JST", 9), zone("EST", -5), zone("CET", 1)
	dec := func(day, h, m int) time.Time { return utc(time.December, day, h, m) }
	in := func(loc *time.Location, day, h, m int) time.Time {
		return time.Date(2026, time.December, day, h, m, 0, 0, loc)
	}
	times := []time.Time{utc(time.November, 29, 10, 0), in(pst, 6, 12, 0), in(jst, 7, 7, 30), dec(7, 12, 0), dec(8, 10, 30),
		in(est, 9, 12, 0), in(est, 13, 22, 0), dec(15, 8, 0), dec(15, 10, 30), in(cet, 16, 9, 0), dec(18, 8, 0), dec(18, 14, 0), dec(20, 22, 0)}
	for i, t := range times {
		s.SetCommitInfo(commits[i], CommitInfo{Author: "dev", Message: fmt.Sprintf("case %d", i), Time: t})
	}
	rec := func(env string, c int, strategy string, created time.Time, final string, finalAt time.Time) {
		s.Record(HistoryDeployment{Env: env, SHA: commits[c], Created: created, Production: env == "live",
			Payload:  map[string]any{"digest": CaseDigest(c), "strategy": strategy},
			Statuses: []HistoryStatus{{"in_progress", created}, {final, finalAt}}})
	}
	rec("live", 0, "canary", utc(time.November, 30, 9, 0), "success", utc(time.November, 30, 9, 30))
	rec("live", 2, "canary", dec(6, 23, 30), "success", dec(7, 0, 10))
	rec("staging", 2, "canary", dec(7, 8, 0), "success", dec(7, 8, 10))
	rec("live", 3, "canary", dec(8, 9, 0), "success", dec(8, 10, 0))
	rec("live", 4, "canary", dec(8, 11, 0), "error", dec(8, 11, 5))
	rec("live", 2, "rollback", dec(8, 11, 30), "success", dec(8, 11, 50))
	rec("live", 4, "canary", dec(9, 9, 0), "failure", dec(9, 9, 40))
	rec("staging", 5, "canary", dec(9, 18, 0), "success", dec(9, 18, 10))
	rec("live", 5, "canary", dec(10, 9, 0), "success", dec(10, 9, 30))
	rec("live", 5, "redeploy", dec(11, 9, 0), "success", dec(11, 9, 10))
	rec("live", 5, "blue-green", dec(11, 10, 0), "success", dec(11, 10, 5))
	rec("live", 2, "redeploy", dec(11, 14, 0), "success", dec(11, 14, 20))
	rec("live", 6, "canary", in(est, 13, 23, 20), "success", in(est, 13, 23, 50))
	rec("live", 7, "canary", dec(15, 9, 0), "success", dec(15, 10, 0))
	rec("live", 8, "canary", dec(15, 11, 0), "failure", dec(15, 11, 20))
	rec("live", 6, "rollback", dec(15, 12, 0), "error", dec(15, 12, 5))
	rec("live", 6, "rollback", dec(15, 12, 30), "success", dec(15, 12, 45))
	rec("live", 9, "canary", dec(16, 10, 0), "success", dec(16, 11, 0))
	rec("live", 10, "canary", dec(18, 9, 0), "success", dec(18, 9, 30))
	rec("live", 11, "canary", dec(18, 15, 0), "success", dec(18, 15, 20))
	rec("live", 12, "canary", dec(20, 23, 0), "success", dec(21, 0, 30))
	return s
}
