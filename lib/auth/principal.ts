import type { UserRole } from "./roles";

/** Who is behind a request: a signed-in person or a program with an API token. */
export type Principal =
  | { type: "user"; userId: string; email: string; role: UserRole; sessionId: string }
  | { type: "token"; tokenId: string; name: string; role: UserRole };

/** The principal as the audit log and the run's `createdBy` record it. */
export interface Actor {
  type: "user" | "token" | "policy";
  id: string;
  email: string | null;
  name: string;
  role: UserRole;
}

export function actorOf(principal: Principal): Actor {
  return principal.type === "user"
    ? { type: "user", id: principal.userId, email: principal.email, name: principal.email, role: principal.role }
    : { type: "token", id: principal.tokenId, email: null, name: principal.name, role: principal.role };
}

/**
 * The string recorded as a run's `createdBy` and a requirement's `resolvedBy`: what the run page shows and what the
 * four-eyes check compares. A person is their email (unique, and readable on the page); a program is its token's
 * name and id, which no email can look like (emails have no spaces).
 */
export function actorKey(principal: Principal): string {
  return principal.type === "user" ? principal.email : `${principal.name} (API token ${principal.tokenId})`;
}
