-- The rows the serving versions find. n8n: 5 credentials (one of the longest type a 32-character
-- node type), 6 workflows (two inactive, one with settings and static data, one without a
-- versionId), 9 executions (running ones with a "stoppedAt" the old code wrote as the start,
-- retries, one of a workflow since deleted, one manual without a workflow), 4 webhooks, 4 tags and
-- 5 workflow tags, the 4 roles CreateUserManagement inserts, 3 users (the owner shell with no
-- email, a member with mixed-case email, a pending invite), their shares and 3 settings.
-- Dendrite: 5 accounts (a guest with a numeric localpart, an appservice user, a deactivated one),
-- 5 devices, 4 cross-signing signatures, 6 queued EDUs, 3 federation sender rooms, 6 memberships,
-- 7 state block rows, 3 published rooms, 6 room events with their previous events, 6 sync output
-- events, 5 receipts and 4 send-to-device messages (two already sent).

-- n8n.
INSERT INTO credentials_entity ("name", "data", "type", "nodesAccess", "createdAt", "updatedAt") VALUES
  ('Slack account', 'U2FsdGVkX1+slack', 'slackApi', '[{"nodeType": "n8n-nodes-base.slack", "date": "2020-06-01T10:00:00.000Z"}]', '2020-06-01 10:00:00', '2020-06-01 10:00:00'),
  ('Gmail OAuth2 (work)', 'U2FsdGVkX1+gmail', 'gmailOAuth2', '[]', '2020-07-02 11:00:00', '2021-01-05 09:30:00'),
  ('Postgres prod', 'U2FsdGVkX1+pg', 'postgres', '[{"nodeType": "n8n-nodes-base.postgres"}]', '2021-02-03 12:00:00', '2021-02-03 12:00:00'),
  ('Microsoft OneDrive', 'U2FsdGVkX1+ms', 'microsoftOneDriveOAuth2ApiAbcdef', '[]', '2021-03-04 08:00:00', '2021-03-04 08:00:00'),
  ('HTTP Header Auth ''legacy''', '', 'httpHeaderAuth', '[]', '2021-04-05 07:00:00', '2021-04-05 07:00:00');

INSERT INTO workflow_entity ("name", "active", "nodes", "connections", "createdAt", "updatedAt", "settings", "staticData", "versionId") VALUES
  ('My workflow', false, '[]', '{}', '2020-06-01 10:00:00', '2020-06-01 10:00:00', NULL, NULL, NULL),
  ('Slack alerts', true, '[{"name": "Start", "type": "n8n-nodes-base.start", "position": [250, 300], "parameters": {}}]', '{"Start": {"main": [[{"node": "Slack", "type": "main", "index": 0}]]}}', '2020-06-02 10:00:00', '2021-06-02 10:00:00', '{"saveManualExecutions": true}', '{"node:Cron": {"lastRun": 1622628000}}', '3f1c2e8a-6b1d-4a5e-9c7f-0a1b2c3d4e5f'),
  ('Gmail → Sheets', true, '[{"name": "Gmail Trigger", "type": "n8n-nodes-base.gmailTrigger"}]', '{}', '2020-07-03 10:00:00', '2020-07-03 10:00:00', '{}', NULL, '7c9e6679-7425-40de-944b-e07fc1f90ae7'),
  ('Webhook echo', true, '[{"name": "Webhook", "type": "n8n-nodes-base.webhook", "webhookId": "b0d2c9a1"}]', '{}', '2021-01-10 10:00:00', '2021-01-10 10:00:00', NULL, NULL, 'a8098c1a-f86e-11da-bd1a-00112444be1e'),
  ('Nightly Postgres backup', false, '[]', '{}', '2021-02-11 10:00:00', '2021-02-11 10:00:00', '{"timezone": "Europe/Berlin", "errorWorkflow": "2"}', NULL, '16fd2706-8baf-433b-82eb-8c7fada847da'),
  ('Copy of My workflow', false, '[]', '{}', '2021-03-12 10:00:00', '2021-03-12 10:00:00', NULL, '{}', '6ba7b810-9dad-11d1-80b4-00c04fd430c8');

