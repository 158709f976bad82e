-- The rows the serving versions find. Zitadel: two instances with 40 events (instance, org, user
-- and project aggregates, some without payload), 12 unique constraints (usernames stored with
-- mixed case as releases before step 16 stored them, instance domains), 20 fields (role
-- permissions, instance and org members, org states, unique instance domains, a boolean and a
-- number value), 6 projection states, 4 failed events of the old table, 5 login names, 5 user
-- sessions (one half-verified, one with NULLs), 2 LDAP templates (one without root CA), whose
-- count trigger wrote their resource count, 3 further resource counts, the two instances with
-- 4 organizations (one inactive), 4 instance domains (custom primary, generated, trusted) and 5
-- org domains (one unverified, one validated by http). Hatchet: 4 tenants, 3 dispatchers, 6
-- workers (two without maxRuns, two INACTIVE), 2 webhook workers, 4 API tokens (one revoked, one
-- without a name, one without a tenant), 30 events (two replayed, some without data), 5 event
-- keys, 20 queue items (priorities 1 to 4, sticky SOFT, HARD and none) and 6 resource limits.
INSERT INTO eventstore.events2 (instance_id, aggregate_type, aggregate_id, event_type, "sequence", revision, created_at, payload, creator, "owner", "position", in_tx_order)
  SELECT CASE WHEN g <= 30 THEN '230431128405868546' ELSE '230431128405868547' END,
         (ARRAY['instance', 'org', 'user', 'project'])[1 + g % 4],
         CASE g % 4 WHEN 0 THEN CASE WHEN g <= 30 THEN '230431128405868546' ELSE '230431128405868547' END WHEN 1 THEN '230431128405999001' WHEN 2 THEN '230431128406111002' ELSE '230431128406222003' END,
         (ARRAY['instance.added', 'org.added', 'user.human.added', 'project.added'])[1 + g % 4],
         (g + 3) / 4, 1, '2024-02-01 08:00:00+00'::timestamptz + (g || ' seconds')::interval,
         CASE WHEN g % 7 = 0 THEN NULL ELSE ('{"name": "n' || g || '", "userName": "User.' || g || '"}')::jsonb END,
         CASE WHEN g % 5 = 0 THEN 'SYSTEM' ELSE '230431128406111002' END, '230431128405999001',
         EXTRACT(EPOCH FROM '2024-02-01 08:00:00+00'::timestamptz + (g || ' seconds')::interval), 1 + g % 3
  FROM generate_series(1, 40) g;
INSERT INTO eventstore.unique_constraints (instance_id, unique_type, unique_field) VALUES
  ('230431128405868546', 'usernames', 'zitadel-admin@zitadel.localhost'), ('230431128405868546', 'usernames', 'Hans.Muster'),
  ('230431128405868546', 'usernames', 'hans.muster2'), ('230431128405868546', 'usernames', 'MixedCase@Example.COM'),
  ('230431128405868546', 'usernames', 'mixedcase@example.com'), ('230431128405868546', 'org_name', 'ZITADEL'),
  ('230431128405868546', 'org_name', 'ACME'), ('230431128405868546', 'instance_domain', 'zitadel.localhost'),
  ('230431128405868547', 'instance_domain', 'acme-xyz.zitadel.cloud'), ('230431128405868547', 'usernames', 'root'),
  ('230431128405868547', 'project_name', '230431128405999001:Portal'), ('', 'instance_domain', 'login.example.com');
