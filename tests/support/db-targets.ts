// The databases the db tests run against: a fresh SQLite file in a temp folder, and (when
// TEST_DATABASE_URL is set) a fresh database on that PostgreSQL server, dropped afterwards.
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { PostgresDb, SqliteDb, type PrismaStoreOptions } from "@/lib/db";

/** Set in CI; when it is set the PostgreSQL suites must run, and fail if the server is unreachable. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;

export interface Target {
  name: "sqlite" | "postgres";
  /** A fresh, empty database. */
  create(): Promise<{ url: string; drop(): Promise<void> }>;
  open(url: string, options?: PrismaStoreOptions): SqliteDb | PostgresDb;
}

export function tempDir(prefix = "hitl-db-"): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export const sqliteTarget: Target = {
  name: "sqlite",
  async create() {
    const tmp = tempDir();
    return { url: join(tmp.dir, "workflow.db"), drop: async () => tmp.remove() };
  },
  open: (url, options) => new SqliteDb({ dbFile: url, ...options }),
};

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function createPgDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `hitl_test_${randomUUID().replace(/-/g, "").slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  return {
    url: withDatabase(serverUrl, name),
    async drop() {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

export const postgresTarget: Target = {
  name: "postgres",
  create: () => {
    if (!TEST_DATABASE_URL) throw new Error("TEST_DATABASE_URL is not set");
    return createPgDatabase(TEST_DATABASE_URL);
  },
  open: (url, options) => new PostgresDb({ url, ...options }),
};

/**
 * The targets to run a suite against. PostgreSQL appears only with TEST_DATABASE_URL; without it the
 * suite registers a skipped test that says so, so the report never shows a silent pass.
 */
export const targets: { target: Target; enabled: boolean }[] = [
  { target: sqliteTarget, enabled: true },
  { target: postgresTarget, enabled: TEST_DATABASE_URL !== undefined },
];

export const skipReason = "PostgreSQL suite skipped: set TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test to run it";
