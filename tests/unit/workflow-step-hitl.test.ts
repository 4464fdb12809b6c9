import { describe, expect, it } from "vitest";
import {
  Agent,
  Condition,
  DefinitionError,
  InMemoryStore,
  InvalidUserInputError,
  Loop,
  type Message,
  nextTimeoutAt,
  Parallel,
  RequirementStateError,
  Router,
  Step,
  Steps,
  UnresolvedRequirementError,
  Workflow,
} from "@/lib/engine";
import { ScriptedModel } from "@/lib/engine/models";
import { collect, counted, names, pending } from "./workflow-fixtures";

const echoAgent = (seen: string[]) =>
  new Agent({
    name: "Writer",
    model: new ScriptedModel(
      Array.from({ length: 8 }, () => (m: Message[]) => {
        const text = m.filter((x) => x.role === "user").at(-1)?.content ?? "";
        seen.push(text);
        return { content: `draft ${seen.length}` };
      }),
    ),
  });

describe("step confirmation", () => {
  function build(onReject?: "skip" | "cancel" | "retry") {
    const gated = counted("gated", () => "gated ran");
    const gatedStep = new Step({ name: "gated", executor: gated.step.executor!, requiresConfirmation: true, confirmationMessage: "Run it?", ...(onReject && { onReject }) });
    const after = counted("after", (i) => `after got ${String(i.previousStepContent)}`);
    const workflow = new Workflow({ name: "W", steps: [counted("first", () => "first out").step, gatedStep, after.step] });
    return { workflow, gated, after };
  }

  it("confirming runs the step", async () => {
    const { workflow, gated } = build();
    const paused = await workflow.run("x");
    expect(paused.pauseKind).toBe("step");
    const req = pending(paused)[0]!;
    expect(req).toMatchObject({ requiresConfirmation: true, confirmationMessage: "Run it?", kind: "step_confirmation", stepName: "gated" });
    expect(gated.runs()).toBe(0);
    req.confirm({ by: "bob" });
    const done = await workflow.continueRun(paused);
    expect(done.content).toBe("after got gated ran");
    expect(done.stepRequirements[0]).toMatchObject({ confirmed: true, resolvedBy: "bob", resolution: "confirm" });
  });

  it("rejecting with onReject skip goes on without it, the next step gets the earlier output", async () => {
    const { workflow, gated } = build("skip");
    const paused = await workflow.run("x");
    pending(paused)[0]!.reject({ note: "no" });
    const done = await workflow.continueRun(paused);
    expect(gated.runs()).toBe(0);
    expect(done.content).toBe("after got first out");
    expect(done.stepResults.find((r) => r.stepName === "gated")?.status).toBe("skipped");
  });

  it("rejecting with onReject cancel ends the run cancelled and names the step", async () => {
    const { workflow, after } = build("cancel");
    const paused = await workflow.run("x");
    pending(paused)[0]!.reject({ note: "too risky", by: "carol" });
    const done = await workflow.continueRun(paused);
    expect(done.status).toBe("cancelled");
    expect(done.isCancelled).toBe(true);
    expect(done.cancelledStepName).toBe("gated");
    expect(done.cancelReason).toBe("Rejected by carol: too risky");
    expect(after.runs()).toBe(0);
    expect(done.stepResults.map((r) => [r.stepName, r.status])).toEqual([
      ["first", "completed"],
      ["gated", "cancelled"],
    ]);
  });

  it("rejecting with onReject retry asks again, and the second answer counts", async () => {
    const { workflow, gated } = build("retry");
    let run = await workflow.run("x");
    pending(run)[0]!.reject({ note: "not yet" });
    run = await workflow.continueRun(run);
    expect(run.isPaused).toBe(true);
    expect(run.stepRequirements).toHaveLength(2);
    pending(run)[0]!.confirm();
    run = await workflow.continueRun(run);
    expect(run.content).toBe("after got gated ran");
    expect(gated.runs()).toBe(1);
  });

  it("a Condition's onReject else runs elseSteps; confirming runs steps", async () => {
    const build2 = () => {
      const yes = counted("yes");
      const no = counted("no");
      const workflow = new Workflow({ name: "W", steps: [new Condition({ name: "c", requiresConfirmation: true, steps: [yes.step], elseSteps: [no.step] })] });
      return { workflow, yes, no };
    };
    const a = build2();
    const pa = await a.workflow.run("x");
    pending(pa)[0]!.reject();
    expect((await a.workflow.continueRun(pa)).content).toBe("no done");
    expect([a.yes.runs(), a.no.runs()]).toEqual([0, 1]);
    const b = build2();
    const pb = await b.workflow.run("x");
    pending(pb)[0]!.confirm();
    expect((await b.workflow.continueRun(pb)).content).toBe("yes done");
  });

  it("a gate on a container (Steps, Loop, Router) pauses before any of its steps", async () => {
    const inner = counted("inner");
    const workflow = new Workflow({
      name: "W",
      steps: [
        new Steps({ name: "group", requiresConfirmation: true, steps: [inner.step] }),
        new Loop({ name: "loop", requiresConfirmation: true, onReject: "skip", maxIterations: 2, steps: [counted("body").step] }),
        new Router({ name: "route", requiresConfirmation: true, selector: () => "r1", choices: [counted("r1").step] }),
      ],
    });
    let run = await workflow.run("x");
    expect(inner.runs()).toBe(0);
    expect(run.pausedStepName).toBe("group");
    pending(run)[0]!.confirm();
    run = await workflow.continueRun(run);
    expect(run.pausedStepName).toBe("loop");
    pending(run)[0]!.reject();
    run = await workflow.continueRun(run);
    expect(run.pausedStepName).toBe("route");
    pending(run)[0]!.confirm();
    run = await workflow.continueRun(run);
    expect(run.content).toBe("r1 done");
    expect(run.stepResults.find((r) => r.stepName === "loop")?.status).toBe("skipped");
  });

  it("a gate deep inside containers pauses and resumes there", async () => {
    const deep = counted("deep");
    const workflow = new Workflow({
      name: "W",
      steps: [new Steps({ name: "outer", steps: [new Loop({ name: "loop", maxIterations: 1, steps: [new Step({ name: "deep", executor: deep.step.executor!, requiresConfirmation: true })] })] })],
    });
    const paused = await workflow.run("x");
    expect(paused.pausedStepPath).toEqual(["outer", "loop", "deep"]);
    pending(paused)[0]!.confirm();
    expect((await workflow.continueRun(paused)).content).toBe("deep done");
  });
});

