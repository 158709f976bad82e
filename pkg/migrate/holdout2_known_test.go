package migrate_test

import (
	"strings"
	"testing"
)

// TestHoldout2KnownBreakInGeneral: the second holdout's workload (testdata/holdout2) found the
// statements of knownSafeContract2 safe, but each breaks an ordinary statement of the serving
// version the workload does not make, shown here on PostgreSQL 15: the statement works before
// and fails after. So the classifier's contract is right for them in general; the holdout's
// answer is right only for its workload. prepare runs in the serving version's session before
// the migration and stays (drivers such as pgx, JDBC and Prisma's engine prepare statements
// once per session); probeBreaks runs each.
func TestHoldout2KnownBreakInGeneral(t *testing.T) {
	probes := map[string]struct{ prepare, probe string }{
		// A driver that binds strings as text (JDBC's setString) writes the column it knows as text.
		"text column to enum by rename, add, backfill, set not null, drop": {
			prepare: `PREPARE add_input(text) AS INSERT INTO "EventTypeCustomInput" ("eventTypeId", "label", "type", "required") VALUES (1, 'Phone', $1, false)`,
			probe:   `EXECUTE add_input('text')`},
		// The session's prepared statement names the old enum type, which the migration drops.
		"Prisma AlterEnum: swap the type for one with the same values": {
			prepare: `PREPARE join_team("MembershipRole") AS INSERT INTO "Membership" ("teamId", "userId", "role") VALUES (2, 150, $1)`,
			probe:   `EXECUTE join_team('MEMBER')`},
		// Two teams with one slug: the serving version never checked.
		"unique index on team slug": {probe: `INSERT INTO "Team" ("name", "slug") VALUES ('Other', 'team-1')`},
		// Deleting a booking with a payment was refused (RESTRICT, 23503), as the serving version
		// relies on; CASCADE deletes it and its payments.
		"re-add payment foreign key ON DELETE CASCADE": {probe: `DO $$ BEGIN DELETE FROM "Booking" WHERE "id" = (SELECT min("bookingId") FROM "Payment"); RAISE EXCEPTION 'a booking with payments deleted'; EXCEPTION WHEN foreign_key_violation THEN NULL; END $$`},
		// Deleting a team deleted its memberships (ON DELETE CASCADE); RESTRICT refuses it.
		"re-add membership foreign keys ON DELETE RESTRICT": {probe: `DELETE FROM "Team" WHERE "id" = 1`},
		// Deleting a user deleted its memberships; without the key they stay, orphaned.
		"drop a foreign key": {probe: `DELETE FROM "users" WHERE "id" = 5;
DO $$ BEGIN IF EXISTS (SELECT 1 FROM "Membership" WHERE "userId" = 5) THEN RAISE EXCEPTION 'memberships of a deleted user remain'; END IF; END $$`},
		// Deleting a user cleared its event types' owner (ON DELETE SET NULL); without the key it stays.
		"drop the event type owner foreign key": {probe: `DELETE FROM "users" WHERE "id" = 7;
DO $$ BEGIN IF EXISTS (SELECT 1 FROM "EventType" WHERE "userId" = 7) THEN RAISE EXCEPTION 'event types still name a deleted user'; END IF; END $$`},
		// The serving version writes a team id it does not check.
		"add an unnamed foreign key to Team": {probe: `INSERT INTO "EventType" ("title", "slug", "length", "teamId") VALUES ('Sync', 'sync', 15, 999)`},
		// ON CONFLICT on the three columns needs a unique index over every row (SQLSTATE 42P10).
		"replace a unique constraint with a partial unique index": {probe: `INSERT INTO lsif_uploads (commit, repository_id, indexer) VALUES ('c0ffee', 1, 'lsif-go') ON CONFLICT (repository_id, commit, root) DO NOTHING`},
		// Renaming the primary key's index renames the constraint, which ON CONFLICT ON
		// CONSTRAINT names (42704).
		"rename a primary key index IF EXISTS": {probe: `INSERT INTO "VerificationRequest" ("id", "identifier", "token", "expires", "updatedAt") SELECT "id", "identifier", "token", "expires", "updatedAt" FROM "VerificationRequest" ORDER BY "id" LIMIT 1 ON CONFLICT ON CONSTRAINT "VerificationRequest_pkey" DO UPDATE SET "token" = EXCLUDED."token"`},
		// Deleting an upload now deletes the repository's external service rows too.
		"trigger deleting rows of another table": {probe: `DELETE FROM lsif_uploads WHERE id = 30;
DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM external_service_repos WHERE repo_id = 31) THEN RAISE EXCEPTION 'external service rows deleted with an upload'; END IF; END $$`},
	}
	cases := map[string]holdoutCase{}
	for _, c := range holdout2 {
		cases[c.name] = c
	}
	for _, name := range knownSafeContract2 {
		p, ok := probes[name]
		c, ok2 := cases[name]
		if !ok || !ok2 {
			t.Errorf("%q: no probe or no holdout case", name)
			continue
		}
		t.Run(strings.ReplaceAll(name, " ", "_"), func(t *testing.T) {
			probeBreaks(t, "holdout2", c, p.prepare, p.probe)
		})
	}
}
