-- The eighteenth holdout's schema: Twenty's core tables (schema core) and PeerTube's tables
-- (schema public), as their serving versions find them before each taken migration
-- (holdout18_test.go's header names the versions and the states). Twenty's tables are written as
-- its TypeORM migrations (packages/twenty-server/src/database/typeorm/core/migrations) create and
-- alter them, each at the state named above it; PeerTube's as its Sequelize models create them,
-- in the form pg_dump gives (column types, defaults, constraint and index names), at the state of
-- its server/core/initializers/migrations before 0955 (and the index that 1125 drops).

-- {{role}} is the role the serving versions connect as: not a superuser, not the owner.
CREATE ROLE {{role}};

CREATE EXTENSION IF NOT EXISTS "uuid-ossp" WITH SCHEMA public;
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public;

-- Twenty.
CREATE SCHEMA core;

-- workspace_activationstatus_enum as 1736861823893_updateWorkspaceStatusEnum's down() recreates
-- the type it renames (the four values before SUSPENDED).
CREATE TYPE "core"."workspace_activationstatus_enum" AS ENUM('ACTIVE', 'INACTIVE', 'ONGOING_CREATION', 'PENDING_CREATION');

-- workspace: 1700324860820_setupCoreTables, 1700654387203 (allowImpersonation), 1702479005171
-- (subscriptionStatus, varchar: before 1715593226719, 1719327438923 and 1719494707738),
-- 1711633823798 (deletedAt with time zone), 1722256203539 and 1722256203541 (activationStatus,
-- under the type name 1736861823893 renames); before 1724173430043, 1728986317196,
-- 1730137590546, 1730298416367 and 1734538670589.
CREATE TABLE "core"."workspace" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "domainName" character varying, "displayName" character varying, "logo" character varying, "inviteHash" character varying, "deletedAt" TIMESTAMP WITH TIME ZONE, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "allowImpersonation" boolean NOT NULL DEFAULT true, "subscriptionStatus" character varying NOT NULL DEFAULT 'incomplete', "activationStatus" "core"."workspace_activationstatus_enum" NOT NULL DEFAULT 'INACTIVE', CONSTRAINT "PK_098656ae401f3e1a4586f47fd8e" PRIMARY KEY ("id"));

-- user: 1700324860820_setupCoreTables, 1704825571702 (passwordResetToken, before 1721738579379),
-- defaultWorkspaceId nullable with ON DELETE SET NULL (1700663611659, before 1711557405330 and
-- 1715593226719), deletedAt and passwordResetTokenExpiresAt without time zone (before
-- 1711633823798), 1726849473832 (UQ_USER_EMAIL, before 1733408604468); before 1706613419989,
-- 1734544295083 and 1736050161854.
CREATE TABLE "core"."user" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "firstName" character varying NOT NULL DEFAULT '', "lastName" character varying NOT NULL DEFAULT '', "email" character varying NOT NULL, "emailVerified" boolean NOT NULL DEFAULT false, "disabled" boolean NOT NULL DEFAULT false, "passwordHash" character varying, "canImpersonate" boolean NOT NULL DEFAULT false, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "deletedAt" TIMESTAMP, "defaultWorkspaceId" uuid, "passwordResetToken" character varying, "passwordResetTokenExpiresAt" TIMESTAMP, CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"));
ALTER TABLE "core"."user" ADD CONSTRAINT "FK_2ec910029395fa7655621c88908" FOREIGN KEY ("defaultWorkspaceId") REFERENCES "core"."workspace"("id") ON DELETE SET NULL ON UPDATE NO ACTION;
ALTER TABLE "core"."user" ADD CONSTRAINT "UQ_USER_EMAIL" UNIQUE ("email", "deletedAt");

