package migrate_test

import (
	"testing"
)

// The eleventh holdout set (issue 25 §1's goal), sealed: statements from two projects no earlier
// set used, on a schema of their own (testdata/holdout11), labelled and measured without the
// classifier (its rules were not read and it was not run on them). Sources: Umami's PostgreSQL
// Prisma migrations, prisma/migrations/<n>_<name>/migration.sql in
// github.com/umami-software/umami ("umami <n>_<name>"), and Immich's Kysely migrations,
// server/src/schema/migrations/<timestamp>-<Name>.ts in github.com/immich-app/immich ("immich
// <timestamp>-<Name>"), the SQL text of each `up` exactly as its sql`...` templates hold it, one
// statement per template (a ";" added where a template has none, so that they can follow one
// another; UserOnboardingDefault's ${UserMetadataKey.Onboarding} parameter written as its value,
// 'onboarding'; ChangeProjectionTypeToEnum's statements as its up runs them when no unknown value
// is found, as on this data), exact text cut only to statements ("(part)" when only some
// statements of the file are taken); for the kinds of statement they lack, squawk's rules
// (https://squawkhq.com/docs/rules, "squawk <rule>") and PostgreSQL 15's manual ("pg: <page>"),
// written on this schema. 85 cases: 28 Umami, 22 Immich, 23 squawk, 12 manual; 34 break the
// serving version, 40 hold a write-blocking lock while scanning or rewriting, 19 rewrite.
//
// Labels follow HOLDOUT10.md's fixed catalogue (holdout8's items 1-8), not a narrow workload:
// workload.sql, written before these cases, makes the serving versions' ordinary statements of
// every kind the catalogue lists for every table (reads of every column by name with their types
// asserted, typed inserts, updates of every column (nullable ones to NULL too), deletes with
// their ON DELETE effects, ON CONFLICT on every unique key, index and named constraint, the
// refusal of every unique/primary-key constraint (23505) and foreign key (23503), Immich's
// immich_uuid_v7() and its updated_at and delete-audit triggers, boundary writes at the edge of
// what the old schema accepts, and a first step checking that every row data.sql wrote is still
// there). breaks is true when any of them works before the statement and fails, or answers
// otherwise, after it; why names the one that fails and its SQLSTATE, or why none does. By
// HOLDOUT10.md: D, values are asserted only on rows a step writes after the migration (rows the
// migration changes or adds with values the serving version itself writes are data), but rows
// data.sql wrote must all still be there (a DELETE or TRUNCATE of existing rows, or a policy
// hiding them, breaks); T, widening within a type family (int2 -> int4 -> int8, varchar(n) ->
// varchar(m>n) -> varchar -> text, numeric(p,s) -> numeric(p'>p,s)) is the same type for its
// reads and binds (pg_temp.same in workload.sql), any other type change is a change of form
// (a narrower varchar is the same text type: it breaks only when a value written no longer
// fits); N, nullable columns the serving version knows are set to NULL on rows it wrote; B, each
// step ends with boundary writes (empty text, 0 and negative numbers, references to no row where
// no foreign key checks them, upper-case values, rows duplicating others where nothing is
// unique); the value a default gives is not asserted; refusals are asserted only for
// unique/primary keys and foreign keys, not CHECK, NOT NULL, domain constraints, varchar lengths
// or enum membership.
//
// NOT covered by this harness: catalogue item 6 (no table here takes its key from a sequence:
// Umami's and Immich's keys are uuids; the one sequence a case creates, bigserial, is only
// defaulted); Immich's mobile sync beyond the queries the workload makes of the audit tables;
// its search extensions (vectors, earthdistance, pg_trgm indexes), whose tables this schema
// leaves out. Left out because one schema cannot hold the state before both, or because the
// prior state is outside this schema: Umami 01_init (it creates the tables the schema holds; its
// AddSystemUser insert of 'admin' conflicts with the admin every installation, and data.sql, has),
// 02's session_data and report tables, 11's segment, 13's revenue and 16's board (in the schema,
// for 06, 12, 14, 17 and 19 to change), 03's event_data indexes and session hostname and
// subdivision1 indexes (in the schema: 06 and 09 drop them), 14's funnel and goal data
// migrations on report parameters other than the type rename (they need the JSONB that 12, a
// case, makes), 17's link and pixel index drops (those tables are 14's case), and the
// data-migrations convert-utm-clid-columns (needs 08's columns) and populate-revenue-table (needs
// 02's and 06's names); Immich 1747338664832-SessionRename (renames the column
// AddNewSessionColumns adds), 1746844028242-AddLockedVisibilityEnum (its enum is
// AddAssetVisibilityColumn's), 1753464178233-RenameApiKeyPermissions (it updates StandardizeNames'
// api_key), 1750694237564-AlbumAssetAuditTable (its table is in the schema for
// AddAlbumToAssetDeleteTrigger; its trigger needs AlbumAssetUpdateId's columns, a case),
// StandardizeNames beyond its api_keys and partners parts, AddAlbumUserCreateFields' partners
// index (PartnerCreateId's column), UserMetadataSync's migration_overrides inserts,
// NullifyEmptyDescriptions' asset_exif part (a name StandardizeNames gives exif later), the
// migrations on InitialMigration's tables this schema leaves out (libraries, asset_stack, person,
// asset_faces, tags, shared links, geodata, sync checkpoints, ...), and the TypeORM-era
// server/src/migrations (their effects are InitialMigration's state).
//
// rewrite, long and lock are measured as for the fourth set (holdMeasure): lock is
// the strongest lock the statement's transaction holds on table at its end, as its own session's
// pg_locks names it ("" for none, or for a statement outside a transaction).
var holdout11 = []holdoutCase{
	{name: "event_data columns renamed and values rewritten", source: "umami 02_report_schema_session_data (part: event_data)", table: "event_data",
		stmt: `ALTER TABLE "event_data" RENAME COLUMN "event_data_type" TO "data_type";
ALTER TABLE "event_data" RENAME COLUMN "event_date_value" TO "date_value";
ALTER TABLE "event_data" RENAME COLUMN "event_id" TO "event_data_id";
ALTER TABLE "event_data" RENAME COLUMN "event_numeric_value" TO "number_value";
ALTER TABLE "event_data" RENAME COLUMN "event_string_value" TO "string_value";

-- EventData migration
UPDATE "event_data"
SET string_value = number_value
WHERE data_type = 2;

UPDATE "event_data"
SET string_value = CONCAT(REPLACE(TO_CHAR(date_value, 'YYYY-MM-DD HH24:MI:SS'), ' ', 'T'), 'Z')
WHERE data_type = 4;`,
		breaks: true, long: true, lock: "AccessExclusiveLock", why: "step 'umami: sessions, events and event data, typed' fails: column \"event_id\" of relation \"event_data\" does not exist (42703)"},
	{name: "session metric indexes", source: "umami 03_metric_performance_index (part: session, without the hostname and subdivision1 indexes 09 drops)", table: "session",
		stmt: `-- CreateIndex
CREATE INDEX "session_website_id_created_at_idx" ON "session"("website_id", "created_at");

-- CreateIndex
CREATE INDEX "session_website_id_created_at_browser_idx" ON "session"("website_id", "created_at", "browser");

-- CreateIndex
CREATE INDEX "session_website_id_created_at_os_idx" ON "session"("website_id", "created_at", "os");

-- CreateIndex
CREATE INDEX "session_website_id_created_at_device_idx" ON "session"("website_id", "created_at", "device");

-- CreateIndex
CREATE INDEX "session_website_id_created_at_screen_idx" ON "session"("website_id", "created_at", "screen");

-- CreateIndex
CREATE INDEX "session_website_id_created_at_language_idx" ON "session"("website_id", "created_at", "language");

-- CreateIndex
CREATE INDEX "session_website_id_created_at_country_idx" ON "session"("website_id", "created_at", "country");

-- CreateIndex
CREATE INDEX "session_website_id_created_at_city_idx" ON "session"("website_id", "created_at", "city");`,
		long: true, lock: "ShareLock", why: "new indexes only; each build scans session under ShareLock"},
	{name: "website_event metric indexes", source: "umami 03_metric_performance_index (part: website_event)", table: "website_event",
		stmt: `-- CreateIndex
CREATE INDEX "website_event_website_id_created_at_url_path_idx" ON "website_event"("website_id", "created_at", "url_path");

-- CreateIndex
CREATE INDEX "website_event_website_id_created_at_url_query_idx" ON "website_event"("website_id", "created_at", "url_query");

-- CreateIndex
CREATE INDEX "website_event_website_id_created_at_referrer_domain_idx" ON "website_event"("website_id", "created_at", "referrer_domain");

-- CreateIndex
CREATE INDEX "website_event_website_id_created_at_page_title_idx" ON "website_event"("website_id", "created_at", "page_title");

-- CreateIndex
CREATE INDEX "website_event_website_id_created_at_event_name_idx" ON "website_event"("website_id", "created_at", "event_name");`,
		long: true, lock: "ShareLock", why: "new indexes only; each build scans website_event under ShareLock"},
	{name: "team deleted_at and logo_url added", source: "umami 04_team_redesign (part: team)", table: "team",
		stmt: `-- AlterTable
ALTER TABLE "team" ADD COLUMN     "deleted_at" TIMESTAMPTZ(6),
ADD COLUMN     "logo_url" VARCHAR(2183);`,
		lock: "AccessExclusiveLock", why: "nullable columns without defaults; the serving version names its columns"},
	{name: "user display_name and logo_url added", source: "umami 04_team_redesign (part: user)", table: "user",
		stmt: `-- AlterTable
ALTER TABLE "user" ADD COLUMN     "display_name" VARCHAR(255),
ADD COLUMN     "logo_url" VARCHAR(2183);`,
		lock: "AccessExclusiveLock", why: "nullable columns without defaults"},
	{name: "website created_by and team_id added and backfilled", source: "umami 04_team_redesign (part: website)", table: "website",
		stmt: `-- AlterTable
ALTER TABLE "website" ADD COLUMN     "created_by" UUID,
ADD COLUMN     "team_id" UUID;

-- MigrateData
UPDATE "website" SET created_by = user_id WHERE team_id IS NULL;

-- CreateIndex
CREATE INDEX "website_team_id_idx" ON "website"("team_id");

-- CreateIndex
CREATE INDEX "website_created_by_idx" ON "website"("created_by");`,
		long: true, lock: "AccessExclusiveLock", why: "new columns the serving version does not know, backfilled; the update and the index builds scan website under the ALTER's AccessExclusiveLock"},
	{name: "team_website dropped", source: "umami 04_team_redesign (part: DropTable)", table: "team_website",
		stmt: `-- DropTable
DROP TABLE "team_website";`,
		breaks: true, lock: "AccessExclusiveLock", why: "the first step (rows data.sql wrote are still there) fails: relation \"team_website\" does not exist (42P01)"},
	{name: "website_event visit_id added, backfilled and made NOT NULL", source: "umami 05_add_visit_id", table: "website_event",
		stmt: `-- AlterTable
ALTER TABLE "website_event" ADD COLUMN "visit_id" UUID NULL;

UPDATE "website_event" we
SET visit_id = a.uuid
FROM (SELECT DISTINCT
        s.session_id,
        s.visit_time,
        gen_random_uuid() uuid
    FROM (SELECT DISTINCT session_id,
            date_trunc('hour', created_at) visit_time
        FROM "website_event") s) a
WHERE we.session_id = a.session_id 
    and date_trunc('hour', we.created_at) = a.visit_time;

ALTER TABLE "website_event" ALTER COLUMN "visit_id" SET NOT NULL;

-- CreateIndex
CREATE INDEX "website_event_visit_id_idx" ON "website_event"("visit_id");

-- CreateIndex
CREATE INDEX "website_event_website_id_visit_id_created_at_idx" ON "website_event"("website_id", "visit_id", "created_at");`,
		breaks: true, long: true, lock: "AccessExclusiveLock", why: "step 'umami: sessions, events and event data, typed' fails: null value in column \"visit_id\" of relation \"website_event\" violates not-null constraint (23502)"},
	{name: "event_data event_key renamed to data_key", source: "umami 06_session_data (part: event_data)", table: "event_data",
		stmt: `-- DropIndex
DROP INDEX IF EXISTS "event_data_website_id_created_at_event_key_idx";

-- AlterTable
ALTER TABLE "event_data" RENAME COLUMN "event_key" TO "data_key";

-- CreateIndex
CREATE INDEX "event_data_website_id_created_at_data_key_idx" ON "event_data"("website_id", "created_at", "data_key");`,
		breaks: true, long: true, lock: "AccessExclusiveLock", why: "step 'umami: sessions, events and event data, typed' fails: column \"event_key\" of relation \"event_data\" does not exist (42703)"},
	{name: "session_data deleted_at dropped and session_key renamed", source: "umami 06_session_data (part: session_data)", table: "session_data",
		stmt: `-- AlterTable
ALTER TABLE "session_data" DROP COLUMN "deleted_at";
ALTER TABLE "session_data" RENAME COLUMN "session_key" TO "data_key";

-- CreateIndex
CREATE INDEX "session_data_session_id_created_at_idx" ON "session_data"("session_id", "created_at");

-- CreateIndex
CREATE INDEX "session_data_website_id_created_at_data_key_idx" ON "session_data"("website_id", "created_at", "data_key");`,
		breaks: true, long: true, lock: "AccessExclusiveLock", why: "step 'umami: sessions, events and event data, typed' fails: column \"session_key\" of relation \"session_data\" does not exist (42703)"},
	{name: "website_event tag added and indexed", source: "umami 07_add_tag", table: "website_event",
		stmt: `-- AlterTable
ALTER TABLE "website_event" ADD COLUMN     "tag" VARCHAR(50);

-- CreateIndex
CREATE INDEX "website_event_website_id_created_at_tag_idx" ON "website_event"("website_id", "created_at", "tag");`,
		long: true, lock: "AccessExclusiveLock", why: "a nullable column; the index build scans website_event under the ALTER's AccessExclusiveLock"},
	{name: "website_event click ids and UTM columns added", source: "umami 08_add_utm_clid", table: "website_event",
		stmt: `-- AlterTable
ALTER TABLE "website_event" 
ADD COLUMN     "fbclid" VARCHAR(255),
ADD COLUMN     "gclid" VARCHAR(255),
ADD COLUMN     "li_fat_id" VARCHAR(255),
ADD COLUMN     "msclkid" VARCHAR(255),
ADD COLUMN     "ttclid" VARCHAR(255),
ADD COLUMN     "twclid" VARCHAR(255),
ADD COLUMN     "utm_campaign" VARCHAR(255),
ADD COLUMN     "utm_content" VARCHAR(255),
ADD COLUMN     "utm_medium" VARCHAR(255),
ADD COLUMN     "utm_source" VARCHAR(255),
ADD COLUMN     "utm_term" VARCHAR(255);`,
		lock: "AccessExclusiveLock", why: "nullable columns without defaults"},
	{name: "website_event hostname added and copied from session", source: "umami 09_update_hostname_region (part: website_event)", table: "website_event",
		stmt: `-- AlterTable
ALTER TABLE "website_event" ADD COLUMN     "hostname" VARCHAR(100);

-- DataMigration
UPDATE "website_event" w
SET hostname = s.hostname
FROM "session" s
WHERE s.website_id = w.website_id
    and s.session_id = w.session_id;

-- CreateIndex
CREATE INDEX "website_event_website_id_created_at_hostname_idx" ON "website_event"("website_id", "created_at", "hostname");`,
		long: true, lock: "AccessExclusiveLock", why: "a new column filled from session; the update and the index build scan website_event under the ALTER's lock"},
	{name: "session subdivision1 renamed region, subdivision2 and hostname dropped", source: "umami 09_update_hostname_region (part: session)", table: "session",
		stmt: `-- DropIndex
DROP INDEX IF EXISTS "session_website_id_created_at_hostname_idx";
DROP INDEX IF EXISTS "session_website_id_created_at_subdivision1_idx";

-- AlterTable
ALTER TABLE "session" RENAME COLUMN "subdivision1" TO "region";
ALTER TABLE "session" DROP COLUMN "subdivision2";
ALTER TABLE "session" DROP COLUMN "hostname";

-- CreateIndex
CREATE INDEX "session_website_id_created_at_region_idx" ON "session"("website_id", "created_at", "region");`,
		breaks: true, long: true, lock: "AccessExclusiveLock", why: "step 'umami: sessions, events and event data, typed' fails: column \"hostname\" of relation \"session\" does not exist (42703)"},
	{name: "distinct_id added to session and session_data", source: "umami 10_add_distinct_id", table: "session",
		stmt: `-- AlterTable
ALTER TABLE "session" ADD COLUMN     "distinct_id" VARCHAR(50);

-- AlterTable
ALTER TABLE "session_data" ADD COLUMN     "distinct_id" VARCHAR(50);`,
		lock: "AccessExclusiveLock", why: "nullable columns without defaults"},
	{name: "report parameters made JSONB", source: "umami 12_update_report_parameter", table: "report",
		stmt: `-- AlterTable
ALTER TABLE "report"
ALTER COLUMN "parameters" SET DATA TYPE JSONB USING parameters::JSONB;`,
		breaks: true, rewrite: true, long: true, lock: "AccessExclusiveLock", why: "step 'umami: reports, segments, revenue and boards, typed' fails: column \"parameters\" is of type jsonb but expression is of type character varying (42804)"},
	{name: "report type narrowed to varchar(50)", source: "umami 14_add_link_and_pixel (part: report)", table: "report",
		stmt: `-- AlterTable
ALTER TABLE "report" ALTER COLUMN "type" SET DATA TYPE VARCHAR(50);`,
		rewrite: true, long: true, lock: "AccessExclusiveLock", why: "measured: no value the serving version writes (report types such as 'funnel', '' and 'FUNNEL') is longer than 50, and varchar(50) reads as the same text type (T); the narrowing rewrites report under AccessExclusiveLock"},
	{name: "revenue currency narrowed to varchar(10)", source: "umami 14_add_link_and_pixel (part: revenue)", table: "revenue",
		stmt: `-- AlterTable
ALTER TABLE "revenue" ALTER COLUMN "currency" SET DATA TYPE VARCHAR(10);`,
		rewrite: true, long: true, lock: "AccessExclusiveLock", why: "measured: every currency written ('EUR', 'USD', '', 'usd') fits, same text type (T); rewritten under AccessExclusiveLock"},
	{name: "segment type narrowed to varchar(50)", source: "umami 14_add_link_and_pixel (part: segment)", table: "segment",
		stmt: `-- AlterTable
ALTER TABLE "segment" ALTER COLUMN "type" SET DATA TYPE VARCHAR(50);`,
		rewrite: true, long: true, lock: "AccessExclusiveLock", why: "measured: every type written fits, same text type (T); rewritten under AccessExclusiveLock"},
	{name: "link and pixel tables", source: "umami 14_add_link_and_pixel (part: CreateTable, CreateIndex)", table: "website",
		stmt: `-- CreateTable
CREATE TABLE "link" (
    "link_id" UUID NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "url" VARCHAR(500) NOT NULL,
    "slug" VARCHAR(100) NOT NULL,
    "user_id" UUID,
    "team_id" UUID,
    "created_at" TIMESTAMPTZ(6) DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6),
    "deleted_at" TIMESTAMPTZ(6),

    CONSTRAINT "link_pkey" PRIMARY KEY ("link_id")
);

-- CreateTable
CREATE TABLE "pixel" (
    "pixel_id" UUID NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "slug" VARCHAR(100) NOT NULL,
    "user_id" UUID,
    "team_id" UUID,
    "created_at" TIMESTAMPTZ(6) DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6),
    "deleted_at" TIMESTAMPTZ(6),

    CONSTRAINT "pixel_pkey" PRIMARY KEY ("pixel_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "link_link_id_key" ON "link"("link_id");

-- CreateIndex
CREATE UNIQUE INDEX "link_slug_key" ON "link"("slug");

-- CreateIndex
CREATE INDEX "link_slug_idx" ON "link"("slug");

-- CreateIndex
CREATE INDEX "link_user_id_idx" ON "link"("user_id");

-- CreateIndex
CREATE INDEX "link_team_id_idx" ON "link"("team_id");

-- CreateIndex
CREATE INDEX "link_created_at_idx" ON "link"("created_at");

-- CreateIndex
CREATE UNIQUE INDEX "pixel_pixel_id_key" ON "pixel"("pixel_id");

-- CreateIndex
CREATE UNIQUE INDEX "pixel_slug_key" ON "pixel"("slug");

-- CreateIndex
CREATE INDEX "pixel_slug_idx" ON "pixel"("slug");

-- CreateIndex
CREATE INDEX "pixel_user_id_idx" ON "pixel"("user_id");

-- CreateIndex
CREATE INDEX "pixel_team_id_idx" ON "pixel"("team_id");

-- CreateIndex
CREATE INDEX "pixel_created_at_idx" ON "pixel"("created_at");`,
		lock: "", why: "new tables nothing of the serving version uses; no lock on website"},
	{name: "goals reports renamed goal", source: "umami 14_add_link_and_pixel (part: DataMigration Goals, the type rename)", table: "report",
		stmt: `-- DataMigration Goals
UPDATE "report" SET type = 'goal' WHERE type = 'goals';`,
		lock: "RowExclusiveLock", why: "'goal' is a report type value the serving version writes itself (D); no row data.sql wrote goes away; RowExclusiveLock blocks no reads or writes"},
	{name: "share table filled from website share_id, share_id dropped", source: "umami 15_add_share", table: "website",
		stmt: `-- CreateTable
CREATE TABLE "share" (
    "share_id" UUID NOT NULL,
    "entity_id" UUID NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "share_type" INTEGER NOT NULL,
    "slug" VARCHAR(100) NOT NULL,
    "parameters" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(6) DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6),

    CONSTRAINT "share_pkey" PRIMARY KEY ("share_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "share_slug_key" ON "share"("slug");

-- CreateIndex
CREATE INDEX "share_entity_id_idx" ON "share"("entity_id");

-- MigrateData
INSERT INTO "share" (share_id, entity_id, name, share_type, slug, parameters, created_at)
SELECT gen_random_uuid(),
       website_id,
       name,
       1,
       share_id,
       '{"overview":true}'::jsonb,
       now()
FROM "website"
WHERE share_id IS NOT NULL;

-- DropIndex
DROP INDEX "website_share_id_idx";

-- DropIndex
DROP INDEX "website_share_id_key";

-- AlterTable
ALTER TABLE "website" DROP COLUMN "share_id";`,
		breaks: true, lock: "AccessExclusiveLock", why: "step 'umami: websites, typed' fails: column \"share_id\" of relation \"website\" does not exist (42703)"},
	{name: "duplicate id keys dropped on user, website, team and team_user", source: "umami 17_remove_duplicate_key (part)", table: "user",
		stmt: `-- DropIndex
DROP INDEX "team_team_id_key";

-- DropIndex
DROP INDEX "team_user_team_user_id_key";

-- DropIndex
DROP INDEX "user_user_id_key";

-- DropIndex
DROP INDEX "website_website_id_key";`,
		waitsOnly: "require-concurrent-index-deletion", lock: "AccessExclusiveLock", why: "the unique indexes duplicate the primary keys: ON CONFLICT (user_id) and the refusals (23505) are still answered by the primary keys; no scan"},
	{name: "duplicate id keys dropped on report, revenue, segment and session", source: "umami 17_remove_duplicate_key (part)", table: "session",
		stmt: `-- DropIndex
DROP INDEX "report_report_id_key";

-- DropIndex
DROP INDEX "revenue_revenue_id_key";

-- DropIndex
DROP INDEX "segment_segment_id_key";

-- DropIndex
DROP INDEX "session_session_id_key";`,
		waitsOnly: "require-concurrent-index-deletion", lock: "AccessExclusiveLock", why: "the unique indexes duplicate the primary keys, which still answer ON CONFLICT and refuse duplicates (23505); no scan"},
	{name: "website_event web vitals columns added", source: "umami 18_add_performance", table: "website_event",
		stmt: `-- AlterTable
ALTER TABLE "website_event" ADD COLUMN     "cls" DECIMAL(10,4),
ADD COLUMN     "fcp" DECIMAL(10,1),
ADD COLUMN     "inp" DECIMAL(10,1),
ADD COLUMN     "lcp" DECIMAL(10,1),
ADD COLUMN     "ttfb" DECIMAL(10,1);`,
		lock: "AccessExclusiveLock", why: "nullable columns without defaults"},
	{name: "board slug dropped", source: "umami 19_add_session_replay (part: board)", table: "board",
		stmt: `-- AlterTable board: drop slug
DROP INDEX IF EXISTS "board_slug_key";
DROP INDEX IF EXISTS "board_slug_idx";
ALTER TABLE "board" DROP COLUMN IF EXISTS "slug";`,
		breaks: true, lock: "AccessExclusiveLock", why: "step 'umami: reports, segments, revenue and boards, typed' fails: column \"slug\" of relation \"board\" does not exist (42703)"},
	{name: "website replay settings added", source: "umami 19_add_session_replay (part: website)", table: "website",
		stmt: `-- AlterTable
ALTER TABLE "website" ADD COLUMN "replay_enabled" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "website" ADD COLUMN "replay_config" JSONB;`,
		lock: "AccessExclusiveLock", why: "a constant default and a nullable column"},
	{name: "session replay tables", source: "umami 19_add_session_replay (part: CreateTable, CreateIndex)", table: "session",
		stmt: `-- CreateTable
CREATE TABLE "session_replay" (
    "replay_id" UUID NOT NULL,
    "website_id" UUID NOT NULL,
    "session_id" UUID NOT NULL,
    "visit_id" UUID NOT NULL,
    "chunk_index" INTEGER NOT NULL,
    "events" BYTEA NOT NULL,
    "event_count" INTEGER NOT NULL,
    "started_at" TIMESTAMPTZ(6) NOT NULL,
    "ended_at" TIMESTAMPTZ(6) NOT NULL,
    "created_at" TIMESTAMPTZ(6) DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "session_replay_pkey" PRIMARY KEY ("replay_id")
);

-- CreateIndex
CREATE INDEX "session_replay_website_id_idx" ON "session_replay"("website_id");
CREATE INDEX "session_replay_session_id_idx" ON "session_replay"("session_id");
CREATE INDEX "session_replay_website_id_session_id_idx" ON "session_replay"("website_id", "session_id");
CREATE INDEX "session_replay_website_id_visit_id_idx" ON "session_replay"("website_id", "visit_id");
CREATE INDEX "session_replay_website_id_created_at_idx" ON "session_replay"("website_id", "created_at");
CREATE INDEX "session_replay_session_id_chunk_index_idx" ON "session_replay"("session_id", "chunk_index");

-- CreateTable
CREATE TABLE "session_replay_saved" (
    "saved_replay_id" UUID NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "website_id" UUID NOT NULL,
    "visit_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(6) DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6),

    CONSTRAINT "session_replay_saved_pkey" PRIMARY KEY ("saved_replay_id"),
    CONSTRAINT "session_replay_saved_website_id_visit_id_key" UNIQUE ("website_id", "visit_id")
);

-- CreateIndex
CREATE INDEX "session_replay_saved_website_id_idx" ON "session_replay_saved"("website_id");
CREATE INDEX "session_replay_saved_visit_id_idx" ON "session_replay_saved"("visit_id");
CREATE INDEX "session_replay_saved_website_id_created_at_idx" ON "session_replay_saved"("website_id", "created_at");`,
		lock: "", why: "new tables; no lock on session"},
	{name: "users avatarColor added and copied from preferences", source: "immich 1745244781846-AddUserAvatarColorColumn", table: "users",
		stmt: `ALTER TABLE "users" ADD "avatarColor" character varying;

    UPDATE "users"
    SET "avatarColor" = "user_metadata"."value"->'avatar'->>'color'
    FROM "user_metadata"
    WHERE "users"."id" = "user_metadata"."userId" AND "user_metadata"."key" = 'preferences';`,
		long: true, lock: "AccessExclusiveLock", why: "a new column filled from user_metadata; the update scans users under the ALTER's AccessExclusiveLock"},
	{name: "users pinCode added", source: "immich 1746768490606-AddUserPincode", table: "users",
		stmt: `ALTER TABLE "users" ADD "pinCode" character varying;`,
		lock: "AccessExclusiveLock", why: "a nullable column without a default"},
	{name: "onboarding metadata for every user", source: "immich 1749067526135-UserOnboardingDefault (the ${UserMetadataKey.Onboarding} parameter written as its value, 'onboarding')", table: "user_metadata",
		stmt: `INSERT INTO user_metadata SELECT id, 'onboarding', '{"isOnboarded": true}' FROM users
    ON CONFLICT ("userId", key) DO NOTHING`,
		lock: "RowExclusiveLock", why: "new user_metadata rows with a key and value the serving version writes itself (D); its upserts on (userId, key) still work"},
	{name: "user metadata audit table, updateId, updatedAt and triggers", source: "immich 1752250924342-UserMetadataSync (part: the three migration_overrides inserts left out, that table is not in this schema)", table: "user_metadata",
		stmt: `CREATE OR REPLACE FUNCTION user_metadata_audit()
  RETURNS TRIGGER
  LANGUAGE PLPGSQL
  AS $$
    BEGIN
      INSERT INTO user_metadata_audit ("userId", "key")
      SELECT "userId", "key"
      FROM OLD;
      RETURN NULL;
    END
  $$;
CREATE TABLE "user_metadata_audit" (
  "id" uuid NOT NULL DEFAULT immich_uuid_v7(),
  "userId" uuid NOT NULL,
  "key" character varying NOT NULL,
  "deletedAt" timestamp with time zone NOT NULL DEFAULT clock_timestamp(),
  CONSTRAINT "PK_15d5cc4d65ac966233b9921acac" PRIMARY KEY ("id")
);
CREATE INDEX "IDX_user_metadata_audit_user_id" ON "user_metadata_audit" ("userId");
CREATE INDEX "IDX_user_metadata_audit_key" ON "user_metadata_audit" ("key");
CREATE INDEX "IDX_user_metadata_audit_deleted_at" ON "user_metadata_audit" ("deletedAt");
ALTER TABLE "user_metadata" ADD "updateId" uuid NOT NULL DEFAULT immich_uuid_v7();
ALTER TABLE "user_metadata" ADD "updatedAt" timestamp with time zone NOT NULL DEFAULT now();
CREATE INDEX "IDX_user_metadata_update_id" ON "user_metadata" ("updateId");
CREATE INDEX "IDX_user_metadata_updated_at" ON "user_metadata" ("updatedAt");
CREATE OR REPLACE TRIGGER "user_metadata_audit"
  AFTER DELETE ON "user_metadata"
  REFERENCING OLD TABLE AS "old"
  FOR EACH STATEMENT
  WHEN (pg_trigger_depth() = 0)
  EXECUTE FUNCTION user_metadata_audit();
CREATE OR REPLACE TRIGGER "user_metadata_updated_at"
  BEFORE UPDATE ON "user_metadata"
  FOR EACH ROW
  EXECUTE FUNCTION updated_at();`,
		rewrite: true, long: true, lock: "AccessExclusiveLock", why: "new columns with defaults (immich_uuid_v7() is volatile: user_metadata is rewritten) and triggers that record deletes in a new table; every statement of the serving version still works"},
	{name: "sessions pinExpiresAt added", source: "immich 1746987967923-AddPinExpiresAtColumn", table: "sessions",
		stmt: `ALTER TABLE "sessions" ADD "pinExpiresAt" timestamp with time zone;`,
		lock: "AccessExclusiveLock", why: "a nullable column without a default"},
	{name: "sessions expiredAt and parentId with a self foreign key", source: "immich 1747329504572-AddNewSessionColumns", table: "sessions",
		stmt: `ALTER TABLE "sessions" ADD "expiredAt" timestamp with time zone;
ALTER TABLE "sessions" ADD "parentId" uuid;
ALTER TABLE "sessions" ADD CONSTRAINT "FK_afbbabbd7daf5b91de4dca84de8" FOREIGN KEY ("parentId") REFERENCES "sessions" ("id") ON UPDATE CASCADE ON DELETE CASCADE;
CREATE INDEX "IDX_afbbabbd7daf5b91de4dca84de" ON "sessions" ("parentId")`,
		long: true, lock: "AccessExclusiveLock", why: "new nullable columns the serving version leaves NULL, so the foreign key refuses nothing; its validation and the index build scan sessions under AccessExclusiveLock"},
	{name: "sessions isPendingSyncReset added", source: "immich 1752169992364-AddIsPendingSyncReset", table: "sessions",
		stmt: `ALTER TABLE "sessions" ADD "isPendingSyncReset" boolean NOT NULL DEFAULT false;`,
		lock: "AccessExclusiveLock", why: "a constant default"},
	{name: "partners createId from a volatile default, backfilled", source: "immich 1750107668827-PartnerCreateId", table: "partners",
		stmt: `ALTER TABLE "partners" ADD "createId" uuid NOT NULL DEFAULT immich_uuid_v7();
UPDATE "partners" SET "createId" = immich_uuid_v7("createdAt")`,
		rewrite: true, long: true, lock: "AccessExclusiveLock", why: "a NOT NULL column with a volatile default (immich_uuid_v7()): partners is rewritten under AccessExclusiveLock; the serving version's inserts leave it to the default"},
	{name: "album users createId and createdAt", source: "immich 1750189909087-AddAlbumUserCreateFields (part: the partners index left out, it needs PartnerCreateId's column)", table: "albums_shared_users_users",
		stmt: `ALTER TABLE "albums_shared_users_users" ADD "createId" uuid NOT NULL DEFAULT immich_uuid_v7();
ALTER TABLE "albums_shared_users_users" ADD "createdAt" timestamp with time zone NOT NULL DEFAULT now();
CREATE INDEX "IDX_album_users_create_id" ON "albums_shared_users_users" ("createId")`,
		rewrite: true, long: true, lock: "AccessExclusiveLock", why: "defaulted columns the serving version leaves out; the volatile default rewrites albums_shared_users_users under AccessExclusiveLock"},
	{name: "album audit tables and triggers", source: "immich 1747664684909-AddAlbumAuditTables", table: "albums_shared_users_users",
		stmt: `CREATE OR REPLACE FUNCTION album_user_after_insert()
  RETURNS TRIGGER
  LANGUAGE PLPGSQL
  AS $$
    BEGIN
      UPDATE albums SET "updatedAt" = clock_timestamp(), "updateId" = immich_uuid_v7(clock_timestamp())
      WHERE "id" IN (SELECT DISTINCT "albumsId" FROM inserted_rows);
      RETURN NULL;
    END
  $$;
CREATE OR REPLACE FUNCTION albums_delete_audit()
  RETURNS TRIGGER
  LANGUAGE PLPGSQL
  AS $$
    BEGIN
      INSERT INTO albums_audit ("albumId", "userId")
      SELECT "id", "ownerId"
      FROM OLD;
      RETURN NULL;
    END
  $$;
CREATE OR REPLACE FUNCTION album_users_delete_audit()
  RETURNS TRIGGER
  LANGUAGE PLPGSQL
  AS $$
    BEGIN
      INSERT INTO albums_audit ("albumId", "userId")
      SELECT "albumsId", "usersId"
      FROM OLD;

      IF pg_trigger_depth() = 1 THEN
        INSERT INTO album_users_audit ("albumId", "userId")
        SELECT "albumsId", "usersId"
        FROM OLD;
      END IF;

      RETURN NULL;
    END
  $$;
CREATE TABLE "albums_audit" ("id" uuid NOT NULL DEFAULT immich_uuid_v7(), "albumId" uuid NOT NULL, "userId" uuid NOT NULL, "deletedAt" timestamp with time zone NOT NULL DEFAULT clock_timestamp());
CREATE TABLE "album_users_audit" ("id" uuid NOT NULL DEFAULT immich_uuid_v7(), "albumId" uuid NOT NULL, "userId" uuid NOT NULL, "deletedAt" timestamp with time zone NOT NULL DEFAULT clock_timestamp());
ALTER TABLE "albums_audit" ADD CONSTRAINT "PK_c75efea8d4dce316ad29b851a8b" PRIMARY KEY ("id");
ALTER TABLE "album_users_audit" ADD CONSTRAINT "PK_f479a2e575b7ebc9698362c1688" PRIMARY KEY ("id");
ALTER TABLE "albums_shared_users_users" ADD "updateId" uuid NOT NULL DEFAULT immich_uuid_v7();
ALTER TABLE "albums_shared_users_users" ADD "updatedAt" timestamp with time zone NOT NULL DEFAULT now();
CREATE INDEX "IDX_album_users_update_id" ON "albums_shared_users_users" ("updateId");
CREATE INDEX "IDX_albums_audit_album_id" ON "albums_audit" ("albumId");
CREATE INDEX "IDX_albums_audit_user_id" ON "albums_audit" ("userId");
CREATE INDEX "IDX_albums_audit_deleted_at" ON "albums_audit" ("deletedAt");
CREATE INDEX "IDX_album_users_audit_album_id" ON "album_users_audit" ("albumId");
CREATE INDEX "IDX_album_users_audit_user_id" ON "album_users_audit" ("userId");
CREATE INDEX "IDX_album_users_audit_deleted_at" ON "album_users_audit" ("deletedAt");
CREATE OR REPLACE TRIGGER "albums_delete_audit"
  AFTER DELETE ON "albums"
  REFERENCING OLD TABLE AS "old"
  FOR EACH STATEMENT
  WHEN (pg_trigger_depth() = 0)
  EXECUTE FUNCTION albums_delete_audit();
CREATE OR REPLACE TRIGGER "album_users_delete_audit"
  AFTER DELETE ON "albums_shared_users_users"
  REFERENCING OLD TABLE AS "old"
  FOR EACH STATEMENT
  WHEN (pg_trigger_depth() <= 1)
  EXECUTE FUNCTION album_users_delete_audit();
CREATE OR REPLACE TRIGGER "album_user_after_insert"
  AFTER INSERT ON "albums_shared_users_users"
  REFERENCING NEW TABLE AS "inserted_rows"
  FOR EACH STATEMENT
  EXECUTE FUNCTION album_user_after_insert();
CREATE OR REPLACE TRIGGER "album_users_updated_at"
  BEFORE UPDATE ON "albums_shared_users_users"
  FOR EACH ROW
  EXECUTE FUNCTION updated_at();`,
		rewrite: true, long: true, lock: "AccessExclusiveLock", why: "the new triggers update albums after inserts and record deletes in new tables: every step still works; the volatile default rewrites albums_shared_users_users under AccessExclusiveLock"},
	{name: "extra indexes dropped", source: "immich 1746636476623-DropExtraIndexes (part: the DROP INDEX statements; the ALTER DATABASE search_path and naturalearth_countries primary key left out)", table: "partners",
		stmt: `DROP INDEX IF EXISTS "IDX_02a43fd0b3c50fb6d7f0cb7282";
DROP INDEX IF EXISTS "IDX_95ad7106dd7b484275443f580f";
DROP INDEX IF EXISTS "IDX_7e077a8b70b3530138610ff5e0";
DROP INDEX IF EXISTS "IDX_92e67dc508c705dd66c9461557";
DROP INDEX IF EXISTS "IDX_6afb43681a21cf7815932bc38a";`,
		waitsOnly: "require-concurrent-index-deletion", lock: "AccessExclusiveLock", why: "the dropped indexes duplicate the leading columns of primary keys; nothing refers to them (the three on tables not in this schema are IF EXISTS no-ops)"},
	{name: "asset visibility enum replaces isVisible and isArchived", source: "immich 1745902563899-AddAssetVisibilityColumn", table: "assets",
		stmt: `CREATE TYPE "asset_visibility_enum" AS ENUM ('archive','timeline','hidden');
ALTER TABLE "assets"
    ADD "visibility" asset_visibility_enum NOT NULL DEFAULT 'timeline';

    UPDATE "assets"
    SET "visibility" = CASE
                        WHEN "isArchived" THEN 'archive'::asset_visibility_enum
                        WHEN "isVisible" THEN 'timeline'::asset_visibility_enum
                        ELSE 'hidden'::asset_visibility_enum
                      END;
ALTER TABLE "assets" DROP COLUMN "isVisible";
ALTER TABLE "assets" DROP COLUMN "isArchived";`,
		breaks: true, long: true, lock: "AccessExclusiveLock", why: "step 'immich: assets, exif and the asset audit, typed' fails: column \"isVisible\" of relation \"assets\" does not exist (42703)"},
	{name: "activity on assets outside the album deleted, composite foreign key", source: "immich 1749235207144-AddActivityAssetFk", table: "activity",
		stmt: `DELETE FROM activity AS a
          WHERE a."assetId" IS NOT NULL
          AND NOT EXISTS (
            SELECT 1
              FROM public.albums_assets_assets AS aaa
              WHERE a."albumId" = aaa."albumsId"
              AND a."assetId" = aaa."assetsId"
        );
ALTER TABLE activity
        ADD CONSTRAINT fk_activity_album_asset_composite
        FOREIGN KEY ("albumId", "assetId")
        REFERENCES public.albums_assets_assets ("albumsId", "assetsId")
        ON UPDATE NO ACTION
        ON DELETE CASCADE;`,
		breaks: true, long: true, lock: "ShareRowExclusiveLock", why: "the DELETE removes the comment data.sql wrote on an asset since taken out of its album (as Immich kept them): the first step's count of activity rows fails (P0001); the foreign key's validation scans activity under ShareRowExclusiveLock"},
	{name: "album assets updatedAt, updateId and trigger", source: "immich 1750676477029-AlbumAssetUpdateId", table: "albums_assets_assets",
		stmt: `ALTER TABLE "albums_assets_assets" ADD "updatedAt" timestamp with time zone NOT NULL DEFAULT now();
ALTER TABLE "albums_assets_assets" ADD "updateId" uuid NOT NULL DEFAULT immich_uuid_v7();
CREATE INDEX "IDX_album_assets_update_id" ON "albums_assets_assets" ("updateId");
CREATE OR REPLACE TRIGGER "album_assets_updated_at"
  BEFORE UPDATE ON "albums_assets_assets"
  FOR EACH ROW
  EXECUTE FUNCTION updated_at();`,
		rewrite: true, long: true, lock: "AccessExclusiveLock", why: "defaulted columns the serving version leaves out, a trigger that sets them on update; the volatile default rewrites albums_assets_assets under AccessExclusiveLock"},
	{name: "album asset delete trigger and audit foreign key", source: "immich 1750780093818-AddAlbumToAssetDeleteTrigger", table: "albums_assets_assets",
		stmt: `CREATE OR REPLACE FUNCTION album_assets_delete_audit()
  RETURNS TRIGGER
  LANGUAGE PLPGSQL
  AS $$
    BEGIN
      INSERT INTO album_assets_audit ("albumId", "assetId")
      SELECT "albumsId", "assetsId" FROM OLD
      WHERE "albumsId" IN (SELECT "id" FROM albums WHERE "id" IN (SELECT "albumsId" FROM OLD));
      RETURN NULL;
    END
  $$;
ALTER TABLE "album_assets_audit" ADD CONSTRAINT "FK_8047b44b812619a3c75a2839b0d" FOREIGN KEY ("albumId") REFERENCES "albums" ("id") ON UPDATE CASCADE ON DELETE CASCADE;
CREATE OR REPLACE TRIGGER "album_assets_delete_audit"
  AFTER DELETE ON "albums_assets_assets"
  REFERENCING OLD TABLE AS "old"
  FOR EACH STATEMENT
  WHEN (pg_trigger_depth() <= 1)
  EXECUTE FUNCTION album_assets_delete_audit();`,
		lock: "ShareRowExclusiveLock", why: "album asset deletes are now recorded in album_assets_audit (an album deleted with its assets records none); every step still works; ShareRowExclusiveLock without a scan of albums_assets_assets"},
	{name: "memory audit tables, memory assets sync columns and triggers", source: "immich 1751035357937-MemorySyncChanges", table: "memories_assets_assets",
		stmt: `CREATE TABLE "memory_assets_audit" ("id" uuid NOT NULL DEFAULT immich_uuid_v7(), "memoryId" uuid NOT NULL, "assetId" uuid NOT NULL, "deletedAt" timestamp with time zone NOT NULL DEFAULT clock_timestamp());
CREATE TABLE "memories_audit" ("id" uuid NOT NULL DEFAULT immich_uuid_v7(), "memoryId" uuid NOT NULL, "userId" uuid NOT NULL, "deletedAt" timestamp with time zone NOT NULL DEFAULT clock_timestamp());
ALTER TABLE "memories_assets_assets" ADD "createdAt" timestamp with time zone NOT NULL DEFAULT now();
ALTER TABLE "memories_assets_assets" ADD "updatedAt" timestamp with time zone NOT NULL DEFAULT now();
ALTER TABLE "memories_assets_assets" ADD "updateId" uuid NOT NULL DEFAULT immich_uuid_v7();
ALTER TABLE "memory_assets_audit" ADD CONSTRAINT "PK_35ef16910228f980e0766dcc59b" PRIMARY KEY ("id");
ALTER TABLE "memories_audit" ADD CONSTRAINT "PK_19de798c033a710dcfa5c72f81b" PRIMARY KEY ("id");
ALTER TABLE "memory_assets_audit" ADD CONSTRAINT "FK_225a204afcb0bd6de015080fb03" FOREIGN KEY ("memoryId") REFERENCES "memories" ("id") ON UPDATE CASCADE ON DELETE CASCADE;
CREATE INDEX "IDX_memory_assets_audit_memory_id" ON "memory_assets_audit" ("memoryId");
CREATE INDEX "IDX_memory_assets_audit_asset_id" ON "memory_assets_audit" ("assetId");
CREATE INDEX "IDX_memory_assets_audit_deleted_at" ON "memory_assets_audit" ("deletedAt");
CREATE INDEX "IDX_memory_assets_update_id" ON "memories_assets_assets" ("updateId");
CREATE INDEX "IDX_memories_audit_memory_id" ON "memories_audit" ("memoryId");
CREATE INDEX "IDX_memories_audit_user_id" ON "memories_audit" ("userId");
CREATE INDEX "IDX_memories_audit_deleted_at" ON "memories_audit" ("deletedAt");
CREATE OR REPLACE FUNCTION memories_delete_audit()
  RETURNS TRIGGER
  LANGUAGE PLPGSQL
  AS $$
    BEGIN
      INSERT INTO memories_audit ("memoryId", "userId")
      SELECT "id", "ownerId"
      FROM OLD;
      RETURN NULL;
    END
  $$;
CREATE OR REPLACE FUNCTION memory_assets_delete_audit()
  RETURNS TRIGGER
  LANGUAGE PLPGSQL
  AS $$
    BEGIN
      INSERT INTO memory_assets_audit ("memoryId", "assetId")
      SELECT "memoriesId", "assetsId" FROM OLD
      WHERE "memoriesId" IN (SELECT "id" FROM memories WHERE "id" IN (SELECT "memoriesId" FROM OLD));
      RETURN NULL;
    END
  $$;
CREATE OR REPLACE TRIGGER "memories_delete_audit"
  AFTER DELETE ON "memories"
  REFERENCING OLD TABLE AS "old"
  FOR EACH STATEMENT
  WHEN (pg_trigger_depth() = 0)
  EXECUTE FUNCTION memories_delete_audit();
CREATE OR REPLACE TRIGGER "memory_assets_delete_audit"
  AFTER DELETE ON "memories_assets_assets"
  REFERENCING OLD TABLE AS "old"
  FOR EACH STATEMENT
  WHEN (pg_trigger_depth() <= 1)
  EXECUTE FUNCTION memory_assets_delete_audit();
CREATE OR REPLACE TRIGGER "memory_assets_updated_at"
  BEFORE UPDATE ON "memories_assets_assets"
  FOR EACH ROW
  EXECUTE FUNCTION updated_at();`,
		rewrite: true, long: true, lock: "AccessExclusiveLock", why: "defaulted columns the serving version leaves out, delete audit triggers into new tables; the volatile default rewrites memories_assets_assets"},
	{name: "exif projectionType made an enum", source: "immich 1747566384242-ChangeProjectionTypeToEnum (the statements its up runs when no unknown value is found, as on this data)", table: "exif",
		stmt: `CREATE TYPE "projection_type_enum" AS ENUM ('SPHERICAL', 'EQUIRECTANGULAR', 'SPATIAL_APPLE_PHOTO', 'SPATIAL_APPLE_VIDEO');
ALTER TABLE "exif" ADD "projection_type_temp_enum" "projection_type_enum";
ALTER TABLE "exif" ADD "projection_type_original_string" character varying;

    UPDATE "exif"
    SET
      "projection_type_temp_enum" = CASE "projectionType"
        WHEN 'SPHERICAL' THEN 'SPHERICAL'::"projection_type_enum"
        WHEN 'EQUIRECTANGULAR' THEN 'EQUIRECTANGULAR'::"projection_type_enum"
        WHEN 'SPATIAL_APPLE_PHOTO' THEN 'SPATIAL_APPLE_PHOTO'::"projection_type_enum"
        WHEN 'SPATIAL_APPLE_VIDEO' THEN 'SPATIAL_APPLE_VIDEO'::"projection_type_enum"
        ELSE NULL
      END,
      "projection_type_original_string" = CASE
        WHEN "projectionType" IN ('SPHERICAL', 'EQUIRECTANGULAR', 'SPATIAL_APPLE_PHOTO', 'SPATIAL_APPLE_VIDEO') THEN NULL
        ELSE "projectionType"
      END;
SELECT COUNT(*) FROM "exif" WHERE "projection_type_original_string" IS NOT NULL;
ALTER TABLE "exif" DROP COLUMN "projection_type_original_string";
ALTER TABLE "exif" DROP COLUMN "projectionType";
ALTER TABLE "exif" RENAME COLUMN "projection_type_temp_enum" TO "projectionType";`,
		breaks: true, long: true, lock: "AccessExclusiveLock", why: "step 'immich: assets, exif and the asset audit, typed' fails: column \"projectionType\" is of type projection_type_enum but expression is of type character varying (42804)"},
	{name: "notifications table", source: "immich 1744991379464-AddNotificationsTable", table: "users",
		stmt: `CREATE TABLE "notifications" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "createdAt" timestamp with time zone NOT NULL DEFAULT now(), "updatedAt" timestamp with time zone NOT NULL DEFAULT now(), "deletedAt" timestamp with time zone, "updateId" uuid NOT NULL DEFAULT immich_uuid_v7(), "userId" uuid, "level" character varying NOT NULL DEFAULT 'info', "type" character varying NOT NULL DEFAULT 'info', "data" jsonb, "title" character varying NOT NULL, "description" text, "readAt" timestamp with time zone);
ALTER TABLE "notifications" ADD CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id");
ALTER TABLE "notifications" ADD CONSTRAINT "FK_692a909ee0fa9383e7859f9b406" FOREIGN KEY ("userId") REFERENCES "users" ("id") ON UPDATE CASCADE ON DELETE CASCADE;
CREATE INDEX "IDX_notifications_update_id" ON "notifications" ("updateId");
CREATE INDEX "IDX_692a909ee0fa9383e7859f9b40" ON "notifications" ("userId");
CREATE OR REPLACE TRIGGER "notifications_updated_at"
  BEFORE UPDATE ON "notifications"
  FOR EACH ROW
  EXECUTE FUNCTION updated_at();`,
		lock: "ShareRowExclusiveLock", why: "a new table; its foreign key takes ShareRowExclusiveLock on users without scanning it"},
	{name: "api_keys renamed api_key", source: "immich 1752267649968-StandardizeNames (part: api_keys)", table: "api_keys",
		stmt: `ALTER TABLE "api_keys" RENAME TO "api_key";
DROP TRIGGER "api_keys_updated_at" ON "api_key";
ALTER TABLE "api_key" RENAME CONSTRAINT "PK_5c8a79801b44bd27b79228e1dad" TO "api_key_pkey";
ALTER TABLE "api_key" RENAME CONSTRAINT "FK_6c2e267ae764a9413b863a29342" TO "api_key_userId_fkey";`,
		breaks: true, lock: "AccessExclusiveLock", why: "the first step (rows data.sql wrote are still there) fails: relation \"api_keys\" does not exist (42P01)"},
	{name: "partners renamed partner, its triggers dropped", source: "immich 1752267649968-StandardizeNames (part: partners)", table: "partners",
		stmt: `ALTER TABLE "partners" RENAME TO "partner";
DROP TRIGGER "partners_delete_audit" ON "partner";
DROP TRIGGER "partners_updated_at" ON "partner";
ALTER TABLE "partner" RENAME CONSTRAINT "PK_f1cc8f73d16b367f426261a8736" TO "partner_pkey";
ALTER TABLE "partner" RENAME CONSTRAINT "FK_7e077a8b70b3530138610ff5e04" TO "partner_sharedById_fkey";
ALTER TABLE "partner" RENAME CONSTRAINT "FK_d7e875c6c60e661723dbf372fd3" TO "partner_sharedWithId_fkey";`,
		breaks: true, lock: "AccessExclusiveLock", why: "the first step (rows data.sql wrote are still there) fails: relation \"partners\" does not exist (42P01)"},
	{name: "albums isPublicInInstance added", source: "immich 1745092119358-AddIsPublicInInstance", table: "albums",
		stmt: `ALTER TABLE "albums" ADD "isPublicInInstance" boolean NOT NULL DEFAULT false`,
		lock: "AccessExclusiveLock", why: "a constant default"},
	{name: "album descriptions made nullable, empty ones NULL", source: "immich 1752748800000-NullifyEmptyDescriptions (part: albums; asset_exif is the later name of exif)", table: "albums",
		stmt: `ALTER TABLE "albums" ALTER COLUMN "description" DROP DEFAULT, ALTER COLUMN "description" DROP NOT NULL;
UPDATE "albums" SET "description" = NULL WHERE "description" = ''`,
		long: true, lock: "AccessExclusiveLock", why: "measured: no step fails; the data.sql rows whose description the update sets to NULL are not asserted (D) and the dropped default's value is not asserted; the update scans albums under the ALTER's AccessExclusiveLock"},
	{name: "website_event uuid with a volatile default", source: "squawk adding-field-with-default", table: "website_event",
		stmt:    `ALTER TABLE "website_event" ADD COLUMN "visit_uuid" uuid DEFAULT gen_random_uuid()`,
		rewrite: true, long: true, lock: "AccessExclusiveLock", why: "a new column nothing reads; the volatile default rewrites website_event under AccessExclusiveLock"},
	{name: "website_event session foreign key", source: "squawk adding-foreign-key-constraint", table: "website_event",
		stmt:   `ALTER TABLE "website_event" ADD CONSTRAINT "website_event_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "session" ("session_id")`,
		breaks: true, long: true, lock: "ShareRowExclusiveLock", why: "step 'umami: sessions, events and event data, typed' fails: insert or update on table \"website_event\" violates foreign key constraint \"website_event_session_id_fkey\" (23503)"},
	{name: "website_event session foreign key NOT VALID", source: "squawk adding-foreign-key-constraint (NOT VALID)", table: "website_event",
		stmt:   `ALTER TABLE "website_event" ADD CONSTRAINT "website_event_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "session" ("session_id") NOT VALID`,
		breaks: true, lock: "ShareRowExclusiveLock", why: "NOT VALID skips the existing rows, but new ones are checked: the boundary event for a session of no row fails (23503)"},
	{name: "website domain SET NOT NULL", source: "squawk adding-not-nullable-field", table: "website",
		stmt:   `ALTER TABLE "website" ALTER COLUMN "domain" SET NOT NULL`,
		breaks: true, long: true, lock: "AccessExclusiveLock", why: "step 'umami: websites, typed' fails: null value in column \"domain\" of relation \"website\" violates not-null constraint (23502)"},
	{name: "memory assets bigserial id", source: "squawk adding-serial-primary-key-field", table: "memories_assets_assets",
		stmt:    `ALTER TABLE "memories_assets_assets" ADD COLUMN "id" bigserial`,
		rewrite: true, long: true, lock: "AccessExclusiveLock", why: "a new column from a sequence: memories_assets_assets rewritten under AccessExclusiveLock; the serving version's inserts leave it to the default"},
	{name: "sessions deviceOS dropped", source: "squawk ban-drop-column", table: "sessions",
		stmt:   `ALTER TABLE "sessions" DROP COLUMN "deviceOS"`,
		breaks: true, lock: "AccessExclusiveLock", why: "step 'immich: sessions, API keys and partners, typed' fails: column \"deviceOS\" of relation \"sessions\" does not exist (42703)"},
	{name: "assets deviceId DROP NOT NULL", source: "squawk ban-drop-not-null", table: "assets",
		stmt: `ALTER TABLE "assets" ALTER COLUMN "deviceId" DROP NOT NULL`,
		lock: "AccessExclusiveLock", why: "the serving version still writes deviceId; no read fails on NULLs it never wrote"},
	{name: "segment dropped", source: "squawk ban-drop-table", table: "segment",
		stmt:   `DROP TABLE "segment"`,
		breaks: true, lock: "AccessExclusiveLock", why: "the first step (rows data.sql wrote are still there) fails: relation \"segment\" does not exist (42P01)"},
	{name: "website_event url_path narrowed to varchar(100)", source: "squawk changing-column-type", table: "website_event",
		stmt:    `ALTER TABLE "website_event" ALTER COLUMN "url_path" TYPE varchar(100)`,
		rewrite: true, long: true, lock: "AccessExclusiveLock", why: "measured: every path the serving version writes fits in 100 characters, and varchar(100) is the same text type (T); rewritten under AccessExclusiveLock"},
	{name: "session browser widened to varchar(50)", source: "squawk changing-column-type (safe: widening varchar)", table: "session",
		stmt: `ALTER TABLE "session" ALTER COLUMN "browser" TYPE varchar(50)`,
		lock: "AccessExclusiveLock", why: "widening within the text family (T), no rewrite and no index on browser"},
	{name: "website_event event_type integer to bigint", source: "squawk changing-column-type (integer to bigint)", table: "website_event",
		stmt:    `ALTER TABLE "website_event" ALTER COLUMN "event_type" TYPE bigint`,
		rewrite: true, long: true, lock: "AccessExclusiveLock", why: "widening within the integer family (T); the integer binds still assign; rewritten under AccessExclusiveLock"},
	{name: "exif fNumber double precision to real", source: "squawk changing-column-type (double precision to real)", table: "exif",
		stmt:   `ALTER TABLE "exif" ALTER COLUMN "fNumber" TYPE real`,
		breaks: true, rewrite: true, long: true, lock: "AccessExclusiveLock", why: "step 'immich: assets, exif and the asset audit, typed' fails: the exif it writes reads back fNumber 1.68 as real, which is not the 1.68 it bound as double precision (assertion 'exif as written', P0001); a change of type outside T"},
	{name: "session country char(2) to varchar(2)", source: "squawk ban-char-field", table: "session",
		stmt:   `ALTER TABLE "session" ALTER COLUMN "country" TYPE varchar(2)`,
		breaks: true, rewrite: true, long: true, lock: "AccessExclusiveLock", why: "step 'umami: sessions, events and event data, typed' fails: country now reads as text, not character (assertion 'session types', P0001); the cast rewrites session"},
	{name: "revenue three-letter currency check", source: "squawk constraint-missing-not-valid", table: "revenue",
		stmt:   `ALTER TABLE "revenue" ADD CONSTRAINT "revenue_currency_check" CHECK (char_length(currency) = 3)`,
		breaks: true, long: true, lock: "AccessExclusiveLock", why: "step 'umami: reports, segments, revenue and boards, typed' fails: new row for relation \"revenue\" violates check constraint \"revenue_currency_check\" (23514)"},
	{name: "revenue three-letter currency check NOT VALID", source: "squawk constraint-missing-not-valid (NOT VALID)", table: "revenue",
		stmt:   `ALTER TABLE "revenue" ADD CONSTRAINT "revenue_currency_check" CHECK (char_length(currency) = 3) NOT VALID`,
		breaks: true, lock: "AccessExclusiveLock", why: "NOT VALID skips the existing rows, but new ones are checked: the revenue step's boundary row with currency '' fails (23514)"},
	{name: "unique board name", source: "squawk disallowed-unique-constraint", table: "board",
		stmt:   `ALTER TABLE "board" ADD CONSTRAINT "board_name_key" UNIQUE ("name")`,
		breaks: true, long: true, lock: "AccessExclusiveLock", why: "the board step's boundary row named 'Overview' like a board data.sql wrote fails (23505); building the index scans board under AccessExclusiveLock"},
	{name: "unique session token index built concurrently", source: "squawk disallowed-unique-constraint (CREATE UNIQUE INDEX CONCURRENTLY)", table: "sessions", nonTx: true,
		stmt:   `CREATE UNIQUE INDEX CONCURRENTLY "UQ_sessions_token" ON "sessions" ("token")`,
		breaks: true, lock: "", why: "the sessions step's boundary rows with the same token, which the old schema accepts, fail (23505)"},
	{name: "albums albumName renamed", source: "squawk renaming-column", table: "albums",
		stmt:   `ALTER TABLE "albums" RENAME COLUMN "albumName" TO "name"`,
		breaks: true, lock: "AccessExclusiveLock", why: "step 'immich: albums, album users, album assets and activity, typed' fails: column \"albumName\" of relation \"albums\" does not exist (42703)"},
	{name: "revenue renamed", source: "squawk renaming-table", table: "revenue",
		stmt:   `ALTER TABLE "revenue" RENAME TO "revenues"`,
		breaks: true, lock: "AccessExclusiveLock", why: "the first step (rows data.sql wrote are still there) fails: relation \"revenue\" does not exist (42P01)"},
	{name: "assets status index", source: "squawk require-concurrent-index-creation", table: "assets",
		stmt: `CREATE INDEX "IDX_assets_status" ON "assets" ("status")`,
		long: true, lock: "ShareLock", why: "a new index; the build scans assets under ShareLock"},
	{name: "website_event event name index built concurrently", source: "squawk require-concurrent-index-creation (CONCURRENTLY)", table: "website_event", nonTx: true,
		stmt: `CREATE INDEX CONCURRENTLY "website_event_website_id_event_name_idx" ON "website_event" ("website_id", "event_name")`,
		lock: "", why: "a new index built without a write-blocking lock"},
	{name: "assets duplicateId index dropped concurrently", source: "squawk require-concurrent-index-deletion (CONCURRENTLY)", table: "assets", nonTx: true,
		stmt: `DROP INDEX CONCURRENTLY "IDX_assets_duplicateId"`,
		lock: "", why: "the index is used by no constraint or ON CONFLICT; dropped without a write-blocking lock"},
	{name: "memories truncated with CASCADE", source: "squawk ban-truncate-cascade", table: "memories",
		stmt:   `TRUNCATE "memories" CASCADE`,
		breaks: true, rewrite: true, long: true, lock: "AccessExclusiveLock", why: "the rows data.sql wrote are gone (memories and, by CASCADE, memories_assets_assets): the first step's count fails (P0001); TRUNCATE gives memories a new file under AccessExclusiveLock"},
	{name: "asset status value added", source: "pg: sql-altertype (ADD VALUE)", table: "assets",
		stmt: `ALTER TYPE "assets_status_enum" ADD VALUE 'archived'`,
		lock: "", why: "a new enum value; the serving version writes only the old ones"},
	{name: "asset status trashed renamed", source: "pg: sql-altertype (RENAME VALUE)", table: "assets",
		stmt:   `ALTER TYPE "assets_status_enum" RENAME VALUE 'trashed' TO 'in_trash'`,
		breaks: true, lock: "", why: "step 'immich: assets, exif and the asset audit, typed' fails: invalid input value for enum assets_status_enum: \"trashed\" (22P02)"},
	{name: "partner delete audit trigger disabled", source: "pg: sql-altertable (DISABLE TRIGGER)", table: "partners",
		stmt:   `ALTER TABLE "partners" DISABLE TRIGGER "partners_delete_audit"`,
		breaks: true, lock: "ShareRowExclusiveLock", why: "step 'immich: sessions, API keys and partners, typed' fails: assertion failed: partner removal audited by partners_delete_audit (P0001)"},
	{name: "albums order default changed", source: "pg: sql-altertable (SET DEFAULT)", table: "albums",
		stmt: `ALTER TABLE "albums" ALTER COLUMN "order" SET DEFAULT 'asc'`,
		lock: "AccessExclusiveLock", why: "the value a default gives is not asserted"},
	{name: "sessions deviceType default dropped", source: "pg: sql-altertable (DROP DEFAULT)", table: "sessions",
		stmt:   `ALTER TABLE "sessions" ALTER COLUMN "deviceType" DROP DEFAULT`,
		breaks: true, lock: "AccessExclusiveLock", why: "step 'immich: sessions, API keys and partners, typed' fails: null value in column \"deviceType\" of relation \"sessions\" violates not-null constraint (23502)"},
	{name: "view of album asset counts", source: "pg: sql-createview", table: "albums",
		stmt: `CREATE VIEW "album_asset_counts" AS SELECT a.id, a."albumName", count(aa."assetsId") AS "assetCount" FROM albums a LEFT JOIN albums_assets_assets aa ON aa."albumsId" = a.id GROUP BY a.id`,
		lock: "AccessShareLock", why: "a new view; AccessShareLock on albums"},
	{name: "row level security on memories", source: "pg: ddl-rowsecurity (ENABLE ROW LEVEL SECURITY)", table: "memories",
		stmt:   `ALTER TABLE "memories" ENABLE ROW LEVEL SECURITY`,
		breaks: true, lock: "AccessExclusiveLock", why: "{{role}} is not the owner and no policy admits it: it sees no memories, the first step's count fails (P0001)"},
	{name: "delete on user_metadata revoked", source: "pg: sql-revoke", table: "user_metadata",
		stmt:   `REVOKE DELETE ON "user_metadata" FROM {{role}}`,
		breaks: true, lock: "", why: "step 'immich: users, user metadata and the user audit, typed' fails: permission denied for table user_metadata (42501)"},
	{name: "website_event clustered on its primary key", source: "pg: sql-cluster", table: "website_event",
		stmt:    `CLUSTER "website_event" USING "website_event_pkey"`,
		rewrite: true, long: true, lock: "AccessExclusiveLock", why: "no statement fails; CLUSTER rewrites website_event under AccessExclusiveLock"},
	{name: "revenue cents as a stored generated column", source: "pg: sql-altertable (ADD COLUMN GENERATED ALWAYS AS STORED)", table: "revenue",
		stmt:    `ALTER TABLE "revenue" ADD COLUMN "revenue_cents" bigint GENERATED ALWAYS AS ((revenue * 100)::bigint) STORED`,
		rewrite: true, long: true, lock: "AccessExclusiveLock", why: "a column nothing reads; computing it rewrites revenue under AccessExclusiveLock"},
	{name: "comment on website share_id", source: "pg: sql-comment", table: "website",
		stmt: `COMMENT ON COLUMN "website"."share_id" IS 'Public share link id; unique'`,
		lock: "ShareUpdateExclusiveLock", why: "a comment; ShareUpdateExclusiveLock"},
	{name: "updated_at trigger function replaced without updateId", source: "pg: sql-createfunction (CREATE OR REPLACE)", table: "users",
		stmt:   `CREATE OR REPLACE FUNCTION updated_at() RETURNS TRIGGER LANGUAGE PLPGSQL AS $$ BEGIN new."updatedAt" = clock_timestamp(); return new; END; $$`,
		breaks: true, lock: "", why: "step 'immich: users, user metadata and the user audit, typed' fails: assertion failed: user updated, updateId set by the updated_at trigger (P0001)"},
}

