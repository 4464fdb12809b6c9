import { describe, expect, it } from "vitest";
import {
  actorOf,
  auditEntryFor,
  auditExportQuerySchema,
  auditExportResponse,
  authenticate,
  ensureFirstAdmin,
  issueApiToken,
  signIn,
  type AuthStore,
} from "@/lib/auth";
import type { PostgresDb, SqliteDb } from "@/lib/db";
import { skipReason, targets } from "@/tests/support/db-targets";
import { describeAuthStoreContract } from "@/tests/unit/auth-store-contract";

for (const { target, enabled } of targets) {
  if (!enabled) {
    describe.skip(`${target.name}: AuthStore (${skipReason})`, () => {
      it.skip("needs TEST_DATABASE_URL", () => {});
    });
    continue;
  }

  // Each test gets its own fresh database, so every contract case starts from nothing.
  const opened = new Map<AuthStore, { db: SqliteDb | PostgresDb; drop: () => Promise<void> }>();
  describeAuthStoreContract(
    target.name,
    async () => {
      const { url, drop } = await target.create();
      const db = target.open(url);
      const store = db.auth();
      opened.set(store, { db, drop });
      return store;
    },
    async (store) => {
      const entry = opened.get(store);
      opened.delete(store);
      await entry?.db.close();
      await entry?.drop();
    },
  );

  describe(`${target.name}: sign-in and audit on a real database`, () => {
    async function fresh(): Promise<{ db: SqliteDb | PostgresDb; other: SqliteDb | PostgresDb; done: () => Promise<void> }> {
      const { url, drop } = await target.create();
      const db = target.open(url);
      // Migrate before the second handle opens: two first uses of a brand-new file race to migrate it.
      await db.auth().countUsers();
      const other = target.open(url);
      return {
        db,
        other,
        done: async () => {
          await Promise.all([db.close(), other.close()]);
          await drop();
        },
      };
    }

    it("two servers starting on one database without users create one admin, who can sign in from either", async () => {
      const { db, other, done } = await fresh();
      try {
        const env = { ADMIN_EMAIL: "boss@example.com", ADMIN_PASSWORD: "pick-a-good-one" };
        const results = await Promise.all([ensureFirstAdmin(db.auth(), env, () => {}), ensureFirstAdmin(other.auth(), env, () => {})]);
        expect(results.filter((r) => r.created)).toHaveLength(1);
        expect(await db.auth().countUsers()).toBe(1);
        const { token } = await signIn(db.auth(), { email: "boss@example.com", password: "pick-a-good-one" });
        const request = new Request("http://app.test/api/runs", { headers: { cookie: `hitl_session=${token}` } });
        expect((await authenticate(request, { store: other.auth() })).principal).toMatchObject({ type: "user", email: "boss@example.com", role: "admin" });
      } finally {
        await done();
      }
    });

    it("an API token made by one process authenticates in another", async () => {
      const { db, other, done } = await fresh();
      try {
        const { token } = await issueApiToken(db.auth(), { name: "ci", role: "approver", createdBy: null });
        const request = new Request("http://app.test/api/runs", { headers: { authorization: `Bearer ${token}` } });
        expect((await authenticate(request, { store: other.auth() })).principal).toMatchObject({ type: "token", name: "ci", role: "approver" });
      } finally {
        await done();
      }
    });

    it("decisions appended concurrently all land, in one order, and export as they were recorded", async () => {
      const { db, other, done } = await fresh();
      try {
        const actor = actorOf({ type: "user", userId: "u1", email: "ann@example.com", role: "approver", sessionId: "s" });
        const requirement = {
          runId: "run-1",
          workflowName: "PaymentWorkflow",
          requirementId: "req-1",
          requirementKind: "confirmation" as const,
          stepName: "pay",
          toolName: "send_money",
          proposedArgs: { to: "=1+1", amount: 5 },
          executedArgs: null,
        };
        await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            (i % 2 ? db : other).auth().appendAudit(auditEntryFor(actor, requirement, { action: "reject", version: i + 1, note: `note ${i}` }, new Date())),
          ),
        );
        const entries = await db.auth().listAudit({ limit: 100 });
        expect(entries).toHaveLength(20);
        expect(new Set(entries.map((e) => e.seq)).size).toBe(20);
        expect(entries.map((e) => e.seq)).toEqual([...entries.map((e) => e.seq)].sort((a, b) => a - b));
        const exported: unknown = await auditExportResponse(db.auth(), auditExportQuerySchema.parse({ format: "json", runId: "run-1" })).json();
        expect(exported).toEqual(entries);
      } finally {
        await done();
      }
    });
  });
}
