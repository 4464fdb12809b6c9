import { z } from "zod";
import type { IdempotencyKeyStore, IdempotencyRecord, LeaseStore, TakenRun } from "./app-store";
import type { StoreClient } from "./store-client";

/** A count as a driver returns it: a number or a bigint. */
const count = z.union([z.number(), z.bigint()]).transform(Number);
/** A date as a driver returns it: a Date, an ISO string, or unix milliseconds. */
const date = z.union([z.date(), z.string(), z.number(), z.bigint()]).transform((v) => new Date(typeof v === "bigint" ? Number(v) : v));

const takenRow = z.object({ version: count, recoveries: count });
const idRow = z.object({ id: z.string() });
const expiryRow = z.object({ at: date.nullable() });
const keyRow = z.object({ requestHash: z.string(), runId: z.string(), createdAt: date });

/** Leases as portable SQL on the store's Prisma client (SQLite and PostgreSQL alike). */
export class PrismaLeaseStore implements LeaseStore {
  constructor(
    private readonly client: StoreClient,
    private readonly ready: () => Promise<void>,
  ) {}

  async take(runId: string, owner: string, until: Date, now: Date): Promise<TakenRun | null> {
    await this.ready();
    // SET reads the row as it was: a run that was already running is a recovery.
    const rows = await this.client.$queryRaw<unknown[]>`
      UPDATE "runs" SET "recoveries" = "recoveries" + CASE WHEN "status" = 'running' THEN 1 ELSE 0 END,
             "status" = 'running', "lease_owner" = ${owner}, "lease_expires_at" = ${until}, "version" = "version" + 1
      WHERE "id" = ${runId} AND ("status" = 'pending' OR ("status" = 'running' AND "lease_expires_at" < ${now}))
      RETURNING "version", "recoveries"`;
    return rows.length === 0 ? null : takenRow.parse(rows[0]);
  }

  async renew(runId: string, owner: string, until: Date): Promise<boolean> {
    await this.ready();
    const changed = await this.client.$executeRaw`
      UPDATE "runs" SET "lease_expires_at" = ${until} WHERE "id" = ${runId} AND "lease_owner" = ${owner} AND "status" = 'running'`;
    return changed === 1;
  }

  async release(runId: string, owner: string, now: Date): Promise<void> {
    await this.ready();
    await this.client.$executeRaw`
      UPDATE "runs" SET "lease_expires_at" = ${now} WHERE "id" = ${runId} AND "lease_owner" = ${owner} AND "status" = 'running'`;
  }

  async listRunnable(now: Date, limit: number): Promise<string[]> {
    await this.ready();
    const pending = await this.client.$queryRaw<unknown[]>`
      SELECT "id" FROM "runs" WHERE "status" = 'pending' ORDER BY "created_at", "id" LIMIT ${limit}`;
    const ids = pending.map((r) => idRow.parse(r).id);
    if (ids.length >= limit) return ids;
    const lost = await this.client.$queryRaw<unknown[]>`
      SELECT "id" FROM "runs" WHERE "status" = 'running' AND "lease_expires_at" < ${now} ORDER BY "lease_expires_at" LIMIT ${limit - ids.length}`;
    return [...ids, ...lost.map((r) => idRow.parse(r).id)];
  }

  async nextExpiry(): Promise<Date | null> {
    await this.ready();
    const rows = await this.client.$queryRaw<unknown[]>`
      SELECT MIN("lease_expires_at") AS "at" FROM "runs" WHERE "status" = 'running' AND "lease_expires_at" IS NOT NULL`;
    return rows.length === 0 ? null : expiryRow.parse(rows[0]).at;
  }
}

export class PrismaIdempotencyKeyStore implements IdempotencyKeyStore {
  constructor(
    private readonly client: StoreClient,
    private readonly ready: () => Promise<void>,
  ) {}

  async find(scope: string, key: string, since: Date): Promise<IdempotencyRecord | null> {
    await this.ready();
    const rows = await this.client.$queryRaw<unknown[]>`
      SELECT "request_hash" AS "requestHash", "run_id" AS "runId", "created_at" AS "createdAt"
      FROM "idempotency_keys" WHERE "scope" = ${scope} AND "key" = ${key} AND "created_at" > ${since}`;
    return rows.length === 0 ? null : keyRow.parse(rows[0]);
  }

  async claim(scope: string, key: string, record: IdempotencyRecord, since: Date): Promise<IdempotencyRecord | null> {
    await this.ready();
    // One statement: a fresh record of the key stays; an expired one is replaced.
    const written = await this.client.$executeRaw`
      INSERT INTO "idempotency_keys" ("scope", "key", "request_hash", "run_id", "created_at")
      VALUES (${scope}, ${key}, ${record.requestHash}, ${record.runId}, ${record.createdAt})
      ON CONFLICT ("scope", "key") DO UPDATE SET "request_hash" = excluded."request_hash", "run_id" = excluded."run_id", "created_at" = excluded."created_at"
      WHERE "idempotency_keys"."created_at" <= ${since}`;
    return written === 1 ? null : this.find(scope, key, since);
  }
}
