import type { AuditEntry, NewAuditEntry } from "./audit";
import type { UserRole } from "./roles";

export interface UserRecord {
  id: string;
  /** Always stored lower-case and trimmed (see normalizeEmail). */
  email: string;
  role: UserRole;
  passwordHash: string;
  /** A disabled user cannot sign in; their sessions are revoked when disabled. */
  disabled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewUser {
  email: string;
  role: UserRole;
  passwordHash: string;
}

export interface UserPatch {
  role?: UserRole;
  passwordHash?: string;
  disabled?: boolean;
}

export interface SessionRecord {
  id: string;
  userId: string;
  /** SHA-256 of the cookie's secret; the secret itself is never stored. */
  tokenHash: string;
  createdAt: Date;
  expiresAt: Date;
}

export interface ApiTokenRecord {
  id: string;
  name: string;
  role: UserRole;
  /** SHA-256 of the token; the token itself is shown once and never stored. */
  tokenHash: string;
  /** The user id of the admin who created it; null when made with `npm run token:create`. */
  createdBy: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export interface AuditFilter {
  runId?: string;
  /** Entries at or after this instant. */
  from?: Date;
  /** Entries before this instant. */
  to?: Date;
  /** Entries with a larger `seq`: the cursor of the previous page. */
  afterSeq?: number;
  limit: number;
}

/**
 * Users, sessions, API tokens and the audit log. Implemented on Prisma in lib/db (SQLite and PostgreSQL) and in
 * memory for unit tests. Emails are passed in already normalised.
 */
export interface AuthStore {
  /** Throws EmailTakenError when the email exists. */
  createUser(user: NewUser): Promise<UserRecord>;
  findUserById(id: string): Promise<UserRecord | null>;
  findUserByEmail(email: string): Promise<UserRecord | null>;
  /** Oldest first. */
  listUsers(): Promise<UserRecord[]>;
  /** Null when no user has this id. */
  updateUser(id: string, patch: UserPatch): Promise<UserRecord | null>;
  countUsers(): Promise<number>;
  countActiveAdmins(): Promise<number>;

  createSession(session: { userId: string; tokenHash: string; expiresAt: Date }): Promise<SessionRecord>;
  /** The session with its user, or null. Expiry is the caller's to check. */
  findSessionByTokenHash(tokenHash: string): Promise<{ session: SessionRecord; user: UserRecord } | null>;
  extendSession(sessionId: string, expiresAt: Date): Promise<void>;
  deleteSessionByTokenHash(tokenHash: string): Promise<void>;
  /** Signs the user out everywhere; returns how many sessions ended. */
  deleteUserSessions(userId: string): Promise<number>;
  deleteExpiredSessions(now: Date): Promise<number>;

  createApiToken(token: { name: string; role: UserRole; tokenHash: string; createdBy: string | null }): Promise<ApiTokenRecord>;
  findApiTokenByHash(tokenHash: string): Promise<ApiTokenRecord | null>;
  /** Newest first, revoked ones included. */
  listApiTokens(): Promise<ApiTokenRecord[]>;
  /** Null when no token has this id. Revoking twice keeps the first time. */
  revokeApiToken(id: string, at: Date): Promise<ApiTokenRecord | null>;
  touchApiToken(id: string, at: Date): Promise<void>;

  /**
   * Counts one wrong password for the email at `at`, atomically across processes, and returns the count: it restarts
   * at 1 when the email's window began before `windowStart`. Also forgets other emails whose window and lock are over.
   */
  countSignInFailure(email: string, at: Date, windowStart: Date): Promise<number>;
  /** Pauses sign-in for the email until `until`, and restarts its count. */
  lockSignIn(email: string, until: Date): Promise<void>;
  /** Until when sign-in for the email is paused (possibly in the past), or null. */
  signInLockedUntil(email: string): Promise<Date | null>;
  clearSignInFailures(email: string): Promise<void>;

  /** Appends one entry; the store gives it its id and the next `seq`. */
  appendAudit(entry: NewAuditEntry): Promise<AuditEntry>;
  /** Oldest first (by `seq`). */
  listAudit(filter: AuditFilter): Promise<AuditEntry[]>;
}
