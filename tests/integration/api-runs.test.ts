import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiErrorBody, RunStreamEnd } from "@/lib/contracts";
import { GET as runEventsRoute } from "@/app/api/runs/[runId]/events/route";
import { GET as getRunRoute } from "@/app/api/runs/[runId]/route";
import { GET as listRunsRoute } from "@/app/api/runs/route";
import { appDb } from "@/lib/app/db";
import { appRuntime } from "@/lib/app/runtime";
import { sweepExpiredGates } from "@/lib/app/timeout-sweeper";
import { waitForRun } from "@/lib/server/wait-for-run";
import { getRun, listRuns, pendingOf, resolve, startRun } from "./api-client";
import { databaseTargets, expectJson, get, params, useOfflineModel } from "./api-harness";

interface SseMessage {
  event: string;
  id: string | null;
  data: unknown;
}

/** Parses an SSE body into its messages (comments skipped). */
function parseSse(text: string): SseMessage[] {
  return text
    .split("\n\n")
    .filter((block) => block.trim() !== "" && !block.startsWith(":"))
    .map((block) => {
      const fields = new Map<string, string>();
      for (const line of block.split("\n")) {
        const at = line.indexOf(": ");
        fields.set(line.slice(0, at), line.slice(at + 2));
      }
      return { event: fields.get("event") ?? "message", id: fields.get("id") ?? null, data: JSON.parse(fields.get("data") ?? "null") };
    });
}