describe("step user input", () => {
  const schema = [
    { name: "tone", type: "string" as const, required: true, allowedValues: ["calm", "bold"] },
    { name: "words", type: "integer" as const },
  ];

  it("validates values: required, type and allowed values", async () => {
    const workflow = new Workflow({ name: "W", steps: [new Step({ name: "write", executor: () => "x", requiresUserInput: true, userInputSchema: schema })] });
    const paused = await workflow.run("x");
    const req = pending(paused)[0]!;
    expect(() => req.setUserInput({ words: 3 })).toThrow(/tone.*required/);
    expect(() => req.setUserInput({ tone: "loud" })).toThrow(InvalidUserInputError);
    expect(() => req.setUserInput({ tone: "calm", words: 2.5 })).toThrow(/integer/);
    expect(req.isResolved).toBe(false);
    await expect(workflow.continueRun(paused)).rejects.toThrow(UnresolvedRequirementError);
  });

  it("values reach an executor as stepInput.userInput and an agent in its message", async () => {
    const seen: string[] = [];
    const fn = counted("fn", (i) => `tone=${String(i.userInput?.tone)}`);
    const workflow = new Workflow({
      name: "W",
      steps: [
        new Step({ name: "fn", executor: fn.step.executor!, requiresUserInput: true, userInputSchema: schema, userInputMessage: "How?" }),
        new Step({ name: "agent", agent: echoAgent(seen), requiresUserInput: true, userInputSchema: schema }),
      ],
    });
    let run = await workflow.run("x");
    expect(pending(run)[0]).toMatchObject({ requiresUserInput: true, userInputMessage: "How?", kind: "step_user_input" });
    pending(run)[0]!.setUserInput({ tone: "calm", words: 5 });
    run = await workflow.continueRun(run);
    expect(fn.inputs[0]?.userInput).toEqual({ tone: "calm", words: 5 });
    pending(run)[0]!.setUserInput({ tone: "bold" });
    run = await workflow.continueRun(run);
    expect(seen[0]).toBe("tone=calm\n\nUser input:\n- tone: bold");
    expect(run.stepRequirements[1]?.userInput).toEqual({ tone: "bold" });
  });
});

