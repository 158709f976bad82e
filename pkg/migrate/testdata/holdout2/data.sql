-- The rows the serving version finds.
INSERT INTO "users" ("username", "email", "plan") SELECT 'u' || g, 'u' || g || '@x', 'PRO' FROM generate_series(1, 200) g;
INSERT INTO "Team" ("name", "slug") SELECT 'Team ' || g, 'team-' || g FROM generate_series(1, 10) g;
INSERT INTO "Membership" ("teamId", "userId", "accepted", "role") SELECT g % 10 + 1, g, true, CASE WHEN g <= 10 THEN 'OWNER'::"MembershipRole" ELSE 'MEMBER' END FROM generate_series(1, 50) g;
INSERT INTO "EventType" ("title", "slug", "length", "userId") SELECT 'Intro', 'intro', 30, g FROM generate_series(1, 200) g;
INSERT INTO "EventType" ("title", "slug", "length", "teamId") SELECT 'Standup', 'standup', 15, g FROM generate_series(1, 10) g;
INSERT INTO "EventTypeCustomInput" ("eventTypeId", "label", "type", "required") SELECT g, 'Notes', CASE WHEN g % 2 = 0 THEN 'text' ELSE 'textLong' END, false FROM generate_series(1, 100) g;
INSERT INTO "Booking" ("uid", "userId", "eventTypeId", "title", "startTime", "endTime", "rejected") SELECT 'b-' || g, g % 200 + 1, g % 200 + 1, 'Intro', now(), now() + interval '30 minutes', g % 10 = 0 FROM generate_series(1, 500) g;
INSERT INTO "BookingReference" ("type", "uid", "bookingId") SELECT 'daily_video', 'ref-' || g, g FROM generate_series(1, 500) g;
INSERT INTO "Payment" ("uid", "bookingId", "amount", "externalId") SELECT 'pay-' || g, g, 1000, 'ext-' || g FROM generate_series(1, 300) g;
INSERT INTO "ApiKey" ("id", "userId", "hashedKey") SELECT 'k-' || g, g, 'h' || g FROM generate_series(1, 50) g;
INSERT INTO "VerificationRequest" ("identifier", "token", "expires", "updatedAt") SELECT 'u' || g || '@x', 't-' || g, now() + interval '1 day', now() FROM generate_series(1, 50) g;
INSERT INTO lsif_uploads (commit, repository_id, indexer, state) SELECT md5(g::text), g % 50 + 1, 'lsif-go', CASE WHEN g % 30 = 0 THEN 'deleted'::lsif_upload_state ELSE 'completed' END FROM generate_series(1, 300) g;
INSERT INTO changesets (repo_id, metadata, external_id) SELECT g % 50 + 1, jsonb_build_object('Title', 'PR ' || g), g::text FROM generate_series(1, 300) g;
INSERT INTO external_service_repos (external_service_id, repo_id, clone_url) SELECT g % 3 + 1, g, 'https://example.com/r' || g FROM generate_series(1, 300) g;
INSERT INTO schema_migrations VALUES (1528395800, false);
CREATE TABLE holdout2_expect AS SELECT (SELECT count(*) FROM "users") AS users, (SELECT count(*) FROM "BookingReference") AS refs, (SELECT count(*) FROM external_service_repos) AS esr, (SELECT count(*) FROM lsif_uploads_with_repository_name) AS uploads;
