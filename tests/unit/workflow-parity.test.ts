import { describe, expect, it } from "vitest";
import { Condition, InMemoryStore, InvalidUserInputError, Loop, Parallel, Router, Step, Steps, Workflow } from "@/lib/engine";
import { collect, counted, pending } from "./workflow-fixtures";

class ServiceDownError extends Error {}

/** A step that throws ServiceDownError on its first `failures` runs, then answers. */
function flaky(name: string, failures: number) {
  let calls = 0;
  const step = new Step({
    name,
    executor: () => {
      calls++;
      if (calls <= failures) throw new ServiceDownError(`${name} is down (call ${calls})`);
      return `${name} ok on call ${calls}`;
    },
  });
  return { step, calls: () => calls };
}

describe("a Condition with both an evaluator and requiresConfirmation", () => {
  const build = (answer: boolean) => {
    const yes = counted("yes");
    const no = counted("no");
    const condition = new Condition({ name: "c", evaluator: () => answer, requiresConfirmation: true, steps: [yes.step], elseSteps: [no.step] });
    return { workflow: new Workflow({ name: "W", steps: [condition] }), yes, no };
  };

  it("pauses with the evaluator's answer as suggestedBranch; the person's decision wins", async () => {
    const a = build(false);
    const paused = await a.workflow.run("x");
    expect(pending(paused)[0]).toMatchObject({ kind: "step_confirmation", suggestedBranch: "else" });
    pending(paused)[0]!.confirm();
    expect((await a.workflow.continueRun(paused)).content).toBe("yes done");
    expect([a.yes.runs(), a.no.runs()]).toEqual([1, 0]);

    const b = build(true);
    const pausedB = await b.workflow.run("x");
    expect(pending(pausedB)[0]!.suggestedBranch).toBe("if");
    pending(pausedB)[0]!.reject();
    expect((await b.workflow.continueRun(pausedB)).content).toBe("no done");
  });

  it("an evaluator that fails leaves the decision to the person without a suggestion", async () => {
    const yes = counted("yes");
    const condition = new Condition({ name: "c", evaluator: () => { throw new Error("no data"); }, requiresConfirmation: true, steps: [yes.step] });
    const workflow = new Workflow({ name: "W", steps: [condition] });
    const paused = await workflow.run("x");
    expect(paused.isPaused).toBe(true);
    expect(pending(paused)[0]!.suggestedBranch).toBeUndefined();
  });
});

describe("step user input without a schema", () => {
  it("takes free-form values, names to JSON values, and hands them to the step", async () => {
    const fn = counted("write", (i) => i.userInput ?? null);
    const workflow = new Workflow({ name: "W", steps: [new Step({ name: "write", executor: fn.step.executor!, requiresUserInput: true, userInputMessage: "Anything to add?" })] });
    const paused = await workflow.run("x");
    const req = pending(paused)[0]!;
    expect(req).toMatchObject({ kind: "step_user_input", userInputMessage: "Anything to add?" });
    expect(req.userInputSchema).toBeUndefined();
    expect(() => req.setUserInput({ " ": 1 })).toThrow(InvalidUserInputError);
    req.setUserInput({ tone: "calm", words: 120, tags: ["a", "b"] });
    expect((await workflow.continueRun(paused)).content).toEqual({ tone: "calm", words: 120, tags: ["a", "b"] });
  });

  it("with a schema, unknown names are still refused", async () => {
    const workflow = new Workflow({
      name: "W",
      steps: [new Step({ name: "s", executor: () => 1, requiresUserInput: true, userInputSchema: [{ name: "tone", type: "string" }] })],
    });
    const req = pending(await workflow.run("x"))[0]!;
    expect(() => req.setUserInput({ mood: "x" })).toThrow(/mood/);
  });
});

