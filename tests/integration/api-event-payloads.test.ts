// EVENT_PAYLOADS=lean through the app: the run's log is stored without the copies kept elsewhere (a pause's
// requirements, a tool call's result), and the run as the API and the run page show it still says what was asked,
// what was decided, by whom, and what came of it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunEventsPage } from "@/lib/contracts";
import { GET as runEventsRoute } from "@/app/api/runs/[runId]/events/route";
import { appDb } from "@/lib/app/db";
import { appEnv } from "@/lib/config/env";
import { buildTimeline } from "@/components/runs/timeline-model";
import { getRun, pendingOf, resolve, startRun } from "./api-client";
import { databaseTargets, expectJson, get, params, useOfflineModel } from "./api-harness";

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== null)(`EVENT_PAYLOADS=lean on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ""}`, () => {
    beforeAll(async () => {
      useOfflineModel();
      process.env.EVENT_PAYLOADS = "lean";
      await target.open();
    });
    afterAll(async () => {
      delete process.env.EVENT_PAYLOADS;
      await target.close();
    });

    it("stores the log lean, and the run, its events and its timeline still show the question, the decision and the answer", async () => {
      expect(appEnv().eventPayloads).toBe("lean");
      const started = await startRun("WeatherWorkflow", "Weather in Lima?");
      const [item] = await pendingOf(started.runId);
      expect(item).toMatchObject({ kind: "confirmation", toolName: "get_the_weather" });
      await resolve(item!.id, { action: "confirm", version: item!.version });

      // What the database holds: the pause without its requirement list, the tool call without its result.
      const stored = await appDb().listEvents(started.runId);
      const paused = stored.find((e) => e.event === "RunPaused");
      const completed = stored.find((e) => e.event === "ToolCallCompleted");
      expect(paused).toBeDefined();
      expect(paused).not.toHaveProperty("executorRequirements");
      expect(completed).toMatchObject({ toolName: "get_the_weather" });
      expect(completed).not.toHaveProperty("result");

      // The run as GET /api/runs/:id gives it: finished, with its answer and the decision as it was made.
      const run = await getRun(started.runId);
      expect(run.status).toBe("completed");
      expect(typeof run.content === "string" && run.content.length > 0).toBe(true);
      const decided = run.stepRequirements.flatMap((s) => s.executorRequirements ?? []);
      expect(decided).toHaveLength(1);
      expect(decided[0]).toMatchObject({ id: item!.id, status: "confirmed", toolExecution: { toolName: "get_the_weather" } });

      // The events API pages what is stored, each event with its name, step and time put back from the columns.
      const page = await expectJson<RunEventsPage>(
        await runEventsRoute(get(`/api/runs/${started.runId}/events?afterSeq=0`, { headers: { accept: "application/json" } }), params({ runId: started.runId })),
        200,
      );
      expect(page.events).toEqual(run.events);
      expect(page.events.map((e) => e.event)).toEqual(stored.map((e) => e.event));
      expect(page.events.every((e) => e.runId === started.runId && !Number.isNaN(Date.parse(e.createdAt)))).toBe(true);

      // The run page's timeline: the tool call with its arguments beside the person's decision, and no result shown.
      const calls = buildTimeline(run, run.events).flatMap((step) => step.items).filter((i) => i.type === "tool");
      const decisions = buildTimeline(run, run.events).flatMap((step) => step.items).filter((i) => i.type === "tool-decision");
      expect(calls).toHaveLength(1);
      expect(calls[0]).toMatchObject({ call: { toolName: "get_the_weather", done: true, args: item!.toolArgs } });
      expect(calls[0]).not.toHaveProperty("call.result");
      expect(decisions).toHaveLength(1);
    });
  });
}
