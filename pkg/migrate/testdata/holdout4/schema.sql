-- The schema the serving version uses in the fourth holdout set (holdout4_test.go): a cut-down
-- Harbor schema as its PostgreSQL migrations (github.com/goharbor/harbor,
-- make/migrations/postgresql/*.up.sql) leave it around v2.1, with the objects Harbor's
-- initial schema has (the update_time trigger function) and a few more the categories of
-- squawk's rules and PostgreSQL's manual need (an enum, a view, a materialized view, a
-- function the application calls, a range-partitioned audit table, a CHECK added NOT VALID).
-- {{role}} is the role the serving version connects as: not a superuser, not the owner.
CREATE ROLE {{role}};

CREATE TABLE harbor_user (user_id SERIAL PRIMARY KEY, username varchar(255) UNIQUE, email varchar(255) UNIQUE, password varchar(40) NOT NULL,
  realname varchar(255) NOT NULL, comment varchar(30), deleted boolean DEFAULT false NOT NULL, sysadmin_flag boolean DEFAULT false NOT NULL,
  creation_time timestamp DEFAULT CURRENT_TIMESTAMP, update_time timestamp DEFAULT CURRENT_TIMESTAMP);
CREATE TABLE project (project_id SERIAL PRIMARY KEY, owner_id int NOT NULL REFERENCES harbor_user(user_id), name varchar(255) NOT NULL UNIQUE,
  creation_time timestamp DEFAULT CURRENT_TIMESTAMP, update_time timestamp DEFAULT CURRENT_TIMESTAMP, deleted boolean DEFAULT false NOT NULL, registry_id int);
CREATE TABLE project_metadata (id SERIAL PRIMARY KEY, project_id int NOT NULL REFERENCES project(project_id), name varchar(255) NOT NULL, value varchar(255),
  creation_time timestamp DEFAULT CURRENT_TIMESTAMP, update_time timestamp DEFAULT CURRENT_TIMESTAMP, CONSTRAINT unique_project_id_and_name UNIQUE (project_id, name));
CREATE TABLE repository (repository_id SERIAL PRIMARY KEY, name varchar(255) NOT NULL UNIQUE, project_id int NOT NULL, description text,
  pull_count int DEFAULT 0 NOT NULL, star_count int DEFAULT 0 NOT NULL, creation_time timestamp DEFAULT CURRENT_TIMESTAMP, update_time timestamp DEFAULT CURRENT_TIMESTAMP);
CREATE TABLE artifact (id SERIAL PRIMARY KEY, project_id int NOT NULL, repository_id int NOT NULL, repository_name varchar(255) NOT NULL, digest varchar(255) NOT NULL,
  type varchar(255) NOT NULL, media_type varchar(255) NOT NULL, manifest_media_type varchar(255) NOT NULL, size bigint, push_time timestamp DEFAULT CURRENT_TIMESTAMP,
  pull_time timestamp, extra_attrs text, annotations jsonb, CONSTRAINT unique_artifact UNIQUE (repository_id, digest));
ALTER TABLE artifact ADD CONSTRAINT artifact_size_nonneg CHECK (size >= 0) NOT VALID;
CREATE TABLE tag (id SERIAL PRIMARY KEY, repository_id int NOT NULL, artifact_id int NOT NULL REFERENCES artifact(id), name varchar(255) NOT NULL,
  push_time timestamp DEFAULT CURRENT_TIMESTAMP NOT NULL, pull_time timestamp, CONSTRAINT unique_tag UNIQUE (repository_id, name));
CREATE TABLE blob (id SERIAL PRIMARY KEY, digest varchar(255) NOT NULL, content_type varchar(1024) NOT NULL, size bigint NOT NULL, creation_time timestamp default CURRENT_TIMESTAMP);
CREATE UNIQUE INDEX ux_blob_digest ON blob (digest);
CREATE TABLE artifact_blob (id SERIAL PRIMARY KEY, digest_af varchar(255) NOT NULL, digest_blob varchar(255) NOT NULL, creation_time timestamp default CURRENT_TIMESTAMP,
  CONSTRAINT unique_artifact_blob UNIQUE (digest_af, digest_blob));
CREATE TABLE artifact_accessory (id SERIAL PRIMARY KEY NOT NULL, artifact_id bigint, subject_artifact_id bigint, type varchar(256), size bigint, digest varchar(1024),
  creation_time timestamp default CURRENT_TIMESTAMP, FOREIGN KEY (artifact_id) REFERENCES artifact(id), FOREIGN KEY (subject_artifact_id) REFERENCES artifact(id),
  CONSTRAINT unique_artifact_accessory UNIQUE (artifact_id, subject_artifact_id));
CREATE TABLE execution (id SERIAL PRIMARY KEY, vendor_type varchar(16) NOT NULL, vendor_id int, status varchar(16), status_message text, trigger varchar(16) NOT NULL,
  extra_attrs JSON, start_time timestamp DEFAULT CURRENT_TIMESTAMP, end_time timestamp, revision int);
CREATE TABLE task (id SERIAL PRIMARY KEY, execution_id int NOT NULL REFERENCES execution(id), job_id varchar(64), status varchar(16) NOT NULL, status_code int NOT NULL,
  status_revision int, status_message text, run_count int, extra_attrs JSON, creation_time timestamp DEFAULT CURRENT_TIMESTAMP, start_time timestamp,
  update_time timestamp, end_time timestamp);
CREATE INDEX idx_task_execution_id ON task (execution_id);
CREATE TABLE schedule (id SERIAL PRIMARY KEY, vendor_type varchar(16), vendor_id int, cron varchar(64), callback_func_name varchar(128), callback_func_param text,
  creation_time timestamp default CURRENT_TIMESTAMP, update_time timestamp default CURRENT_TIMESTAMP);
CREATE TABLE replication_schedule_job (id SERIAL PRIMARY KEY, policy_id int NOT NULL, job_id varchar(64), status varchar(64) NOT NULL,
  creation_time timestamp default CURRENT_TIMESTAMP, update_time timestamp default CURRENT_TIMESTAMP);
CREATE TABLE scanner_registration (id SERIAL PRIMARY KEY, uuid varchar(64) UNIQUE NOT NULL, url varchar(256) UNIQUE NOT NULL, name varchar(128) UNIQUE NOT NULL,
  description varchar(1024), auth varchar(16) NOT NULL, access_cred varchar(512), disabled boolean NOT NULL DEFAULT false, is_default boolean NOT NULL DEFAULT false,
  immutable boolean NOT NULL DEFAULT false, skip_cert_verify boolean NOT NULL DEFAULT false, create_time timestamp default CURRENT_TIMESTAMP, update_time timestamp default CURRENT_TIMESTAMP);
CREATE TABLE scan_report (id SERIAL PRIMARY KEY, uuid varchar(64) UNIQUE NOT NULL, digest varchar(256) NOT NULL, registration_uuid varchar(64) NOT NULL,
  mime_type varchar(256) NOT NULL, job_id varchar(64), track_id varchar(64), requester varchar(64), status varchar(1024) NOT NULL, status_code integer DEFAULT 0,
  status_rev integer DEFAULT 0, report JSON, start_time timestamp default CURRENT_TIMESTAMP, end_time timestamp, UNIQUE (digest, registration_uuid, mime_type));
CREATE TABLE vulnerability_record (id serial PRIMARY KEY, cve_id text NOT NULL, registration_uuid text NOT NULL, package text NOT NULL, package_version text NOT NULL,
  package_type text NOT NULL, severity text NOT NULL, fixed_version text, urls text, cvss_score_v3 double precision, cvss_score_v2 double precision,
  cvss_vector_v3 text, cvss_vector_v2 text, description text, cwe_ids text, vendor_attributes json, UNIQUE (cve_id, registration_uuid, package, package_version));
CREATE TABLE report_vulnerability_record (id serial PRIMARY KEY, report_uuid text NOT NULL DEFAULT '', vuln_record_id int NOT NULL DEFAULT 0, UNIQUE (report_uuid, vuln_record_id));
CREATE TABLE registry (id SERIAL PRIMARY KEY, name varchar(64), url varchar(256), credential_type varchar(16), access_key varchar(255), access_secret varchar(4096),
  type varchar(32), insecure boolean, description varchar(1024), health varchar(16), creation_time timestamp default CURRENT_TIMESTAMP,
  update_time timestamp default CURRENT_TIMESTAMP, CONSTRAINT unique_registry_name UNIQUE (name));
CREATE TABLE replication_policy (id SERIAL PRIMARY KEY, name varchar(256), dest_registry_id int, enabled boolean NOT NULL DEFAULT true, description text,
  deleted boolean DEFAULT false NOT NULL, trigger varchar(256), filters varchar(1024), replicate_deletion boolean DEFAULT false NOT NULL, src_registry_id int,
  dest_namespace varchar(256), override boolean, creation_time timestamp default CURRENT_TIMESTAMP, update_time timestamp default CURRENT_TIMESTAMP,
  CONSTRAINT unique_policy_name UNIQUE (name));
CREATE TABLE robot (id SERIAL PRIMARY KEY, name varchar(255), description varchar(1024), project_id int, expiresat bigint, disabled boolean DEFAULT false NOT NULL,
  creation_time timestamp default CURRENT_TIMESTAMP, update_time timestamp default CURRENT_TIMESTAMP, CONSTRAINT unique_robot UNIQUE (name, project_id));
CREATE TABLE role (role_id SERIAL PRIMARY KEY, role_mask int DEFAULT 0 NOT NULL, role_code varchar(20), name varchar(20));
CREATE TABLE quota (id SERIAL PRIMARY KEY, reference VARCHAR(255) NOT NULL, reference_id VARCHAR(255) NOT NULL, hard JSONB NOT NULL,
  creation_time timestamp default CURRENT_TIMESTAMP, update_time timestamp default CURRENT_TIMESTAMP, UNIQUE (reference, reference_id));
CREATE TABLE audit_log (id SERIAL PRIMARY KEY, project_id int NOT NULL, resource_type varchar(255) NOT NULL, resource varchar(1024) NOT NULL,
  username varchar(255) NOT NULL, operation varchar(20) NOT NULL, op_time timestamp default CURRENT_TIMESTAMP);
CREATE TABLE retention_policy (id serial PRIMARY KEY, scope_level varchar(20), scope_reference integer, trigger_kind varchar(20), data text, create_time time, update_time time);
CREATE TABLE p2p_preheat_policy (id SERIAL PRIMARY KEY NOT NULL, name varchar(255) NOT NULL, description varchar(1024), project_id int NOT NULL, provider_id int NOT NULL,
  filters varchar(1024), trigger varchar(255), enabled boolean, creation_time timestamp, update_time timestamp, scope varchar(255), UNIQUE (name, project_id));
CREATE TABLE cve_whitelist (id SERIAL PRIMARY KEY NOT NULL, project_id int, creation_time timestamp default CURRENT_TIMESTAMP, update_time timestamp default CURRENT_TIMESTAMP,
  expires_at bigint, items text NOT NULL, UNIQUE (project_id));
CREATE TYPE notification_status AS ENUM ('pending', 'success', 'failed');
CREATE TABLE notification_job (id SERIAL PRIMARY KEY, policy_id int NOT NULL, event_type varchar(256), notify_type varchar(256), status notification_status,
  job_detail text, job_uuid varchar(64), creation_time timestamp default CURRENT_TIMESTAMP, update_time timestamp default CURRENT_TIMESTAMP);
CREATE TABLE audit_log_ext (id bigint GENERATED BY DEFAULT AS IDENTITY, project_id int NOT NULL, operation varchar(50), resource varchar(1024), username varchar(255),
  op_time timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP) PARTITION BY RANGE (op_time);
CREATE TABLE audit_log_ext_2024 PARTITION OF audit_log_ext FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE audit_log_ext_2025 PARTITION OF audit_log_ext FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE audit_log_ext_2026 PARTITION OF audit_log_ext FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');

CREATE VIEW artifact_tag_view AS SELECT a.id, a.digest, a.repository_name, t.name AS tag FROM artifact a JOIN tag t ON t.artifact_id = a.id;
CREATE MATERIALIZED VIEW project_usage AS SELECT project_id, count(*) AS artifacts, coalesce(sum(size), 0) AS bytes FROM artifact GROUP BY project_id;
CREATE FUNCTION artifact_count(pid int) RETURNS bigint LANGUAGE sql STABLE AS $$ SELECT count(*) FROM artifact WHERE project_id = pid $$;
GRANT EXECUTE ON FUNCTION artifact_count(int) TO {{role}};
