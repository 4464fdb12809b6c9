import { z } from "zod";
import type { RuntimeSettings } from "@/lib/runtime/settings";

/** The variables this module reads, as `process.env` or a test's own object holds them. */
export type EnvSource = Readonly<Record<string, string | undefined>>;

/** Where the app keeps its data. */
export type DatabaseSettings = { provider: "postgresql"; url: string } | { provider: "sqlite"; file: string };

/** The model the shipped workflows run on: OpenAI-compatible when `apiKey` is set, else the offline scripts. */
export interface ModelSettings {
  apiKey: string | undefined;
  baseURL: string | undefined;
  model: string;
}

/** Everything the app reads from its environment, parsed and checked. */
export interface AppEnv {
  database: DatabaseSettings;
  /** How much of each event the run's log keeps (EVENT_PAYLOADS): "full", or "lean" without what is stored elsewhere. */
  eventPayloads: "full" | "lean";
  model: ModelSettings;
  /** The first admin, created on a start with no users; undefined means the default email / a generated password. */
  admin: { email: string | undefined; password: string | undefined };
  /** Origins besides the request's own that may send state-changing requests (APP_ORIGIN). */
  trustedOrigins: string[];
  /** Workflows whose run starter may not decide its requirements (FOUR_EYES_WORKFLOWS). */
  fourEyesWorkflows: string[];
  workers: RuntimeSettings;
}

export const DEFAULT_DATABASE_FILE = "./data/app.db";
export const DEFAULT_OPENAI_MODEL = "gpt-4o-mini";

/** A variable is missing or holds something the app cannot use; the message names it and what it accepts. */
export class InvalidEnvironmentError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "InvalidEnvironmentError";
  }
}

const count = (name: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `${name} must be a whole number`)
    .transform(Number)
    .pipe(z.number().int().min(min, `${name} must be at least ${min}`).max(max, `${name} must be at most ${max}`));

const list = z.string().transform((value) =>
  value
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== ""),
);

const origins = list.pipe(
  z.array(z.url({ error: (issue) => `APP_ORIGIN must list absolute URLs such as https://inbox.example.com, not "${String(issue.input)}"` })),
).transform((urls) => urls.map((url) => new URL(url).origin));

const databaseUrl = z
  .string()
  .trim()
  .regex(/^(postgres(ql)?:\/\/|file:)/i, "DATABASE_URL must start with postgresql:// (or file: for a SQLite file); unset it to use DATABASE_FILE");

/** Unset and empty variables are the same: both take the default. */
const envSchema = z.object({
  DATABASE_URL: databaseUrl.optional(),
  DATABASE_FILE: z.string().optional(),
  EVENT_PAYLOADS: z.enum(["full", "lean"], { error: "EVENT_PAYLOADS must be full (the default) or lean" }).optional(),
  OPENAI_API_KEY: z.string().optional(),
  OPENAI_BASE_URL: z.url({ error: "OPENAI_BASE_URL must be an absolute URL such as http://localhost:11434/v1" }).optional(),
  OPENAI_MODEL: z.string().trim().optional(),
  ADMIN_EMAIL: z.string().trim().optional(),
  ADMIN_PASSWORD: z.string().optional(),
  APP_ORIGIN: origins.optional(),
  FOUR_EYES_WORKFLOWS: list.optional(),
  WORKERS: z.enum(["0", "1"], { error: "WORKERS must be 0 (web only) or 1" }).optional(),
  WORKER_CONCURRENCY: count("WORKER_CONCURRENCY", 1, 256).optional(),
  LEASE_SECONDS: count("LEASE_SECONDS", 1, 3600).optional(),
  RECOVERY_ATTEMPTS: count("RECOVERY_ATTEMPTS", 0, 100).optional(),
  DISPATCH_POLL_MS: count("DISPATCH_POLL_MS", 10, 60_000).optional(),
});

function database(url: string | undefined, file: string | undefined): DatabaseSettings {
  if (url !== undefined && /^postgres(ql)?:\/\//i.test(url)) return { provider: "postgresql", url };
  if (url !== undefined) return { provider: "sqlite", file: url.replace(/^file:/i, "") };
  return { provider: "sqlite", file: file ?? DEFAULT_DATABASE_FILE };
}

/** Parses an environment; throws InvalidEnvironmentError naming every variable that cannot be used. */
export function parseEnv(source: EnvSource): AppEnv {
  const present = Object.fromEntries(Object.keys(envSchema.shape).flatMap((k) => (source[k] ? [[k, source[k]]] : [])));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => i.message).join("; ");
    throw new InvalidEnvironmentError(`The environment cannot be used: ${problems}. Fix or unset these variables and start again.`, { cause: parsed.error });
  }
  const e = parsed.data;
  return {
    database: database(e.DATABASE_URL, e.DATABASE_FILE),
    eventPayloads: e.EVENT_PAYLOADS ?? "full",
    model: { apiKey: e.OPENAI_API_KEY, baseURL: e.OPENAI_BASE_URL, model: e.OPENAI_MODEL || DEFAULT_OPENAI_MODEL },
    admin: { email: e.ADMIN_EMAIL || undefined, password: e.ADMIN_PASSWORD },
    trustedOrigins: e.APP_ORIGIN ?? [],
    fourEyesWorkflows: e.FOUR_EYES_WORKFLOWS ?? [],
    workers: {
      concurrency: e.WORKERS === "0" ? 0 : (e.WORKER_CONCURRENCY ?? 4),
      leaseMs: (e.LEASE_SECONDS ?? 30) * 1000,
      recoveryAttempts: e.RECOVERY_ATTEMPTS ?? 3,
      pollMs: e.DISPATCH_POLL_MS ?? 1000,
    },
  };
}

let memo: AppEnv | undefined;

/** The process's environment, parsed on first use and kept: nothing else in the app reads `process.env`. */
export function appEnv(): AppEnv {
  memo ??= parseEnv(process.env);
  return memo;
}

/**
 * Tests: forget the parsed environment so the next `appEnv()` reads `process.env` again, or use `source`
 * instead of it from now on.
 */
export function resetAppEnv(source?: EnvSource): void {
  memo = source === undefined ? undefined : parseEnv(source);
}
