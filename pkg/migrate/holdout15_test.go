package migrate_test

import "testing"

// The fifteenth sealed holdout set, built by testdata/HOLDOUT.md by people who did not read or
// run the classifier: its labels were written before measuring, from the definition alone, and
// then checked against PostgreSQL 15 (TestHoldout15Measured, the only test its builders ran).
//
// Sources, two projects no earlier set used:
//
//   - Dendrite (github.com/matrix-org/dendrite, 084181332b5c364e2442d3c98522ad8848bc4d36): the SQL
//     strings of the Up functions of <component>/storage/postgres/deltas/<name>.go ("dendrite
//     <component> <name>"), verbatim, cut only at statement boundaries ("(part)" names the
//     statements taken). Where a delta builds its SQL with fmt.Sprintf over a list of tables
//     (2022101711000000_rename_tables, 2022110411000000_server_names) or a number it reads
//     (2021041615092700_state_blocks_refactor's CREATE SEQUENCE … START WITH %d), the statement is
//     taken as it runs on this schema and data, and the source says so. The old table schemas
//     come from the storage/postgres/*_table.go schema strings, from the repository's history
//     where a delta changed them (federationsender/storage/postgres/room_table.go before #1751,
//     roomserver state_block_table.go and syncapi send_to_device_table.go before their deltas).
//   - n8n (github.com/n8n-io/n8n): the SQL strings of queryRunner.query in
//     packages/cli/src/databases/migrations/postgresdb/<name>.ts ("n8n <name>"), verbatim, with
//     the table prefix empty; where a migration prefixes its tables with the configured schema
//     (the older files: `tablePrefix = schema + '.' + tablePrefix`), the schema is n8n's default,
//     public, as the statements then run ("public.execution_entity", and `SET search_path TO
//     public`). CreateTagEntity's table is written as its schema builder creates it. The files were
//     read at these commits (one stored version each): 1587669153312-InitialMigration 010f3e08,
//     1589476000887-WebhookModel 3f2a446f, 1594828256133-CreateIndexStoppedAt 145fdb0a,
//     1607431743768-MakeStoppedAtNullable 3f2a446f, 1611144599516-AddWebhookId 3f2a446f,
//     1617270242566-CreateTagEntity (common/1617213344594) 0874451c, 1626176912946-AddwaitTill
//     010f3e08, 1644422880309-AddExecutionEntityIndexes 3f2a446f,
//     1646834195327-IncreaseTypeVarcharLimit 3f2a446f, 1646992772331-CreateUserManagement
//     18dbc8d7, 1648740597343-LowerCaseUserEmail 1536458e, 1652254514002-CommunityNodes 3f2a446f,
//     1652905585850-AddAPIKeyColumn 010f3e08, 1669823906995-AddTriggerCountColumn 5921b382,
//     1673268682475-DeleteExecutionsWithWorkflows 069e81b7, 1674138566000-AddStatusToExecutions
//     0a17b4a7, 1677501636754-CreateVariables 1eb521a8, 1681134145997-RemoveSkipOwnerSetup
//     7ec2aea9, 1690000000000-MigrateIntegerKeysToString 0a0def33,
//     1691088862123-CreateWorkflowNameIndex 5f4c34c8, 1692967111174-ChangeVersionIdToUUID 3db28e31.
//
// For the kinds of statement they lack: squawk's rules (https://squawkhq.com/docs/rules, "squawk
// <rule>") and PostgreSQL 15's manual ("pg: <page>"), written on this schema.
//
// The schema (testdata/holdout15/schema.sql) holds each table as its serving version finds it
// before the taken migrations on it: n8n's credentials_entity, execution_entity and
// webhook_entity as InitialMigration and WebhookModel left them (2020), workflow_entity with the
// "versionId" char(36) of AddWorkflowVersionIdColumn, the tag and user-management tables as
// CreateTagEntity and CreateUserManagement made them; Dendrite's userapi_accounts before
// add_account_type and server_names, userapi_devices before last_seen_ts_ip,
// keyserver_cross_signing_sigs before xsigning_idx, federationsender_queue_edus before
// addexpiresat, federationsender_rooms before its drop, roomserver_membership before
// add_forgotten_column, roomserver_state_block before state_blocks_refactor, roomserver_published
// between published_appservice and published_appservice_pkey, roomserver_events and
// roomserver_previous_events before drop_reference_sha, syncapi_output_room_events before
// history_visibility_column and rename_index, syncapi_receipts before sequences and
// syncapi_send_to_device before sendtodevice_sentcolumn. Left out, and why:
//
//   - dendrite 20200929203058_is_active and 20221027084407_published_appservice (their columns
//     are in the schema: later deltas taken need them; IF NOT EXISTS would make them no-ops);
//     2022012016470000_key_changes (its CREATE TABLE needs keyserver_key_changes_seq, which the
//     Go code creates only when the old table has rows, and the old table is not in the schema);
//     the UPDATEs of 2022042812473400_addexpiresat and 2022061412000000 (UpSetHistoryVisibility)
//     and the data moves of state_blocks_refactor and drop_reference_sha, which bind Go values
//     ($1 …) or loop in Go; drop_reference_sha's final ADD CONSTRAINT … UNIQUE
//     (previous_event_id), which only holds after the Go de-duplication the data needs;
//     2022110411000001_server_names (its UPDATE needs the server_name column the other case
//     adds); the syncapi_current_room_state half of 2022061412000000 (the table is not in the
//     schema).
//   - n8n: the migrations whose state the schema cannot hold at the same time as the taken ones
//     (UniqueWorkflowNames and CreateUserManagement's DROP INDEX of its index, the
//     AddExecutionEntityIndexes statements on "waitTill", which AddwaitTill adds,
//     AddWorkflowVersionIdColumn), MigrateIntegerKeysToString's parts on tables whose foreign keys
//     it first rebuilds (workflows_tags, shared_*, the DROP CONSTRAINTs of primary keys other
//     tables' foreign keys still use) or on tables not in the schema (workflow_statistics,
//     variables), and its execution_entity part (a varchar to varchar(36) the workload's values
//     all fit), and the migrations that are TypeScript loops rather than SQL.
//
// The workload (testdata/holdout15/workload.sql) was generated from the old schema's catalogue
// (one step per table the serving versions use, by a script that read pg_attribute, pg_attrdef,
// pg_index and pg_constraint of schema.sql with data.sql in a scratch database) and fixed before
// any case was written; it was not changed after measuring.
//
// Measured: PostgreSQL 15 agreed with every label written before measuring (breaks, rewrite,
// long and the lock held at the end), so no label changed; one why was corrected to name the
// refusal PostgreSQL found failing first (DISABLE TRIGGER ALL: the userId foreign key, checked
// before the roleId one). 91 cases: 37 breaking, 54 safe, 15 rewrites, 34 long locks, 3 nonTx.

