-- The schema the serving versions use in the eighth holdout set (holdout8_test.go): a cut-down
-- Concourse CI schema (github.com/concourse/concourse, atc/db/migration/migrations: the tables
-- of 1510262030_initial_schema with the columns, indexes and triggers later migrations gave
-- them) and a cut-down River schema (github.com/riverqueue/river,
-- riverdriver/riverpgxv5/migration/main), side by side in public (no name is shared). Each
-- table holds the state just before every migration the set takes from it: a column a case
-- adds is absent, a column, index, constraint or trigger a case drops, renames or changes is
-- present. Where two migrations disagree (one adds what another drops) only one is taken. The
-- few objects not in either project at that point: resource_config_versions has no foreign key
-- to resource_config_scopes (left out), and River's river_job carries unique_key and its index
-- from 005 and the 'pending' state of 004 next to the tags, args and check of 002 (the state
-- 006 starts from; 005 allowed the column to be built out of band). {{role}} is the role the serving versions connect as: not a
-- superuser, not the owner.
CREATE ROLE {{role}};

-- Concourse.
CREATE TYPE build_status AS ENUM ('pending', 'started', 'aborted', 'succeeded', 'failed', 'errored');
CREATE TYPE worker_state AS ENUM ('running', 'stalled', 'landing', 'landed', 'retiring');
CREATE TABLE teams (
    id serial,
    name text NOT NULL,
    basic_auth json,
    admin boolean DEFAULT false,
    auth text,
    nonce text,
    CONSTRAINT constraint_teams_name_not_empty CHECK ((length(name) > 0)),
    CONSTRAINT teams_pkey PRIMARY KEY (id)
);
CREATE UNIQUE INDEX index_teams_name_unique_case_insensitive ON teams USING btree (lower(name));
CREATE TABLE pipelines (
    version integer DEFAULT 0 NOT NULL,
    id serial,
    name text NOT NULL,
    paused boolean DEFAULT false,
    ordering integer DEFAULT 0 NOT NULL,
    last_scheduled timestamp without time zone DEFAULT '1970-01-01 00:00:00'::timestamp without time zone NOT NULL,
    team_id integer NOT NULL,
    public boolean DEFAULT false NOT NULL,
    groups json,
    CONSTRAINT pipelines_pkey PRIMARY KEY (id),
    CONSTRAINT pipelines_name_team_id UNIQUE (name, team_id),
    CONSTRAINT pipelines_team_id_fkey FOREIGN KEY (team_id) REFERENCES teams(id) ON DELETE CASCADE
);
CREATE INDEX pipelines_team_id ON pipelines USING btree (team_id);
CREATE TABLE deleted_pipelines (
    id integer NOT NULL,
    deleted_at timestamp without time zone DEFAULT now() NOT NULL
);
CREATE OR REPLACE FUNCTION on_pipeline_delete() RETURNS TRIGGER AS $$
BEGIN
        EXECUTE format('INSERT INTO deleted_pipelines VALUES (%s)', OLD.id);
        RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER deleted_pipelines_insert_trigger AFTER DELETE on pipelines FOR EACH ROW EXECUTE PROCEDURE on_pipeline_delete();
