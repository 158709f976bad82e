-- What the serving version (Cal.com-like through Prisma, Sourcegraph-like) does, one statement
-- group per "-- step", each run as {{role}} in a transaction rolled back after it. Each works
-- before the migration; the migration breaks the serving version when one fails after it.
-- step sign up on a trial plan
INSERT INTO "users" ("username", "email", "plan") VALUES ('new', 'new@x', 'TRIAL');
-- step a second sign-up racing for a username (the serving version checks it in the app only)
INSERT INTO "users" ("username", "email") VALUES ('u1', 'other@x');
-- step read a user, every column
DO $$ BEGIN IF NOT EXISTS (SELECT "id", "username", "email", "name", "plan", "locale", "timeZone", "createdDate" FROM "users" WHERE "email" = 'u1@x') THEN RAISE EXCEPTION 'user u1 not found'; END IF; END $$;
-- step change plan
UPDATE "users" SET "plan" = 'FREE' WHERE "id" = 2;
-- step create an event type
INSERT INTO "EventType" ("title", "slug", "length", "userId") VALUES ('30 min', '30min', 30, 3);
-- step a team event type with a slug the team already uses
INSERT INTO "EventType" ("title", "slug", "length", "teamId") VALUES ('Standup 2', 'standup', 15, 1);
-- step read an event type, every column
DO $$ BEGIN IF NOT EXISTS (SELECT "id", "title", "slug", "length", "hidden", "userId", "teamId", "scAddress" FROM "EventType" WHERE "id" = 1) THEN RAISE EXCEPTION 'event type 1 not found'; END IF; END $$;
-- step add a custom input
INSERT INTO "EventTypeCustomInput" ("eventTypeId", "label", "type", "required") VALUES (1, 'Phone', 'text', false);
-- step book
INSERT INTO "Booking" ("uid", "userId", "eventTypeId", "title", "startTime", "endTime") VALUES ('b-new', 1, 1, 'Intro', now(), now() + interval '30 minutes');
-- step read a booking, every column
DO $$ BEGIN IF NOT EXISTS (SELECT "id", "uid", "userId", "eventTypeId", "title", "startTime", "endTime", "createdAt", "confirmed", "rejected" FROM "Booking" WHERE "uid" = 'b-1') THEN RAISE EXCEPTION 'booking b-1 not found'; END IF; END $$;
-- step reject a booking
UPDATE "Booking" SET "rejected" = true WHERE "uid" = 'b-2';
-- step add a booking reference
INSERT INTO "BookingReference" ("type", "uid", "bookingId") VALUES ('daily_video', 'ref-new', 3);
-- step delete an unpaid booking, its references kept
DELETE FROM "Booking" WHERE "uid" = 'b-450';
DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM "BookingReference" WHERE "uid" = 'ref-450') THEN RAISE EXCEPTION 'booking reference deleted with its booking'; END IF; END $$;
-- step refund and delete a paid booking
DELETE FROM "Payment" WHERE "bookingId" = 5;
DELETE FROM "Booking" WHERE "id" = 5;
-- step pay
INSERT INTO "Payment" ("uid", "bookingId", "amount", "externalId") VALUES ('pay-new', 400, 1000, 'ext-new');
-- step a retried payment for a booking already paid
INSERT INTO "Payment" ("uid", "bookingId", "amount", "externalId") VALUES ('pay-retry', 6, 1000, 'ext-retry');
-- step join a team
INSERT INTO "Membership" ("teamId", "userId", "role") VALUES (2, 150, 'MEMBER');
-- step list owners
SELECT "userId" FROM "Membership" WHERE "role" = 'OWNER'::"MembershipRole";
-- step create an API key
INSERT INTO "ApiKey" ("id", "userId", "hashedKey") VALUES ('k-new', 1, 'h');
-- step verification token
INSERT INTO "VerificationRequest" ("identifier", "token", "expires", "updatedAt") VALUES ('new@x', 't-new', now() + interval '1 day', now());
DO $$ BEGIN IF NOT EXISTS (SELECT "id", "identifier", "expires" FROM "VerificationRequest" WHERE "token" = 't-1') THEN RAISE EXCEPTION 'token t-1 not found'; END IF; END $$;
-- step an LSIF upload
INSERT INTO lsif_uploads (commit, repository_id, indexer) VALUES ('deadbeef', 1, 'lsif-go');
-- step read an upload, every column
DO $$ BEGIN IF NOT EXISTS (SELECT id, commit, root, uploaded_at, state, repository_id, indexer FROM lsif_uploads WHERE id = 1) THEN RAISE EXCEPTION 'upload 1 not found'; END IF; END $$;
-- step complete an upload
UPDATE lsif_uploads SET state = 'completed' WHERE id = 2;
-- step purge deleted uploads
DELETE FROM lsif_uploads WHERE state = 'deleted';
-- step a changeset
INSERT INTO changesets (repo_id, metadata, external_id) VALUES (1, '{"Title":"x"}', '42');
-- step an external service repo
INSERT INTO external_service_repos (external_service_id, repo_id, clone_url) VALUES (1, 1, 'https://example.com/r1');
-- step nothing lost
DO $$ BEGIN IF (SELECT count(*) FROM "users") < (SELECT users FROM holdout2_expect) OR (SELECT count(*) FROM "BookingReference") < (SELECT refs FROM holdout2_expect) OR (SELECT count(*) FROM external_service_repos) < (SELECT esr FROM holdout2_expect) OR (SELECT count(*) FROM lsif_uploads_with_repository_name) < (SELECT uploads FROM holdout2_expect) THEN RAISE EXCEPTION 'rows lost or hidden'; END IF; END $$;
