-- The schema the serving version uses in the sixth holdout set (holdout6_test.go): a cut-down
-- Lemmy schema (github.com/LemmyNet/lemmy, migrations/*/up.sql, diesel) as its migrations leave
-- it around 0.18, and a cut-down Windmill schema (github.com/windmill-labs/windmill,
-- backend/migrations/*.up.sql, sqlx) as its migrations leave it around 1.180, side by side in
-- public (no table name is shared). Each table holds the state just before every migration the
-- set takes from it; the few objects neither project has at that point (a domain, a numeric
-- column, a NOT VALID foreign key) serve the squawk/pg cases. {{role}} is the role the serving
-- version connects as: not a superuser, not the owner.
CREATE ROLE {{role}};
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Lemmy.
CREATE DOMAIN instance_domain AS varchar(255);
CREATE TYPE sort_type_enum AS ENUM ('Active', 'Hot', 'New', 'Old', 'TopDay', 'TopWeek', 'TopMonth', 'TopYear', 'TopAll', 'MostComments', 'NewComments');
CREATE FUNCTION generate_unique_changeme() RETURNS text LANGUAGE sql AS $$ SELECT 'http://changeme.invalid/' || substr(md5(random()::text), 0, 25) $$;
CREATE TABLE instance (id serial PRIMARY KEY, domain instance_domain NOT NULL UNIQUE, published timestamp NOT NULL DEFAULT now());
CREATE TABLE language (id serial PRIMARY KEY, code varchar(3) NOT NULL, name text NOT NULL);
CREATE TABLE person (id serial PRIMARY KEY, name varchar(255) NOT NULL, display_name varchar(255), avatar text, banned boolean NOT NULL DEFAULT false,
  published timestamp NOT NULL DEFAULT now(), actor_id varchar(255) NOT NULL UNIQUE DEFAULT generate_unique_changeme(), bio text, local boolean NOT NULL DEFAULT true,
  inbox_url varchar(255) NOT NULL, bot_account boolean NOT NULL DEFAULT false, admin boolean NOT NULL DEFAULT false,
  instance_id int NOT NULL REFERENCES instance ON UPDATE CASCADE ON DELETE CASCADE, CONSTRAINT idx_person_inbox_url UNIQUE (inbox_url));
CREATE INDEX idx_person_admin ON person (admin);
CREATE VIEW person_alias_1 AS SELECT id, name, display_name, avatar, actor_id, local, bot_account FROM person;
CREATE TABLE community (id serial PRIMARY KEY, name varchar(20) NOT NULL UNIQUE, title varchar(100) NOT NULL, description text, removed boolean NOT NULL DEFAULT false,
  published timestamp NOT NULL DEFAULT now(), deleted boolean NOT NULL DEFAULT false, nsfw boolean NOT NULL DEFAULT false,
  actor_id varchar(255) NOT NULL UNIQUE DEFAULT generate_unique_changeme(), local boolean NOT NULL DEFAULT true, followers_url varchar(255) NOT NULL,
  inbox_url varchar(255) NOT NULL, hidden boolean DEFAULT false, posting_restricted_to_mods boolean DEFAULT false,
  instance_id int NOT NULL REFERENCES instance ON UPDATE CASCADE ON DELETE CASCADE, CONSTRAINT idx_community_inbox_url UNIQUE (inbox_url));
CREATE TABLE community_moderator (id serial PRIMARY KEY, community_id int NOT NULL REFERENCES community ON UPDATE CASCADE ON DELETE CASCADE,
  person_id int NOT NULL REFERENCES person ON UPDATE CASCADE ON DELETE CASCADE, published timestamp NOT NULL DEFAULT now(), UNIQUE (community_id, person_id));
CREATE TABLE community_person_ban (id serial PRIMARY KEY, community_id int NOT NULL REFERENCES community ON UPDATE CASCADE ON DELETE CASCADE,
  person_id int NOT NULL REFERENCES person ON UPDATE CASCADE ON DELETE CASCADE, published timestamp NOT NULL DEFAULT now(), UNIQUE (community_id, person_id));
CREATE TABLE post (id serial PRIMARY KEY, name varchar(200) NOT NULL, url varchar(512), body text, creator_id int NOT NULL REFERENCES person ON UPDATE CASCADE ON DELETE CASCADE,
  community_id int NOT NULL REFERENCES community ON UPDATE CASCADE ON DELETE CASCADE, removed boolean NOT NULL DEFAULT false, locked boolean NOT NULL DEFAULT false,
  published timestamp NOT NULL DEFAULT now(), updated timestamp, deleted boolean NOT NULL DEFAULT false, nsfw boolean NOT NULL DEFAULT false,
  ap_id varchar(255) NOT NULL UNIQUE DEFAULT generate_unique_changeme(), local boolean NOT NULL DEFAULT true,
  featured_community boolean NOT NULL DEFAULT false, featured_local boolean NOT NULL DEFAULT false);
CREATE INDEX idx_post_url ON post (url);
CREATE INDEX idx_post_creator ON post (creator_id);
CREATE INDEX idx_post_community ON post (community_id);
CREATE TABLE post_aggregates (id serial PRIMARY KEY, post_id int NOT NULL UNIQUE REFERENCES post ON UPDATE CASCADE ON DELETE CASCADE, comments bigint NOT NULL DEFAULT 0,
  score bigint NOT NULL DEFAULT 0, published timestamp NOT NULL DEFAULT now(), newest_comment_time timestamp NOT NULL DEFAULT now(),
  newest_comment_time_necro timestamp NOT NULL DEFAULT now(), featured_community boolean NOT NULL DEFAULT false, featured_local boolean NOT NULL DEFAULT false,
  scaled_rank numeric(10,2) NOT NULL DEFAULT 0, community_id int NOT NULL, creator_id int NOT NULL, instance_id int NOT NULL);
CREATE FUNCTION post_aggregates_post() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO post_aggregates (post_id, published, newest_comment_time, newest_comment_time_necro, community_id, creator_id, instance_id)
        SELECT NEW.id, NEW.published, NEW.published, NEW.published, NEW.community_id, NEW.creator_id, c.instance_id FROM community c WHERE c.id = NEW.community_id;
    RETURN NULL;
END $$;
CREATE TRIGGER post_aggregates_post AFTER INSERT ON post FOR EACH ROW EXECUTE FUNCTION post_aggregates_post();
CREATE TABLE comment (id serial PRIMARY KEY, creator_id int NOT NULL REFERENCES person ON UPDATE CASCADE ON DELETE CASCADE,
  post_id int NOT NULL REFERENCES post ON UPDATE CASCADE ON DELETE CASCADE, content text NOT NULL, removed boolean NOT NULL DEFAULT false,
  published timestamp NOT NULL DEFAULT now(), updated timestamp, deleted boolean NOT NULL DEFAULT false,
  ap_id varchar(255) NOT NULL UNIQUE DEFAULT generate_unique_changeme(), local boolean NOT NULL DEFAULT true, distinguished boolean NOT NULL DEFAULT false);
CREATE TABLE post_saved (id serial PRIMARY KEY, post_id int NOT NULL, person_id int NOT NULL REFERENCES person ON UPDATE CASCADE ON DELETE CASCADE,
  published timestamp NOT NULL DEFAULT now(), CONSTRAINT post_saved_post_id_person_id_key UNIQUE (post_id, person_id));
CREATE TABLE comment_saved (id serial PRIMARY KEY, comment_id int NOT NULL, person_id int NOT NULL REFERENCES person ON UPDATE CASCADE ON DELETE CASCADE,
  published timestamp NOT NULL DEFAULT now(), UNIQUE (comment_id, person_id));
ALTER TABLE comment_saved ADD CONSTRAINT comment_saved_comment_id_fkey FOREIGN KEY (comment_id) REFERENCES comment ON UPDATE CASCADE ON DELETE CASCADE NOT VALID;
CREATE TABLE post_report (id serial PRIMARY KEY, creator_id int NOT NULL REFERENCES person ON UPDATE CASCADE ON DELETE CASCADE,
  post_id int NOT NULL REFERENCES post ON UPDATE CASCADE ON DELETE CASCADE, original_post_name varchar(100) NOT NULL, original_post_url text, original_post_body text,
  reason text NOT NULL, resolved boolean NOT NULL DEFAULT false, published timestamp NOT NULL DEFAULT now(), UNIQUE (post_id, creator_id));
CREATE TABLE mod_lock_post (id serial PRIMARY KEY, mod_person_id int NOT NULL REFERENCES person ON UPDATE CASCADE ON DELETE CASCADE,
  post_id int NOT NULL REFERENCES post ON UPDATE CASCADE ON DELETE CASCADE, locked boolean DEFAULT true, when_ timestamp NOT NULL DEFAULT now());
CREATE TABLE local_user (id serial PRIMARY KEY, person_id int NOT NULL UNIQUE REFERENCES person ON UPDATE CASCADE ON DELETE CASCADE, password_encrypted text NOT NULL,
  email text UNIQUE, show_nsfw boolean NOT NULL DEFAULT false, theme varchar(20) NOT NULL DEFAULT 'browser', default_sort_type sort_type_enum NOT NULL DEFAULT 'Active',
  show_new_post_notifs boolean NOT NULL DEFAULT false, show_downvotes boolean NOT NULL DEFAULT true, auto_expand boolean NOT NULL DEFAULT false);
CREATE TABLE local_user_language (id serial PRIMARY KEY, local_user_id int NOT NULL REFERENCES local_user ON UPDATE CASCADE ON DELETE CASCADE,
  language_id int NOT NULL REFERENCES language ON UPDATE CASCADE ON DELETE CASCADE, UNIQUE (local_user_id, language_id));
CREATE TABLE local_user_vote_display_mode (local_user_id int PRIMARY KEY REFERENCES local_user ON UPDATE CASCADE ON DELETE CASCADE,
  score boolean DEFAULT true NOT NULL, upvotes boolean DEFAULT false NOT NULL, downvotes boolean DEFAULT false NOT NULL, upvote_percentage boolean DEFAULT false NOT NULL);
CREATE TABLE password_reset_request (id serial PRIMARY KEY, token_encrypted text NOT NULL, published timestamp NOT NULL DEFAULT now(),
  local_user_id int NOT NULL REFERENCES local_user ON UPDATE CASCADE ON DELETE CASCADE);
CREATE TABLE image_upload (id serial PRIMARY KEY, local_user_id int NOT NULL REFERENCES local_user ON UPDATE CASCADE ON DELETE CASCADE,
  pictrs_alias text NOT NULL UNIQUE, pictrs_delete_token text NOT NULL, published timestamptz DEFAULT now() NOT NULL);
CREATE TABLE site (id serial PRIMARY KEY, name varchar(20) NOT NULL, sidebar text, published timestamp NOT NULL DEFAULT now(), description varchar(150),
  actor_id varchar(255) NOT NULL UNIQUE DEFAULT generate_unique_changeme(), inbox_url varchar(255) NOT NULL, private_key text, public_key text NOT NULL,
  instance_id int NOT NULL UNIQUE REFERENCES instance ON UPDATE CASCADE ON DELETE CASCADE, content_warning text, CONSTRAINT site_name_key UNIQUE (name));
CREATE TABLE site_language (site_id int NOT NULL REFERENCES site ON UPDATE CASCADE ON DELETE CASCADE, language_id int NOT NULL REFERENCES language ON UPDATE CASCADE ON DELETE CASCADE,
  UNIQUE (site_id, language_id));
CREATE TABLE local_site (id serial PRIMARY KEY, site_id int NOT NULL UNIQUE REFERENCES site ON UPDATE CASCADE ON DELETE CASCADE, enable_downvotes boolean NOT NULL DEFAULT true,
  open_registration boolean NOT NULL DEFAULT true, enable_nsfw boolean NOT NULL DEFAULT true, require_application boolean NOT NULL DEFAULT true,
  federation_worker_count int NOT NULL DEFAULT 64, published timestamp NOT NULL DEFAULT now());

-- Windmill.
CREATE TYPE JOB_KIND AS ENUM ('script', 'preview', 'flow', 'dependencies');
CREATE TYPE SCRIPT_LANG AS ENUM ('python3', 'deno', 'go', 'bash');
CREATE TABLE workspace (id VARCHAR(50) PRIMARY KEY, name VARCHAR(50) NOT NULL, owner VARCHAR(50) NOT NULL, domain VARCHAR(30), deleted BOOLEAN NOT NULL DEFAULT false,
  CONSTRAINT proper_id CHECK (id ~ '^\w+(-\w+)*$'));
CREATE TABLE usr (workspace_id VARCHAR(50) NOT NULL REFERENCES workspace(id), username VARCHAR(50) NOT NULL, email VARCHAR(50) NOT NULL, is_admin BOOLEAN NOT NULL DEFAULT false,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(), operator BOOLEAN NOT NULL DEFAULT false, disabled BOOLEAN NOT NULL DEFAULT false, role VARCHAR(50),
  PRIMARY KEY (workspace_id, username), CONSTRAINT proper_username CHECK (username ~ '^[\w-]+$'));
CREATE INDEX index_usr_email ON usr (email);
CREATE TABLE script (workspace_id VARCHAR(50) NOT NULL REFERENCES workspace(id), hash BIGINT NOT NULL, path varchar(255) NOT NULL, summary TEXT NOT NULL,
  description TEXT NOT NULL, content TEXT NOT NULL, created_by VARCHAR(50) NOT NULL, created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
  archived BOOLEAN NOT NULL DEFAULT false, schema JSONB, deleted BOOLEAN NOT NULL DEFAULT false, language SCRIPT_LANG NOT NULL DEFAULT 'python3', tag VARCHAR(50),
  PRIMARY KEY (workspace_id, hash), CONSTRAINT proper_id CHECK (path ~ '^[ug](\/[\w-]+){2,}$'));
CREATE INDEX index_script_on_path_created_at ON script (path, created_at);
CREATE TABLE flow (workspace_id VARCHAR(50) NOT NULL REFERENCES workspace(id), path varchar(255) NOT NULL, summary TEXT NOT NULL, description TEXT NOT NULL,
  value JSONB NOT NULL, edited_by VARCHAR(50) NOT NULL, edited_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), archived BOOLEAN NOT NULL DEFAULT false, schema JSONB,
  PRIMARY KEY (workspace_id, path), CONSTRAINT proper_id CHECK (path ~ '^[ug](\/[\w-]+){2,}$'));
CREATE TABLE queue (id UUID PRIMARY KEY, workspace_id VARCHAR(50) NOT NULL REFERENCES workspace(id), parent_job UUID, created_by VARCHAR(50) NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), started_at TIMESTAMP WITH TIME ZONE, scheduled_for TIMESTAMP WITH TIME ZONE NOT NULL,
  running BOOLEAN NOT NULL DEFAULT FALSE, script_hash BIGINT, script_path VARCHAR(255), args JSONB, logs TEXT, canceled boolean NOT NULL DEFAULT false,
  job_kind JOB_KIND NOT NULL DEFAULT 'script', schedule_path VARCHAR(255), permissioned_as VARCHAR(55) NOT NULL DEFAULT 'g/all', flow_status JSONB,
  language SCRIPT_LANG NOT NULL DEFAULT 'python3', tag VARCHAR(50) NOT NULL DEFAULT 'other', suspend INTEGER NOT NULL DEFAULT 0, suspend_until TIMESTAMP WITH TIME ZONE,
  concurrent_limit INTEGER);
CREATE INDEX index_queue_on_workspace_id ON queue (workspace_id);
CREATE INDEX index_queue_on_scheduled_for ON queue (scheduled_for);
CREATE INDEX index_queue_on_running ON queue (running);
CREATE INDEX index_queue_on_created ON queue (created_at);
CREATE INDEX index_queue_on_script_path ON queue (script_path);
CREATE INDEX index_queue_on_script_hash ON queue (script_hash);
CREATE INDEX queue_sort ON queue (scheduled_for, created_at) WHERE running = false;
CREATE TABLE completed_job (id UUID PRIMARY KEY, workspace_id VARCHAR(50) NOT NULL REFERENCES workspace(id), parent_job UUID, created_by VARCHAR(50) NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL, started_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), duration INT NOT NULL, success BOOLEAN NOT NULL,
  script_hash BIGINT, script_path VARCHAR(255), args JSONB, result JSONB, logs TEXT, deleted BOOLEAN NOT NULL DEFAULT false, canceled boolean NOT NULL DEFAULT false,
  job_kind JOB_KIND NOT NULL DEFAULT 'script', schedule_path varchar(255), permissioned_as VARCHAR(55) NOT NULL DEFAULT 'g/all', flow_status JSONB,
  language SCRIPT_LANG NOT NULL DEFAULT 'python3', tag VARCHAR(50) NOT NULL DEFAULT 'other');
CREATE INDEX index_completed_on_workspace_id ON completed_job (workspace_id);
CREATE INDEX index_completed_on_created ON completed_job (created_at);
CREATE INDEX index_completed_on_script_path ON completed_job (script_path);
CREATE INDEX index_completed_on_script_hash ON completed_job (script_hash);
CREATE TABLE variable (workspace_id VARCHAR(50) NOT NULL REFERENCES workspace(id), path VARCHAR(255), value VARCHAR(4012) NOT NULL, is_secret BOOLEAN NOT NULL DEFAULT FALSE,
  description VARCHAR(255) NOT NULL DEFAULT '', PRIMARY KEY (workspace_id, path), CONSTRAINT proper_id CHECK (path ~ '^[ug](\/[\w-]+){2,}$'));
CREATE TABLE schedule (workspace_id VARCHAR(50) NOT NULL REFERENCES workspace(id), path varchar(255), edited_by varchar(255) NOT NULL,
  edited_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), schedule VARCHAR(255) NOT NULL, offset_ INTEGER NOT NULL, enabled BOOLEAN NOT NULL DEFAULT true,
  script_path varchar(255), is_flow BOOLEAN NOT NULL DEFAULT false, args JSONB, on_failure VARCHAR(1000), PRIMARY KEY (workspace_id, path),
  CONSTRAINT proper_id CHECK (path ~ '^[ug](\/[\w-]+){2,}$'));
CREATE TABLE capture (workspace_id VARCHAR(50) NOT NULL, path VARCHAR(255) NOT NULL, created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  payload JSONB NOT NULL DEFAULT 'null'::jsonb CHECK (length(payload::text) < 10 * 1024), PRIMARY KEY (workspace_id, path), FOREIGN KEY (workspace_id) REFERENCES workspace(id));
CREATE TABLE resume_job (id UUID PRIMARY KEY, job UUID NOT NULL, flow UUID NOT NULL, created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), value JSONB NOT NULL DEFAULT 'null'::jsonb,
  is_cancel BOOLEAN NOT NULL DEFAULT false);
CREATE TABLE global_settings (name VARCHAR(255) PRIMARY KEY, value JSONB NOT NULL, updated_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now());
CREATE TABLE worker_group_config (name VARCHAR(255) PRIMARY KEY, config JSONB);