-- appToken: 1700324860820_setupCoreTables (as refreshToken), 1700661180856, 1711624086253
-- (renamed appToken, workspaceId, type, value); before 1713457966698 and 1724056827317.
CREATE TABLE "core"."appToken" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "userId" uuid NOT NULL, "expiresAt" TIMESTAMP WITH TIME ZONE NOT NULL, "deletedAt" TIMESTAMP WITH TIME ZONE, "revokedAt" TIMESTAMP WITH TIME ZONE, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "workspaceId" uuid, "type" text NOT NULL DEFAULT 'REFRESH_TOKEN', "value" text, CONSTRAINT "PK_7d8bee0204106019488c4c50ffa" PRIMARY KEY ("id"));
ALTER TABLE "core"."appToken" ADD CONSTRAINT "FK_d6ae19a7aa2bbd4919053257772" FOREIGN KEY ("workspaceId") REFERENCES "core"."workspace"("id") ON DELETE CASCADE ON UPDATE NO ACTION;
ALTER TABLE "core"."appToken" ADD CONSTRAINT "FK_8cd4819144baf069777b5729136" FOREIGN KEY ("userId") REFERENCES "core"."user"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- userWorkspace: 1707778127558_addUserWorkspaces and 1709314035408_updateUserWorkspace (the two
-- inline references and the two named ones side by side); before 1709680520888 and 1711557405330.
CREATE TABLE "core"."userWorkspace" (
                "id" uuid PRIMARY KEY DEFAULT uuid_generate_v4(), 
                "userId" uuid NOT NULL REFERENCES core.user(id), 
                "workspaceId" uuid NOT NULL REFERENCES core.workspace(id),
                "createdAt" TIMESTAMP NOT NULL DEFAULT now(),
                "updatedAt" TIMESTAMP NOT NULL DEFAULT now(),
                "deletedAt" TIMESTAMP
            );
ALTER TABLE "core"."userWorkspace" 
      ADD CONSTRAINT "FK_37fdc7357af701e595c5c3a9bd6" 
      FOREIGN KEY ("workspaceId") REFERENCES "core"."workspace"("id") 
      ON DELETE CASCADE ON UPDATE NO ACTION;
ALTER TABLE "core"."userWorkspace" 
      ADD CONSTRAINT "FK_cb488f32c6a0827b938edadf221" 
      FOREIGN KEY ("userId") REFERENCES "core"."user"("id") 
      ON DELETE CASCADE ON UPDATE NO ACTION;

-- featureFlag: 1701194529853_addFeatureFlags; before 1711633823798 and 1736927618072.
CREATE TABLE "core"."featureFlag" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "key" text NOT NULL, "workspaceId" uuid NOT NULL, "value" boolean NOT NULL, "createdAt" TIMESTAMP NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "IndexOnKeyAndWorkspaceIdUnique" UNIQUE ("key", "workspaceId"), CONSTRAINT "PK_894efa1b1822de801f3b9e04069" PRIMARY KEY ("id"));
ALTER TABLE "core"."featureFlag" ADD CONSTRAINT "FK_6be7761fa8453f3a498aab6e72b" FOREIGN KEY ("workspaceId") REFERENCES "core"."workspace"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- workspaceCacheVersion: 1700650554672_addWorkspaceCacheVersion; before 1724173061204.
CREATE TABLE "core"."workspaceCacheVersion" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "workspaceId" uuid NOT NULL, "version" character varying NOT NULL, "createdAt" TIMESTAMP NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "UQ_1a80ecf2638b477809403cc26ed" UNIQUE ("workspaceId"), CONSTRAINT "PK_5d502f8dbfb5b9a8bf2439320e9" PRIMARY KEY ("id"));

-- keyValuePair: 1717425967770_addKeyValuePairTable; before 1717688588972, 1721139150487 and
-- 1721656106498.
CREATE TABLE "core"."keyValuePair" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "userId" uuid, "workspaceId" uuid, "key" text NOT NULL, "value" text, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "deletedAt" TIMESTAMP WITH TIME ZONE, CONSTRAINT "IndexOnKeyUserIdWorkspaceIdUnique" UNIQUE ("key", "userId", "workspaceId"), CONSTRAINT "PK_c5a1ca828435d3eaf8f9361ed4b" PRIMARY KEY ("id"));
ALTER TABLE "core"."keyValuePair" ADD CONSTRAINT "FK_0dae35d1c0fbdda6495be4ae71a" FOREIGN KEY ("userId") REFERENCES "core"."user"("id") ON DELETE CASCADE ON UPDATE NO ACTION;
ALTER TABLE "core"."keyValuePair" ADD CONSTRAINT "FK_c137e3d8b3980901e114941daa2" FOREIGN KEY ("workspaceId") REFERENCES "core"."workspace"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- billingSubscription and billingSubscriptionItem: 1708535112230_addBillingCoreTables; before
-- 1709233666080, 1709914564361 and 1710926613773.
CREATE TABLE "core"."billingSubscriptionItem" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "deletedAt" TIMESTAMP, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "billingSubscriptionId" uuid NOT NULL, "stripeProductId" character varying NOT NULL, "stripePriceId" character varying NOT NULL, "quantity" integer NOT NULL, CONSTRAINT "PK_0287b2d9fca488edcbf748281fc" PRIMARY KEY ("id"));
CREATE TABLE "core"."billingSubscription" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "deletedAt" TIMESTAMP, "createdAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "workspaceId" uuid NOT NULL, "stripeCustomerId" character varying NOT NULL, "stripeSubscriptionId" character varying NOT NULL, "status" character varying NOT NULL, CONSTRAINT "UQ_9120b7586c3471463480b58d20a" UNIQUE ("stripeCustomerId"), CONSTRAINT "UQ_1a858c28c7766d429cbd25f05e8" UNIQUE ("stripeSubscriptionId"), CONSTRAINT "REL_4abfb70314c18da69e1bee1954" UNIQUE ("workspaceId"), CONSTRAINT "PK_6e9c72c32d91640b8087cb53666" PRIMARY KEY ("id"));
ALTER TABLE "core"."billingSubscriptionItem" ADD CONSTRAINT "FK_a602e7c9da619b8290232f6eeab" FOREIGN KEY ("billingSubscriptionId") REFERENCES "core"."billingSubscription"("id") ON DELETE CASCADE ON UPDATE NO ACTION;
ALTER TABLE "core"."billingSubscription" ADD CONSTRAINT "FK_4abfb70314c18da69e1bee1954d" FOREIGN KEY ("workspaceId") REFERENCES "core"."workspace"("id") ON DELETE CASCADE ON UPDATE NO ACTION;