describe("a person picks what a rejection does", () => {
  it("reject({ onReject: \"cancel\" }) on a gate that skips by default cancels the run", async () => {
    const after = counted("after");
    const workflow = new Workflow({ name: "W", steps: [new Step({ name: "deploy", executor: () => "deployed", requiresConfirmation: true }), after.step] });
    const paused = await workflow.run("x");
    const req = pending(paused)[0]!;
    expect(req).toMatchObject({ onReject: "skip", allowedOnReject: ["skip", "cancel"] });
    req.reject({ onReject: "cancel", note: "not this week", by: "ann" });
    const done = await workflow.continueRun(paused);
    expect(done.status).toBe("cancelled");
    expect(done.cancelReason).toBe("Rejected by ann: not this week");
    expect(done.stepRequirements[0]).toMatchObject({ chosenOnReject: "cancel", onReject: "skip" });
    expect(after.runs()).toBe(0);
  });

  it("an outcome the gate does not allow is refused naming onReject, and nothing is decided", async () => {
    const workflow = new Workflow({ name: "W", steps: [new Step({ name: "deploy", executor: () => 1, requiresConfirmation: true })] });
    const req = pending(await workflow.run("x"))[0]!;
    expect(() => req.reject({ onReject: "else" })).toThrow(expect.objectContaining({ field: "onReject" }));
    expect(req.isResolved).toBe(false);
  });

  it("an output review may be rejected with cancel instead of its default retry", async () => {
    const draft = counted("draft");
    const workflow = new Workflow({ name: "W", steps: [new Step({ name: "draft", executor: draft.step.executor!, requiresOutputReview: true })] });
    const paused = await workflow.run("x");
    expect(pending(paused)[0]!.allowedOnReject).toEqual(["retry", "skip", "cancel"]);
    pending(paused)[0]!.reject({ onReject: "cancel", feedback: "wrong topic" });
    const done = await workflow.continueRun(paused);
    expect(done.status).toBe("cancelled");
    expect(draft.runs()).toBe(1);
  });
});

describe("a Router's output review", () => {
  const build = (onReject?: "retry" | "cancel") => {
    const a = counted("a", (i) => (i.feedback ? `a, told: ${i.feedback}` : "a"));
    const b = counted("b", (i) => (i.feedback ? `b, told: ${i.feedback}` : "b"));
    const router = new Router({ name: "r", selector: () => "a", choices: [a.step, b.step], requiresOutputReview: true, ...(onReject && { onReject }) });
    return { workflow: new Workflow({ name: "W", steps: [router] }), a, b };
  };

  it("lists availableChoices and selectedChoices; retry hands the choice to a person, whose pick runs with the feedback", async () => {
    const { workflow, a, b } = build();
    let run = await workflow.run("x");
    expect(pending(run)[0]).toMatchObject({ kind: "output_review", availableChoices: ["a", "b"], selectedChoices: ["a"], stepOutput: "a" });
    pending(run)[0]!.reject({ feedback: "use the other source" });
    run = await workflow.continueRun(run);
    expect(pending(run)[0]).toMatchObject({ kind: "route_selection", availableChoices: ["a", "b"], rejectionFeedback: "use the other source" });
    pending(run)[0]!.select("b");
    run = await workflow.continueRun(run);
    expect(pending(run)[0]).toMatchObject({ kind: "output_review", selectedChoices: ["b"], stepOutput: "b, told: use the other source", retryCount: 1 });
    pending(run)[0]!.confirm();
    run = await workflow.continueRun(run);
    expect(run.content).toBe("b, told: use the other source");
    expect([a.runs(), b.runs()]).toEqual([1, 1]);
  });

  it("onReject cancel cancels the run", async () => {
    const { workflow } = build("cancel");
    const run = await workflow.run("x");
    pending(run)[0]!.reject({ feedback: "no" });
    expect((await workflow.continueRun(run)).status).toBe("cancelled");
  });

  it("the route selection survives a reload: a rebuilt workflow continues it from the store", async () => {
    const store = new InMemoryStore();
    const make = () => {
      const a = counted("a", (i) => (i.feedback ? `a, told: ${i.feedback}` : "a"));
      const b = counted("b", (i) => (i.feedback ? `b, told: ${i.feedback}` : "b"));
      return new Workflow({ name: "W", db: store, steps: [new Router({ name: "r", selector: () => "a", choices: [a.step, b.step], requiresOutputReview: true })] });
    };
    const first = await make().run("x");
    pending(first)[0]!.reject({ feedback: "shorter" });
    const second = await make().continueRun(first);
    const loaded = (await make().getRun(second.runId))!;
    pending(loaded)[0]!.select("b");
    const third = await make().continueRun(loaded);
    expect(pending(third)[0]!.stepOutput).toBe("b, told: shorter");
  });
});

