-- The seventeenth holdout's schema: Misskey's backend tables and rudder-server's warehouse,
-- pg-notifier, reporting and config-cache tables, as their serving versions find them before each
-- taken migration (holdout17_test.go's header names the versions), in the public schema.
-- Misskey's tables are written with the statements of its TypeORM migrations
-- packages/backend/migration/<n>-<name>.js (the strings of queryRunner.query, verbatim);
-- rudder-server's with those of sql/migrations/<folder>/<n>_*.up.sql. Each table is at the
-- migration named above it: the point just before the taken statements on it. Where several
-- migrations are taken on one table, each runs on that one state without the others taken before
-- it; none touches what another changes.

-- {{role}} is the role the serving versions connect as: not a superuser, not the owner.
CREATE ROLE {{role}};

-- Misskey.

-- 1000000000000-Init: the enums of note and (Pages) page; antenna's as v12-5 wrote it (before
-- v12-7).
CREATE TYPE "note_visibility_enum" AS ENUM('public', 'home', 'followers', 'specified');
CREATE TYPE "page_visibility_enum" AS ENUM('public', 'followers', 'specified');
CREATE TYPE "antenna_src_enum" AS ENUM('home', 'all', 'list');

-- user: 1000000000000-Init (before v12, isExplorable, user-last-active-date).
CREATE TABLE "user" ("id" character varying(32) NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL, "updatedAt" TIMESTAMP WITH TIME ZONE, "lastFetchedAt" TIMESTAMP WITH TIME ZONE, "username" character varying(128) NOT NULL, "usernameLower" character varying(128) NOT NULL, "name" character varying(128), "followersCount" integer NOT NULL DEFAULT 0, "followingCount" integer NOT NULL DEFAULT 0, "notesCount" integer NOT NULL DEFAULT 0, "avatarId" character varying(32), "bannerId" character varying(32), "tags" character varying(128) array NOT NULL DEFAULT '{}'::varchar[], "avatarUrl" character varying(512), "bannerUrl" character varying(512), "avatarColor" character varying(32), "bannerColor" character varying(32), "isSuspended" boolean NOT NULL DEFAULT false, "isSilenced" boolean NOT NULL DEFAULT false, "isLocked" boolean NOT NULL DEFAULT false, "isBot" boolean NOT NULL DEFAULT false, "isCat" boolean NOT NULL DEFAULT false, "isAdmin" boolean NOT NULL DEFAULT false, "isModerator" boolean NOT NULL DEFAULT false, "isVerified" boolean NOT NULL DEFAULT false, "emojis" character varying(128) array NOT NULL DEFAULT '{}'::varchar[], "host" character varying(128), "inbox" character varying(512), "sharedInbox" character varying(512), "featured" character varying(512), "uri" character varying(512), "token" character(16), CONSTRAINT "UQ_a854e557b1b14814750c7c7b0c9" UNIQUE ("token"), CONSTRAINT "REL_58f5c71eaab331645112cf8cfa" UNIQUE ("avatarId"), CONSTRAINT "REL_afc64b53f8db3707ceb34eb28e" UNIQUE ("bannerId"), CONSTRAINT "PK_cace4a159ff9f2512dd42373760" PRIMARY KEY ("id"));
CREATE INDEX "IDX_e11e649824a45d8ed01d597fd9" ON "user" ("createdAt") ;
CREATE INDEX "IDX_80ca6e6ef65fb9ef34ea8c90f4" ON "user" ("updatedAt") ;
CREATE INDEX "IDX_a27b942a0d6dcff90e3ee9b5e8" ON "user" ("usernameLower") ;
CREATE INDEX "IDX_fa99d777623947a5b05f394cae" ON "user" ("tags") ;
CREATE INDEX "IDX_3252a5df8d5bbd16b281f7799e" ON "user" ("host") ;
CREATE INDEX "IDX_be623adaa4c566baf5d29ce0c8" ON "user" ("uri") ;
CREATE UNIQUE INDEX "IDX_a854e557b1b14814750c7c7b0c" ON "user" ("token") ;
CREATE UNIQUE INDEX "IDX_5deb01ae162d1d70b80d064c27" ON "user" ("usernameLower", "host") ;

