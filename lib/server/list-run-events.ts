import "server-only";
import type { RunEventsPage } from "@/lib/contracts";
import type { AppStore } from "@/lib/db/app-store";
import { NotFoundError } from "./api-error";

/** One page of a run's event log after `afterSeq`, oldest first, and where the next page starts. */
export async function listRunEvents(db: AppStore, runId: string, page: { afterSeq: number; limit: number }): Promise<RunEventsPage> {
  if (!(await db.getRunStatus(runId))) throw new NotFoundError(`There is no run with id ${runId}. It may have been deleted, or the link is wrong.`);
  // One more than asked tells whether another page follows without a second query.
  const events = await db.listEvents(runId, { afterSeq: page.afterSeq, limit: page.limit + 1 });
  const shown = events.slice(0, page.limit);
  const more = events.length > page.limit;
  return { events: shown, nextAfterSeq: more ? (shown.at(-1)?.seq ?? null) : null };
}
