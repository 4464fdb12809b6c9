import type { UserRole } from "./roles";

/** Who is behind a request: a signed-in person or a program with an API token. */
export type Principal =
  | { type: "user"; userId: string; email: string; role: UserRole; sessionId: string }
  | { type: "token"; tokenId: string; name: string; role: UserRole };

/** The principal as the audit log and the run's `createdBy` record it. */
export interface Actor {
  type: "user" | "token";
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
 * The stable string stored as a run's `createdBy` and a requirement's `resolvedBy`. Token ids get a prefix so a
 * token can never be mistaken for the user who created it.
 */
export function actorKey(principal: Principal): string {
  return principal.type === "user" ? principal.userId : `token:${principal.tokenId}`;
}