-- drive_folder and drive_file: 1000000000000-Init (before drive-user-folder-id-index, blurhash,
-- add-sensitive-index).
CREATE TABLE "drive_folder" ("id" character varying(32) NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL, "name" character varying(128) NOT NULL, "userId" character varying(32), "parentId" character varying(32), CONSTRAINT "PK_7a0c089191f5ebdc214e0af808a" PRIMARY KEY ("id"));
CREATE INDEX "IDX_02878d441ceae15ce060b73daf" ON "drive_folder" ("createdAt") ;
CREATE INDEX "IDX_f4fc06e49c0171c85f1c48060d" ON "drive_folder" ("userId") ;
CREATE INDEX "IDX_00ceffb0cdc238b3233294f08f" ON "drive_folder" ("parentId") ;
CREATE TABLE "drive_file" ("id" character varying(32) NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL, "userId" character varying(32), "userHost" character varying(128), "md5" character varying(32) NOT NULL, "name" character varying(256) NOT NULL, "type" character varying(128) NOT NULL, "size" integer NOT NULL, "comment" character varying(512), "properties" jsonb NOT NULL DEFAULT '{}', "storedInternal" boolean NOT NULL, "url" character varying(512) NOT NULL, "thumbnailUrl" character varying(512), "webpublicUrl" character varying(512), "accessKey" character varying(256), "thumbnailAccessKey" character varying(256), "webpublicAccessKey" character varying(256), "uri" character varying(512), "src" character varying(512), "folderId" character varying(32), "isSensitive" boolean NOT NULL DEFAULT false, "isLink" boolean NOT NULL DEFAULT false, CONSTRAINT "PK_43ddaaaf18c9e68029b7cbb032e" PRIMARY KEY ("id"));
CREATE INDEX "IDX_c8dfad3b72196dd1d6b5db168a" ON "drive_file" ("createdAt") ;
CREATE INDEX "IDX_860fa6f6c7df5bb887249fba22" ON "drive_file" ("userId") ;
CREATE INDEX "IDX_92779627994ac79277f070c91e" ON "drive_file" ("userHost") ;
CREATE INDEX "IDX_37bb9a1b4585f8a3beb24c62d6" ON "drive_file" ("md5") ;
CREATE INDEX "IDX_a40b8df8c989d7db937ea27cf6" ON "drive_file" ("type") ;
CREATE UNIQUE INDEX "IDX_d85a184c2540d2deba33daf642" ON "drive_file" ("accessKey") ;
CREATE UNIQUE INDEX "IDX_e74022ce9a074b3866f70e0d27" ON "drive_file" ("thumbnailAccessKey") ;
CREATE UNIQUE INDEX "IDX_c55b2b7c284d9fef98026fc88e" ON "drive_file" ("webpublicAccessKey") ;
CREATE INDEX "IDX_e5848eac4940934e23dbc17581" ON "drive_file" ("uri") ;
CREATE INDEX "IDX_bb90d1956dafc4068c28aa7560" ON "drive_file" ("folderId") ;

-- app: 1000000000000-Init.
CREATE TABLE "app" ("id" character varying(32) NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL, "userId" character varying(32), "secret" character varying(64) NOT NULL, "name" character varying(128) NOT NULL, "description" character varying(512) NOT NULL, "permission" character varying(64) array NOT NULL, "callbackUrl" character varying(512), CONSTRAINT "PK_9478629fc093d229df09e560aea" PRIMARY KEY ("id"));
CREATE INDEX "IDX_048a757923ed8b157e9895da53" ON "app" ("createdAt") ;
CREATE INDEX "IDX_3f5b0899ef90527a3462d7c2cb" ON "app" ("userId") ;
CREATE INDEX "IDX_f49922d511d666848f250663c4" ON "app" ("secret") ;

-- note: 1000000000000-Init (before v12-5, v12-8, v12-13, channel, add-note-indexes).
CREATE TABLE "note" ("id" character varying(32) NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL, "replyId" character varying(32), "renoteId" character varying(32), "text" text, "name" character varying(256), "cw" character varying(512), "appId" character varying(32), "userId" character varying(32) NOT NULL, "viaMobile" boolean NOT NULL DEFAULT false, "localOnly" boolean NOT NULL DEFAULT false, "renoteCount" smallint NOT NULL DEFAULT 0, "repliesCount" smallint NOT NULL DEFAULT 0, "reactions" jsonb NOT NULL DEFAULT '{}', "visibility" "note_visibility_enum" NOT NULL, "uri" character varying(512), "score" integer NOT NULL DEFAULT 0, "fileIds" character varying(32) array NOT NULL DEFAULT '{}'::varchar[], "attachedFileTypes" character varying(256) array NOT NULL DEFAULT '{}'::varchar[], "visibleUserIds" character varying(32) array NOT NULL DEFAULT '{}'::varchar[], "mentions" character varying(32) array NOT NULL DEFAULT '{}'::varchar[], "mentionedRemoteUsers" text NOT NULL DEFAULT '[]', "emojis" character varying(128) array NOT NULL DEFAULT '{}'::varchar[], "tags" character varying(128) array NOT NULL DEFAULT '{}'::varchar[], "hasPoll" boolean NOT NULL DEFAULT false, "geo" jsonb DEFAULT null, "userHost" character varying(128), "replyUserId" character varying(32), "replyUserHost" character varying(128), "renoteUserId" character varying(32), "renoteUserHost" character varying(128), CONSTRAINT "PK_96d0c172a4fba276b1bbed43058" PRIMARY KEY ("id"));
CREATE INDEX "IDX_e7c0567f5261063592f022e9b5" ON "note" ("createdAt") ;
CREATE INDEX "IDX_17cb3553c700a4985dff5a30ff" ON "note" ("replyId") ;
CREATE INDEX "IDX_52ccc804d7c69037d558bac4c9" ON "note" ("renoteId") ;
CREATE INDEX "IDX_5b87d9d19127bd5d92026017a7" ON "note" ("userId") ;
CREATE UNIQUE INDEX "IDX_153536c67d05e9adb24e99fc2b" ON "note" ("uri") ;
CREATE INDEX "IDX_51c063b6a133a9cb87145450f5" ON "note" ("fileIds") ;
CREATE INDEX "IDX_25dfc71b0369b003a4cd434d0b" ON "note" ("attachedFileTypes") ;
CREATE INDEX "IDX_796a8c03959361f97dc2be1d5c" ON "note" ("visibleUserIds") ;
CREATE INDEX "IDX_54ebcb6d27222913b908d56fd8" ON "note" ("mentions") ;
CREATE INDEX "IDX_88937d94d7443d9a99a76fa5c0" ON "note" ("tags") ;
CREATE INDEX "IDX_7125a826ab192eb27e11d358a5" ON "note" ("userHost") ;

