-- The rows the serving versions find. Misskey: 6 users (an admin, a cat bot, three remote ones
-- (one suspended, one with a Japanese name and no display name) and a local user whose token is
-- all digits), their profiles (one pinning a page, one with two-factor and the old integrations
-- set), 3 folders (one nested), 6 drive files (one remote link, one sensitive video, one whose
-- owner is gone), 2 apps (one without an owner), 7 notes (a reply, a renote without text, a
-- remote one with a geo point, a specified one, one from an app), 4 reactions (one a custom
-- emoji, one Unicode), 2 follow requests, 5 notifications (one read), 3 instances (one marked
-- closed, one not responding), 3 abuse reports (one with an empty comment), 2 user lists, 2 pages
-- and 3 antennas (one on a list). rudder-server: 5 uploads (one in progress, one aborted with an
-- error), 6 staging files (one without a status), 6 load files (one without a staging file), 7
-- table uploads (two of them for the same upload and table, the duplicate 000006 deletes; one
-- without a count), 4 warehouse schemas (with their history rows, written by the trigger), 3
-- async jobs (one outside the unique index's predicate), 5 notifier jobs (every status but
-- aborted, one without a workspace), 5 reports, 3 error reports and 2 cached configs.

-- Misskey.
INSERT INTO "user" ("id", "createdAt", "updatedAt", "lastFetchedAt", "username", "usernameLower", "name", "followersCount", "followingCount", "notesCount", "tags", "avatarUrl", "bannerUrl", "avatarColor", "bannerColor", "isSuspended", "isSilenced", "isLocked", "isBot", "isCat", "isAdmin", "isModerator", "isVerified", "emojis", "host", "inbox", "sharedInbox", "featured", "uri", "token") VALUES
  ('8a0b0c0d01', '2019-04-14 09:00:00+00', '2020-01-10 12:00:00+00', NULL, 'syuilo', 'syuilo', 'しゅいろ', 120, 80, 4200, '{misskey,dev}', 'https://misskey.example/files/avatar1.png', NULL, 'rgb(155,96,32)', NULL, false, false, false, false, false, true, false, true, '{}', NULL, NULL, NULL, NULL, NULL, 'Ab3dE5fG7hJ9kL1m'),
  ('8a0b0c0d02', '2019-05-01 00:00:00+00', NULL, NULL, 'ai', 'ai', '藍', 3000, 1, 90000, '{}', NULL, NULL, NULL, NULL, false, false, false, true, true, false, false, false, '{blobcat}', NULL, NULL, NULL, NULL, NULL, 'zZ9yY8xX7wW6vV5u'),
  ('8a0b0c0d03', '2019-06-02 10:30:00+00', '2020-01-11 08:00:00+00', '2020-01-11 08:00:00+00', 'Alice', 'alice', 'Alice ''A'' Liddell', 10, 12, 55, '{}', 'https://misskey.example.net/files/a.png', 'https://misskey.example.net/files/b.png', NULL, NULL, false, false, true, false, false, false, false, false, '{}', 'misskey.example.net', 'https://misskey.example.net/users/9x1/inbox', 'https://misskey.example.net/inbox', 'https://misskey.example.net/users/9x1/collections/featured', 'https://misskey.example.net/users/9x1', NULL),
  ('8a0b0c0d04', '2019-07-03 00:00:00+00', NULL, '2019-12-31 23:59:59+00', 'bob_', 'bob_', NULL, 0, 5000, 1, '{spam}', NULL, NULL, NULL, NULL, true, true, false, false, false, false, false, false, '{party_parrot,blobfox}', 'mastodon.example.social', 'https://mastodon.example.social/users/bob_/inbox', 'https://mastodon.example.social/inbox', NULL, 'https://mastodon.example.social/users/bob_', NULL),
  ('8a0b0c0d05', '2019-08-04 00:00:00+00', NULL, NULL, 'carol', 'carol', '', 0, 0, 0, '{}', NULL, NULL, NULL, NULL, false, false, false, false, false, false, true, false, '{}', NULL, NULL, NULL, NULL, NULL, '0000000000000000'),
  ('8a0b0c0d06', '2019-09-05 00:00:00+00', NULL, '2020-01-01 00:00:00+00', 'タロウ', 'タロウ', NULL, 1, 1, 2, '{}', NULL, NULL, NULL, NULL, false, false, false, false, false, false, false, false, '{}', 'pleroma.example.jp', 'https://pleroma.example.jp/users/taro/inbox', NULL, NULL, 'https://pleroma.example.jp/users/taro', NULL);

INSERT INTO "drive_folder" ("id", "createdAt", "name", "userId", "parentId") VALUES
  ('8a0f000001', '2019-04-15 00:00:00+00', 'Photos', '8a0b0c0d01', NULL),
  ('8a0f000002', '2019-04-16 00:00:00+00', '2019', '8a0b0c0d01', '8a0f000001'),
  ('8a0f000003', '2019-05-02 00:00:00+00', 'Memes 😹', '8a0b0c0d02', NULL);

