import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiErrorBody, RunEventsPage, RunResponse } from "@/lib/contracts";
import { GET as runEventsRoute } from "@/app/api/runs/[runId]/events/route";
import { GET as getRunRoute } from "@/app/api/runs/[runId]/route";
import { appDb } from "@/lib/app/db";
import { runEventStream } from "@/lib/server/run-event-stream";
import { appRuntime } from "@/lib/app/runtime";
import { getRun, pendingOf, resolve, startRun } from "./api-client";
import { databaseTargets, expectJson, get, params, useOfflineModel } from "./api-harness";

const asJson = { headers: { accept: "application/json" } };

/** Reads SSE messages off a stream one at a time, as a browser's EventSource would. */
function sseReader(stream: ReadableStream<Uint8Array>) {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  return {
    async next(): Promise<{ id: string | null; event: string; data: unknown }> {
      for (;;) {
        const end = buffer.indexOf("\n\n");
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (block.startsWith(":")) continue;
          const fields = new Map(block.split("\n").map((line) => [line.slice(0, line.indexOf(": ")), line.slice(line.indexOf(": ") + 2)]));
          return { id: fields.get("id") ?? null, event: fields.get("event") ?? "message", data: JSON.parse(fields.get("data") ?? "null") };
        }
        const chunk = await reader.read();
        if (chunk.done) throw new Error(`the stream ended; unread: ${buffer}`);
        buffer += decoder.decode(chunk.value);
      }
    },
    cancel: () => reader.cancel(),
  };
}

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== null)(`run events on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ""}`, () => {
    beforeAll(async () => {
      useOfflineModel();
      await target.open();
    });
    afterAll(() => target.close());

    it("an event written for a run reaches its open stream when it is written, after what was there, in order", async () => {
      const started = await startRun("WeatherWorkflow", "Weather in Oslo?");
      const db = appDb();
      const stored = await db.getRun(started.runId);
      // A worker holds the run: it is running, and writes its events as they happen.
      const version = await db.updateRun({ ...stored!.run, status: "running", isPaused: false }, { expectedVersion: stored!.version });
      const abort = new AbortController();
      // No safety poll within the test's time: only the write's signal can bring the new events.
      const stream = await runEventStream(db, appRuntime().signals, started.runId, { afterSeq: 0, signal: abort.signal, safetyPollMs: 600_000 });
      const reader = sseReader(stream);
      const before = [];
      for (const _ of started.events) before.push(await reader.next());
      expect(before.map((m) => Number(m.id))).toEqual(started.events.map((e) => e.seq));

      const last = started.events.length;
      await appRuntime().store.appendEvents(
        started.runId,
        [
          { event: "StepStarted", runId: started.runId, createdAt: "2026-12-02T09:00:00.000Z", stepName: "after_oslo" },
          { event: "ToolCallStarted", runId: started.runId, createdAt: "2026-12-02T09:00:01.000Z", stepName: "after_oslo", toolName: "get_the_weather" },
        ],
        { expectedVersion: version },
      );
      const first = await reader.next();
      const second = await reader.next();
      expect([first.id, second.id]).toEqual([String(last + 1), String(last + 2)]);
      expect(first.data).toMatchObject({ event: "StepStarted", stepName: "after_oslo", seq: last + 1 });
      expect(second.data).toMatchObject({ event: "ToolCallStarted", toolName: "get_the_weather", seq: last + 2 });

      await appRuntime().store.updateRun(
        { ...stored!.run, status: "completed", isPaused: false, content: "Oslo done" },
        { expectedVersion: version, events: [{ event: "WorkflowCompleted", runId: started.runId, createdAt: "2026-12-02T09:00:02.000Z" }] },
      );
      expect((await reader.next()).data).toMatchObject({ event: "WorkflowCompleted", seq: last + 3 });
      expect(await reader.next()).toMatchObject({ event: "end", data: { runId: started.runId, status: "completed" } });
      abort.abort();
    });

    it("pages a run's event log with afterSeq and limit when asked for JSON", async () => {
      const started = await startRun("WeatherWorkflow", "Weather in Quito?");
      const [item] = await pendingOf(started.runId);
      await resolve(item!.id, { action: "confirm", version: item!.version });
      const full = (await getRun(started.runId)).events;
      expect(full.length).toBeGreaterThan(4);

      const pages: RunEventsPage[] = [];
      let afterSeq: number | null = 0;
      while (afterSeq !== null) {
        const response = await runEventsRoute(get(`/api/runs/${started.runId}/events?afterSeq=${afterSeq}&limit=2`, asJson), params({ runId: started.runId }));
        expect(response.headers.get("content-type")).toContain("application/json");
        const page: RunEventsPage = await expectJson<RunEventsPage>(response, 200);
        pages.push(page);
        afterSeq = page.nextAfterSeq;
      }
      expect(pages.slice(0, -1).every((p) => p.events.length === 2)).toBe(true);
      expect(pages.flatMap((p) => p.events)).toEqual(full);
      expect(pages.at(-1)?.nextAfterSeq).toBeNull();
      expect(pages[0]?.nextAfterSeq).toBe(2);

      const tail = await expectJson<RunEventsPage>(
        await runEventsRoute(get(`/api/runs/${started.runId}/events?afterSeq=${full.length}`, asJson), params({ runId: started.runId })),
        200,
      );
      expect(tail).toEqual({ events: [], nextAfterSeq: null });
    });

    it("answers a bad page size with 400 naming limit, and an unknown run's log with 404", async () => {
      const started = await startRun("WeatherWorkflow", "Weather in Lagos?");
      const bad = await expectJson<ApiErrorBody>(
        await runEventsRoute(get(`/api/runs/${started.runId}/events?limit=0`, asJson), params({ runId: started.runId })),
        400,
      );
      expect(bad.error.details?.field).toBe("limit");
      const missing = await expectJson<ApiErrorBody>(await runEventsRoute(get("/api/runs/nope/events", asJson), params({ runId: "nope" })), 404);
      expect(missing.error.code).toBe("not_found");
    });

    it("leaves the event log out of a run asked for with events=none", async () => {
      const started = await startRun("WeatherWorkflow", "Weather in Cairo?");
      const run = (await expectJson<RunResponse>(await getRunRoute(get(`/api/runs/${started.runId}?events=none`), params({ runId: started.runId })), 200)).run;
      expect(run).toMatchObject({ runId: started.runId, status: "paused", events: [] });
      expect(run.stepRequirements).toHaveLength(1);
      const bad = await expectJson<ApiErrorBody>(await getRunRoute(get(`/api/runs/${started.runId}?events=some`), params({ runId: started.runId })), 400);
      expect(bad.error.details?.field).toBe("events");
    });
  });
}
