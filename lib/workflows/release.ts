import type { ExecutorEvent } from "@/lib/engine/events";
import type { Executor, ExecutorRunOptions } from "@/lib/engine/executor";
import type { JsonValue } from "@/lib/engine/json";
import { RunOutput } from "@/lib/engine/run-output";
import type { Store } from "@/lib/engine/store";
import { Loop, Router, Step, Workflow, type StepInput } from "@/lib/engine/workflow";
import type { CatalogEntry } from "./catalog-entry";

const CHECKS = "run_checks";
const TARGETS = ["staging", "production"] as const;
/** The share of traffic each canary stage takes, one stage per loop iteration. */
export const CANARY_STAGES = [10, 50, 100] as const;
const TOTAL_TESTS = 148;
export const FLAKY_FAILURE = `integration tests failed: 2 of ${TOTAL_TESTS} (checkout, search)`;

const textOf = (value: JsonValue | undefined): string =>
  value === undefined || value === null ? "" : typeof value === "string" ? value : JSON.stringify(value);

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

const releaseOf = (stepInput: StepInput) => releaseFrom(textOf(stepInput.input));

/**
 * Which attempt at the checks this is, read from the run as it is stored: every retry a person chose on
 * run_checks is an error requirement of the run, resolved with "retry". The run is the session's running
 * one (the app starts every run in a session of its own), so this holds in any process and after a restart.
 */
async function checksAttempt(db: Store, sessionId: string | undefined): Promise<number> {
  if (sessionId === undefined) return 1;
  const runs = await db.listSessionRuns(sessionId);
  const current = runs.findLast((s) => s.run.status === "running") ?? runs.at(-1);
  const retries = current?.run.errorRequirements.filter((r) => r.stepName === CHECKS && r.action === "retry").length ?? 0;
  return retries + 1;
}

/**
 * The offline CI runner behind run_checks. It is an executor rather than a plain function because it needs the
 * run's session to count the attempts (a step function is not told which run it belongs to): the first run of
 * "flaky" checks fails, a retry passes.
 */
class CheckRunner implements Executor {
  readonly id = "check-runner";
  readonly name = "CheckRunner";
  readonly executorType = "agent" as const;

  constructor(private readonly db: Store) {}

  /** Runs the checks at once and returns their outcome; it yields no events of its own. */
  async *runIter(input: string, options: ExecutorRunOptions = {}): AsyncGenerator<ExecutorEvent, RunOutput, void> {
    const at = new Date().toISOString();
    const attempt = await checksAttempt(this.db, options.sessionId);
    const release = releaseFrom(input);
    const failed = mentionsFlaky(input) && attempt === 1;
    const content = mentionsFlaky(input)
      ? `All ${TOTAL_TESTS} checks passed for ${release} on attempt ${attempt} (checkout and search are flaky).`
      : `All ${TOTAL_TESTS} checks passed for ${release}.`;
    return new RunOutput({
      runId: options.runId ?? crypto.randomUUID(),
      ...(options.sessionId !== undefined && { sessionId: options.sessionId }),
      executorId: this.id,
      executorName: this.name,
      executorType: this.executorType,
      status: failed ? "error" : "completed",
      ...(failed ? { error: FLAKY_FAILURE } : { content }),
      messages: [{ role: "user", content: input }, ...(failed ? [] : [{ role: "assistant" as const, content }])],
      requirements: [],
      state: null,
      createdAt: at,
      updatedAt: at,
    });
  }

  async *continueRunIter(run: RunOutput): AsyncGenerator<ExecutorEvent, RunOutput, void> {
    throw new Error(`CheckRunner never pauses, so run ${run.runId} cannot be continued.`);
  }
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
  const canary = textOf(stepInput.getStepContent("canary_rollout"));
  const share = /Canary at (\d+)%: error rate ([\d.]+%)/u.exec(canary);
  const rollout = !share
    ? "No canary ran."
    : share[1] === String(CANARY_STAGES.at(-1))
      ? `Rolled out to 100% of the traffic (error rate ${share[2]}).`
      : `Rollout stopped at ${share[1]}% of the traffic (error rate ${share[2]}).`;
  const checks = stepInput.getStepContent(CHECKS);
  const checked = checks === undefined ? "Checks: skipped after they failed." : `Checks: ${textOf(checks)}`;
  return `${deployed} ${rollout} ${checked}`;
}

export const releaseWorkflow: CatalogEntry = {
  name: "ReleaseWorkflow",
  description: "Ship a release: a person picks where it goes, approves each canary stage, and decides what to do when a check fails.",
  pauses: ["error", "route_selection", "iteration_review"],
  exampleInput: "Release v2.3 (flaky integration tests)",
  create: (db) =>
    new Workflow({
      name: "ReleaseWorkflow",
      description: "Release with a step-error pause, a route selection and a canary loop under iteration review",
      db,
      steps: [
        // A failed check waits for a person: retry it, or ship without it.
        new Step({ name: CHECKS, agent: new CheckRunner(db), onError: "pause" }),
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
