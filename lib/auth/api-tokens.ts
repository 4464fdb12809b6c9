import { z } from "zod";
import { apiTokenSummarySchema } from "@/lib/contracts/auth";
import { ApiTokenNotFoundError } from "./errors";
import { userRoleSchema, type UserRole } from "./roles";
import { generateSecret, hashSecret } from "./secrets";
import type { ApiTokenRecord, AuthStore } from "./store";

export const API_TOKEN_PREFIX = "hitl_";
/** lastUsedAt is only written when older than this, so a busy program does not turn every read into a write. */
export const TOKEN_TOUCH_INTERVAL_MS = 60_000;

const apiTokenPattern = /^hitl_[A-Za-z0-9_-]{43}$/;

export const apiTokenNameSchema = z
  .string({ error: (issue) => (issue.input === undefined ? "is required" : "must be a text") })
  .trim()
  .min(1, "is required")
  .max(100, "must be at most 100 characters");

/** Body of an admin's "create API token" request. */
export const createApiTokenRequestSchema = z.object({ name: apiTokenNameSchema, role: userRoleSchema });
export type CreateApiTokenRequest = z.infer<typeof createApiTokenRequestSchema>;

/** An API token as admins see it: never its secret or hash. */
export type ApiTokenSummary = z.infer<typeof apiTokenSummarySchema>;

export function summarizeApiToken(token: ApiTokenRecord): ApiTokenSummary {
  return {
    id: token.id,
    name: token.name,
    role: token.role,
    createdBy: token.createdBy,
    createdAt: token.createdAt.toISOString(),
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
    revokedAt: token.revokedAt?.toISOString() ?? null,
  };
}

/** Creates a token. The returned `token` is the only copy: show it once, the database keeps only its hash. */
export async function issueApiToken(
  store: AuthStore,
  options: { name: string; role: UserRole; createdBy: string | null },
): Promise<{ token: string; record: ApiTokenRecord }> {
  const name = apiTokenNameSchema.parse(options.name);
  const token = generateSecret(API_TOKEN_PREFIX);
  const record = await store.createApiToken({ name, role: options.role, tokenHash: hashSecret(token), createdBy: options.createdBy });
  return { token, record };
}

/** The token's record, or null when it is malformed, unknown or revoked. Records when it was last used. */
export async function verifyApiToken(store: AuthStore, token: string, now: Date = new Date()): Promise<ApiTokenRecord | null> {
  if (!apiTokenPattern.test(token)) return null;
  const record = await store.findApiTokenByHash(hashSecret(token));
  if (!record || record.revokedAt) return null;
  if (!record.lastUsedAt || now.getTime() - record.lastUsedAt.getTime() >= TOKEN_TOUCH_INTERVAL_MS) {
    await store.touchApiToken(record.id, now);
    return { ...record, lastUsedAt: now };
  }
  return record;
}

/**
 * The credentials of an `Authorization` header: absent (null), a bearer token, or something else, which is refused
 * rather than ignored so a program with a typo gets a clear 401.
 */
export function readBearerToken(request: Request): { token: string } | { malformed: true } | null {
  const header = request.headers.get("authorization");
  if (header === null) return null;
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  return match?.[1] ? { token: match[1] } : { malformed: true };
}

/** Revokes a token at once: its next request gets 401. Throws ApiTokenNotFoundError for an unknown id. */
export async function revokeApiToken(store: AuthStore, tokenId: string, now: Date = new Date()): Promise<ApiTokenRecord> {
  const record = await store.revokeApiToken(tokenId, now);
  if (!record) throw new ApiTokenNotFoundError(tokenId);
  return record;
}
