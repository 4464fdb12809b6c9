import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueApiToken, type UserRole } from "@/lib/auth";
import { resetAppEnv } from "@/lib/config/env";
import {
  apiErrorBodySchema,
  apiPaths,
  policiesResponseSchema,
  policyResponseSchema,
  runAuditResponseSchema,
  type AuditEntry,
  type PolicyDto,
  type RunDto,
} from "@/lib/contracts";
import { DELETE as revokeRoute, PATCH as updateRoute } from "@/app/api/policies/[id]/route";
import { GET as listRoute, POST as createRoute } from "@/app/api/policies/route";
import { POST as resolveRoute } from "@/app/api/requirements/[id]/resolve/route";
import { GET as runAuditRoute } from "@/app/api/runs/[runId]/audit/route";
import { POST as startRunRoute } from "@/app/api/workflows/[name]/runs/route";
import { appDb } from "@/lib/app/db";
import { applyPolicies } from "@/lib/app/policy-decisions";
import { appRuntime } from "@/lib/app/runtime";
import { getRun, pendingOf } from "./api-client";
import { databaseTargets, expectJson, get, params, useOfflineModel } from "./api-harness";

const ORIGIN = "http://localhost:3000";

/** A request from a program holding `token`. */
function call(method: string, path: string, token: string, body?: unknown): Request {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, prefer: "wait=30" };
  if (body !== undefined) headers["content-type"] = "application/json";
  return new Request(`${ORIGIN}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
}

async function tokenFor(role: UserRole, name: string): Promise<{ token: string; key: string }> {
  const { token, record } = await issueApiToken(appDb().auth(), { name, role, createdBy: null });
  return { token, key: `${name} (API token ${record.id})` };
}

async function errorOf(response: Response, status: number): Promise<{ code: string; message: string; field?: string }> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  const { error } = apiErrorBodySchema.parse(JSON.parse(text));
  return { code: error.code, message: error.message, ...(error.details?.field !== undefined && { field: error.details.field }) };
}

async function createPolicy(token: string, body: unknown): Promise<PolicyDto> {
  return policyResponseSchema.parse(await expectJson(await createRoute(call("POST", "/api/policies", token, body)), 201)).policy;
}

async function startAs(token: string, input: string): Promise<RunDto> {
  const response = await startRunRoute(call("POST", "/api/workflows/WeatherWorkflow/runs", token, { input }), params({ name: "WeatherWorkflow" }));
  return (await expectJson<{ run: RunDto }>(response, 201)).run;
}

/** Waits, on the run's change signals (with a slow safety poll), until the run satisfies `done`. */
async function runUntil(runId: string, done: (run: RunDto) => boolean, what: string): Promise<RunDto> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const run = await getRun(runId);
    if (done(run)) return run;
    if (Date.now() > deadline) throw new Error(`Run ${runId} never got ${what}; it is ${run.status}: ${JSON.stringify(run.stepRequirements)}`);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(finish, 1_000);
      const stop = appRuntime().signals.onChanged(runId, finish);
      function finish() {
        clearTimeout(timer);
        stop();
        resolve();
      }
    });
  }
}

const ended = (run: RunDto) => ["completed", "error", "cancelled"].includes(run.status);
const calls = (run: RunDto) => run.stepRequirements.flatMap((s) => s.executorRequirements ?? []);
const callFor = (run: RunDto, city: string) => calls(run).find((r) => r.toolExecution.toolArgs.city === city);
const decidedCity = (city: string) => (run: RunDto) => callFor(run, city)?.status === "confirmed";

async function auditOf(runId: string): Promise<AuditEntry[]> {
  return runAuditResponseSchema.parse(await expectJson(await runAuditRoute(get(apiPaths.runAudit(runId)), params({ runId })), 200)).entries;
}

function lookups(run: RunDto): number {
  return run.events.filter((e) => e.event === "ToolCallCompleted" && e.toolName === "get_the_weather").length;
}

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== null)(`Standing policies on ${target.name}`, () => {
    let ann: { token: string; key: string };
    let bob: { token: string; key: string };
    let admin: { token: string; key: string };
    beforeAll(async () => {
      useOfflineModel();
      await target.open();
      ann = await tokenFor("approver", "ann");
      bob = await tokenFor("approver", "bob");
      admin = await tokenFor("admin", "root");
    });
    afterAll(async () => {
      delete process.env.FOUR_EYES_WORKFLOWS;
      resetAppEnv();
      await target.close();
    });

    it("a matching call is decided by the policy at once and the run completes without a person; the audit names the policy and its creator", async () => {
      const policy = await createPolicy(ann.token, { workflowName: "WeatherWorkflow", toolName: "get_the_weather", conditions: [{ arg: "city", op: "oneOf", value: ["Lima", "Quito"] }] });
      expect(policy).toMatchObject({ status: "live", createdBy: ann.key, starter: null, expiresAt: null });
      const started = await startAs(bob.token, "What is the weather in Lima?");
      const run = await runUntil(started.runId, ended, "to an end");
      expect(run.status).toBe("completed");
      expect(lookups(run)).toBe(1);
      expect(callFor(run, "Lima")?.resolvedBy).toBe(`policy ${policy.id} (created by ${ann.key})`);
      const [entry, ...others] = await auditOf(run.runId);
      expect(others).toEqual([]);
      expect(entry).toMatchObject({ actorType: "policy", actorId: policy.id, actorName: `policy ${policy.id} (created by ${ann.key})`, actorRole: "approver", action: "confirm", toolName: "get_the_weather", executedArgs: { city: "Lima" } });
    });

    it("a call whose arguments miss a condition still waits for a person, beside one the policy decided", async () => {
      await createPolicy(ann.token, { workflowName: "WeatherWorkflow", toolName: "get_the_weather", conditions: [{ arg: "city", op: "equals", value: "Bogota" }] });
      const started = await startAs(bob.token, "What is the weather in Bogota and Caracas?");
      const run = await runUntil(started.runId, decidedCity("Bogota"), "Bogota decided");
      expect(run.status).toBe("paused");
      expect(callFor(run, "Caracas")?.status).toBe("pending");
      expect((await pendingOf(run.runId)).map((r) => r.toolArgs?.city)).toEqual(["Caracas"]);
    });

    it("an expired or a revoked policy decides nothing", async () => {
      const expiring = await createPolicy(ann.token, { workflowName: "WeatherWorkflow", toolName: "get_the_weather", conditions: [{ arg: "city", op: "equals", value: "Tunis" }], expiresAt: new Date(Date.now() + 60_000).toISOString() });
      await appDb().policies().update(expiring.id, { expiresAt: new Date(Date.now() - 1_000) }, new Date());
      const revoked = await createPolicy(ann.token, { workflowName: "WeatherWorkflow", toolName: "get_the_weather", conditions: [{ arg: "city", op: "equals", value: "Cairo" }] });
      const revokedAnswer = policyResponseSchema.parse(await expectJson(await revokeRoute(call("DELETE", `/api/policies/${revoked.id}`, ann.token), params({ id: revoked.id })), 200));
      expect(revokedAnswer.policy).toMatchObject({ status: "revoked", revokedBy: ann.key });
      await createPolicy(ann.token, { workflowName: "WeatherWorkflow", toolName: "get_the_weather", conditions: [{ arg: "city", op: "equals", value: "Rabat" }] });

      const started = await startAs(bob.token, "What is the weather in Tunis, Cairo and Rabat?");
      const run = await runUntil(started.runId, decidedCity("Rabat"), "Rabat decided by the live policy");
      expect(run.status).toBe("paused");
      expect([callFor(run, "Tunis")?.status, callFor(run, "Cairo")?.status]).toEqual(["pending", "pending"]);
    });

    it("with four eyes, a policy never decides in a run its creator started; another's run it does", async () => {
      process.env.FOUR_EYES_WORKFLOWS = "WeatherWorkflow";
      resetAppEnv();
      try {
        const carol = await tokenFor("approver", "carol");
        await createPolicy(carol.token, { workflowName: "WeatherWorkflow", toolName: "get_the_weather", conditions: [{ arg: "city", op: "equals", value: "Accra" }] });
        await createPolicy(bob.token, { workflowName: "WeatherWorkflow", toolName: "get_the_weather", conditions: [{ arg: "city", op: "equals", value: "Dakar" }] });
        const own = await startAs(carol.token, "What is the weather in Accra and Dakar?");
        const ownRun = await runUntil(own.runId, decidedCity("Dakar"), "Dakar decided by bob's policy");
        expect(callFor(ownRun, "Accra")?.status).toBe("pending");

        const others = await startAs(bob.token, "What is the weather in Accra?");
        expect((await runUntil(others.runId, ended, "to an end")).status).toBe("completed");

        const refused = await errorOf(await createRoute(call("POST", "/api/policies", carol.token, { workflowName: "WeatherWorkflow", toolName: "get_the_weather", starter: carol.key })), 400);
        expect(refused.field).toBe("starter");
      } finally {
        delete process.env.FOUR_EYES_WORKFLOWS;
        resetAppEnv();
      }
    });

    it("a policy and a person deciding the same call at once: it is decided exactly once and the tool runs once", async () => {
      const cities = ["Oran", "Fez", "Sfax", "Tanta", "Giza", "Luxor"];
      const paused = await Promise.all(cities.map((city) => startAs(bob.token, `What is the weather in ${city}?`)));
      await createPolicy(ann.token, { workflowName: "WeatherWorkflow", toolName: "get_the_weather", conditions: [{ arg: "city", op: "oneOf", value: cities }] });
      const items = await Promise.all(paused.map(async (run) => (await pendingOf(run.runId))[0]));
      const outcomes = await Promise.all(
        paused.map(async (run, i) => {
          const item = items[i];
          expect(item, `run for ${run.input} did not pause`).toBeDefined();
          // The policy starts after 0, 3, 6… reads of the run's status, so the two reach the write in either order.
          const policyAfterReads = async () => {
            for (let n = 0; n < 3 * i; n++) await appDb().getRunStatus(run.runId);
            return applyPolicies(appRuntime(), run.runId, "WeatherWorkflow");
          };
          const [byPolicy, byPerson] = await Promise.all([
            policyAfterReads(),
            resolveRoute(call("POST", `/api/requirements/${item!.id}/resolve`, admin.token, { action: "confirm", version: item!.version }), params({ id: item!.id })),
          ]);
          return { runId: run.runId, requirementId: item!.id, policyWon: byPolicy.length === 1, personStatus: byPerson.status };
        }),
      );
      for (const o of outcomes) {
        expect(o.policyWon ? 409 : 200, JSON.stringify(o)).toBe(o.personStatus);
        const run = await runUntil(o.runId, ended, "to an end");
        expect(run.status).toBe("completed");
        expect(lookups(run)).toBe(1);
        const decisions = (await auditOf(o.runId)).filter((e) => e.requirementId === o.requirementId);
        expect(decisions.map((e) => e.actorType)).toEqual([o.policyWon ? "policy" : "token"]);
      }
    });

    it("lists all policies for an admin and one's own for an approver; edits and revokes answer 400/403/404/409", async () => {
      const mine = await createPolicy(bob.token, { workflowName: "RefundWorkflow", toolName: "issue_refund", conditions: [{ arg: "orderId", op: "equals", value: "A-1" }] });
      const all = policiesResponseSchema.parse(await expectJson(await listRoute(call("GET", "/api/policies", admin.token)), 200)).policies;
      const own = policiesResponseSchema.parse(await expectJson(await listRoute(call("GET", "/api/policies", bob.token)), 200)).policies;
      expect(all.some((p) => p.createdBy === ann.key)).toBe(true);
      expect(new Set(own.map((p) => p.createdBy))).toEqual(new Set([bob.key]));

      const badCondition = await errorOf(await createRoute(call("POST", "/api/policies", bob.token, { workflowName: "RefundWorkflow", toolName: "issue_refund", conditions: [{ arg: "amount", op: "atMost", value: "ten" }] })), 400);
      expect(badCondition.field).toBe("conditions.0.value");
      const badWorkflow = await errorOf(await createRoute(call("POST", "/api/policies", bob.token, { workflowName: "NoSuchWorkflow", toolName: "x" })), 400);
      expect(badWorkflow.field).toBe("workflowName");
      const past = await errorOf(await createRoute(call("POST", "/api/policies", bob.token, { workflowName: "RefundWorkflow", toolName: "issue_refund", expiresAt: "2020-01-01T00:00:00Z" })), 400);
      expect(past.field).toBe("expiresAt");
      const viewer = await tokenFor("viewer", "vic");
      await errorOf(await createRoute(call("POST", "/api/policies", viewer.token, { workflowName: "RefundWorkflow", toolName: "issue_refund" })), 403);

      const id = mine.id;
      await errorOf(await updateRoute(call("PATCH", `/api/policies/${id}`, ann.token, { conditions: [] }), params({ id })), 403);
      await errorOf(await revokeRoute(call("DELETE", `/api/policies/${id}`, ann.token), params({ id })), 403);
      await errorOf(await updateRoute(call("PATCH", "/api/policies/nope", bob.token, { conditions: [] }), params({ id: "nope" })), 404);
      await errorOf(await revokeRoute(call("DELETE", "/api/policies/nope", bob.token), params({ id: "nope" })), 404);
      await errorOf(await updateRoute(call("PATCH", `/api/policies/${id}`, bob.token, {}), params({ id })), 400);

      const edited = policyResponseSchema.parse(await expectJson(await updateRoute(call("PATCH", `/api/policies/${id}`, bob.token, { conditions: [{ arg: "orderId", op: "oneOf", value: ["A-1", "A-2"] }] }), params({ id })), 200)).policy;
      expect(edited.conditions).toEqual([{ arg: "orderId", op: "oneOf", value: ["A-1", "A-2"] }]);
      const byAdmin = policyResponseSchema.parse(await expectJson(await revokeRoute(call("DELETE", `/api/policies/${id}`, admin.token), params({ id })), 200)).policy;
      expect(byAdmin).toMatchObject({ status: "revoked", revokedBy: admin.key });
      await errorOf(await revokeRoute(call("DELETE", `/api/policies/${id}`, bob.token), params({ id })), 409);
      await errorOf(await updateRoute(call("PATCH", `/api/policies/${id}`, bob.token, { conditions: [] }), params({ id })), 409);
      expect((await appDb().policies().get(id))?.conditions).toEqual([{ arg: "orderId", op: "oneOf", value: ["A-1", "A-2"] }]);
    });
  });
}
