import { describe, expect, it } from "vitest";
import { argAt, policyCovers } from "@/lib/app/policy-match";
import { createPolicyRequestSchema } from "@/lib/contracts";
import type { PolicyRecord } from "@/lib/db/policy-store";
import type { JsonObject } from "@/lib/engine";

const now = new Date("2026-12-02T12:00:00Z");

function policy(overrides: Partial<PolicyRecord> = {}): PolicyRecord {
  return {
    id: "p1",
    workflowName: "RefundWorkflow",
    toolName: "issue_refund",
    conditions: [],
    starter: null,
    expiresAt: null,
    createdBy: "ann@example.com",
    createdRole: "approver",
    createdAt: new Date("2026-12-01T00:00:00Z"),
    updatedAt: new Date("2026-12-01T00:00:00Z"),
    revokedAt: null,
    revokedBy: null,
    ...overrides,
  };
}

const call = (toolArgs: JsonObject, runCreatedBy: string | null = "bob@example.com", fourEyes = false) => ({
  toolArgs,
  runCreatedBy,
  fourEyes,
});

describe("standing policies: which calls a policy decides", () => {
  it("reads dotted paths into objects and arrays, and nothing that is not there", () => {
    const args = { recipient: { iban: "CH93" }, items: [{ sku: "A" }] };
    expect(argAt(args, "recipient.iban")).toBe("CH93");
    expect(argAt(args, "items.0.sku")).toBe("A");
    expect(argAt(args, "items.x")).toBeUndefined();
    expect(argAt(args, "recipient.iban.more")).toBeUndefined();
    expect(argAt(args, "toString")).toBeUndefined();
  });

  it("equals, oneOf and atMost must all hold", () => {
    const p = policy({
      conditions: [
        { arg: "orderId", op: "oneOf", value: ["A-1", "A-2"] },
        { arg: "amount", op: "atMost", value: 100 },
        { arg: "meta", op: "equals", value: { rush: false } },
      ],
    });
    expect(policyCovers(p, call({ orderId: "A-2", amount: 100, meta: { rush: false } }), now)).toBe(true);
    expect(policyCovers(p, call({ orderId: "A-3", amount: 100, meta: { rush: false } }), now)).toBe(false);
    expect(policyCovers(p, call({ orderId: "A-1", amount: 100.5, meta: { rush: false } }), now)).toBe(false);
    expect(policyCovers(p, call({ orderId: "A-1", amount: "50", meta: { rush: false } }), now)).toBe(false);
    expect(policyCovers(p, call({ orderId: "A-1", amount: 5, meta: { rush: true } }), now)).toBe(false);
    expect(policyCovers(p, call({ orderId: "A-1", meta: { rush: false } }), now)).toBe(false);
  });

  it("an expired or revoked policy decides nothing", () => {
    expect(policyCovers(policy({ expiresAt: new Date("2026-12-02T12:00:01Z") }), call({}), now)).toBe(true);
    expect(policyCovers(policy({ expiresAt: now }), call({}), now)).toBe(false);
    expect(policyCovers(policy({ revokedAt: new Date("2026-12-02T00:00:00Z"), revokedBy: "admin@example.com" }), call({}), now)).toBe(false);
  });

  it("covers only its starter's runs when it names one", () => {
    expect(policyCovers(policy({ starter: "bob@example.com" }), call({}, "bob@example.com"), now)).toBe(true);
    expect(policyCovers(policy({ starter: "bob@example.com" }), call({}, "carol@example.com"), now)).toBe(false);
    expect(policyCovers(policy({ starter: "bob@example.com" }), call({}, null), now)).toBe(false);
  });

  it("never decides a four-eyes workflow's call in a run its own creator started", () => {
    expect(policyCovers(policy(), call({}, "ann@example.com", true), now)).toBe(false);
    expect(policyCovers(policy(), call({}, "bob@example.com", true), now)).toBe(true);
    expect(policyCovers(policy(), call({}, "ann@example.com", false), now)).toBe(true);
  });

  it("the create request names the condition field at fault", () => {
    const result = createPolicyRequestSchema.safeParse({ workflowName: "W", toolName: "t", conditions: [{ arg: "a", op: "atMost", value: "ten" }] });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["conditions", 0, "value"]);
    const badOp = createPolicyRequestSchema.safeParse({ workflowName: "W", toolName: "t", conditions: [{ arg: "a", op: "below", value: 1 }] });
    expect(badOp.error?.issues[0]?.path).toEqual(["conditions", 0, "op"]);
  });
});
