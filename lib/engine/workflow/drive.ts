import { RunAbandonedError } from "../errors";
import {
  WorkflowCancelledEvent,
  WorkflowCompletedEvent,
  WorkflowErrorEvent,
  WorkflowPausedEvent,
  type WorkflowEvent,
} from "../events";
import type { JsonValue } from "../json";
import type { Store } from "../store";
import { RunContext, type RunSettings } from "./context";
import { EventLog } from "./event-log";
import { RunJournal } from "./run-journal";
import type { WorkflowNode } from "./node";
import { activeRequirementIds, trustResumeState, type ResumeState, type SeqState } from "./resume-state";
import type { WorkflowRunOutput } from "./run-output";
import { runSequence } from "./sequence";

/** Ends the signal a drive hands to its steps when the caller's signal ends or the run is lost to someone else. */
function linkedAbort(outer: AbortSignal | undefined): AbortController {
  const inner = new AbortController();
  if (outer?.aborted) inner.abort(outer.reason);
  else outer?.addEventListener("abort", () => inner.abort(outer.reason), { once: true });
  return inner;
}

/**
 * Runs the top level from `root` to the next pause or the end. Events are appended as they happen; the run is
 * saved (version-checked) after each top-level step and at the outcome. A save or append refused by the version
 * check means the run was cancelled or taken over: the steps' signal is aborted and the drive throws. With
 * `abandonOnAbort` (a worker's drive), an ended signal means the same: nothing more is saved, since what the aborted
 * steps return (a model "failure") is not the run's outcome. Model answers and tool results go to the run's journal
 * as they arrive, and a drive replays what it finds there (`fresh`: the run was just inserted and has none).
 */
export async function* drive(
  db: Store,
  steps: readonly WorkflowNode[],
  out: WorkflowRunOutput,
  settings: RunSettings,
  root: SeqState | undefined,
  options: { abandonOnAbort?: boolean; fresh?: boolean } = {},
): AsyncGenerator<WorkflowEvent, WorkflowRunOutput, void> {
  const abort = linkedAbort(settings.signal);
  const lost = (error: unknown) => abort.abort(error);
  const log = new EventLog(db, out.runId, () => out.version, lost);
  const journal = new RunJournal(db, out.runId, () => out.version, lost, { fresh: options.fresh === true, signal: abort.signal });
  const ctx = new RunContext(out, { ...settings, signal: abort.signal }, journal);
  const save = async () => {
    if (options.abandonOnAbort && abort.signal.aborted) throw new RunAbandonedError(out.runId, { cause: abort.signal.reason });
    out.updatedAt = settings.now().toISOString();
    const events = await log.take();
    out.version = await db.updateRun(out.toJSON(), { expectedVersion: out.version, events });
  };
  const checkpoint = async (state: SeqState) => {
    if (state.index >= steps.length) return;
    out.resumeState = { v: 1, root: state } as unknown as JsonValue;
    await save();
  };
  const it = runSequence(ctx, steps, { prev: undefined, path: [] }, root, checkpoint);
  let next = await it.next();
  while (!next.done) {
    log.push(next.value);
    yield next.value;
    next = await it.next();
  }
  const outcome = next.value;
  const runId = out.runId;
  let final: WorkflowEvent;
  switch (outcome.kind) {
    case "paused": {
      const resume: ResumeState = { v: 1, root: outcome.state };
      out.status = "paused";
      out.resumeState = trustResumeState(resume);
      const pause = ctx.lastPause;
      if (pause) {
        out.pauseKind = pause.kind;
        out.pausedStepName = pause.stepName;
        out.pausedStepPath = pause.stepPath;
      }
      final = new WorkflowPausedEvent({ runId, requirementIds: activeRequirementIds(resume), ...(pause && { pauseKind: pause.kind, stepName: pause.stepName, stepPath: pause.stepPath }) });
      break;
    }
    case "completed":
      out.status = "completed";
      delete out.resumeState;
      if (outcome.last !== undefined) out.content = outcome.last;
      final = new WorkflowCompletedEvent({ runId, ...(outcome.last !== undefined && { content: outcome.last }) });
      break;
    case "cancelled":
      out.status = "cancelled";
      delete out.resumeState;
      out.cancelledStepName = outcome.stepName;
      out.cancelReason = outcome.reason;
      final = new WorkflowCancelledEvent({ runId, reason: outcome.reason, stepName: outcome.stepName });
      break;
    case "error":
      out.status = "error";
      delete out.resumeState;
      out.error = `Step ${outcome.stepName} failed: ${outcome.message}`;
      final = new WorkflowErrorEvent({ runId, error: out.error, stepName: outcome.stepName });
      break;
  }
  delete out.lease;
  delete out.recoveries;
  log.push(final);
  await save();
  yield final;
  return out;
}
