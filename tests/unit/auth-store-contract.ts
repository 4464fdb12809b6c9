import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { EmailTakenError, type AuthStore, type NewAuditEntry } from "@/lib/auth";

/**
 * What every AuthStore must do, run against each implementation: in memory here, on SQLite and PostgreSQL in
 * tests/integration. `open` gives an empty store; `close` releases it.
 */
export function describeAuthStoreContract(name: string, open: () => Promise<AuthStore>, close: (store: AuthStore) => Promise<void> = async () => {}): void {
  describe(`AuthStore contract: ${name}`, () => {
    let store: AuthStore;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      vi.useRealTimers();
      await close(store);
    });

    /**
     * The stores stamp createdAt from the clock. A test that needs "oldest first" to have one answer drives the clock
     * itself (only Date is faked: timers and I/O run as usual): each `tick` moves it one second on.
     */
    let clock = 0;
    const useClock = () => {
      vi.useFakeTimers({ toFake: ["Date"] });
      clock = Date.parse("2026-11-25T10:00:00.000Z");
      vi.setSystemTime(clock);
    };
    const tick = () => {
      clock += 1000;
      vi.setSystemTime(clock);
    };

    function entry(overrides: Partial<NewAuditEntry> = {}): NewAuditEntry {
      return {
        at: "2026-11-25T10:00:00.000Z",
        actorType: "user",
        actorId: "u1",
        actorEmail: "ann@example.com",
        actorName: "ann@example.com",
        actorRole: "approver",
        runId: "run-1",
        workflowName: "WeatherWorkflow",
        requirementId: "req-1",
        requirementKind: "user_input",
        stepName: "get_weather",
        toolName: "send_money",
        action: "input",
        note: null,
        values: { recipient: "Bob", nested: { list: [1, "two", null, true] } },
        proposedArgs: { recipient: "Eve", amount: 10 },
        executedArgs: { recipient: "Bob", amount: 10 },
        runVersion: 3,
        overrodeClaimOf: null,
        ...overrides,
      };
    }

    it("creates users, finds them by id and email, and refuses a second user with the same email", async () => {
      const ann = await store.createUser({ email: "ann@example.com", role: "approver", passwordHash: "h1" });
      expect(ann).toMatchObject({ email: "ann@example.com", role: "approver", passwordHash: "h1", disabled: false });
      expect(ann.createdAt).toBeInstanceOf(Date);
      expect(await store.findUserById(ann.id)).toEqual(ann);
      expect(await store.findUserByEmail("ann@example.com")).toEqual(ann);
      expect(await store.findUserByEmail("bob@example.com")).toBeNull();
      expect(await store.findUserById("no-such-id")).toBeNull();
      await expect(store.createUser({ email: "ann@example.com", role: "viewer", passwordHash: "h2" })).rejects.toThrow(EmailTakenError);
      expect(await store.countUsers()).toBe(1);
    });

    it("lists users oldest first and counts only enabled admins as admins", async () => {
      useClock();
      const a = await store.createUser({ email: "a@example.com", role: "admin", passwordHash: "h" });
      tick();
      const b = await store.createUser({ email: "b@example.com", role: "admin", passwordHash: "h" });
      tick();
      await store.createUser({ email: "c@example.com", role: "viewer", passwordHash: "h" });
      expect((await store.listUsers()).map((u) => u.email)).toEqual(["a@example.com", "b@example.com", "c@example.com"]);
      expect(await store.countActiveAdmins()).toBe(2);
      const disabled = await store.updateUser(b.id, { disabled: true });
      expect(disabled?.disabled).toBe(true);
      expect(await store.countActiveAdmins()).toBe(1);
      const demoted = await store.updateUser(a.id, { role: "approver", passwordHash: "new" });
      expect(demoted).toMatchObject({ role: "approver", passwordHash: "new", email: "a@example.com" });
      expect(await store.countActiveAdmins()).toBe(0);
      expect(await store.updateUser("no-such-id", { role: "admin" })).toBeNull();
    });

    it("finds a session with its user by the token hash, extends it, and deletes it", async () => {
      const user = await store.createUser({ email: "ann@example.com", role: "viewer", passwordHash: "h" });
      const expiresAt = new Date("2030-01-01T00:00:00.000Z");
      const session = await store.createSession({ userId: user.id, tokenHash: "hash-1", expiresAt });
      const found = await store.findSessionByTokenHash("hash-1");
      expect(found?.session).toEqual(session);
      expect(found?.session.expiresAt.toISOString()).toBe(expiresAt.toISOString());
      expect(found?.user.email).toBe("ann@example.com");
      expect(await store.findSessionByTokenHash("hash-2")).toBeNull();

      const later = new Date("2030-02-01T00:00:00.000Z");
      await store.extendSession(session.id, later);
      expect((await store.findSessionByTokenHash("hash-1"))?.session.expiresAt.toISOString()).toBe(later.toISOString());

      await store.deleteSessionByTokenHash("hash-1");
      expect(await store.findSessionByTokenHash("hash-1")).toBeNull();
    });

    it("signs a user out everywhere and sweeps expired sessions", async () => {
      const ann = await store.createUser({ email: "ann@example.com", role: "viewer", passwordHash: "h" });
      const bob = await store.createUser({ email: "bob@example.com", role: "viewer", passwordHash: "h" });
      const now = new Date("2030-01-01T00:00:00.000Z");
      await store.createSession({ userId: ann.id, tokenHash: "a1", expiresAt: new Date(now.getTime() + 1000) });
      await store.createSession({ userId: ann.id, tokenHash: "a2", expiresAt: new Date(now.getTime() + 1000) });
      await store.createSession({ userId: bob.id, tokenHash: "b1", expiresAt: new Date(now.getTime() - 1) });
      await store.createSession({ userId: bob.id, tokenHash: "b2", expiresAt: new Date(now.getTime() + 1000) });
      expect(await store.deleteUserSessions(ann.id)).toBe(2);
      expect(await store.findSessionByTokenHash("a1")).toBeNull();
      expect(await store.deleteExpiredSessions(now)).toBe(1);
      expect(await store.findSessionByTokenHash("b1")).toBeNull();
      expect(await store.findSessionByTokenHash("b2")).not.toBeNull();
    });

    it("keeps API tokens by hash, lists them newest first, records use, and revokes once", async () => {
      useClock();
      const first = await store.createApiToken({ name: "ci", role: "approver", tokenHash: "t1", createdBy: null });
      tick();
      const second = await store.createApiToken({ name: "report", role: "viewer", tokenHash: "t2", createdBy: "u1" });
      expect(first).toMatchObject({ name: "ci", role: "approver", createdBy: null, lastUsedAt: null, revokedAt: null });
      expect(await store.findApiTokenByHash("t2")).toEqual(second);
      expect(await store.findApiTokenByHash("t3")).toBeNull();
      expect((await store.listApiTokens()).map((t) => t.name)).toEqual(["report", "ci"]);

      const used = new Date("2030-01-01T00:00:00.000Z");
      await store.touchApiToken(first.id, used);
      expect((await store.findApiTokenByHash("t1"))?.lastUsedAt?.toISOString()).toBe(used.toISOString());

      const revokedAt = new Date("2030-01-02T00:00:00.000Z");
      expect((await store.revokeApiToken(first.id, revokedAt))?.revokedAt?.toISOString()).toBe(revokedAt.toISOString());
      const again = await store.revokeApiToken(first.id, new Date("2030-01-03T00:00:00.000Z"));
      expect(again?.revokedAt?.toISOString()).toBe(revokedAt.toISOString());
      expect(await store.revokeApiToken("no-such-id", revokedAt)).toBeNull();
    });

    it("appends audit entries with increasing seq and gives back exactly what was stored", async () => {
      const a = await store.appendAudit(entry());
      const b = await store.appendAudit(entry({ action: "reject", note: '=HYPERLINK("x") ünïcødé', values: null, executedArgs: null }));
      expect(b.seq).toBeGreaterThan(a.seq);
      expect(a.id).not.toBe(b.id);
      expect(a).toEqual({ ...entry(), id: a.id, seq: a.seq });
      const listed = await store.listAudit({ limit: 10 });
      expect(listed).toEqual([a, b]);
    });

    it("filters the audit log by run, time and cursor, oldest first", async () => {
      const e1 = await store.appendAudit(entry({ at: "2026-11-25T09:00:00.000Z", runId: "r1" }));
      const e2 = await store.appendAudit(entry({ at: "2026-11-25T10:00:00.000Z", runId: "r2" }));
      const e3 = await store.appendAudit(entry({ at: "2026-11-25T11:00:00.000Z", runId: "r1" }));
      expect((await store.listAudit({ limit: 10, runId: "r1" })).map((e) => e.id)).toEqual([e1.id, e3.id]);
      expect(
        (await store.listAudit({ limit: 10, from: new Date("2026-11-25T10:00:00.000Z"), to: new Date("2026-11-25T11:00:00.000Z") })).map((e) => e.id),
      ).toEqual([e2.id]);
      expect((await store.listAudit({ limit: 10, afterSeq: e1.seq })).map((e) => e.id)).toEqual([e2.id, e3.id]);
      expect((await store.listAudit({ limit: 2 })).map((e) => e.id)).toEqual([e1.id, e2.id]);
    });

    it("counts wrong passwords per email within a window, and restarts the count when the window has passed", async () => {
      const t = (minutes: number) => new Date(Date.UTC(2026, 10, 25, 10, minutes));
      const count = (email: string, minutes: number) => store.countSignInFailure(email, t(minutes), t(minutes - 15));
      expect([await count("ann@x.io", 0), await count("ann@x.io", 1), await count("ann@x.io", 14)]).toEqual([1, 2, 3]);
      expect(await count("bob@x.io", 14)).toBe(1);
      expect(await count("ann@x.io", 16)).toBe(1);
      expect(await count("ann@x.io", 17)).toBe(2);

      expect(await store.signInLockedUntil("ann@x.io")).toBeNull();
      await store.lockSignIn("ann@x.io", t(32));
      expect(await store.signInLockedUntil("ann@x.io")).toEqual(t(32));
      expect(await count("ann@x.io", 18)).toBe(1);
      await store.clearSignInFailures("ann@x.io");
      expect(await store.signInLockedUntil("ann@x.io")).toBeNull();
    });

    it("forgets other emails once their window and lock are over, and keeps a live lock", async () => {
      const t = (minutes: number) => new Date(Date.UTC(2026, 10, 25, 10, minutes));
      await store.countSignInFailure("old@x.io", t(0), t(-15));
      await store.lockSignIn("old@x.io", t(5));
      await store.countSignInFailure("locked@x.io", t(0), t(-15));
      await store.lockSignIn("locked@x.io", t(60));
      await store.countSignInFailure("new@x.io", t(20), t(5));
      expect(await store.signInLockedUntil("old@x.io")).toBeNull();
      expect(await store.signInLockedUntil("locked@x.io")).toEqual(t(60));
    });

    it("counts every one of many wrong passwords arriving at once", async () => {
      const at = new Date(Date.UTC(2026, 10, 25, 10, 0));
      const counts = await Promise.all(Array.from({ length: 20 }, () => store.countSignInFailure("ann@x.io", at, new Date(at.getTime() - 60_000))));
      expect([...counts].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    });
  });
}
