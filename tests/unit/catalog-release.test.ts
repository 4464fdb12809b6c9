import { describe, expect, it } from "vitest";
import { InMemoryStore, type WorkflowRunOutput } from "@/lib/engine";
import { catalog } from "@/lib/workflows";
import { canaryStage, FLAKY_FAILURE, mentionsFlaky, releaseFrom, releaseWorkflow } from "@/lib/workflows/release";

function active(run: WorkflowRunOutput) {
  const req = run.pendingStepRequirements.at(-1);
  if (!req) throw new Error(`run ${run.runId} has no open step requirement (status ${run.status}, paused at ${run.pausedStepName})`);
  return req;
}

function failure(run: WorkflowRunOutput) {
  const req = run.errorRequirements.at(-1);
  if (!req || req.isResolved) throw new Error(`run ${run.runId} has no open error (status ${run.status})`);
  return req;
}

/** Every decision goes through a fresh workflow object on the same store, as the app does per request. */
async function decideAndContinue(db: InMemoryStore, run: WorkflowRunOutput, decide: (run: WorkflowRunOutput) => void): Promise<WorkflowRunOutput> {
  const workflow = releaseWorkflow.create(db);
  const loaded = await workflow.getRun(run.runId);
  if (!loaded) throw new Error(`run ${run.runId} is not stored`);
  decide(loaded);
  return workflow.continueRun(loaded);
}

