// What a PrismaStore remembers of the runs it wrote: enough to skip the version read before an update and to
// rewrite only the requirement rows that changed.
import type { WorkflowRunJSON } from "@/lib/engine";
import type { RequirementWrite } from "./run-statements";
import { endedUndecided, type RequirementCounts, type RequirementRow } from "./rows";

/** What this object last wrote for a run: valid only while the stored version is still `version`. */
export interface Known {
  version: number;
  eventCount: number;
  requirementsKey: string | null;
  counts: RequirementCounts;
  /** Fingerprint of each stored requirement row, by id; null when not known. */
  rows: Map<string, string> | null;
}

/** Everything a requirement row is built from: equal fingerprints mean equal rows. */
const fingerprint = (r: RequirementRow): string => `${r.position}\u0000${r.status}\u0000${r.message ?? ""}\u0000${r.timeoutAt?.getTime() ?? ""}\u0000${r.data}`;
export const fingerprints = (rows: readonly RequirementRow[]) => new Map(rows.map((r) => [r.id, fingerprint(r)]));

export const MAX_KNOWN = 10_000;

/**
 * How to bring the run's requirement rows in line with `rows`. Knowing what is stored, only new and
 * changed rows are written (a resolution touches one row); otherwise all are replaced.
 */
export function requirementWrite(rows: readonly RequirementRow[], stored: Map<string, string> | null): RequirementWrite {
  if (!stored) return { replace: rows };
  const current = new Set(rows.map((r) => r.id));
  return {
    deleted: [...stored.keys()].filter((id) => !current.has(id)),
    upserted: rows.filter((r) => stored.get(r.id) !== fingerprint(r)),
  };
}

/** Tells whether the stored requirement rows still match the snapshot. */
export function requirementsKey(run: WorkflowRunJSON): string {
  // A requirement still pending when the run ends is stored as closed: that changes its row, not its JSON.
  return JSON.stringify([run.stepRequirements, run.errorRequirements, run.workflowName, endedUndecided(run)]);
}
