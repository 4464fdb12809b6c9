import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PostgresDb, SqliteDb } from "@/lib/db";
import type { StepRequirementJSON } from "@/lib/engine";
import { RunSignals } from "@/lib/runtime/signals";
import { Worker } from "@/lib/runtime/worker";
import { sweepExpiredGates } from "@/lib/app/timeout-sweeper";
import { researchWorkflow } from "@/lib/workflows/research";
import { baseRun, everyRunShape } from "@/tests/support/db-fixtures";
import { skipReason, targets } from "@/tests/support/db-targets";

/** More than one page of the sweeper's query (100), so it has to page. */
const REPORTS = 230;

for (const { target, enabled } of targets) {
  describe.skipIf(!enabled)(enabled ? `${target.name}: the timeout sweeper` : `${target.name}: ${skipReason}`, () => {
    let db: SqliteDb | PostgresDb;
    let drop: () => Promise<void>;
    const reports: string[] = [];
    let retired: string;

    beforeAll(async () => {
      const created = await target.create();
      drop = created.drop;
      db = target.open(created.url);
      // Reports waiting for their review, which times out after a week and then publishes them as they are.
      const workflow = researchWorkflow.create(db);
      for (let i = 0; i < REPORTS; i++) {
        const started = await workflow.run(`Research topic ${i}`);
        for (const req of started.stepRequirements) if (!req.isResolved) req.reject();
        const waiting = await workflow.continueRun(started);
        expect(waiting.stepRequirements.at(-1)?.requiresOutputReview).toBe(true);
        reports.push(waiting.runId);
      }
      // A run of a workflow the app no longer ships, its gate long expired: nothing can continue it.
      const shape = everyRunShape().find((s) => s.name === "step confirmation")?.run ?? baseRun();
      const gate = shape.stepRequirements[0] as StepRequirementJSON;
      gate.timeoutAt = "2000-01-01T00:00:00.000Z";
      shape.workflowName = "RetiredWorkflow";
      retired = shape.runId;
      await db.insertRun(shape, []);
    }, 120_000);
    afterAll(async () => {
      await db?.close();
      await drop?.();
    });

    it("leaves reviews that are not due yet alone", async () => {
      expect(await sweepExpiredGates(db)).toEqual([]);
      expect((await db.getRun(reports[0] ?? ""))?.run.status).toBe("paused");
    });

    it("queues every report whose week is up, page after page, past a run it cannot continue; a worker then publishes them", async () => {
      const aWeekAndADayLater = new Date(Date.now() + 8 * 24 * 3600 * 1000);
      expect((await sweepExpiredGates(db, aWeekAndADayLater)).sort()).toEqual([...reports].sort());
      // The sweep queues each run; a worker applies the gate's onTimeout when it executes it.
      const worker = new Worker({ store: db, leases: db.leases(), signals: new RunSignals(), resolve: (_name, store) => researchWorkflow.create(store), settings: { leaseMs: 30_000, recoveryAttempts: 3 } });
      for (const runId of reports) {
        expect((await db.getRun(runId))?.run.status).toBe("pending");
        expect(await worker.execute(runId)).toBe("done");
        const stored = await db.getRun(runId);
        expect(stored?.run.status).toBe("completed");
        expect(stored?.run.stepRequirements.at(-1)).toMatchObject({ status: "timed_out", resolution: "timeout" });
      }
      expect((await db.getRun(retired))?.run.status).toBe("paused");
      expect(await sweepExpiredGates(db, aWeekAndADayLater)).toEqual([]);
    });
  });
}
