-- The rows the serving versions find: a Concourse installation with 5 teams, 10 pipelines, 20
-- jobs, 105 builds (one-off builds without a job, reruns, five started builds with their
-- build_event_id_seq_<id> sequences as Concourse before 1630515499 kept them, aborted builds),
-- 6 workers (running, landing, stalled and landed ones), 20 resources (some pinned, some with
-- a check error or a check build) and 60 resource versions (the newest of each scope not yet
-- ordered, check_order 0, as Concourse writes them before ordering), three deleted pipelines
-- left for the collector, pipes; and a River database with migrations 1 and 2 recorded, 50
-- jobs in every state (some with NULL tags or args, as River's early versions left them, some
-- with a unique key), an elected leader, two queues and a client.
INSERT INTO teams (name, basic_auth, admin, auth, nonce)
  SELECT CASE WHEN g = 1 THEN 'main' ELSE 'team' || g END, CASE WHEN g = 2 THEN '{"basic_auth_username": "ci"}'::json END, g = 1,
         CASE WHEN g = 3 THEN '{"users": ["cf:org1:space1"], "groups": []}' ELSE '{"users": ["local:admin' || g || '"], "groups": []}' END, NULL
  FROM generate_series(1, 5) g;
INSERT INTO pipelines (name, team_id, paused, ordering, last_scheduled, public, groups, version)
  SELECT 'pipeline' || g, 1 + (g - 1) / 2, g = 3, g, '2024-01-01 00:00:00'::timestamp + (g || ' minutes')::interval, g % 2 = 0,
         CASE WHEN g % 3 = 0 THEN '[{"name": "all", "jobs": ["job1"]}]'::json END, g FROM generate_series(1, 10) g;
INSERT INTO deleted_pipelines (id, deleted_at) VALUES (101, '2024-01-02 00:00:00'), (102, '2024-01-02 00:00:00'), (103, '2024-01-03 00:00:00');
INSERT INTO pipes (id, url, team_id) SELECT 'pipe-' || g, 'http://atc.example:8080/api/v1/pipes/pipe-' || g, 1 + g % 5 FROM generate_series(1, 5) g;
INSERT INTO jobs (name, pipeline_id, build_number_seq, paused, config, active, interruptible, nonce)
  SELECT 'job' || (1 + (g - 1) % 2), 1 + (g - 1) / 2, 5, g = 4, '{"name": "job' || (1 + (g - 1) % 2) || '", "plan": []}', true, g = 7, NULL FROM generate_series(1, 20) g;
INSERT INTO builds (name, status, scheduled, start_time, end_time, engine, engine_metadata, completed, job_id, team_id, manually_triggered, interceptible, nonce, public_plan, pipeline_id, rerun_of, rerun_number)
  SELECT ((g - 1) / 20 + 1)::text, (CASE WHEN g > 90 AND g <= 95 THEN 'started' WHEN g > 95 THEN 'pending' WHEN g % 7 = 0 THEN 'failed' WHEN g % 11 = 0 THEN 'aborted'
         WHEN g % 13 = 0 THEN 'errored' ELSE 'succeeded' END)::build_status, g <= 95,
         CASE WHEN g <= 95 THEN '2024-02-01 00:00:00+00'::timestamptz + (g || ' minutes')::interval END,
         CASE WHEN g <= 90 THEN '2024-02-01 00:05:00+00'::timestamptz + (g || ' minutes')::interval END, CASE WHEN g <= 95 THEN 'exec.v2' END,
         CASE WHEN g <= 95 THEN '{"plan": {"id": "' || g || '"}}' END, g <= 90, 1 + (g - 1) % 20, 1 + ((g - 1) % 20) / 4, g % 5 = 0, g % 2 = 0, NULL,
         ('{"id": "' || g || '"}')::json, 1 + ((g - 1) % 20) / 2, NULL, 0
  FROM generate_series(1, 100) g;
INSERT INTO builds (name, status, scheduled, start_time, end_time, engine, engine_metadata, completed, job_id, team_id, manually_triggered, interceptible, public_plan, pipeline_id, rerun_of, rerun_number)
  SELECT '5.' || g, 'succeeded', true, '2024-02-02 00:00:00+00', '2024-02-02 00:01:00+00', 'exec.v2', '{}', true, g, 1 + (g - 1) / 4, true, false, '{}', 1 + (g - 1) / 2, 80 + g, g
  FROM generate_series(1, 5) g;