-- PeerTube (public), the tables the taken migrations touch and their parents.
CREATE TYPE public.enum_actor_type AS ENUM (
    'Group',
    'Person',
    'Application',
    'Organization',
    'Service'
);

CREATE TYPE public."enum_user_nsfwPolicy" AS ENUM (
    'do_not_list',
    'warn',
    'blur',
    'display'
);

CREATE FUNCTION public.immutable_unaccent(text) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $_$
SELECT public.unaccent('public.unaccent', $1::text)
$_$;

CREATE TABLE public.server (
    id serial PRIMARY KEY,
    host character varying(255) NOT NULL,
    "redundancyAllowed" boolean DEFAULT false NOT NULL,
    "createdAt" timestamp with time zone NOT NULL,
    "updatedAt" timestamp with time zone NOT NULL
);
CREATE UNIQUE INDEX server_host ON public.server USING btree (host);

CREATE TABLE public.actor (
    id serial PRIMARY KEY,
    type public.enum_actor_type NOT NULL,
    "preferredUsername" character varying(255) NOT NULL,
    url character varying(2000) NOT NULL,
    "publicKey" character varying(5000),
    "privateKey" character varying(5000),
    "followersCount" integer NOT NULL,
    "followingCount" integer NOT NULL,
    "inboxUrl" character varying(2000) NOT NULL,
    "outboxUrl" character varying(2000),
    "sharedInboxUrl" character varying(2000),
    "followersUrl" character varying(2000),
    "followingUrl" character varying(2000),
    "remoteCreatedAt" timestamp with time zone,
    "serverId" integer,
    "createdAt" timestamp with time zone NOT NULL,
    "updatedAt" timestamp with time zone NOT NULL
);
CREATE INDEX actor_followers_url ON public.actor USING btree ("followersUrl");
CREATE INDEX actor_inbox_url_shared_inbox_url ON public.actor USING btree ("inboxUrl", "sharedInboxUrl");
CREATE UNIQUE INDEX actor_preferred_username_lower ON public.actor USING btree (lower(("preferredUsername")::text)) WHERE ("serverId" IS NULL);
CREATE UNIQUE INDEX actor_preferred_username_lower_server_id ON public.actor USING btree (lower(("preferredUsername")::text), "serverId") WHERE ("serverId" IS NOT NULL);
CREATE INDEX actor_server_id ON public.actor USING btree ("serverId");
CREATE INDEX actor_shared_inbox_url ON public.actor USING btree ("sharedInboxUrl");
CREATE UNIQUE INDEX actor_url ON public.actor USING btree (url);
ALTER TABLE ONLY public.actor
    ADD CONSTRAINT "actor_serverId_fkey" FOREIGN KEY ("serverId") REFERENCES public.server(id) ON UPDATE CASCADE ON DELETE CASCADE;

CREATE TABLE public.application (
    id serial PRIMARY KEY,
    "migrationVersion" integer DEFAULT 0 NOT NULL,
    "latestPeerTubeVersion" character varying(255),
    "nodeVersion" character varying(255) NOT NULL,
    "nodeABIVersion" integer NOT NULL
);

