import type { RunDto } from "@/lib/contracts";
import type { AppStore } from "@/lib/db/app-store";
import { NotFoundError } from "./api-error";

/** The run as the API shows it: the stored snapshot without engine internals, with its event log. */
export async function loadRunView(db: AppStore, runId: string): Promise<RunDto> {
  const stored = await db.getRun(runId);
  if (!stored) throw new NotFoundError(`There is no run with id ${runId}. It may have been deleted, or the link is wrong.`);
  const events = await db.listEvents(runId);
  const { resumeState: _engineState, owner: _owner, ...run } = stored.run;
  return { ...run, version: stored.version, interrupted: db.isInterrupted(stored.run), events };
}
