import { randomUUID } from "node:crypto";
import { auditEntrySchema, type AuditEntry, type NewAuditEntry } from "@/lib/auth/audit";
import { EmailTakenError } from "@/lib/auth/errors";
import { userRoleSchema } from "@/lib/auth/roles";
import type { ApiTokenRecord, AuditFilter, AuthStore, NewUser, SessionRecord, UserPatch, UserRecord } from "@/lib/auth/store";
import { auditRow, type AuditRow } from "./audit-rows";
import type { StoreClient } from "./store-client";

interface UserRow {
  id: string;
  email: string;
  role: string;
  passwordHash: string;
  disabled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

interface TokenRow {
  id: string;
  name: string;
  role: string;
  tokenHash: string;
  createdBy: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}


function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; cause?: { kind?: string } } | null;
  return e?.code === "P2002" || e?.cause?.kind === "UniqueConstraintViolation";
}

// Rows are checked on the way out: a role or action the code does not know fails loudly instead of granting rights.
const userFromRow = (row: UserRow): UserRecord => ({ ...row, role: userRoleSchema.parse(row.role) });
const tokenFromRow = (row: TokenRow): ApiTokenRecord => ({ ...row, role: userRoleSchema.parse(row.role) });
const fromJson = (text: string | null): unknown => (text === null ? null : JSON.parse(text));

function auditFromRow(row: AuditRow & { seq: number }): AuditEntry {
  return auditEntrySchema.parse({
    ...row,
    at: row.at.toISOString(),
    values: fromJson(row.values),
    proposedArgs: fromJson(row.proposedArgs),
    executedArgs: fromJson(row.executedArgs),
  });
}

/**
 * Users, sessions, API tokens and the audit log on the app's Prisma client (SQLite or PostgreSQL). JSON parts of
 * audit entries are stored as text, as the run tables do. `ready` runs the database's migrations before first use.
 */
export class PrismaAuthStore implements AuthStore {
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

  async createUser(user: NewUser): Promise<UserRecord> {
    const db = await this.#db();
    const now = new Date();
    try {
      return userFromRow(await db.user.create({ data: { id: randomUUID(), ...user, disabled: false, createdAt: now, updatedAt: now } }));
    } catch (error) {
      if (isUniqueViolation(error)) throw new EmailTakenError(user.email);
      throw error;
    }
  }

