// fast-check generators for malformed API requests. Each one builds bad input by construction; the
// fuzz test still filters every schema-valid body through the real acceptance rules before sending it.
import fc, { type JsonValue } from "fast-check";
import { MAX_BODY_BYTES, resolveActions, workflowNameSchema } from "@/lib/contracts";

/** A request body as it travels: its bytes, its Content-Type (null: none sent), and whether its length is declared. */
export interface RawBody {
  label: string;
  text: string;
  contentType: string | null;
  /** Sent as a stream with no Content-Length, so only counting the bytes can catch it. */
  streamed: boolean;
  /** The status the body alone earns, whatever it is sent to (given a well-formed URL). */
  expected?: number;
}

/** Any JSON value, from scalars to small nested records and arrays. */
export const anyJson: fc.Arbitrary<JsonValue> = fc.jsonValue({ maxDepth: 4 });

/** Values of every JSON type, weighted towards the ones a field is most often mistaken for. */
export const wrongTyped: fc.Arbitrary<JsonValue> = fc.oneof(
  fc.constantFrom<JsonValue>(null, true, false, 0, -1, 1.5, "", "   ", [], {}, "1", "confirm", [1], { value: 1 }),
  fc.integer().map<JsonValue>((n) => n),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map<JsonValue>((n) => n),
  fc.string({ maxLength: 30 }).map<JsonValue>((s) => s),
  anyJson,
);

/** Text far over any field's limit but well under the body limit. */
export const hugeString: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 10_001, max: 30_000 }), fc.constantFrom("x", "é", "🙂", " ", "\n", '"', "\\"))
  .map(([length, unit]) => unit.repeat(Math.ceil(length / unit.length)));

/** Text that is not JSON: random strings, truncated JSON, JSON-like syntax errors. */
export const notJsonText: fc.Arbitrary<string> = fc
  .oneof(
    fc.string({ maxLength: 200 }),
    fc.string({ unit: "binary", maxLength: 200 }),
    fc.json({ maxDepth: 3 }).chain((text) => fc.integer({ min: 0, max: Math.max(0, text.length - 1) }).map((cut) => text.slice(0, cut))),
    fc.constantFrom("", " ", "{", "}", "{action:confirm}", "{'action':'confirm'}", '{"version":1,}', "[1,2", "NaN", "undefined", "null null", '{"a":1}{"b":2}', "\u0000"),
  )
  .filter((text) => {
    try {
      JSON.parse(text);
      return false;
    } catch {
      return true;
    }
  });

const JSON_CONTENT_TYPE = /^application\/([\w.+-]+\+)?json\b/i;

/** Content types the API must refuse with 415, however JSON-like the body. */
export const wrongContentType: fc.Arbitrary<string> = fc
  .oneof(
    fc.constantFrom(
      "text/plain",
      "text/plain; charset=utf-8",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
      "text/html",
      "application/xml",
      "application/jsonp",
      "application/javascript",
      "text/json",
      "json",
      "application/octet-stream",
      "image/png",
    ),
    fc
      .tuple(fc.stringMatching(/^[a-z]{1,12}$/), fc.stringMatching(/^[a-z0-9.+-]{1,16}$/))
      .map(([type, subtype]) => `${type}/${subtype}`),
  )
  .filter((contentType) => !JSON_CONTENT_TYPE.test(contentType));

/** Levels of arrays and objects in a value (a scalar has none), counted without recursion so any depth is safe. */
export function nestingDepth(value: unknown): number {
  let deepest = 0;
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  for (let item = pending.pop(); item; item = pending.pop()) {
    if (typeof item.value !== "object" || item.value === null) continue;
    deepest = Math.max(deepest, item.depth + 1);
    for (const child of Object.values(item.value)) pending.push({ value: child, depth: item.depth + 1 });
  }
  return deepest;
}

