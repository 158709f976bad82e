-- The rows the serving versions find. Kong: the default workspace and a second one; 3
-- certificates, 5 services (one without a name, one in the second workspace, one with a client
-- certificate and CA certificates), 8 routes (one without a service, regex paths, sources and
-- destinations, headers), 6 consumers (one with only a custom_id), 11 plugins (key-auth, oauth2,
-- acme with a Redis storage config, rate-limiting and response-ratelimiting with the flat redis_*
-- fields of Kong before 3.6, global and scoped ones, one disabled), 3 upstreams and 6 targets, 3
-- CA certificates, 12 cluster events (half expired, as Kong before 3.3 left them to its cleanup
-- timer), 3 data planes (one expired), 5 key-auth credentials (one with a ttl in the future, one
-- expired), 3 OAuth2 credentials, 4 authorization codes and 5 tokens (expired ones among them),
-- 5 sessions, 4 ACME storage entries, 2 beta vaults, 3 leftover ttls rows, 10 sync versions and
-- their deltas. The tags rows are written by the sync_tags triggers. Hydra: one network, 5
-- clients (two migrated from 1.x with pk_deprecated from the sequence), 6 JSON web keys, 4 login
-- sessions, 8 flows in every state (login only, login used, consent requested, consent used,
-- denied), the access, refresh, code, OpenID Connect and PKCE token rows of those flows (some
-- without a challenge, some inactive), 3 logout requests and 2 trusted JWT bearer issuers.

-- Kong.
INSERT INTO workspaces (id, name, comment, created_at, meta, config) VALUES
  ('4b5c3e9a-0d0e-4a4b-9b7e-000000000001', 'default', NULL, '2020-08-01 10:00:00+00', NULL, NULL),
  ('4b5c3e9a-0d0e-4a4b-9b7e-000000000002', 'team-b', 'Team B''s gateway config', '2022-03-04 09:30:00+00', '{"color": "#b00", "thumbnail": null}', '{"portal": false}');

INSERT INTO certificates (id, created_at, cert, key, tags, ws_id, cert_alt, key_alt) VALUES
  ('c0000000-0000-4000-8000-000000000001', '2021-01-10 00:00:00+00', '-----BEGIN CERTIFICATE-----\nMIIB1...\n-----END CERTIFICATE-----', '-----BEGIN PRIVATE KEY-----\nMIIE...\n-----END PRIVATE KEY-----', '{prod,tls}', '4b5c3e9a-0d0e-4a4b-9b7e-000000000001', NULL, NULL),
  ('c0000000-0000-4000-8000-000000000002', '2021-02-11 00:00:00+00', '-----BEGIN CERTIFICATE-----\nMIIB2...\n-----END CERTIFICATE-----', '-----BEGIN PRIVATE KEY-----\nMIIE2...\n-----END PRIVATE KEY-----', NULL, '4b5c3e9a-0d0e-4a4b-9b7e-000000000001', '-----BEGIN CERTIFICATE-----\nECDSA...\n-----END CERTIFICATE-----', '-----BEGIN EC PRIVATE KEY-----\nEC...\n-----END EC PRIVATE KEY-----'),
  ('c0000000-0000-4000-8000-000000000003', '2022-03-05 00:00:00+00', '-----BEGIN CERTIFICATE-----\nMIIB3...\n-----END CERTIFICATE-----', '-----BEGIN PRIVATE KEY-----\nMIIE3...\n-----END PRIVATE KEY-----', '{}', '4b5c3e9a-0d0e-4a4b-9b7e-000000000002', NULL, NULL);

INSERT INTO services (id, created_at, updated_at, name, retries, protocol, host, port, path, connect_timeout, write_timeout, read_timeout, tags, client_certificate_id, tls_verify, tls_verify_depth, ca_certificates, ws_id, enabled) VALUES
  ('5e000000-0000-4000-8000-000000000001', '2021-01-10 00:00:00+00', '2023-01-01 00:00:00+00', 'orders', 5, 'http', 'orders.internal', 8080, '/api', 60000, 60000, 60000, '{prod,orders}', NULL, NULL, NULL, NULL, '4b5c3e9a-0d0e-4a4b-9b7e-000000000001', true),
  ('5e000000-0000-4000-8000-000000000002', '2021-01-11 00:00:00+00', '2021-01-11 00:00:00+00', 'billing', 0, 'https', 'billing.internal', 443, NULL, 5000, 10000, 120000, NULL, 'c0000000-0000-4000-8000-000000000001', true, 3, '{cac00000-0000-4000-8000-000000000001,cac00000-0000-4000-8000-000000000002}', '4b5c3e9a-0d0e-4a4b-9b7e-000000000001', true),
  ('5e000000-0000-4000-8000-000000000003', '2021-06-01 00:00:00+00', '2021-06-01 00:00:00+00', NULL, 5, 'grpc', 'grpc.internal', 9000, NULL, 60000, 60000, 60000, '{}', NULL, NULL, NULL, NULL, '4b5c3e9a-0d0e-4a4b-9b7e-000000000001', false),
  ('5e000000-0000-4000-8000-000000000004', '2022-02-02 00:00:00+00', '2022-02-02 00:00:00+00', 'Legacy_API', 5, 'http', 'legacy.example.com', 80, '/', 60000, 60000, 60000, '{legacy}', NULL, false, NULL, NULL, '4b5c3e9a-0d0e-4a4b-9b7e-000000000001', true),
  ('5e000000-0000-4000-8000-000000000005', '2022-03-05 00:00:00+00', '2022-03-05 00:00:00+00', 'orders', 5, 'http', 'orders.team-b.internal', 8080, '/api', 60000, 60000, 60000, NULL, NULL, NULL, NULL, NULL, '4b5c3e9a-0d0e-4a4b-9b7e-000000000002', true);