-- note_reaction: 1000000000000-Init (before note-reaction-length).
CREATE TABLE "note_reaction" ("id" character varying(32) NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL, "userId" character varying(32) NOT NULL, "noteId" character varying(32) NOT NULL, "reaction" character varying(128) NOT NULL, CONSTRAINT "PK_767ec729b108799b587a3fcc9cf" PRIMARY KEY ("id"));
CREATE INDEX "IDX_01f4581f114e0ebd2bbb876f0b" ON "note_reaction" ("createdAt") ;
CREATE INDEX "IDX_13761f64257f40c5636d0ff95e" ON "note_reaction" ("userId") ;
CREATE INDEX "IDX_45145e4953780f3cd5656f0ea6" ON "note_reaction" ("noteId") ;
CREATE UNIQUE INDEX "IDX_ad0c221b25672daf2df320a817" ON "note_reaction" ("userId", "noteId") ;

-- follow_request: 1000000000000-Init.
CREATE TABLE "follow_request" ("id" character varying(32) NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL, "followeeId" character varying(32) NOT NULL, "followerId" character varying(32) NOT NULL, "requestId" character varying(128), "followerHost" character varying(128), "followerInbox" character varying(512), "followerSharedInbox" character varying(512), "followeeHost" character varying(128), "followeeInbox" character varying(512), "followeeSharedInbox" character varying(512), CONSTRAINT "PK_53a9aa3725f7a3deb150b39dbfc" PRIMARY KEY ("id"));
CREATE INDEX "IDX_12c01c0d1a79f77d9f6c15fadd" ON "follow_request" ("followeeId") ;
CREATE INDEX "IDX_a7fd92dd6dc519e6fb435dd108" ON "follow_request" ("followerId") ;
CREATE UNIQUE INDEX "IDX_d54a512b822fac7ed52800f6b4" ON "follow_request" ("followerId", "followeeId") ;

-- notification: 1000000000000-Init and v12-4 (followRequestId), before v12-10.
CREATE TABLE "notification" ("id" character varying(32) NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL, "notifieeId" character varying(32) NOT NULL, "notifierId" character varying(32) NOT NULL, "type" character varying(32) NOT NULL, "isRead" boolean NOT NULL DEFAULT false, "noteId" character varying(32), "reaction" character varying(128), "choice" integer, CONSTRAINT "PK_705b6c7cdf9b2c2ff7ac7872cb7" PRIMARY KEY ("id"));
CREATE INDEX "IDX_b11a5e627c41d4dc3170f1d370" ON "notification" ("createdAt") ;
CREATE INDEX "IDX_3c601b70a1066d2c8b517094cb" ON "notification" ("notifieeId") ;
ALTER TABLE "notification" ADD "followRequestId" character varying(32);

-- instance: 1000000000000-Init and nodeinfo (before v12-11 and use-bigint-for-driveUsage).
CREATE TABLE "instance" ("id" character varying(32) NOT NULL, "caughtAt" TIMESTAMP WITH TIME ZONE NOT NULL, "host" character varying(128) NOT NULL, "system" character varying(64), "usersCount" integer NOT NULL DEFAULT 0, "notesCount" integer NOT NULL DEFAULT 0, "followingCount" integer NOT NULL DEFAULT 0, "followersCount" integer NOT NULL DEFAULT 0, "driveUsage" integer NOT NULL DEFAULT 0, "driveFiles" integer NOT NULL DEFAULT 0, "latestRequestSentAt" TIMESTAMP WITH TIME ZONE, "latestStatus" integer, "latestRequestReceivedAt" TIMESTAMP WITH TIME ZONE, "lastCommunicatedAt" TIMESTAMP WITH TIME ZONE NOT NULL, "isNotResponding" boolean NOT NULL DEFAULT false, "isMarkedAsClosed" boolean NOT NULL DEFAULT false, CONSTRAINT "PK_eaf60e4a0c399c9935413e06474" PRIMARY KEY ("id"));
CREATE INDEX "IDX_2cd3b2a6b4cf0b910b260afe08" ON "instance" ("caughtAt") ;
CREATE UNIQUE INDEX "IDX_8d5afc98982185799b160e10eb" ON "instance" ("host") ;
ALTER TABLE "instance" DROP COLUMN "system";
ALTER TABLE "instance" ADD "softwareName" character varying(64) DEFAULT null;
ALTER TABLE "instance" ADD "softwareVersion" character varying(64) DEFAULT null;
ALTER TABLE "instance" ADD "openRegistrations" boolean DEFAULT null;
ALTER TABLE "instance" ADD "name" character varying(256) DEFAULT null;
ALTER TABLE "instance" ADD "description" character varying(4096) DEFAULT null;
ALTER TABLE "instance" ADD "maintainerName" character varying(128) DEFAULT null;
ALTER TABLE "instance" ADD "maintainerEmail" character varying(256) DEFAULT null;
ALTER TABLE "instance" ADD "infoUpdatedAt" TIMESTAMP WITH TIME ZONE;

