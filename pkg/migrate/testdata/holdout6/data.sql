-- The rows the serving versions find: a Lemmy instance federating with two others (one
-- remote person has a local person's name on another instance; one old post has an empty
-- url, as Lemmy wrote them before 0.10), 184 site languages (all, as an instance that never
-- restricted them), and a Windmill workspace with scripts, flows, jobs, schedules and a capture.
INSERT INTO instance (domain) VALUES ('lemmy.example'), ('remote.example'), ('other.example');
INSERT INTO language (code, name) SELECT CASE WHEN g = 37 THEN 'en' ELSE 'x' || (g % 100) END, CASE WHEN g = 37 THEN 'English' ELSE 'Language ' || g END FROM generate_series(1, 184) g;
INSERT INTO person (name, display_name, avatar, published, actor_id, bio, local, inbox_url, bot_account, admin, instance_id)
  SELECT 'user' || g, 'User ' || g, NULL, '2023-01-01'::timestamp + (g || ' hours')::interval, 'https://lemmy.example/u/user' || g, NULL, true,
         'https://lemmy.example/u/user' || g || '/inbox', g = 5, g = 1, 1 FROM generate_series(1, 30) g;
INSERT INTO person (name, display_name, actor_id, local, inbox_url, instance_id) VALUES ('user2', 'Remote Two', 'https://remote.example/u/user2', false, 'https://remote.example/u/user2/inbox', 2);
INSERT INTO community (name, title, description, published, actor_id, local, followers_url, inbox_url, hidden, posting_restricted_to_mods, instance_id)
  SELECT 'comm' || g, 'Community ' || g, 'About community ' || g, '2023-01-01'::timestamp + (g || ' days')::interval, 'https://lemmy.example/c/comm' || g, true,
         'https://lemmy.example/c/comm' || g || '/followers', 'https://lemmy.example/c/comm' || g || '/inbox', false, false, 1 FROM generate_series(1, 10) g;
INSERT INTO community_moderator (community_id, person_id, published) SELECT g, g, '2023-02-01 10:00:00' FROM generate_series(1, 10) g;
INSERT INTO community_person_ban (community_id, person_id, published) VALUES (1, 20, '2023-03-01 12:00:00');
INSERT INTO post (name, url, body, creator_id, community_id, published, ap_id)
  SELECT 'Post ' || g, CASE WHEN g = 7 THEN '' WHEN g % 3 = 0 THEN 'https://example.com/article/' || g ELSE NULL END, 'Body of post ' || g,
         1 + g % 30, 1 + g % 10, '2023-04-01'::timestamp + (g || ' minutes')::interval, 'https://lemmy.example/post/' || g FROM generate_series(1, 200) g;
INSERT INTO comment (creator_id, post_id, content, published, ap_id)
  SELECT 1 + g % 30, 1 + g % 200, 'Comment number ' || g, '2023-04-02'::timestamp + (g || ' minutes')::interval, 'https://lemmy.example/comment/' || g FROM generate_series(1, 400) g;
INSERT INTO post_saved (post_id, person_id) SELECT 1 + g % 200, 1 + g % 30 FROM generate_series(1, 60) g;
INSERT INTO comment_saved (comment_id, person_id) SELECT 1 + g % 400, 1 + g % 30 FROM generate_series(1, 60) g;
INSERT INTO post_report (creator_id, post_id, original_post_name, reason) VALUES (3, 10, 'Post 10', 'spam');
INSERT INTO mod_lock_post (mod_person_id, post_id, locked) VALUES (1, 11, true);
INSERT INTO local_user (person_id, password_encrypted, email, theme, default_sort_type)
  SELECT g, '$2b$12$' || md5(g::text), 'user' || g || '@lemmy.example', 'browser', 'Hot' FROM generate_series(1, 30) g;
