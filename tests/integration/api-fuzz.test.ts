import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  actionsByKind,
  apiErrorBodySchema,
  apiPaths,
  MAX_BODY_BYTES,
  MAX_JSON_DEPTH,
  resolveRequestSchema,
  startRunRequestSchema,
  apiTokensResponseSchema,
  usersResponseSchema,
  type PendingRequirement,
  type RequirementKindName,
  type ResolveRequest,
  type RunDto,
} from "@/lib/contracts";
import { POST as signInRoute } from "@/app/api/auth/login/route";
import { GET as auditRoute } from "@/app/api/audit/route";
import { POST as resolveRoute } from "@/app/api/requirements/[id]/resolve/route";
import { DELETE as revokeTokenRoute } from "@/app/api/tokens/[id]/route";
import { GET as listTokensRoute, POST as createTokenRoute } from "@/app/api/tokens/route";
import { PATCH as updateUserRoute } from "@/app/api/users/[id]/route";
import { GET as listUsersRoute, POST as createUserRoute } from "@/app/api/users/route";
import { POST as startRunRoute } from "@/app/api/workflows/[name]/runs/route";
import { createApiTokenRequestSchema, createUserRequestSchema, signInRequestSchema, updateUserRequestSchema } from "@/lib/auth";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/password";
import { type JsonObject, validateUserInput } from "@/lib/engine";
import { catalog } from "@/lib/workflows";
import { sendMoney } from "@/lib/workflows/payment";
import {
  accountBody,
  anyJson,
  badSignInBody,
  badStartBody,
  deeplyNested,
  foreignAuthorization,
  garbageRequirementId,
  invalidWorkflowName,
  nestingDepth,
  resolveBodyFor,
  startBody,
  tokenBody,
  unknownWorkflowName,
  userChangeBody,
  unparseableOrRefused,
  type RawBody,
} from "../support/api-arbitraries";
import { getRun, inbox, listRuns, pendingOf, resolve, startRun } from "./api-client";
import { databaseTargets, expectJson, get, params, postRaw, useOfflineModel } from "./api-harness";

/** Fixed so a failure replays; fast-check prints the seed and the shrunk case when a property fails. */
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_125);
const START_CASES = 1500;
const RESOLVE_CASES = 2500;
const ACCOUNT_CASES = 1000;

const workflowNames = catalog.map((entry) => entry.name);

/** A requirement the fuzzer aims at, with what would make an answer to it acceptable. */
interface Target {
  id: string;
  kind: RequirementKindName;
  version: number;
  pending: boolean;
  /** Arguments of the paused tool call, for the tool's own check of provided values. */
  toolArgs: JsonObject;
  userInputSchema: PendingRequirement["userInputSchema"];
}

function targetOf(item: PendingRequirement): Target {
  return { id: item.id, kind: item.kind, version: item.version, pending: true, toolArgs: item.toolArgs ?? {}, userInputSchema: item.userInputSchema };
}

/** The real schema decides, after the API's nesting limit (checked first, so absurd nesting never reaches zod here either). */
function passes(schema: { safeParse(value: unknown): { success: boolean } }, value: unknown): boolean {
  return nestingDepth(value) <= MAX_JSON_DEPTH && schema.safeParse(value).success;
}

/** Whether the payment tool would take these values: the form's rules, then send_money's own schema. */
function paymentAccepts(target: Target, values: JsonObject): boolean {
  try {
    const fields = (target.userInputSchema ?? []).map((f) => ({ ...f, required: f.required ?? true }));
    sendMoney.validateArgs({ ...target.toolArgs, ...validateUserInput(fields, values) });
    return true;
  } catch {
    return false;
  }
}

/** Would the server act on this body? Those are left out: everything the fuzzer sends must be refused. */
function resolveWouldSucceed(target: Target | undefined, value: unknown): boolean {
  if (!target?.pending || !passes(resolveRequestSchema, value)) return false;
  const body = value as ResolveRequest;
  if (body.version !== target.version || !actionsByKind[target.kind].includes(body.action)) return false;
  return body.action === "input" && target.kind === "user_input" ? paymentAccepts(target, body.values) : true;
}

