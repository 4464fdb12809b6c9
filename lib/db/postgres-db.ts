import { PrismaPg } from "@prisma/adapter-pg";
import { pgConfig, pgMigrationFactory, SharedAdapter } from "./adapters";
import { PrismaClient } from "./generated/postgres/client";
import { applyMigrations, schemaLocation, unappliedMigrations } from "./migrations";
import { PrismaStore, queryLogOptions, type PrismaStoreOptions, type StoreClient } from "./prisma-store";
import { RunSql } from "./run-sql";
import type { QueueStatement } from "./run-statements";

export interface PostgresDbOptions extends PrismaStoreOptions {
  /** postgresql://user:password@host:port/database */
  url: string;
  /** Apply pending migrations on first use (default true). Turn off where deploys run `npm run db:migrate`. */
  migrate?: boolean;
  /** Connections in the pool (default 10). */
  poolSize?: number;
}

const migrated = new Map<string, Promise<void>>();

/** The Store and AppStore on PostgreSQL, through Prisma and node-postgres. */
export class PostgresDb extends PrismaStore {
  readonly url: string;
  readonly #migrate: boolean;
  readonly #queue: { statement: QueueStatement | null };

  constructor(options: PostgresDbOptions) {
    const config = pgConfig(options.url);
    const shared = new SharedAdapter(new PrismaPg({ ...config, max: options.poolSize ?? 10 }));
    const client = new PrismaClient({ adapter: shared.factory, ...queryLogOptions(options) });
    const queue: { statement: QueueStatement | null } = { statement: null };
    // Same models, same queries: only the provider-specific SQL inside the client differs.
    super({ client: client as unknown as StoreClient, shared, statements: (adapter) => new RunSql(adapter, () => queue.statement), release: () => client.$disconnect() }, options);
    this.url = options.url;
    this.#migrate = options.migrate ?? true;
    this.#queue = queue;
  }

  /**
   * Runs `statement` in every transaction that stores a run pending (a start, a decision that completes a pause, a
   * retry), so its job is queued with it: committed together, or neither.
   */
  queueRunsWith(statement: QueueStatement | null): void {
    this.#queue.statement = statement;
  }

  protected override prepare(): Promise<void> {
    if (!this.#migrate) return Promise.resolve();
    let migration = migrated.get(this.url);
    if (!migration) {
      const url = this.url;
      migration = (async () => {
        if ((await unappliedMigrations("postgresql", url)).length === 0) return;
        await applyMigrations(schemaLocation("postgresql"), pgMigrationFactory(url));
      })();
      migrated.set(this.url, migration);
      migration.catch(() => migrated.delete(this.url));
    }
    return migration;
  }
}
