import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession, type UserRole } from "@/lib/auth";
import { appDb } from "@/lib/app/db";
import type { ApiErrorBody, ClaimResponse, ListRequirementsResponse, ListViewsResponse, RunAuditResponse, ViewResponse } from "@/lib/contracts";
import { GET as listRequirementsRoute } from "@/app/api/requirements/route";
import { POST as assignRoute } from "@/app/api/requirements/[id]/assign/route";
import { DELETE as releaseRoute, POST as claimRoute } from "@/app/api/requirements/[id]/claim/route";
import { POST as resolveRoute } from "@/app/api/requirements/[id]/resolve/route";
import { GET as auditRoute } from "@/app/api/runs/[runId]/audit/route";
import { GET as listViewsRoute, POST as createViewRoute } from "@/app/api/views/route";
import { DELETE as deleteViewRoute, GET as getViewRoute, PATCH as patchViewRoute } from "@/app/api/views/[id]/route";
import { getRun, pendingOf, startRun } from "./api-client";
import { databaseTargets, expectJson, params, useOfflineModel } from "./api-harness";

const ORIGIN = "http://localhost:3000";

/** A signed-in person: requests carry their session cookie, as the browser sends it. */
interface Person {
  id: string;
  email: string;
  send(method: string, path: string, body?: unknown): Request;
}

