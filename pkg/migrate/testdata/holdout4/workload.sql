-- What the serving version (Harbor core before each migration) does, one statement group per
-- "-- step", each run as {{role}} in a transaction rolled back after it. It reads every column
-- of the tables it uses by name and writes them as Harbor's data layer does: ids from the
-- serial sequences, upserts on its unique keys (ON CONFLICT on the columns, and on a
-- constraint's name where Harbor names it), string parameters bound as varchar and times as
-- time where the parameter types are declared (the "typed" steps), and JSON written as text
-- literals. Each step works before the migration; the migration breaks the serving version
-- when one fails after it.
-- step sign up and edit a user, typed
DEALLOCATE ALL;
PREPARE add_user(varchar, varchar, varchar, varchar, varchar) AS INSERT INTO harbor_user (username, email, password, realname, comment) VALUES ($1, $2, $3, $4, $5);
EXECUTE add_user('jane.doe.from-the-ldap-directory@corp.example.com', 'jane@corp.example.com', repeat('c', 40), 'Jane Doe', 'from LDAP');
UPDATE harbor_user SET realname = 'User One', comment = 'edited', update_time = now() WHERE username = 'user1';
DO $$ BEGIN IF NOT EXISTS (SELECT user_id, username, email, password, realname, comment, deleted, sysadmin_flag, creation_time, update_time FROM harbor_user WHERE username = 'admin') THEN RAISE EXCEPTION 'admin not found'; END IF; END $$;
-- step a project and its metadata
WITH p AS (INSERT INTO project (owner_id, name) VALUES (2, 'newproject') RETURNING project_id)
INSERT INTO project_metadata (project_id, name, value) SELECT project_id, 'public', 'true' FROM p;
INSERT INTO project_metadata (project_id, name, value) VALUES (1, 'public', 'true') ON CONFLICT ON CONSTRAINT unique_project_id_and_name DO UPDATE SET value = excluded.value, update_time = now();
INSERT INTO project_metadata (project_id, name, value) VALUES (2, 'auto_scan', 'true') ON CONFLICT (project_id, name) DO UPDATE SET value = excluded.value;
DO $$ BEGIN IF NOT EXISTS (SELECT p.project_id, p.owner_id, p.name, p.creation_time, p.update_time, p.deleted, p.registry_id, m.id, m.name, m.value, m.creation_time, m.update_time
  FROM project p JOIN project_metadata m ON m.project_id = p.project_id WHERE p.project_id = 1) OR artifact_count(1) < 1 THEN RAISE EXCEPTION 'project 1 not found'; END IF; END $$;
-- step push an artifact, typed
DEALLOCATE ALL;
INSERT INTO repository (name, project_id) VALUES ('project1/newrepo', 1) ON CONFLICT (name) DO NOTHING;
INSERT INTO blob (digest, content_type, size) VALUES ('sha256:newlayer', 'application/vnd.oci.image.layer.v1.tar+gzip', 2048), ('sha256:newaf', 'application/vnd.oci.image.manifest.v1+json', 400) ON CONFLICT (digest) DO NOTHING;
PREPARE push(varchar, varchar, varchar, varchar, varchar, bigint) AS INSERT INTO artifact (project_id, repository_id, repository_name, digest, type, media_type, manifest_media_type, size, extra_attrs, annotations)
  SELECT project_id, repository_id, name, $1, $2, $3, $4, $6, $5, '{}' FROM repository WHERE name = 'project1/newrepo' RETURNING id;
EXECUTE push('sha256:newaf', 'IMAGE', 'application/vnd.oci.image.config.v1+json', 'application/vnd.oci.image.manifest.v1+json', '{"os":"linux"}', 2448);
INSERT INTO artifact_blob (digest_af, digest_blob) VALUES ('sha256:newaf', 'sha256:newlayer'), ('sha256:af1', 'sha256:layer1') ON CONFLICT (digest_af, digest_blob) DO NOTHING;
INSERT INTO tag (repository_id, artifact_id, name) SELECT repository_id, id, 'v1' FROM artifact WHERE digest = 'sha256:newaf';
UPDATE artifact SET pull_time = now() WHERE id = 1;
UPDATE repository SET pull_count = pull_count + 1 WHERE repository_id = 1;
DO $$ BEGIN IF NOT EXISTS (SELECT a.id, a.project_id, a.repository_id, a.repository_name, a.digest, a.type, a.media_type, a.manifest_media_type, a.size, a.push_time, a.pull_time, a.extra_attrs, a.annotations
  FROM artifact a WHERE a.id = 1) OR NOT EXISTS (SELECT id, digest, repository_name, tag FROM artifact_tag_view WHERE id = 1)
  OR NOT EXISTS (SELECT id, digest_af, digest_blob, creation_time FROM artifact_blob WHERE digest_af = 'sha256:af1')
  OR NOT EXISTS (SELECT id, digest, content_type, size, creation_time FROM blob WHERE digest = 'sha256:layer1')
  OR NOT EXISTS (SELECT repository_id, name, project_id, description, pull_count, star_count, creation_time, update_time FROM repository WHERE repository_id = 1) THEN RAISE EXCEPTION 'artifact 1 not found'; END IF; END $$;
-- step sign an artifact
INSERT INTO artifact_accessory (artifact_id, subject_artifact_id, type, size, digest) VALUES (50, 20, 'signature.cosign', 300, 'sha256:af50');
DO $$ BEGIN IF NOT EXISTS (SELECT id, artifact_id, subject_artifact_id, type, size, digest, creation_time FROM artifact_accessory WHERE subject_artifact_id = 1) THEN RAISE EXCEPTION 'accessory not found'; END IF; END $$;
-- step delete a repository and its artifacts
DELETE FROM tag WHERE repository_id = 60;
DELETE FROM artifact WHERE repository_id = 60;
DELETE FROM repository WHERE repository_id = 60;
-- step scan an artifact, typed
DEALLOCATE ALL;
PREPARE report(varchar, varchar, varchar, varchar, varchar, varchar, varchar, varchar) AS INSERT INTO scan_report (uuid, digest, registration_uuid, mime_type, job_id, track_id, requester, status, status_code, status_rev, report, start_time)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, 1, '{}', now());
EXECUTE report('rep-new', 'sha256:newaf', 'trivy-uuid', 'application/vnd.security.vulnerability.report; version=1.1', 'job-1', 'track-1', 'admin', 'Pending');
UPDATE scan_report SET status = 'Success', status_code = 3, end_time = now() WHERE uuid = 'rep-new';
WITH v AS (INSERT INTO vulnerability_record (cve_id, registration_uuid, package, package_version, package_type, severity, fixed_version, cvss_score_v3, vendor_attributes)
  VALUES ('CVE-2026-1', 'trivy-uuid', 'zlib', '1.2', 'debian', 'Critical', '1.3', 9.8, '{}') RETURNING id)
