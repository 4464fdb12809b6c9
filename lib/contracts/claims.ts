import { z } from "zod";

/** Minutes a claim lasts unless the request says otherwise. */
export const DEFAULT_CLAIM_MINUTES = 15;

/** Roles an item can be assigned to: those that may decide. */
export const assignableRoles = ["approver", "admin"] as const;
export const assignableRoleSchema = z.enum(assignableRoles, { error: 'must be "approver" or "admin" (a viewer cannot decide)' });
export type AssignableRole = z.infer<typeof assignableRoleSchema>;

/** Who is on an item now: a soft lock that expires. `mine` says whether it is the caller. */
export const claimSchema = z.object({
  holder: z.string(),
  mine: z.boolean(),
  /** ISO 8601; past this anyone may take it. */
  expiresAt: z.string(),
});
export type Claim = z.infer<typeof claimSchema>;

/** Whom the item is assigned to: a person (`userId`, `email`) or every member of a role. */
export const assigneeSchema = z.union([
  z.object({ userId: z.string(), email: z.string(), role: z.null() }),
  z.object({ userId: z.null(), email: z.null(), role: assignableRoleSchema }),
]);
export type Assignee = z.infer<typeof assigneeSchema>;

/** POST /api/requirements/{id}/claim: `minutes` (1 to 240) defaults to 15. */
export const claimRequestSchema = z.strictObject({
  minutes: z.number({ error: "must be a number of minutes" }).int("must be a whole number").min(1, "must be at least 1").max(240, "must be at most 240").optional(),
});
export type ClaimRequest = z.infer<typeof claimRequestSchema>;

/** POST /api/requirements/{id}/assign: one of `userId`, `email`, `role`; none of them takes the assignment away. */
export const assignRequestSchema = z
  .strictObject({
    userId: z.string().min(1, "is required").max(200, "is too long").optional(),
    email: z.string().min(3, "is not an email").max(320, "is too long").optional(),
    role: assignableRoleSchema.optional(),
  })
  .refine((body) => [body.userId, body.email, body.role].filter((v) => v !== undefined).length <= 1, {
    error: "give one of userId, email or role, not several",
    path: ["role"],
  });
export type AssignRequest = z.infer<typeof assignRequestSchema>;

/** The answer of claim, release and assign: the item's claim and assignee as they now stand. */
export const claimResponseSchema = z.object({ claim: claimSchema.nullable(), assignee: assigneeSchema.nullable() });
export type ClaimResponse = z.infer<typeof claimResponseSchema>;

/** `details` of a 409 `claimed_by_other`: who is on the item and until when. */
export const claimedByOtherDetailsSchema = z.object({ holder: z.string(), expiresAt: z.string() });
export type ClaimedByOtherDetails = z.infer<typeof claimedByOtherDetailsSchema>;