var holdout15 = []holdoutCase{
	// Dendrite.
	{name: "dendrite: drop the federation sender's rooms table", source: "dendrite federationapi 2021020411080000_rooms", table: "federationsender_rooms",
		stmt:   `DROP TABLE IF EXISTS federationsender_rooms`,
		breaks: true, lock: "AccessExclusiveLock",
		why: "step rows data.sql wrote are still there: relation federationsender_rooms does not exist (42P01); the serving version (before #1751) still read and wrote it"},
	{name: "dendrite: queued EDUs get an expiry", source: "dendrite federationapi 2022042812473400_addexpiresat (part: the ALTER; its UPDATE binds a Go time)", table: "federationsender_queue_edus",
		stmt: `ALTER TABLE federationsender_queue_edus ADD COLUMN IF NOT EXISTS expires_at BIGINT NOT NULL DEFAULT 0`,
		lock: "AccessExclusiveLock",
		why:  "none fails: a constant default is stored as the missing value (no rewrite, no scan), and the serving version's inserts leave the column to it"},
	{name: "dendrite: memberships get forgotten", source: "dendrite roomserver 20201028212440_add_forgotten_column", table: "roomserver_membership",
		stmt: `ALTER TABLE roomserver_membership ADD COLUMN IF NOT EXISTS forgotten BOOLEAN NOT NULL DEFAULT false`,
		lock: "AccessExclusiveLock",
		why:  "none fails: NOT NULL with a constant default, no rewrite; the old inserts name only room_nid, target_nid and target_local"},
	{name: "dendrite: state blocks renamed aside, new sequence and table", source: "dendrite roomserver 2021041615092700_state_blocks_refactor (part: the rename of roomserver_state_block, CREATE SEQUENCE … START WITH %d as it runs on this data, the new table)", table: "roomserver_state_block",
		stmt: `ALTER TABLE roomserver_state_block RENAME TO _roomserver_state_block;
CREATE SEQUENCE roomserver_state_block_nid_sequence START WITH 4;
CREATE TABLE IF NOT EXISTS roomserver_state_block (
			state_block_nid bigint PRIMARY KEY DEFAULT nextval('roomserver_state_block_nid_sequence'),
			state_block_hash BYTEA UNIQUE,
			event_nids bigint[] NOT NULL
		)`,
		breaks: true, lock: "AccessExclusiveLock",
		why: "step rows data.sql wrote are still there: roomserver_state_block is now the new, empty table (P0001); the old inserts name event_type_nid, which it lacks"},
	{name: "dendrite: published rooms keyed by appservice and network", source: "dendrite roomserver 20230131091021_published_appservice_pkey", table: "roomserver_published",
		stmt: `ALTER TABLE roomserver_published RENAME CONSTRAINT roomserver_published_pkey TO roomserver_published_pkeyold;
CREATE UNIQUE INDEX roomserver_published_pkey ON roomserver_published (room_id, appservice_id, network_id);
ALTER TABLE roomserver_published DROP CONSTRAINT roomserver_published_pkeyold;
ALTER TABLE roomserver_published ADD PRIMARY KEY USING INDEX roomserver_published_pkey`,
		breaks: true, long: true, lock: "AccessExclusiveLock",
		why: "step dendrite: roomserver_published: ON CONFLICT (room_id) has no unique index to infer any more (42P10); the unique index is built by a scan under the rename's ACCESS EXCLUSIVE"},
	{name: "dendrite: events lose their reference hash", source: "dendrite roomserver 20230516154000_drop_reference_sha (UpDropEventReferenceSHAEvents)", table: "roomserver_events",
		stmt:   `ALTER TABLE roomserver_events DROP COLUMN IF EXISTS reference_sha256`,
		breaks: true, lock: "AccessExclusiveLock",
		why: "step dendrite: roomserver_events: the insert names reference_sha256 (42703)"},
	{name: "dendrite: previous events lose their unique pair and hash", source: "dendrite roomserver 20230516154000_drop_reference_sha (UpDropEventReferenceSHAPrevEvents, part: the two ALTERs before the Go de-duplication)", table: "roomserver_previous_events",
		stmt: `ALTER TABLE roomserver_previous_events DROP CONSTRAINT roomserver_previous_event_id_unique;
ALTER TABLE roomserver_previous_events DROP COLUMN IF EXISTS previous_reference_sha256`,
		breaks: true, lock: "AccessExclusiveLock",
		why: "step dendrite: roomserver_previous_events: the insert names previous_reference_sha256 (42703)"},
	{name: "dendrite: previous events, find duplicate ids", source: "dendrite roomserver 20230516154000_drop_reference_sha (UpDropEventReferenceSHAPrevEvents, part: the duplicate query)", table: "roomserver_previous_events",
		stmt: `SELECT previous_event_id FROM roomserver_previous_events GROUP BY previous_event_id HAVING count(previous_event_id) > 1`,
		lock: "AccessShareLock",
		why:  "none fails: a read; its scan holds only ACCESS SHARE"},
	{name: "dendrite: receipts move to their own sequence", source: "dendrite syncapi 20201211125500_sequences", table: "syncapi_receipts",
		stmt: `-- We need to delete all of the existing receipts because the indexes
		-- will be wrong, and we'll get primary key violations if we try to
		-- reuse existing stream IDs from a different sequence.
		DELETE FROM syncapi_receipts;
		-- Use the new syncapi_receipts_id sequence.
		CREATE SEQUENCE IF NOT EXISTS syncapi_receipt_id;
		ALTER SEQUENCE IF EXISTS syncapi_receipt_id RESTART WITH 1;
		ALTER TABLE syncapi_receipts ALTER COLUMN id SET DEFAULT nextval('syncapi_receipt_id')`,
		breaks: true, lock: "AccessExclusiveLock",
		why: "step rows data.sql wrote are still there: syncapi_receipts rows deleted (P0001); the DELETE's scan holds only ROW EXCLUSIVE, SET DEFAULT scans nothing"},
	{name: "dendrite: send-to-device loses sent_by_token", source: "dendrite syncapi 20210112130000_sendtodevice_sentcolumn", table: "syncapi_send_to_device",
		stmt: `ALTER TABLE syncapi_send_to_device
		  DROP COLUMN IF EXISTS sent_by_token`,
		breaks: true, lock: "AccessExclusiveLock",
		why: "step dendrite: syncapi_send_to_device: the typed read names sent_by_token (42703)"},
	{name: "dendrite: output events get a history visibility, backfilled", source: "dendrite syncapi 2022061412000000_history_visibility_column (UpAddHistoryVisibilityColumnOutputRoomEvents)", table: "syncapi_output_room_events",
		stmt: `ALTER TABLE syncapi_output_room_events ADD COLUMN IF NOT EXISTS history_visibility SMALLINT NOT NULL DEFAULT 2;
		UPDATE syncapi_output_room_events SET history_visibility = 4 WHERE type IN ('m.room.message', 'm.room.encrypted')`,
		long: true, lock: "AccessExclusiveLock",
		why: "none fails: the old inserts leave the new column to its constant default and the UPDATE writes only it; the UPDATE scans under the ALTER's ACCESS EXCLUSIVE"},
	{name: "dendrite: rename the output events' unique constraint", source: "dendrite syncapi 20230201152200_rename_index", table: "syncapi_output_room_events",
		stmt:   `ALTER TABLE syncapi_output_room_events RENAME CONSTRAINT syncapi_event_id_idx TO syncapi_output_room_event_id_idx`,
		breaks: true, lock: "AccessExclusiveLock",
		why: "step dendrite: syncapi_output_room_events: ON CONFLICT ON CONSTRAINT syncapi_event_id_idx (42704)"},
	{name: "dendrite: devices get last seen, ip and user agent", source: "dendrite userapi 20201001204705_last_seen_ts_ip", table: "userapi_devices",
		stmt: `ALTER TABLE userapi_devices ADD COLUMN IF NOT EXISTS last_seen_ts BIGINT NOT NULL DEFAULT EXTRACT(EPOCH FROM CURRENT_TIMESTAMP)*1000;
ALTER TABLE userapi_devices ADD COLUMN IF NOT EXISTS ip TEXT;
ALTER TABLE userapi_devices ADD COLUMN IF NOT EXISTS user_agent TEXT`,
		lock: "AccessExclusiveLock",
		why:  "none fails: CURRENT_TIMESTAMP is stable, so the default is evaluated once (no rewrite); the old inserts leave all three out"},
	{name: "dendrite: accounts get a type, backfilled, default dropped", source: "dendrite userapi 2022021013023800_add_account_type", table: "userapi_accounts",
		stmt: `ALTER TABLE userapi_accounts ADD COLUMN IF NOT EXISTS account_type SMALLINT NOT NULL DEFAULT 1;
UPDATE userapi_accounts SET account_type = 4 WHERE appservice_id <> '';
UPDATE userapi_accounts SET account_type = 2 WHERE localpart ~ '^[0-9]+$';
ALTER TABLE userapi_accounts ALTER COLUMN account_type DROP DEFAULT`,
		breaks: true, long: true, lock: "AccessExclusiveLock",
		why: "step dendrite: userapi_accounts: the old insert leaves account_type out, NOT NULL without a default (23502); the UPDATEs scan under the ALTER's ACCESS EXCLUSIVE"},
	{name: "dendrite: cross-signing signatures keyed with the origin key", source: "dendrite userapi 2022042612000000_xsigning_idx", table: "keyserver_cross_signing_sigs",
		stmt: `ALTER TABLE keyserver_cross_signing_sigs DROP CONSTRAINT keyserver_cross_signing_sigs_pkey;
		ALTER TABLE keyserver_cross_signing_sigs ADD PRIMARY KEY (origin_user_id, origin_key_id, target_user_id, target_key_id);
		CREATE INDEX IF NOT EXISTS keyserver_cross_signing_sigs_idx ON keyserver_cross_signing_sigs (origin_user_id, target_user_id, target_key_id)`,
		breaks: true, long: true, lock: "AccessExclusiveLock",
		why: "step dendrite: keyserver_cross_signing_sigs: ON CONFLICT (origin_user_id, target_user_id, target_key_id) has no unique index to infer (42P10); the new key is built by a scan under ACCESS EXCLUSIVE"},
	{name: "dendrite: server names on accounts and devices", source: "dendrite userapi 2022110411000000_server_names (part: ADD COLUMN for userapi_accounts and userapi_devices, as the loop formats it)", table: "userapi_accounts",
		stmt: `ALTER TABLE IF EXISTS "userapi_accounts" ADD COLUMN IF NOT EXISTS server_name TEXT NOT NULL DEFAULT '';
ALTER TABLE IF EXISTS "userapi_devices" ADD COLUMN IF NOT EXISTS server_name TEXT NOT NULL DEFAULT ''`,
		lock: "AccessExclusiveLock",
		why:  "none fails: a constant default, no rewrite; the old inserts leave it out"},
	{name: "dendrite: server names drop the accounts' primary key", source: "dendrite userapi 2022110411000000_server_names (part: the DROP CONSTRAINTs for userapi_accounts, as the loop formats them)", table: "userapi_accounts",
		stmt: `ALTER TABLE IF EXISTS "userapi_accounts" DROP CONSTRAINT IF EXISTS "userapi_accounts_pkey";
ALTER TABLE IF EXISTS "userapi_accounts" DROP CONSTRAINT IF EXISTS "account_accounts_pkey"`,
		breaks: true, lock: "AccessExclusiveLock",
		why: "step dendrite: userapi_accounts: ON CONFLICT (localpart) has no unique index to infer (42P10)"},
	{name: "dendrite: rename a legacy table the database does not have", source: "dendrite userapi 2022101711000000_rename_tables (part: account_accounts, as the loop formats it)", table: "userapi_accounts",
		stmt: `ALTER TABLE IF EXISTS "account_accounts" RENAME TO "userapi_accounts"`,
		why:  "none fails: account_accounts does not exist, IF EXISTS makes it a no-op and userapi_accounts is not touched"},

	// n8n.
	{name: "n8n: executions, index on stoppedAt", source: "n8n 1594828256133-CreateIndexStoppedAt", table: "execution_entity",
		stmt: `SET search_path TO public;
CREATE INDEX IF NOT EXISTS IDX_33228da131bb1112247cf52a42 ON public.execution_entity ("stoppedAt") `,
		long: true, lock: "ShareLock",
		why: "none fails: an index; its build scans the table under SHARE"},
	{name: "n8n: executions, stoppedAt nullable", source: "n8n 1607431743768-MakeStoppedAtNullable", table: "execution_entity",
		stmt: `SET search_path TO public;
ALTER TABLE public.execution_entity ALTER COLUMN "stoppedAt" DROP NOT NULL`,
		lock: "AccessExclusiveLock",
		why:  "none fails: the old version reads back only rows it wrote, all with a stoppedAt; DROP NOT NULL scans nothing"},
	{name: "n8n: webhooks get webhookId and pathLength, indexed", source: "n8n 1611144599516-AddWebhookId", table: "webhook_entity",
		stmt: `SET search_path TO public;
ALTER TABLE public.webhook_entity ADD "webhookId" character varying;
ALTER TABLE public.webhook_entity ADD "pathLength" integer;
CREATE INDEX IF NOT EXISTS IDX_16f4436789e804e3e1c9eeb240 ON public.webhook_entity ("webhookId", "method", "pathLength") `,
		long: true, lock: "AccessExclusiveLock",
		why: "none fails: nullable columns the old version leaves out; the index build scans under the ALTERs' ACCESS EXCLUSIVE"},
	{name: "n8n: executions get waitTill, indexed", source: "n8n 1626176912946-AddwaitTill", table: "execution_entity",
		stmt: `SET search_path TO public;
ALTER TABLE public.execution_entity ADD "waitTill" TIMESTAMP;
CREATE INDEX IF NOT EXISTS IDX_ca4a71b47f28ac6ea88293a8e2 ON public.execution_entity ("waitTill")`,
		long: true, lock: "AccessExclusiveLock",
		why: "none fails: a nullable column; the index build scans under the ALTER's ACCESS EXCLUSIVE"},
	{name: "n8n: credentials type widened to varchar(128)", source: "n8n 1646834195327-IncreaseTypeVarcharLimit", table: "credentials_entity",
		stmt: `SET search_path TO public;
ALTER TABLE public.credentials_entity ALTER COLUMN "type" TYPE VARCHAR(128)`,
		lock: "AccessExclusiveLock",
		why:  "none fails: varchar(32) to varchar(128) is the same type for reads and binds (rule T); no rewrite, and the plain index on type is kept"},
	{name: "n8n: executions, list indexes instead of the workflowId index", source: "n8n 1644422880309-AddExecutionEntityIndexes (part: the statements not on waitTill)", table: "execution_entity",
		stmt: `SET search_path TO public;
DROP INDEX IF EXISTS "public".IDX_c4d999a5e90784e8caccf5589d;
DROP INDEX IF EXISTS "public".IDX_ca4a71b47f28ac6ea88293a8e2;
CREATE INDEX IF NOT EXISTS "IDX_33228da131bb1112247cf52a42" ON public.execution_entity ("stoppedAt") ;
CREATE INDEX IF NOT EXISTS "IDX_4f474ac92be81610439aaad61e" ON public.execution_entity ("workflowId", "finished", "id") ;
CREATE INDEX IF NOT EXISTS "IDX_72ffaaab9f04c2c1f1ea86e662" ON public.execution_entity ("finished", "id") ;
CREATE INDEX IF NOT EXISTS "IDX_d160d4771aba5a0d78943edbe3" ON public.execution_entity ("workflowId", "id") `,
		long: true, lock: "AccessExclusiveLock",
		why: "none fails: no unique index is dropped; the index builds scan under the DROP INDEX's ACCESS EXCLUSIVE on the table"},
	{name: "n8n: executions' workflowId to integer, orphans deleted, foreign key", source: "n8n 1673268682475-DeleteExecutionsWithWorkflows", table: "execution_entity",
		stmt: `ALTER TABLE execution_entity
			 ALTER COLUMN "workflowId" TYPE INTEGER USING "workflowId"::integer;
DELETE FROM execution_entity
			 WHERE "workflowId" IS NOT NULL AND
			 "workflowId" NOT IN (
				SELECT id FROM workflow_entity
			);
ALTER TABLE execution_entity
			 ADD CONSTRAINT "FK_execution_entity_workflowId"
			 FOREIGN KEY ("workflowId") REFERENCES workflow_entity ("id")
			 ON DELETE CASCADE`,
		breaks: true, rewrite: true, long: true, lock: "AccessExclusiveLock",
		why: "step rows data.sql wrote are still there: the execution of deleted workflow 42 is gone (P0001); after it the old insert binds workflowId as character varying (42804)"},
	{name: "n8n: workflows' versionId to uuid", source: "n8n 1692967111174-ChangeVersionIdToUUID", table: "workflow_entity",
		stmt:   `ALTER TABLE "workflow_entity" ALTER "versionId" TYPE uuid USING "versionId"::uuid`,
		breaks: true, rewrite: true, long: true, lock: "AccessExclusiveLock",
		why: "step n8n: workflow_entity: the old insert binds versionId as character(36) into uuid (42804); char(36) to uuid is a change of form (rule T)"},
	{name: "n8n: workflows get triggerCount", source: "n8n 1669823906995-AddTriggerCountColumn", table: "workflow_entity",
		stmt: `ALTER TABLE workflow_entity ADD COLUMN "triggerCount" integer NOT NULL DEFAULT 0`,
		lock: "AccessExclusiveLock",
		why:  "none fails: a constant default, no rewrite; the old inserts leave it out"},
	{name: "n8n: executions get a status", source: "n8n 1674138566000-AddStatusToExecutions", table: "execution_entity",
		stmt: `ALTER TABLE execution_entity ADD COLUMN status varchar`,
		lock: "AccessExclusiveLock",
		why:  "none fails: a nullable column without a default"},
	{name: "n8n: workflows, index on name", source: "n8n 1691088862123-CreateWorkflowNameIndex", table: "workflow_entity",
		stmt: `CREATE INDEX "IDX_48f450ec4a8536fbd7d8e7d094" ON "workflow_entity" ("name");`,
		long: true, lock: "ShareLock",
		why: "none fails: a plain index built by a scan under SHARE"},
	{name: "n8n: variables table", source: "n8n 1677501636754-CreateVariables", table: "workflow_entity",
		stmt: `CREATE TABLE public.variables (
				id serial4 NOT NULL PRIMARY KEY,
				"key" text NOT NULL,
				"type" text NOT NULL DEFAULT 'string',
				value text NULL,
				UNIQUE ("key")
			)`,
		why: "none fails: a new table; nothing the serving version uses is touched"},
	{name: "n8n: users' emails lower-cased", source: "n8n 1648740597343-LowerCaseUserEmail", table: `"user"`,
		stmt: `SET search_path TO public;
UPDATE public.user
			SET email = LOWER(email)`,
		lock: "RowExclusiveLock",
		why:  "none fails: rows changed to values the serving version itself writes (rule D); no two emails collide lower-cased; the scan holds only ROW EXCLUSIVE"},
	{name: "n8n: users get an apiKey with a unique index", source: "n8n 1652905585850-AddAPIKeyColumn", table: `"user"`,
		stmt: `ALTER TABLE public.user ADD COLUMN "apiKey" VARCHAR(255);
CREATE UNIQUE INDEX "UQ_public.ie0zomxves9w3p774drfrkxtj5" ON public.user ("apiKey")`,
		long: true, lock: "AccessExclusiveLock",
		why: "none fails: a new nullable column the old version never writes, so its unique index refuses nothing it does; the build scans under the ALTER's ACCESS EXCLUSIVE"},
	{name: "n8n: workflow ids to varchar(36), copied", source: "n8n 1690000000000-MigrateIntegerKeysToString (part: workflow_entity up to its unique index)", table: "workflow_entity",
		stmt: `ALTER TABLE workflow_entity RENAME COLUMN id to tmp_id;
ALTER TABLE workflow_entity ADD COLUMN id varchar(36);
UPDATE workflow_entity SET id = tmp_id::text;
ALTER TABLE workflow_entity ALTER COLUMN id SET NOT NULL;
ALTER TABLE workflow_entity ALTER COLUMN tmp_id DROP DEFAULT;
DROP SEQUENCE IF EXISTS workflow_entity_id_seq;
CREATE UNIQUE INDEX "pk_workflow_entity_id" ON workflow_entity ("id");`,
		breaks: true, long: true, lock: "AccessExclusiveLock",
		why: "step n8n: workflow_entity: the old insert leaves both id columns out, tmp_id NOT NULL without its default (23502); the UPDATE, SET NOT NULL and index build scan under ACCESS EXCLUSIVE"},
	{name: "n8n: webhooks' workflowId to varchar(36), copied", source: "n8n 1690000000000-MigrateIntegerKeysToString (part: webhook_entity without its foreign key, which needs workflow_entity's varchar id)", table: "webhook_entity",
		stmt: `ALTER TABLE webhook_entity RENAME COLUMN "workflowId" to "tmp_workflowId";
ALTER TABLE webhook_entity ADD COLUMN "workflowId" varchar(36);
UPDATE webhook_entity SET "workflowId" = "tmp_workflowId"::text;
ALTER TABLE webhook_entity ALTER COLUMN "workflowId" SET NOT NULL;
ALTER TABLE webhook_entity DROP COLUMN "tmp_workflowId";`,
		breaks: true, long: true, lock: "AccessExclusiveLock",
		why: "step n8n: webhook_entity: the row read back compares workflowId, now character varying, with an integer (42883); integer to varchar is a change of form (rule T)"},
	{name: "n8n: settings lose skipInstanceOwnerSetup", source: "n8n 1681134145997-RemoveSkipOwnerSetup", table: "settings",
		stmt:   `DELETE FROM settings WHERE key = 'userManagement.skipInstanceOwnerSetup';`,
		breaks: true, lock: "RowExclusiveLock",
		why: "step rows data.sql wrote are still there: settings rows (P0001): a row data.sql wrote is deleted (rule D)"},
	{name: "n8n: community nodes tables", source: "n8n 1652254514002-CommunityNodes", table: "settings",
		stmt: `CREATE TABLE public.installed_packages ("packageName" VARCHAR(214) NOT NULL,"installedVersion" VARCHAR(50) NOT NULL,"authorName" VARCHAR(70) NULL,"authorEmail" VARCHAR(70) NULL,"createdAt" timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,"updatedAt" timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,CONSTRAINT "PK_public.08cc9197c39b028c1e9beca225940576fd1a5804" PRIMARY KEY ("packageName"));
CREATE TABLE public.installed_nodes ("name" VARCHAR(200) NOT NULL, "type" VARCHAR(200) NOT NULL, "latestVersion" integer NOT NULL DEFAULT 1, "package" VARCHAR(241) NOT NULL, CONSTRAINT "PK_public.8ebd28194e4f792f96b5933423fc439df97d9689" PRIMARY KEY ("name"), CONSTRAINT "FK_public.73f857fc5dce682cef8a99c11dbddbc969618951" FOREIGN KEY ("package") REFERENCES public.installed_packages ("packageName") ON DELETE CASCADE ON UPDATE CASCADE );`,
		why: "none fails: two new tables, a foreign key between them only"},

	// squawk's rules, on this schema.
	{name: "squawk: column with a volatile default", source: "squawk adding-field-with-default", table: "execution_entity",
		stmt:    `ALTER TABLE execution_entity ADD COLUMN "retryToken" uuid DEFAULT gen_random_uuid()`,
		rewrite: true, long: true, lock: "AccessExclusiveLock",
		why: "none fails: the old version leaves the column out; gen_random_uuid() is volatile, so every row is rewritten under ACCESS EXCLUSIVE"},
	{name: "squawk: foreign key from devices to accounts", source: "squawk adding-foreign-key-constraint", table: "userapi_devices",
		stmt:   `ALTER TABLE userapi_devices ADD CONSTRAINT userapi_devices_localpart_fkey FOREIGN KEY (localpart) REFERENCES userapi_accounts (localpart) ON DELETE CASCADE`,
		breaks: true, long: true, lock: "ShareRowExclusiveLock",
		why: "step dendrite: userapi_devices: the insert's localpart has no account (23503), which the old schema accepted (rule B); validation scans under SHARE ROW EXCLUSIVE"},
	{name: "squawk: foreign key NOT VALID from webhooks to workflows", source: "squawk adding-foreign-key-constraint (NOT VALID)", table: "webhook_entity",
		stmt:   `ALTER TABLE webhook_entity ADD CONSTRAINT fk_webhook_entity_workflow FOREIGN KEY ("workflowId") REFERENCES workflow_entity (id) ON DELETE CASCADE NOT VALID`,
		breaks: true, lock: "ShareRowExclusiveLock", waitsOnly: "adding-foreign-key-constraint",
		why: "step n8n: webhook_entity: the insert's workflowId 7 has no workflow (23503; rule B); NOT VALID scans nothing"},
	{name: "squawk: check without NOT VALID", source: "squawk constraint-missing-not-valid", table: "syncapi_receipts",
		stmt:   `ALTER TABLE syncapi_receipts ADD CONSTRAINT syncapi_receipts_ts_check CHECK (receipt_ts >= 0)`,
		breaks: true, long: true, lock: "AccessExclusiveLock",
		why: "step dendrite: syncapi_receipts: the boundary receipt_ts -1 (23514; rule B); the check is validated by a scan under ACCESS EXCLUSIVE"},
	{name: "squawk: unique constraint on a name already unique", source: "squawk disallowed-unique-constraint", table: "tag_entity",
		stmt: `ALTER TABLE tag_entity ADD CONSTRAINT tag_entity_name_key UNIQUE (name)`,
		long: true, lock: "AccessExclusiveLock",
		why: "none fails: IDX_812eb05f7451ca757fb98444ce already refuses the same duplicates; the constraint's index is built by a scan under ACCESS EXCLUSIVE"},
	{name: "squawk: bigserial primary key on queued EDUs", source: "squawk adding-serial-primary-key-field", table: "federationsender_queue_edus",
		stmt:    `ALTER TABLE federationsender_queue_edus ADD COLUMN id BIGSERIAL PRIMARY KEY`,
		rewrite: true, long: true, lock: "AccessExclusiveLock",
		why: "none fails: the old inserts leave id to its sequence and its unique index on (json_nid, server_name) stays; nextval is volatile, so the table is rewritten"},
	{name: "squawk: drop NOT NULL on role scope", source: "squawk ban-drop-not-null", table: "role",
		stmt: `ALTER TABLE role ALTER COLUMN scope DROP NOT NULL`,
		lock: "AccessExclusiveLock",
		why:  "none fails: a constraint removed; the old version writes a scope on every row it reads back"},
	{name: "squawk: membership room_nid narrowed to integer", source: "squawk changing-column-type", table: "roomserver_membership",
		stmt:   `ALTER TABLE roomserver_membership ALTER COLUMN room_nid TYPE integer`,
		breaks: true, rewrite: true, long: true, lock: "AccessExclusiveLock",
		why: "step dendrite: roomserver_membership: typed read: room_nid is integer, was bigint (P0001; rule T: a narrower type)"},
	{name: "squawk: webhook workflowId widened to bigint", source: "squawk changing-column-type (prefer-bigint-over-int)", table: "webhook_entity",
		stmt:    `ALTER TABLE webhook_entity ALTER COLUMN "workflowId" TYPE bigint`,
		rewrite: true, long: true, lock: "AccessExclusiveLock",
		why: "none fails: int4 to int8 is the same family (rule T), but the table is rewritten"},
	{name: "squawk: tag name varchar(24) to text", source: "squawk prefer-text-field", table: "tag_entity",
		stmt: `ALTER TABLE tag_entity ALTER COLUMN name TYPE text`,
		lock: "AccessExclusiveLock",
		why:  "none fails: varchar to text is the same type (rule T), binary-coercible: no rewrite, the unique index kept"},
	{name: "squawk: startedAt to timestamptz", source: "squawk prefer-timestamptz", table: "execution_entity",
		stmt:   `ALTER TABLE execution_entity ALTER COLUMN "startedAt" TYPE timestamptz`,
		breaks: true, lock: "AccessExclusiveLock",
		why: "step n8n: execution_entity: typed read: startedAt is timestamp with time zone (P0001; rule T); with the session time zone UTC the conversion needs no rewrite"},
	{name: "squawk: rename nodesAccess", source: "squawk renaming-column", table: "credentials_entity",
		stmt:   `ALTER TABLE credentials_entity RENAME COLUMN "nodesAccess" TO "nodes_access"`,
		breaks: true, lock: "AccessExclusiveLock",
		why: "step n8n: credentials_entity: the insert names nodesAccess (42703)"},
	{name: "squawk: rename tag_entity", source: "squawk renaming-table", table: "tag_entity",
		stmt:   `ALTER TABLE tag_entity RENAME TO tags`,
		breaks: true, lock: "AccessExclusiveLock",
		why: "step rows data.sql wrote are still there: relation tag_entity does not exist (42P01)"},
	{name: "squawk: index created concurrently", source: "squawk require-concurrent-index-creation", table: "execution_entity", nonTx: true,
		stmt: `CREATE INDEX CONCURRENTLY "IDX_execution_entity_mode" ON execution_entity (mode)`,
		why:  "none fails: an index built without blocking writes"},
	{name: "squawk: drop an index without CONCURRENTLY", source: "squawk require-concurrent-index-deletion", table: "syncapi_output_room_events",
		stmt: `DROP INDEX syncapi_output_room_events_sender_idx`,
		lock: "AccessExclusiveLock", waitsOnly: "require-concurrent-index-deletion",
		why: "none fails: a plain index; reads by sender still work, by a scan"},
	{name: "squawk: drop an index concurrently", source: "squawk require-concurrent-index-deletion (CONCURRENTLY)", table: "syncapi_receipts", nonTx: true,
		stmt: `DROP INDEX CONCURRENTLY IF EXISTS syncapi_receipts_room_id`,
		why:  "none fails: a plain index, dropped without ACCESS EXCLUSIVE held across"},
	{name: "squawk: drop the settings table", source: "squawk ban-drop-table", table: "settings",
		stmt:   `DROP TABLE settings`,
		breaks: true, lock: "AccessExclusiveLock",
		why: "step rows data.sql wrote are still there: relation settings does not exist (42P01)"},
	{name: "squawk: truncate roles cascading to users and shares", source: "squawk ban-truncate-cascade", table: "role",
		stmt:   `TRUNCATE role CASCADE`,
		breaks: true, rewrite: true, long: true, lock: "AccessExclusiveLock",
		why: "step rows data.sql wrote are still there: role rows (P0001); TRUNCATE gives the table a new relfilenode under ACCESS EXCLUSIVE"},
	{name: "squawk: domain with a check", source: "squawk ban-create-domain-with-constraint", table: "syncapi_receipts",
		stmt: `CREATE DOMAIN matrix_user_id AS text CHECK (VALUE ~ '^@[^:]+:.+$')`,
		why:  "none fails: a new domain no column uses"},

	// PostgreSQL 15's manual, on this schema.
	{name: "pg: set statistics on workflowId", source: "pg: sql-altertable (SET STATISTICS)", table: "execution_entity",
		stmt: `ALTER TABLE execution_entity ALTER COLUMN "workflowId" SET STATISTICS 1000`,
		lock: "ShareUpdateExclusiveLock",
		why:  "none fails: planner statistics only"},
	{name: "pg: fillfactor on output events", source: "pg: sql-altertable example (SET (fillfactor = 70))", table: "syncapi_output_room_events",
		stmt: `ALTER TABLE syncapi_output_room_events SET (fillfactor = 70)`,
		lock: "ShareUpdateExclusiveLock",
		why:  "none fails: a storage parameter for future pages; no rewrite"},
	{name: "pg: cluster on an index, marked only", source: "pg: sql-altertable (CLUSTER ON)", table: "syncapi_receipts",
		stmt: `ALTER TABLE syncapi_receipts CLUSTER ON syncapi_receipts_room_id`,
		lock: "ShareUpdateExclusiveLock",
		why:  "none fails: it only marks the index for a later CLUSTER"},
	{name: "pg: cluster receipts by room", source: "pg: sql-cluster example", table: "syncapi_receipts",
		stmt:    `CLUSTER syncapi_receipts USING syncapi_receipts_room_id`,
		rewrite: true, long: true, lock: "AccessExclusiveLock",
		why: "none fails: the same rows in a new order; the table is rewritten under ACCESS EXCLUSIVE"},
	{name: "pg: accounts deactivated by default", source: "pg: sql-altertable (SET DEFAULT)", table: "userapi_accounts",
		stmt: `ALTER TABLE userapi_accounts ALTER COLUMN is_deactivated SET DEFAULT true`,
		lock: "AccessExclusiveLock",
		why:  "none fails: the value a default gives is not asserted"},
	{name: "pg: drop a default the serving version relies on", source: "pg: sql-altertable (DROP DEFAULT)", table: "tag_entity",
		stmt:   `ALTER TABLE tag_entity ALTER COLUMN "createdAt" DROP DEFAULT`,
		breaks: true, lock: "AccessExclusiveLock",
		why: "step n8n: tag_entity: the insert leaves createdAt out, NOT NULL without a default (23502)"},
	{name: "pg: check NOT VALID, validated in the same migration", source: "pg: sql-altertable (NOT VALID, VALIDATE CONSTRAINT)", table: "federationsender_queue_edus",
		stmt: `ALTER TABLE federationsender_queue_edus ADD CONSTRAINT federationsender_queue_edus_type_check CHECK (edu_type <> '') NOT VALID;
ALTER TABLE federationsender_queue_edus VALIDATE CONSTRAINT federationsender_queue_edus_type_check`,
		breaks: true, long: true, lock: "AccessExclusiveLock",
		why: "step dendrite: federationsender_queue_edus: the boundary edu_type '' (23514; rule B); VALIDATE scans while the ADD's ACCESS EXCLUSIVE is held"},
	{name: "pg: stored generated column on events", source: "pg: sql-altertable (ADD COLUMN … GENERATED ALWAYS AS … STORED)", table: "roomserver_events",
		stmt:    `ALTER TABLE roomserver_events ADD COLUMN is_state boolean GENERATED ALWAYS AS (event_state_key_nid <> 0) STORED`,
		rewrite: true, long: true, lock: "AccessExclusiveLock",
		why: "none fails: the old version never names the column; every row is rewritten to store it"},
	{name: "pg: identity column on federation rooms", source: "pg: sql-altertable (ADD COLUMN … GENERATED ALWAYS AS IDENTITY)", table: "federationsender_rooms",
		stmt:    `ALTER TABLE federationsender_rooms ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY`,
		rewrite: true, long: true, lock: "AccessExclusiveLock",
		why: "none fails: the old version's writes name only room_id and last_event_id; the identity fills every row by a rewrite"},
	{name: "pg: send-to-device unlogged", source: "pg: sql-altertable (SET UNLOGGED)", table: "syncapi_send_to_device",
		stmt:    `ALTER TABLE syncapi_send_to_device SET UNLOGGED`,
		rewrite: true, long: true, lock: "AccessExclusiveLock",
		why: "none fails: the same rows, not WAL-logged; the table is rewritten"},
	{name: "pg: disable every trigger of shared credentials", source: "pg: sql-altertable (DISABLE TRIGGER ALL)", table: "shared_credentials",
		stmt:   `ALTER TABLE shared_credentials DISABLE TRIGGER ALL`,
		breaks: true, lock: "ShareRowExclusiveLock",
		why: "step n8n: shared_credentials: an insert with a userId of no user is no longer refused (P0001): the foreign-key check triggers on the table are off (the referenced tables' ON DELETE triggers still act)"},
	{name: "pg: trigger touching updatedAt", source: "pg: sql-createtrigger / plpgsql-trigger (a BEFORE UPDATE trigger setting a timestamp)", table: "workflow_entity",
		stmt: `CREATE FUNCTION workflow_entity_touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW."updatedAt" := now(); RETURN NEW; END $$;
CREATE TRIGGER workflow_entity_touch BEFORE UPDATE ON workflow_entity FOR EACH ROW EXECUTE FUNCTION workflow_entity_touch()`,
		breaks: true, lock: "ShareRowExclusiveLock",
		why: "step n8n: workflow_entity: the row as updated has updatedAt now(), not the value written (P0001)"},
	{name: "pg: row level security on published rooms", source: "pg: ddl-rowsecurity (ENABLE ROW LEVEL SECURITY, no policy)", table: "roomserver_published",
		stmt:   `ALTER TABLE roomserver_published ENABLE ROW LEVEL SECURITY`,
		breaks: true, lock: "AccessExclusiveLock",
		why: "step rows data.sql wrote are still there: roomserver_published rows hidden from the serving role, which owns nothing (P0001)"},
	{name: "pg: sequence increment changed", source: "pg: sql-altersequence (INCREMENT BY)", table: "syncapi_send_to_device",
		stmt: `ALTER SEQUENCE syncapi_send_to_device_id INCREMENT BY 10`,
		why:  "none fails: ids stay unique; the table itself is not locked"},
	{name: "pg: event sequence set back", source: "pg: functions-sequence (setval)", table: "roomserver_events",
		stmt:   `SELECT setval('roomserver_event_nid_seq', 1)`,
		breaks: true,
		why:    "step dendrite: roomserver_events: the insert takes event_nid 2, which $ev2 holds (23505)"},
	{name: "pg: partial index on appservice accounts", source: "pg: sql-createindex (partial index)", table: "userapi_accounts",
		stmt: `CREATE INDEX userapi_accounts_appservice_idx ON userapi_accounts (appservice_id) WHERE appservice_id IS NOT NULL`,
		long: true, lock: "ShareLock",
		why: "none fails: a plain index built by a scan under SHARE"},
	{name: "pg: unique index with INCLUDE on the same key", source: "pg: sql-createindex example (INCLUDE)", table: "syncapi_receipts",
		stmt: `CREATE UNIQUE INDEX syncapi_receipts_unique_incl ON syncapi_receipts (room_id, receipt_type, user_id) INCLUDE (event_id)`,
		long: true, lock: "ShareLock",
		why: "none fails: the key syncapi_receipts_unique already holds; built by a scan under SHARE"},
	{name: "pg: reindex receipts", source: "pg: sql-reindex (TABLE)", table: "syncapi_receipts",
		stmt: `REINDEX TABLE syncapi_receipts`,
		long: true, lock: "ShareLock",
		why: "none fails: the same indexes rebuilt by a scan under SHARE; the table keeps its relfilenode"},
	{name: "pg: vacuum full output events", source: "pg: sql-vacuum (FULL)", table: "syncapi_output_room_events", nonTx: true,
		stmt:    `VACUUM FULL syncapi_output_room_events`,
		rewrite: true,
		why:     "none fails: the same rows in a new file"},
	{name: "pg: analyze events", source: "pg: sql-analyze", table: "roomserver_events",
		stmt: `ANALYZE roomserver_events`,
		lock: "ShareUpdateExclusiveLock",
		why:  "none fails: statistics only, under SHARE UPDATE EXCLUSIVE"},
	{name: "pg: comment on stoppedAt", source: "pg: sql-comment", table: "execution_entity",
		stmt: `COMMENT ON COLUMN execution_entity."stoppedAt" IS 'When the execution ended; the start time while it runs'`,
		lock: "ShareUpdateExclusiveLock",
		why:  "none fails: a comment"},
	{name: "pg: revoke delete on settings", source: "pg: sql-revoke", table: "settings",
		stmt:   `REVOKE DELETE ON settings FROM {{role}}`,
		breaks: true,
		why:    "step n8n: settings: the delete by key, permission denied (42501)"},
	{name: "pg: drop the tag foreign key of workflow tags", source: "pg: sql-altertable (DROP CONSTRAINT)", table: "workflows_tags",
		stmt:   `ALTER TABLE workflows_tags DROP CONSTRAINT "FK_5e29bfe9e22c5d6567f509d4a46"`,
		breaks: true, lock: "AccessExclusiveLock",
		why: "step n8n: tag_entity: deleting a tag no longer deletes its workflows_tags row (ON DELETE CASCADE lost, P0001)"},
	{name: "pg: shared workflow user key deferred", source: "pg: sql-altertable (ALTER CONSTRAINT … DEFERRABLE INITIALLY DEFERRED)", table: "shared_workflow",
		stmt:   `ALTER TABLE shared_workflow ALTER CONSTRAINT "FK_82b2fd9ec4e3e24209af8160282" DEFERRABLE INITIALLY DEFERRED`,
		breaks: true, lock: "AccessExclusiveLock",
		why: "step n8n: shared_workflow: an insert with a userId of no user is not refused before the commit (P0001)"},
	{name: "pg: view of active workflows", source: "pg: sql-createview", table: "workflow_entity",
		stmt: `CREATE VIEW active_workflows AS SELECT id, name FROM workflow_entity WHERE active`,
		lock: "AccessShareLock",
		why:  "none fails: a new view; its definition reads the table under ACCESS SHARE"},
	{name: "pg: materialized view of execution counts", source: "pg: sql-creatematerializedview", table: "execution_entity",
		stmt: `CREATE MATERIALIZED VIEW execution_counts AS SELECT "workflowId", count(*) AS n FROM execution_entity GROUP BY "workflowId"`,
		lock: "AccessShareLock",
		why:  "none fails: a new materialized view; its scan of the table holds only ACCESS SHARE"},
	{name: "pg: DO block adding a column unless it exists", source: "pg: sql-do / plpgsql-control-structures (EXCEPTION WHEN duplicate_column)", table: "userapi_devices",
		stmt: `DO $$ BEGIN ALTER TABLE userapi_devices ADD COLUMN last_seen_user_agent text; EXCEPTION WHEN duplicate_column THEN NULL; END $$`,
		lock: "AccessExclusiveLock",
		why:  "none fails: a nullable column the old version leaves out"},
	{name: "pg: enum type and column on executions", source: "pg: datatype-enum (CREATE TYPE … AS ENUM) and sql-altertable (ADD COLUMN)", table: "execution_entity",
		stmt: `CREATE TYPE execution_status AS ENUM ('new', 'running', 'success', 'error', 'canceled', 'crashed', 'waiting');
ALTER TABLE execution_entity ADD COLUMN "executionStatus" execution_status`,
		lock: "AccessExclusiveLock",
		why:  "none fails: a nullable column of a new type the old version never names"},
	{name: "pg: a setting inserted unless present", source: "pg: sql-insert (ON CONFLICT DO NOTHING)", table: "settings",
		stmt: `INSERT INTO settings ("key", "value", "loadOnStartup") VALUES ('features.ldap', '{"loginEnabled": false}', true) ON CONFLICT DO NOTHING`,
		lock: "RowExclusiveLock",
		why:  "none fails: a row of the kind the serving version writes (rule D)"},
	{name: "pg: empty device names to NULL", source: "pg: sql-update", table: "userapi_devices",
		stmt: `UPDATE userapi_devices SET display_name = NULL WHERE display_name = ''`,
		lock: "RowExclusiveLock",
		why:  "none fails: NULL is a value the serving version writes there (rule N), and no row is removed"},
	{name: "pg: old executions deleted", source: "pg: sql-delete", table: "execution_entity",
		stmt:   `DELETE FROM execution_entity WHERE "stoppedAt" < '2020-06-01'`,
		breaks: true, lock: "RowExclusiveLock",
		why: "step rows data.sql wrote are still there: execution_entity rows (P0001; rule D)"},
	{name: "pg: contains_url to smallint", source: "pg: sql-altertable (SET DATA TYPE … USING)", table: "syncapi_output_room_events",
		stmt:   `ALTER TABLE syncapi_output_room_events ALTER COLUMN contains_url TYPE smallint USING contains_url::int`,
		breaks: true, rewrite: true, long: true, lock: "AccessExclusiveLock",
		why: "step dendrite: syncapi_output_room_events: the insert binds contains_url as boolean into smallint (42804)"},
	{name: "pg: versionId char(36) to char(40)", source: "pg: sql-altertable (SET DATA TYPE), datatype-character", table: "workflow_entity",
		stmt:    `ALTER TABLE workflow_entity ALTER COLUMN "versionId" TYPE character(40)`,
		rewrite: true, long: true, lock: "AccessExclusiveLock",
		why: "none fails: char(36) to char(40) is the same family (rule T) and blank-padded comparisons ignore the padding; bpchar's length change pads every value, a rewrite"},
	{name: "pg: settings key narrowed to varchar(100)", source: "pg: sql-altertable (SET DATA TYPE)", table: "settings",
		stmt:   `ALTER TABLE settings ALTER COLUMN "key" TYPE varchar(100)`,
		breaks: true, rewrite: true, long: true, lock: "AccessExclusiveLock",
		why: "step n8n: settings: the boundary key of 255 characters (22001; rule B)"},
	{name: "pg: primary key over the membership's unique pair", source: "pg: sql-altertable (ADD PRIMARY KEY)", table: "roomserver_membership",
		stmt: `ALTER TABLE roomserver_membership ADD PRIMARY KEY (room_nid, target_nid)`,
		long: true, lock: "AccessExclusiveLock",
		why: "none fails: the pair is unique and NOT NULL already, and its unique constraint stays for ON CONFLICT; the key's index is built by a scan"},
	{name: "pg: lock_timeout, then a column on receipts", source: "pg: runtime-config-client (lock_timeout) and sql-altertable (ADD COLUMN)", table: "syncapi_receipts",
		stmt: `SET lock_timeout = '2s';
ALTER TABLE syncapi_receipts ADD COLUMN thread_id TEXT NOT NULL DEFAULT ''`,
		lock: "AccessExclusiveLock",
		why:  "none fails: a constant default; the old inserts leave it out"},
}

