-- The rows the serving versions find. Authelia: 40 authentication log entries (1FA and 2FA,
-- successful and not, one without a remote IP), identity verifications (one consumed), 4 TOTP
-- configurations, 3 U2F devices, 3 Duo devices, 5 user preferences (u2f among them), one
-- encryption check value, 4 WebAuthn devices (one with an all-zero AAGUID, one with ''), 4
-- WebAuthn credentials, 6 opaque identifiers (one of the old 'openid_connect' service and one
-- for a user with no name, as Authelia before V0005 wrote them), 2 consent pre-configurations,
-- 6 consent sessions and 5 access token sessions. Listmonk: 20 subscribers (one blacklisted),
-- 5 lists, subscriptions, 3 templates (one default), 4 campaigns, their lists, views and link
-- clicks (one click without a link, as Listmonk before v0.8.0 recorded them), 3 media items,
-- 3 links, the settings (with bounce.count and bounce.action, and the SMTP servers with
-- tls_enabled), a super admin role, a list role, a user and an API user.
INSERT INTO authentication_logs (time, successful, banned, username, auth_type, remote_ip, request_uri, request_method)
  SELECT '2024-03-01 00:00:00+00'::timestamptz + (g || ' minutes')::interval, g % 4 <> 0, g = 7, 'user' || (1 + g % 5), CASE WHEN g % 2 = 0 THEN '1FA' ELSE 'TOTP' END,
         CASE WHEN g = 9 THEN NULL ELSE '192.0.2.' || g END, 'https://auth.example.com/?rd=https://app.example.com/' || g, CASE WHEN g % 3 = 0 THEN 'POST' ELSE 'GET' END
  FROM generate_series(1, 40) g;
INSERT INTO identity_verification (jti, iat, issued_ip, exp, username, action, consumed, consumed_ip) VALUES
  ('8a6a47a4-8b0e-4d9b-a3f3-000000000001', '2024-03-01 10:00:00+00', '192.0.2.1', '2024-03-01 10:05:00+00', 'user1', 'ResetPassword', '2024-03-01 10:01:00+00', '192.0.2.1'),
  ('8a6a47a4-8b0e-4d9b-a3f3-000000000002', '2024-03-02 10:00:00+00', '192.0.2.2', '2099-03-02 10:05:00+00', 'user2', 'RegisterTOTPDevice', NULL, NULL),
  ('8a6a47a4-8b0e-4d9b-a3f3-000000000003', '2024-03-03 10:00:00+00', '192.0.2.3', '2099-03-03 10:05:00+00', 'user3', 'RegisterWebauthnDevice', NULL, NULL);
INSERT INTO totp_configurations (username, issuer, algorithm, digits, period, secret)
  SELECT 'user' || g, CASE WHEN g = 4 THEN NULL ELSE 'auth.example.com' END, 'SHA1', 6, 30, ('\x' || md5('totp' || g))::bytea FROM generate_series(1, 4) g;
INSERT INTO u2f_devices (username, description, key_handle, public_key)
  SELECT 'user' || g, 'Primary', ('\x' || md5('kh' || g))::bytea, ('\x' || md5('pk' || g))::bytea FROM generate_series(1, 3) g;
INSERT INTO duo_devices (username, device, method) VALUES ('user1', 'DP1234567890ABCDEFGH', 'push'), ('user2', 'DP0000000000ABCDEFGH', 'sms'), ('user3', 'auto', 'auto');
INSERT INTO user_preferences (username, second_factor_method) VALUES ('user1', 'totp'), ('user2', 'u2f'), ('user3', 'webauthn'), ('user4', 'mobile_push'), ('user5', 'u2f');
INSERT INTO encryption (name, value) VALUES ('check', '\x0123456789abcdef');
INSERT INTO webauthn_devices (created_at, last_used_at, rpid, username, description, kid, public_key, attestation_type, transport, aaguid, sign_count, clone_warning) VALUES
  ('2024-01-01 00:00:00+00', NULL, 'auth.example.com', 'user1', 'Primary', 'a2lkMQ==', '\x01', 'fido-u2f', '', '00000000-0000-0000-0000-000000000000', 0, false),
  ('2024-01-02 00:00:00+00', '2024-02-02 00:00:00+00', 'auth.example.com', 'user2', 'Primary', 'a2lkMg==', '\x02', 'packed', 'usb', 'cb69481e-8ff7-4039-93ec-0a2729a154a8', 12, false),
  ('2024-01-03 00:00:00+00', NULL, '', 'user3', 'YubiKey', 'a2lkMw==', '\x03', 'none', 'usb,nfc', '', 3, false),
  ('2024-01-04 00:00:00+00', NULL, 'auth.example.com', 'user3', 'Phone', 'a2lkNA==', '\x04', 'apple', 'internal', 'fbfc3007-154e-4ecc-8c0b-6e020557d7bd', 0, true);