CREATE TABLE pipes (
    id text NOT NULL,
    url text,
    team_id integer NOT NULL,
    CONSTRAINT pipes_pkey PRIMARY KEY (id),
    CONSTRAINT pipes_team_id_fkey FOREIGN KEY (team_id) REFERENCES teams(id) ON DELETE CASCADE
);
CREATE INDEX pipes_team_id ON pipes USING btree (team_id);
CREATE TABLE jobs (
    name text NOT NULL,
    build_number_seq integer DEFAULT 0 NOT NULL,
    paused boolean DEFAULT false,
    id serial,
    pipeline_id integer NOT NULL,
    first_logged_build_id integer DEFAULT 0 NOT NULL,
    inputs_determined boolean DEFAULT false NOT NULL,
    max_in_flight_reached boolean DEFAULT false NOT NULL,
    config text NOT NULL,
    active boolean DEFAULT false NOT NULL,
    interruptible boolean DEFAULT false NOT NULL,
    nonce text,
    CONSTRAINT jobs_pkey PRIMARY KEY (id),
    CONSTRAINT jobs_unique_pipeline_id_name UNIQUE (pipeline_id, name),
    CONSTRAINT jobs_pipeline_id_fkey FOREIGN KEY (pipeline_id) REFERENCES pipelines(id) ON DELETE CASCADE
);
CREATE INDEX jobs_pipeline_id ON jobs USING btree (pipeline_id);
CREATE TABLE builds (
    id serial,
    name text NOT NULL,
    status build_status NOT NULL,
    scheduled boolean DEFAULT false NOT NULL,
    start_time timestamp with time zone,
    end_time timestamp with time zone,
    engine character varying(16),
    engine_metadata text,
    completed boolean DEFAULT false NOT NULL,
    job_id integer,
    reap_time timestamp with time zone,
    team_id integer NOT NULL,
    manually_triggered boolean DEFAULT false,
    interceptible boolean DEFAULT true,
    nonce text,
    public_plan json DEFAULT '{}'::json,
    pipeline_id integer,
    rerun_of integer,
    rerun_number integer DEFAULT 0 NOT NULL,
    CONSTRAINT builds_pkey PRIMARY KEY (id),
    CONSTRAINT fkey_job_id FOREIGN KEY (job_id) REFERENCES jobs(id) ON DELETE CASCADE,
    CONSTRAINT builds_pipeline_id_fkey FOREIGN KEY (pipeline_id) REFERENCES pipelines(id) ON DELETE CASCADE,
    CONSTRAINT builds_team_id_fkey FOREIGN KEY (team_id) REFERENCES teams(id) ON DELETE CASCADE,
    CONSTRAINT builds_rerun_of_fkey FOREIGN KEY (rerun_of) REFERENCES builds (id) ON DELETE CASCADE
);
CREATE INDEX builds_interceptible_completed ON builds USING btree (interceptible, completed);
CREATE INDEX builds_job_id ON builds USING btree (job_id);
CREATE INDEX builds_name ON builds USING btree (name);
CREATE INDEX builds_pipeline_id ON builds USING btree (pipeline_id);
CREATE INDEX builds_status ON builds USING btree (status);
CREATE INDEX builds_team_id ON builds USING btree (team_id);
CREATE INDEX rerun_of_builds_idx ON builds (rerun_of);
CREATE TABLE workers (
    addr text,
    expires timestamp with time zone,
    active_containers integer DEFAULT 0,
    resource_types text,
    platform text,
    tags text,
    baggageclaim_url text DEFAULT ''::text,
    name text NOT NULL,
    http_proxy_url text,
    https_proxy_url text,
    no_proxy text,
    start_time integer,
    team_id integer,
    state worker_state DEFAULT 'running'::worker_state NOT NULL,
    version text,
    CONSTRAINT addr_when_running CHECK ((((state <> 'stalled'::worker_state) AND (state <> 'landed'::worker_state) AND ((addr IS NOT NULL) OR (baggageclaim_url IS NOT NULL))) OR (((state = 'stalled'::worker_state) OR (state = 'landed'::worker_state)) AND (addr IS NULL) AND (baggageclaim_url IS NULL)))),
    CONSTRAINT workers_pkey PRIMARY KEY (name),
    CONSTRAINT workers_addr_key UNIQUE (addr),
    CONSTRAINT workers_team_id_fkey FOREIGN KEY (team_id) REFERENCES teams(id) ON DELETE CASCADE
);
ALTER TABLE ONLY workers ADD CONSTRAINT constraint_workers_name_unique UNIQUE (name);
CREATE INDEX workers_team_id ON workers USING btree (team_id);
CREATE TABLE resources (
    name text NOT NULL,
    check_error text,
    paused boolean DEFAULT false,
    id serial,
    pipeline_id integer NOT NULL,
    last_checked timestamp without time zone DEFAULT '1970-01-01 00:00:00'::timestamp without time zone NOT NULL,
    config text NOT NULL,
    active boolean DEFAULT false NOT NULL,
    nonce text,
    resource_config_id integer,
    api_pinned_version jsonb,
    pin_comment text,
    build_id bigint REFERENCES builds (id) ON DELETE SET NULL,
    CONSTRAINT resources_pkey PRIMARY KEY (id),
    CONSTRAINT unique_pipeline_id_name UNIQUE (pipeline_id, name),
    CONSTRAINT resources_pipeline_id_fkey FOREIGN KEY (pipeline_id) REFERENCES pipelines(id) ON DELETE CASCADE
);
CREATE INDEX resources_pipeline_id ON resources USING btree (pipeline_id);
CREATE INDEX resources_resource_config_id ON resources USING btree (resource_config_id);
CREATE INDEX resources_build_id_idx ON resources (build_id);
CREATE TABLE resource_config_versions (
    "id" serial NOT NULL PRIMARY KEY,
    "resource_config_scope_id" integer NOT NULL,
    "version" jsonb NOT NULL,
    "version_md5" text NOT NULL,
    "metadata" jsonb NOT NULL DEFAULT 'null',
    "check_order" integer NOT NULL DEFAULT 0,
    span_context jsonb
);
ALTER TABLE resource_config_versions
  ADD CONSTRAINT "resource_config_scope_id_and_version_md5_unique" UNIQUE ("resource_config_scope_id", "version_md5");
CREATE INDEX resource_config_versions_check_order_idx ON resource_config_versions (resource_config_scope_id, check_order DESC);
CREATE INDEX resource_config_versions_version ON resource_config_versions USING gin(version jsonb_path_ops) WITH (FASTUPDATE = false);