-- abuse_user_report: 1000000000000-Init (before refine-abuse-user-report).
CREATE TABLE "abuse_user_report" ("id" character varying(32) NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL, "userId" character varying(32) NOT NULL, "reporterId" character varying(32) NOT NULL, "comment" character varying(512) NOT NULL, CONSTRAINT "PK_87873f5f5cc5c321a1306b2d18c" PRIMARY KEY ("id"));
CREATE INDEX "IDX_db2098070b2b5a523c58181f74" ON "abuse_user_report" ("createdAt") ;
CREATE INDEX "IDX_d049123c413e68ca52abe73420" ON "abuse_user_report" ("userId") ;
CREATE INDEX "IDX_04cc96756f89d0b7f9473e8cdf" ON "abuse_user_report" ("reporterId") ;
CREATE UNIQUE INDEX "IDX_5cd442c3b2e74fdd99dae20243" ON "abuse_user_report" ("userId", "reporterId") ;

-- user_list: 1000000000000-Init.
CREATE TABLE "user_list" ("id" character varying(32) NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL, "userId" character varying(32) NOT NULL, "name" character varying(128) NOT NULL, CONSTRAINT "PK_87bab75775fd9b1ff822b656402" PRIMARY KEY ("id"));
CREATE INDEX "IDX_b7fcefbdd1c18dce86687531f9" ON "user_list" ("userId") ;

-- user_profile: 1000000000000-Init, UserProfile (githubId and discordExpiresDate to varchar),
-- webauthn (securityKeysAvailable), PasswordLessLogin, PinnedPage and room, before v12-12,
-- delete-auto-watch and user-profile-description-length.
CREATE TABLE "user_profile" ("userId" character varying(32) NOT NULL, "location" character varying(128), "birthday" character(10), "description" character varying(1024), "fields" jsonb NOT NULL DEFAULT '[]', "url" character varying(512), "email" character varying(128), "emailVerifyCode" character varying(128), "emailVerified" boolean NOT NULL DEFAULT false, "twoFactorTempSecret" character varying(128), "twoFactorSecret" character varying(128), "twoFactorEnabled" boolean NOT NULL DEFAULT false, "password" character varying(128), "clientData" jsonb NOT NULL DEFAULT '{}', "autoWatch" boolean NOT NULL DEFAULT false, "autoAcceptFollowed" boolean NOT NULL DEFAULT false, "alwaysMarkNsfw" boolean NOT NULL DEFAULT false, "carefulBot" boolean NOT NULL DEFAULT false, "twitter" boolean NOT NULL DEFAULT false, "twitterAccessToken" character varying(64) DEFAULT null, "twitterAccessTokenSecret" character varying(64) DEFAULT null, "twitterUserId" character varying(64) DEFAULT null, "twitterScreenName" character varying(64) DEFAULT null, "github" boolean NOT NULL DEFAULT false, "githubAccessToken" character varying(64) DEFAULT null, "githubId" integer DEFAULT null, "githubLogin" character varying(64) DEFAULT null, "discord" boolean NOT NULL DEFAULT false, "discordAccessToken" character varying(64) DEFAULT null, "discordRefreshToken" character varying(64) DEFAULT null, "discordExpiresDate" integer DEFAULT null, "discordId" character varying(64) DEFAULT null, "discordUsername" character varying(64) DEFAULT null, "discordDiscriminator" character varying(64) DEFAULT null, "userHost" character varying(128), CONSTRAINT "REL_51cb79b5555effaf7d69ba1cff" UNIQUE ("userId"), CONSTRAINT "PK_51cb79b5555effaf7d69ba1cff9" PRIMARY KEY ("userId"));
CREATE INDEX "IDX_dce530b98e454793dac5ec2f5a" ON "user_profile" ("userHost") ;
ALTER TABLE "user_profile" ALTER COLUMN "githubId" TYPE VARCHAR(64) USING "githubId"::VARCHAR(64);
ALTER TABLE "user_profile" ALTER COLUMN "discordExpiresDate" TYPE VARCHAR(64) USING "discordExpiresDate"::VARCHAR(64);
ALTER TABLE "user_profile" ADD "securityKeysAvailable" boolean NOT NULL DEFAULT false;
ALTER TABLE "user_profile" ADD COLUMN "usePasswordLessLogin" boolean DEFAULT false NOT NULL;
ALTER TABLE "user_profile" ADD "pinnedPageId" character varying(32);
ALTER TABLE "user_profile" ADD CONSTRAINT "UQ_6dc44f1ceb65b1e72bacef2ca27" UNIQUE ("pinnedPageId");
ALTER TABLE "user_profile" ADD "room" jsonb NOT NULL DEFAULT '{}';

