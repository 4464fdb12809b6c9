import "server-only";
import { VIEW_COUNT_CAP, type InboxFilters } from "@/lib/contracts";
import type { InboxViewer } from "@/lib/db/team-inbox-store";
import type { Runtime } from "@/lib/runtime/runtime";
import { PendingTotal } from "./pending-total";

/** Kept counts per process; past this many (viewer, filters) pairs the oldest are dropped. */
const MAX_KEPT = 500;

/**
 * The counts of the inbox's tabs, each kept like the badge's total (`PendingTotal`): until a run changes, a claim or
 * an assignment is written here, or it is a second old (claims expire and other instances write too).
 */
export class InboxCounts {
  readonly #runtime: Runtime;
  readonly #kept = new Map<string, PendingTotal>();

  constructor(runtime: Runtime) {
    this.#runtime = runtime;
    runtime.signals.onAnyChange(() => this.changed());
  }

  changed(): void {
    for (const total of this.#kept.values()) total.changed();
  }

  get(filters: InboxFilters, viewer: InboxViewer): Promise<number> {
    // Only "mine" depends on who asks; other counts are shared by everyone.
    const key = JSON.stringify([filters.view === "mine" ? viewer : null, filters]);
    let total = this.#kept.get(key);
    if (!total) {
      total = new PendingTotal(() => this.#runtime.db.teamInbox().count(filters, viewer, new Date(), VIEW_COUNT_CAP));
      if (this.#kept.size >= MAX_KEPT) this.#kept.delete(this.#kept.keys().next().value as string);
      this.#kept.set(key, total);
    }
    return total.get();
  }
}

// One per runtime, on globalThis because Next's dev server re-evaluates modules.
const holder = globalThis as typeof globalThis & { __hitlInboxCounts?: WeakMap<Runtime, InboxCounts> };

export function inboxCountsOf(runtime: Runtime): InboxCounts {
  const all = (holder.__hitlInboxCounts ??= new WeakMap());
  let counts = all.get(runtime);
  if (!counts) {
    counts = new InboxCounts(runtime);
    all.set(runtime, counts);
  }
  return counts;
}