INSERT INTO "drive_file" ("id", "createdAt", "userId", "userHost", "md5", "name", "type", "size", "comment", "properties", "storedInternal", "url", "thumbnailUrl", "webpublicUrl", "accessKey", "thumbnailAccessKey", "webpublicAccessKey", "uri", "src", "folderId", "isSensitive", "isLink") VALUES
  ('8a0e000001', '2019-04-15 01:00:00+00', '8a0b0c0d01', NULL, '0cc175b9c0f1b6a831c399e269772661', 'avatar.png', 'image/png', 20480, NULL, '{"width": 400, "height": 400}', true, 'https://misskey.example/files/0d1a', 'https://misskey.example/files/thumbnail-0d1a', NULL, '0d1a-key', 'thumbnail-0d1a-key', NULL, NULL, NULL, '8a0f000001', false, false),
  ('8a0e000002', '2019-04-16 01:00:00+00', '8a0b0c0d01', NULL, '92eb5ffee6ae2fec3ad71c777531578f', 'IMG_0001.JPG', 'image/jpeg', 4194304, 'a sunset', '{"width": 4032, "height": 3024, "avgColor": "rgb(200,100,50)"}', true, 'https://misskey.example/files/0d2b', 'https://misskey.example/files/thumbnail-0d2b', 'https://misskey.example/files/webpublic-0d2b', '0d2b-key', 'thumbnail-0d2b-key', 'webpublic-0d2b-key', NULL, NULL, '8a0f000002', false, false),
  ('8a0e000003', '2019-05-02 01:00:00+00', '8a0b0c0d02', NULL, '4a8a08f09d37b73795649038408b5f33', 'clip.mp4', 'video/mp4', 10485760, NULL, '{}', true, 'https://misskey.example/files/0d3c', NULL, NULL, '0d3c-key', NULL, NULL, NULL, NULL, NULL, true, false),
  ('8a0e000004', '2019-06-03 00:00:00+00', '8a0b0c0d03', 'misskey.example.net', '8277e0910d750195b448797616e091ad', 'remote.webp', 'image/webp', 0, NULL, '{}', false, 'https://misskey.example.net/files/r1.webp', NULL, NULL, NULL, NULL, NULL, 'https://misskey.example.net/files/r1.webp', 'https://misskey.example.net/files/r1.webp', NULL, false, true),
  ('8a0e000005', '2019-06-04 00:00:00+00', '8a0b0c0d03', 'misskey.example.net', 'e1671797c52e15f763380b45e841ec32', 'banner.gif', 'image/gif', 123, 'animated', '{}', true, 'https://misskey.example/files/0d5e', NULL, NULL, '0d5e-key', NULL, NULL, 'https://misskey.example.net/files/banner.gif', NULL, NULL, false, false),
  ('8a0e000006', '2019-08-05 00:00:00+00', NULL, NULL, '8fa14cdd754f91cc6554c9e71929cce7', 'orphan.txt', 'text/plain', 5, NULL, '{}', true, 'https://misskey.example/files/0d6f', NULL, NULL, '0d6f-key', NULL, NULL, NULL, NULL, NULL, false, false);

UPDATE "user" SET "avatarId" = '8a0e000001' WHERE "id" = '8a0b0c0d01';
UPDATE "user" SET "avatarId" = '8a0e000004', "bannerId" = '8a0e000005' WHERE "id" = '8a0b0c0d03';

INSERT INTO "app" ("id", "createdAt", "userId", "secret", "name", "description", "permission", "callbackUrl") VALUES
  ('8a0a000001', '2019-04-20 00:00:00+00', '8a0b0c0d01', 'k3Jx9Qm2Lp7Rt5Vw8Yz1Ab4Cd6Ef0Gh', 'Misskey for iOS', 'The official client', '{read:account,write:notes,read:drive}', 'misskeyios://callback'),
  ('8a0a000002', '2019-05-20 00:00:00+00', NULL, 'orphanedsecret0000000000000000ab', 'Old bot', '', '{}', NULL);

