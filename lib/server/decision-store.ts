import type { NewAuditEntry } from "@/lib/auth";
import type { AppStore } from "@/lib/db/app-store";
import type { Store } from "@/lib/engine/store";

/**
 * The app's store as the engine sees it while one decision is applied. The write that records the
 * decision — the first update from the version the person saw, whether the engine's claim on continue
 * or the save of a partly answered pause — carries the decision's audit entry into the same transaction.
 * A write that loses the version check writes neither, so there is never a decision without its entry.
 */
export function decisionStore(db: AppStore, entry: NewAuditEntry, seenVersion: number): Store {
  let unwritten: NewAuditEntry | null = entry;
  return {
    insertRun: (run, events) => db.insertRun(run, events),
    async updateRun(run, options) {
      if (unwritten === null || options.expectedVersion !== seenVersion) return db.updateRun(run, options);
      const version = await db.updateRun(run, { ...options, audit: [unwritten] });
      unwritten = null;
      return version;
    },
    getRun: (runId) => db.getRun(runId),
    listSessionRuns: (sessionId) => db.listSessionRuns(sessionId),
    listEvents: (runId, options) => db.listEvents(runId, options),
    saveAgentRun: (run) => db.saveAgentRun(run),
    getAgentRun: (runId) => db.getAgentRun(runId),
  };
}
