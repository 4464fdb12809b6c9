// SqliteDb runs the engine's writes directly on the connection Prisma's client uses. A client
// transaction open on that connection must neither swallow nor be broken by them.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SqliteDb } from "@/lib/db";
import type { Prisma } from "@/lib/db/generated/sqlite/client";
import type { RunOutputJSON } from "@/lib/engine";
import { at, baseRun, events } from "@/tests/support/db-fixtures";
import { tempDir } from "@/tests/support/db-targets";

/** A SqliteDb whose client can run an interactive transaction, as app code on the same file could. */
class WithClientTransactions extends SqliteDb {
  clientTransaction<T>(work: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
    return this.client.$transaction(work);
  }
}

const agentRun = (runId: string): RunOutputJSON => ({
  runId,
  executorId: "a1",
  executorName: "WeatherAgent",
  executorType: "agent",
  status: "completed",
  messages: [],
  requirements: [],
  state: {},
  createdAt: at(0),
  updatedAt: at(1),
});

describe("sqlite: engine writes beside a client transaction on the same connection", () => {
  const tmp = tempDir();
  let db: WithClientTransactions;

  beforeAll(async () => {
    db = new WithClientTransactions({ dbFile: join(tmp.dir, "shared.db") });
    await db.getRun("warm-up");
  });
  afterAll(async () => {
    await db?.close();
    tmp.remove();
  });

  it("an update issued while a client transaction is open waits for it, and survives its rollback", async () => {
    const run = baseRun();
    await db.insertRun(run, []);
    const order: string[] = [];
    let update: Promise<number> | undefined;
    const rolledBack = db.clientTransaction(async (tx) => {
      await tx.agentRun.create({
        data: { id: "discarded", executorName: "WeatherAgent", executorType: "agent", status: "completed", data: JSON.stringify(agentRun("discarded")), createdAt: new Date(), updatedAt: new Date() },
      });
      run.updatedAt = at(100);
      update = db.updateRun(run, { expectedVersion: 1, events: events(run.runId, ["StepStarted"]) }).then((version) => {
        order.push("update");
        return version;
      });
      // The transaction goes on with its work after the update was issued: an update that did not wait for it would
      // land inside it here, and be rolled back with it.
      expect(await tx.agentRun.count({ where: { id: "discarded" } })).toBe(1);
      expect(order).toEqual([]);
      order.push("client transaction");
      throw new Error("the client changes its mind");
    });
    await expect(rolledBack).rejects.toThrow("the client changes its mind");
    expect(await update).toBe(2);
    expect(order).toEqual(["client transaction", "update"]);
    expect(await db.getAgentRun("discarded")).toBeNull();
    const stored = await db.getRun(run.runId);
    expect(stored).toMatchObject({ version: 2, run: { updatedAt: at(100) } });
    expect(await db.listEvents(run.runId)).toHaveLength(1);
  });
});