async function person(email: string, role: UserRole): Promise<Person> {
  const store = appDb().auth();
  const user = await store.createUser({ email, role, passwordHash: "not-used" });
  const { token } = await createSession(store, user.id);
  return {
    id: user.id,
    email,
    send: (method, path, body) =>
      new Request(`${ORIGIN}${path}`, {
        method,
        headers: {
          host: "localhost:3000",
          cookie: `hitl_session=${token}`,
          "sec-fetch-site": "same-origin",
          origin: ORIGIN,
          ...(body !== undefined ? { "content-type": "application/json" } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      }),
  };
}

const claim = (who: Person, id: string, body: unknown = {}) => claimRoute(who.send("POST", `/api/requirements/${id}/claim`, body), params({ id }));
const release = (who: Person, id: string) => releaseRoute(who.send("DELETE", `/api/requirements/${id}/claim`), params({ id }));
const assign = (who: Person, id: string, body: unknown) => assignRoute(who.send("POST", `/api/requirements/${id}/assign`, body), params({ id }));
const resolveAs = (who: Person, id: string, body: unknown) => resolveRoute(who.send("POST", `/api/requirements/${id}/resolve`, body), params({ id }));
const inboxOf = async (who: Person, query = "") =>
  expectJson<ListRequirementsResponse>(await listRequirementsRoute(who.send("GET", `/api/requirements?limit=100${query}`)), 200);
const idsOf = (page: ListRequirementsResponse) => page.requirements.map((r) => r.id);

/** A fresh confirmation item (the weather tool waits for approval). */
async function newItem(): Promise<{ id: string; version: number; runId: string }> {
  const run = await startRun("WeatherWorkflow", "Weather in Oslo?");
  const [item] = await pendingOf(run.runId);
  if (!item) throw new Error(`run ${run.runId} has no pending item`);
  return { id: item.id, version: item.version, runId: run.runId };
}

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== null)(`claims, assignment and saved views on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ""}`, () => {
    let alice: Person;
    let bob: Person;
    let carol: Person;
    let vic: Person;

    beforeAll(async () => {
      useOfflineModel();
      await target.open();
      alice = await person("alice@example.com", "approver");
      bob = await person("bob@example.com", "approver");
      carol = await person("carol@example.com", "admin");
      vic = await person("vic@example.com", "viewer");
    });
    afterAll(() => target.close());

    it("of two claims at once exactly one wins; the other gets 409 naming the holder", async () => {
      for (let round = 0; round < 4; round += 1) {
        const item = await newItem();
        const answers = await Promise.all([claim(alice, item.id), claim(bob, item.id)]);
        const statuses = answers.map((a) => a.status).sort();
        expect(statuses).toEqual([200, 409]);
        const winner = answers[0]!.status === 200 ? alice : bob;
        const loser = answers.find((a) => a.status === 409)!;
        const body = (await loser.json()) as ApiErrorBody;
        expect(body.error).toMatchObject({ code: "claimed_by_other", details: { holder: winner.email } });
        expect(body.error.message).toContain(`${winner.email} is on this item`);
      }
    });

    it("a claim shows to everyone: mine for the holder, the holder's email for others, and Mine/Unassigned follow it", async () => {
      const item = await newItem();
      const taken = await expectJson<ClaimResponse>(await claim(alice, item.id), 200);
      expect(taken.claim).toMatchObject({ holder: "alice@example.com", mine: true });
      const expires = Date.parse(taken.claim!.expiresAt);
      expect(expires - Date.now()).toBeGreaterThan(14 * 60_000);
      expect(expires - Date.now()).toBeLessThanOrEqual(15 * 60_000);

      const seenByBob = (await inboxOf(bob)).requirements.find((r) => r.id === item.id);
      expect(seenByBob?.claim).toMatchObject({ holder: "alice@example.com", mine: false });
      expect(idsOf(await inboxOf(alice, "&view=mine"))).toContain(item.id);
      expect(idsOf(await inboxOf(bob, "&view=mine"))).not.toContain(item.id);
      expect(idsOf(await inboxOf(bob, "&view=unassigned"))).not.toContain(item.id);

      // Claiming again extends one's own claim; releasing frees it for everyone.
      expect((await claim(alice, item.id, { minutes: 30 })).status).toBe(200);
      const othersRelease = await expectJson<ApiErrorBody>(await release(bob, item.id), 409);
      expect(othersRelease.error.code).toBe("claimed_by_other");
      expect((await expectJson<ClaimResponse>(await release(alice, item.id), 200)).claim).toBeNull();
      expect(idsOf(await inboxOf(bob, "&view=unassigned"))).toContain(item.id);
      expect((await claim(bob, item.id)).status).toBe(200);
    });

    it("an expired claim is free: anyone may take it, and it no longer counts as someone's", async () => {
      const item = await newItem();
      await expectJson<ClaimResponse>(await claim(alice, item.id), 200);
      expect((await claim(bob, item.id)).status).toBe(409);
      // The clock cannot be moved inside the database: the claim's expiry is set in the past instead, as time would.
      const past = target.name === "PostgreSQL" ? "'2000-01-01 00:00:00'" : "946684800000";
      await target.exec(`UPDATE "requirement_claims" SET "expires_at" = ${past} WHERE "requirement_id" = '${item.id}'`);
      expect((await inboxOf(bob)).requirements.find((r) => r.id === item.id)?.claim).toBeNull();
      expect(idsOf(await inboxOf(alice, "&view=mine"))).not.toContain(item.id);
      const taken = await expectJson<ClaimResponse>(await claim(bob, item.id), 200);
      expect(taken.claim).toMatchObject({ holder: "bob@example.com", mine: true });
    });

    it("deciding an item someone else holds needs override: true, and the audit records whose claim was overridden", async () => {
      const item = await newItem();
      await expectJson<ClaimResponse>(await claim(alice, item.id), 200);
      const refused = await expectJson<ApiErrorBody>(await resolveAs(bob, item.id, { action: "confirm", version: item.version }), 409);
      expect(refused.error).toMatchObject({ code: "claimed_by_other", details: { holder: "alice@example.com" } });
      expect(await getRun(item.runId)).toMatchObject({ status: "paused", version: item.version });

      await expectJson(await resolveAs(bob, item.id, { action: "confirm", version: item.version, override: true }), 200);
      const { entries } = await expectJson<RunAuditResponse>(await auditRoute(carol.send("GET", `/api/runs/${item.runId}/audit`), params({ runId: item.runId })), 200);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ actorEmail: "bob@example.com", action: "confirm", overrodeClaimOf: "alice@example.com" });

      // The holder decides their own item without being asked, and nothing is recorded as an override.
      const own = await newItem();
      await expectJson<ClaimResponse>(await claim(alice, own.id), 200);
      await expectJson(await resolveAs(alice, own.id, { action: "confirm", version: own.version }), 200);
      const ownAudit = await expectJson<RunAuditResponse>(await auditRoute(carol.send("GET", `/api/runs/${own.runId}/audit`), params({ runId: own.runId })), 200);
      expect(ownAudit.entries[0]?.overrodeClaimOf).toBeNull();
      expect((await claim(bob, own.id)).status).toBe(409);
    });

    it("assigns to a person or a role: Mine shows it to them and their role's members, Unassigned no more", async () => {
      const toBob = await newItem();
      const toApprovers = await newItem();
      const toAdmins = await newItem();
      expect((await expectJson<ClaimResponse>(await assign(alice, toBob.id, { userId: bob.id }), 200)).assignee).toEqual({
        userId: bob.id,
        email: "bob@example.com",
        role: null,
      });
      await expectJson(await assign(alice, toApprovers.id, { role: "approver" }), 200);
      await expectJson(await assign(alice, toAdmins.id, { email: "CAROL@example.com" }), 200);

      const bobsMine = idsOf(await inboxOf(bob, "&view=mine"));
      expect(bobsMine).toEqual(expect.arrayContaining([toBob.id, toApprovers.id]));
      expect(bobsMine).not.toContain(toAdmins.id);
      const carolsMine = idsOf(await inboxOf(carol, "&view=mine"));
      expect(carolsMine).toEqual(expect.arrayContaining([toApprovers.id, toAdmins.id]));
      expect(carolsMine).not.toContain(toBob.id);
      const unassigned = idsOf(await inboxOf(alice, "&view=unassigned"));
      for (const id of [toBob.id, toApprovers.id, toAdmins.id]) expect(unassigned).not.toContain(id);
      expect(idsOf(await inboxOf(alice, `&assignee=${bob.id}`))).toEqual([toBob.id]);
      expect(idsOf(await inboxOf(alice, "&assignee=role:approver"))).toContain(toApprovers.id);

      // Taking the assignment away puts it back in Unassigned.
      expect((await expectJson<ClaimResponse>(await assign(alice, toBob.id, {}), 200)).assignee).toBeNull();
      expect(idsOf(await inboxOf(alice, "&view=unassigned"))).toContain(toBob.id);
    });

    it("refuses bad claims and assignments with 400, 403, 404 and 409, changing nothing", async () => {
      const item = await newItem();
      expect((await expectJson<ApiErrorBody>(await claim(alice, item.id, { minutes: 0 }), 400)).error.details?.field).toBe("minutes");
      expect((await expectJson<ApiErrorBody>(await assign(alice, item.id, { role: "viewer" }), 400)).error.details?.field).toBe("role");
      expect((await expectJson<ApiErrorBody>(await assign(alice, item.id, { userId: bob.id, role: "admin" }), 400)).error.details?.field).toBe("role");
      expect((await expectJson<ApiErrorBody>(await assign(alice, item.id, { userId: vic.id }), 400)).error.details?.field).toBe("userId");
      expect((await expectJson<ApiErrorBody>(await assign(alice, item.id, { userId: "no-such-user" }), 404)).error.code).toBe("not_found");
      expect((await expectJson<ApiErrorBody>(await claim(vic, item.id), 403)).error.code).toBe("forbidden");
      expect((await expectJson<ApiErrorBody>(await claim(alice, "no-such-item"), 404)).error.code).toBe("not_found");
      const seen = (await inboxOf(alice)).requirements.find((r) => r.id === item.id);
      expect(seen).toMatchObject({ claim: null, assignee: null });

      await expectJson(await resolveAs(alice, item.id, { action: "confirm", version: item.version }), 200);
      expect((await expectJson<ApiErrorBody>(await claim(alice, item.id), 409)).error.code).toBe("conflict");
      expect((await expectJson<ApiErrorBody>(await listRequirementsRoute(alice.send("GET", "/api/requirements?view=everyone")), 400)).error.details?.field).toBe("view");
    });

    it("saved views: kept per person with counts, renamed, refused for others (403), unknown (404), bad filters (400), deleted", async () => {
      const item = await newItem();
      // Someone new, so earlier tests' assignments do not count here.
      const dora = await person("dora@example.com", "approver");
      await expectJson(await assign(alice, item.id, { userId: dora.id }), 200);
      const filters = { view: "mine", workflow: "WeatherWorkflow", tool: "get_the_weather", kind: "confirmation", assignee: dora.id };
      const created = await expectJson<ViewResponse>(await createViewRoute(dora.send("POST", "/api/views", { name: "Given to me", filters })), 201);
      expect(created.view).toMatchObject({ name: "Given to me", filters, count: 1 });
      const id = created.view.id;

      const listed = await expectJson<ListViewsResponse>(await listViewsRoute(dora.send("GET", "/api/views")), 200);
      expect(listed.views.map((v) => [v.name, v.count])).toEqual([["Given to me", 1]]);
      // Each tab counts exactly what it lists.
      expect(listed.counts.mine).toBe((await inboxOf(dora, "&view=mine")).requirements.length);
      expect(listed.counts.unassigned).toBe((await inboxOf(dora, "&view=unassigned")).requirements.length);
      expect(listed.counts.all).toBe((await inboxOf(dora)).requirements.length);
      expect((await expectJson<ListViewsResponse>(await listViewsRoute(bob.send("GET", "/api/views")), 200)).views).toEqual([]);

      const renamed = await expectJson<ViewResponse>(await patchViewRoute(dora.send("PATCH", `/api/views/${id}`, { name: "Mine, weather", filters: { olderThan: 60 } }), params({ id })), 200);
      expect(renamed.view).toMatchObject({ name: "Mine, weather", filters: { olderThan: 60 }, count: 0 });

      const bad = await expectJson<ApiErrorBody>(await createViewRoute(dora.send("POST", "/api/views", { name: "x", filters: { kind: "nope" } })), 400);
      expect(bad.error.details?.field).toBe("filters.kind");
      const blank = await expectJson<ApiErrorBody>(await createViewRoute(dora.send("POST", "/api/views", { name: "  ", filters: {} })), 400);
      expect(blank.error.details?.field).toBe("name");
      const twice = await expectJson<ApiErrorBody>(await createViewRoute(dora.send("POST", "/api/views", { name: "Mine, weather", filters: {} })), 409);
      expect(twice.error.message).toContain("already have a view");

      expect((await expectJson<ApiErrorBody>(await getViewRoute(bob.send("GET", `/api/views/${id}`), params({ id })), 403)).error.code).toBe("forbidden");
      expect((await patchViewRoute(bob.send("PATCH", `/api/views/${id}`, { name: "mine now" }), params({ id }))).status).toBe(403);
      expect((await deleteViewRoute(bob.send("DELETE", `/api/views/${id}`), params({ id }))).status).toBe(403);
      expect((await expectJson<ViewResponse>(await getViewRoute(dora.send("GET", `/api/views/${id}`), params({ id })), 200)).view.name).toBe("Mine, weather");

      expect((await deleteViewRoute(dora.send("DELETE", `/api/views/${id}`), params({ id }))).status).toBe(200);
      expect((await expectJson<ApiErrorBody>(await getViewRoute(dora.send("GET", `/api/views/${id}`), params({ id })), 404)).error.code).toBe("not_found");
    });
  });
}