-- page: Pages, PageLike (likedCount) and PageTitleHideOption.
CREATE TABLE "page" ("id" character varying(32) NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL, "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL, "title" character varying(256) NOT NULL, "name" character varying(256) NOT NULL, "summary" character varying(256), "alignCenter" boolean NOT NULL, "font" character varying(32) NOT NULL, "userId" character varying(32) NOT NULL, "eyeCatchingImageId" character varying(32), "content" jsonb NOT NULL DEFAULT '[]', "variables" jsonb NOT NULL DEFAULT '[]', "visibility" "page_visibility_enum" NOT NULL, "visibleUserIds" character varying(32) array NOT NULL DEFAULT '{}'::varchar[], CONSTRAINT "PK_742f4117e065c5b6ad21b37ba1f" PRIMARY KEY ("id"));
CREATE INDEX "IDX_fbb4297c927a9b85e9cefa2eb1" ON "page" ("createdAt") ;
CREATE INDEX "IDX_af639b066dfbca78b01a920f8a" ON "page" ("updatedAt") ;
CREATE INDEX "IDX_b82c19c08afb292de4600d99e4" ON "page" ("name") ;
CREATE INDEX "IDX_ae1d917992dd0c9d9bbdad06c4" ON "page" ("userId") ;
CREATE INDEX "IDX_90148bbc2bf0854428786bfc15" ON "page" ("visibleUserIds") ;
CREATE UNIQUE INDEX "IDX_2133ef8317e4bdb839c0dcbf13" ON "page" ("userId", "name") ;
ALTER TABLE "page" ADD "likedCount" integer NOT NULL DEFAULT 0;
ALTER TABLE "page" ADD "hideTitleWhenPinned" boolean NOT NULL DEFAULT false;

-- antenna: v12-5 and v12-6 (hasNewNote dropped), before v12-7 and v12-9.
CREATE TABLE "antenna" ("id" character varying(32) NOT NULL, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL, "userId" character varying(32) NOT NULL, "name" character varying(128) NOT NULL, "src" "antenna_src_enum" NOT NULL, "userListId" character varying(32), "keywords" jsonb NOT NULL DEFAULT '[]', "withFile" boolean NOT NULL, "expression" character varying(2048), "notify" boolean NOT NULL, "hasNewNote" boolean NOT NULL DEFAULT false, CONSTRAINT "PK_c170b99775e1dccca947c9f2d5f" PRIMARY KEY ("id"));
CREATE INDEX "IDX_6446c571a0e8d0f05f01c78909" ON "antenna" ("userId") ;
ALTER TABLE "antenna" DROP COLUMN "hasNewNote";

-- The foreign keys, as 1000000000000-Init, v12-4, PinnedPage, Pages and v12-5 add them.
ALTER TABLE "drive_folder" ADD CONSTRAINT "FK_f4fc06e49c0171c85f1c48060d2" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE NO ACTION;
ALTER TABLE "drive_folder" ADD CONSTRAINT "FK_00ceffb0cdc238b3233294f08f2" FOREIGN KEY ("parentId") REFERENCES "drive_folder"("id") ON DELETE SET NULL ON UPDATE NO ACTION;
ALTER TABLE "drive_file" ADD CONSTRAINT "FK_860fa6f6c7df5bb887249fba22e" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE SET NULL ON UPDATE NO ACTION;
ALTER TABLE "drive_file" ADD CONSTRAINT "FK_bb90d1956dafc4068c28aa7560a" FOREIGN KEY ("folderId") REFERENCES "drive_folder"("id") ON DELETE SET NULL ON UPDATE NO ACTION;
ALTER TABLE "user" ADD CONSTRAINT "FK_58f5c71eaab331645112cf8cfa5" FOREIGN KEY ("avatarId") REFERENCES "drive_file"("id") ON DELETE SET NULL ON UPDATE NO ACTION;
ALTER TABLE "user" ADD CONSTRAINT "FK_afc64b53f8db3707ceb34eb28e2" FOREIGN KEY ("bannerId") REFERENCES "drive_file"("id") ON DELETE SET NULL ON UPDATE NO ACTION;
ALTER TABLE "app" ADD CONSTRAINT "FK_3f5b0899ef90527a3462d7c2cb3" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE SET NULL ON UPDATE NO ACTION;
ALTER TABLE "note" ADD CONSTRAINT "FK_17cb3553c700a4985dff5a30ff5" FOREIGN KEY ("replyId") REFERENCES "note"("id") ON DELETE CASCADE ON UPDATE NO ACTION;
ALTER TABLE "note" ADD CONSTRAINT "FK_52ccc804d7c69037d558bac4c96" FOREIGN KEY ("renoteId") REFERENCES "note"("id") ON DELETE CASCADE ON UPDATE NO ACTION;
ALTER TABLE "note" ADD CONSTRAINT "FK_ec5c201576192ba8904c345c5cc" FOREIGN KEY ("appId") REFERENCES "app"("id") ON DELETE SET NULL ON UPDATE NO ACTION;
ALTER TABLE "note" ADD CONSTRAINT "FK_5b87d9d19127bd5d92026017a7b" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE NO ACTION;
ALTER TABLE "note_reaction" ADD CONSTRAINT "FK_13761f64257f40c5636d0ff95ee" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE NO ACTION;
ALTER TABLE "note_reaction" ADD CONSTRAINT "FK_45145e4953780f3cd5656f0ea6a" FOREIGN KEY ("noteId") REFERENCES "note"("id") ON DELETE CASCADE ON UPDATE NO ACTION;
ALTER TABLE "notification" ADD CONSTRAINT "FK_3c601b70a1066d2c8b517094cb9" FOREIGN KEY ("notifieeId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE NO ACTION;
ALTER TABLE "notification" ADD CONSTRAINT "FK_3b4e96eec8d36a8bbb9d02aa710" FOREIGN KEY ("notifierId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE NO ACTION;
ALTER TABLE "notification" ADD CONSTRAINT "FK_769cb6b73a1efe22ddf733ac453" FOREIGN KEY ("noteId") REFERENCES "note"("id") ON DELETE CASCADE ON UPDATE NO ACTION;
ALTER TABLE "notification" ADD CONSTRAINT "FK_bd7fab507621e635b32cd31892c" FOREIGN KEY ("followRequestId") REFERENCES "follow_request"("id") ON DELETE CASCADE ON UPDATE NO ACTION;
ALTER TABLE "user_list" ADD CONSTRAINT "FK_b7fcefbdd1c18dce86687531f99" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE NO ACTION;
ALTER TABLE "abuse_user_report" ADD CONSTRAINT "FK_d049123c413e68ca52abe734203" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE NO ACTION;
ALTER TABLE "abuse_user_report" ADD CONSTRAINT "FK_04cc96756f89d0b7f9473e8cdf3" FOREIGN KEY ("reporterId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE NO ACTION;
ALTER TABLE "follow_request" ADD CONSTRAINT "FK_12c01c0d1a79f77d9f6c15fadd2" FOREIGN KEY ("followeeId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE NO ACTION;
ALTER TABLE "follow_request" ADD CONSTRAINT "FK_a7fd92dd6dc519e6fb435dd108f" FOREIGN KEY ("followerId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE NO ACTION;
ALTER TABLE "user_profile" ADD CONSTRAINT "FK_51cb79b5555effaf7d69ba1cff9" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE NO ACTION;
ALTER TABLE "page" ADD CONSTRAINT "FK_ae1d917992dd0c9d9bbdad06c4a" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE NO ACTION;
ALTER TABLE "page" ADD CONSTRAINT "FK_3126dd7c502c9e4d7597ef7ef10" FOREIGN KEY ("eyeCatchingImageId") REFERENCES "drive_file"("id") ON DELETE CASCADE ON UPDATE NO ACTION;
ALTER TABLE "user_profile" ADD CONSTRAINT "FK_6dc44f1ceb65b1e72bacef2ca27" FOREIGN KEY ("pinnedPageId") REFERENCES "page"("id") ON DELETE SET NULL ON UPDATE NO ACTION;
ALTER TABLE "antenna" ADD CONSTRAINT "FK_6446c571a0e8d0f05f01c789096" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE NO ACTION;
ALTER TABLE "antenna" ADD CONSTRAINT "FK_709d7d32053d0dd7620f678eeb9" FOREIGN KEY ("userListId") REFERENCES "user_list"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- rudder-server.

-- wh_uploads: warehouse/000001, 000003 (metadata), 000007 (three indexes), 000012 (mergedschema)
-- and 000013 (in_progress), before 000014, 000015, 000024, 000029 and 000036.
CREATE TABLE IF NOT EXISTS wh_uploads (
    id BIGSERIAL PRIMARY KEY,
    source_id VARCHAR(64) NOT NULL,
    namespace VARCHAR(64) NOT NULL,
    destination_id VARCHAR(64) NOT NULL,
    destination_type VARCHAR(64) NOT NULL,
    start_staging_file_id BIGINT,
    end_staging_file_id BIGINT,
    start_load_file_id BIGINT,
    end_load_file_id BIGINT,
    status VARCHAR(64) NOT NULL,
    schema JSONB NOT NULL,
    error JSONB,
    first_event_at TIMESTAMP,
    last_event_at TIMESTAMP,
    last_exec_at TIMESTAMP,
    timings JSONB,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL);
CREATE INDEX IF NOT EXISTS wh_uploads_status_index ON wh_uploads (status);
CREATE INDEX IF NOT EXISTS wh_uploads_source_destination_id_index ON wh_uploads (source_id, destination_id);
ALTER TABLE wh_uploads ADD COLUMN IF NOT EXISTS metadata JSONB DEFAULT '{}';
CREATE INDEX IF NOT EXISTS wh_uploads_id_destination_id_namespace_status_index ON wh_uploads (id, destination_id, namespace, status);
CREATE INDEX IF NOT EXISTS wh_uploads_destination_id_namespace_index ON wh_uploads (destination_id, namespace);
CREATE INDEX IF NOT EXISTS wh_uploads_destination_type_status_destination_id_namespace_concatenated_index ON wh_uploads (destination_type, status, (destination_id || '_' || namespace));
ALTER TABLE wh_uploads ADD COLUMN IF NOT EXISTS mergedschema JSONB DEFAULT '{}';
ALTER TABLE wh_uploads ADD COLUMN IF NOT EXISTS in_progress BOOL NOT NULL DEFAULT false;

-- wh_staging_files: warehouse/000001, 000008 (its index) and 000010 (metadata), before 000016,
-- 000018, 000020, 000032 and 000035.
CREATE TABLE IF NOT EXISTS wh_staging_files (
    id BIGSERIAL PRIMARY KEY,
    location TEXT NOT NULL,
    source_id VARCHAR(64) NOT NULL,
    destination_id VARCHAR(64) NOT NULL,
    schema JSONB NOT NULL,
    error TEXT,
    status VARCHAR(64),
    first_event_at TIMESTAMP,
    last_event_at TIMESTAMP,
    total_events BIGINT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL);
CREATE INDEX IF NOT EXISTS wh_staging_files_id_index ON wh_staging_files (source_id, destination_id);
CREATE INDEX IF NOT EXISTS wh_staging_files_id_source_id_destination_id_index ON wh_staging_files (id, source_id, destination_id);
ALTER TABLE wh_staging_files ADD COLUMN IF NOT EXISTS metadata JSONB DEFAULT '{}';

-- wh_load_files: warehouse/000001, 000008 and 000009 (their indexes), before 000011, 000022,
-- 000030 and 000034.
CREATE TABLE IF NOT EXISTS wh_load_files (
    id BIGSERIAL PRIMARY KEY,
    staging_file_id BIGINT,
    location TEXT NOT NULL,
    source_id VARCHAR(64) NOT NULL,
    destination_id VARCHAR(64) NOT NULL,
    destination_type VARCHAR(64) NOT NULL,
    table_name TEXT NOT NULL,
    total_events BIGINT,
    created_at TIMESTAMP NOT NULL);
CREATE INDEX IF NOT EXISTS wh_load_files_source_destination_id_table_name_index ON wh_load_files (source_id, destination_id, table_name);
CREATE INDEX IF NOT EXISTS wh_load_files_staging_file_id_index ON wh_load_files (staging_file_id);
CREATE INDEX IF NOT EXISTS wh_load_files_id_source_id_destination_id_table_name_index ON wh_load_files (id, source_id, destination_id, table_name);
CREATE INDEX IF NOT EXISTS wh_load_files_staging_file_id_table_name_index ON wh_load_files (staging_file_id, table_name);

-- wh_table_uploads: warehouse/000001 (total_events still TEXT), before 000002, 000006, 000008
-- and 000022.
CREATE TABLE IF NOT EXISTS 	wh_table_uploads (
    id BIGSERIAL PRIMARY KEY,
    wh_upload_id BIGSERIAL NOT NULL,
    table_name TEXT,
    status VARCHAR(64) NOT NULL,
    error TEXT,
    last_exec_time TIMESTAMP,
    total_events TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL);
CREATE INDEX IF NOT EXISTS wh_table_uploads_wh_upload_id_table_name_index ON wh_table_uploads (wh_upload_id, table_name);

-- wh_schemas and wh_schema_versions: warehouse/000001, 000004 (updated_at, unique_wh_identifier)
-- and 000005 (the history table, its trigger function and trigger), before 000021, 000025,
-- 000026, 000027, 000028, 000029, 000033 and 000036.
CREATE TABLE IF NOT EXISTS wh_schemas (
    id BIGSERIAL PRIMARY KEY,
    wh_upload_id BIGSERIAL,
    source_id VARCHAR(64) NOT NULL,
    namespace VARCHAR(64) NOT NULL,
    destination_id VARCHAR(64) NOT NULL,
    destination_type VARCHAR(64) NOT NULL,
    schema JSONB NOT NULL,
    error TEXT,
    created_at TIMESTAMP NOT NULL);
CREATE INDEX IF NOT EXISTS wh_schemas_destination_id_namespace_index ON wh_schemas (destination_id, namespace);
ALTER TABLE wh_schemas ADD COLUMN IF NOT EXISTS updated_at timestamp;
ALTER TABLE wh_schemas ADD CONSTRAINT unique_wh_identifier UNIQUE("source_id","destination_id","namespace");
CREATE TABLE IF NOT EXISTS wh_schema_versions (
                                          id BIGSERIAL PRIMARY KEY,
                                          wh_schema_id BIGSERIAL NOT NULL,
                                          source_id VARCHAR(64) NOT NULL,
                                          namespace VARCHAR(64) NOT NULL,
                                          destination_id VARCHAR(64) NOT NULL,
                                          destination_type VARCHAR(64) NOT NULL,
                                          schema JSONB NOT NULL,
                                          error TEXT,
                                          changed_at TIMESTAMP NOT NULL);
CREATE INDEX IF NOT EXISTS wh_schema_versions_wh_schema_id_index ON wh_schema_versions (wh_schema_id);
CREATE OR REPLACE FUNCTION warehouse_schema_history()
    RETURNS TRIGGER
    LANGUAGE PLPGSQL
AS
$$
BEGIN
    INSERT INTO wh_schema_versions("wh_schema_id","source_id", "namespace","destination_id", "destination_type","schema","error","changed_at")
    VALUES(new.id, new.source_id, new.namespace, new.destination_id, new.destination_type, new.schema, new.error, new.updated_at);
    RETURN new;
END ;
$$;
create trigger  warehouse_schema_history_trigger AFTER INSERT OR UPDATE ON "wh_schemas" FOR EACH ROW EXECUTE PROCEDURE warehouse_schema_history();

-- wh_async_jobs: warehouse/000017, before 000019.
CREATE TABLE IF NOT EXISTS wh_async_jobs (
    id BIGSERIAL PRIMARY KEY,
    source_id character varying(64) NOT NULL,
    destination_id character varying(64) NOT NULL,
    status character varying(64) NOT NULL,
    created_at timestamp without time zone,
    updated_at timestamp without time zone,
    tablename text NOT NULL,
    error text,
    async_job_type character varying(64) NOT NULL,
    metadata jsonb,
    attempt integer DEFAULT 0
);
CREATE UNIQUE INDEX IF NOT EXISTS asyncjobindex ON wh_async_jobs (source_id,destination_id, (metadata->>'job_run_id'),(metadata->>'task_run_id'),tablename) WHERE metadata->>'job_run_id'!='' AND metadata->>'task_run_id'!='' ;

-- pg_notifier_queue: pg_notifier_queue/0000001 (topic NOT NULL, the four indexes; priority is in
-- its CREATE TABLE), before 0000002 … 0000005 and pg_notifier_queue_always/000001; with the
-- trigger the serving version creates when it starts (services/pgnotifier createTrigger, topic
-- process_staging_file).
CREATE TYPE pg_notifier_status_type
	AS ENUM(
		'waiting',
		'executing',
		'succeeded',
		'failed',
		'aborted'
			);
CREATE TABLE IF NOT EXISTS pg_notifier_queue (
    id BIGSERIAL PRIMARY KEY,
    batch_id VARCHAR(64) NOT NULL,
    status pg_notifier_status_type NOT NULL,
    topic VARCHAR(64) NOT NULL,
    payload JSONB NOT NULL,
    created_at TIMESTAMP NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMP NOT NULL DEFAULT NOW(),
    last_exec_time TIMESTAMP,
    attempt SMALLINT DEFAULT 0,
    error TEXT,
    worker_id VARCHAR(64),
    workspace VARCHAR(64),
    priority int);
CREATE INDEX IF NOT EXISTS pg_notifier_queue_status_idx ON pg_notifier_queue (status);
CREATE INDEX IF NOT EXISTS pg_notifier_queue_batch_id_idx ON pg_notifier_queue (batch_id);
CREATE INDEX IF NOT EXISTS pg_notifier_queue_workspace_topic_idx ON pg_notifier_queue (workspace, topic);
CREATE INDEX IF NOT EXISTS pg_notifier_queue_status_workspace_idx ON pg_notifier_queue (status, workspace);
CREATE TYPE pg_notifier_subscriber_status
	AS ENUM(
		'busy',
		'free' );
CREATE OR REPLACE FUNCTION pgnotifier_notify() RETURNS TRIGGER AS '
	DECLARE
		notification json;
	BEGIN
		-- Contruct the notification as a JSON string.
		notification = json_build_object(
						''id'', NEW.id,
						''batch_id'', NEW.batch_id,
						''status'', NEW.status);

		-- Execute pg_notify(channel, notification)
		PERFORM pg_notify(''process_staging_file'',notification::text);

		-- Result is ignored since this is an AFTER trigger
		RETURN NULL;
	END;' LANGUAGE plpgsql;
CREATE TRIGGER pg_notifier_queue_status_trigger
		AFTER INSERT OR UPDATE OF status
		ON pg_notifier_queue
		FOR EACH ROW
	EXECUTE PROCEDURE pgnotifier_notify();

-- reports: reports/000001 and 000002, before 000003 … 000006.
CREATE TABLE IF NOT EXISTS reports (
		id BIGSERIAL PRIMARY KEY,
		workspace_id VARCHAR(64) NOT NULL,
		namespace VARCHAR(64) NOT NULL,
		instance_id VARCHAR(64) NOT NULL,
		source_id VARCHAR(64),
		destination_id VARCHAR(64) NOT NULL,
		source_batch_id VARCHAR(64),
		source_task_id VARCHAR(64),
		source_task_run_id VARCHAR(64),
		source_job_id VARCHAR(64),
		source_job_run_id VARCHAR(64),
		in_pu VARCHAR(64),
		pu VARCHAR(64),
		reported_at BIGINT NOT NULL,
		status_code INT,
		sample_response TEXT,
		sample_event JSONB,
		status VARCHAR(64) NOT NULL,
		count BIGINT,
		terminal_state BOOLEAN,
		initial_state BOOLEAN
		);
ALTER TABLE reports
ADD COLUMN IF NOT EXISTS source_category TEXT DEFAULT '',
ADD COLUMN IF NOT EXISTS source_definition_id TEXT DEFAULT '',
ADD COLUMN IF NOT EXISTS destination_definition_id TEXT DEFAULT '',
ADD COLUMN IF NOT EXISTS event_name TEXT DEFAULT '',
ADD COLUMN IF NOT EXISTS event_type TEXT DEFAULT '';

-- error_detail_reports: error_detail_reports/000001 and 000002, before 000003.
CREATE TABLE IF NOT EXISTS error_detail_reports (
		id BIGSERIAL PRIMARY KEY,
		workspace_id VARCHAR(64) NOT NULL,
		namespace VARCHAR(64) NOT NULL,
		instance_id VARCHAR(64) NOT NULL,
		source_id VARCHAR(64),
		source_definition_id TEXT DEFAULT '',
		destination_id VARCHAR(64) NOT NULL,
		destination_definition_id TEXT DEFAULT '',
		dest_type TEXT DEFAULT '',
		pu VARCHAR(64),
		reported_at BIGINT NOT NULL,
		status_code INT,
		error_message TEXT DEFAULT '',
		event_type TEXT DEFAULT '',
		error_code TEXT DEFAULT '',
		count BIGINT DEFAULT 0
		);
ALTER TABLE error_detail_reports
ADD COLUMN IF NOT EXISTS sample_event JSONB DEFAULT '{}'::JSONB,
ADD COLUMN IF NOT EXISTS sample_response TEXT DEFAULT '',
ADD COLUMN IF NOT EXISTS event_name TEXT DEFAULT '';

-- config_cache: config_cache/000001, before 000002.
CREATE TABLE IF NOT EXISTS config_cache (
		key TEXT NOT NULL PRIMARY KEY,
		created_at TIMESTAMP NOT NULL DEFAULT NOW(),
		updated_at TIMESTAMP NOT NULL DEFAULT NOW(),
		config bytea NOT NULL
);
