-- The rows the serving version finds (ids are uuids made from a prefix per table and a number:
-- users 10000000-…-<n>, organizations 20000000-…, templates 30000000-…). Some templates have no
-- created_by and a max_ttl above 7 days, user 30 is soft-deleted and still has an API key, every
-- user has the implied 'member' role: the rows Coder's backfills and clean-ups change.
INSERT INTO organizations (id, name, description, created_at, updated_at, is_default)
  SELECT ('20000000-0000-0000-0000-' || lpad(g::text, 12, '0'))::uuid, 'org' || g, 'Organization ' || g, now() - interval '1 year', now(), g = 1 FROM generate_series(1, 3) g;
INSERT INTO users (id, email, username, hashed_password, created_at, updated_at, rbac_roles, login_type, avatar_url, deleted)
  SELECT ('10000000-0000-0000-0000-' || lpad(g::text, 12, '0'))::uuid, 'user' || g || '@coder.com', 'user' || g, '\x2432612431'::bytea,
         now() - interval '200 days', now() - interval '1 day', CASE WHEN g = 1 THEN '{owner,member}'::text[] ELSE '{member}'::text[] END,
         CASE WHEN g <= 5 THEN 'github'::login_type ELSE 'password'::login_type END, 'https://avatars.example.com/' || g, g = 30
  FROM generate_series(1, 30) g;
INSERT INTO organization_members (user_id, organization_id, created_at, updated_at, roles)
  SELECT ('10000000-0000-0000-0000-' || lpad(g::text, 12, '0'))::uuid, '20000000-0000-0000-0000-000000000001', now() - interval '200 days', now(),
         CASE WHEN g = 1 THEN ARRAY['organization-admin:20000000-0000-0000-0000-000000000001', 'organization-member:20000000-0000-0000-0000-000000000001'] ELSE ARRAY['organization-member:20000000-0000-0000-0000-000000000001'] END
  FROM generate_series(1, 30) g;
INSERT INTO organization_members (user_id, organization_id, created_at, updated_at, roles)
  SELECT ('10000000-0000-0000-0000-' || lpad(g::text, 12, '0'))::uuid, '20000000-0000-0000-0000-000000000002', now() - interval '100 days', now(), '{}'
  FROM generate_series(1, 10) g;
INSERT INTO provisioner_jobs (id, created_at, updated_at, started_at, completed_at, error, organization_id, initiator_id, provisioner, storage_method, type, input, worker_id, file_id)
  SELECT ('40000000-0000-0000-0000-' || lpad(g::text, 12, '0'))::uuid, now() - interval '30 days', now() - interval '30 days', now() - interval '30 days', now() - interval '30 days',
         CASE WHEN g = 10 THEN 'terraform init failed' ELSE '' END, ('20000000-0000-0000-0000-' || lpad((1 + g % 2)::text, 12, '0'))::uuid,
         '10000000-0000-0000-0000-000000000001', 'terraform', 'file', 'template_version_import', '{"template_version_id": "x"}', NULL, gen_random_uuid()
  FROM generate_series(1, 10) g;
INSERT INTO templates (id, created_at, updated_at, organization_id, name, provisioner, active_version_id, description, max_ttl, created_by, icon, user_acl, group_acl)
  SELECT ('30000000-0000-0000-0000-' || lpad(g::text, 12, '0'))::uuid, now() - interval '30 days', now(), ('20000000-0000-0000-0000-' || lpad((1 + g % 2)::text, 12, '0'))::uuid,
         'template-' || g, 'terraform', ('31000000-0000-0000-0000-' || lpad(g::text, 12, '0'))::uuid, 'Template ' || g,
         CASE WHEN g % 4 = 0 THEN 2592000000000000 ELSE 86400000000000 END,
         CASE WHEN g % 3 = 0 THEN NULL ELSE '10000000-0000-0000-0000-000000000001'::uuid END, '/icon/code.svg',
         jsonb_build_object('10000000-0000-0000-0000-000000000002', '["read"]'::jsonb), jsonb_build_object(('20000000-0000-0000-0000-' || lpad((1 + g % 2)::text, 12, '0')), '["read"]'::jsonb)
  FROM generate_series(1, 10) g;
INSERT INTO template_versions (id, template_id, organization_id, created_at, updated_at, name, readme, job_id)
  SELECT ('31000000-0000-0000-0000-' || lpad(g::text, 12, '0'))::uuid, ('30000000-0000-0000-0000-' || lpad(g::text, 12, '0'))::uuid,
         ('20000000-0000-0000-0000-' || lpad((1 + g % 2)::text, 12, '0'))::uuid, now() - interval '30 days', now(), 'v' || g, '# Template ' || g,
         ('40000000-0000-0000-0000-' || lpad(g::text, 12, '0'))::uuid
  FROM generate_series(1, 10) g;
