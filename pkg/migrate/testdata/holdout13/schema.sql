-- The thirteenth holdout set's schema: the state before every migration the set takes, cut to the
-- tables they touch, with every column, constraint, index, type, sequence, function, trigger and
-- view those tables have at that point.
--
-- Zitadel (cmd/initialise/sql, cmd/setup, backend/v3/storage/database/dialect/postgres/migration):
-- eventstore.events2 as a database upgraded through setup step 14 has it on PostgreSQL (in_tx_order
-- BIGINT, copied from the old event_sequence, which step 48_fix_in_tx_order_type narrows; the
-- indexes of steps 14, 19 and the es_instance_position index step 54 drops), the push functions of
-- step 40 for that column type; eventstore.unique_constraints (10_unique_constraints_table);
-- eventstore.fields (step 28) with the views and eventstore.permitted_orgs of step 46;
-- projections.current_states as step 15 creates it (before step 17's filter_offset);
-- projections.failed_events (01_sql, with step 05's last_failed and index) before step 15 moves
-- it; projections.resource_counts and its functions as step 57 creates them, with the count
-- triggers of trigger_steps.go on the LDAP template table; projections.login_names3_users as
-- its projection creates it (before step 18); auth.user_sessions (01_sql, before steps 20 and
-- 32); projections.idp_templates6_ldap3 as the release step 52 repairs left it (rootCA);
-- zitadel.instances, organizations, instance_domains and org_domains as the relational
-- migrations 001 to 003 make them (before 004 corrects the updated_at triggers).
--
-- Hatchet (cmd/hatchet-migrate/migrate/migrations): "Tenant" as 20240115180414_init makes it
-- (before v0_11_0's trigger, v0_23_0 and v0_55_0); "Dispatcher" (init); "Worker" after v0_12_0
-- ("maxRuns") and before v0_13_0, v0_22_1, v0_28_2, v0_30_1, 0_42_3 and v0_50_5; "WebhookWorker"
-- (v0_34_0); "APIToken" (v0_7_0, before v0_29_0 and v0_38_0); "Event" (init, before v0_24_0,
-- v0_47_1, v0_49_0 and v0_51_3); "EventKey" (v0_49_2, before 0_49_3); "QueueItem" (v0_42_0,
-- before v0_42_1); "TenantResourceLimit" (v0_31_0, before v1_0_8).

-- {{role}} is the role the serving versions connect as: not a superuser, not the owner.
CREATE ROLE {{role}};

-- Zitadel.
CREATE SCHEMA IF NOT EXISTS eventstore;
CREATE SCHEMA IF NOT EXISTS projections;
CREATE SCHEMA IF NOT EXISTS auth;
CREATE SCHEMA IF NOT EXISTS zitadel;

CREATE TABLE eventstore.events2 (
    instance_id TEXT NOT NULL
    , aggregate_type TEXT NOT NULL
    , aggregate_id TEXT NOT NULL

    , event_type TEXT NOT NULL
    , "sequence" BIGINT NOT NULL
    , revision SMALLINT NOT NULL
    , created_at TIMESTAMPTZ NOT NULL
    , payload JSONB
    , creator TEXT NOT NULL
    , "owner" TEXT NOT NULL

    , "position" DECIMAL NOT NULL
    , in_tx_order BIGINT NOT NULL

    , PRIMARY KEY (instance_id, aggregate_type, aggregate_id, "sequence")
);

CREATE INDEX IF NOT EXISTS es_active_instances ON eventstore.events2 (created_at DESC, instance_id);
CREATE INDEX IF NOT EXISTS es_wm ON eventstore.events2 (aggregate_id, instance_id, aggregate_type, event_type);
CREATE INDEX IF NOT EXISTS es_projection ON eventstore.events2 (instance_id, aggregate_type, event_type, "position");
CREATE INDEX IF NOT EXISTS events2_current_sequence ON eventstore.events2 ("sequence" DESC, aggregate_id, aggregate_type, instance_id);
CREATE INDEX IF NOT EXISTS es_instance_position ON eventstore.events2 (instance_id, position);

CREATE TYPE eventstore.command AS (
    instance_id TEXT
    , aggregate_type TEXT
    , aggregate_id TEXT
    , command_type TEXT
    , revision INT2
    , payload JSONB
    , creator TEXT
    , owner TEXT
);

CREATE OR REPLACE FUNCTION eventstore.latest_aggregate_state(
    instance_id TEXT
    , aggregate_type TEXT
    , aggregate_id TEXT

    , sequence OUT BIGINT
    , owner OUT TEXT
)
    LANGUAGE 'plpgsql'
    STABLE PARALLEL SAFE
AS $$
    BEGIN
        SELECT
            COALESCE(e.sequence, 0) AS sequence
            , e.owner
        INTO
            sequence
            , owner
        FROM
            eventstore.events2 e
        WHERE
            e.instance_id = $1
            AND e.aggregate_type = $2
            AND e.aggregate_id = $3
        ORDER BY
            e.sequence DESC
        LIMIT 1;

        RETURN;
    END;
$$;

CREATE OR REPLACE FUNCTION eventstore.commands_to_events(commands eventstore.command[])
    RETURNS SETOF eventstore.events2
    LANGUAGE 'plpgsql'
    STABLE PARALLEL SAFE
    ROWS 10
AS $$
DECLARE
    "aggregate" RECORD;
    current_sequence BIGINT;
    current_owner TEXT;
    created_at TIMESTAMPTZ;
BEGIN
    created_at := statement_timestamp();
    FOR "aggregate" IN
        SELECT DISTINCT
            instance_id
            , aggregate_type
            , aggregate_id
        FROM UNNEST(commands)
    LOOP
        SELECT
            *
        INTO
            current_sequence
            , current_owner
        FROM eventstore.latest_aggregate_state(
            "aggregate".instance_id
            , "aggregate".aggregate_type
            , "aggregate".aggregate_id
        );

        RETURN QUERY
        SELECT
            c.instance_id
            , c.aggregate_type
            , c.aggregate_id
            , c.command_type -- AS event_type
            , COALESCE(current_sequence, 0) + ROW_NUMBER() OVER () -- AS sequence
            , c.revision
            , created_at
            , c.payload
            , c.creator
            , COALESCE(current_owner, c.owner) -- AS owner
            , EXTRACT(EPOCH FROM created_at) -- AS position
            , c.ordinality::bigint -- AS in_tx_order
        FROM
            UNNEST(commands) WITH ORDINALITY AS c
        WHERE
            c.instance_id = aggregate.instance_id
            AND c.aggregate_type = aggregate.aggregate_type
            AND c.aggregate_id = aggregate.aggregate_id;
    END LOOP;
    RETURN;
END;
$$;

CREATE OR REPLACE FUNCTION eventstore.push(commands eventstore.command[]) RETURNS SETOF eventstore.events2 VOLATILE AS $$
INSERT INTO eventstore.events2
SELECT * FROM eventstore.commands_to_events(commands)
ORDER BY in_tx_order
RETURNING *
$$ LANGUAGE SQL;

CREATE TABLE IF NOT EXISTS eventstore.unique_constraints (
    instance_id TEXT,
    unique_type TEXT,
    unique_field TEXT,
    PRIMARY KEY (instance_id, unique_type, unique_field)
);

CREATE TABLE eventstore.fields (
    id TEXT NOT NULL DEFAULT gen_random_uuid()
    , instance_id TEXT NOT NULL
    , resource_owner TEXT NOT NULL

    , aggregate_type TEXT NOT NULL
    , aggregate_id TEXT NOT NULL

    , object_type TEXT NOT NULL
    , object_id TEXT NOT NULL
    , object_revision INT2

    , field_name TEXT NOT NULL

    , "value" JSONB NOT NULL
    , number_value NUMERIC GENERATED ALWAYS AS (CASE WHEN should_index AND JSONB_TYPEOF("value") = 'number' THEN "value"::NUMERIC ELSE NULL END) STORED
    , text_value TEXT GENERATED ALWAYS AS (CASE WHEN should_index AND JSONB_TYPEOF("value") = 'string' THEN "value" #>> '{}' ELSE NULL END) STORED
    , bool_value BOOLEAN GENERATED ALWAYS AS (CASE WHEN should_index AND JSONB_TYPEOF("value") = 'boolean' THEN "value"::BOOLEAN ELSE NULL END) STORED

    , value_must_be_unique BOOLEAN
    , should_index BOOLEAN

    , PRIMARY KEY (instance_id, id)

    , CONSTRAINT primitive_value_for_unique_check CHECK (
        CASE
            WHEN value_must_be_unique THEN num_nonnulls(number_value, text_value, bool_value) = 1
            ELSE true
        END
    )
    , CONSTRAINT primitive_value_for_index CHECK (
        CASE
            WHEN should_index THEN num_nonnulls(number_value, text_value, bool_value) = 1
            ELSE true
        END
    )
);

CREATE UNIQUE INDEX IF NOT EXISTS f_number_unique_idx ON eventstore.fields (instance_id, field_name, number_value) WHERE value_must_be_unique;
CREATE UNIQUE INDEX IF NOT EXISTS f_text_unique_idx ON eventstore.fields (instance_id, field_name, text_value) WHERE value_must_be_unique;
CREATE UNIQUE INDEX IF NOT EXISTS f_bool_unique_idx ON eventstore.fields (instance_id, field_name, bool_value) WHERE value_must_be_unique;
CREATE INDEX IF NOT EXISTS f_number_value_idx ON eventstore.fields (instance_id, object_type, field_name, number_value)
    INCLUDE (resource_owner, object_id, object_revision, "value")
    WHERE number_value IS NOT NULL ;
CREATE INDEX IF NOT EXISTS f_text_value_idx ON eventstore.fields (instance_id, object_type, field_name, text_value)
    INCLUDE (resource_owner, object_id, object_revision, "value")
    WHERE text_value IS NOT NULL ;
CREATE INDEX IF NOT EXISTS f_bool_value_idx ON eventstore.fields (instance_id, object_type, field_name, bool_value)
    INCLUDE (resource_owner, object_id, object_revision, "value")
    WHERE bool_value IS NOT NULL ;

CREATE OR REPLACE VIEW eventstore.role_permissions AS
SELECT instance_id, aggregate_id, object_id as role, text_value as permission
FROM eventstore.fields
WHERE aggregate_type = 'permission'
AND object_type = 'role_permission'
AND field_name = 'permission';

CREATE OR REPLACE VIEW eventstore.instance_orgs AS
SELECT instance_id, aggregate_id as org_id
FROM eventstore.fields
WHERE aggregate_type = 'org'
AND object_type = 'org'
AND field_name = 'state';

CREATE OR REPLACE VIEW eventstore.instance_members AS
SELECT instance_id, object_id as user_id, text_value as role
FROM eventstore.fields
WHERE aggregate_type = 'instance'
AND object_type = 'instance_member_role'
AND field_name = 'instance_role';

CREATE OR REPLACE VIEW eventstore.org_members AS
SELECT instance_id, aggregate_id as org_id, object_id as user_id, text_value as role
FROM eventstore.fields
WHERE aggregate_type = 'org'
AND object_type = 'org_member_role'
AND field_name = 'org_role';

CREATE OR REPLACE VIEW eventstore.project_members AS
SELECT instance_id, aggregate_id as project_id, object_id as user_id, text_value as role
FROM eventstore.fields
WHERE aggregate_type = 'project'
AND object_type = 'project_member_role'
AND field_name = 'project_role';

CREATE OR REPLACE FUNCTION eventstore.permitted_orgs(
    instanceId TEXT
    , userId TEXT
    , perm TEXT

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
			-- Return all organizations
			SELECT array_agg(o.org_id) INTO org_ids
				FROM eventstore.instance_orgs o
				WHERE o.instance_id = instanceId;
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
$$;

CREATE TABLE IF NOT EXISTS projections.current_states (
    projection_name TEXT NOT NULL
    , instance_id TEXT NOT NULL

    , last_updated TIMESTAMPTZ

    , aggregate_id TEXT
    , aggregate_type TEXT
    , "sequence" INT8
    , event_date TIMESTAMPTZ
    , "position" DECIMAL

    , PRIMARY KEY (projection_name, instance_id)
);
CREATE INDEX IF NOT EXISTS cs_instance_id_idx ON projections.current_states (instance_id);

CREATE TABLE projections.failed_events (
    projection_name TEXT,
    failed_sequence BIGINT,
    failure_count SMALLINT,
    error TEXT,
    instance_id TEXT NOT NULL,
    last_failed TIMESTAMPTZ,

    PRIMARY KEY (projection_name, failed_sequence, instance_id)
);
CREATE INDEX IF NOT EXISTS failed_events_instance_id_idx ON projections.failed_events (instance_id);

CREATE TABLE IF NOT EXISTS projections.resource_counts
(
    id SERIAL PRIMARY KEY, -- allows for easy pagination
    instance_id TEXT NOT NULL,
    table_name TEXT NOT NULL, -- needed for trigger matching, not in reports
    parent_type TEXT NOT NULL,
    parent_id TEXT NOT NULL,
    resource_name TEXT NOT NULL, -- friendly name for reporting
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    amount INTEGER NOT NULL DEFAULT 1 CHECK (amount >= 0),

	UNIQUE (instance_id, parent_type, parent_id, table_name)
);

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

	tg_instance_id TEXT;
	tg_parent_id TEXT;

	select_ids TEXT := format('SELECT ($1).%I, ($1).%I', tg_instance_id_column, tg_parent_id_column);
BEGIN
	IF (TG_OP = 'INSERT') THEN
		EXECUTE select_ids INTO tg_instance_id, tg_parent_id USING NEW;

		INSERT INTO projections.resource_counts(instance_id, table_name, parent_type, parent_id, resource_name)
		VALUES (tg_instance_id, tg_table_name, tg_parent_type, tg_parent_id, tg_resource_name)
		ON CONFLICT (instance_id, table_name, parent_type, parent_id) DO
		UPDATE SET updated_at = now(), amount = projections.resource_counts.amount + 1;

		RETURN NEW;
	ELSEIF (TG_OP = 'DELETE') THEN
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
$$;

CREATE TABLE projections.login_names3_users (
    id TEXT NOT NULL
    , user_name TEXT NOT NULL
    , resource_owner TEXT NOT NULL
    , instance_id TEXT NOT NULL
    , PRIMARY KEY (instance_id, id)
);
CREATE INDEX login_names3_users_instance_user_name_idx ON projections.login_names3_users (instance_id, user_name);
CREATE INDEX login_names3_users_lnu_instance_ro_id_idx ON projections.login_names3_users (instance_id, resource_owner, id);

CREATE TABLE auth.user_sessions (
    creation_date TIMESTAMPTZ NULL,
    change_date TIMESTAMPTZ NULL,
    resource_owner TEXT NULL,
    state INT2 NULL,
    user_agent_id TEXT NULL,
    user_id TEXT NULL,
    user_name TEXT NULL,
    password_verification TIMESTAMPTZ NULL,
    second_factor_verification TIMESTAMPTZ NULL,
    multi_factor_verification TIMESTAMPTZ NULL,
    sequence INT8 NULL,
    second_factor_verification_type INT2 NULL,
    multi_factor_verification_type INT2 NULL,
    user_display_name TEXT NULL,
    login_name TEXT NULL,
    external_login_verification TIMESTAMPTZ NULL,
    selected_idp_config_id TEXT NULL,
    passwordless_verification TIMESTAMPTZ NULL,
    avatar_key TEXT NULL,
    instance_id TEXT NOT NULL,

    PRIMARY KEY (user_agent_id, user_id, instance_id)
);

CREATE TABLE projections.idp_templates6_ldap3 (
    idp_id TEXT NOT NULL
    , instance_id TEXT NOT NULL
    , servers TEXT[] NOT NULL
    , start_tls BOOLEAN NOT NULL
    , base_dn TEXT NOT NULL
    , bind_dn TEXT NOT NULL
    , bind_password JSONB NOT NULL
    , user_base TEXT NOT NULL
    , user_object_classes TEXT[] NOT NULL
    , user_filters TEXT[] NOT NULL
    , timeout INT8 NOT NULL
    , rootCA BYTEA
    , id_attribute TEXT
    , first_name_attribute TEXT
    , last_name_attribute TEXT
    , email_attribute TEXT
    , email_verified TEXT
    , PRIMARY KEY (instance_id, idp_id)
);

CREATE OR REPLACE TRIGGER count_identity_provider_ldap_insert
    AFTER INSERT
    ON projections.idp_templates6_ldap3
    FOR EACH ROW
    EXECUTE FUNCTION projections.count_resource(
        'instance',
        'instance_id',
        'instance_id',
        'identity_provider_ldap'
    );

CREATE OR REPLACE TRIGGER count_identity_provider_ldap_delete
    AFTER DELETE
    ON projections.idp_templates6_ldap3
    FOR EACH ROW
    EXECUTE FUNCTION projections.count_resource(
        'instance',
        'instance_id',
        'instance_id',
        'identity_provider_ldap'
    );

CREATE TABLE IF NOT EXISTS zitadel.instances(
  id TEXT NOT NULL CHECK (id <> '') PRIMARY KEY,
  name TEXT NOT NULL CHECK (name <> ''),
  default_org_id TEXT, -- NOT NULL,
  iam_project_id TEXT, -- NOT NULL,
  console_client_id TEXT, -- NOT NULL,
  console_app_id TEXT, -- NOT NULL,
  default_language TEXT, -- NOT NULL,
  created_at TIMESTAMPTZ DEFAULT NOW() NOT NULL,
  updated_at TIMESTAMPTZ DEFAULT NOW() NOT NULL
);

CREATE OR REPLACE FUNCTION zitadel.set_updated_at()
RETURNS TRIGGER AS $$
BEGIN
  NEW.updated_at := NOW();
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER trigger_set_updated_at
BEFORE UPDATE ON zitadel.instances
FOR EACH ROW
WHEN (OLD.updated_at IS NOT DISTINCT FROM NEW.updated_at)
EXECUTE FUNCTION zitadel.set_updated_at();

CREATE TYPE zitadel.organization_state AS ENUM (
	'active',
	'inactive'
);

CREATE TABLE zitadel.organizations(
  id TEXT NOT NULL CHECK (id <> ''),
  name TEXT NOT NULL CHECK (name <> ''),
  instance_id TEXT NOT NULL REFERENCES zitadel.instances (id) ON DELETE CASCADE,
  state zitadel.organization_state NOT NULL,
  created_at TIMESTAMPTZ DEFAULT NOW() NOT NULL,
  updated_at TIMESTAMPTZ DEFAULT NOW() NOT NULL,

  PRIMARY KEY (instance_id, id)
);

CREATE UNIQUE INDEX org_unique_instance_id_name_idx
  ON zitadel.organizations (instance_id, name);

CREATE TRIGGER trigger_set_updated_at
BEFORE UPDATE ON zitadel.organizations
FOR EACH ROW
WHEN (OLD.updated_at IS NOT DISTINCT FROM NEW.updated_at)
EXECUTE FUNCTION zitadel.set_updated_at();

CREATE TYPE zitadel.domain_validation_type AS ENUM (
    'dns'
    , 'http'
);

CREATE TYPE zitadel.domain_type AS ENUM (
    'custom'
    , 'trusted'
);

CREATE TABLE zitadel.instance_domains(
  instance_id TEXT NOT NULL
  , domain TEXT NOT NULL CHECK (LENGTH(domain) BETWEEN 1 AND 255)
  , is_primary BOOLEAN
  , is_generated BOOLEAN
  , type zitadel.domain_type NOT NULL

  , created_at TIMESTAMPTZ DEFAULT NOW() NOT NULL
  , updated_at TIMESTAMPTZ DEFAULT NOW() NOT NULL

  , PRIMARY KEY (domain)

  , FOREIGN KEY (instance_id) REFERENCES zitadel.instances(id) ON DELETE CASCADE

  , CONSTRAINT primary_cannot_be_trusted CHECK (is_primary IS NULL OR type != 'trusted')
  , CONSTRAINT generated_cannot_be_trusted CHECK (is_generated IS NULL OR type != 'trusted')
  , CONSTRAINT custom_values_set CHECK ((is_primary IS NOT NULL AND is_generated IS NOT NULL) OR type != 'custom')
);

CREATE INDEX idx_instance_domain_instance ON zitadel.instance_domains(instance_id);

CREATE TABLE zitadel.org_domains(
  instance_id TEXT NOT NULL
  , org_id TEXT NOT NULL
  , domain TEXT NOT NULL CHECK (LENGTH(domain) BETWEEN 1 AND 255)
  , is_verified BOOLEAN NOT NULL DEFAULT FALSE
  , is_primary BOOLEAN NOT NULL DEFAULT FALSE
  , validation_type zitadel.domain_validation_type

  , created_at TIMESTAMPTZ DEFAULT NOW() NOT NULL
  , updated_at TIMESTAMPTZ DEFAULT NOW() NOT NULL

  , PRIMARY KEY (instance_id, org_id, domain)

  , FOREIGN KEY (instance_id, org_id) REFERENCES zitadel.organizations(instance_id, id) ON DELETE CASCADE

  , UNIQUE (instance_id, org_id, domain)
);

CREATE INDEX idx_org_domain ON zitadel.org_domains(instance_id, domain);

CREATE TRIGGER trg_set_updated_at_instance_domains
  BEFORE UPDATE ON zitadel.instance_domains
  FOR EACH ROW
  WHEN (OLD.updated_at IS NOT DISTINCT FROM NEW.updated_at)
  EXECUTE FUNCTION zitadel.set_updated_at();

CREATE TRIGGER trg_set_updated_at_org_domains
  BEFORE UPDATE ON zitadel.org_domains
  FOR EACH ROW
  WHEN (OLD.updated_at IS NOT DISTINCT FROM NEW.updated_at)
  EXECUTE FUNCTION zitadel.set_updated_at();

CREATE OR REPLACE FUNCTION zitadel.check_verified_org_domain()
RETURNS TRIGGER AS $$
BEGIN
  -- Check if there's already a verified domain within this instance (excluding the current record being updated)
  IF EXISTS (
    SELECT 1
    FROM zitadel.org_domains
    WHERE instance_id = NEW.instance_id
        AND domain = NEW.domain
        AND is_verified = TRUE
        AND (TG_OP = 'INSERT' OR (org_id != NEW.org_id))
    ) THEN
      RAISE EXCEPTION 'org domain is already taken';
  END IF;

  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER trg_check_verified_org_domain
  BEFORE INSERT OR UPDATE ON zitadel.org_domains
  FOR EACH ROW
  WHEN (NEW.is_verified IS TRUE)
  EXECUTE FUNCTION zitadel.check_verified_org_domain();

CREATE OR REPLACE FUNCTION zitadel.ensure_single_primary_instance_domain()
RETURNS TRIGGER AS $$
BEGIN
  -- If setting this domain as primary, update all other domains in the same instance to non-primary
  UPDATE zitadel.instance_domains
  SET is_primary = FALSE, updated_at = NOW()
  WHERE instance_id = NEW.instance_id
    AND domain != NEW.domain
    AND is_primary = TRUE
    AND type = 'custom';

  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER trg_ensure_single_primary_instance_domain
  BEFORE INSERT OR UPDATE ON zitadel.instance_domains
  FOR EACH ROW
  WHEN (NEW.is_primary IS TRUE)
  EXECUTE FUNCTION zitadel.ensure_single_primary_instance_domain();

CREATE OR REPLACE FUNCTION zitadel.ensure_single_primary_org_domain()
RETURNS TRIGGER AS $$
BEGIN
  -- If setting this domain as primary, update all other domains in the same organization to non-primary
  UPDATE zitadel.org_domains
  SET is_primary = FALSE, updated_at = NOW()
  WHERE instance_id = NEW.instance_id
    AND org_id = NEW.org_id
    AND domain != NEW.domain
    AND is_primary = TRUE;

  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER trg_ensure_single_primary_org_domain
  BEFORE INSERT OR UPDATE ON zitadel.org_domains
  FOR EACH ROW
  WHEN (NEW.is_primary IS TRUE)
  EXECUTE FUNCTION zitadel.ensure_single_primary_org_domain();

-- Hatchet.
CREATE TYPE "WorkerStatus" AS ENUM ('ACTIVE', 'INACTIVE');
CREATE TYPE "StickyStrategy" AS ENUM ('SOFT', 'HARD');
CREATE TYPE "LimitResource" AS ENUM ('WORKFLOW_RUN', 'EVENT', 'WORKER', 'CRON', 'SCHEDULE');

CREATE TABLE "Tenant" (
    "id" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deletedAt" TIMESTAMP(3),
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,

    CONSTRAINT "Tenant_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "Tenant_id_key" ON "Tenant"("id");
CREATE UNIQUE INDEX "Tenant_slug_key" ON "Tenant"("slug");

CREATE TABLE "Dispatcher" (
    "id" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deletedAt" TIMESTAMP(3),
    "lastHeartbeatAt" TIMESTAMP(3),
    "isActive" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "Dispatcher_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "Dispatcher_id_key" ON "Dispatcher"("id");

CREATE TABLE "Worker" (
    "id" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deletedAt" TIMESTAMP(3),
    "tenantId" UUID NOT NULL,
    "lastHeartbeatAt" TIMESTAMP(3),
    "name" TEXT NOT NULL,
    "status" "WorkerStatus" NOT NULL DEFAULT 'ACTIVE',
    "dispatcherId" UUID NOT NULL,
    "maxRuns" INTEGER,

    CONSTRAINT "Worker_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "Worker_id_key" ON "Worker"("id");
ALTER TABLE "Worker" ADD CONSTRAINT "Worker_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Worker" ADD CONSTRAINT "Worker_dispatcherId_fkey" FOREIGN KEY ("dispatcherId") REFERENCES "Dispatcher"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "APIToken" (
    "id" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3),
    "revoked" BOOLEAN NOT NULL DEFAULT false,
    "name" TEXT,
    "tenantId" UUID,

    CONSTRAINT "APIToken_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "APIToken_id_key" ON "APIToken"("id");
ALTER TABLE "APIToken" ADD CONSTRAINT "APIToken_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "WebhookWorker" ("id" uuid NOT NULL, "createdAt" timestamp(3) NOT NULL DEFAULT CURRENT_TIMESTAMP, "updatedAt" timestamp(3) NOT NULL DEFAULT CURRENT_TIMESTAMP, "name" text NOT NULL, "secret" text NOT NULL, "url" text NOT NULL, "tokenValue" text NULL, "deleted" boolean NOT NULL DEFAULT false, "tokenId" uuid NULL, "tenantId" uuid NOT NULL, PRIMARY KEY ("id"), CONSTRAINT "WebhookWorker_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON UPDATE CASCADE ON DELETE CASCADE, CONSTRAINT "WebhookWorker_tokenId_fkey" FOREIGN KEY ("tokenId") REFERENCES "APIToken" ("id") ON UPDATE CASCADE ON DELETE CASCADE);
CREATE UNIQUE INDEX "WebhookWorker_id_key" ON "WebhookWorker" ("id");
CREATE UNIQUE INDEX "WebhookWorker_url_key" ON "WebhookWorker" ("url");

CREATE TABLE "Event" (
    "id" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deletedAt" TIMESTAMP(3),
    "key" TEXT NOT NULL,
    "tenantId" UUID NOT NULL,
    "replayedFromId" UUID,
    "data" JSONB,

    CONSTRAINT "Event_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "Event_id_key" ON "Event"("id");
ALTER TABLE "Event" ADD CONSTRAINT "Event_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Event" ADD CONSTRAINT "Event_replayedFromId_fkey" FOREIGN KEY ("replayedFromId") REFERENCES "Event"("id") ON DELETE SET NULL ON UPDATE CASCADE;

CREATE TABLE "EventKey" ("key" text NOT NULL, "tenantId" uuid NOT NULL, PRIMARY KEY ("key"));
CREATE UNIQUE INDEX "EventKey_key_tenantId_key" ON "EventKey" ("key", "tenantId");

CREATE TABLE "QueueItem" ("id" bigserial NOT NULL, "stepRunId" uuid NULL, "stepId" uuid NULL, "actionId" text NULL, "scheduleTimeoutAt" timestamp(3) NULL, "stepTimeout" text NULL, "priority" integer NOT NULL DEFAULT 1, "isQueued" boolean NOT NULL, "tenantId" uuid NOT NULL, "queue" text NOT NULL, "sticky" "StickyStrategy" NULL, "desiredWorkerId" uuid NULL, PRIMARY KEY ("id"));
CREATE INDEX "QueueItem_isQueued_priority_tenantId_queue_id_idx" ON "QueueItem" ("isQueued", "priority", "tenantId", "queue", "id");

CREATE TABLE "TenantResourceLimit" ("id" uuid NOT NULL, "createdAt" timestamp(3) NOT NULL DEFAULT CURRENT_TIMESTAMP, "updatedAt" timestamp(3) NOT NULL DEFAULT CURRENT_TIMESTAMP, "resource" "LimitResource" NOT NULL, "tenantId" uuid NOT NULL, "limitValue" integer NOT NULL, "alarmValue" integer NULL, "value" integer NOT NULL DEFAULT 0, "window" text NULL, "lastRefill" timestamp(3) NOT NULL DEFAULT CURRENT_TIMESTAMP, "customValueMeter" boolean NOT NULL DEFAULT false, PRIMARY KEY ("id"), CONSTRAINT "TenantResourceLimit_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON UPDATE CASCADE ON DELETE CASCADE);
CREATE UNIQUE INDEX "TenantResourceLimit_id_key" ON "TenantResourceLimit" ("id");
CREATE UNIQUE INDEX "TenantResourceLimit_tenantId_resource_key" ON "TenantResourceLimit" ("tenantId", "resource");