describe("output review", () => {
  it("confirm keeps the output, edit replaces it", async () => {
    const make = () =>
      new Workflow({
        name: "W",
        steps: [new Step({ name: "draft", executor: () => "v1", requiresOutputReview: true, outputReviewMessage: "Good?" }), counted("next", (i) => `next: ${String(i.previousStepContent)}`).step],
      });
    const a = make();
    const pa = await a.run("x");
    expect(pending(pa)[0]).toMatchObject({ requiresOutputReview: true, stepOutput: "v1", outputReviewMessage: "Good?", kind: "output_review" });
    pending(pa)[0]!.confirm();
    expect((await a.continueRun(pa)).content).toBe("next: v1");
    const b = make();
    const pb = await b.run("x");
    pending(pb)[0]!.edit("v1 edited", { by: "dana" });
    const done = await b.continueRun(pb);
    expect(done.content).toBe("next: v1 edited");
    expect(done.stepResults.find((r) => r.stepName === "draft")?.content).toBe("v1 edited");
    expect(done.stepRequirements[0]).toMatchObject({ editedOutput: "v1 edited", resolvedBy: "dana" });
  });

  it("reject reruns the step with the feedback and its previous output, up to maxRetries, then cancels", async () => {
    const seen: string[] = [];
    const workflow = new Workflow({ name: "W", steps: [new Step({ name: "draft", agent: echoAgent(seen), requiresOutputReview: true, maxRetries: 2 })] });
    let run = await workflow.run("Write a haiku");
    for (let i = 1; i <= 2; i++) {
      expect(pending(run)[0]).toMatchObject({ stepOutput: `draft ${i}`, retryCount: i - 1, maxRetries: 2 });
      pending(run)[0]!.reject({ feedback: `shorter please (${i})` });
      run = await workflow.continueRun(run);
    }
    expect(seen[1]).toBe("Write a haiku\n\nFeedback:\nshorter please (1)\n\nPrevious output:\ndraft 1");
    expect(pending(run)[0]).toMatchObject({ stepOutput: "draft 3", retryCount: 2 });
    pending(run)[0]!.reject({ feedback: "still no" });
    run = await workflow.continueRun(run);
    expect(run.status).toBe("cancelled");
    expect(run.cancelledStepName).toBe("draft");
    expect(run.cancelReason).toMatch(/maxRetries \(2\)/);
    expect(seen).toHaveLength(3);
  });

  it("an executor function gets feedback and previousOutput on a retry; a predicate decides when to review", async () => {
    const fn = counted("fn", (i) => (i.feedback ? "fixed" : "bad"));
    const workflow = new Workflow({ name: "W", steps: [new Step({ name: "fn", executor: fn.step.executor!, requiresOutputReview: (o) => o === "bad" })] });
    const paused = await workflow.run("x");
    pending(paused)[0]!.reject({ feedback: "fix it" });
    const done = await workflow.continueRun(paused);
    expect(done.content).toBe("fixed");
    expect(fn.inputs[1]).toMatchObject({ feedback: "fix it", previousOutput: "bad" });
  });
});

