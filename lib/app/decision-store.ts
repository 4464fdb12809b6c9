import type { NewAuditEntry } from "@/lib/auth";
import type { AuditedStore } from "@/lib/db/app-store";
import type { Store } from "@/lib/engine";

/**
 * The app's store as the engine sees it while decisions are applied (one person's, or a policy's on one pause). The write that records the
 * decision — the first update from the version the person saw, whether the queued continuation or the
 * save of a partly answered pause — carries the decisions' audit entries into the same transaction.
 * A write that loses the version check writes neither, so there is never a decision without its entry.
 */
export function decisionStore(store: AuditedStore, entries: readonly NewAuditEntry[], seenVersion: number): Store {
  let unwritten: readonly NewAuditEntry[] | null = entries;
  return {
    ...store,
    async updateRun(run, options) {
      if (unwritten === null || options.expectedVersion !== seenVersion) return store.updateRun(run, options);
      const version = await store.updateRun(run, { ...options, audit: unwritten });
      unwritten = null;
      return version;
    },
  };
}
