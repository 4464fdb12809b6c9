import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import {
  Agent,
  type ExecutorRequirement,
  InMemoryStore,
  type Message,
  Parallel,
  Step,
  type Store,
  Team,
  tool,
  Workflow,
  type WorkflowEventJSON,
  type WorkflowRunOutput,
} from "@/lib/engine";
import { type Model, type ModelRequest, type ModelResponse, type ModelStreamEvent, ScriptedModel } from "@/lib/engine/models";
import { skipReason, targets } from "@/tests/support/db-targets";

// A crash is simulated as a kill -9 looks from the database: the drive stops at a model call or a tool that never
// returns, and never writes again; another "worker" takes the run (a new version fences the dead one) and drives it.

const never = <T>() => new Promise<T>(() => {});

/** Resolves once the simulated crash happened, i.e. a drive is stuck in a call that never returns. */
function crashPoint(): { reached: Promise<void>; hang<T>(): Promise<T> } {
  let reach = () => {};
  const reached = new Promise<void>((resolve) => (reach = resolve));
  return {
    reached,
    hang: <T>() => {
      reach();
      return never<T>();
    },
  };
}

/** A model whose calls are counted; call number `hangAt` never answers (the worker died while the model answered). */
class CountingModel implements Model {
  readonly id = "counting";
  readonly provider = "scripted";
  readonly requests: Message[][] = [];
  hangAt = 0;
  readonly crash = crashPoint();
  readonly #inner = new ScriptedModel([
    { toolCalls: [{ name: "look_up", args: { topic: "rates" } }] },
    { toolCalls: [{ name: "send_payment", args: { amount: 40 } }] },
    (m) => ({ content: `done after: ${m.at(-1)?.content ?? ""}` }),
  ]);

  async respond(request: ModelRequest): Promise<ModelResponse> {
    this.requests.push(request.messages.map((m) => ({ ...m })));
    if (this.requests.length === this.hangAt) return this.crash.hang();
    return this.#inner.respond(request);
  }

  stream(request: ModelRequest): AsyncIterable<ModelStreamEvent> {
    return this.#inner.stream(request);
  }
}

interface Ledger {
  lookUps: string[];
  payments: string[];
  /** Tool runs that never return (the worker died while the tool ran), by tool name, one-shot. */
  hang: Set<string>;
  crash: ReturnType<typeof crashPoint>;
}

function definition(db: Store, model: CountingModel, ledger: Ledger, options: { idempotentPayment?: boolean } = {}): Workflow {
  const lookUp = tool({
    name: "look_up",
    parameters: z.object({ topic: z.string() }),
    execute: async ({ topic }, ctx) => {
      ledger.lookUps.push(ctx.idempotencyKey);
      if (ledger.hang.delete("look_up")) return ledger.crash.hang();
      return `rates for ${topic}: 1.5%`;
    },
  });
  const sendPayment = tool({
    name: "send_payment",
    parameters: z.object({ amount: z.number() }),
    requiresConfirmation: true,
    idempotent: options.idempotentPayment ?? false,
    execute: async ({ amount }, ctx) => {
      ledger.payments.push(ctx.idempotencyKey);
      if (ledger.hang.delete("send_payment")) return ledger.crash.hang();
      return `sent ${amount}`;
    },
  });
  const agent = new Agent({ name: "Payer", model, tools: [lookUp, sendPayment] });
  return new Workflow({ name: "Journaled", db, steps: [new Step({ name: "pay", agent })] });
}

/** What a worker's lease does to the run: running, at a new version that fences whoever drove it before. */
async function take(db: Store, runId: string): Promise<number> {
  const stored = (await db.getRun(runId))!;
  return db.updateRun({ ...stored.run, status: "running" }, { expectedVersion: stored.version });
}

/** Starts a drive the test does not wait for: it may hang (a crash), and is then left behind. */
function driveAway(workflow: Workflow, runId: string, version: number): void {
  void workflow.execute(runId, { expectedVersion: version }).catch(() => undefined);
}

const openTools = (run: WorkflowRunOutput): ExecutorRequirement[] =>
  run.stepRequirements.flatMap((s) => s.executorRequirements ?? []).filter((r) => !r.isResolved);

/**
 * A stretch of a run's log as a person reads it: names and what they carry, without times and sequence numbers, and
 * with ids (which differ from run to run) numbered in the order they first appear.
 */
