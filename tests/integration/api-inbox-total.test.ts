import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openAppDb } from "@/lib/app/db";
import { appEnv } from "@/lib/config/env";
import { Runtime } from "@/lib/runtime/runtime";
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

    it.runIf(target.name === "PostgreSQL")("hears another instance's write at once over LISTEN/NOTIFY", async () => {
      // The kept count is dropped, so the one taken now is at most this old when the write must be seen.
      await sleep(PENDING_TOTAL_MAX_AGE_MS + 50);
      const counted = Date.now();
      expect((await inbox()).total).toBe(1);
      // Like `npm run worker`: an instance of its own, serving no readers, whose writes are still announced.
      const other = new Runtime(openAppDb(appEnv().database), () => null, { ...appEnv().workers, concurrency: 0 }, { readers: false });
      other.start();
      await other.ready();
      try {
        await other.store.insertRun(pausedOnTool(), []);
        let total = (await inbox()).total;
        while (total !== 2 && Date.now() - counted < PENDING_TOTAL_MAX_AGE_MS / 2) {
          await sleep(20);
          total = (await inbox()).total;
        }
        // Well within the second after which the kept count would have been dropped anyway.
        expect(total).toBe(2);
      } finally {
        await other.stop();
        await other.db.close();
      }
    });
  });
}