CREATE TABLE public."user" (
    id serial PRIMARY KEY,
    password character varying(255),
    username character varying(255) NOT NULL,
    email character varying(400) NOT NULL,
    "pendingEmail" character varying(400),
    "emailVerified" boolean,
    "nsfwPolicy" public."enum_user_nsfwPolicy" NOT NULL,
    "nsfwFlagsDisplayed" integer DEFAULT 0 NOT NULL,
    "nsfwFlagsHidden" integer DEFAULT 0 NOT NULL,
    "nsfwFlagsBlurred" integer DEFAULT 0 NOT NULL,
    "nsfwFlagsWarned" integer DEFAULT 0 NOT NULL,
    "p2pEnabled" boolean NOT NULL,
    "videosHistoryEnabled" boolean DEFAULT true NOT NULL,
    "autoPlayVideo" boolean DEFAULT true NOT NULL,
    "autoPlayNextVideo" boolean DEFAULT false NOT NULL,
    "autoPlayNextVideoPlaylist" boolean DEFAULT true NOT NULL,
    language character varying(255),
    "videoLanguages" character varying(255)[] DEFAULT NULL::character varying[],
    "adminFlags" integer DEFAULT 0 NOT NULL,
    blocked boolean DEFAULT false NOT NULL,
    "blockedReason" character varying(255) DEFAULT NULL::character varying,
    role integer NOT NULL,
    "videoQuota" bigint NOT NULL,
    "videoQuotaDaily" bigint NOT NULL,
    theme character varying(255) DEFAULT 'instance-default'::character varying NOT NULL,
    "noInstanceConfigWarningModal" boolean DEFAULT false NOT NULL,
    "noWelcomeModal" boolean DEFAULT false NOT NULL,
    "noAccountSetupWarningModal" boolean DEFAULT false NOT NULL,
    "pluginAuth" character varying(255) DEFAULT NULL::character varying,
    "feedToken" uuid NOT NULL,
    "lastLoginDate" timestamp with time zone,
    "emailPublic" boolean DEFAULT false NOT NULL,
    "otpSecret" character varying(255) DEFAULT NULL::character varying,
    "createdAt" timestamp with time zone NOT NULL,
    "updatedAt" timestamp with time zone NOT NULL
);
CREATE UNIQUE INDEX user_email ON public."user" USING btree (email);
CREATE UNIQUE INDEX user_username ON public."user" USING btree (username);

CREATE TABLE public.account (
    id serial PRIMARY KEY,
    name character varying(255) NOT NULL,
    description character varying(1000) DEFAULT NULL::character varying,
    "actorId" integer,
    "userId" integer,
    "applicationId" integer,
    "createdAt" timestamp with time zone NOT NULL,
    "updatedAt" timestamp with time zone NOT NULL
);
CREATE UNIQUE INDEX account_actor_id ON public.account USING btree ("actorId");
CREATE INDEX account_application_id ON public.account USING btree ("applicationId");
CREATE INDEX account_user_id ON public.account USING btree ("userId");
ALTER TABLE ONLY public.account
    ADD CONSTRAINT "account_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES public.actor(id) ON UPDATE CASCADE ON DELETE CASCADE;
ALTER TABLE ONLY public.account
    ADD CONSTRAINT "account_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES public.application(id) ON UPDATE CASCADE ON DELETE CASCADE;
ALTER TABLE ONLY public.account
    ADD CONSTRAINT "account_userId_fkey" FOREIGN KEY ("userId") REFERENCES public."user"(id) ON UPDATE CASCADE ON DELETE CASCADE;

CREATE TABLE public."videoChannel" (
    id serial PRIMARY KEY,
    name character varying(255) NOT NULL,
    description character varying(1000) DEFAULT NULL::character varying,
    support character varying(1000) DEFAULT NULL::character varying,
    "actorId" integer,
    "accountId" integer NOT NULL,
    "createdAt" timestamp with time zone NOT NULL,
    "updatedAt" timestamp with time zone NOT NULL
);
CREATE INDEX video_channel_account_id ON public."videoChannel" USING btree ("accountId");
CREATE INDEX video_channel_actor_id ON public."videoChannel" USING btree ("actorId");
CREATE INDEX video_channel_name_trigram ON public."videoChannel" USING gin (lower(public.immutable_unaccent((name)::text)) public.gin_trgm_ops);
ALTER TABLE ONLY public."videoChannel"
    ADD CONSTRAINT "videoChannel_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES public.account(id) ON UPDATE CASCADE ON DELETE CASCADE;
ALTER TABLE ONLY public."videoChannel"
    ADD CONSTRAINT "videoChannel_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES public.actor(id) ON UPDATE CASCADE ON DELETE CASCADE;

