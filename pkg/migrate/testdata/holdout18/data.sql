-- The rows the serving versions find. Twenty: 5 workspaces (active, trialing, a deleted one, one
-- pending creation without a name, one with a Unicode name), 6 users (one soft-deleted with the
-- e-mail a live user has again, one with a pending password reset, one without a name), 6 app tokens
-- (refresh tokens, one revoked, a code challenge, an authorization code), 7 workspace memberships,
-- 5 feature flags, 4 cache versions, 6 key-value pairs (user-only, workspace-only and both), 3
-- billing subscriptions and no subscription items (the table is empty, as it was when
-- 1709233666080 added its NOT NULL column). PeerTube: 3 remote servers, 9 actors (the instance's
-- Application actor, local people and channels, remote ones), the application row, 3 users, 6
-- accounts, 5 channels, 6 videos (public, unlisted, a live, remote ones, one without a language),
-- 7 comments (a thread, a deleted one, one held for review), 4 playlists (a watch-later one without
-- a channel), 11 thumbnails (a filename used by two types, two same-size thumbnails of one video),
-- 4 viewers, an OAuth client and 4 tokens (two still valid), 2 runner registration tokens, 2
-- runners, 4 runner jobs (one depending on another), 2 account and 2 server blocks, and 3
-- notification settings.

-- Twenty.
INSERT INTO "core"."workspace" ("id", "domainName", "displayName", "logo", "inviteHash", "deletedAt", "createdAt", "updatedAt", "allowImpersonation", "subscriptionStatus", "activationStatus") VALUES
  ('20202020-1c25-4d02-bf25-6aeccf7ea419', 'apple.dev', 'Apple', 'https://twentyhq.github.io/placeholder-images/workspaces/apple-logo.png', 'apple.dev-invite-hash', NULL, '2024-01-10 09:00:00+00', '2024-06-01 12:00:00+00', true, 'active', 'ACTIVE'),
  ('3b8e6458-5fc1-4e63-8563-008ccddaa6db', 'acme.io', 'Acme', NULL, 'acme-5f2c', NULL, '2024-02-02 10:30:00+00', '2024-02-02 10:30:00+00', false, 'trialing', 'ACTIVE'),
  ('0b1f5d2e-7a4a-4c9e-9a0e-3f0f0c2b9e11', NULL, 'Deleted Co', NULL, NULL, '2024-05-20 08:00:00+00', '2023-12-01 08:00:00+00', '2024-05-20 08:00:00+00', true, 'canceled', 'INACTIVE'),
  ('9e2f7c41-2d3b-4a57-8c1e-5b6a7d8e9f00', NULL, NULL, NULL, NULL, NULL, '2024-06-30 23:59:59+00', '2024-06-30 23:59:59+00', true, 'incomplete', 'PENDING_CREATION'),
  ('5c0d1e2f-3a4b-4c5d-8e6f-7a8b9c0d1e2f', 'zoe.example', 'Zoë & Co''s', 'data:image/png;base64,iVBORw0KGgo=', 'zoe-hash', NULL, '2024-03-15 14:00:00+00', '2024-04-01 07:45:00+00', true, 'past_due', 'ACTIVE');

INSERT INTO "core"."user" ("id", "firstName", "lastName", "email", "emailVerified", "disabled", "passwordHash", "canImpersonate", "createdAt", "updatedAt", "deletedAt", "defaultWorkspaceId", "passwordResetToken", "passwordResetTokenExpiresAt") VALUES
  ('20202020-9e3b-46d4-a556-88b9ddc2b034', 'Tim', 'Apple', 'tim@apple.dev', true, false, '$2b$10$3LwXjJRtLsfx4hLuuXhxt.3mWgismTiZFCZSG3z9kDrSfsF4GBYWC', true, '2024-01-10 09:00:00+00', '2024-06-01 12:00:00+00', NULL, '20202020-1c25-4d02-bf25-6aeccf7ea419', NULL, NULL),
  ('20202020-3957-4908-9c36-2929a23f8357', 'Jony', 'Ive', 'jony.ive@apple.dev', true, false, '$2b$10$3LwXjJRtLsfx4hLuuXhxt.3mWgismTiZFCZSG3z9kDrSfsF4GBYWC', false, '2024-01-11 09:00:00+00', '2024-01-11 09:00:00+00', NULL, '20202020-1c25-4d02-bf25-6aeccf7ea419', 'c7f1e0c2a1b34d5e9f8a7b6c5d4e3f2a', '2024-07-01 10:00:00'),
  ('20202020-7169-42cf-bc47-1cfef15264b8', 'Phil', 'Schiller', 'tim@apple.dev', false, false, NULL, false, '2023-11-02 09:00:00+00', '2024-01-09 09:00:00+00', '2024-01-09 09:00:00', '20202020-1c25-4d02-bf25-6aeccf7ea419', 'expired-token-without-date', NULL),
  ('6a1b2c3d-4e5f-4a6b-9c7d-8e9fa0b1c2d3', '', '', 'wile.e@acme.io', false, false, '$2b$10$abcdefghijklmnopqrstuv', false, '2024-02-02 10:30:00+00', '2024-02-02 10:30:00+00', NULL, '3b8e6458-5fc1-4e63-8563-008ccddaa6db', NULL, NULL),
  ('7b2c3d4e-5f6a-4b7c-8d9e-0fa1b2c3d4e5', 'Zoë', 'Ünal-O''Brien', 'ZOE@zoe.example', true, true, NULL, false, '2024-03-15 14:00:00+00', '2024-04-01 07:45:00+00', NULL, '5c0d1e2f-3a4b-4c5d-8e6f-7a8b9c0d1e2f', NULL, NULL),
  ('8c3d4e5f-6a7b-4c8d-9e0f-a1b2c3d4e5f6', 'Road', 'Runner', 'beep@acme.io', true, false, '$2b$10$zyxwvutsrqponmlkjihgfe', false, '2024-02-03 11:00:00+00', '2024-02-03 11:00:00+00', NULL, '0b1f5d2e-7a4a-4c9e-9a0e-3f0f0c2b9e11', NULL, NULL);

