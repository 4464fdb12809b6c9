import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiErrorBodySchema, bulkResolveResponseSchema, MAX_BULK_ITEMS, type BulkResolveResponse, type PendingRequirement, type RunDto } from "@/lib/contracts";
import { POST as bulkRoute } from "@/app/api/requirements/bulk-resolve/route";
import { POST as claimRoute } from "@/app/api/requirements/[id]/claim/route";
import { createSession } from "@/lib/auth";
import { appDb } from "@/lib/app/db";
import { getRun, pendingOf, resolve, resolveRaw, startRun } from "./api-client";
import { databaseTargets, expectJson, params, postJson } from "./api-harness";

/** Someone else takes the item first, signed in through the browser's session cookie. */
async function claimedByAlice(id: string): Promise<void> {
  const store = appDb().auth();
  const alice = await store.createUser({ email: `alice-${id.slice(0, 8)}@example.com`, role: "approver", passwordHash: "not-used" });
  const { token } = await createSession(store, alice.id);
  const request = new Request(`http://localhost:3000/api/requirements/${id}/claim`, {
    method: "POST",
    headers: { host: "localhost:3000", cookie: `hitl_session=${token}`, "sec-fetch-site": "same-origin", origin: "http://localhost:3000", "content-type": "application/json" },
    body: "{}",
  });
  expect((await claimRoute(request, params({ id }))).status).toBe(200);
}

const bulkRaw = (body: unknown) => bulkRoute(postJson("/api/requirements/bulk-resolve", body, { wait: false }));

async function bulk(body: unknown): Promise<BulkResolveResponse> {
  return bulkResolveResponseSchema.parse(await expectJson(await bulkRaw(body), 200));
}

const lookups = (run: RunDto) => run.events.filter((e) => e.event === "ToolCallCompleted" && e.toolName === "get_the_weather" && String(e.result).startsWith("It is")).length;

