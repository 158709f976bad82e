-- The rows the serving versions find. Ente: 6 users (one from before encrypted e-mail, one with
-- only the encrypted e-mail, one deleted, one with an apostrophe in the name), 8 files, 8
-- collections (favorites, uncategorized, albums, a folder, a deleted one), 4 shares, 9 collection
-- files, 3 trashed files (one deleted for good, one restored), 4 one-time tokens, 5 auth tokens,
-- 4 key attributes, 6 subscriptions (free ones with the 'none' transaction id), 4 usage rows, 4
-- temporary objects (two long expired), 5 queue items, 3 public links with 3 accesses and an
-- abuse report, a family of three and a closed one with a revoked invite, 4 remote-store keys (two
-- custom domains), 4 storage bonuses (one revoked), 2 key-exchange blobs, 3 SRP users and 3
-- sessions, 3 embeddings, 3 cast sessions (one deleted, with the code an active one reuses), 3
-- entity keys and 4 entity rows (one deleted), 4 file-data rows and 3 notifications. Cadence: 3
-- domains, 4 shards, 5 executions with their current rows, buffered events, map rows and history
-- nodes, and 6 visibility records (open, closed, continued-as-new, a cron one).

-- Ente.
INSERT INTO users (email, name, creation_time, encrypted_email, email_decryption_nonce, email_hash) VALUES
  ('alice@example.org', 'Alice', 1598000000000000, NULL, NULL, NULL),
  ('Bob.Martin@Example.COM', NULL, 1599000000000000, '\x8a1f3c9b2e', '\x0102030405', 'c2hhMjU2OmJvYg=='),
  (NULL, NULL, 1601000000000000, '\xdeadbeef01', '\xbeefcafe02', 'c2hhMjU2OmNhcm9s'),
  ('dave+photos@example.net', 'Dave ''D'' Smith', 1602000000000000, NULL, NULL, 'c2hhMjU2OmRhdmU='),
  ('deleted-1603@ente.io', NULL, 1603000000000000, NULL, NULL, 'deleted-1603-c2hhMjU2'),
  ('eve@example.org', 'Ève Ünal', 1604000000000000, '\x00', '\x00', 'c2hhMjU2OmV2ZQ==');

INSERT INTO files (owner_id, file_decryption_header, thumbnail_decryption_header, metadata_decryption_header, encrypted_metadata, updation_time) VALUES
  (1, 'fdh1', 'tdh1', 'mdh1', 'em1', 1598100000000000),
  (2, 'fdh2', 'tdh2', 'mdh2', 'em2', 1599100000000000),
  (2, 'fdh3', 'tdh3', 'mdh3', 'em3', 1599200000000000),
  (3, 'fdh4', 'tdh4', 'mdh4', 'em4', 1601100000000000),
  (4, 'fdh5', 'tdh5', 'mdh5', '', 1602100000000000),
  (6, 'fdh6', 'tdh6', 'mdh6', 'em6', 1604100000000000),
  (1, 'fdh7', 'tdh7', 'mdh7', 'em7', 1598200000000000),
  (2, 'fdh8', 'tdh8', 'mdh8', 'em8', 1599300000000000);

-- collection ids from the identity: 1580559962386438 … 1580559962386445.
INSERT INTO collections (owner_id, encrypted_key, key_decryption_nonce, name, type, attributes, updation_time, is_deleted, encrypted_name, name_decryption_nonce, magic_metadata, pub_magic_metadata) VALUES
  (1, 'ek1', 'kdn1', 'Favorites', 'favorites', '{}', 1598100000000000, false, NULL, NULL, NULL, NULL),
  (1, 'ek2', 'kdn2', NULL, 'album', '{"version": 1}', 1598300000000000, false, 'en2', 'ndn2', '{"version": 2, "count": 1, "data": "mm"}', NULL),
  (2, 'ek3', 'kdn3', NULL, 'favorites', '{}', 1599100000000000, false, 'en3', 'ndn3', NULL, NULL),
  (2, 'ek4', 'kdn4', NULL, 'uncategorized', '{}', 1599400000000000, false, 'en4', 'ndn4', NULL, NULL),
  (2, 'ek5', 'kdn5', NULL, 'album', '{"encryptedPath": null}', 1599500000000000, false, 'en5', 'ndn5', NULL, '{"version": 1, "data": "pmm"}'),
  (3, 'ek6', 'kdn6', NULL, 'folder', '{"encryptedPath": "L3NkY2FyZA==", "pathDecryptionNonce": "bm9uY2U="}', 1601200000000000, NULL, 'en6', 'ndn6', NULL, NULL),
  (4, 'ek7', 'kdn7', 'Holiday 2020', 'album', '{}', 1602200000000000, true, NULL, NULL, NULL, NULL),
  (6, 'ek8', 'kdn8', NULL, 'uncategorized', '{}', 1604200000000000, false, 'en8', 'ndn8', NULL, NULL);