describe("router output review", () => {
  it("rejecting asks a person to pick the route again and runs the pick with the feedback; confirming keeps it", async () => {
    const route = counted("route_a", (i) => (i.feedback ? `a with ${i.feedback}` : "a"));
    const other = counted("route_b");
    const workflow = new Workflow({
      name: "W",
      steps: [new Router({ name: "r", selector: () => "route_a", choices: [route.step, other.step], requiresOutputReview: true, maxRetries: 1 })],
    });
    let run = await workflow.run("x");
    expect(pending(run)[0]).toMatchObject({ kind: "output_review", stepName: "r", stepOutput: "a", selectedChoices: ["route_a"] });
    pending(run)[0]!.reject({ feedback: "be precise" });
    run = await workflow.continueRun(run);
    expect(pending(run)[0]).toMatchObject({ kind: "route_selection", rejectionFeedback: "be precise", selectedChoices: ["route_a"] });
    pending(run)[0]!.select("route_a");
    run = await workflow.continueRun(run);
    expect(pending(run)[0]).toMatchObject({ stepOutput: "a with be precise", retryCount: 1 });
    pending(run)[0]!.confirm();
    run = await workflow.continueRun(run);
    expect(run.content).toBe("a with be precise");
    expect([route.runs(), other.runs()]).toEqual([2, 0]);
  });
});

describe("router selection", () => {
  const build = (allowMultipleSelections: boolean) => {
    const a = counted("a", (i) => `a(${String(i.previousStepContent ?? i.input)})`);
    const b = counted("b", (i) => `b(${String(i.previousStepContent ?? i.input)})`);
    const c = counted("c", (i) => `c(${String(i.previousStepContent ?? i.input)})`);
    const workflow = new Workflow({
      name: "W",
      steps: [new Router({ name: "pick", requiresUserInput: true, allowMultipleSelections, userInputMessage: "Which?", choices: [a.step, b.step, c.step] })],
    });
    return { workflow, a, b, c };
  };

  it("a single selection runs the picked choice only", async () => {
    const { workflow, a, b } = build(false);
    const events = await collect(workflow.run("in", { stream: true }));
    expect(names(events)).toContain("RouterPaused");
    const run = (await workflow.getSession())!.runs.at(-1)!;
    const req = pending(run)[0]!;
    expect(req).toMatchObject({ requiresRouteSelection: true, availableChoices: ["a", "b", "c"], allowMultipleSelections: false });
    expect(() => req.select("a", "b")).toThrow(/exactly one/);
    expect(() => req.select("zzz")).toThrow(/not a choice/);
    req.select("b");
    const done = await workflow.continueRun(run);
    expect(done.content).toBe("b(in)");
    expect([a.runs(), b.runs()]).toEqual([0, 1]);
  });

  it("a multiple selection runs the choices in the order picked", async () => {
    const { workflow, a } = build(true);
    const run = await workflow.run("in");
    pending(run)[0]!.select("c", "a", { by: "erin" });
    const done = await workflow.continueRun(run);
    expect(done.content).toBe("a(c(in))");
    expect(a.runs()).toBe(1);
    expect(done.stepRequirements[0]).toMatchObject({ selectedChoices: ["c", "a"], resolvedBy: "erin" });
  });
});

describe("loop iteration review", () => {
  it("reject with feedback runs another iteration with it; confirm stops the loop", async () => {
    const body = counted("body", (i) => `iteration ${i.iteration} feedback=${i.feedback ?? "-"}`);
    const after = counted("after");
    const workflow = new Workflow({ name: "W", steps: [new Loop({ name: "loop", maxIterations: 5, requiresIterationReview: true, steps: [body.step] }), after.step] });
    let run = await workflow.run("x");
    expect(pending(run)[0]).toMatchObject({ requiresIterationReview: true, iteration: 1, kind: "iteration_review", stepOutput: "iteration 1 feedback=-" });
    pending(run)[0]!.reject({ feedback: "more detail" });
    run = await workflow.continueRun(run);
    expect(pending(run)[0]?.iteration).toBe(2);
    pending(run)[0]!.confirm();
    run = await workflow.continueRun(run);
    expect(run.status).toBe("completed");
    expect(body.inputs.map((i) => i.feedback)).toEqual([undefined, "more detail"]);
    expect(run.stepResults.find((r) => r.stepName === "loop")?.content).toBe("iteration 2 feedback=more detail");
    expect(after.runs()).toBe(1);
  });

  it("an endCondition ends the loop without asking", async () => {
    const body = counted("body", (i) => i.iteration ?? 0);
    const workflow = new Workflow({ name: "W", steps: [new Loop({ name: "loop", maxIterations: 10, endCondition: (outs) => outs[0]?.content === 3, steps: [body.step] })] });
    const done = await workflow.run("x");
    expect(done.content).toBe(3);
    expect(body.runs()).toBe(3);
  });
});

