-- CreateIndex
CREATE INDEX "hidden_messages_message_id_idx" ON "hidden_messages"("message_id");

-- CreateIndex
CREATE INDEX "messages_forwarded_from_id_idx" ON "messages"("forwarded_from_id");