INSERT INTO eventstore.fields (id, instance_id, resource_owner, aggregate_type, aggregate_id, object_type, object_id, object_revision, field_name, "value", value_must_be_unique, should_index) VALUES
  ('f0000000-0000-4000-8000-000000000001', '230431128405868546', '230431128405868546', 'permission', '230431128405868546', 'role_permission', 'IAM_OWNER', 1, 'permission', '"iam.read"', false, true),
  ('f0000000-0000-4000-8000-000000000002', '230431128405868546', '230431128405868546', 'permission', '230431128405868546', 'role_permission', 'IAM_OWNER', 1, 'permission', '"org.read"', false, true),
  ('f0000000-0000-4000-8000-000000000003', '230431128405868546', '230431128405868546', 'permission', '230431128405868546', 'role_permission', 'ORG_OWNER', 1, 'permission', '"org.read"', false, true),
  ('f0000000-0000-4000-8000-000000000004', '230431128405868546', '230431128405868546', 'permission', '230431128405868546', 'role_permission', 'ORG_OWNER', 1, 'permission', '"user.write"', false, true),
  ('f0000000-0000-4000-8000-000000000005', '230431128405868546', '230431128405868546', 'permission', '230431128405868546', 'role_permission', 'PROJECT_OWNER', 1, 'permission', '"project.read"', false, true),
  ('f0000000-0000-4000-8000-000000000006', '230431128405868546', '230431128405868546', 'instance', '230431128405868546', 'instance_member_role', '230431128406111002', 1, 'instance_role', '"IAM_OWNER"', false, true),
  ('f0000000-0000-4000-8000-000000000007', '230431128405868546', '230431128405999001', 'org', '230431128405999001', 'org', '230431128405999001', 1, 'state', '1', false, true),
  ('f0000000-0000-4000-8000-000000000008', '230431128405868546', '230431128405999002', 'org', '230431128405999002', 'org', '230431128405999002', 1, 'state', '1', false, true),
  ('f0000000-0000-4000-8000-000000000009', '230431128405868546', '230431128405999003', 'org', '230431128405999003', 'org', '230431128405999003', 1, 'state', '2', false, true),
  ('f0000000-0000-4000-8000-000000000010', '230431128405868546', '230431128405999002', 'org', '230431128405999002', 'org_member_role', '230431128406111005', 1, 'org_role', '"ORG_OWNER"', false, true),
  ('f0000000-0000-4000-8000-000000000011', '230431128405868546', '230431128405999003', 'org', '230431128405999003', 'org_member_role', '230431128406111005', 1, 'org_role', '"ORG_OWNER"', false, true),
  ('f0000000-0000-4000-8000-000000000012', '230431128405868546', '230431128405999002', 'org', '230431128405999002', 'org_member_role', '230431128406111006', 1, 'org_role', '"ORG_USER_MANAGER"', false, true),
  ('f0000000-0000-4000-8000-000000000013', '230431128405868546', '230431128405999001', 'project', '230431128406222003', 'project_member_role', '230431128406111005', 1, 'project_role', '"PROJECT_OWNER"', false, true),
  ('f0000000-0000-4000-8000-000000000014', '230431128405868546', '230431128405868546', 'instance', '230431128405868546', 'instance_domain', 'zitadel.localhost', 1, 'domain', '"zitadel.localhost"', true, true),
  ('f0000000-0000-4000-8000-000000000015', '230431128405868547', '230431128405868547', 'instance', '230431128405868547', 'instance_domain', 'acme-xyz.zitadel.cloud', 1, 'domain', '"acme-xyz.zitadel.cloud"', true, true),
  ('f0000000-0000-4000-8000-000000000016', '230431128405868546', '230431128405999001', 'org', '230431128405999001', 'org', '230431128405999001', 1, 'is_default', 'true', false, true),
  ('f0000000-0000-4000-8000-000000000017', '230431128405868546', '230431128405999001', 'project', '230431128406222003', 'project', '230431128406222003', 1, 'name', '"Portal"', false, false),
  ('f0000000-0000-4000-8000-000000000018', '230431128405868546', '230431128405999001', 'project', '230431128406222003', 'project_grant', '230431128406333004', 2, 'grant_id', '{"grantedOrg": "230431128405999002"}', false, false),
  ('f0000000-0000-4000-8000-000000000019', '230431128405868547', '230431128405868547', 'instance', '230431128405868547', 'instance_member_role', '230431128406111009', 1, 'instance_role', '"IAM_OWNER_VIEWER"', false, true),
  ('f0000000-0000-4000-8000-000000000020', '230431128405868547', '230431128405868547', 'permission', '230431128405868547', 'role_permission', 'IAM_OWNER_VIEWER', NULL, 'permission', '"iam.read"', NULL, NULL);
