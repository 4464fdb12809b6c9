import { asText, Loop, Router, Step, type StepInput, Workflow } from "@/lib/engine";
import type { CatalogEntry } from "./catalog-entry";

const CHECKS = "run_checks";
const TARGETS = ["staging", "production"] as const;
/** The share of traffic each canary stage takes, one stage per loop iteration. */
export const CANARY_STAGES = [10, 50, 100] as const;
const TOTAL_TESTS = 148;
export const FLAKY_FAILURE = `integration tests failed: 2 of ${TOTAL_TESTS} (checkout, search)`;

/** The release a request names: "Release v2.3 (flaky integration tests)" is "Release v2.3". */
export function releaseFrom(text: string): string {
  const name = text
    .replace(/\([^)]*\)/gu, " ")
    .replace(/\s+/gu, " ")
    .replace(/^[\s:.-]+|[\s:.!?-]+$/gu, "")
    .trim();
  return name || text.trim() || "the release";
}

/** Whether a request says its checks are flaky: their first run fails, a retry passes. */
export const mentionsFlaky = (text: string): boolean => /\bflaky\b/iu.test(text);

const releaseOf = (stepInput: StepInput) => releaseFrom(asText(stepInput.input));

/**
 * The offline CI run behind run_checks: a request that says its checks are flaky fails on the first attempt,
 * and passes when a person chooses retry (the engine counts the attempts in the run, so any process can continue).
 */
export function runChecks(stepInput: StepInput): string {
  const input = asText(stepInput.input);
  const attempt = stepInput.attempt ?? 1;
  if (!mentionsFlaky(input)) return `All ${TOTAL_TESTS} checks passed for ${releaseFrom(input)}.`;
  if (attempt === 1) throw new Error(FLAKY_FAILURE);
  return `All ${TOTAL_TESTS} checks passed for ${releaseFrom(input)} on attempt ${attempt} (checkout and search are flaky).`;
}

function deployTo(target: (typeof TARGETS)[number]): Step {
  return new Step({ name: target, executor: (stepInput) => `${releaseOf(stepInput)} deployed to ${target}.` });
}

/** One canary stage per iteration: 10%, 50%, then 100% of the traffic. */
export function canaryStage(iteration: number): string {
  const share = CANARY_STAGES[Math.min(Math.max(iteration, 1), CANARY_STAGES.length) - 1];
  return `Canary at ${share}%: error rate 0.1%`;
}

/** What a person reads at the end: where the release went, how far the canary got, and how the checks went. */
function releaseNotes(stepInput: StepInput): string {
  const release = releaseOf(stepInput);
  const targets = TARGETS.filter((t) => stepInput.getStepContent(t) !== undefined);
  const deployed = targets.length > 0 ? `${release} shipped to ${targets.join(" and ")}.` : `${release} was not deployed.`;
  const canary = asText(stepInput.getStepContent("canary_rollout"));
  const share = /Canary at (\d+)%: error rate ([\d.]+%)/u.exec(canary);
  const rollout = !share
    ? "No canary ran."
    : share[1] === String(CANARY_STAGES.at(-1))
      ? `Rolled out to 100% of the traffic (error rate ${share[2]}).`
      : `Rollout stopped at ${share[1]}% of the traffic (error rate ${share[2]}).`;
  const checks = stepInput.getStepContent(CHECKS);
  const checked = checks === undefined ? "Checks: skipped after they failed." : `Checks: ${asText(checks)}`;
  return `${deployed} ${rollout} ${checked}`;
}

export const releaseWorkflow: CatalogEntry = {
  name: "ReleaseWorkflow",
  description: "Ship a release: a person picks where it goes, approves each canary stage, and decides what to do when a check fails.",
  pauses: ["error", "route_selection", "iteration_review"],
  exampleInput: "Release v2.3 (flaky integration tests)",
  usesModel: false,
  create: (db) =>
    new Workflow({
      name: "ReleaseWorkflow",
      description: "Release with a step-error pause, a route selection and a canary loop under iteration review",
      db,
      steps: [
        // A failed check waits for a person: retry it, or ship without it.
        new Step({ name: CHECKS, executor: runChecks, onError: "pause" }),
        new Router({
          name: "choose_target",
          requiresUserInput: true,
          allowMultipleSelections: true,
          userInputMessage: "Where should this release go? Tick several to deploy to each, in the order ticked.",
          choices: TARGETS.map(deployTo),
        }),
        new Loop({
          name: "canary_rollout",
          maxIterations: CANARY_STAGES.length,
          requiresIterationReview: true,
          iterationReviewMessage: "Canary stage done. Stop the rollout here, or run another iteration to widen it to the next stage.",
          steps: [new Step({ name: "canary_stage", executor: (stepInput) => canaryStage(stepInput.iteration ?? 1) })],
        }),
        new Step({ name: "release_notes", executor: releaseNotes }),
      ],
    }),
};