INSERT INTO "note" ("id", "createdAt", "replyId", "renoteId", "text", "name", "cw", "appId", "userId", "viaMobile", "localOnly", "renoteCount", "repliesCount", "reactions", "visibility", "uri", "score", "fileIds", "attachedFileTypes", "visibleUserIds", "mentions", "mentionedRemoteUsers", "emojis", "tags", "hasPoll", "geo", "userHost", "replyUserId", "replyUserHost", "renoteUserId", "renoteUserHost") VALUES
  ('8a1n000001', '2020-01-01 00:00:00+00', NULL, NULL, 'Hello, #misskey!', NULL, NULL, '8a0a000001', '8a0b0c0d01', true, false, 1, 1, '{"like": 1, ":blobcat@.:": 1}', 'public', NULL, 5, '{8a0e000002}', '{image/jpeg}', '{}', '{}', '[]', '{}', '{misskey}', false, NULL, NULL, NULL, NULL, NULL, NULL),
  ('8a1n000002', '2020-01-01 00:05:00+00', '8a1n000001', NULL, '@syuilo にゃーん', NULL, NULL, NULL, '8a0b0c0d02', false, false, 0, 0, '{"👍": 1}', 'home', NULL, 0, '{}', '{}', '{}', '{8a0b0c0d01}', '[]', '{}', '{}', false, NULL, NULL, '8a0b0c0d01', NULL, NULL, NULL),
  ('8a1n000003', '2020-01-01 01:00:00+00', NULL, '8a1n000001', NULL, NULL, NULL, NULL, '8a0b0c0d03', false, false, 0, 0, '{}', 'public', 'https://misskey.example.net/notes/8a1x', 0, '{}', '{}', '{}', '{}', '[]', '{}', '{}', false, NULL, 'misskey.example.net', NULL, NULL, '8a0b0c0d01', NULL),
  ('8a1n000004', '2020-01-02 00:00:00+00', NULL, NULL, 'buy cheap followers', NULL, 'ad', NULL, '8a0b0c0d04', false, false, 0, 0, '{"pudding": 1}', 'followers', 'https://mastodon.example.social/users/bob_/statuses/1', -3, '{8a0e000003}', '{video/mp4}', '{}', '{}', '[]', '{party_parrot}', '{spam,ads}', false, '{"coordinates": [139.7, 35.6], "altitude": null, "accuracy": 10}', 'mastodon.example.social', NULL, NULL, NULL, NULL),
  ('8a1n000005', '2020-01-03 00:00:00+00', NULL, NULL, 'just for you', NULL, NULL, NULL, '8a0b0c0d01', false, true, 0, 0, '{}', 'specified', NULL, 0, '{}', '{}', '{8a0b0c0d02}', '{8a0b0c0d02}', '[]', '{}', '{}', false, NULL, NULL, NULL, NULL, NULL, NULL),
  ('8a1n000006', '2020-01-04 00:00:00+00', NULL, NULL, 'こんにちは :blobcat:', 'Poll?', NULL, NULL, '8a0b0c0d06', false, false, 0, 0, '{}', 'public', 'https://pleroma.example.jp/objects/6', 0, '{}', '{}', '{}', '{8a0b0c0d03}', '[{"uri":"https://misskey.example.net/users/9x1","username":"Alice","host":"misskey.example.net"}]', '{blobcat}', '{}', true, NULL, 'pleroma.example.jp', NULL, NULL, NULL, NULL),
  ('8a1n000007', '2020-01-05 00:00:00+00', NULL, NULL, '', NULL, NULL, '8a0a000002', '8a0b0c0d05', false, false, 0, 0, '{}', 'home', NULL, 0, '{}', '{}', '{}', '{}', '[]', '{}', '{}', false, NULL, NULL, NULL, NULL, NULL, NULL);

INSERT INTO "note_reaction" ("id", "createdAt", "userId", "noteId", "reaction") VALUES
  ('8a1r000001', '2020-01-01 00:10:00+00', '8a0b0c0d02', '8a1n000001', 'like'),
  ('8a1r000002', '2020-01-01 00:11:00+00', '8a0b0c0d03', '8a1n000001', ':blobcat@.:'),
  ('8a1r000003', '2020-01-02 00:10:00+00', '8a0b0c0d01', '8a1n000004', 'pudding'),
  ('8a1r000004', '2020-01-02 00:12:00+00', '8a0b0c0d04', '8a1n000002', '👍');

INSERT INTO "follow_request" ("id", "createdAt", "followeeId", "followerId", "requestId", "followerHost", "followerInbox", "followerSharedInbox", "followeeHost", "followeeInbox", "followeeSharedInbox") VALUES
  ('8a1f000001', '2020-01-06 00:00:00+00', '8a0b0c0d01', '8a0b0c0d03', 'https://misskey.example.net/follows/1', 'misskey.example.net', 'https://misskey.example.net/users/9x1/inbox', 'https://misskey.example.net/inbox', NULL, NULL, NULL),
  ('8a1f000002', '2020-01-07 00:00:00+00', '8a0b0c0d06', '8a0b0c0d02', NULL, NULL, NULL, NULL, 'pleroma.example.jp', 'https://pleroma.example.jp/users/taro/inbox', NULL);

