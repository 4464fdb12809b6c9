import "server-only";
import { actorKey, actorOf, assertMayDecide, auditEntryFor, type Principal } from "@/lib/auth";
import { actionsByKind, type ResolveRequest, type RunDto } from "@/lib/contracts";
import { ConflictError, InvalidInputError, NotFoundError } from "./api-error";
import { forgetClaim, overriddenClaim } from "./claims";
import { workflowOfRun } from "./catalog";
import { commitDecision, decidedRequirement, findTarget, fourEyes, type DecisionTarget } from "@/lib/app/decision";
import { loadRunView } from "./run-view";
import { appRuntime } from "@/lib/app/runtime";
import { waitForRun } from "./wait-for-run";

function apply(target: DecisionTarget, body: ResolveRequest, by: string): void {
  const allowed = actionsByKind[target.kind];
  if (!allowed.includes(body.action)) {
    throw new InvalidInputError(
      "action",
      `The action "${body.action}" does not fit a ${target.kind.replace(/_/g, " ")} requirement: use ${allowed.map((a) => `"${a}"`).join(" or ")}.`,
    );
  }
  const options = { by };
  switch (target.level) {
    case "executor": {
      const r = target.requirement;
      if (body.action === "reject" && body.onReject !== undefined) {
        throw new InvalidInputError("onReject", "A tool call's rejection has one outcome (the note goes to the model); leave onReject out.");
      }
      if (body.action === "confirm") r.confirm({ ...options, ...(body.args !== undefined && { args: body.args }) });
      else if (body.action === "reject") r.reject({ ...options, ...((body.note ?? body.feedback) ? { note: body.note ?? body.feedback } : {}) });
      else if (body.action === "input") r.provideUserInput(body.values, options);
      else if (body.action === "result") r.provideResult(body.result, options);
      else if (body.action === "retry") r.retry(options);
      else if (body.action === "skip") r.skip(options);
      return;
    }
    case "step": {
      const r = target.requirement;
      if (body.action === "confirm" && body.args !== undefined) {
        throw new InvalidInputError("args", "Only a tool call's arguments can be edited; approve this step without `args`.");
      }
      if (body.action === "confirm") r.confirm(options);
      else if (body.action === "reject")
        r.reject({
          ...options,
          ...(body.note ? { note: body.note } : {}),
          ...(body.feedback ? { feedback: body.feedback } : {}),
          ...(body.onReject ? { onReject: body.onReject } : {}),
        });
      else if (body.action === "input") r.setUserInput(body.values, options);
      else if (body.action === "edit") r.edit(body.output, options);
      else if (body.action === "select") r.select(...body.choices, options);
      return;
    }
    case "error": {
      if (body.action === "retry") target.requirement.retry(options);
      else if (body.action === "skip") target.requirement.skip(options);
      return;
    }
  }
}

/**
 * Applies one person's answer. Races are decided by the run version: the answer must carry the version the
 * person saw, and the write that follows (the engine's claim, or the partial save) checks it again atomically.
 */
export async function resolveRequirement(
  requirementId: string,
  body: ResolveRequest,
  principal: Principal,
  options: { waitSeconds: number | null; signal?: AbortSignal } = { waitSeconds: null },
): Promise<{ run: RunDto; continued: boolean }> {
  const by = actorKey(principal);
  const runtime = appRuntime();
  const db = runtime.db;
  const location = await db.findRequirementRun(requirementId);
  if (!location) throw new NotFoundError(`There is no requirement with id ${requirementId}. The link may be wrong.`);
  const stored = await db.getRun(location.runId);
  if (!stored) throw new NotFoundError(`The run of requirement ${requirementId} no longer exists.`);
  const entry = workflowOfRun(stored.run.workflowName);
  if (!entry) {
    throw new ConflictError(`The workflow "${stored.run.workflowName}" of this run is no longer in the catalog, so it cannot continue.`);
  }
  const workflow = entry.create(db);
  const run = await workflow.getRun(location.runId);
  if (!run) throw new NotFoundError(`The run of requirement ${requirementId} no longer exists.`);
  if (run.version !== body.version) {
    throw new ConflictError(
      `The run changed since you loaded it (you saw version ${body.version}, it is now at ${run.version}): someone else answered or it moved on. Reload and decide again.`,
    );
  }
  if (!run.isPaused) throw new ConflictError(`The run is ${run.status}, not waiting for a decision any more. Reload to see where it stands.`);
  const target = findTarget(run, requirementId);
  if (!target) throw new NotFoundError(`Requirement ${requirementId} is not part of run ${run.runId}.`);
  if (target.requirement.isResolved) {
    throw new ConflictError("This requirement is already resolved. Reload to see the decision and where the run stands.");
  }
  assertMayDecide(principal, { workflowName: run.workflowName, createdBy: run.createdBy ?? null }, { forbidSelfApproval: fourEyes(entry) });
  const overrode = await overriddenClaim(requirementId, principal, body.override === true);

  apply(target, body, by);
  // The audit entry rides on the write that records the decision, in its transaction: a lost race records neither.
  const record = auditEntryFor(actorOf(principal), decidedRequirement(run, target, body), body, new Date(), overrode);

  // The decision, its audit entry and the queued continuation are one write: a worker takes the run from there.
  const continued = await commitDecision(runtime, entry, run, [record], by);
  await forgetClaim(requirementId);
  if (continued && options.waitSeconds !== null) await waitForRun(db, runtime.signals, run.runId, options.waitSeconds * 1000, options.signal);
  return { run: await loadRunView(db, run.runId), continued };
}
