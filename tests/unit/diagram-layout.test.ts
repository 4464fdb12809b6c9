import { describe, expect, it } from "vitest";
import { InMemoryStore, workflowShape } from "@/lib/engine";
import { catalog } from "@/lib/workflows";
import type { TimelineStep } from "@/components/runs/timeline-model";
import { layoutShape, type LaidNode } from "@/components/workflows/diagram-layout";
import { nodeStates } from "@/components/workflows/diagram-status";

const release = () => {
  const entry = catalog.find((e) => e.name === "ReleaseWorkflow");
  if (!entry) throw new Error("no ReleaseWorkflow in the catalog");
  return workflowShape(entry.create(new InMemoryStore()));
};

const find = (nodes: readonly LaidNode[], id: string): LaidNode | undefined =>
  nodes.map((n) => (n.id === id ? n : find(n.children, id))).find((n) => n !== undefined);

describe("layoutShape", () => {
  it("puts a router's choices side by side inside it, between its fork and join, and its steps one under the other", () => {
    const laid = layoutShape(release());
    expect(laid.nodes.map((n) => n.id)).toEqual(["run_checks", "choose_target", "canary_rollout", "release_notes"]);
    const router = find(laid.nodes, "choose_target");
    const staging = find(laid.nodes, "choose_target › staging");
    const production = find(laid.nodes, "choose_target › production");
    expect(staging?.y).toBe(production?.y);
    expect(staging?.x).not.toBe(production?.x);
    for (const choice of [staging, production]) {
      expect(choice && router && choice.x >= 0 && choice.x + choice.width <= router.width && choice.y + choice.height <= router.height).toBe(true);
    }
    expect(router?.edges.map((e) => e.description)).toEqual([
      "choose_target start to staging",
      "staging to choose_target end",
      "choose_target start to production",
      "production to choose_target end",
    ]);
    const ys = laid.nodes.map((n) => n.y);
    expect([...ys].sort((a, b) => a - b)).toEqual(ys);
    expect(laid.edges.map((e) => e.description)).toEqual(["run_checks to choose_target", "choose_target to canary_rollout", "canary_rollout to release_notes"]);
  });
});

describe("nodeStates", () => {
  const step = (stepPath: string[], state: TimelineStep["state"], results = 0): TimelineStep => ({
    key: stepPath.join("\u203a"),
    stepName: stepPath.at(-1) ?? "",
    stepPath,
    state,
    results: Array.from({ length: results }, () => ({
      stepName: stepPath.at(-1) ?? "",
      stepPath,
      stepType: "step" as const,
      status: "completed" as const,
      startedAt: "2026-12-02T10:00:00.000Z",
      completedAt: "2026-12-02T10:00:01.000Z",
      durationMs: 1000,
    })),
    items: [],
  });

  it("marks the paused step, shows its open containers in progress and counts a loop's runs", () => {
    const states = nodeStates([
      step(["scope"], "completed", 1),
      step(["deep_research"], "unfinished"),
      step(["deep_research", "research_rounds"], "unfinished"),
      step(["deep_research", "research_rounds", "research"], "waiting", 1),
    ]);
    expect(Object.fromEntries(states)).toEqual({
      scope: { status: "completed", runs: 1 },
      deep_research: { status: "in_progress", runs: 0 },
      "deep_research\u203aresearch_rounds": { status: "in_progress", runs: 0 },
      "deep_research\u203aresearch_rounds\u203aresearch": { status: "paused", runs: 1 },
    });
  });
});
