package migrate_test

import "testing"

// The thirteenth sealed holdout set, built by testdata/HOLDOUT.md by a builder who did not read or
// run the classifier: 70 statements the project has not seen, on a schema of their own
// (testdata/holdout13), each measured on PostgreSQL 15 by TestHoldout13Measured. The labels were
// written before the measurement.
//
// Sources (statements verbatim, cut only to statement boundaries; "(part)" when only some
// statements of a file are taken):
//
//   - Zitadel (github.com/zitadel/zitadel): cmd/setup/<step>.sql and cmd/setup/<step>/*.sql
//     ("zitadel cmd/setup/…"), the statement constant of cmd/setup/eventstore_autovacuum.go, and
//     the relational migrations backend/v3/storage/database/dialect/postgres/migration/<n>/up.sql.
//     The upstream snapshot is larger than the fetch limit, so the files were read from a fork
//     that carries Zitadel's history (github.com/authapp/zitadel at 93e8f6d84; the v3 migrations
//     as Zitadel's commit cccfc816f has them, where the org domains table is still org_domains),
//     and checked against the stored upstream files where the index has them (16.sql,
//     52/alter.sql and 63.sql are the same; 49/01, as Zitadel's 3c57e325f has it, and 004 have
//     later revisions upstream); cmd/setup/48_fix_in_tx_order_type/02_alter_column.sql (commit
//     1a912356c) and eventstore_autovacuum.go (4108d676d) were read from upstream directly. The
//     serving version's statements in workload.sql follow internal/eventstore/v3 (push.sql,
//     unique_constraints_*.sql, the fields statements of field.go), internal/eventstore/handler/v2
//     (state_get.sql, state_set.sql, failed_event_*.sql), internal/query/resource_counts_list.sql,
//     internal/user/repository/view (sessions) and backend/v3/storage/database/repository.
//   - Hatchet (github.com/hatchet-dev/hatchet at 89d130f303):
//     cmd/hatchet-migrate/migrate/migrations/<name>.sql ("hatchet <name>"); the serving version's
//     statements follow its sqlc queries (pkg/repository/sqlcv1: tenants, workers, api_token,
//     tenant_limits, the v0 events and queue items), written for the columns the schema holds.
//   - squawk's rules ("squawk <rule>") and PostgreSQL 15's manual ("pg: <page>"), written on this
//     schema, for the kinds of statement the two projects lack.
//
// Left out, and why. Zitadel: step 14 (creates eventstore.events2 from the v1 events table, which
// the serving version of that time did not read; the schema holds events2 as a database upgraded
// through it has it) and 19 (creates events2_current_sequence, which 44's drop and this schema
// assume); 44/02_drop_old_index.sql and 35/00 (a second DROP INDEX and a second CREATE INDEX
// CONCURRENTLY like the ones taken) and 35/02 (renames es_wm_temp, which only 35/00 creates);
// 15/03-08 (fill from adminapi/auth tables and create current_states, which the schema holds for
// 17); 28, 46 and 57 (create eventstore.fields with its views and function, and the resource
// counts: the schema holds them for 31, 43, 49, 53 and 63); 36, 38, 39, 45 and 55 (reads, or
// statements with $1 parameters filled by the Go step, not runnable as written); 40 and 64
// (templates filled by the Go step: the schema has 40 filled in for a bigint in_tx_order); 53/01
// and 53/02 (check_system_user_perms and a 5-argument permitted_orgs, a second replacement of the
// function 49 replaces), and the rest of 53/03 (permitted_projects, which calls them); 18 (part:
// the login_names3_domains statements), 01_sql, 05-13, 21, 24-27, 33, 37, 42, 48, 50, 51, 56, 58,
// 61, 62 and 65 (tables this set does not hold, to keep the workload to the tables measured); 34
// (partitioned unlogged cache tables); the down.sql files. Hatchet: the migrations of the tables
// the set does not hold (Workflow*, Step*, Job*, WorkflowRun*, the partitioned v1_* tables, …);
// v0_12_0 (adds "maxRuns", which v0_30_1 needs); v0_11_0's other statements (GitHub tables),
// v0_30_1's WorkerSemaphoreSlot (references "StepRun"), v0_55_0's ALTER TYPE "LeaseKind" (not
// held), v0_47_1's and v0_24_0's statements on other tables, and v1_0_8's INSERTs (they use the
// values the same file adds; run in the one implicit transaction the harness gives a nonTx case,
// they fail as an unsafe use of a new enum value) and its Down section. v0_42_1 runs without a transaction
// (goose NO TRANSACTION): its CHECK is measured alone, as the single-statement transaction it is
// there, its two CONCURRENTLY statements as nonTx.
//
// The workload was changed once after measuring: its inserts into zitadel.instances,
// instance_domains and org_domains named fewer columns than the relational repository does (it
// names every column, is_generated NULL for a trusted domain, created_at and updated_at as
// DEFAULT), so "default for is_generated" measured a break the serving version does not have;
// they now name the repository's columns, and every case was measured again. No label changed.
var holdout13 = []holdoutCase{
	{name: "partial index concurrently on the events", source: "zitadel cmd/setup/22.sql", table: "eventstore.events2", nonTx: true, stmt: "CREATE INDEX CONCURRENTLY IF NOT EXISTS active_instances_events ON eventstore.events2 (aggregate_type, event_type) WHERE aggregate_type = 'instance' AND event_type IN ('instance.added', 'instance.removed');", why: "no step fails: a new index; the serving version does not name it"},
	{name: "second current-sequence index concurrently", source: "zitadel cmd/setup/44/01_create_index.sql", table: "eventstore.events2", nonTx: true, stmt: `CREATE INDEX CONCURRENTLY IF NOT EXISTS events2_current_sequence2
    ON eventstore.events2 USING btree
    (aggregate_id ASC, aggregate_type ASC, instance_id ASC, sequence DESC);`, why: "no step fails: a new index"},
	{name: "drop the write-model index", source: "zitadel cmd/setup/35/01_drop_index.sql", table: "eventstore.events2", stmt: "DROP INDEX IF EXISTS eventstore.es_wm;", lock: "AccessExclusiveLock", waitsOnly: "require-concurrent-index-deletion", why: "no step fails: reads do not name indexes; DROP INDEX waits for ACCESS EXCLUSIVE on the events without scanning them"},
	{name: "drop an unused events index", source: "zitadel cmd/setup/54.sql", table: "eventstore.events2", stmt: "DROP INDEX IF EXISTS eventstore.es_instance_position;", lock: "AccessExclusiveLock", waitsOnly: "require-concurrent-index-deletion", why: "no step fails: es_instance_position is named by no statement"},
	{name: "in_tx_order bigint to integer", source: "zitadel cmd/setup/48_fix_in_tx_order_type/02_alter_column.sql", table: "eventstore.events2", stmt: `ALTER TABLE eventstore.events2
ALTER COLUMN in_tx_order TYPE INTEGER`, breaks: true, rewrite: true, long: true, lock: "AccessExclusiveLock", why: "step zitadel: eventstore push: eventstore.push fails, commands_to_events still returns bigint for in_tx_order (42804); the read of in_tx_order narrows from bigint (rule T)"},
	{name: "reset the events' autovacuum settings", source: "zitadel cmd/setup/eventstore_autovacuum.go (eventstoreAutovacuumResetStmt)", table: "eventstore.events2", stmt: `ALTER TABLE eventstore.events2 RESET (
	autovacuum_vacuum_scale_factor,
	autovacuum_analyze_scale_factor,
	autovacuum_vacuum_insert_scale_factor,
	autovacuum_vacuum_insert_threshold,
	autovacuum_analyze_threshold,
	autovacuum_vacuum_threshold
)`, lock: "ShareUpdateExclusiveLock", why: "no step fails: storage parameters"},
	{name: "lower-case the unique constraints stored with case", source: "zitadel cmd/setup/16.sql", table: "eventstore.unique_constraints", stmt: `WITH casesensitive as (
    SELECT instance_id, unique_type, lower(unique_field)
    FROM eventstore.unique_constraints
    GROUP BY instance_id, unique_type, lower(unique_field)
    HAVING count(unique_field) < 2
)
UPDATE eventstore.unique_constraints c
    SET unique_field = casesensitive.lower
    FROM casesensitive
    WHERE c.instance_id = casesensitive.instance_id
        AND c.unique_type = casesensitive.unique_type
        AND lower(c.unique_field) = casesensitive.lower
        AND c.unique_field <> casesensitive.lower;`, lock: "RowExclusiveLock", why: "no step fails: rows changed to lower-case values the serving version writes too (rule D); its refusals are asserted on rows it writes"},
	{name: "move instance domain constraints to the empty instance", source: "zitadel cmd/setup/23.sql", table: "eventstore.unique_constraints", stmt: "UPDATE eventstore.unique_constraints SET instance_id = '' WHERE unique_type = 'instance_domain';", lock: "RowExclusiveLock", why: "no step fails: rows changed to values the serving version writes (instance_id '' for instance domains, rule D)"},
	{name: "fields index concurrently", source: "zitadel cmd/setup/31.sql", table: "eventstore.fields", nonTx: true, stmt: "CREATE INDEX CONCURRENTLY IF NOT EXISTS f_aggregate_object_type_idx ON eventstore.fields (aggregate_type, aggregate_id, object_type);", why: "no step fails: a new index"},
	{name: "partial INCLUDE index concurrently on the fields", source: "zitadel cmd/setup/43/43.sql", table: "eventstore.fields", nonTx: true, stmt: `CREATE INDEX CONCURRENTLY IF NOT EXISTS fields_instance_domains_idx
ON eventstore.fields (object_id) INCLUDE (instance_id)
WHERE object_type = 'instance_domain' AND field_name = 'domain';`, why: "no step fails: a new index"},
	{name: "permitted_orgs replaced with a fourth argument", source: "zitadel cmd/setup/49/01-permitted_orgs_function.sql", table: "eventstore.fields", stmt: `DROP FUNCTION IF EXISTS eventstore.permitted_orgs;

CREATE OR REPLACE FUNCTION eventstore.permitted_orgs(
    instanceId TEXT
    , userId TEXT
    , perm TEXT
    , filter_orgs TEXT

    , org_ids OUT TEXT[]
)
	LANGUAGE 'plpgsql'
	STABLE
AS $$
DECLARE
	matched_roles TEXT[]; -- roles containing permission
BEGIN
	SELECT array_agg(rp.role) INTO matched_roles
	FROM eventstore.role_permissions rp
	WHERE rp.instance_id = instanceId
	AND rp.permission = perm;
	
	-- First try if the permission was granted thru an instance-level role
	DECLARE
		has_instance_permission bool;
	BEGIN
		SELECT true INTO has_instance_permission
			FROM eventstore.instance_members im
			WHERE im.role = ANY(matched_roles)
			AND im.instance_id = instanceId
			AND im.user_id = userId
			LIMIT 1;
		
		IF has_instance_permission THEN
			-- Return all organizations or only those in filter_orgs
			SELECT array_agg(o.org_id) INTO org_ids
				FROM eventstore.instance_orgs o
				WHERE o.instance_id = instanceId
				AND CASE WHEN filter_orgs != ''
					THEN o.org_id IN (filter_orgs) 
					ELSE TRUE END;
			RETURN;
		END IF;
	END;
	
	-- Return the organizations where permission were granted thru org-level roles
	SELECT array_agg(sub.org_id) INTO org_ids
	FROM (
		SELECT DISTINCT om.org_id
		FROM eventstore.org_members om
		WHERE om.role = ANY(matched_roles)
		AND om.instance_id = instanceID
		AND om.user_id = userId
	) AS sub;
    RETURN;
END;
$$;`, breaks: true, why: "step zitadel: fields: eventstore.permitted_orgs(text, text, text) is dropped, its call fails (42883)"},
	{name: "recreate a view with an added column", source: "zitadel cmd/setup/53/03-permitted_projects_func.sql (part: the view)", table: "eventstore.fields", stmt: `CREATE OR REPLACE VIEW eventstore.project_members AS
SELECT instance_id, aggregate_id as project_id, object_id as user_id, text_value as role, resource_owner as org_id
FROM eventstore.fields
WHERE aggregate_type = 'project'
AND object_type = 'project_member_role'
AND field_name = 'project_role';`, lock: "AccessShareLock", why: "no step fails: project_members keeps its columns and types and gains org_id at the end"},
	{name: "add filter_offset to the projection states", source: "zitadel cmd/setup/17.sql", table: "projections.current_states", stmt: "ALTER TABLE projections.current_states ADD filter_offset INTEGER;", lock: "AccessExclusiveLock", why: "no step fails: a nullable column the serving version does not name"},
	{name: "new failed-events table filled from the old one", source: "zitadel cmd/setup/15/01_new_failed_events.sql, 15/02_fe_from_projections.sql", table: "projections.failed_events", stmt: `CREATE TABLE IF NOT EXISTS projections.failed_events2 (
    projection_name TEXT NOT NULL
    , instance_id TEXT NOT NULL

    , aggregate_type TEXT NOT NULL
    , aggregate_id TEXT NOT NULL
    , event_creation_date TIMESTAMPTZ NOT NULL
    , failed_sequence INT8 NOT NULL

    , failure_count INT2 NULL DEFAULT 0
    , error TEXT
    , last_failed TIMESTAMPTZ
    
    , PRIMARY KEY (projection_name, instance_id, aggregate_type, aggregate_id, failed_sequence)
);
CREATE INDEX IF NOT EXISTS fe2_instance_id_idx on projections.failed_events2 (instance_id);
INSERT INTO projections.failed_events2 (
    projection_name
    , instance_id
    , aggregate_type
    , aggregate_id
    , event_creation_date
    , failed_sequence
    , failure_count
    , error
    , last_failed
) SELECT 
    fe.projection_name
    , fe.instance_id
    , e.aggregate_type
    , e.aggregate_id
    , e.created_at
    , e.sequence
    , fe.failure_count
    , fe.error
    , fe.last_failed
FROM 
    projections.failed_events fe
JOIN eventstore.events2 e ON
    e.instance_id = fe.instance_id 
    AND e.sequence = fe.failed_sequence 
ON CONFLICT DO NOTHING;`, lock: "AccessShareLock", why: "no step fails: a new table; the serving version keeps writing projections.failed_events, which is only read"},
	{name: "widen the resource counts' unique constraint and replace their trigger function", source: "zitadel cmd/setup/63.sql", table: "projections.resource_counts", stmt: `ALTER TABLE projections.resource_counts
    DROP CONSTRAINT resource_counts_instance_id_parent_type_parent_id_table_nam_key;

ALTER TABLE projections.resource_counts
    ADD CONSTRAINT unique_resource
        UNIQUE (instance_id, parent_type, parent_id, table_name, resource_name);

-- count_resource is a trigger function which increases or decreases the count of a resource.
-- When creating the trigger the following required arguments (TG_ARGV) can be passed:
-- 1. The type of the parent
-- 2. The column name of the instance id
-- 3. The column name of the owner id
-- 4. The name of the resource
-- 5. (optional) 'UP' or 'DOWN' to indicate if an UPDATE should count up or down.
CREATE OR REPLACE FUNCTION projections.count_resource()
    RETURNS trigger
    LANGUAGE 'plpgsql' VOLATILE
AS $$
DECLARE
	-- trigger variables
	tg_table_name TEXT := TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME;
	tg_parent_type TEXT := TG_ARGV[0];
	tg_instance_id_column TEXT := TG_ARGV[1];
	tg_parent_id_column TEXT := TG_ARGV[2];
	tg_resource_name TEXT := TG_ARGV[3];
	tg_update_method TEXT := coalesce(TG_ARGV[4], '');

	tg_instance_id TEXT;
	tg_parent_id TEXT;

	select_ids TEXT := format('SELECT ($1).%I, ($1).%I', tg_instance_id_column, tg_parent_id_column);
BEGIN
	IF (TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' and tg_update_method = 'UP')) THEN
		EXECUTE select_ids INTO tg_instance_id, tg_parent_id USING NEW;
		
		INSERT INTO projections.resource_counts(instance_id, table_name, parent_type, parent_id, resource_name)
		VALUES (tg_instance_id, tg_table_name, tg_parent_type, tg_parent_id, tg_resource_name)	
		ON CONFLICT (instance_id, table_name, parent_type, parent_id, resource_name) DO
		UPDATE SET updated_at = now(), amount = projections.resource_counts.amount + 1;
		
		RETURN NEW;
	ELSEIF (TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' and tg_update_method = 'DOWN')) THEN
		EXECUTE select_ids INTO tg_instance_id, tg_parent_id USING OLD;

		UPDATE projections.resource_counts
		SET updated_at = now(), amount = amount - 1
		WHERE instance_id = tg_instance_id
			AND table_name = tg_table_name
			AND parent_type = tg_parent_type
			AND parent_id = tg_parent_id
			AND resource_name = tg_resource_name 
			AND amount > 0; -- prevent check failure on negative amount.
		
		RETURN OLD;
	END IF;
END
$$;`, breaks: true, long: true, lock: "AccessExclusiveLock", why: "step zitadel: projection states: the serving version's ON CONFLICT (instance_id, table_name, parent_type, parent_id) matches no unique constraint any more (42P10)"},
	{name: "stored generated lower-case user name and its index", source: "zitadel cmd/setup/18.sql (part: login_names3_users)", table: "projections.login_names3_users", stmt: `ALTER TABLE IF EXISTS projections.login_names3_users ADD COLUMN IF NOT EXISTS user_name_lower TEXT GENERATED ALWAYS AS (lower(user_name)) STORED;
CREATE INDEX IF NOT EXISTS login_names3_users_search ON projections.login_names3_users (instance_id, user_name_lower) INCLUDE (resource_owner);`, rewrite: true, long: true, lock: "AccessExclusiveLock", why: "no step fails: a generated column the serving version does not name; the table is rewritten to store it"},
	{name: "sessions index concurrently", source: "zitadel cmd/setup/20.sql", table: "auth.user_sessions", nonTx: true, stmt: "CREATE INDEX CONCURRENTLY IF NOT EXISTS user_sessions_by_user ON auth.user_sessions (instance_id, user_id);", why: "no step fails: a new index"},
	{name: "add a session id and index it", source: "zitadel cmd/setup/32.sql", table: "auth.user_sessions", stmt: `ALTER TABLE IF EXISTS auth.user_sessions ADD COLUMN IF NOT EXISTS id TEXT;

CREATE INDEX IF NOT EXISTS user_session_id ON auth.user_sessions (id, instance_id);`, long: true, lock: "AccessExclusiveLock", why: "no step fails: a nullable column; CREATE INDEX scans the sessions under the ACCESS EXCLUSIVE lock ADD COLUMN took"},
	{name: "rename a column and the table of the LDAP templates", source: "zitadel cmd/setup/52/alter.sql", table: "projections.idp_templates6_ldap3", stmt: `ALTER TABLE IF EXISTS projections.idp_templates6_ldap3 RENAME COLUMN rootCA TO root_ca;
ALTER TABLE IF EXISTS projections.idp_templates6_ldap3 RENAME TO idp_templates6_ldap2;`, breaks: true, lock: "AccessExclusiveLock", why: "step rows data.sql wrote are still there: projections.idp_templates6_ldap3 does not exist any more (42P01)"},
	{name: "updated_at triggers fire only when updated_at is set to NULL", source: "zitadel backend/v3/storage/database/dialect/postgres/migration/004_correct_set_updated_at/up.sql", table: "zitadel.organizations", stmt: `CREATE OR REPLACE TRIGGER trigger_set_updated_at
BEFORE UPDATE ON zitadel.instances
FOR EACH ROW
WHEN (NEW.updated_at IS NULL)
EXECUTE FUNCTION zitadel.set_updated_at();

CREATE OR REPLACE TRIGGER trigger_set_updated_at
BEFORE UPDATE ON zitadel.organizations
FOR EACH ROW
WHEN (NEW.updated_at IS NULL)
EXECUTE FUNCTION zitadel.set_updated_at();

CREATE OR REPLACE TRIGGER trg_set_updated_at_instance_domains
  BEFORE UPDATE ON zitadel.instance_domains
  FOR EACH ROW
  WHEN (NEW.updated_at IS NULL)
  EXECUTE FUNCTION zitadel.set_updated_at();

CREATE OR REPLACE TRIGGER trg_set_updated_at_org_domains
  BEFORE UPDATE ON zitadel.org_domains
  FOR EACH ROW
  WHEN (NEW.updated_at IS NULL)
  EXECUTE FUNCTION zitadel.set_updated_at();`, breaks: true, lock: "ShareRowExclusiveLock", why: "step zitadel: instances and organizations: an update that does not set updated_at no longer gets the transaction time from the trigger (P0001 assertion)"},
	{name: "new identity providers table referencing organizations", source: "zitadel backend/v3/storage/database/dialect/postgres/migration/005_identity_providers_table/up.sql", table: "zitadel.organizations", stmt: `CREATE TYPE zitadel.idp_state AS ENUM (
    'active',
    'inactive'
);

CREATE TABLE zitadel.identity_providers (
    instance_id TEXT NOT NULL
    , org_id TEXT
    , id TEXT NOT NULL CHECK (id <> '')
    , state zitadel.idp_state NOT NULL DEFAULT 'active'
    , name TEXT NOT NULL CHECK (name <> '')
    , type SMALLINT DEFAULT NULL
    , auto_register BOOLEAN NOT NULL DEFAULT TRUE
    , allow_creation BOOLEAN NOT NULL DEFAULT TRUE
    , allow_auto_creation BOOLEAN NOT NULL DEFAULT TRUE
    , allow_auto_update BOOLEAN NOT NULL DEFAULT TRUE
    , allow_linking BOOLEAN NOT NULL DEFAULT TRUE
    , auto_linking_field SMALLINT DEFAULT NULL
    , styling_type SMALLINT
    , payload JSONB
    
    , created_at TIMESTAMPTZ NOT NULL DEFAULT now()
    , updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
    
    , PRIMARY KEY (instance_id, id)
    , CONSTRAINT identity_providers_id_unique UNIQUE NULLS NOT DISTINCT (instance_id, org_id, id)
    , CONSTRAINT identity_providers_name_unique UNIQUE NULLS NOT DISTINCT (instance_id, org_id, name)
    , FOREIGN KEY (instance_id) REFERENCES zitadel.instances(id)
    , FOREIGN KEY (instance_id, org_id) REFERENCES zitadel.organizations(instance_id, id)
);

-- CREATE INDEX idx_identity_providers_org_id ON identity_providers(instance_id, org_id) WHERE org_id IS NOT NULL;
CREATE INDEX idx_identity_providers_state ON zitadel.identity_providers(instance_id, state);
CREATE INDEX idx_identity_providers_type ON zitadel.identity_providers(instance_id, type);
-- CREATE INDEX idx_identity_providers_created_at ON identity_providers(created_at);
-- CREATE INDEX idx_identity_providers_deleted_at ON identity_providers(deleted_at) WHERE deleted_at IS NOT NULL;


CREATE TRIGGER trigger_set_updated_at
BEFORE UPDATE ON zitadel.identity_providers
FOR EACH ROW
WHEN (NEW.updated_at IS NULL)
EXECUTE FUNCTION zitadel.set_updated_at();`, lock: "ShareRowExclusiveLock", why: "no step fails: a new table; its foreign keys take SHARE ROW EXCLUSIVE on organizations without scanning them"},
	{name: "new projects and project roles tables", source: "zitadel backend/v3/storage/database/dialect/postgres/migration/006_projects_table/up.sql", table: "zitadel.organizations", stmt: `CREATE TYPE zitadel.project_state AS ENUM (
    'active',
    'inactive'
);

CREATE TABLE zitadel.projects(
    instance_id TEXT NOT NULL
    , organization_id TEXT NOT NULL
    , id TEXT NOT NULL CHECK (id <> '')

    , created_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
    , updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW()

    , name TEXT NOT NULL CHECK (name <> '')
    , state zitadel.project_state NOT NULL
    -- API: project_role_assertion
    , should_assert_role BOOLEAN NOT NULL DEFAULT FALSE
    -- API: authorization_required
    , is_authorization_required BOOLEAN NOT NULL DEFAULT FALSE
    -- API: project_access_required
    , is_project_access_required BOOLEAN NOT NULL DEFAULT FALSE
    --API: private_labeling_setting
    , used_labeling_setting_owner SMALLINT

    , PRIMARY KEY (instance_id, id)
    , UNIQUE (instance_id, organization_id, id)
    , FOREIGN KEY (instance_id, organization_id) REFERENCES zitadel.organizations(instance_id, id) ON DELETE CASCADE
);

CREATE TABLE zitadel.project_roles(
    instance_id TEXT NOT NULL
    , organization_id TEXT NOT NULL
    , project_id TEXT NOT NULL

    , created_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
    , updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW()

    -- API: role_key
    , key TEXT NOT NULL CHECK (key <> '')
    -- API: display_name
    , display_name TEXT NOT NULL CHECK (display_name <> '')
    -- API: group
    -- group is a reserved keyword in PostgreSQL
    , role_group TEXT

    , PRIMARY KEY (instance_id, project_id, key)
    , UNIQUE (instance_id, organization_id, project_id, key)
    , FOREIGN KEY (instance_id, organization_id, project_id) REFERENCES zitadel.projects(instance_id, organization_id, id) ON DELETE CASCADE
);

CREATE TRIGGER trigger_set_updated_at
BEFORE UPDATE ON zitadel.projects
FOR EACH ROW
WHEN (NEW.updated_at IS NULL)
EXECUTE FUNCTION zitadel.set_updated_at();

CREATE TRIGGER trigger_set_updated_at
BEFORE UPDATE ON zitadel.project_roles
FOR EACH ROW
WHEN (NEW.updated_at IS NULL)
EXECUTE FUNCTION zitadel.set_updated_at();`, lock: "ShareRowExclusiveLock", why: "no step fails: new tables"},
	{name: "trigger refusing the name internal, and the internal tenant", source: "hatchet 20240216133745_v0_11_0 (part: the internal tenant, prevent_internal_name_or_slug and its trigger)", table: `"Tenant"`, stmt: `INSERT INTO
    "Tenant" (
        "id",
        "createdAt",
        "updatedAt",
        "deletedAt",
        "name",
        "slug"
    )
VALUES
    (
        '8d420720-ef03-41dc-9c73-1c93f276db97',
        CURRENT_TIMESTAMP,
        CURRENT_TIMESTAMP,
        NULL,
        'internal',
        'internal'
    ) ON CONFLICT DO NOTHING;

CREATE OR REPLACE FUNCTION prevent_internal_name_or_slug()
RETURNS trigger AS $$
BEGIN
  IF NEW."name" = 'internal' OR NEW."slug" = 'internal' THEN
    RAISE EXCEPTION 'Values "internal" for "name" or "slug" are not allowed.';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER check_name_or_slug_before_insert_or_update
BEFORE INSERT OR UPDATE ON "Tenant"
FOR EACH ROW EXECUTE FUNCTION prevent_internal_name_or_slug();`, breaks: true, lock: "ShareRowExclusiveLock", why: "step hatchet: tenants: the boundary write of the name and slug internal is refused by the new trigger (P0001; rule B)"},
	{name: "add a NOT NULL boolean with a default to tenants", source: "hatchet 20240503190030_v0_23_0", table: `"Tenant"`, stmt: `ALTER TABLE "Tenant" ADD COLUMN     "analyticsOptOut" BOOLEAN NOT NULL DEFAULT false`, lock: "AccessExclusiveLock", why: "no step fails: a column with a constant default, not named by the serving version"},
	{name: "new enum and a NOT NULL enum column with a default", source: "hatchet 20250224162902_v0_55_0 (part: without ALTER TYPE \"LeaseKind\")", table: `"Tenant"`, stmt: `-- Create enum type "TenantMajorEngineVersion"
CREATE TYPE "TenantMajorEngineVersion" AS ENUM ('V0', 'V1');
-- Modify "Tenant" table
ALTER TABLE "Tenant" ADD COLUMN "version" "TenantMajorEngineVersion" NOT NULL DEFAULT 'V0'`, lock: "AccessExclusiveLock", why: "no step fails: a column with a constant default"},
	{name: "dispatcher foreign key swapped to ON DELETE SET NULL", source: "hatchet 20240227181732_v0_13_0", table: `"Worker"`, stmt: `ALTER TABLE "Worker" DROP CONSTRAINT "Worker_dispatcherId_fkey";
ALTER TABLE "Worker" ALTER COLUMN "dispatcherId" DROP NOT NULL;
ALTER TABLE "Worker" ADD CONSTRAINT "Worker_dispatcherId_fkey" FOREIGN KEY ("dispatcherId") REFERENCES "Dispatcher"("id") ON DELETE SET NULL ON UPDATE CASCADE`, breaks: true, long: true, lock: "AccessExclusiveLock", why: "step hatchet: dispatchers, workers: deleting a dispatcher no longer deletes its workers (ON DELETE CASCADE becomes SET NULL, P0001 assertion)"},
	{name: "drop the worker status and its enum", source: "hatchet 20240430161943_v0_22_1", table: `"Worker"`, stmt: `ALTER TABLE "Worker" DROP COLUMN "status";
DROP TYPE "WorkerStatus"`, breaks: true, lock: "AccessExclusiveLock", why: "step hatchet: dispatchers, workers: the worker insert returning \"status\" fails (42703)"},
	{name: "add isActive NOT NULL DEFAULT false to workers", source: "hatchet 20240520152239_v0_28_2", table: `"Worker"`, stmt: `ALTER TABLE "Worker" ADD COLUMN     "isActive" BOOLEAN NOT NULL DEFAULT false`, lock: "AccessExclusiveLock", why: "no step fails: a column with a constant default"},
	{name: "worker type enum, webhook reference and its unique index", source: "hatchet 20240821170947_0_42_3", table: `"Worker"`, stmt: `CREATE TYPE "WorkerType" AS ENUM ('WEBHOOK', 'MANAGED', 'SELFHOSTED');
ALTER TABLE "Worker" ADD COLUMN "type" "WorkerType" NOT NULL DEFAULT 'SELFHOSTED', ADD COLUMN "webhookId" uuid NULL, ADD CONSTRAINT "Worker_webhookId_fkey" FOREIGN KEY ("webhookId") REFERENCES "WebhookWorker" ("id") ON UPDATE CASCADE ON DELETE SET NULL;
CREATE UNIQUE INDEX "Worker_webhookId_key" ON "Worker" ("webhookId")`, long: true, lock: "AccessExclusiveLock", why: "no step fails: new columns the serving version does not write (the unique index covers only NULLs); the foreign key check and the index build scan the workers under ACCESS EXCLUSIVE"},
	{name: "backfill maxRuns and make it NOT NULL", source: "hatchet 20240531200418_v0_30_1 (part: the Worker statements)", table: `"Worker"`, stmt: `UPDATE "Worker" SET "maxRuns" = 100 WHERE "maxRuns" IS NULL;
ALTER TABLE "Worker" ALTER COLUMN "maxRuns" SET NOT NULL,
                     ALTER COLUMN "maxRuns" SET DEFAULT 100`, breaks: true, long: true, lock: "AccessExclusiveLock", why: "step hatchet: dispatchers, workers: the serving version creates a worker with \"maxRuns\" NULL (23502; rule N)"},
	{name: "worker SDK columns", source: "hatchet 20241025162439_v0_50_5", table: `"Worker"`, stmt: `CREATE TYPE "WorkerSDKS" AS ENUM ('UNKNOWN', 'GO', 'PYTHON', 'TYPESCRIPT');
ALTER TABLE "Worker" ADD COLUMN "language" "WorkerSDKS" NULL, ADD COLUMN "languageVersion" text NULL, ADD COLUMN "os" text NULL, ADD COLUMN "runtimeExtra" text NULL, ADD COLUMN "sdkVersion" text NULL`, lock: "AccessExclusiveLock", why: "no step fails: nullable columns"},
	{name: "add nextAlertAt to API tokens", source: "hatchet 20240531142907_v0_29_0", table: `"APIToken"`, stmt: `ALTER TABLE "APIToken" ADD COLUMN     "nextAlertAt" TIMESTAMP(3)`, lock: "AccessExclusiveLock", why: "no step fails: a nullable column"},
	{name: "add internal NOT NULL DEFAULT false to API tokens", source: "hatchet 20240716125857_v0_38_0", table: `"APIToken"`, stmt: `ALTER TABLE "APIToken" ADD COLUMN "internal" boolean NOT NULL DEFAULT false`, lock: "AccessExclusiveLock", why: "no step fails: a column with a constant default"},
	{name: "add additionalMetadata to events", source: "hatchet 20240506194242_v0_24_0 (part: \"Event\")", table: `"Event"`, stmt: `ALTER TABLE "Event" ADD COLUMN     "additionalMetadata" JSONB`, lock: "AccessExclusiveLock", why: "no step fails: a nullable column"},
	{name: "add insertOrder to events", source: "hatchet 20240930233257_v0_49_0", table: `"Event"`, stmt: `ALTER TABLE "Event" ADD COLUMN "insertOrder" integer NULL`, lock: "AccessExclusiveLock", why: "no step fails: a nullable column"},
	{name: "createdAt timestamp(3) to timestamp with a new default", source: "hatchet 20241114175346_v0_51_3", table: `"Event"`, stmt: `ALTER TABLE "Event" ALTER COLUMN "createdAt" TYPE timestamp, ALTER COLUMN "createdAt" SET DEFAULT clock_timestamp()`, lock: "AccessExclusiveLock", why: "no step fails: the same type with a wider precision (no rewrite); the serving version sets createdAt itself"},
	{name: "drop the events' tenant foreign key", source: "hatchet 20240927172935_v0_47_1 (part: \"Event\")", table: `"Event"`, stmt: `ALTER TABLE "Event" DROP CONSTRAINT "Event_tenantId_fkey"`, breaks: true, lock: "AccessExclusiveLock", why: "step hatchet: events: an event of no tenant is not refused any more (23503 expected, P0001)"},
	{name: "event keys get a bigserial primary key", source: "hatchet 20241011205314_0_49_3", table: `"EventKey"`, stmt: `ALTER TABLE "EventKey" DROP CONSTRAINT "EventKey_pkey", ADD COLUMN "id" bigserial NOT NULL, ADD PRIMARY KEY ("id")`, breaks: true, rewrite: true, long: true, lock: "AccessExclusiveLock", why: "step hatchet: events: ON CONFLICT (\"key\") matches no unique constraint any more (42P10)"},
	{name: "priority CHECK on queue items", source: "hatchet 20240812153737_v0_42_1 (part: the CHECK; the file runs without a transaction, this statement alone)", table: `"QueueItem"`, stmt: `ALTER TABLE "QueueItem" ADD CONSTRAINT "QueueItem_priority_check" CHECK ("priority" >= 1 AND "priority" <= 4)`, breaks: true, long: true, lock: "AccessExclusiveLock", why: "step hatchet: queue items: the boundary write of priority 0 is refused (23514; rule B)"},
	{name: "drop the queue index concurrently", source: "hatchet 20240812153737_v0_42_1 (part)", table: `"QueueItem"`, nonTx: true, stmt: `DROP INDEX CONCURRENTLY IF EXISTS "QueueItem_isQueued_priority_tenantId_queue_id_idx"`, why: "no step fails: reads do not name indexes"},
	{name: "create the queue index concurrently", source: "hatchet 20240812153737_v0_42_1 (part)", table: `"QueueItem"`, nonTx: true, stmt: `CREATE INDEX CONCURRENTLY IF NOT EXISTS "QueueItem_isQueued_priority_tenantId_queue_id_idx_2" ON "QueueItem" ("isQueued", "tenantId", "queue", "priority" DESC, "id")`, why: "no step fails: a new index"},
	{name: "add two limit resources", source: "hatchet 20250323220955_v1_0_8 (part: the two ALTER TYPE; without a transaction)", table: `"TenantResourceLimit"`, nonTx: true, stmt: `ALTER TYPE "LimitResource" ADD VALUE IF NOT EXISTS 'TASK_RUN';

ALTER TYPE "LimitResource" ADD VALUE IF NOT EXISTS 'WORKER_SLOT'`, why: "no step fails: the enum gains values; the serving version's values stay valid"},
	{name: "column with a volatile default", source: "squawk adding-field-with-default", table: `"Event"`, stmt: `ALTER TABLE "Event" ADD COLUMN "externalId" uuid DEFAULT gen_random_uuid()`, rewrite: true, long: true, lock: "AccessExclusiveLock", why: "no step fails: a column the serving version does not name; gen_random_uuid() rewrites the table"},
	{name: "bigserial column on the projection states", source: "squawk prefer-identity", table: "projections.current_states", stmt: "ALTER TABLE projections.current_states ADD COLUMN id bigserial", rewrite: true, long: true, lock: "AccessExclusiveLock", why: "no step fails: the new sequence is granted to the serving role by the default privileges; nextval() rewrites the table"},
	{name: "drop a token column", source: "squawk ban-drop-column", table: `"APIToken"`, stmt: `ALTER TABLE "APIToken" DROP COLUMN "name"`, breaks: true, lock: "AccessExclusiveLock", why: "step hatchet: dispatchers, workers and webhook workers: an API token insert naming \"name\" fails (42703)"},
	{name: "rename the domain validation column", source: "squawk renaming-column", table: "zitadel.org_domains", stmt: "ALTER TABLE zitadel.org_domains RENAME COLUMN validation_type TO verification_type", breaks: true, lock: "AccessExclusiveLock", why: "step zitadel: domains: the org domain insert naming validation_type fails (42703)"},
	{name: "queue priority integer to bigint", source: "squawk changing-column-type", table: `"QueueItem"`, stmt: `ALTER TABLE "QueueItem" ALTER COLUMN "priority" TYPE bigint`, rewrite: true, long: true, lock: "AccessExclusiveLock", why: "no step fails: integer to bigint is the same type for reads and binds (rule T); the table and its index are rewritten"},
	{name: "foreign key NOT VALID on queue items", source: "squawk constraint-missing-not-valid (with NOT VALID)", table: `"QueueItem"`, stmt: `ALTER TABLE "QueueItem" ADD CONSTRAINT "QueueItem_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") NOT VALID`, breaks: true, lock: "ShareRowExclusiveLock", why: "step hatchet: queue items: the boundary write of a tenant id of no tenant is refused (23503; rule B)"},
	{name: "unique constraint on webhook worker names", source: "squawk disallowed-unique-constraint", table: `"WebhookWorker"`, stmt: `ALTER TABLE "WebhookWorker" ADD CONSTRAINT "WebhookWorker_tenantId_name_key" UNIQUE ("tenantId", "name")`, breaks: true, long: true, lock: "AccessExclusiveLock", why: "step hatchet: dispatchers, workers and webhook workers: the boundary write of a second webhook worker named like another of its tenant is refused (23505; rule B)"},
	{name: "unique partial index concurrently on verified domains", source: "squawk require-concurrent-index-creation", table: "zitadel.org_domains", nonTx: true, stmt: "CREATE UNIQUE INDEX CONCURRENTLY org_domains_verified_domain_key ON zitadel.org_domains (instance_id, domain) WHERE is_verified", why: "no step fails: trg_check_verified_org_domain already refuses a domain verified twice in an instance, so the serving version writes nothing the index refuses"},
	{name: "drop NOT NULL of the worker name", source: "squawk ban-drop-not-null", table: `"Worker"`, stmt: `ALTER TABLE "Worker" ALTER COLUMN "name" DROP NOT NULL`, lock: "AccessExclusiveLock", why: "no step fails: the serving version still writes names"},
	{name: "webhook worker name text to varchar(255)", source: "squawk prefer-text-field", table: `"WebhookWorker"`, stmt: `ALTER TABLE "WebhookWorker" ALTER COLUMN "name" TYPE varchar(255)`, breaks: true, rewrite: true, long: true, lock: "AccessExclusiveLock", why: "step hatchet: dispatchers, workers and webhook workers: the boundary write of a 300-character name is refused (22001; rule B)"},
	{name: "restart the queue item sequence", source: "pg: sql-altersequence (RESTART)", table: `"QueueItem"`, stmt: `ALTER SEQUENCE "QueueItem_id_seq" RESTART WITH 1`, breaks: true, why: "step hatchet: queue items: the next insert takes id 1, which a row has (23505)"},
	{name: "sequence increment of the resource counts", source: "pg: sql-altersequence (INCREMENT BY)", table: "projections.resource_counts", stmt: "ALTER SEQUENCE projections.resource_counts_id_seq INCREMENT BY 10", why: "no step fails: ids stay unique; the serving version takes them from the sequence"},
	{name: "add an organization state", source: "pg: sql-altertype (ADD VALUE)", table: "zitadel.organizations", stmt: "ALTER TYPE zitadel.organization_state ADD VALUE 'removed'", why: "no step fails: the serving version's values stay valid"},
	{name: "rename a sticky strategy value", source: "pg: sql-altertype (RENAME VALUE)", table: `"QueueItem"`, stmt: `ALTER TYPE "StickyStrategy" RENAME VALUE 'SOFT' TO 'PREFERRED'`, breaks: true, why: "step hatchet: queue items: the serving version binds 'SOFT' (22P02)"},
	{name: "row level security on instances", source: "pg: ddl-rowsecurity (ENABLE ROW LEVEL SECURITY, CREATE POLICY)", table: "zitadel.instances", stmt: `ALTER TABLE zitadel.instances ENABLE ROW LEVEL SECURITY;
CREATE POLICY instance_isolation ON zitadel.instances USING (id = current_setting('app.instance_id', true))`, breaks: true, lock: "AccessExclusiveLock", why: "step rows data.sql wrote are still there: the policy hides the instances from the serving role (P0001)"},
	{name: "revoke DELETE on the unique constraints", source: "pg: sql-revoke", table: "eventstore.unique_constraints", stmt: "REVOKE DELETE ON eventstore.unique_constraints FROM {{role}}", breaks: true, why: "step zitadel: unique constraints: removing a unique constraint is denied (42501)"},
	{name: "cluster the events", source: "pg: sql-cluster", table: "eventstore.events2", stmt: "CLUSTER eventstore.events2 USING events2_pkey", rewrite: true, long: true, lock: "AccessExclusiveLock", why: "no step fails: the rows are rewritten in key order under ACCESS EXCLUSIVE"},
	{name: "vacuum full the events", source: "pg: sql-vacuum (FULL)", table: `"Event"`, nonTx: true, stmt: `VACUUM FULL "Event"`, rewrite: true, why: "no step fails: the table is rewritten"},
	{name: "unlogged failed events", source: "pg: sql-altertable (SET UNLOGGED)", table: "projections.failed_events", stmt: "ALTER TABLE projections.failed_events SET UNLOGGED", rewrite: true, long: true, lock: "AccessExclusiveLock", why: "no step fails: the table is rewritten without WAL"},
	{name: "default for is_generated", source: "pg: sql-altertable (SET DEFAULT)", table: "zitadel.instance_domains", stmt: "ALTER TABLE zitadel.instance_domains ALTER COLUMN is_generated SET DEFAULT false", lock: "AccessExclusiveLock", why: "no step fails: the serving version sets is_generated itself"},
	{name: "drop the default of the field id", source: "pg: sql-altertable (DROP DEFAULT)", table: "eventstore.fields", stmt: "ALTER TABLE eventstore.fields ALTER COLUMN id DROP DEFAULT", breaks: true, lock: "AccessExclusiveLock", why: "step zitadel: fields: the field insert leaves id to its default, now NULL (23502)"},
	{name: "drop a CHECK of the fields", source: "pg: sql-altertable (DROP CONSTRAINT)", table: "eventstore.fields", stmt: "ALTER TABLE eventstore.fields DROP CONSTRAINT primitive_value_for_index", lock: "AccessExclusiveLock", why: "no step fails: refusals of CHECK constraints are not relied on"},
	{name: "generated text value becomes a plain column", source: "pg: sql-altertable (DROP EXPRESSION)", table: "eventstore.fields", stmt: "ALTER TABLE eventstore.fields ALTER COLUMN text_value DROP EXPRESSION", breaks: true, lock: "AccessExclusiveLock", why: "step zitadel: fields: an indexed string field gets no text_value, primitive_value_for_index refuses it (23514)"},
	{name: "drop a view the permission function reads", source: "pg: sql-dropview (CASCADE)", table: "eventstore.fields", stmt: "DROP VIEW eventstore.instance_members CASCADE", breaks: true, why: "step rows data.sql wrote are still there: eventstore.instance_members does not exist (42P01); permitted_orgs fails on it too"},
	{name: "reindex an events index concurrently", source: "pg: sql-reindex (CONCURRENTLY)", table: "eventstore.events2", nonTx: true, stmt: "REINDEX INDEX CONCURRENTLY eventstore.es_projection", why: "no step fails"},
	{name: "truncate the instances with cascade", source: "pg: sql-truncate (CASCADE), squawk ban-truncate-cascade", table: "zitadel.instances", stmt: "TRUNCATE zitadel.instances CASCADE", breaks: true, rewrite: true, long: true, lock: "AccessExclusiveLock", why: "step rows data.sql wrote are still there: the instances are gone (P0001)"},
	{name: "worker heartbeat timestamp to timestamptz", source: "pg: sql-altertable (SET DATA TYPE)", table: `"Worker"`, stmt: `ALTER TABLE "Worker" ALTER COLUMN "lastHeartbeatAt" TYPE timestamptz`, breaks: true, lock: "AccessExclusiveLock", why: "step hatchet: dispatchers, workers: a heartbeat the worker wrote reads back unrounded (the column loses its precision 3), and the column reads as timestamp with time zone (rule T; P0001); with the server's time zone UTC there is no rewrite"},
	{name: "audit trigger on organizations", source: "pg: sql-createtrigger example (log_update … WHEN (OLD.* IS DISTINCT FROM NEW.*))", table: "zitadel.organizations", stmt: `CREATE TABLE zitadel.organization_changes (instance_id TEXT NOT NULL, org_id TEXT NOT NULL, old_name TEXT, new_name TEXT, changed_at TIMESTAMPTZ NOT NULL DEFAULT now());
CREATE FUNCTION zitadel.log_organization_update() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO zitadel.organization_changes (instance_id, org_id, old_name, new_name) VALUES (NEW.instance_id, NEW.id, OLD.name, NEW.name); RETURN NULL; END $$;
CREATE TRIGGER log_update AFTER UPDATE ON zitadel.organizations FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION zitadel.log_organization_update()`, lock: "ShareRowExclusiveLock", why: "no step fails: the audit table is granted to the serving role by the default privileges; the trigger changes nothing the serving version reads"},
}

