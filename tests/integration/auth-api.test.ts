import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueApiToken, type UserRole } from "@/lib/auth";
import { resetAppEnv } from "@/lib/config/env";
import { apiErrorBodySchema, auditEntrySchema, currentUserResponseSchema, runAuditResponseSchema } from "@/lib/contracts";
import { GET as exportAudit } from "@/app/api/audit/route";
import { POST as signInRoute } from "@/app/api/auth/login/route";
import { POST as signOutRoute } from "@/app/api/auth/logout/route";
import { GET as meRoute } from "@/app/api/auth/me/route";
import { POST as resolveRoute } from "@/app/api/requirements/[id]/resolve/route";
import { GET as listRequirementsRoute } from "@/app/api/requirements/route";
import { GET as runAuditRoute } from "@/app/api/runs/[runId]/audit/route";
import { GET as runEventsRoute } from "@/app/api/runs/[runId]/events/route";
import { GET as getRunRoute } from "@/app/api/runs/[runId]/route";
import { GET as listRunsRoute } from "@/app/api/runs/route";
import { DELETE as revokeTokenRoute } from "@/app/api/tokens/[id]/route";
import { GET as listTokensRoute, POST as createTokenRoute } from "@/app/api/tokens/route";
import { PATCH as updateUserRoute } from "@/app/api/users/[id]/route";
import { GET as listUsersRoute, POST as createUserRoute } from "@/app/api/users/route";
import { POST as startRunRoute } from "@/app/api/workflows/[name]/runs/route";
import { GET as listWorkflowsRoute } from "@/app/api/workflows/route";
import { appDb } from "@/lib/app/db";
import { getRun, pendingOf, resolve, startRun } from "./api-client";
import { databaseTargets, params, useOfflineModel } from "./api-harness";

const ORIGIN = "http://localhost:3000";

/** A request as a given caller sends it: no credentials, a bearer token, or a browser's session cookie. */
function call(method: string, path: string, options: { token?: string; cookie?: string; body?: unknown; site?: string; prefer?: string } = {}): Request {
  const headers: Record<string, string> = { host: "localhost:3000" };
  if (options.prefer) headers.prefer = options.prefer;
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.cookie) {
    headers.cookie = options.cookie;
    headers["sec-fetch-site"] = options.site ?? "same-origin";
    headers.origin = ORIGIN;
  }
  if (options.body !== undefined) headers["content-type"] = "application/json";
  return new Request(`${ORIGIN}${path}`, { method, headers, ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}) });
}

async function tokenFor(role: UserRole, name: string = role): Promise<string> {
  return (await issueApiToken(appDb().auth(), { name, role, createdBy: null })).token;
}

async function errorOf(response: Response, status: number): Promise<{ code: string; message: string }> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return apiErrorBodySchema.parse(JSON.parse(text)).error;
}

