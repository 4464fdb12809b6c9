import { describe, expect, it } from "vitest";
import { actorKey, assertMayDecide, SelfApprovalError, type Principal } from "@/lib/auth";

const ann: Principal = { type: "user", userId: "u-ann", email: "ann@example.com", role: "approver", sessionId: "s1" };
const bob: Principal = { type: "user", userId: "u-bob", email: "bob@example.com", role: "approver", sessionId: "s2" };
const annsToken: Principal = { type: "token", tokenId: "u-ann", name: "ann@example.com", role: "approver" };

describe("four-eyes setting", () => {
  const run = { workflowName: "PaymentWorkflow", createdBy: actorKey(ann) };

  it("with the setting on, the person who started the run may not approve it, another approver may", () => {
    expect(() => assertMayDecide(ann, run, { forbidSelfApproval: true })).toThrow(SelfApprovalError);
    expect(() => assertMayDecide(ann, run, { forbidSelfApproval: true })).toThrow(/someone other than the person who started the run/);
    expect(() => assertMayDecide(bob, run, { forbidSelfApproval: true })).not.toThrow();
  });

  it("with the setting off, the starter may approve their own run", () => {
    expect(() => assertMayDecide(ann, run, { forbidSelfApproval: false })).not.toThrow();
  });

  it("a token is never taken for a user, even with the same id and the user's email as its name", () => {
    expect(actorKey(annsToken)).not.toBe(actorKey(ann));
    expect(() => assertMayDecide(annsToken, run, { forbidSelfApproval: true })).not.toThrow();
  });
});

describe("who the run page names", () => {
  it("a person by their email, a program by its token's name and id", () => {
    expect(actorKey(ann)).toBe("ann@example.com");
    expect(actorKey({ type: "token", tokenId: "t-9", name: "ci-bot", role: "approver" })).toBe("ci-bot (API token t-9)");
  });
});