INSERT INTO execution_entity ("data", "finished", "mode", "retryOf", "retrySuccessId", "startedAt", "stoppedAt", "workflowData", "workflowId") VALUES
  ('[{"startData": {}}]', true, 'manual', NULL, NULL, '2020-06-01 10:01:00', '2020-06-01 10:01:02', '{"name": "My workflow"}', '1'),
  ('[{"resultData": {"error": {"message": "401"}}}]', false, 'trigger', NULL, '3', '2020-06-02 10:05:00', '2020-06-02 10:05:01', '{"name": "Slack alerts"}', '2'),
  ('[{}]', true, 'retry', '2', NULL, '2020-06-02 10:06:00', '2020-06-02 10:06:03', '{"name": "Slack alerts"}', '2'),
  ('[{}]', true, 'trigger', NULL, NULL, '2020-07-03 11:00:00', '2020-07-03 11:00:00', '{"name": "Gmail → Sheets"}', '3'),
  ('[{}]', false, 'webhook', NULL, NULL, '2021-01-10 10:30:00', '2021-01-10 10:30:00', '{"name": "Webhook echo"}', '4'),
  ('[{}]', true, 'webhook', NULL, NULL, '2021-01-10 10:31:00', '2021-01-10 10:31:05', '{"name": "Webhook echo"}', '4'),
  ('[{}]', true, 'trigger', NULL, NULL, '2020-05-01 09:00:00', '2020-05-01 09:00:09', '{"name": "Deleted workflow"}', '42'),
  ('[{}]', true, 'manual', NULL, NULL, '2020-05-02 09:00:00', '2020-05-02 09:00:01', '{"name": "unsaved"}', NULL),
  ('', false, 'cli', NULL, NULL, '2021-03-12 10:00:00', '2021-03-12 10:00:00', '{"name": "Copy of My workflow"}', '6');

INSERT INTO webhook_entity ("workflowId", "webhookPath", "method", "node") VALUES
  (4, 'b0d2c9a1/webhook', 'POST', 'Webhook'),
  (4, 'b0d2c9a1/webhook', 'GET', 'Webhook'),
  (2, 'slack-events', 'POST', 'Slack Trigger'),
  (99, 'orphan/:id/path', 'PUT', 'Webhook1');

INSERT INTO tag_entity ("name", "createdAt", "updatedAt") VALUES
  ('production', '2021-04-01 00:00:00', '2021-04-01 00:00:00'),
  ('slack', '2021-04-01 00:00:01', '2021-04-01 00:00:01'),
  ('Backups', '2021-04-02 00:00:00', '2021-04-02 00:00:00'),
  ('a-tag-of-24-characters!!', '2021-04-03 00:00:00', '2021-04-03 00:00:00');
INSERT INTO workflows_tags ("workflowId", "tagId") VALUES (2, 1), (2, 2), (3, 1), (5, 3), (5, 4);

INSERT INTO role (name, scope) VALUES ('owner', 'global');
INSERT INTO role (name, scope) VALUES ('member', 'global');
INSERT INTO role (name, scope) VALUES ('owner', 'workflow');
INSERT INTO role (name, scope) VALUES ('owner', 'credential');

INSERT INTO "user" ("id", "email", "firstName", "lastName", "password", "resetPasswordToken", "resetPasswordTokenExpiration", "personalizationAnswers", "createdAt", "updatedAt", "globalRoleId") VALUES
  ('0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0', NULL, NULL, NULL, NULL, NULL, NULL, '{"codingSkill": "4", "companySize": "<20"}', '2022-03-14 10:00:00', '2022-03-14 10:00:00', 1),
  ('11111111-2222-4333-8444-555555555555', 'Jane.Doe@Example.COM', 'Jane', 'Doe', '$2a$10$abcdefghijklmnopqrstuv', 'c2b1d0f5-reset', 1650000000, NULL, '2022-03-15 10:00:00', '2022-03-16 10:00:00', 2),
  ('66666666-7777-4888-9999-000000000000', 'invitee@example.com', NULL, NULL, NULL, NULL, NULL, NULL, '2022-03-17 10:00:00', '2022-03-17 10:00:00', 2);
