package migrate_test

import (
	"testing"
)

// The fourth holdout set (issue 25 §1's goal): statements from a project no earlier set used,
// on a schema of its own (testdata/holdout4), written with their expected answers before the
// classifier was run on any of them and before its rules (classify*.go) were read. Sources:
// Harbor's PostgreSQL migrations, make/migrations/postgresql/<name>.up.sql in
// github.com/goharbor/harbor ("harbor <name>"; "(part)" is one statement group of it), and,
// for the kinds of statement Harbor's folder lacks, squawk's rules
// (https://squawkhq.com/docs/rules, "squawk <rule>"), strong_migrations' list of dangerous
// operations ("strong_migrations <section>") and PostgreSQL 15's manual ("pg: <page>"), written
// on this schema. The serving version (workload.sql) reads every column of the tables it uses
// by name, upserts on its unique keys (on a constraint's name where Harbor names it), binds
// strings as varchar and times as time where it declares parameter types.
//
// Each case says why it breaks the serving version or not (why), and the lock PostgreSQL 15
// holds on the measured table at the end of the statement's transaction (lock, as pg_locks
// names the mode, read in the transaction's own session before it commits; "" when none, or
// for a statement outside a transaction).
var holdout4 = []holdoutCase{
	// Harbor's migrations.
	{name: "add the scanner capabilities column", source: "harbor 0140_2.11.0_schema", table: "scanner_registration", stmt: "ALTER TABLE scanner_registration ADD COLUMN IF NOT EXISTS capabilities varchar(1024)",
		lock: "AccessExclusiveLock", why: "a nullable column without a default is a catalog change; the serving version names the columns it writes and reads"},
	{name: "rename cve_whitelist to cve_allowlist", source: "harbor 0040_2.1.0_schema (part)", table: "cve_whitelist", stmt: "ALTER TABLE IF EXISTS cve_whitelist RENAME TO cve_allowlist", breaks: true,
		lock: "AccessExclusiveLock", why: "the serving version names cve_whitelist (42P01)"},
	{name: "blob update_time, status, version and two indexes", source: "harbor 0040_2.1.0_schema (part)", table: "blob", stmt: "ALTER TABLE blob ADD COLUMN IF NOT EXISTS update_time timestamp default CURRENT_TIMESTAMP;\nALTER TABLE blob ADD COLUMN IF NOT EXISTS status varchar(255);\nALTER TABLE blob ADD COLUMN IF NOT EXISTS version BIGINT default 0;\nCREATE INDEX IF NOT EXISTS idx_status ON blob (status);\nCREATE INDEX IF NOT EXISTS idx_version ON blob (version)", long: true,
		lock: "AccessExclusiveLock", why: "CURRENT_TIMESTAMP is stable and 0 a constant: stored once, no rewrite; the index builds scan the table while the ADD COLUMN's ACCESS EXCLUSIVE lock is held"},
	{name: "schedule cron_type", source: "harbor 0050_2.2.0_schema (part)", table: "schedule", stmt: "ALTER TABLE schedule ADD COLUMN IF NOT EXISTS cron_type varchar(64)",
		lock: "AccessExclusiveLock", why: "nullable column, no default"},
	{name: "robot secret and salt", source: "harbor 0050_2.2.0_schema (part)", table: "robot", stmt: "ALTER TABLE robot ADD COLUMN IF NOT EXISTS secret varchar(2048);\nALTER TABLE robot ADD COLUMN IF NOT EXISTS salt varchar(64)",
		lock: "AccessExclusiveLock", why: "nullable columns, no default"},
	{name: "task vendor_type added, backfilled, SET NOT NULL", source: "harbor 0050_2.2.0_schema (part)", table: "task", stmt: "ALTER TABLE task ADD COLUMN IF NOT EXISTS vendor_type varchar(16);\nUPDATE task SET vendor_type = execution.vendor_type FROM execution WHERE task.execution_id = execution.id;\nALTER TABLE task ALTER COLUMN vendor_type SET NOT NULL", breaks: true, long: true,
		lock: "AccessExclusiveLock", why: "the serving version creates tasks without vendor_type (23502); the backfill and the NOT NULL check scan under ACCESS EXCLUSIVE"},
	{name: "role ids of maintainer and limitedGuest fixed", source: "harbor 0050_2.2.0_schema (part)", table: "role", stmt: "UPDATE role SET role_id=4 WHERE name='maintainer' AND role_id!=4;\nUPDATE role SET role_id=5 WHERE name='limitedGuest' AND role_id!=5",
		lock: "RowExclusiveLock", why: "the rows already have those ids: nothing changes"},
	{name: "quotas of deleted projects removed", source: "harbor 0050_2.2.0_schema (part)", table: "quota", stmt: "DELETE FROM quota WHERE reference='project' AND reference_id::integer NOT IN (SELECT project_id FROM project WHERE deleted=FALSE)",
		lock: "RowExclusiveLock", why: "only quotas of projects that do not exist go; the serving version reads those of its projects"},
	{name: "execution vendor_type widened", source: "harbor 0050_2.2.0_schema (part)", table: "execution", stmt: "ALTER TABLE execution ALTER COLUMN vendor_type type varchar(64)",
		lock: "AccessExclusiveLock", why: "varchar(16) to varchar(64) is binary coercible and no index reads the column: no rewrite, no scan (sql-altertable, Notes)"},
	{name: "schedule vendor_type widened, extra_attrs added", source: "harbor 0050_2.2.0_schema (part)", table: "schedule", stmt: "ALTER TABLE schedule ALTER COLUMN vendor_type type varchar(64);\nALTER TABLE schedule ADD COLUMN IF NOT EXISTS extra_attrs JSON",
		lock: "AccessExclusiveLock", why: "a widening without rewrite and a nullable column"},
	{name: "scan_report's job columns dropped", source: "harbor 0050_2.2.0_schema (part)", table: "scan_report", stmt: "ALTER TABLE scan_report DROP COLUMN IF EXISTS job_id;\nALTER TABLE scan_report DROP COLUMN IF EXISTS track_id;\nALTER TABLE scan_report DROP COLUMN IF EXISTS requester;\nALTER TABLE scan_report DROP COLUMN IF EXISTS status;\nALTER TABLE scan_report DROP COLUMN IF EXISTS status_code;\nALTER TABLE scan_report DROP COLUMN IF EXISTS status_rev;\nALTER TABLE scan_report DROP COLUMN IF EXISTS start_time;\nALTER TABLE scan_report DROP COLUMN IF EXISTS end_time", breaks: true,
		lock: "AccessExclusiveLock", why: "the serving version writes and reads these columns (42703)"},
	{name: "drop replication_schedule_job", source: "harbor 0050_2.2.0_schema (part)", table: "replication_schedule_job", stmt: "DROP TABLE IF EXISTS replication_schedule_job", breaks: true,
		lock: "AccessExclusiveLock", why: "the serving version records replication schedule jobs there (42P01)"},
	{name: "retention policy times to timestamp", source: "harbor 0080_2.5.0_schema (part)", table: "retention_policy", stmt: "ALTER TABLE retention_policy ALTER COLUMN create_time TYPE TIMESTAMP WITHOUT TIME ZONE USING (current_date + create_time);\nALTER TABLE retention_policy ALTER COLUMN update_time TYPE TIMESTAMP WITHOUT TIME ZONE USING (current_date + update_time)", breaks: true, rewrite: true, long: true,
		lock: "AccessExclusiveLock", why: "the serving version binds its times as time, which has no assignment cast to timestamp (42804); a type change with USING rewrites"},
	{name: "vulnerability_record id to bigint, its sequence too", source: "harbor 0080_2.5.0_schema (part)", table: "vulnerability_record", stmt: "ALTER TABLE vulnerability_record ALTER COLUMN id TYPE BIGINT;\nALTER SEQUENCE vulnerability_record_id_seq AS BIGINT", rewrite: true, long: true,
		lock: "AccessExclusiveLock", why: "integer values fit bigint and the serving version's ids come from the sequence; int to bigint rewrites the table and its indexes"},
	{name: "accessory subject by digest: column added, backfilled, key replaced, old column dropped", source: "harbor 0110_2.8.0_schema (part)", table: "artifact_accessory", stmt: "alter table artifact_accessory add column subject_artifact_digest varchar(1024);\nDO $$\nDECLARE\n    acc RECORD;\n    art RECORD;\nBEGIN\n    FOR acc IN SELECT * FROM artifact_accessory\n    LOOP\n        SELECT * INTO art from artifact where id = acc.subject_artifact_id;\n        UPDATE artifact_accessory SET subject_artifact_digest=art.digest WHERE subject_artifact_id = art.id;\n    END LOOP;\nEND $$;\nalter table artifact_accessory drop CONSTRAINT artifact_accessory_subject_artifact_id_fkey;\nalter table artifact_accessory drop CONSTRAINT unique_artifact_accessory;\nalter table artifact_accessory add CONSTRAINT unique_artifact_accessory UNIQUE (artifact_id, subject_artifact_digest);\nalter table artifact_accessory drop column subject_artifact_id", breaks: true, long: true,
		lock: "AccessExclusiveLock", why: "the serving version writes and reads subject_artifact_id (42703); the backfill and the unique index build scan under ACCESS EXCLUSIVE"},
	{name: "artifact_blob rows of missing manifests deleted", source: "harbor 0110_2.8.0_schema (part); also 0100_2.7.0_schema", table: "artifact_blob", stmt: "delete from artifact_blob afb where not exists (select digest from blob b where b.digest = afb.digest_af)",
		lock: "RowExclusiveLock", why: "only rows whose manifest is gone are deleted"},
	{name: "chartmuseum registries described as deprecated", source: "harbor 0110_2.8.0_schema (part)", table: "registry", stmt: "UPDATE registry\nSET description = 'Chartmuseum has been deprecated in Harbor v2.8.0, please delete this registry.'\nWHERE type in ('artifact-hub', 'helm-hub')",
		lock: "RowExclusiveLock", why: "a description the serving version only displays"},
	{name: "replication policies filtering charts disabled", source: "harbor 0110_2.8.0_schema (part)", table: "replication_policy", stmt: "WITH filter_objects AS (\n    SELECT id, jsonb_array_elements(filters::jsonb) AS filter\n    FROM replication_policy\n    WHERE filters IS NOT NULL AND filters != ''\n    AND jsonb_typeof(CAST(filters AS jsonb)) = 'array'\n),\nreplication_policy_ids AS (\n    SELECT rp.id\n    FROM registry r\n    INNER JOIN replication_policy rp ON (rp.dest_registry_id = r.id OR rp.src_registry_id = r.id)\n    WHERE r.type IN ('artifact-hub', 'helm-hub')\n)\nUPDATE replication_policy AS rp\nSET enabled = false,\n    filters = (\n        SELECT COALESCE(jsonb_agg(fo.filter)::text, '')\n        FROM filter_objects AS fo\n        WHERE fo.id = rp.id AND NOT(filter ->> 'type' = 'resource' AND filter ->> 'value' = 'chart')\n    ),\n    description = 'Chartmuseum is deprecated in Harbor v2.8.0, because the Source resource filter of this rule is chart(chartmuseum), so please update this rule.'\nWHERE id IN (\n    SELECT id FROM filter_objects WHERE (filter ->> 'type' = 'resource' AND filter ->> 'value' = 'chart')\n    UNION\n    SELECT id FROM replication_policy_ids\n)",
		lock: "RowExclusiveLock", why: "updates rows the serving version reads with values of their own types; no policy here filters charts"},
	{name: "GIN index on task report uuids", source: "harbor 0120_2.9.0_schema (part)", table: "task", stmt: "CREATE INDEX IF NOT EXISTS idx_task_extra_attrs_report_uuids ON task USING gin ((extra_attrs::jsonb->'report_uuids'))", long: true,
		lock: "ShareLock", why: "an index build scans the table under SHARE, blocking writes"},
	{name: "scan executions keyed by artifact id", source: "harbor 0120_2.9.0_schema (part)", table: "execution", stmt: "UPDATE execution SET vendor_id = (extra_attrs -> 'artifact' ->> 'id')::integer\nWHERE jsonb_path_exists(extra_attrs::jsonb, '$.artifact.id')\nAND vendor_id IN (SELECT id FROM scanner_registration)\nAND vendor_type = 'IMAGE_SCAN'",
		lock: "RowExclusiveLock", why: "the serving version lists scan executions by vendor type; the values keep their type"},
	{name: "CVSS v3 scores extracted in a DO block", source: "harbor 0120_2.9.0_schema (part)", table: "vulnerability_record", stmt: "DO $$\nBEGIN\n    IF NOT EXISTS (SELECT 1 FROM vulnerability_record WHERE cvss_score_v3 IS NOT NULL LIMIT 1) THEN\n        UPDATE vulnerability_record\n        SET cvss_score_v3 = (vendor_attributes->'CVSS'->'nvd'->>'V3Score')::double precision\n        WHERE jsonb_path_exists(vendor_attributes::jsonb, '$.CVSS.nvd.V3Score');\n    END IF;\nEND $$",
		lock: "RowExclusiveLock", why: "fills a column the serving version already has, with its type"},
	{name: "five vulnerability_record indexes", source: "harbor 0120_2.9.0_schema (part)", table: "vulnerability_record", stmt: "CREATE INDEX IF NOT EXISTS idx_vulnerability_record_cvss_score_v3 ON vulnerability_record (cvss_score_v3);\nCREATE INDEX IF NOT EXISTS idx_vulnerability_registration_uuid ON vulnerability_record (registration_uuid);\nCREATE INDEX IF NOT EXISTS idx_vulnerability_record_cve_id ON vulnerability_record (cve_id);\nCREATE INDEX IF NOT EXISTS idx_vulnerability_record_severity ON vulnerability_record (severity);\nCREATE INDEX IF NOT EXISTS idx_vulnerability_record_package ON vulnerability_record (package)", long: true,
		lock: "ShareLock", why: "index builds scan under SHARE"},
	{name: "scan report summary columns", source: "harbor 0120_2.9.0_schema (part)", table: "scan_report", stmt: "ALTER TABLE scan_report ADD COLUMN IF NOT EXISTS critical_cnt BIGINT;\nALTER TABLE scan_report ADD COLUMN IF NOT EXISTS high_cnt BIGINT;\nALTER TABLE scan_report ADD COLUMN IF NOT EXISTS medium_cnt BIGINT;\nALTER TABLE scan_report ADD COLUMN IF NOT EXISTS low_cnt BIGINT;\nALTER TABLE scan_report ADD COLUMN IF NOT EXISTS none_cnt BIGINT;\nALTER TABLE scan_report ADD COLUMN IF NOT EXISTS unknown_cnt BIGINT;\nALTER TABLE scan_report ADD COLUMN IF NOT EXISTS fixable_cnt BIGINT",
		lock: "AccessExclusiveLock", why: "nullable columns, no default"},
	{name: "scan report summary columns, filled by a DO block", source: "harbor 0120_2.9.0_schema (part)", table: "scan_report", stmt: "ALTER TABLE scan_report ADD COLUMN IF NOT EXISTS critical_cnt BIGINT;\nALTER TABLE scan_report ADD COLUMN IF NOT EXISTS high_cnt BIGINT;\nALTER TABLE scan_report ADD COLUMN IF NOT EXISTS medium_cnt BIGINT;\nALTER TABLE scan_report ADD COLUMN IF NOT EXISTS low_cnt BIGINT;\nALTER TABLE scan_report ADD COLUMN IF NOT EXISTS none_cnt BIGINT;\nALTER TABLE scan_report ADD COLUMN IF NOT EXISTS unknown_cnt BIGINT;\nALTER TABLE scan_report ADD COLUMN IF NOT EXISTS fixable_cnt BIGINT;\nDO\n$$\n    DECLARE\n        report RECORD;\n        v RECORD;\n        critical_count BIGINT;\n        high_count BIGINT;\n        none_count BIGINT;\n        medium_count BIGINT;\n        low_count BIGINT;\n        unknown_count BIGINT;\n        fixable_count BIGINT;\n    BEGIN\n        IF EXISTS (SELECT 1\n                   FROM scan_report\n                   WHERE critical_cnt IS NOT NULL\n                     AND high_cnt IS NOT NULL\n                     AND medium_cnt IS NOT NULL\n                     AND low_cnt IS NOT NULL\n                     AND unknown_cnt IS NOT NULL\n                     AND fixable_cnt IS NOT NULL\n                   LIMIT 1) THEN\n            RETURN;\n        END IF;\n\n        FOR report IN SELECT uuid FROM scan_report\n            LOOP\n                critical_count := 0;\n                high_count := 0;\n                medium_count := 0;\n                none_count := 0;\n                low_count := 0;\n                unknown_count := 0;\n                FOR v IN SELECT vr.severity, vr.fixed_version\n                         FROM report_vulnerability_record rvr,\n                              vulnerability_record vr\n                         WHERE rvr.report_uuid = report.uuid\n                           AND rvr.vuln_record_id = vr.id\n                    LOOP\n                        IF v.severity = 'Critical' THEN\n                            critical_count = critical_count + 1;\n                        ELSIF v.severity = 'High' THEN\n                            high_count = high_count + 1;\n                        ELSIF v.severity = 'Medium' THEN\n                            medium_count = medium_count + 1;\n                        ELSIF v.severity = 'Low' THEN\n                            low_count = low_count + 1;\n                        ELSIF v.severity = 'None' THEN\n                            none_count = none_count + 1;\n                        ELSIF v.severity = 'Unknown' THEN\n                            unknown_count = unknown_count + 1;\n                        ELSIF v.fixed_version IS NOT NULL THEN\n                            fixable_count = fixable_count + 1;\n                        END IF;\n                    END LOOP;\n                UPDATE scan_report\n                SET critical_cnt = critical_count,\n                    high_cnt     = high_count,\n                    medium_cnt   = medium_count,\n                    low_cnt      = low_count,\n                    unknown_cnt  = unknown_count\n                WHERE uuid = report.uuid;\n            END LOOP;\n    END\n$$", long: true,
		lock: "AccessExclusiveLock", why: "the DO block reads and updates every report while the ADD COLUMNs' ACCESS EXCLUSIVE lock is held (explicit-locking: held to the end of the transaction)"},
	{name: "replication schedule parameter to a JSON object", source: "harbor 0120_2.9.0_schema (part)", table: "schedule", stmt: "UPDATE schedule SET callback_func_param = json_build_object('policy_id', callback_func_param::int)::text\nWHERE vendor_type='REPLICATION'\nAND callback_func_param NOT LIKE '%policy_id%'", breaks: true,
		lock: "RowExclusiveLock", why: "the serving version reads the parameter as the policy id it wrote; it is now a JSON object (22P02)"},
	{name: "invalid public metadata values to false", source: "harbor 0090_2.6.0_schema (part)", table: "project_metadata", stmt: "UPDATE project_metadata SET value='false' WHERE name='public' AND value NOT IN('true', 'false')",
		lock: "RowExclusiveLock", why: "values the serving version reads as not public become 'false'"},
	{name: "create system_artifact", source: "harbor 0090_2.6.0_schema (part)", table: "artifact", stmt: "CREATE TABLE IF NOT EXISTS system_artifact (\n        id SERIAL NOT NULL PRIMARY KEY,\n        repository varchar(256) NOT NULL,\n        digest varchar(255) NOT NULL DEFAULT '' ,\n        size bigint NOT NULL DEFAULT 0 ,\n        vendor varchar(255) NOT NULL DEFAULT '' ,\n        type varchar(255) NOT NULL DEFAULT '' ,\n        create_time timestamp default CURRENT_TIMESTAMP,\n        extra_attrs text NOT NULL DEFAULT '' ,\n        UNIQUE (\"repository\", \"digest\",  \"vendor\")\n)",
		why: "a new table"},
	{name: "index artifacts by repository name", source: "harbor 0090_2.6.0_schema (part)", table: "artifact", stmt: "CREATE INDEX IF NOT EXISTS idx_artifact_repository_name ON artifact (repository_name)", long: true,
		lock: "ShareLock", why: "an index build scans under SHARE"},
	{name: "two execution indexes", source: "harbor 0090_2.6.0_schema (part)", table: "execution", stmt: "CREATE INDEX IF NOT EXISTS idx_execution_vendor_type_vendor_id ON execution (vendor_type, vendor_id);\nCREATE INDEX IF NOT EXISTS idx_execution_start_time ON execution(start_time)", long: true,
		lock: "ShareLock", why: "index builds scan under SHARE"},
	{name: "execution status repaired in a DO block", source: "harbor 0090_2.6.0_schema (part)", table: "execution", stmt: "DO $$\nDECLARE\n    exec RECORD;\n    status_group RECORD;\n    status_count int;\n    final_status varchar(32);\nBEGIN\n    FOR exec IN SELECT * FROM execution WHERE status='Running'\n    LOOP\n        status_count = 0;\n        final_status = '';\n        FOR status_group IN SELECT status FROM task WHERE execution_id=exec.id GROUP BY status\n        LOOP\n            status_count = status_count + 1;\n            final_status = status_group.status;\n        END LOOP;\n        IF status_count=1 AND final_status='Success' THEN\n            UPDATE execution SET status='Success', revision=revision+1 WHERE id=exec.id;\n            UPDATE execution SET end_time=(SELECT MAX(end_time) FROM task WHERE execution_id=exec.id) WHERE id=exec.id;\n        END IF;\n    END LOOP;\nEND $$",
		lock: "RowExclusiveLock", why: "a Running execution whose tasks all succeeded is marked Success, as the serving version would"},
	{name: "drop the preheat policy scope", source: "harbor 0160_2.13.0_schema (part)", table: "p2p_preheat_policy", stmt: "ALTER TABLE p2p_preheat_policy DROP COLUMN IF EXISTS scope", breaks: true,
		lock: "AccessExclusiveLock", why: "the serving version writes and reads scope (42703)"},
	{name: "preheat extra_attrs, replication skip_if_running", source: "harbor 0160_2.13.0_schema (part)", table: "p2p_preheat_policy", stmt: "ALTER TABLE p2p_preheat_policy ADD COLUMN IF NOT EXISTS extra_attrs text;\nALTER TABLE replication_policy ADD COLUMN IF NOT EXISTS skip_if_running boolean",
		lock: "AccessExclusiveLock", why: "nullable columns, no default"},
	{name: "copy_by_chunk and job_queue_status", source: "harbor 0100_2.7.0_schema (part)", table: "replication_policy", stmt: "ALTER TABLE replication_policy ADD COLUMN IF NOT EXISTS copy_by_chunk boolean;\nCREATE TABLE IF NOT EXISTS job_queue_status (\n        id SERIAL NOT NULL PRIMARY KEY,\n        job_type varchar(256) NOT NULL,\n        paused boolean NOT NULL DEFAULT false,\n        update_time timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP,\n        UNIQUE (\"job_type\")\n)",
		lock: "AccessExclusiveLock", why: "a nullable column and a new table"},
	{name: "artifact sizes summed in a DO block", source: "harbor 0050_2.2.0_schema (part)", table: "artifact", stmt: "DO $$\nDECLARE\n    art RECORD;\n    art_size integer;\nBEGIN\n    FOR art IN SELECT * FROM artifact WHERE size = 0\n    LOOP\n      SELECT sum(size) INTO art_size FROM blob WHERE digest IN (SELECT digest_blob FROM artifact_blob WHERE digest_af=art.digest);\n      UPDATE artifact SET size=art_size WHERE id = art.id;\n    END LOOP;\nEND $$",
		lock: "AccessShareLock", why: "no artifact has size 0: only a read"},

	// The kinds of statement Harbor's folder lacks, from squawk's rules, strong_migrations and
	// PostgreSQL's manual, on this schema.
	{name: "add a uuid column with gen_random_uuid()", source: "squawk adding-field-with-default", table: "audit_log", stmt: "ALTER TABLE audit_log ADD COLUMN request_id uuid DEFAULT gen_random_uuid()", rewrite: true, long: true,
		lock: "AccessExclusiveLock", why: "a volatile default is computed for every row: the table is rewritten under ACCESS EXCLUSIVE (sql-altertable, Notes)"},
	{name: "add an identity column", source: "squawk adding-serial-primary-key-field; pg: sql-altertable", table: "audit_log", stmt: "ALTER TABLE audit_log ADD COLUMN seq bigint GENERATED BY DEFAULT AS IDENTITY", rewrite: true, long: true,
		lock: "AccessExclusiveLock", why: "an identity column's values are filled in for every row: rewrite"},
	{name: "add NOT NULL boolean with a constant default", source: "squawk adding-field-with-default (PostgreSQL 11+)", table: "robot", stmt: "ALTER TABLE robot ADD COLUMN visible boolean NOT NULL DEFAULT true",
		lock: "AccessExclusiveLock", why: "a constant default is stored in the catalog: no rewrite, and the serving version's inserts get it"},
	{name: "task status_message text to varchar(1024)", source: "squawk changing-column-type", table: "task", stmt: "ALTER TABLE task ALTER COLUMN status_message TYPE varchar(1024)", breaks: true, rewrite: true, long: true,
		lock: "AccessExclusiveLock", why: "the serving version writes stack traces longer than 1024 characters (22001); a length coercion is a rewrite"},
	{name: "project_metadata value varchar to text", source: "strong_migrations changing the type of a column (safe: varchar to text)", table: "project_metadata", stmt: "ALTER TABLE project_metadata ALTER COLUMN value TYPE text",
		lock: "AccessExclusiveLock", why: "binary coercible, no index on it: no rewrite; every varchar value is a text value"},
	{name: "role_mask int to bigint", source: "strong_migrations changing the type of a column; squawk prefer-bigint-over-int", table: "role", stmt: "ALTER TABLE role ALTER COLUMN role_mask TYPE bigint", rewrite: true, long: true,
		lock: "AccessExclusiveLock", why: "integers fit; int to bigint rewrites"},
	{name: "quota reference_id varchar to int", source: "squawk changing-column-type", table: "quota", stmt: "ALTER TABLE quota ALTER COLUMN reference_id TYPE int USING reference_id::integer", breaks: true, rewrite: true, long: true,
		lock: "AccessExclusiveLock", why: "the serving version compares it with a varchar parameter: integer = character varying has no operator (42883)"},
	{name: "username narrowed to varchar(32)", source: "squawk changing-column-type", table: "harbor_user", stmt: "ALTER TABLE harbor_user ALTER COLUMN username TYPE varchar(32)", breaks: true, rewrite: true, long: true,
		lock: "AccessExclusiveLock", why: "LDAP users' names are longer than 32 characters (22001); a narrowing is a rewrite"},
	{name: "SET NOT NULL on a NOT NULL column", source: "pg: sql-altertable (SET NOT NULL)", table: "tag", stmt: "ALTER TABLE tag ALTER COLUMN name SET NOT NULL",
		lock: "AccessExclusiveLock", why: "already NOT NULL: PostgreSQL neither scans nor changes anything"},
	{name: "drop the pull_count default", source: "pg: sql-altertable (DROP DEFAULT)", table: "repository", stmt: "ALTER TABLE repository ALTER COLUMN pull_count DROP DEFAULT", breaks: true,
		lock: "AccessExclusiveLock", why: "the serving version creates repositories without pull_count, which is NOT NULL (23502)"},
	{name: "set a constant default", source: "pg: sql-altertable (SET DEFAULT)", table: "scanner_registration", stmt: "ALTER TABLE scanner_registration ALTER COLUMN description SET DEFAULT ''",
		lock: "AccessExclusiveLock", why: "only rows inserted without the column get it"},
	{name: "set a volatile default", source: "squawk adding-field-with-default (SET DEFAULT does not rewrite)", table: "execution", stmt: "ALTER TABLE execution ALTER COLUMN start_time SET DEFAULT clock_timestamp()",
		lock: "AccessExclusiveLock", why: "SET DEFAULT applies to later inserts only: no rewrite"},
	{name: "DROP NOT NULL on realname", source: "squawk ban-drop-not-null", table: "harbor_user", stmt: "ALTER TABLE harbor_user ALTER COLUMN realname DROP NOT NULL",
		lock: "AccessExclusiveLock", why: "the serving version always writes realname; fewer rows are refused"},
	{name: "CHECK on the preheat trigger, NOT VALID", source: "squawk constraint-missing-not-valid", table: "p2p_preheat_policy", stmt: "ALTER TABLE p2p_preheat_policy ADD CONSTRAINT p2p_preheat_policy_trigger_check CHECK (trigger IN ('manual', 'scheduled', 'event_based')) NOT VALID", breaks: true,
		lock: "AccessExclusiveLock", why: "the serving version writes the trigger as a JSON object (23514); NOT VALID skips the scan"},
	{name: "VALIDATE a NOT VALID check", source: "squawk constraint-missing-not-valid; pg: sql-altertable (VALIDATE CONSTRAINT)", table: "artifact", stmt: "ALTER TABLE artifact VALIDATE CONSTRAINT artifact_size_nonneg",
		lock: "ShareUpdateExclusiveLock", why: "rows satisfy it; validation scans under SHARE UPDATE EXCLUSIVE, which blocks no reads or writes"},
	{name: "foreign key from robots to projects, NOT VALID", source: "squawk adding-foreign-key-constraint", table: "robot", stmt: "ALTER TABLE robot ADD CONSTRAINT robot_project_fk FOREIGN KEY (project_id) REFERENCES project(project_id) NOT VALID", breaks: true,
		lock: "ShareRowExclusiveLock", why: "the serving version creates system robots with project_id 0 (23503)"},
	{name: "foreign key from artifacts to repositories", source: "squawk adding-foreign-key-constraint", table: "artifact", stmt: "ALTER TABLE artifact ADD CONSTRAINT artifact_repository_fk FOREIGN KEY (repository_id) REFERENCES repository(repository_id)", long: true,
		lock: "ShareRowExclusiveLock", why: "the serving version creates a repository before its artifacts and deletes the artifacts before the repository; the check scans under SHARE ROW EXCLUSIVE"},
	{name: "unique registry URL, built concurrently", source: "squawk disallowed-unique-constraint (the safe way)", table: "registry", nonTx: true, stmt: "CREATE UNIQUE INDEX CONCURRENTLY registry_url_key ON registry (url)", breaks: true,
		why: "the serving version registers one endpoint twice with other credentials (23505)"},
	{name: "unique constraint using an existing unique index", source: "squawk disallowed-unique-constraint; pg: sql-altertable (USING INDEX)", table: "blob", stmt: "ALTER TABLE blob ADD CONSTRAINT unique_blob_digest UNIQUE USING INDEX ux_blob_digest",
		lock: "AccessExclusiveLock", why: "the same index, now a constraint: the same rows are refused, ON CONFLICT (digest) still finds it"},
	{name: "drop an index without CONCURRENTLY", source: "squawk require-concurrent-index-deletion", table: "task", stmt: "DROP INDEX IF EXISTS idx_task_execution_id", waitsOnly: "require-concurrent-index-deletion",
		lock: "AccessExclusiveLock", why: "nothing names the index; ACCESS EXCLUSIVE on the table while it waits"},
	{name: "drop an index concurrently", source: "squawk require-concurrent-index-deletion (the safe way)", table: "task", nonTx: true, stmt: "DROP INDEX CONCURRENTLY IF EXISTS idx_task_execution_id",
		why: "nothing names the index"},
	{name: "create an index concurrently", source: "harbor 0090_2.6.0_schema (part), with squawk require-concurrent-index-creation", table: "execution", nonTx: true, stmt: "CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_execution_start_time ON execution (start_time)",
		why: "an index"},
	{name: "rename an index", source: "pg: sql-alterindex", table: "task", stmt: "ALTER INDEX idx_task_execution_id RENAME TO task_execution_id_idx",
		why: "nothing names the index"},
	{name: "rename the metadata unique constraint", source: "pg: sql-altertable (RENAME CONSTRAINT)", table: "project_metadata", stmt: "ALTER TABLE project_metadata RENAME CONSTRAINT unique_project_id_and_name TO project_metadata_project_id_name_key", breaks: true,
		lock: "AccessExclusiveLock", why: "the serving version upserts ON CONFLICT ON CONSTRAINT unique_project_id_and_name (42704)"},
	{name: "rename a column", source: "squawk renaming-column", table: "harbor_user", stmt: "ALTER TABLE harbor_user RENAME COLUMN comment TO description", breaks: true,
		lock: "AccessExclusiveLock", why: "the serving version names comment (42703)"},
	{name: "drop the artifact_blob unique constraint", source: "pg: sql-altertable (DROP CONSTRAINT)", table: "artifact_blob", stmt: "ALTER TABLE artifact_blob DROP CONSTRAINT unique_artifact_blob", breaks: true,
		lock: "AccessExclusiveLock", why: "the serving version inserts ON CONFLICT (digest_af, digest_blob), which needs that unique index (42P10)"},
	{name: "drop a NO ACTION foreign key", source: "pg: sql-altertable (DROP CONSTRAINT); ddl-constraints", table: "project", stmt: "ALTER TABLE project DROP CONSTRAINT project_owner_id_fkey",
		lock: "AccessExclusiveLock", why: "a NO ACTION key only refuses rows; without it the serving version's writes succeed as before and nothing cascaded"},
	{name: "restart a sequence", source: "pg: sql-altersequence (RESTART)", table: "task", stmt: "ALTER SEQUENCE task_id_seq RESTART WITH 1", breaks: true,
		why: "the serving version's next task takes id 1, which exists (23505)"},
	{name: "setval to the table's maximum", source: "pg: functions-sequence (setval), as pg_dump and Rails' reset_pk_sequence do", table: "task", stmt: "SELECT setval('task_id_seq', (SELECT max(id) FROM task))",
		lock: "AccessShareLock", why: "the next id is max + 1: no duplicate"},
	{name: "serial to identity", source: "squawk prefer-identity", table: "robot", stmt: "ALTER TABLE robot ALTER COLUMN id DROP DEFAULT;\nDROP SEQUENCE robot_id_seq;\nALTER TABLE robot ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY", breaks: true,
		lock: "AccessExclusiveLock", why: "the identity's sequence starts at 1 and the serving version's next robot collides with robot 1 (23505)"},
	{name: "enum ADD VALUE", source: "pg: sql-altertype (ADD VALUE)", table: "notification_job", stmt: "ALTER TYPE notification_status ADD VALUE IF NOT EXISTS 'stopped'",
		why: "every value the serving version writes still exists"},
	{name: "enum RENAME VALUE", source: "pg: sql-altertype (RENAME VALUE)", table: "notification_job", stmt: "ALTER TYPE notification_status RENAME VALUE 'failed' TO 'error'", breaks: true,
		why: "the serving version writes 'failed' (22P02)"},
	{name: "view replaced with a column added at its end", source: "pg: sql-createview (CREATE OR REPLACE)", table: "artifact", stmt: "CREATE OR REPLACE VIEW artifact_tag_view AS SELECT a.id, a.digest, a.repository_name, t.name AS tag, a.push_time FROM artifact a JOIN tag t ON t.artifact_id = a.id",
		lock: "AccessShareLock", why: "the columns the serving version reads keep their names, types and values"},
	{name: "drop a view", source: "pg: sql-dropview", table: "artifact", stmt: "DROP VIEW artifact_tag_view", breaks: true,
		why: "the serving version reads artifact_tag_view (42P01)"},
	{name: "create a materialized view", source: "pg: sql-creatematerializedview", table: "repository", stmt: "CREATE MATERIALIZED VIEW repository_pulls AS SELECT project_id, sum(pull_count) AS pulls FROM repository GROUP BY project_id",
		lock: "AccessShareLock", why: "a new object; the table is only read"},
	{name: "refresh a materialized view", source: "pg: sql-refreshmaterializedview", table: "project_usage", stmt: "REFRESH MATERIALIZED VIEW project_usage", rewrite: true, long: true,
		lock: "AccessExclusiveLock", why: "the same rows, in a new file, under ACCESS EXCLUSIVE: the serving version's reads wait"},
	{name: "update_time trigger function and trigger", source: "harbor 0001_initial_schema (update_update_time_at_column)", table: "project", stmt: "CREATE OR REPLACE FUNCTION update_update_time_at_column()\nRETURNS TRIGGER AS $$\nBEGIN\n  NEW.update_time = NOW();\n  RETURN NEW;\nEND;\n$$ language 'plpgsql';\nCREATE TRIGGER project_update_time_at_modtime BEFORE UPDATE ON project FOR EACH ROW EXECUTE PROCEDURE update_update_time_at_column()",
		lock: "ShareRowExclusiveLock", why: "sets update_time on update, as the serving version does itself"},
	{name: "drop a function the serving version calls", source: "pg: sql-dropfunction", table: "artifact", stmt: "DROP FUNCTION artifact_count(int)", breaks: true,
		why: "the serving version calls artifact_count (42883)"},
	{name: "enable row level security without a policy", source: "pg: ddl-rowsecurity", table: "audit_log", stmt: "ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY", breaks: true,
		lock: "AccessExclusiveLock", why: "with no policy, the serving version's role (not the owner) sees no row and may insert none (42501)"},
	{name: "enable row level security with a policy for all", source: "pg: ddl-rowsecurity, sql-createpolicy", table: "audit_log", stmt: "ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;\nCREATE POLICY audit_log_all ON audit_log USING (true) WITH CHECK (true)",
		lock: "AccessExclusiveLock", why: "a permissive policy for every role and command: every row visible and writable as before"},
	{name: "rule: DELETE does nothing", source: "pg: sql-createrule (DO INSTEAD NOTHING)", table: "audit_log", stmt: "CREATE RULE audit_log_keep AS ON DELETE TO audit_log DO INSTEAD NOTHING", breaks: true,
		lock: "AccessExclusiveLock", why: "the serving version's purge of old audit logs silently deletes nothing"},
	{name: "create a partition", source: "pg: ddl-partitioning (CREATE TABLE … PARTITION OF)", table: "audit_log_ext", stmt: "CREATE TABLE IF NOT EXISTS audit_log_ext_2027 PARTITION OF audit_log_ext FOR VALUES FROM ('2027-01-01') TO ('2028-01-01')",
		lock: "AccessExclusiveLock", why: "a range the serving version does not yet write"},
	{name: "attach a partition", source: "pg: ddl-partitioning (ATTACH PARTITION)", table: "audit_log_ext", stmt: "CREATE TABLE audit_log_ext_2028 (LIKE audit_log_ext INCLUDING DEFAULTS);\nALTER TABLE audit_log_ext ATTACH PARTITION audit_log_ext_2028 FOR VALUES FROM ('2028-01-01') TO ('2029-01-01')",
		lock: "ShareUpdateExclusiveLock", why: "a new, empty range; ATTACH takes SHARE UPDATE EXCLUSIVE on the parent"},
	{name: "detach an empty old partition concurrently", source: "pg: ddl-partitioning (DETACH PARTITION … CONCURRENTLY)", table: "audit_log_ext", nonTx: true, stmt: "ALTER TABLE audit_log_ext DETACH PARTITION audit_log_ext_2024 CONCURRENTLY",
		why: "no row lives there and the serving version writes the current year"},
	{name: "create an extension", source: "pg: sql-createextension", table: "artifact", stmt: "CREATE EXTENSION IF NOT EXISTS pg_trgm",
		why: "new functions and operator classes"},
	{name: "trigram index on repository names", source: "pg: pgtrgm (index support)", table: "repository", stmt: "CREATE EXTENSION IF NOT EXISTS pg_trgm;\nCREATE INDEX IF NOT EXISTS idx_repository_name_trgm ON repository USING gin (name gin_trgm_ops)", long: true,
		lock: "ShareLock", why: "an index build scans under SHARE"},
	{name: "lock_timeout then add a column", source: "squawk require-timeout-settings; strong_migrations (lock_timeout)", table: "artifact", stmt: "SET lock_timeout = '5s';\nALTER TABLE artifact ADD COLUMN IF NOT EXISTS icon varchar(255)",
		lock: "AccessExclusiveLock", why: "a nullable column; the setting is the migration session's own"},
	{name: "pg_dump header settings", source: "pg: app-pgdump (the header of a plain dump)", table: "artifact", stmt: "SET statement_timeout = 0;\nSET client_encoding = 'UTF8';\nSELECT pg_catalog.set_config('search_path', 'public', false)",
		why: "settings of the migration's own session"},
	{name: "comment on a column", source: "pg: sql-comment", table: "artifact", stmt: "COMMENT ON COLUMN artifact.extra_attrs IS 'JSON: the configuration of the image'",
		lock: "ShareUpdateExclusiveLock", why: "a comment; PostgreSQL takes SHARE UPDATE EXCLUSIVE on the table, which blocks no reads or writes"},
	{name: "grant SELECT on all tables to PUBLIC", source: "pg: sql-grant (ALL TABLES IN SCHEMA)", table: "artifact", stmt: "GRANT SELECT ON ALL TABLES IN SCHEMA public TO PUBLIC",
		why: "privileges are only added"},
	{name: "revoke UPDATE from the serving version's role", source: "pg: sql-revoke", table: "harbor_user", stmt: "REVOKE UPDATE ON harbor_user FROM {{role}}", breaks: true,
		why: "the serving version updates users (42501)"},
	{name: "vacuum analyze", source: "pg: sql-vacuum", table: "artifact", nonTx: true, stmt: "VACUUM ANALYZE artifact",
		why: "no change the serving version sees"},
	{name: "autovacuum storage parameter", source: "pg: sql-altertable (SET storage_parameter)", table: "artifact", stmt: "ALTER TABLE artifact SET (autovacuum_vacuum_scale_factor = 0.01)",
		lock: "ShareUpdateExclusiveLock", why: "autovacuum settings only"},
	{name: "replica identity full", source: "pg: sql-altertable (REPLICA IDENTITY)", table: "blob", stmt: "ALTER TABLE blob REPLICA IDENTITY FULL",
		lock: "AccessExclusiveLock", why: "what logical decoding logs; writes work"},
	{name: "column storage EXTERNAL", source: "pg: sql-altertable (SET STORAGE)", table: "task", stmt: "ALTER TABLE task ALTER COLUMN status_message SET STORAGE EXTERNAL",
		lock: "AccessExclusiveLock", why: "applies to values written later; no rewrite"},
	{name: "explicit lock, then a backfill", source: "pg: explicit-locking (LOCK); strong_migrations backfilling data", table: "artifact", stmt: "LOCK TABLE artifact IN SHARE ROW EXCLUSIVE MODE;\nUPDATE artifact SET size = 0 WHERE size IS NULL", long: true,
		lock: "ShareRowExclusiveLock", why: "no row changes, but the update scans the table under a lock that blocks writes"},
	{name: "task extra_attrs json to jsonb", source: "squawk changing-column-type", table: "task", stmt: "ALTER TABLE task ALTER COLUMN extra_attrs TYPE jsonb USING extra_attrs::jsonb", rewrite: true, long: true,
		lock: "AccessExclusiveLock", why: "the serving version writes JSON text, which jsonb accepts, and reads it as JSON; json to jsonb rewrites"},
	{name: "execution status widened", source: "strong_migrations changing the type of a column (increasing the length limit)", table: "execution", stmt: "ALTER TABLE execution ALTER COLUMN status TYPE varchar(32)",
		lock: "AccessExclusiveLock", why: "a widening: no rewrite"},
	{name: "metadata backfilled for every project", source: "strong_migrations backfilling data", table: "project_metadata", stmt: "INSERT INTO project_metadata (project_id, name, value) SELECT project_id, 'auto_sbom_generation', 'false' FROM project WHERE deleted = false ON CONFLICT DO NOTHING",
		lock: "RowExclusiveLock", why: "rows of a key the serving version does not read"},
}

