-- The rows the serving version finds.
INSERT INTO auth.networks (id) VALUES ('22222222-2222-2222-2222-222222222222');
INSERT INTO auth.users (id, aud, role, email, phone, created_at, updated_at)
  SELECT ('00000000-0000-0000-0000-' || lpad(g::text, 12, '0'))::uuid, 'authenticated', 'authenticated', 'u' || g || '@x', '+1555' || lpad(g::text, 7, '0'), now(), now()
  FROM generate_series(1, 200) g;
INSERT INTO auth.identities (id, user_id, identity_data, provider, created_at)
  SELECT id::text, id, jsonb_build_object('sub', id, 'email', email), 'email', now() FROM auth.users;
INSERT INTO auth.refresh_tokens (token, user_id, revoked, created_at, updated_at)
  SELECT 'tok-' || g, ('00000000-0000-0000-0000-' || lpad((g % 200 + 1)::text, 12, '0')), false, now(), now()
  FROM generate_series(1, 500) g;
INSERT INTO auth.mfa_factors (id, user_id, friendly_name, factor_type)
  SELECT gen_random_uuid(), ('00000000-0000-0000-0000-' || lpad(g::text, 12, '0'))::uuid, 'phone', 'totp' FROM generate_series(1, 20) g;
INSERT INTO auth.audit_log_entries (id, payload, created_at, ip_address)
  SELECT gen_random_uuid(), '{"action":"login"}', now(), '10.0.0.1' FROM generate_series(1, 100) g;
CREATE TABLE holdout_expect AS SELECT (SELECT count(*) FROM auth.users) AS users, (SELECT count(*) FROM auth.audit_log_entries) AS audit;
