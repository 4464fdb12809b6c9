// The runtime on a real database: a worker shutting down leaves its run to the next worker at once instead of
// failing it (the approved call it stopped is then in doubt); cancelling a running run stops its tool at once and nothing of it is saved after.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PostgresDb, SqliteDb } from "@/lib/db";
import { cancelRun, type ToolContext } from "@/lib/engine";
import { Runtime } from "@/lib/runtime/runtime";
import { skipReason, targets } from "@/tests/support/db-targets";
import { weatherWorkflow } from "@/tests/support/db-weather";

const settings = { concurrency: 2, leaseMs: 30_000, recoveryAttempts: 3, pollMs: 100 };

/** A tool that tells when it starts and then waits until its call is aborted (or released). */
function blockingTool() {
  const started: ToolContext[] = [];
  let onStart: () => void = () => undefined;
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  const hook = async (ctx: ToolContext) => {
    started.push(ctx);
    onStart();
    await Promise.race([released, new Promise((_, reject) => ctx.signal.addEventListener("abort", () => reject(new Error("aborted")), { once: true }))]);
  };
  const nextStart = () => new Promise<void>((resolve) => (onStart = resolve));
  return { started, hook, nextStart, release: () => release() };
}

for (const { target, enabled } of targets) {
  describe.skipIf(!enabled)(enabled ? `${target.name}: the runtime` : `${target.name}: ${skipReason}`, () => {
    let db: SqliteDb | PostgresDb;
    let drop: () => Promise<void>;
    beforeAll(async () => {
      const created = await target.create();
      drop = created.drop;
      db = target.open(created.url);
    });
    afterAll(async () => {
      await db?.close();
      await drop?.();
    });

    async function pausedAndDecided(): Promise<string> {
      const paused = await weatherWorkflow(db).run("What is the weather in Tokyo?");
      for (const step of paused.stepRequirements) for (const req of step.executorRequirements ?? []) req.confirm({ by: "ann" });
      return (await weatherWorkflow(db).queueContinue(paused)).runId;
    }

    it("a worker shutting down mid-tool neither fails the run nor waits for its lease: the next worker takes it over at once, and the call it stopped is in doubt", async () => {
      const tool = blockingTool();
      const first = new Runtime(db, (_name, store) => weatherWorkflow(store, tool.hook), settings);
      const started = tool.nextStart();
      const runId = await pausedAndDecided();
      first.start();
      await started;
      await first.stop();
      const left = (await db.getRun(runId))!.run;
      expect(left.status).toBe("running");
      expect(Date.parse(left.lease!.expiresAt)).toBeLessThanOrEqual(Date.now());

      tool.release();
      const second = new Runtime(db, (_name, store) => weatherWorkflow(store, tool.hook), settings);
      second.start();
      // The approved call was stopped after it started: whether it took effect is unknown, so a person decides.
      const inDoubt = await waitFor(async () => {
        const run = await weatherWorkflow(second.store).getRun(runId);
        return run?.status === "paused" ? run : null;
      });
      const [req] = inDoubt.stepRequirements.flatMap((r) => r.executorRequirements ?? []).filter((r) => !r.isResolved);
      expect(req?.kind).toBe("tool_in_doubt");
      expect(tool.started).toHaveLength(1);
      req!.retry({ by: "ann" });
      await weatherWorkflow(second.store).queueContinue(inDoubt);
      const done = await waitFor(async () => {
        const s = (await db.getRun(runId))!.run;
        return s.status === "completed" ? s : null;
      });
      await second.stop();
      expect(done).toMatchObject({ status: "completed", content: "Done: It is 70 degrees and cloudy in Tokyo" });
      // The tool saw the same idempotency key both times.
      expect(tool.started).toHaveLength(2);
      expect(new Set(tool.started.map((c) => c.requirementId)).size).toBe(1);
      expect(new Set(tool.started.map((c) => c.idempotencyKey)).size).toBe(1);
    });

    it("cancelling a running run aborts its tool at once; the run stays cancelled", async () => {
      const tool = blockingTool();
      const runtime = new Runtime(db, (_name, store) => weatherWorkflow(store, tool.hook), settings);
      const started = tool.nextStart();
      const runId = await pausedAndDecided();
      runtime.start();
      await started;
      await cancelRun(runtime.store, runId, { reason: "cancelled by ann" });
      runtime.signals.cancelled(runId);
      await waitFor(async () => (tool.started.at(-1)?.signal.aborted ? true : null));
      await waitFor(async () => (runtime.worker?.isRunning(runId) ? null : true));
      await runtime.stop();
      const after = (await db.getRun(runId))!.run;
      expect(after).toMatchObject({ status: "cancelled", cancelReason: "cancelled by ann" });
      expect((await db.listEvents(runId)).at(-1)?.event).toBe("WorkflowCancelled");
    });
  });
}

/** Polls `check` until it returns a value (the database is the only place another worker's progress shows). */
async function waitFor<T>(check: () => Promise<T | null>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
