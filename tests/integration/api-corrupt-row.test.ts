import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import type { ApiErrorBody } from "@/lib/contracts";
import { CorruptRowError } from "@/lib/db/errors";
import { appDb } from "@/lib/app/db";
import { GET as getRunRoute } from "@/app/api/runs/[runId]/route";
import { GET as listRequirementsRoute } from "@/app/api/requirements/route";
import { inbox, pendingOf, resolveRaw, startRun } from "./api-client";
import { databaseTargets, expectJson, get, params, useOfflineModel } from "./api-harness";

/** SQL text literal: the ids are uuids, but quote anyway. */
const lit = (text: string) => `'${text.replace(/'/g, "''")}'`;

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== null)(`a corrupt row on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ""}`, () => {
    beforeAll(async () => {
      useOfflineModel();
      await target.open();
    });
    afterAll(() => target.close());
    afterEach(() => vi.restoreAllMocks());

    it("a requirement whose stored snapshot no longer parses: the run answers 500 naming the row in one log line, not 400", async () => {
      const started = await startRun("WeatherWorkflow", "Weather in Bergen?");
      const [item] = await pendingOf(started.runId);
      // Written behind the store's back, as a hand edit or a bad restore would: valid JSON, wrong shape.
      await target.exec(`UPDATE "requirements" SET "data" = '{"id": 42}' WHERE "id" = ${lit(item!.id)}`);
      const logged = vi.spyOn(console, "error").mockImplementation(() => {});

      const run = await expectJson<ApiErrorBody>(await getRunRoute(get(`/api/runs/${started.runId}`), params({ runId: started.runId })), 500);
      expect(run.error.code).toBe("internal");
      expect(run.error.message).toContain("server log names the row");
      expect(logged).toHaveBeenCalledTimes(1);
      const line = String(logged.mock.calls[0]?.[0]);
      expect(line).toMatch(/^CorruptRowError: The requirements row at position \d+ of run /);
      expect(line).toContain(started.runId);
      expect(line).not.toContain("\n");

      const answer = await expectJson<ApiErrorBody>(await resolveRaw(item!.id, { action: "confirm", version: item!.version }), 500);
      expect(answer.error.code).toBe("internal");

      const error = await appDb().getRun(started.runId).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CorruptRowError);
      expect((error as CorruptRowError).cause).toBeInstanceOf(z.ZodError);
      expect(error).toMatchObject({ table: "requirements", column: "data" });
    });

    it("a requirement row that is not JSON at all is a CorruptRowError too", async () => {
      const started = await startRun("WeatherWorkflow", "Weather in Turku?");
      const [item] = await pendingOf(started.runId);
      await target.exec(`UPDATE "requirements" SET "data" = '{"id": "cut sh' WHERE "id" = ${lit(item!.id)}`);
      vi.spyOn(console, "error").mockImplementation(() => {});
      await expectJson<ApiErrorBody>(await getRunRoute(get(`/api/runs/${started.runId}`), params({ runId: started.runId })), 500);
      const error = await appDb().getRun(started.runId).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CorruptRowError);
      expect((error as CorruptRowError).cause).toBeInstanceOf(SyntaxError);
    });

    it("an inbox item whose details do not fit its kind makes the inbox answer 500; once the row is corrected it lists again", async () => {
      const started = await startRun("WeatherWorkflow", "Weather in Oulu?");
      const [item] = await pendingOf(started.runId);
      expect(item?.kind).toBe("confirmation");
      // A tool confirmation has no details; a review's details on it mean the row was tampered with.
      await target.exec(`UPDATE "requirements" SET "details" = '{"stepOutput": "x"}' WHERE "id" = ${lit(item!.id)}`);
      const logged = vi.spyOn(console, "error").mockImplementation(() => {});
      const broken = await expectJson<ApiErrorBody>(await listRequirementsRoute(get("/api/requirements?limit=100")), 500);
      expect(broken.error.code).toBe("internal");
      expect(String(logged.mock.calls[0]?.[0])).toContain(`The requirements row ${item!.id} holds a value in its details column`);

      await target.exec(`UPDATE "requirements" SET "details" = NULL, "kind" = 'no_such_kind' WHERE "id" = ${lit(item!.id)}`);
      await expectJson<ApiErrorBody>(await listRequirementsRoute(get("/api/requirements?limit=100")), 500);
      expect(String(logged.mock.calls[1]?.[0])).toContain("kind column");

      await target.exec(`UPDATE "requirements" SET "kind" = 'confirmation' WHERE "id" = ${lit(item!.id)}`);
      expect((await inbox("?limit=100")).requirements.map((r) => r.id)).toContain(item!.id);
    });
  });
}
