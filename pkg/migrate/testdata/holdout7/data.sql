-- The rows the serving versions find: a Miniflux instance with 20 users (two signed in with
-- Google, one session without an ip or user agent as older versions wrote them, an
-- integration row left by a deleted user, as Miniflux's migration 2.2.x found in the wild,
-- duplicated enclosures as feeds repeat them) and a Synapse homeserver with rooms, events,
-- receipts, pushers, memberships, media and scheduled tasks.
INSERT INTO users (username, password, is_admin, theme, last_login_at, google_id, openid_connect_id)
  SELECT 'user' || g, 'hash' || g, g = 1, CASE WHEN g % 3 = 0 THEN 'black' WHEN g % 3 = 1 THEN 'default' ELSE 'sansserif' END,
         '2024-01-01 00:00:00+00'::timestamptz + (g || ' hours')::interval, CASE WHEN g IN (4, 5) THEN 'google-' || g ELSE '' END, '' FROM generate_series(1, 20) g;
INSERT INTO user_sessions (user_id, token, created_at, user_agent, ip)
  SELECT 1 + g % 20, 'token' || g, '2024-02-01 00:00:00+00'::timestamptz + (g || ' minutes')::interval, 'Mozilla/5.0 ' || g, '192.0.2.' || g FROM generate_series(1, 60) g;
INSERT INTO user_sessions (user_id, token, created_at, user_agent, ip) VALUES (2, 'token-old', NULL, NULL, NULL);
INSERT INTO categories (user_id, title) SELECT 1 + g % 20, 'Category ' || g FROM generate_series(1, 40) g;
INSERT INTO feeds (user_id, category_id, title, feed_url, site_url, checked_at)
  SELECT 1 + g % 20, g, 'Feed ' || g, 'https://feeds.example/' || g || '.xml', 'https://site' || g || '.example/', '2024-03-01 00:00:00+00' FROM generate_series(1, 40) g;
INSERT INTO entries (user_id, feed_id, hash, published_at, title, url, author, content, status, document_vectors, changed_at)
  SELECT 1 + (g % 40) % 20, 1 + g % 40, 'hash' || g, '2024-04-01 00:00:00+00'::timestamptz + (g || ' minutes')::interval, 'Entry ' || g,
         'https://site.example/entry/' || g, CASE WHEN g % 2 = 0 THEN 'Author ' || g END, 'Content of entry ' || g,
         (CASE WHEN g % 10 = 0 THEN 'removed' WHEN g % 3 = 0 THEN 'read' ELSE 'unread' END)::entry_status,
         to_tsvector('Entry ' || g || ' Content of entry ' || g), '2024-04-02 00:00:00+00'::timestamptz + (g || ' minutes')::interval FROM generate_series(1, 400) g;
INSERT INTO enclosures (user_id, entry_id, url, size, mime_type)
  SELECT e.user_id, e.id, 'https://cdn.example/' || e.id || '.mp3', 1000 * e.id, 'audio/mpeg' FROM entries e WHERE e.id % 4 = 0;
INSERT INTO enclosures (user_id, entry_id, url, size, mime_type) SELECT e.user_id, e.id, 'https://cdn.example/' || e.id || '.mp3', 1000 * e.id, 'audio/mpeg' FROM entries e WHERE e.id % 40 = 0;
INSERT INTO icons (hash, mime_type, content) SELECT 'iconhash' || g, 'image/png', decode('89504e47', 'hex') FROM generate_series(1, 20) g;
INSERT INTO feed_icons (feed_id, icon_id) SELECT g, 1 + g % 20 FROM generate_series(1, 40) g;
INSERT INTO integrations (user_id, pinboard_enabled, pinboard_token, fever_enabled, fever_username, fever_password, fever_token, pocket_enabled, pocket_access_token, pocket_consumer_key)
  SELECT g, g = 1, CASE WHEN g = 1 THEN 'pin:token' ELSE '' END, g = 2, CASE WHEN g = 2 THEN 'fever' ELSE '' END, '', CASE WHEN g = 2 THEN 'fevertoken' ELSE '' END,
         g = 3, '', '' FROM generate_series(1, 20) g;
INSERT INTO integrations (user_id) VALUES (999);
INSERT INTO api_keys (user_id, token, description, last_used_at, rate_limit) SELECT 1 + g % 20, 'apikey' || g, 'Key ' || g, NULL, 10.5 FROM generate_series(1, 30) g;
INSERT INTO acme_cache (key, data, updated_at) SELECT 'acme/cert/' || g, 'data', '2024-05-01 00:00:00+00' FROM generate_series(1, 10) g;

