import { hostname } from "node:os";
import type { RunDto } from "@/lib/contracts";
import type { AppStore } from "@/lib/db/app-store";
import type { WorkflowRunJSON } from "@/lib/engine/workflow/snapshot";
import { NotFoundError } from "./api-error";

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** A run left "running" by a process on this host that no longer exists. Other hosts cannot be checked from here. */
export function isInterrupted(run: WorkflowRunJSON): boolean {
  if (run.status !== "running" || !run.owner) return false;
  return run.owner.host === hostname() && !processAlive(run.owner.pid);
}

/** The run as the API shows it: the stored snapshot without engine internals, with its event log. */
export async function loadRunView(db: AppStore, runId: string): Promise<RunDto> {
  const stored = await db.getRun(runId);
  if (!stored) throw new NotFoundError(`There is no run with id ${runId}. It may have been deleted, or the link is wrong.`);
  const events = await db.listEvents(runId);
  const { resumeState: _engineState, owner: _owner, ...run } = stored.run;
  return { ...run, version: stored.version, interrupted: isInterrupted(stored.run), events };
}