func TestHoldout11Measured(t *testing.T) { measureHoldout(t, "holdout11", "eleventh", holdout11, 65) }

// TestHoldout11OnPostgres holds pkg/migrate to issue 25's goal on this holdout set: no breaking
// change classified expand, at most 2 safe ones classified contract, every long lock or
// rewrite warned. The measurement is checked first (as TestHoldout11Measured does).
func TestHoldout11OnPostgres(t *testing.T) {
	checkHoldout(t, "holdout11", holdout11, knownSafeContract11, knownUnwarned11)
}

// knownSafeContract11 are this set's safe statements the classifier calls contract. Its first
// run was 0 breaking classified expand, 13 safe contract, 0 unwarned. Umami's duplicate unique
// indexes beside the primary keys went to a general rule (TestUniqueIndexKeptByAnotherOnPostgres),
// and Immich's CREATE OR REPLACE TRIGGER on the table the same migration creates to another (a
// new table has no trigger to replace). Of the ten left, four are labelled safe only because the
// workload never writes a value as long as the old schema takes (TestHoldoutLabelsTheDefinitionBreaks:
// rule B); five are Immich's audit and updated_at triggers, whose functions call immich_uuid_v7()
// or write tables (the quiet-trigger rule cannot read them); one drops a default the serving
// version never relies on.
var knownSafeContract11 = []string{"report type narrowed to varchar(50)", "revenue currency narrowed to varchar(10)", "segment type narrowed to varchar(50)",
	"user metadata audit table, updateId, updatedAt and triggers", "album audit tables and triggers", "album assets updatedAt, updateId and trigger",
	"album asset delete trigger and audit foreign key", "memory audit tables, memory assets sync columns and triggers", "album descriptions made nullable, empty ones NULL",
	"website_event url_path narrowed to varchar(100)"}

// knownUnwarned11: none known before the first run.
var knownUnwarned11 []string
