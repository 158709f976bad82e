-- What the serving version (GoTrue-like) does, one statement group per "-- step", each run as
-- {{role}} in a transaction rolled back after it. Each works before the migration; the
-- migration breaks the serving version when one fails after it.
-- step sign-up: explicit columns, the nil instance id, a 12-character phone
INSERT INTO auth.users (instance_id, id, aud, role, email, encrypted_password, phone, created_at, updated_at)
VALUES ('00000000-0000-0000-0000-000000000000', 'aaaaaaaa-0000-0000-0000-000000000001', 'authenticated', 'authenticated', 'new@x', 'h', '+15550001111', now(), now());
-- step upsert on the unique email (no aud)
INSERT INTO auth.users (id, email) VALUES (gen_random_uuid(), 'u1@x') ON CONFLICT (email) DO NOTHING;
-- step read a user, every column
DO $$ BEGIN IF NOT EXISTS (SELECT instance_id, id, aud, role, email, encrypted_password, confirmed_at, phone, raw_app_meta_data, is_super_admin, banned_until, created_at, updated_at FROM auth.users WHERE email = 'u1@x') THEN RAISE EXCEPTION 'user u1 not found'; END IF; END $$;
-- step confirm a user
UPDATE auth.users SET confirmed_at = now(), raw_app_meta_data = '{"provider":"email"}' WHERE email = 'u2@x';
-- step issue a refresh token whose parent was already rotated away, user id as text
INSERT INTO auth.refresh_tokens (instance_id, token, user_id, revoked, parent, created_at, updated_at) VALUES (NULL, 'tok-new', 'someone', false, 'tok-gone', now(), now());
-- step a retried token insert (the serving version never made tokens unique)
INSERT INTO auth.refresh_tokens (token, user_id, revoked) VALUES ('tok-1', 'someone', false);
-- step revoke
UPDATE auth.refresh_tokens SET revoked = true WHERE token = 'tok-2';
-- step link an identity
INSERT INTO auth.identities (id, user_id, identity_data, provider, last_sign_in_at, created_at) SELECT id::text, id, jsonb_build_object('sub', id), 'github', now(), now() FROM auth.users WHERE email = 'u3@x';
-- step upsert an identity on the primary key by name
INSERT INTO auth.identities (id, user_id, identity_data, provider) SELECT id::text, id, '{}', 'email' FROM auth.users WHERE email = 'u4@x' ON CONFLICT ON CONSTRAINT identities_pkey DO UPDATE SET identity_data = excluded.identity_data;
DO $$ BEGIN IF (SELECT count(*) FROM auth.identities WHERE provider = 'email' AND user_id = '00000000-0000-0000-0000-000000000004') <> 1 THEN RAISE EXCEPTION 'the upsert did not update the identity'; END IF; END $$;
-- step delete a user, identities cascade
DELETE FROM auth.users WHERE email = 'u5@x';
DO $$ BEGIN IF EXISTS (SELECT 1 FROM auth.identities WHERE id = '00000000-0000-0000-0000-000000000005') THEN RAISE EXCEPTION 'identity not deleted with its user'; END IF; END $$;
-- step enrol a factor with an empty name, relying on the status default
INSERT INTO auth.mfa_factors (id, user_id, friendly_name, factor_type) VALUES ('bbbbbbbb-0000-0000-0000-000000000001', '00000000-0000-0000-0000-000000000030', '', 'totp');
DO $$ BEGIN IF (SELECT status FROM auth.mfa_factors WHERE id = 'bbbbbbbb-0000-0000-0000-000000000001') IS DISTINCT FROM 'unverified' THEN RAISE EXCEPTION 'status default lost'; END IF; END $$;
-- step enrol a factor without a name
INSERT INTO auth.mfa_factors (id, user_id, factor_type) VALUES (gen_random_uuid(), '00000000-0000-0000-0000-000000000031', 'webauthn');
-- step a second factor named like the first
INSERT INTO auth.mfa_factors (id, user_id, friendly_name, factor_type) VALUES (gen_random_uuid(), '00000000-0000-0000-0000-000000000002', 'phone', 'totp');
-- step audit a login from an IPv6 address
INSERT INTO auth.audit_log_entries (instance_id, id, payload, created_at, ip_address) VALUES (NULL, gen_random_uuid(), '{"action":"login"}', now(), '2001:0db8:85a3:0000:0000:8a2e:0370:7334');
-- step audit a login relying on the ip default
INSERT INTO auth.audit_log_entries (id, payload, created_at) VALUES (gen_random_uuid(), '{"action":"logout"}', now());
-- step clean old audit entries
DELETE FROM auth.audit_log_entries WHERE created_at < now() - interval '30 days';
-- step read the view
DO $$ BEGIN IF (SELECT count(*) FROM auth.active_users) < (SELECT users FROM holdout_expect) THEN RAISE EXCEPTION 'the view changed'; END IF; END $$;
-- step the uid function
SELECT set_config('request.jwt.claim.sub', '00000000-0000-0000-0000-000000000007', true);
DO $$ BEGIN IF auth.uid() IS DISTINCT FROM '00000000-0000-0000-0000-000000000007'::uuid THEN RAISE EXCEPTION 'auth.uid() changed'; END IF; END $$;
-- step nothing lost
DO $$ BEGIN IF (SELECT count(*) FROM auth.users) < (SELECT users FROM holdout_expect) OR (SELECT count(*) FROM auth.audit_log_entries) < (SELECT audit FROM holdout_expect) THEN RAISE EXCEPTION 'rows lost or hidden'; END IF; END $$;
-- step factors by type
SELECT id FROM auth.mfa_factors WHERE factor_type = 'webauthn';
