-- What the serving version (Mattermost before v6.0, Temporal before each schema version) does,
-- one statement group per "-- step", each run as {{role}} in a transaction rolled back after
-- it. It reads every column of every table it has, by name, and writes them as its driver
-- does: string parameters bound as varchar (the "typed" steps: JDBC's setString, and any
-- driver that declares its parameter types). Each works before the migration; the migration
-- breaks the serving version when one fails after it.
-- step sign up
INSERT INTO users (id, username, email, props, notifyprops, timezone, remoteid, themeprops, deleteat) VALUES ('u-new', 'newuser', 'new@x', '{"k":"v"}', '{"email":"true"}', '{"useAutomaticTimezone":"true"}', 'r-1', 'null', 0);
-- step sign up relying on the default time zone
INSERT INTO users (id, username, email, props, notifyprops) VALUES ('u-new2', 'newuser2', 'new2@x', '{}', '{}');
DO $$ BEGIN IF (SELECT timezone FROM users WHERE id = 'u-new2') IS NULL THEN RAISE EXCEPTION 'no default time zone'; END IF; END $$;
-- step read a user, every column
DO $$ BEGIN IF NOT EXISTS (SELECT id, username, email, props, notifyprops, timezone, remoteid, themeprops, acceptedtermsofserviceid, acceptedservicetermsid, deleteat FROM users WHERE id = 'u1') THEN RAISE EXCEPTION 'user u1 not found'; END IF; END $$;
-- step typed writes of users
DEALLOCATE ALL;
PREPARE set_user(varchar, varchar, varchar, varchar, varchar) AS UPDATE users SET props = $1, notifyprops = $2, timezone = $3, remoteid = $4 WHERE id = $5;
EXECUTE set_user('{"a":"b"}', '{"push":"all"}', '{"useAutomaticTimezone":"false"}', 'abcdefghijklmnopqrstuvwxyz', 'u2');
-- step a team and a membership
INSERT INTO teams (id, name, displayname) VALUES ('t-new', 'newteam', 'New');
INSERT INTO teammembers (teamid, userid, roles, deleteat) VALUES ('t-new', 'u1', 'team_user team_admin', 0);
DO $$ BEGIN IF NOT EXISTS (SELECT t.id, t.name, t.displayname, m.teamid, m.userid, m.roles, m.deleteat FROM teams t JOIN teammembers m ON m.teamid = t.id WHERE t.id = 't2') THEN RAISE EXCEPTION 'team t2 not found'; END IF; END $$;
-- step a channel
INSERT INTO channels (id, teamid, type, displayname, name, lastrootpostat) VALUES ('c-new', 't1', 'O', 'New', 'new-channel', 0);
DO $$ BEGIN IF NOT EXISTS (SELECT id, teamid, type, displayname, name, lastrootpostat FROM channels WHERE id = 'c1') THEN RAISE EXCEPTION 'channel c1 not found'; END IF; END $$;
-- step join a channel, typed
DEALLOCATE ALL;
PREPARE join_channel(varchar, varchar, varchar, bigint, varchar, boolean) AS INSERT INTO channelmembers (channelid, userid, roles, lastviewedat, notifyprops, schemeguest) VALUES ($1, $2, $3, $4, $5, $6);
EXECUTE join_channel('c1', 'u299', 'channel_user', 0, '{"desktop":"all"}', false);
DO $$ BEGIN IF NOT EXISTS (SELECT channelid, userid, roles, lastviewedat, notifyprops, schemeguest FROM channelmembers WHERE userid = 'u1') THEN RAISE EXCEPTION 'membership of u1 not found'; END IF; END $$;
-- step post and reply, typed
DEALLOCATE ALL;
PREPARE post(varchar, bigint, varchar, varchar, varchar, varchar, varchar, varchar, varchar) AS INSERT INTO posts (id, createat, channelid, rootid, parentid, originalid, message, props, fileids, deleteat) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0);
EXECUTE post('p-new', 5000, 'c1', '', '', '', 'hello', '{}', '[]');
EXECUTE post('p-reply', 5001, 'c1', 'p-new', 'p-new', '', 'reply', '{}', '["f1"]');
DO $$ BEGIN IF NOT EXISTS (SELECT id, createat, channelid, rootid, parentid, originalid, message, props, fileids, deleteat FROM posts WHERE id = 'p401') THEN RAISE EXCEPTION 'post p401 not found'; END IF; END $$;
-- step react
INSERT INTO reactions (userid, postid, emojiname, createat) VALUES ('u1', 'p300', 'tada', 1);
DO $$ BEGIN IF NOT EXISTS (SELECT userid, postid, emojiname, createat FROM reactions WHERE postid = 'p1') THEN RAISE EXCEPTION 'reaction not found'; END IF; END $$;
-- step a thread, typed
DEALLOCATE ALL;
PREPARE thread(varchar, varchar, varchar, varchar) AS INSERT INTO threads (postid, channelid, replycount, lastreplyat, participants, deleteat, teamid) VALUES ($1, $2, 0, 0, $3, 0, $4);
EXECUTE thread('p-t', 'c1', '["u1"]', 't1');
INSERT INTO threadmemberships (postid, userid, following) VALUES ('p-t', 'u1', true);
DO $$ BEGIN IF NOT EXISTS (SELECT postid, channelid, replycount, lastreplyat, participants, deleteat, teamid FROM threads WHERE postid = 'p1') THEN RAISE EXCEPTION 'thread p1 not found'; END IF; END $$;
-- step sessions and jobs, typed
DEALLOCATE ALL;
PREPARE session(varchar, varchar, varchar, varchar, varchar) AS INSERT INTO sessions (id, token, userid, roles, props) VALUES ($1, $2, $3, $4, $5);
EXECUTE session('s-new', 'tok-new', 'u1', 'system_user system_admin', '{"os":"Linux"}');
PREPARE job(varchar, varchar, varchar, varchar) AS INSERT INTO jobs (id, type, status, data) VALUES ($1, $2, $3, $4);
EXECUTE job('j-new', 'export', 'pending', '{"k":"v"}');
DO $$ BEGIN IF NOT EXISTS (SELECT s.id, s.token, s.userid, s.roles, s.props FROM sessions s WHERE s.id = 's1') OR NOT EXISTS (SELECT id, type, status, data FROM jobs WHERE id = 'j1') THEN RAISE EXCEPTION 'session or job not found'; END IF; END $$;
-- step the status of a user
INSERT INTO status (userid, status, dndendtime) VALUES ('u-s', 'dnd', 0) ON CONFLICT (userid) DO UPDATE SET status = excluded.status;
SELECT userid FROM status WHERE status = 'online';
-- step files, preferences, drafts
INSERT INTO fileinfo (id, creatorid, postid, name, deleteat) VALUES ('f-new', 'u1', 'p1', 'a.png', 0);
INSERT INTO preferences (userid, category, name, value) VALUES ('u1', 'display_settings', 'use_military_time', 'true') ON CONFLICT (userid, category, name) DO UPDATE SET value = excluded.value;
INSERT INTO drafts (createat, updateat, deleteat, userid, channelid, rootid, message) VALUES (2, 2, 0, 'u1', 'c2', '', 'draft');
DO $$ BEGIN IF NOT EXISTS (SELECT id, creatorid, postid, name, deleteat FROM fileinfo WHERE id = 'f1') OR NOT EXISTS (SELECT userid, category, name, value FROM preferences WHERE userid = 'u1' AND category = 'oauth_app')
  OR NOT EXISTS (SELECT createat, updateat, deleteat, userid, channelid, rootid, message FROM drafts WHERE userid = 'u1') THEN RAISE EXCEPTION 'file, preference or draft not found'; END IF; END $$;
