// A call left in doubt through the API, on SQLite and PostgreSQL: a worker that died while the approved tool ran is
// simulated by its journal's started mark (written as that worker would have, before running the tool). The
// continuation then pauses the run with a tool_in_doubt inbox item instead of running the tool again; retry, skip
// and result resolve it, reject does not fit it, and the audit log names the kind.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiErrorBody, AuditEntry, RunDto } from "@/lib/contracts";
import { GET as runAuditRoute } from "@/app/api/runs/[runId]/audit/route";
import { placeOf, stepPlace } from "@/lib/engine";
import { appDb } from "@/lib/app/db";
import { getRun, pendingOf, resolve, resolveRaw, startRun } from "./api-client";
import { databaseTargets, expectJson, get, params, useOfflineModel } from "./api-harness";

/** The place of the weather agent's first call in the run's journal (step get_weather, first attempt, turn 1). */
const firstCall = placeOf(stepPlace(["get_weather"], ["at:0"], 0), "turn:1", "call:call_0_0");

/** Approves the weather call after marking it started in the journal, as a worker that then died would have. */
async function leftInDoubt(city: string): Promise<{ run: RunDto; approvalId: string }> {
  const run = await startRun("WeatherWorkflow", `What is the weather in ${city}?`);
  expect(run.status).toBe("paused");
  const [approval] = await pendingOf(run.runId);
  await appDb().writeJournal(
    run.runId,
    { kind: "started", key: placeOf(firstCall, "started:1"), at: new Date().toISOString(), idempotencyKey: approval!.id },
    { expectedVersion: approval!.version },
  );
  const decided = await resolve(approval!.id, { action: "confirm", version: approval!.version });
  expect(decided.run.status).toBe("paused");
  return { run: decided.run, approvalId: approval!.id };
}

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== null)(`a call left in doubt, through the API on ${target.name}`, () => {
    beforeAll(async () => {
      useOfflineModel();
      await target.open();
    });
    afterAll(() => target.close());

    it("pauses as a tool_in_doubt inbox item that explains itself; reject does not fit; retry runs the tool once, with the approval's key", async () => {
      const { run, approvalId } = await leftInDoubt("Oslo");
      const [item] = await pendingOf(run.runId);
      expect(item).toMatchObject({
        kind: "tool_in_doubt",
        toolName: "get_the_weather",
        toolArgs: { city: "Oslo" },
        details: { attempt: 1, idempotencyKey: approvalId },
      });
      expect(item!.message).toMatch(/^This call started before a crash and left no result/);

      const refused = await expectJson<ApiErrorBody>(await resolveRaw(item!.id, { action: "reject", version: item!.version }), 400);
      expect(refused.error.message).toMatch(/use "retry" or "skip" or "result"/);

      const done = await resolve(item!.id, { action: "retry", version: item!.version });
      expect(done.run.status).toBe("completed");
      expect(done.run.content).toBe("It is 70 degrees and cloudy in Oslo.");
      const decided = (await getRun(run.runId)).stepRequirements.flatMap((s) => s.executorRequirements ?? []);
      expect(decided.map((r) => [r.status, r.inDoubt?.attempt ?? null])).toEqual([
        ["confirmed", null],
        ["retried", 1],
      ]);
      const { entries } = await expectJson<{ entries: AuditEntry[] }>(await runAuditRoute(get(`/api/runs/${run.runId}/audit`), params({ runId: run.runId })), 200);
      expect(entries.map((e) => [e.requirementKind, e.action])).toEqual([
        ["confirmation", "confirm"],
        ["tool_in_doubt", "retry"],
      ]);
    });

    it("skip tells the model the call failed and runs nothing; result hands the model what happened", async () => {
      const skipped = await leftInDoubt("Lima");
      const [skipItem] = await pendingOf(skipped.run.runId);
      const afterSkip = await resolve(skipItem!.id, { action: "skip", version: skipItem!.version });
      expect(afterSkip.run.status).toBe("completed");
      const { entries } = await expectJson<{ entries: AuditEntry[] }>(
        await runAuditRoute(get(`/api/runs/${skipped.run.runId}/audit`), params({ runId: skipped.run.runId })),
        200,
      );
      expect(entries.at(-1)).toMatchObject({ requirementKind: "tool_in_doubt", action: "skip", executedArgs: null });

      const answered = await leftInDoubt("Quito");
      const [resultItem] = await pendingOf(answered.run.runId);
      const afterResult = await resolve(resultItem!.id, { action: "result", result: "It was 12 degrees in Quito", version: resultItem!.version });
      expect(afterResult.run.content).toBe("It was 12 degrees in Quito.");
    });
  });
}
