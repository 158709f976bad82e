-- The rows the serving versions find: an Umami installation with 3 users, 2 teams, 4 websites
-- (two shared), 20 sessions, 100 events over five days (page views with and without query
-- strings and UTM parameters, custom events), 30 event data rows of each type (string, number,
-- date; revenue and currency keys), 10 session data rows, 6 reports (funnels, goals, insights;
-- parameters as JSON text, as Umami wrote them), 3 segments, 5 revenue rows and 2 boards; and an
-- Immich server with 4 users (one with a storage label, preferences and onboarding metadata), 6
-- sessions, 3 partner shares and a past partner removal, 3 API keys, 20 assets (one archived,
-- a live photo's hidden video part, one trashed) with their exif rows (one equirectangular
-- panorama), 4 albums with shared users and assets, 6 activity rows (likes and comments, one
-- comment on an asset since removed from its album, as Immich kept them), 3 memories with
-- their assets, and an earlier deleted user and asset in the audit tables.

-- Umami.
INSERT INTO "user" (user_id, username, password, role, created_at, updated_at, deleted_at) VALUES
  ('11111111-0000-4000-8000-000000000001', 'admin', '$2b$10$BUli0c.muyCW1ErNJc3jL.vFRFtFJWrT8/GcR4A.sUdCznaXiqFXa', 'admin', '2024-01-01 00:00:00+00', NULL, NULL),
  ('11111111-0000-4000-8000-000000000002', 'alice', '$2b$10$BUli0c.muyCW1ErNJc3jL.vFRFtFJWrT8/GcR4A.sUdCznaXiqFXb', 'user', '2024-01-02 00:00:00+00', '2024-02-01 00:00:00+00', NULL),
  ('11111111-0000-4000-8000-000000000003', 'bob', '$2b$10$BUli0c.muyCW1ErNJc3jL.vFRFtFJWrT8/GcR4A.sUdCznaXiqFXc', 'view-only', '2024-01-03 00:00:00+00', NULL, '2024-03-01 00:00:00+00');
INSERT INTO team (team_id, name, access_code, created_at, updated_at) VALUES
  ('22222222-0000-4000-8000-000000000001', 'Marketing', 'team_mkt01', '2024-01-05 00:00:00+00', NULL),
  ('22222222-0000-4000-8000-000000000002', 'Engineering', NULL, '2024-01-06 00:00:00+00', '2024-01-07 00:00:00+00');
INSERT INTO team_user (team_user_id, team_id, user_id, role) VALUES
  ('23232323-0000-4000-8000-000000000001', '22222222-0000-4000-8000-000000000001', '11111111-0000-4000-8000-000000000001', 'team-owner'),
  ('23232323-0000-4000-8000-000000000002', '22222222-0000-4000-8000-000000000001', '11111111-0000-4000-8000-000000000002', 'team-member'),
  ('23232323-0000-4000-8000-000000000003', '22222222-0000-4000-8000-000000000002', '11111111-0000-4000-8000-000000000002', 'team-owner');
INSERT INTO website (website_id, name, domain, share_id, reset_at, user_id, created_at, updated_at, deleted_at) VALUES
  ('33333333-0000-4000-8000-000000000001', 'Blog', 'blog.example.com', 'sh4re1', NULL, '11111111-0000-4000-8000-000000000001', '2024-01-10 00:00:00+00', NULL, NULL),
  ('33333333-0000-4000-8000-000000000002', 'Shop', 'shop.example.com', 'sh4re2', '2024-02-01 00:00:00+00', '11111111-0000-4000-8000-000000000002', '2024-01-11 00:00:00+00', '2024-02-01 00:00:00+00', NULL),
  ('33333333-0000-4000-8000-000000000003', 'Docs', 'docs.example.com', NULL, NULL, '11111111-0000-4000-8000-000000000002', '2024-01-12 00:00:00+00', NULL, NULL),
  ('33333333-0000-4000-8000-000000000004', 'Old site', 'old.example.com', NULL, NULL, '11111111-0000-4000-8000-000000000003', '2024-01-13 00:00:00+00', NULL, '2024-03-01 00:00:00+00');
INSERT INTO team_website (team_website_id, team_id, website_id) VALUES
  ('24242424-0000-4000-8000-000000000001', '22222222-0000-4000-8000-000000000001', '33333333-0000-4000-8000-000000000001'),
  ('24242424-0000-4000-8000-000000000002', '22222222-0000-4000-8000-000000000002', '33333333-0000-4000-8000-000000000003');
