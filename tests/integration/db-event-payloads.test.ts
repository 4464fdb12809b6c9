// The run's event log as stored: what `eventPayloads` keeps ("full" by default, or "lean"), and events read back
// exactly as written although their run id, name, step and time live in the columns only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DatabaseConfigError, type PostgresDb, type SqliteDb } from "@/lib/db";
import type { WorkflowEventJSON } from "@/lib/engine";
import { baseRun } from "@/tests/support/db-fixtures";
import { skipReason, targets } from "@/tests/support/db-targets";
import { weatherWorkflow } from "@/tests/support/db-weather";

async function weatherRun(db: SqliteDb | PostgresDb): Promise<string> {
  const paused = await weatherWorkflow(db).run("What is the weather in Tokyo?");
  const loaded = await weatherWorkflow(db).getRun(paused.runId);
  if (!loaded) throw new Error("the paused run was not found");
  for (const step of loaded.stepRequirements) for (const req of step.executorRequirements ?? []) req.confirm();
  expect((await weatherWorkflow(db).continueRun(loaded)).status).toBe("completed");
  return paused.runId;
}

const named = (events: WorkflowEventJSON[], name: string) => events.filter((e) => e.event === name);

for (const { target, enabled } of targets) {
  describe.skipIf(!enabled)(enabled ? `${target.name}: event payloads` : `${target.name}: ${skipReason}`, () => {
    let url: string;
    let drop: () => Promise<void>;
    let full: SqliteDb | PostgresDb;
    let lean: SqliteDb | PostgresDb;

    beforeAll(async () => {
      ({ url, drop } = await target.create());
      full = target.open(url);
      lean = target.open(url, { eventPayloads: "lean" });
    });
    afterAll(async () => {
      await Promise.all([full?.close(), lean?.close()]);
      await drop?.();
    });

    it("by default the log keeps the requirements a pause lists and the tool's result", async () => {
      const events = await full.listEvents(await weatherRun(full));
      expect(named(events, "RunPaused")[0]?.executorRequirements).toMatchObject([{ toolExecution: { toolName: "get_the_weather" } }]);
      expect(named(events, "ToolCallCompleted")[0]?.result).toBe("It is 70 degrees and cloudy in Tokyo");
    });

    it("'lean' leaves out only what is stored elsewhere: the decision, the journal and the log's story stay", async () => {
      const runId = await weatherRun(lean);
      const events = await lean.listEvents(runId);
      expect(events.map((e) => e.event)).toEqual((await full.listEvents(await weatherRun(full))).map((e) => e.event));
      for (const e of [...named(events, "RunPaused"), ...named(events, "StepExecutorPaused")]) expect(e).not.toHaveProperty("executorRequirements");
      const call = named(events, "ToolCallCompleted")[0];
      expect(call).not.toHaveProperty("result");
      expect(call).toMatchObject({ runId, toolName: "get_the_weather", toolArgs: { city: "Tokyo" }, stepName: "get_weather" });
      const stored = await full.getRun(runId);
      expect(stored?.run.stepRequirements[0]?.executorRequirements?.[0]?.status).toBe("confirmed");
      expect((await full.readJournal(runId)).find((j) => j.kind === "result")).toMatchObject({ result: "It is 70 degrees and cloudy in Tokyo" });
    });

    it("an unknown setting is refused before anything is written", () => {
      expect(() => target.open(url, { eventPayloads: "none" as "lean" })).toThrow(DatabaseConfigError);
    });

    it("events read back exactly as written, a time in another form and a foreign run id included", async () => {
      const run = baseRun({ status: "running" });
      const written: WorkflowEventJSON[] = [
        { event: "WorkflowStarted", runId: run.runId, createdAt: "2026-12-02T10:00:00.000Z", workflowName: run.workflowName },
        { event: "StepStarted", runId: run.runId, createdAt: "2026-12-02T10:00:01Z", stepName: "draft", stepPath: ["draft"] },
        { event: "RunStarted", runId: "agent-run-1", createdAt: "2026-12-02T10:00:02.500Z", stepName: "draft", executorName: "Writer" },
      ];
      await full.insertRun(run, written);
      expect(await full.listEvents(run.runId)).toEqual(written.map((e, i) => ({ ...e, seq: i + 1 })));
    });
  });
}
