import "server-only";
import { can, type Principal } from "@/lib/auth";
import { DEFAULT_CLAIM_MINUTES, type AssignRequest, type ClaimRequest, type ClaimResponse } from "@/lib/contracts";
import type { AssigneeRow, ClaimStore } from "@/lib/db/team-inbox-store";
import { appRuntime } from "@/lib/app/runtime";
import { ClaimedByOtherError, ConflictError, InvalidInputError, NotFoundError } from "./api-error";
import { authStore } from "./auth";
import { inboxCountsOf } from "./inbox-counts";
import { claimantOf, claimView, ownerKeyOf } from "./inbox-viewer";

const MINUTE_MS = 60_000;

/** The claim store, once the item is known to wait for a decision: 404 for an unknown id, 409 once decided. */
async function openItem(requirementId: string): Promise<ClaimStore> {
  const claims = appRuntime().db.teamInbox().claims();
  const status = await claims.itemStatus(requirementId);
  if (status === null) throw new NotFoundError(`There is no inbox item with id ${requirementId}. The link may be wrong.`);
  if (status === "decided") throw new ConflictError("This item was already decided, so nobody needs to be on it. Reload the inbox.");
  return claims;
}

/** Others see the change at their next refresh; this process's counts are counted afresh. */
function written(): void {
  inboxCountsOf(appRuntime()).changed();
}

/** Takes (or extends) the principal's claim; 409 `claimed_by_other` naming the holder when someone else is on it. */
export async function claimRequirement(requirementId: string, body: ClaimRequest, principal: Principal): Promise<ClaimResponse> {
  const claims = await openItem(requirementId);
  const now = new Date();
  const until = new Date(now.getTime() + (body.minutes ?? DEFAULT_CLAIM_MINUTES) * MINUTE_MS);
  const won = await claims.claim(requirementId, claimantOf(principal), until, now);
  const state = await claims.state(requirementId, now);
  if (!won) {
    // The holder may have let go between the write and this read: then the claim is free, and trying again will do.
    if (!state.claim) throw new ConflictError("Someone else was claiming this item at the same moment. Try again.");
    throw new ClaimedByOtherError(state.claim.holderName, state.claim.expiresAt);
  }
  written();
  return claimView(state, principal);
}

/** Lets go of the principal's claim. Someone else's live claim is theirs to release: 409 naming them. */
export async function releaseClaim(requirementId: string, principal: Principal): Promise<ClaimResponse> {
  const claims = await openItem(requirementId);
  const now = new Date();
  const released = await claims.release(requirementId, ownerKeyOf(principal), now);
  const state = await claims.state(requirementId, now);
  if (!released && state.claim) throw new ClaimedByOtherError(state.claim.holderName, state.claim.expiresAt);
  written();
  return claimView(state, principal);
}

async function assigneeOf(body: AssignRequest): Promise<AssigneeRow | null> {
  if (body.role !== undefined) return { userId: null, email: null, role: body.role };
  if (body.userId === undefined && body.email === undefined) return null;
  const store = await authStore();
  const user = body.userId !== undefined ? await store.findUserById(body.userId) : await store.findUserByEmail((body.email ?? "").trim().toLowerCase());
  const field = body.userId !== undefined ? "userId" : "email";
  if (!user) throw new NotFoundError(`There is no user with that ${field === "userId" ? "id" : "email"}. Check it on the Users page.`);
  if (user.disabled) throw new InvalidInputError(field, `${user.email} is disabled and cannot decide. Assign someone else.`);
  if (!can(user.role, "requirements:resolve")) {
    throw new InvalidInputError(field, `${user.email} is a ${user.role} and cannot decide. Assign an approver or an admin, or change their role.`);
  }
  return { userId: user.id, email: user.email, role: null };
}

/** Assigns the item to a person or a role, or (with neither) takes the assignment away. */
export async function assignRequirement(requirementId: string, body: AssignRequest, principal: Principal): Promise<ClaimResponse> {
  const claims = await openItem(requirementId);
  const assignee = await assigneeOf(body);
  const now = new Date();
  await claims.assign(requirementId, assignee, claimantOf(principal).name, now);
  written();
  return claimView(await claims.state(requirementId, now), principal);
}

/**
 * Before `principal` decides the item: the holder of someone else's live claim on it, which the decision overrides
 * (null when nobody else is on it). Without `override` such a decision is refused with 409 `claimed_by_other`.
 */
export async function overriddenClaim(requirementId: string, principal: Principal, override: boolean): Promise<string | null> {
  const { claim } = await appRuntime().db.teamInbox().claims().state(requirementId, new Date());
  if (!claim || claim.holderKey === ownerKeyOf(principal)) return null;
  if (!override) throw new ClaimedByOtherError(claim.holderName, claim.expiresAt);
  return claim.holderName;
}

/** The item was decided: its claim and assignment are dropped, so they weigh on no count. */
export async function forgetClaim(requirementId: string): Promise<void> {
  await appRuntime().db.teamInbox().claims().forget(requirementId);
}