INSERT INTO report_vulnerability_record (report_uuid, vuln_record_id) SELECT 'rep-new', id FROM v;
DO $$ BEGIN IF NOT EXISTS (SELECT id, uuid, url, name, description, auth, access_cred, disabled, is_default, immutable, skip_cert_verify, create_time, update_time FROM scanner_registration WHERE is_default)
  OR NOT EXISTS (SELECT id, uuid, digest, registration_uuid, mime_type, job_id, track_id, requester, status, status_code, status_rev, report, start_time, end_time FROM scan_report WHERE uuid = 'rep1')
  OR NOT EXISTS (SELECT v.id, v.cve_id, v.severity, v.fixed_version, v.cvss_score_v3, v.vendor_attributes FROM report_vulnerability_record r JOIN vulnerability_record v ON v.id = r.vuln_record_id WHERE r.report_uuid = 'rep1')
  THEN RAISE EXCEPTION 'scan report not found'; END IF; END $$;
-- step an execution and its tasks
WITH e AS (INSERT INTO execution (vendor_type, vendor_id, status, trigger, extra_attrs, revision) VALUES ('IMAGE_SCAN', 1, 'Running', 'MANUAL', '{"artifact":{"id":1}}', 1) RETURNING id)
INSERT INTO task (execution_id, job_id, status, status_code, status_revision, run_count, extra_attrs, start_time, update_time) SELECT id, 'job-new', 'Pending', 0, 1, 1, '{"report_uuids":["rep-new"]}', now(), now() FROM e;
UPDATE task SET status = 'Error', status_code = 3, status_message = 'scan failed: ' || repeat('at harbor/src/pkg/scan.(*Controller).Scan(0xc000123456) ', 40), end_time = now() WHERE job_id = 'job-new';
UPDATE execution SET status = 'Error', end_time = now(), revision = revision + 1 WHERE id = (SELECT execution_id FROM task WHERE job_id = 'job-new');
DO $$ BEGIN IF NOT EXISTS (SELECT id, execution_id, job_id, status, status_code, status_revision, status_message, run_count, extra_attrs, creation_time, start_time, update_time, end_time FROM task WHERE execution_id = 1)
  OR NOT EXISTS (SELECT id, vendor_type, vendor_id, status, status_message, trigger, extra_attrs, start_time, end_time, revision FROM execution WHERE vendor_type = 'IMAGE_SCAN') THEN RAISE EXCEPTION 'execution not found'; END IF; END $$;