INSERT INTO collection_shares (collection_id, from_user_id, to_user_id, encrypted_key, updation_time, is_deleted) VALUES
  (1580559962386439, 1, 2, 'sek1', 1598400000000000, false),
  (1580559962386442, 2, 1, 'sek2', 1599600000000000, false),
  (1580559962386442, 2, 3, 'sek3', 1599700000000000, true),
  (1580559962386443, 3, 4, 'sek4', 1601300000000000, NULL);

INSERT INTO collection_files (file_id, collection_id, encrypted_key, key_decryption_nonce, is_deleted, updation_time) VALUES
  (1, 1580559962386439, 'cfek1', 'cfn1', false, 1598300000000000),
  (7, 1580559962386439, 'cfek2', 'cfn2', false, 1598300000000001),
  (1, 1580559962386438, 'cfek3', 'cfn3', false, 1598100000000000),
  (2, 1580559962386442, 'cfek4', 'cfn4', false, 1599500000000000),
  (3, 1580559962386442, 'cfek5', 'cfn5', true, 1599800000000000),
  (4, 1580559962386443, 'cfek6', 'cfn6', false, 1601200000000000),
  (5, 1580559962386444, 'cfek7', 'cfn7', false, 1602200000000000),
  (6, 1580559962386445, 'cfek8', 'cfn8', NULL, 1604200000000000),
  (8, 1580559962386441, 'cfek9', 'cfn9', false, 1599400000000000);

INSERT INTO trash (file_id, user_id, collection_id, is_deleted, is_restored, delete_by) VALUES
  (5, 4, 1580559962386444, false, false, 1604800000000000),
  (3, 2, 1580559962386442, true, false, 1602400000000000),
  (8, 2, 1580559962386441, false, true, 1602500000000000);

INSERT INTO otts (ott, creation_time, expiration_time, email, email_hash) VALUES
  ('123456', 1598000000000000, 1598000600000000, 'alice@example.org', NULL),
  ('654321', 1601000000000000, 1601000600000000, NULL, 'c2hhMjU2OmNhcm9s'),
  ('000000', 1599000000000000, 1599000600000000, 'Bob.Martin@Example.COM', 'c2hhMjU2OmJvYg=='),
  ('999999', 1602000000000000, 1602000600000000, NULL, 'c2hhMjU2OmRhdmU=');

INSERT INTO tokens (user_id, token, creation_time, ip, user_agent) VALUES
  (1, 'tok-alice-web-1', 1598000100000000, '203.0.113.7', 'Mozilla/5.0 (X11; Linux x86_64)'),
  (1, 'tok-alice-android', 1598500000000000, '2001:db8::1', 'io.ente.photos/0.3.1'),
  (2, 'tok-bob-ios', 1599000100000000, NULL, NULL),
  (3, 'tok-carol-desktop', 1601000100000000, '198.51.100.23', ''),
  (4, 'tok-dave-cli', 1602000100000000, '192.0.2.1', 'ente-cli/0.1');

INSERT INTO key_attributes (user_id, kek_salt, kek_hash_bytes, encrypted_key, key_decryption_nonce, public_key, encrypted_secret_key, secret_key_decryption_nonce) VALUES
  (1, 'salt1', '\x6b656b31', 'enck1', 'kdn1', 'pk1', 'esk1', 'skdn1'),
  (2, 'salt2', '\x6b656b32', 'enck2', 'kdn2', 'pk2', 'esk2', 'skdn2'),
  (3, 'salt3', '\x', 'enck3', 'kdn3', 'pk3', 'esk3', 'skdn3'),
  (4, 'salt4', '\x6b656b34', 'enck4', 'kdn4', 'pk4', 'esk4', 'skdn4');

