package migrate_test

import (
	"testing"
)

// The second holdout set (issue 25 §1's goal): statements from two projects neither the
// classifier's authors nor the first holdout (holdout_test.go) used, on a schema of their own
// (testdata/holdout2), measured on PostgreSQL 15 by the first holdout's harness (holdMeasure):
// the serving version's workload before and after each statement in a fresh database, rewrites
// by relfilenode, long locks by the lock held and a scan or rewrite of the table. The
// expectations written here were checked against that measurement.
//
// Sources: Cal.com's Prisma migrations, packages/prisma/migrations/<name>/migration.sql in
// github.com/calcom/cal.com ("cal.com <name>"; one migration is often split into several
// cases, "(part)" says which); Sourcegraph's migrations,
// migrations/frontend/<name>.up.sql in github.com/sourcegraph/sourcegraph-public-snapshot
// ("sourcegraph <name>"; "sourcegraph migrations/<name>" for the older top-level folder).
// Names are adapted to this schema where the original's table is not in it ("adapted").
var holdout2 = []holdoutCase{
	// Cal.com: columns.
	{name: "add nullable timestamp(3)", source: "cal.com 20210615153759_add_email_verification_column (part)", table: `"users"`, stmt: `ALTER TABLE "users" ADD COLUMN     "emailVerified" TIMESTAMP(3)`},
	{name: "add NOT NULL boolean default false", source: "cal.com 20220105104913_add_away_field", table: `"users"`, stmt: `ALTER TABLE "users" ADD COLUMN     "away" BOOLEAN NOT NULL DEFAULT false`},
	{name: "add five period columns, one with E'' default", source: "cal.com 20210714151216_event_type_period_settings", table: `"EventType"`, stmt: `ALTER TABLE "EventType" ADD COLUMN     "periodCountCalendarDays" BOOLEAN,` + "\n" + `ADD COLUMN     "periodDays" INTEGER,` + "\n" + `ADD COLUMN     "periodEndDate" TIMESTAMP(3),` + "\n" + `ADD COLUMN     "periodStartDate" TIMESTAMP(3),` + "\n" + `ADD COLUMN     "periodType" TEXT DEFAULT E'unlimited'`},
	{name: "add two NOT NULL integers default 0", source: "cal.com 20220302035831_add_before_and_after_event_buffer", table: `"EventType"`, stmt: `ALTER TABLE "EventType" ADD COLUMN     "afterEventBuffer" INTEGER NOT NULL DEFAULT 0,` + "\n" + `ADD COLUMN     "beforeEventBuffer" INTEGER NOT NULL DEFAULT 0`},
	{name: "add position NOT NULL default 0", source: "cal.com 20211106121119_add_event_type_position", table: `"EventType"`, stmt: `ALTER TABLE "EventType" ADD COLUMN     "position" INTEGER NOT NULL DEFAULT 0`},
	{name: "add jsonb column", source: "cal.com 20220131170110_add_metadata_column_to_event_type", table: `"EventType"`, stmt: `ALTER TABLE "EventType" ADD COLUMN     "metadata" JSONB`},
	{name: "add two nullable booking columns", source: "cal.com 20220323033335_reschedule_fields_to_bookings_table", table: `"Booking"`, stmt: `ALTER TABLE "Booking" ADD COLUMN     "fromReschedule" TEXT,` + "\n" + `ADD COLUMN     "rescheduled" BOOLEAN`},
	{name: "add nullable boolean for soft delete", source: "cal.com 20220328185001_soft_delete_booking_references", table: `"BookingReference"`, stmt: `ALTER TABLE "BookingReference" ADD COLUMN     "deleted" BOOLEAN`},
	{name: "create enum only", source: "cal.com 20210904162403_add_booking_status_enum (part)", table: `"Booking"`, stmt: `CREATE TYPE "BookingStatus" AS ENUM ('cancelled', 'accepted', 'rejected', 'pending')`},
	{name: "create enum and add NOT NULL enum column with E'' default", source: "cal.com 20210904162403_add_booking_status_enum", table: `"Booking"`, stmt: `CREATE TYPE "BookingStatus" AS ENUM ('cancelled', 'accepted', 'rejected', 'pending');` + "\n" + `ALTER TABLE "Booking" ADD COLUMN     "status" "BookingStatus" NOT NULL DEFAULT E'accepted'`},
	{name: "create enum and add api key type column", source: "cal.com 20220426143510_add_api_key_type_to_api_key", table: `"ApiKey"`, stmt: `CREATE TYPE "ApiKeyType" AS ENUM ('OTHER', 'ZAPIER');` + "\n" + `ALTER TABLE "ApiKey" ADD COLUMN     "apiKeyType" "ApiKeyType" NOT NULL DEFAULT E'OTHER'`},
	{name: "set default E''", source: "cal.com 20220117193242_trial_users_by_default", table: `"users"`, stmt: `ALTER TABLE "users" ALTER COLUMN "plan" SET DEFAULT E'TRIAL'`},
	{name: "drop a column and add its successor", source: "cal.com 20220113145333_rename_column_sc_address_to_smart_contract_address", table: `"EventType"`, stmt: `ALTER TABLE "EventType" DROP COLUMN "scAddress",` + "\n" + `ADD COLUMN     "smartContractAddress" TEXT`, breaks: true},
	{name: "drop a column the serving version reads", source: "cal.com 20220113145333_rename_column_sc_address_to_smart_contract_address (part)", table: `"EventType"`, stmt: `ALTER TABLE "EventType" DROP COLUMN "scAddress"`, breaks: true},
	{name: "add the successor column only", source: "cal.com 20220113145333_rename_column_sc_address_to_smart_contract_address (part)", table: `"EventType"`, stmt: `ALTER TABLE "EventType" ADD COLUMN     "smartContractAddress" TEXT`},
	{name: "text column to enum by rename, add, backfill, set not null, drop", source: "cal.com 20210814175645_custom_inputs_type_enum", table: `"EventTypeCustomInput"`, stmt: `CREATE TYPE "EventTypeCustomInputType" AS ENUM ('text', 'textLong', 'number', 'bool');` + "\n" + `ALTER TABLE "EventTypeCustomInput" RENAME COLUMN "type" TO "type_old";` + "\n" + `ALTER TABLE "EventTypeCustomInput" ADD COLUMN "type" "EventTypeCustomInputType";` + "\n" + `UPDATE "EventTypeCustomInput" SET "type" = CAST( "type_old" AS "EventTypeCustomInputType" );` + "\n" + `ALTER TABLE "EventTypeCustomInput" ALTER COLUMN "type" SET NOT NULL;` + "\n" + `ALTER TABLE "EventTypeCustomInput" DROP COLUMN "type_old"`, long: true},
	{name: "rename a column to type_old", source: "cal.com 20210814175645_custom_inputs_type_enum (part)", table: `"EventTypeCustomInput"`, stmt: `ALTER TABLE "EventTypeCustomInput" RENAME COLUMN "type" TO "type_old"`, breaks: true},
	{name: "set not null on a column already NOT NULL", source: "cal.com 20210814175645_custom_inputs_type_enum (part, adapted)", table: `"EventTypeCustomInput"`, stmt: `ALTER TABLE "EventTypeCustomInput" ALTER COLUMN "type" SET NOT NULL`},

	// Cal.com: enums.
	{name: "add enum value", source: "cal.com 20211209201138_membership_admin_role", table: `"Membership"`, stmt: `ALTER TYPE "MembershipRole" ADD VALUE 'ADMIN'`},
	{name: "Prisma AlterEnum: swap the type for one with the same values", source: "cal.com (Prisma migrate's AlterEnum, adapted to MembershipRole)", table: `"Membership"`, stmt: `CREATE TYPE "MembershipRole_new" AS ENUM ('MEMBER', 'OWNER', 'ADMIN');` + "\n" + `ALTER TABLE "Membership" ALTER COLUMN "role" TYPE "MembershipRole_new" USING ("role"::text::"MembershipRole_new");` + "\n" + `ALTER TYPE "MembershipRole" RENAME TO "MembershipRole_old";` + "\n" + `ALTER TYPE "MembershipRole_new" RENAME TO "MembershipRole";` + "\n" + `DROP TYPE "MembershipRole_old"`, rewrite: true, long: true},

	// Cal.com: tables and indexes.
	{name: "create table with serial key and two unique indexes", source: "cal.com 20210615153759_add_email_verification_column (part, table renamed)", table: `"users"`, stmt: `CREATE TABLE "EmailVerificationRequest" (` + "\n" + `    "id" SERIAL NOT NULL,` + "\n" + `    "identifier" TEXT NOT NULL,` + "\n" + `    "token" TEXT NOT NULL,` + "\n" + `    "expires" TIMESTAMP(3) NOT NULL,` + "\n" + `    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,` + "\n" + `    "updatedAt" TIMESTAMP(3) NOT NULL,` + "\n\n" + `    PRIMARY KEY ("id")` + "\n" + `);` + "\n" + `CREATE UNIQUE INDEX "EmailVerificationRequest.token_unique" ON "EmailVerificationRequest"("token");` + "\n" + `CREATE UNIQUE INDEX "EmailVerificationRequest.identifier_token_unique" ON "EmailVerificationRequest"("identifier", "token")`},
	{name: "join table with unique and plain index and foreign keys", source: "cal.com 20210908042159_teams_feature (part)", table: `"EventType"`, stmt: `CREATE TABLE "_user_eventtype" (` + "\n" + `    "A" INTEGER NOT NULL,` + "\n" + `    "B" INTEGER NOT NULL` + "\n" + `);` + "\n" + `CREATE UNIQUE INDEX "_user_eventtype_AB_unique" ON "_user_eventtype"("A", "B");` + "\n" + `CREATE INDEX "_user_eventtype_B_index" ON "_user_eventtype"("B");` + "\n" + `ALTER TABLE "_user_eventtype" ADD FOREIGN KEY ("A") REFERENCES "EventType"("id") ON DELETE CASCADE ON UPDATE CASCADE;` + "\n" + `ALTER TABLE "_user_eventtype" ADD FOREIGN KEY ("B") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE`},
	{name: "unique index on username", source: "cal.com 20210902125945_user_username_unique", table: `"users"`, stmt: `CREATE UNIQUE INDEX "users.username_unique" ON "users"("username")`, breaks: true, long: true},
	{name: "unique index on team slug", source: "cal.com 20210830064354_add_unique_to_team_slug", table: `"Team"`, stmt: `CREATE UNIQUE INDEX "Team.slug_unique" ON "Team"("slug")`, long: true},
	{name: "one payment per booking", source: "cal.com 20220412183001_one_payment_per_booking", table: `"Payment"`, stmt: `CREATE UNIQUE INDEX "Payment_bookingId_key" ON "Payment"("bookingId")`, breaks: true, long: true},
	{name: "unique team event slug", source: "cal.com 20220409195425_index_event_types_team_id_slug (part)", table: `"EventType"`, stmt: `CREATE UNIQUE INDEX "EventType_teamId_slug_key" ON "EventType"("teamId", "slug")`, breaks: true, long: true},
	{name: "rename an index", source: "cal.com 20220305233635_rename_indexes (Booking.uid_unique)", table: `"Booking"`, stmt: `ALTER INDEX "Booking.uid_unique" RENAME TO "Booking_uid_key"`},
	{name: "rename a unique index on users", source: "cal.com 20220305233635_rename_indexes (users.email_unique)", table: `"users"`, stmt: `ALTER INDEX "users.email_unique" RENAME TO "users_email_key"`},
	{name: "rename a two-column unique index", source: "cal.com 20211217201940_upgrade_to_v3 (EventType.userId_slug_unique)", table: `"EventType"`, stmt: `ALTER INDEX "EventType.userId_slug_unique" RENAME TO "EventType_userId_slug_key"`},
	{name: "rename an index IF EXISTS", source: "cal.com 20220420230105_rename_verification_token_unique_id (part)", table: `"VerificationRequest"`, stmt: `ALTER INDEX IF EXISTS "VerificationRequest.token_unique" RENAME TO "VerificationToken_token_key"`},
	{name: "rename a primary key index IF EXISTS", source: "cal.com 20220306010113_renames_verification_request_to_verification_token (part)", table: `"VerificationRequest"`, stmt: `ALTER INDEX IF EXISTS "VerificationRequest_pkey" RENAME TO "VerificationToken_pkey"`},
	{name: "rename a table IF EXISTS", source: "cal.com 20220306010113_renames_verification_request_to_verification_token (part)", table: `"VerificationRequest"`, stmt: `ALTER TABLE IF EXISTS "VerificationRequest" RENAME TO "VerificationToken"`, breaks: true},
	{name: "rename a table and its indexes", source: "cal.com 20220306010113_renames_verification_request_to_verification_token", table: `"VerificationRequest"`, stmt: `ALTER TABLE IF EXISTS "VerificationRequest" RENAME TO "VerificationToken";` + "\n" + `ALTER INDEX IF EXISTS "VerificationRequest_pkey" RENAME TO "VerificationToken_pkey";` + "\n" + `ALTER INDEX  IF EXISTS "VerificationRequest.identifier_token_unique" RENAME TO "VerificationToken_identifier_token_key"`, breaks: true},

	// Cal.com: foreign keys.
	{name: "re-add booking reference foreign key ON DELETE CASCADE", source: "cal.com 20220420230104_update_booking_id_constrain", table: `"BookingReference"`, stmt: `ALTER TABLE "BookingReference" DROP CONSTRAINT "BookingReference_bookingId_fkey";` + "\n" + `ALTER TABLE "BookingReference" ADD CONSTRAINT "BookingReference_bookingId_fkey" FOREIGN KEY ("bookingId") REFERENCES "Booking"("id") ON DELETE CASCADE ON UPDATE CASCADE`, breaks: true, long: true},
	{name: "re-add payment foreign key ON DELETE CASCADE", source: "cal.com 20220412172742_payment_on_delete_cascade", table: `"Payment"`, stmt: `ALTER TABLE "Payment" DROP CONSTRAINT "Payment_bookingId_fkey";` + "\n" + `ALTER TABLE "Payment" ADD CONSTRAINT "Payment_bookingId_fkey" FOREIGN KEY ("bookingId") REFERENCES "Booking"("id") ON DELETE CASCADE ON UPDATE CASCADE`, long: true},
	{name: "re-add membership foreign keys ON DELETE RESTRICT", source: "cal.com 20211217201940_upgrade_to_v3 (Membership)", table: `"Membership"`, stmt: `ALTER TABLE "Membership" DROP CONSTRAINT "Membership_teamId_fkey";` + "\n" + `ALTER TABLE "Membership" DROP CONSTRAINT "Membership_userId_fkey";` + "\n" + `ALTER TABLE "Membership" ADD CONSTRAINT "Membership_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE RESTRICT ON UPDATE CASCADE;` + "\n" + `ALTER TABLE "Membership" ADD CONSTRAINT "Membership_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE`, long: true},
	{name: "drop a foreign key", source: "cal.com 20211231142312_add_user_on_delete_cascade (part)", table: `"Membership"`, stmt: `ALTER TABLE "Membership" DROP CONSTRAINT "Membership_userId_fkey"`},
	{name: "drop the event type owner foreign key", source: "cal.com 20210908042159_teams_feature (part)", table: `"EventType"`, stmt: `ALTER TABLE "EventType" DROP CONSTRAINT "EventType_userId_fkey"`},
	{name: "add an unnamed foreign key to Team", source: "cal.com 20210908042159_teams_feature (part)", table: `"EventType"`, stmt: `ALTER TABLE "EventType" ADD FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE SET NULL ON UPDATE CASCADE`, long: true},

	// Cal.com: data.
	{name: "backfill a flag", source: "cal.com 20211101151249_update_rejected_bookings (adapted: confirmed for status)", table: `"Booking"`, stmt: `UPDATE "Booking" SET "confirmed" = false WHERE "rejected" = TRUE`},
	{name: "backfill rows of a new table from users", source: "cal.com 20211115182559_availability_issue (adapted: API keys for users without one)", table: `"ApiKey"`, stmt: `insert into "ApiKey" ("id", "userId", "hashedKey")` + "\n" + `select 'k-' || id, id, md5(id::text)` + "\n" + `from (select users.id, count("ApiKey".id) as key_count from users left join "ApiKey" on "ApiKey"."userId" = users.id group by users.id) usersWithKeys` + "\n" + `where key_count < 1`},

	// Sourcegraph.
	{name: "add column and partial index in a transaction block", source: "sourcegraph 1528395817_lsif_uploads_committed_at (part)", table: "lsif_uploads", stmt: "ALTER TABLE lsif_uploads ADD COLUMN committed_at timestamp with time zone;\nCREATE INDEX lsif_uploads_committed_at ON lsif_uploads (committed_at) WHERE state = 'completed'", long: true},
	{name: "add column and index WHERE state != 'deleted'", source: "sourcegraph 1528395818_commit_last_checked_at (part)", table: "lsif_uploads", stmt: "ALTER TABLE lsif_uploads ADD COLUMN commit_last_checked_at timestamp with time zone;\nCREATE INDEX lsif_uploads_commit_last_checked_at ON lsif_uploads (commit_last_checked_at) WHERE state != 'deleted'", long: true},
	{name: "add NOT NULL DEFAULT now() and index it", source: "sourcegraph migrations/1528395607_lsif_add_dump_uploaded_at (adapted)", table: "lsif_uploads", stmt: "ALTER TABLE lsif_uploads ADD COLUMN processed_at timestamp with time zone NOT NULL DEFAULT now();\nCREATE INDEX lsif_uploads_processed_at ON lsif_uploads(processed_at)", long: true},
	{name: "rename a column and re-add it NOT NULL after a backfill", source: "sourcegraph migrations/1528395615_lsif_processed_at", table: "lsif_uploads", stmt: "ALTER TABLE lsif_uploads RENAME uploaded_at to processed_at;\nALTER TABLE lsif_uploads ADD COLUMN uploaded_at timestamp with time zone;\nUPDATE lsif_uploads SET uploaded_at = processed_at;\nALTER TABLE lsif_uploads ALTER COLUMN uploaded_at SET NOT NULL;\nDROP INDEX lsif_uploads_uploaded_at;\nCREATE INDEX lsif_uploads_uploaded_at ON lsif_uploads(uploaded_at)", breaks: true, long: true},
	{name: "rename a column (RENAME without COLUMN)", source: "sourcegraph migrations/1528395615_lsif_processed_at (part)", table: "lsif_uploads", stmt: "ALTER TABLE lsif_uploads RENAME uploaded_at to processed_at", breaks: true},
	{name: "add a DEFERRABLE foreign key column, backfill, partial index", source: "sourcegraph 1528395808_add_user_id_column_to_external_service_repos (adapted backfill)", table: "external_service_repos", stmt: "ALTER TABLE external_service_repos ADD COLUMN user_id int REFERENCES users(id) ON DELETE CASCADE DEFERRABLE;\nUPDATE external_service_repos SET user_id = 1 WHERE external_service_id = 1;\nCREATE INDEX external_service_user_repos_idx ON external_service_repos(user_id, repo_id) WHERE user_id IS NOT NULL", long: true},
	{name: "add column, comment, backfill from jsonb, index", source: "sourcegraph 1528395798_changeset_title (sourcegraph/sourcegraph)", table: "changesets", stmt: "ALTER TABLE changesets ADD COLUMN IF NOT EXISTS title text;\nCOMMENT ON COLUMN changesets.title IS 'Normalized property generated on save using Changeset.Title()';\nUPDATE changesets SET title = COALESCE(changesets.metadata->>'Title', changesets.metadata->>'title', NULL);\nCREATE INDEX IF NOT EXISTS changesets_title_idx ON changesets USING BTREE(title)", long: true},
	{name: "add int column and comment it", source: "sourcegraph lsif_uploads num_references (add column, COMMENT ON COLUMN)", table: "lsif_uploads", stmt: "ALTER TABLE lsif_uploads ADD COLUMN num_references int;\nCOMMENT ON COLUMN lsif_uploads.num_references IS 'The number of references to this upload data from other upload records (via lsif_references).'"},
	{name: "add json[] column IF EXISTS / IF NOT EXISTS", source: "sourcegraph lsif_uploads execution_logs", table: "lsif_uploads", stmt: "ALTER TABLE IF EXISTS lsif_uploads ADD COLUMN IF NOT EXISTS execution_logs JSON[]"},
	{name: "recreate a view around a new NOT NULL DEFAULT column", source: "sourcegraph lsif_uploads content_type (DROP VIEW, ADD COLUMN, CREATE VIEW)", table: "lsif_uploads", stmt: "DROP VIEW IF EXISTS lsif_uploads_with_repository_name;\nALTER TABLE lsif_uploads ADD COLUMN IF NOT EXISTS content_type TEXT NOT NULL DEFAULT 'application/x-ndjson+lsif';\nCOMMENT ON COLUMN lsif_uploads.content_type IS 'The content type of the upload record.';\nCREATE VIEW lsif_uploads_with_repository_name AS SELECT u.id, u.commit, u.root, u.uploaded_at, u.state, u.repository_id, 'repo-' || u.repository_id AS repository_name, u.content_type FROM lsif_uploads u"},
	{name: "drop a view the serving version reads", source: "sourcegraph lsif_uploads content_type (part)", table: "lsif_uploads", stmt: "DROP VIEW IF EXISTS lsif_uploads_with_repository_name", breaks: true},
	{name: "add several nullable columns with ADD (no COLUMN)", source: "sourcegraph migrations lsif_dumps (add lsif_upload columns, adapted)", table: "lsif_uploads", stmt: "ALTER TABLE lsif_uploads\n    ADD filename TEXT,\n    ADD failure_summary TEXT,\n    ADD failure_stacktrace TEXT,\n    ADD started_at TIMESTAMP WITH TIME ZONE,\n    ADD finished_at TIMESTAMP WITH TIME ZONE,\n    ADD tracing_context TEXT"},
	{name: "transfer a default", source: "sourcegraph migrations lsif_dumps (ALTER COLUMN uploaded_at SET DEFAULT now())", table: "lsif_uploads", stmt: "ALTER TABLE lsif_uploads ALTER COLUMN uploaded_at SET DEFAULT now()"},
	{name: "replace a unique constraint with a partial unique index", source: "sourcegraph migrations lsif_dumps (DROP CONSTRAINT, CREATE UNIQUE INDEX, adapted)", table: "lsif_uploads", stmt: "ALTER TABLE lsif_uploads DROP CONSTRAINT lsif_uploads_repository_id_commit_root;\nCREATE UNIQUE INDEX lsif_uploads_repository_id_commit_root ON lsif_uploads (repository_id, commit, root) WHERE state = 'completed'", long: true},
	{name: "add enum value to a state type", source: "sourcegraph squashed (lsif_upload_state 'failed')", table: "lsif_uploads", stmt: "ALTER TYPE lsif_upload_state ADD VALUE 'failed'"},
	{name: "create an enum", source: "sourcegraph 1528395834_squashed_migrations (cm_email_priority)", table: "lsif_uploads", stmt: "CREATE TYPE cm_email_priority AS ENUM (\n    'NORMAL',\n    'CRITICAL'\n)"},
	{name: "plain index on two columns", source: "sourcegraph external_service_repos_idx", table: "external_service_repos", stmt: "CREATE INDEX external_service_repos_idx ON external_service_repos(external_service_id, repo_id)", long: true},
	{name: "drop an index covered by another", source: "sourcegraph DROP INDEX IF EXISTS external_service_repos_external_service_id", table: "external_service_repos", stmt: "-- Covered by external_service_repos_idx (external_service_id, repo_id)\nDROP INDEX IF EXISTS external_service_repos_external_service_id", waitsOnly: "require-concurrent-index-deletion"},
	{name: "trigger deleting rows of another table", source: "sourcegraph 1528395834_squashed_migrations (delete_repo_ref_on_external_service_repos, adapted to uploads)", table: "lsif_uploads", stmt: "CREATE FUNCTION delete_repo_ref_on_lsif_uploads() RETURNS trigger\n    LANGUAGE plpgsql\n    AS $$\n    BEGIN\n        DELETE FROM external_service_repos WHERE repo_id = OLD.repository_id;\n        RETURN OLD;\n    END;\n$$;\nCREATE TRIGGER trig_delete_repo_ref_on_lsif_uploads AFTER DELETE ON lsif_uploads FOR EACH ROW EXECUTE FUNCTION delete_repo_ref_on_lsif_uploads()"},
	{name: "clear the dirty flag", source: "sourcegraph 1528395817_lsif_uploads_committed_at (UPDATE schema_migrations SET dirty = 'f')", table: "schema_migrations", stmt: "UPDATE schema_migrations SET dirty = 'f'"},
	{name: "register an out-of-band migration", source: "sourcegraph 1528395817_lsif_uploads_committed_at (INSERT INTO out_of_band_migrations)", table: "out_of_band_migrations", stmt: "INSERT INTO out_of_band_migrations (id, team, component, description, introduced, non_destructive)\nVALUES (8, 'code-intelligence', 'frontend-db.lsif_uploads', 'Backfill committed_at', '3.28.0', true)\nON CONFLICT DO NOTHING"},
}