INSERT INTO "notification" ("id", "createdAt", "notifieeId", "notifierId", "type", "isRead", "noteId", "reaction", "choice", "followRequestId") VALUES
  ('8a1o000001', '2020-01-01 00:10:00+00', '8a0b0c0d01', '8a0b0c0d02', 'reaction', false, '8a1n000001', 'like', NULL, NULL),
  ('8a1o000002', '2020-01-06 00:00:00+00', '8a0b0c0d01', '8a0b0c0d03', 'receiveFollowRequest', false, NULL, NULL, NULL, '8a1f000001'),
  ('8a1o000003', '2020-01-07 00:00:00+00', '8a0b0c0d02', '8a0b0c0d01', 'follow', true, NULL, NULL, NULL, NULL),
  ('8a1o000004', '2020-01-08 00:00:00+00', '8a0b0c0d01', '8a0b0c0d04', 'pollVote', true, '8a1n000006', NULL, 0, NULL),
  ('8a1o000005', '2020-01-03 00:00:00+00', '8a0b0c0d02', '8a0b0c0d01', 'mention', false, '8a1n000005', NULL, NULL, NULL);

INSERT INTO "instance" ("id", "caughtAt", "host", "usersCount", "notesCount", "followingCount", "followersCount", "driveUsage", "driveFiles", "latestRequestSentAt", "latestStatus", "latestRequestReceivedAt", "lastCommunicatedAt", "isNotResponding", "isMarkedAsClosed", "softwareName", "softwareVersion", "openRegistrations", "name", "description", "maintainerName", "maintainerEmail", "infoUpdatedAt") VALUES
  ('8a1i000001', '2019-06-02 10:30:00+00', 'misskey.example.net', 1, 55, 3, 2, 2147483000, 2, '2020-01-11 08:00:00+00', 200, '2020-01-11 08:00:00+00', '2020-01-11 08:00:00+00', false, false, 'misskey', '11.37.1', true, 'Example Misskey', 'A test instance', 'admin', 'admin@misskey.example.net', '2020-01-10 00:00:00+00'),
  ('8a1i000002', '2019-07-03 00:00:00+00', 'mastodon.example.social', 1, 1, 0, 1, 0, 0, '2020-01-02 00:00:00+00', 503, NULL, '2020-01-02 00:00:00+00', true, false, 'mastodon', '3.0.1', false, NULL, NULL, NULL, NULL, NULL),
  ('8a1i000003', '2019-09-05 00:00:00+00', 'pleroma.example.jp', 1, 2, 1, 1, 0, 0, NULL, NULL, '2020-01-04 00:00:00+00', '2020-01-04 00:00:00+00', false, true, NULL, NULL, NULL, 'ぷれろま', NULL, NULL, NULL, NULL);

INSERT INTO "abuse_user_report" ("id", "createdAt", "userId", "reporterId", "comment") VALUES
  ('8a1a000001', '2020-01-02 01:00:00+00', '8a0b0c0d04', '8a0b0c0d01', 'spam, see https://mastodon.example.social/users/bob_/statuses/1'),
  ('8a1a000002', '2020-01-02 02:00:00+00', '8a0b0c0d04', '8a0b0c0d02', ''),
  ('8a1a000003', '2020-01-05 00:00:00+00', '8a0b0c0d06', '8a0b0c0d05', 'この人のノートが不快です');

INSERT INTO "user_list" ("id", "createdAt", "userId", "name") VALUES
  ('8a1l000001', '2019-10-01 00:00:00+00', '8a0b0c0d01', 'Friends'),
  ('8a1l000002', '2019-10-02 00:00:00+00', '8a0b0c0d02', 'Bots & cats');

INSERT INTO "page" ("id", "createdAt", "updatedAt", "title", "name", "summary", "alignCenter", "font", "userId", "eyeCatchingImageId", "content", "variables", "visibility", "visibleUserIds", "likedCount", "hideTitleWhenPinned") VALUES
  ('8a1p000001', '2019-07-10 00:00:00+00', '2019-07-11 00:00:00+00', 'About me', 'about', NULL, true, 'sans-serif', '8a0b0c0d01', NULL, '[{"id": "a1", "type": "text", "text": "Hi"}]', '[]', 'public', '{}', 3, true),
  ('8a1p000002', '2019-07-12 00:00:00+00', '2019-07-12 00:00:00+00', 'Rules', 'rules', 'house rules', false, 'serif', '8a0b0c0d02', '8a0e000003', '[]', '[{"name": "n", "type": "number", "value": 1}]', 'followers', '{}', 0, false);