INSERT INTO subscriptions (user_id, storage_in_mbs, original_transaction_id, expiry_time, product_id, payment_provider, latest_verification_data) VALUES
  (1, 1024, 'none', 1609459200000000, 'free', 'ente', ''),
  (2, 102400, 'GPA.3345-1234-5678-90123', 1640995200000000, 'com.ente.photos.pro', 'playstore', 'ofdgkbmhfkkhdfjlcaffiaph.AO-J1Oz'),
  (3, 1024, 'none', 1609459200000000, 'free', 'ente', ''),
  (4, 512000, 'sub_1HhQ8cLPs9q2x', 1654041600000000, 'price_1HfNjKLPs', 'stripe', 'sub_1HhQ8cLPs9q2x'),
  (5, 1024, 'none', 1577836800000000, 'free', 'ente', ''),
  (6, 1024, '1000000712345678', 1617235200000000, 'com.ente.photos.50gb', 'appstore', 'MIIT0QYJKoZIhvcNAQcCoIITwjCC');

INSERT INTO usage (user_id, storage_consumed) VALUES (1, 104857600), (2, 0), (3, 5368709120), (4, 12);

INSERT INTO temp_object_keys (object_key, expiration_time) VALUES
  ('1/0c1e1f6e-temp', 1598000000000000),
  ('2/upload/part-2', 1599000000000000),
  ('3/d9a7b8c4', 1700000000000000),
  ('6/multipart/Ω', 1800000000000000);

INSERT INTO queue (queue_name, item) VALUES
  ('deleteObjectQueue', '1/thumbnail/0c1e1f6e'),
  ('deleteObjectQueue', '2/file/8b4f2a11'),
  ('replicationQueue', '1/thumbnail/0c1e1f6e'),
  ('dropFileEncMedataQueue', '42'),
  ('deleteObjectQueue', '');

-- public link ids from the identity: 1, 2, 3.
INSERT INTO public_collection_tokens (collection_id, access_token, is_disabled, valid_till, device_limit) VALUES
  (1580559962386439, 'Zm9vYmFy', false, 0, 0),
  (1580559962386442, 'YmF6cXV4', true, 1609459200000000, 5),
  (1580559962386442, 'cXV1eA==', false, 0, 50);

INSERT INTO public_collection_access_history (share_id, ip, user_agent) VALUES
  (1, '203.0.113.9', 'Mozilla/5.0'),
  (1, '203.0.113.9', 'curl/7.68.0'),
  (3, '2001:db8::42', '');

INSERT INTO public_abuse_report (share_id, ip, user_agent, url, reason, u_comment) VALUES
  (1, '198.51.100.7', 'Mozilla/5.0', 'https://albums.ente.io/?t=Zm9vYmFy', 'COPYRIGHT', ''),
  (3, '198.51.100.8', 'Mozilla/5.0', 'https://albums.ente.io/?t=cXV1eA==', 'MALICIOUS_CONTENT', 'This album is spam, see "photos"');

INSERT INTO families (id, admin_id, member_id, status, token, percentage) VALUES
  ('11111111-1111-4111-8111-111111111111', 2, 2, 'SELF', NULL, -1),
  ('22222222-2222-4222-8222-222222222222', 2, 3, 'ACCEPTED', NULL, -1),
  ('33333333-3333-4333-8333-333333333333', 2, 6, 'INVITED', 'ZmFtaWx5LWludml0ZQ', 50),
  ('44444444-4444-4444-8444-444444444444', 4, 4, 'CLOSED', NULL, -1),
  ('55555555-5555-4555-8555-555555555555', 4, 99, 'REVOKED', 'cmV2b2tlZA', -1);

INSERT INTO remote_store (user_id, key_name, key_value) VALUES
  (1, 'customDomain', 'photos.alice.example'),
  (1, 'mapEnabled', 'true'),
  (2, 'faceSearchEnabled', 'false'),
  (3, 'customDomain', 'ente.carol.dev');

