import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PostgresDb, SqliteDb } from "@/lib/db";
import {
  type ExecutorRequirementJSON,
  Parallel,
  RunConflictError,
  RunNotFoundError,
  type RunOutputJSON,
  Step,
  type StepRequirementJSON,
  Workflow,
} from "@/lib/engine";
import { at, baseRun, events, everyRunShape, executorRequirement, pausedOnTool } from "@/tests/support/db-fixtures";
import { skipReason, targets } from "@/tests/support/db-targets";

const clone = <T>(value: T): T => structuredClone(value);

for (const { target, enabled } of targets) {
  describe.skipIf(!enabled)(enabled ? `${target.name}: the engine's store` : `${target.name}: ${skipReason}`, () => {
    let db: SqliteDb | PostgresDb;
    let url: string;
    let drop: () => Promise<void>;
    const extra: (SqliteDb | PostgresDb)[] = [];
    const open = () => {
      const other = target.open(url);
      extra.push(other);
      return other;
    };

    beforeAll(async () => {
      ({ url, drop } = await target.create());
      db = target.open(url);
    });
    afterAll(async () => {
      await Promise.all([db, ...extra].map((d) => d?.close()));
      await drop?.();
    });

    it.each(everyRunShape())("a $name run reads back exactly as it was saved", async ({ run }) => {
      const version = await db.insertRun(run, events(run.runId, ["WorkflowStarted", "StepStarted"]));
      expect(version).toBe(1);
      expect((await open().getRun(run.runId))?.run).toEqual({ ...run, version: 1 });
    });

    it("an updated run reads back with its new state, version and appended events", async () => {
      const run = pausedOnTool({ status: "running", isPaused: false });
      await db.insertRun(run, events(run.runId, ["WorkflowStarted"]));
      const paused = pausedOnTool({ runId: run.runId, sessionId: run.sessionId });
      const v2 = await db.updateRun(paused, { expectedVersion: 1, events: events(run.runId, ["StepExecutorPaused", "WorkflowPaused"], 10) });
      expect(v2).toBe(2);
      const loaded = await open().getRun(run.runId);
      expect(loaded?.version).toBe(2);
      expect(loaded?.run).toEqual({ ...paused, version: 2 });
      const log = await db.listEvents(run.runId);
      expect(log.map((e) => [e.seq, e.event])).toEqual([
        [1, "WorkflowStarted"],
        [2, "StepExecutorPaused"],
        [3, "WorkflowPaused"],
      ]);
      expect((await db.listEvents(run.runId, { afterSeq: 2 })).map((e) => e.event)).toEqual(["WorkflowPaused"]);
    });

    it("a stale version is refused with RunConflictError and writes nothing", async () => {
      const run = pausedOnTool();
      await db.insertRun(run, events(run.runId, ["WorkflowStarted"]));
      const claimed = { ...clone(run), status: "running" as const, isPaused: false };
      await db.updateRun(claimed, { expectedVersion: 1, events: events(run.runId, ["WorkflowContinued"]) });

      const late = { ...clone(run), status: "cancelled" as const, isPaused: false, isCancelled: true };
      await expect(db.updateRun(late, { expectedVersion: 1, events: events(run.runId, ["WorkflowCancelled"]) })).rejects.toBeInstanceOf(RunConflictError);
      const stored = await db.getRun(run.runId);
      expect(stored?.version).toBe(2);
      expect(stored?.run.status).toBe("running");
      expect((await db.listEvents(run.runId)).map((e) => e.event)).toEqual(["WorkflowStarted", "WorkflowContinued"]);
    });

    it("a second database object with an older view of the run gets a conflict, not an overwrite", async () => {
      const run = pausedOnTool();
      await db.insertRun(run, []);
      const other = open();
      const loaded = await other.getRun(run.runId);
      await other.updateRun({ ...clone(run), status: "running", isPaused: false }, { expectedVersion: loaded?.version ?? 0 });
      // `db` wrote version 1 itself and still believes it is current.
      await expect(db.updateRun({ ...clone(run), status: "cancelled", isCancelled: true, isPaused: false }, { expectedVersion: 1 })).rejects.toBeInstanceOf(
        RunConflictError,
      );
      expect((await db.getRun(run.runId))?.run.status).toBe("running");
    });

    it("two claims of the same paused run at once: exactly one wins", async () => {
      for (let round = 0; round < 10; round++) {
        const run = pausedOnTool();
        await db.insertRun(run, []);
        const [a, b] = [open(), open()];
        const claim = (by: string) => ({ ...clone(run), status: "running" as const, isPaused: false, owner: { pid: process.pid, host: by, since: at(20) } });
        const results = await Promise.allSettled([
          a.updateRun(claim("a"), { expectedVersion: 1, events: events(run.runId, ["WorkflowContinued"]) }),
          b.updateRun(claim("b"), { expectedVersion: 1, events: events(run.runId, ["WorkflowContinued"]) }),
        ]);
        expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
        const lost = results.find((r) => r.status === "rejected");
        expect(lost?.status === "rejected" && lost.reason).toBeInstanceOf(RunConflictError);
        expect(await db.listEvents(run.runId)).toHaveLength(1);
      }
    });

    it("updating a run that does not exist throws RunNotFoundError", async () => {
      await expect(db.updateRun(pausedOnTool(), { expectedVersion: 1 })).rejects.toBeInstanceOf(RunNotFoundError);
    });

    it("inserting a run id twice throws RunConflictError", async () => {
      const run = baseRun();
      await db.insertRun(run, []);
      await expect(db.insertRun(run, [])).rejects.toBeInstanceOf(RunConflictError);
    });

    it("resolving one requirement of a two-requirement pause keeps the other in the inbox", async () => {
      const run = pausedOnTool({ workflowName: `TwoTools-${target.name}` });
      const group = run.stepRequirements[0] as StepRequirementJSON;
      const second = executorRequirement(run.runId, { createdAt: at(6), toolExecution: { toolCallId: "call_2", toolName: "delete_user", toolArgs: { user_id: "u1" } } });
      group.executorRequirements = [...(group.executorRequirements ?? []), second];
      await db.insertRun(run, []);
      const inbox = () => db.listPendingRequirements({ workflowName: run.workflowName, limit: 10 });
      expect((await inbox()).items.map((r) => r.toolName)).toEqual(["get_the_weather", "delete_user"]);

      const resolved = clone(run);
      const first = ((resolved.stepRequirements[0] as StepRequirementJSON).executorRequirements ?? [])[0] as ExecutorRequirementJSON;
      Object.assign(first, { status: "rejected", note: "no", resolvedBy: "bob", resolvedAt: at(30) });
      await db.updateRun(resolved, { expectedVersion: 1 });

      const items = (await inbox()).items;
      expect(items.map((r) => [r.toolName, r.version])).toEqual([["delete_user", 2]]);
      const history = await db.listRuns({ workflowName: run.workflowName, limit: 5 });
      expect(history.items[0]).toMatchObject({ decisionCount: 1, pendingCount: 1, status: "paused" });
      expect(await db.findRequirementRun(first.id)).toEqual({ runId: run.runId });
      expect(await db.findRequirementRun(group.id)).toEqual({ runId: run.runId });
      expect(await db.findRequirementRun("no-such-requirement")).toBeNull();
    });

    it("a requirement left undecided when its run ended is no inbox item and no open count, but the run keeps it as it was", async () => {
      const workflowName = `EndsWhileWaiting-${target.name}`;
      const workflow = new Workflow({
        name: workflowName,
        db,
        steps: [
          new Parallel({
            name: "both",
            steps: [
              new Step({ name: "gated", requiresConfirmation: true, executor: () => "sent" }),
              new Step({ name: "fails", executor: () => { throw new Error("the upstream service is down"); } }),
            ],
          }),
        ],
      });
      const ended = await workflow.run("go");
      expect(ended.status).toBe("error");
      const [waiting] = ended.stepRequirements;
      expect(waiting).toMatchObject({ stepName: "gated", status: "pending" });

      expect((await db.listPendingRequirements({ workflowName, limit: 10 })).items).toEqual([]);
      expect((await db.listRuns({ workflowName, limit: 5 })).items[0]).toMatchObject({ status: "error", pendingCount: 0, decisionCount: 0 });
      expect((await open().getRun(ended.runId))?.run.stepRequirements).toEqual(ended.toJSON().stepRequirements);
    });

    it("finds the runs whose gate timed out, and not those still waiting", async () => {
      const gate = (timeoutAt: string) => {
        const run = everyRunShape().find((s) => s.name === "step confirmation")?.run ?? baseRun();
        (run.stepRequirements[0] as StepRequirementJSON).timeoutAt = timeoutAt;
        return run;
      };
      const expired = gate("2020-01-01T00:00:00.000Z");
      const waiting = gate("2999-01-01T00:00:00.000Z");
      await db.insertRun(expired, []);
      await db.insertRun(waiting, []);
      const due = await db.listRunsWithExpiredGates(new Date(), 100);
      expect(due).toContain(expired.runId);
      expect(due).not.toContain(waiting.runId);
    });

    it("a page of timed-out runs holds that many different runs, soonest expired first, however many requirements each has", async () => {
      const runs = [3, 1, 2].map((second) => {
        const run = pausedOnTool();
        const group = run.stepRequirements[0] as StepRequirementJSON;
        group.timeoutAt = `2001-01-01T00:00:0${second}.000Z`;
        for (let i = 0; i < 5; i++) group.executorRequirements?.push(executorRequirement(run.runId));
        return run;
      });
      for (const run of runs) await db.insertRun(run, []);
      const [third, first, second] = runs.map((r) => r.runId);
      const now = new Date("2001-06-01T00:00:00.000Z");
      expect(await db.listRunsWithExpiredGates(now, 2)).toEqual([first, second]);
      expect(await db.listRunsWithExpiredGates(now, 3)).toEqual([first, second, third]);
    });

    it("lists a session's runs oldest first", async () => {
      const sessionId = `session-${target.name}-${Date.now()}`;
      const later = baseRun({ sessionId, createdAt: at(2000) });
      const earlier = baseRun({ sessionId, createdAt: at(1000) });
      await db.insertRun(later, []);
      await db.insertRun(earlier, []);
      expect((await db.listSessionRuns(sessionId)).map((s) => s.run.runId)).toEqual([earlier.runId, later.runId]);
    });

    it("the journal: entries read back as written, from any connection; a stale version or a taken place writes nothing", async () => {
      const run = baseRun({ status: "running", isPaused: false });
      await db.insertRun(run, []);
      const model = { kind: "model" as const, key: "step/ask/attempt%3A0/turn%3A1", at: at(2), response: { content: "", toolCalls: [{ id: "call_1", name: "pay", args: { amount: 40 } }] } };
      const started = { kind: "started" as const, key: "step/ask/attempt%3A0/turn%3A1/call%3Acall_1/started%3A1", at: at(3), idempotencyKey: "req-1" };
      const result = { kind: "result" as const, key: "step/ask/attempt%3A0/turn%3A1/call%3Acall_1", at: at(4), content: "sent 40", result: "sent 40" };
      for (const entry of [model, started, result]) await db.writeJournal(run.runId, entry, { expectedVersion: 1 });
      expect(await open().readJournal(run.runId)).toEqual([model, started, result]);

      await expect(db.writeJournal(run.runId, { ...result, key: "other" }, { expectedVersion: 2 })).rejects.toThrow(RunConflictError);
      await expect(open().writeJournal(run.runId, { ...result, content: "sent twice" }, { expectedVersion: 1 })).rejects.toThrow(/already holds an entry/);
      await expect(db.writeJournal("missing-run", model, { expectedVersion: 1 })).rejects.toThrow(RunNotFoundError);
      // A journal write does not move the version: the worker's next save still goes through.
      expect(await db.updateRun({ ...run, status: "completed" }, { expectedVersion: 1 })).toBe(2);
      expect(await db.readJournal(run.runId)).toEqual([model, started, result]);
      expect(await db.readJournal("missing-run")).toEqual([]);
    });

    it("a call left in doubt is an inbox item of kind tool_in_doubt that explains itself", async () => {
      const run = pausedOnTool();
      const req = run.stepRequirements[0]!.executorRequirements![0]!;
      Object.assign(req, { needsConfirmation: false, inDoubt: { attempt: 1, idempotencyKey: "req-1", startedAt: at(3) } });
      await db.insertRun(run, []);
      const page = await db.listPendingRequirements({ workflowName: run.workflowName, limit: 500 });
      const item = page.items.find((i) => i.id === req.id);
      expect(item).toMatchObject({ kind: "tool_in_doubt", toolName: "get_the_weather", toolArgs: { city: "Tokyo" }, details: { attempt: 1, idempotencyKey: "req-1", startedAt: at(3) } });
      expect(item?.message).toMatch(/^This call started before a crash and left no result/);
      expect((await open().getRun(run.runId))?.run).toEqual({ ...run, version: 1 });
    });

    it("keeps standalone agent runs and replaces them on save", async () => {
      const run: RunOutputJSON = {
        runId: `agent-${Date.now()}`,
        executorId: "a1",
        executorName: "WeatherAgent",
        executorType: "agent",
        status: "paused",
        messages: [{ role: "user", content: "hi" }],
        requirements: [],
        state: { pending: [] },
        createdAt: at(0),
        updatedAt: at(1),
      };
      await db.saveAgentRun(run);
      await db.saveAgentRun({ ...run, status: "completed", content: "done" });
      expect(await open().getAgentRun(run.runId)).toEqual({ ...run, status: "completed", content: "done" });
      expect(await db.getAgentRun("missing")).toBeNull();
    });

    it("leases: a pending run is taken once; a held lease keeps others out until it expires; a takeover counts a recovery and fences the first holder", async () => {
      const workflowName = `Leases-${target.name}`;
      const leases = db.leases();
      const t0 = new Date("2026-12-01T10:00:00.000Z");
      const plus = (ms: number) => new Date(t0.getTime() + ms);
      const run = baseRun({ workflowName, status: "pending", createdAt: at(1) });
      await db.insertRun(run, []);
      expect(await leases.listRunnable(t0, 100)).toContain(run.runId);

      const [a, b] = await Promise.all([leases.take(run.runId, "worker-a", plus(30_000), t0), open().leases().take(run.runId, "worker-b", plus(30_000), t0)]);
      const winner = a ? "worker-a" : "worker-b";
      expect([a, b].filter((x) => x !== null)).toEqual([{ version: 2, recoveries: 0 }]);
      const held = await open().getRun(run.runId);
      expect(held?.run).toMatchObject({ status: "running", lease: { owner: winner, expiresAt: "2026-12-01T10:00:30.000Z" } });
      expect(held?.run.recoveries).toBeUndefined();
      expect(await leases.listRunnable(plus(10_000), 100)).not.toContain(run.runId);
      expect(await leases.take(run.runId, "worker-c", plus(40_000), plus(10_000))).toBeNull();

      expect(await leases.renew(run.runId, winner, plus(60_000))).toBe(true);
      expect(await leases.renew(run.runId, "worker-c", plus(90_000))).toBe(false);
      expect(await leases.take(run.runId, "worker-c", plus(70_000), plus(45_000))).toBeNull();
      expect((await leases.nextExpiry())?.getTime()).toBeLessThanOrEqual(plus(60_000).getTime());

      // The holder stops renewing: once the lease has expired another worker takes the run over.
      expect(await leases.listRunnable(plus(61_000), 100)).toContain(run.runId);
      expect(await leases.take(run.runId, "worker-c", plus(91_000), plus(61_000))).toEqual({ version: 3, recoveries: 1 });
      expect(await leases.renew(run.runId, winner, plus(120_000))).toBe(false);
      const stale = { ...(await db.getRun(run.runId))!.run, status: "completed" as const };
      await expect(db.updateRun(stale, { expectedVersion: 2 })).rejects.toThrow(RunConflictError);
      await expect(db.appendEvents(run.runId, events(run.runId, ["StepStarted"]), { expectedVersion: 2 })).rejects.toThrow(RunConflictError);

      // The run pauses: the lease and the count of recoveries are cleared with that save.
      await db.appendEvents(run.runId, events(run.runId, ["StepStarted"]), { expectedVersion: 3 });
      await db.updateRun({ ...stale, status: "paused", isPaused: true }, { expectedVersion: 3, events: events(run.runId, ["WorkflowPaused"]) });
      const paused = (await open().getRun(run.runId))!.run;
      expect(paused.lease).toBeUndefined();
      expect(paused.recoveries).toBeUndefined();
      expect((await db.listEvents(run.runId)).map((e) => [e.seq, e.event])).toEqual([[1, "StepStarted"], [2, "WorkflowPaused"]]);
      expect(await leases.take(run.runId, "worker-d", plus(200_000), plus(100_000))).toBeNull();
    });
  });
}