// TestHoldout2OnPostgres holds pkg/migrate to issue 25's goal on the second holdout set: no
// breaking change classified expand, at most 2 safe ones classified contract, every long lock
// or rewrite warned. Every disagreement is reported by name; the measurement is checked
// against the set first.
func TestHoldout2OnPostgres(t *testing.T) {
	if len(holdout2) < 60 {
		t.Fatalf("the second holdout set has %d statements, want 60+", len(holdout2))
	}
	// Issue 25 allows at most 2 safe statements classified contract; on this second holdout,
	// written without seeing the classifier and measured after the rules of known_state_test.go,
	// 11 are: the goal is NOT met and the issue stays open (docs/databases.md, "The holdout
	// set"). The test fails on any other safe statement classified contract, so the classifier
	// cannot get worse on this set unnoticed.
	checkHoldout(t, "holdout2", holdout2, knownSafeContract2, nil)
}

// knownSafeContract2 are this holdout's safe statements the classifier calls contract (issue
// 25's goal allows 2). When the set was first run there were 11; the rules on a migration's
// net effect (classify_net.go: a constraint added again as it was, a view created again with
// the same query) took two ("re-add payment foreign key ON DELETE CASCADE", "recreate a view
// around a new NOT NULL DEFAULT column"). The nine left are safe for this workload only:
// docs/databases.md, "The holdouts", shows for each an ordinary statement of the serving
// version that it breaks (TestHoldout2KnownBreakInGeneral). The payment foreign key is contract
// again since the tenth holdout: RESTRICT made CASCADE lets through a delete the serving
// version relies on being refused (23503), which this workload does not make
// (TestAdversaryOnPostgres, "foreign key RESTRICT made CASCADE").
var knownSafeContract2 = []string{"text column to enum by rename, add, backfill, set not null, drop", "Prisma AlterEnum: swap the type for one with the same values",
	"unique index on team slug", "re-add payment foreign key ON DELETE CASCADE", "re-add membership foreign keys ON DELETE RESTRICT", "drop a foreign key",
	"drop the event type owner foreign key", "add an unnamed foreign key to Team",
	"replace a unique constraint with a partial unique index", "trigger deleting rows of another table",
	// Since the fourth attacking review: renaming a primary key's index renames the constraint,
	// which the serving version's ON CONFLICT ON CONSTRAINT names (42704); this set, built
	// before the catalogue named every constraint, does not make that statement
	// (TestHoldout2KnownBreakInGeneral).
	"rename a primary key index IF EXISTS"}