INSERT INTO session (session_id, website_id, hostname, browser, os, device, screen, language, country, subdivision1, subdivision2, city, created_at)
  SELECT ('44444444-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid, ('33333333-0000-4000-8000-00000000000' || (1 + g % 3))::uuid,
         (ARRAY['blog.example.com', 'shop.example.com', 'docs.example.com'])[1 + g % 3], (ARRAY['chrome', 'firefox', 'safari', 'edge-chromium'])[1 + g % 4],
         (ARRAY['Windows 10', 'Mac OS', 'iOS', 'Android OS', 'Linux'])[1 + g % 5], (ARRAY['desktop', 'laptop', 'mobile', 'tablet'])[1 + g % 4],
         (ARRAY['1920x1080', '1440x900', '390x844'])[1 + g % 3], (ARRAY['en-US', 'de-DE', 'fr-FR'])[1 + g % 3], (ARRAY['US', 'DE', 'FR'])[1 + g % 3],
         CASE WHEN g % 4 = 0 THEN NULL ELSE (ARRAY['US-CA', 'DE-BE', 'FR-IDF'])[1 + g % 3] END, CASE WHEN g % 5 = 0 THEN 'Bezirk ' || g END,
         CASE WHEN g % 6 = 0 THEN NULL ELSE (ARRAY['San Francisco', 'Berlin', 'Paris'])[1 + g % 3] END,
         '2024-04-01 08:00:00+00'::timestamptz + (g || ' hours')::interval
  FROM generate_series(1, 20) g;
INSERT INTO website_event (event_id, website_id, session_id, created_at, url_path, url_query, referrer_path, referrer_query, referrer_domain, page_title, event_type, event_name)
  SELECT ('55555555-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid, ('33333333-0000-4000-8000-00000000000' || (1 + (1 + g % 20) % 3))::uuid,
         ('44444444-0000-4000-8000-' || lpad((1 + g % 20)::text, 12, '0'))::uuid, '2024-04-01 08:30:00+00'::timestamptz + (g || ' hours')::interval + ((g % 7) || ' minutes')::interval,
         (ARRAY['/', '/pricing', '/blog/hello-world', '/docs/install', '/checkout'])[1 + g % 5],
         CASE WHEN g % 3 = 0 THEN 'utm_source=newsletter&utm_medium=email&utm_campaign=spring' WHEN g % 7 = 0 THEN 'gclid=abc' || g END,
         CASE WHEN g % 2 = 0 THEN '/search' END, CASE WHEN g % 4 = 0 THEN 'q=umami' END, CASE WHEN g % 2 = 0 THEN 'www.google.com' END,
         (ARRAY['Home', 'Pricing', 'Hello World', 'Install', 'Checkout'])[1 + g % 5], CASE WHEN g % 10 = 0 THEN 2 ELSE 1 END,
         CASE WHEN g % 10 = 0 THEN 'purchase' END
  FROM generate_series(1, 100) g;
INSERT INTO event_data (event_id, website_id, website_event_id, event_key, event_string_value, event_numeric_value, event_date_value, event_data_type, created_at)
  SELECT ('66666666-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid, we.website_id, we.event_id,
         (ARRAY['currency', 'revenue', 'purchased_at'])[1 + g % 3],
         CASE g % 3 WHEN 0 THEN 'USD' END, CASE g % 3 WHEN 1 THEN 19.99 + g END, CASE g % 3 WHEN 2 THEN '2024-04-02 10:00:00+00'::timestamptz + (g || ' hours')::interval END,
         CASE g % 3 WHEN 0 THEN 1 WHEN 1 THEN 2 ELSE 4 END, we.created_at
  FROM generate_series(1, 30) g JOIN website_event we ON we.event_id = ('55555555-0000-4000-8000-' || lpad((10 * (1 + (g - 1) / 3))::text, 12, '0'))::uuid;
INSERT INTO session_data (session_data_id, website_id, session_id, session_key, string_value, number_value, date_value, data_type, created_at, deleted_at)
  SELECT ('77777777-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid, s.website_id, s.session_id, (ARRAY['plan', 'seats', 'signed_up'])[1 + g % 3],
         CASE g % 3 WHEN 0 THEN 'pro' END, CASE g % 3 WHEN 1 THEN g END, CASE g % 3 WHEN 2 THEN '2024-03-01 00:00:00+00'::timestamptz END,
         CASE g % 3 WHEN 0 THEN 1 WHEN 1 THEN 2 ELSE 4 END, s.created_at, CASE WHEN g % 4 = 0 THEN NULL ELSE s.created_at END
  FROM generate_series(1, 10) g JOIN session s ON s.session_id = ('44444444-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid;
INSERT INTO report (report_id, user_id, website_id, type, name, description, parameters, created_at, updated_at) VALUES
  ('88888888-0000-4000-8000-000000000001', '11111111-0000-4000-8000-000000000001', '33333333-0000-4000-8000-000000000001', 'funnel', 'Signup funnel', 'Visitors who sign up',
   '{"websiteId":"33333333-0000-4000-8000-000000000001","dateRange":{"value":"30day"},"window":60,"urls":["/","/pricing"]}', '2024-04-01 00:00:00+00', NULL),
  ('88888888-0000-4000-8000-000000000002', '11111111-0000-4000-8000-000000000001', '33333333-0000-4000-8000-000000000002', 'goals', 'Checkout goals', '',
   '{"websiteId":"33333333-0000-4000-8000-000000000002","goals":[{"type":"url","value":"/checkout","goal":10},{"type":"event","value":"purchase","goal":5}]}', '2024-04-01 00:00:00+00', '2024-04-02 00:00:00+00'),
  ('88888888-0000-4000-8000-000000000003', '11111111-0000-4000-8000-000000000002', '33333333-0000-4000-8000-000000000002', 'insights', 'Browsers by country', 'Weekly',
   '{"fields":[{"name":"browser","type":"string"}],"filters":[]}', '2024-04-02 00:00:00+00', NULL),
  ('88888888-0000-4000-8000-000000000004', '11111111-0000-4000-8000-000000000002', '33333333-0000-4000-8000-000000000003', 'retention', 'Docs retention', '', '{"dateRange":{"value":"90day"}}', '2024-04-03 00:00:00+00', NULL),
  ('88888888-0000-4000-8000-000000000005', '11111111-0000-4000-8000-000000000002', '33333333-0000-4000-8000-000000000003', 'funnel', 'Install funnel', 'Docs to install',
   '{"window":30,"steps":[{"type":"url","value":"/docs"},{"type":"url","value":"/docs/install"}]}', '2024-04-04 00:00:00+00', NULL),
  ('88888888-0000-4000-8000-000000000006', '11111111-0000-4000-8000-000000000001', '33333333-0000-4000-8000-000000000001', 'utm', 'Campaigns', '', '{}', '2024-04-05 00:00:00+00', NULL);
INSERT INTO segment (segment_id, website_id, type, name, parameters, created_at, updated_at) VALUES
  ('99999999-0000-4000-8000-000000000001', '33333333-0000-4000-8000-000000000001', 'segment', 'US visitors', '{"filters":[{"name":"country","operator":"eq","value":"US"}]}', '2024-04-01 00:00:00+00', NULL),
  ('99999999-0000-4000-8000-000000000002', '33333333-0000-4000-8000-000000000002', 'segment', 'Mobile', '{"filters":[{"name":"device","operator":"eq","value":"mobile"}]}', '2024-04-01 00:00:00+00', NULL),
  ('99999999-0000-4000-8000-000000000003', '33333333-0000-4000-8000-000000000002', 'cohort', 'April signups', '{"dateRange":{"startDate":"2024-04-01"}}', '2024-04-02 00:00:00+00', '2024-04-03 00:00:00+00');
INSERT INTO revenue (revenue_id, website_id, session_id, event_id, event_name, currency, revenue, created_at)
  SELECT ('aaaaaaaa-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid, we.website_id, we.session_id, we.event_id, 'purchase', (ARRAY['USD', 'EUR'])[1 + g % 2], 19.99 * g, we.created_at
  FROM generate_series(1, 5) g JOIN website_event we ON we.event_id = ('55555555-0000-4000-8000-' || lpad((10 * g)::text, 12, '0'))::uuid;
INSERT INTO board (board_id, type, name, description, parameters, slug, user_id, team_id, created_at, updated_at) VALUES
  ('bbbbbbbb-0000-4000-8000-000000000001', 'board', 'Overview', 'All sites', '{"layout":[{"type":"website","websiteId":"33333333-0000-4000-8000-000000000001"}]}', 'overview-x1', '11111111-0000-4000-8000-000000000001', NULL, '2024-04-01 00:00:00+00', NULL),
  ('bbbbbbbb-0000-4000-8000-000000000002', 'board', 'Marketing', '', '{"layout":[]}', 'marketing-y2', NULL, '22222222-0000-4000-8000-000000000001', '2024-04-02 00:00:00+00', '2024-04-03 00:00:00+00');

-- Immich.
INSERT INTO users (id, email, password, "createdAt", "profileImagePath", "isAdmin", "shouldChangePassword", "deletedAt", "oauthId", "updatedAt", "storageLabel", name, "quotaSizeInBytes", "quotaUsageInBytes", status, "profileChangedAt") VALUES
  ('c0000000-0000-4000-8000-000000000001', 'admin@immich.example', '$2b$10$adminhash', '2024-01-01 00:00:00+00', '/data/profile/c1/avatar.jpg', true, false, NULL, '', '2024-01-01 00:00:00+00', 'admin', 'Admin', NULL, 1048576, 'active', '2024-01-01 00:00:00+00'),
  ('c0000000-0000-4000-8000-000000000002', 'anna@immich.example', '$2b$10$annahash', '2024-01-02 00:00:00+00', '', false, false, NULL, 'oidc|anna', '2024-01-02 00:00:00+00', NULL, 'Anna', 10737418240, 524288, 'active', '2024-01-02 00:00:00+00'),
  ('c0000000-0000-4000-8000-000000000003', 'ben@immich.example', '$2b$10$benhash', '2024-01-03 00:00:00+00', '', false, true, NULL, '', '2024-01-03 00:00:00+00', NULL, 'Ben', NULL, 0, 'active', '2024-01-03 00:00:00+00'),
  ('c0000000-0000-4000-8000-000000000004', 'carl@immich.example', '$2b$10$carlhash', '2024-01-04 00:00:00+00', '', false, false, '2024-05-01 00:00:00+00', '', '2024-05-01 00:00:00+00', NULL, 'Carl', NULL, 0, 'deleted', '2024-01-04 00:00:00+00');
INSERT INTO users_audit ("userId", "deletedAt") VALUES ('c0000000-0000-4000-8000-000000000009', '2024-02-01 00:00:00+00');
INSERT INTO user_metadata ("userId", key, value) VALUES
  ('c0000000-0000-4000-8000-000000000001', 'preferences', '{"avatar": {"color": "amber"}, "memories": {"enabled": true}}'),
  ('c0000000-0000-4000-8000-000000000002', 'preferences', '{"avatar": {"color": "pink"}, "download": {"archiveSize": 4294967296}}'),
  ('c0000000-0000-4000-8000-000000000002', 'onboarding', '{"isOnboarded": true}'),
  ('c0000000-0000-4000-8000-000000000003', 'license', '{"licenseKey": "IMSV-XXXX", "activationKey": "act", "activatedAt": "2024-03-01T00:00:00Z"}');
INSERT INTO sessions (id, token, "createdAt", "updatedAt", "userId", "deviceType", "deviceOS")
  SELECT ('c1000000-0000-4000-8000-00000000000' || g)::uuid, encode(sha256(('token' || g)::bytea), 'hex'), '2024-04-01 00:00:00+00'::timestamptz + (g || ' days')::interval,
         '2024-04-01 00:00:00+00'::timestamptz + (g || ' days')::interval, ('c0000000-0000-4000-8000-00000000000' || (1 + g % 3))::uuid,
         (ARRAY['Chrome', 'iOS', 'Android', ''])[1 + g % 4], (ARRAY['Mac OS', 'iOS', 'Android', ''])[1 + g % 4]
  FROM generate_series(1, 6) g;
INSERT INTO partners ("sharedById", "sharedWithId", "createdAt", "updatedAt", "inTimeline") VALUES
  ('c0000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000002', '2024-02-01 00:00:00+00', '2024-02-01 00:00:00+00', true),
  ('c0000000-0000-4000-8000-000000000002', 'c0000000-0000-4000-8000-000000000001', '2024-02-02 00:00:00+00', '2024-02-02 00:00:00+00', false),
  ('c0000000-0000-4000-8000-000000000002', 'c0000000-0000-4000-8000-000000000003', '2024-02-03 00:00:00+00', '2024-02-03 00:00:00+00', false);
INSERT INTO partners_audit ("sharedById", "sharedWithId", "deletedAt") VALUES ('c0000000-0000-4000-8000-000000000003', 'c0000000-0000-4000-8000-000000000001', '2024-02-10 00:00:00+00');
INSERT INTO api_keys (name, key, "userId", "createdAt", "updatedAt", id, permissions) VALUES
  ('CLI', 'hashedkey1', 'c0000000-0000-4000-8000-000000000001', '2024-03-01 00:00:00+00', '2024-03-01 00:00:00+00', 'c2000000-0000-4000-8000-000000000001', '{all}'),
  ('Backup script', 'hashedkey2', 'c0000000-0000-4000-8000-000000000002', '2024-03-02 00:00:00+00', '2024-03-02 00:00:00+00', 'c2000000-0000-4000-8000-000000000002', '{asset.upload,asset.read,album.addAsset}'),
  ('Home Assistant', 'hashedkey3', 'c0000000-0000-4000-8000-000000000002', '2024-03-03 00:00:00+00', '2024-03-03 00:00:00+00', 'c2000000-0000-4000-8000-000000000003', '{asset.read,admin.user.read}');
INSERT INTO assets (id, "deviceAssetId", "ownerId", "deviceId", type, "originalPath", "fileCreatedAt", "fileModifiedAt", "isFavorite", duration, "encodedVideoPath", checksum, "isVisible",
    "livePhotoVideoId", "updatedAt", "createdAt", "isArchived", "originalFileName", "sidecarPath", thumbhash, "isOffline", "libraryId", "isExternal", "deletedAt", "localDateTime", "stackId", "duplicateId", status)
  SELECT ('c3000000-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid, 'IMG_' || (1000 + g) || '.HEIC-' || g, ('c0000000-0000-4000-8000-00000000000' || (1 + g % 3))::uuid,
         CASE WHEN g % 2 = 0 THEN 'iphone-15' ELSE 'WEB' END, CASE WHEN g = 2 OR g % 9 = 0 THEN 'VIDEO' ELSE 'IMAGE' END,
         '/data/upload/' || (1 + g % 3) || '/IMG_' || (1000 + g) || CASE WHEN g = 2 OR g % 9 = 0 THEN '.MOV' ELSE '.HEIC' END,
         '2024-04-01 12:00:00+00'::timestamptz + (g || ' days')::interval, '2024-04-01 12:00:00+00'::timestamptz + (g || ' days')::interval, g % 5 = 0,
         CASE WHEN g = 2 OR g % 9 = 0 THEN '00:00:03.000000' END, CASE WHEN g % 9 = 0 THEN '/data/encoded-video/' || g || '.mp4' ELSE '' END,
         sha256(('asset' || g)::bytea), g <> 2, CASE WHEN g = 5 THEN 'c3000000-0000-4000-8000-000000000002'::uuid END,
         '2024-04-02 00:00:00+00'::timestamptz + (g || ' days')::interval, '2024-04-02 00:00:00+00'::timestamptz + (g || ' days')::interval, g = 7,
         'IMG_' || (1000 + g) || CASE WHEN g = 2 OR g % 9 = 0 THEN '.MOV' ELSE '.HEIC' END, CASE WHEN g % 6 = 0 THEN '/data/upload/IMG_' || (1000 + g) || '.HEIC.xmp' END,
         CASE WHEN g % 4 <> 0 THEN decode('1b0806', 'hex') END, false, NULL, false, CASE WHEN g = 13 THEN '2024-05-01 00:00:00+00'::timestamptz END,
         '2024-04-01 14:00:00+00'::timestamptz + (g || ' days')::interval, NULL, CASE WHEN g IN (16, 17) THEN 'c9000000-0000-4000-8000-000000000001'::uuid END,
         CASE WHEN g = 13 THEN 'trashed'::assets_status_enum ELSE 'active' END
  FROM generate_series(1, 20) g;
INSERT INTO assets_audit ("assetId", "ownerId", "deletedAt") VALUES ('c3000000-0000-4000-8000-000000000099', 'c0000000-0000-4000-8000-000000000001', '2024-03-15 00:00:00+00');
INSERT INTO exif ("assetId", make, model, "exifImageWidth", "exifImageHeight", "fileSizeInByte", orientation, "dateTimeOriginal", "modifyDate", "lensModel", "fNumber", "focalLength", iso,
    latitude, longitude, city, state, country, description, fps, "exposureTime", "livePhotoCID", "timeZone", "projectionType", "profileDescription", colorspace, "bitsPerSample", "autoStackId", rating, "updatedAt")
  SELECT a.id, 'Apple', 'iPhone 15 Pro', 4032, 3024, 2000000 + g * 1000, CASE WHEN g % 3 = 0 THEN '6' ELSE '1' END, a."fileCreatedAt", a."fileModifiedAt",
         'iPhone 15 Pro back camera 6.765mm f/1.78', 1.78, 6.765, 50 + g, CASE WHEN g % 4 <> 0 THEN 52.52 + g / 100.0 END, CASE WHEN g % 4 <> 0 THEN 13.405 + g / 100.0 END,
         CASE WHEN g % 4 <> 0 THEN 'Berlin' END, CASE WHEN g % 4 <> 0 THEN 'Berlin' END, CASE WHEN g % 4 <> 0 THEN 'Germany' END,
         CASE WHEN g % 5 = 0 THEN 'Holiday ' || g ELSE '' END, CASE WHEN a.type = 'VIDEO' THEN 29.97 END, '1/120', CASE WHEN g IN (2, 5) THEN 'CID-1' END, 'Europe/Berlin',
         CASE WHEN g = 11 THEN 'EQUIRECTANGULAR' END, 'Display P3', 'Display P3', 8, NULL, CASE WHEN g % 7 = 0 THEN 5 END, a."updatedAt"
  FROM generate_series(1, 20) g JOIN assets a ON a.id = ('c3000000-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid;
INSERT INTO albums (id, "ownerId", "albumName", "createdAt", "albumThumbnailAssetId", "updatedAt", description, "deletedAt", "isActivityEnabled", "order") VALUES
  ('c4000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000002', 'Berlin 2024', '2024-04-10 00:00:00+00', 'c3000000-0000-4000-8000-000000000001', '2024-04-10 00:00:00+00', 'Spring trip', NULL, true, 'desc'),
  ('c4000000-0000-4000-8000-000000000002', 'c0000000-0000-4000-8000-000000000003', 'Family', '2024-04-11 00:00:00+00', 'c3000000-0000-4000-8000-000000000005', '2024-04-11 00:00:00+00', '', NULL, true, 'asc'),
  ('c4000000-0000-4000-8000-000000000003', 'c0000000-0000-4000-8000-000000000001', 'Untitled Album', '2024-04-12 00:00:00+00', NULL, '2024-04-12 00:00:00+00', '', NULL, false, 'desc'),
  ('c4000000-0000-4000-8000-000000000004', 'c0000000-0000-4000-8000-000000000002', 'Shared with Ben', '2024-04-13 00:00:00+00', 'c3000000-0000-4000-8000-000000000004', '2024-04-13 00:00:00+00', 'Photos for Ben', NULL, true, 'desc');
INSERT INTO albums_assets_assets ("albumsId", "assetsId", "createdAt") VALUES
  ('c4000000-0000-4000-8000-000000000001', 'c3000000-0000-4000-8000-000000000001', '2024-04-10 00:00:00+00'),
  ('c4000000-0000-4000-8000-000000000001', 'c3000000-0000-4000-8000-000000000004', '2024-04-10 00:00:00+00'),
  ('c4000000-0000-4000-8000-000000000001', 'c3000000-0000-4000-8000-000000000007', '2024-04-10 00:00:00+00'),
  ('c4000000-0000-4000-8000-000000000001', 'c3000000-0000-4000-8000-000000000010', '2024-04-10 00:00:00+00'),
  ('c4000000-0000-4000-8000-000000000002', 'c3000000-0000-4000-8000-000000000005', '2024-04-11 00:00:00+00'),
  ('c4000000-0000-4000-8000-000000000002', 'c3000000-0000-4000-8000-000000000008', '2024-04-11 00:00:00+00'),
  ('c4000000-0000-4000-8000-000000000004', 'c3000000-0000-4000-8000-000000000004', '2024-04-13 00:00:00+00'),
  ('c4000000-0000-4000-8000-000000000004', 'c3000000-0000-4000-8000-000000000016', '2024-04-13 00:00:00+00'),
  ('c4000000-0000-4000-8000-000000000004', 'c3000000-0000-4000-8000-000000000019', '2024-04-13 00:00:00+00'),
  ('c4000000-0000-4000-8000-000000000003', 'c3000000-0000-4000-8000-000000000003', '2024-04-12 00:00:00+00');
INSERT INTO albums_shared_users_users ("albumsId", "usersId", role) VALUES
  ('c4000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000001', 'editor'),
  ('c4000000-0000-4000-8000-000000000004', 'c0000000-0000-4000-8000-000000000003', 'viewer'),
  ('c4000000-0000-4000-8000-000000000002', 'c0000000-0000-4000-8000-000000000002', 'editor');
INSERT INTO activity (id, "createdAt", "updatedAt", "albumId", "userId", "assetId", comment, "isLiked") VALUES
  ('c5000000-0000-4000-8000-000000000001', '2024-04-14 00:00:00+00', '2024-04-14 00:00:00+00', 'c4000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000001', 'c3000000-0000-4000-8000-000000000001', NULL, true),
  ('c5000000-0000-4000-8000-000000000002', '2024-04-14 00:00:00+00', '2024-04-14 00:00:00+00', 'c4000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000001', 'c3000000-0000-4000-8000-000000000004', 'Great light!', false),
  ('c5000000-0000-4000-8000-000000000003', '2024-04-15 00:00:00+00', '2024-04-15 00:00:00+00', 'c4000000-0000-4000-8000-000000000001', 'c0000000-0000-4000-8000-000000000002', NULL, 'Thanks for joining', false),
  ('c5000000-0000-4000-8000-000000000004', '2024-04-15 00:00:00+00', '2024-04-15 00:00:00+00', 'c4000000-0000-4000-8000-000000000004', 'c0000000-0000-4000-8000-000000000003', NULL, NULL, true),
  ('c5000000-0000-4000-8000-000000000005', '2024-04-16 00:00:00+00', '2024-04-16 00:00:00+00', 'c4000000-0000-4000-8000-000000000002', 'c0000000-0000-4000-8000-000000000002', 'c3000000-0000-4000-8000-000000000008', 'Lovely', false),
  ('c5000000-0000-4000-8000-000000000006', '2024-04-16 00:00:00+00', '2024-04-16 00:00:00+00', 'c4000000-0000-4000-8000-000000000004', 'c0000000-0000-4000-8000-000000000003', 'c3000000-0000-4000-8000-000000000013', 'Where was this?', false);
INSERT INTO memories (id, "createdAt", "updatedAt", "deletedAt", "ownerId", type, data, "isSaved", "memoryAt", "seenAt", "showAt", "hideAt") VALUES
  ('c6000000-0000-4000-8000-000000000001', '2025-04-01 00:00:00+00', '2025-04-01 00:00:00+00', NULL, 'c0000000-0000-4000-8000-000000000002', 'on_this_day', '{"year": 2024}', false, '2024-04-05 00:00:00+00', NULL, '2025-04-05 00:00:00+00', '2025-04-06 00:00:00+00'),
  ('c6000000-0000-4000-8000-000000000002', '2025-04-02 00:00:00+00', '2025-04-02 00:00:00+00', NULL, 'c0000000-0000-4000-8000-000000000002', 'on_this_day', '{"year": 2024}', true, '2024-04-08 00:00:00+00', '2025-04-08 09:00:00+00', '2025-04-08 00:00:00+00', '2025-04-09 00:00:00+00'),
  ('c6000000-0000-4000-8000-000000000003', '2025-04-03 00:00:00+00', '2025-04-03 00:00:00+00', NULL, 'c0000000-0000-4000-8000-000000000003', 'on_this_day', '{"year": 2024}', false, '2024-04-10 00:00:00+00', NULL, NULL, NULL);
INSERT INTO memories_assets_assets ("memoriesId", "assetsId") VALUES
  ('c6000000-0000-4000-8000-000000000001', 'c3000000-0000-4000-8000-000000000004'),
  ('c6000000-0000-4000-8000-000000000001', 'c3000000-0000-4000-8000-000000000001'),
  ('c6000000-0000-4000-8000-000000000002', 'c3000000-0000-4000-8000-000000000007'),
  ('c6000000-0000-4000-8000-000000000002', 'c3000000-0000-4000-8000-000000000010'),
  ('c6000000-0000-4000-8000-000000000003', 'c3000000-0000-4000-8000-000000000008');