INSERT INTO projections.current_states (projection_name, instance_id, last_updated, aggregate_id, aggregate_type, "sequence", event_date, "position") VALUES
  ('projections.users14', '230431128405868546', '2024-02-01 08:01:00+00', '230431128406111002', 'user', 10, '2024-02-01 08:00:38+00', 1706774438.000000),
  ('projections.orgs1', '230431128405868546', '2024-02-01 08:01:00+00', '230431128405999001', 'org', 8, '2024-02-01 08:00:29+00', 1706774429.000000),
  ('projections.login_names3', '230431128405868546', '2024-02-01 08:01:00+00', '230431128406111002', 'user', 10, '2024-02-01 08:00:38+00', 1706774438.000000),
  ('projections.users14', '230431128405868547', '2024-02-01 08:02:00+00', '230431128406111002', 'user', 10, '2024-02-01 08:00:38+00', 1706774438.500000),
  ('projections.notifications', '230431128405868546', NULL, NULL, NULL, NULL, NULL, NULL),
  ('projections.idp_templates6', '230431128405868546', '2024-02-01 08:03:00+00', '230431128405868546', 'instance', 3, '2024-02-01 08:00:12+00', 0);
INSERT INTO projections.failed_events (projection_name, failed_sequence, failure_count, error, instance_id, last_failed) VALUES
  ('projections.users14', 3, 5, 'ID=QUERY-Dsfw2 Message=Errors.User.NotFound', '230431128405868546', '2024-02-01 09:00:00+00'),
  ('projections.orgs1', 2, 1, 'duplicate key value violates unique constraint', '230431128405868546', '2024-02-01 09:10:00+00'),
  ('projections.notifications', 4, 3, NULL, '230431128405868546', NULL),
  ('projections.users14', 9, 0, '', '230431128405868547', '2024-02-02 10:00:00+00');
INSERT INTO projections.resource_counts (instance_id, table_name, parent_type, parent_id, resource_name, updated_at, amount) VALUES
  ('230431128405868546', 'projections.orgs1', 'instance', '230431128405868546', 'organization', '2024-02-01 08:05:00+00', 3),
  ('230431128405868546', 'projections.users14', 'organization', '230431128405999001', 'user', '2024-02-01 08:05:00+00', 2),
  ('230431128405868547', 'projections.orgs1', 'instance', '230431128405868547', 'organization', '2024-02-01 08:06:00+00', 0);
INSERT INTO projections.login_names3_users (id, user_name, resource_owner, instance_id) VALUES
  ('230431128406111002', 'zitadel-admin', '230431128405999001', '230431128405868546'), ('230431128406111005', 'Hans.Muster', '230431128405999002', '230431128405868546'),
  ('230431128406111006', 'hans.muster2', '230431128405999002', '230431128405868546'), ('230431128406111007', 'svc-ci@acme', '230431128405999003', '230431128405868546'),
  ('230431128406111009', 'root', '230431128405999009', '230431128405868547');