function comparable(events: WorkflowEventJSON[]): unknown {
  const ids = new Map<string, string>();
  const text = JSON.stringify(events.map(({ createdAt: _at, seq: _seq, durationMs: _took, ...rest }) => rest));
  return JSON.parse(text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (id) => ids.get(id) ?? ids.set(id, `id${ids.size + 1}`).get(id)!));
}

type Factory = { name: string; open(): Promise<{ db: Store; close(): Promise<void> }> };

const factories: { factory: Factory; enabled: boolean; reason?: string }[] = [
  { factory: { name: "in-memory", open: async () => ({ db: new InMemoryStore(), close: async () => {} }) }, enabled: true },
  ...targets.map(({ target, enabled }) => ({
    enabled,
    reason: skipReason,
    factory: {
      name: target.name,
      async open() {
        const created = await target.create();
        const db = target.open(created.url);
        return {
          db,
          close: async () => {
            await db.close();
            await created.drop();
          },
        };
      },
    },
  })),
];

for (const { factory, enabled, reason } of factories) {
  // Databases are shared with other test runs on a busy machine: give each case room beyond the unit default.
  describe.skipIf(!enabled)(enabled ? `${factory.name}: the journal` : `${factory.name}: ${reason}`, { timeout: 30_000 }, () => {
    let db: Store;
    let close: () => Promise<void>;
    beforeAll(async () => {
      ({ db, close } = await factory.open());
    });
    afterAll(async () => {
      await close?.();
    });

    const fresh = () => ({ model: new CountingModel(), ledger: { lookUps: [], payments: [], hang: new Set<string>(), crash: crashPoint() } as Ledger });

    /** Runs to the approval pause, approves, and queues the continuation. Returns the queued run. */
    async function toApproved(model: CountingModel, ledger: Ledger, options: { idempotentPayment?: boolean } = {}) {
      const wf = () => definition(db, model, ledger, options);
      const queued = await wf().createRun("pay the invoice");
      const paused = await wf().execute(queued.runId, { expectedVersion: await take(db, queued.runId) });
      expect(paused.status).toBe("paused");
      const loaded = (await wf().getRun(paused.runId))!;
      for (const r of openTools(loaded)) r.confirm({ by: "ann" });
      return { wf, queued: await wf().queueContinue(loaded) };
    }

    it("a run driven again after a crash while the model answered replays what was recorded: same events, same messages, one extra model call", async () => {
      const reference = fresh();
      const ref = await toApproved(reference.model, reference.ledger);
      const refDone = await ref.wf().execute(ref.queued.runId, { expectedVersion: await take(db, ref.queued.runId) });
      expect(refDone.status).toBe("completed");

      const crashed = fresh();
      const run = await toApproved(crashed.model, crashed.ledger);
      crashed.model.hangAt = 3;
      driveAway(run.wf(), run.queued.runId, await take(db, run.queued.runId));
      await crashed.model.crash.reached;
      const done = await run.wf().execute(run.queued.runId, { expectedVersion: await take(db, run.queued.runId) });

      expect(done.status).toBe("completed");
      expect(done.content).toBe("done after: sent 40");
      expect(done.content).toBe(refDone.content);
      expect(crashed.ledger.payments).toHaveLength(1);
      expect(crashed.ledger.lookUps).toHaveLength(1);
      // Ideal: 3 model calls; the crash cost the one in flight.
      expect(reference.model.requests).toHaveLength(3);
      expect(crashed.model.requests).toHaveLength(4);
      expect(crashed.model.requests[3]).toEqual(reference.model.requests[2]);
      // The dead drive's events stay in the log (they happened); the re-drive's start at its StepExecutorContinued.
      const log = await db.listEvents(run.queued.runId);
      const redriven = log.slice(log.findLastIndex((e) => e.event === "StepExecutorContinued"));
      const refEvents = await db.listEvents(ref.queued.runId);
      expect(comparable(redriven)).toEqual(comparable(refEvents.slice(refEvents.length - redriven.length)));
      expect(redriven.map((e) => e.event)).toEqual([
        "StepExecutorContinued",
        "RunContinued",
        "ToolCallStarted",
        "ToolCallCompleted",
        "RunContent",
        "RunCompleted",
        "StepCompleted",
        "WorkflowCompleted",
      ]);
    });

    it("an approved call whose worker died while it ran does not run again: the run pauses as tool_in_doubt, and retry runs it with the same key", async () => {
      const { model, ledger } = fresh();
      const run = await toApproved(model, ledger);
      ledger.hang.add("send_payment");
      driveAway(run.wf(), run.queued.runId, await take(db, run.queued.runId));
      await ledger.crash.reached;

      const inDoubt = await run.wf().execute(run.queued.runId, { expectedVersion: await take(db, run.queued.runId) });
      expect(inDoubt.status).toBe("paused");
      expect(ledger.payments).toHaveLength(1);
      const [req] = openTools(inDoubt);
      expect(req?.kind).toBe("tool_in_doubt");
      expect(req?.toolExecution).toMatchObject({ toolName: "send_payment", toolArgs: { amount: 40 } });
      expect(req?.inDoubt).toMatchObject({ attempt: 1, idempotencyKey: ledger.payments[0] });

      const loaded = (await run.wf().getRun(run.queued.runId))!;
      openTools(loaded)[0]!.retry({ by: "ann" });
      await run.wf().queueContinue(loaded);
      const done = await run.wf().execute(run.queued.runId, { expectedVersion: await take(db, run.queued.runId) });
      expect(done.status).toBe("completed");
      expect(done.content).toBe("done after: sent 40");
      expect(ledger.payments).toEqual([ledger.payments[0], ledger.payments[0]]);
      expect(model.requests).toHaveLength(3);
    });

    it("a call left in doubt can be skipped (the model is told it failed) or answered with what happened", async () => {
      for (const decide of ["skip", "result"] as const) {
        const { model, ledger } = fresh();
        const run = await toApproved(model, ledger);
        ledger.hang.add("send_payment");
        driveAway(run.wf(), run.queued.runId, await take(db, run.queued.runId));
        await ledger.crash.reached;
        await run.wf().execute(run.queued.runId, { expectedVersion: await take(db, run.queued.runId) });
        const loaded = (await run.wf().getRun(run.queued.runId))!;
        const req = openTools(loaded)[0]!;
        if (decide === "skip") req.skip({ by: "ann" });
        else req.provideResult("the bank shows the payment of 40", { by: "ann" });
        await run.wf().queueContinue(loaded);
        const done = await run.wf().execute(run.queued.runId, { expectedVersion: await take(db, run.queued.runId) });
        expect(ledger.payments).toHaveLength(1);
        expect(done.content).toBe(
          decide === "skip"
            ? "done after: Error: tool send_payment failed: the call started before a crash and left no result, and a person chose not to run it again. It may or may not have taken effect."
            : "done after: the bank shows the payment of 40",
        );
      }
    });

    it("an idempotent tool, and a tool that needed no approval, simply run again with the same key", async () => {
      const idem = fresh();
      const run = await toApproved(idem.model, idem.ledger, { idempotentPayment: true });
      idem.ledger.hang.add("send_payment");
      driveAway(run.wf(), run.queued.runId, await take(db, run.queued.runId));
      await idem.ledger.crash.reached;
      const done = await run.wf().execute(run.queued.runId, { expectedVersion: await take(db, run.queued.runId) });
      expect(done.status).toBe("completed");
      expect(idem.ledger.payments).toEqual([idem.ledger.payments[0], idem.ledger.payments[0]]);

      const plain = fresh();
      const wf = () => definition(db, plain.model, plain.ledger);
      const queued = await wf().createRun("pay the invoice");
      plain.ledger.hang.add("look_up");
      driveAway(wf(), queued.runId, await take(db, queued.runId));
      await plain.ledger.crash.reached;
      const paused = await wf().execute(queued.runId, { expectedVersion: await take(db, queued.runId) });
      expect(paused.status).toBe("paused");
      expect(openTools(paused)[0]?.kind).toBe("confirmation");
      expect(plain.ledger.lookUps).toEqual([plain.ledger.lookUps[0], plain.ledger.lookUps[0]]);
      // The first model turn was recorded before the tool ran: the re-drive replayed it and asked only for the second.
      expect(plain.model.requests).toHaveLength(2);
    });

    it("a worker that lost the run cannot write into its journal, and a place is recorded once", async () => {
      const { model, ledger } = fresh();
      const queued = await definition(db, model, ledger).createRun("x");
      const at = new Date().toISOString();
      await db.writeJournal(queued.runId, { kind: "started", key: "step/a/turn:1/call:c/started:1", at, idempotencyKey: "k" }, { expectedVersion: queued.version });
      await expect(
        db.writeJournal(queued.runId, { kind: "started", key: "step/a/turn:1/call:c/started:2", at, idempotencyKey: "k" }, { expectedVersion: queued.version + 1 }),
      ).rejects.toThrow(/changed by someone else/);
      await expect(
        db.writeJournal(queued.runId, { kind: "started", key: "step/a/turn:1/call:c/started:1", at, idempotencyKey: "other" }, { expectedVersion: queued.version }),
      ).rejects.toThrow(/already holds an entry/);
      await expect(db.writeJournal("no-such-run", { kind: "model", key: "k", at, response: { content: "", toolCalls: [] } }, { expectedVersion: 1 })).rejects.toThrow(
        /No run with id no-such-run/,
      );
      expect(await db.readJournal(queued.runId)).toEqual([{ kind: "started", key: "step/a/turn:1/call:c/started:1", at, idempotencyKey: "k" }]);
    });
  });
}