INSERT INTO "user_profile" ("userId", "location", "birthday", "description", "fields", "url", "email", "emailVerifyCode", "emailVerified", "twoFactorTempSecret", "twoFactorSecret", "twoFactorEnabled", "password", "clientData", "autoWatch", "autoAcceptFollowed", "alwaysMarkNsfw", "carefulBot", "twitter", "twitterAccessToken", "twitterAccessTokenSecret", "twitterUserId", "twitterScreenName", "github", "githubAccessToken", "githubId", "githubLogin", "discord", "discordAccessToken", "discordRefreshToken", "discordExpiresDate", "discordId", "discordUsername", "discordDiscriminator", "userHost", "securityKeysAvailable", "usePasswordLessLogin", "pinnedPageId", "room") VALUES
  ('8a0b0c0d01', 'Tokyo', '2000-01-01', 'Misskey developer', '[{"name": "Website", "value": "https://example.com"}]', 'https://example.com', 'syuilo@example.com', NULL, true, NULL, 'JBSWY3DPEHPK3PXP', true, '$2a$08$abcdefghijklmnopqrstuu0123456789abcdefghijklmnopqrstu', '{"home": []}', true, false, false, false, true, '1234-abcd', 'secret-abcd', '1234', 'syuilo', true, 'gho_abc', '99', 'syuilo', false, NULL, NULL, NULL, NULL, NULL, NULL, NULL, true, false, '8a1p000001', '{"furnitures": []}'),
  ('8a0b0c0d02', NULL, NULL, 'I am Ai.', '[]', NULL, NULL, NULL, false, NULL, NULL, false, '$2a$08$zyxwvutsrqponmlkjihgfeZYXWVUTSRQPONMLKJIHGFEDCBA9876', '{}', false, true, false, true, false, NULL, NULL, NULL, NULL, false, NULL, NULL, NULL, true, 'dtok', 'drefresh', '1600000000000', '555', 'ai', '0001', NULL, false, false, NULL, '{}'),
  ('8a0b0c0d03', NULL, NULL, NULL, '[]', NULL, NULL, NULL, false, NULL, NULL, false, NULL, '{}', false, false, false, false, false, NULL, NULL, NULL, NULL, false, NULL, NULL, NULL, false, NULL, NULL, NULL, NULL, NULL, NULL, 'misskey.example.net', false, false, NULL, '{}'),
  ('8a0b0c0d04', NULL, NULL, 'Followers for sale', '[]', NULL, NULL, NULL, false, NULL, NULL, false, NULL, '{}', false, false, true, false, false, NULL, NULL, NULL, NULL, false, NULL, NULL, NULL, false, NULL, NULL, NULL, NULL, NULL, NULL, 'mastodon.example.social', false, false, NULL, '{}'),
  ('8a0b0c0d05', 'Ōsaka', '1990-12-31', '', '[]', NULL, 'carol@example.org', 'c0de', false, 'TEMPSECRET', NULL, false, '$2a$08$carolcarolcarolcarolcaOcarolcarolcarolcarolcarolcarol1', '{}', false, false, false, false, false, NULL, NULL, NULL, NULL, false, NULL, NULL, NULL, false, NULL, NULL, NULL, NULL, NULL, NULL, NULL, false, false, NULL, '{}'),
  ('8a0b0c0d06', NULL, NULL, NULL, '[]', NULL, NULL, NULL, false, NULL, NULL, false, NULL, '{}', false, false, false, false, false, NULL, NULL, NULL, NULL, false, NULL, NULL, NULL, false, NULL, NULL, NULL, NULL, NULL, NULL, 'pleroma.example.jp', false, false, NULL, '{}');

INSERT INTO "antenna" ("id", "createdAt", "userId", "name", "src", "userListId", "keywords", "withFile", "expression", "notify") VALUES
  ('8a1t000001', '2020-01-20 00:00:00+00', '8a0b0c0d01', 'Misskey mentions', 'all', NULL, '[["misskey"], ["みすきー"]]', false, NULL, true),
  ('8a1t000002', '2020-01-20 01:00:00+00', '8a0b0c0d02', 'Cats', 'list', '8a1l000002', '[["cat"]]', true, NULL, false),
  ('8a1t000003', '2020-01-21 00:00:00+00', '8a0b0c0d01', 'Home with files', 'home', NULL, '[]', true, 'note.files.length > 0', false);

