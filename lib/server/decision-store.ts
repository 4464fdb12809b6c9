import "server-only";
import type { NewAuditEntry } from "@/lib/auth";
import type { AuditedStore } from "@/lib/db/app-store";
import type { Store } from "@/lib/engine";

/**
 * The app's store as the engine sees it while one decision is applied. The write that records the
 * decision — the first update from the version the person saw, whether the queued continuation or the
 * save of a partly answered pause — carries the decision's audit entry into the same transaction.
 * A write that loses the version check writes neither, so there is never a decision without its entry.
 */
export function decisionStore(store: AuditedStore, entry: NewAuditEntry, seenVersion: number): Store {
  let unwritten: NewAuditEntry | null = entry;
  return {
    ...store,
    async updateRun(run, options) {
      if (unwritten === null || options.expectedVersion !== seenVersion) return store.updateRun(run, options);
      const version = await store.updateRun(run, { ...options, audit: [unwritten] });
      unwritten = null;
      return version;
    },
  };
}
