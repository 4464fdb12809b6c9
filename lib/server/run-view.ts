import "server-only";
import type { RunDto } from "@/lib/contracts";
import type { AppStore } from "@/lib/db/app-store";
import { isRetryable } from "@/lib/engine";
import { NotFoundError } from "./api-error";
import { recoveryOf } from "./recovery";
import { appRuntime } from "@/lib/app/runtime";

/**
 * The run as the API shows it: the stored snapshot without engine internals, with its event log unless
 * `withEvents` is false (then `events` is empty: the caller pages the log in itself).
 */
export async function loadRunView(db: AppStore, runId: string, withEvents = true): Promise<RunDto> {
  const stored = await db.getRun(runId);
  if (!stored) throw new NotFoundError(`There is no run with id ${runId}. It may have been deleted, or the link is wrong.`);
  const events = withEvents ? await db.listEvents(runId) : [];
  const { resumeState: _engineState, lease, recoveries, ...run } = stored.run;
  const recovery = recoveryOf(
    { status: run.status, recoveries: recoveries ?? 0, leaseExpiresAt: lease?.expiresAt ?? null },
    appRuntime().settings.recoveryAttempts,
    new Date(),
  );
  return { ...run, version: stored.version, recovery, retryable: isRetryable(stored.run), events };
}
