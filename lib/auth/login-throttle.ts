import { TooManySignInsError } from "./errors";

export interface LoginThrottleOptions {
  /** Failed attempts allowed per email within `windowMs` before sign-in for it pauses. */
  maxFailures?: number;
  windowMs?: number;
  /** How long sign-in for that email stays paused. */
  lockMs?: number;
  /** Emails remembered at most; the oldest are forgotten first, so a flood of made-up emails cannot fill memory. */
  maxTracked?: number;
}

interface Entry {
  failures: number[];
  lockedUntil: number;
}

/**
 * Slows password guessing: after `maxFailures` wrong passwords for one email within the window, sign-in for that
 * email is refused for `lockMs`, even with the right password. Kept in this process's memory: each server process
 * counts for itself, and a restart forgets.
 */
export class LoginThrottle {
  readonly #maxFailures: number;
  readonly #windowMs: number;
  readonly #lockMs: number;
  readonly #maxTracked: number;
  readonly #entries = new Map<string, Entry>();

  constructor(options: LoginThrottleOptions = {}) {
    this.#maxFailures = options.maxFailures ?? 10;
    this.#windowMs = options.windowMs ?? 15 * 60_000;
    this.#lockMs = options.lockMs ?? 15 * 60_000;
    this.#maxTracked = options.maxTracked ?? 10_000;
  }

  /** Throws TooManySignInsError while sign-in for this email is paused. */
  check(email: string, now: Date = new Date()): void {
    const entry = this.#entries.get(email);
    if (entry && entry.lockedUntil > now.getTime()) {
      throw new TooManySignInsError(Math.ceil((entry.lockedUntil - now.getTime()) / 60_000));
    }
  }

  recordFailure(email: string, now: Date = new Date()): void {
    const at = now.getTime();
    const entry = this.#entries.get(email) ?? { failures: [], lockedUntil: 0 };
    this.#entries.delete(email);
    entry.failures = [...entry.failures.filter((t) => at - t < this.#windowMs), at];
    if (entry.failures.length >= this.#maxFailures) {
      entry.lockedUntil = at + this.#lockMs;
      entry.failures = [];
    }
    this.#entries.set(email, entry);
    if (this.#entries.size > this.#maxTracked) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
  }

  recordSuccess(email: string): void {
    this.#entries.delete(email);
  }
}
