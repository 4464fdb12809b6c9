-- CreateTable
CREATE TABLE "idempotency_keys" (
    "scope" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "request_hash" TEXT NOT NULL,
    "run_id" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL,

    PRIMARY KEY ("scope", "key")
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_runs" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "session_id" TEXT NOT NULL,
    "workflow_name" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "pause_kind" TEXT,
    "paused_step_name" TEXT,
    "paused_step_path" TEXT,
    "input" TEXT NOT NULL,
    "input_text" TEXT NOT NULL,
    "content" TEXT,
    "error" TEXT,
    "cancelled_step_name" TEXT,
    "cancel_reason" TEXT,
    "step_results" TEXT NOT NULL,
    "resume_state" TEXT,
    "lease_owner" TEXT,
    "lease_expires_at" DATETIME,
    "recoveries" INTEGER NOT NULL DEFAULT 0,
    "created_by" TEXT,
    "pending_count" INTEGER NOT NULL,
    "decision_count" INTEGER NOT NULL,
    "event_count" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    CONSTRAINT "runs_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "sessions" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_runs" ("cancel_reason", "cancelled_step_name", "content", "created_at", "created_by", "decision_count", "error", "event_count", "id", "input", "input_text", "pause_kind", "paused_step_name", "paused_step_path", "pending_count", "resume_state", "session_id", "status", "step_results", "updated_at", "version", "workflow_name") SELECT "cancel_reason", "cancelled_step_name", "content", "created_at", "created_by", "decision_count", "error", "event_count", "id", "input", "input_text", "pause_kind", "paused_step_name", "paused_step_path", "pending_count", "resume_state", "session_id", "status", "step_results", "updated_at", "version", "workflow_name" FROM "runs";
DROP TABLE "runs";
ALTER TABLE "new_runs" RENAME TO "runs";
CREATE INDEX "runs_status_created_at_id_idx" ON "runs"("status", "created_at", "id");
CREATE INDEX "runs_workflow_name_created_at_id_idx" ON "runs"("workflow_name", "created_at", "id");
CREATE INDEX "runs_created_at_id_idx" ON "runs"("created_at", "id");
CREATE INDEX "runs_session_id_created_at_idx" ON "runs"("session_id", "created_at");
CREATE INDEX "runs_status_lease_expires_at_idx" ON "runs"("status", "lease_expires_at");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "idempotency_keys_created_at_idx" ON "idempotency_keys"("created_at");