INSERT INTO workspaces (id, created_at, updated_at, owner_id, organization_id, template_id, name, autostart_schedule, ttl, last_used_at)
  SELECT ('50000000-0000-0000-0000-' || lpad(g::text, 12, '0'))::uuid, now() - interval '20 days', now(), ('10000000-0000-0000-0000-' || lpad((1 + g % 10)::text, 12, '0'))::uuid,
         t.organization_id, t.id, 'ws-' || g, 'CRON_TZ=UTC 0 9 * * 1-5', 28800000000000, now() - interval '1 hour'
  FROM generate_series(1, 20) g JOIN templates t ON t.id = ('30000000-0000-0000-0000-' || lpad((1 + g % 10)::text, 12, '0'))::uuid;
INSERT INTO provisioner_jobs (id, created_at, updated_at, started_at, completed_at, error, organization_id, initiator_id, provisioner, storage_method, type, input, worker_id, file_id)
  SELECT ('41000000-0000-0000-0000-' || lpad(g::text, 12, '0'))::uuid, now() - interval '20 days', now() - interval '20 days', now() - interval '20 days', now() - interval '20 days', '',
         w.organization_id, w.owner_id, 'terraform', 'file', 'workspace_build', jsonb_build_object('workspace_build_id', g), gen_random_uuid(), gen_random_uuid()
  FROM generate_series(1, 20) g JOIN workspaces w ON w.id = ('50000000-0000-0000-0000-' || lpad(g::text, 12, '0'))::uuid;
INSERT INTO provisioner_jobs (id, created_at, updated_at, organization_id, initiator_id, provisioner, storage_method, type, input, file_id)
  VALUES ('42000000-0000-0000-0000-000000000001', now(), now(), '20000000-0000-0000-0000-000000000001', '10000000-0000-0000-0000-000000000001', 'echo', 'file', 'template_version_dry_run', '{}', gen_random_uuid());
INSERT INTO workspace_builds (id, created_at, updated_at, workspace_id, template_version_id, build_number, transition, initiator_id, provisioner_state, job_id, deadline)
  SELECT ('51000000-0000-0000-0000-' || lpad(g::text, 12, '0'))::uuid, now() - interval '20 days', now(), w.id, t.active_version_id, 1, 'start', w.owner_id, '\x00'::bytea,
         ('41000000-0000-0000-0000-' || lpad(g::text, 12, '0'))::uuid, now() + interval '8 hours'
  FROM generate_series(1, 20) g JOIN workspaces w ON w.id = ('50000000-0000-0000-0000-' || lpad(g::text, 12, '0'))::uuid JOIN templates t ON t.id = w.template_id;
INSERT INTO workspace_resources (id, created_at, job_id, transition, type, name, daily_cost)
  SELECT ('52000000-0000-0000-0000-' || lpad(g::text, 12, '0'))::uuid, now() - interval '20 days', ('41000000-0000-0000-0000-' || lpad(g::text, 12, '0'))::uuid, 'start', 'docker_container', 'dev', 1.25
  FROM generate_series(1, 20) g;
INSERT INTO workspace_agents (id, created_at, updated_at, name, first_connected_at, last_connected_at, resource_id, auth_token, architecture, environment_variables,
    operating_system, startup_script, instance_metadata, resource_metadata, directory, version)
  SELECT ('53000000-0000-0000-0000-' || lpad(g::text, 12, '0'))::uuid, now() - interval '20 days', now(), 'main', now() - interval '20 days', now() - interval '1 minute',
         ('52000000-0000-0000-0000-' || lpad(g::text, 12, '0'))::uuid, ('54000000-0000-0000-0000-' || lpad(g::text, 12, '0'))::uuid, 'amd64', '{"GIT_AUTHOR_NAME":"coder"}',
         'linux', 'code-server --auth none', '{}', '{}', '/home/coder', 'v0.9.0'
  FROM generate_series(1, 20) g;
INSERT INTO workspace_apps (id, created_at, agent_id, name, icon, command, url, relative_path)
  SELECT ('55000000-0000-0000-0000-' || lpad(g::text, 12, '0'))::uuid, now() - interval '20 days', ('53000000-0000-0000-0000-' || lpad(g::text, 12, '0'))::uuid,
         'code-server', '/icon/code.svg', NULL, 'http://localhost:13337', true
  FROM generate_series(1, 20) g;
INSERT INTO workspace_agent_startup_logs (agent_id, created_at, output)
  SELECT ('53000000-0000-0000-0000-' || lpad((1 + g % 20)::text, 12, '0'))::uuid, now() - interval '20 days', 'startup line ' || g FROM generate_series(1, 40) g;
INSERT INTO workspace_agent_scripts (workspace_agent_id, log_source_id, log_path, script, cron, start_blocks_login, run_on_start, run_on_stop, timeout_seconds)
  SELECT ('53000000-0000-0000-0000-' || lpad(g::text, 12, '0'))::uuid, gen_random_uuid(), '/tmp/coder-startup-script.log', 'code-server --auth none', '', false, true, false, 0
  FROM generate_series(1, 20) g;
