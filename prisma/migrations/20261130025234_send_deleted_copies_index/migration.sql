-- CreateIndex
CREATE INDEX "members_conversation_id_deleted_at_idx" ON "members"("conversation_id", "deleted_at");