INSERT INTO routes (id, created_at, updated_at, name, service_id, protocols, methods, hosts, paths, snis, sources, destinations, regex_priority, strip_path, preserve_host, tags, https_redirect_status_code, headers, path_handling, ws_id, request_buffering, response_buffering) VALUES
  ('70000000-0000-4000-8000-000000000001', '2021-01-10 00:00:00+00', '2021-01-10 00:00:00+00', 'orders-list', '5e000000-0000-4000-8000-000000000001', '{http,https}', '{GET}', '{api.example.com}', '{/orders}', NULL, NULL, NULL, 0, true, false, '{prod}', 426, NULL, 'v0', '4b5c3e9a-0d0e-4a4b-9b7e-000000000001', true, true),
  ('70000000-0000-4000-8000-000000000002', '2021-01-10 00:00:00+00', '2022-05-10 00:00:00+00', 'orders-by-id', '5e000000-0000-4000-8000-000000000001', '{https}', '{GET,PUT,DELETE}', '{api.example.com}', '{/orders/\d+$}', NULL, NULL, NULL, 10, false, true, NULL, 301, '{"x-version": ["2", "3"]}', 'v1', '4b5c3e9a-0d0e-4a4b-9b7e-000000000001', true, false),
  ('70000000-0000-4000-8000-000000000003', '2021-01-11 00:00:00+00', '2021-01-11 00:00:00+00', 'billing', '5e000000-0000-4000-8000-000000000002', '{https}', NULL, NULL, '{/billing}', '{billing.example.com}', NULL, NULL, 0, true, false, NULL, 426, NULL, 'v0', '4b5c3e9a-0d0e-4a4b-9b7e-000000000001', false, true),
  ('70000000-0000-4000-8000-000000000004', '2021-06-01 00:00:00+00', '2021-06-01 00:00:00+00', NULL, '5e000000-0000-4000-8000-000000000003', '{tcp,tls}', NULL, NULL, NULL, '{grpc.example.com}', ARRAY['{"ip": "10.0.0.0/8"}'::jsonb], ARRAY['{"ip": "192.0.2.10", "port": 9000}'::jsonb, '{"port": 9001}'::jsonb], 0, true, false, '{}', 426, NULL, 'v0', '4b5c3e9a-0d0e-4a4b-9b7e-000000000001', true, true),
  ('70000000-0000-4000-8000-000000000005', '2022-02-02 00:00:00+00', '2022-02-02 00:00:00+00', 'legacy-catch-all', '5e000000-0000-4000-8000-000000000004', '{http}', NULL, '{*.legacy.example.com}', '{/}', NULL, NULL, NULL, -5, false, true, '{legacy}', 426, NULL, 'v1', '4b5c3e9a-0d0e-4a4b-9b7e-000000000001', true, true),
  ('70000000-0000-4000-8000-000000000006', '2022-02-03 00:00:00+00', '2022-02-03 00:00:00+00', 'no-service', NULL, '{http,https}', '{POST}', NULL, '{/hooks}', NULL, NULL, NULL, 0, true, false, NULL, 426, '{"x-hook": ["github"]}', 'v0', '4b5c3e9a-0d0e-4a4b-9b7e-000000000001', true, true),
  ('70000000-0000-4000-8000-000000000007', '2022-03-05 00:00:00+00', '2022-03-05 00:00:00+00', 'orders-list', '5e000000-0000-4000-8000-000000000005', '{http,https}', '{GET}', NULL, '{/orders}', NULL, NULL, NULL, 0, true, false, NULL, 426, NULL, 'v0', '4b5c3e9a-0d0e-4a4b-9b7e-000000000002', true, true),
  ('70000000-0000-4000-8000-000000000008', '2022-08-08 00:00:00+00', '2022-08-08 00:00:00+00', 'Orders-Upper', '5e000000-0000-4000-8000-000000000001', '{grpc}', NULL, '{API.EXAMPLE.COM}', '{/Orders.v1.OrderService/}', NULL, NULL, NULL, 1, false, false, '{prod,grpc}', 426, NULL, 'v0', '4b5c3e9a-0d0e-4a4b-9b7e-000000000001', true, true);

INSERT INTO consumers (id, created_at, username, custom_id, tags, ws_id) VALUES
  ('cc000000-0000-4000-8000-000000000001', '2021-01-12 00:00:00+00', 'alice', 'crm-1001', '{staff}', '4b5c3e9a-0d0e-4a4b-9b7e-000000000001'),
  ('cc000000-0000-4000-8000-000000000002', '2021-01-13 00:00:00+00', 'bob', NULL, NULL, '4b5c3e9a-0d0e-4a4b-9b7e-000000000001'),
  ('cc000000-0000-4000-8000-000000000003', '2021-03-01 00:00:00+00', NULL, 'partner-77', '{partner}', '4b5c3e9a-0d0e-4a4b-9b7e-000000000001'),
  ('cc000000-0000-4000-8000-000000000004', '2021-04-01 00:00:00+00', 'Mobile-App', 'app-ios', '{}', '4b5c3e9a-0d0e-4a4b-9b7e-000000000001'),
  ('cc000000-0000-4000-8000-000000000005', '2022-03-05 00:00:00+00', 'alice', 'crm-1001', NULL, '4b5c3e9a-0d0e-4a4b-9b7e-000000000002'),
  ('cc000000-0000-4000-8000-000000000006', '2022-09-09 00:00:00+00', 'ci-bot', NULL, '{automation,ci}', '4b5c3e9a-0d0e-4a4b-9b7e-000000000001');