describe("gate timeouts", () => {
  it("an expired iteration review with onTimeout cancel cancels the run; a route selection with skip skips the router", async () => {
    const t0 = new Date("2026-01-01T10:00:00Z");
    const later = () => new Date("2026-01-01T11:00:00Z");
    const loop = new Workflow({ name: "W", steps: [new Loop({ name: "loop", maxIterations: 3, requiresIterationReview: true, timeout: 30, onTimeout: "cancel", steps: [counted("b").step] })] });
    const cancelled = await loop.continueRun(await loop.run("x", { now: () => t0 }), { now: later });
    expect(cancelled).toMatchObject({ status: "cancelled", cancelledStepName: "loop" });
    const router = new Workflow({ name: "W", steps: [counted("first", () => "first").step, new Router({ name: "r", requiresUserInput: true, timeout: 30, choices: [counted("c").step] })] });
    const skipped = await router.continueRun(await router.run("x", { now: () => t0 }), { now: later });
    expect(skipped).toMatchObject({ status: "completed", content: "first" });
    expect(skipped.stepResults.find((r) => r.stepName === "r")?.status).toBe("skipped");
  });

  const t0 = new Date("2026-01-01T10:00:00Z");
  const later = () => new Date("2026-01-01T10:05:00Z");

  const build = (onTimeout: "approve" | "skip" | "cancel") => {
    const gated = counted("gated");
    const workflow = new Workflow({
      name: "W",
      steps: [
        counted("first", () => "first").step,
        new Step({ name: "gated", executor: gated.step.executor!, requiresConfirmation: true, timeout: 60, onTimeout }),
        counted("last", (i) => `last after ${String(i.previousStepContent)}`).step,
      ],
    });
    return { workflow, gated };
  };

  it("a gate gets timeoutAt; continuing before it expires is refused, nextTimeoutAt says when", async () => {
    const { workflow } = build("approve");
    const paused = await workflow.run("x", { now: () => t0 });
    expect(pending(paused)[0]?.timeoutAt).toBe("2026-01-01T10:01:00.000Z");
    expect(nextTimeoutAt(paused)?.toISOString()).toBe("2026-01-01T10:01:00.000Z");
    await expect(workflow.continueRun(paused, { now: () => t0 })).rejects.toThrow(UnresolvedRequirementError);
  });

  it("onTimeout approve runs the step", async () => {
    const { workflow, gated } = build("approve");
    const done = await workflow.continueRun(await workflow.run("x", { now: () => t0 }), { now: later });
    expect(done.content).toBe("last after gated done");
    expect(gated.runs()).toBe(1);
    expect(done.stepRequirements[0]).toMatchObject({ status: "timed_out", resolution: "timeout" });
  });

  it("onTimeout skip goes on without the step", async () => {
    const { workflow, gated } = build("skip");
    const done = await workflow.continueRun(await workflow.run("x", { now: () => t0 }), { now: later });
    expect(done.content).toBe("last after first");
    expect(gated.runs()).toBe(0);
  });

  it("onTimeout cancel ends the run cancelled", async () => {
    const { workflow } = build("cancel");
    const done = await workflow.continueRun(await workflow.run("x", { now: () => t0 }), { now: later });
    expect(done.status).toBe("cancelled");
    expect(done.cancelledStepName).toBe("gated");
    expect(done.cancelReason).toMatch(/before its timeout/);
  });
});

