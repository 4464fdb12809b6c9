-- CreateTable
CREATE TABLE "policies" (
    "id" TEXT NOT NULL,
    "workflow_name" TEXT NOT NULL,
    "tool_name" TEXT NOT NULL,
    "conditions" TEXT NOT NULL,
    "starter" TEXT,
    "expires_at" TIMESTAMP(3),
    "created_by" TEXT NOT NULL,
    "created_role" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "revoked_at" TIMESTAMP(3),
    "revoked_by" TEXT,

    CONSTRAINT "policies_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "policies_workflow_name_tool_name_revoked_at_idx" ON "policies"("workflow_name", "tool_name", "revoked_at");

-- CreateIndex
CREATE INDEX "policies_created_by_created_at_idx" ON "policies"("created_by", "created_at");