describe("ReleaseWorkflow (offline)", () => {
  it("is the fifth workflow of the catalog and says what it pauses for", () => {
    expect(catalog.map((e) => e.name)).toEqual(["WeatherWorkflow", "PaymentWorkflow", "QueryWorkflow", "ResearchWorkflow", "ReleaseWorkflow", "RefundWorkflow", "ShipmentWorkflow"]);
    expect(releaseWorkflow.pauses).toEqual(["error", "route_selection", "iteration_review"]);
    expect(mentionsFlaky(releaseWorkflow.exampleInput)).toBe(true);
  });

  it.each([
    ["Release v2.3 (flaky integration tests)", "Release v2.3"],
    ["Release v4.0.1", "Release v4.0.1"],
    ["  hotfix 7 (urgent) ", "hotfix 7"],
    ["(flaky)", "(flaky)"],
  ])("names the release of %j", (text, release) => {
    expect(releaseFrom(text)).toBe(release);
  });

  it.each([
    [1, "Canary at 10%: error rate 0.1%"],
    [2, "Canary at 50%: error rate 0.1%"],
    [3, "Canary at 100%: error rate 0.1%"],
  ])("canary stage of iteration %i", (iteration, text) => {
    expect(canaryStage(iteration)).toBe(text);
  });

  it("flaky checks fail once; retried, they pass; the person picks production, widens the canary once and stops", async () => {
    const db = new InMemoryStore();
    let run = await releaseWorkflow.create(db).run("Release v2.3 (flaky integration tests)", { userId: "alice" });
    expect(run).toMatchObject({ status: "paused", pauseKind: "error", pausedStepName: "run_checks" });
    expect(failure(run)).toMatchObject({ stepName: "run_checks", errorMessage: FLAKY_FAILURE, retryCount: 0 });

    run = await decideAndContinue(db, run, (r) => failure(r).retry({ by: "alice" }));
    expect(run).toMatchObject({ status: "paused", pauseKind: "step", pausedStepName: "choose_target" });
    expect(run.stepResults.find((r) => r.stepName === "run_checks")?.content).toBe(
      "All 148 checks passed for Release v2.3 on attempt 2 (checkout and search are flaky).",
    );
    expect(active(run)).toMatchObject({ kind: "route_selection", availableChoices: ["staging", "production"], allowMultipleSelections: true });

    run = await decideAndContinue(db, run, (r) => active(r).select("production", { by: "bob" }));
    expect(run).toMatchObject({ status: "paused", pausedStepName: "canary_rollout" });
    expect(active(run)).toMatchObject({ kind: "iteration_review", iteration: 1, stepOutput: "Canary at 10%: error rate 0.1%" });

    run = await decideAndContinue(db, run, (r) => active(r).reject({ feedback: "error rate is fine, go on", by: "bob" }));
    expect(active(run)).toMatchObject({ kind: "iteration_review", iteration: 2, stepOutput: "Canary at 50%: error rate 0.1%" });

    run = await decideAndContinue(db, run, (r) => active(r).confirm({ by: "bob" }));
    expect(run.status).toBe("completed");
    expect(run.content).toBe(
      "Release v2.3 shipped to production. Rollout stopped at 50% of the traffic (error rate 0.1%). " +
        "Checks: All 148 checks passed for Release v2.3 on attempt 2 (checkout and search are flaky).",
    );
    expect(run.stepResults.map((r) => `${r.stepPath.join("/")}:${r.status}`)).toEqual([
      "run_checks:completed",
      "choose_target/production:completed",
      "choose_target:completed",
      "canary_rollout/canary_stage:completed",
      "canary_rollout/canary_stage:completed",
      "canary_rollout:completed",
      "release_notes:completed",
    ]);
    expect(run.stepResults.some((r) => r.stepName === "staging")).toBe(false);
    expect(run.errorRequirements.map((r) => [r.action, r.resolvedBy])).toEqual([["retry", "alice"]]);
    expect(run.stepRequirements.map((r) => [r.kind, r.resolution, r.selectedChoices ?? r.rejectionFeedback ?? null])).toEqual([
      ["route_selection", "select", ["production"]],
      ["iteration_review", "reject", "error rate is fine, go on"],
      ["iteration_review", "confirm", null],
    ]);
  });

  it("skipping the failed check ships without it, and the notes say the checks were skipped", async () => {
    const db = new InMemoryStore();
    let run = await releaseWorkflow.create(db).run("Release v2.4 (flaky)");
    run = await decideAndContinue(db, run, (r) => failure(r).skip());
    expect(run.stepResults[0]).toMatchObject({ stepName: "run_checks", status: "skipped" });
    expect(run.pausedStepName).toBe("choose_target");

    run = await decideAndContinue(db, run, (r) => active(r).select("staging"));
    run = await decideAndContinue(db, run, (r) => active(r).confirm());
    expect(run.status).toBe("completed");
    expect(run.content).toBe("Release v2.4 shipped to staging. Rollout stopped at 10% of the traffic (error rate 0.1%). Checks: skipped after they failed.");
  });

  it("checks that are not flaky pass at once; both targets in the order picked; the canary runs all three stages", async () => {
    const db = new InMemoryStore();
    let run = await releaseWorkflow.create(db).run("Release v3.0");
    expect(run.errorRequirements).toEqual([]);
    expect(run.pausedStepName).toBe("choose_target");

    run = await decideAndContinue(db, run, (r) => active(r).select("production", "staging"));
    expect(run.stepResults.filter((r) => r.stepPath[0] === "choose_target" && r.stepPath.length === 2).map((r) => r.content)).toEqual([
      "Release v3.0 deployed to production.",
      "Release v3.0 deployed to staging.",
    ]);
    run = await decideAndContinue(db, run, (r) => active(r).reject());
    run = await decideAndContinue(db, run, (r) => active(r).reject());
    // The third stage is the last possible iteration: no review after it.
    expect(run.status).toBe("completed");
    expect(run.stepRequirements.filter((r) => r.kind === "iteration_review")).toHaveLength(2);
    expect(run.content).toBe(
      "Release v3.0 shipped to staging and production. Rolled out to 100% of the traffic (error rate 0.1%). Checks: All 148 checks passed for Release v3.0.",
    );
  });

  it("counts attempts per run: of two flaky runs in one session, retrying one leaves the other failed", async () => {
    const db = new InMemoryStore();
    const workflow = releaseWorkflow.create(db);
    const first = await workflow.run("Release v5 (flaky)");
    const second = await workflow.run("Release v6 (flaky)");
    expect(first.pauseKind).toBe("error");
    expect(second.pauseKind).toBe("error");
    const retried = await decideAndContinue(db, second, (r) => failure(r).retry());
    expect(retried.pausedStepName).toBe("choose_target");
    expect((await workflow.getRun(first.runId))?.pauseKind).toBe("error");
  });
});