-- rudder-server.
INSERT INTO wh_uploads (source_id, namespace, destination_id, destination_type, start_staging_file_id, end_staging_file_id, start_load_file_id, end_load_file_id, status, schema, error, first_event_at, last_event_at, last_exec_at, timings, created_at, updated_at, metadata, mergedschema, in_progress) VALUES
  ('1xYsrc0001', 'rudder_events', '1xYdst0001', 'POSTGRES', 1, 2, 1, 3, 'exported_data', '{"tracks": {"id": "string", "event": "string"}}', '{}', '2021-09-01 00:00:00', '2021-09-01 00:30:00', '2021-09-01 01:00:00', '[{"generating_upload_schema": "2021-09-01T01:00:00Z"}, {"exported_data": "2021-09-01T01:05:00Z"}]', '2021-09-01 01:00:00', '2021-09-01 01:05:00', '{"use_rudder_storage": false, "load_file_type": "csv"}', '{"tracks": {"id": "string"}}', false),
  ('1xYsrc0001', 'rudder_events', '1xYdst0001', 'POSTGRES', 3, 3, 4, 4, 'waiting', '{}', '{}', '2021-09-01 01:00:00', '2021-09-01 01:10:00', NULL, NULL, '2021-09-01 02:00:00', '2021-09-01 02:00:00', '{}', '{}', false),
  ('1xYsrc0002', 'Analytics_Prod', '1xYdst0002', 'SNOWFLAKE', 4, 5, 0, 0, 'aborted', '{}', '{"generating_load_files_failed": {"attempt": 3, "errors": ["timeout", "timeout", "timeout"]}}', NULL, NULL, '2021-09-02 00:00:00', '[]', '2021-09-02 00:00:00', '2021-09-02 03:00:00', '{"retried": true, "nextRetryTime": "2021-09-02T04:00:00Z"}', '{"pages": {"url": "string"}}', false),
  ('1xYsrc0003', 'bq_dataset', '1xYdst0003', 'BQ', 6, 6, 5, 6, 'generating_load_files', '{"identifies": {"user_id": "string"}}', NULL, '2021-09-03 00:00:00', '2021-09-03 00:00:01', '2021-09-03 00:05:00', NULL, '2021-09-03 00:05:00', '2021-09-03 00:05:00', '{"priority": 50}', '{}', true),
  ('1xYsrc0002', 'Analytics_Prod', '1xYdst0002', 'SNOWFLAKE', 0, 0, 0, 0, 'internal_processing_failed', '{}', '{"internal_processing_failed": {"errors": ["x"]}}', NULL, NULL, NULL, NULL, '2021-09-04 00:00:00', '2021-09-04 00:00:00', NULL, NULL, false);

INSERT INTO wh_staging_files (location, source_id, destination_id, schema, error, status, first_event_at, last_event_at, total_events, created_at, updated_at, metadata) VALUES
  ('rudder-warehouse-staging-logs/1xYsrc0001/2021-09-01/1630454400.1xYsrc0001.0c5a.json.gz', '1xYsrc0001', '1xYdst0001', '{"tracks": {"id": "string"}}', NULL, 'succeeded', '2021-09-01 00:00:00', '2021-09-01 00:10:00', 120, '2021-09-01 00:15:00', '2021-09-01 01:00:00', '{"use_rudder_storage": false}'),
  ('rudder-warehouse-staging-logs/1xYsrc0001/2021-09-01/1630455000.1xYsrc0001.1d6b.json.gz', '1xYsrc0001', '1xYdst0001', '{"tracks": {"id": "string"}}', NULL, 'succeeded', '2021-09-01 00:10:00', '2021-09-01 00:30:00', 80, '2021-09-01 00:35:00', '2021-09-01 01:00:00', '{}'),
  ('rudder-warehouse-staging-logs/1xYsrc0001/2021-09-01/1630458000.1xYsrc0001.2e7c.json.gz', '1xYsrc0001', '1xYdst0001', '{}', NULL, 'waiting', '2021-09-01 01:00:00', '2021-09-01 01:10:00', 1, '2021-09-01 01:15:00', '2021-09-01 01:15:00', '{}'),
  ('s3://bucket/2021-09-02/staging.json.gz', '1xYsrc0002', '1xYdst0002', '{"pages": {"url": "string"}}', 'NoSuchKey: The specified key does not exist.', 'failed', NULL, NULL, 0, '2021-09-02 00:00:00', '2021-09-02 03:00:00', '{"source_job_run_id": "", "source_task_run_id": ""}'),
  ('s3://bucket/2021-09-02/staging-2.json.gz', '1xYsrc0002', '1xYdst0002', '{}', NULL, NULL, NULL, NULL, NULL, '2021-09-02 00:01:00', '2021-09-02 00:01:00', NULL),
  ('gs://bq-staging/2021/09/03/f.json.gz', '1xYsrc0003', '1xYdst0003', '{"identifies": {"user_id": "string"}}', NULL, 'executing', '2021-09-03 00:00:00', '2021-09-03 00:00:01', 2, '2021-09-03 00:01:00', '2021-09-03 00:05:00', '{}');

INSERT INTO wh_load_files (staging_file_id, location, source_id, destination_id, destination_type, table_name, total_events, created_at) VALUES
  (1, 'rudder-warehouse-load-objects/tracks/1xYsrc0001/a.csv.gz', '1xYsrc0001', '1xYdst0001', 'POSTGRES', 'tracks', 100, '2021-09-01 01:01:00'),
  (1, 'rudder-warehouse-load-objects/rudder_discards/1xYsrc0001/b.csv.gz', '1xYsrc0001', '1xYdst0001', 'POSTGRES', 'rudder_discards', 20, '2021-09-01 01:01:00'),
  (2, 'rudder-warehouse-load-objects/tracks/1xYsrc0001/c.csv.gz', '1xYsrc0001', '1xYdst0001', 'POSTGRES', 'tracks', 80, '2021-09-01 01:02:00'),
  (3, 'rudder-warehouse-load-objects/tracks/1xYsrc0001/d.csv.gz', '1xYsrc0001', '1xYdst0001', 'POSTGRES', 'tracks', 1, '2021-09-01 02:01:00'),
  (6, 'gs://bq-load/identifies/e.json.gz', '1xYsrc0003', '1xYdst0003', 'BQ', 'identifies', 2, '2021-09-03 00:05:00'),
  (NULL, 'gs://bq-load/users/f.json.gz', '1xYsrc0003', '1xYdst0003', 'BQ', 'USERS', NULL, '2021-09-03 00:05:00');

