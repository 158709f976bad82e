-- The schema the serving version uses in the second holdout set (holdout2_test.go): a cut-down
-- Cal.com schema as Prisma generates it (github.com/calcom/cal.com,
-- packages/prisma/migrations/*/migration.sql) with Sourcegraph's LSIF upload, changeset and
-- external-service tables (github.com/sourcegraph/sourcegraph-public-snapshot,
-- migrations/frontend/*.up.sql). {{role}} is the role the serving version connects as: not a
-- superuser and not the tables' owner.
CREATE ROLE {{role}};
CREATE TABLE "users" (
  "id" SERIAL NOT NULL PRIMARY KEY,
  "username" TEXT,
  "email" TEXT NOT NULL,
  "name" TEXT,
  "plan" TEXT DEFAULT E'PRO',
  "locale" TEXT,
  "timeZone" TEXT NOT NULL DEFAULT E'Europe/London',
  "createdDate" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP);
CREATE UNIQUE INDEX "users.email_unique" ON "users"("email");
CREATE TABLE "Team" ("id" SERIAL NOT NULL PRIMARY KEY, "name" TEXT, "slug" TEXT);
CREATE TYPE "MembershipRole" AS ENUM ('MEMBER', 'OWNER');
CREATE TABLE "Membership" (
  "teamId" INTEGER NOT NULL,
  "userId" INTEGER NOT NULL,
  "accepted" BOOLEAN NOT NULL DEFAULT false,
  "role" "MembershipRole" NOT NULL,
  PRIMARY KEY ("userId", "teamId"),
  CONSTRAINT "Membership_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "Membership_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE);
CREATE TABLE "EventType" (
  "id" SERIAL NOT NULL PRIMARY KEY,
  "title" TEXT NOT NULL,
  "slug" TEXT NOT NULL,
  "length" INTEGER NOT NULL,
  "hidden" BOOLEAN NOT NULL DEFAULT false,
  "userId" INTEGER,
  "teamId" INTEGER,
  "scAddress" TEXT,
  CONSTRAINT "EventType_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE);
CREATE UNIQUE INDEX "EventType.userId_slug_unique" ON "EventType"("userId", "slug");
CREATE TABLE "EventTypeCustomInput" (
  "id" SERIAL NOT NULL PRIMARY KEY,
  "eventTypeId" INTEGER NOT NULL REFERENCES "EventType"("id") ON DELETE CASCADE,
  "label" TEXT NOT NULL,
  "type" TEXT NOT NULL,
  "required" BOOLEAN NOT NULL);
CREATE TABLE "Booking" (
  "id" SERIAL NOT NULL PRIMARY KEY,
  "uid" TEXT NOT NULL,
  "userId" INTEGER REFERENCES "users"("id") ON DELETE SET NULL,
  "eventTypeId" INTEGER REFERENCES "EventType"("id") ON DELETE SET NULL,
  "title" TEXT NOT NULL,
  "startTime" TIMESTAMP(3) NOT NULL,
  "endTime" TIMESTAMP(3) NOT NULL,
  "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "confirmed" BOOLEAN NOT NULL DEFAULT true,
  "rejected" BOOLEAN NOT NULL DEFAULT false);
CREATE UNIQUE INDEX "Booking.uid_unique" ON "Booking"("uid");
CREATE TABLE "BookingReference" (
  "id" SERIAL NOT NULL PRIMARY KEY,
  "type" TEXT NOT NULL,
  "uid" TEXT NOT NULL,
  "bookingId" INTEGER,
  CONSTRAINT "BookingReference_bookingId_fkey" FOREIGN KEY ("bookingId") REFERENCES "Booking"("id") ON DELETE SET NULL ON UPDATE CASCADE);
CREATE TABLE "Payment" (
  "id" SERIAL NOT NULL PRIMARY KEY,
  "uid" TEXT NOT NULL,
  "bookingId" INTEGER NOT NULL,
  "amount" INTEGER NOT NULL,
  "externalId" TEXT NOT NULL,
  CONSTRAINT "Payment_bookingId_fkey" FOREIGN KEY ("bookingId") REFERENCES "Booking"("id") ON DELETE RESTRICT ON UPDATE CASCADE);
CREATE TABLE "ApiKey" (
  "id" TEXT NOT NULL PRIMARY KEY,
  "userId" INTEGER NOT NULL,
  "note" TEXT,
  "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "hashedKey" TEXT NOT NULL);
CREATE TABLE "VerificationRequest" (
  "id" SERIAL NOT NULL,
  "identifier" TEXT NOT NULL,
  "token" TEXT NOT NULL,
  "expires" TIMESTAMP(3) NOT NULL,
  "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updatedAt" TIMESTAMP(3) NOT NULL,
  CONSTRAINT "VerificationRequest_pkey" PRIMARY KEY ("id"));
CREATE UNIQUE INDEX "VerificationRequest.token_unique" ON "VerificationRequest"("token");
CREATE UNIQUE INDEX "VerificationRequest.identifier_token_unique" ON "VerificationRequest"("identifier", "token");

CREATE TYPE lsif_upload_state AS ENUM ('uploading', 'queued', 'processing', 'completed', 'errored', 'deleted');
CREATE TABLE lsif_uploads (
  id serial PRIMARY KEY,
  commit text NOT NULL,
  root text NOT NULL DEFAULT '',
  uploaded_at timestamp with time zone NOT NULL DEFAULT now(),
  state lsif_upload_state NOT NULL DEFAULT 'queued',
  repository_id integer NOT NULL,
  indexer text NOT NULL,
  CONSTRAINT lsif_uploads_repository_id_commit_root UNIQUE (repository_id, commit, root));
CREATE INDEX lsif_uploads_uploaded_at ON lsif_uploads (uploaded_at);
CREATE VIEW lsif_uploads_with_repository_name AS SELECT u.id, u.commit, u.root, u.uploaded_at, u.state, u.repository_id, 'repo-' || u.repository_id AS repository_name FROM lsif_uploads u;
CREATE TABLE changesets (id bigserial PRIMARY KEY, repo_id integer NOT NULL, metadata jsonb DEFAULT '{}', external_id text, created_at timestamp with time zone NOT NULL DEFAULT now());
CREATE TABLE external_service_repos (external_service_id bigint NOT NULL, repo_id integer NOT NULL, clone_url text NOT NULL);
CREATE INDEX external_service_repos_external_service_id ON external_service_repos USING btree (external_service_id);
CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL);
CREATE TABLE out_of_band_migrations (id serial PRIMARY KEY, team text NOT NULL, component text NOT NULL, description text NOT NULL, introduced text NOT NULL, non_destructive boolean NOT NULL);
