-- Trigram index support for the history's text search
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "sessions" (
    "id" TEXT NOT NULL,
    "workflow_name" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "runs" (
    "id" TEXT NOT NULL,
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
    "owner_pid" INTEGER,
    "owner_host" TEXT,
    "owner_since" TIMESTAMP(3),
    "created_by" TEXT,
    "pending_count" INTEGER NOT NULL,
    "decision_count" INTEGER NOT NULL,
    "event_count" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "requirements" (
    "id" TEXT NOT NULL,
    "run_id" TEXT NOT NULL,
    "workflow_name" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "parent_id" TEXT,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "resolution" TEXT,
    "step_name" TEXT NOT NULL,
    "step_path" TEXT NOT NULL,
    "step_type" TEXT NOT NULL,
    "executor_id" TEXT,
    "executor_name" TEXT,
    "executor_type" TEXT,
    "member_name" TEXT,
    "tool_name" TEXT,
    "tool_args" TEXT,
    "proposed_args" TEXT,
    "user_input_schema" TEXT,
    "message" TEXT,
    "details" TEXT,
    "note" TEXT,
    "resolved_by" TEXT,
    "resolved_at" TIMESTAMP(3),
    "timeout_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL,
    "data" TEXT NOT NULL,

    CONSTRAINT "requirements_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "events" (
    "run_id" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "event" TEXT NOT NULL,
    "step_name" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL,
    "data" TEXT NOT NULL,

    CONSTRAINT "events_pkey" PRIMARY KEY ("run_id","seq")
);

-- CreateTable
CREATE TABLE "agent_runs" (
    "id" TEXT NOT NULL,
    "session_id" TEXT,
    "executor_name" TEXT NOT NULL,
    "executor_type" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "data" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "agent_runs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "runs_status_created_at_id_idx" ON "runs"("status", "created_at", "id");

-- CreateIndex
CREATE INDEX "runs_workflow_name_created_at_id_idx" ON "runs"("workflow_name", "created_at", "id");

-- CreateIndex
CREATE INDEX "runs_created_at_id_idx" ON "runs"("created_at", "id");

-- CreateIndex
CREATE INDEX "runs_session_id_created_at_idx" ON "runs"("session_id", "created_at");

-- CreateIndex
CREATE INDEX "runs_input_text_idx" ON "runs" USING GIN ("input_text" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "requirements_status_created_at_id_idx" ON "requirements"("status", "created_at", "id");

-- CreateIndex
CREATE INDEX "requirements_workflow_name_status_created_at_id_idx" ON "requirements"("workflow_name", "status", "created_at", "id");

-- CreateIndex
CREATE INDEX "requirements_run_id_position_idx" ON "requirements"("run_id", "position");

-- CreateIndex
CREATE INDEX "requirements_status_timeout_at_idx" ON "requirements"("status", "timeout_at");

-- CreateIndex
CREATE INDEX "agent_runs_session_id_created_at_idx" ON "agent_runs"("session_id", "created_at");

-- AddForeignKey
ALTER TABLE "runs" ADD CONSTRAINT "runs_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "requirements" ADD CONSTRAINT "requirements_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "events" ADD CONSTRAINT "events_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
