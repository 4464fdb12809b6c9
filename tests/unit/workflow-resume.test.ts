import { describe, expect, it } from "vitest";
import {
  Agent,
  cancelRun,
  Condition,
  InMemoryStore,
  Loop,
  type Message,
  Parallel,
  ResumeStateError,
  Router,
  RunConflictError,
  RunStateError,
  Step,
  Steps,
  UnresolvedRequirementError,
  Workflow,
} from "@/lib/engine";
import { ScriptedModel } from "@/lib/engine/models";
import { confirmTools, counted, pending, weatherAgent } from "./workflow-fixtures";

const lastUser = (m: Message[]) => m.filter((x) => x.role === "user").at(-1)?.content ?? "";

/** An agent that answers at once, counting its turns: continuing it by mistake would show. */
function plainAgent(name: string) {
  const counts = { turns: 0 };
  const agent = new Agent({
    name,
    model: new ScriptedModel([
      (m) => {
        counts.turns++;
        return { content: `${name} read: ${lastUser(m)}` };
      },
    ]),
  });
  return { agent, counts };
}

describe("exact resume inside containers", () => {
  it("a pause in a Steps group is followed by its sibling, and earlier steps never rerun", async () => {
    const { agent, counts } = weatherAgent();
    const first = counted("first", () => "weather in Rome");
    const sibling = counted("sibling", (i) => `sibling saw ${String(i.previousStepContent)}`);
    const workflow = new Workflow({ name: "W", steps: [new Steps({ name: "group", steps: [first.step, new Step({ name: "ask", agent }), sibling.step] })] });
    const paused = await workflow.run("x");
    expect(sibling.runs()).toBe(0);
    confirmTools(paused);
    const done = await workflow.continueRun(paused);
    expect(done.content).toBe("sibling saw WeatherAgent: It is 70 degrees and cloudy in Rome");
    expect([first.runs(), sibling.runs(), counts.modelTurns]).toEqual([1, 1, 2]);
    expect(paused.status).toBe("paused");
    expect(paused.stepResults.map((r) => r.stepName)).toEqual(["first"]);
  });

  it("a Loop of 3 iterations pausing in iteration 2 then runs iteration 3", async () => {
    const turns: string[] = [];
    const agent = new Agent({
      name: "Checker",
      model: new ScriptedModel([
        (m) => {
          turns.push(lastUser(m));
          return lastUser(m).includes("iteration 2")
            ? { toolCalls: [{ name: "get_the_weather", args: { city: "Riga" } }] }
            : { content: `checked ${lastUser(m)}` };
        },
        (m) => ({ content: `checked after tool: ${m.at(-1)?.content}` }),
      ]),
      tools: [weatherAgent().agent.tools[0]!],
    });
    const counter = counted("count", (i) => `iteration ${i.iteration}`);
    const after = counted("after");
    const workflow = new Workflow({
      name: "W",
      steps: [new Loop({ name: "loop", maxIterations: 3, steps: [counter.step, new Step({ name: "check", agent })] }), after.step],
    });
    const paused = await workflow.run("start");
    expect(paused.pausedStepPath).toEqual(["loop", "check"]);
    expect(counter.runs()).toBe(2);
    confirmTools(paused);
    const done = await workflow.continueRun(paused);
    expect(done.status).toBe("completed");
    expect(counter.inputs.map((i) => i.iteration)).toEqual([1, 2, 3]);
    expect(turns).toEqual(["iteration 1", "iteration 2", "iteration 3"]);
    expect(after.runs()).toBe(1);
    const checks = done.stepResults.filter((r) => r.stepName === "check");
    expect(checks.map((r) => [r.iteration, r.status])).toEqual([
      [1, "completed"],
      [2, "completed"],
      [3, "completed"],
    ]);
    expect(checks[1]?.content).toBe("checked after tool: It is 70 degrees and cloudy in Riga");
    expect(done.stepResults.find((r) => r.stepName === "loop")?.content).toBe("checked iteration 3");
  });

  it("a Condition whose else branch holds the pausing agent continues that agent, not the if branch's", async () => {
    const ifAgent = plainAgent("IfAgent");
    const { agent: elseAgent, cities } = weatherAgent("ElseAgent");
    const tail = counted("tail", (i) => `tail: ${String(i.previousStepContent)}`);
    const workflow = new Workflow({
      name: "W",
      steps: [
        new Condition({
          name: "decide",
          evaluator: () => false,
          steps: [new Step({ name: "if_step", agent: ifAgent.agent })],
          elseSteps: [new Step({ name: "else_step", agent: elseAgent }), tail.step],
        }),
      ],
    });
    const paused = await workflow.run("weather in Quito");
    expect(paused.pausedStepPath).toEqual(["decide", "else_step"]);
    expect(paused.stepRequirements[0]?.executorName).toBe("ElseAgent");
    confirmTools(paused);
    const done = await workflow.continueRun(paused);
    expect(ifAgent.counts.turns).toBe(0);
    expect(cities).toEqual(["Quito"]);
    expect(done.content).toBe("tail: ElseAgent: It is 70 degrees and cloudy in Quito");
  });

  it("a Router whose second choice pauses continues that choice, then runs the third", async () => {
    const firstChoice = plainAgent("FirstAgent");
    const { agent: second } = weatherAgent("SecondAgent");
    const third = counted("third", (i) => `third after ${String(i.previousStepContent)}`);
    const workflow = new Workflow({
      name: "W",
      steps: [
        new Router({
          name: "route",
          selector: () => ["first", "second", "third"],
          choices: [new Step({ name: "first", agent: firstChoice.agent }), new Step({ name: "second", agent: second }), third.step],
        }),
      ],
    });
    const paused = await workflow.run("weather in Lagos");
    expect(paused.pausedStepName).toBe("second");
    expect(paused.stepRequirements[0]?.executorName).toBe("SecondAgent");
    confirmTools(paused);
    const done = await workflow.continueRun(paused);
    expect(firstChoice.counts.turns).toBe(1);
    expect(done.content).toBe("third after SecondAgent: It is 70 degrees and cloudy in Lagos");
  });

  it("two Parallel branches paused at once list both requirements and each continues its own agent", async () => {
    const a = weatherAgent("AgentA");
    const b = weatherAgent("AgentB");
    const plain = counted("plain", () => "plain result");
    const after = counted("after", (i) => i.previousStepContent ?? null);
    const workflow = new Workflow({
      name: "W",
      steps: [
        counted("intro", () => "weather in Accra").step,
        new Parallel({ name: "both", steps: [new Step({ name: "a", agent: a.agent }), plain.step, new Step({ name: "b", agent: b.agent })] }),
        after.step,
      ],
    });
    const paused = await workflow.run("go");
    const open = pending(paused);
    expect(open.map((r) => r.executorName).sort()).toEqual(["AgentA", "AgentB"]);
    expect(plain.runs()).toBe(1);

    open.find((r) => r.executorName === "AgentA")?.executorRequirements?.[0]?.confirm();
    await expect(workflow.continueRun(paused)).rejects.toThrow(UnresolvedRequirementError);
    open.find((r) => r.executorName === "AgentB")?.executorRequirements?.[0]?.reject({ note: "skip B" });
    const done = await workflow.continueRun(paused);
    expect(done.status).toBe("completed");
    expect(plain.runs()).toBe(1);
    expect([a.counts.modelTurns, b.counts.modelTurns]).toEqual([2, 2]);
    expect(a.cities).toEqual(["Accra"]);
    expect(b.cities).toEqual([]);
    const merged = done.content as Record<string, string>;
    expect(merged.a).toBe("AgentA: It is 70 degrees and cloudy in Accra");
    expect(merged.plain).toBe("plain result");
    expect(merged.b).toContain("skip B");
  });

  // Each branch finishes only once both have started: branches run one after another would never finish, and the test's
  // own time-out fails it.
  it("Parallel branches run at the same time", { timeout: 2000 }, async () => {
    let started = 0;
    let release!: () => void;
    const bothStarted = new Promise<void>((resolve) => (release = resolve));
    const branch = (name: string) =>
      new Step({
        name,
        executor: async () => {
          if (++started === 2) release();
          await bothStarted;
          return name;
        },
      });
    const workflow = new Workflow({ name: "W", steps: [new Parallel({ name: "p", steps: [branch("x"), branch("y")] })] });
    expect((await workflow.run("go")).content).toEqual({ x: "x", y: "y" });
  });

  it("a paused Parallel branch resumes while a sibling pauses again: finished branches keep their results", async () => {
    const a = weatherAgent("AgentA");
    const counter = counted("fast");
    const workflow = new Workflow({
      name: "W",
      steps: [new Parallel({ name: "p", steps: [new Step({ name: "a", agent: a.agent }), counter.step, new Step({ name: "gate", executor: () => "gated", requiresConfirmation: true })] })],
    });
    const paused = await workflow.run("weather in Kyoto");
    expect(pending(paused)).toHaveLength(2);
    confirmTools(paused);
    pending(paused).find((r) => r.requiresConfirmation)?.confirm();
    const done = await workflow.continueRun(paused);
    expect(done.content).toEqual({ a: "AgentA: It is 70 degrees and cloudy in Kyoto", fast: "fast done", gate: "gated" });
    expect(counter.runs()).toBe(1);
  });

  it("five pause/resume cycles in one run keep every requirement as history", async () => {
    const { agent } = weatherAgent();
    const workflow = new Workflow({
      name: "W",
      steps: [
        new Step({ name: "confirm_me", executor: () => "weather in Nice", requiresConfirmation: true }),
        new Step({ name: "weather", agent }),
        new Step({
          name: "ask",
          executor: (i) => `${String(i.previousStepContent)} / ${String(i.userInput?.tone)}`,
          requiresUserInput: true,
          userInputSchema: [{ name: "tone", type: "string", required: true }],
        }),
        new Step({ name: "review", executor: (i) => `reviewed ${String(i.previousStepContent)}`, requiresOutputReview: true }),
        new Router({ name: "pick", requiresUserInput: true, choices: [counted("short", () => "short").step, counted("long", () => "long").step] }),
      ],
    });
    let run = await workflow.run("go");
    const kinds: string[] = [];
    for (let cycle = 0; run.isPaused; cycle++) {
      const active = pending(run);
      expect(active).toHaveLength(1);
      const req = active[0]!;
      kinds.push(req.kind);
      if (req.kind === "executor") confirmTools(run);
      else if (req.kind === "step_user_input") req.setUserInput({ tone: "calm" });
      else if (req.kind === "route_selection") req.select("long");
      else req.confirm();
      run = await workflow.continueRun(run);
      expect(cycle).toBeLessThan(5);
    }
    expect(kinds).toEqual(["step_confirmation", "executor", "step_user_input", "output_review", "route_selection"]);
    expect(run.status).toBe("completed");
    expect(run.content).toBe("long");
    expect(run.stepRequirements).toHaveLength(5);
    expect(run.stepRequirements.every((r) => r.status === "resolved")).toBe(true);
    expect(run.stepResults.find((r) => r.stepName === "review")?.content).toBe(
      "reviewed WeatherAgent: It is 70 degrees and cloudy in Nice / calm",
    );
  });
});