async function readUntilEnd(response: Response): Promise<SseMessage[]> {
  return parseSse(await response.text());
}

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== null)(`runs API on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ""}`, () => {
    beforeAll(async () => {
      useOfflineModel();
      await target.open();
    });
    afterAll(() => target.close());

    it("shows a run with its requirements, step results and events", async () => {
      const started = await startRun("WeatherWorkflow", "Weather in Berlin?");
      const [item] = await pendingOf(started.runId);
      await resolve(item!.id, { action: "confirm", version: item!.version });
      const run = await getRun(started.runId);
      expect(run).toMatchObject({ workflowName: "WeatherWorkflow", status: "completed", input: "Weather in Berlin?", recovery: null, retryable: false });
      expect(run.stepResults.map((r) => r.stepName)).toEqual(["get_weather"]);
      expect(run.stepRequirements).toHaveLength(1);
      const names = run.events.map((e) => e.event);
      expect(names[0]).toBe("WorkflowStarted");
      expect(names).toContain("StepExecutorPaused");
      expect(names).toContain("StepExecutorContinued");
      expect(names.at(-1)).toBe("WorkflowCompleted");
      expect("resumeState" in run).toBe(false);
    });

    it("answers 404 for an unknown run", async () => {
      const response = await getRunRoute(get("/api/runs/nope"), params({ runId: "nope" }));
      expect((await expectJson<ApiErrorBody>(response, 404)).error.code).toBe("not_found");
    });

    it("lists runs newest first, filtered by status, workflow and text, paged by cursor", async () => {
      const older = await startRun("QueryWorkflow", "how many penguins");
      const newer = await startRun("QueryWorkflow", "how many walruses");
      const all = await listRuns("?workflow=QueryWorkflow");
      const ids = all.runs.map((r) => r.runId);
      expect(ids.indexOf(newer.runId)).toBeLessThan(ids.indexOf(older.runId));
      expect(all.runs.every((r) => r.workflowName === "QueryWorkflow")).toBe(true);

      const found = await listRuns("?q=WALRUS");
      expect(found.runs.map((r) => r.runId)).toEqual([newer.runId]);
      expect(found.runs[0]).toMatchObject({ status: "paused", pendingCount: 1, inputSummary: "how many walruses" });

      const paused = await listRuns("?status=paused&workflow=QueryWorkflow");
      expect(paused.runs.every((r) => r.status === "paused")).toBe(true);
      const empty = await listRuns("?status=&workflow=&q=");
      expect(empty.runs.length).toBeGreaterThanOrEqual(2);

      const page1 = await listRuns("?limit=1&workflow=QueryWorkflow");
      expect(page1.runs.map((r) => r.runId)).toEqual([newer.runId]);
      const page2 = await listRuns(`?limit=1&workflow=QueryWorkflow&cursor=${encodeURIComponent(page1.nextCursor ?? "")}`);
      expect(page2.runs.map((r) => r.runId)).toEqual([older.runId]);
    });

    it("answers 400 naming the field for a bad history query", async () => {
      const status = await expectJson<ApiErrorBody>(await listRunsRoute(get("/api/runs?status=finished")), 400);
      expect(status.error.details?.field).toBe("status");
      const limit = await expectJson<ApiErrorBody>(await listRunsRoute(get("/api/runs?limit=abc")), 400);
      expect(limit.error).toMatchObject({ code: "invalid_input", details: { field: "limit" } });
    });

    it("streams a paused run's events and ends with an end message", async () => {
      const started = await startRun("WeatherWorkflow", "Weather in Rome?");
      const response = await runEventsRoute(get(`/api/runs/${started.runId}/events`), params({ runId: started.runId }));
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toContain("text/event-stream");
      const messages = await readUntilEnd(response);
      const end = messages.at(-1);
      expect(end?.event).toBe("end");
      expect(end?.data).toEqual({ runId: started.runId, status: "paused", version: started.version } satisfies RunStreamEnd);
      const events = messages.slice(0, -1);
      expect(events.map((m) => (m.data as { event: string }).event)).toEqual(started.events.map((e) => e.event));
      expect(events.map((m) => Number(m.id))).toEqual(started.events.map((e) => e.seq));
    });

    it("resumes after the Last-Event-ID the browser sends", async () => {
      const started = await startRun("WeatherWorkflow", "Weather in Lisbon?");
      const lastSeen = started.events[1]?.seq ?? 0;
      const response = await runEventsRoute(
        get(`/api/runs/${started.runId}/events`, { headers: { "Last-Event-ID": String(lastSeen) } }),
        params({ runId: started.runId }),
      );
      const messages = await readUntilEnd(response);
      expect(Number(messages[0]?.id)).toBe(lastSeen + 1);
    });

    it("stays live while the run is running and delivers what is written meanwhile", async () => {
      const started = await startRun("WeatherWorkflow", "Weather in Madrid?");
      const db = appDb();
      const stored = await db.getRun(started.runId);
      // Another process has claimed the run: it is running, and its events arrive later.
      const runningVersion = await db.updateRun({ ...stored!.run, status: "running", isPaused: false }, { expectedVersion: stored!.version });
      const response = await runEventsRoute(get(`/api/runs/${started.runId}/events`), params({ runId: started.runId }));
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      let text = "";
      const seen = () => parseSse(text).length;
      while (seen() < started.events.length) text += decoder.decode((await reader.read()).value);

      const now = new Date().toISOString();
      await db.updateRun(
        { ...stored!.run, status: "completed", isPaused: false, content: "done elsewhere" },
        { expectedVersion: runningVersion, events: [{ event: "WorkflowCompleted", runId: started.runId, createdAt: now }] },
      );
      for (;;) {
        const chunk = await reader.read();
        if (chunk.done) break;
        text += decoder.decode(chunk.value);
      }
      const messages = parseSse(text);
      expect(messages.at(-2)?.data).toMatchObject({ event: "WorkflowCompleted" });
      expect(messages.at(-1)).toMatchObject({ event: "end", data: { status: "completed" } });
    });

    it("stops streaming when the browser goes away", async () => {
      const started = await startRun("WeatherWorkflow", "Weather in Vienna?");
      const db = appDb();
      const stored = await db.getRun(started.runId);
      await db.updateRun({ ...stored!.run, status: "running", isPaused: false }, { expectedVersion: stored!.version });
      const abort = new AbortController();
      const response = await runEventsRoute(get(`/api/runs/${started.runId}/events`, { signal: abort.signal }), params({ runId: started.runId }));
      const reader = response.body!.getReader();
      await reader.read();
      abort.abort();
      const rest = await (async () => {
        for (;;) if ((await reader.read()).done) return "closed";
      })();
      expect(rest).toBe("closed");
    });

    it("answers 404 for the events of an unknown run", async () => {
      const response = await runEventsRoute(get("/api/runs/nope/events"), params({ runId: "nope" }));
      expect(response.status).toBe(404);
    });

    it("the sweeper publishes a report nobody reviewed once its week is up", async () => {
      const started = await startRun("ResearchWorkflow", "Research kelp farming");
      let [item] = await pendingOf(started.runId);
      await resolve(item!.id, { action: "reject", version: item!.version });
      [item] = await pendingOf(started.runId);
      expect(item?.kind).toBe("output_review");

      expect(await sweepExpiredGates(appDb())).not.toContain(started.runId);
      const aWeekAndADayLater = new Date(Date.now() + 8 * 24 * 3600 * 1000);
      const runtime = appRuntime();
      expect(await sweepExpiredGates(runtime.db, aWeekAndADayLater, runtime.store)).toContain(started.runId);
      await waitForRun(runtime.db, runtime.signals, started.runId, 30_000);
      const run = await getRun(started.runId);
      expect(run.status).toBe("completed");
      expect(run.stepRequirements.at(-1)).toMatchObject({ status: "timed_out", resolution: "timeout" });
      expect(String(run.content)).toContain("Report: kelp farming");
    });
  });
}