INSERT INTO storage_bonus (bonus_id, type, user_id, storage, valid_till, revoke_reason, is_revoked) VALUES
  ('REFERRAL-4', 'REFERRAL', 2, 10737418240, 0, NULL, false),
  ('SIGN_UP-1', 'SIGN_UP', 1, 1073741824, 1704067200000000, NULL, false),
  ('ADD_ON_BF_2023-2', 'ADD_ON_BF_2023', 2, 53687091200, 1732924800000000, NULL, false),
  ('ANNIVERSARY-3', 'ANNIVERSARY', 3, 5368709120, 0, 'refunded', true);

INSERT INTO kex_store (id, user_id, wrapped_key, added_at) VALUES
  ('a1b2c3d4e5f6', 1, 'd3JhcHBlZC1rZXktMQ==', 1690000000000000),
  ('0f0e0d0c0b0a', 3, 'd3JhcHBlZC1rZXktMg==', 1690000100000000);

INSERT INTO srp_auth (user_id, srp_user_id, salt, verifier) VALUES
  (1, 'a0a0a0a0-0000-4000-8000-000000000001', 'c2FsdDE=', 'dmVyaWZpZXIx'),
  (2, 'a0a0a0a0-0000-4000-8000-000000000002', 'c2FsdDI=', 'dmVyaWZpZXIy'),
  (4, 'a0a0a0a0-0000-4000-8000-000000000004', 'c2FsdDQ=', 'dmVyaWZpZXI0');

INSERT INTO srp_sessions (id, srp_user_id, server_key, srp_a, has_verified, attempt_count) VALUES
  ('b0b0b0b0-0000-4000-8000-000000000001', 'a0a0a0a0-0000-4000-8000-000000000001', 'c2VydmVyMQ==', 'QTE=', true, 1),
  ('b0b0b0b0-0000-4000-8000-000000000002', 'a0a0a0a0-0000-4000-8000-000000000002', 'c2VydmVyMg==', 'QTI=', false, 0),
  ('b0b0b0b0-0000-4000-8000-000000000003', 'a0a0a0a0-0000-4000-8000-000000000002', 'c2VydmVyMw==', 'QTM=', false, 4);

INSERT INTO embeddings (file_id, owner_id, model, encrypted_embedding, decryption_header) VALUES
  (1, 1, 'ggml-clip', 'ZW1iMQ==', 'aGRyMQ=='),
  (2, 2, 'ggml-clip', 'ZW1iMg==', 'aGRyMg=='),
  (4, 3, 'ggml-clip', '', '');

INSERT INTO casting (id, code, public_key, collection_id, cast_user, encrypted_payload, token, is_deleted) VALUES
  ('c0c0c0c0-0000-4000-8000-000000000001', 'K7PA2QXZ', 'cHVia2V5MQ==', 1580559962386439, 1, 'cGF5bG9hZDE=', 'Y2FzdC10b2tlbi0x', true),
  ('c0c0c0c0-0000-4000-8000-000000000002', 'K7PA2QXZ', 'cHVia2V5Mg==', NULL, NULL, NULL, NULL, false),
  ('c0c0c0c0-0000-4000-8000-000000000003', 'MN3R8TUV', 'cHVia2V5Mw==', 1580559962386442, 2, 'cGF5bG9hZDM=', 'Y2FzdC10b2tlbi0z', false);

INSERT INTO entity_key (user_id, type, encrypted_key, header) VALUES
  (1, 'location', 'ZWsx', 'aGRyMQ=='),
  (2, 'location', 'ZWsy', 'aGRyMg=='),
  (2, 'person', 'ZWsz', 'aGRyMw==');

INSERT INTO entity_data (id, user_id, type, encrypted_data, header, is_deleted) VALUES
  ('d0d0d0d0-0000-4000-8000-000000000001', 1, 'location', 'ZGF0YTE=', 'aDE=', false),
  ('d0d0d0d0-0000-4000-8000-000000000002', 2, 'location', 'ZGF0YTI=', 'aDI=', false),
  ('d0d0d0d0-0000-4000-8000-000000000003', 2, 'person', NULL, NULL, true),
  ('d0d0d0d0-0000-4000-8000-000000000004', 2, 'person', 'ZGF0YTQ=', NULL, false);

