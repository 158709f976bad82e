-- The fourteenth holdout's schema: Kong's and Ory Hydra's tables as their serving versions find
-- them before each taken migration (holdout14_test.go's header names the versions), in the
-- public schema. Kong's tables are written as its migrations create them (000_base and the core
-- and plugin files named at each table), Hydra's as pg_dump prints the database its migrations
-- leave after 20220916000010000000_hydra_oauth2_flow.postgres.up.sql.

-- {{role}} is the role the serving versions connect as: not a superuser, not the owner.
CREATE ROLE {{role}};

-- Kong.

CREATE TABLE IF NOT EXISTS "workspaces" (
  "id"         UUID                       PRIMARY KEY,
  "name"       TEXT                       UNIQUE,
  "comment"    TEXT,
  "created_at" TIMESTAMP WITH TIME ZONE   DEFAULT (CURRENT_TIMESTAMP(0) AT TIME ZONE 'UTC'),
  "meta"       JSONB,
  "config"     JSONB
);

-- 003_100_to_110: the tags table and the function every *_sync_tags_trigger runs.
CREATE TABLE IF NOT EXISTS "tags" (
  entity_id         UUID    PRIMARY KEY,
  entity_name       TEXT,
  tags              TEXT[]
);
CREATE INDEX IF NOT EXISTS tags_entity_name_idx ON tags(entity_name);
CREATE INDEX IF NOT EXISTS tags_tags_idx ON tags USING GIN(tags);

CREATE OR REPLACE FUNCTION sync_tags() RETURNS trigger
LANGUAGE plpgsql
AS $$
  BEGIN
    IF (TG_OP = 'TRUNCATE') THEN
      DELETE FROM tags WHERE entity_name = TG_TABLE_NAME;
      RETURN NULL;
    ELSIF (TG_OP = 'DELETE') THEN
      DELETE FROM tags WHERE entity_id = OLD.id;
      RETURN OLD;
    ELSE

    -- Triggered by INSERT/UPDATE
    -- Do an upsert on the tags table
    -- So we don't need to migrate pre 1.1 entities
    INSERT INTO tags VALUES (NEW.id, TG_TABLE_NAME, NEW.tags)
    ON CONFLICT (entity_id) DO UPDATE
            SET tags=EXCLUDED.tags;
    END IF;
    RETURN NEW;
  END;
$$;