-- step the replication schedule: its callback parameter is the policy id
INSERT INTO schedule (vendor_type, vendor_id, cron, callback_func_name, callback_func_param) VALUES ('REPLICATION', 2, '0 0 1 * * *', 'REPLICATION_CALLBACK', '2');
INSERT INTO replication_schedule_job (policy_id, job_id, status) VALUES (1, 'rjob-new', 'pending');
DO $$ BEGIN IF NOT EXISTS (SELECT p.id, p.name, s.id, s.vendor_type, s.vendor_id, s.cron, s.callback_func_name, s.callback_func_param, s.creation_time, s.update_time
  FROM schedule s JOIN replication_policy p ON p.id = s.callback_func_param::int WHERE s.vendor_type = 'REPLICATION')
  OR NOT EXISTS (SELECT id, policy_id, job_id, status, creation_time, update_time FROM replication_schedule_job WHERE policy_id = 1) THEN RAISE EXCEPTION 'replication schedule not found'; END IF; END $$;
-- step a registry and a replication policy, typed
DEALLOCATE ALL;
PREPARE add_registry(varchar, varchar, varchar, varchar, varchar, varchar) AS INSERT INTO registry (name, url, credential_type, access_key, access_secret, type, insecure, description)
  VALUES ($1, $2, $3, $4, $5, $6, false, '') RETURNING id;
EXECUTE add_registry('dockerhub-ci', 'https://hub.docker.com', 'basic', 'ci-bot', 'secret', 'docker-hub');
INSERT INTO replication_policy (name, dest_registry_id, enabled, description, trigger, filters, replicate_deletion, src_registry_id, dest_namespace, override)
  VALUES ('push-ghcr', 2, true, '', '{"type":"manual"}', '[{"type":"name","value":"library/**"}]', false, NULL, 'mirror', true);
DO $$ BEGIN IF NOT EXISTS (SELECT id, name, url, credential_type, access_key, access_secret, type, insecure, description, health, creation_time, update_time FROM registry WHERE name = 'dockerhub')
  OR NOT EXISTS (SELECT id, name, dest_registry_id, enabled, description, deleted, trigger, filters, replicate_deletion, src_registry_id, dest_namespace, override, creation_time, update_time FROM replication_policy)
  THEN RAISE EXCEPTION 'registry not found'; END IF; END $$;