describe("onError on containers", () => {
  it("pause on a Steps group: an inner failure pauses at the group with errorType; retry runs the group again from its start", async () => {
    const before = counted("before");
    const f = flaky("call_api", 1);
    const group = new Steps({ name: "group", steps: [before.step, f.step], onError: "pause" });
    const workflow = new Workflow({ name: "W", steps: [group] });
    const paused = await workflow.run("x");
    expect(paused.pauseKind).toBe("error");
    expect(paused.errorRequirements[0]).toMatchObject({
      stepName: "group",
      stepType: "steps",
      errorType: "ServiceDownError",
      errorMessage: "Step call_api failed: call_api is down (call 1)",
    });
    paused.errorRequirements[0]!.retry();
    const done = await workflow.continueRun(paused);
    expect(done.content).toBe("call_api ok on call 2");
    expect(before.runs()).toBe(2);
    expect(done.stepResults.filter((r) => r.stepName === "group").map((r) => r.status)).toEqual(["completed"]);
  });

  it("skip on a Condition goes on without it; the workflow's next step gets the earlier output", async () => {
    const f = flaky("inner", 5);
    const after = counted("after", (i) => `after got ${String(i.previousStepContent)}`);
    const workflow = new Workflow({
      name: "W",
      steps: [counted("first", () => "first out").step, new Condition({ name: "c", evaluator: () => true, steps: [f.step], onError: "skip" }), after.step],
    });
    const done = await workflow.run("x");
    expect(done.content).toBe("after got first out");
    expect(done.stepResults.find((r) => r.stepName === "c")).toMatchObject({ status: "skipped", error: "Step inner failed: inner is down (call 1)" });
  });

  it("a Loop, a Router and a Parallel honour onError too; fail (the default) still ends the run", async () => {
    const loop = new Loop({ name: "l", steps: [flaky("in_loop", 9).step], onError: "skip" });
    const router = new Router({ name: "r", selector: () => "in_router", choices: [flaky("in_router", 9).step], onError: "skip" });
    const parallel = new Parallel({ name: "p", steps: [flaky("in_parallel", 9).step, counted("fine").step], onError: "pause" });
    const workflow = new Workflow({ name: "W", steps: [loop, router, parallel] });
    const paused = await workflow.run("x");
    expect(paused.stepResults.filter((r) => ["l", "r"].includes(r.stepName)).map((r) => r.status)).toEqual(["skipped", "skipped"]);
    expect(paused.errorRequirements[0]).toMatchObject({ stepName: "p", errorType: "ServiceDownError" });
    paused.errorRequirements[0]!.skip();
    expect((await workflow.continueRun(paused)).status).toBe("completed");

    const failing = new Workflow({ name: "W", steps: [new Steps({ name: "g", steps: [flaky("x", 9).step] })] });
    expect((await failing.run("x")).status).toBe("error");
  });

  it("a container's error pause is continued by a rebuilt workflow from the store; a Condition confirmed by a person keeps its branch on retry", async () => {
    const store = new InMemoryStore();
    let calls = 0;
    const make = () =>
      new Workflow({
        name: "W",
        db: store,
        steps: [
          new Condition({
            name: "c",
            evaluator: () => false,
            requiresConfirmation: true,
            onError: "pause",
            steps: [new Step({ name: "risky", executor: () => { calls++; if (calls === 1) throw new RangeError("out of range"); return "risky ok"; } })],
            elseSteps: [counted("fallback").step],
          }),
        ],
      });
    const first = await make().run("x");
    pending(first)[0]!.confirm();
    const failed = await make().continueRun(first);
    expect(failed.errorRequirements[0]).toMatchObject({ stepName: "c", stepType: "condition", errorType: "RangeError", stepIndex: 0 });
    const loaded = (await make().getRun(failed.runId))!;
    loaded.errorRequirements[0]!.retry();
    const done = await make().continueRun(loaded);
    expect(done.content).toBe("risky ok");
  });

  it("a Parallel with onError waits for a sibling's pending decision before it pauses on a branch's failure", async () => {
    const gated = new Step({ name: "gated", executor: () => "gated ran", requiresConfirmation: true });
    const workflow = new Workflow({ name: "W", steps: [new Parallel({ name: "p", steps: [flaky("broken", 9).step, gated], onError: "pause" })] });
    const first = await workflow.run("x");
    expect(first.pauseKind).toBe("step");
    expect(first.errorRequirements).toHaveLength(0);
    pending(first)[0]!.confirm();
    const second = await workflow.continueRun(first);
    expect(second.errorRequirements[0]).toMatchObject({ stepName: "p", errorType: "ServiceDownError", errorMessage: "Step broken failed: broken is down (call 1)" });
    expect(pending(second)).toHaveLength(0);
    second.errorRequirements[0]!.skip();
    const done = await workflow.continueRun(second);
    expect(done.status).toBe("completed");
    expect(done.stepResults.find((r) => r.stepName === "p")?.status).toBe("skipped");
  });

  it("a Step's own onError wins over its container's", async () => {
    const workflow = new Workflow({
      name: "W",
      steps: [new Steps({ name: "g", onError: "pause", steps: [new Step({ name: "s", executor: () => { throw new TypeError("bad"); }, onError: "pause" })] })],
    });
    const paused = await workflow.run("x");
    expect(paused.errorRequirements[0]).toMatchObject({ stepName: "s", errorType: "TypeError" });
  });
});