INSERT INTO auth.user_sessions (creation_date, change_date, resource_owner, state, user_agent_id, user_id, user_name, password_verification, second_factor_verification, multi_factor_verification, sequence,
  second_factor_verification_type, multi_factor_verification_type, user_display_name, login_name, external_login_verification, selected_idp_config_id, passwordless_verification, avatar_key, instance_id) VALUES
  ('2024-02-01 10:00:00+00', '2024-02-01 10:05:00+00', '230431128405999001', 1, 'agent-1', '230431128406111002', 'zitadel-admin', '2024-02-01 10:01:00+00', '2024-02-01 10:02:00+00', NULL, 21, 1, NULL, 'ZITADEL Admin', 'zitadel-admin@zitadel.localhost', NULL, NULL, NULL, NULL, '230431128405868546'),
  ('2024-02-01 11:00:00+00', '2024-02-01 11:00:00+00', '230431128405999002', 1, 'agent-2', '230431128406111005', 'Hans.Muster', '2024-02-01 11:00:30+00', NULL, NULL, 22, NULL, NULL, 'Hans Muster', 'Hans.Muster@acme.ch', NULL, NULL, NULL, 'avatar/230431128406111005', '230431128405868546'),
  ('2024-02-01 12:00:00+00', NULL, NULL, NULL, 'agent-2', '230431128406111006', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '230431128405868546'),
  ('2024-02-02 09:00:00+00', '2024-02-02 09:30:00+00', '230431128405999002', 2, 'agent-3', '230431128406111005', 'Hans.Muster', '2024-02-02 09:00:10+00', NULL, '2024-02-02 09:01:00+00', 30, NULL, 2, 'Hans Muster', 'Hans.Muster@acme.ch', '2024-02-02 09:00:05+00', '230431128407000001', '2024-02-02 09:00:20+00', NULL, '230431128405868546'),
  ('2024-02-03 09:00:00+00', '2024-02-03 09:00:00+00', '230431128405999009', 1, 'agent-9', '230431128406111009', 'root', '2024-02-03 09:00:01+00', NULL, NULL, 5, NULL, NULL, 'root', 'root@acme-xyz.zitadel.cloud', NULL, NULL, NULL, NULL, '230431128405868547');
INSERT INTO projections.idp_templates6_ldap3 (idp_id, instance_id, servers, start_tls, base_dn, bind_dn, bind_password, user_base, user_object_classes, user_filters, timeout, rootCA, id_attribute, first_name_attribute, last_name_attribute, email_attribute, email_verified) VALUES
  ('230431128408000001', '230431128405868546', '{ldaps://ldap.acme.ch:636}', false, 'dc=acme,dc=ch', 'cn=admin,dc=acme,dc=ch', '{"cryptoType": 0, "algorithm": "aes", "keyID": "idpConfigKey", "crypted": "c2VjcmV0"}', 'dn', '{inetOrgPerson}', '{uid,mail}', 10000000000, '\x308201', 'uid', 'givenName', 'sn', 'mail', NULL),
  ('230431128408000002', '230431128405868546', '{ldap://10.0.0.5:389,ldap://10.0.0.6:389}', true, 'ou=people,dc=corp', 'cn=bind,dc=corp', '{}', 'ou=people', '{}', '{}', 0, NULL, NULL, NULL, NULL, NULL, 'emailVerified');
INSERT INTO zitadel.instances (id, name, default_org_id, iam_project_id, console_client_id, console_app_id, default_language, created_at, updated_at) VALUES
  ('230431128405868546', 'ZITADEL', '230431128405999001', '230431128406222003', '230431128406444001@zitadel', '230431128406444001', 'en', '2024-01-01 00:00:00+00', '2024-01-01 00:00:00+00'),
  ('230431128405868547', 'ACME XYZ', NULL, NULL, NULL, NULL, NULL, '2024-01-02 00:00:00+00', '2024-01-02 00:00:00+00');
INSERT INTO zitadel.organizations (id, name, instance_id, state, created_at, updated_at) VALUES
  ('230431128405999001', 'ZITADEL', '230431128405868546', 'active', '2024-01-01 00:00:00+00', '2024-01-01 00:00:00+00'),
  ('230431128405999002', 'ACME', '230431128405868546', 'active', '2024-01-03 00:00:00+00', '2024-01-03 00:00:00+00'),
  ('230431128405999003', 'Old Corp', '230431128405868546', 'inactive', '2024-01-04 00:00:00+00', '2024-01-05 00:00:00+00'),
  ('230431128405999009', 'ACME XYZ', '230431128405868547', 'active', '2024-01-02 00:00:00+00', '2024-01-02 00:00:00+00');