INSERT INTO builds (name, status, scheduled, completed, team_id, public_plan) SELECT 'one-off-' || g, 'succeeded', true, true, g, '{}' FROM generate_series(1, 5) g;
DO $$ BEGIN FOR b IN 91 .. 95 LOOP EXECUTE format('CREATE SEQUENCE build_event_id_seq_%s MINVALUE 0 START WITH 0', b); END LOOP; END $$;
INSERT INTO workers (addr, expires, active_containers, resource_types, platform, tags, baggageclaim_url, name, http_proxy_url, https_proxy_url, no_proxy, start_time, team_id, state, version)
  SELECT CASE WHEN g <= 4 THEN '10.0.0.' || g || ':7777' END, '2024-03-01 00:00:00+00'::timestamptz + (g || ' minutes')::interval, g * 3,
         '[{"type": "git", "image": "/concourse-work-dir/git"}]', 'linux', CASE WHEN g = 2 THEN '["gpu"]' ELSE '[]' END,
         CASE WHEN g <= 4 THEN 'http://10.0.0.' || g || ':7788' END, 'worker-' || g, NULL, NULL, NULL, 1700000000 + g, CASE WHEN g = 3 THEN 2 END,
         (CASE WHEN g = 4 THEN 'landing' WHEN g = 5 THEN 'stalled' WHEN g = 6 THEN 'landed' ELSE 'running' END)::worker_state, '2.3'
  FROM generate_series(1, 6) g;
INSERT INTO resources (name, check_error, paused, pipeline_id, last_checked, config, active, nonce, resource_config_id, api_pinned_version, pin_comment, build_id)
  SELECT 'resource' || (1 + (g - 1) % 2), CASE WHEN g = 5 THEN 'connection refused' END, g = 6, 1 + (g - 1) / 2, '2024-04-01 00:00:00'::timestamp + (g || ' minutes')::interval,
         '{"type": "git", "source": {"uri": "https://git.example/r' || g || '"}}', true, NULL, g,
         CASE WHEN g IN (3, 8) THEN ('{"ref": "abc' || g || '"}')::jsonb END, CASE WHEN g = 3 THEN 'pinned for the release' END, CASE WHEN g % 4 = 0 THEN g END
  FROM generate_series(1, 20) g;
INSERT INTO resource_config_versions (resource_config_scope_id, version, version_md5, metadata, check_order, span_context)
  SELECT 1 + (g - 1) / 6, ('{"ref": "r' || g || '"}')::jsonb, md5(('{"ref": "r' || g || '"}')::jsonb::text), '[{"name": "author", "value": "dev"}]',
         CASE WHEN g % 6 = 0 THEN 0 ELSE g END, NULL
  FROM generate_series(1, 60) g;
INSERT INTO river_migration (created_at, version) VALUES ('2024-05-01 00:00:00+00', 1), ('2024-05-01 00:00:01+00', 2);
INSERT INTO river_job (state, attempt, max_attempts, attempted_at, created_at, finalized_at, scheduled_at, priority, args, attempted_by, errors, kind, metadata, queue, tags, unique_key)
  SELECT s, CASE WHEN s IN ('available', 'scheduled') THEN 0 ELSE 1 END, 25,
         CASE WHEN s NOT IN ('available', 'scheduled') THEN '2024-05-02 00:00:00+00'::timestamptz END, '2024-05-01 00:00:00+00'::timestamptz + (g || ' minutes')::interval,
         CASE WHEN s IN ('cancelled', 'completed', 'discarded') THEN '2024-05-02 00:01:00+00'::timestamptz END,
         '2024-05-01 00:00:00+00'::timestamptz + (g || ' minutes')::interval, 1 + g % 4,
         CASE WHEN g % 10 = 3 THEN NULL ELSE ('{"customer_id": ' || g || '}')::jsonb END,
         CASE WHEN s NOT IN ('available', 'scheduled') THEN ARRAY['client-1'] END,
         CASE WHEN s IN ('retryable', 'discarded') THEN ARRAY['{"error": "boom", "attempt": 1}'::jsonb] END,
         CASE WHEN g % 2 = 0 THEN 'email_send' ELSE 'invoice_sync' END, '{}', CASE WHEN g % 5 = 0 THEN 'critical' ELSE 'default' END,
         CASE WHEN g % 10 = 4 THEN NULL ELSE ARRAY['tag' || g % 3]::varchar(255)[] END,
         CASE WHEN g % 10 = 5 THEN decode(md5('unique' || g), 'hex') END
  FROM generate_series(1, 50) g, LATERAL (SELECT (ARRAY['available', 'cancelled', 'completed', 'discarded', 'retryable', 'running', 'scheduled'])[1 + g % 7]::river_job_state AS s) st;
INSERT INTO river_leader (elected_at, expires_at, leader_id, name) VALUES ('2024-05-03 00:00:00+00', '2099-01-01 00:00:00+00', 'client-1', 'default');
INSERT INTO river_queue (name, created_at, metadata, paused_at, updated_at) VALUES ('default', '2024-05-01 00:00:00+00', '{}', NULL, '2024-05-03 00:00:00+00'),
  ('critical', '2024-05-01 00:00:00+00', '{}', '2024-05-02 00:00:00+00', '2024-05-03 00:00:00+00');
INSERT INTO river_client (id, updated_at) VALUES ('client-1', '2024-05-03 00:00:00+00');
INSERT INTO river_client_queue (river_client_id, name, updated_at) VALUES ('client-1', 'default', '2024-05-03 00:00:00+00');
