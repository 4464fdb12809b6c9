import "server-only";
import { actorKey, userRoles, type Principal } from "@/lib/auth";
import { assignableRoles, type AssignableRole, type Assignee, type ClaimResponse } from "@/lib/contracts";
import type { Claimant, ClaimState, InboxViewer } from "@/lib/db/team-inbox-store";

/** The principal's stable key: claims and saved views stay theirs when a token is renamed or an email changes. */
export const ownerKeyOf = (principal: Principal): string => (principal.type === "user" ? `user:${principal.userId}` : `token:${principal.tokenId}`);

export const claimantOf = (principal: Principal): Claimant => ({ key: ownerKeyOf(principal), name: actorKey(principal) });

/** Roles whose assignments the principal may take: theirs and the weaker ones that may decide (an admin is an approver too). */
const rolesHeldBy = (principal: Principal): AssignableRole[] =>
  assignableRoles.filter((role) => userRoles.indexOf(principal.role) >= userRoles.indexOf(role));

export function viewerOf(principal: Principal): InboxViewer {
  return { key: ownerKeyOf(principal), userId: principal.type === "user" ? principal.userId : null, roles: rolesHeldBy(principal) };
}

/** A stored claim state as the API shows it to `principal`. */
export function claimView(state: ClaimState, principal: Principal): ClaimResponse {
  const key = ownerKeyOf(principal);
  const claim = state.claim && { holder: state.claim.holderName, mine: state.claim.holderKey === key, expiresAt: state.claim.expiresAt.toISOString() };
  const assignee: Assignee | null = state.assignee;
  return { claim, assignee };
}