-- 019_320_to_330 (its function only: the 3.3 plugin migrations taken run after core's 019, which
-- creates it; the set's 019 case re-creates it OR REPLACE with the same body).
CREATE OR REPLACE FUNCTION batch_delete_expired_rows() RETURNS trigger
LANGUAGE plpgsql
AS $$
  BEGIN
    EXECUTE FORMAT('WITH rows AS (SELECT ctid FROM %s WHERE %s < CURRENT_TIMESTAMP AT TIME ZONE ''UTC'' ORDER BY %s LIMIT 2 FOR UPDATE SKIP LOCKED) DELETE FROM %s WHERE ctid IN (TABLE rows)', TG_TABLE_NAME, TG_ARGV[0], TG_ARGV[0], TG_TABLE_NAME);
    RETURN NULL;
  END;
$$;

-- 000_base, 003 (tags), 009 (ws_id), 013 (cert_alt, key_alt).
CREATE TABLE IF NOT EXISTS "certificates" (
  "id"          UUID                       PRIMARY KEY,
  "created_at"  TIMESTAMP WITH TIME ZONE   DEFAULT (CURRENT_TIMESTAMP(0) AT TIME ZONE 'UTC'),
  "cert"        TEXT,
  "key"         TEXT,
  "tags"        TEXT[],
  "ws_id"       UUID                       REFERENCES "workspaces" ("id"),
  "cert_alt"    TEXT,
  "key_alt"     TEXT,
  CONSTRAINT "certificates_id_ws_id_unique" UNIQUE ("id", "ws_id")
);
CREATE INDEX IF NOT EXISTS certificates_tags_idx ON certificates USING GIN(tags);
CREATE TRIGGER certificates_sync_tags_trigger
AFTER INSERT OR UPDATE OF tags OR DELETE ON certificates
FOR EACH ROW
EXECUTE PROCEDURE sync_tags();

-- 000_base, 003 (tags), 005 (client_certificate_id), 009 (tls_verify, tls_verify_depth,
-- ca_certificates, ws_id: the name unique per workspace, the foreign key with ws_id), 014 (enabled).
CREATE TABLE IF NOT EXISTS "services" (
  "id"               UUID                       PRIMARY KEY,
  "created_at"       TIMESTAMP WITH TIME ZONE,
  "updated_at"       TIMESTAMP WITH TIME ZONE,
  "name"             TEXT,
  "retries"          BIGINT,
  "protocol"         TEXT,
  "host"             TEXT,
  "port"             BIGINT,
  "path"             TEXT,
  "connect_timeout"  BIGINT,
  "write_timeout"    BIGINT,
  "read_timeout"     BIGINT,
  "tags"             TEXT[],
  "client_certificate_id" UUID,
  "tls_verify"       BOOLEAN,
  "tls_verify_depth" SMALLINT,
  "ca_certificates"  UUID[],
  "ws_id"            UUID                       REFERENCES "workspaces" ("id"),
  "enabled"          BOOLEAN                    DEFAULT true,
  CONSTRAINT "services_id_ws_id_unique" UNIQUE ("id", "ws_id"),
  CONSTRAINT "services_ws_id_name_unique" UNIQUE ("ws_id", "name"),
  CONSTRAINT "services_client_certificate_id_fkey" FOREIGN KEY ("client_certificate_id", "ws_id") REFERENCES certificates("id", "ws_id")
);
CREATE INDEX IF NOT EXISTS services_tags_idx ON services USING GIN(tags);
CREATE INDEX IF NOT EXISTS "services_fkey_client_certificate" ON "services" ("client_certificate_id");
CREATE TRIGGER services_sync_tags_trigger
AFTER INSERT OR UPDATE OF tags OR DELETE ON services
FOR EACH ROW
EXECUTE PROCEDURE sync_tags();

-- 000_base, 003 (tags), 004 (https_redirect_status_code), 005 (headers), 007/008 (path_handling,
-- default 'v0'), 009 (ws_id), 012 (request_buffering, response_buffering): Kong 2.8's routes,
-- before 016 adds expression and priority.
CREATE TABLE IF NOT EXISTS "routes" (
  "id"              UUID                       PRIMARY KEY,
  "created_at"      TIMESTAMP WITH TIME ZONE,
  "updated_at"      TIMESTAMP WITH TIME ZONE,
  "name"            TEXT,
  "service_id"      UUID,
  "protocols"       TEXT[],
  "methods"         TEXT[],
  "hosts"           TEXT[],
  "paths"           TEXT[],
  "snis"            TEXT[],
  "sources"         JSONB[],
  "destinations"    JSONB[],
  "regex_priority"  BIGINT,
  "strip_path"      BOOLEAN,
  "preserve_host"   BOOLEAN,
  "tags"            TEXT[],
  "https_redirect_status_code" INTEGER,
  "headers"         JSONB,
  "path_handling"   TEXT                       DEFAULT 'v0',
  "ws_id"           UUID                       REFERENCES "workspaces" ("id"),
  "request_buffering"  BOOLEAN,
  "response_buffering" BOOLEAN,
  CONSTRAINT "routes_id_ws_id_unique" UNIQUE ("id", "ws_id"),
  CONSTRAINT "routes_ws_id_name_unique" UNIQUE ("ws_id", "name"),
  CONSTRAINT "routes_service_id_fkey" FOREIGN KEY ("service_id", "ws_id") REFERENCES services("id", "ws_id")
);
CREATE INDEX IF NOT EXISTS "routes_service_id_idx" ON "routes" ("service_id");
CREATE INDEX IF NOT EXISTS routes_tags_idx ON routes USING GIN(tags);
CREATE TRIGGER routes_sync_tags_trigger
AFTER INSERT OR UPDATE OF tags OR DELETE ON routes
FOR EACH ROW
EXECUTE PROCEDURE sync_tags();

-- 000_base, 003 (tags), 009 (ws_id; username and custom_id unique per workspace).
CREATE TABLE IF NOT EXISTS "consumers" (
  "id"          UUID                         PRIMARY KEY,
  "created_at"  TIMESTAMP WITH TIME ZONE     DEFAULT (CURRENT_TIMESTAMP(0) AT TIME ZONE 'UTC'),
  "username"    TEXT,
  "custom_id"   TEXT,
  "tags"        TEXT[],
  "ws_id"       UUID                         REFERENCES "workspaces" ("id"),
  CONSTRAINT "consumers_id_ws_id_unique" UNIQUE ("id", "ws_id"),
  CONSTRAINT "consumers_ws_id_username_unique" UNIQUE ("ws_id", "username"),
  CONSTRAINT "consumers_ws_id_custom_id_unique" UNIQUE ("ws_id", "custom_id")
);
CREATE INDEX IF NOT EXISTS "consumers_username_idx" ON "consumers" (LOWER("username"));
CREATE INDEX IF NOT EXISTS consumers_tags_idx ON consumers USING GIN(tags);
CREATE TRIGGER consumers_sync_tags_trigger
AFTER INSERT OR UPDATE OF tags OR DELETE ON consumers
FOR EACH ROW
EXECUTE PROCEDURE sync_tags();

-- 000_base, 003 (protocols, tags), 008 (run_on dropped), 009 (ws_id, the foreign keys with
-- ws_id): Kong 3.1's plugins, before 018 adds instance_name.
CREATE TABLE IF NOT EXISTS "plugins" (
  "id"           UUID                         UNIQUE,
  "created_at"   TIMESTAMP WITH TIME ZONE     DEFAULT (CURRENT_TIMESTAMP(0) AT TIME ZONE 'UTC'),
  "name"         TEXT                         NOT NULL,
  "consumer_id"  UUID,
  "service_id"   UUID,
  "route_id"     UUID,
  "config"       JSONB                        NOT NULL,
  "enabled"      BOOLEAN                      NOT NULL,
  "cache_key"    TEXT                         UNIQUE,
  "protocols"    TEXT[],
  "tags"         TEXT[],
  "ws_id"        UUID                         REFERENCES "workspaces" ("id"),

  PRIMARY KEY ("id"),
  CONSTRAINT "plugins_id_ws_id_unique" UNIQUE ("id", "ws_id"),
  CONSTRAINT "plugins_route_id_fkey" FOREIGN KEY ("route_id", "ws_id") REFERENCES routes("id", "ws_id") ON DELETE CASCADE,
  CONSTRAINT "plugins_service_id_fkey" FOREIGN KEY ("service_id", "ws_id") REFERENCES services("id", "ws_id") ON DELETE CASCADE,
  CONSTRAINT "plugins_consumer_id_fkey" FOREIGN KEY ("consumer_id", "ws_id") REFERENCES consumers("id", "ws_id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "plugins_name_idx" ON "plugins" ("name");
CREATE INDEX IF NOT EXISTS "plugins_consumer_id_idx" ON "plugins" ("consumer_id");
CREATE INDEX IF NOT EXISTS "plugins_service_id_idx" ON "plugins" ("service_id");
CREATE INDEX IF NOT EXISTS "plugins_route_id_idx" ON "plugins" ("route_id");
CREATE INDEX IF NOT EXISTS plugins_tags_idx ON plugins USING GIN(tags);
CREATE TRIGGER plugins_sync_tags_trigger
AFTER INSERT OR UPDATE OF tags OR DELETE ON plugins
FOR EACH ROW
EXECUTE PROCEDURE sync_tags();

-- 000_base, 003 (tags), 005 (algorithm), 006 (host_header), 009 (client_certificate_id, ws_id):
-- Kong 2.8's upstreams, before 016.
CREATE TABLE IF NOT EXISTS "upstreams" (
  "id"                    UUID                         PRIMARY KEY,
  "created_at"            TIMESTAMP WITH TIME ZONE     DEFAULT (CURRENT_TIMESTAMP(3) AT TIME ZONE 'UTC'),
  "name"                  TEXT,
  "hash_on"               TEXT,
  "hash_fallback"         TEXT,
  "hash_on_header"        TEXT,
  "hash_fallback_header"  TEXT,
  "hash_on_cookie"        TEXT,
  "hash_on_cookie_path"   TEXT,
  "slots"                 INTEGER                      NOT NULL,
  "healthchecks"          JSONB,
  "tags"                  TEXT[],
  "algorithm"             TEXT,
  "host_header"           TEXT,
  "client_certificate_id" UUID                         REFERENCES "certificates" ("id"),
  "ws_id"                 UUID                         REFERENCES "workspaces" ("id"),
  CONSTRAINT "upstreams_id_ws_id_unique" UNIQUE ("id", "ws_id"),
  CONSTRAINT "upstreams_ws_id_name_unique" UNIQUE ("ws_id", "name")
);
CREATE INDEX IF NOT EXISTS upstreams_tags_idx ON upstreams USING GIN(tags);
CREATE INDEX IF NOT EXISTS "upstreams_fkey_client_certificate" ON "upstreams" ("client_certificate_id");
CREATE TRIGGER upstreams_sync_tags_trigger
AFTER INSERT OR UPDATE OF tags OR DELETE ON upstreams
FOR EACH ROW
EXECUTE PROCEDURE sync_tags();

-- 000_base, 003 (tags), 009 (ws_id): Kong 2.8's targets, before 016 adds cache_key.
CREATE TABLE IF NOT EXISTS "targets" (
  "id"           UUID                         PRIMARY KEY,
  "created_at"   TIMESTAMP WITH TIME ZONE     DEFAULT (CURRENT_TIMESTAMP(3) AT TIME ZONE 'UTC'),
  "upstream_id"  UUID,
  "target"       TEXT                         NOT NULL,
  "weight"       INTEGER                      NOT NULL,
  "tags"         TEXT[],
  "ws_id"        UUID                         REFERENCES "workspaces" ("id"),
  CONSTRAINT "targets_id_ws_id_unique" UNIQUE ("id", "ws_id"),
  CONSTRAINT "targets_upstream_id_fkey" FOREIGN KEY ("upstream_id", "ws_id") REFERENCES upstreams("id", "ws_id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "targets_target_idx" ON "targets" ("target");
CREATE INDEX IF NOT EXISTS "targets_upstream_id_idx" ON "targets" ("upstream_id");
CREATE INDEX IF NOT EXISTS targets_tags_idx ON targets USING GIN(tags);
CREATE TRIGGER targets_sync_tags_trigger
AFTER INSERT OR UPDATE OF tags OR DELETE ON targets
FOR EACH ROW
EXECUTE PROCEDURE sync_tags();

-- 005_120_to_130: Kong 1.5's ca_certificates (not workspaced), before 009 drops the unique cert.
CREATE TABLE IF NOT EXISTS "ca_certificates" (
  "id"          UUID                       PRIMARY KEY,
  "created_at"  TIMESTAMP WITH TIME ZONE   DEFAULT (CURRENT_TIMESTAMP(0) AT TIME ZONE 'UTC'),
  "cert"        TEXT NOT NULL              UNIQUE,
  "tags"        TEXT[]
);
CREATE TRIGGER ca_certificates_sync_tags_trigger
AFTER INSERT OR UPDATE OF tags OR DELETE ON ca_certificates
FOR EACH ROW
EXECUTE PROCEDURE sync_tags();

-- 000_base, 004 (expire_at index); 006 dropped its trigger.
CREATE TABLE IF NOT EXISTS "cluster_events" (
  "id"         UUID                       PRIMARY KEY,
  "node_id"    UUID                       NOT NULL,
  "at"         TIMESTAMP WITH TIME ZONE   NOT NULL,
  "nbf"        TIMESTAMP WITH TIME ZONE,
  "expire_at"  TIMESTAMP WITH TIME ZONE   NOT NULL,
  "channel"    TEXT,
  "data"       TEXT
);
CREATE INDEX IF NOT EXISTS "cluster_events_at_idx" ON "cluster_events" ("at");
CREATE INDEX IF NOT EXISTS "cluster_events_channel_idx" ON "cluster_events" ("channel");
CREATE INDEX IF NOT EXISTS cluster_events_expire_at_idx ON cluster_events(expire_at);

-- 012_213_to_220, 013 (version, sync_status): Kong 3.2's, before 019.
CREATE TABLE IF NOT EXISTS "clustering_data_planes" (
  id             UUID PRIMARY KEY,
  hostname       TEXT NOT NULL,
  ip             TEXT NOT NULL,
  last_seen      TIMESTAMP WITH TIME ZONE DEFAULT (CURRENT_TIMESTAMP(0) AT TIME ZONE 'UTC'),
  config_hash    TEXT NOT NULL,
  ttl            TIMESTAMP WITH TIME ZONE,
  "version"      TEXT,
  "sync_status"  TEXT NOT NULL DEFAULT 'unknown'
);
CREATE INDEX IF NOT EXISTS clustering_data_planes_ttl_idx ON clustering_data_planes (ttl);

-- key-auth 000, 002 (tags, ttl), 003 (ws_id; key unique per workspace).
CREATE TABLE IF NOT EXISTS "keyauth_credentials" (
  "id"           UUID                         PRIMARY KEY,
  "created_at"   TIMESTAMP WITH TIME ZONE     DEFAULT (CURRENT_TIMESTAMP(0) AT TIME ZONE 'UTC'),
  "consumer_id"  UUID,
  "key"          TEXT,
  "tags"         TEXT[],
  "ttl"          TIMESTAMP WITH TIME ZONE,
  "ws_id"        UUID                         REFERENCES "workspaces" ("id"),
  CONSTRAINT "keyauth_credentials_id_ws_id_unique" UNIQUE ("id", "ws_id"),
  CONSTRAINT "keyauth_credentials_consumer_id_fkey" FOREIGN KEY ("consumer_id", "ws_id") REFERENCES consumers("id", "ws_id") ON DELETE CASCADE,
  CONSTRAINT "keyauth_credentials_ws_id_key_unique" UNIQUE ("ws_id", "key")
);
CREATE INDEX IF NOT EXISTS "keyauth_credentials_consumer_id_idx" ON "keyauth_credentials" ("consumer_id");
CREATE INDEX IF NOT EXISTS keyauth_tags_idex_tags_idx ON keyauth_credentials USING GIN(tags);
CREATE INDEX IF NOT EXISTS keyauth_credentials_ttl_idx ON keyauth_credentials (ttl);
CREATE TRIGGER keyauth_sync_tags_trigger
AFTER INSERT OR UPDATE OF tags OR DELETE ON keyauth_credentials
FOR EACH ROW
EXECUTE PROCEDURE sync_tags();

-- oauth2 000, 003 (tags, ttl indexes), 004 (challenge, challenge_method, client_type,
-- hash_secret, ws_id): Kong 3.2's, before 006 and 007.
CREATE TABLE IF NOT EXISTS "oauth2_credentials" (
  "id"             UUID                         PRIMARY KEY,
  "created_at"     TIMESTAMP WITH TIME ZONE     DEFAULT (CURRENT_TIMESTAMP(0) AT TIME ZONE 'UTC'),
  "name"           TEXT,
  "consumer_id"    UUID,
  "client_id"      TEXT,
  "client_secret"  TEXT,
  "redirect_uris"  TEXT[],
  "tags"           TEXT[],
  "client_type"    TEXT,
  "hash_secret"    BOOLEAN,
  "ws_id"          UUID                         REFERENCES "workspaces" ("id"),
  CONSTRAINT "oauth2_credentials_id_ws_id_unique" UNIQUE ("id", "ws_id"),
  CONSTRAINT "oauth2_credentials_consumer_id_fkey" FOREIGN KEY ("consumer_id", "ws_id") REFERENCES consumers("id", "ws_id") ON DELETE CASCADE,
  CONSTRAINT "oauth2_credentials_ws_id_client_id_unique" UNIQUE ("ws_id", "client_id")
);
CREATE INDEX IF NOT EXISTS "oauth2_credentials_consumer_id_idx" ON "oauth2_credentials" ("consumer_id");
CREATE INDEX IF NOT EXISTS "oauth2_credentials_secret_idx" ON "oauth2_credentials" ("client_secret");
CREATE INDEX IF NOT EXISTS oauth2_credentials_tags_idex_tags_idx ON oauth2_credentials USING GIN(tags);
CREATE TRIGGER oauth2_credentials_sync_tags_trigger
AFTER INSERT OR UPDATE OF tags OR DELETE ON oauth2_credentials
FOR EACH ROW
EXECUTE PROCEDURE sync_tags();

CREATE TABLE IF NOT EXISTS "oauth2_authorization_codes" (
  "id"                    UUID                         PRIMARY KEY,
  "created_at"            TIMESTAMP WITH TIME ZONE     DEFAULT (CURRENT_TIMESTAMP(0) AT TIME ZONE 'UTC'),
  "credential_id"         UUID,
  "service_id"            UUID,
  "code"                  TEXT,
  "authenticated_userid"  TEXT,
  "scope"                 TEXT,
  "ttl"                   TIMESTAMP WITH TIME ZONE,
  "challenge"             TEXT,
  "challenge_method"      TEXT,
  "ws_id"                 UUID                         REFERENCES "workspaces" ("id"),
  CONSTRAINT "oauth2_authorization_codes_id_ws_id_unique" UNIQUE ("id", "ws_id"),
  CONSTRAINT "oauth2_authorization_codes_service_id_fkey" FOREIGN KEY ("service_id", "ws_id") REFERENCES services("id", "ws_id") ON DELETE CASCADE,
  CONSTRAINT "oauth2_authorization_codes_credential_id_fkey" FOREIGN KEY ("credential_id", "ws_id") REFERENCES oauth2_credentials("id", "ws_id") ON DELETE CASCADE,
  CONSTRAINT "oauth2_authorization_codes_ws_id_code_unique" UNIQUE ("ws_id", "code")
);
CREATE INDEX IF NOT EXISTS "oauth2_authorization_codes_authenticated_userid_idx" ON "oauth2_authorization_codes" ("authenticated_userid");
CREATE INDEX IF NOT EXISTS "oauth2_authorization_credential_id_idx" ON "oauth2_authorization_codes" ("credential_id");
CREATE INDEX IF NOT EXISTS "oauth2_authorization_service_id_idx" ON "oauth2_authorization_codes" ("service_id");
CREATE INDEX IF NOT EXISTS oauth2_authorization_codes_ttl_idx ON oauth2_authorization_codes (ttl);

CREATE TABLE IF NOT EXISTS "oauth2_tokens" (
  "id"                    UUID                         PRIMARY KEY,
  "created_at"            TIMESTAMP WITH TIME ZONE     DEFAULT (CURRENT_TIMESTAMP(0) AT TIME ZONE 'UTC'),
  "credential_id"         UUID,
  "service_id"            UUID,
  "access_token"          TEXT,
  "refresh_token"         TEXT,
  "token_type"            TEXT,
  "expires_in"            INTEGER,
  "authenticated_userid"  TEXT,
  "scope"                 TEXT,
  "ttl"                   TIMESTAMP WITH TIME ZONE,
  "ws_id"                 UUID                         REFERENCES "workspaces" ("id"),
  CONSTRAINT "oauth2_tokens_id_ws_id_unique" UNIQUE ("id", "ws_id"),
  CONSTRAINT "oauth2_tokens_service_id_fkey" FOREIGN KEY ("service_id", "ws_id") REFERENCES services("id", "ws_id") ON DELETE CASCADE,
  CONSTRAINT "oauth2_tokens_credential_id_fkey" FOREIGN KEY ("credential_id", "ws_id") REFERENCES oauth2_credentials("id", "ws_id") ON DELETE CASCADE,
  CONSTRAINT "oauth2_tokens_ws_id_access_token_unique" UNIQUE ("ws_id", "access_token"),
  CONSTRAINT "oauth2_tokens_ws_id_refresh_token_unique" UNIQUE ("ws_id", "refresh_token")
);
CREATE INDEX IF NOT EXISTS "oauth2_tokens_authenticated_userid_idx" ON "oauth2_tokens" ("authenticated_userid");
CREATE INDEX IF NOT EXISTS "oauth2_tokens_credential_id_idx" ON "oauth2_tokens" ("credential_id");
CREATE INDEX IF NOT EXISTS "oauth2_tokens_service_id_idx" ON "oauth2_tokens" ("service_id");
CREATE INDEX IF NOT EXISTS oauth2_tokens_ttl_idx ON oauth2_tokens (ttl);

-- session 000, 001 (ttl index).
CREATE TABLE IF NOT EXISTS sessions(
  id            uuid,
  session_id    text UNIQUE,
  expires       int,
  data          text,
  created_at    timestamp WITH TIME ZONE,
  ttl           timestamp WITH TIME ZONE,
  PRIMARY KEY (id)
);
CREATE INDEX IF NOT EXISTS "session_sessions_expires_idx" ON "sessions" ("expires");
CREATE INDEX IF NOT EXISTS sessions_ttl_idx ON sessions (ttl);

-- acme 000: before 001 indexes ttl.
CREATE TABLE IF NOT EXISTS "acme_storage" (
  "id"          UUID   PRIMARY KEY,
  "key"         TEXT   UNIQUE,
  "value"       TEXT,
  "created_at"  TIMESTAMP WITH TIME ZONE,
  "ttl"         TIMESTAMP WITH TIME ZONE
);

-- 015_270_to_280: Kong 2.8's vaults_beta, before 016 copies it to sm_vaults.
CREATE TABLE IF NOT EXISTS "vaults_beta" (
  "id"           UUID                      PRIMARY KEY,
  "ws_id"        UUID                      REFERENCES "workspaces" ("id"),
  "prefix"       TEXT                      UNIQUE,
  "name"         TEXT                      NOT NULL,
  "description"  TEXT,
  "config"       JSONB                     NOT NULL,
  "created_at"   TIMESTAMP WITH TIME ZONE  DEFAULT (CURRENT_TIMESTAMP(0) AT TIME ZONE 'UTC'),
  "updated_at"   TIMESTAMP WITH TIME ZONE,
  "tags"         TEXT[],
  UNIQUE ("id", "ws_id"),
  UNIQUE ("prefix", "ws_id")
);
CREATE INDEX IF NOT EXISTS "vaults_beta_tags_idx" ON "vaults_beta" USING GIN ("tags");
CREATE TRIGGER "vaults_beta_sync_tags_trigger"
AFTER INSERT OR UPDATE OF "tags" OR DELETE ON "vaults_beta"
FOR EACH ROW
EXECUTE PROCEDURE sync_tags();

-- 000_base before 3.4 (f8e1491d): created for every installation and never used since 1.0; 020
-- drops it.
CREATE TABLE IF NOT EXISTS "ttls" (
  "primary_key_value"  TEXT                         NOT NULL,
  "primary_uuid_value" UUID,
  "table_name"         TEXT                         NOT NULL,
  "primary_key_name"   TEXT                         NOT NULL,
  "expire_at"          TIMESTAMP WITHOUT TIME ZONE  NOT NULL,

  PRIMARY KEY ("primary_key_value", "table_name")
);
CREATE INDEX IF NOT EXISTS "ttls_primary_uuid_value_idx" ON "ttls" ("primary_uuid_value");

-- 024_380_to_390 as Kong 3.9.0 shipped it (1fd3a76e), before 025.
CREATE TABLE IF NOT EXISTS clustering_sync_version (
  "version" SERIAL PRIMARY KEY
);
CREATE TABLE IF NOT EXISTS clustering_sync_delta (
  "version" INT NOT NULL,
  "type" TEXT NOT NULL,
  "pk" JSON NOT NULL,
  "ws_id" UUID NOT NULL,
  "entity" JSON,
  FOREIGN KEY (version) REFERENCES clustering_sync_version(version) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS clustering_sync_delta_version_idx ON clustering_sync_delta (version);

-- Hydra.
CREATE TABLE networks (
    id uuid NOT NULL,
    created_at timestamp without time zone NOT NULL,
    updated_at timestamp without time zone NOT NULL
);
ALTER TABLE ONLY networks
    ADD CONSTRAINT networks_pkey PRIMARY KEY (id);

CREATE TABLE hydra_client (
    id character varying(255) NOT NULL,
    client_name text NOT NULL,
    client_secret text NOT NULL,
    scope text NOT NULL,
    owner text NOT NULL,
    policy_uri text NOT NULL,
    tos_uri text NOT NULL,
    client_uri text NOT NULL,
    logo_uri text NOT NULL,
    client_secret_expires_at integer DEFAULT 0 NOT NULL,
    sector_identifier_uri text NOT NULL,
    jwks text NOT NULL,
    jwks_uri text NOT NULL,
    token_endpoint_auth_method character varying(25) DEFAULT ''::character varying NOT NULL,
    request_object_signing_alg character varying(10) DEFAULT ''::character varying NOT NULL,
    userinfo_signed_response_alg character varying(10) DEFAULT ''::character varying NOT NULL,
    subject_type character varying(15) DEFAULT ''::character varying NOT NULL,
    pk_deprecated integer NOT NULL,
    created_at timestamp without time zone DEFAULT now() NOT NULL,
    updated_at timestamp without time zone DEFAULT now() NOT NULL,
    frontchannel_logout_uri text DEFAULT ''::text NOT NULL,
    frontchannel_logout_session_required boolean DEFAULT false NOT NULL,
    backchannel_logout_uri text DEFAULT ''::text NOT NULL,
    backchannel_logout_session_required boolean DEFAULT false NOT NULL,
    metadata text NOT NULL,
    token_endpoint_auth_signing_alg character varying(10) DEFAULT ''::character varying NOT NULL,
    authorization_code_grant_access_token_lifespan bigint,
    authorization_code_grant_id_token_lifespan bigint,
    authorization_code_grant_refresh_token_lifespan bigint,
    client_credentials_grant_access_token_lifespan bigint,
    implicit_grant_access_token_lifespan bigint,
    implicit_grant_id_token_lifespan bigint,
    jwt_bearer_grant_access_token_lifespan bigint,
    password_grant_access_token_lifespan bigint,
    password_grant_refresh_token_lifespan bigint,
    refresh_token_grant_id_token_lifespan bigint,
    refresh_token_grant_access_token_lifespan bigint,
    refresh_token_grant_refresh_token_lifespan bigint,
    pk uuid NOT NULL,
    registration_access_token_signature character varying(128) DEFAULT ''::character varying NOT NULL,
    nid uuid NOT NULL,
    redirect_uris jsonb NOT NULL,
    grant_types jsonb NOT NULL,
    response_types jsonb NOT NULL,
    audience jsonb NOT NULL,
    allowed_cors_origins jsonb NOT NULL,
    contacts jsonb NOT NULL,
    request_uris jsonb NOT NULL,
    post_logout_redirect_uris jsonb DEFAULT '[]'::jsonb NOT NULL
);
CREATE SEQUENCE hydra_client_pk_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE hydra_client_pk_seq OWNED BY hydra_client.pk_deprecated;
ALTER TABLE ONLY hydra_client ALTER COLUMN pk_deprecated SET DEFAULT nextval('hydra_client_pk_seq'::regclass);
ALTER TABLE ONLY hydra_client
    ADD CONSTRAINT hydra_client_pkey PRIMARY KEY (pk);
CREATE UNIQUE INDEX hydra_client_idx_id_uq ON hydra_client USING btree (id, nid);
ALTER TABLE ONLY hydra_client
    ADD CONSTRAINT hydra_client_nid_fk_idx FOREIGN KEY (nid) REFERENCES networks(id) ON UPDATE RESTRICT ON DELETE CASCADE;

CREATE TABLE hydra_jwk (
    sid character varying(255) NOT NULL,
    kid character varying(255) NOT NULL,
    version integer DEFAULT 0 NOT NULL,
    keydata text NOT NULL,
    created_at timestamp without time zone DEFAULT now() NOT NULL,
    pk_deprecated integer NOT NULL,
    pk uuid NOT NULL,
    nid uuid NOT NULL
);
CREATE SEQUENCE hydra_jwk_pk_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE hydra_jwk_pk_seq OWNED BY hydra_jwk.pk_deprecated;
ALTER TABLE ONLY hydra_jwk ALTER COLUMN pk_deprecated SET DEFAULT nextval('hydra_jwk_pk_seq'::regclass);
ALTER TABLE ONLY hydra_jwk
    ADD CONSTRAINT hydra_jwk_pkey PRIMARY KEY (pk);
CREATE UNIQUE INDEX hydra_jwk_sid_kid_nid_key ON hydra_jwk USING btree (sid, kid, nid);
ALTER TABLE ONLY hydra_jwk
    ADD CONSTRAINT hydra_jwk_nid_fk_idx FOREIGN KEY (nid) REFERENCES networks(id) ON UPDATE RESTRICT ON DELETE CASCADE;

CREATE TABLE hydra_oauth2_authentication_session (
    id character varying(40) NOT NULL,
    authenticated_at timestamp without time zone,
    subject character varying(255) NOT NULL,
    remember boolean DEFAULT false NOT NULL,
    nid uuid NOT NULL
);
ALTER TABLE ONLY hydra_oauth2_authentication_session
    ADD CONSTRAINT hydra_oauth2_authentication_session_pkey PRIMARY KEY (id);
CREATE INDEX hydra_oauth2_authentication_session_sub_idx ON hydra_oauth2_authentication_session USING btree (subject, nid);
ALTER TABLE ONLY hydra_oauth2_authentication_session
    ADD CONSTRAINT hydra_oauth2_authentication_session_nid_fk_idx FOREIGN KEY (nid) REFERENCES networks(id) ON UPDATE RESTRICT ON DELETE CASCADE;

CREATE TABLE hydra_oauth2_flow (
    login_challenge character varying(40) NOT NULL,
    login_verifier character varying(40) NOT NULL,
    login_csrf character varying(40) NOT NULL,
    subject character varying(255) NOT NULL,
    request_url text NOT NULL,
    login_skip boolean NOT NULL,
    client_id character varying(255) NOT NULL,
    requested_at timestamp without time zone DEFAULT now() NOT NULL,
    login_initialized_at timestamp without time zone,
    oidc_context jsonb DEFAULT '{}'::jsonb NOT NULL,
    login_session_id character varying(40),
    state integer NOT NULL,
    login_remember boolean DEFAULT false NOT NULL,
    login_remember_for integer NOT NULL,
    login_error text,
    acr text DEFAULT ''::text NOT NULL,
    login_authenticated_at timestamp without time zone,
    login_was_used boolean DEFAULT false NOT NULL,
    forced_subject_identifier character varying(255) DEFAULT ''::character varying NOT NULL,
    context jsonb DEFAULT '{}'::jsonb NOT NULL,
    consent_challenge_id character varying(40),
    consent_skip boolean DEFAULT false NOT NULL,
    consent_verifier character varying(40),
    consent_csrf character varying(40),
    consent_remember boolean DEFAULT false NOT NULL,
    consent_remember_for integer,
    consent_handled_at timestamp without time zone,
    consent_error text,
    session_access_token jsonb DEFAULT '{}'::jsonb NOT NULL,
    session_id_token jsonb DEFAULT '{}'::jsonb NOT NULL,
    consent_was_used boolean DEFAULT false NOT NULL,
    nid uuid NOT NULL,
    requested_scope jsonb NOT NULL,
    requested_at_audience jsonb DEFAULT '[]'::jsonb,
    amr jsonb DEFAULT '[]'::jsonb,
    granted_scope jsonb,
    granted_at_audience jsonb DEFAULT '[]'::jsonb,
    CONSTRAINT hydra_oauth2_flow_check CHECK (((state = 128) OR (state = 129) OR (state = 1) OR ((state = 2) AND ((login_remember IS NOT NULL) AND (login_remember_for IS NOT NULL) AND (login_error IS NOT NULL) AND (acr IS NOT NULL) AND (login_was_used IS NOT NULL) AND (context IS NOT NULL) AND (amr IS NOT NULL))) OR ((state = 3) AND ((login_remember IS NOT NULL) AND (login_remember_for IS NOT NULL) AND (login_error IS NOT NULL) AND (acr IS NOT NULL) AND (login_was_used IS NOT NULL) AND (context IS NOT NULL) AND (amr IS NOT NULL))) OR ((state = 4) AND ((login_remember IS NOT NULL) AND (login_remember_for IS NOT NULL) AND (login_error IS NOT NULL) AND (acr IS NOT NULL) AND (login_was_used IS NOT NULL) AND (context IS NOT NULL) AND (amr IS NOT NULL) AND (consent_challenge_id IS NOT NULL) AND (consent_verifier IS NOT NULL) AND (consent_skip IS NOT NULL) AND (consent_csrf IS NOT NULL))) OR ((state = 5) AND ((login_remember IS NOT NULL) AND (login_remember_for IS NOT NULL) AND (login_error IS NOT NULL) AND (acr IS NOT NULL) AND (login_was_used IS NOT NULL) AND (context IS NOT NULL) AND (amr IS NOT NULL) AND (consent_challenge_id IS NOT NULL) AND (consent_verifier IS NOT NULL) AND (consent_skip IS NOT NULL) AND (consent_csrf IS NOT NULL))) OR ((state = 6) AND ((login_remember IS NOT NULL) AND (login_remember_for IS NOT NULL) AND (login_error IS NOT NULL) AND (acr IS NOT NULL) AND (login_was_used IS NOT NULL) AND (context IS NOT NULL) AND (amr IS NOT NULL) AND (consent_challenge_id IS NOT NULL) AND (consent_verifier IS NOT NULL) AND (consent_skip IS NOT NULL) AND (consent_csrf IS NOT NULL) AND (granted_scope IS NOT NULL) AND (consent_remember IS NOT NULL) AND (consent_remember_for IS NOT NULL) AND (consent_error IS NOT NULL) AND (session_access_token IS NOT NULL) AND (session_id_token IS NOT NULL) AND (consent_was_used IS NOT NULL)))))
);
ALTER TABLE ONLY hydra_oauth2_flow
    ADD CONSTRAINT hydra_oauth2_flow_pkey PRIMARY KEY (login_challenge);
CREATE INDEX hydra_oauth2_flow_cid_idx ON hydra_oauth2_flow USING btree (client_id, nid);
CREATE INDEX hydra_oauth2_flow_client_id_subject_idx ON hydra_oauth2_flow USING btree (client_id, nid, subject);
CREATE UNIQUE INDEX hydra_oauth2_flow_consent_challenge_idx ON hydra_oauth2_flow USING btree (consent_challenge_id);
CREATE UNIQUE INDEX hydra_oauth2_flow_consent_verifier_idx ON hydra_oauth2_flow USING btree (consent_verifier);
CREATE INDEX hydra_oauth2_flow_login_session_id_idx ON hydra_oauth2_flow USING btree (login_session_id, nid);
CREATE UNIQUE INDEX hydra_oauth2_flow_login_verifier_idx ON hydra_oauth2_flow USING btree (login_verifier);
CREATE INDEX hydra_oauth2_flow_multi_query_idx ON hydra_oauth2_flow USING btree (((consent_error)::character varying(2)), state, subject, client_id, consent_skip, consent_remember, nid);
CREATE INDEX hydra_oauth2_flow_sub_idx ON hydra_oauth2_flow USING btree (subject, nid);
ALTER TABLE ONLY hydra_oauth2_flow
    ADD CONSTRAINT hydra_oauth2_flow_client_id_fk FOREIGN KEY (client_id, nid) REFERENCES hydra_client(id, nid) ON DELETE CASCADE;
ALTER TABLE ONLY hydra_oauth2_flow
    ADD CONSTRAINT hydra_oauth2_flow_login_session_id_fk FOREIGN KEY (login_session_id) REFERENCES hydra_oauth2_authentication_session(id) ON DELETE CASCADE;
ALTER TABLE ONLY hydra_oauth2_flow
    ADD CONSTRAINT hydra_oauth2_flow_nid_fk_idx FOREIGN KEY (nid) REFERENCES networks(id) ON UPDATE RESTRICT ON DELETE CASCADE;

CREATE TABLE hydra_oauth2_access (
    signature character varying(255) NOT NULL,
    request_id character varying(40) NOT NULL,
    requested_at timestamp without time zone DEFAULT now() NOT NULL,
    client_id character varying(255) NOT NULL,
    scope text NOT NULL,
    granted_scope text NOT NULL,
    form_data text NOT NULL,
    session_data text NOT NULL,
    subject character varying(255) DEFAULT ''::character varying NOT NULL,
    active boolean DEFAULT true NOT NULL,
    requested_audience text DEFAULT ''::text,
    granted_audience text DEFAULT ''::text,
    challenge_id character varying(40),
    nid uuid NOT NULL
);
ALTER TABLE ONLY hydra_oauth2_access
    ADD CONSTRAINT hydra_oauth2_access_pkey PRIMARY KEY (signature);
CREATE INDEX hydra_oauth2_access_challenge_id_idx ON hydra_oauth2_access USING btree (challenge_id);
CREATE INDEX hydra_oauth2_access_client_id_idx ON hydra_oauth2_access USING btree (client_id, nid);
CREATE INDEX hydra_oauth2_access_client_id_subject_idx ON hydra_oauth2_access USING btree (client_id, subject, nid);
CREATE INDEX hydra_oauth2_access_request_id_idx ON hydra_oauth2_access USING btree (request_id, nid);
CREATE INDEX hydra_oauth2_access_requested_at_idx ON hydra_oauth2_access USING btree (requested_at, nid);
ALTER TABLE ONLY hydra_oauth2_access
    ADD CONSTRAINT hydra_oauth2_access_challenge_id_fk FOREIGN KEY (challenge_id) REFERENCES hydra_oauth2_flow(consent_challenge_id) ON DELETE CASCADE;
ALTER TABLE ONLY hydra_oauth2_access
    ADD CONSTRAINT hydra_oauth2_access_client_id_fk FOREIGN KEY (client_id, nid) REFERENCES hydra_client(id, nid) ON DELETE CASCADE;
ALTER TABLE ONLY hydra_oauth2_access
    ADD CONSTRAINT hydra_oauth2_access_nid_fk_idx FOREIGN KEY (nid) REFERENCES networks(id) ON UPDATE RESTRICT ON DELETE CASCADE;

CREATE TABLE hydra_oauth2_refresh (
    signature character varying(255) NOT NULL,
    request_id character varying(40) NOT NULL,
    requested_at timestamp without time zone DEFAULT now() NOT NULL,
    client_id character varying(255) NOT NULL,
    scope text NOT NULL,
    granted_scope text NOT NULL,
    form_data text NOT NULL,
    session_data text NOT NULL,
    subject character varying(255) DEFAULT ''::character varying NOT NULL,
    active boolean DEFAULT true NOT NULL,
    requested_audience text DEFAULT ''::text,
    granted_audience text DEFAULT ''::text,
    challenge_id character varying(40),
    nid uuid NOT NULL
);
ALTER TABLE ONLY hydra_oauth2_refresh
    ADD CONSTRAINT hydra_oauth2_refresh_pkey PRIMARY KEY (signature);
CREATE INDEX hydra_oauth2_refresh_challenge_id_idx ON hydra_oauth2_refresh USING btree (challenge_id);
CREATE INDEX hydra_oauth2_refresh_client_id_idx ON hydra_oauth2_refresh USING btree (client_id, nid);
CREATE INDEX hydra_oauth2_refresh_client_id_subject_idx ON hydra_oauth2_refresh USING btree (client_id, subject);
CREATE INDEX hydra_oauth2_refresh_request_id_idx ON hydra_oauth2_refresh USING btree (request_id);
ALTER TABLE ONLY hydra_oauth2_refresh
    ADD CONSTRAINT hydra_oauth2_refresh_challenge_id_fk FOREIGN KEY (challenge_id) REFERENCES hydra_oauth2_flow(consent_challenge_id) ON DELETE CASCADE;
ALTER TABLE ONLY hydra_oauth2_refresh
    ADD CONSTRAINT hydra_oauth2_refresh_client_id_fk FOREIGN KEY (client_id, nid) REFERENCES hydra_client(id, nid) ON DELETE CASCADE;
ALTER TABLE ONLY hydra_oauth2_refresh
    ADD CONSTRAINT hydra_oauth2_refresh_nid_fk_idx FOREIGN KEY (nid) REFERENCES networks(id) ON UPDATE RESTRICT ON DELETE CASCADE;

CREATE TABLE hydra_oauth2_code (
    signature character varying(255) NOT NULL,
    request_id character varying(40) NOT NULL,
    requested_at timestamp without time zone DEFAULT now() NOT NULL,
    client_id character varying(255) NOT NULL,
    scope text NOT NULL,
    granted_scope text NOT NULL,
    form_data text NOT NULL,
    session_data text NOT NULL,
    subject character varying(255) DEFAULT ''::character varying NOT NULL,
    active boolean DEFAULT true NOT NULL,
    requested_audience text DEFAULT ''::text,
    granted_audience text DEFAULT ''::text,
    challenge_id character varying(40),
    nid uuid NOT NULL
);
ALTER TABLE ONLY hydra_oauth2_code
    ADD CONSTRAINT hydra_oauth2_code_pkey PRIMARY KEY (signature);
CREATE INDEX hydra_oauth2_code_challenge_id_idx ON hydra_oauth2_code USING btree (challenge_id, nid);
CREATE INDEX hydra_oauth2_code_client_id_idx ON hydra_oauth2_code USING btree (client_id, nid);
CREATE INDEX hydra_oauth2_code_request_id_idx ON hydra_oauth2_code USING btree (request_id, nid);
ALTER TABLE ONLY hydra_oauth2_code
    ADD CONSTRAINT hydra_oauth2_code_challenge_id_fk FOREIGN KEY (challenge_id) REFERENCES hydra_oauth2_flow(consent_challenge_id) ON DELETE CASCADE;
ALTER TABLE ONLY hydra_oauth2_code
    ADD CONSTRAINT hydra_oauth2_code_client_id_fk FOREIGN KEY (client_id, nid) REFERENCES hydra_client(id, nid) ON DELETE CASCADE;
ALTER TABLE ONLY hydra_oauth2_code
    ADD CONSTRAINT hydra_oauth2_code_nid_fk_idx FOREIGN KEY (nid) REFERENCES networks(id) ON UPDATE RESTRICT ON DELETE CASCADE;

CREATE TABLE hydra_oauth2_oidc (
    signature character varying(255) NOT NULL,
    request_id character varying(40) NOT NULL,
    requested_at timestamp without time zone DEFAULT now() NOT NULL,
    client_id character varying(255) NOT NULL,
    scope text NOT NULL,
    granted_scope text NOT NULL,
    form_data text NOT NULL,
    session_data text NOT NULL,
    subject character varying(255) DEFAULT ''::character varying NOT NULL,
    active boolean DEFAULT true NOT NULL,
    requested_audience text DEFAULT ''::text,
    granted_audience text DEFAULT ''::text,
    challenge_id character varying(40),
    nid uuid NOT NULL
);
ALTER TABLE ONLY hydra_oauth2_oidc
    ADD CONSTRAINT hydra_oauth2_oidc_pkey PRIMARY KEY (signature);
CREATE INDEX hydra_oauth2_oidc_challenge_id_idx ON hydra_oauth2_oidc USING btree (challenge_id);
CREATE INDEX hydra_oauth2_oidc_client_id_idx ON hydra_oauth2_oidc USING btree (client_id, nid);
CREATE INDEX hydra_oauth2_oidc_request_id_idx ON hydra_oauth2_oidc USING btree (request_id, nid);
ALTER TABLE ONLY hydra_oauth2_oidc
    ADD CONSTRAINT hydra_oauth2_oidc_challenge_id_fk FOREIGN KEY (challenge_id) REFERENCES hydra_oauth2_flow(consent_challenge_id) ON DELETE CASCADE;
ALTER TABLE ONLY hydra_oauth2_oidc
    ADD CONSTRAINT hydra_oauth2_oidc_client_id_fk FOREIGN KEY (client_id, nid) REFERENCES hydra_client(id, nid) ON DELETE CASCADE;
ALTER TABLE ONLY hydra_oauth2_oidc
    ADD CONSTRAINT hydra_oauth2_oidc_nid_fk_idx FOREIGN KEY (nid) REFERENCES networks(id) ON UPDATE RESTRICT ON DELETE CASCADE;

CREATE TABLE hydra_oauth2_pkce (
    signature character varying(255) NOT NULL,
    request_id character varying(40) NOT NULL,
    requested_at timestamp without time zone DEFAULT now() NOT NULL,
    client_id character varying(255) NOT NULL,
    scope text NOT NULL,
    granted_scope text NOT NULL,
    form_data text NOT NULL,
    session_data text NOT NULL,
    subject character varying(255) NOT NULL,
    active boolean DEFAULT true NOT NULL,
    requested_audience text DEFAULT ''::text,
    granted_audience text DEFAULT ''::text,
    challenge_id character varying(40),
    nid uuid NOT NULL
);
ALTER TABLE ONLY hydra_oauth2_pkce
    ADD CONSTRAINT hydra_oauth2_pkce_pkey PRIMARY KEY (signature);
CREATE INDEX hydra_oauth2_pkce_challenge_id_idx ON hydra_oauth2_pkce USING btree (challenge_id);
CREATE INDEX hydra_oauth2_pkce_client_id_idx ON hydra_oauth2_pkce USING btree (client_id, nid);
CREATE INDEX hydra_oauth2_pkce_request_id_idx ON hydra_oauth2_pkce USING btree (request_id, nid);
ALTER TABLE ONLY hydra_oauth2_pkce
    ADD CONSTRAINT hydra_oauth2_pkce_challenge_id_fk FOREIGN KEY (challenge_id) REFERENCES hydra_oauth2_flow(consent_challenge_id) ON DELETE CASCADE;
ALTER TABLE ONLY hydra_oauth2_pkce
    ADD CONSTRAINT hydra_oauth2_pkce_client_id_fk FOREIGN KEY (client_id, nid) REFERENCES hydra_client(id, nid) ON DELETE CASCADE;
ALTER TABLE ONLY hydra_oauth2_pkce
    ADD CONSTRAINT hydra_oauth2_pkce_nid_fk_idx FOREIGN KEY (nid) REFERENCES networks(id) ON UPDATE RESTRICT ON DELETE CASCADE;

CREATE TABLE hydra_oauth2_logout_request (
    challenge character varying(36) NOT NULL,
    verifier character varying(36) NOT NULL,
    subject character varying(255) NOT NULL,
    sid character varying(36) NOT NULL,
    client_id character varying(255),
    request_url text NOT NULL,
    redir_url text NOT NULL,
    was_used boolean DEFAULT false NOT NULL,
    accepted boolean DEFAULT false NOT NULL,
    rejected boolean DEFAULT false NOT NULL,
    rp_initiated boolean DEFAULT false NOT NULL,
    nid uuid NOT NULL
);
ALTER TABLE ONLY hydra_oauth2_logout_request
    ADD CONSTRAINT hydra_oauth2_logout_request_pkey PRIMARY KEY (challenge);
CREATE INDEX hydra_oauth2_logout_request_client_id_idx ON hydra_oauth2_logout_request USING btree (client_id, nid);
CREATE UNIQUE INDEX hydra_oauth2_logout_request_veri_idx ON hydra_oauth2_logout_request USING btree (verifier);
ALTER TABLE ONLY hydra_oauth2_logout_request
    ADD CONSTRAINT hydra_oauth2_logout_request_client_id_fk FOREIGN KEY (client_id, nid) REFERENCES hydra_client(id, nid) ON DELETE CASCADE;
ALTER TABLE ONLY hydra_oauth2_logout_request
    ADD CONSTRAINT hydra_oauth2_logout_request_nid_fk_idx FOREIGN KEY (nid) REFERENCES networks(id) ON UPDATE RESTRICT ON DELETE CASCADE;

CREATE TABLE hydra_oauth2_trusted_jwt_bearer_issuer (
    id uuid NOT NULL,
    issuer character varying(255) NOT NULL,
    subject character varying(255) NOT NULL,
    scope text NOT NULL,
    key_set character varying(255) NOT NULL,
    key_id character varying(255) NOT NULL,
    created_at timestamp without time zone DEFAULT now() NOT NULL,
    expires_at timestamp without time zone DEFAULT now() NOT NULL,
    nid uuid NOT NULL,
    allow_any_subject boolean DEFAULT false NOT NULL
);
ALTER TABLE ONLY hydra_oauth2_trusted_jwt_bearer_issuer
    ADD CONSTRAINT hydra_oauth2_trusted_jwt_bearer_issue_issuer_subject_key_id_key UNIQUE (issuer, subject, key_id, nid);
ALTER TABLE ONLY hydra_oauth2_trusted_jwt_bearer_issuer
    ADD CONSTRAINT hydra_oauth2_trusted_jwt_bearer_issuer_pkey PRIMARY KEY (id);
CREATE INDEX hydra_oauth2_trusted_jwt_bearer_issuer_expires_at_idx ON hydra_oauth2_trusted_jwt_bearer_issuer USING btree (expires_at);
CREATE INDEX hydra_oauth2_trusted_jwt_bearer_issuer_nid_idx ON hydra_oauth2_trusted_jwt_bearer_issuer USING btree (id, nid);
ALTER TABLE ONLY hydra_oauth2_trusted_jwt_bearer_issuer
    ADD CONSTRAINT hydra_oauth2_trusted_jwt_bearer_issuer_key_set_fkey FOREIGN KEY (key_set, key_id, nid) REFERENCES hydra_jwk(sid, kid, nid) ON DELETE CASCADE;
ALTER TABLE ONLY hydra_oauth2_trusted_jwt_bearer_issuer
    ADD CONSTRAINT hydra_oauth2_trusted_jwt_bearer_issuer_nid_fk_idx FOREIGN KEY (nid) REFERENCES networks(id) ON UPDATE RESTRICT ON DELETE CASCADE;