-- River.
CREATE TABLE river_migration(
  id bigserial PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT NOW(),
  version bigint NOT NULL,
  CONSTRAINT version CHECK (version >= 1)
);
CREATE UNIQUE INDEX ON river_migration USING btree(version);
CREATE TYPE river_job_state AS ENUM(
  'available',
  'cancelled',
  'completed',
  'discarded',
  'pending',
  'retryable',
  'running',
  'scheduled'
);
CREATE TABLE river_job(
  id bigserial PRIMARY KEY,
  state river_job_state NOT NULL DEFAULT 'available',
  attempt smallint NOT NULL DEFAULT 0,
  max_attempts smallint NOT NULL,
  attempted_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT NOW(),
  finalized_at timestamptz,
  scheduled_at timestamptz NOT NULL DEFAULT NOW(),
  priority smallint NOT NULL DEFAULT 1,
  args jsonb,
  attempted_by text[],
  errors jsonb[],
  kind text NOT NULL,
  metadata jsonb NOT NULL DEFAULT '{}',
  queue text NOT NULL DEFAULT 'default',
  tags varchar(255)[],
  unique_key bytea,
  CONSTRAINT finalized_or_finalized_at_null CHECK ((state IN ('cancelled', 'completed', 'discarded') AND finalized_at IS NOT NULL) OR finalized_at IS NULL),
  CONSTRAINT max_attempts_is_positive CHECK (max_attempts > 0),
  CONSTRAINT priority_in_range CHECK (priority >= 1 AND priority <= 4),
  CONSTRAINT queue_length CHECK (char_length(queue) > 0 AND char_length(queue) < 128),
  CONSTRAINT kind_length CHECK (char_length(kind) > 0 AND char_length(kind) < 128)
);
CREATE INDEX river_job_kind ON river_job USING btree(kind);
CREATE INDEX river_job_state_and_finalized_at_index ON river_job USING btree(state, finalized_at) WHERE finalized_at IS NOT NULL;
CREATE INDEX river_job_prioritized_fetching_index ON river_job USING btree(state, queue, priority, scheduled_at, id);
CREATE INDEX river_job_args_index ON river_job USING GIN(args);
CREATE INDEX river_job_metadata_index ON river_job USING GIN(metadata);
CREATE UNIQUE INDEX IF NOT EXISTS river_job_kind_unique_key_idx ON river_job (kind, unique_key) WHERE unique_key IS NOT NULL;
CREATE OR REPLACE FUNCTION river_job_notify()
  RETURNS TRIGGER
  AS $$
DECLARE
  payload json;
BEGIN
  IF NEW.state = 'available' THEN
    payload = json_build_object('queue', NEW.queue);
    PERFORM
      pg_notify('river_insert', payload::text);
  END IF;
  RETURN NULL;
END;
$$
LANGUAGE plpgsql;
CREATE TRIGGER river_notify
  AFTER INSERT ON river_job
  FOR EACH ROW
  EXECUTE PROCEDURE river_job_notify();
CREATE UNLOGGED TABLE river_leader(
    elected_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    leader_id text NOT NULL,
    name text PRIMARY KEY,
    CONSTRAINT name_length CHECK (char_length(name) > 0 AND char_length(name) < 128),
    CONSTRAINT leader_id_length CHECK (char_length(leader_id) > 0 AND char_length(leader_id) < 128)
);
CREATE TABLE river_queue (
    name text PRIMARY KEY NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    metadata jsonb NOT NULL DEFAULT '{}' ::jsonb,
    paused_at timestamptz,
    updated_at timestamptz NOT NULL
);
CREATE UNLOGGED TABLE river_client (
    id text PRIMARY KEY NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    metadata jsonb NOT NULL DEFAULT '{}',
    paused_at timestamptz,
    updated_at timestamptz NOT NULL,
    CONSTRAINT name_length CHECK (char_length(id) > 0 AND char_length(id) < 128)
);
CREATE UNLOGGED TABLE river_client_queue (
    river_client_id text NOT NULL REFERENCES river_client (id) ON DELETE CASCADE,
    name text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    max_workers bigint NOT NULL DEFAULT 0,
    metadata jsonb NOT NULL DEFAULT '{}',
    num_jobs_completed bigint NOT NULL DEFAULT 0,
    num_jobs_running bigint NOT NULL DEFAULT 0,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (river_client_id, name),
    CONSTRAINT name_length CHECK (char_length(name) > 0 AND char_length(name) < 128),
    CONSTRAINT num_jobs_completed_zero_or_positive CHECK (num_jobs_completed >= 0),
    CONSTRAINT num_jobs_running_zero_or_positive CHECK (num_jobs_running >= 0)
);
