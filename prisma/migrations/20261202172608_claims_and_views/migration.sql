-- AlterTable
ALTER TABLE "audit_entries" ADD COLUMN "overrode_claim_of" TEXT;

-- CreateTable
CREATE TABLE "requirement_claims" (
    "requirement_id" TEXT NOT NULL PRIMARY KEY,
    "holder_key" TEXT,
    "holder_name" TEXT,
    "claimed_at" DATETIME,
    "expires_at" DATETIME,
    "assignee_user_id" TEXT,
    "assignee_email" TEXT,
    "assignee_role" TEXT,
    "assigned_by" TEXT,
    "assigned_at" DATETIME
);

-- CreateTable
CREATE TABLE "saved_views" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "owner_key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "filters" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL
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
