// Driver adapter factories for the client and for the schema engine (migrations).
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";
import { DatabaseConfigError } from "./errors";

/**
 * Keeps the adapter a PrismaClient connects with, so the store's hand-written SQL shares its
 * connection (and, on SQLite, its transaction lock) instead of opening a second one.
 */
export class SharedAdapter {
  #current: SqlDriverAdapter | undefined;

  constructor(private readonly inner: SqlDriverAdapterFactory) {}

  get factory(): SqlDriverAdapterFactory {
    return {
      provider: this.inner.provider,
      adapterName: this.inner.adapterName,
      connect: async () => {
        this.#current = await this.inner.connect();
        return this.#current;
      },
    };
  }

  /** The connected adapter; the client must have connected first. */
  get current(): SqlDriverAdapter {
    if (!this.#current) throw new Error("The database client has not connected yet.");
    return this.#current;
  }
}

/** Dates are stored as unix milliseconds, as Prisma's native engine does in `_prisma_migrations`. */
export function sqliteFactory(dbFile: string): PrismaBetterSqlite3 {
  return new PrismaBetterSqlite3({ url: dbFile, timeout: 5000 }, { timestampFormat: "unixepoch-ms" });
}

/** Connection fields of a postgres:// URL. */
export function pgConfig(url: string): pg.ClientConfig & { database: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DatabaseConfigError(`"${url}" is not a database URL; give one like postgresql://user@host:5432/dbname.`);
  }
  if (!/^postgres(ql)?:$/.test(parsed.protocol)) {
    throw new DatabaseConfigError(`"${url}" is not a PostgreSQL URL; it must start with postgresql://.`);
  }
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ""));
  if (!database) throw new DatabaseConfigError(`The URL "${url}" names no database; add it after the host, e.g. /workflows.`);
  return {
    host: parsed.hostname || "localhost",
    port: parsed.port ? Number(parsed.port) : 5432,
    user: decodeURIComponent(parsed.username) || "postgres",
    password: decodeURIComponent(parsed.password),
    database,
  };
}

const CHAR_OID = 18;
const TEXT_OID = 25;

type Query = (...args: unknown[]) => Promise<unknown>;

function fixResult(result: unknown): unknown {
  const fields = (result as { fields?: { dataTypeID: number }[] } | undefined)?.fields;
  for (const field of fields ?? []) if (field.dataTypeID === CHAR_OID) field.dataTypeID = TEXT_OID;
  return result;
}

function withQueryFix<T extends object>(target: T, extra?: (prop: string | symbol, value: unknown) => unknown): T {
  return new Proxy(target, {
    get(obj, prop, receiver) {
      const value: unknown = Reflect.get(obj, prop, receiver);
      if (prop === "query" && typeof value === "function") {
        return async (...args: unknown[]) => fixResult(await (value as Query).apply(obj, args));
      }
      const replaced = extra?.(prop, value);
      if (replaced !== undefined) return replaced;
      return typeof value === "function" ? (value as Query).bind(obj) : value;
    },
  });
}

/**
 * The schema engine introspects catalog columns of type "char" (OID 18), which PrismaPg cannot
 * describe; they hold one-letter codes, so they are reported as text.
 */
function charAsTextPool(config: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool(config);
  return withQueryFix(pool, (prop, value) =>
    prop === "connect" && typeof value === "function"
      ? async () => withQueryFix((await (value as () => Promise<pg.PoolClient>).call(pool)) as pg.PoolClient)
      : undefined,
  );
}

/**
 * For migrations. PrismaPg's own shadow database pool is built from the connection string, which
 * overrides the database name (the replay would hit the main database), and it drops the shadow
 * database while its pool still holds connections; so this factory creates and drops it itself.
 */
export function pgMigrationFactory(url: string): SqlMigrationAwareDriverAdapterFactory {
  const config = pgConfig(url);
  const main = new PrismaPg(charAsTextPool({ ...config, max: 2 }), { disposeExternalPool: true });
  return {
    provider: main.provider,
    adapterName: main.adapterName,
    connect: () => main.connect(),
    async connectToShadowDb(): Promise<SqlDriverAdapter> {
      const shadow = `prisma_shadow_${process.pid}_${Date.now().toString(36)}`;
      const admin = new pg.Client(config);
      await admin.connect();
      await admin.query(`CREATE DATABASE "${shadow}"`);
      const adapter = await new PrismaPg(charAsTextPool({ ...config, database: shadow, max: 1 }), { disposeExternalPool: true }).connect();
      return new Proxy(adapter, {
        get(target, prop, receiver) {
          if (prop === "dispose") {
            return async () => {
              await target.dispose();
              await admin.query(`DROP DATABASE IF EXISTS "${shadow}"`);
              await admin.end();
            };
          }
          const value: unknown = Reflect.get(target, prop, receiver);
          return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
        },
      });
    },
  };
}
