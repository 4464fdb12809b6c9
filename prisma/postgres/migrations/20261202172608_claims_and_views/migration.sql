-- AlterTable
ALTER TABLE "audit_entries" ADD COLUMN     "overrode_claim_of" TEXT;

-- CreateTable
CREATE TABLE "requirement_claims" (
    "requirement_id" TEXT NOT NULL,
    "holder_key" TEXT,
    "holder_name" TEXT,
    "claimed_at" TIMESTAMP(3),
    "expires_at" TIMESTAMP(3),
    "assignee_user_id" TEXT,
    "assignee_email" TEXT,
    "assignee_role" TEXT,
    "assigned_by" TEXT,
    "assigned_at" TIMESTAMP(3),

    CONSTRAINT "requirement_claims_pkey" PRIMARY KEY ("requirement_id")
);

-- CreateTable
CREATE TABLE "saved_views" (
    "id" TEXT NOT NULL,
    "owner_key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "filters" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "saved_views_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "requirement_claims_holder_key_expires_at_idx" ON "requirement_claims"("holder_key", "expires_at");

-- CreateIndex
CREATE INDEX "requirement_claims_assignee_user_id_idx" ON "requirement_claims"("assignee_user_id");

-- CreateIndex
CREATE INDEX "requirement_claims_assignee_role_idx" ON "requirement_claims"("assignee_role");

-- CreateIndex
CREATE INDEX "saved_views_owner_key_created_at_idx" ON "saved_views"("owner_key", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "saved_views_owner_key_name_key" ON "saved_views"("owner_key", "name");
