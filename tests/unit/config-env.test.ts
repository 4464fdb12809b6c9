import { describe, expect, it } from "vitest";
import { InvalidEnvironmentError, parseEnv } from "@/lib/config/env";

describe("the environment", () => {
  it("takes every default when nothing is set, and an empty variable counts as unset", () => {
    for (const source of [{}, { DATABASE_URL: "", WORKER_CONCURRENCY: "", OPENAI_MODEL: "", APP_ORIGIN: "" }]) {
      expect(parseEnv(source)).toEqual({
        database: { provider: "sqlite", file: "./data/app.db" },
        eventPayloads: "full",
        model: { apiKey: undefined, baseURL: undefined, model: "gpt-4o-mini" },
        admin: { email: undefined, password: undefined },
        trustedOrigins: [],
        fourEyesWorkflows: [],
        workers: { concurrency: 4, leaseMs: 30_000, recoveryAttempts: 3, pollMs: 1000 },
      });
    }
  });

  it("chooses PostgreSQL for a postgres URL and a SQLite file for DATABASE_FILE or a file: URL", () => {
    expect(parseEnv({ DATABASE_URL: "postgresql://u@db:5432/app", DATABASE_FILE: "x.db" }).database).toEqual({ provider: "postgresql", url: "postgresql://u@db:5432/app" });
    expect(parseEnv({ DATABASE_FILE: "/var/lib/inbox.db" }).database).toEqual({ provider: "sqlite", file: "/var/lib/inbox.db" });
    expect(parseEnv({ DATABASE_URL: "file:data/other.db" }).database).toEqual({ provider: "sqlite", file: "data/other.db" });
  });

  it("reads the worker settings, lists and the model", () => {
    const env = parseEnv({
      WORKERS: "0",
      LEASE_SECONDS: "2",
      RECOVERY_ATTEMPTS: "0",
      DISPATCH_POLL_MS: "50",
      FOUR_EYES_WORKFLOWS: " PaymentWorkflow, ,RefundWorkflow",
      OPENAI_API_KEY: "sk-x",
      OPENAI_MODEL: "llama3.2",
      OPENAI_BASE_URL: "http://127.0.0.1:11434/v1",
    });
    expect(env.workers).toEqual({ concurrency: 0, leaseMs: 2000, recoveryAttempts: 0, pollMs: 50 });
    expect(env.fourEyesWorkflows).toEqual(["PaymentWorkflow", "RefundWorkflow"]);
    expect(env.model).toEqual({ apiKey: "sk-x", baseURL: "http://127.0.0.1:11434/v1", model: "llama3.2" });
  });

  it("reads EVENT_PAYLOADS as full or lean", () => {
    expect(parseEnv({ EVENT_PAYLOADS: "lean" }).eventPayloads).toBe("lean");
    expect(parseEnv({ EVENT_PAYLOADS: "full" }).eventPayloads).toBe("full");
  });

  it("refuses unusable values, naming each variable and what it accepts", () => {
    const attempt = () =>
      parseEnv({ WORKER_CONCURRENCY: "lots", LEASE_SECONDS: "0", WORKERS: "2", APP_ORIGIN: "inbox.example.com", DATABASE_URL: "mysql://x", EVENT_PAYLOADS: "none" });
    expect(attempt).toThrow(InvalidEnvironmentError);
    try {
      attempt();
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain("WORKER_CONCURRENCY must be a whole number");
      expect(message).toContain("LEASE_SECONDS must be at least 1");
      expect(message).toContain("WORKERS must be 0 (web only) or 1");
      expect(message).toContain('APP_ORIGIN must list absolute URLs such as https://inbox.example.com, not "inbox.example.com"');
      expect(message).toContain("DATABASE_URL must start with postgresql://");
      expect(message).toContain("EVENT_PAYLOADS must be full (the default) or lean");
      expect((error as Error).cause).toBeDefined();
    }
  });
});
