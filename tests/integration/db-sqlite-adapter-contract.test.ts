import { readFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import type { SqlDriverAdapter, Transaction } from "@prisma/driver-adapter-utils";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SharedAdapter, sqliteFactory } from "@/lib/db/adapters";
import { PrismaClient } from "@/lib/db/generated/sqlite/client";
import { SqliteStatements } from "@/lib/db/sqlite-statements";
import { tempDir } from "@/tests/support/db-targets";

// The fence around the SQLite hot path (lib/db/sqlite-statements.ts). It runs its statements on the better-sqlite3
// connection inside @prisma/adapter-better-sqlite3, which is no public API. This suite pins every assumption that code
// makes about the adapter, so the Prisma upgrade that breaks one fails here, by name, and not in production.

const adapterVersion = (JSON.parse(readFileSync(join(process.cwd(), "node_modules/@prisma/adapter-better-sqlite3/package.json"), "utf8")) as { version: string })
  .version;
const broke = (what: string) =>
  `@prisma/adapter-better-sqlite3 ${adapterVersion} broke an assumption of the SQLite hot path (lib/db/sqlite-statements.ts, written against 7.10.0): ${what} ` +
  "Keep the adapter at the version package.json pins, or change sqlite-statements.ts (connectionOf, #transaction) to fit the new adapter, then update this test.";

/** Whether `promise` is still pending once everything already queued has run. */
async function isWaiting(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await new Promise((resolve) => setImmediate(resolve));
  return !settled;
}

describe("SQLite adapter contract: what the hot path assumes of @prisma/adapter-better-sqlite3", () => {
  let tmp: ReturnType<typeof tempDir>;
  let client: PrismaClient;
  let adapter: SqlDriverAdapter;
  let connection: Database.Database;

  beforeEach(async () => {
    tmp = tempDir("hitl-adapter-");
    // Wired as lib/db/sqlite-db.ts wires it: the client connects through a SharedAdapter that keeps the adapter.
    const shared = new SharedAdapter(sqliteFactory(join(tmp.dir, "adapter.db")));
    client = new PrismaClient({ adapter: shared.factory });
    await client.$connect();
    adapter = shared.current;
    const inner = (adapter as unknown as { client?: unknown }).client;
    expect(inner instanceof Database, broke("the connected adapter no longer keeps its better-sqlite3 Database as its `client` property.")).toBe(true);
    connection = inner as Database.Database;
    connection.exec(`CREATE TABLE "t" ("x" INTEGER NOT NULL)`);
  });
  afterEach(async () => {
    await client.$disconnect();
    tmp.remove();
  });

  const rows = () => Number(connection.prepare(`SELECT COUNT(*) AS n FROM "t"`).safeIntegers(false).pluck().get());

  it("the adapter's `client` is the better-sqlite3 Database the hot path prepares its statements on", () => {
    expect(() => new SqliteStatements(adapter), broke("SqliteStatements cannot find the connection.")).not.toThrow();
    expect(connection.open, broke("the connection under `client` is not open once Prisma has connected.")).toBe(true);
  });

  it("it is the connection Prisma's own queries run on: each sees the other's writes at once", async () => {
    connection.prepare(`INSERT INTO "t" ("x") VALUES (1)`).run();
    const seen = await client.$queryRawUnsafe<{ n: number | bigint }[]>(`SELECT COUNT(*) AS n FROM "t"`);
    expect(Number(seen[0]?.n), broke("Prisma's queries do not run on the connection under `client`.")).toBe(1);
    await client.$executeRawUnsafe(`INSERT INTO "t" ("x") VALUES (2)`);
    expect(rows(), broke("a write through Prisma is not on the connection under `client`.")).toBe(2);
  });

  it("startTransaction takes the adapter's lock and opens a transaction (BEGIN) on that connection", async () => {
    const tx = await adapter.startTransaction();
    expect(connection.inTransaction, broke("startTransaction() no longer issues BEGIN on the connection under `client`.")).toBe(true);
    connection.exec("COMMIT");
    await tx.commit();
  });

  it("commit() only releases the lock: it runs no COMMIT of its own, so the hot path's own COMMIT is the only one", async () => {
    const tx = await adapter.startTransaction();
    connection.prepare(`INSERT INTO "t" ("x") VALUES (1)`).run();
    await tx.commit();
    expect(connection.inTransaction, broke("Transaction.commit() now commits; the hot path commits itself first and then calls it only to release the lock.")).toBe(true);
    connection.exec("ROLLBACK");
    expect(rows(), broke("Transaction.commit() had an effect on the data.")).toBe(0);

    // What #transaction does: BEGIN by the adapter, the work and COMMIT by the hot path, then commit() to unlock.
    const again = await adapter.startTransaction();
    connection.prepare(`INSERT INTO "t" ("x") VALUES (2)`).run();
    connection.exec("COMMIT");
    await expect(again.commit(), broke("Transaction.commit() fails after the hot path's own COMMIT.")).resolves.toBeUndefined();
    expect(rows()).toBe(1);
  });

  it("rollback() only releases the lock too: after the hot path's own ROLLBACK it runs none and fails not", async () => {
    const tx = await adapter.startTransaction();
    connection.prepare(`INSERT INTO "t" ("x") VALUES (1)`).run();
    await tx.rollback();
    expect(connection.inTransaction, broke("Transaction.rollback() now rolls back; the hot path rolls back itself first.")).toBe(true);
    connection.exec("ROLLBACK");
    const again = await adapter.startTransaction();
    connection.exec("ROLLBACK");
    await expect(again.rollback(), broke("Transaction.rollback() fails after the hot path's own ROLLBACK.")).resolves.toBeUndefined();
    expect(rows()).toBe(0);
  });

  it("a second startTransaction waits until the first releases the lock, and then goes ahead", async () => {
    const first = await adapter.startTransaction();
    const second = adapter.startTransaction();
    expect(await isWaiting(second), broke("startTransaction() no longer waits for a transaction already open on the connection.")).toBe(true);
    connection.exec("COMMIT");
    await first.commit();
    const tx: Transaction = await second;
    expect(connection.inTransaction).toBe(true);
    connection.exec("COMMIT");
    await tx.commit();
  });

  it("while a Prisma interactive transaction is open the connection says inTransaction, and the hot path's startTransaction queues behind it", async () => {
    let finish: () => void = () => {};
    const held = new Promise<void>((resolve) => (finish = resolve));
    let reportInside: (inTransaction: boolean) => void = () => {};
    const inside = new Promise<boolean>((resolve) => (reportInside = resolve));
    const prismaTx = client.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`INSERT INTO "t" ("x") VALUES (1)`);
      reportInside(connection.inTransaction);
      await held;
    });
    expect(await inside, broke("a Prisma interactive transaction is not open on the connection under `client` (inTransaction is false inside it).")).toBe(true);
    const hotPath = adapter.startTransaction();
    expect(await isWaiting(hotPath), broke("startTransaction() does not wait for an open Prisma interactive transaction.")).toBe(true);
    finish();
    await prismaTx;
    const tx = await hotPath;
    expect(rows(), broke("the Prisma interactive transaction did not commit before the next transaction began.")).toBe(1);
    connection.exec("COMMIT");
    await tx.commit();
  });
});
