import { existsSync, mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { SharedAdapter, sqliteFactory } from "./adapters";
import { DatabaseConfigError } from "./errors";
import { PrismaClient } from "./generated/sqlite/client";
import { applyMigrations, schemaLocation } from "./migrations";
import { PrismaStore, type PrismaStoreOptions } from "./prisma-store";

export interface SqliteDbOptions extends PrismaStoreOptions {
  /** Path of the database file; created (with its folder) and migrated on first use. */
  dbFile: string;
}

/** Migrations already applied in this process, per file: applying them is a no-op after the first time. */
const migrated = new Map<string, Promise<void>>();

/** The Store and AppStore on a SQLite file (WAL mode), through Prisma and better-sqlite3. */
export class SqliteDb extends PrismaStore {
  readonly dbFile: string;

  constructor(options: SqliteDbOptions) {
    if (!options.dbFile || options.dbFile === ":memory:") {
      throw new DatabaseConfigError("SqliteDb needs a file path in dbFile (an in-memory database would not survive the process); e.g. data/workflow.db.");
    }
    const dbFile = resolve(options.dbFile.replace(/^file:/, ""));
    const shared = new SharedAdapter(sqliteFactory(dbFile));
    super(new PrismaClient({ adapter: shared.factory }), shared, "sqlite", options);
    this.dbFile = dbFile;
  }

  protected override async prepare(): Promise<void> {
    mkdirSync(dirname(this.dbFile), { recursive: true });
    let migration = existsSync(this.dbFile) ? migrated.get(this.dbFile) : undefined;
    if (!migration) {
      migration = migrateSqlite(this.dbFile);
      migrated.set(this.dbFile, migration);
      migration.catch(() => migrated.delete(this.dbFile));
    }
    await migration;
    // WAL lets readers work while a writer commits; NORMAL is durable across process crashes in WAL mode.
    await this.client.$queryRawUnsafe("PRAGMA journal_mode = WAL");
    await this.client.$executeRawUnsafe("PRAGMA synchronous = NORMAL");
  }
}

async function migrateSqlite(dbFile: string): Promise<void> {
  await applyMigrations(schemaLocation("sqlite"), sqliteFactory(dbFile));
}
