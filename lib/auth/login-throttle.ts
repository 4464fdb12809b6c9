import { TooManySignInsError } from "./errors";
import type { AuthStore } from "./store";

export interface LoginThrottleOptions {
  /** Failed attempts allowed per email within `windowMs` before sign-in for it pauses. */
  maxFailures?: number;
  /** How long one count of failures lasts, from its first failure. */
  windowMs?: number;
  /** How long sign-in for that email stays paused. */
  lockMs?: number;
}

/**
 * Slows password guessing: after `maxFailures` wrong passwords for one email within the window, sign-in for that
 * email is refused for `lockMs`, even with the right password. The counts live in the AuthStore's database, so
 * every server process on it shares them and a restart forgets nothing.
 */
export class LoginThrottle {
  readonly #maxFailures: number;
  readonly #windowMs: number;
  readonly #lockMs: number;

  constructor(
    private readonly store: AuthStore,
    options: LoginThrottleOptions = {},
  ) {
    this.#maxFailures = options.maxFailures ?? 10;
    this.#windowMs = options.windowMs ?? 15 * 60_000;
    this.#lockMs = options.lockMs ?? 15 * 60_000;
  }

  /** Throws TooManySignInsError while sign-in for this email is paused. */
  async check(email: string, now: Date = new Date()): Promise<void> {
    const lockedUntil = await this.store.signInLockedUntil(email);
    if (lockedUntil && lockedUntil.getTime() > now.getTime()) {
      throw new TooManySignInsError(Math.ceil((lockedUntil.getTime() - now.getTime()) / 60_000));
    }
  }

  async recordFailure(email: string, now: Date = new Date()): Promise<void> {
    const failures = await this.store.countSignInFailure(email, now, new Date(now.getTime() - this.#windowMs));
    if (failures >= this.#maxFailures) await this.store.lockSignIn(email, new Date(now.getTime() + this.#lockMs));
  }

  async recordSuccess(email: string): Promise<void> {
    await this.store.clearSignInFailures(email);
  }
}
