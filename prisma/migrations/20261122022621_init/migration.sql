-- CreateEnum
CREATE TYPE "ConversationType" AS ENUM ('PRIVATE', 'PUBLIC', 'OPEN');

-- CreateEnum
CREATE TYPE "MemberRole" AS ENUM ('OWNER', 'ADMIN', 'MEMBER');

-- CreateEnum
CREATE TYPE "MessageType" AS ENUM ('NORMAL', 'REPLY', 'FORWARD', 'ADMIN');

-- CreateTable
CREATE TABLE "users" (
    "id" TEXT NOT NULL,
    "display_name" TEXT NOT NULL DEFAULT '',
    "profile_image_url" TEXT,
    "meta_data" JSONB,
    "last_seen_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "conversations" (
    "id" TEXT NOT NULL,
    "type" "ConversationType" NOT NULL,
    "is_group" BOOLEAN NOT NULL,
    "title" TEXT,
    "profile_image_url" TEXT,
    "custom_type" TEXT,
    "owner_id" TEXT,
    "typing_events" BOOLEAN NOT NULL,
    "read_events" BOOLEAN NOT NULL,
    "push_notifications" BOOLEAN NOT NULL,
    "pin_messages" BOOLEAN NOT NULL,
    "meta_data" JSONB,
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "category" TEXT,
    "subcategory" TEXT,
    "distinct_key" TEXT,
    "is_frozen" BOOLEAN NOT NULL DEFAULT false,
    "invitation_code" TEXT,
    "hide_messages_before_join" BOOLEAN NOT NULL DEFAULT false,
    "max_member_count" INTEGER,
    "rate_limit" INTEGER,
    "rate_limit_window" INTEGER,
    "flag_limit" INTEGER,
    "last_seq" INTEGER NOT NULL DEFAULT 0,
    "member_count" INTEGER NOT NULL DEFAULT 0,
    "last_message_at" TIMESTAMP(3),
    "input_hash" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "conversations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "members" (
    "id" TEXT NOT NULL,
    "conversation_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "role" "MemberRole" NOT NULL DEFAULT 'MEMBER',
    "joined_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "join_seq" INTEGER NOT NULL DEFAULT 0,
    "left_at" TIMESTAMP(3),
    "left_seq" INTEGER,
    "last_read_at" TIMESTAMP(3),
    "last_read_seq" INTEGER NOT NULL DEFAULT 0,
    "mute" BOOLEAN NOT NULL DEFAULT false,
    "muted_at" TIMESTAMP(3),
    "muted_until" TIMESTAMP(3),
    "push_notifications" BOOLEAN,
    "cleared_at" TIMESTAMP(3),
    "cleared_seq" INTEGER NOT NULL DEFAULT 0,
    "deleted_at" TIMESTAMP(3),
    "last_activity_at" TIMESTAMP(3),

    CONSTRAINT "members_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "bans" (
    "conversation_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "banned_by_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "bans_pkey" PRIMARY KEY ("conversation_id","user_id")
);