INSERT INTO rooms (room_id, is_public, creator, room_version, has_auth_chain_index)
  SELECT '!room' || g || ':hs.example', g % 2 = 0, '@alice:hs.example', '10', true FROM generate_series(1, 20) g;
INSERT INTO event_stats DEFAULT VALUES;
INSERT INTO events (stream_ordering, topological_ordering, event_id, type, room_id, content, processed, outlier, depth, origin_server_ts, received_ts, sender, contains_url, instance_name)
  SELECT nextval('events_stream_seq'), g, '$event' || g, CASE WHEN g % 2 = 0 THEN 'm.room.message' ELSE 'm.room.encrypted' END, '!room' || (1 + g % 20) || ':hs.example',
         '{"body": "hello ' || g || '"}', true, false, g, 1700000000000 + g, 1700000000100 + g, '@alice:hs.example', false, 'master' FROM generate_series(1, 500) g;
INSERT INTO event_reference_hashes (event_id, algorithm, hash) SELECT '$event' || g, 'sha256', decode(md5(g::text), 'hex') FROM generate_series(1, 100) g;
INSERT INTO receipts_linearized (stream_id, room_id, receipt_type, user_id, event_id, data)
  SELECT g, '!room' || (1 + g % 20) || ':hs.example', CASE WHEN g % 5 = 0 THEN 'org.matrix.msc2285.read.private' ELSE 'm.read' END, '@user' || g || ':hs.example', '$event' || g, '{"ts": ' || g || '}'
  FROM generate_series(1, 100) g;
INSERT INTO pushers (id, user_name, profile_tag, kind, app_id, app_display_name, device_display_name, pushkey, ts, lang, data)
  SELECT g, '@user' || g || ':hs.example', '', 'http', 'im.vector.app', 'Element', 'Phone', 'pushkey' || g, 1700000000000, 'en', '{"url": "https://push.example"}' FROM generate_series(1, 20) g;
INSERT INTO partial_state_rooms (room_id) VALUES ('!room3:hs.example'), ('!room4:hs.example');
INSERT INTO event_push_actions_staging (event_id, user_id, actions, notif, highlight, unread) SELECT '$event' || g, '@user' || g || ':hs.example', '["notify"]', 1, 0, 1 FROM generate_series(1, 50) g;
INSERT INTO event_push_summary (user_id, room_id, notif_num, stream_ordering, unread_count) SELECT '@user' || g || ':hs.example', '!room1:hs.example', g, g, g FROM generate_series(1, 50) g;
INSERT INTO room_memberships (event_id, user_id, sender, room_id, membership, display_name, avatar_url)
  SELECT '$member' || g, '@user' || g || ':hs.example', '@user' || g || ':hs.example', '!room' || (1 + g % 20) || ':hs.example', 'join', 'User ' || g, NULL FROM generate_series(1, 200) g;
INSERT INTO presence (user_id, state, status_msg, mtime) SELECT '@user' || g || ':hs.example', 'online', NULL, 1700000000000 FROM generate_series(1, 20) g;
INSERT INTO application_services_state (as_id, state, last_txn, read_receipt_stream_id) VALUES ('irc', 'up', 12, 40), ('slack', 'down', NULL, NULL);
INSERT INTO e2e_cross_signing_keys (user_id, keytype, keydata, stream_id) SELECT '@user' || g || ':hs.example', 'master', '{"keys": {}}', g FROM generate_series(1, 20) g;
INSERT INTO local_media_repository (media_id, media_type, media_length, created_ts, upload_name, user_id, last_access_ts)
  SELECT 'media' || g, 'image/png', 1000 + g, 1700000000000 + g, 'cat' || g || '.png', '@user' || (1 + g % 20) || ':hs.example', 1700000000000 FROM generate_series(1, 60) g;
INSERT INTO profiles (user_id, displayname, avatar_url, full_user_id) SELECT 'user' || g, 'User ' || g, 'mxc://hs.example/avatar' || g, CASE WHEN g > 15 THEN '@user' || g || ':hs.example' END FROM generate_series(1, 20) g;
-- Synapse 77's delta 01_add_profiles_not_valid_check found these rows (full_user_id NULL on older ones) and added:
ALTER TABLE profiles ADD CONSTRAINT full_user_id_not_null CHECK (full_user_id IS NOT NULL) NOT VALID;
INSERT INTO scheduled_tasks (id, action, status, timestamp) SELECT 'task' || g, 'purge_room', CASE WHEN g % 2 = 0 THEN 'complete' ELSE 'scheduled' END, 1700000000000 + g FROM generate_series(1, 40) g;
INSERT INTO destinations (destination, retry_last_ts, retry_interval, failure_ts) SELECT 'remote' || g || '.example', 0, 0, NULL FROM generate_series(1, 20) g;