-- step notify the admin, typed
DEALLOCATE ALL;
PREPARE notify(varchar, varchar, varchar) AS INSERT INTO notifyadmin (userid, createat, requiredplan, requiredfeature, trial) VALUES ($1, 1, $2, $3, false);
EXECUTE notify('u20', 'cloud-enterprise', 'Guest Accounts');
DO $$ BEGIN IF NOT EXISTS (SELECT userid, createat, requiredplan, requiredfeature, trial FROM notifyadmin WHERE userid = 'u1') THEN RAISE EXCEPTION 'notification not found'; END IF; END $$;
-- step job statuses, password recovery, upload sessions, groups, sidebar, oauth
INSERT INTO jobstatuses (id, type, status) VALUES ('js-new', 'export', 'pending');
INSERT INTO passwordrecovery (userid, code, createat) VALUES ('u9', 'c', 1);
INSERT INTO uploadsessions (id, type, userid) VALUES ('us-new', 'attachment', 'u1');
INSERT INTO usergroups (id, name, displayname, source) VALUES ('g-new', 'newgroup', 'New Group', 'custom');
INSERT INTO sidebarcategories (id, userid, teamid, displayname) VALUES ('sc-new', 'u1', 't1', 'Channels');
INSERT INTO oauthaccessdata (clientid, userid, token, refreshtoken) VALUES ('app1', 'u1', 'tok-n', 'r-n');
DO $$ BEGIN IF NOT EXISTS (SELECT id, type, status FROM jobstatuses WHERE id = 'js1') OR NOT EXISTS (SELECT userid, code, createat FROM passwordrecovery WHERE userid = 'u1')
  OR NOT EXISTS (SELECT id, type, userid FROM uploadsessions WHERE userid = 'u1') OR NOT EXISTS (SELECT id, name, displayname, source FROM usergroups WHERE id = 'g1')
  OR NOT EXISTS (SELECT id, userid, teamid, displayname FROM sidebarcategories WHERE userid = 'u1') OR NOT EXISTS (SELECT clientid, userid, token, refreshtoken FROM oauthaccessdata WHERE token = 'tok1')
  THEN RAISE EXCEPTION 'a row not found'; END IF; END $$;