INSERT INTO "core"."appToken" ("id", "userId", "expiresAt", "deletedAt", "revokedAt", "createdAt", "updatedAt", "workspaceId", "type", "value") VALUES
  ('a1000000-0000-4000-8000-000000000001', '20202020-9e3b-46d4-a556-88b9ddc2b034', '2024-08-01 09:00:00+00', NULL, NULL, '2024-06-01 09:00:00+00', '2024-06-01 09:00:00+00', '20202020-1c25-4d02-bf25-6aeccf7ea419', 'REFRESH_TOKEN', NULL),
  ('a1000000-0000-4000-8000-000000000002', '20202020-9e3b-46d4-a556-88b9ddc2b034', '2024-05-01 09:00:00+00', NULL, '2024-04-15 09:00:00+00', '2024-04-01 09:00:00+00', '2024-04-15 09:00:00+00', '20202020-1c25-4d02-bf25-6aeccf7ea419', 'REFRESH_TOKEN', NULL),
  ('a1000000-0000-4000-8000-000000000003', '6a1b2c3d-4e5f-4a6b-9c7d-8e9fa0b1c2d3', '2024-02-02 10:35:00+00', NULL, NULL, '2024-02-02 10:30:00+00', '2024-02-02 10:30:00+00', '3b8e6458-5fc1-4e63-8563-008ccddaa6db', 'CODE_CHALLENGE', 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'),
  ('a1000000-0000-4000-8000-000000000004', '6a1b2c3d-4e5f-4a6b-9c7d-8e9fa0b1c2d3', '2024-02-02 10:36:00+00', NULL, NULL, '2024-02-02 10:31:00+00', '2024-02-02 10:31:00+00', '3b8e6458-5fc1-4e63-8563-008ccddaa6db', 'AUTHORIZATION_CODE', 'auth-code-7f3a'),
  ('a1000000-0000-4000-8000-000000000005', '7b2c3d4e-5f6a-4b7c-8d9e-0fa1b2c3d4e5', '2024-06-01 07:45:00+00', '2024-04-02 00:00:00+00', NULL, '2024-04-01 07:45:00+00', '2024-04-02 00:00:00+00', '5c0d1e2f-3a4b-4c5d-8e6f-7a8b9c0d1e2f', 'REFRESH_TOKEN', NULL),
  ('a1000000-0000-4000-8000-000000000006', '8c3d4e5f-6a7b-4c8d-9e0f-a1b2c3d4e5f6', '2024-03-03 11:00:00+00', NULL, NULL, '2024-02-03 11:00:00+00', '2024-02-03 11:00:00+00', NULL, 'REFRESH_TOKEN', NULL);

INSERT INTO "core"."userWorkspace" ("id", "userId", "workspaceId", "createdAt", "updatedAt", "deletedAt") VALUES
  ('b2000000-0000-4000-8000-000000000001', '20202020-9e3b-46d4-a556-88b9ddc2b034', '20202020-1c25-4d02-bf25-6aeccf7ea419', '2024-01-10 09:00:00', '2024-01-10 09:00:00', NULL),
  ('b2000000-0000-4000-8000-000000000002', '20202020-3957-4908-9c36-2929a23f8357', '20202020-1c25-4d02-bf25-6aeccf7ea419', '2024-01-11 09:00:00', '2024-01-11 09:00:00', NULL),
  ('b2000000-0000-4000-8000-000000000003', '20202020-7169-42cf-bc47-1cfef15264b8', '20202020-1c25-4d02-bf25-6aeccf7ea419', '2023-11-02 09:00:00', '2024-01-09 09:00:00', '2024-01-09 09:00:00'),
  ('b2000000-0000-4000-8000-000000000004', '6a1b2c3d-4e5f-4a6b-9c7d-8e9fa0b1c2d3', '3b8e6458-5fc1-4e63-8563-008ccddaa6db', '2024-02-02 10:30:00', '2024-02-02 10:30:00', NULL),
  ('b2000000-0000-4000-8000-000000000005', '8c3d4e5f-6a7b-4c8d-9e0f-a1b2c3d4e5f6', '3b8e6458-5fc1-4e63-8563-008ccddaa6db', '2024-02-03 11:00:00', '2024-02-03 11:00:00', NULL),
  ('b2000000-0000-4000-8000-000000000006', '8c3d4e5f-6a7b-4c8d-9e0f-a1b2c3d4e5f6', '0b1f5d2e-7a4a-4c9e-9a0e-3f0f0c2b9e11', '2023-12-01 08:00:00', '2023-12-01 08:00:00', NULL),
  ('b2000000-0000-4000-8000-000000000007', '7b2c3d4e-5f6a-4b7c-8d9e-0fa1b2c3d4e5', '5c0d1e2f-3a4b-4c5d-8e6f-7a8b9c0d1e2f', '2024-03-15 14:00:00', '2024-03-15 14:00:00', NULL);

INSERT INTO "core"."featureFlag" ("id", "key", "workspaceId", "value", "createdAt", "updatedAt") VALUES
  ('c3000000-0000-4000-8000-000000000001', 'IS_BLOCKLIST_ENABLED', '20202020-1c25-4d02-bf25-6aeccf7ea419', true, '2024-01-10 09:00:00', '2024-01-10 09:00:00'),
  ('c3000000-0000-4000-8000-000000000002', 'IS_CALENDAR_ENABLED', '20202020-1c25-4d02-bf25-6aeccf7ea419', false, '2024-01-10 09:00:00', '2024-03-10 09:00:00'),
  ('c3000000-0000-4000-8000-000000000003', 'IS_BLOCKLIST_ENABLED', '3b8e6458-5fc1-4e63-8563-008ccddaa6db', false, '2024-02-02 10:30:00', '2024-02-02 10:30:00'),
  ('c3000000-0000-4000-8000-000000000004', 'IS_AIRTABLE_INTEGRATION_ENABLED', '5c0d1e2f-3a4b-4c5d-8e6f-7a8b9c0d1e2f', true, '2024-03-15 14:00:00', '2024-03-15 14:00:00'),
  ('c3000000-0000-4000-8000-000000000005', 'IS_POSTGRESQL_INTEGRATION_ENABLED', '0b1f5d2e-7a4a-4c9e-9a0e-3f0f0c2b9e11', true, '2023-12-01 08:00:00', '2023-12-01 08:00:00');

INSERT INTO "core"."workspaceCacheVersion" ("id", "workspaceId", "version", "createdAt", "updatedAt") VALUES
  ('d4000000-0000-4000-8000-000000000001', '20202020-1c25-4d02-bf25-6aeccf7ea419', 'a9d2f6e1-0c3b-4e8a-b7d5-2f1e0c9b8a76', '2024-01-10 09:00:00', '2024-06-01 12:00:00'),
  ('d4000000-0000-4000-8000-000000000002', '3b8e6458-5fc1-4e63-8563-008ccddaa6db', '1', '2024-02-02 10:30:00', '2024-02-02 10:30:00'),
  ('d4000000-0000-4000-8000-000000000003', '5c0d1e2f-3a4b-4c5d-8e6f-7a8b9c0d1e2f', 'e4c1b2a3-9f8e-4d7c-a6b5-0f1e2d3c4b5a', '2024-03-15 14:00:00', '2024-04-01 07:45:00'),
  ('d4000000-0000-4000-8000-000000000004', '0b1f5d2e-7a4a-4c9e-9a0e-3f0f0c2b9e11', '', '2023-12-01 08:00:00', '2023-12-01 08:00:00');

INSERT INTO "core"."keyValuePair" ("id", "userId", "workspaceId", "key", "value", "createdAt", "updatedAt", "deletedAt") VALUES
  ('e5000000-0000-4000-8000-000000000001', '20202020-9e3b-46d4-a556-88b9ddc2b034', '20202020-1c25-4d02-bf25-6aeccf7ea419', 'SIGNUP_FLOW_COMPLETED', 'true', '2024-06-01 09:00:00+00', '2024-06-01 09:00:00+00', NULL),
  ('e5000000-0000-4000-8000-000000000002', '20202020-9e3b-46d4-a556-88b9ddc2b034', NULL, 'ONBOARDING_CONNECT_ACCOUNT_COMPLETE', 'true', '2024-06-02 09:00:00+00', '2024-06-02 09:00:00+00', NULL),
  ('e5000000-0000-4000-8000-000000000003', NULL, '3b8e6458-5fc1-4e63-8563-008ccddaa6db', 'ONBOARDING_INVITE_TEAM_PENDING', 'false', '2024-06-03 09:00:00+00', '2024-06-03 09:00:00+00', NULL),
  ('e5000000-0000-4000-8000-000000000004', '6a1b2c3d-4e5f-4a6b-9c7d-8e9fa0b1c2d3', NULL, 'ONBOARDING_CONNECT_ACCOUNT_COMPLETE', NULL, '2024-06-04 09:00:00+00', '2024-06-04 09:00:00+00', NULL),
  ('e5000000-0000-4000-8000-000000000005', '7b2c3d4e-5f6a-4b7c-8d9e-0fa1b2c3d4e5', '5c0d1e2f-3a4b-4c5d-8e6f-7a8b9c0d1e2f', 'ONBOARDING_CREATE_PROFILE_PENDING', '{"step": 2}', '2024-06-05 09:00:00+00', '2024-06-05 09:00:00+00', '2024-06-06 09:00:00+00'),
  ('e5000000-0000-4000-8000-000000000006', NULL, '20202020-1c25-4d02-bf25-6aeccf7ea419', 'ONBOARDING_INVITE_TEAM_PENDING', '', '2024-06-06 09:00:00+00', '2024-06-06 09:00:00+00', NULL);

INSERT INTO "core"."billingSubscription" ("id", "deletedAt", "createdAt", "updatedAt", "workspaceId", "stripeCustomerId", "stripeSubscriptionId", "status") VALUES
  ('f6000000-0000-4000-8000-000000000001', NULL, '2024-02-20 10:00:00+00', '2024-02-20 10:00:00+00', '20202020-1c25-4d02-bf25-6aeccf7ea419', 'cus_PbX1apple', 'sub_1OmApple', 'active'),
  ('f6000000-0000-4000-8000-000000000002', NULL, '2024-02-22 10:00:00+00', '2024-02-23 10:00:00+00', '3b8e6458-5fc1-4e63-8563-008ccddaa6db', 'cus_PbX2acme', 'sub_1OmAcme', 'trialing'),
  ('f6000000-0000-4000-8000-000000000003', '2024-04-01 00:00:00', '2024-02-25 10:00:00+00', '2024-04-01 00:00:00+00', '5c0d1e2f-3a4b-4c5d-8e6f-7a8b9c0d1e2f', 'cus_PbX3zoe', 'sub_1OmZoe', 'past_due');

-- PeerTube.
INSERT INTO public.server (host, "redundancyAllowed", "createdAt", "updatedAt") VALUES
  ('framatube.org', false, '2024-03-01 10:00:00+00', '2024-03-01 10:00:00+00'),
  ('tube.example.net', true, '2024-04-01 10:00:00+00', '2024-05-01 10:00:00+00'),
  ('peertube.xn--nicode-3ya.example', false, '2024-06-01 10:00:00+00', '2024-06-01 10:00:00+00');

INSERT INTO public.actor (type, "preferredUsername", url, "publicKey", "privateKey", "followersCount", "followingCount", "inboxUrl", "outboxUrl", "sharedInboxUrl", "followersUrl", "followingUrl", "remoteCreatedAt", "serverId", "createdAt", "updatedAt") VALUES
  ('Application', 'peertube', 'https://tube.local/accounts/peertube', '-----BEGIN PUBLIC KEY-----\nMIIB', '-----BEGIN PRIVATE KEY-----\nMIIE', 0, 2, 'https://tube.local/accounts/peertube/inbox', 'https://tube.local/accounts/peertube/outbox', 'https://tube.local/inbox', 'https://tube.local/accounts/peertube/followers', 'https://tube.local/accounts/peertube/following', NULL, NULL, '2024-01-01 00:00:00+00', '2024-01-01 00:00:00+00'),
  ('Person', 'root', 'https://tube.local/accounts/root', '-----BEGIN PUBLIC KEY-----\nMIIC', '-----BEGIN PRIVATE KEY-----\nMIIF', 3, 1, 'https://tube.local/accounts/root/inbox', 'https://tube.local/accounts/root/outbox', 'https://tube.local/inbox', 'https://tube.local/accounts/root/followers', 'https://tube.local/accounts/root/following', NULL, NULL, '2024-01-01 00:00:00+00', '2024-01-01 00:00:00+00'),
  ('Group', 'root_channel', 'https://tube.local/video-channels/root_channel', '-----BEGIN PUBLIC KEY-----\nMIID', '-----BEGIN PRIVATE KEY-----\nMIIG', 5, 0, 'https://tube.local/video-channels/root_channel/inbox', 'https://tube.local/video-channels/root_channel/outbox', 'https://tube.local/inbox', 'https://tube.local/video-channels/root_channel/followers', 'https://tube.local/video-channels/root_channel/following', NULL, NULL, '2024-01-01 00:00:00+00', '2024-01-01 00:00:00+00'),
  ('Person', 'Alice', 'https://tube.local/accounts/alice', '-----BEGIN PUBLIC KEY-----\nMIIH', '-----BEGIN PRIVATE KEY-----\nMIIJ', 0, 4, 'https://tube.local/accounts/alice/inbox', 'https://tube.local/accounts/alice/outbox', 'https://tube.local/inbox', 'https://tube.local/accounts/alice/followers', 'https://tube.local/accounts/alice/following', NULL, NULL, '2024-02-01 00:00:00+00', '2024-02-01 00:00:00+00'),
  ('Group', 'alice_cooking', 'https://tube.local/video-channels/alice_cooking', '-----BEGIN PUBLIC KEY-----\nMIIK', '-----BEGIN PRIVATE KEY-----\nMIIL', 1, 0, 'https://tube.local/video-channels/alice_cooking/inbox', 'https://tube.local/video-channels/alice_cooking/outbox', 'https://tube.local/inbox', 'https://tube.local/video-channels/alice_cooking/followers', 'https://tube.local/video-channels/alice_cooking/following', NULL, NULL, '2024-02-01 00:00:00+00', '2024-02-01 00:00:00+00'),
  ('Person', 'bob', 'https://framatube.org/accounts/bob', '-----BEGIN PUBLIC KEY-----\nMIIM', NULL, 12, 3, 'https://framatube.org/accounts/bob/inbox', 'https://framatube.org/accounts/bob/outbox', 'https://framatube.org/inbox', 'https://framatube.org/accounts/bob/followers', 'https://framatube.org/accounts/bob/following', '2020-05-01 00:00:00+00', 1, '2024-03-01 10:00:00+00', '2024-03-01 10:00:00+00'),
  ('Group', 'bob_videos', 'https://framatube.org/video-channels/bob_videos', '-----BEGIN PUBLIC KEY-----\nMIIN', NULL, 40, 0, 'https://framatube.org/video-channels/bob_videos/inbox', NULL, 'https://framatube.org/inbox', NULL, NULL, '2020-05-01 00:00:00+00', 1, '2024-03-01 10:00:00+00', '2024-03-01 10:00:00+00'),
  ('Person', 'Bob', 'https://tube.example.net/accounts/Bob', NULL, NULL, 0, 0, 'https://tube.example.net/accounts/Bob/inbox', NULL, NULL, NULL, NULL, NULL, 2, '2024-04-01 10:00:00+00', '2024-04-01 10:00:00+00'),
  ('Group', 'ünïcode_chännel', 'https://tube.example.net/video-channels/%C3%BCn%C3%AFcode_ch%C3%A4nnel', NULL, NULL, 0, 0, 'https://tube.example.net/video-channels/unicode/inbox', NULL, 'https://tube.example.net/inbox', NULL, NULL, NULL, 2, '2024-04-01 10:00:00+00', '2024-04-01 10:00:00+00');

INSERT INTO public.application ("migrationVersion", "latestPeerTubeVersion", "nodeVersion", "nodeABIVersion") VALUES
  (950, '7.3.0', 'v20.18.1', 115);

INSERT INTO public."user" (password, username, email, "pendingEmail", "emailVerified", "nsfwPolicy", "nsfwFlagsDisplayed", "nsfwFlagsHidden", "nsfwFlagsBlurred", "nsfwFlagsWarned", "p2pEnabled", "videosHistoryEnabled", "autoPlayVideo", "autoPlayNextVideo", "autoPlayNextVideoPlaylist", language, "videoLanguages", "adminFlags", blocked, "blockedReason", role, "videoQuota", "videoQuotaDaily", theme, "noInstanceConfigWarningModal", "noWelcomeModal", "noAccountSetupWarningModal", "pluginAuth", "feedToken", "lastLoginDate", "emailPublic", "otpSecret", "createdAt", "updatedAt") VALUES
  ('$2b$10$Nq0HeMnm1J1LxF6aFxjZ7eb5', 'root', 'admin@tube.local', NULL, true, 'do_not_list', 0, 0, 0, 0, true, true, true, false, true, 'en', NULL, 1, false, NULL, 0, -1, -1, 'instance-default', true, true, true, NULL, 'b0f3a1e2-1111-4c4c-9d9d-aaaaaaaaaaaa', '2024-06-01 08:00:00+00', false, NULL, '2024-01-01 00:00:00+00', '2024-06-01 08:00:00+00'),
  ('$2b$10$Zz9yXw8vU7tS6rQ5pO4nM3', 'alice', 'alice@example.org', 'alice.new@example.org', true, 'blur', 1, 0, 2, 4, false, false, false, true, true, 'fr', '{fr,en}', 0, false, NULL, 2, 10737418240, 1073741824, 'peertube-core-dark-brown', false, true, false, NULL, 'c1e4b2f3-2222-4d5d-8e8e-bbbbbbbbbbbb', '2024-05-20 18:30:00+00', true, '9a8b7c6d5e4f3a2b1c0d:e1f2a3b4c5d6', '2024-02-01 00:00:00+00', '2024-05-20 18:30:00+00'),
  (NULL, 'modö', 'MOD@Tube.Local', NULL, NULL, 'display', 0, 0, 0, 0, true, true, true, false, true, NULL, '{}', 0, true, 'spam reports', 1, 0, 0, 'instance-default', false, false, false, 'peertube-plugin-auth-ldap', 'd2f5c3a4-3333-4e6e-9f9f-cccccccccccc', NULL, false, NULL, '2024-03-01 00:00:00+00', '2024-03-02 00:00:00+00');

INSERT INTO public.account (name, description, "actorId", "userId", "applicationId", "createdAt", "updatedAt") VALUES
  ('peertube', NULL, 1, NULL, 1, '2024-01-01 00:00:00+00', '2024-01-01 00:00:00+00'),
  ('root', 'The instance administrator', 2, 1, NULL, '2024-01-01 00:00:00+00', '2024-01-01 00:00:00+00'),
  ('Alice Lidell', 'Recettes & vidéos', 4, 2, NULL, '2024-02-01 00:00:00+00', '2024-04-01 00:00:00+00'),
  ('Bob', NULL, 6, NULL, NULL, '2024-03-01 10:00:00+00', '2024-03-01 10:00:00+00'),
  ('Bob (tube.example.net)', '', 8, NULL, NULL, '2024-04-01 10:00:00+00', '2024-04-01 10:00:00+00'),
  ('mod account', NULL, NULL, 3, NULL, '2024-03-01 00:00:00+00', '2024-03-01 00:00:00+00');

INSERT INTO public."videoChannel" (name, description, support, "actorId", "accountId", "createdAt", "updatedAt") VALUES
  ('Main root channel', NULL, NULL, 3, 2, '2024-01-01 00:00:00+00', '2024-01-01 00:00:00+00'),
  ('Alice cuisine', 'Cuisine végétarienne', 'https://liberapay.com/alice', 5, 3, '2024-02-01 00:00:00+00', '2024-02-01 00:00:00+00'),
  ('Bob''s videos', 'Remote channel', NULL, 7, 4, '2024-03-01 10:00:00+00', '2024-03-01 10:00:00+00'),
  ('Ünïcode chännel', NULL, '', 9, 5, '2024-04-01 10:00:00+00', '2024-04-01 10:00:00+00'),
  ('Unlisted drafts', NULL, NULL, NULL, 3, '2024-05-01 00:00:00+00', '2024-05-01 00:00:00+00');

INSERT INTO public.video (uuid, name, category, licence, language, privacy, nsfw, "nsfwFlags", "nsfwSummary", description, support, duration, views, likes, dislikes, comments, remote, "isLive", url, "commentsPolicy", "downloadEnabled", "waitTranscoding", state, "aspectRatio", "inputFileUpdatedAt", "publishedAt", "originallyPublishedAt", "channelId", "createdAt", "updatedAt") VALUES
  ('9c9de5e8-0a1e-484a-b099-e80766180a6d', 'Welcome to my instance', 15, 1, 'en', 1, false, 0, NULL, 'A **markdown** description', NULL, 125, 42, 3, 0, 3, false, false, 'https://tube.local/videos/watch/9c9de5e8-0a1e-484a-b099-e80766180a6d', 1, true, true, 1, 1.7778, '2024-01-02 00:00:00+00', '2024-01-02 00:10:00+00', NULL, 1, '2024-01-02 00:00:00+00', '2024-06-01 00:00:00+00'),
  ('1f0e6c2d-3b4a-4c5d-9e8f-7a6b5c4d3e2f', 'Tarte aux poireaux', 13, 2, 'fr', 2, false, 0, NULL, NULL, 'https://liberapay.com/alice', 903, 7, 1, 1, 2, false, false, 'https://tube.local/videos/watch/1f0e6c2d-3b4a-4c5d-9e8f-7a6b5c4d3e2f', 2, false, true, 1, 0.5625, '2024-02-05 00:00:00+00', '2024-02-05 12:00:00+00', '2019-07-14 00:00:00+00', 2, '2024-02-05 00:00:00+00', '2024-02-06 00:00:00+00'),
  ('2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d', 'Live: cooking stream', NULL, NULL, NULL, 1, false, 0, NULL, NULL, NULL, 0, 0, 0, 0, 0, false, true, 'https://tube.local/videos/watch/2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d', 1, true, false, 4, NULL, NULL, '2024-05-01 18:00:00+00', NULL, 2, '2024-05-01 17:00:00+00', '2024-05-01 18:00:00+00'),
  ('3b4c5d6e-7f8a-4b9c-8d1e-2f3a4b5c6d7e', 'Framasoft: Dégooglisons Internet', 11, 1, 'fr', 1, false, 0, NULL, 'Remote video', NULL, 3610, 1500, 120, 4, 1, true, false, 'https://framatube.org/videos/watch/3b4c5d6e-7f8a-4b9c-8d1e-2f3a4b5c6d7e', 1, true, false, 1, 1.7778, NULL, '2020-06-01 00:00:00+00', NULL, 3, '2024-03-01 10:00:00+00', '2024-03-01 10:00:00+00'),
  ('4c5d6e7f-8a9b-4c0d-9e2f-3a4b5c6d7e8f', 'Sensitive documentary', 10, 7, NULL, 1, true, 3, 'Violence', NULL, NULL, 2400, 3, 0, 0, 0, true, false, 'https://tube.example.net/w/4c5d6e7f', 3, false, false, 1, 1.3333, NULL, '2024-04-02 00:00:00+00', '2001-01-01 00:00:00+00', 4, '2024-04-02 00:00:00+00', '2024-04-02 00:00:00+00'),
  ('5d6e7f8a-9b0c-4d1e-8f3a-4b5c6d7e8f9a', 'Draft being transcoded', NULL, NULL, 'zh-Hans', 4, false, 0, NULL, '', NULL, 60, 0, 0, 0, 0, false, false, 'https://tube.local/videos/watch/5d6e7f8a-9b0c-4d1e-8f3a-4b5c6d7e8f9a', 1, true, true, 2, NULL, '2024-05-02 00:00:00+00', '2024-05-02 00:00:00+00', NULL, 5, '2024-05-02 00:00:00+00', '2024-05-02 00:05:00+00');

INSERT INTO public."videoComment" ("deletedAt", url, text, "heldForReview", "replyApproval", "originCommentId", "inReplyToCommentId", "videoId", "accountId", "createdAt", "updatedAt") VALUES
  (NULL, 'https://tube.local/videos/watch/9c9de5e8-0a1e-484a-b099-e80766180a6d/comments/1', 'Nice instance!', false, NULL, NULL, NULL, 1, 3, '2024-02-02 10:00:00+00', '2024-02-02 10:00:00+00'),
  (NULL, 'https://tube.local/videos/watch/9c9de5e8-0a1e-484a-b099-e80766180a6d/comments/2', 'Thanks @alice', false, NULL, 1, 1, 1, 2, '2024-02-02 11:00:00+00', '2024-02-02 11:00:00+00'),
  ('2024-02-03 00:00:00+00', 'https://framatube.org/videos/watch/9c9de5e8/comments/99', '', false, NULL, 1, 2, 1, NULL, '2024-02-02 12:00:00+00', '2024-02-03 00:00:00+00'),
  (NULL, 'https://tube.local/videos/watch/1f0e6c2d-3b4a-4c5d-9e8f-7a6b5c4d3e2f/comments/4', 'Miam 😋', false, NULL, NULL, NULL, 2, 4, '2024-03-05 10:00:00+00', '2024-03-05 10:00:00+00'),
  (NULL, 'https://tube.example.net/comments/5', 'Buy cheap pills at http://spam.example', true, 'pending', NULL, NULL, 2, 5, '2024-04-05 10:00:00+00', '2024-04-05 10:00:00+00'),
  (NULL, 'https://framatube.org/videos/watch/3b4c5d6e/comments/6', 'Merci Framasoft', false, NULL, NULL, NULL, 4, 3, '2024-03-06 10:00:00+00', '2024-03-06 10:00:00+00'),
  (NULL, 'https://tube.local/videos/watch/9c9de5e8-0a1e-484a-b099-e80766180a6d/comments/7', 'Second thread', false, 'approved', NULL, NULL, 1, 4, '2024-03-07 10:00:00+00', '2024-03-07 10:00:00+00');

INSERT INTO public."videoPlaylist" (name, description, privacy, url, uuid, type, "videoChannelPosition", "ownerAccountId", "videoChannelId", "createdAt", "updatedAt") VALUES
  ('Watch later', NULL, 3, 'https://tube.local/video-playlists/6e7f8a9b-0c1d-4e2f-9a3b-4c5d6e7f8a9b', '6e7f8a9b-0c1d-4e2f-9a3b-4c5d6e7f8a9b', 2, NULL, 2, NULL, '2024-01-01 00:00:00+00', '2024-01-01 00:00:00+00'),
  ('Recettes d''hiver', 'Soupes et tartes', 1, 'https://tube.local/video-playlists/7f8a9b0c-1d2e-4f3a-8b4c-5d6e7f8a9b0c', '7f8a9b0c-1d2e-4f3a-8b4c-5d6e7f8a9b0c', 1, 1, 3, 2, '2024-02-10 00:00:00+00', '2024-03-10 00:00:00+00'),
  ('Desserts', NULL, 2, 'https://tube.local/video-playlists/8a9b0c1d-2e3f-4a4b-9c5d-6e7f8a9b0c1d', '8a9b0c1d-2e3f-4a4b-9c5d-6e7f8a9b0c1d', 1, NULL, 3, 2, '2024-02-20 00:00:00+00', '2024-04-20 00:00:00+00'),
  ('Best of Framasoft', 'Remote playlist', 1, 'https://framatube.org/video-playlists/9b0c1d2e', '9b0c1d2e-3f4a-4b5c-8d6e-7f8a9b0c1d2e', 1, NULL, 4, 3, '2024-03-02 00:00:00+00', '2024-03-02 00:00:00+00');

INSERT INTO public.thumbnail (filename, height, width, type, "fileUrl", "automaticallyGenerated", "onDisk", "videoId", "videoPlaylistId", "createdAt", "updatedAt") VALUES
  ('9c9de5e8-0a1e-484a-b099-e80766180a6d.jpg', 157, 280, 1, NULL, true, true, 1, NULL, '2024-01-02 00:00:00+00', '2024-01-02 00:00:00+00'),
  ('0d1c2b3a-preview.jpg', 480, 850, 2, NULL, true, true, 1, NULL, '2024-01-02 00:00:00+00', '2024-01-02 00:00:00+00'),
  ('1f0e6c2d-thumb.jpg', 157, 280, 1, NULL, false, true, 2, NULL, '2024-02-05 00:00:00+00', '2024-02-05 00:00:00+00'),
  ('1f0e6c2d-thumb.jpg', 480, 850, 2, NULL, false, true, 2, NULL, '2024-02-05 00:00:00+00', '2024-02-05 00:00:00+00'),
  ('3b4c5d6e-remote.jpg', 157, 280, 1, 'https://framatube.org/lazy-static/thumbnails/3b4c5d6e.jpg', NULL, false, 4, NULL, '2024-03-01 10:00:00+00', '2024-03-01 10:00:00+00'),
  ('3b4c5d6e-remote-old.jpg', 157, 280, 1, 'https://framatube.org/lazy-static/thumbnails/3b4c5d6e-old.jpg', NULL, false, 4, NULL, '2024-02-01 10:00:00+00', '2024-02-01 10:00:00+00'),
  ('4c5d6e7f.jpg', NULL, NULL, 1, 'https://tube.example.net/static/thumbnails/4c5d6e7f.jpg', NULL, false, 5, NULL, '2024-04-02 00:00:00+00', '2024-04-02 00:00:00+00'),
  ('playlist-7f8a9b0c.jpg', 157, 280, 1, NULL, true, true, NULL, 2, '2024-02-10 00:00:00+00', '2024-02-10 00:00:00+00'),
  ('playlist-8a9b0c1d.jpg', 157, 280, 1, NULL, true, true, NULL, 3, '2024-02-20 00:00:00+00', '2024-02-20 00:00:00+00'),
  ('playlist-9b0c1d2e.jpg', 157, 280, 1, 'https://framatube.org/static/thumbnails/playlist-9b0c1d2e.jpg', NULL, false, NULL, 4, '2024-03-02 00:00:00+00', '2024-03-02 00:00:00+00'),
  ('2a3b4c5d-live.jpg', 720, 1280, 2, NULL, true, true, 3, NULL, '2024-05-01 17:00:00+00', '2024-05-01 17:00:00+00');

INSERT INTO public."localVideoViewer" ("startDate", "endDate", "watchTime", client, device, "operatingSystem", country, "subdivisionName", uuid, url, "videoId", "createdAt") VALUES
  ('2024-05-01 10:00:00+00', '2024-05-01 10:02:05+00', 125, 'Firefox', 'desktop', 'Linux', 'FR', 'Bretagne', '0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d', 'https://tube.local/videos/local-viewer/0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d', 1, '2024-05-01 10:02:10+00'),
  ('2024-05-01 11:00:00+00', '2024-05-01 11:00:30+00', 30, 'Mobile Safari', 'mobile', 'iOS', 'US', NULL, '1b2c3d4e-5f6a-4b7c-9d8e-9f0a1b2c3d4e', 'https://tube.local/videos/local-viewer/1b2c3d4e-5f6a-4b7c-9d8e-9f0a1b2c3d4e', 1, '2024-05-01 11:00:35+00'),
  ('2024-05-02 09:00:00+00', '2024-05-02 09:15:03+00', 903, NULL, NULL, NULL, NULL, NULL, '2c3d4e5f-6a7b-4c8d-8e9f-0a1b2c3d4e5f', 'https://tube.local/videos/local-viewer/2c3d4e5f-6a7b-4c8d-8e9f-0a1b2c3d4e5f', 2, '2024-05-02 09:15:10+00'),
  ('2024-05-03 20:00:00+00', '2024-05-03 20:45:00+00', 2700, 'Chrome', 'smarttv', 'Android', 'DE', 'Bayern', '3d4e5f6a-7b8c-4d9e-9f0a-1b2c3d4e5f6a', 'https://tube.local/videos/local-viewer/3d4e5f6a-7b8c-4d9e-9f0a-1b2c3d4e5f6a', 3, '2024-05-03 20:45:10+00');

INSERT INTO public."oAuthClient" ("clientId", "clientSecret", grants, "redirectUris", "createdAt", "updatedAt") VALUES
  ('4qm3aq6zyq3m0ufkkpbm1u5cbl0s9q6o', 'mzkqdp1f3bqx9vQbN6jGrfrBN3dCSRfC', '{password,refresh_token}', NULL, '2024-01-01 00:00:00+00', '2024-01-01 00:00:00+00');

INSERT INTO public."oAuthToken" ("accessToken", "accessTokenExpiresAt", "refreshToken", "refreshTokenExpiresAt", "authName", "loginDevice", "loginIP", "loginDate", "lastActivityDevice", "lastActivityIP", "lastActivityDate", "userId", "oAuthClientId", "createdAt", "updatedAt") VALUES
  ('9b5e0f2c1a7d4e3b8c6a5f4e3d2c1b0a9f8e7d6c', '2024-01-01 01:00:00+00', '0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b', '2024-01-15 00:00:00+00', NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1, 1, '2024-01-01 00:00:00+00', '2024-01-01 00:00:00+00'),
  ('1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d', '2099-01-01 01:00:00+00', '2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e', '2099-01-15 00:00:00+00', NULL, 'Firefox on Linux', '192.0.2.10', '2024-06-01 08:00:00+00', 'Firefox on Linux', '192.0.2.10', '2024-06-01 08:30:00+00', 1, 1, '2024-06-01 08:00:00+00', '2024-06-01 08:30:00+00'),
  ('3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f', '2024-05-20 19:30:00+00', '4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a', '2099-06-03 18:30:00+00', NULL, 'PeerTube mobile app', '2001:db8::1', '2024-05-20 18:30:00+00', NULL, NULL, NULL, 2, 1, '2024-05-20 18:30:00+00', '2024-05-20 18:30:00+00'),
  ('5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b', '2024-03-02 01:00:00+00', '6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c', '2024-03-16 00:00:00+00', 'peertube-plugin-auth-ldap', NULL, NULL, NULL, NULL, NULL, NULL, 3, NULL, '2024-03-02 00:00:00+00', '2024-03-02 00:00:00+00');

INSERT INTO public."runnerRegistrationToken" ("registrationToken", "createdAt", "updatedAt") VALUES
  ('ptrrt-0f9e8d7c-6b5a-4f3e-2d1c-0b9a8f7e6d5c', '2024-01-01 00:00:00+00', '2024-01-01 00:00:00+00'),
  ('ptrrt-1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d', '2024-04-01 00:00:00+00', '2024-04-01 00:00:00+00');

INSERT INTO public.runner ("runnerToken", name, description, "lastContact", ip, version, "runnerRegistrationTokenId", "createdAt", "updatedAt") VALUES
  ('ptrt-7c6b5a4f-3e2d-4c1b-0a9f-8e7d6c5b4a3f', 'gpu-runner-1', 'Runner with an NVIDIA card', '2024-06-01 08:00:00+00', '198.51.100.7', '0.0.21', 1, '2024-01-02 00:00:00+00', '2024-06-01 08:00:00+00'),
  ('ptrt-8d7c6b5a-4f3e-4d2c-1b0a-9f8e7d6c5b4a', 'raspberry', NULL, '2024-05-01 00:00:00+00', '::1', '0.0.19', 2, '2024-04-02 00:00:00+00', '2024-05-01 00:00:00+00');

INSERT INTO public."runnerJob" (uuid, type, payload, "privatePayload", state, failures, error, priority, "processingJobToken", progress, "startedAt", "finishedAt", "dependsOnRunnerJobId", "runnerId", "createdAt", "updatedAt") VALUES
  ('a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d', 'vod-web-video-transcoding', '{"input": {"videoFileUrl": "https://tube.local/api/v1/runners/jobs/x/files/videos/1/max-quality"}, "output": {"resolution": 720, "fps": 30}}', '{"videoUUID": "9c9de5e8-0a1e-484a-b099-e80766180a6d", "isNewVideo": true}', 3, 0, NULL, 100, NULL, 100, '2024-01-02 00:01:00+00', '2024-01-02 00:05:00+00', NULL, 1, '2024-01-02 00:00:30+00', '2024-01-02 00:05:00+00'),
  ('b1c2d3e4-f5a6-4b7c-9d8e-0f1a2b3c4d5e', 'vod-hls-transcoding', '{"input": {}, "output": {"resolution": 480, "fps": 30}}', '{"videoUUID": "1f0e6c2d-3b4a-4c5d-9e8f-7a6b5c4d3e2f", "deleteWebVideoFiles": false}', 2, 1, 'ffmpeg exited with code 1: Conversion failed!', 110, 'ptrjt-5c4d3e2f-1a0b-4c9d-8e7f-6a5b4c3d2e1f', 42, '2024-06-01 08:00:00+00', NULL, NULL, 1, '2024-06-01 07:59:00+00', '2024-06-01 08:01:00+00'),
  ('c2d3e4f5-a6b7-4c8d-8e9f-1a2b3c4d5e6f', 'vod-hls-transcoding', '{"input": {}, "output": {"resolution": 240, "fps": 15}}', '{"videoUUID": "1f0e6c2d-3b4a-4c5d-9e8f-7a6b5c4d3e2f"}', 8, 0, NULL, 120, NULL, NULL, NULL, NULL, 2, NULL, '2024-06-01 07:59:01+00', '2024-06-01 07:59:01+00'),
  ('d3e4f5a6-b7c8-4d9e-9f0a-2b3c4d5e6f7a', 'live-rtmp-hls-transcoding', '{"input": {"rtmpUrl": "rtmp://tube.local:1935/live/abc"}, "output": {"toTranscode": [{"resolution": 720, "fps": 30}], "segmentDuration": 2}}', '{"sessionId": "live-1", "videoUUID": "2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d"}', 5, 0, NULL, 100, NULL, NULL, '2024-05-01 18:00:00+00', '2024-05-01 19:00:00+00', NULL, 2, '2024-05-01 17:59:00+00', '2024-05-01 19:00:00+00');

INSERT INTO public."accountBlocklist" ("accountId", "targetAccountId", "createdAt", "updatedAt") VALUES
  (2, 5, '2024-04-06 00:00:00+00', '2024-04-06 00:00:00+00'),
  (3, 5, '2024-04-07 00:00:00+00', '2024-04-07 00:00:00+00');

INSERT INTO public."serverBlocklist" ("accountId", "targetServerId", "createdAt", "updatedAt") VALUES
  (1, 3, '2024-06-02 00:00:00+00', '2024-06-02 00:00:00+00'),
  (3, 2, '2024-06-03 00:00:00+00', '2024-06-03 00:00:00+00');

INSERT INTO public."userNotificationSetting" ("newVideoFromSubscription", "newCommentOnMyVideo", "abuseAsModerator", "videoAutoBlacklistAsModerator", "blacklistOnMyVideo", "myVideoPublished", "myVideoImportFinished", "newUserRegistration", "newInstanceFollower", "autoInstanceFollowing", "newFollow", "commentMention", "abuseStateChange", "abuseNewMessage", "newPeerTubeVersion", "newPluginVersion", "myVideoStudioEditionFinished", "myVideoTranscriptionGenerated", "userId", "createdAt", "updatedAt") VALUES
  (1, 2, 3, 3, 3, 1, 1, 3, 3, 1, 1, 2, 1, 1, 3, 3, 1, 1, 1, '2024-01-01 00:00:00+00', '2024-01-01 00:00:00+00'),
  (3, 3, 0, 0, 3, 3, 3, 0, 0, 0, 3, 3, 3, 3, 0, 0, 3, 3, 2, '2024-02-01 00:00:00+00', '2024-05-01 00:00:00+00'),
  (1, 1, 2, 2, 1, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 3, '2024-03-01 00:00:00+00', '2024-03-01 00:00:00+00');
