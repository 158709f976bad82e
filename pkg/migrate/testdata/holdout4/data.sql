-- The rows the serving version finds. Some quotas belong to projects that no longer exist and
-- one execution is left Running with all its tasks successful: the kinds of rows Harbor's
-- clean-up migrations delete or repair.
INSERT INTO harbor_user (username, email, password, realname, comment, sysadmin_flag) VALUES ('admin', 'admin@example.com', repeat('a', 40), 'system admin', 'admin user', true);
INSERT INTO harbor_user (username, email, password, realname) SELECT 'user' || g, 'user' || g || '@example.com', repeat('b', 40), 'User ' || g FROM generate_series(1, 50) g;
INSERT INTO project (owner_id, name) SELECT 1 + g % 5, 'project' || g FROM generate_series(1, 20) g;
INSERT INTO project_metadata (project_id, name, value) SELECT g, 'public', CASE WHEN g % 7 = 0 THEN 'yes' WHEN g % 2 = 0 THEN 'true' ELSE 'false' END FROM generate_series(1, 20) g;
INSERT INTO repository (name, project_id) SELECT 'project' || (1 + g % 20) || '/repo' || g, 1 + g % 20 FROM generate_series(1, 60) g;
INSERT INTO artifact (project_id, repository_id, repository_name, digest, type, media_type, manifest_media_type, size, extra_attrs, annotations)
  SELECT r.project_id, r.repository_id, r.name, 'sha256:af' || r.repository_id, 'IMAGE', 'application/vnd.oci.image.config.v1+json', 'application/vnd.oci.image.manifest.v1+json',
         1000 * r.repository_id, '{"os":"linux"}', '{}' FROM repository r;
INSERT INTO tag (repository_id, artifact_id, name) SELECT repository_id, id, 'latest' FROM artifact;
INSERT INTO blob (digest, content_type, size) SELECT 'sha256:af' || g, 'application/vnd.oci.image.manifest.v1+json', 500 FROM generate_series(1, 60) g;
INSERT INTO blob (digest, content_type, size) SELECT 'sha256:layer' || g, 'application/vnd.oci.image.layer.v1.tar+gzip', 100000 FROM generate_series(1, 60) g;
INSERT INTO artifact_blob (digest_af, digest_blob) SELECT 'sha256:af' || g, 'sha256:layer' || g FROM generate_series(1, 60) g;
INSERT INTO artifact_blob (digest_af, digest_blob) SELECT 'sha256:gone' || g, 'sha256:layer' || g FROM generate_series(1, 5) g;
INSERT INTO artifact_accessory (artifact_id, subject_artifact_id, type, size, digest) SELECT g + 30, g, 'signature.cosign', 300, 'sha256:af' || (g + 30) FROM generate_series(1, 10) g;
INSERT INTO execution (vendor_type, vendor_id, status, trigger, extra_attrs, end_time, revision)
  SELECT CASE WHEN g % 2 = 0 THEN 'IMAGE_SCAN' ELSE 'REPLICATION' END, 1, 'Success', 'MANUAL', ('{"artifact":{"id":' || g || '}}')::json, now(), 1 FROM generate_series(1, 40) g;
INSERT INTO execution (vendor_type, vendor_id, status, trigger, revision) VALUES ('GC', -1, 'Running', 'SCHEDULE', 1);
INSERT INTO task (execution_id, job_id, status, status_code, status_revision, run_count, extra_attrs, start_time, end_time)
  SELECT 1 + g % 41, 'job' || g, 'Success', 3, 1, 1, '{"report_uuids":["r1"]}', now(), now() FROM generate_series(1, 120) g;
INSERT INTO schedule (vendor_type, vendor_id, cron, callback_func_name, callback_func_param) VALUES ('REPLICATION', 1, '0 0 * * * *', 'REPLICATION_CALLBACK', '1'),
  ('GC', -1, '0 0 0 * * 0', 'GC', '{"delete_untagged":true}');
