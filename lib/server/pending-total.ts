import "server-only";
import type { Runtime } from "@/lib/runtime/runtime";

/** How long a count of pending requirements may be served without a change having been heard. */
export const PENDING_TOTAL_MAX_AGE_MS = 1_000;

/** A count taken in `generation`, started at `at`: its answer is at least as new as that. */
interface Taken {
  generation: number;
  at: number;
}

interface Counted extends Taken {
  value: number;
}

interface Counting extends Taken {
  promise: Promise<number>;
}

/**
 * The inbox badge's total without counting every pending requirement on every request: the last count is kept
 * until a change is heard (`changed()`) or it is `maxAgeMs` old (writers this process cannot hear). Requests at
 * once share one count; a count that started before a change is answered to its callers but not kept, as the
 * generation it was taken in is gone.
 */
export class PendingTotal {
  readonly #count: () => Promise<number>;
  readonly #now: () => number;
  readonly #maxAgeMs: number;
  #generation = 0;
  #cached: Counted | null = null;
  #counting: Counting | null = null;

  constructor(count: () => Promise<number>, options: { now?: () => number; maxAgeMs?: number } = {}) {
    this.#count = count;
    this.#now = options.now ?? Date.now;
    this.#maxAgeMs = options.maxAgeMs ?? PENDING_TOTAL_MAX_AGE_MS;
  }

  /** Something was written: the next request counts afresh. */
  changed(): void {
    this.#generation += 1;
    this.#cached = null;
  }

  async get(): Promise<number> {
    const now = this.#now();
    if (this.#fresh(this.#cached, now)) return this.#cached.value;
    if (this.#fresh(this.#counting, now)) return this.#counting.promise;
    const generation = this.#generation;
    const promise = this.#count().then(
      (value) => {
        // Kept only if nothing was written since it started and no later-started count is kept already.
        if (this.#generation === generation && (this.#cached === null || this.#cached.at <= now)) this.#cached = { value, generation, at: now };
        return value;
      },
    );
    const counting: Counting = { generation, at: now, promise };
    this.#counting = counting;
    const done = () => {
      if (this.#counting === counting) this.#counting = null;
    };
    promise.then(done, done);
    return promise;
  }

  #fresh<T extends Taken>(entry: T | null, now: number): entry is T {
    return entry !== null && entry.generation === this.#generation && now - entry.at < this.#maxAgeMs;
  }
}

// One per runtime (tests open a new one per database); on globalThis because Next's dev server re-evaluates modules.
const holder = globalThis as typeof globalThis & { __hitlPendingTotals?: WeakMap<Runtime, PendingTotal> };

/** The total of pending requirements for `runtime`'s database, kept between requests as `PendingTotal` says. */
export function pendingTotalOf(runtime: Runtime): PendingTotal {
  const totals = (holder.__hitlPendingTotals ??= new WeakMap());
  let total = totals.get(runtime);
  if (!total) {
    const made = new PendingTotal(() => runtime.db.countPendingRequirements());
    runtime.signals.onAnyChange(() => made.changed());
    totals.set(runtime, made);
    total = made;
  }
  return total;
}