INSERT INTO plugins (id, created_at, name, consumer_id, service_id, route_id, config, enabled, cache_key, protocols, tags, ws_id) VALUES
  ('91000000-0000-4000-8000-000000000001', '2021-01-12 00:00:00+00', 'key-auth', NULL, '5e000000-0000-4000-8000-000000000001', NULL,
   '{"key_names": ["apikey"], "hide_credentials": false, "anonymous": null, "key_in_header": true, "key_in_query": true, "key_in_body": false, "run_on_preflight": true}', true,
   'plugins:key-auth::5e000000-0000-4000-8000-000000000001:::4b5c3e9a-0d0e-4a4b-9b7e-000000000001', '{grpc,grpcs,http,https}', '{prod}', '4b5c3e9a-0d0e-4a4b-9b7e-000000000001'),
  ('91000000-0000-4000-8000-000000000002', '2021-01-12 00:00:00+00', 'rate-limiting', NULL, NULL, '70000000-0000-4000-8000-000000000001',
   '{"minute": 60, "hour": 1000, "policy": "redis", "limit_by": "consumer", "fault_tolerant": true, "redis_host": "redis.internal", "redis_port": 6379, "redis_password": null, "redis_username": null, "redis_ssl": false, "redis_ssl_verify": false, "redis_server_name": null, "redis_timeout": 2000, "redis_database": 0}', true,
   'plugins:rate-limiting:70000000-0000-4000-8000-000000000001::::4b5c3e9a-0d0e-4a4b-9b7e-000000000001', '{http,https}', NULL, '4b5c3e9a-0d0e-4a4b-9b7e-000000000001'),
  ('91000000-0000-4000-8000-000000000003', '2021-02-01 00:00:00+00', 'rate-limiting', NULL, NULL, NULL,
   '{"second": 50, "policy": "local", "limit_by": "ip", "fault_tolerant": true, "redis_host": null, "redis_port": 6379, "redis_timeout": 2000, "redis_database": 0, "redis_ssl": false, "redis_ssl_verify": false}', true,
   'plugins:rate-limiting:::::4b5c3e9a-0d0e-4a4b-9b7e-000000000001', '{grpc,grpcs,http,https}', '{global}', '4b5c3e9a-0d0e-4a4b-9b7e-000000000001'),
  ('91000000-0000-4000-8000-000000000004', '2021-03-01 00:00:00+00', 'acme', NULL, NULL, NULL,
   '{"account_email": "ops@example.com", "api_uri": "https://acme-v02.api.letsencrypt.org/directory", "domains": ["api.example.com"], "storage": "redis", "tos_accepted": true, "storage_config": {"redis": {"host": "redis.internal", "port": 6379, "database": 1, "auth": "s3cret", "ssl": false, "ssl_verify": false, "ssl_server_name": null, "namespace": "acme:", "scan_count": 10}, "shm": {"shm_name": "kong"}, "kong": {}, "consul": {"host": null, "port": null, "https": false}, "vault": {"host": null, "port": null}}}', true,
   'plugins:acme:::::4b5c3e9a-0d0e-4a4b-9b7e-000000000001', '{http,https}', NULL, '4b5c3e9a-0d0e-4a4b-9b7e-000000000001'),
  ('91000000-0000-4000-8000-000000000005', '2021-03-02 00:00:00+00', 'oauth2', NULL, '5e000000-0000-4000-8000-000000000002', NULL,
   '{"scopes": ["read", "write"], "mandatory_scope": true, "enable_authorization_code": true, "enable_client_credentials": false, "token_expiration": 7200, "refresh_token_ttl": 1209600, "provision_key": "pk_0f1e2d", "global_credentials": false}', true,
   'plugins:oauth2::5e000000-0000-4000-8000-000000000002:::4b5c3e9a-0d0e-4a4b-9b7e-000000000001', '{https}', NULL, '4b5c3e9a-0d0e-4a4b-9b7e-000000000001'),
  ('91000000-0000-4000-8000-000000000006', '2021-04-01 00:00:00+00', 'response-ratelimiting', 'cc000000-0000-4000-8000-000000000004', NULL, NULL,
   '{"limits": {"video": {"minute": 10}}, "policy": "redis", "redis_host": "redis.internal", "redis_port": 6380, "redis_password": "pw", "redis_timeout": 2000, "redis_database": 2}', true,
   'plugins:response-ratelimiting:::cc000000-0000-4000-8000-000000000004::4b5c3e9a-0d0e-4a4b-9b7e-000000000001', '{http,https}', '{mobile}', '4b5c3e9a-0d0e-4a4b-9b7e-000000000001'),
  ('91000000-0000-4000-8000-000000000007', '2021-05-01 00:00:00+00', 'cors', NULL, NULL, '70000000-0000-4000-8000-000000000002',
   '{"origins": ["https://app.example.com"], "methods": ["GET", "PUT"], "credentials": true, "max_age": 3600}', false,
   'plugins:cors:70000000-0000-4000-8000-000000000002::::4b5c3e9a-0d0e-4a4b-9b7e-000000000001', '{http,https}', '{}', '4b5c3e9a-0d0e-4a4b-9b7e-000000000001'),
  ('91000000-0000-4000-8000-000000000008', '2021-05-02 00:00:00+00', 'correlation-id', 'cc000000-0000-4000-8000-000000000001', '5e000000-0000-4000-8000-000000000001', '70000000-0000-4000-8000-000000000001',
   '{"header_name": "Kong-Request-ID", "generator": "uuid#counter", "echo_downstream": false}', true,
   'plugins:correlation-id:70000000-0000-4000-8000-000000000001:5e000000-0000-4000-8000-000000000001:cc000000-0000-4000-8000-000000000001::4b5c3e9a-0d0e-4a4b-9b7e-000000000001', '{http,https}', NULL, '4b5c3e9a-0d0e-4a4b-9b7e-000000000001'),
  ('91000000-0000-4000-8000-000000000009', '2022-03-05 00:00:00+00', 'key-auth', NULL, '5e000000-0000-4000-8000-000000000005', NULL,
   '{"key_names": ["x-api-key"], "hide_credentials": true, "anonymous": null, "key_in_header": true, "key_in_query": false, "key_in_body": false, "run_on_preflight": true}', true,
   'plugins:key-auth::5e000000-0000-4000-8000-000000000005:::4b5c3e9a-0d0e-4a4b-9b7e-000000000002', '{http,https}', NULL, '4b5c3e9a-0d0e-4a4b-9b7e-000000000002'),
  ('91000000-0000-4000-8000-000000000010', '2022-06-06 00:00:00+00', 'rate-limiting', 'cc000000-0000-4000-8000-000000000006', NULL, NULL,
   '{"minute": 5, "policy": "cluster", "limit_by": "consumer", "fault_tolerant": false, "redis_port": 6379, "redis_timeout": 2000, "redis_database": 0}', true,
   'plugins:rate-limiting:::cc000000-0000-4000-8000-000000000006::4b5c3e9a-0d0e-4a4b-9b7e-000000000001', '{http,https}', '{automation}', '4b5c3e9a-0d0e-4a4b-9b7e-000000000001'),
  ('91000000-0000-4000-8000-000000000011', '2022-07-07 00:00:00+00', 'request-termination', NULL, '5e000000-0000-4000-8000-000000000004', NULL,
   '{"status_code": 503, "message": "Legacy API is retired", "content_type": null, "body": null, "echo": false, "trigger": null}', true,
   'plugins:request-termination::5e000000-0000-4000-8000-000000000004:::4b5c3e9a-0d0e-4a4b-9b7e-000000000001', '{http,https}', NULL, '4b5c3e9a-0d0e-4a4b-9b7e-000000000001');

INSERT INTO upstreams (id, created_at, name, hash_on, hash_fallback, hash_on_header, hash_fallback_header, hash_on_cookie, hash_on_cookie_path, slots, healthchecks, tags, algorithm, host_header, client_certificate_id, ws_id) VALUES
  ('a1000000-0000-4000-8000-000000000001', '2021-01-10 00:00:00.123+00', 'orders.upstream', 'none', 'none', NULL, NULL, NULL, '/', 10000,
   '{"active": {"type": "http", "http_path": "/health", "timeout": 1, "healthy": {"interval": 5, "successes": 2}, "unhealthy": {"interval": 5, "http_failures": 3}}, "passive": {"type": "http"}, "threshold": 0}', '{prod}', 'round-robin', NULL, NULL, '4b5c3e9a-0d0e-4a4b-9b7e-000000000001'),
  ('a1000000-0000-4000-8000-000000000002', '2021-02-10 00:00:00.5+00', 'sticky.upstream', 'header', 'cookie', 'X-User-Id', NULL, 'route_cookie', '/app', 1000, NULL, NULL, 'consistent-hashing', 'sticky.internal', 'c0000000-0000-4000-8000-000000000002', '4b5c3e9a-0d0e-4a4b-9b7e-000000000001'),
  ('a1000000-0000-4000-8000-000000000003', '2022-03-05 00:00:00+00', 'orders.upstream', 'consumer', 'ip', NULL, NULL, NULL, '/', 100, '{"threshold": 25}', '{}', 'least-connections', NULL, NULL, '4b5c3e9a-0d0e-4a4b-9b7e-000000000002');

INSERT INTO targets (id, created_at, upstream_id, target, weight, tags, ws_id) VALUES
  ('7a000000-0000-4000-8000-000000000001', '2021-01-10 00:00:01.001+00', 'a1000000-0000-4000-8000-000000000001', '10.0.1.10:8080', 100, NULL, '4b5c3e9a-0d0e-4a4b-9b7e-000000000001'),
  ('7a000000-0000-4000-8000-000000000002', '2021-01-10 00:00:02.002+00', 'a1000000-0000-4000-8000-000000000001', '10.0.1.11:8080', 100, '{canary}', '4b5c3e9a-0d0e-4a4b-9b7e-000000000001'),
  ('7a000000-0000-4000-8000-000000000003', '2021-01-10 00:00:03.003+00', 'a1000000-0000-4000-8000-000000000001', '10.0.1.12:8080', 0, NULL, '4b5c3e9a-0d0e-4a4b-9b7e-000000000001'),
  ('7a000000-0000-4000-8000-000000000004', '2021-02-10 00:00:01+00', 'a1000000-0000-4000-8000-000000000002', 'sticky-a.internal:443', 50, '{}', '4b5c3e9a-0d0e-4a4b-9b7e-000000000001'),
  ('7a000000-0000-4000-8000-000000000005', '2021-02-10 00:00:02+00', 'a1000000-0000-4000-8000-000000000002', '[2001:db8::5]:443', 65535, NULL, '4b5c3e9a-0d0e-4a4b-9b7e-000000000001'),
  ('7a000000-0000-4000-8000-000000000006', '2022-03-05 00:00:01+00', 'a1000000-0000-4000-8000-000000000003', '10.9.0.1:8080', 10, NULL, '4b5c3e9a-0d0e-4a4b-9b7e-000000000002');

