import { describe, expect, it } from "vitest";
import type { PostgresDb, SqliteDb } from "@/lib/db";
import { Loop, Parallel, RunConflictError, Step, Workflow } from "@/lib/engine";
import { skipReason, targets } from "@/tests/support/db-targets";
import { useFreshDatabase } from "@/tests/support/fresh-database";
import { confirmTools, counted, pending, weatherAgent } from "./workflow-fixtures";

/** The same definition, built fresh as another process would: nested Loop + Parallel with two kinds of pause. */
function definition(db: SqliteDb | PostgresDb) {
  const w = weatherAgent();
  const body = counted("body", (i) => `weather in Oslo, iteration ${i.iteration}`);
  const workflow = new Workflow({
    name: "Nested",
    db,
    steps: [
      new Loop({
        name: "loop",
        maxIterations: 2,
        steps: [
          body.step,
          new Parallel({ name: "par", steps: [new Step({ name: "weather", agent: w.agent }), new Step({ name: "approve", executor: () => "approved", requiresConfirmation: true })] }),
        ],
      }),
    ],
  });
  return { workflow, w, body };
}

for (const { target, enabled } of targets) {
  describe.skipIf(!enabled)(enabled ? `${target.name}: workflow runs through the database` : `${target.name}: ${skipReason}`, () => {
    const open = useFreshDatabase(target);

    it("a nested run pauses twice at once, is continued from another connection, and resumes at the exact position", { timeout: 60_000 }, async () => {
      const first = definition(open());
      let run = await first.workflow.run("go");
      expect(pending(run)).toHaveLength(2);

      for (let iteration = 1; iteration <= 2; iteration++) {
        const other = definition(open());
        const loaded = (await other.workflow.getRun(run.runId))!;
        expect(loaded.version).toBe(run.version);
        expect(pending(loaded).map((r) => r.kind).sort()).toEqual(["executor", "step_confirmation"]);
        confirmTools(loaded, "alice");
        pending(loaded).find((r) => r.kind === "step_confirmation")!.confirm({ by: "bob" });
        const stale = (await other.workflow.getRun(run.runId))!;
        run = await other.workflow.continueRun(loaded);
        confirmTools(stale);
        pending(stale).find((r) => r.kind === "step_confirmation")?.confirm();
        await expect(other.workflow.continueRun(stale)).rejects.toThrow(RunConflictError);
        expect(other.body.runs()).toBe(iteration === 1 ? 1 : 0);
        expect(other.w.counts.toolRuns).toBe(1);
      }
      expect(run.status).toBe("completed");
      expect(run.content).toEqual({ weather: "WeatherAgent: It is 70 degrees and cloudy in Oslo", approve: "approved" });
      expect(run.stepRequirements).toHaveLength(4);
      const stored = await open().getRun(run.runId);
      expect(stored?.version).toBe(run.version);
      expect(stored?.run.stepResults.filter((r) => r.stepName === "weather").map((r) => r.iteration)).toEqual([1, 2]);
      const events = await open().listEvents(run.runId);
      expect(events.at(0)?.event).toBe("WorkflowStarted");
      expect(events.at(-1)?.event).toBe("WorkflowCompleted");
      expect(events.filter((e) => e.event === "WorkflowPaused")).toHaveLength(2);
    });
  });
}
