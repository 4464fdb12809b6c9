import { generateSecret, hashSecret } from "./secrets";
import type { AuthStore, SessionRecord, UserRecord } from "./store";

export const SESSION_PREFIX = "hs_";
/** A session lives two weeks from its last renewal... */
export const SESSION_TTL_MS = 14 * 24 * 60 * 60 * 1000;
/** ...and is renewed when less than one week is left, so an active person stays signed in with one write a week. */
export const SESSION_RENEW_BELOW_MS = 7 * 24 * 60 * 60 * 1000;

const sessionTokenPattern = /^hs_[A-Za-z0-9_-]{43}$/;

export interface ValidSession {
  session: SessionRecord;
  user: UserRecord;
  /** True when the expiry moved: the caller must send the cookie again with the new expiry. */
  renewed: boolean;
}

/** Starts a session; the returned token goes into the cookie and nowhere else. */
export async function createSession(store: AuthStore, userId: string, now: Date = new Date()): Promise<{ token: string; session: SessionRecord }> {
  const token = generateSecret(SESSION_PREFIX);
  const session = await store.createSession({ userId, tokenHash: hashSecret(token), expiresAt: new Date(now.getTime() + SESSION_TTL_MS) });
  return { token, session };
}

/** The session and its user, or null when the token is unknown, expired, or its user is disabled. */
export async function validateSession(store: AuthStore, token: string, now: Date = new Date()): Promise<ValidSession | null> {
  if (!sessionTokenPattern.test(token)) return null;
  const tokenHash = hashSecret(token);
  const found = await store.findSessionByTokenHash(tokenHash);
  if (!found) return null;
  if (found.session.expiresAt.getTime() <= now.getTime()) {
    await store.deleteSessionByTokenHash(tokenHash);
    return null;
  }
  if (found.user.disabled) return null;
  if (found.session.expiresAt.getTime() - now.getTime() >= SESSION_RENEW_BELOW_MS) return { ...found, renewed: false };
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await store.extendSession(found.session.id, expiresAt);
  return { session: { ...found.session, expiresAt }, user: found.user, renewed: true };
}

/** Ends the session of this token (sign-out). Unknown tokens are ignored. */
export async function revokeSession(store: AuthStore, token: string): Promise<void> {
  if (sessionTokenPattern.test(token)) await store.deleteSessionByTokenHash(hashSecret(token));
}
