import type { AppStore, AuditedStore, RunUpdateOptions } from "@/lib/db/app-store";
import type { WorkflowEventJSON, WorkflowRunJSON } from "@/lib/engine";
import type { RunSignals } from "./signals";

/**
 * The app's store as the engine sees it, telling `signals` about every committed write: a run left pending is
 * runnable, and any write changed the run (its viewers and waiters look again).
 */
export function signallingStore(db: AppStore, signals: RunSignals): AuditedStore {
  const told = (run: WorkflowRunJSON) => {
    signals.changed(run.runId);
    if (run.status === "pending") signals.runnable(run.runId);
  };
  return {
    async insertRun(run, events) {
      const version = await db.insertRun(run, events);
      told(run);
      return version;
    },
    async updateRun(run, options: RunUpdateOptions) {
      const version = await db.updateRun(run, options);
      told(run);
      return version;
    },
    async appendEvents(runId: string, events: WorkflowEventJSON[], options) {
      await db.appendEvents(runId, events, options);
      signals.changed(runId);
    },
    readJournal: (runId) => db.readJournal(runId),
    writeJournal: (runId, entry, options) => db.writeJournal(runId, entry, options),
    getRun: (runId) => db.getRun(runId),
    listSessionRuns: (sessionId) => db.listSessionRuns(sessionId),
    listEvents: (runId, options) => db.listEvents(runId, options),
    saveAgentRun: (run) => db.saveAgentRun(run),
    getAgentRun: (runId) => db.getAgentRun(runId),
  };
}