describe("errors", () => {
  const flaky = () => {
    let calls = 0;
    const step = (onError: "fail" | "skip" | "pause") =>
      new Step({
        name: "flaky",
        onError,
        executor: () => {
          calls++;
          if (calls === 1) throw new Error("service unavailable");
          return "recovered";
        },
      });
    return { step, calls: () => calls };
  };

  it("an error ends the run with status error and the message; earlier results stay", async () => {
    const f = flaky();
    const after = counted("after");
    const workflow = new Workflow({ name: "W", steps: [counted("first").step, f.step("fail"), after.step] });
    const done = await workflow.run("x");
    expect(done.status).toBe("error");
    expect(done.error).toContain("service unavailable");
    expect(done.stepResults.map((r) => [r.stepName, r.status])).toEqual([
      ["first", "completed"],
      ["flaky", "error"],
    ]);
    expect(after.runs()).toBe(0);
  });

  it("onError skip goes on", async () => {
    const workflow = new Workflow({ name: "W", steps: [counted("first", () => "first").step, flaky().step("skip"), counted("after", (i) => String(i.previousStepContent)).step] });
    expect((await workflow.run("x")).content).toBe("first");
  });

  it("onError pause: retry reruns the step", async () => {
    const f = flaky();
    const workflow = new Workflow({ name: "W", steps: [f.step("pause")] });
    const paused = await workflow.run("x");
    expect(paused.pauseKind).toBe("error");
    const [req] = paused.errorRequirements;
    expect(req).toMatchObject({ stepName: "flaky", errorMessage: "service unavailable", status: "pending" });
    await expect(workflow.continueRun(paused)).rejects.toThrow(UnresolvedRequirementError);
    req!.retry({ by: "ops" });
    const done = await workflow.continueRun(paused);
    expect(done.content).toBe("recovered");
    expect(f.calls()).toBe(2);
    expect(done.errorRequirements[0]).toMatchObject({ action: "retry", resolvedBy: "ops" });
  });

  it("a step's executor is told which attempt it is: 1, then 2 after a person chose retry, also when continued by a rebuilt workflow", async () => {
    const seen: (number | undefined)[] = [];
    const build = () =>
      new Workflow({
        name: "W",
        db: store,
        steps: [
          new Step({
            name: "checks",
            onError: "pause",
            executor: ({ attempt }) => {
              seen.push(attempt);
              if (attempt === 1) throw new Error("integration tests failed");
              return `passed on attempt ${attempt}`;
            },
          }),
        ],
      });
    const store = new InMemoryStore();
    const paused = await build().run("x");
    const loaded = await build().getRun(paused.runId);
    loaded!.errorRequirements[0]!.retry();
    expect((await build().continueRun(loaded!)).content).toBe("passed on attempt 2");
    expect(seen).toEqual([1, 2]);
  });

  it("onError pause: skip goes on without it", async () => {
    const f = flaky();
    const workflow = new Workflow({ name: "W", steps: [counted("first", () => "first").step, f.step("pause"), counted("after", (i) => String(i.previousStepContent)).step] });
    const paused = await workflow.run("x");
    paused.errorRequirements[0]!.skip();
    const done = await workflow.continueRun(paused);
    expect(done.content).toBe("first");
    expect(f.calls()).toBe(1);
    expect(() => paused.errorRequirements[0]!.retry()).toThrow(RequirementStateError);
  });
});

describe("definitions that cannot be honoured fail at construction", () => {
  it.each([
    ["output review on Steps", () => new Steps({ name: "s", steps: [counted("a").step], requiresOutputReview: true } as never)],
    ["confirmation on Parallel", () => new Parallel({ name: "p", steps: [counted("a").step], requiresConfirmation: true } as never)],
    ["else on a Step", () => new Step({ name: "s", executor: () => 1, requiresConfirmation: true, onReject: "else" })],
    ["user input with an empty schema", () => new Step({ name: "s", executor: () => 1, requiresUserInput: true, userInputSchema: [] })],
    ["timeout without a gate", () => new Step({ name: "s", executor: () => 1, timeout: 5 })],
    ["retryDelay without maxRetries", () => new Step({ name: "s", executor: () => 1, retryDelay: 2 })],
    ["iteration review on a Step", () => new Step({ name: "s", executor: () => 1, requiresIterationReview: true } as never)],
    ["multiple selections without user selection", () => new Router({ name: "r", selector: () => "a", allowMultipleSelections: true, choices: [counted("a").step] })],
    ["approve on a route-selection timeout", () => new Router({ name: "r", requiresUserInput: true, timeout: 5, onTimeout: "approve", choices: [counted("a").step] })],
    ["a Step with both agent and executor", () => new Step({ name: "s", executor: () => 1, agent: echoAgent([]) })],
  ])("%s", (_label, make) => {
    expect(make).toThrow(DefinitionError);
  });
});