describe("persistence and concurrency", () => {
  function definition(db: InMemoryStore) {
    const w = weatherAgent();
    const before = counted("before", () => "weather in Turin");
    const workflow = new Workflow({ name: "W", db, steps: [before.step, new Step({ name: "weather", agent: w.agent })] });
    return { workflow, w, before };
  }

  it("a run loaded by another Workflow object on the same db continues there", async () => {
    const db = new InMemoryStore();
    const one = definition(db);
    const paused = await one.workflow.run("go");
    const two = definition(db);
    const loaded = await two.workflow.getRun(paused.runId);
    expect(loaded?.version).toBe(paused.version);
    confirmTools(loaded!);
    const done = await two.workflow.continueRun(loaded!);
    expect(done.content).toBe("WeatherAgent: It is 70 degrees and cloudy in Turin");
    expect(two.before.runs()).toBe(0);
    expect(two.w.cities).toEqual(["Turin"]);
    const stored = await db.getRun(paused.runId);
    expect(stored?.version).toBe(done.version);
    expect(stored?.run.status).toBe("completed");
    expect(stored?.run.lease).toBeUndefined();
  });

  it("two continuers of the same paused run: exactly one wins, the other runs nothing", async () => {
    const db = new InMemoryStore();
    const { workflow, w } = definition(db);
    const paused = await workflow.run("go");
    const copyA = (await workflow.getRun(paused.runId))!;
    const copyB = (await workflow.getRun(paused.runId))!;
    confirmTools(copyA);
    confirmTools(copyB);
    const results = await Promise.allSettled([workflow.continueRun(copyA), workflow.continueRun(copyB)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const lost = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(lost.reason).toBeInstanceOf(RunConflictError);
    expect(w.counts.toolRuns).toBe(1);
  });

  it("continuing a completed run is a RunStateError", async () => {
    const workflow = new Workflow({ name: "W", steps: [counted("only").step] });
    const done = await workflow.run("x");
    await expect(workflow.continueRun(done)).rejects.toThrow(RunStateError);
  });

  it("a definition that no longer matches the saved position is a ResumeStateError and nothing is written", async () => {
    const db = new InMemoryStore();
    const { workflow } = definition(db);
    const paused = await workflow.run("go");
    confirmTools(paused);
    const changed = new Workflow({ name: "W", db, steps: [counted("before").step, counted("weather").step] });
    await expect(changed.continueRun(paused)).rejects.toThrow(ResumeStateError);
    const regrouped = new Workflow({ name: "W", db, steps: [counted("before").step, new Steps({ name: "weather", steps: [counted("x").step] })] });
    await expect(regrouped.continueRun(paused)).rejects.toThrow(/there is now Steps "weather"/);
    const shorter = new Workflow({ name: "W", db, steps: [counted("before").step] });
    await expect(shorter.continueRun(paused)).rejects.toThrow(/has 1 step/);
    expect((await db.getRun(paused.runId))?.version).toBe(paused.version);
  });

  it("a malformed saved position is refused with ResumeStateError naming where", async () => {
    const db = new InMemoryStore();
    const { workflow } = definition(db);
    const paused = await workflow.run("go");
    const json = paused.toJSON();
    await db.updateRun({ ...json, resumeState: { v: 1, root: { index: "one", outputs: [] } } }, { expectedVersion: paused.version });
    const loaded = (await workflow.getRun(paused.runId))!;
    confirmTools(loaded);
    await expect(workflow.continueRun(loaded)).rejects.toThrow(/malformed at root\.index/);
  });

  it("a run taken by a worker that died is executed again from its last checkpoint by the next taker, or cancelled", async () => {
    const db = new InMemoryStore();
    let hang = true;
    let entered = () => {};
    const first = counted("first");
    const build = () =>
      new Workflow({
        name: "W",
        db,
        steps: [
          first.step,
          new Step({
            name: "second",
            executor: () => {
              entered();
              return hang ? new Promise<string>(() => {}) : "second done";
            },
          }),
          counted("third", (i) => `third after ${String(i.previousStepContent)}`).step,
        ],
      });
    // What a lease does to the run: status running, and a new version that fences whoever held it before.
    const take = async (runId: string) => {
      const stored = (await db.getRun(runId))!;
      return db.updateRun({ ...stored.run, status: "running" }, { expectedVersion: stored.version });
    };

    const queued = await build().createRun("go");
    expect(queued.status).toBe("pending");
    const inSecond = new Promise<void>((resolve) => (entered = resolve));
    void build().execute(queued.runId, { expectedVersion: await take(queued.runId) });
    await inSecond;
    expect((await db.getRun(queued.runId))?.run.status).toBe("running");

    hang = false;
    const done = await build().execute(queued.runId, { expectedVersion: await take(queued.runId) });
    expect(done.status).toBe("completed");
    expect(done.content).toBe("third after second done");
    expect(first.runs()).toBe(1);

    hang = true;
    const again = await build().createRun("go");
    const inSecondAgain = new Promise<void>((resolve) => (entered = resolve));
    void build().execute(again.runId, { expectedVersion: await take(again.runId) });
    await inSecondAgain;
    const cancelled = await cancelRun(db, again.runId, { reason: "cancelled by ann" });
    expect(cancelled).toMatchObject({ status: "cancelled", cancelReason: "cancelled by ann" });
    await expect(cancelRun(db, again.runId, { reason: "twice" })).rejects.toThrow(RunStateError);
  });

  it("execute refuses a run whose version moved on since it was taken, and one that is not running", async () => {
    const db = new InMemoryStore();
    const { workflow } = definition(db);
    const queued = await workflow.createRun("go");
    await expect(workflow.execute(queued.runId, { expectedVersion: queued.version })).rejects.toThrow(/only a run a worker has taken/);
    await expect(workflow.execute(queued.runId, { expectedVersion: queued.version + 5 })).rejects.toThrow(RunConflictError);
  });
});
