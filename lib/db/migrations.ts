// Applies the committed migrations (prisma/migrations, prisma/postgres/migrations) and produces the SQL
// of a new one, the way `prisma migrate deploy` / `prisma migrate diff` do, but offline.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import Database from "better-sqlite3";
import pg from "pg";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type { MigrationList } from "@prisma/schema-engine-wasm/schema_engine_bg";
import { MigrationError } from "./errors";
import { openSchemaEngine, type SchemaEngine } from "./schema-engine";

export type Provider = "sqlite" | "postgresql";

/**
 * Tables the migrations create by hand and Prisma's schema cannot express, so the engine's diff leaves them alone
 * instead of dropping them: SQLite's FTS5 index of the history search (the virtual table and its shadow tables;
 * prisma/migrations/20261202173000_history_search_index).
 */
export const EXTERNAL_TABLES = ["runs_search", "runs_search_config", "runs_search_data", "runs_search_docsize", "runs_search_idx"];
/** The engine's filters for the database `factory` connects to (PostgreSQL has no such tables, and would want them schema-qualified). */
const filtersFor = (factory: SqlMigrationAwareDriverAdapterFactory) => ({ externalTables: factory.provider === "sqlite" ? EXTERNAL_TABLES : [], externalEnums: [] });

/** The project's prisma/ folder: next to this module in the repository, else under the working directory. */
export function prismaDir(): string {
  // Not `new URL("../../prisma", import.meta.url)`: Next's bundler takes that for an asset import and fails the build.
  const candidates = [join(dirname(fileURLToPath(import.meta.url)), "..", "..", "prisma"), join(process.cwd(), "prisma")];
  const found = candidates.find((dir) => existsSync(join(dir, "schema.prisma")));
  if (!found) throw new MigrationError(`Cannot find prisma/schema.prisma (looked in ${candidates.join(", ")}).`);
  return found;
}

export interface SchemaLocation {
  schemaPath: string;
  migrationsDir: string;
}

export function schemaLocation(provider: Provider, dir = prismaDir()): SchemaLocation {
  const base = provider === "sqlite" ? dir : join(dir, "postgres");
  return { schemaPath: join(base, "schema.prisma"), migrationsDir: join(base, "migrations") };
}

/** Reads a migrations folder into the shape the schema engine takes. */
export function readMigrations(migrationsDir: string): MigrationList {
  const lockPath = join(migrationsDir, "migration_lock.toml");
  const names = existsSync(migrationsDir)
    ? readdirSync(migrationsDir, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort()
    : [];
  return {
    baseDir: migrationsDir,
    lockfile: { path: "migration_lock.toml", content: existsSync(lockPath) ? readFileSync(lockPath, "utf8") : null },
    shadowDbInitScript: "",
    migrationDirectories: names.map((name) => {
      const file = join(migrationsDir, name, "migration.sql");
      return {
        path: name,
        migrationFile: {
          path: "migration.sql",
          content: existsSync(file) ? { tag: "ok", value: readFileSync(file, "utf8") } : { tag: "error", value: `${file} is missing` },
        },
      };
    }),
  };
}

async function withEngine<T>(
  location: SchemaLocation,
  factory: SqlMigrationAwareDriverAdapterFactory,
  use: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const { engine, close } = await openSchemaEngine(
    { path: location.schemaPath, content: readFileSync(location.schemaPath, "utf8") },
    factory,
  );
  try {
    return await use(engine);
  } catch (error) {
    throw new MigrationError(describe(error), { cause: error });
  } finally {
    await close();
  }
}

function describe(error: unknown): string {
  const message =
    error instanceof Error ? error.message : typeof error === "object" && error !== null && "message" in error ? String(error.message) : String(error);
  // Prisma's SQLite migrator takes the file in exclusive locking mode; a busy file means another connection has it open.
  if (message.includes("SocketTimeout")) {
    return "The database file is in use by another process, and applying migrations needs it to itself: stop the other processes, run npm run db:migrate, then start them again.";
  }
  return message;
}

/**
 * Names of committed migrations the database has not applied, read with a plain query: cheap enough
 * for every start, and it leaves a SQLite file that other processes have open alone when nothing is due.
 */
export async function unappliedMigrations(provider: Provider, target: string, location = schemaLocation(provider)): Promise<string[]> {
  const committed = readMigrations(location.migrationsDir).migrationDirectories.map((d) => d.path);
  const applied = new Set(provider === "sqlite" ? sqliteApplied(target) : await postgresApplied(target));
  return committed.filter((name) => !applied.has(name));
}

const APPLIED = "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL";

function sqliteApplied(dbFile: string): string[] {
  if (!existsSync(dbFile)) return [];
  const db = new Database(dbFile, { readonly: true, timeout: 5000 });
  try {
    const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get();
    return table ? db.prepare(APPLIED).pluck().all().map(String) : [];
  } finally {
    db.close();
  }
}

async function postgresApplied(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const table = await client.query<{ t: string | null }>("SELECT to_regclass('_prisma_migrations')::text AS t");
    if (!table.rows[0]?.t) return [];
    return (await client.query<{ migration_name: string }>(APPLIED)).rows.map((r) => r.migration_name);
  } finally {
    await client.end();
  }
}

/** Applies every migration the database has not seen yet. Returns the names applied now. */
export async function applyMigrations(location: SchemaLocation, factory: SqlMigrationAwareDriverAdapterFactory): Promise<string[]> {
  return withEngine(location, factory, async (engine) => {
    const out = await engine.applyMigrations({ migrationsList: readMigrations(location.migrationsDir), filters: filtersFor(factory) });
    return out.appliedMigrationNames;
  });
}

/** Names of committed migrations not applied to the database yet (empty when it is up to date). */
export async function pendingMigrations(location: SchemaLocation, factory: SqlMigrationAwareDriverAdapterFactory): Promise<string[]> {
  return withEngine(location, factory, async (engine) => {
    const out = await engine.diagnoseMigrationHistory({
      migrationsList: readMigrations(location.migrationsDir),
      optInToShadowDatabase: false,
      filters: filtersFor(factory),
    });
    if (out.failedMigrationNames.length > 0) {
      throw new MigrationError(`Migrations ${out.failedMigrationNames.join(", ")} failed earlier; fix the database by hand, then mark them rolled back.`);
    }
    if (!out.hasMigrationsTable) return readMigrations(location.migrationsDir).migrationDirectories.map((d) => d.path);
    return out.history?.diagnostic === "databaseIsBehind" ? out.history.unappliedMigrationNames : [];
  });
}

/**
 * The SQL that takes a database from the committed migrations to the schema file (replayed on a
 * shadow database). Empty when they already agree.
 */
export async function diffMigrationsToSchema(location: SchemaLocation, factory: SqlMigrationAwareDriverAdapterFactory): Promise<string> {
  return withEngine(location, factory, async (engine) => {
    const migrations = readMigrations(location.migrationsDir);
    const from = migrations.migrationDirectories.length === 0 ? ({ tag: "empty" } as const) : ({ tag: "migrations", ...migrations } as const);
    const out = await engine.diff({
      from,
      to: { tag: "schemaDatamodel", files: [{ path: location.schemaPath, content: readFileSync(location.schemaPath, "utf8") }] },
      script: true,
      exitCode: null,
      filters: filtersFor(factory),
    });
    const sql = out.stdout ?? "";
    const statements = sql.split("\n").filter((line) => line.trim() !== "" && !line.trim().startsWith("--"));
    return statements.length === 0 ? "" : sql;
  });
}
