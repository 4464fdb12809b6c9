import { describe, expect, it } from "vitest";
import { Condition, InMemoryStore, Loop, Parallel, Router, Step, Steps, Workflow, workflowShape, type WorkflowShapeNode } from "@/lib/engine";
import { workflowShapeSchema } from "@/lib/engine/schemas";
import { catalog } from "@/lib/workflows";

const shapeOf = (name: string) => {
  const entry = catalog.find((e) => e.name === name);
  if (!entry) throw new Error(`no catalog workflow ${name}`);
  return workflowShape(entry.create(new InMemoryStore()));
};

/** Every node of a shape, containers before what they hold. */
function flatten(nodes: readonly WorkflowShapeNode[]): WorkflowShapeNode[] {
  return nodes.flatMap((n) => [n, ...flatten((n.lanes ?? []).flatMap((l) => l.steps))]);
}

describe("workflowShape", () => {
  it("draws every catalog workflow as data the browser parses back unchanged", () => {
    for (const entry of catalog) {
      const shape = workflowShape(entry.create(new InMemoryStore()));
      expect(workflowShapeSchema.parse(JSON.parse(JSON.stringify(shape)))).toEqual(shape);
    }
  });

  it("draws a one-agent workflow as one step driven by its agent", () => {
    expect(shapeOf("WeatherWorkflow")).toEqual({
      steps: [{ id: "get_weather", name: "get_weather", stepPath: ["get_weather"], type: "step", pausesFor: [], executor: { type: "agent", name: "WeatherAgent" } }],
    });
  });

  it("draws ResearchWorkflow's condition with its if and else lanes, the loop inside, and where each pauses", () => {
    expect(shapeOf("ResearchWorkflow")).toEqual({
      steps: [
        { id: "scope", name: "scope", stepPath: ["scope"], type: "step", pausesFor: [], executor: { type: "function" } },
        {
          id: "deep_research",
          name: "deep_research",
          stepPath: ["deep_research"],
          type: "condition",
          pausesFor: ["step_confirmation"],
          lanes: [
            {
              label: "if",
              steps: [
                {
                  id: "deep_research › research_rounds",
                  name: "research_rounds",
                  stepPath: ["deep_research", "research_rounds"],
                  type: "loop",
                  pausesFor: [],
                  maxIterations: 2,
                  lanes: [
                    {
                      label: "each iteration",
                      steps: [
                        {
                          id: "deep_research › research_rounds › research",
                          name: "research",
                          stepPath: ["deep_research", "research_rounds", "research"],
                          type: "step",
                          pausesFor: [],
                          executor: { type: "team", name: "ResearchTeam" },
                        },
                      ],
                    },
                  ],
                },
              ],
            },
            {
              label: "else",
              steps: [
                {
                  id: "deep_research › quick_answer",
                  name: "quick_answer",
                  stepPath: ["deep_research", "quick_answer"],
                  type: "step",
                  pausesFor: [],
                  executor: { type: "function" },
                },
              ],
            },
          ],
        },
        { id: "report", name: "report", stepPath: ["report"], type: "step", pausesFor: ["output_review"], executor: { type: "function" } },
      ],
    });
  });

  it("draws ReleaseWorkflow's router with one lane per choice and its loop with the iteration review", () => {
    const nodes = flatten(shapeOf("ReleaseWorkflow").steps);
    expect(nodes.map((n) => [n.id, n.type, n.pausesFor])).toEqual([
      ["run_checks", "step", ["error"]],
      ["choose_target", "router", ["route_selection"]],
      ["choose_target › staging", "step", []],
      ["choose_target › production", "step", []],
      ["canary_rollout", "loop", ["iteration_review"]],
      ["canary_rollout › canary_stage", "step", []],
      ["release_notes", "step", []],
    ]);
    const router = nodes.find((n) => n.id === "choose_target");
    expect(router?.lanes?.map((l) => l.label)).toEqual(["staging", "production"]);
    expect(nodes.find((n) => n.id === "canary_rollout")?.maxIterations).toBe(3);
  });

  it("draws groups and parallel branches, and tells apart siblings that share a name", () => {
    const noop = () => "ok";
    const shape = workflowShape(
      new Workflow({
        name: "Shapes",
        steps: [
          new Steps({
            name: "prepare",
            requiresConfirmation: true,
            onError: "pause",
            steps: [new Step({ name: "fetch", executor: noop }), new Step({ name: "fetch", executor: noop, requiresUserInput: true })],
          }),
          new Parallel({ name: "checks", steps: [new Step({ name: "lint", executor: noop }), new Steps({ name: "tests", steps: [noop] })] }),
          new Condition({ name: "ship_it", evaluator: () => true, steps: [new Step({ name: "ship", executor: noop })] }),
          new Router({ name: "notify", selector: () => "mail", choices: [new Step({ name: "mail", executor: noop, requiresOutputReview: true })] }),
          new Loop({ name: "poll", steps: [noop] }),
        ],
      }),
    );
    expect(flatten(shape.steps).map((n) => [n.id, n.stepPath, n.type, n.pausesFor])).toEqual([
      ["prepare", ["prepare"], "steps", ["step_confirmation", "error"]],
      ["prepare › fetch", ["prepare", "fetch"], "step", []],
      ["prepare › fetch #2", ["prepare", "fetch"], "step", ["step_user_input"]],
      ["checks", ["checks"], "parallel", []],
      ["checks › lint", ["checks", "lint"], "step", []],
      ["checks › tests", ["checks", "tests"], "steps", []],
      ["checks › tests › noop", ["checks", "tests", "noop"], "step", []],
      ["ship_it", ["ship_it"], "condition", []],
      ["ship_it › ship", ["ship_it", "ship"], "step", []],
      ["notify", ["notify"], "router", []],
      ["notify › mail", ["notify", "mail"], "step", ["output_review"]],
      ["poll", ["poll"], "loop", []],
      ["poll › noop", ["poll", "noop"], "step", []],
    ]);
    const lanes = (id: string) => flatten(shape.steps).find((n) => n.id === id)?.lanes?.map((l) => [l.label, l.steps.length]);
    expect(lanes("checks")).toEqual([["branch 1", 1], ["branch 2", 1]]);
    expect(lanes("ship_it")).toEqual([["if", 1], ["else", 0]]);
    expect(lanes("poll")).toEqual([["each iteration", 1]]);
    expect(shape.steps.find((n) => n.id === "poll")?.maxIterations).toBe(3);
  });

  it("names every node by the step path the engine records, so a run's results and pause match nodes exactly", async () => {
    const workflow = new Workflow({
      name: "Matched",
      steps: [
        new Parallel({ name: "gather", steps: [new Step({ name: "left", executor: () => "l" }), new Step({ name: "right", executor: () => "r" })] }),
        new Loop({
          name: "rounds",
          maxIterations: 2,
          steps: [new Steps({ name: "round", steps: [new Step({ name: "draft", executor: () => "d" })] })],
        }),
        new Condition({ name: "ok", evaluator: () => true, steps: [new Step({ name: "approve", executor: () => "a", requiresConfirmation: true })] }),
      ],
    });
    const run = await workflow.run("go");
    const paths = new Set(flatten(workflowShape(workflow).steps).map((n) => n.stepPath.join("/")));
    expect(run.pausedStepPath).toEqual(["ok", "approve"]);
    expect(paths.has(["ok", "approve"].join("/"))).toBe(true);
    const recorded = [...new Set(run.stepResults.map((r) => r.stepPath.join("/")))].sort();
    expect(recorded).toEqual(["gather", "gather/left", "gather/right", "rounds", "rounds/round", "rounds/round/draft"]);
    for (const path of recorded) expect(paths.has(path)).toBe(true);
  });
});