// TestHoldout4Measured checks the fourth set's answers against PostgreSQL 15: for each
// statement, in a fresh database, whether the serving version's workload still works after it,
// whether the table was rewritten and whether a write-blocking lock was held while the table was
// scanned or rewritten, and the strongest lock the statement's transaction holds on the table at
// its end (holdMeasure, as for the other holdouts).
func TestHoldout4Measured(t *testing.T) {
	measureHoldout(t, "holdout4", "fourth", holdout4, 60)
}

// TestHoldout4OnPostgres holds pkg/migrate to issue 25's goal on the fourth holdout set: no
// breaking change classified expand, at most 2 safe ones classified contract, every long lock
// or rewrite warned. The measurement is checked first (as TestHoldout4Measured does).
func TestHoldout4OnPostgres(t *testing.T) {
	checkHoldout(t, "holdout4", holdout4, knownSafeContract4, knownUnwarned4)
}

// knownSafeContract4 are this holdout's safe statements the classifier calls contract. Measured
// unseen there were 11 (and a breaking change classified expand, Harbor 2.9's schedule
// parameter rewritten as JSON); the rules of holdout4_rules_test.go took four (an UPDATE that
// rewrites a column from itself read as another type is contract; serial columns widen as
// their integer types; an attached partition created empty in the migration; row security
// enabled with an open policy). Of these eight, six break, or change what it does to, an
// ordinary statement of the serving version the workload does not make
// (TestHoldout4KnownBreakInGeneral, TestHoldout4SetvalRace); the two orphan clean-ups are
// misses: deleting rows is contract because the serving version may read them, and these
// rows it cannot reach through their parent, which the classifier does not see.
var knownSafeContract4 = []string{"quotas of deleted projects removed", "artifact_blob rows of missing manifests deleted",
	"foreign key from artifacts to repositories", "drop a NO ACTION foreign key", "setval to the table's maximum",
	"update_time trigger function and trigger", "detach an empty old partition concurrently", "task extra_attrs json to jsonb",
	// Since index expressions are read (classify_fail.go): extra_attrs::jsonb fails on a json
	// value holding \u0000, which the json column takes (22P05; TestHoldoutLabelsTheDefinitionBreaks).
	"GIN index on task report uuids"}

// knownUnwarned4 is empty: every long lock and rewrite of the set was warned, unseen too.
var knownUnwarned4 []string