func TestHoldout13Measured(t *testing.T) {
	measureHoldout(t, "holdout13", "thirteenth", holdout13, 65)
}

// TestHoldout13OnPostgres holds pkg/migrate to issue 25's goal on the thirteenth set.
func TestHoldout13OnPostgres(t *testing.T) {
	checkHoldout(t, "holdout13", holdout13, knownSafeContract13, knownUnwarned13)
}

// knownSafeContract13 are this set's safe statements the classifier calls contract. Its first
// run (with the classifier as it stood when the set arrived, the fourth attacking review's
// fixes included) was 0 breaking classified expand, 5 safe contract, 0 unwarned. Hatchet's
// timestamp(3) made timestamp went to a general rule (a time type's precision widened keeps
// every value, without a rewrite), which the fifth attacking review broke and which is
// withdrawn: the finer precision stops rounding what the serving version writes, which a unique
// key then compares otherwise (TestAdversary5OnPostgres). The five: that change; a unique index that a trigger of the set
// already enforces (trg_check_verified_org_domain; Greenlight does not read triggers as
// constraints); a larger increment on a serial's integer sequence (the fourth review's case:
// it reaches 2147483647 sooner, which this set's few ids do not); a default that the CHECK
// generated_cannot_be_trusted refuses on a trusted domain's INSERT that leaves the column out,
// which Zitadel's never does (it names every column); and an audit trigger inserting into a
// table the migration creates (the quiet-trigger rule reads no SQL statements).
var knownSafeContract13 = []string{"createdAt timestamp(3) to timestamp with a new default", "unique partial index concurrently on verified domains", "sequence increment of the resource counts",
	"default for is_generated", "audit trigger on organizations"}

// knownUnwarned13 are this set's long locks and rewrites the classifier does not warn of.
var knownUnwarned13 []string