INSERT INTO zitadel.instance_domains (instance_id, domain, is_primary, is_generated, type, created_at, updated_at) VALUES
  ('230431128405868546', 'zitadel.localhost', true, true, 'custom', '2024-01-01 00:00:00+00', '2024-01-01 00:00:00+00'),
  ('230431128405868546', 'auth.zitadel.example', false, false, 'custom', '2024-01-06 00:00:00+00', '2024-01-06 00:00:00+00'),
  ('230431128405868546', 'partner.example.org', NULL, NULL, 'trusted', '2024-01-07 00:00:00+00', '2024-01-07 00:00:00+00'),
  ('230431128405868547', 'acme-xyz.zitadel.cloud', true, true, 'custom', '2024-01-02 00:00:00+00', '2024-01-02 00:00:00+00');
INSERT INTO zitadel.org_domains (instance_id, org_id, domain, is_verified, is_primary, validation_type, created_at, updated_at) VALUES
  ('230431128405868546', '230431128405999001', 'zitadel.zitadel.localhost', true, true, NULL, '2024-01-01 00:00:00+00', '2024-01-01 00:00:00+00'),
  ('230431128405868546', '230431128405999002', 'acme.zitadel.localhost', true, false, NULL, '2024-01-03 00:00:00+00', '2024-01-03 00:00:00+00'),
  ('230431128405868546', '230431128405999002', 'acme.ch', true, true, 'dns', '2024-01-03 00:00:00+00', '2024-01-08 00:00:00+00'),
  ('230431128405868546', '230431128405999003', 'acme.ch', false, false, 'http', '2024-01-04 00:00:00+00', '2024-01-04 00:00:00+00'),
  ('230431128405868547', '230431128405999009', 'acme-xyz.acme-xyz.zitadel.cloud', true, true, NULL, '2024-01-02 00:00:00+00', '2024-01-02 00:00:00+00');

INSERT INTO "Tenant" ("id", "createdAt", "updatedAt", "deletedAt", "name", "slug") VALUES
  ('a1000000-0000-4000-8000-000000000001', '2024-01-10 10:00:00', '2024-01-10 10:00:00', NULL, 'Default', 'default'),
  ('a1000000-0000-4000-8000-000000000002', '2024-01-11 10:00:00', '2024-01-12 10:00:00', NULL, 'Acme Production', 'acme-prod'),
  ('a1000000-0000-4000-8000-000000000003', '2024-01-12 10:00:00', '2024-01-12 10:00:00', NULL, 'Acme Staging', 'acme-staging'),
  ('a1000000-0000-4000-8000-000000000004', '2024-01-13 10:00:00', '2024-02-13 10:00:00', '2024-02-13 10:00:00', 'Deleted Co', 'deleted-co');
INSERT INTO "Dispatcher" ("id", "createdAt", "updatedAt", "deletedAt", "lastHeartbeatAt", "isActive") VALUES
  ('d1000000-0000-4000-8000-000000000001', '2024-01-10 10:00:00', '2024-03-01 10:00:00', NULL, '2024-03-01 10:00:00', true),
  ('d1000000-0000-4000-8000-000000000002', '2024-01-10 10:00:00', '2024-03-01 10:00:00', NULL, NULL, true),
  ('d1000000-0000-4000-8000-000000000003', '2024-01-10 10:00:00', '2024-01-20 10:00:00', '2024-01-20 10:00:00', '2024-01-20 09:59:00', false);