async function signInCookie(email: string, password: string): Promise<string> {
  const response = await signInRoute(call("POST", "/api/auth/login", { body: { email, password } }));
  expect(response.status, await response.clone().text()).toBe(200);
  const setCookie = response.headers.get("set-cookie") ?? "";
  expect(setCookie).toMatch(/^hitl_session=hs_[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=120959\d;/);
  return setCookie.split(";")[0]!;
}

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== null)(`${target.name}: sign-in, roles and audit over the API`, () => {
    beforeAll(async () => {
      useOfflineModel();
      process.env.ADMIN_EMAIL = "root@example.com";
      process.env.ADMIN_PASSWORD = "root-password-1";
      resetAppEnv();
      await target.open();
    });
    afterAll(async () => {
      delete process.env.ADMIN_EMAIL;
      delete process.env.ADMIN_PASSWORD;
      delete process.env.FOUR_EYES_WORKFLOWS;
      resetAppEnv();
      await target.close();
    });

    it("every endpoint answers 401 without a session or token, and nothing changes", async () => {
      const started = await startRun("WeatherWorkflow", "What is the weather in Bern?");
      const [item] = await pendingOf(started.runId);
      const before = await getRun(started.runId);
      const runsBefore = await appDb().listRuns({ limit: 100 });
      const attempts: [string, Promise<Response>][] = [
        ["GET /api/workflows", listWorkflowsRoute(call("GET", "/api/workflows"))],
        ["POST /api/workflows/…/runs", startRunRoute(call("POST", "/api/workflows/WeatherWorkflow/runs", { body: { input: "x" } }), params({ name: "WeatherWorkflow" }))],
        ["GET /api/runs", listRunsRoute(call("GET", "/api/runs"))],
        ["GET /api/runs/…", getRunRoute(call("GET", `/api/runs/${started.runId}`), params({ runId: started.runId }))],
        ["GET /api/runs/…/events", runEventsRoute(call("GET", `/api/runs/${started.runId}/events`), params({ runId: started.runId }))],
        ["GET /api/runs/…/audit", runAuditRoute(call("GET", `/api/runs/${started.runId}/audit`), params({ runId: started.runId }))],
        ["GET /api/requirements", listRequirementsRoute(call("GET", "/api/requirements"))],
        [
          "POST /api/requirements/…/resolve",
          resolveRoute(call("POST", `/api/requirements/${item!.id}/resolve`, { body: { action: "confirm", version: item!.version } }), params({ id: item!.id })),
        ],
        ["GET /api/audit", exportAudit(call("GET", "/api/audit?format=csv"))],
        ["GET /api/auth/me", meRoute(call("GET", "/api/auth/me"))],
        ["GET /api/users", listUsersRoute(call("GET", "/api/users"))],
        ["POST /api/users", createUserRoute(call("POST", "/api/users", { body: { email: "x@example.com", password: "long-password", role: "admin" } }))],
        ["PATCH /api/users/…", updateUserRoute(call("PATCH", "/api/users/u1", { body: { role: "admin" } }), params({ id: "u1" }))],
        ["GET /api/tokens", listTokensRoute(call("GET", "/api/tokens"))],
        ["POST /api/tokens", createTokenRoute(call("POST", "/api/tokens", { body: { name: "x", role: "admin" } }))],
        ["DELETE /api/tokens/…", revokeTokenRoute(call("DELETE", "/api/tokens/t1"), params({ id: "t1" }))],
      ];
      for (const [name, answer] of attempts) {
        const error = await errorOf(await answer, 401).catch((e: unknown) => {
          throw new Error(`${name}: ${(e as Error).message}`);
        });
        expect(error.code, name).toBe("unauthenticated");
      }
      expect(await getRun(started.runId)).toEqual(before);
      expect((await appDb().listRuns({ limit: 100 })).items).toHaveLength(runsBefore.items.length);
      expect(await appDb().auth().countUsers()).toBe(1);
      expect(await appDb().auth().listAudit({ limit: 10, runId: started.runId })).toEqual([]);
    });

    it("a wrong or revoked token is 401 too", async () => {
      const admin = await tokenFor("admin", "soon-revoked");
      const [record] = await appDb().auth().listApiTokens();
      await revokeTokenRoute(call("DELETE", `/api/tokens/${record!.id}`, { token: admin }), params({ id: record!.id }));
      await errorOf(await listRunsRoute(call("GET", "/api/runs", { token: admin })), 401);
      await errorOf(await listRunsRoute(call("GET", "/api/runs", { token: "hitl_" + "x".repeat(43) })), 401);
    });

    it("a viewer reads runs and the inbox, but deciding or starting is 403 and changes nothing", async () => {
      const viewer = await tokenFor("viewer");
      const started = await startRun("WeatherWorkflow", "What is the weather in Graz?");
      const [item] = await pendingOf(started.runId);
      expect((await listRunsRoute(call("GET", "/api/runs", { token: viewer }))).status).toBe(200);
      expect((await listRequirementsRoute(call("GET", "/api/requirements", { token: viewer }))).status).toBe(200);

      const refused = await errorOf(
        await resolveRoute(call("POST", `/api/requirements/${item!.id}/resolve`, { token: viewer, body: { action: "confirm", version: item!.version } }), params({ id: item!.id })),
        403,
      );
      expect(refused).toMatchObject({ code: "forbidden" });
      expect(refused.message).toContain('needs the "approver" role');
      await errorOf(await startRunRoute(call("POST", "/api/workflows/WeatherWorkflow/runs", { token: viewer, body: { input: "x" } }), params({ name: "WeatherWorkflow" })), 403);
      await errorOf(await exportAudit(call("GET", "/api/audit", { token: await tokenFor("approver") })), 403);
      expect((await getRun(started.runId)).status).toBe("paused");
      expect(await pendingOf(started.runId)).toHaveLength(1);
    });

    it("the first admin signs in with ADMIN_EMAIL and ADMIN_PASSWORD; the session works until sign-out", async () => {
      const cookie = await signInCookie("ROOT@example.com", "root-password-1");
      const me = currentUserResponseSchema.parse(await (await meRoute(call("GET", "/api/auth/me", { cookie }))).json());
      expect(me.user).toEqual({ type: "user", name: "root@example.com", email: "root@example.com", role: "admin", canDecide: true, canStart: true });

      const wrong = await signInRoute(call("POST", "/api/auth/login", { body: { email: "root@example.com", password: "nope-nope" } }));
      expect((await errorOf(wrong, 401)).message).toBe("The email or password is wrong. Check both and try again.");
      const missing = await signInRoute(call("POST", "/api/auth/login", { body: { email: "root@example.com" } }));
      expect(apiErrorBodySchema.parse(await missing.json()).error.details?.field).toBe("password");

      const out = await signOutRoute(call("POST", "/api/auth/logout", { cookie }));
      expect(out.status).toBe(204);
      expect(out.headers.get("set-cookie")).toMatch(/^hitl_session=; .*Max-Age=0/);
      await errorOf(await meRoute(call("GET", "/api/auth/me", { cookie })), 401);
    });

    it("after ten wrong passwords sign-in for that email pauses, even with the right password", async () => {
      // The count lives in the process, so each database's run of this suite uses its own email.
      const email = `guessed.${target.name.replace(/\W/g, "").toLowerCase()}@example.com`;
      const admin = await tokenFor("admin", "locksmith");
      await createUserRoute(call("POST", "/api/users", { token: admin, body: { email, password: "right-password-1", role: "viewer" } }));
      for (let i = 0; i < 10; i++) {
        await errorOf(await signInRoute(call("POST", "/api/auth/login", { body: { email, password: `guess-${i}-guess` } })), 401);
      }
      const paused = await errorOf(await signInRoute(call("POST", "/api/auth/login", { body: { email, password: "right-password-1" } })), 429);
      expect(paused).toMatchObject({ code: "too_many_requests" });
      expect(paused.message).toMatch(/Too many wrong passwords for this email\. Try again in 15 minutes/);
      await signInCookie("root@example.com", "root-password-1");
    });

    it("a cross-site request carrying a person's cookie is refused and nothing runs", async () => {
      const cookie = await signInCookie("root@example.com", "root-password-1");
      const started = await startRun("WeatherWorkflow", "What is the weather in Riga?");
      const [item] = await pendingOf(started.runId);
      const forged = call("POST", `/api/requirements/${item!.id}/resolve`, { cookie, site: "cross-site", body: { action: "confirm", version: item!.version } });
      expect((await errorOf(await resolveRoute(forged, params({ id: item!.id })), 403)).message).toContain("did not come from this app's own pages");
      expect((await getRun(started.runId)).status).toBe("paused");

      const fromTheApp = call("POST", `/api/requirements/${item!.id}/resolve`, { cookie, body: { action: "confirm", version: item!.version } });
      expect((await resolveRoute(fromTheApp, params({ id: item!.id }))).status).toBe(200);
    });

    it("demoting or disabling the only active admin is 409 and leaves the account as it was", async () => {
      const admin = await tokenFor("admin", "ops-last-admin");
      const listed = (await (await listUsersRoute(call("GET", "/api/users", { token: admin }))).json()) as { users: { id: string; email: string }[] };
      const root = listed.users.find((u) => u.email === "root@example.com");
      if (!root) throw new Error(`the first admin is not listed: ${JSON.stringify(listed)}`);
      for (const patch of [{ role: "viewer" }, { disabled: true }]) {
        const answer = await updateUserRoute(call("PATCH", `/api/users/${root.id}`, { token: admin, body: patch }), params({ id: root.id }));
        const error = await errorOf(answer, 409);
        expect(error.message).toBe("This would leave no active admin. Make another user admin first.");
      }
      expect(await appDb().auth().findUserByEmail("root@example.com")).toMatchObject({ role: "admin", disabled: false });
    });

    it("an admin adds an approver, who signs in and decides; the audit records them with the arguments proposed and executed", async () => {
      const admin = await tokenFor("admin", "ops");
      const created = await createUserRoute(
        call("POST", "/api/users", { token: admin, body: { email: "Ann@Example.com", password: "ann-password-1", role: "approver" } }),
      );
      expect(created.status).toBe(201);
      const cookie = await signInCookie("ann@example.com", "ann-password-1");

      const started = await startRun("PaymentWorkflow", "Send $250 to Alice for rent");
      const [item] = await pendingOf(started.runId);
      const answer = await resolveRoute(
        call("POST", `/api/requirements/${item!.id}/resolve`, { cookie, body: { action: "input", values: { recipient: "Bob Smith" }, version: item!.version } }),
        params({ id: item!.id }),
      );
      expect(answer.status, await answer.clone().text()).toBe(200);
      expect((await getRun(started.runId)).stepRequirements.at(-1)?.executorRequirements?.[0]?.resolvedBy).toBe("ann@example.com");

      const { entries } = runAuditResponseSchema.parse(await (await runAuditRoute(call("GET", `/api/runs/${started.runId}/audit`, { cookie }), params({ runId: started.runId }))).json());
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        actorType: "user",
        actorEmail: "ann@example.com",
        actorRole: "approver",
        action: "input",
        requirementId: item!.id,
        requirementKind: "user_input",
        toolName: "send_money",
        values: { recipient: "Bob Smith" },
        proposedArgs: { amount: 250, recipient: "Alice" },
        executedArgs: { amount: 250, recipient: "Bob Smith" },
        runVersion: item!.version,
      });
      expect(Date.parse(entries[0]!.at)).toBeLessThanOrEqual(Date.now());

      const csv = await exportAudit(call("GET", `/api/audit?format=csv&runId=${started.runId}`, { token: admin }));
      expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
      const lines = (await csv.text()).trimEnd().split("\r\n");
      expect(lines).toHaveLength(2);
      expect(lines[1]).toContain('"ann@example.com"');
      const json = auditEntrySchema.array().parse(await (await exportAudit(call("GET", "/api/audit?format=json", { token: admin }))).json());
      expect(json.map((e) => e.id)).toContain(entries[0]!.id);
    });

    it("a lost race or a stale version records nothing in the audit", async () => {
      const approver = await tokenFor("approver", "racer");
      const started = await startRun("WeatherWorkflow", "What is the weather in Turku?");
      const [item] = await pendingOf(started.runId);
      await resolve(item!.id, { action: "confirm", version: item!.version });
      const late = await resolveRoute(
        call("POST", `/api/requirements/${item!.id}/resolve`, { token: approver, body: { action: "reject", note: "too late", version: item!.version } }),
        params({ id: item!.id }),
      );
      await errorOf(late, 409);
      const entries = await appDb().auth().listAudit({ limit: 10, runId: started.runId });
      expect(entries.map((e) => e.action)).toEqual(["confirm"]);
    });

    it("with four eyes on a workflow, whoever started a run may not approve it; another approver may", async () => {
      process.env.FOUR_EYES_WORKFLOWS = "WeatherWorkflow";
      resetAppEnv();
      try {
        const starter = await tokenFor("approver", "starter");
        const other = await tokenFor("approver", "second-pair-of-eyes");
        const startedResponse = await startRunRoute(
          call("POST", "/api/workflows/WeatherWorkflow/runs", { token: starter, body: { input: "What is the weather in Split?" }, prefer: "wait=30" }),
          params({ name: "WeatherWorkflow" }),
        );
        expect(startedResponse.status).toBe(201);
        const runId = (await startedResponse.json() as { run: { runId: string } }).run.runId;
        const [item] = await pendingOf(runId);
        const own = await resolveRoute(
          call("POST", `/api/requirements/${item!.id}/resolve`, { token: starter, body: { action: "confirm", version: item!.version } }),
          params({ id: item!.id }),
        );
        expect((await errorOf(own, 403)).message).toContain("someone other than the person who started the run");
        expect((await getRun(runId)).status).toBe("paused");
        const second = await resolveRoute(
          call("POST", `/api/requirements/${item!.id}/resolve`, { token: other, body: { action: "confirm", version: item!.version } }),
          params({ id: item!.id }),
        );
        expect(second.status).toBe(200);
      } finally {
        delete process.env.FOUR_EYES_WORKFLOWS;
        resetAppEnv();
      }
    });
  });
}
