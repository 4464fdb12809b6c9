import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { PostgresDb, SqliteDb } from "@/lib/db";
import { pgMigrationFactory, sqliteFactory } from "@/lib/db/adapters";
import { applyMigrations, diffMigrationsToSchema, readMigrations, schemaLocation } from "@/lib/db/migrations";
import { baseRun } from "@/tests/support/db-fixtures";
import { createPgDatabase, skipReason, tempDir, TEST_DATABASE_URL } from "@/tests/support/db-targets";

const run = promisify(execFile);
const sqliteMigrations = readMigrations(schemaLocation("sqlite").migrationsDir).migrationDirectories;
const pgMigrations = readMigrations(schemaLocation("postgresql").migrationsDir).migrationDirectories;
const checksum = (provider: "sqlite" | "postgresql", name: string) =>
  createHash("sha256").update(readFileSync(join(schemaLocation(provider).migrationsDir, name, "migration.sql"))).digest("hex");

describe("sqlite migrations", () => {
  const tmp = tempDir();
  afterAll(() => tmp.remove());

  it("the first use of a new file applies every migration and records it as prisma migrate deploy does", async () => {
    const dbFile = join(tmp.dir, "nested", "fresh.db");
    const db = new SqliteDb({ dbFile });
    await db.insertRun(baseRun(), []);
    await db.close();

    const file = new Database(dbFile, { readonly: true });
    const rows = file.prepare("SELECT migration_name, checksum, finished_at, rolled_back_at FROM _prisma_migrations ORDER BY migration_name").all();
    const tables = file.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    const journal = file.pragma("journal_mode", { simple: true });
    file.close();
    expect(rows).toEqual(
      sqliteMigrations.map((m) => ({ migration_name: m.path, checksum: checksum("sqlite", m.path), finished_at: expect.any(Number), rolled_back_at: null })),
    );
    expect(tables).toEqual(expect.arrayContaining(["_prisma_migrations", "agent_runs", "events", "requirements", "runs", "sessions"]));
    expect(journal).toBe("wal");
  });

  it("two databases opened at the same moment on a new file share one migration and both work", async () => {
    const dbFile = join(tmp.dir, "together.db");
    const first = new SqliteDb({ dbFile });
    const second = new SqliteDb({ dbFile });
    await Promise.all([first.insertRun(baseRun({ runId: "together-1" }), []), second.insertRun(baseRun({ runId: "together-2" }), [])]);
    expect((await first.getRun("together-2"))?.run.runId).toBe("together-2");
    expect((await second.getRun("together-1"))?.run.runId).toBe("together-1");
    await Promise.all([first.close(), second.close()]);
  });

  it("applying again changes nothing", async () => {
    const dbFile = join(tmp.dir, "twice.db");
    expect(await applyMigrations(schemaLocation("sqlite"), sqliteFactory(dbFile))).toEqual(sqliteMigrations.map((m) => m.path));
    expect(await applyMigrations(schemaLocation("sqlite"), sqliteFactory(dbFile))).toEqual([]);
  });

  it("the committed SQLite migrations produce exactly the schema in prisma/schema.prisma", async () => {
    expect(await diffMigrationsToSchema(schemaLocation("sqlite"), sqliteFactory(":memory:"))).toBe("");
  });

  it("npm run db:migrate applies pending migrations to DATABASE_URL offline", async () => {
    const dbFile = join(tmp.dir, "cli.db");
    const env = { ...process.env, DATABASE_URL: `file:${dbFile}` };
    const first = await run("node_modules/.bin/tsx", ["scripts/db-migrate.ts"], { env });
    expect(first.stdout).toContain(`applied ${sqliteMigrations.map((m) => m.path).join(", ")}`);
    const second = await run("node_modules/.bin/tsx", ["scripts/db-migrate.ts"], { env });
    expect(second.stdout).toContain("already up to date");
  });
});

describe.skipIf(!TEST_DATABASE_URL)(TEST_DATABASE_URL ? "postgres migrations" : `postgres migrations: ${skipReason}`, () => {
  const serverUrl = TEST_DATABASE_URL ?? "";

  it("the first use of an empty database applies every migration, with the trigram index for search", async () => {
    const database = await createPgDatabase(serverUrl);
    try {
      const db = new PostgresDb({ url: database.url });
      await db.insertRun(baseRun({ input: "Weather in Tokyo" }), []);
      expect((await db.listRuns({ q: "TOKYO", limit: 5 })).items).toHaveLength(1);
      await db.close();

      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      const applied = await client.query("SELECT migration_name, checksum, finished_at FROM _prisma_migrations ORDER BY migration_name");
      const index = await client.query("SELECT indexdef FROM pg_indexes WHERE indexname = 'runs_input_text_idx'");
      // The history's search is `input_text LIKE '%…%'` on lower-cased text: the trigram index can serve it.
      await client.query("SET enable_seqscan = off");
      const plan = await client.query("EXPLAIN SELECT id FROM runs WHERE input_text LIKE '%tokyo%'");
      await client.end();
      expect(plan.rows.map((r: { "QUERY PLAN": string }) => r["QUERY PLAN"]).join("\n")).toContain("runs_input_text_idx");
      expect(applied.rows.map((r) => [r.migration_name, r.checksum, r.finished_at !== null])).toEqual(
        pgMigrations.map((m) => [m.path, checksum("postgresql", m.path), true]),
      );
      expect(index.rows[0]?.indexdef).toMatch(/USING gin \(input_text gin_trgm_ops\)/);
      expect(await applyMigrations(schemaLocation("postgresql"), pgMigrationFactory(database.url))).toEqual([]);
    } finally {
      await database.drop();
    }
  });

  it("the committed PostgreSQL migrations produce exactly the schema in prisma/postgres/schema.prisma", async () => {
    expect(await diffMigrationsToSchema(schemaLocation("postgresql"), pgMigrationFactory(serverUrl))).toBe("");
  });
});

// That the two schema files and migration folders are in step is checked in db-schema.test.ts.