-- step robot accounts, a project one and a system one
INSERT INTO robot (name, description, project_id, expiresat) VALUES ('robot$project1+deploy', 'deploy', 1, -1), ('robot$system-exporter', 'system level', 0, -1);
UPDATE robot SET disabled = true, update_time = now() WHERE name = 'robot$project2+ci';
DO $$ BEGIN IF NOT EXISTS (SELECT id, name, description, project_id, expiresat, disabled, creation_time, update_time FROM robot WHERE project_id = 1) THEN RAISE EXCEPTION 'robot not found'; END IF; END $$;
-- step quota of a project, typed
DEALLOCATE ALL;
PREPARE quota_of(varchar, varchar) AS SELECT id, reference, reference_id, hard, creation_time, update_time FROM quota WHERE reference = $1 AND reference_id = $2;
EXECUTE quota_of('project', '1');
UPDATE quota SET hard = '{"storage": 1073741824}', update_time = now() WHERE reference = 'project' AND reference_id = '2';
-- step audit logs: record, list, purge those over a year old
INSERT INTO audit_log (project_id, resource_type, resource, username, operation) VALUES (1, 'artifact', 'project1/newrepo:v1', 'admin', 'create');
INSERT INTO audit_log_ext (project_id, operation, resource, username) VALUES (1, 'create', 'project1/newrepo', 'admin');
DO $$ BEGIN IF NOT EXISTS (SELECT id, project_id, resource_type, resource, username, operation, op_time FROM audit_log WHERE project_id = 1 ORDER BY op_time DESC LIMIT 10)
  OR NOT EXISTS (SELECT id, project_id, operation, resource, username, op_time FROM audit_log_ext WHERE project_id = 1) THEN RAISE EXCEPTION 'audit log not found'; END IF; END $$;
DELETE FROM audit_log WHERE op_time < now() - interval '60 days';
DO $$ BEGIN IF EXISTS (SELECT 1 FROM audit_log WHERE op_time < now() - interval '60 days') THEN RAISE EXCEPTION 'old audit logs not purged'; END IF; END $$;
-- step a retention policy, typed
DEALLOCATE ALL;
PREPARE retention(varchar, int, varchar, text, time, time) AS INSERT INTO retention_policy (scope_level, scope_reference, trigger_kind, data, create_time, update_time) VALUES ($1, $2, $3, $4, $5, $6);
EXECUTE retention('project', 2, 'Schedule', '{"rules":[]}', '12:30:00', '12:30:00');
DO $$ BEGIN IF NOT EXISTS (SELECT id, scope_level, scope_reference, trigger_kind, data, create_time, update_time FROM retention_policy WHERE scope_reference = 1) THEN RAISE EXCEPTION 'retention policy not found'; END IF; END $$;
-- step a preheat policy
INSERT INTO p2p_preheat_policy (name, description, project_id, provider_id, filters, trigger, enabled, creation_time, update_time, scope)
  VALUES ('preheat2', '', 2, 1, '[{"type":"repository","value":"**"}]', '{"type":"event_based","trigger_setting":{}}', true, now(), now(), 'all_peers');
DO $$ BEGIN IF NOT EXISTS (SELECT id, name, description, project_id, provider_id, filters, trigger, enabled, creation_time, update_time, scope FROM p2p_preheat_policy WHERE project_id = 1) THEN RAISE EXCEPTION 'preheat policy not found'; END IF; END $$;
-- step a CVE allowlist
INSERT INTO cve_whitelist (project_id, expires_at, items) VALUES (2, NULL, '[{"cve_id":"CVE-2024-1"}]') ON CONFLICT (project_id) DO UPDATE SET items = excluded.items, update_time = now();
DO $$ BEGIN IF NOT EXISTS (SELECT id, project_id, creation_time, update_time, expires_at, items FROM cve_whitelist WHERE project_id = 1) THEN RAISE EXCEPTION 'allowlist not found'; END IF; END $$;
-- step a webhook notification that fails
INSERT INTO notification_job (policy_id, event_type, notify_type, status, job_detail, job_uuid) VALUES (1, 'PUSH_ARTIFACT', 'http', 'pending', '{}', 'n-new');
UPDATE notification_job SET status = 'failed', update_time = now() WHERE job_uuid = 'n-new';
DO $$ BEGIN IF NOT EXISTS (SELECT id, policy_id, event_type, notify_type, status, job_detail, job_uuid, creation_time, update_time FROM notification_job WHERE status = 'success') THEN RAISE EXCEPTION 'notification not found'; END IF; END $$;
-- step roles and usage
DO $$ BEGIN IF NOT EXISTS (SELECT role_id, role_mask, role_code, name FROM role WHERE name = 'maintainer')
  OR NOT EXISTS (SELECT project_id, artifacts, bytes FROM project_usage WHERE project_id = 1) THEN RAISE EXCEPTION 'role or usage not found'; END IF; END $$;
