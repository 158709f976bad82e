-- The sixteenth holdout's schema: Ente's museum server tables and Cadence's PostgreSQL persistence
-- and visibility tables, as their serving versions find them before each taken migration
-- (holdout16_test.go's header names the versions), in the public schema. Ente's tables are
-- written as its server/migrations/<n>_*.up.sql create and alter them; Cadence's as
-- schema/postgres/cadence/versioned/v0.1/base.sql and schema/postgres/visibility/versioned/v0.1/
-- base.sql create them (Cadence keeps visibility in a database of its own; here it shares one).
-- Each table is at the migration named above it: the point just before the taken statements on
-- it. The enum types and the trigger function are global, at the state before the taken
-- statements that change them (s3region before 46, app before 68, object_type before 94, model
-- before 74, trigger_updated_at_microseconds_column as 22 wrote it, before 33 replaced it).

-- {{role}} is the role the serving versions connect as: not a superuser, not the owner.
CREATE ROLE {{role}};

-- Ente.

-- 22_add_location_tag_table: the helper functions (the trigger function before 33).
CREATE OR REPLACE FUNCTION now_utc_micro_seconds() RETURNS BIGINT AS
$$
SELECT CAST(extract(EPOCH from now() at time zone 'utc') * 1000000 as BIGINT) ;
$$ language sql;

CREATE OR REPLACE FUNCTION trigger_updated_at_microseconds_column()
    RETURNS TRIGGER AS
$$
BEGIN
    NEW.updated_at = now_utc_micro_seconds();
    RETURN NEW;
END;
$$ language 'plpgsql';

-- 9_create_datacenter (s3region, before 46), 27_consolidate_files_table and 89 (object_type,
-- before 94), 53_add_apps (app, before 68), 70_add_embeddings (model, before 74).
CREATE TYPE s3region AS ENUM ('b2-eu-cen','scw-eu-fr');
CREATE TYPE OBJECT_TYPE as ENUM ('file', 'thumbnail', 'mldata');
CREATE TYPE app AS ENUM ('photos','auth');
CREATE TYPE model AS ENUM ('ggml-clip');

-- users: 1_create_tables and 19_add_encrypted_email_columns (before 21, 24, 25 and 29).
CREATE TABLE IF NOT EXISTS users (
	user_id SERIAL PRIMARY KEY,
	email TEXT UNIQUE,
	name TEXT,
	creation_time BIGINT NOT NULL,
	encrypted_email BYTEA,
	email_decryption_nonce BYTEA,
	email_hash TEXT UNIQUE
);
CREATE INDEX IF NOT EXISTS users_email_index ON users(email);
CREATE INDEX IF NOT EXISTS users_email_hash_index ON users(email_hash);

-- files: 1_create_tables (before 24, 25 and 30).
CREATE TABLE IF NOT EXISTS files (
	file_id BIGSERIAL PRIMARY KEY,
	owner_id INTEGER NOT NULL,
	file_decryption_header TEXT NOT NULL,
	thumbnail_decryption_header TEXT NOT NULL,
	metadata_decryption_header TEXT NOT NULL,
	encrypted_metadata TEXT NOT NULL,
	updation_time BIGINT NOT NULL,
	CONSTRAINT fk_files_owner_id 
		FOREIGN KEY(owner_id) 
			REFERENCES users(user_id)
			ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS files_owner_id_index ON files (owner_id);
CREATE INDEX IF NOT EXISTS files_updation_time_index ON files (updation_time);

-- collections: 1_create_tables, 3 (encrypted_name), 25 (bigint ids, identity), 42, 56 and 64
-- (before 68).
CREATE TABLE IF NOT EXISTS collections (
	collection_id BIGINT GENERATED ALWAYS AS IDENTITY (START 1580559962386438) PRIMARY KEY,
	owner_id BIGINT NOT NULL,
	encrypted_key TEXT NOT NULL,
	key_decryption_nonce TEXT NOT NULL,
	name TEXT,
	type TEXT NOT NULL,
	attributes JSONB NOT NULL,
	updation_time BIGINT NOT NULL,
	is_deleted BOOLEAN DEFAULT FALSE,
	encrypted_name TEXT,
	name_decryption_nonce TEXT,
	magic_metadata JSONB,
	pub_magic_metadata JSONB,
	CONSTRAINT fk_collections_owner_id 
		FOREIGN KEY(owner_id) 
			REFERENCES users(user_id)
			ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS collections_owner_id_index ON collections (owner_id);
CREATE UNIQUE INDEX IF NOT EXISTS collections_favorites_constraint_index ON collections (owner_id) WHERE (type = 'favorites');
CREATE UNIQUE INDEX IF NOT EXISTS collections_uncategorized_constraint_index ON collections (owner_id) WHERE (type = 'uncategorized');

-- collection_shares: 1_create_tables and 25 (bigint ids), before 60.
CREATE TABLE IF NOT EXISTS collection_shares (
	collection_id BIGINT NOT NULL,
	from_user_id BIGINT NOT NULL,
	to_user_id BIGINT NOT NULL,
	encrypted_key TEXT NOT NULL,
	updation_time BIGINT NOT NULL,
	is_deleted BOOLEAN DEFAULT FALSE,
	UNIQUE(collection_id, from_user_id, to_user_id),
	CONSTRAINT fk_collection_shares_collection_id 
		FOREIGN KEY(collection_id) 
			REFERENCES collections(collection_id)
			ON DELETE CASCADE,
	CONSTRAINT fk_collection_shares_from_user_id 
		FOREIGN KEY(from_user_id) 
			REFERENCES users(user_id)
			ON DELETE CASCADE,
	CONSTRAINT fk_collection_shares_to_user_id 
		FOREIGN KEY(to_user_id) 
			REFERENCES users(user_id)
			ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS collection_shares_to_user_id_index ON collection_shares (to_user_id);

-- collection_files: 1_create_tables and 25 (bigint collection_id), before 45 and 60.
CREATE TABLE IF NOT EXISTS collection_files (
	file_id BIGINT NOT NULL,
	collection_id BIGINT NOT NULL,
	encrypted_key TEXT NOT NULL,
	key_decryption_nonce TEXT NOT NULL,
	is_deleted BOOLEAN DEFAULT FALSE,
	updation_time BIGINT NOT NULL,
	CONSTRAINT unique_collection_files_cid_fid UNIQUE(collection_id, file_id),
	CONSTRAINT fk_collection_files_collection_id 
		FOREIGN KEY(collection_id)
			REFERENCES collections(collection_id)
			ON DELETE CASCADE,
	CONSTRAINT fk_collection_files_file_id 
		FOREIGN KEY(file_id) 
			REFERENCES files(file_id)
			ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS collection_files_collection_id_index ON collection_files (collection_id);

-- otts: 1_create_tables, 8 (email, user_id dropped) and 19 (email_hash), before 26 and 58.
CREATE TABLE IF NOT EXISTS otts (
	ott TEXT UNIQUE NOT NULL,
	creation_time BIGINT NOT NULL,
	expiration_time BIGINT NOT NULL,
	email TEXT,
	email_hash TEXT
);
CREATE INDEX IF NOT EXISTS otts_email_hash_index ON otts(email_hash);

-- tokens: 1_create_tables, 14 (ip, user_agent) and 25 (bigint user_id), before 36.
CREATE TABLE IF NOT EXISTS tokens (
	user_id BIGINT NOT NULL,
	token TEXT UNIQUE NOT NULL,
	creation_time BIGINT NOT NULL,
	ip TEXT,
	user_agent TEXT,
	CONSTRAINT fk_tokens_user_id 
		FOREIGN KEY(user_id) 
			REFERENCES users(user_id)
			ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS tokens_user_id_index ON tokens (user_id);

-- key_attributes: 1_create_tables (before 11, 12 and 13).
CREATE TABLE IF NOT EXISTS key_attributes (
	user_id INTEGER PRIMARY KEY,
	kek_salt TEXT NOT NULL,
	kek_hash_bytes BYTEA NOT NULL,
	encrypted_key TEXT NOT NULL,
	key_decryption_nonce TEXT NOT NULL,
	public_key TEXT NOT NULL,
	encrypted_secret_key TEXT NOT NULL,
	secret_key_decryption_nonce TEXT NOT NULL,
	CONSTRAINT fk_key_attributes_user_id 
		FOREIGN KEY(user_id) 
			REFERENCES users(user_id)
			ON DELETE CASCADE
);

-- subscriptions: 2_create_subscriptions and 4_update_subscriptions_schema (before 5, 15 and 49).
CREATE TABLE IF NOT EXISTS subscriptions (
    subscription_id SERIAL PRIMARY KEY,
    user_id INTEGER NOT NULL,
    storage_in_mbs BIGINT NOT NULL,
    original_transaction_id TEXT NOT NULL,
    expiry_time BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL DEFAULT NOW(),
    product_id TEXT NOT NULL,
    payment_provider TEXT NOT NULL,
    latest_verification_data TEXT NOT NULL,

	CONSTRAINT fk_subscriptions_user_id 
		FOREIGN KEY(user_id) 
			REFERENCES users(user_id)
			ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS subscriptions_user_id_index ON subscriptions(user_id);
CREATE INDEX IF NOT EXISTS subscriptions_expiry_time_index ON subscriptions (expiry_time);

-- usage: 6_create_usage (before 7).
CREATE TABLE IF NOT EXISTS usage(
    user_id INTEGER NOT NULL,
    storage_consumed BIGINT NOT NULL,

    CONSTRAINT fk_usage_user_id
        FOREIGN KEY(user_id)
            REFERENCES users(user_id)
            ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS usage_user_id_index ON usage(user_id);

-- temp_object_keys: 1_create_tables (before 10).
CREATE TABLE IF NOT EXISTS temp_object_keys (
	object_key TEXT PRIMARY KEY NOT NULL,
	expiration_time BIGINT NOT NULL
);

-- queue: 9_create_datacenter (before 28).
CREATE TABLE IF NOT EXISTS queue (
    queue_id SERIAL PRIMARY KEY,
    queue_name TEXT NOT NULL,
    item TEXT NOT NULL
);

-- trash: 32_add_trash_table (before 34, 44 and 102).
CREATE TABLE IF NOT EXISTS trash
(
    file_id       BIGINT NOT NULL,
    user_id       BIGINT NOT NULL,
    collection_id BIGINT NOT NULL,
    --  is_deleted true indicates file has been deleted and cannot be restored.
    is_deleted    bool   NOT NULL DEFAULT false,
    --  true indicates file was moved to trash but user restored it before deletion.
    is_restored   bool   NOT NULL default false,
    created_at    bigint NOT NULL DEFAULT now_utc_micro_seconds(),
    updated_at    bigint NOT NULL DEFAULT now_utc_micro_seconds(),
    delete_by     bigint NOT NULL,
    PRIMARY KEY (file_id),
    CONSTRAINT fk_trash_keys_collection_files
        FOREIGN KEY (file_id, collection_id)
            REFERENCES collection_files (file_id, collection_id)
            ON DELETE NO ACTION
);

CREATE INDEX IF NOT EXISTS trash_updated_at_time_index ON trash (updated_at);

ALTER TABLE trash
    ADD CONSTRAINT trash_state_constraint CHECK (is_deleted is FALSE or is_restored is FALSE);

CREATE TRIGGER update_trash_updated_at
    BEFORE UPDATE
    ON trash
    FOR EACH ROW
EXECUTE PROCEDURE
    trigger_updated_at_microseconds_column();

-- public_collection_tokens, public_collection_access_history, public_abuse_report:
-- 37_public_collection (before 38, 40 and 54).
CREATE TABLE IF NOT EXISTS public_collection_tokens
(
    id            bigint primary key generated always as identity,
    collection_id BIGINT NOT NULL,
    access_token  TEXT   NOT NULL,
    is_disabled   bool   not null DEFAULT FALSE,
    --     0 value for valid_till indicates that the link never expires.
    valid_till    bigint not null DEFAULT 0,
    -- 0 device limit indicates no limit
    device_limit  int    not null DEFAULT 0,
    created_at    bigint NOT NULL DEFAULT now_utc_micro_seconds(),
    updated_at    bigint NOT NULL DEFAULT now_utc_micro_seconds(),
    CONSTRAINT fk_public_tokens_collection_id
        FOREIGN KEY (collection_id)
            REFERENCES collections (collection_id)
            ON DELETE CASCADE
);

CREATE UNIQUE INDEX IF NOT EXISTS public_active_collection_unique_idx ON public_collection_tokens (collection_id, is_disabled) WHERE is_disabled = FALSE;
CREATE UNIQUE INDEX IF NOT EXISTS public_access_tokens_unique_idx ON public_collection_tokens (access_token);

CREATE TABLE IF NOT EXISTS public_collection_access_history
(
    share_id   bigint,
    ip         text   not null,
    user_agent text   not null,
    created_at bigint NOT NULL DEFAULT now_utc_micro_seconds(),
    CONSTRAINT unique_access_sid_ip_ua UNIQUE (share_id, ip, user_agent),
    CONSTRAINT fk_public_history_token_id
        FOREIGN KEY (share_id)
            REFERENCES public_collection_tokens (id)
            ON DELETE CASCADE
);

CREATE INDEX IF NOT EXISTS public_access_share_id_idx ON public_collection_access_history (share_id);

CREATE TABLE IF NOT EXISTS public_abuse_report
(
    share_id   bigint,
    ip         text           not null,
    user_agent text           not null,
    url        text           not null,
    reason     text           not null,
    u_comment  varchar(10000) not null DEFAULT '',
    created_at bigint         NOT NULL DEFAULT now_utc_micro_seconds(),
    CONSTRAINT unique_report_sid_ip_ua UNIQUE (share_id, ip, user_agent),
    CONSTRAINT fk_public_abuse_report_token_id
        FOREIGN KEY (share_id)
            REFERENCES public_collection_tokens (id)
            ON DELETE CASCADE
);

CREATE INDEX IF NOT EXISTS public_abuse_share_id_idx ON public_abuse_report (share_id);

CREATE TRIGGER update_public_collection_tokens_updated_at
    BEFORE UPDATE
    ON public_collection_tokens
    FOR EACH ROW
EXECUTE PROCEDURE
    trigger_updated_at_microseconds_column();

CREATE OR REPLACE FUNCTION fn_update_collections_updation_time_using_update_at() RETURNS TRIGGER AS $$
BEGIN
    --
    IF  (TG_OP = 'UPDATE' OR TG_OP = 'INSERT') THEN
        UPDATE collections SET updation_time = NEW.updated_at where collection_id = new.collection_id and
                updation_time < New.updated_at;
        RETURN NEW;
    END IF;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER trigger_collection_updation_time_on_collection_tokens_updated
    AFTER INSERT OR UPDATE
    ON public_collection_tokens
    FOR EACH ROW
EXECUTE PROCEDURE
    fn_update_collections_updation_time_using_update_at();

-- families: 43_family_plan (before 93 and 96).
CREATE TABLE IF NOT EXISTS families
(
    id         uuid PRIMARY KEY NOT NULL,
    admin_id   BIGINT           NOT NULL,
    member_id  BIGINT           NOT NULL,
--  status indicates the member status
-- SELF/CLOSED are the state of the admin member when they create a family group or close it.

    status     TEXT             NOT NULL CHECK (status IN
                                                ('SELF', 'CLOSED', 'INVITED', 'ACCEPTED', 'DECLINED', 'REVOKED', 'REMOVED',
                                                 'LEFT')),
    token      TEXT             UNIQUE,
    percentage INTEGER          NOT NULL DEFAULT -1,
    created_at bigint           NOT NULL DEFAULT now_utc_micro_seconds(),
    updated_at bigint           NOT NULL DEFAULT now_utc_micro_seconds(),
    CONSTRAINT fk_family_admin_id
        FOREIGN KEY (admin_id)
            REFERENCES users (user_id)
            ON DELETE CASCADE
);

CREATE INDEX IF NOT EXISTS fk_families_admin_id ON families (admin_id);

--  check to ensure that the member is not part of or is admin of another family group
CREATE UNIQUE INDEX uidx_one_family_check on families (member_id, status) where status in ('ACCEPTED', 'SELF');

-- index to ensure that there's only one entry for admin and member.
CREATE UNIQUE INDEX uidx_families_member_mapping on families (admin_id, member_id);

ALTER TABLE families
    ADD CONSTRAINT families_member_state_constraint CHECK (
        (admin_id != member_id and status not in ('SELF','CLOSED') or (admin_id = member_id and status in ('SELF', 'CLOSED'))));


CREATE TRIGGER update_families_updated_at
    BEFORE UPDATE
    ON families
    FOR EACH ROW
EXECUTE PROCEDURE
    trigger_updated_at_microseconds_column();

-- remote_store: 50_remote_store (before 104).
CREATE TABLE IF NOT EXISTS remote_store
(
    user_id    BIGINT         NOT NULL,
    key_name   TEXT           NOT NULL,
    key_value  TEXT           NOT NULL,
    created_at bigint         NOT NULL DEFAULT now_utc_micro_seconds(),
    updated_at bigint         NOT NULL DEFAULT now_utc_micro_seconds(),
    PRIMARY KEY (user_id, key_name),
    CONSTRAINT fk_remote_store_user_id
        FOREIGN KEY (user_id)
            REFERENCES users (user_id)
            ON DELETE CASCADE
);


CREATE TRIGGER update_remote_store_updated_at
    BEFORE UPDATE
    ON remote_store
    FOR EACH ROW
EXECUTE PROCEDURE
    trigger_updated_at_microseconds_column();

-- storage_bonus: 61_storage_bonus with its type check as 92 left it (before 117).
CREATE TABLE IF NOT EXISTS storage_bonus
(
    bonus_id    text primary key NOT NULL,
    type          text    NOT NULL,
    user_id       bigint  NOT NULL,
    storage       bigint  NOT NULL,
    valid_till    bigint  NOT NULL DEFAULT 0,
    revoke_reason text,
    is_revoked    boolean NOT NULL DEFAULT FALSE,
    created_at    bigint  NOT NULL DEFAULT now_utc_micro_seconds(),
    updated_at    bigint  NOT NULL DEFAULT now_utc_micro_seconds()
);

CREATE INDEX IF NOT EXISTS storage_bonus_user_id_idx ON storage_bonus (user_id);

ALTER TABLE storage_bonus
    ADD CONSTRAINT storage_bonus_type_check
        CHECK (type IN ('REFERRAL', 'SIGN_UP', 'ANNIVERSARY', 'ADD_ON_BF_2023', 'ADD_ON_SUPPORT', 'ADD_ON_BF_2024'));

-- kex_store: 63_add_kex_store (before 73).
CREATE TABLE IF NOT EXISTS kex_store (
    id TEXT UNIQUE PRIMARY KEY NOT NULL,
    user_id BIGINT NOT NULL,
    wrapped_key TEXT NOT NULL,
    added_at BIGINT NOT NULL,
    CONSTRAINT fk_kex_store_user_id FOREIGN KEY(user_id) REFERENCES users(user_id) ON DELETE CASCADE
);

-- srp_auth, srp_sessions: 66_add_srp_attributes (before 69 and 107).
CREATE TABLE IF NOT EXISTS srp_auth (
    user_id BIGINT PRIMARY KEY  NOT NULL,
    srp_user_id uuid NOT NULL UNIQUE,
    salt TEXT NOT NULL,
    verifier TEXT NOT NULL,
    created_at BIGINT NOT NULL DEFAULT now_utc_micro_seconds(),
    updated_at BIGINT NOT NULL DEFAULT now_utc_micro_seconds(),
    CONSTRAINT fk_srp_auth_user_id
        FOREIGN KEY (user_id)
            REFERENCES users (user_id)
            ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS srp_sessions (
    id uuid PRIMARY KEY NOT NULL,
    srp_user_id uuid NOT NULL,
    server_key TEXT NOT NULL,
    srp_a TEXT NOT NULL,
    has_verified BOOLEAN NOT NULL DEFAULT false,
    attempt_count INT NOT NULL DEFAULT 0,
    created_at bigint NOT NULL DEFAULT now_utc_micro_seconds(),
    updated_at BIGINT NOT NULL DEFAULT now_utc_micro_seconds()
);

-- embeddings: 70_add_embeddings (before 74, 77, 81 and 86).
CREATE TABLE IF NOT EXISTS embeddings(
    file_id BIGINT NOT NULL,
    owner_id BIGINT NOT NULL,
    model model NOT NULL,
    encrypted_embedding TEXT NOT NULL,
    decryption_header TEXT NOT NULL,
    updated_at BIGINT NOT NULL DEFAULT now_utc_micro_seconds(),
    CONSTRAINT unique_embeddings_file_id_model
        UNIQUE (file_id, model),
    CONSTRAINT fk_embeddings_file_id
        FOREIGN KEY (file_id)
            REFERENCES files (file_id)
            ON DELETE CASCADE
);

CREATE INDEX IF NOT EXISTS embeddings_owner_id_updated_at_index ON embeddings (owner_id, updated_at);

CREATE TRIGGER update_embeddings_updated_at
    BEFORE UPDATE
    ON embeddings
    FOR EACH ROW
EXECUTE PROCEDURE
    trigger_updated_at_microseconds_column();

-- casting: 78_cast (before 84).
CREATE  TABLE IF NOT EXISTS casting
(
    id uuid not null primary key,
    code VARCHAR(16) NOT NULL,
    public_key VARCHAR(512) NOT NULL,
    collection_id BIGINT,
    cast_user BIGINT,
    encrypted_payload text,
    token VARCHAR(512),
    is_deleted BOOLEAN DEFAULT FALSE,
    created_at BIGINT NOT NULL DEFAULT now_utc_micro_seconds(),
    last_used_at BIGINT NOT NULL DEFAULT now_utc_micro_seconds()
);
-- create unique constraint on not deleted code
CREATE UNIQUE INDEX IF NOT EXISTS casting_code_unique_idx ON casting (code) WHERE is_deleted = FALSE;

-- entity_key, entity_data: 62_entity_store (before 90).
CREATE TABLE IF NOT EXISTS entity_key
(
    user_id       BIGINT             NOT NULL,
    type          TEXT               NOT NULL,
    encrypted_key TEXT               NOT NULL,
    header        TEXT               NOT NULL,
    created_at    BIGINT             NOT NULL DEFAULT now_utc_micro_seconds(),
    updated_at    BIGINT             NOT NULL DEFAULT now_utc_micro_seconds(),
    PRIMARY KEY (user_id, type),
    CONSTRAINT fk_entity_key_user_id FOREIGN KEY (user_id) REFERENCES users (
                                                                             user_id) ON DELETE CASCADE
);


CREATE TABLE IF NOT EXISTS entity_data
(
    id             uuid PRIMARY KEY NOT NULL,
    user_id        BIGINT           NOT NULL,
    type           TEXT             NOT NULL,
    encrypted_data TEXT,
    header         TEXT,
    created_at     BIGINT           NOT NULL DEFAULT now_utc_micro_seconds(),
    updated_at     BIGINT           NOT NULL DEFAULT now_utc_micro_seconds(),
    is_deleted     BOOLEAN                   DEFAULT FALSE,
    CONSTRAINT fk_entity_key_user_id_and_type FOREIGN KEY (user_id, type) REFERENCES entity_key (user_id, type) ON DELETE CASCADE
);

CREATE INDEX IF NOT EXISTS entity_data_updated_at_time_index ON entity_data (user_id, updated_at);

ALTER TABLE entity_data
    ADD CONSTRAINT entity_data_state_constraint CHECK ((is_deleted is TRUE AND encrypted_data IS NULL) or
                                                       (is_deleted is FALSE AND encrypted_data IS NOT NULL));

CREATE TRIGGER update_entity_data_updated_at
    BEFORE UPDATE
    ON entity_data
    FOR EACH ROW
EXECUTE PROCEDURE
    trigger_updated_at_microseconds_column();


-- This function updates the entity_key updated_at if the relevant entity_data is changed
CREATE OR REPLACE FUNCTION fn_update_entity_key_updated_at_via_updated_at() RETURNS TRIGGER AS
$$
BEGIN
    --
    IF (TG_OP = 'UPDATE' OR TG_OP = 'INSERT') THEN
        UPDATE entity_key
        SET updated_at = NEW.updated_at
        where user_id = new.user_id
          and type = new.type
          and updated_at < New.updated_at;
        RETURN NEW;
    END IF;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER trigger_entity_key_on_entity_data_updation
    AFTER INSERT OR UPDATE
    ON entity_data
    FOR EACH ROW
EXECUTE PROCEDURE
    fn_update_entity_key_updated_at_via_updated_at();

-- file_data: 89_file_data_table (before 94 and 97).
CREATE TABLE IF NOT EXISTS file_data
(
    file_id              BIGINT      NOT NULL,
    user_id              BIGINT      NOT NULL,
    data_type            OBJECT_TYPE NOT NULL,
    size                 BIGINT      NOT NULL,
    latest_bucket        s3region    NOT NULL,
    replicated_buckets   s3region[]  NOT NULL DEFAULT '{}',
--  following field contains list of buckets from where we need to delete the data as the given data_type will not longer be persisted in that dc
    delete_from_buckets  s3region[]  NOT NULL DEFAULT '{}',
    inflight_rep_buckets s3region[]  NOT NULL DEFAULT '{}',
    is_deleted           BOOLEAN     NOT NULL DEFAULT false,
    pending_sync         BOOLEAN     NOT NULL DEFAULT true,
    sync_locked_till     BIGINT      NOT NULL DEFAULT 0,
    created_at           BIGINT      NOT NULL DEFAULT now_utc_micro_seconds(),
    updated_at           BIGINT      NOT NULL DEFAULT now_utc_micro_seconds(),
    PRIMARY KEY (file_id, data_type)
);

-- Add index for user_id and data_type for efficient querying for size calculation
CREATE INDEX idx_file_data_user_type_deleted ON file_data (user_id, data_type, is_deleted) INCLUDE (size);
CREATE INDEX idx_file_data_pending_sync_locked_till ON file_data (is_deleted, sync_locked_till) where pending_sync = true;

CREATE OR REPLACE FUNCTION ensure_no_common_entries()
    RETURNS TRIGGER AS
$$
DECLARE
    all_buckets       s3region[];
    duplicate_buckets s3region[];
BEGIN
    -- Combine all bucket IDs into a single array
    all_buckets := ARRAY [NEW.latest_bucket] || NEW.replicated_buckets || NEW.delete_from_buckets ||
                   NEW.inflight_rep_buckets;

    -- Find duplicate bucket IDs
    SELECT ARRAY_AGG(DISTINCT bucket)
    INTO duplicate_buckets
    FROM unnest(all_buckets) bucket
    GROUP BY bucket
    HAVING COUNT(*) > 1;

    -- If duplicates exist, raise an exception with details
    IF ARRAY_LENGTH(duplicate_buckets, 1) > 0 THEN
        RAISE EXCEPTION 'Duplicate bucket IDs found: %. Latest: %, Replicated: %, To Delete: %, Inflight: %',
            duplicate_buckets, NEW.latest_bucket, NEW.replicated_buckets, NEW.delete_from_buckets, NEW.inflight_rep_buckets;
    END IF;

    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER check_no_common_entries
    BEFORE INSERT OR UPDATE
    ON file_data
    FOR EACH ROW
EXECUTE FUNCTION ensure_no_common_entries();

-- notification_history: 17_add_notification_history_table and 25 (bigint user_id), before 118.
CREATE TABLE IF NOT EXISTS notification_history (
    user_id BIGINT NOT NULL,
    template_id TEXT NOT NULL,
    sent_time BIGINT NOT NULL,

	CONSTRAINT fk_notification_history_user_id 
		FOREIGN KEY(user_id) 
			REFERENCES users(user_id)
			ON DELETE CASCADE
);

-- Cadence: schema/postgres/cadence/versioned/v0.1/base.sql (the tables the taken statements and
-- the manual's cases use), before v0.6.
CREATE TABLE domains(
  shard_id INTEGER NOT NULL DEFAULT 54321,
  id BYTEA NOT NULL,
  name VARCHAR(255) UNIQUE NOT NULL,
  --
  data BYTEA NOT NULL,
  data_encoding VARCHAR(16) NOT NULL,
  is_global BOOLEAN NOT NULL,
  PRIMARY KEY(shard_id, id)
);

CREATE TABLE shards (
  shard_id INTEGER NOT NULL,
  --
  range_id BIGINT NOT NULL,
  data BYTEA NOT NULL,
  data_encoding VARCHAR(16) NOT NULL,
  PRIMARY KEY (shard_id)
);

CREATE TABLE executions(
  shard_id INTEGER NOT NULL,
  domain_id BYTEA NOT NULL,
  workflow_id VARCHAR(255) NOT NULL,
  run_id BYTEA NOT NULL,
  --
  next_event_id BIGINT NOT NULL,
  last_write_version BIGINT NOT NULL,
  data BYTEA NOT NULL,
  data_encoding VARCHAR(16) NOT NULL,
  PRIMARY KEY (shard_id, domain_id, workflow_id, run_id)
);

CREATE TABLE current_executions(
  shard_id INTEGER NOT NULL,
  domain_id BYTEA NOT NULL,
  workflow_id VARCHAR(255) NOT NULL,
  --
  run_id BYTEA NOT NULL,
  create_request_id VARCHAR(64) NOT NULL,
  state INTEGER NOT NULL,
  close_status INTEGER NOT NULL,
  start_version BIGINT NOT NULL,
  last_write_version BIGINT NOT NULL,
  PRIMARY KEY (shard_id, domain_id, workflow_id)
);

CREATE TABLE buffered_events (
  id BIGSERIAL NOT NULL,
  shard_id INTEGER NOT NULL,
  domain_id BYTEA NOT NULL,
  workflow_id VARCHAR(255) NOT NULL,
  run_id BYTEA NOT NULL,
  --
  data BYTEA NOT NULL,
  data_encoding VARCHAR(16) NOT NULL,
  PRIMARY KEY (id)
);

CREATE INDEX buffered_events_by_events_ids ON buffered_events(shard_id, domain_id, workflow_id, run_id);

CREATE TABLE activity_info_maps (
-- each row corresponds to one key of one map<string, ActivityInfo>
  shard_id INTEGER NOT NULL,
  domain_id BYTEA NOT NULL,
  workflow_id VARCHAR(255) NOT NULL,
  run_id BYTEA NOT NULL,
  schedule_id BIGINT NOT NULL,
--
  data BYTEA NOT NULL,
  data_encoding VARCHAR(16),
  last_heartbeat_details BYTEA,
  last_heartbeat_updated_time TIMESTAMP NOT NULL,
  PRIMARY KEY (shard_id, domain_id, workflow_id, run_id, schedule_id)
);

CREATE TABLE timer_info_maps (
  shard_id INTEGER NOT NULL,
  domain_id BYTEA NOT NULL,
  workflow_id VARCHAR(255) NOT NULL,
  run_id BYTEA NOT NULL,
  timer_id VARCHAR(255) NOT NULL,
--
  data BYTEA NOT NULL,
  data_encoding VARCHAR(16),
  PRIMARY KEY (shard_id, domain_id, workflow_id, run_id, timer_id)
);

CREATE TABLE child_execution_info_maps (
  shard_id INTEGER NOT NULL,
  domain_id BYTEA NOT NULL,
  workflow_id VARCHAR(255) NOT NULL,
  run_id BYTEA NOT NULL,
  initiated_id BIGINT NOT NULL,
--
  data BYTEA NOT NULL,
  data_encoding VARCHAR(16),
  PRIMARY KEY (shard_id, domain_id, workflow_id, run_id, initiated_id)
);

CREATE TABLE request_cancel_info_maps (
  shard_id INTEGER NOT NULL,
  domain_id BYTEA NOT NULL,
  workflow_id VARCHAR(255) NOT NULL,
  run_id BYTEA NOT NULL,
  initiated_id BIGINT NOT NULL,
--
  data BYTEA NOT NULL,
  data_encoding VARCHAR(16),
  PRIMARY KEY (shard_id, domain_id, workflow_id, run_id, initiated_id)
);

CREATE TABLE signal_info_maps (
  shard_id INTEGER NOT NULL,
  domain_id BYTEA NOT NULL,
  workflow_id VARCHAR(255) NOT NULL,
  run_id BYTEA NOT NULL,
  initiated_id BIGINT NOT NULL,
--
  data BYTEA NOT NULL,
  data_encoding VARCHAR(16),
  PRIMARY KEY (shard_id, domain_id, workflow_id, run_id, initiated_id)
);

CREATE TABLE buffered_replication_task_maps (
  shard_id INTEGER NOT NULL,
  domain_id BYTEA NOT NULL,
  workflow_id VARCHAR(255) NOT NULL,
  run_id BYTEA NOT NULL,
  first_event_id BIGINT NOT NULL,
--
  version BIGINT NOT NULL,
  next_event_id BIGINT NOT NULL,
  history BYTEA,
  history_encoding VARCHAR(16) NOT NULL,
  new_run_history BYTEA,
  new_run_history_encoding VARCHAR(16) NOT NULL DEFAULT 'json',
  event_store_version          INTEGER NOT NULL, -- indiciates which version of event store to query
  new_run_event_store_version  INTEGER NOT NULL, -- indiciates which version of event store to query for new run(continueAsNew)
  PRIMARY KEY (shard_id, domain_id, workflow_id, run_id, first_event_id)
);

CREATE TABLE signals_requested_sets (
  shard_id INTEGER NOT NULL,
  domain_id BYTEA NOT NULL,
  workflow_id VARCHAR(255) NOT NULL,
  run_id BYTEA NOT NULL,
  signal_id VARCHAR(64) NOT NULL,
  --
  PRIMARY KEY (shard_id, domain_id, workflow_id, run_id, signal_id)
);

-- history eventsV2: history_node stores history event data
CREATE TABLE history_node (
  shard_id       INTEGER NOT NULL,
  tree_id        BYTEA NOT NULL,
  branch_id      BYTEA NOT NULL,
  node_id        BIGINT NOT NULL,
  txn_id         BIGINT NOT NULL,
  --
  data           BYTEA NOT NULL,
  data_encoding  VARCHAR(16) NOT NULL,
  PRIMARY KEY (shard_id, tree_id, branch_id, node_id, txn_id)
);

-- Cadence visibility: schema/postgres/visibility/versioned/v0.1/base.sql (before v0.2 … v0.8).
CREATE TABLE executions_visibility (
  domain_id            CHAR(64) NOT NULL,
  run_id               CHAR(64) NOT NULL,
  start_time           TIMESTAMP NOT NULL,
  execution_time       TIMESTAMP NOT NULL,
  workflow_id          VARCHAR(255) NOT NULL,
  workflow_type_name   VARCHAR(255) NOT NULL,
  close_status         INTEGER,  -- enum WorkflowExecutionCloseStatus {COMPLETED, FAILED, CANCELED, TERMINATED, CONTINUED_AS_NEW, TIMED_OUT}
  close_time           TIMESTAMP NULL,
  history_length       BIGINT,
  memo                 BYTEA,
  encoding             VARCHAR(64) NOT NULL,

  PRIMARY KEY  (domain_id, run_id)
);

CREATE INDEX by_type_start_time ON executions_visibility (domain_id, workflow_type_name, close_status, start_time DESC, run_id);
CREATE INDEX by_workflow_id_start_time ON executions_visibility (domain_id, workflow_id, close_status, start_time DESC, run_id);
CREATE INDEX by_status_by_close_time ON executions_visibility (domain_id, close_status, start_time DESC, run_id);
