import { describe, expect, it } from "vitest";
import { authActions, can, requiredRole, userRoles } from "@/lib/auth";

describe("roles", () => {
  it("a viewer sees runs and the inbox but cannot decide, start runs or manage anything", () => {
    expect(can("viewer", "runs:read")).toBe(true);
    expect(can("viewer", "inbox:read")).toBe(true);
    expect(can("viewer", "requirements:resolve")).toBe(false);
    expect(can("viewer", "runs:start")).toBe(false);
    expect(can("viewer", "users:manage")).toBe(false);
    expect(can("viewer", "audit:read")).toBe(false);
  });

  it("an approver also decides, but manages neither users nor tokens", () => {
    expect(can("approver", "requirements:resolve")).toBe(true);
    expect(can("approver", "inbox:read")).toBe(true);
    expect(can("approver", "users:manage")).toBe(false);
    expect(can("approver", "tokens:manage")).toBe(false);
    expect(can("approver", "audit:read")).toBe(false);
  });

  it("an admin may do everything", () => {
    for (const action of authActions) expect(can("admin", action)).toBe(true);
  });

  // Written by hand from the README's "Sign-in, roles and audit": who may do what, and the weakest role each needs.
  const table: Record<string, { viewer: boolean; approver: boolean; admin: boolean; needs: string }> = {
    "runs:read": { viewer: true, approver: true, admin: true, needs: "viewer" },
    "inbox:read": { viewer: true, approver: true, admin: true, needs: "viewer" },
    "workflows:read": { viewer: true, approver: true, admin: true, needs: "viewer" },
    "runs:start": { viewer: false, approver: true, admin: true, needs: "approver" },
    "requirements:resolve": { viewer: false, approver: true, admin: true, needs: "approver" },
    "runs:control": { viewer: false, approver: true, admin: true, needs: "approver" },
    "policies:manage": { viewer: false, approver: false, admin: true, needs: "admin" },
    "audit:read": { viewer: false, approver: false, admin: true, needs: "admin" },
    "users:manage": { viewer: false, approver: false, admin: true, needs: "admin" },
    "tokens:manage": { viewer: false, approver: false, admin: true, needs: "admin" },
  };

  it("every action is in the table, and the roles rank viewer < approver < admin", () => {
    expect([...authActions].sort()).toEqual(Object.keys(table).sort());
    expect(userRoles).toEqual(["viewer", "approver", "admin"]);
  });

  it.each(Object.entries(table))("%s: who may do it, and the role a refusal names", (action, expected) => {
    const a = authActions.find((known) => known === action);
    if (!a) throw new Error(`${action} is no longer an action`);
    expect({ viewer: can("viewer", a), approver: can("approver", a), admin: can("admin", a), needs: requiredRole(a) }).toEqual(expected);
  });
});