INSERT INTO wh_table_uploads (wh_upload_id, table_name, status, error, last_exec_time, total_events, created_at, updated_at) VALUES
  (1, 'tracks', 'exported_data', NULL, '2021-09-01 01:04:00', '180', '2021-09-01 01:00:00', '2021-09-01 01:05:00'),
  (1, 'rudder_discards', 'exported_data', NULL, '2021-09-01 01:04:00', '20', '2021-09-01 01:00:00', '2021-09-01 01:05:00'),
  (3, 'pages', 'exporting_data_failed', 'pq: relation "pages" does not exist', '2021-09-02 03:00:00', '0', '2021-09-02 00:00:00', '2021-09-02 03:00:00'),
  (3, 'pages', 'waiting', NULL, NULL, NULL, '2021-09-02 00:00:01', '2021-09-02 00:00:01'),
  (4, 'identifies', 'updated_schema', NULL, NULL, '2', '2021-09-03 00:05:00', '2021-09-03 00:05:00'),
  (4, 'users', 'waiting', NULL, NULL, NULL, '2021-09-03 00:05:00', '2021-09-03 00:05:00'),
  (2, NULL, 'waiting', NULL, NULL, NULL, '2021-09-01 02:00:00', '2021-09-01 02:00:00');

INSERT INTO wh_schemas (source_id, namespace, destination_id, destination_type, schema, created_at, updated_at) VALUES
  ('1xYsrc0001', 'rudder_events', '1xYdst0001', 'POSTGRES', '{"tracks": {"id": "string", "event": "string", "received_at": "datetime"}}', '2021-09-01 01:03:00', '2021-09-01 01:03:00'),
  ('1xYsrc0002', 'Analytics_Prod', '1xYdst0002', 'SNOWFLAKE', '{}', '2021-09-02 00:00:00', '2021-09-02 00:00:00'),
  ('1xYsrc0003', 'bq_dataset', '1xYdst0003', 'BQ', '{"identifies": {"user_id": "string"}, "users": {"id": "string"}}', '2021-09-03 00:05:00', '2021-09-03 00:06:00'),
  ('1xYsrc0001', 'rudder_events_v2', '1xYdst0001', 'POSTGRES', '{"tracks": {}}', '2021-10-01 00:00:00', '2021-10-01 00:00:00');
UPDATE wh_schemas SET error = 'schema too large', updated_at = '2021-09-02 01:00:00' WHERE source_id = '1xYsrc0002';

INSERT INTO wh_async_jobs (source_id, destination_id, status, created_at, updated_at, tablename, error, async_job_type, metadata, attempt) VALUES
  ('1xYsrc0004', '1xYdst0004', 'succeeded', '2022-10-12 00:00:00', '2022-10-12 00:10:00', 'tracks', NULL, 'deletebyjobrunid', '{"job_run_id": "job-1", "task_run_id": "task-1", "start_time": "2022-10-12T00:00:00Z", "jobtype": "deletebyjobrunid"}', 1),
  ('1xYsrc0004', '1xYdst0004', 'failed', '2022-10-12 01:00:00', '2022-10-12 01:30:00', 'pages', 'context deadline exceeded', 'deletebyjobrunid', '{"job_run_id": "job-1", "task_run_id": "task-2"}', 3),
  ('1xYsrc0004', '1xYdst0004', 'waiting', NULL, NULL, 'identifies', NULL, 'deletebyjobrunid', '{"job_run_id": "", "task_run_id": ""}', 0);

