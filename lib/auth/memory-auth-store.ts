import { randomUUID } from "node:crypto";
import type { AuditEntry, NewAuditEntry } from "./audit";
import { EmailTakenError } from "./errors";
import type { ApiTokenRecord, AuditFilter, AuthStore, NewUser, SessionRecord, UserPatch, UserRecord } from "./store";

/**
 * AuthStore kept in process memory: for unit tests and the engine used as a plain library. Records are copied on
 * the way in and out, as a database would, so callers cannot change stored state by mutating what they got.
 */
export class InMemoryAuthStore implements AuthStore {
  readonly #users = new Map<string, UserRecord>();
  readonly #sessions = new Map<string, SessionRecord>();
  readonly #tokens = new Map<string, ApiTokenRecord>();
  readonly #audit: AuditEntry[] = [];
  readonly #signIns = new Map<string, { failures: number; windowStart: Date; lockedUntil: Date | null }>();

  async createUser(user: NewUser): Promise<UserRecord> {
    if ([...this.#users.values()].some((u) => u.email === user.email)) throw new EmailTakenError(user.email);
    const now = new Date();
    const record: UserRecord = { id: randomUUID(), ...user, disabled: false, createdAt: now, updatedAt: now };
    this.#users.set(record.id, record);
    return { ...record };
  }

  async findUserById(id: string): Promise<UserRecord | null> {
    const user = this.#users.get(id);
    return user ? { ...user } : null;
  }

  async findUserByEmail(email: string): Promise<UserRecord | null> {
    const user = [...this.#users.values()].find((u) => u.email === email);
    return user ? { ...user } : null;
  }

  async listUsers(): Promise<UserRecord[]> {
    return [...this.#users.values()].map((u) => ({ ...u }));
  }

  async updateUser(id: string, patch: UserPatch): Promise<UserRecord | null> {
    const user = this.#users.get(id);
    if (!user) return null;
    const updated: UserRecord = { ...user, ...patch, updatedAt: new Date() };
    this.#users.set(id, updated);
    return { ...updated };
  }

  async countUsers(): Promise<number> {
    return this.#users.size;
  }

  async countActiveAdmins(): Promise<number> {
    return [...this.#users.values()].filter((u) => u.role === "admin" && !u.disabled).length;
  }

  async createSession(session: { userId: string; tokenHash: string; expiresAt: Date }): Promise<SessionRecord> {
    const record: SessionRecord = { id: randomUUID(), ...session, createdAt: new Date() };
    this.#sessions.set(record.id, record);
    return { ...record };
  }

  async findSessionByTokenHash(tokenHash: string): Promise<{ session: SessionRecord; user: UserRecord } | null> {
    const session = [...this.#sessions.values()].find((s) => s.tokenHash === tokenHash);
    const user = session && this.#users.get(session.userId);
    return session && user ? { session: { ...session }, user: { ...user } } : null;
  }

  async extendSession(sessionId: string, expiresAt: Date): Promise<void> {
    const session = this.#sessions.get(sessionId);
    if (session) this.#sessions.set(sessionId, { ...session, expiresAt });
  }

  async deleteSessionByTokenHash(tokenHash: string): Promise<void> {
    for (const [id, s] of this.#sessions) if (s.tokenHash === tokenHash) this.#sessions.delete(id);
  }

  async deleteUserSessions(userId: string): Promise<number> {
    let count = 0;
    for (const [id, s] of this.#sessions) {
      if (s.userId === userId) {
        this.#sessions.delete(id);
        count++;
      }
    }
    return count;
  }

  async deleteExpiredSessions(now: Date): Promise<number> {
    let count = 0;
    for (const [id, s] of this.#sessions) {
      if (s.expiresAt <= now) {
        this.#sessions.delete(id);
        count++;
      }
    }
    return count;
  }

  async createApiToken(token: { name: string; role: ApiTokenRecord["role"]; tokenHash: string; createdBy: string | null }): Promise<ApiTokenRecord> {
    const record: ApiTokenRecord = { id: randomUUID(), ...token, createdAt: new Date(), lastUsedAt: null, revokedAt: null };
    this.#tokens.set(record.id, record);
    return { ...record };
  }

  async findApiTokenByHash(tokenHash: string): Promise<ApiTokenRecord | null> {
    const token = [...this.#tokens.values()].find((t) => t.tokenHash === tokenHash);
    return token ? { ...token } : null;
  }

  async listApiTokens(): Promise<ApiTokenRecord[]> {
    return [...this.#tokens.values()].reverse().map((t) => ({ ...t }));
  }

  async revokeApiToken(id: string, at: Date): Promise<ApiTokenRecord | null> {
    const token = this.#tokens.get(id);
    if (!token) return null;
    const revoked = { ...token, revokedAt: token.revokedAt ?? at };
    this.#tokens.set(id, revoked);
    return { ...revoked };
  }

  async touchApiToken(id: string, at: Date): Promise<void> {
    const token = this.#tokens.get(id);
    if (token) this.#tokens.set(id, { ...token, lastUsedAt: at });
  }

  async countSignInFailure(email: string, at: Date, windowStart: Date): Promise<number> {
    for (const [other, row] of this.#signIns) {
      if (other !== email && row.windowStart < windowStart && (row.lockedUntil === null || row.lockedUntil < at)) this.#signIns.delete(other);
    }
    const row = this.#signIns.get(email);
    if (!row) {
      this.#signIns.set(email, { failures: 1, windowStart: at, lockedUntil: null });
      return 1;
    }
    if (row.windowStart < windowStart) Object.assign(row, { failures: 1, windowStart: at });
    else row.failures++;
    return row.failures;
  }

  async lockSignIn(email: string, until: Date): Promise<void> {
    const row = this.#signIns.get(email);
    if (row) Object.assign(row, { failures: 0, lockedUntil: until });
  }

  async signInLockedUntil(email: string): Promise<Date | null> {
    return this.#signIns.get(email)?.lockedUntil ?? null;
  }

  async clearSignInFailures(email: string): Promise<void> {
    this.#signIns.delete(email);
  }

  async appendAudit(entry: NewAuditEntry): Promise<AuditEntry> {
    const record: AuditEntry = structuredClone({ id: randomUUID(), seq: this.#audit.length + 1, ...entry });
    this.#audit.push(record);
    return structuredClone(record);
  }

  async listAudit(filter: AuditFilter): Promise<AuditEntry[]> {
    return this.#audit
      .filter(
        (e) =>
          (filter.runId === undefined || e.runId === filter.runId) &&
          (filter.from === undefined || Date.parse(e.at) >= filter.from.getTime()) &&
          (filter.to === undefined || Date.parse(e.at) < filter.to.getTime()) &&
          (filter.afterSeq === undefined || e.seq > filter.afterSeq),
      )
      .slice(0, filter.limit)
      .map((e) => structuredClone(e));
  }
}
