import { existsSync, mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { SharedAdapter, sqliteFactory } from "./adapters";
import { DatabaseConfigError } from "./errors";
import { PrismaClient } from "./generated/sqlite/client";
import { applyMigrations, schemaLocation, unappliedMigrations } from "./migrations";
import { PrismaStore, queryLogOptions, type PrismaStoreOptions, type StoreClient } from "./prisma-store";
import { SqliteStatements } from "./sqlite-statements";

export interface SqliteDbOptions extends PrismaStoreOptions {
  /** Path of the database file; created (with its folder) and migrated on first use. */
  dbFile: string;
}

interface Connection {
  client: StoreClient;
  shared: SharedAdapter;
  users: number;
  /** The connection's settings (WAL, synchronous), made once by its first SqliteDb: a later one on it skips them. */
  settings?: Promise<void>;
}

/**
 * One connection per file per process, shared by every SqliteDb on it. Two connections in one
 * process would deadlock: a write transaction spans awaits, and the other connection's writer
 * waits for the lock synchronously, blocking the very event loop that would finish the first.
 */
const connections = new Map<string, Connection>();
/** Migrations of this process, per file: one under way is shared; a finished one counts while its file exists. */
interface Migration {
  promise: Promise<void>;
  settled: boolean;
}
const migrations = new Map<string, Migration>();

function connect(dbFile: string, options: PrismaStoreOptions): { connection: Connection; key: string } {
  // A client that reports its queries needs its own event wiring, so it gets its own connection.
  const key = options.onQuery ? `${dbFile}#${connections.size}:${Date.now()}` : dbFile;
  let connection = connections.get(key);
  if (!connection) {
    const shared = new SharedAdapter(sqliteFactory(dbFile));
    connection = { client: new PrismaClient({ adapter: shared.factory, ...queryLogOptions(options) }), shared, users: 0 };
    connections.set(key, connection);
  }
  connection.users++;
  return { connection, key };
}

/** WAL pages (4 KB each) after which a commit checkpoints the WAL into the database file; SQLite's default is 1000. */
const WAL_AUTOCHECKPOINT_PAGES = 10_000;

/** The Store and AppStore on a SQLite file (WAL mode), through Prisma and better-sqlite3. */
export class SqliteDb extends PrismaStore {
  readonly dbFile: string;

  constructor(options: SqliteDbOptions) {
    if (!options.dbFile || options.dbFile === ":memory:") {
      throw new DatabaseConfigError("SqliteDb needs a file path in dbFile (an in-memory database would not survive the process); e.g. data/workflow.db.");
    }
    const dbFile = resolve(options.dbFile.replace(/^file:/, ""));
    const { connection, key } = connect(dbFile, options);
    let released = false;
    const release = async () => {
      if (released) return;
      released = true;
      if (--connection.users > 0) return;
      connections.delete(key);
      await connection.client.$disconnect();
    };
    super({ client: connection.client, shared: connection.shared, statements: (adapter) => new SqliteStatements(adapter), release }, options);
    this.dbFile = dbFile;
    this.#connection = connection;
  }

  readonly #connection: Connection;

  protected override async prepare(): Promise<void> {
    const migration = migrationOf(this.dbFile);
    // A handle opened on a connection already set up (a request's SqliteDb beside the app's) only waits for it.
    const connection = this.#connection;
    if (connection.settings && migration.settled) return connection.settings;
    mkdirSync(dirname(this.dbFile), { recursive: true });
    await migration.promise;
    const settings = (async () => {
      // WAL lets readers work while a writer commits; NORMAL stays durable across process crashes in WAL mode.
      await this.client.$queryRawUnsafe("PRAGMA journal_mode = WAL");
      await this.client.$executeRawUnsafe("PRAGMA synchronous = NORMAL");
      // Checkpoint the WAL every ~40 MB instead of every ~4 MB: a checkpoint's two fsyncs then come ten times less
      // often and pages rewritten in between are copied once. Commits stay as durable as before.
      await this.client.$queryRawUnsafe(`PRAGMA wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
    })();
    settings.catch(() => {
      if (connection.settings === settings) connection.settings = undefined;
    });
    connection.settings = settings;
    return settings;
  }
}

function migrationOf(dbFile: string): Migration {
  const known = migrations.get(dbFile);
  if (known && (!known.settled || existsSync(dbFile))) return known;
  const migration: Migration = { promise: migrate(dbFile), settled: false };
  migration.promise.then(
    () => {
      migration.settled = true;
    },
    () => {
      if (migrations.get(dbFile) === migration) migrations.delete(dbFile);
    },
  );
  migrations.set(dbFile, migration);
  return migration;
}

async function migrate(dbFile: string): Promise<void> {
  if ((await unappliedMigrations("sqlite", dbFile)).length === 0) return;
  await applyMigrations(schemaLocation("sqlite"), sqliteFactory(dbFile));
}