-- CreateTable
CREATE TABLE "connections" (
    "id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "instance_id" TEXT NOT NULL,
    "transport" TEXT NOT NULL,
    "connected_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "connections_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "watchers" (
    "id" TEXT NOT NULL,
    "conversation_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "connection_id" TEXT,
    "instance_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "watchers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "messages" (
    "id" TEXT NOT NULL,
    "conversation_id" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "type" "MessageType" NOT NULL DEFAULT 'NORMAL',
    "custom_type" TEXT,
    "body" TEXT,
    "owner_id" TEXT,
    "parent_id" TEXT,
    "reply_count" INTEGER NOT NULL DEFAULT 0,
    "show_in_conversation" BOOLEAN NOT NULL DEFAULT true,
    "recipient_ids" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "mentioned_users" JSONB NOT NULL DEFAULT '[]',
    "mentioned_user_ids" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "attachments" JSONB NOT NULL DEFAULT '[]',
    "attachment_types" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "meta_data" JSONB,
    "encrypted" BOOLEAN NOT NULL DEFAULT false,
    "pinned_at" TIMESTAMP(3),
    "pinned_by_id" TEXT,
    "forwarded_from_id" TEXT,
    "deleted_at" TIMESTAMP(3),
    "edited_at" TIMESTAMP(3),
    "flag_count" INTEGER NOT NULL DEFAULT 0,
    "reaction_counts" JSONB NOT NULL DEFAULT '{}',
    "counts_unread" BOOLEAN NOT NULL DEFAULT true,
    "track_reads" BOOLEAN NOT NULL DEFAULT true,
    "send_push" BOOLEAN NOT NULL DEFAULT true,
    "input_hash" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "search_vector" tsvector GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, COALESCE("body", ''::text))) STORED,

    CONSTRAINT "messages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reactions" (
    "message_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "reactions_pkey" PRIMARY KEY ("message_id","type","user_id")
);

-- CreateTable
CREATE TABLE "hidden_messages" (
    "user_id" TEXT NOT NULL,
    "message_id" TEXT NOT NULL,
    "conversation_id" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "hidden_messages_pkey" PRIMARY KEY ("user_id","message_id")
);

-- CreateTable
CREATE TABLE "flags" (
    "message_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "reason" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "flags_pkey" PRIMARY KEY ("message_id","user_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "conversations_distinct_key_key" ON "conversations"("distinct_key");

-- CreateIndex
CREATE UNIQUE INDEX "conversations_invitation_code_key" ON "conversations"("invitation_code");

-- CreateIndex
CREATE INDEX "conversations_updated_at_id_idx" ON "conversations"("updated_at" DESC, "id");

-- CreateIndex
CREATE INDEX "conversations_type_updated_at_idx" ON "conversations"("type", "updated_at" DESC);

-- CreateIndex
CREATE INDEX "members_user_id_deleted_at_idx" ON "members"("user_id", "deleted_at");

-- CreateIndex
CREATE INDEX "members_conversation_id_joined_at_id_idx" ON "members"("conversation_id", "joined_at", "id");

-- CreateIndex
CREATE UNIQUE INDEX "members_conversation_id_user_id_key" ON "members"("conversation_id", "user_id");

-- CreateIndex
CREATE INDEX "bans_conversation_id_created_at_idx" ON "bans"("conversation_id", "created_at");

-- CreateIndex
CREATE INDEX "connections_user_id_expires_at_idx" ON "connections"("user_id", "expires_at");

-- CreateIndex
CREATE INDEX "connections_instance_id_idx" ON "connections"("instance_id");

-- CreateIndex
CREATE INDEX "connections_expires_at_idx" ON "connections"("expires_at");

-- CreateIndex
CREATE INDEX "watchers_conversation_id_expires_at_idx" ON "watchers"("conversation_id", "expires_at");

-- CreateIndex
CREATE INDEX "watchers_expires_at_idx" ON "watchers"("expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "watchers_conversation_id_user_id_connection_id_key" ON "watchers"("conversation_id", "user_id", "connection_id");

-- CreateIndex
CREATE INDEX "messages_conversation_id_created_at_seq_idx" ON "messages"("conversation_id", "created_at", "seq");

-- CreateIndex
CREATE INDEX "messages_conversation_id_updated_at_seq_idx" ON "messages"("conversation_id", "updated_at", "seq");

-- CreateIndex
CREATE INDEX "messages_conversation_id_owner_id_created_at_idx" ON "messages"("conversation_id", "owner_id", "created_at");

-- CreateIndex
CREATE INDEX "messages_parent_id_seq_idx" ON "messages"("parent_id", "seq");

-- CreateIndex
CREATE INDEX "messages_conversation_id_pinned_at_idx" ON "messages"("conversation_id", "pinned_at");

-- CreateIndex
CREATE INDEX "messages_search_vector_idx" ON "messages" USING GIN ("search_vector");

-- CreateIndex
CREATE UNIQUE INDEX "messages_conversation_id_seq_key" ON "messages"("conversation_id", "seq");

-- CreateIndex
CREATE INDEX "reactions_message_id_type_created_at_idx" ON "reactions"("message_id", "type", "created_at");

-- CreateIndex
CREATE INDEX "hidden_messages_user_id_conversation_id_seq_idx" ON "hidden_messages"("user_id", "conversation_id", "seq");

-- AddForeignKey
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "members" ADD CONSTRAINT "members_conversation_id_fkey" FOREIGN KEY ("conversation_id") REFERENCES "conversations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "members" ADD CONSTRAINT "members_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bans" ADD CONSTRAINT "bans_conversation_id_fkey" FOREIGN KEY ("conversation_id") REFERENCES "conversations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bans" ADD CONSTRAINT "bans_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bans" ADD CONSTRAINT "bans_banned_by_id_fkey" FOREIGN KEY ("banned_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "connections" ADD CONSTRAINT "connections_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "watchers" ADD CONSTRAINT "watchers_conversation_id_fkey" FOREIGN KEY ("conversation_id") REFERENCES "conversations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "watchers" ADD CONSTRAINT "watchers_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "watchers" ADD CONSTRAINT "watchers_connection_id_fkey" FOREIGN KEY ("connection_id") REFERENCES "connections"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "messages" ADD CONSTRAINT "messages_conversation_id_fkey" FOREIGN KEY ("conversation_id") REFERENCES "conversations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "messages" ADD CONSTRAINT "messages_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "messages" ADD CONSTRAINT "messages_pinned_by_id_fkey" FOREIGN KEY ("pinned_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "messages" ADD CONSTRAINT "messages_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "messages"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "messages" ADD CONSTRAINT "messages_forwarded_from_id_fkey" FOREIGN KEY ("forwarded_from_id") REFERENCES "messages"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reactions" ADD CONSTRAINT "reactions_message_id_fkey" FOREIGN KEY ("message_id") REFERENCES "messages"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reactions" ADD CONSTRAINT "reactions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "hidden_messages" ADD CONSTRAINT "hidden_messages_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "hidden_messages" ADD CONSTRAINT "hidden_messages_message_id_fkey" FOREIGN KEY ("message_id") REFERENCES "messages"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "hidden_messages" ADD CONSTRAINT "hidden_messages_conversation_id_fkey" FOREIGN KEY ("conversation_id") REFERENCES "conversations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "flags" ADD CONSTRAINT "flags_message_id_fkey" FOREIGN KEY ("message_id") REFERENCES "messages"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "flags" ADD CONSTRAINT "flags_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
