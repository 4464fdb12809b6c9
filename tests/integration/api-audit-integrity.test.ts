import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { apiPaths, runAuditResponseSchema, type AuditEntry, type RunDto } from "@/lib/contracts";
import { GET as runAuditRoute } from "@/app/api/runs/[runId]/audit/route";
import { getRun, pendingOf, resolve, resolveRaw, startRun } from "./api-client";
import { databaseTargets, expectJson, get, params, useOfflineModel, type DatabaseTarget } from "./api-harness";

/** Makes the audit log refuse every new entry, as a full disk or a broken table would. */
const REFUSE_AUDIT = {
  sqlite: `CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_entries BEGIN SELECT RAISE(ABORT, 'audit log unavailable'); END;`,
  postgres: `CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit log unavailable'; END $$;
    CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_entries FOR EACH ROW EXECUTE FUNCTION refuse_audit();`,
};
const ACCEPT_AUDIT = {
  sqlite: `DROP TRIGGER refuse_audit;`,
  postgres: `DROP TRIGGER refuse_audit ON audit_entries; DROP FUNCTION refuse_audit();`,
};

async function auditOf(runId: string): Promise<AuditEntry[]> {
  return runAuditResponseSchema.parse(await expectJson(await runAuditRoute(get(apiPaths.runAudit(runId)), params({ runId })), 200)).entries;
}

const lookups = (run: RunDto) => run.events.filter((e) => e.event === "ToolCallCompleted" && e.toolName === "get_the_weather").length;

async function whileAuditRefused<T>(target: DatabaseTarget, dialect: keyof typeof REFUSE_AUDIT, work: () => Promise<T>): Promise<T> {
  await target.exec(REFUSE_AUDIT[dialect]);
  // The server logs the 500 it answers; keep the test output readable.
  const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
  try {
    return await work();
  } finally {
    log.mockRestore();
    await target.exec(ACCEPT_AUDIT[dialect]);
  }
}

for (const target of databaseTargets) {
  const dialect = target.name === "PostgreSQL" ? "postgres" : "sqlite";
  describe.skipIf(target.skipReason !== null)(`the audit log on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ""}`, () => {
    beforeAll(async () => {
      useOfflineModel();
      await target.open();
    });
    afterAll(() => target.close());

    it("when the audit entry cannot be written, the decision is not taken: the run stays paused and the tool does not run", async () => {
      const started = await startRun("WeatherWorkflow", "What is the weather in Tokyo?");
      const [item] = await pendingOf(started.runId);
      if (!item) throw new Error("the weather run did not pause");

      const refused = await whileAuditRefused(target, dialect, () => resolveRaw(item.id, { action: "confirm", version: item.version }));
      expect(refused.status).toBe(500);

      const after = await getRun(started.runId);
      expect(after).toMatchObject({ status: "paused", version: started.version });
      expect(after.stepRequirements.at(-1)?.executorRequirements?.[0]).toMatchObject({ status: "pending" });
      expect(after.stepRequirements.at(-1)?.executorRequirements?.[0]?.resolvedBy).toBeUndefined();
      expect(lookups(after)).toBe(0);
      expect(after.events.length).toBe(started.events.length);
      expect(await auditOf(started.runId)).toEqual([]);
      expect((await pendingOf(started.runId)).map((r) => r.id)).toEqual([item.id]);

      // Once the log accepts entries again, the same answer (same version) goes through, recorded once.
      const answered = await resolve(item.id, { action: "confirm", version: item.version });
      expect(answered).toMatchObject({ continued: true, run: { status: "completed" } });
      expect(lookups(answered.run)).toBe(1);
      expect((await auditOf(started.runId)).map((e) => [e.requirementId, e.action, e.runVersion])).toEqual([[item.id, "confirm", item.version]]);
    });

    it("a partial answer (one of two requirements) is not saved without its audit entry either", async () => {
      const started = await startRun("WeatherWorkflow", "Weather in Tokyo and Paris?");
      const items = await pendingOf(started.runId);
      expect(items).toHaveLength(2);
      const [first] = items;

      const refused = await whileAuditRefused(target, dialect, () => resolveRaw(first!.id, { action: "reject", note: "not now", version: first!.version }));
      expect(refused.status).toBe(500);
      const after = await getRun(started.runId);
      expect(after.version).toBe(started.version);
      expect((await pendingOf(started.runId)).map((r) => r.id).sort()).toEqual(items.map((r) => r.id).sort());
      expect(await auditOf(started.runId)).toEqual([]);

      const answered = await resolve(first!.id, { action: "reject", note: "not now", version: first!.version });
      expect(answered).toMatchObject({ continued: false, run: { status: "paused", version: started.version + 1 } });
      expect((await auditOf(started.runId)).map((e) => [e.requirementId, e.action, e.note])).toEqual([[first!.id, "reject", "not now"]]);
    });

    it("the database itself refuses to change or delete an audit entry", async () => {
      const started = await startRun("WeatherWorkflow", "What is the weather in Lima?");
      const [item] = await pendingOf(started.runId);
      await resolve(item!.id, { action: "reject", note: "too far", version: item!.version });
      const before = await auditOf(started.runId);
      expect(before).toHaveLength(1);

      const tampering = [
        `UPDATE audit_entries SET note = 'approved, honest' WHERE run_id = '${started.runId}'`,
        `DELETE FROM audit_entries WHERE run_id = '${started.runId}'`,
        ...(dialect === "postgres" ? ["TRUNCATE audit_entries"] : []),
      ];
      for (const sql of tampering) await expect(target.exec(sql), sql).rejects.toThrow(/append-only/);
      expect(await auditOf(started.runId)).toEqual(before);
    });
  });
}