INSERT INTO file_data (file_id, user_id, data_type, size, latest_bucket, replicated_buckets, delete_from_buckets, inflight_rep_buckets, is_deleted, pending_sync, sync_locked_till) VALUES
  (1, 1, 'mldata', 2048, 'b2-eu-cen', '{scw-eu-fr}', '{}', '{}', false, false, 0),
  (2, 2, 'mldata', 4096, 'scw-eu-fr', '{}', '{}', '{b2-eu-cen}', false, true, 1700000000000000),
  (4, 3, 'mldata', 0, 'b2-eu-cen', '{}', '{scw-eu-fr}', '{}', true, true, 0),
  (6, 6, 'thumbnail', 91234, 'b2-eu-cen', '{}', '{}', '{}', false, true, 0);

INSERT INTO notification_history (user_id, template_id, sent_time) VALUES
  (1, 'on_hold', 1610000000000000),
  (2, 'storage_limit_exceeded', 1620000000000000),
  (2, 'storage_limit_exceeded', 1620000000000000);

-- Cadence.
INSERT INTO domains (id, name, data, data_encoding, is_global) VALUES
  ('\x2a6f0b1c9d3e4f5a8b7c6d5e4f3a2b1c', 'samples-domain', '\x0a0e73616d706c6573', 'thriftrw', false),
  ('\x32049b68787240948e63d0dd59896a83', 'cadence-system', '\x0a0e636164656e6365', 'thriftrw', false),
  ('\x9e3b1d2a7c4f4e8b9a6d5c4b3a291807', 'payments.prod', '\x0a0d7061796d656e7473', 'thriftrw', true);

INSERT INTO shards (shard_id, range_id, data, data_encoding) VALUES
  (0, 12, '\x0a01', 'thriftrw'),
  (1, 7, '\x0a02', 'thriftrw'),
  (2, 1, '\x0a03', 'thriftrw'),
  (3, 0, '\x', 'thriftrw');

INSERT INTO executions (shard_id, domain_id, workflow_id, run_id, next_event_id, last_write_version, data, data_encoding) VALUES
  (0, '\x2a6f0b1c9d3e4f5a8b7c6d5e4f3a2b1c', 'helloworld_1f3a', '\x5b1c4a6d7e8f40a1b2c3d4e5f6a7b8c9', 12, -24, '\x0a1f', 'thriftrw'),
  (0, '\x2a6f0b1c9d3e4f5a8b7c6d5e4f3a2b1c', 'cron-report', '\x6c2d5b7e8f9041b2c3d4e5f6a7b8c9d0', 4, -24, '\x0a20', 'thriftrw'),
  (1, '\x9e3b1d2a7c4f4e8b9a6d5c4b3a291807', 'payment:ORD-1042', '\x7d3e6c8f9a0142c3d4e5f6a7b8c9d0e1', 37, 3, '\x0a21', 'thriftrw'),
  (2, '\x32049b68787240948e63d0dd59896a83', 'cadence-archival-tl', '\x8e4f7d9a0b1243d4e5f6a7b8c9d0e1f2', 2, -24, '\x0a22', 'thriftrw'),
  (1, '\x9e3b1d2a7c4f4e8b9a6d5c4b3a291807', 'payment:ORD-1042', '\x9f508e0b1c2344e5f6a7b8c9d0e1f2a3', 120, 3, '\x0a23', 'thriftrw');

INSERT INTO current_executions (shard_id, domain_id, workflow_id, run_id, create_request_id, state, close_status, start_version, last_write_version) VALUES
  (0, '\x2a6f0b1c9d3e4f5a8b7c6d5e4f3a2b1c', 'helloworld_1f3a', '\x5b1c4a6d7e8f40a1b2c3d4e5f6a7b8c9', 'b6f1c9d2-0e8a-4c3f-9a7b-1d2e3f4a5b6c', 1, 0, -24, -24),
  (0, '\x2a6f0b1c9d3e4f5a8b7c6d5e4f3a2b1c', 'cron-report', '\x6c2d5b7e8f9041b2c3d4e5f6a7b8c9d0', 'c7a2d0e3-1f9b-4d40-8b8c-2e3f4a5b6c7d', 2, 1, -24, -24),
  (1, '\x9e3b1d2a7c4f4e8b9a6d5c4b3a291807', 'payment:ORD-1042', '\x9f508e0b1c2344e5f6a7b8c9d0e1f2a3', '', 1, 0, 3, 3),
  (2, '\x32049b68787240948e63d0dd59896a83', 'cadence-archival-tl', '\x8e4f7d9a0b1243d4e5f6a7b8c9d0e1f2', 'd8b3e1f4-2a0c-4e51-9c9d-3f4a5b6c7d8e', 3, 5, -24, -24);