describe("the journal of a team", () => {
  it("a member's model answers and tool results are recorded below the delegate call: a crash in the member's last turn costs only that call", async () => {
    const db = new InMemoryStore();
    const calls = { leader: 0, member: 0, lookUps: 0 };
    const crash = crashPoint();
    let hangMemberCall = 2;
    const lookUp = tool({
      name: "look_up",
      parameters: z.object({ topic: z.string() }),
      execute: ({ topic }) => {
        calls.lookUps++;
        return `rates for ${topic}: 1.5%`;
      },
    });
    const inner = new ScriptedModel([{ toolCalls: [{ name: "look_up", args: { topic: "rates" } }] }, (m) => ({ content: `found: ${m.at(-1)?.content ?? ""}` })]);
    const memberModel: Model = {
      id: "member",
      provider: "scripted",
      respond: (request) => {
        calls.member++;
        return calls.member === hangMemberCall ? crash.hang() : inner.respond(request);
      },
      stream: (request) => inner.stream(request),
    };
    const leaderScript = new ScriptedModel([
      { toolCalls: [{ name: "delegate_task_to_member", args: { member_id: "Researcher", task: "find the rates" } }] },
      (m) => ({ content: `team says: ${m.at(-1)?.content ?? ""}` }),
    ]);
    const leaderModel: Model = {
      id: "leader",
      provider: "scripted",
      respond: (request) => {
        calls.leader++;
        return leaderScript.respond(request);
      },
      stream: (request) => leaderScript.stream(request),
    };
    const team = () =>
      new Team({ name: "Desk", model: leaderModel, members: [new Agent({ name: "Researcher", model: memberModel, tools: [lookUp] })] });
    const wf = () => new Workflow({ name: "TeamJournal", db, steps: [new Step({ name: "ask", team: team() })] });

    const queued = await wf().createRun("rates?");
    driveAway(wf(), queued.runId, await take(db, queued.runId));
    await crash.reached;
    hangMemberCall = 0;
    const done = await wf().execute(queued.runId, { expectedVersion: await take(db, queued.runId) });
    expect(done.content).toBe("team says: found: rates for rates: 1.5%");
    // Ideal: 2 leader calls and 2 member calls; the crash cost the member call in flight, nothing else ran twice.
    expect(calls).toEqual({ leader: 2, member: 3, lookUps: 1 });
  });
});

describe("journal places", () => {
  it("two sibling steps of the same name, and two Parallel branches of the same name, each ask the model themselves", async () => {
    let calls = 0;
    const echo = () =>
      new Agent({
        name: "Echo",
        model: new ScriptedModel([
          (m) => {
            calls++;
            return { content: `echo(${m.at(-1)?.content ?? ""})` };
          },
        ]),
      });
    const wf = new Workflow({
      name: "Twins",
      steps: [
        new Step({ name: "say", agent: echo() }),
        new Step({ name: "say", agent: echo() }),
        new Parallel({ name: "both", steps: [new Step({ name: "say", agent: echo() }), new Step({ name: "say", agent: echo() })] }),
      ],
    });
    const done = await wf.run("hi");
    expect(calls).toBe(4);
    expect(done.stepResults.filter((r) => r.stepName === "say").map((r) => r.content)).toEqual([
      "echo(hi)",
      "echo(echo(hi))",
      "echo(echo(echo(hi)))",
      "echo(echo(echo(hi)))",
    ]);
  });
});
