-- AlterTable
ALTER TABLE "conversations" ADD COLUMN     "muted_at" TIMESTAMP(3),
ADD COLUMN     "muted_until" TIMESTAMP(3),
ADD COLUMN     "private_data" JSONB,
ADD COLUMN     "private_tag" TEXT;

-- AlterTable
ALTER TABLE "members" ADD COLUMN     "member_info" JSONB,
ADD COLUMN     "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "users" ADD COLUMN     "profile_url" TEXT;
