-- CreateTable
CREATE TABLE "readers" (
    "conversation_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "since_seq" INTEGER NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "readers_pkey" PRIMARY KEY ("conversation_id","user_id")
);

-- CreateTable
CREATE TABLE "message_revisions" (
    "id" TEXT NOT NULL,
    "message_id" TEXT NOT NULL,
    "body" TEXT,
    "custom_type" TEXT,
    "meta_data" JSONB,
    "attachments" JSONB NOT NULL DEFAULT '[]',
    "attachment_types" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "edited_at" TIMESTAMP(3),
    "replaced_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "message_revisions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "readers_user_id_idx" ON "readers"("user_id");

-- CreateIndex
CREATE INDEX "message_revisions_message_id_replaced_at_idx" ON "message_revisions"("message_id", "replaced_at");

-- AddForeignKey
ALTER TABLE "readers" ADD CONSTRAINT "readers_conversation_id_fkey" FOREIGN KEY ("conversation_id") REFERENCES "conversations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "readers" ADD CONSTRAINT "readers_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "message_revisions" ADD CONSTRAINT "message_revisions_message_id_fkey" FOREIGN KEY ("message_id") REFERENCES "messages"("id") ON DELETE CASCADE ON UPDATE CASCADE;
