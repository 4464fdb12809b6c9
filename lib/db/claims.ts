// Claims and assignments of inbox items as portable SQL on the store's Prisma client (SQLite and PostgreSQL alike).
import { z } from "zod";
import { assignableRoleSchema } from "@/lib/contracts/claims";
import type { AssigneeRow, Claimant, ClaimState, ClaimStore } from "./team-inbox-store";
import { EXECUTOR_PAUSE } from "./rows";
import type { StoreClient } from "./store-client";

/** A date as a driver returns it: a Date, an ISO string, or unix milliseconds. */
const date = z.union([z.date(), z.string(), z.number(), z.bigint()]).transform((v) => new Date(typeof v === "bigint" ? Number(v) : v));

/** The claim columns as the inbox query and `state` select them. */
export const claimColumnsSchema = z.object({
  holderKey: z.string().nullable(),
  holderName: z.string().nullable(),
  expiresAt: date.nullable(),
  assigneeUserId: z.string().nullable(),
  assigneeEmail: z.string().nullable(),
  assigneeRole: assignableRoleSchema.nullable(),
});
export type ClaimColumns = z.input<typeof claimColumnsSchema>;

/** The claim (only while live at `now`) and the assignee the columns describe. */
export function claimStateOf(columns: ClaimColumns, now: Date): ClaimState {
  const c = claimColumnsSchema.parse(columns);
  const live = c.holderKey !== null && c.holderName !== null && c.expiresAt !== null && c.expiresAt.getTime() > now.getTime();
  let assignee: AssigneeRow | null = null;
  if (c.assigneeUserId !== null && c.assigneeEmail !== null) assignee = { userId: c.assigneeUserId, email: c.assigneeEmail, role: null };
  else if (c.assigneeRole !== null) assignee = { userId: null, email: null, role: c.assigneeRole };
  return { claim: live ? { holderKey: c.holderKey as string, holderName: c.holderName as string, expiresAt: c.expiresAt as Date } : null, assignee };
}

export class PrismaClaimStore implements ClaimStore {
  constructor(
    private readonly client: StoreClient,
    private readonly ready: () => Promise<void>,
  ) {}

  async claim(requirementId: string, who: Claimant, until: Date, now: Date): Promise<boolean> {
    await this.ready();
    // One statement on both databases: the row's claim is replaced only if it is free, expired, or already ours.
    const written = await this.client.$executeRaw`
      INSERT INTO "requirement_claims" ("requirement_id", "holder_key", "holder_name", "claimed_at", "expires_at")
      VALUES (${requirementId}, ${who.key}, ${who.name}, ${now}, ${until})
      ON CONFLICT ("requirement_id") DO UPDATE SET "holder_key" = excluded."holder_key", "holder_name" = excluded."holder_name",
        "claimed_at" = excluded."claimed_at", "expires_at" = excluded."expires_at"
      WHERE "requirement_claims"."holder_key" IS NULL OR "requirement_claims"."expires_at" <= ${now}
        OR "requirement_claims"."holder_key" = ${who.key}`;
    return written === 1;
  }

  async release(requirementId: string, holderKey: string, now: Date): Promise<boolean> {
    await this.ready();
    await this.client.$executeRaw`
      UPDATE "requirement_claims" SET "holder_key" = NULL, "holder_name" = NULL, "claimed_at" = NULL, "expires_at" = NULL
      WHERE "requirement_id" = ${requirementId} AND ("holder_key" = ${holderKey} OR "expires_at" <= ${now})`;
    return (await this.state(requirementId, now)).claim === null;
  }

  async assign(requirementId: string, assignee: AssigneeRow | null, by: string, at: Date): Promise<void> {
    await this.ready();
    await this.client.$executeRaw`
      INSERT INTO "requirement_claims" ("requirement_id", "assignee_user_id", "assignee_email", "assignee_role", "assigned_by", "assigned_at")
      VALUES (${requirementId}, ${assignee?.userId ?? null}, ${assignee?.email ?? null}, ${assignee?.role ?? null}, ${by}, ${at})
      ON CONFLICT ("requirement_id") DO UPDATE SET "assignee_user_id" = excluded."assignee_user_id",
        "assignee_email" = excluded."assignee_email", "assignee_role" = excluded."assignee_role",
        "assigned_by" = excluded."assigned_by", "assigned_at" = excluded."assigned_at"`;
  }

  async state(requirementId: string, now: Date): Promise<ClaimState> {
    await this.ready();
    const rows = await this.client.$queryRaw<ClaimColumns[]>`
      SELECT "holder_key" AS "holderKey", "holder_name" AS "holderName", "expires_at" AS "expiresAt",
             "assignee_user_id" AS "assigneeUserId", "assignee_email" AS "assigneeEmail", "assignee_role" AS "assigneeRole"
      FROM "requirement_claims" WHERE "requirement_id" = ${requirementId}`;
    const row = rows[0];
    return row ? claimStateOf(row, now) : { claim: null, assignee: null };
  }

  async itemStatus(requirementId: string): Promise<"pending" | "decided" | null> {
    await this.ready();
    const rows = await this.client.$queryRaw<{ status: string }[]>`
      SELECT "status" FROM "requirements" WHERE "id" = ${requirementId} AND "kind" <> ${EXECUTOR_PAUSE}`;
    const row = rows[0];
    return row === undefined ? null : row.status === "pending" ? "pending" : "decided";
  }

  async forget(requirementId: string): Promise<void> {
    await this.ready();
    await this.client.$executeRaw`DELETE FROM "requirement_claims" WHERE "requirement_id" = ${requirementId}`;
  }
}
