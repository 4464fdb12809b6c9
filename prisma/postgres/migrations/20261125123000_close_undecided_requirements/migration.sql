-- A requirement still pending when its run ended can no longer be decided: store it as closed, so it
-- leaves the inbox and the run's open count (new writes do this themselves, see lib/db/rows.ts).
UPDATE "requirements" SET "status" = 'closed'
WHERE "status" = 'pending'
  AND "run_id" IN (SELECT "id" FROM "runs" WHERE "status" IN ('completed', 'error', 'cancelled'));

UPDATE "runs" SET "pending_count" = 0
WHERE "status" IN ('completed', 'error', 'cancelled') AND "pending_count" <> 0;
