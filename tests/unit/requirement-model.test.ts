import { describe, expect, it } from "vitest";
import { stepRequirementJsonSchema, type StepRequirementJSON } from "@/lib/engine/schemas";
import { StepRequirement } from "@/lib/engine";
import { requirementRows, snapshotFromRows, runRow, requirementCounts } from "@/lib/db/rows";
import { baseRun, executorRequirement } from "@/tests/support/db-fixtures";

const flags = ["requiresConfirmation", "requiresUserInput", "requiresRouteSelection", "requiresOutputReview", "requiresIterationReview"] as const;

function gate(set: readonly (typeof flags)[number][], withOutput: boolean): StepRequirementJSON {
  return {
    id: `gate-${set.join("-")}-${withOutput}`,
    stepName: "draft",
    stepPath: ["draft"],
    stepType: "step",
    status: "pending",
    createdAt: "2026-01-01T00:00:00.000Z",
    requiresConfirmation: set.includes("requiresConfirmation"),
    requiresUserInput: set.includes("requiresUserInput"),
    requiresRouteSelection: set.includes("requiresRouteSelection"),
    requiresOutputReview: set.includes("requiresOutputReview"),
    requiresExecutorInput: false,
    ...(set.includes("requiresIterationReview") && { requiresIterationReview: true }),
    ...(withOutput && { stepOutput: "the draft" }),
  };
}

function* everyGate(): Generator<StepRequirementJSON> {
  for (let mask = 0; mask < 1 << flags.length; mask++) {
    const set = flags.filter((_, i) => mask & (1 << i));
    yield gate(set, false);
    yield gate(set, true);
  }
}

describe("one model of a requirement", () => {
  it("the engine and the inbox row name every gate the same kind, whatever flags it carries", () => {
    for (const data of everyGate()) {
      const [row] = requirementRows(baseRun({ stepRequirements: [data] }));
      expect(row?.kind, JSON.stringify(data)).toBe(new StepRequirement(data).kind);
    }
  });

  it("a confirmation gate on a step that also has an output review is a confirmation until there is output: it cannot be edited", () => {
    const before = new StepRequirement(gate(["requiresConfirmation", "requiresOutputReview"], false));
    expect(before.kind).toBe("step_confirmation");
    const after = new StepRequirement(gate(["requiresConfirmation", "requiresOutputReview"], true));
    expect(after.kind).toBe("output_review");
    after.edit("a better draft", { by: "ana" });
    expect(after.toJSON()).toMatchObject({ status: "resolved", resolution: "edit", editedOutput: "a better draft", resolvedBy: "ana" });
  });

  it("a step requirement keeps every field through the class and back, and what it writes parses with its schema", () => {
    const full: StepRequirementJSON = {
      ...gate(["requiresOutputReview"], true),
      stepIndex: 2,
      confirmationMessage: "ok?",
      onReject: "retry",
      allowedOnReject: ["retry", "cancel"],
      suggestedBranch: "else",
      iteration: 3,
      userInputMessage: "why?",
      userInputSchema: [{ name: "why", type: "string", required: true }],
      availableChoices: ["a", "b"],
      allowMultipleSelections: true,
      outputReviewMessage: "review it",
      retryCount: 1,
      maxRetries: 2,
      timeoutAt: "2026-01-01T01:00:00.000Z",
      onTimeout: "skip",
      note: "n",
    };
    const req = StepRequirement.fromJSON(full);
    req.reject({ feedback: "shorter", onReject: "cancel", at: new Date("2026-01-01T00:30:00.000Z") });
    const written = req.toJSON();
    expect(written).toEqual({
      ...full,
      status: "resolved",
      resolution: "reject",
      confirmed: false,
      chosenOnReject: "cancel",
      rejectionFeedback: "shorter",
      resolvedAt: "2026-01-01T00:30:00.000Z",
    });
    expect(stepRequirementJsonSchema.parse(written)).toEqual(written);
  });

  it("an executor pause comes back from its rows as it went in", () => {
    const runId = "run-model";
    const pause: StepRequirementJSON = {
      ...gate([], false),
      id: "pause",
      requiresExecutorInput: true,
      executorId: "agent-1",
      executorName: "Forecaster",
      executorType: "agent",
      executorRequirements: [executorRequirement(runId, { id: "call-1" }), executorRequirement(runId, { id: "call-2", needsUserInput: true })],
    };
    const run = baseRun({ runId, status: "paused", isPaused: true, stepRequirements: [pause] });
    const rows = requirementRows(run);
    expect(rows.map((r) => r.kind)).toEqual(["executor_pause", "confirmation", "user_input"]);
    const back = snapshotFromRows({ ...runRow(run, requirementCounts(rows)), version: run.version }, rows);
    expect(back.stepRequirements).toEqual(run.stepRequirements);
  });
});