INSERT INTO webauthn_credentials (created_at, last_used_at, rpid, username, description, kid, aaguid, attestation_type, attachment, transport, sign_count, clone_warning, legacy, discoverable, present, verified, backup_eligible, backup_state, public_key)
  SELECT '2024-04-01 00:00:00+00'::timestamptz + (g || ' days')::interval, NULL, 'auth.example.com', 'user' || g, 'Key ' || g, 'Y3JlZA' || g, CASE WHEN g = 2 THEN NULL ELSE 'cb69481e-8ff7-4039-93ec-0a2729a154a8' END,
         CASE WHEN g = 3 THEN NULL ELSE 'packed' END, 'cross-platform', 'usb', g, false, g = 1, g = 4, true, true, false, false, ('\x0' || g)::bytea
  FROM generate_series(1, 4) g;
INSERT INTO user_opaque_identifier (service, sector_id, username, identifier) VALUES
  ('openid', '', 'user1', '5e1e5b2a-0000-4000-8000-000000000001'), ('openid', '', 'user2', '5e1e5b2a-0000-4000-8000-000000000002'),
  ('openid', 'app.example.com', 'user1', '5e1e5b2a-0000-4000-8000-000000000003'), ('openid', '', 'user3', '5e1e5b2a-0000-4000-8000-000000000004'),
  ('openid_connect', '', 'user4', '5e1e5b2a-0000-4000-8000-000000000005'), ('openid', '', '', '5e1e5b2a-0000-4000-8000-000000000006');
INSERT INTO oauth2_consent_preconfiguration (client_id, subject, created_at, expires_at, revoked, scopes, audience) VALUES
  ('grafana', '5e1e5b2a-0000-4000-8000-000000000001', '2024-05-01 00:00:00+00', '2099-01-01 00:00:00+00', false, 'openid profile', ''),
  ('nextcloud', '5e1e5b2a-0000-4000-8000-000000000002', '2024-05-02 00:00:00+00', NULL, false, 'openid groups', 'https://cloud.example.com');
INSERT INTO oauth2_consent_session (challenge_id, client_id, subject, authorized, granted, requested_at, responded_at, form_data, requested_scopes, granted_scopes, requested_audience, granted_audience, preconfiguration)
  SELECT 'c0ffee00-0000-4000-8000-00000000000' || g, CASE WHEN g % 2 = 0 THEN 'grafana' ELSE 'nextcloud' END,
         '5e1e5b2a-0000-4000-8000-00000000000' || CASE WHEN g = 6 THEN 6 ELSE 1 + g % 4 END, g <> 3, g <> 3, '2024-05-10 00:00:00+00'::timestamptz + (g || ' hours')::interval,
         CASE WHEN g <> 3 THEN '2024-05-10 00:01:00+00'::timestamptz + (g || ' hours')::interval END, 'response_type=code&state=' || g, 'openid profile', CASE WHEN g <> 3 THEN 'openid profile' ELSE '' END,
         NULL, NULL, CASE WHEN g = 2 THEN 1 END
  FROM generate_series(1, 6) g;