CREATE TABLE public.video (
    id serial PRIMARY KEY,
    uuid uuid NOT NULL,
    name character varying(255) NOT NULL,
    category integer,
    licence integer,
    language character varying(10) DEFAULT NULL::character varying,
    privacy integer NOT NULL,
    nsfw boolean NOT NULL,
    "nsfwFlags" integer DEFAULT 0 NOT NULL,
    "nsfwSummary" character varying(255) DEFAULT NULL::character varying,
    description character varying(10000) DEFAULT NULL::character varying,
    support character varying(1000) DEFAULT NULL::character varying,
    duration integer NOT NULL,
    views integer DEFAULT 0 NOT NULL,
    likes integer DEFAULT 0 NOT NULL,
    dislikes integer DEFAULT 0 NOT NULL,
    comments integer DEFAULT 0 NOT NULL,
    remote boolean NOT NULL,
    "isLive" boolean DEFAULT false NOT NULL,
    url character varying(2000) NOT NULL,
    "commentsPolicy" integer NOT NULL,
    "downloadEnabled" boolean NOT NULL,
    "waitTranscoding" boolean NOT NULL,
    state integer NOT NULL,
    "aspectRatio" double precision,
    "inputFileUpdatedAt" timestamp with time zone,
    "publishedAt" timestamp with time zone NOT NULL,
    "originallyPublishedAt" timestamp with time zone,
    "channelId" integer,
    "createdAt" timestamp with time zone NOT NULL,
    "updatedAt" timestamp with time zone NOT NULL
);
CREATE INDEX video_category ON public.video USING btree (category) WHERE (category IS NOT NULL);
CREATE INDEX video_channel_id ON public.video USING btree ("channelId");
CREATE INDEX video_created_at ON public.video USING btree ("createdAt");
CREATE INDEX video_duration ON public.video USING btree (duration);
CREATE INDEX video_is_live ON public.video USING btree ("isLive") WHERE ("isLive" = true);
CREATE INDEX video_language ON public.video USING btree (language) WHERE (language IS NOT NULL);
CREATE INDEX video_licence ON public.video USING btree (licence) WHERE (licence IS NOT NULL);
CREATE INDEX video_name_trigram ON public.video USING gin (lower(public.immutable_unaccent((name)::text)) public.gin_trgm_ops);
CREATE INDEX video_nsfw ON public.video USING btree (nsfw) WHERE (nsfw = true);
CREATE INDEX video_originally_published_at ON public.video USING btree ("originallyPublishedAt") WHERE ("originallyPublishedAt" IS NOT NULL);
CREATE INDEX video_published_at_id ON public.video USING btree ("publishedAt" DESC, id);
CREATE INDEX video_remote ON public.video USING btree (remote) WHERE (remote = false);
CREATE UNIQUE INDEX video_url ON public.video USING btree (url);
CREATE UNIQUE INDEX video_uuid ON public.video USING btree (uuid);
CREATE INDEX video_views_id ON public.video USING btree (views DESC, id);
ALTER TABLE ONLY public.video
    ADD CONSTRAINT "video_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES public."videoChannel"(id) ON UPDATE CASCADE ON DELETE CASCADE;