describe("automatic retries", () => {
  it("maxRetries retries a failing step before onError applies, waiting retryDelay through the injected sleep", async () => {
    const waits: number[] = [];
    let calls = 0;
    const step = new Step({
      name: "call_api",
      maxRetries: 2,
      retryDelay: 1.5,
      onError: "pause",
      executor: ({ attempt }) => {
        calls++;
        if (calls < 3) throw new ServiceDownError("down");
        return `ok on attempt ${attempt}`;
      },
    });
    const workflow = new Workflow({ name: "W", steps: [step] });
    const events = await collect(workflow.run("x", { stream: true, sleep: async (ms) => void waits.push(ms) }));
    const run = (await workflow.getSession())!.runs.at(-1)!;
    expect(run.content).toBe("ok on attempt 3");
    expect(waits).toEqual([1500, 1500]);
    expect(events.filter((e) => e.event === "StepError").map((e) => (e as unknown as { retrying?: boolean }).retrying)).toEqual([true, true]);
  });

  it("once the retries are used up, onError pause asks a person with the error's type", async () => {
    const f = flaky("call_api", 9);
    const workflow = new Workflow({ name: "W", steps: [new Step({ name: "call_api", executor: f.step.executor!, maxRetries: 1, onError: "pause" })] });
    const paused = await workflow.run("x");
    expect(f.calls()).toBe(2);
    expect(paused.errorRequirements[0]).toMatchObject({ errorType: "ServiceDownError", errorMessage: "call_api is down (call 2)" });
  });
});

describe("stepIndex", () => {
  it("requirements and step events carry the step's position among its siblings beside stepPath", async () => {
    const gated = new Step({ name: "gated", executor: () => "g", requiresConfirmation: true });
    const workflow = new Workflow({
      name: "W",
      steps: [counted("first").step, new Steps({ name: "group", steps: [counted("a").step, gated] })],
    });
    const events = await collect(workflow.run("x", { stream: true }));
    const run = (await workflow.getSession())!.runs.at(-1)!;
    expect(pending(run)[0]).toMatchObject({ stepPath: ["group", "gated"], stepIndex: 1 });
    const started = events.filter((e) => e.event === "StepStarted").map((e) => [e.stepName, e.stepIndex]);
    expect(started).toEqual([
      ["first", 0],
      ["a", 0],
    ]);
    expect(events.find((e) => e.event === "StepsExecutionStarted")?.stepIndex).toBe(1);
  });

  it("a Parallel's branches are numbered by their position", async () => {
    const workflow = new Workflow({ name: "W", steps: [new Parallel({ name: "p", steps: [counted("a").step, new Step({ name: "b", executor: () => 1, requiresConfirmation: true })] })] });
    const run = await workflow.run("x");
    expect(pending(run)[0]).toMatchObject({ stepName: "b", stepIndex: 1 });
  });
});