INSERT INTO shared_workflow ("roleId", "userId", "workflowId") SELECT 3, '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0', id FROM workflow_entity;
INSERT INTO shared_workflow ("roleId", "userId", "workflowId") VALUES (3, '11111111-2222-4333-8444-555555555555', 2);
INSERT INTO shared_credentials ("roleId", "userId", "credentialsId") SELECT 4, '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0', id FROM credentials_entity;
INSERT INTO shared_credentials ("roleId", "userId", "credentialsId") VALUES (4, '11111111-2222-4333-8444-555555555555', 3);
INSERT INTO settings ("key", "value", "loadOnStartup") VALUES
  ('userManagement.isInstanceOwnerSetUp', 'false', true),
  ('userManagement.skipInstanceOwnerSetup', 'false', true),
  ('ui.banners.dismissed', '["V1"]', false);

-- Dendrite.
INSERT INTO userapi_accounts (localpart, created_ts, password_hash, appservice_id, is_deactivated) VALUES
  ('alice', 1601000000000, '$2a$10$alicehash', NULL, false),
  ('bob', 1601000100000, '$2a$10$bobhash', '', NULL),
  ('1234567', 1601000200000, NULL, NULL, false),
  ('_irc_bridge', 1601000300000, NULL, 'irc', false),
  ('Carol.old', 1601000400000, '$2a$10$carolhash', NULL, true);
INSERT INTO userapi_devices (access_token, device_id, localpart, created_ts, display_name) VALUES
  ('syt_YWxpY2U_token1', 'ALICEPHONE', 'alice', 1601000000001, 'Alice''s phone'),
  ('syt_YWxpY2U_token2', 'ALICEWEB', 'alice', 1601000000002, NULL),
  ('syt_Ym9i_token3', 'BOBDESKTOP', 'bob', 1601000100003, 'Element Desktop'),
  ('guest_token_4', 'GUEST', '1234567', 1601000200004, ''),
  ('as_token_5', 'AS', '_irc_bridge', 1601000300005, NULL);
INSERT INTO keyserver_cross_signing_sigs (origin_user_id, origin_key_id, target_user_id, target_key_id, signature) VALUES
  ('@alice:example.org', 'ed25519:AAAA', '@alice:example.org', 'ALICEPHONE', 'sig1'),
  ('@alice:example.org', 'ed25519:AAAA', '@alice:example.org', 'ALICEWEB', 'sig2'),
  ('@bob:example.org', 'ed25519:BBBB', '@alice:example.org', 'ed25519:AAAA', 'sig3'),
  ('@alice:example.org', 'ed25519:AAAA', '@bob:example.org', 'ed25519:BBBB', 'sig4');
INSERT INTO federationsender_queue_edus (edu_type, server_name, json_nid) VALUES
  ('m.typing', 'matrix.org', 1), ('m.receipt', 'matrix.org', 2), ('m.direct_to_device', 'matrix.org', 3),
  ('m.presence', 'example.com', 4), ('m.typing', 'example.com', 1), ('m.signing_key_update', 'other.server:8448', 5);
INSERT INTO federationsender_rooms (room_id, last_event_id) VALUES
  ('!abc:example.org', '$ev6'), ('!def:example.org', ''), ('!ghi:matrix.org', '$ev4');
INSERT INTO roomserver_membership (room_nid, target_nid, sender_nid, membership_nid, event_nid, target_local) VALUES
  (1, 1, 1, 3, 2, true), (1, 2, 1, 3, 5, true), (1, 3, 0, 2, 0, false), (2, 1, 1, 1, 7, true), (2, 4, 4, 3, 8, false), (3, 2, 2, 3, 9, true);
INSERT INTO roomserver_state_block (state_block_nid, event_type_nid, event_state_key_nid, event_nid) VALUES
  (1, 1, 1, 1), (1, 5, 2, 2), (2, 1, 1, 1), (2, 5, 2, 2), (2, 5, 3, 5), (3, 1, 1, 7), (3, 7, 1, 8);