INSERT INTO buffered_events (shard_id, domain_id, workflow_id, run_id, data, data_encoding) VALUES
  (1, '\x9e3b1d2a7c4f4e8b9a6d5c4b3a291807', 'payment:ORD-1042', '\x9f508e0b1c2344e5f6a7b8c9d0e1f2a3', '\x0b01', 'thriftrw'),
  (1, '\x9e3b1d2a7c4f4e8b9a6d5c4b3a291807', 'payment:ORD-1042', '\x9f508e0b1c2344e5f6a7b8c9d0e1f2a3', '\x0b02', 'thriftrw'),
  (0, '\x2a6f0b1c9d3e4f5a8b7c6d5e4f3a2b1c', 'helloworld_1f3a', '\x5b1c4a6d7e8f40a1b2c3d4e5f6a7b8c9', '\x0b03', 'json');

INSERT INTO activity_info_maps (shard_id, domain_id, workflow_id, run_id, schedule_id, data, data_encoding, last_heartbeat_details, last_heartbeat_updated_time) VALUES
  (0, '\x2a6f0b1c9d3e4f5a8b7c6d5e4f3a2b1c', 'helloworld_1f3a', '\x5b1c4a6d7e8f40a1b2c3d4e5f6a7b8c9', 5, '\x0c01', 'thriftrw', NULL, '1970-01-01 00:00:00'),
  (1, '\x9e3b1d2a7c4f4e8b9a6d5c4b3a291807', 'payment:ORD-1042', '\x9f508e0b1c2344e5f6a7b8c9d0e1f2a3', 31, '\x0c02', NULL, '\x7b2270726f6772657373223a35307d', '2024-11-02 08:15:00');

INSERT INTO timer_info_maps (shard_id, domain_id, workflow_id, run_id, timer_id, data, data_encoding) VALUES
  (0, '\x2a6f0b1c9d3e4f5a8b7c6d5e4f3a2b1c', 'cron-report', '\x6c2d5b7e8f9041b2c3d4e5f6a7b8c9d0', '3', '\x0d01', 'thriftrw'),
  (1, '\x9e3b1d2a7c4f4e8b9a6d5c4b3a291807', 'payment:ORD-1042', '\x9f508e0b1c2344e5f6a7b8c9d0e1f2a3', 'retry-timer', '\x0d02', NULL);

INSERT INTO child_execution_info_maps (shard_id, domain_id, workflow_id, run_id, initiated_id, data, data_encoding) VALUES
  (1, '\x9e3b1d2a7c4f4e8b9a6d5c4b3a291807', 'payment:ORD-1042', '\x9f508e0b1c2344e5f6a7b8c9d0e1f2a3', 17, '\x0e01', 'thriftrw');

INSERT INTO request_cancel_info_maps (shard_id, domain_id, workflow_id, run_id, initiated_id, data, data_encoding) VALUES
  (1, '\x9e3b1d2a7c4f4e8b9a6d5c4b3a291807', 'payment:ORD-1042', '\x9f508e0b1c2344e5f6a7b8c9d0e1f2a3', 22, '\x0f01', 'thriftrw');

INSERT INTO signal_info_maps (shard_id, domain_id, workflow_id, run_id, initiated_id, data, data_encoding) VALUES
  (0, '\x2a6f0b1c9d3e4f5a8b7c6d5e4f3a2b1c', 'helloworld_1f3a', '\x5b1c4a6d7e8f40a1b2c3d4e5f6a7b8c9', 9, '\x1001', 'thriftrw'),
  (1, '\x9e3b1d2a7c4f4e8b9a6d5c4b3a291807', 'payment:ORD-1042', '\x9f508e0b1c2344e5f6a7b8c9d0e1f2a3', 40, '\x1002', NULL);

