import { z } from "zod";

/** How this process takes part in executing runs. */
export interface RuntimeSettings {
  /** Runs this process executes at once; 0 makes a web-only instance. */
  concurrency: number;
  /** How long a worker's lease on a run lasts without renewal; it renews every third of it. */
  leaseMs: number;
  /** Times a run whose worker died is taken over again before it ends `error`. */
  recoveryAttempts: number;
  /** How often the dispatcher looks for runs another process queued or lost (its own wake it at once). */
  pollMs: number;
}

const count = (name: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `${name} must be a whole number`)
    .transform(Number)
    .pipe(z.number().int().min(min, `${name} must be at least ${min}`).max(max, `${name} must be at most ${max}`));

const envSchema = z.object({
  WORKERS: z.enum(["0", "1"], { error: "WORKERS must be 0 (web only) or 1" }).optional(),
  WORKER_CONCURRENCY: count("WORKER_CONCURRENCY", 1, 256).optional(),
  LEASE_SECONDS: count("LEASE_SECONDS", 1, 3600).optional(),
  RECOVERY_ATTEMPTS: count("RECOVERY_ATTEMPTS", 0, 100).optional(),
  DISPATCH_POLL_MS: count("DISPATCH_POLL_MS", 10, 60_000).optional(),
});

export class RuntimeSettingsError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "RuntimeSettingsError";
  }
}

/** Reads WORKERS, WORKER_CONCURRENCY (4), LEASE_SECONDS (30), RECOVERY_ATTEMPTS (3) and DISPATCH_POLL_MS (1000). */
export function runtimeSettingsFrom(env: Readonly<Record<string, string | undefined>>): RuntimeSettings {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    throw new RuntimeSettingsError(`Invalid worker settings: ${parsed.error.issues.map((i) => i.message).join("; ")}.`, { cause: parsed.error });
  }
  const e = parsed.data;
  return {
    concurrency: e.WORKERS === "0" ? 0 : (e.WORKER_CONCURRENCY ?? 4),
    leaseMs: (e.LEASE_SECONDS ?? 30) * 1000,
    recoveryAttempts: e.RECOVERY_ATTEMPTS ?? 3,
    pollMs: e.DISPATCH_POLL_MS ?? 1000,
  };
}