INSERT INTO "Worker" ("id", "createdAt", "updatedAt", "deletedAt", "tenantId", "lastHeartbeatAt", "name", "status", "dispatcherId", "maxRuns") VALUES
  ('e1000000-0000-4000-8000-000000000001', '2024-02-01 10:00:00', '2024-03-01 10:00:00', NULL, 'a1000000-0000-4000-8000-000000000001', '2024-03-01 10:00:00', 'default-worker', 'ACTIVE', 'd1000000-0000-4000-8000-000000000001', 100),
  ('e1000000-0000-4000-8000-000000000002', '2024-02-01 10:00:00', '2024-03-01 10:00:00', NULL, 'a1000000-0000-4000-8000-000000000002', '2024-03-01 10:00:00', 'python-worker', 'ACTIVE', 'd1000000-0000-4000-8000-000000000001', NULL),
  ('e1000000-0000-4000-8000-000000000003', '2024-02-01 10:00:00', '2024-02-02 10:00:00', NULL, 'a1000000-0000-4000-8000-000000000002', NULL, 'python-worker', 'INACTIVE', 'd1000000-0000-4000-8000-000000000002', 5),
  ('e1000000-0000-4000-8000-000000000004', '2024-02-03 10:00:00', '2024-03-01 10:00:00', NULL, 'a1000000-0000-4000-8000-000000000003', '2024-03-01 09:59:58', 'ts-worker', 'ACTIVE', 'd1000000-0000-4000-8000-000000000002', NULL),
  ('e1000000-0000-4000-8000-000000000005', '2024-02-04 10:00:00', '2024-02-05 10:00:00', '2024-02-05 10:00:00', 'a1000000-0000-4000-8000-000000000003', '2024-02-05 09:00:00', 'old-worker', 'INACTIVE', 'd1000000-0000-4000-8000-000000000003', 1),
  ('e1000000-0000-4000-8000-000000000006', '2024-02-06 10:00:00', '2024-03-01 10:00:00', NULL, 'a1000000-0000-4000-8000-000000000001', '2024-03-01 10:00:01', 'go-worker', 'ACTIVE', 'd1000000-0000-4000-8000-000000000001', 0);
INSERT INTO "APIToken" ("id", "createdAt", "updatedAt", "expiresAt", "revoked", "name", "tenantId") VALUES
  ('b1000000-0000-4000-8000-000000000001', '2024-01-15 10:00:00', '2024-01-15 10:00:00', '2025-01-15 10:00:00', false, 'ci', 'a1000000-0000-4000-8000-000000000001'),
  ('b1000000-0000-4000-8000-000000000002', '2024-01-16 10:00:00', '2024-01-20 10:00:00', '2024-01-20 09:59:59', true, 'leaked', 'a1000000-0000-4000-8000-000000000002'),
  ('b1000000-0000-4000-8000-000000000003', '2024-01-17 10:00:00', '2024-01-17 10:00:00', NULL, false, NULL, 'a1000000-0000-4000-8000-000000000002'),
  ('b1000000-0000-4000-8000-000000000004', '2024-01-18 10:00:00', '2024-01-18 10:00:00', '2099-01-01 00:00:00', false, 'internal-admin', NULL);
INSERT INTO "WebhookWorker" ("id", "createdAt", "updatedAt", "name", "secret", "url", "tokenValue", "deleted", "tokenId", "tenantId") VALUES
  ('c1000000-0000-4000-8000-000000000001', '2024-02-10 10:00:00', '2024-02-10 10:00:00', 'vercel-fn', 'whsec_0123456789', 'https://app.acme.dev/api/hatchet', 'eyJhbGciOiJIUzI1NiJ9.e30.x', false, 'b1000000-0000-4000-8000-000000000003', 'a1000000-0000-4000-8000-000000000002'),
  ('c1000000-0000-4000-8000-000000000002', '2024-02-11 10:00:00', '2024-02-12 10:00:00', 'old-fn', 'whsec_abcdef', 'https://old.acme.dev/hook', NULL, true, NULL, 'a1000000-0000-4000-8000-000000000002');
INSERT INTO "Event" ("id", "createdAt", "updatedAt", "deletedAt", "key", "tenantId", "replayedFromId", "data")
  SELECT ('f1000000-0000-4000-8000-0000000000' || lpad(g::text, 2, '0'))::uuid, '2024-03-01 10:00:00'::timestamp + (g || ' seconds')::interval, '2024-03-01 10:00:00'::timestamp + (g || ' seconds')::interval,
         CASE WHEN g = 29 THEN '2024-03-02 00:00:00'::timestamp END, (ARRAY['user:create', 'order:paid', 'user:delete'])[1 + g % 3],
         ('a1000000-0000-4000-8000-00000000000' || (1 + g % 3))::uuid, NULL, CASE WHEN g % 4 = 0 THEN NULL ELSE ('{"userId": ' || g || ', "plan": "pro"}')::jsonb END
  FROM generate_series(1, 30) g;