-- step nothing lost
DO $$ BEGIN IF (SELECT count(*) FROM users) < (SELECT users FROM holdout3_expect) OR (SELECT count(*) FROM oauthaccessdata) < (SELECT tokens FROM holdout3_expect)
  OR (SELECT count(*) FROM sessions) < (SELECT sessions FROM holdout3_expect) OR (SELECT count(*) FROM preferences) < (SELECT prefs FROM holdout3_expect)
  OR (SELECT count(*) FROM threadmemberships) < (SELECT memberships FROM holdout3_expect) OR (SELECT count(*) FROM posts) < (SELECT posts FROM holdout3_expect)
  THEN RAISE EXCEPTION 'rows lost'; END IF; END $$;
-- step start a workflow
INSERT INTO executions (shard_id, namespace_id, workflow_id, run_id, next_event_id, data, data_encoding) VALUES (1, '\x01', 'wf-new', '\x02', 1, '\x00', 'Proto3');
INSERT INTO current_executions (shard_id, namespace_id, workflow_id, run_id, create_request_id, state, status, last_write_version) VALUES (1, '\x01', 'wf-new', '\x02', 'req', 1, 1, 1)
  ON CONFLICT (shard_id, namespace_id, workflow_id) DO UPDATE SET run_id = excluded.run_id;
DO $$ BEGIN IF NOT EXISTS (SELECT shard_id, namespace_id, workflow_id, run_id, create_request_id, state, status, last_write_version FROM current_executions WHERE workflow_id = 'wf-1')
  OR NOT EXISTS (SELECT shard_id, namespace_id, workflow_id, run_id, next_event_id, data, data_encoding FROM executions WHERE workflow_id = 'wf-1') THEN RAISE EXCEPTION 'execution not found'; END IF; END $$;
-- step cluster metadata and membership
INSERT INTO cluster_metadata (metadata_partition, cluster_name, immutable_data, immutable_data_encoding) VALUES (0, 'standby', '\x00', 'Proto3');
INSERT INTO cluster_membership (membership_partition, host_id, rpc_address, rpc_port, role, session_start, last_heartbeat, record_expiry) VALUES (0, '\x0a', '10.0.0.12', 7233, 1, now(), now(), now() + interval '1 day')
  ON CONFLICT (membership_partition, host_id) DO UPDATE SET last_heartbeat = excluded.last_heartbeat;
DO $$ BEGIN IF NOT EXISTS (SELECT metadata_partition, cluster_name, immutable_data, immutable_data_encoding FROM cluster_metadata WHERE cluster_name = 'active')
  OR NOT EXISTS (SELECT membership_partition, host_id, rpc_address, rpc_port, role, session_start, last_heartbeat, record_expiry FROM cluster_membership) THEN RAISE EXCEPTION 'cluster rows not found'; END IF; END $$;
-- step a chasm node
INSERT INTO chasm_node_maps (shard_id, namespace_id, workflow_id, run_id, chasm_path, data, data_encoding) VALUES (1, '\x01', 'wf-1', '\x02', '\x03', '\x00', 'Proto3');
SELECT shard_id, namespace_id, workflow_id, run_id, chasm_path, data, data_encoding FROM chasm_node_maps;
-- step a nexus service
INSERT INTO nexus_incoming_services (service_id, data, data_encoding, version) VALUES ('\x02', '\x00', 'Proto3', 1);
UPDATE nexus_incoming_services_partition_status SET version = version + 1 WHERE id = 0;
-- step record visibility, a root workflow (no root ids)
INSERT INTO executions_visibility (namespace_id, run_id, start_time, execution_time, workflow_id, workflow_type_name, status, close_time, history_length, task_queue, search_attributes, root_workflow_id, root_run_id)
  VALUES ('ns', 'run-new', now(), now(), 'wf-new', 'type', 1, NULL, 1, 'tq', '{"Text01":"hello world"}', NULL, NULL)
  ON CONFLICT (namespace_id, run_id) DO UPDATE SET status = excluded.status, search_attributes = excluded.search_attributes;
-- step list visibility, every column
DO $$ BEGIN IF NOT EXISTS (SELECT namespace_id, run_id, start_time, execution_time, workflow_id, workflow_type_name, status, close_time, history_length, task_queue, search_attributes, root_workflow_id, root_run_id, Text01, Text02, Text03
  FROM executions_visibility WHERE namespace_id = 'ns' AND Text01 @@ 'hello'::tsquery) THEN RAISE EXCEPTION 'no visibility row found'; END IF; END $$;