func TestHoldout15Measured(t *testing.T) {
	measureHoldout(t, "holdout15", "fifteenth", holdout15, 65)
}

func TestHoldout15OnPostgres(t *testing.T) {
	checkHoldout(t, "holdout15", holdout15, knownSafeContract15, knownUnwarned15)
}

// knownSafeContract15 are this set's safe statements the classifier calls contract. Its first
// run (the classifier as it stood when the set arrived, with the rule for CREATE OR REPLACE of
// a function as the database has it) was 0 breaking classified expand, 2 safe contract and 1
// lock unwarned: the foreign key added NOT VALID, whose SHARE ROW EXCLUSIVE lock only waits
// (waitsOnly), was warned by the migration's lock_timeout warning (squawk's
// require-timeout-settings), which Plan gives once per migration and checkHoldout then counted
// only on a change; it counts it now for locks that only wait. Dendrite's ALTER TABLE IF
// EXISTS of its legacy account_accounts, which the database does not have, went to a general
// rule (the database, asked, says the statement does nothing: TestAlterIfExistsOfAbsentRelationOnPostgres),
// so this set has served as a tuning set. The one left: char(36) widened to char(40), which
// pads the versionId the serving version reads back with four more blanks
// (TestHoldout12To18KnownBreakInGeneral).
var knownSafeContract15 = []string{"pg: versionId char(36) to char(40)"}

// knownUnwarned15 are this set's long locks and rewrites the classifier does not warn of.
var knownUnwarned15 []string