CREATE TABLE public."videoComment" (
    id serial PRIMARY KEY,
    "deletedAt" timestamp with time zone,
    url character varying(2000) NOT NULL,
    text text NOT NULL,
    "heldForReview" boolean NOT NULL,
    "replyApproval" character varying(255),
    "originCommentId" integer,
    "inReplyToCommentId" integer,
    "videoId" integer NOT NULL,
    "accountId" integer,
    "createdAt" timestamp with time zone NOT NULL,
    "updatedAt" timestamp with time zone NOT NULL
);
CREATE INDEX video_comment_account_id ON public."videoComment" USING btree ("accountId");
CREATE INDEX video_comment_created_at ON public."videoComment" USING btree ("createdAt" DESC);
-- The index 1125_video-comment-replies-index drops (the model's earlier index).
CREATE INDEX video_comment_in_reply_to_comment_id ON public."videoComment" USING btree ("inReplyToCommentId");
CREATE UNIQUE INDEX video_comment_url ON public."videoComment" USING btree (url);
CREATE INDEX video_comment_video_id ON public."videoComment" USING btree ("videoId");
CREATE INDEX video_comment_video_id_origin_comment_id ON public."videoComment" USING btree ("videoId", "originCommentId");
ALTER TABLE ONLY public."videoComment"
    ADD CONSTRAINT "videoComment_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES public.account(id) ON UPDATE CASCADE ON DELETE CASCADE;
ALTER TABLE ONLY public."videoComment"
    ADD CONSTRAINT "videoComment_inReplyToCommentId_fkey" FOREIGN KEY ("inReplyToCommentId") REFERENCES public."videoComment"(id) ON UPDATE CASCADE ON DELETE CASCADE;
ALTER TABLE ONLY public."videoComment"
    ADD CONSTRAINT "videoComment_originCommentId_fkey" FOREIGN KEY ("originCommentId") REFERENCES public."videoComment"(id) ON UPDATE CASCADE ON DELETE CASCADE;
ALTER TABLE ONLY public."videoComment"
    ADD CONSTRAINT "videoComment_videoId_fkey" FOREIGN KEY ("videoId") REFERENCES public.video(id) ON UPDATE CASCADE ON DELETE CASCADE;

CREATE TABLE public."videoPlaylist" (
    id serial PRIMARY KEY,
    name character varying(255) NOT NULL,
    description character varying(1000),
    privacy integer NOT NULL,
    url character varying(2000) NOT NULL,
    uuid uuid NOT NULL,
    type integer DEFAULT 1 NOT NULL,
    "videoChannelPosition" integer,
    "ownerAccountId" integer NOT NULL,
    "videoChannelId" integer,
    "createdAt" timestamp with time zone NOT NULL,
    "updatedAt" timestamp with time zone NOT NULL
);
CREATE INDEX video_playlist_name_trigram ON public."videoPlaylist" USING gin (lower(public.immutable_unaccent((name)::text)) public.gin_trgm_ops);
CREATE INDEX video_playlist_owner_account_id ON public."videoPlaylist" USING btree ("ownerAccountId");
CREATE UNIQUE INDEX video_playlist_url ON public."videoPlaylist" USING btree (url);
CREATE INDEX video_playlist_video_channel_id ON public."videoPlaylist" USING btree ("videoChannelId");
ALTER TABLE ONLY public."videoPlaylist"
    ADD CONSTRAINT "videoPlaylist_ownerAccountId_fkey" FOREIGN KEY ("ownerAccountId") REFERENCES public.account(id) ON UPDATE CASCADE ON DELETE CASCADE;
ALTER TABLE ONLY public."videoPlaylist"
    ADD CONSTRAINT "videoPlaylist_videoChannelId_fkey" FOREIGN KEY ("videoChannelId") REFERENCES public."videoChannel"(id) ON UPDATE CASCADE ON DELETE CASCADE;

CREATE TABLE public.thumbnail (
    id serial PRIMARY KEY,
    filename character varying(255) NOT NULL,
    height integer,
    width integer,
    type integer NOT NULL,
    "fileUrl" character varying(2000),
    "automaticallyGenerated" boolean,
    "onDisk" boolean NOT NULL,
    "videoId" integer,
    "videoPlaylistId" integer,
    "createdAt" timestamp with time zone NOT NULL,
    "updatedAt" timestamp with time zone NOT NULL
);
CREATE UNIQUE INDEX thumbnail_filename_type ON public.thumbnail USING btree (filename, type);
CREATE INDEX thumbnail_video_id ON public.thumbnail USING btree ("videoId");
CREATE UNIQUE INDEX thumbnail_video_playlist_id ON public.thumbnail USING btree ("videoPlaylistId");
ALTER TABLE ONLY public.thumbnail
    ADD CONSTRAINT "thumbnail_videoId_fkey" FOREIGN KEY ("videoId") REFERENCES public.video(id) ON UPDATE CASCADE ON DELETE CASCADE;
ALTER TABLE ONLY public.thumbnail
    ADD CONSTRAINT "thumbnail_videoPlaylistId_fkey" FOREIGN KEY ("videoPlaylistId") REFERENCES public."videoPlaylist"(id) ON UPDATE CASCADE ON DELETE CASCADE;

CREATE TABLE public."localVideoViewer" (
    id serial PRIMARY KEY,
    "startDate" timestamp with time zone NOT NULL,
    "endDate" timestamp with time zone NOT NULL,
    "watchTime" integer NOT NULL,
    client character varying(255),
    device character varying(255),
    "operatingSystem" character varying(255),
    country character varying(255),
    "subdivisionName" character varying(255),
    uuid uuid NOT NULL,
    url character varying(255) NOT NULL,
    "videoId" integer NOT NULL,
    "createdAt" timestamp with time zone NOT NULL
);
CREATE UNIQUE INDEX local_video_viewer_url ON public."localVideoViewer" USING btree (url);
CREATE INDEX local_video_viewer_video_id ON public."localVideoViewer" USING btree ("videoId");
ALTER TABLE ONLY public."localVideoViewer"
    ADD CONSTRAINT "localVideoViewer_videoId_fkey" FOREIGN KEY ("videoId") REFERENCES public.video(id) ON UPDATE CASCADE ON DELETE CASCADE;

CREATE TABLE public."oAuthClient" (
    id serial PRIMARY KEY,
    "clientId" character varying(255) NOT NULL,
    "clientSecret" character varying(255) NOT NULL,
    grants character varying(255)[],
    "redirectUris" character varying(255)[],
    "createdAt" timestamp with time zone NOT NULL,
    "updatedAt" timestamp with time zone NOT NULL
);
CREATE UNIQUE INDEX o_auth_client_client_id ON public."oAuthClient" USING btree ("clientId");
CREATE UNIQUE INDEX o_auth_client_client_id_client_secret ON public."oAuthClient" USING btree ("clientId", "clientSecret");

CREATE TABLE public."oAuthToken" (
    id serial PRIMARY KEY,
    "accessToken" character varying(255) NOT NULL,
    "accessTokenExpiresAt" timestamp with time zone NOT NULL,
    "refreshToken" character varying(255) NOT NULL,
    "refreshTokenExpiresAt" timestamp with time zone NOT NULL,
    "authName" character varying(255),
    "loginDevice" character varying(255),
    "loginIP" character varying(255),
    "loginDate" timestamp with time zone,
    "lastActivityDevice" character varying(255),
    "lastActivityIP" character varying(255),
    "lastActivityDate" timestamp with time zone,
    "userId" integer NOT NULL,
    "oAuthClientId" integer,
    "createdAt" timestamp with time zone NOT NULL,
    "updatedAt" timestamp with time zone NOT NULL
);
CREATE UNIQUE INDEX o_auth_token_access_token ON public."oAuthToken" USING btree ("accessToken");
CREATE INDEX o_auth_token_o_auth_client_id ON public."oAuthToken" USING btree ("oAuthClientId");
CREATE UNIQUE INDEX o_auth_token_refresh_token ON public."oAuthToken" USING btree ("refreshToken");
CREATE INDEX o_auth_token_user_id ON public."oAuthToken" USING btree ("userId");
ALTER TABLE ONLY public."oAuthToken"
    ADD CONSTRAINT "oAuthToken_oAuthClientId_fkey" FOREIGN KEY ("oAuthClientId") REFERENCES public."oAuthClient"(id) ON UPDATE CASCADE ON DELETE CASCADE;
ALTER TABLE ONLY public."oAuthToken"
    ADD CONSTRAINT "oAuthToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES public."user"(id) ON UPDATE CASCADE ON DELETE CASCADE;

CREATE TABLE public."runnerRegistrationToken" (
    id serial PRIMARY KEY,
    "registrationToken" character varying(255) NOT NULL,
    "createdAt" timestamp with time zone NOT NULL,
    "updatedAt" timestamp with time zone NOT NULL
);
CREATE UNIQUE INDEX runner_registration_token_registration_token ON public."runnerRegistrationToken" USING btree ("registrationToken");

CREATE TABLE public.runner (
    id serial PRIMARY KEY,
    "runnerToken" character varying(255) NOT NULL,
    name character varying(255) NOT NULL,
    description character varying(1000),
    "lastContact" timestamp with time zone NOT NULL,
    ip character varying(255) NOT NULL,
    version character varying(255),
    "runnerRegistrationTokenId" integer,
    "createdAt" timestamp with time zone NOT NULL,
    "updatedAt" timestamp with time zone NOT NULL
);
CREATE UNIQUE INDEX runner_name ON public.runner USING btree (name);
CREATE INDEX runner_runner_registration_token_id ON public.runner USING btree ("runnerRegistrationTokenId");
CREATE UNIQUE INDEX runner_runner_token ON public.runner USING btree ("runnerToken");
ALTER TABLE ONLY public.runner
    ADD CONSTRAINT "runner_runnerRegistrationTokenId_fkey" FOREIGN KEY ("runnerRegistrationTokenId") REFERENCES public."runnerRegistrationToken"(id) ON UPDATE CASCADE ON DELETE CASCADE;

CREATE TABLE public."runnerJob" (
    id serial PRIMARY KEY,
    uuid uuid NOT NULL,
    type character varying(255) NOT NULL,
    payload jsonb NOT NULL,
    "privatePayload" jsonb NOT NULL,
    state integer NOT NULL,
    failures integer DEFAULT 0 NOT NULL,
    error character varying(5000),
    priority integer NOT NULL,
    "processingJobToken" character varying(255),
    progress integer,
    "startedAt" timestamp with time zone,
    "finishedAt" timestamp with time zone,
    "dependsOnRunnerJobId" integer,
    "runnerId" integer,
    "createdAt" timestamp with time zone NOT NULL,
    "updatedAt" timestamp with time zone NOT NULL
);
CREATE UNIQUE INDEX runner_job_processing_job_token ON public."runnerJob" USING btree ("processingJobToken");
CREATE INDEX runner_job_runner_id ON public."runnerJob" USING btree ("runnerId");
CREATE UNIQUE INDEX runner_job_uuid ON public."runnerJob" USING btree (uuid);
ALTER TABLE ONLY public."runnerJob"
    ADD CONSTRAINT "runnerJob_dependsOnRunnerJobId_fkey" FOREIGN KEY ("dependsOnRunnerJobId") REFERENCES public."runnerJob"(id) ON UPDATE CASCADE ON DELETE CASCADE;
ALTER TABLE ONLY public."runnerJob"
    ADD CONSTRAINT "runnerJob_runnerId_fkey" FOREIGN KEY ("runnerId") REFERENCES public.runner(id) ON UPDATE CASCADE ON DELETE SET NULL;

CREATE TABLE public."accountBlocklist" (
    id serial PRIMARY KEY,
    "accountId" integer NOT NULL,
    "targetAccountId" integer NOT NULL,
    "createdAt" timestamp with time zone NOT NULL,
    "updatedAt" timestamp with time zone NOT NULL
);
CREATE UNIQUE INDEX account_blocklist_account_id_target_account_id ON public."accountBlocklist" USING btree ("accountId", "targetAccountId");
CREATE INDEX account_blocklist_target_account_id ON public."accountBlocklist" USING btree ("targetAccountId");
ALTER TABLE ONLY public."accountBlocklist"
    ADD CONSTRAINT "accountBlocklist_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES public.account(id) ON UPDATE CASCADE ON DELETE CASCADE;
ALTER TABLE ONLY public."accountBlocklist"
    ADD CONSTRAINT "accountBlocklist_targetAccountId_fkey" FOREIGN KEY ("targetAccountId") REFERENCES public.account(id) ON UPDATE CASCADE ON DELETE CASCADE;

CREATE TABLE public."serverBlocklist" (
    id serial PRIMARY KEY,
    "accountId" integer NOT NULL,
    "targetServerId" integer NOT NULL,
    "createdAt" timestamp with time zone NOT NULL,
    "updatedAt" timestamp with time zone NOT NULL
);
CREATE UNIQUE INDEX server_blocklist_account_id_target_server_id ON public."serverBlocklist" USING btree ("accountId", "targetServerId");
CREATE INDEX server_blocklist_target_server_id ON public."serverBlocklist" USING btree ("targetServerId");
ALTER TABLE ONLY public."serverBlocklist"
    ADD CONSTRAINT "serverBlocklist_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES public.account(id) ON UPDATE CASCADE ON DELETE CASCADE;
ALTER TABLE ONLY public."serverBlocklist"
    ADD CONSTRAINT "serverBlocklist_targetServerId_fkey" FOREIGN KEY ("targetServerId") REFERENCES public.server(id) ON UPDATE CASCADE ON DELETE CASCADE;

CREATE TABLE public."userNotificationSetting" (
    id serial PRIMARY KEY,
    "newVideoFromSubscription" integer NOT NULL,
    "newCommentOnMyVideo" integer NOT NULL,
    "abuseAsModerator" integer NOT NULL,
    "videoAutoBlacklistAsModerator" integer NOT NULL,
    "blacklistOnMyVideo" integer NOT NULL,
    "myVideoPublished" integer NOT NULL,
    "myVideoImportFinished" integer NOT NULL,
    "newUserRegistration" integer NOT NULL,
    "newInstanceFollower" integer NOT NULL,
    "autoInstanceFollowing" integer NOT NULL,
    "newFollow" integer NOT NULL,
    "commentMention" integer NOT NULL,
    "abuseStateChange" integer NOT NULL,
    "abuseNewMessage" integer NOT NULL,
    "newPeerTubeVersion" integer NOT NULL,
    "newPluginVersion" integer NOT NULL,
    "myVideoStudioEditionFinished" integer NOT NULL,
    "myVideoTranscriptionGenerated" integer NOT NULL,
    "userId" integer,
    "createdAt" timestamp with time zone NOT NULL,
    "updatedAt" timestamp with time zone NOT NULL
);
CREATE UNIQUE INDEX user_notification_setting_user_id ON public."userNotificationSetting" USING btree ("userId");
ALTER TABLE ONLY public."userNotificationSetting"
    ADD CONSTRAINT "userNotificationSetting_userId_fkey" FOREIGN KEY ("userId") REFERENCES public."user"(id) ON UPDATE CASCADE ON DELETE CASCADE;