INSERT INTO ca_certificates (id, created_at, cert, tags) VALUES
  ('cac00000-0000-4000-8000-000000000001', '2020-01-01 00:00:00+00', '-----BEGIN CERTIFICATE-----\nROOT-CA-1\n-----END CERTIFICATE-----', '{internal-ca}'),
  ('cac00000-0000-4000-8000-000000000002', '2020-01-02 00:00:00+00', '-----BEGIN CERTIFICATE-----\nROOT-CA-2\n-----END CERTIFICATE-----', NULL),
  ('cac00000-0000-4000-8000-000000000003', '2020-06-01 00:00:00+00', '-----BEGIN CERTIFICATE-----\nPARTNER-CA\n-----END CERTIFICATE-----', '{}');

INSERT INTO cluster_events (id, node_id, at, nbf, expire_at, channel, data)
  SELECT ('ce000000-0000-4000-8000-0000000000' || lpad(g::text, 2, '0'))::uuid, ('0d000000-0000-4000-8000-00000000000' || (1 + g % 3))::uuid,
         now() - ((13 - g) || ' hours')::interval, CASE WHEN g % 4 = 0 THEN now() - ((13 - g) || ' hours')::interval + interval '5 seconds' END,
         CASE WHEN g <= 6 THEN now() - interval '1 hour' - (g || ' minutes')::interval ELSE now() + interval '1 day' END,
         CASE WHEN g % 3 = 0 THEN 'balancer:targets' WHEN g = 5 THEN NULL ELSE 'invalidations' END,
         CASE WHEN g = 7 THEN NULL ELSE 'routes:70000000-0000-4000-8000-00000000000' || (1 + g % 8) END
  FROM generate_series(1, 12) g;

INSERT INTO clustering_data_planes (id, hostname, ip, last_seen, config_hash, ttl, version, sync_status) VALUES
  ('dd000000-0000-4000-8000-000000000001', 'dp-1.example.com', '10.0.5.1', now() - interval '10 seconds', 'a3f1c0d2e4b5a6978800112233445566', now() + interval '14 days', '3.2.2.0', 'normal'),
  ('dd000000-0000-4000-8000-000000000002', 'dp-2', '10.0.5.2', now() - interval '20 days', '00000000000000000000000000000000', now() - interval '6 days', '3.1.1.3', 'plugin_set_incompatible'),
  ('dd000000-0000-4000-8000-000000000003', 'dp-3.example.com', '2001:db8::3', now() - interval '1 minute', 'a3f1c0d2e4b5a6978800112233445566', NULL, NULL, 'unknown');

INSERT INTO keyauth_credentials (id, created_at, consumer_id, key, tags, ttl, ws_id) VALUES
  ('ca000000-0000-4000-8000-000000000001', '2021-01-12 00:00:00+00', 'cc000000-0000-4000-8000-000000000001', 'alice-key-1', '{staff}', NULL, '4b5c3e9a-0d0e-4a4b-9b7e-000000000001'),
  ('ca000000-0000-4000-8000-000000000002', '2021-01-13 00:00:00+00', 'cc000000-0000-4000-8000-000000000002', 'Bob_Key', NULL, NULL, '4b5c3e9a-0d0e-4a4b-9b7e-000000000001'),
  ('ca000000-0000-4000-8000-000000000003', '2021-04-01 00:00:00+00', 'cc000000-0000-4000-8000-000000000004', 'ios-7f3a9c', '{mobile}', now() + interval '30 days', '4b5c3e9a-0d0e-4a4b-9b7e-000000000001'),
  ('ca000000-0000-4000-8000-000000000004', '2022-09-09 00:00:00+00', 'cc000000-0000-4000-8000-000000000006', 'ci-temp', '{ci}', now() - interval '2 days', '4b5c3e9a-0d0e-4a4b-9b7e-000000000001'),
  ('ca000000-0000-4000-8000-000000000005', '2022-03-05 00:00:00+00', 'cc000000-0000-4000-8000-000000000005', 'alice-key-1', NULL, NULL, '4b5c3e9a-0d0e-4a4b-9b7e-000000000002');

INSERT INTO oauth2_credentials (id, created_at, name, consumer_id, client_id, client_secret, redirect_uris, tags, client_type, hash_secret, ws_id) VALUES
  ('0c000000-0000-4000-8000-000000000001', '2021-03-02 00:00:00+00', 'Web App', 'cc000000-0000-4000-8000-000000000001', 'web-app', 'web-secret', '{https://app.example.com/callback}', NULL, 'confidential', false, '4b5c3e9a-0d0e-4a4b-9b7e-000000000001'),
  ('0c000000-0000-4000-8000-000000000002', '2021-04-01 00:00:00+00', 'iOS', 'cc000000-0000-4000-8000-000000000004', 'ios-app', NULL, '{com.example.app:/oauth,https://app.example.com/ios}', '{mobile}', 'public', false, '4b5c3e9a-0d0e-4a4b-9b7e-000000000001'),
  ('0c000000-0000-4000-8000-000000000003', '2022-01-01 00:00:00+00', 'Partner', 'cc000000-0000-4000-8000-000000000003', 'partner-77', '$pbkdf2-sha512$i=10000,l=32$c2FsdA$aGFzaA', '{}', '{partner}', 'confidential', true, '4b5c3e9a-0d0e-4a4b-9b7e-000000000001');

