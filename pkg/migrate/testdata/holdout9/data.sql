-- The rows the serving versions find: a Supabase Storage tenant with 10 users, 6 buckets
-- (one public, two with a size limit, one owned by nobody), 200 objects in nested folders
-- (some without an owner or metadata, some whose level a 0040-era writer left wrong or NULL),
-- their prefixes, s3 multipart uploads with their parts, and the storage.migrations rows; and
-- a Flipt instance with three namespaces, flags, variants, segments, constraints, rules with
-- their distributions and rule segments, rollouts with thresholds and segments.
INSERT INTO auth.users (id, email) SELECT ('00000000-0000-0000-0000-0000000000' || lpad(g::text, 2, '0'))::uuid, 'user' || g || '@example.com' FROM generate_series(1, 10) g;
INSERT INTO storage.migrations (id, name, hash, executed_at)
  SELECT g, 'migration-' || g, md5('m' || g), '2024-01-01 00:00:00'::timestamp + (g || ' hours')::interval FROM generate_series(0, 37) g;
INSERT INTO storage.buckets (id, name, owner, public, max_file_size_kb, created_at, updated_at)
  SELECT 'bucket' || g, 'bucket' || g, CASE WHEN g < 6 THEN ('00000000-0000-0000-0000-0000000000' || lpad(g::text, 2, '0'))::uuid END, g = 1,
         CASE WHEN g IN (2, 3) THEN 1024 * g END, '2024-02-01 00:00:00+00', '2024-02-01 00:00:00+00' FROM generate_series(1, 6) g;
INSERT INTO storage.objects (bucket_id, name, owner, metadata, level, created_at, updated_at, last_accessed_at)
  SELECT 'bucket' || (1 + g % 5), 'folder' || (g % 7) || '/sub' || (g % 3) || '/file' || g || '.png',
         CASE WHEN g % 9 <> 0 THEN ('00000000-0000-0000-0000-0000000000' || lpad((1 + g % 10)::text, 2, '0'))::uuid END,
         CASE WHEN g % 11 <> 0 THEN jsonb_build_object('size', 100 * g, 'mimetype', 'image/png', 'eTag', md5('o' || g)) END,
         CASE WHEN g % 13 = 0 THEN NULL WHEN g % 17 = 0 THEN 1 ELSE 3 END,
         '2024-03-01 00:00:00+00'::timestamptz + (g || ' minutes')::interval, '2024-03-02 00:00:00+00', '2024-03-03 00:00:00+00' FROM generate_series(1, 200) g;
INSERT INTO storage.objects (bucket_id, name, owner, metadata, level) VALUES ('bucket1', 'top.txt', NULL, '{"size": 12, "mimetype": "text/plain"}', 1);
INSERT INTO storage.prefixes (bucket_id, name, created_at, updated_at)
  SELECT DISTINCT bucket_id, p, '2024-03-01 00:00:00+00'::timestamptz, '2024-03-01 00:00:00+00'::timestamptz FROM storage.objects, unnest(storage.get_prefixes(name)) p;
INSERT INTO storage.s3_multipart_uploads (id, in_progress_size, upload_signature, bucket_id, key, version, owner_id, created_at)
  SELECT 'upload' || g, 5242880 * (g % 4), 'sig' || g, 'bucket' || (1 + g % 5), 'big/file' || g || '.bin', 'v' || g,
         CASE WHEN g % 2 = 0 THEN '00000000-0000-0000-0000-000000000001' END, '2024-04-01 00:00:00+00'::timestamptz + (g || ' minutes')::interval FROM generate_series(1, 20) g;
INSERT INTO storage.s3_multipart_uploads_parts (upload_id, size, part_number, bucket_id, key, etag, owner_id, version)
  SELECT u.id, 5242880, p, u.bucket_id, u.key, md5(u.id || p), u.owner_id, u.version FROM storage.s3_multipart_uploads u, generate_series(1, 3) p;

INSERT INTO namespaces (key, name, description, protected) VALUES ('default', 'Default', 'Default namespace', true), ('staging', 'Staging', 'Staging', false), ('team-a', 'Team A', '', false);
INSERT INTO flags (namespace_key, key, name, description, enabled, created_at, updated_at)
  SELECT (ARRAY['default', 'staging', 'team-a'])[1 + g % 3], 'flag' || g, 'Flag number ' || g, 'Description of flag ' || g, g % 2 = 0,
         '2024-05-01 00:00:00'::timestamp + (g || ' minutes')::interval, '2024-05-02 00:00:00' FROM generate_series(1, 30) g;
INSERT INTO variants (id, namespace_key, flag_key, key, name, description)
  SELECT 'variant-' || f.key || '-' || v, f.namespace_key, f.key, f.key || '-v' || v, 'Variant ' || v, '' FROM flags f, generate_series(1, 2) v;
INSERT INTO segments (namespace_key, key, name, description)
  SELECT (ARRAY['default', 'staging', 'team-a'])[1 + g % 3], 'segment' || g, 'Segment ' || g, 'Users of segment ' || g FROM generate_series(1, 15) g;
INSERT INTO constraints (id, namespace_key, segment_key, type, property, operator, value)
  SELECT 'constraint-' || s.key || '-' || g, s.namespace_key, s.key, 1 + g % 3, 'region', 'eq', 'eu-' || g FROM segments s, generate_series(1, 2) g;
INSERT INTO rules (id, namespace_key, flag_key, segment_key, rank)
  SELECT 'rule-' || f.key, f.namespace_key, f.key, s.key, 1 FROM flags f JOIN LATERAL (SELECT key FROM segments s WHERE s.namespace_key = f.namespace_key ORDER BY key LIMIT 1) s ON true;
INSERT INTO rule_segments (rule_id, namespace_key, segment_key) SELECT id, namespace_key, segment_key FROM rules;
INSERT INTO distributions (id, rule_id, variant_id, rollout)
  SELECT 'dist-' || v.id, r.id, v.id, 50 FROM rules r JOIN variants v ON v.namespace_key = r.namespace_key AND v.flag_key = r.flag_key;
INSERT INTO rollouts (id, namespace_key, flag_key, type, description, rank)
  SELECT 'rollout-' || f.key || '-' || k, f.namespace_key, f.key, k, 'Rollout ' || k, k FROM flags f, generate_series(1, 2) k WHERE NOT f.enabled;
INSERT INTO rollout_thresholds (id, namespace_key, rollout_id, percentage, value) SELECT 'thr-' || id, namespace_key, id, 25.5, true FROM rollouts WHERE type = 2;
INSERT INTO rollout_segments (id, namespace_key, rollout_id, segment_key, value)
  SELECT 'rs-' || r.id, r.namespace_key, r.id, s.key, true FROM rollouts r JOIN LATERAL (SELECT key FROM segments s WHERE s.namespace_key = r.namespace_key ORDER BY key DESC LIMIT 1) s ON true WHERE r.type = 1;
