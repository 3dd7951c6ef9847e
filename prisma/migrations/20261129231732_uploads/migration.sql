-- CreateTable
CREATE TABLE "uploads" (
    "id" TEXT NOT NULL,
    "owner_id" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "name" TEXT,
    "width" INTEGER,
    "height" INTEGER,
    "has_thumbnail" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attached_at" TIMESTAMP(3),

    CONSTRAINT "uploads_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "upload_links" (
    "upload_id" TEXT NOT NULL,
    "message_id" TEXT NOT NULL,

    CONSTRAINT "upload_links_pkey" PRIMARY KEY ("upload_id","message_id")
);

-- CreateIndex
CREATE INDEX "uploads_attached_at_created_at_idx" ON "uploads"("attached_at", "created_at");

-- CreateIndex
CREATE INDEX "upload_links_message_id_idx" ON "upload_links"("message_id");

-- AddForeignKey
ALTER TABLE "upload_links" ADD CONSTRAINT "upload_links_upload_id_fkey" FOREIGN KEY ("upload_id") REFERENCES "uploads"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Links uploads to the messages whose attachments name them ({"fileId": ...}), on every path that
-- writes messages (send, broadcast, forward, edit, recall, a before-send hook's replacement), so
-- none of them has to remember it. An upload never attached may be named only by its uploader;
-- once attached, it is shared, and whoever has its id may pass it on, as they could its bytes. A
-- name that is no upload (or not one the sender may name) links nothing: that file serves no one
-- but its uploader.
CREATE FUNCTION "parley_link_uploads"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    DELETE FROM "upload_links" WHERE "message_id" = OLD."id";
  END IF;
  IF TG_OP <> 'DELETE' AND jsonb_typeof(NEW."attachments") = 'array' THEN
    INSERT INTO "upload_links" ("upload_id", "message_id")
    SELECT u."id", NEW."id"
    FROM "uploads" u
    WHERE u."id" IN (SELECT a->>'fileId' FROM jsonb_array_elements(NEW."attachments") a WHERE jsonb_typeof(a) = 'object')
      AND (u."owner_id" = NEW."owner_id" OR u."attached_at" IS NOT NULL)
    ON CONFLICT DO NOTHING;
    UPDATE "uploads" SET "attached_at" = timezone('UTC', now())
    WHERE "attached_at" IS NULL AND "id" IN (SELECT "upload_id" FROM "upload_links" WHERE "message_id" = NEW."id");
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "messages_link_uploads_insert" AFTER INSERT ON "messages"
  FOR EACH ROW WHEN (NEW."attachments" <> '[]'::jsonb) EXECUTE FUNCTION "parley_link_uploads"();
CREATE TRIGGER "messages_link_uploads_update" AFTER UPDATE OF "attachments" ON "messages"
  FOR EACH ROW WHEN (OLD."attachments" IS DISTINCT FROM NEW."attachments") EXECUTE FUNCTION "parley_link_uploads"();
CREATE TRIGGER "messages_link_uploads_delete" AFTER DELETE ON "messages"
  FOR EACH ROW EXECUTE FUNCTION "parley_link_uploads"();