const rawJson = (label: string, value: unknown): RawBody => ({ label, text: JSON.stringify(value) ?? "", contentType: "application/json", streamed: false });

/**
 * The request exactly as described: the harness's credentials unless the case replaces or drops them, no Content-Type
 * when null, and a streamed body has no declared length.
 */
function requestFor(pathname: string, c: Case): Request {
  const { raw } = c;
  const base = postRaw(pathname, raw.streamed ? "" : raw.text, raw.contentType ?? "application/json");
  const headers = new Headers(base.headers);
  if (raw.contentType === null) headers.delete("content-type");
  if (c.authorization === null) headers.delete("authorization");
  else if (c.authorization !== undefined) headers.set("authorization", c.authorization);
  const method = c.method ?? "POST";
  if (raw.streamed) {
    const bytes = new TextEncoder().encode(raw.text);
    const chunk = 8192;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < bytes.length; at += chunk) controller.enqueue(bytes.slice(at, at + chunk));
        controller.close();
      },
    });
    return new Request(base, { method, headers, body, duplex: "half" } as RequestInit);
  }
  headers.set("content-length", String(Buffer.byteLength(raw.text)));
  return new Request(base, { method, headers });
}

/** Next decodes the URL into params, so a lone surrogate can never reach a handler: the fuzzer sends none either. */
const safeSegment = (segment: string) => segment.replace(/\p{Cs}/gu, "\uFFFD");

interface Case {
  /** The path parameter: a workflow name, a requirement, user or token id; "" for routes without one. */
  param: string;
  raw: RawBody;
  /** The status this case must get, when only one fits. */
  expected?: number;
  /** The field its 400 must name, when the case was built wrong in that field. */
  field?: string;
  /** A wrong password may also meet the sign-in pause (429) once an email has been guessed at too often. */
  orThrottled?: boolean;
  method?: "POST" | "PATCH" | "DELETE";
  /** Replaces the harness's credentials; null sends none. */
  authorization?: string | null;
}

/** A request that would be accepted, sent without valid credentials: it must get 401 and change nothing. */
const unauthenticated = (param: string, label: string, body: unknown, method?: Case["method"]): fc.Arbitrary<Case> =>
  foreignAuthorization.map((authorization) => ({
    param,
    raw: rawJson(`${label}, signed in as nobody (${JSON.stringify(authorization)})`, body),
    expected: 401,
    authorization,
    ...(method ? { method } : {}),
  }));

/** Checks one answer: a 4xx with the API's error body; a 400 names the field in its message and details. */
async function expectRefused(response: Response, sent: Case): Promise<void> {
  const text = await response.text();
  const where = `${sent.raw.label} to ${JSON.stringify(sent.param.slice(0, 80))}: got ${response.status} ${text.slice(0, 300)}`;
  expect(response.status, where).toBeGreaterThanOrEqual(400);
  expect(response.status, where).toBeLessThan(500);
  if (sent.expected !== undefined) expect([sent.expected, ...(sent.orThrottled ? [429] : [])], where).toContain(response.status);
  expect(response.headers.get("content-type"), where).toMatch(/^application\/json/);
  const body = apiErrorBodySchema.parse(JSON.parse(text));
  if (response.status === 400 && body.error.code === "invalid_input") {
    // A form field may really be called "" (the message then quotes it), so only presence is required; a refusal
    // of the body as a whole ("body") need not spell that word.
    const field = body.error.details?.field;
    expect(field, where).toBeTypeOf("string");
    if (sent.field !== undefined) expect(field, where).toBe(sent.field);
    if (field !== "body") expect(body.error.message, where).toContain(field);
  }
  if (body.error.code === "invalid_json") expect(body.error.message, where).toContain("JSON");
}

/** What a person could notice of the database: every run with its version, status, decisions and events, and the inbox. */
async function observableState(): Promise<{ runs: RunDto[]; pending: PendingRequirement[]; listed: number }> {
  const listed = await listRuns("?limit=100");
  const runs = await Promise.all(listed.runs.map((r) => getRun(r.runId)));
  return { runs, pending: (await inbox("?limit=100")).requirements, listed: listed.runs.length };
}