INSERT INTO replication_schedule_job (policy_id, job_id, status) VALUES (1, 'rjob1', 'finished');
INSERT INTO scanner_registration (uuid, url, name, auth, is_default, immutable) VALUES ('trivy-uuid', 'http://trivy-adapter:8080', 'Trivy', '', true, true);
INSERT INTO scan_report (uuid, digest, registration_uuid, mime_type, status, report) SELECT 'rep' || g, 'sha256:af' || g, 'trivy-uuid', 'application/vnd.security.vulnerability.report; version=1.1', 'Success', '{}' FROM generate_series(1, 30) g;
INSERT INTO vulnerability_record (cve_id, registration_uuid, package, package_version, package_type, severity, fixed_version, vendor_attributes)
  SELECT 'CVE-2024-' || g, 'trivy-uuid', 'openssl', '1.1.' || g, 'debian', CASE WHEN g % 3 = 0 THEN 'High' ELSE 'Low' END, NULL, '{"CVSS":{"nvd":{"V3Score":7.5}}}' FROM generate_series(1, 40) g;
INSERT INTO report_vulnerability_record (report_uuid, vuln_record_id) SELECT 'rep' || (1 + g % 30), g FROM generate_series(1, 40) g;
INSERT INTO registry (name, url, credential_type, type, insecure, description, health) VALUES ('dockerhub', 'https://hub.docker.com', 'basic', 'docker-hub', false, '', 'healthy'),
  ('ghcr', 'https://ghcr.io', 'basic', 'github-ghcr', false, '', 'healthy');
INSERT INTO replication_policy (name, dest_registry_id, description, trigger, filters, src_registry_id) VALUES ('mirror-hub', NULL, 'pull from hub', '{"type":"scheduled"}', '[]', 1);
INSERT INTO robot (name, description, project_id, expiresat) SELECT 'robot$project' || g || '+ci', 'ci', g, -1 FROM generate_series(1, 5) g;
INSERT INTO robot (name, description, project_id, expiresat) VALUES ('robot$system-scanner', 'system level', 0, -1);
INSERT INTO role (role_mask, role_code, name) VALUES (0, 'MDRWS', 'projectAdmin'), (0, 'RWS', 'developer'), (0, 'RS', 'guest'), (0, 'DRWS', 'maintainer');
INSERT INTO quota (reference, reference_id, hard) SELECT 'project', g::text, '{"storage": -1}' FROM generate_series(1, 25) g;
INSERT INTO audit_log (project_id, resource_type, resource, username, operation, op_time) SELECT 1 + g % 20, 'artifact', 'project1/repo1:latest', 'admin', 'pull', now() - (g || ' days')::interval FROM generate_series(1, 100) g;
INSERT INTO retention_policy (scope_level, scope_reference, trigger_kind, data, create_time, update_time) VALUES ('project', 1, 'Schedule', '{}', '10:00:00', '10:00:00');
INSERT INTO p2p_preheat_policy (name, project_id, provider_id, filters, trigger, enabled, creation_time, update_time, scope) VALUES ('preheat1', 1, 1, '[]', '{"type":"manual"}', true, now(), now(), 'single_peer');
INSERT INTO cve_whitelist (project_id, items) VALUES (1, '[]');
INSERT INTO notification_job (policy_id, event_type, notify_type, status, job_detail, job_uuid) VALUES (1, 'PUSH_ARTIFACT', 'http', 'success', '{}', 'n1');
INSERT INTO audit_log_ext (project_id, operation, resource, username, op_time) SELECT 1 + g % 20, 'create', 'project1/repo1', 'admin', '2025-12-31'::timestamp - (g || ' days')::interval FROM generate_series(1, 30) g;
INSERT INTO audit_log_ext (project_id, operation, resource, username, op_time) SELECT 1 + g % 20, 'delete', 'project1/repo1', 'admin', '2026-01-01'::timestamp + (g || ' days')::interval FROM generate_series(1, 30) g;
REFRESH MATERIALIZED VIEW project_usage;
CREATE UNIQUE INDEX project_usage_project ON project_usage (project_id);
