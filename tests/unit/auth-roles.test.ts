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

  it("each role may do everything the weaker roles may", () => {
    for (const action of authActions) {
      const allowed = userRoles.map((role) => can(role, action));
      expect(allowed).toEqual([...allowed].sort((a, b) => Number(a) - Number(b)));
      expect(can(requiredRole(action), action)).toBe(true);
    }
  });
});
