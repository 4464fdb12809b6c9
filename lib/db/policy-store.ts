import { randomUUID } from "node:crypto";
import { policyConditionsSchema, type PolicyCondition } from "@/lib/contracts/policies";
import { userRoleSchema, type UserRole } from "@/lib/contracts/auth";
import { parseColumn, parseJsonColumn } from "./parse-column";
import type { StoreClient } from "./store-client";

/** A standing policy as stored. */
export interface PolicyRecord {
  id: string;
  workflowName: string;
  toolName: string;
  conditions: PolicyCondition[];
  starter: string | null;
  expiresAt: Date | null;
  createdBy: string;
  createdRole: UserRole;
  createdAt: Date;
  updatedAt: Date;
  revokedAt: Date | null;
  revokedBy: string | null;
}

export type NewPolicy = Pick<PolicyRecord, "workflowName" | "toolName" | "conditions" | "starter" | "expiresAt" | "createdBy" | "createdRole">;
export type PolicyPatch = Partial<Pick<PolicyRecord, "conditions" | "starter" | "expiresAt">>;

/** What revoking found: the revoked policy, one that was revoked already, or none with that id. */
export type RevokeOutcome = { revoked: PolicyRecord } | { alreadyRevoked: PolicyRecord } | null;

export interface PolicyStore {
  create(policy: NewPolicy, now: Date): Promise<PolicyRecord>;
  get(id: string): Promise<PolicyRecord | null>;
  /** Newest first; only `createdBy`'s when given. */
  list(filter: { createdBy?: string; limit: number }): Promise<PolicyRecord[]>;
  /** Policies of this workflow's tool that are not revoked and not expired at `now` (served by the lookup index). */
  live(workflowName: string, toolName: string, now: Date): Promise<PolicyRecord[]>;
  /** Null when there is no such policy. A revoked one is not changed: see `revoke`. */
  update(id: string, patch: PolicyPatch, now: Date): Promise<PolicyRecord | null>;
  /** Revokes once: of two revocations at the same moment, one wins and the other finds it revoked already. */
  revoke(id: string, by: string, now: Date): Promise<RevokeOutcome>;
}

interface PolicyRow extends Omit<PolicyRecord, "conditions" | "createdRole"> {
  conditions: string;
  createdRole: string;
}

function fromRow(row: PolicyRow): PolicyRecord {
  return {
    ...row,
    conditions: parseJsonColumn(policyConditionsSchema, row.conditions, { table: "policies", row: row.id, column: "conditions" }),
    createdRole: parseColumn(userRoleSchema, row.createdRole, { table: "policies", row: row.id, column: "created_role" }),
  };
}

/** Standing policies on the app's Prisma client (SQLite or PostgreSQL); conditions are stored as JSON text. */
export class PrismaPolicyStore implements PolicyStore {
  readonly #client: StoreClient;
  readonly #ready: () => Promise<void>;

  constructor(client: StoreClient, ready: () => Promise<void>) {
    this.#client = client;
    this.#ready = ready;
  }

  async #db(): Promise<StoreClient> {
    await this.#ready();
    return this.#client;
  }

  async create(policy: NewPolicy, now: Date): Promise<PolicyRecord> {
    const db = await this.#db();
    const row = await db.policy.create({
      data: { id: randomUUID(), ...policy, conditions: JSON.stringify(policy.conditions), createdAt: now, updatedAt: now, revokedAt: null, revokedBy: null },
    });
    return fromRow(row);
  }

  async get(id: string): Promise<PolicyRecord | null> {
    const row = await (await this.#db()).policy.findUnique({ where: { id } });
    return row ? fromRow(row) : null;
  }

  async list(filter: { createdBy?: string; limit: number }): Promise<PolicyRecord[]> {
    const rows = await (await this.#db()).policy.findMany({
      where: filter.createdBy === undefined ? {} : { createdBy: filter.createdBy },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: filter.limit,
    });
    return rows.map(fromRow);
  }

  async live(workflowName: string, toolName: string, now: Date): Promise<PolicyRecord[]> {
    const rows = await (await this.#db()).policy.findMany({
      where: { workflowName, toolName, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    return rows.map(fromRow);
  }

  async update(id: string, patch: PolicyPatch, now: Date): Promise<PolicyRecord | null> {
    const db = await this.#db();
    const data = {
      ...(patch.conditions !== undefined && { conditions: JSON.stringify(patch.conditions) }),
      ...(patch.starter !== undefined && { starter: patch.starter }),
      ...(patch.expiresAt !== undefined && { expiresAt: patch.expiresAt }),
      updatedAt: now,
    };
    const { count } = await db.policy.updateMany({ where: { id }, data });
    return count === 0 ? null : this.get(id);
  }

  async revoke(id: string, by: string, now: Date): Promise<RevokeOutcome> {
    const db = await this.#db();
    const { count } = await db.policy.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: now, revokedBy: by, updatedAt: now } });
    const policy = await this.get(id);
    if (!policy) return null;
    return count === 1 ? { revoked: policy } : { alreadyRevoked: policy };
  }
}