INSERT INTO buffered_replication_task_maps (shard_id, domain_id, workflow_id, run_id, first_event_id, version, next_event_id, history, history_encoding, new_run_history, new_run_history_encoding, event_store_version, new_run_event_store_version) VALUES
  (1, '\x9e3b1d2a7c4f4e8b9a6d5c4b3a291807', 'payment:ORD-1042', '\x9f508e0b1c2344e5f6a7b8c9d0e1f2a3', 100, 3, 104, '\x1101', 'thriftrw', NULL, 'json', 2, 2),
  (1, '\x9e3b1d2a7c4f4e8b9a6d5c4b3a291807', 'payment:ORD-1042', '\x7d3e6c8f9a0142c3d4e5f6a7b8c9d0e1', 30, 3, 38, NULL, 'thriftrw', '\x1102', 'thriftrw', 2, 2);

INSERT INTO signals_requested_sets (shard_id, domain_id, workflow_id, run_id, signal_id) VALUES
  (0, '\x2a6f0b1c9d3e4f5a8b7c6d5e4f3a2b1c', 'helloworld_1f3a', '\x5b1c4a6d7e8f40a1b2c3d4e5f6a7b8c9', '6f1c0a2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b'),
  (1, '\x9e3b1d2a7c4f4e8b9a6d5c4b3a291807', 'payment:ORD-1042', '\x9f508e0b1c2344e5f6a7b8c9d0e1f2a3', 'approve');

INSERT INTO history_node (shard_id, tree_id, branch_id, node_id, txn_id, data, data_encoding) VALUES
  (0, '\x5b1c4a6d7e8f40a1b2c3d4e5f6a7b8c9', '\x01', 1, -1, '\x1201', 'thriftrw'),
  (0, '\x5b1c4a6d7e8f40a1b2c3d4e5f6a7b8c9', '\x01', 5, -2, '\x1202', 'thriftrw'),
  (1, '\x9f508e0b1c2344e5f6a7b8c9d0e1f2a3', '\x02', 1, -1, '\x1203', 'thriftrw'),
  (1, '\x9f508e0b1c2344e5f6a7b8c9d0e1f2a3', '\x02', 36, -9, '\x', 'thriftrw');

INSERT INTO executions_visibility (domain_id, run_id, start_time, execution_time, workflow_id, workflow_type_name, close_status, close_time, history_length, memo, encoding) VALUES
  ('2a6f0b1c-9d3e-4f5a-8b7c-6d5e4f3a2b1c', '5b1c4a6d-7e8f-40a1-b2c3-d4e5f6a7b8c9', '2024-11-01 09:00:00', '2024-11-01 09:00:00', 'helloworld_1f3a', 'main.helloWorldWorkflow', NULL, NULL, NULL, NULL, 'thriftrw'),
  ('2a6f0b1c-9d3e-4f5a-8b7c-6d5e4f3a2b1c', '6c2d5b7e-8f90-41b2-c3d4-e5f6a7b8c9d0', '2024-11-01 00:00:00', '2024-11-01 01:00:00', 'cron-report', 'main.reportWorkflow', 0, '2024-11-01 01:00:07', 11, '\x', 'thriftrw'),
  ('9e3b1d2a-7c4f-4e8b-9a6d-5c4b3a291807', '7d3e6c8f-9a01-42c3-d4e5-f6a7b8c9d0e1', '2024-10-30 12:00:00', '2024-10-30 12:00:00', 'payment:ORD-1042', 'PaymentWorkflow', 4, '2024-11-02 08:00:00', 37, '\x0a0b', 'thriftrw'),
  ('9e3b1d2a-7c4f-4e8b-9a6d-5c4b3a291807', '9f508e0b-1c23-44e5-f6a7-b8c9d0e1f2a3', '2024-11-02 08:00:00', '2024-11-02 08:00:00', 'payment:ORD-1042', 'PaymentWorkflow', NULL, NULL, NULL, NULL, 'thriftrw'),
  ('32049b68-7872-4094-8e63-d0dd59896a83', '8e4f7d9a-0b12-43d4-e5f6-a7b8c9d0e1f2', '2024-09-01 00:00:00', '2024-09-01 00:00:00', 'cadence-archival-tl', 'cadence-sys-archival-workflow', 5, '2024-09-08 00:00:00', 2, NULL, 'thriftrw'),
  ('2a6f0b1c-9d3e-4f5a-8b7c-6d5e4f3a2b1c', 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d', '2024-10-31 23:59:59', '2024-11-01 00:00:00', 'cron-report', 'main.reportWorkflow', 1, '2024-11-01 00:00:02', 4, NULL, 'thriftrw');