INSERT INTO oauth2_authorization_codes (id, created_at, credential_id, service_id, code, authenticated_userid, scope, ttl, challenge, challenge_method, ws_id) VALUES
  ('0a000000-0000-4000-8000-000000000001', now() - interval '20 seconds', '0c000000-0000-4000-8000-000000000001', '5e000000-0000-4000-8000-000000000002', 'code-aaaa', 'user-1', 'read', now() + interval '5 minutes', NULL, NULL, '4b5c3e9a-0d0e-4a4b-9b7e-000000000001'),
  ('0a000000-0000-4000-8000-000000000002', now() - interval '1 day', '0c000000-0000-4000-8000-000000000002', '5e000000-0000-4000-8000-000000000002', 'code-bbbb', 'user-2', 'read write', now() - interval '1 day' + interval '5 minutes', 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', 'S256', '4b5c3e9a-0d0e-4a4b-9b7e-000000000001'),
  ('0a000000-0000-4000-8000-000000000003', now() - interval '2 days', '0c000000-0000-4000-8000-000000000001', NULL, 'code-cccc', NULL, NULL, now() - interval '2 days', NULL, NULL, '4b5c3e9a-0d0e-4a4b-9b7e-000000000001'),
  ('0a000000-0000-4000-8000-000000000004', now() - interval '10 seconds', '0c000000-0000-4000-8000-000000000003', '5e000000-0000-4000-8000-000000000002', 'code-dddd', 'Partner-User', '', now() + interval '5 minutes', NULL, NULL, '4b5c3e9a-0d0e-4a4b-9b7e-000000000001');

INSERT INTO oauth2_tokens (id, created_at, credential_id, service_id, access_token, refresh_token, token_type, expires_in, authenticated_userid, scope, ttl, ws_id) VALUES
  ('07000000-0000-4000-8000-000000000001', now() - interval '1 hour', '0c000000-0000-4000-8000-000000000001', '5e000000-0000-4000-8000-000000000002', 'at-1111', 'rt-1111', 'bearer', 7200, 'user-1', 'read', now() + interval '14 days', '4b5c3e9a-0d0e-4a4b-9b7e-000000000001'),
  ('07000000-0000-4000-8000-000000000002', now() - interval '3 hours', '0c000000-0000-4000-8000-000000000002', '5e000000-0000-4000-8000-000000000002', 'at-2222', NULL, 'bearer', 7200, 'user-2', 'read write', now() - interval '1 hour', '4b5c3e9a-0d0e-4a4b-9b7e-000000000001'),
  ('07000000-0000-4000-8000-000000000003', now() - interval '30 days', '0c000000-0000-4000-8000-000000000001', NULL, 'at-3333', 'rt-3333', 'bearer', 0, NULL, NULL, NULL, '4b5c3e9a-0d0e-4a4b-9b7e-000000000001'),
  ('07000000-0000-4000-8000-000000000004', now() - interval '5 minutes', '0c000000-0000-4000-8000-000000000003', '5e000000-0000-4000-8000-000000000002', 'at-4444', 'rt-4444', 'bearer', 3600, 'Partner-User', '', now() + interval '14 days', '4b5c3e9a-0d0e-4a4b-9b7e-000000000001'),
  ('07000000-0000-4000-8000-000000000005', now() - interval '20 days', '0c000000-0000-4000-8000-000000000002', '5e000000-0000-4000-8000-000000000002', 'at-5555', 'rt-5555', 'bearer', 7200, 'user-3', 'read', now() - interval '6 days', '4b5c3e9a-0d0e-4a4b-9b7e-000000000001');

INSERT INTO sessions (id, session_id, expires, data, created_at, ttl) VALUES
  ('5d000000-0000-4000-8000-000000000001', 'c2Vzc2lvbi0x', 3600, '{"authenticated_consumer":"cc000000-0000-4000-8000-000000000001"}', now() - interval '10 minutes', now() + interval '50 minutes'),
  ('5d000000-0000-4000-8000-000000000002', 'c2Vzc2lvbi0y', 3600, '{"authenticated_consumer":"cc000000-0000-4000-8000-000000000002"}', now() - interval '3 hours', now() - interval '2 hours'),
  ('5d000000-0000-4000-8000-000000000003', 'c2Vzc2lvbi0z', 86400, NULL, now() - interval '1 hour', now() + interval '23 hours'),
  ('5d000000-0000-4000-8000-000000000004', 'c2Vzc2lvbi00', 0, '', now() - interval '5 days', NULL),
  ('5d000000-0000-4000-8000-000000000005', 'c2Vzc2lvbi01', 1800, '{"authenticated_groups":["admins"]}', now() - interval '1 minute', now() + interval '29 minutes');

INSERT INTO acme_storage (id, key, value, created_at, ttl) VALUES
  ('ac000000-0000-4000-8000-000000000001', 'kong_acme:cert_key:api.example.com', '{"key":"-----BEGIN PRIVATE KEY-----\nK\n-----END PRIVATE KEY-----","cert":"-----BEGIN CERTIFICATE-----\nC\n-----END CERTIFICATE-----"}', '2023-01-01 00:00:00+00', NULL),
  ('ac000000-0000-4000-8000-000000000002', 'kong_acme:account:https://acme-v02.api.letsencrypt.org/directory:ops@example.com', '{"key":"-----BEGIN PRIVATE KEY-----\nA\n-----END PRIVATE KEY-----"}', '2023-01-01 00:00:00+00', NULL),
  ('ac000000-0000-4000-8000-000000000003', 'kong_acme:challenge:Xyz123', 'Xyz123.thumbprint', now() - interval '2 hours', now() - interval '1 hour'),
  ('ac000000-0000-4000-8000-000000000004', 'kong_acme:renew_config:api.example.com', '{"host":"api.example.com","expire_at":1735689600}', '2023-01-01 00:00:00+00', NULL);

INSERT INTO vaults_beta (id, ws_id, prefix, name, description, config, created_at, updated_at, tags) VALUES
  ('fa000000-0000-4000-8000-000000000001', '4b5c3e9a-0d0e-4a4b-9b7e-000000000001', 'env-prod', 'env', 'Environment variables of the prod gateways', '{"prefix": "KONG_PROD_"}', '2022-04-01 00:00:00+00', '2022-04-01 00:00:00+00', '{prod}'),
  ('fa000000-0000-4000-8000-000000000002', '4b5c3e9a-0d0e-4a4b-9b7e-000000000002', 'aws-b', 'aws', NULL, '{"region": "eu-west-1"}', '2022-05-01 00:00:00+00', NULL, NULL);

INSERT INTO ttls (primary_key_value, primary_uuid_value, table_name, primary_key_name, expire_at) VALUES
  ('ca000000-0000-4000-8000-000000000099', 'ca000000-0000-4000-8000-000000000099', 'keyauth_credentials', 'id', '2019-05-01 00:00:00'),
  ('07000000-0000-4000-8000-000000000099', '07000000-0000-4000-8000-000000000099', 'oauth2_tokens', 'id', '2019-05-02 00:00:00'),
  ('legacy-key', NULL, 'ratelimiting_metrics', 'identifier', '2019-05-03 00:00:00');

INSERT INTO clustering_sync_version SELECT FROM generate_series(1, 10);
INSERT INTO clustering_sync_delta (version, type, pk, ws_id, entity)
  SELECT g, CASE WHEN g % 3 = 0 THEN 'plugins' ELSE 'routes' END, json_build_object('id', '70000000-0000-4000-8000-00000000000' || (1 + g % 8)),
         '4b5c3e9a-0d0e-4a4b-9b7e-000000000001', CASE WHEN g = 4 THEN NULL ELSE json_build_object('id', '70000000-0000-4000-8000-00000000000' || (1 + g % 8), 'name', 'r' || g) END
  FROM generate_series(1, 10) g;

-- Hydra.
INSERT INTO networks (id, created_at, updated_at) VALUES ('0e000000-0000-4000-8000-000000000001', '2022-01-01 00:00:00', '2022-01-01 00:00:00');

INSERT INTO hydra_client (id, client_name, client_secret, scope, owner, policy_uri, tos_uri, client_uri, logo_uri, client_secret_expires_at, sector_identifier_uri, jwks, jwks_uri,
    token_endpoint_auth_method, request_object_signing_alg, userinfo_signed_response_alg, subject_type, pk_deprecated, created_at, updated_at, frontchannel_logout_uri,
    frontchannel_logout_session_required, backchannel_logout_uri, backchannel_logout_session_required, metadata, token_endpoint_auth_signing_alg,
    authorization_code_grant_access_token_lifespan, authorization_code_grant_id_token_lifespan, authorization_code_grant_refresh_token_lifespan, client_credentials_grant_access_token_lifespan,
    implicit_grant_access_token_lifespan, implicit_grant_id_token_lifespan, jwt_bearer_grant_access_token_lifespan, password_grant_access_token_lifespan, password_grant_refresh_token_lifespan,
    refresh_token_grant_id_token_lifespan, refresh_token_grant_access_token_lifespan, refresh_token_grant_refresh_token_lifespan, pk, registration_access_token_signature, nid,
    redirect_uris, grant_types, response_types, audience, allowed_cors_origins, contacts, request_uris, post_logout_redirect_uris) VALUES
  ('app-web', 'Web App', '$2a$10$abcdefghijklmnopqrstuu', 'openid offline_access profile', 'team-web', '', '', 'https://app.example.com', '', 0, '', '{"keys":[]}', '',
    'client_secret_basic', '', 'none', 'public', nextval('hydra_client_pk_seq'), '2020-05-01 00:00:00', '2022-06-01 00:00:00', '', false, '', false, '{}', '',
    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'b1000000-0000-4000-8000-000000000001', '', '0e000000-0000-4000-8000-000000000001',
    '["https://app.example.com/callback"]', '["authorization_code", "refresh_token"]', '["code"]', '[]', '["https://app.example.com"]', '["web@example.com"]', '[]', '["https://app.example.com/"]'),
  ('app-cli', 'CLI', '', 'openid offline', '', '', '', '', '', 0, '', '{"keys":[]}', '',
    'none', '', 'none', 'public', nextval('hydra_client_pk_seq'), '2020-06-01 00:00:00', '2020-06-01 00:00:00', '', false, '', false, '{"platform":"cli"}', '',
    3600000000000, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'b1000000-0000-4000-8000-000000000002', '', '0e000000-0000-4000-8000-000000000001',
    '["http://127.0.0.1:4446/callback"]', '["authorization_code", "refresh_token"]', '["code"]', '[]', '[]', '[]', '[]', '[]'),
  ('svc-backend', 'Backend service', '$2a$10$zyxwvutsrqponmlkjihgfe', 'orders.read orders.write', 'platform', '', '', '', '', 0, '', '{"keys":[]}', '',
    'client_secret_post', '', 'none', 'public', 0, '2022-09-01 00:00:00', '2022-09-01 00:00:00', '', false, 'https://backend.internal/logout', true, '{}', '',
    NULL, NULL, NULL, 600000000000, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'b1000000-0000-4000-8000-000000000003', 'regsig-3', '0e000000-0000-4000-8000-000000000001',
    '[]', '["client_credentials"]', '["token"]', '["https://api.example.com"]', '[]', '[]', '[]', '[]'),
  ('6f0e5a4c-8d3b-4b9a-a1c2-d3e4f5a6b7c8', 'Partner portal', '', 'openid email', 'partner', 'https://partner.example/policy', 'https://partner.example/tos', 'https://partner.example', 'https://partner.example/logo.png', 1924992000, 'https://partner.example/sector.json', '{"keys":[{"kty":"RSA","kid":"p1","n":"0vx","e":"AQAB"}]}', '',
    'private_key_jwt', 'RS256', 'RS256', 'pairwise', 0, '2022-10-01 00:00:00', '2022-10-02 00:00:00', 'https://partner.example/fc', true, '', false, '{"tier":"gold"}', 'RS256',
    NULL, 3600000000000, 2592000000000000, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'b1000000-0000-4000-8000-000000000004', '', '0e000000-0000-4000-8000-000000000001',
    '["https://partner.example/cb", "https://partner.example/cb2"]', '["authorization_code", "implicit"]', '["code", "id_token", "code id_token"]', '[]', '[]', '["sec@partner.example"]', '["https://partner.example/req.jwt"]', '[]'),
  ('legacy-client', 'Legacy', '$2a$10$legacylegacylegacylegae', '', '', '', '', '', '', 0, '', '{"keys":[]}', '',
    'client_secret_basic', '', 'none', 'public', 0, '2022-10-15 00:00:00', '2022-10-15 00:00:00', '', false, '', false, '{}', '',
    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'b1000000-0000-4000-8000-000000000005', '', '0e000000-0000-4000-8000-000000000001',
    '[]', '[]', '[]', '[]', '[]', '[]', '[]', '[]');

INSERT INTO hydra_jwk (sid, kid, version, keydata, created_at, pk_deprecated, pk, nid) VALUES
  ('hydra.openid.id-token', 'id-token-2020', 0, 'ENCRYPTED:aGVsbG8x', '2020-05-01 00:00:00', nextval('hydra_jwk_pk_seq'), 'b2000000-0000-4000-8000-000000000001', '0e000000-0000-4000-8000-000000000001'),
  ('hydra.openid.id-token', 'id-token-2022', 0, 'ENCRYPTED:aGVsbG8y', '2022-05-01 00:00:00', 0, 'b2000000-0000-4000-8000-000000000002', '0e000000-0000-4000-8000-000000000001'),
  ('hydra.jwt.access-token', 'at-2022', 0, 'ENCRYPTED:aGVsbG8z', '2022-05-01 00:00:00', 0, 'b2000000-0000-4000-8000-000000000003', '0e000000-0000-4000-8000-000000000001'),
  ('partner-trust', 'partner-key-1', 0, 'ENCRYPTED:cGFydG5lcjE=', '2022-07-01 00:00:00', 0, 'b2000000-0000-4000-8000-000000000004', '0e000000-0000-4000-8000-000000000001'),
  ('partner-trust', 'partner-key-2', 0, 'ENCRYPTED:cGFydG5lcjI=', '2022-08-01 00:00:00', 0, 'b2000000-0000-4000-8000-000000000005', '0e000000-0000-4000-8000-000000000001'),
  ('Custom Set', 'k', 1, 'ENCRYPTED:Y3VzdG9t', '2022-09-01 00:00:00', 0, 'b2000000-0000-4000-8000-000000000006', '0e000000-0000-4000-8000-000000000001');

INSERT INTO hydra_oauth2_authentication_session (id, authenticated_at, subject, remember, nid) VALUES
  ('ls000000000000000000000000000000001', '2022-10-20 10:00:00', 'user:1', true, '0e000000-0000-4000-8000-000000000001'),
  ('ls000000000000000000000000000000002', '2022-10-21 11:00:00', 'user:2', false, '0e000000-0000-4000-8000-000000000001'),
  ('ls000000000000000000000000000000003', NULL, 'user:3', false, '0e000000-0000-4000-8000-000000000001'),
  ('ls000000000000000000000000000000004', '2022-10-22 12:00:00', 'partner|UPPER@Example.com', true, '0e000000-0000-4000-8000-000000000001');

-- state 1: login requested; 2/3: login handled/used; 4/5: consent requested/handled; 6: consent used; 128/129: unused/denied.
INSERT INTO hydra_oauth2_flow (login_challenge, login_verifier, login_csrf, subject, request_url, login_skip, client_id, requested_at, login_initialized_at, oidc_context,
    login_session_id, state, login_remember, login_remember_for, login_error, acr, login_authenticated_at, login_was_used, forced_subject_identifier, context,
    consent_challenge_id, consent_skip, consent_verifier, consent_csrf, consent_remember, consent_remember_for, consent_handled_at, consent_error,
    session_access_token, session_id_token, consent_was_used, nid, requested_scope, requested_at_audience, amr, granted_scope, granted_at_audience) VALUES
  ('lc01', 'lv01', 'lcsrf01', '', 'https://auth.example.com/oauth2/auth?client_id=app-web&state=1', false, 'app-web', '2022-10-25 09:00:00', '2022-10-25 09:00:00', '{}',
    NULL, 1, false, 0, NULL, '', NULL, false, '', '{}',
    NULL, false, NULL, NULL, false, NULL, NULL, NULL, '{}', '{}', false, '0e000000-0000-4000-8000-000000000001', '["openid"]', '[]', '[]', NULL, '[]'),
  ('lc02', 'lv02', 'lcsrf02', 'user:1', 'https://auth.example.com/oauth2/auth?client_id=app-web&state=2', false, 'app-web', '2022-10-25 09:05:00', '2022-10-25 09:05:00', '{"ui_locales":["de"]}',
    'ls000000000000000000000000000000001', 3, true, 3600, '{}', '0', '2022-10-25 09:05:30', true, '', '{"tenant":"a"}',
    NULL, false, NULL, NULL, false, NULL, NULL, NULL, '{}', '{}', false, '0e000000-0000-4000-8000-000000000001', '["openid", "offline_access"]', '[]', '["pwd"]', NULL, '[]'),
  ('lc03', 'lv03', 'lcsrf03', 'user:1', 'https://auth.example.com/oauth2/auth?client_id=app-web&state=3', true, 'app-web', '2022-10-25 09:10:00', '2022-10-25 09:10:00', '{}',
    'ls000000000000000000000000000000001', 6, true, 3600, '{}', '0', '2022-10-25 09:10:01', true, '', '{}',
    'cc03', false, 'cv03', 'ccsrf03', true, 0, '2022-10-25 09:10:05', '{}', '{"team":"web"}', '{"email":"u1@example.com"}', true, '0e000000-0000-4000-8000-000000000001', '["openid", "offline_access"]', '[]', '["pwd", "otp"]', '["openid", "offline_access"]', '[]'),
  ('lc04', 'lv04', 'lcsrf04', 'user:2', 'https://auth.example.com/oauth2/auth?client_id=app-cli', false, 'app-cli', '2022-10-26 08:00:00', '2022-10-26 08:00:00', '{"acr_values":["1"]}',
    'ls000000000000000000000000000000002', 4, false, 0, '{}', '1', '2022-10-26 08:00:10', true, '', '{}',
    'cc04', false, 'cv04', 'ccsrf04', false, NULL, NULL, NULL, '{}', '{}', false, '0e000000-0000-4000-8000-000000000001', '["openid", "offline"]', '[]', '[]', NULL, '[]'),
  ('lc05', 'lv05', 'lcsrf05', 'user:2', 'https://auth.example.com/oauth2/auth?client_id=app-cli&x=5', false, 'app-cli', '2022-10-26 08:30:00', '2022-10-26 08:30:00', '{}',
    'ls000000000000000000000000000000002', 6, false, 0, '{}', '1', '2022-10-26 08:30:10', true, '', '{}',
    'cc05', false, 'cv05', 'ccsrf05', false, 3600, '2022-10-26 08:30:20', '{}', '{}', '{}', true, '0e000000-0000-4000-8000-000000000001', '["openid", "offline"]', '["https://api.example.com"]', '[]', '["openid", "offline"]', '["https://api.example.com"]'),
  ('lc06', 'lv06', 'lcsrf06', 'partner|UPPER@Example.com', 'https://auth.example.com/oauth2/auth?client_id=6f0e5a4c-8d3b-4b9a-a1c2-d3e4f5a6b7c8', false, '6f0e5a4c-8d3b-4b9a-a1c2-d3e4f5a6b7c8', '2022-10-27 07:00:00', '2022-10-27 07:00:00', '{"id_token_hint_claims":{"sub":"x"}}',
    'ls000000000000000000000000000000004', 6, true, 0, '{}', 'urn:acr:high', '2022-10-27 07:00:05', true, 'pairwise-forced-1', '{}',
    'cc06', false, 'cv06', 'ccsrf06', true, 86400, '2022-10-27 07:00:09', '{}', '{}', '{"email":"UPPER@Example.com"}', true, '0e000000-0000-4000-8000-000000000001', '["openid", "email"]', '[]', '["hwk"]', '["openid", "email"]', '[]'),
  ('lc07', 'lv07', 'lcsrf07', 'user:3', 'https://auth.example.com/oauth2/auth?client_id=app-web&state=7', false, 'app-web', '2022-10-28 06:00:00', '2022-10-28 06:00:00', '{}',
    'ls000000000000000000000000000000003', 128, false, 0, '{"error":"access_denied","error_description":"The resource owner denied the request"}', '', NULL, true, '', '{}',
    NULL, false, NULL, NULL, false, NULL, NULL, NULL, '{}', '{}', false, '0e000000-0000-4000-8000-000000000001', '["openid"]', '[]', '[]', NULL, '[]'),
  ('lc08', 'lv08', 'lcsrf08', 'user:1', 'https://auth.example.com/oauth2/auth?client_id=svc-backend', false, 'svc-backend', '2022-10-28 07:00:00', NULL, '{}',
    NULL, 5, false, 0, '{}', '', NULL, true, '', '{}',
    'cc08', true, 'cv08', 'ccsrf08', false, NULL, '2022-10-28 07:00:02', '{"error":"consent_required"}', '{}', '{}', false, '0e000000-0000-4000-8000-000000000001', '[]', NULL, '[]', '[]', NULL);

INSERT INTO hydra_oauth2_access (signature, request_id, requested_at, client_id, scope, granted_scope, form_data, session_data, subject, active, requested_audience, granted_audience, challenge_id, nid) VALUES
  ('acc-sig-01', 'req-03', '2022-10-25 09:10:06', 'app-web', 'openid|offline_access', 'openid|offline_access', 'grant_type=authorization_code', '{"id_token":{}}', 'user:1', true, '', '', 'cc03', '0e000000-0000-4000-8000-000000000001'),
  ('acc-sig-02', 'req-03', '2022-10-25 10:10:06', 'app-web', 'openid|offline_access', 'openid|offline_access', 'grant_type=refresh_token', '{"id_token":{}}', 'user:1', true, '', '', 'cc03', '0e000000-0000-4000-8000-000000000001'),
  ('acc-sig-03', 'req-05', '2022-10-26 08:30:21', 'app-cli', 'openid|offline', 'openid|offline', 'grant_type=authorization_code', '{}', 'user:2', true, 'https://api.example.com', 'https://api.example.com', 'cc05', '0e000000-0000-4000-8000-000000000001'),
  ('acc-sig-04', 'req-cc-1', '2022-10-28 07:05:00', 'svc-backend', 'orders.read', 'orders.read', 'grant_type=client_credentials&scope=orders.read', '{}', 'svc-backend', true, NULL, NULL, NULL, '0e000000-0000-4000-8000-000000000001'),
  ('acc-sig-05', 'req-cc-2', '2022-09-01 00:00:00', 'svc-backend', 'orders.read|orders.write', 'orders.read', 'grant_type=client_credentials', 'ENCRYPTED:c2Vzcw==', 'svc-backend', false, '', '', NULL, '0e000000-0000-4000-8000-000000000001'),
  ('acc-sig-06', 'req-06', '2022-10-27 07:00:10', '6f0e5a4c-8d3b-4b9a-a1c2-d3e4f5a6b7c8', 'openid|email', 'openid|email', '', '{}', 'partner|UPPER@Example.com', true, '', '', 'cc06', '0e000000-0000-4000-8000-000000000001');
INSERT INTO hydra_oauth2_refresh (signature, request_id, requested_at, client_id, scope, granted_scope, form_data, session_data, subject, active, requested_audience, granted_audience, challenge_id, nid) VALUES
  ('ref-sig-01', 'req-03', '2022-10-25 09:10:06', 'app-web', 'openid|offline_access', 'openid|offline_access', 'grant_type=authorization_code', '{}', 'user:1', false, '', '', 'cc03', '0e000000-0000-4000-8000-000000000001'),
  ('ref-sig-02', 'req-03', '2022-10-25 10:10:06', 'app-web', 'openid|offline_access', 'openid|offline_access', 'grant_type=refresh_token', '{}', 'user:1', true, '', '', 'cc03', '0e000000-0000-4000-8000-000000000001'),
  ('ref-sig-03', 'req-05', '2022-10-26 08:30:21', 'app-cli', 'openid|offline', 'openid|offline', 'grant_type=authorization_code', '{}', 'user:2', true, 'https://api.example.com', 'https://api.example.com', 'cc05', '0e000000-0000-4000-8000-000000000001'),
  ('ref-sig-04', 'req-old', '2021-01-01 00:00:00', 'app-cli', 'offline', 'offline', '', 'ENCRYPTED:b2xk', 'user:2', true, NULL, NULL, NULL, '0e000000-0000-4000-8000-000000000001'),
  ('ref-sig-05', 'req-06', '2022-10-27 07:00:10', '6f0e5a4c-8d3b-4b9a-a1c2-d3e4f5a6b7c8', 'openid|email', 'openid|email', '', '{}', 'partner|UPPER@Example.com', true, '', '', 'cc06', '0e000000-0000-4000-8000-000000000001');
INSERT INTO hydra_oauth2_code (signature, request_id, requested_at, client_id, scope, granted_scope, form_data, session_data, subject, active, requested_audience, granted_audience, challenge_id, nid) VALUES
  ('code-sig-01', 'req-03', '2022-10-25 09:10:05', 'app-web', 'openid|offline_access', 'openid|offline_access', 'redirect_uri=https%3A%2F%2Fapp.example.com%2Fcallback', '{}', 'user:1', false, '', '', 'cc03', '0e000000-0000-4000-8000-000000000001'),
  ('code-sig-02', 'req-05', '2022-10-26 08:30:20', 'app-cli', 'openid|offline', 'openid|offline', 'code_challenge_method=S256', '{}', 'user:2', false, 'https://api.example.com', 'https://api.example.com', 'cc05', '0e000000-0000-4000-8000-000000000001'),
  ('code-sig-03', 'req-06', '2022-10-27 07:00:09', '6f0e5a4c-8d3b-4b9a-a1c2-d3e4f5a6b7c8', 'openid|email', 'openid|email', '', '{}', 'partner|UPPER@Example.com', true, '', '', 'cc06', '0e000000-0000-4000-8000-000000000001'),
  ('code-sig-04', 'req-x', '2022-10-28 06:59:00', 'app-web', 'openid', '', '', '{}', '', true, NULL, NULL, NULL, '0e000000-0000-4000-8000-000000000001');
INSERT INTO hydra_oauth2_oidc (signature, request_id, requested_at, client_id, scope, granted_scope, form_data, session_data, subject, active, requested_audience, granted_audience, challenge_id, nid) VALUES
  ('oidc-sig-01', 'req-03', '2022-10-25 09:10:05', 'app-web', 'openid|offline_access', 'openid|offline_access', 'nonce=n-0S6_WzA2Mj', '{}', 'user:1', true, '', '', 'cc03', '0e000000-0000-4000-8000-000000000001'),
  ('oidc-sig-02', 'req-05', '2022-10-26 08:30:20', 'app-cli', 'openid|offline', 'openid|offline', '', '{}', 'user:2', true, '', '', 'cc05', '0e000000-0000-4000-8000-000000000001'),
  ('oidc-sig-03', 'req-06', '2022-10-27 07:00:09', '6f0e5a4c-8d3b-4b9a-a1c2-d3e4f5a6b7c8', 'openid|email', 'openid|email', '', '{}', 'partner|UPPER@Example.com', true, NULL, NULL, 'cc06', '0e000000-0000-4000-8000-000000000001');
INSERT INTO hydra_oauth2_pkce (signature, request_id, requested_at, client_id, scope, granted_scope, form_data, session_data, subject, active, requested_audience, granted_audience, challenge_id, nid) VALUES
  ('pkce-sig-01', 'req-05', '2022-10-26 08:30:20', 'app-cli', 'openid|offline', 'openid|offline', 'code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256', '{}', 'user:2', true, '', '', 'cc05', '0e000000-0000-4000-8000-000000000001'),
  ('pkce-sig-02', 'req-04', '2022-10-26 08:00:15', 'app-cli', 'openid|offline', '', 'code_challenge=abc', '{}', 'user:2', true, '', '', 'cc04', '0e000000-0000-4000-8000-000000000001'),
  ('pkce-sig-03', 'req-y', '2022-10-01 00:00:00', 'app-cli', '', '', '', '{}', '', false, NULL, NULL, NULL, '0e000000-0000-4000-8000-000000000001');

INSERT INTO hydra_oauth2_logout_request (challenge, verifier, subject, sid, client_id, request_url, redir_url, was_used, accepted, rejected, rp_initiated, nid) VALUES
  ('lo-ch-000000000000000000000000000001', 'lo-vf-000000000000000000000000000001', 'user:1', 'ls000000000000000000000000000000001', 'app-web', 'https://auth.example.com/oauth2/sessions/logout?id_token_hint=x', 'https://app.example.com/', true, true, false, true, '0e000000-0000-4000-8000-000000000001'),
  ('lo-ch-000000000000000000000000000002', 'lo-vf-000000000000000000000000000002', 'user:2', 'ls000000000000000000000000000000002', NULL, 'https://auth.example.com/oauth2/sessions/logout', '', false, false, false, false, '0e000000-0000-4000-8000-000000000001'),
  ('lo-ch-000000000000000000000000000003', 'lo-vf-000000000000000000000000000003', 'partner|UPPER@Example.com', 'gone-session-id', '6f0e5a4c-8d3b-4b9a-a1c2-d3e4f5a6b7c8', 'https://auth.example.com/oauth2/sessions/logout?state=s', 'https://partner.example/bye', false, false, true, true, '0e000000-0000-4000-8000-000000000001');

INSERT INTO hydra_oauth2_trusted_jwt_bearer_issuer (id, issuer, subject, scope, key_set, key_id, created_at, expires_at, nid, allow_any_subject) VALUES
  ('b3000000-0000-4000-8000-000000000001', 'https://partner.example', 'svc@partner.example', 'orders.read', 'partner-trust', 'partner-key-1', '2022-07-01 00:00:00', '2032-07-01 00:00:00', '0e000000-0000-4000-8000-000000000001', false),
  ('b3000000-0000-4000-8000-000000000002', 'https://partner.example', '', 'orders.read orders.write', 'partner-trust', 'partner-key-2', '2022-08-01 00:00:00', '2023-08-01 00:00:00', '0e000000-0000-4000-8000-000000000001', true);
