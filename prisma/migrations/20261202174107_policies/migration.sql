-- CreateTable
CREATE TABLE "policies" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workflow_name" TEXT NOT NULL,
    "tool_name" TEXT NOT NULL,
    "conditions" TEXT NOT NULL,
    "starter" TEXT,
    "expires_at" DATETIME,
    "created_by" TEXT NOT NULL,
    "created_role" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    "revoked_at" DATETIME,
    "revoked_by" TEXT
);

-- CreateIndex
CREATE INDEX "policies_workflow_name_tool_name_revoked_at_idx" ON "policies"("workflow_name", "tool_name", "revoked_at");

-- CreateIndex
CREATE INDEX "policies_created_by_created_at_idx" ON "policies"("created_by", "created_at");
