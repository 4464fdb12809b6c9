import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type JournalEntry, RunConflictError, RunNotFoundError, type RunOutputJSON, type Store } from "@/lib/engine";
import { at, baseRun, events, everyRunShape, pausedOnTool } from "@/tests/support/db-fixtures";

/**
 * What every engine Store must do, run against each implementation: in memory (tests/unit/memory-store.test.ts), on
 * SQLite and PostgreSQL (tests/integration/db-store-contract.test.ts). Every engine unit test runs on the in-memory
 * store, so it must behave as the databases do. `open` gives an empty store; `close` releases it.
 */
export function describeStoreContract(name: string, open: () => Promise<Store>, close: (store: Store) => Promise<void> = async () => {}): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await close(store);
    });

    const eventNames = async (runId: string) => (await store.listEvents(runId)).map((e) => [e.seq, e.event]);

    it.each(everyRunShape())("a $name run reads back exactly as it was saved, at version 1", async ({ run }) => {
      expect(await store.insertRun(run, [])).toBe(1);
      expect(await store.getRun(run.runId)).toEqual({ run: { ...run, version: 1 }, version: 1 });
    });

    it("a run that was never saved reads back as null, with no events and no journal", async () => {
      expect(await store.getRun("no-such-run")).toBeNull();
      expect(await store.listEvents("no-such-run")).toEqual([]);
      expect(await store.readJournal("no-such-run")).toEqual([]);
    });

    it("a loaded run is a copy: changing it changes nothing stored", async () => {
      const run = pausedOnTool();
      await store.insertRun(run, []);
      const loaded = await store.getRun(run.runId);
      if (!loaded) throw new Error("the run just saved did not load");
      loaded.run.status = "cancelled";
      loaded.run.stepRequirements[0]!.status = "resolved";
      expect((await store.getRun(run.runId))?.run).toEqual({ ...run, version: 1 });
    });

    it("inserting a run id twice throws RunConflictError and keeps the first run and its events", async () => {
      const run = baseRun({ input: "first" });
      await store.insertRun(run, events(run.runId, ["WorkflowStarted"]));
      await expect(store.insertRun({ ...run, input: "second" }, events(run.runId, ["WorkflowStarted"]))).rejects.toBeInstanceOf(RunConflictError);
      expect((await store.getRun(run.runId))?.run.input).toBe("first");
      expect(await eventNames(run.runId)).toEqual([[1, "WorkflowStarted"]]);
    });

    it("an update replaces the snapshot, bumps the version by one, and appends its events after the earlier ones", async () => {
      const run = pausedOnTool({ status: "running", isPaused: false });
      await store.insertRun(run, events(run.runId, ["WorkflowStarted", "StepStarted"]));
      const paused = pausedOnTool({ runId: run.runId, sessionId: run.sessionId });
      expect(await store.updateRun(paused, { expectedVersion: 1, events: events(run.runId, ["StepExecutorPaused", "WorkflowPaused"], 10) })).toBe(2);
      expect(await store.getRun(run.runId)).toEqual({ run: { ...paused, version: 2 }, version: 2 });
      const done = { ...paused, status: "completed" as const, isPaused: false, stepRequirements: [] };
      expect(await store.updateRun(done, { expectedVersion: 2 })).toBe(3);
      expect(await store.getRun(run.runId)).toEqual({ run: { ...done, version: 3 }, version: 3 });
      expect(await eventNames(run.runId)).toEqual([
        [1, "WorkflowStarted"],
        [2, "StepStarted"],
        [3, "StepExecutorPaused"],
        [4, "WorkflowPaused"],
      ]);
    });

    it("an update at a stale version throws RunConflictError and writes neither the snapshot nor its events", async () => {
      const run = pausedOnTool();
      await store.insertRun(run, events(run.runId, ["WorkflowStarted"]));
      await store.updateRun({ ...run, status: "running", isPaused: false }, { expectedVersion: 1, events: events(run.runId, ["WorkflowContinued"], 5) });
      const late = { ...run, status: "cancelled" as const, isPaused: false, isCancelled: true };
      await expect(store.updateRun(late, { expectedVersion: 1, events: events(run.runId, ["WorkflowCancelled"], 9) })).rejects.toBeInstanceOf(RunConflictError);
      await expect(store.updateRun(late, { expectedVersion: 3 })).rejects.toBeInstanceOf(RunConflictError);
      const stored = await store.getRun(run.runId);
      expect([stored?.version, stored?.run.status]).toEqual([2, "running"]);
      expect(await eventNames(run.runId)).toEqual([
        [1, "WorkflowStarted"],
        [2, "WorkflowContinued"],
      ]);
    });

    it("two updates from the same version at once: exactly one wins, the other gets RunConflictError", async () => {
      const run = pausedOnTool();
      await store.insertRun(run, []);
      const claim = (host: string) => ({ ...run, status: "running" as const, isPaused: false, owner: { pid: 1, host, since: at(20) } });
      const results = await Promise.allSettled([
        store.updateRun(claim("a"), { expectedVersion: 1, events: events(run.runId, ["WorkflowContinued"]) }),
        store.updateRun(claim("b"), { expectedVersion: 1, events: events(run.runId, ["WorkflowContinued"]) }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
      const lost = results.find((r) => r.status === "rejected");
      expect(lost?.status === "rejected" && lost.reason).toBeInstanceOf(RunConflictError);
      expect((await store.getRun(run.runId))?.version).toBe(2);
      expect(await store.listEvents(run.runId)).toHaveLength(1);
    });

    it("updating a run that was never saved throws RunNotFoundError", async () => {
      const run = pausedOnTool();
      await expect(store.updateRun(run, { expectedVersion: 1, events: events(run.runId, ["WorkflowContinued"]) })).rejects.toBeInstanceOf(RunNotFoundError);
      expect(await store.getRun(run.runId)).toBeNull();
      expect(await store.listEvents(run.runId)).toEqual([]);
    });

    it("events appended between updates keep the version, number on from the log, and the next update goes after them", async () => {
      const run = baseRun();
      await store.insertRun(run, events(run.runId, ["WorkflowStarted"]));
      await store.appendEvents(run.runId, events(run.runId, ["StepStarted", "StepCompleted"], 1), { expectedVersion: 1 });
      await store.appendEvents(run.runId, events(run.runId, ["StepStarted"], 3), { expectedVersion: 1 });
      expect((await store.getRun(run.runId))?.version).toBe(1);
      expect(await store.updateRun({ ...run, status: "completed" }, { expectedVersion: 1, events: events(run.runId, ["WorkflowCompleted"], 4) })).toBe(2);
      expect(await eventNames(run.runId)).toEqual([
        [1, "WorkflowStarted"],
        [2, "StepStarted"],
        [3, "StepCompleted"],
        [4, "StepStarted"],
        [5, "WorkflowCompleted"],
      ]);
    });

    it("appending at a stale version throws RunConflictError, to a missing run RunNotFoundError, and writes nothing", async () => {
      const run = baseRun();
      await store.insertRun(run, events(run.runId, ["WorkflowStarted"]));
      await store.updateRun(run, { expectedVersion: 1 });
      await expect(store.appendEvents(run.runId, events(run.runId, ["StepStarted"]), { expectedVersion: 1 })).rejects.toBeInstanceOf(RunConflictError);
      await expect(store.appendEvents("no-such-run", events("no-such-run", ["StepStarted"]), { expectedVersion: 1 })).rejects.toBeInstanceOf(RunNotFoundError);
      expect(await eventNames(run.runId)).toEqual([[1, "WorkflowStarted"]]);
      expect(await store.listEvents("no-such-run")).toEqual([]);
    });

    it("appending no events writes nothing and checks nothing, as a flush with nothing to flush", async () => {
      const run = baseRun();
      await store.insertRun(run, events(run.runId, ["WorkflowStarted"]));
      await store.appendEvents(run.runId, [], { expectedVersion: 7 });
      await store.appendEvents("no-such-run", [], { expectedVersion: 1 });
      expect(await eventNames(run.runId)).toEqual([[1, "WorkflowStarted"]]);
      expect((await store.getRun(run.runId))?.version).toBe(1);
    });

    it("events read back as written, with the seq the store gives them (a seq passed in is ignored); afterSeq and limit page the log", async () => {
      const run = baseRun();
      const first = events(run.runId, ["WorkflowStarted", "StepStarted", "ToolCallCompleted"]).map((e) => ({ ...e, seq: 99 }));
      await store.insertRun(run, first);
      await store.appendEvents(run.runId, events(run.runId, ["StepCompleted", "WorkflowCompleted"], 3), { expectedVersion: 1 });
      const log = await store.listEvents(run.runId);
      expect(log[2]).toEqual({ event: "ToolCallCompleted", runId: run.runId, createdAt: at(2), stepName: "get_weather", result: "70 degrees", toolName: "get_the_weather", seq: 3 });
      expect(log.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
      expect((await store.listEvents(run.runId, { afterSeq: 3 })).map((e) => e.event)).toEqual(["StepCompleted", "WorkflowCompleted"]);
      expect((await store.listEvents(run.runId, { limit: 2 })).map((e) => e.seq)).toEqual([1, 2]);
      expect((await store.listEvents(run.runId, { afterSeq: 1, limit: 2 })).map((e) => e.seq)).toEqual([2, 3]);
      expect(await store.listEvents(run.runId, { afterSeq: 5 })).toEqual([]);
      // Another run's log is its own.
      const other = baseRun();
      await store.insertRun(other, events(other.runId, ["WorkflowStarted"]));
      expect((await store.listEvents(other.runId)).map((e) => [e.seq, e.runId])).toEqual([[1, other.runId]]);
    });

    it("lists a session's runs oldest first by createdAt, whatever order they were saved in, and only that session's", async () => {
      const sessionId = "session-contract";
      const later = pausedOnTool({ sessionId, createdAt: at(2000) });
      const earlier = baseRun({ sessionId, createdAt: at(1000) });
      await store.insertRun(later, []);
      await store.insertRun(baseRun({ sessionId: "another-session", createdAt: at(500) }), []);
      await store.insertRun(earlier, []);
      await store.updateRun({ ...earlier, status: "completed" }, { expectedVersion: 1 });
      const listed = await store.listSessionRuns(sessionId);
      expect(listed.map((s) => [s.run.runId, s.version, s.run.status])).toEqual([
        [earlier.runId, 2, "completed"],
        [later.runId, 1, "paused"],
      ]);
      // Listed runs are the same snapshots getRun gives (on SQLite one is read by Prisma, the other by hand-written SQL).
      expect(listed).toEqual([await store.getRun(earlier.runId), await store.getRun(later.runId)]);
      expect(await store.listSessionRuns("no-such-session")).toEqual([]);
    });

    const model: JournalEntry = { kind: "model", key: "step/ask/attempt%3A0/turn%3A1", at: at(2), response: { content: "", toolCalls: [{ id: "call_1", name: "pay", args: { amount: 40 } }] } };
    const started: JournalEntry = { kind: "started", key: "step/ask/attempt%3A0/turn%3A1/call%3Acall_1/started%3A1", at: at(3), idempotencyKey: "req-1" };
    const result: JournalEntry = { kind: "result", key: "step/ask/attempt%3A0/turn%3A1/call%3Acall_1", at: at(4), content: "sent 40", result: { sent: 40 } };
    const failed: JournalEntry = { kind: "result", key: "step/ask/attempt%3A0/turn%3A2/call%3Acall_2", at: at(5), content: "Error: boom", error: "Error: boom" };

    it("the journal reads back every kind of entry exactly as written, in time order, and per run; writing it keeps the version", async () => {
      const run = baseRun();
      const other = baseRun();
      await store.insertRun(run, []);
      await store.insertRun(other, []);
      for (const entry of [model, started, result, failed]) await store.writeJournal(run.runId, entry, { expectedVersion: 1 });
      await store.writeJournal(other.runId, model, { expectedVersion: 1 });
      expect(await store.readJournal(run.runId)).toEqual([model, started, result, failed]);
      expect(await store.readJournal(other.runId)).toEqual([model]);
      expect(await store.updateRun({ ...run, status: "completed" }, { expectedVersion: 1 })).toBe(2);
      expect(await store.readJournal(run.runId)).toEqual([model, started, result, failed]);
    });

    it("journal entries come back by their time, then by key, whatever order they were written in", async () => {
      const run = baseRun();
      await store.insertRun(run, []);
      const b: JournalEntry = { kind: "started", key: "b", at: at(7), idempotencyKey: "k-b" };
      const a: JournalEntry = { kind: "started", key: "a", at: at(7), idempotencyKey: "k-a" };
      for (const entry of [failed, b, model, a]) await store.writeJournal(run.runId, entry, { expectedVersion: 1 });
      expect((await store.readJournal(run.runId)).map((e) => e.key)).toEqual([model.key, failed.key, "a", "b"]);
    });

    it("a journal write at a stale version or to a taken key throws RunConflictError, to a missing run RunNotFoundError, and writes nothing", async () => {
      const run = baseRun();
      await store.insertRun(run, []);
      await store.writeJournal(run.runId, result, { expectedVersion: 1 });
      await expect(store.writeJournal(run.runId, { ...result, content: "sent twice" }, { expectedVersion: 1 })).rejects.toThrow(RunConflictError);
      await expect(store.writeJournal(run.runId, { ...result, content: "sent twice" }, { expectedVersion: 1 })).rejects.toThrow(/already holds an entry at/);
      await store.updateRun(run, { expectedVersion: 1 });
      await expect(store.writeJournal(run.runId, model, { expectedVersion: 1 })).rejects.toBeInstanceOf(RunConflictError);
      await expect(store.writeJournal("no-such-run", model, { expectedVersion: 1 })).rejects.toBeInstanceOf(RunNotFoundError);
      expect(await store.readJournal(run.runId)).toEqual([result]);
      expect(await store.readJournal("no-such-run")).toEqual([]);
    });

    it("keeps standalone agent runs, replaces one on a second save, and reads a missing one as null", async () => {
      const run: RunOutputJSON = {
        runId: "agent-run-1",
        executorId: "agent:WeatherAgent",
        executorName: "WeatherAgent",
        executorType: "agent",
        status: "paused",
        messages: [{ role: "user", content: "hi" }],
        requirements: [],
        state: { turns: 1, pending: [] },
        createdAt: at(0),
        updatedAt: at(1),
        sessionId: "s-1",
      };
      await store.saveAgentRun(run);
      expect(await store.getAgentRun(run.runId)).toEqual(run);
      const done: RunOutputJSON = { ...run, status: "completed", content: "done", updatedAt: at(2) };
      await store.saveAgentRun(done);
      expect(await store.getAgentRun(run.runId)).toEqual(done);
      expect(await store.getAgentRun("no-such-agent-run")).toBeNull();
    });
  });
}