  async findUserById(id: string): Promise<UserRecord | null> {
    const row = await (await this.#db()).user.findUnique({ where: { id } });
    return row ? userFromRow(row) : null;
  }

  async findUserByEmail(email: string): Promise<UserRecord | null> {
    const row = await (await this.#db()).user.findUnique({ where: { email } });
    return row ? userFromRow(row) : null;
  }

  async listUsers(): Promise<UserRecord[]> {
    const rows = await (await this.#db()).user.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
    return rows.map(userFromRow);
  }

  async updateUser(id: string, patch: UserPatch): Promise<UserRecord | null> {
    const db = await this.#db();
    const { count } = await db.user.updateMany({ where: { id }, data: { ...patch, updatedAt: new Date() } });
    return count === 0 ? null : this.findUserById(id);
  }

  async countUsers(): Promise<number> {
    return (await this.#db()).user.count();
  }

  async countActiveAdmins(): Promise<number> {
    return (await this.#db()).user.count({ where: { role: "admin", disabled: false } });
  }

  async createSession(session: { userId: string; tokenHash: string; expiresAt: Date }): Promise<SessionRecord> {
    const db = await this.#db();
    return db.authSession.create({ data: { id: randomUUID(), ...session, createdAt: new Date() } });
  }

  async findSessionByTokenHash(tokenHash: string): Promise<{ session: SessionRecord; user: UserRecord } | null> {
    const row = await (await this.#db()).authSession.findUnique({ where: { tokenHash }, include: { user: true } });
    if (!row) return null;
    const { user, ...session } = row;
    return { session, user: userFromRow(user) };
  }

  async extendSession(sessionId: string, expiresAt: Date): Promise<void> {
    await (await this.#db()).authSession.updateMany({ where: { id: sessionId }, data: { expiresAt } });
  }

  async deleteSessionByTokenHash(tokenHash: string): Promise<void> {
    await (await this.#db()).authSession.deleteMany({ where: { tokenHash } });
  }

  async deleteUserSessions(userId: string): Promise<number> {
    return (await (await this.#db()).authSession.deleteMany({ where: { userId } })).count;
  }

  async deleteExpiredSessions(now: Date): Promise<number> {
    return (await (await this.#db()).authSession.deleteMany({ where: { expiresAt: { lte: now } } })).count;
  }

  async createApiToken(token: { name: string; role: ApiTokenRecord["role"]; tokenHash: string; createdBy: string | null }): Promise<ApiTokenRecord> {
    const db = await this.#db();
    return tokenFromRow(await db.apiToken.create({ data: { id: randomUUID(), ...token, createdAt: new Date(), lastUsedAt: null, revokedAt: null } }));
  }

  async findApiTokenByHash(tokenHash: string): Promise<ApiTokenRecord | null> {
    const row = await (await this.#db()).apiToken.findUnique({ where: { tokenHash } });
    return row ? tokenFromRow(row) : null;
  }

  async listApiTokens(): Promise<ApiTokenRecord[]> {
    const rows = await (await this.#db()).apiToken.findMany({ orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
    return rows.map(tokenFromRow);
  }

  async revokeApiToken(id: string, at: Date): Promise<ApiTokenRecord | null> {
    const db = await this.#db();
    // Only a token not yet revoked is written, so the first revocation time is the one kept.
    await db.apiToken.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: at } });
    const row = await db.apiToken.findUnique({ where: { id } });
    return row ? tokenFromRow(row) : null;
  }

  async touchApiToken(id: string, at: Date): Promise<void> {
    await (await this.#db()).apiToken.updateMany({ where: { id }, data: { lastUsedAt: at } });
  }

  async countSignInFailure(email: string, at: Date, windowStart: Date): Promise<number> {
    const db = await this.#db();
    await db.signInThrottle.deleteMany({
      where: { email: { not: email }, windowStart: { lt: windowStart }, OR: [{ lockedUntil: null }, { lockedUntil: { lt: at } }] },
    });
    // One statement, so concurrent failures from several processes each count.
    const rows = await db.$queryRaw<{ failures: number | bigint }[]>`
      INSERT INTO "sign_in_throttle" ("email", "failures", "window_start", "locked_until") VALUES (${email}, 1, ${at}, NULL)
      ON CONFLICT ("email") DO UPDATE SET
        "failures" = CASE WHEN "sign_in_throttle"."window_start" < ${windowStart} THEN 1 ELSE "sign_in_throttle"."failures" + 1 END,
        "window_start" = CASE WHEN "sign_in_throttle"."window_start" < ${windowStart} THEN ${at} ELSE "sign_in_throttle"."window_start" END
      RETURNING "failures"`;
    return Number(rows[0]?.failures ?? 1);
  }

  async lockSignIn(email: string, until: Date): Promise<void> {
    await (await this.#db()).signInThrottle.updateMany({ where: { email }, data: { failures: 0, lockedUntil: until } });
  }

  async signInLockedUntil(email: string): Promise<Date | null> {
    return (await (await this.#db()).signInThrottle.findUnique({ where: { email }, select: { lockedUntil: true } }))?.lockedUntil ?? null;
  }

  async clearSignInFailures(email: string): Promise<void> {
    await (await this.#db()).signInThrottle.deleteMany({ where: { email } });
  }

  async appendAudit(entry: NewAuditEntry): Promise<AuditEntry> {
    const db = await this.#db();
    const row = await db.auditEntry.create({
      data: auditRow(entry),
    });
    return auditFromRow(row);
  }

  async listAudit(filter: AuditFilter): Promise<AuditEntry[]> {
    const rows = await (await this.#db()).auditEntry.findMany({
      where: {
        ...(filter.runId !== undefined ? { runId: filter.runId } : {}),
        ...(filter.afterSeq !== undefined ? { seq: { gt: filter.afterSeq } } : {}),
        ...(filter.from !== undefined || filter.to !== undefined
          ? { at: { ...(filter.from !== undefined ? { gte: filter.from } : {}), ...(filter.to !== undefined ? { lt: filter.to } : {}) } }
          : {}),
      },
      orderBy: { seq: "asc" },
      take: filter.limit,
    });
    return rows.map(auditFromRow);
  }
}