/** JSON nested `depth` levels deep, as text: arrays or objects, optionally around a leaf. */
export function deeplyNested(depth: number, style: "array" | "object"): string {
  return style === "array" ? `${"[".repeat(depth)}${"]".repeat(depth)}` : `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
}

/** A body over the size limit whose JSON would otherwise carry `field` = a long text. */
export const oversized = (wrap: (long: string) => unknown): fc.Arbitrary<RawBody> =>
  fc.tuple(fc.integer({ min: MAX_BODY_BYTES + 1, max: MAX_BODY_BYTES * 3 }), fc.boolean()).map(([size, streamed]) => ({
    label: `oversized (${size} bytes${streamed ? ", streamed without a length" : ""})`,
    text: JSON.stringify(wrap("x".repeat(size))),
    contentType: "application/json",
    streamed,
    expected: 413,
  }));

/** A body whose text is any of the above shapes of badness that do not depend on the fields. */
export const unparseableOrRefused = (wrapLong: (long: string) => unknown, plausible: fc.Arbitrary<unknown>): fc.Arbitrary<RawBody> =>
  fc.oneof(
    notJsonText.map<RawBody>((text) => ({ label: "not JSON", text, contentType: "application/json", streamed: false, expected: 400 })),
    notJsonText.map<RawBody>((text) => ({ label: "not JSON, no content type", text, contentType: null, streamed: false, expected: 400 })),
    fc.tuple(plausible, wrongContentType).map<RawBody>(([value, contentType]) => ({
      label: `JSON sent as ${contentType}`,
      text: JSON.stringify(value) ?? "",
      contentType,
      streamed: false,
      expected: 415,
    })),
    oversized(wrapLong),
  );

/** Workflow names the URL cannot hold: empty, too long, or with characters outside [A-Za-z0-9_-]. */
export const invalidWorkflowName: fc.Arbitrary<string> = fc
  .oneof(fc.string({ maxLength: 40 }), fc.string({ unit: "binary", maxLength: 40 }), fc.stringMatching(/^[A-Za-z0-9_-]{101,140}$/))
  .filter((name) => !workflowNameSchema.safeParse(name).success);

/** Names that could be a workflow's but are not in `catalog`. */
export const unknownWorkflowName = (catalog: readonly string[]): fc.Arbitrary<string> =>
  fc
    .oneof(
      fc.stringMatching(/^[A-Za-z0-9_-]{1,100}$/),
      fc.constantFrom(...catalog).map((name) => name.toLowerCase()),
      fc.constantFrom(...catalog).map((name) => `${name}2`),
    )
    .filter((name) => !catalog.includes(name));

/** Ids no requirement has: random text (some too long or empty for the URL schema), UUID-shaped, near-misses of `known`. */
export const garbageRequirementId = (known: readonly string[]): fc.Arbitrary<string> =>
  fc
    .oneof(
      fc.string({ maxLength: 60 }),
      fc.string({ unit: "binary", minLength: 1, maxLength: 60 }),
      fc.uuid(),
      fc.constant("x".repeat(201)),
      fc.constantFrom(...known).map((id) => `${id}x`),
      fc.constantFrom(...known).map((id) => id.slice(0, -1)),
      fc.constantFrom(...known).map((id) => id.toUpperCase()),
    )
    .filter((id) => !known.includes(id));

/** An action name: a real one most of the time, sometimes one the API does not know. */
const actionName: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...resolveActions), weight: 4 },
  { arbitrary: fc.constantFrom("approve", "Confirm", "CONFIRM", "delete", "", " confirm"), weight: 1 },
);

/** A version a person could send: the right one (`current`) often, stale or future ones, and wrong types. */
export const versionFor = (current: number): fc.Arbitrary<JsonValue | undefined> =>
  fc.oneof(
    { arbitrary: fc.constant(current), weight: 4 },
    { arbitrary: fc.integer({ min: 1, max: 1_000_000 }).filter((v) => v !== current), weight: 2 },
    { arbitrary: fc.constantFrom<JsonValue | undefined>(current - 1, current + 1, 0, -1, current + 0.5, String(current), null, undefined, Number.MAX_SAFE_INTEGER + 2), weight: 2 },
  );

const resolveFields = (current: number) => ({
  action: actionName,
  version: versionFor(current),
  note: fc.oneof(fc.string({ maxLength: 40 }), fc.string({ minLength: 2001, maxLength: 2100 }), wrongTyped),
  feedback: fc.oneof(fc.string({ maxLength: 40 }), wrongTyped),
  values: fc.oneof(
    fc.dictionary(fc.constantFrom("recipient", "amount", "note", "city", "x", ""), wrongTyped, { maxKeys: 3 }),
    fc.record({ recipient: fc.oneof(fc.stringMatching(/^\s*\S?\s*$/), fc.string({ minLength: 81, maxLength: 120 }), wrongTyped) }),
    wrongTyped,
  ),
  result: anyJson,
  output: anyJson,
  choices: fc.oneof(fc.array(fc.string({ maxLength: 10 }), { maxLength: 3 }), wrongTyped),
  extra: anyJson,
});

/** Resolve bodies whose fields are each well-formed for some action or wrong; usually with an action and a version. */
export const resolveBodyFor = (current: number) =>
  fc.oneof(
    { arbitrary: fc.record(resolveFields(current), { requiredKeys: ["action", "version"] }), weight: 3 },
    { arbitrary: fc.record(resolveFields(current), { requiredKeys: [] }), weight: 1 },
  );

/**
 * Start-run bodies that are wrong by construction, each with the field its 400 must name (API.md: `{ input }`, a
 * non-empty text of at most 10000 characters or a JSON object): a body that is no object, no input, or an input that
 * is null, a boolean, a number, an array, blank, or too long.
 */
export const badStartBody: fc.Arbitrary<{ body: unknown; field: "body" | "input" }> = fc.oneof(
  fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), fc.string({ maxLength: 30 }), fc.array(anyJson, { maxLength: 3 })).map((body) => ({ body, field: "body" as const })),
  fc.record({ extra: anyJson, workflow: fc.string({ maxLength: 20 }) }, { requiredKeys: [] }).map((body) => ({ body, field: "input" as const })),
  fc
    .tuple(
      fc.oneof(
        fc.constant<unknown>(null),
        fc.boolean(),
        fc.integer(),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.array(anyJson, { maxLength: 3 }),
        fc.stringMatching(/^[ \t\n]{0,20}$/),
        fc.integer({ min: 10_001, max: 30_000 }).map((n) => "x".repeat(n)),
      ),
      anyJson,
    )
    .map(([input, extra]) => ({ body: { input, extra }, field: "input" as const })),
);

/** Bodies that start a run when valid: `{ input }` with wrong types, blank or huge text, extra fields. */
export const startBody: fc.Arbitrary<unknown> = fc.oneof(
  anyJson,
  fc.record(
    {
      input: fc.oneof(wrongTyped, fc.stringMatching(/^\s{0,20}$/), hugeString, fc.string({ maxLength: 40 })),
      extra: anyJson,
      workflow: fc.string({ maxLength: 20 }),
    },
    { requiredKeys: [] },
  ),
);


/** An Authorization header that names nobody: no token, a well-formed unknown one, junk, another scheme. */
export const foreignAuthorization: fc.Arbitrary<string | null> = fc.oneof(
  fc.constant(null),
  fc.stringMatching(/^[A-Za-z0-9_-]{43}$/).map((secret) => `Bearer hitl_${secret}`),
  fc.stringMatching(/^[!-~]{0,60}$/).map((junk) => `Bearer ${junk}`),
  fc.constantFrom("Basic YWRtaW46YWRtaW4=", "bearer", "Token hitl_x", ""),
);

const textOrWrong = (text: fc.Arbitrary<string>) => fc.oneof(text, wrongTyped);

/** Emails that are not addresses, or not text at all. */
const badEmail: fc.Arbitrary<JsonValue> = fc.oneof(
  fc.constantFrom<JsonValue>("", " ", "admin", "admin@", "@example.com", "a b@example.com", `${"a".repeat(250)}@example.com`),
  wrongTyped,
);

/** Sign-in and new-user bodies: each field missing, mistyped, malformed or too long, plus unknown fields. */
export const accountBody = (knownEmail: string): fc.Arbitrary<Record<string, unknown>> =>
  fc.record(
    {
      email: fc.oneof(badEmail, fc.emailAddress(), fc.constant(knownEmail), fc.constant(` ${knownEmail.toUpperCase()} `)),
      password: textOrWrong(fc.oneof(fc.string({ maxLength: 12 }), fc.string({ minLength: 257, maxLength: 300 }))),
      role: textOrWrong(fc.constantFrom("viewer", "approver", "admin", "root", "Admin", "")),
      extra: anyJson,
    },
    { requiredKeys: [] },
  );

/**
 * Sign-in bodies wrong by construction, each with the field its 400 must name (README: `{ email, password }`, an email
 * address of at most 254 characters and a password of 1 to 256): no object; a missing, wrong-typed or malformed email
 * beside a good password; a good email beside a missing, wrong-typed, empty or over-long password.
 */
export const badSignInBody: fc.Arbitrary<{ body: unknown; field: "body" | "email" | "password" }> = fc.oneof(
  fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), fc.string({ maxLength: 30 }), fc.array(anyJson, { maxLength: 3 })).map((body) => ({ body, field: "body" as const })),
  fc
    .tuple(
      fc.option(
        fc.oneof(
          fc.constant<unknown>(null),
          fc.integer(),
          fc.boolean(),
          fc.array(fc.emailAddress(), { maxLength: 2 }),
          fc.constantFrom("", "   ", "ann", "ann@", "@example.com", "ann example.com", "ann@@example.com", `${"a".repeat(250)}@example.com`),
        ),
        { nil: undefined },
      ),
      fc.string({ minLength: 1, maxLength: 20 }),
    )
    .map(([email, password]) => ({ body: email === undefined ? { password } : { email, password }, field: "email" as const })),
  fc
    .tuple(
      fc.stringMatching(/^[a-z]{1,10}@[a-z]{1,10}\.(com|org)$/),
      fc.option(fc.oneof(fc.constant<unknown>(null), fc.integer(), fc.boolean(), fc.constant(""), fc.string({ minLength: 257, maxLength: 300 })), { nil: undefined }),
    )
    .map(([email, password]) => ({ body: password === undefined ? { email } : { email, password }, field: "password" as const })),
);

/** Changes to a user: wrong types, weak or huge passwords, no field at all, or ones that would leave no admin. */
export const userChangeBody: fc.Arbitrary<Record<string, unknown>> = fc.record(
  {
    role: textOrWrong(fc.constantFrom("viewer", "approver", "admin", "owner")),
    disabled: fc.oneof(fc.boolean(), wrongTyped),
    password: textOrWrong(fc.oneof(fc.string({ maxLength: 7 }), fc.string({ minLength: 257, maxLength: 300 }))),
    extra: anyJson,
  },
  { requiredKeys: [] },
);

/** New API token bodies: blank, long or mistyped names, unknown roles. */
export const tokenBody: fc.Arbitrary<Record<string, unknown>> = fc.record(
  {
    name: textOrWrong(fc.oneof(fc.stringMatching(/^\s{0,5}$/), fc.string({ minLength: 101, maxLength: 140 }), fc.string({ maxLength: 20 }))),
    role: textOrWrong(fc.constantFrom("viewer", "approver", "admin", "superuser")),
    extra: anyJson,
  },
  { requiredKeys: [] },
);