INSERT INTO pg_notifier_queue (batch_id, status, topic, payload, created_at, updated_at, last_exec_time, attempt, error, worker_id, workspace, priority) VALUES
  ('3b1e7d3c-8f3a-4c9e-9d2b-0a1b2c3d4e5f', 'waiting', 'process_staging_file', '{"StagingFileID": 3, "UploadID": 2}', '2022-01-03 00:00:00', '2022-01-03 00:00:00', NULL, 0, NULL, NULL, '1xYws0001', 100),
  ('3b1e7d3c-8f3a-4c9e-9d2b-0a1b2c3d4e5f', 'executing', 'process_staging_file', '{"StagingFileID": 6}', '2022-01-03 00:00:00', '2022-01-03 00:01:00', '2022-01-03 00:01:00', 1, NULL, 'worker-0-1', '1xYws0001', 100),
  ('5c2f8e4d-9a4b-4dae-8e3c-1b2c3d4e5f60', 'succeeded', 'process_staging_file', '{"StagingFileID": 1, "Output": [{"TableName": "tracks", "TotalRows": 100}]}', '2022-01-02 00:00:00', '2022-01-02 00:02:00', '2022-01-02 00:01:00', 1, NULL, 'worker-0-0', '1xYws0001', 50),
  ('5c2f8e4d-9a4b-4dae-8e3c-1b2c3d4e5f60', 'failed', 'process_staging_file', '{"StagingFileID": 4}', '2022-01-02 00:00:00', '2022-01-02 00:03:00', '2022-01-02 00:02:00', 2, 'NoSuchKey', 'worker-1-0', NULL, NULL),
  ('6d3a9f5e-0b5c-4ebf-9f4d-2c3d4e5f6071', 'waiting', 'process_staging_file', '[]', '2022-01-03 00:05:00', '2022-01-03 00:05:00', NULL, NULL, NULL, NULL, '', 0);

INSERT INTO reports (workspace_id, namespace, instance_id, source_id, destination_id, source_batch_id, source_task_id, source_task_run_id, source_job_id, source_job_run_id, in_pu, pu, reported_at, status_code, sample_response, sample_event, status, count, terminal_state, initial_state, source_category, source_definition_id, destination_definition_id, event_name, event_type) VALUES
  ('1xYws0001', 'free-us-1', 'rudderstack-0', '1xYsrc0001', '', NULL, NULL, NULL, NULL, NULL, '', 'gateway', 27700000, 200, '', '{}', 'succeeded', 1000, false, true, '', '1xYdef0001', '', 'Order Completed', 'track'),
  ('1xYws0001', 'free-us-1', 'rudderstack-0', '1xYsrc0001', '1xYdst0001', NULL, NULL, NULL, NULL, NULL, 'dest_transformer', 'router', 27700000, 400, '{"error": "invalid token"}', '{"event": "Order Completed", "properties": {"total": 12.5}}', 'aborted', 3, true, false, '', '1xYdef0001', '1xYddef001', 'Order Completed', 'track'),
  ('1xYws0002', 'free-us-1', 'rudderstack-1', '1xYsrc0005', '1xYdst0005', 'batch-1', 'task-1', 'taskrun-1', 'job-1', 'jobrun-1', 'processor', 'batch_router', 27700001, 0, NULL, NULL, 'succeeded', 50000, true, false, 'cloud', '1xYdef0005', '1xYddef005', '', 'identify'),
  ('1xYws0002', 'free-us-1', 'rudderstack-1', NULL, '1xYdst0005', NULL, NULL, NULL, NULL, NULL, NULL, 'warehouse', 27700002, NULL, NULL, NULL, 'waiting', NULL, NULL, NULL, 'warehouse', '', '', '', ''),
  ('1xYws0001', 'enterprise-eu', 'rudderstack-2', '1xYsrc0001', '1xYdst0001', NULL, NULL, NULL, NULL, NULL, 'router', 'warehouse', 27700003, 200, '', '[1, 2]', 'migrated', 1, false, false, '', '1xYdef0001', '1xYddef001', 'Ünïcode event', 'track');

INSERT INTO error_detail_reports (workspace_id, namespace, instance_id, source_id, source_definition_id, destination_id, destination_definition_id, dest_type, pu, reported_at, status_code, error_message, event_type, error_code, count, sample_event, sample_response, event_name) VALUES
  ('1xYws0001', 'free-us-1', 'rudderstack-0', '1xYsrc0001', '1xYdef0001', '1xYdst0001', '1xYddef001', 'WEBHOOK', 'router', 28500000, 400, 'invalid token', 'track', 'auth', 3, '{"event": "Order Completed"}', '{"error": "invalid token"}', 'Order Completed'),
  ('1xYws0001', 'free-us-1', 'rudderstack-0', NULL, '', '1xYdst0001', '', '', NULL, 28500001, NULL, '', '', '', 0, '{}', '', ''),
  ('1xYws0002', 'enterprise-eu', 'rudderstack-1', '1xYsrc0005', '1xYdef0005', '1xYdst0005', '1xYddef005', 'GA4', 'router', 28500002, 500, 'upstream timeout after 30s', 'page', '', 12, NULL, NULL, NULL);

INSERT INTO config_cache (key, created_at, updated_at, config) VALUES
  ('1xYws0001', '2022-10-08 00:00:00', '2022-10-09 00:00:00', '\x6a1f0c9e2b7d44aa'),
  ('namespace:free-us-1', '2022-10-08 00:00:00', '2022-10-08 00:00:00', '\x00');