INSERT INTO oauth2_access_token_session (challenge_id, request_id, client_id, signature, subject, requested_at, requested_scopes, granted_scopes, requested_audience, granted_audience, active, revoked, form_data, session_data)
  SELECT 'c0ffee00-0000-4000-8000-00000000000' || g, 'req-' || g, CASE WHEN g % 2 = 0 THEN 'grafana' ELSE 'nextcloud' END, 'sig-' || md5('at' || g),
         '5e1e5b2a-0000-4000-8000-00000000000' || (1 + g % 4), '2024-05-10 00:02:00+00'::timestamptz + (g || ' hours')::interval, 'openid profile', 'openid profile', '', '', g <> 5, g = 5,
         'grant_type=authorization_code', ('\x' || md5('sess' || g))::bytea
  FROM generate_series(1, 5) g;

INSERT INTO subscribers (uuid, email, name, attribs, status, campaigns, created_at, updated_at)
  SELECT ('a0000000-0000-4000-8000-0000000000' || lpad(g::text, 2, '0'))::uuid, 'sub' || g || '@example.com', 'Subscriber ' || g,
         ('{"city": "City' || g || '", "projects": ' || g || '}')::jsonb, (CASE WHEN g = 13 THEN 'blacklisted' WHEN g = 17 THEN 'disabled' ELSE 'enabled' END)::subscriber_status,
         CASE WHEN g <= 5 THEN ARRAY[1, 2] END, '2024-01-01 00:00:00+00'::timestamptz + (g || ' hours')::interval, '2024-01-02 00:00:00+00'::timestamptz + (g || ' hours')::interval
  FROM generate_series(1, 20) g;
INSERT INTO lists (uuid, name, type, tags) VALUES
  ('b0000000-0000-4000-8000-000000000001', 'Default list', 'private', '{test}'), ('b0000000-0000-4000-8000-000000000002', 'Newsletter', 'public', '{news,weekly}'),
  ('b0000000-0000-4000-8000-000000000003', 'Beta testers', 'private', NULL), ('b0000000-0000-4000-8000-000000000004', 'Import 2024-01', 'temporary', '{}'),
  ('b0000000-0000-4000-8000-000000000005', 'Announcements', 'public', '{announce}');
INSERT INTO subscriber_lists (subscriber_id, list_id, status)
  SELECT s, 1 + s % 5, (CASE WHEN s % 3 = 0 THEN 'confirmed' WHEN s % 7 = 0 THEN 'unsubscribed' ELSE 'unconfirmed' END)::subscription_status FROM generate_series(1, 20) s
  UNION ALL SELECT s, 2, 'confirmed' FROM generate_series(1, 20) s WHERE s % 5 <> 1;
INSERT INTO templates (name, body, is_default) VALUES ('Default template', '<html>{{ template "content" . }}</html>', true),
  ('Plain', '{{ template "content" . }}', false), ('Unused', '<p>{{ template "content" . }}</p>', false);
INSERT INTO campaigns (uuid, name, subject, from_email, body, content_type, send_at, status, tags, messenger, template_id, to_send, sent, max_subscriber_id, last_subscriber_id, started_at)
  SELECT ('c0000000-0000-4000-8000-00000000000' || g)::uuid, 'Campaign ' || g, 'Hello {{ .Subscriber.FirstName }} ' || g, 'listmonk <noreply@example.com>', '<p>Body ' || g || '</p>',
         (CASE WHEN g = 3 THEN 'plain' ELSE 'richtext' END)::content_type, CASE WHEN g = 4 THEN '2099-01-01 00:00:00+00'::timestamptz END,
         (CASE g WHEN 1 THEN 'finished' WHEN 2 THEN 'running' WHEN 3 THEN 'draft' ELSE 'scheduled' END)::campaign_status, CASE WHEN g < 3 THEN '{newsletter}'::varchar(100)[] END,
         'email', CASE WHEN g = 3 THEN 2 ELSE 1 END, CASE WHEN g <= 2 THEN 20 ELSE 0 END, CASE WHEN g = 1 THEN 20 WHEN g = 2 THEN 7 ELSE 0 END,
         CASE WHEN g <= 2 THEN 20 ELSE 0 END, CASE WHEN g = 1 THEN 20 WHEN g = 2 THEN 7 ELSE 0 END, CASE WHEN g <= 2 THEN '2024-02-01 00:00:00+00'::timestamptz END
  FROM generate_series(1, 4) g;
