import { userRoles, type UserRole } from "@/lib/contracts/auth";

export { userRoles, userRoleSchema, type UserRole } from "@/lib/contracts/auth";

/**
 * Everything a page or endpoint can ask permission for. Starting a run is an approver's right because it spends
 * model calls and creates work for others; a viewer only looks.
 */
export const authActions = [
  "runs:read",
  "inbox:read",
  "workflows:read",
  "runs:start",
  "requirements:resolve",
  "runs:control",
  "policies:manage",
  "audit:read",
  "users:manage",
  "tokens:manage",
] as const;
export type AuthAction = (typeof authActions)[number];

const leastRole: Record<AuthAction, UserRole> = {
  "runs:read": "viewer",
  "inbox:read": "viewer",
  "workflows:read": "viewer",
  "runs:start": "approver",
  "requirements:resolve": "approver",
  "runs:control": "approver",
  /** Everyone's standing policies; an approver creates, edits and revokes their own under requirements:resolve. */
  "policies:manage": "admin",
  "audit:read": "admin",
  "users:manage": "admin",
  "tokens:manage": "admin",
};

/** The one permission check: every page and endpoint asks this and nothing else. */
export function can(role: UserRole, action: AuthAction): boolean {
  return userRoles.indexOf(role) >= userRoles.indexOf(leastRole[action]);
}

/** The weakest role allowed to do `action`, for messages such as "needs the approver role". */
export function requiredRole(action: AuthAction): UserRole {
  return leastRole[action];
}
