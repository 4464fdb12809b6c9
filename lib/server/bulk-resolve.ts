import "server-only";
import type { Principal } from "@/lib/auth";
import type { BulkItemResult, BulkResolveRequest, BulkResolveResponse, ResolveRequest } from "@/lib/contracts";
import { appRuntime } from "@/lib/app/runtime";
import { NotFoundError } from "./api-error";
import { toApiError } from "./error-response";
import { resolveRequirement } from "./resolve-requirement";

/** A run this request already wrote to: the version the person saw, and the one this request's own write left. */
interface Moved {
  seen: number;
  now: number;
}

/**
 * One person's answer to many items, each decided exactly as a single decision would be (the same checks,
 * audit entry and exactly-once write), one after the other in the order sent. An item that fails does not stop
 * the others: its result carries the error its single decision would have answered (409 already decided, 404,
 * 403 four-eyes, 400 the answer does not fit its kind, 409 claimed_by_other while someone else holds it, unless `override`).
 *
 * Items of one run share the version the person saw. Deciding the first leaves the run paused at the next version;
 * the next item of that run is then decided against the version this request wrote, and only that one: had anyone
 * else written in between, the version check fails and that item answers 409.
 */
export async function bulkResolve(body: BulkResolveRequest, principal: Principal): Promise<BulkResolveResponse> {
  const db = appRuntime().db;
  const moved = new Map<string, Moved>();
  const results: BulkItemResult[] = [];
  for (const item of body.items) {
    try {
      const location = await db.findRequirementRun(item.id);
      if (!location) throw new NotFoundError(`There is no requirement with id ${item.id}. It may have been removed.`);
      const earlier = moved.get(location.runId);
      const version = earlier && earlier.seen === item.version ? earlier.now : item.version;
      const override = body.override === true ? { override: true } : {};
      const decision: ResolveRequest =
        body.action === "confirm"
          ? { action: "confirm", version, ...override }
          : { action: "reject", version, ...override, ...(body.note ? { note: body.note } : {}) };
      const { run, continued } = await resolveRequirement(item.id, decision, principal);
      // A decision that left the pause open is one write: the run is one version on. One that continued it closed the pause.
      if (!continued) moved.set(location.runId, { seen: earlier?.seen ?? item.version, now: version + 1 });
      results.push({ id: item.id, outcome: "decided", runId: run.runId, continued });
    } catch (error) {
      const apiError = toApiError(error);
      if (apiError.status >= 500) console.error(error);
      results.push({ id: item.id, outcome: "failed", status: apiError.status, error: { code: apiError.code, message: apiError.message } });
    }
  }
  const decided = results.filter((r) => r.outcome === "decided").length;
  return { results, decided, failed: results.length - decided };
}
