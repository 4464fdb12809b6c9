// Execution off the request, through the real route handlers on SQLite and PostgreSQL: start and resolve answer
// at once with the run pending, `Prefer: wait` waits, `Idempotency-Key` never starts a second run, cancel and retry.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiErrorBody, ResolveResponse, RunResponse } from "@/lib/contracts";
import { POST as resolveRoute } from "@/app/api/requirements/[id]/resolve/route";
import { POST as cancelRoute } from "@/app/api/runs/[runId]/cancel/route";
import { POST as retryRoute } from "@/app/api/runs/[runId]/retry/route";
import { POST as startRunRoute } from "@/app/api/workflows/[name]/runs/route";
import { appDb } from "@/lib/app/db";
import { appRuntime, startAppRuntime, stopAppRuntime } from "@/lib/app/runtime";
import { waitForRun } from "@/lib/server/wait-for-run";
import { getRun, inbox, pendingOf } from "./api-client";
import { databaseTargets, expectJson, params, postJson, useOfflineModel } from "./api-harness";

const start = (input: unknown, options: Parameters<typeof postJson>[2] = {}) =>
  startRunRoute(postJson("/api/workflows/WeatherWorkflow/runs", { input }, options), params({ name: "WeatherWorkflow" }));
const post = (route: typeof cancelRoute, path: string, runId: string) => route(postJson(path, {}, { wait: false }), params({ runId }));
const settled = (runId: string) => waitForRun(appRuntime().db, appRuntime().signals, runId, 30_000);

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== null)(`execution off the request on ${target.name}`, () => {
    beforeAll(async () => {
      useOfflineModel();
      await target.open();
    });
    afterAll(() => target.close());

    it("a start answers 201 at once with the run pending; a worker takes it to its pause", async () => {
      const response = await start("Weather in Oslo?", { wait: false });
      expect(response.headers.get("preference-applied")).toBeNull();
      const { run } = await expectJson<RunResponse>(response, 201);
      expect(run).toMatchObject({ status: "pending", isPaused: false, recovery: null, retryable: false, stepResults: [] });
      expect(run.events.map((e) => e.event)).toEqual(["WorkflowStarted"]);
      await settled(run.runId);
      expect((await getRun(run.runId)).status).toBe("paused");
    });

    it("Prefer: wait answers once the run paused, and says so; a decision queues the continuation in its answer", async () => {
      const response = await start("Weather in Lima?", { headers: { prefer: "wait=20" } });
      expect(response.headers.get("preference-applied")).toBe("wait=20");
      const { run } = await expectJson<RunResponse>(response, 201);
      expect(run.status).toBe("paused");
      const [item] = await pendingOf(run.runId);
      const decided = await expectJson<ResolveResponse>(
        await resolveRoute(postJson(`/api/requirements/${item!.id}/resolve`, { action: "confirm", version: item!.version }, { wait: false }), params({ id: item!.id })),
        200,
      );
      expect(decided.continued).toBe(true);
      expect(["pending", "running", "completed"]).toContain(decided.run.status);
      await settled(run.runId);
      expect((await getRun(run.runId)).content).toBe("It is 70 degrees and cloudy in Lima.");
    });

    it.each(["wait=0", "wait=61", "wait=soon", "wait="])("Prefer: %s is a 400 naming Prefer, and starts nothing", async (prefer) => {
      const before = (await inbox("?limit=100")).total;
      const body = await expectJson<ApiErrorBody>(await start("Weather in Rome?", { headers: { prefer } }), 400);
      expect(body.error).toMatchObject({ code: "invalid_input", details: { field: "Prefer" } });
      expect((await inbox("?limit=100")).total).toBe(before);
    });

    it("the same Idempotency-Key and body answer with the same run; another body with it is 409; each caller's keys are its own", async () => {
      const key = { "idempotency-key": `key-${target.name.replace(/\W/g, "")}-1` };
      const first = (await expectJson<RunResponse>(await start("Weather in Kyiv?", { headers: key }), 201)).run;
      const again = (await expectJson<RunResponse>(await start("Weather in Kyiv?", { headers: key }), 201)).run;
      expect(again.runId).toBe(first.runId);
      const same = await Promise.all([1, 2, 3].map(() => start("Weather in Quito?", { headers: { "idempotency-key": `key-${target.name.replace(/\W/g, "")}-2` } })));
      const ids = await Promise.all(same.map(async (r) => (await expectJson<RunResponse>(r, 201)).run.runId));
      expect(new Set(ids).size).toBe(1);
      const other = await expectJson<ApiErrorBody>(await start("Weather in Paris?", { headers: key }), 409);
      expect(other.error.message).toMatch(/another request/);
      const bad = await expectJson<ApiErrorBody>(await start("Weather in Paris?", { headers: { "idempotency-key": "has spaces" } }), 400);
      expect(bad.error.details).toMatchObject({ field: "Idempotency-Key" });
      expect((await pendingOf(first.runId)).length).toBe(1);
    });

    it("cancel ends a paused run (its inbox item goes) and a second cancel is 409; retry of a run that did not fail is 409; unknown runs are 404", async () => {
      const { run } = await expectJson<RunResponse>(await start("Weather in Baku?"), 201);
      expect(run.status).toBe("paused");
      const cancelled = await expectJson<RunResponse>(await post(cancelRoute, `/api/runs/${run.runId}/cancel`, run.runId), 200);
      expect(cancelled.run).toMatchObject({ status: "cancelled", cancelReason: expect.stringMatching(/^cancelled by /) });
      expect(cancelled.run.events.at(-1)?.event).toBe("WorkflowCancelled");
      expect(await pendingOf(run.runId)).toEqual([]);
      expect((await expectJson<ApiErrorBody>(await post(cancelRoute, `/api/runs/${run.runId}/cancel`, run.runId), 409)).error.message).toMatch(/already ended/);
      expect((await expectJson<ApiErrorBody>(await post(retryRoute, `/api/runs/${run.runId}/retry`, run.runId), 409)).error.message).toMatch(/only a run that failed/);
      await expectJson<ApiErrorBody>(await post(cancelRoute, "/api/runs/nope/cancel", "nope"), 404);
      await expectJson<ApiErrorBody>(await post(retryRoute, "/api/runs/nope/retry", "nope"), 404);
    });

    it("a run whose workers keep dying ends error after its recovery attempts; it is retryable, and retry queues it to run again", async () => {
      // No worker here while its "workers" die: each takes it with a lease that expires at once.
      await stopAppRuntime();
      const { run } = await expectJson<RunResponse>(await start("Weather in Accra?", { wait: false }), 201);
      const leases = appDb().leases();
      // The takes happen a second in the past, so every lease has long expired by now: no waiting for the clock.
      let now = Date.now() - 1000;
      for (let i = 0; i <= 3; i++) {
        expect(await leases.take(run.runId, `dead-${i}`, new Date(now + 5), new Date(now))).not.toBeNull();
        now += 10;
      }
      expect((await getRun(run.runId)).recovery).toEqual({ attempt: 4, of: 3, waiting: true });
      startAppRuntime();
      await settled(run.runId);
      const failed = await getRun(run.runId);
      expect(failed).toMatchObject({ status: "error", retryable: true, recovery: null });
      expect(failed.error).toMatch(/given up after 3 recovery attempts/);
      const retried = await expectJson<RunResponse>(await post(retryRoute, `/api/runs/${run.runId}/retry`, run.runId), 200);
      expect(retried.run.retryable).toBe(false);
      await settled(run.runId);
      expect((await getRun(run.runId)).status).toBe("paused");
    });
  });
}
