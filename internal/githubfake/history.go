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