INSERT INTO local_user_language (local_user_id, language_id) SELECT g, 37 FROM generate_series(1, 20) g;
INSERT INTO local_user_language (local_user_id, language_id) SELECT g, 12 FROM generate_series(21, 30) g;
INSERT INTO local_user_vote_display_mode (local_user_id) SELECT g FROM generate_series(1, 30) g;
INSERT INTO password_reset_request (token_encrypted, local_user_id) VALUES ('tok-old', 4);
INSERT INTO image_upload (local_user_id, pictrs_alias, pictrs_delete_token) VALUES (1, 'alias1.png', 'del1');
INSERT INTO site (name, sidebar, actor_id, inbox_url, private_key, public_key, instance_id) VALUES ('Lemmy Example', 'Welcome', 'https://lemmy.example/', 'https://lemmy.example/site_inbox', 'PRIVATE', 'PUBLIC', 1);
INSERT INTO site (name, actor_id, inbox_url, public_key, instance_id) VALUES ('Remote', 'https://remote.example/', 'https://remote.example/site_inbox', 'PUBLIC2', 2);
INSERT INTO site_language (site_id, language_id) SELECT 1, id FROM language;
INSERT INTO local_site (site_id, open_registration, require_application) VALUES (1, true, true);

INSERT INTO workspace (id, name, owner, domain) VALUES ('admins', 'Admins', 'admin@windmill.dev', 'windmill.dev'), ('demo', 'Demo', 'admin@windmill.dev', 'demo.dev');
INSERT INTO usr (workspace_id, username, email, is_admin, role) VALUES ('demo', 'admin', 'admin@windmill.dev', true, 'Admin'), ('demo', 'alice', 'alice@windmill.dev', false, 'Developer');
INSERT INTO script (workspace_id, hash, path, summary, description, content, created_by, schema, language, tag)
  SELECT 'demo', 1000 + g, 'u/admin/script_' || g, 'Script ' || g, '', 'def main(): return ' || g, 'admin', '{"type":"object","properties":{}}', 'python3', NULL FROM generate_series(1, 20) g;
INSERT INTO flow (workspace_id, path, summary, description, value, edited_by, schema) VALUES ('demo', 'u/admin/flow_1', 'Flow 1', '', '{"modules":[]}', 'admin', '{"type":"object"}');
INSERT INTO queue (id, workspace_id, created_by, scheduled_for, script_path, args, job_kind, language, tag)
  SELECT md5('q' || g)::uuid, 'demo', 'admin', now() + (g || ' minutes')::interval, 'u/admin/script_' || (1 + g % 20), '{"x":1}', 'script', 'python3', 'python3' FROM generate_series(1, 50) g;
INSERT INTO completed_job (id, workspace_id, created_by, created_at, duration, success, script_path, args, result, job_kind, language, tag, schedule_path)
  SELECT md5('c' || g)::uuid, 'demo', 'admin', now() - (g || ' minutes')::interval, 100 + g, g % 7 <> 0, 'u/admin/script_' || (1 + g % 20), '{"x":1}', ('{"res":' || g || '}')::jsonb,
         'script', 'python3', 'python3', CASE WHEN g % 5 = 0 THEN 'u/admin/sched_1' END FROM generate_series(1, 300) g;
INSERT INTO variable (workspace_id, path, value, is_secret, description) VALUES ('demo', 'u/admin/token', 'secret-value', true, 'a token');
INSERT INTO schedule (workspace_id, path, edited_by, schedule, offset_, script_path, args) VALUES ('demo', 'u/admin/sched_1', 'admin', '0 */5 * * * *', 0, 'u/admin/script_1', '{}');
INSERT INTO capture (workspace_id, path, payload) VALUES ('demo', 'u/admin/flow_1', '{"body":"hello"}');
INSERT INTO resume_job (id, job, flow, value, is_cancel) VALUES (md5('r1')::uuid, md5('q1')::uuid, md5('q2')::uuid, '{"approved":true}', false);
INSERT INTO global_settings (name, value) VALUES ('base_url', '"https://windmill.example"'), ('retention_period_secs', '2592000');
INSERT INTO worker_group_config (name, config) VALUES ('default', '{"worker_tags":["deno","python3"]}');