UPDATE "Event" SET "replayedFromId" = 'f1000000-0000-4000-8000-000000000001' WHERE "id" IN ('f1000000-0000-4000-8000-000000000004', 'f1000000-0000-4000-8000-000000000007');
INSERT INTO "EventKey" ("key", "tenantId") VALUES ('user:create', 'a1000000-0000-4000-8000-000000000002'), ('order:paid', 'a1000000-0000-4000-8000-000000000003'),
  ('user:delete', 'a1000000-0000-4000-8000-000000000001'), ('Billing:Invoice.Created', 'a1000000-0000-4000-8000-000000000002'), ('', 'a1000000-0000-4000-8000-000000000003');
INSERT INTO "QueueItem" ("stepRunId", "stepId", "actionId", "scheduleTimeoutAt", "stepTimeout", "priority", "isQueued", "tenantId", "queue", "sticky", "desiredWorkerId")
  SELECT ('51000000-0000-4000-8000-0000000000' || lpad(g::text, 2, '0'))::uuid, CASE WHEN g % 5 = 0 THEN NULL ELSE ('52000000-0000-4000-8000-00000000000' || (g % 5))::uuid END,
         CASE WHEN g % 5 = 0 THEN NULL ELSE (ARRAY['default:step1', 'send-email:send', 'etl:load', 'etl:transform'])[1 + g % 4] END,
         CASE WHEN g % 3 = 0 THEN NULL ELSE '2024-03-01 10:05:00'::timestamp + (g || ' seconds')::interval END, CASE WHEN g % 2 = 0 THEN '60s' ELSE NULL END,
         1 + g % 4, g % 6 <> 0, ('a1000000-0000-4000-8000-00000000000' || (1 + g % 3))::uuid, (ARRAY['default:step1', 'send-email:send', 'etl:load', 'etl:transform'])[1 + g % 4],
         (CASE g % 3 WHEN 1 THEN 'SOFT' WHEN 2 THEN 'HARD' END)::"StickyStrategy", CASE WHEN g % 3 = 2 THEN 'e1000000-0000-4000-8000-000000000002'::uuid END
  FROM generate_series(1, 20) g;
INSERT INTO "TenantResourceLimit" ("id", "createdAt", "updatedAt", "resource", "tenantId", "limitValue", "alarmValue", "value", "window", "lastRefill", "customValueMeter") VALUES
  ('71000000-0000-4000-8000-000000000001', '2024-01-10 10:00:00', '2024-01-10 10:00:00', 'WORKFLOW_RUN', 'a1000000-0000-4000-8000-000000000001', 10000, 7500, 120, '24h', '2024-03-01 00:00:00', false),
  ('71000000-0000-4000-8000-000000000002', '2024-01-10 10:00:00', '2024-01-10 10:00:00', 'EVENT', 'a1000000-0000-4000-8000-000000000001', 10000, 7500, 30, '24h', '2024-03-01 00:00:00', false),
  ('71000000-0000-4000-8000-000000000003', '2024-01-10 10:00:00', '2024-01-10 10:00:00', 'WORKER', 'a1000000-0000-4000-8000-000000000001', 4, 2, 2, NULL, '2024-01-10 10:00:00', true),
  ('71000000-0000-4000-8000-000000000004', '2024-01-11 10:00:00', '2024-01-11 10:00:00', 'WORKER', 'a1000000-0000-4000-8000-000000000002', 2147483647, NULL, 0, '', '2024-01-11 10:00:00', true),
  ('71000000-0000-4000-8000-000000000005', '2024-01-11 10:00:00', '2024-01-11 10:00:00', 'CRON', 'a1000000-0000-4000-8000-000000000002', 5, 4, 1, NULL, '2024-01-11 10:00:00', true),
  ('71000000-0000-4000-8000-000000000006', '2024-01-11 10:00:00', '2024-01-11 10:00:00', 'SCHEDULE', 'a1000000-0000-4000-8000-000000000003', 1000, 750, 0, '720h', '2024-01-11 10:00:00', false);
