-- The rows the serving version finds. Some oauth tokens, preferences and thread memberships
-- are orphans of the kind Mattermost's clean-up migrations delete.
INSERT INTO users (id, username, email, props, notifyprops, remoteid, themeprops, deleteat) SELECT 'u' || g, 'user' || g, 'u' || g || '@x', '{}', '{"email":"true"}', NULL, CASE WHEN g % 10 = 0 THEN '{"theme":"dark"}' ELSE 'null' END, 0 FROM generate_series(1, 300) g;
INSERT INTO teams SELECT 't' || g, 'team' || g, 'Team ' || g FROM generate_series(1, 10) g;
INSERT INTO teammembers SELECT 't' || (g % 10 + 1), 'u' || g, 'team_user', 0 FROM generate_series(1, 300) g;
INSERT INTO channels SELECT 'c' || g, 't' || (g % 10 + 1), 'O', 'Channel ' || g, 'channel-' || g, NULL FROM generate_series(1, 50) g;
INSERT INTO channelmembers SELECT 'c' || (g % 50 + 1), 'u' || g, 'channel_user', 0, '{"desktop":"default"}', false FROM generate_series(1, 300) g;
INSERT INTO posts SELECT 'p' || g, 1000 + g, 'c' || (g % 50 + 1), CASE WHEN g > 400 THEN 'p' || (g - 400) ELSE '' END, CASE WHEN g > 400 THEN 'p' || (g - 400) ELSE '' END, '', 'message ' || g, '{}', '[]', 0 FROM generate_series(1, 500) g;
INSERT INTO reactions SELECT 'u' || (g % 300 + 1), 'p' || g, 'smile', 1 FROM generate_series(1, 200) g;
INSERT INTO threads SELECT 'p' || g, 'c' || (g % 50 + 1), 1, 2000, '["u1"]', 0, NULL FROM generate_series(1, 100) g;
INSERT INTO threadmemberships SELECT 'p' || g, 'u' || g, true FROM generate_series(1, 100) g;
INSERT INTO threadmemberships SELECT 'p' || g, 'u' || (g + 125), true FROM generate_series(1, 20) g;
INSERT INTO sessions SELECT 's' || g, 'tok' || g, 'u' || g, 'system_user', '{}' FROM generate_series(1, 100) g;
INSERT INTO oauthaccessdata SELECT 'app1', 'u' || g, 'tok' || g, 'r' || g FROM generate_series(1, 30) g;
INSERT INTO preferences SELECT 'u' || g, 'oauth_app', 'app1', 'true' FROM generate_series(1, 20) g;
INSERT INTO preferences SELECT 'u' || g, 'oauth_app', 'app2', 'true' FROM generate_series(1, 5) g;
INSERT INTO preferences SELECT 'u' || g, 'display_settings', 'use_military_time', 'false' FROM generate_series(1, 100) g;
INSERT INTO jobs SELECT 'j' || g, 'export', 'success', '{"k":"v"}' FROM generate_series(1, 50) g;
INSERT INTO jobstatuses SELECT 'js' || g, 'export', 'success' FROM generate_series(1, 5) g;
INSERT INTO passwordrecovery SELECT 'u' || g, 'code' || g, 1 FROM generate_series(1, 5) g;
INSERT INTO status SELECT 'u' || g, 'online', 0 FROM generate_series(1, 300) g;
INSERT INTO fileinfo SELECT 'f' || g, 'u1', 'p' || g, 'file' || g || '.png', 0 FROM generate_series(1, 100) g;
INSERT INTO notifyadmin SELECT 'u' || g, 1, 'cloud-professional', 'All Professional features', false FROM generate_series(1, 10) g;
INSERT INTO drafts SELECT 1, 1, 0, 'u' || g, 'c1', '', 'draft' FROM generate_series(1, 20) g;
INSERT INTO uploadsessions SELECT 'us' || g, 'attachment', 'u' || g FROM generate_series(1, 20) g;
INSERT INTO usergroups SELECT 'g' || g, 'group' || g, 'Group ' || g, 'custom' FROM generate_series(1, 10) g;
INSERT INTO sidebarcategories SELECT 'sc' || g, 'u' || g, 't1', 'Favorites' FROM generate_series(1, 50) g;
INSERT INTO executions SELECT 1, '\x01', 'wf-' || g, decode(md5(g::text), 'hex'), 5, '\x00', 'Proto3' FROM generate_series(1, 300) g;
INSERT INTO current_executions SELECT 1, '\x01', 'wf-' || g, decode(md5(g::text), 'hex'), 'req-' || g, 2, 1, 1 FROM generate_series(1, 300) g;
INSERT INTO cluster_metadata VALUES (0, 'active', '\x00', 'Proto3');
INSERT INTO cluster_membership SELECT 0, decode(md5(g::text), 'hex'), '10.0.0.' || g, 7233, 1, now(), now(), now() + interval '1 day' FROM generate_series(1, 5) g;
INSERT INTO nexus_incoming_services VALUES ('\x01', '\x00', 'Proto3', 1);
INSERT INTO nexus_incoming_services_partition_status VALUES (0, 1);
INSERT INTO executions_visibility (namespace_id, run_id, start_time, execution_time, workflow_id, workflow_type_name, status, close_time, history_length, task_queue, search_attributes, root_workflow_id, root_run_id)
  SELECT 'ns', 'run-' || g, now(), now(), 'wf-' || g, 'type', 1, CASE WHEN g % 2 = 0 THEN now() END, 10, 'tq', jsonb_build_object('Text01', 'hello world ' || g), CASE WHEN g % 3 = 0 THEN 'wf-1' END, CASE WHEN g % 3 = 0 THEN 'run-1' END
  FROM generate_series(1, 300) g;
CREATE TABLE holdout3_expect AS SELECT (SELECT count(*) FROM users) AS users, (SELECT count(*) FROM oauthaccessdata) AS tokens, (SELECT count(*) FROM sessions) AS sessions,
  (SELECT count(*) FROM preferences) AS prefs, (SELECT count(*) FROM threadmemberships) AS memberships, (SELECT count(*) FROM posts) AS posts;