SELECT setval('roomserver_state_block_nid_seq', 3);
INSERT INTO roomserver_published (room_id, published, appservice_id, network_id) VALUES
  ('!abc:example.org', true, '', ''), ('!def:example.org', false, '', ''), ('!irc_room:example.org', true, 'irc', 'libera');
INSERT INTO roomserver_events (room_nid, event_type_nid, event_state_key_nid, sent_to_output, state_snapshot_nid, depth, event_id, reference_sha256, auth_event_nids, is_rejected) VALUES
  (1, 1, 1, true, 0, 1, '$ev1', '\x0a1b', '{}', false),
  (1, 5, 2, true, 1, 2, '$ev2', '\x0a2b', '{1}', false),
  (1, 7, 1, true, 2, 3, '$ev3', '\x0a3b', '{1,2}', false),
  (2, 1, 1, false, 0, 1, '$ev4', '\x0a4b', '{}', false),
  (1, 9, 0, true, 2, 4, '$ev5', '\x0a5b', '{1,2,3}', false),
  (1, 9, 0, false, 0, 5, '$ev6', '\x', '{1,2}', true);
INSERT INTO roomserver_previous_events (previous_event_id, previous_reference_sha256, event_nids) VALUES
  ('$ev1', '\x0a1b', '{2}'), ('$ev2', '\x0a2b', '{3}'), ('$ev3', '\x0a3b', '{5,6}'), ('$ev3', '\xffff', '{6}'), ('$missing:remote', '\x01', '{4}');
INSERT INTO syncapi_output_room_events (event_id, room_id, headered_event_json, type, sender, contains_url, add_state_ids, remove_state_ids, session_id, transaction_id, exclude_from_sync) VALUES
  ('$ev1', '!abc:example.org', '{"type": "m.room.create", "room_version": "6"}', 'm.room.create', '@alice:example.org', false, '{$ev1}', NULL, NULL, NULL, false),
  ('$ev2', '!abc:example.org', '{"type": "m.room.member"}', 'm.room.member', '@alice:example.org', false, '{$ev2}', NULL, 1, 'm1600000000.0', false),
  ('$ev3', '!abc:example.org', '{"type": "m.room.history_visibility"}', 'm.room.history_visibility', '@alice:example.org', false, '{$ev3}', '{}', NULL, NULL, false),
  ('$ev5', '!abc:example.org', '{"type": "m.room.message", "content": {"body": "hi"}}', 'm.room.message', '@alice:example.org', false, NULL, NULL, 1, 'm1600000001.1', false),
  ('$ev7', '!abc:example.org', '{"type": "m.room.message", "content": {"url": "mxc://x/y"}}', 'm.room.message', '@bob:example.org', true, NULL, NULL, NULL, NULL, NULL),
  ('$ev8', '!ghi:matrix.org', '{"type": "m.room.encrypted"}', 'm.room.encrypted', '@carol:matrix.org', false, NULL, NULL, NULL, NULL, true);
INSERT INTO syncapi_receipts (room_id, receipt_type, user_id, event_id, receipt_ts) VALUES
  ('!abc:example.org', 'm.read', '@alice:example.org', '$ev5', 1601000500000),
  ('!abc:example.org', 'm.read', '@bob:example.org', '$ev3', 1601000400000),
  ('!abc:example.org', 'm.read.private', '@bob:example.org', '$ev5', 1601000600000),
  ('!ghi:matrix.org', 'm.read', '@alice:example.org', '$ev8', 1601000700000),
  ('!def:example.org', 'm.fully_read', '@alice:example.org', '', 0);
INSERT INTO syncapi_send_to_device (user_id, device_id, content, sent_by_token) VALUES
  ('@alice:example.org', 'ALICEPHONE', '{"type": "m.room_key_request"}', NULL),
  ('@alice:example.org', 'ALICEWEB', '{"type": "m.room.encrypted"}', 's12_3_0_1'),
  ('@bob:example.org', 'BOBDESKTOP', '{"type": "m.key.verification.request"}', NULL),
  ('@bob:example.org', '*', '{}', 's9_1_0_0');