INSERT INTO workspace_agent_port_share (workspace_id, agent_name, port, share_level)
  SELECT ('50000000-0000-0000-0000-' || lpad(g::text, 12, '0'))::uuid, 'main', 8080, 'authenticated' FROM generate_series(1, 5) g;
INSERT INTO provisioner_job_logs (job_id, created_at, source, level, stage, output)
  SELECT ('41000000-0000-0000-0000-' || lpad((1 + g % 20)::text, 12, '0'))::uuid, now() - interval '20 days', 'provisioner', 'info', 'Planning infrastructure', 'Terraform 1.5.7 line ' || g
  FROM generate_series(1, 60) g;
INSERT INTO api_keys (id, hashed_secret, user_id, last_used, expires_at, created_at, updated_at, login_type, oauth_access_token)
  SELECT 'key' || lpad(g::text, 7, '0'), '\x6861736865642d736563726574'::bytea, ('10000000-0000-0000-0000-' || lpad(g::text, 12, '0'))::uuid, now() - interval '1 hour',
         now() + interval '6 days', now() - interval '1 day', now() - interval '1 hour', CASE WHEN g <= 5 THEN 'github'::login_type ELSE 'password'::login_type END,
         CASE WHEN g <= 5 THEN 'gho_token' || g ELSE '' END
  FROM generate_series(1, 30) g;
INSERT INTO user_links (user_id, login_type, linked_id, oauth_access_token, oauth_refresh_token, oauth_expiry, debug_context)
  SELECT ('10000000-0000-0000-0000-' || lpad(g::text, 12, '0'))::uuid, 'github', 'gh-' || g, 'gho_token' || g, '', now() + interval '8 hours', '{"id_token_claims": {"sub": "gh"}}'
  FROM generate_series(1, 5) g;
INSERT INTO audit_logs (id, "time", user_id, organization_id, ip, user_agent, resource_type, resource_id, resource_target, action, diff, status_code)
  SELECT ('70000000-0000-0000-0000-' || lpad(g::text, 12, '0'))::uuid, now() - g * interval '1 hour', ('10000000-0000-0000-0000-' || lpad((1 + g % 10)::text, 12, '0'))::uuid,
         '20000000-0000-0000-0000-000000000001', ('10.0.0.' || g)::inet, 'Mozilla/5.0', 'workspace', ('50000000-0000-0000-0000-' || lpad((1 + g % 20)::text, 12, '0'))::uuid,
         'ws-' || (1 + g % 20), 'write', '{"ttl": {"old": 3600, "new": 7200}}', 200
  FROM generate_series(1, 50) g;
INSERT INTO groups (id, name, organization_id, avatar_url, quota_allowance)
  VALUES ('20000000-0000-0000-0000-000000000001', 'Everyone', '20000000-0000-0000-0000-000000000001', '', 0),
         ('60000000-0000-0000-0000-000000000001', 'developers', '20000000-0000-0000-0000-000000000001', '/emojis/1f4bb.png', 5),
         ('60000000-0000-0000-0000-000000000002', 'ops', '20000000-0000-0000-0000-000000000002', '', 10);
INSERT INTO group_members (user_id, group_id)
  SELECT ('10000000-0000-0000-0000-' || lpad(g::text, 12, '0'))::uuid, '60000000-0000-0000-0000-000000000001' FROM generate_series(1, 10) g;
INSERT INTO workspace_proxies (id, name, display_name, icon, url, wildcard_hostname, created_at, updated_at, deleted, token_hashed_secret)
  SELECT ('80000000-0000-0000-0000-' || lpad(g::text, 12, '0'))::uuid, 'region-' || g, 'Region ' || g, '/emojis/1f30d.png', 'https://r' || g || '.coder.example.com',
         '*.r' || g || '.coder.example.com', now() - interval '10 days', now(), false, '\x736563726574'::bytea
  FROM generate_series(1, 3) g;
INSERT INTO provisioner_daemons (id, created_at, name, provisioners, tags, last_seen_at, version, api_version, organization_id)
  SELECT ('90000000-0000-0000-0000-' || lpad(g::text, 12, '0'))::uuid, now() - interval '10 days', 'daemon-' || g, '{terraform}',
         CASE WHEN g = 3 THEN '{"scope": "user", "owner": "10000000-0000-0000-0000-000000000002"}'::jsonb ELSE '{"scope": "organization"}'::jsonb END,
         now() - interval '1 minute', 'v2.10.0', 'v1.0', '20000000-0000-0000-0000-000000000001'
  FROM generate_series(1, 3) g;
INSERT INTO notification_templates (id, name, title_template, body_template, actions, "group")
  VALUES ('a0000000-0000-0000-0000-000000000001', 'Workspace Deleted', E'Workspace "{{.Labels.name}}" deleted', E'Hi {{.UserName}}\n\nYour workspace was deleted.', '[]', 'Workspace Events'),
         ('a0000000-0000-0000-0000-000000000002', 'Workspace Autobuild Failed', E'Workspace "{{.Labels.name}}" autobuild failed', E'Hi {{.UserName}}', '[]', 'Workspace Events');