/** Tool calls that completed, across all runs: a wrongly accepted answer would run (or reject) one. */
const completedToolCalls = (runs: RunDto[]) => runs.flatMap((r) => r.events).filter((e) => e.event === "ToolCallCompleted").length;

for (const target of databaseTargets) {
  describe.skipIf(target.skipReason !== null)(`fuzzing every mutating endpoint on ${target.name}${target.skipReason ? ` (skipped: ${target.skipReason})` : ""}`, () => {
    let targets: Target[] = [];
    let before: Awaited<ReturnType<typeof observableState>>;
    /** Statuses seen per endpoint, so a generator that stopped reaching a rule shows up as a missing status. */
    const statuses = { start: new Map<number, number>(), resolve: new Map<number, number>(), accounts: new Map<number, number>() };
    /** Fields the 400s named, per endpoint: each rule the generators mean to reach names its own. */
    const fields = { start: new Set<string>(), resolve: new Set<string>(), accounts: new Set<string>() };
    async function tally(endpoint: keyof typeof statuses, response: Response): Promise<void> {
      statuses[endpoint].set(response.status, (statuses[endpoint].get(response.status) ?? 0) + 1);
      const field = apiErrorBodySchema.safeParse(await response.clone().json().catch(() => null)).data?.error.details?.field;
      if (field !== undefined) fields[endpoint].add(field);
    }

    beforeAll(async () => {
      useOfflineModel();
      await target.open();
      const paused = await Promise.all([
        startRun("WeatherWorkflow", "What is the weather in Tokyo?"),
        startRun("PaymentWorkflow", "Send $250 to Alice for rent"),
        startRun("QueryWorkflow", "how many invoices"),
        startRun("ResearchWorkflow", "Research urban beekeeping"),
      ]);
      for (const run of paused) targets.push(...(await pendingOf(run.runId)).map(targetOf));
      expect(targets.map((t) => t.kind).sort()).toEqual(["confirmation", "external_execution", "step_confirmation", "user_input"]);

      const done = await startRun("WeatherWorkflow", "Weather in Lima?");
      const [item] = await pendingOf(done.runId);
      if (!item) throw new Error("The Lima weather run did not pause");
      const { run } = await resolve(item.id, { action: "confirm", version: item.version });
      targets.push({ ...targetOf(item), version: run.version, pending: false });
      targets = targets.sort((a, b) => a.kind.localeCompare(b.kind));

      before = await observableState();
      expect(before.pending).toHaveLength(4);
    });

    afterAll(async () => {
      const line = (m: Map<number, number>) => [...m].sort(([a], [b]) => a - b).map(([status, n]) => `${n}×${status}`).join(", ");
      console.info(`${target.name} (seed ${SEED}): start-run ${line(statuses.start)}; resolve ${line(statuses.resolve)}; accounts ${line(statuses.accounts)}`);
      console.info(`fields named: start-run ${[...fields.start].sort().join(" ")}; resolve ${[...fields.resolve].sort().join(" ")}; accounts ${[...fields.accounts].sort().join(" ")}`);
      await target.close();
    });

    async function expectNothingChanged(): Promise<void> {
      const after = await observableState();
      expect(after.listed).toBe(before.listed);
      expect(completedToolCalls(after.runs)).toBe(completedToolCalls(before.runs));
      expect(after.pending).toEqual(before.pending);
      expect(after.runs).toEqual(before.runs);
    }

    it(`POST /api/workflows/{name}/runs refuses ${START_CASES} malformed requests and starts nothing`, async () => {
      const validInput = fc.constantFrom<unknown>({ input: "What is the weather in Tokyo?" }, { input: { city: "Oslo" } }, { input: "Send $5 to Bob" });
      const known = fc.constantFrom(...workflowNames);
      const startCase: fc.Arbitrary<Case> = fc.oneof(
        fc.tuple(known, badStartBody).map(([param, { body, field }]) => ({ param, raw: rawJson(`body wrong in ${field}`, body), expected: 400, field })),
        fc.tuple(known, validInput).chain(([param, body]) => unauthenticated(param, "valid start", body)),
        fc.tuple(unknownWorkflowName(workflowNames), validInput).map(([param, body]) => ({ param, raw: rawJson("unknown workflow", body), expected: 404 })),
        fc.tuple(invalidWorkflowName, fc.oneof(validInput, startBody)).map(([param, body]) => ({ param, raw: rawJson("invalid workflow name", body), expected: 400 })),
        fc.tuple(known, unparseableOrRefused((long) => ({ input: long }), validInput)).map(([param, raw]) => ({ param, raw, ...(raw.expected ? { expected: raw.expected } : {}) })),
        fc
          .tuple(fc.oneof(known, unknownWorkflowName(workflowNames)), fc.integer({ min: 1, max: 30_000 }), fc.constantFrom("array" as const, "object" as const))
          .map(([param, depth, style]) => ({ param, raw: { ...rawJson(`input nested ${depth} deep`, null), text: `{"input":{"a":${deeplyNested(depth, style)}}}` } }))
          .filter((c) => !workflowNames.includes(c.param) || !passes(startRunRequestSchema, JSON.parse(c.raw.text))),
      );

      await fc.assert(
        fc.asyncProperty(startCase, async (c) => {
          const name = safeSegment(c.param);
          const response = await startRunRoute(requestFor(apiPaths.startRun(name), c), params({ name }));
          await tally("start", response);
          await expectRefused(response, c);
        }),
        { seed: SEED, numRuns: START_CASES },
      );
      expect([...statuses.start.values()].reduce((a, b) => a + b, 0)).toBe(START_CASES);
      expect([...statuses.start.keys()].sort((a, b) => a - b)).toEqual([400, 401, 404, 413, 415]);
      expect([...fields.start]).toEqual(expect.arrayContaining(["name", "input", "body"]));
      await expectNothingChanged();
    });

    it(`POST /api/requirements/{id}/resolve refuses ${RESOLVE_CASES} malformed, stale, misplaced or unknown answers and runs no tool`, async () => {
      const ids = targets.map((t) => t.id);
      const byId = new Map(targets.map((t) => [t.id, t]));
      const aimed = fc.constantFrom(...targets);
      const garbage = garbageRequirementId(ids).map(safeSegment);
      const anyId = fc.oneof(aimed.map((t) => t.id), garbage);

      const resolveCase: fc.Arbitrary<Case> = fc.oneof(
        { arbitrary: aimed.chain((t) => resolveBodyFor(t.version).map((body) => ({ param: t.id, raw: rawJson(`answer to a ${t.kind}`, body) }))), weight: 5 },
        { arbitrary: fc.tuple(garbage, resolveBodyFor(1)).map(([param, body]) => ({ param, raw: rawJson("answer to an unknown id", body) })), weight: 1 },
        { arbitrary: fc.tuple(anyId, anyJson).map(([param, body]) => ({ param, raw: rawJson("any JSON", body) })), weight: 2 },
        {
          arbitrary: aimed
            .filter((t) => t.pending && t.kind !== "user_input")
            .chain((t) => unauthenticated(t.id, `valid answer to a ${t.kind}`, { action: actionsByKind[t.kind][0], version: t.version, result: "42" })),
          weight: 1,
        },
        {
          arbitrary: aimed.chain((t) =>
            unparseableOrRefused((long) => ({ action: "result", version: t.version, result: long }), resolveBodyFor(t.version)).map((raw) => ({ param: t.id, raw, ...(raw.expected ? { expected: raw.expected } : {}) })),
          ),
          weight: 2,
        },
        {
          arbitrary: fc
            .tuple(aimed, fc.constantFrom("result", "output", "values", "note"), fc.integer({ min: 1, max: 30_000 }), fc.constantFrom("array" as const, "object" as const), fc.boolean())
            .map(([t, field, depth, style, stale]) => {
              const action = { result: "result", output: "edit", values: "input", note: "reject" }[field];
              const version = stale ? t.version - 1 : t.version;
              return { param: t.id, raw: { ...rawJson(`${field} nested ${depth} deep`, null), text: `{"action":"${action}","version":${version},"${field}":${deeplyNested(depth, style)}}` } };
            }),
          weight: 1,
        },
      ).filter((c: Case) => {
        if (Buffer.byteLength(c.raw.text) > MAX_BODY_BYTES) return true;
        let body: unknown;
        try {
          body = JSON.parse(c.raw.text);
        } catch {
          return true;
        }
        const signedIn = c.authorization === undefined;
        return signedIn && (c.raw.contentType === null || c.raw.contentType === "application/json") ? !resolveWouldSucceed(byId.get(c.param), body) : true;
      });

      await fc.assert(
        fc.asyncProperty(resolveCase, async (c) => {
          const response = await resolveRoute(requestFor(apiPaths.resolveRequirement(c.param), c), params({ id: c.param }));
          await tally("resolve", response);
          await expectRefused(response, c);
        }),
        { seed: SEED, numRuns: RESOLVE_CASES },
      );
      expect([...statuses.resolve.values()].reduce((a, b) => a + b, 0)).toBe(RESOLVE_CASES);
      expect([...statuses.resolve.keys()].sort((a, b) => a - b)).toEqual([400, 401, 404, 409, 413, 415]);
      expect([...fields.resolve]).toEqual(expect.arrayContaining(["id", "action", "version", "note", "recipient", "body", "result"]));
      await expectNothingChanged();
    });

    it(`sign-in, users and tokens refuse ${ACCOUNT_CASES} malformed, unauthenticated or impossible requests and change no account`, async () => {
      const [admin] = usersResponseSchema.parse(await expectJson(await listUsersRoute(get(apiPaths.users())), 200)).users;
      const [ownToken] = apiTokensResponseSchema.parse(await expectJson(await listTokensRoute(get(apiPaths.tokens())), 200)).tokens;
      if (!admin || !ownToken) throw new Error("The harness should have made the first admin and its own token");
      // A token's lastUsedAt moves with every request the suite makes; everything else must stay put.
      const accounts = async () => ({
        users: usersResponseSchema.parse(await expectJson(await listUsersRoute(get(apiPaths.users())), 200)).users,
        tokens: apiTokensResponseSchema
          .parse(await expectJson(await listTokensRoute(get(apiPaths.tokens())), 200))
          .tokens.map(({ lastUsedAt: _lastUsedAt, ...token }) => token),
        audit: await (await auditRoute(get(`${apiPaths.audit()}?format=json`))).text(),
      });
      const accountsBefore = await accounts();

      const adminEmail = admin.email;
      const leavesAdmin = (body: Record<string, unknown>) => (body.role !== undefined && body.role !== "admin") || body.disabled === true;
      const strong = (password: unknown) => typeof password === "string" && password.length >= MIN_PASSWORD_LENGTH;
      type Endpoint = "signIn" | "createToken" | "revokeToken" | "createUser" | "updateUser";
      type AccountCase = Case & { endpoint: Endpoint };
      const at = (endpoint: Endpoint, method?: Case["method"]) => (c: Case): AccountCase => ({ ...c, endpoint, ...(method ? { method } : {}) });
      /** Whether the server would act on the case when signed in as the suite's admin token. */
      const wouldSucceed = (c: AccountCase, body: Record<string, unknown>): boolean => {
        switch (c.endpoint) {
          case "signIn":
            return false;
          case "createToken":
            return passes(createApiTokenRequestSchema, body);
          case "revokeToken":
            return c.param === ownToken.id;
          case "createUser":
            return passes(createUserRequestSchema, body) && strong(body.password) && String(body.email).trim().toLowerCase() !== adminEmail;
          case "updateUser":
            return c.param === admin.id && passes(updateUserRequestSchema, body) && !leavesAdmin(body) && (body.password === undefined || strong(body.password));
        }
      };
      const garbageId = garbageRequirementId([admin.id, ownToken.id]).map(safeSegment);
      const bodyOnly = (label: string, body: unknown): Case => ({ param: "", raw: rawJson(label, body) });
      const refused = unparseableOrRefused((long) => ({ email: adminEmail, password: long }), accountBody(adminEmail));

      const accountCase: fc.Arbitrary<AccountCase> = fc
        .oneof(
          { arbitrary: badSignInBody.map(({ body, field }) => at("signIn")({ ...bodyOnly(`sign-in wrong in ${field}`, body), expected: 400, field })), weight: 4 },
          // Well-formed credentials that are wrong: each costs a password hash, so they are few.
          { arbitrary: fc.record({ email: fc.oneof(fc.emailAddress(), fc.constant(adminEmail)), password: fc.string({ minLength: 1, maxLength: 20 }) }).filter((b) => passes(signInRequestSchema, b)).map((b) => ({ ...at("signIn")(bodyOnly("wrong password", b)), expected: 401, orThrottled: true })), weight: 1 },
          { arbitrary: refused.map((raw) => at("signIn")({ param: "", raw, ...(raw.expected ? { expected: raw.expected } : {}) })), weight: 2 },
          { arbitrary: fc.oneof(tokenBody, anyJson).map((b) => at("createToken")(bodyOnly("new token", b))), weight: 3 },
          { arbitrary: unauthenticated("", "new token", { name: "fuzz", role: "admin" }).map(at("createToken")), weight: 1 },
          { arbitrary: garbageId.map((id) => at("revokeToken", "DELETE")({ param: id, raw: { ...rawJson("revoke", null), text: "", contentType: null } })), weight: 2 },
          { arbitrary: unauthenticated(ownToken.id, "revoke own token", null).map(at("revokeToken", "DELETE")), weight: 1 },
          { arbitrary: fc.oneof(accountBody(adminEmail), anyJson).map((b) => at("createUser")(bodyOnly("new user", b))), weight: 3 },
          {
            arbitrary: fc
              .tuple(fc.constantFrom(adminEmail, adminEmail.toUpperCase(), ` ${adminEmail} `), fc.string({ minLength: MIN_PASSWORD_LENGTH, maxLength: 30 }), fc.constantFrom("viewer", "approver", "admin"))
              .map(([email, password, role]) => ({ ...at("createUser")(bodyOnly("a second user with the admin's email", { email, password, role })), expected: 409 })),
            weight: 1,
          },
          { arbitrary: unauthenticated("", "new user", { email: "new@example.com", password: "long enough pw", role: "admin" }).map(at("createUser")), weight: 1 },
          { arbitrary: fc.tuple(fc.oneof(fc.constant(admin.id), garbageId), fc.oneof(userChangeBody, anyJson)).map(([id, b]) => at("updateUser", "PATCH")({ param: id, raw: rawJson("change user", b) })), weight: 4 },
          { arbitrary: unauthenticated(admin.id, "demote the admin", { role: "viewer" }).map(at("updateUser", "PATCH")), weight: 1 },
        )
        .filter((c) => {
          if (c.authorization !== undefined || c.raw.contentType !== "application/json" || Buffer.byteLength(c.raw.text) > MAX_BODY_BYTES) return true;
          let body: unknown;
          try {
            body = JSON.parse(c.raw.text);
          } catch {
            return true;
          }
          return typeof body !== "object" || body === null || Array.isArray(body) || !wouldSucceed(c, body as Record<string, unknown>);
        });

      const send = (c: AccountCase): Promise<Response> => {
        switch (c.endpoint) {
          case "signIn":
            return signInRoute(requestFor(apiPaths.signIn(), c));
          case "createToken":
            return createTokenRoute(requestFor(apiPaths.tokens(), c));
          case "revokeToken":
            return revokeTokenRoute(requestFor(apiPaths.token(c.param), c), params({ id: c.param }));
          case "createUser":
            return createUserRoute(requestFor(apiPaths.users(), c));
          case "updateUser":
            return updateUserRoute(requestFor(apiPaths.user(c.param), c), params({ id: c.param }));
        }
      };

      await fc.assert(
        fc.asyncProperty(accountCase, async (c) => {
          const response = await send(c);
          await tally("accounts", response);
          await expectRefused(response, c);
        }),
        { seed: SEED, numRuns: ACCOUNT_CASES },
      );
      expect([...statuses.accounts.values()].reduce((a, b) => a + b, 0)).toBe(ACCOUNT_CASES);
      expect([...statuses.accounts.keys()].sort((a, b) => a - b)).toEqual([400, 401, 404, 409, 413, 415, 429]);
      expect([...fields.accounts]).toEqual(expect.arrayContaining(["email", "password", "role", "name", "id", "body"]));
      expect(await accounts()).toEqual(accountsBefore);
      await expectNothingChanged();
    });
  });
}