/** The run once its worker is done with it: bulk answers at once, the continuation runs in the background. */
async function settled(runId: string): Promise<RunDto> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const run = await getRun(runId);
    if (run.status === "completed" || run.status === "error" || run.status === "cancelled") return run;
    if (Date.now() > deadline) throw new Error(`run ${runId} is still ${run.status} after 20 s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function pausedWeather(question: string): Promise<{ run: RunDto; items: PendingRequirement[] }> {
  const run = await startRun("WeatherWorkflow", question);
  const items = await pendingOf(run.runId);
  if (items.length === 0) throw new Error(`"${question}" did not pause: ${JSON.stringify(run)}`);
  return { run, items };
}

const decisionsOf = async (runId: string) => (await appDb().auth().listAudit({ limit: 50, runId })).map((e) => [e.requirementId, e.action, e.runVersion]);

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== null)(`bulk decisions on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ""}`, () => {
    beforeAll(() => target.open());
    afterAll(() => target.close());

    it("approves items of several runs at once, two of them in the same pause, each tool running once", async () => {
      const lima = await pausedWeather("What is the weather in Lima?");
      const pair = await pausedWeather("Weather in Tokyo and Paris?");
      expect(pair.items).toHaveLength(2);
      const selected = [...lima.items, ...pair.items];

      const answer = await bulk({ action: "confirm", items: selected.map(({ id, version }) => ({ id, version })) });
      expect(answer).toMatchObject({ decided: 3, failed: 0 });
      expect(answer.results.map((r) => [r.id, r.outcome])).toEqual(selected.map((s) => [s.id, "decided"]));
      // The first item of the pair leaves its run paused; the second, decided against this request's own write, sends it on.
      expect(answer.results.map((r) => r.outcome === "decided" && r.continued)).toEqual([true, false, true]);

      const [limaRun, pairRun] = await Promise.all([settled(lima.run.runId), settled(pair.run.runId)]);
      expect(limaRun.content).toBe("It is 70 degrees and cloudy in Lima.");
      expect(lookups(limaRun)).toBe(1);
      expect(pairRun.status).toBe("completed");
      expect(lookups(pairRun)).toBe(2);
      // Each decision audited once, against the version it was taken on.
      expect(await decisionsOf(pair.run.runId)).toEqual(
        expect.arrayContaining([
          [pair.items[0]!.id, "confirm", pair.run.version],
          [pair.items[1]!.id, "confirm", pair.run.version + 1],
        ]),
      );
      expect(await decisionsOf(pair.run.runId)).toHaveLength(2);
    });

    it("rejects with one note that reaches each model, and reports an item decided meanwhile as 409 without touching it", async () => {
      const oslo = await pausedWeather("What is the weather in Oslo?");
      const rome = await pausedWeather("What is the weather in Rome?");
      // Someone else approves Oslo between the page load and the bulk answer.
      await resolve(oslo.items[0]!.id, { action: "confirm", version: oslo.items[0]!.version });

      const answer = await bulk({ action: "reject", note: "not today", items: [...oslo.items, ...rome.items].map(({ id, version }) => ({ id, version })) });
      expect(answer).toMatchObject({ decided: 1, failed: 1 });
      expect(answer.results[0]).toMatchObject({ id: oslo.items[0]!.id, outcome: "failed", status: 409, error: { code: "conflict" } });
      expect(answer.results[1]).toMatchObject({ id: rome.items[0]!.id, outcome: "decided", continued: true });

      const [osloRun, romeRun] = await Promise.all([settled(oslo.run.runId), settled(rome.run.runId)]);
      expect(osloRun.content).toBe("It is 70 degrees and cloudy in Oslo.");
      expect(await decisionsOf(oslo.run.runId)).toEqual([[oslo.items[0]!.id, "confirm", oslo.items[0]!.version]]);
      expect(romeRun.content).toBe('I did not look up the weather in Rome: you declined it with the note "not today".');
      expect(lookups(romeRun)).toBe(0);
    });

    it("answers each item's own error: unknown id 404, an action its kind does not take 400, and decides the rest", async () => {
      const kyiv = await pausedWeather("What is the weather in Kyiv?");
      const answer = await bulk({ action: "confirm", items: [{ id: "no-such-requirement", version: 1 }, ...kyiv.items.map(({ id, version }) => ({ id, version }))] });
      expect(answer.results[0]).toMatchObject({ outcome: "failed", status: 404, error: { code: "not_found" } });
      expect(answer.results[1]).toMatchObject({ outcome: "decided" });
      expect((await settled(kyiv.run.runId)).content).toBe("It is 70 degrees and cloudy in Kyiv.");
    });

    it("refuses a malformed request with 400 naming the field, and decides nothing", async () => {
      const cairo = await pausedWeather("What is the weather in Cairo?");
      const item = { id: cairo.items[0]!.id, version: cairo.items[0]!.version };
      const cases: [unknown, string][] = [
        [{ action: "confirm", items: [] }, "items"],
        [{ action: "confirm", items: [item, item] }, "items.1.id"],
        [{ action: "input", items: [item] }, "action"],
        [{ action: "confirm", items: [{ id: item.id }] }, "items.0.version"],
        [{ action: "reject", items: [item], note: "x".repeat(2001) }, "note"],
        [{ action: "confirm", items: Array.from({ length: MAX_BULK_ITEMS + 1 }, (_, i) => ({ id: `r${i}`, version: 1 })) }, "items"],
      ];
      for (const [body, field] of cases) {
        const response = await bulkRaw(body);
        expect(response.status, JSON.stringify(body).slice(0, 80)).toBe(400);
        expect(apiErrorBodySchema.parse(await response.json()).error.details?.field).toBe(field);
      }
      const run = await getRun(cairo.run.runId);
      expect(run).toMatchObject({ status: "paused", version: cairo.run.version });
      expect(await decisionsOf(cairo.run.runId)).toEqual([]);
    });

    it("races a bulk approval against single approvals of the same items: each item is decided exactly once", async () => {
      const runs = await Promise.all(["Bern", "Doha", "Hanoi", "Quito", "Accra", "Perth"].map((city) => pausedWeather(`What is the weather in ${city}?`)));
      const items = runs.flatMap((r) => r.items);
      const [bulkAnswer, ...singles] = await Promise.all([
        bulkRaw({ action: "confirm", items: items.map(({ id, version }) => ({ id, version })) }),
        ...items.map((item, i) => resolveRaw(item.id, i % 2 === 0 ? { action: "confirm", version: item.version } : { action: "reject", note: "mine", version: item.version })),
      ]);
      const bulkResults = bulkResolveResponseSchema.parse(await expectJson(bulkAnswer!, 200)).results;
      const singleStatuses = singles.map((s) => s.status);
      items.forEach((item, i) => {
        const byBulk = bulkResults[i]!.outcome === "decided";
        const bySingle = singleStatuses[i] === 200;
        expect(byBulk !== bySingle, `item ${i}: bulk ${JSON.stringify(bulkResults[i])}, single ${singleStatuses[i]}`).toBe(true);
        if (!byBulk) expect(bulkResults[i]).toMatchObject({ status: 409 });
        if (!bySingle) expect(singleStatuses[i]).toBe(409);
      });
      for (const { run, items: [item] } of runs) {
        const done = await settled(run.runId);
        expect(await decisionsOf(run.runId)).toHaveLength(1);
        expect(done.events.filter((e) => e.event === "ToolCallCompleted" && e.toolName === "get_the_weather")).toHaveLength(1);
        expect(done.stepRequirements.at(-1)?.executorRequirements?.find((r) => r.id === item!.id)?.status).toMatch(/confirmed|rejected/);
      }
    });

    it("leaves an item someone else is on with 409 claimed_by_other, and decides it with override, audited as one", async () => {
      const bern = await pausedWeather("What is the weather in Bergen?");
      const item = bern.items[0]!;
      await claimedByAlice(item.id);
      const refused = await bulk({ action: "confirm", items: [{ id: item.id, version: item.version }] });
      expect(refused.results[0]).toMatchObject({ outcome: "failed", status: 409, error: { code: "claimed_by_other" } });
      expect(refused.results[0]?.outcome === "failed" && refused.results[0].error.message).toContain("alice-");
      expect(await getRun(bern.run.runId)).toMatchObject({ status: "paused", version: bern.run.version });

      const taken = await bulk({ action: "confirm", override: true, items: [{ id: item.id, version: item.version }] });
      expect(taken.results[0]).toMatchObject({ outcome: "decided", continued: true });
      expect((await settled(bern.run.runId)).content).toBe("It is 70 degrees and cloudy in Bergen.");
      const [entry] = await appDb().auth().listAudit({ limit: 5, runId: bern.run.runId });
      expect(entry?.overrodeClaimOf).toMatch(/^alice-/);
    });

    it("applies four eyes to each item: the starter's own runs answer 403 and stay paused", async () => {
      process.env.FOUR_EYES_WORKFLOWS = "WeatherWorkflow";
      const { resetAppEnv } = await import("@/lib/config/env");
      resetAppEnv();
      try {
        const own = await pausedWeather("What is the weather in Sofia?");
        const answer = await bulk({ action: "confirm", items: own.items.map(({ id, version }) => ({ id, version })) });
        expect(answer.results[0]).toMatchObject({ outcome: "failed", status: 403, error: { code: "forbidden" } });
        expect(await getRun(own.run.runId)).toMatchObject({ status: "paused", version: own.run.version });
      } finally {
        delete process.env.FOUR_EYES_WORKFLOWS;
        const { resetAppEnv } = await import("@/lib/config/env");
        resetAppEnv();
      }
    });
  });
}
