import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openAppDb } from "@/lib/app/db";
import { appEnv } from "@/lib/config/env";
import { PENDING_TOTAL_MAX_AGE_MS } from "@/lib/server/pending-total";
import { pausedOnTool } from "@/tests/support/db-fixtures";
import { inbox, pendingOf, resolve, startRun } from "./api-client";
import { databaseTargets, useOfflineModel } from "./api-harness";

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

// A database of its own per target, so the totals are exact.
for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== null)(`inbox total on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ""}`, () => {
    beforeAll(async () => {
      useOfflineModel();
      await target.open();
    });
    afterAll(() => target.close());

    it("is right at once after a start that pauses and after a decision, though kept between requests", async () => {
      expect((await inbox()).total).toBe(0);
      const started = await startRun("WeatherWorkflow", "Weather in Oslo?");
      expect((await inbox()).total).toBe(1);
      const [item] = await pendingOf(started.runId);
      await resolve(item!.id, { action: "confirm", version: item!.version });
      expect((await inbox()).total).toBe(0);
    });

    it("counts a write made by another handle on the same database within a second", async () => {
      expect((await inbox()).total).toBe(0);
      // Another process's handle (a script, an instance that does not relay): this process hears nothing of it.
      const other = openAppDb(appEnv().database);
      try {
        await other.insertRun(pausedOnTool(), []);
        expect(await other.countPendingRequirements()).toBe(1);
        await sleep(PENDING_TOTAL_MAX_AGE_MS + 50);
        expect((await inbox()).total).toBe(1);
      } finally {
        await other.close();
      }
    });
  });
}