INSERT INTO campaign_lists (campaign_id, list_id, list_name) VALUES (1, 1, 'Default list'), (1, 2, 'Newsletter'), (2, 2, 'Newsletter'), (3, 3, 'Beta testers'), (4, 5, 'Announcements'), (2, NULL, 'Deleted list');
INSERT INTO campaign_views (campaign_id, subscriber_id, created_at)
  SELECT 1 + g % 2, CASE WHEN g % 6 = 0 THEN NULL ELSE 1 + g % 20 END, '2024-02-01 01:00:00+00'::timestamptz + (g || ' minutes')::interval FROM generate_series(1, 30) g;
INSERT INTO media (uuid, filename, thumb, width, height) VALUES
  ('d0000000-0000-4000-8000-000000000001', 'logo.png', 'thumb_logo.png', 512, 128), ('d0000000-0000-4000-8000-000000000002', 'banner.JPG', 'thumb_banner.JPG', 1200, 400),
  ('d0000000-0000-4000-8000-000000000003', 'diagram.svg', 'thumb_diagram.svg', 0, 0);
INSERT INTO links (uuid, url) VALUES ('e0000000-0000-4000-8000-000000000001', 'https://example.com/'), ('e0000000-0000-4000-8000-000000000002', 'https://example.com/pricing'),
  ('e0000000-0000-4000-8000-000000000003', 'https://blog.example.com/post?id=1');
INSERT INTO link_clicks (campaign_id, link_id, subscriber_id, created_at)
  SELECT 1 + g % 2, CASE WHEN g = 11 THEN NULL ELSE 1 + g % 3 END, CASE WHEN g % 5 = 0 THEN NULL ELSE 1 + g % 20 END, '2024-02-01 02:00:00+00'::timestamptz + (g || ' minutes')::interval
  FROM generate_series(1, 25) g;
INSERT INTO settings (key, value) VALUES
  ('app.root_url', '"http://localhost:9000"'), ('app.from_email', '"listmonk <noreply@listmonk.yoursite.com>"'), ('app.concurrency', '10'),
  ('app.lang', '"jp"'), ('privacy.individual_tracking', 'false'), ('upload.provider', '"filesystem"'), ('upload.s3.aws_default_region', '"ap-south-1"'),
  ('upload.s3.expiry', '"14d"'), ('bounce.count', '2'), ('bounce.action', '"blocklist"'), ('security.enable_captcha', 'false'), ('security.cors_origins', '[]'),
  ('security.oidc', '{"enabled": false, "provider_url": "", "client_id": "", "client_secret": ""}'),
  ('smtp', '[{"enabled":true, "host":"smtp.yoursite.com","port":25,"auth_protocol":"cram","username":"username","password":"password","hello_hostname":"","max_conns":10,"idle_timeout":"15s","wait_timeout":"5s","max_msg_retries":2,"tls_enabled":true,"tls_skip_verify":false,"email_headers":[]}]'),
  ('messengers', '[]');
INSERT INTO roles (type, name, permissions) VALUES ('user', 'Super Admin', '{campaigns:get,campaigns:manage,subscribers:get,lists:get_all}');
INSERT INTO roles (type, parent_id, list_id, permissions, name) VALUES ('list', NULL, NULL, '{}', 'Newsletter editors');
INSERT INTO roles (type, parent_id, list_id, permissions) VALUES ('list', 2, 2, '{list:get,list:manage}');
INSERT INTO users (username, password_login, password, email, name, type, user_role_id, list_role_id, status, loggedin_at) VALUES
  ('admin', true, crypt('password123', gen_salt('bf')), 'admin@listmonk', 'admin', 'user', 1, NULL, 'enabled', '2024-06-01 00:00:00+00'),
  ('api-bot', false, 'plain-api-token-0123456789', 'api-bot@api', 'api-bot', 'api', 1, 2, 'enabled', NULL);
REFRESH MATERIALIZED VIEW mat_list_subscriber_stats;
