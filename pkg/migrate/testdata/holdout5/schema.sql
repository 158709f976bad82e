-- The schema the serving version uses in the fifth holdout set (holdout5_test.go): a cut-down
-- Coder schema (github.com/coder/coder, coderd/database/migrations/*.up.sql, golang-migrate) as
-- it stands before the migrations the set uses, with the objects those migrations touch: the
-- enums, the views visible_users and template_with_users, the unique indexes the serving
-- version upserts on, the foreign keys with their ON DELETE actions. Where two migrations need
-- different states of a table, the state is the one before the later of them (the set says so
-- in the case). A few things Coder does not have are here for the squawk/PostgreSQL cases: the
-- domain http_status_code (audit_logs.status_code is an integer in Coder), a numeric daily_cost
-- on workspace_resources (an integer in Coder), a CHECK added NOT VALID on workspaces.ttl, and
-- the unique index notification_templates_name_idx (Coder has a UNIQUE constraint).
-- {{role}} is the role the serving version connects as: not a superuser, not the owner.
CREATE ROLE {{role}};

CREATE TYPE login_type AS ENUM ('password', 'github', 'token');
CREATE TYPE resource_type AS ENUM ('organization', 'template', 'template_version', 'user', 'workspace');
CREATE TYPE audit_action AS ENUM ('create', 'write', 'delete');
CREATE TYPE log_level AS ENUM ('trace', 'debug', 'info', 'warn', 'error');
CREATE TYPE log_source AS ENUM ('provisioner_daemon', 'provisioner');
CREATE TYPE provisioner_job_type AS ENUM ('template_version_import', 'workspace_build', 'template_version_dry_run');
CREATE TYPE provisioner_type AS ENUM ('echo', 'terraform');
CREATE TYPE provisioner_storage_method AS ENUM ('file');
CREATE TYPE workspace_transition AS ENUM ('start', 'stop', 'delete');
CREATE DOMAIN http_status_code AS integer;

CREATE TABLE users (id uuid NOT NULL PRIMARY KEY, email text NOT NULL, username text DEFAULT ''::text NOT NULL, hashed_password bytea NOT NULL,
  created_at timestamp with time zone NOT NULL, updated_at timestamp with time zone NOT NULL, rbac_roles text[] DEFAULT '{}'::text[] NOT NULL,
  login_type login_type DEFAULT 'password'::login_type NOT NULL, avatar_url text, deleted boolean DEFAULT false NOT NULL,
  must_reset_password boolean DEFAULT false NOT NULL);
CREATE UNIQUE INDEX idx_users_email ON users USING btree (email);
CREATE UNIQUE INDEX idx_users_username ON users USING btree (username);
CREATE UNIQUE INDEX users_username_lower_idx ON users USING btree (lower(username));

CREATE TABLE organizations (id uuid NOT NULL PRIMARY KEY, name text NOT NULL, description text NOT NULL, created_at timestamp with time zone NOT NULL,
  updated_at timestamp with time zone NOT NULL, is_default boolean DEFAULT false NOT NULL);
CREATE UNIQUE INDEX idx_organization_name ON organizations USING btree (name);
CREATE UNIQUE INDEX idx_organization_name_lower ON organizations USING btree (lower(name));

CREATE TABLE organization_members (user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE, created_at timestamp with time zone NOT NULL,
  updated_at timestamp with time zone NOT NULL, roles text[] DEFAULT '{organization-member}'::text[] NOT NULL, PRIMARY KEY (organization_id, user_id));

CREATE TABLE templates (id uuid NOT NULL PRIMARY KEY, created_at timestamp with time zone NOT NULL, updated_at timestamp with time zone NOT NULL,
  organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE, deleted boolean DEFAULT false NOT NULL, name varchar(64) NOT NULL,
  provisioner provisioner_type NOT NULL, active_version_id uuid NOT NULL, description varchar(128) DEFAULT ''::character varying NOT NULL,
  max_ttl bigint DEFAULT '604800000000000'::bigint NOT NULL, created_by uuid REFERENCES users (id) ON DELETE RESTRICT, icon varchar(256) DEFAULT ''::character varying NOT NULL,
  user_acl jsonb DEFAULT '{}'::jsonb NOT NULL, group_acl jsonb DEFAULT '{}'::jsonb NOT NULL, inactivity_ttl bigint DEFAULT 0 NOT NULL, locked_ttl bigint DEFAULT 0 NOT NULL,
  CONSTRAINT templates_organization_id_name_key UNIQUE (organization_id, name));
CREATE INDEX idx_templates_name_lower ON templates USING btree (lower((name)::text));
CREATE UNIQUE INDEX templates_organization_id_name_idx ON templates USING btree (organization_id, name) WHERE (deleted = false);

CREATE TABLE template_versions (id uuid NOT NULL PRIMARY KEY, template_id uuid REFERENCES templates (id) ON DELETE CASCADE,
  organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE, created_at timestamp with time zone NOT NULL,
  updated_at timestamp with time zone NOT NULL, name varchar(64) NOT NULL, readme varchar(1048576) NOT NULL, job_id uuid NOT NULL,
  UNIQUE (template_id, name));

CREATE TABLE provisioner_jobs (id uuid NOT NULL PRIMARY KEY, created_at timestamp with time zone NOT NULL, updated_at timestamp with time zone NOT NULL,
  started_at timestamp with time zone, canceled_at timestamp with time zone, completed_at timestamp with time zone, error text,
  organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE, initiator_id uuid NOT NULL, provisioner provisioner_type NOT NULL,
  storage_method provisioner_storage_method NOT NULL, type provisioner_job_type NOT NULL, input jsonb NOT NULL, worker_id uuid, file_id uuid NOT NULL);

CREATE TABLE provisioner_job_logs (id BIGSERIAL PRIMARY KEY, job_id uuid NOT NULL REFERENCES provisioner_jobs (id) ON DELETE CASCADE,
  created_at timestamp with time zone NOT NULL, source log_source NOT NULL, level log_level NOT NULL, stage varchar(128) NOT NULL, output varchar(1024) NOT NULL);

CREATE TABLE workspaces (id uuid NOT NULL PRIMARY KEY, created_at timestamp with time zone NOT NULL, updated_at timestamp with time zone NOT NULL,
  owner_id uuid NOT NULL REFERENCES users (id) ON DELETE RESTRICT, organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE RESTRICT,
  template_id uuid NOT NULL REFERENCES templates (id) ON DELETE RESTRICT, deleted boolean DEFAULT false NOT NULL, name varchar(64) NOT NULL,
  autostart_schedule text, ttl bigint, last_used_at timestamp without time zone DEFAULT '0001-01-01 00:00:00'::timestamp without time zone NOT NULL,
  locked_at timestamp with time zone);
CREATE UNIQUE INDEX workspaces_owner_id_lower_idx ON workspaces USING btree (owner_id, lower((name)::text)) WHERE (deleted = false);
ALTER TABLE workspaces ADD CONSTRAINT workspaces_ttl_min CHECK (ttl IS NULL OR ttl >= 60000000000) NOT VALID;

CREATE TABLE workspace_builds (id uuid NOT NULL PRIMARY KEY, created_at timestamp with time zone NOT NULL, updated_at timestamp with time zone NOT NULL,
  workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE, template_version_id uuid NOT NULL REFERENCES template_versions (id) ON DELETE CASCADE,
  build_number integer NOT NULL, transition workspace_transition NOT NULL, initiator_id uuid NOT NULL, provisioner_state bytea,
  job_id uuid NOT NULL UNIQUE REFERENCES provisioner_jobs (id) ON DELETE CASCADE,
  deadline timestamp with time zone DEFAULT '0001-01-01 00:00:00+00'::timestamp with time zone NOT NULL, UNIQUE (workspace_id, build_number));

CREATE TABLE workspace_resources (id uuid NOT NULL PRIMARY KEY, created_at timestamp with time zone NOT NULL,
  job_id uuid NOT NULL REFERENCES provisioner_jobs (id) ON DELETE CASCADE, transition workspace_transition NOT NULL, type varchar(192) NOT NULL,
  name varchar(64) NOT NULL, daily_cost numeric(10,2) DEFAULT 0 NOT NULL);

CREATE TABLE workspace_agents (id uuid NOT NULL PRIMARY KEY, created_at timestamp with time zone NOT NULL, updated_at timestamp with time zone NOT NULL,
  name varchar(64) NOT NULL, first_connected_at timestamp with time zone, last_connected_at timestamp with time zone, disconnected_at timestamp with time zone,
  resource_id uuid NOT NULL REFERENCES workspace_resources (id) ON DELETE CASCADE, auth_token uuid NOT NULL, auth_instance_id varchar(64),
  architecture varchar(64) NOT NULL, environment_variables jsonb, operating_system varchar(64) NOT NULL, startup_script varchar(65534),
  instance_metadata jsonb, resource_metadata jsonb, directory varchar(4096) DEFAULT ''::character varying NOT NULL, version text DEFAULT ''::text NOT NULL);
CREATE INDEX workspace_agents_resource_id_idx ON workspace_agents USING btree (resource_id);

CREATE TABLE workspace_apps (id uuid NOT NULL PRIMARY KEY, created_at timestamp with time zone NOT NULL,
  agent_id uuid NOT NULL REFERENCES workspace_agents (id) ON DELETE CASCADE, name varchar(64) NOT NULL, icon varchar(256) NOT NULL,
  command varchar(65534), url varchar(65534), relative_path boolean DEFAULT false NOT NULL, UNIQUE (agent_id, name));

CREATE TABLE workspace_agent_startup_logs (agent_id uuid NOT NULL REFERENCES workspace_agents (id) ON DELETE CASCADE,
  created_at timestamp with time zone NOT NULL, output varchar(1024) NOT NULL, id BIGSERIAL PRIMARY KEY);

CREATE TABLE workspace_agent_scripts (workspace_agent_id uuid NOT NULL REFERENCES workspace_agents (id) ON DELETE CASCADE, log_source_id uuid NOT NULL,
  log_path text NOT NULL, created_at timestamp with time zone DEFAULT now() NOT NULL, script text NOT NULL, cron text NOT NULL,
  start_blocks_login boolean NOT NULL, run_on_start boolean NOT NULL, run_on_stop boolean NOT NULL, timeout_seconds integer NOT NULL);

CREATE TABLE workspace_agent_port_share (workspace_id uuid NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE, agent_name text NOT NULL,
  port integer NOT NULL, share_level text NOT NULL, PRIMARY KEY (workspace_id, agent_name, port));

CREATE TABLE api_keys (id text NOT NULL PRIMARY KEY, hashed_secret bytea NOT NULL, user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  last_used timestamp with time zone NOT NULL, expires_at timestamp with time zone NOT NULL, created_at timestamp with time zone NOT NULL,
  updated_at timestamp with time zone NOT NULL, login_type login_type NOT NULL, oauth_access_token text DEFAULT ''::text NOT NULL,
  oauth_refresh_token text DEFAULT ''::text NOT NULL, oauth_id_token text DEFAULT ''::text NOT NULL,
  oauth_expiry timestamp with time zone DEFAULT '0001-01-01 00:00:00+00'::timestamp with time zone NOT NULL);
CREATE INDEX idx_api_keys_user ON api_keys USING btree (user_id);

CREATE TABLE user_links (user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE, login_type login_type NOT NULL, linked_id text DEFAULT ''::text NOT NULL,
  oauth_access_token text DEFAULT ''::text NOT NULL, oauth_refresh_token text DEFAULT ''::text NOT NULL,
  oauth_expiry timestamp with time zone DEFAULT '0001-01-01 00:00:00+00'::timestamp with time zone NOT NULL,
  debug_context jsonb DEFAULT '{}'::jsonb NOT NULL, PRIMARY KEY (user_id, login_type));

CREATE TABLE audit_logs (id uuid NOT NULL PRIMARY KEY, "time" timestamp with time zone NOT NULL, user_id uuid NOT NULL, organization_id uuid NOT NULL,
  ip inet, user_agent varchar(256), resource_type resource_type NOT NULL, resource_id uuid NOT NULL, resource_target text NOT NULL,
  action audit_action NOT NULL, diff jsonb NOT NULL, status_code http_status_code NOT NULL);
CREATE INDEX idx_audit_logs_time_desc ON audit_logs USING btree ("time" DESC);
CREATE INDEX idx_audit_log_user_id ON audit_logs USING btree (user_id);
CREATE INDEX idx_audit_log_resource_id ON audit_logs USING btree (resource_id);

CREATE TABLE groups (id uuid NOT NULL PRIMARY KEY, name text NOT NULL, organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
  avatar_url text DEFAULT ''::text NOT NULL, quota_allowance integer DEFAULT 0 NOT NULL, UNIQUE (name, organization_id));
CREATE TABLE group_members (user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE, group_id uuid NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
  UNIQUE (user_id, group_id));

CREATE TABLE workspace_proxies (id uuid NOT NULL PRIMARY KEY, name text NOT NULL, display_name text NOT NULL, icon text NOT NULL, url text NOT NULL,
  wildcard_hostname text NOT NULL, created_at timestamp with time zone NOT NULL, updated_at timestamp with time zone NOT NULL, deleted boolean NOT NULL,
  token_hashed_secret bytea NOT NULL);
CREATE UNIQUE INDEX workspace_proxies_name_idx ON workspace_proxies USING btree (name) WHERE (deleted = false);

CREATE TABLE provisioner_daemons (id uuid NOT NULL PRIMARY KEY, created_at timestamp with time zone NOT NULL, name varchar(64) NOT NULL,
  provisioners provisioner_type[] NOT NULL, tags jsonb DEFAULT '{}'::jsonb NOT NULL, last_seen_at timestamp with time zone,
  version text DEFAULT ''::text NOT NULL, api_version text DEFAULT 'v1.0'::text NOT NULL,
  organization_id uuid NOT NULL REFERENCES organizations (id) ON DELETE CASCADE);
CREATE UNIQUE INDEX idx_provisioner_daemons_name_owner_key ON provisioner_daemons USING btree (name, lower(COALESCE((tags ->> 'owner'::text), ''::text)));

CREATE TABLE notification_templates (id uuid NOT NULL PRIMARY KEY, name text NOT NULL, title_template text NOT NULL, body_template text NOT NULL,
  actions jsonb, "group" text);
CREATE UNIQUE INDEX notification_templates_name_idx ON notification_templates USING btree (name);

CREATE VIEW visible_users AS SELECT id, username, avatar_url FROM users;
CREATE VIEW template_with_users AS
  SELECT templates.*, coalesce(visible_users.avatar_url, '') AS created_by_avatar_url, coalesce(visible_users.username, '') AS created_by_username
  FROM templates LEFT JOIN visible_users ON templates.created_by = visible_users.id;
