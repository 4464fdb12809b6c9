import { z } from "zod";
import { EmailTakenError, InvalidCredentialsError, LastAdminError, UserNotFoundError } from "./errors";
import { checkPasswordStrength, hashPassword, MAX_PASSWORD_LENGTH, spendVerificationTime, verifyPassword } from "./password";
import { userSummarySchema } from "@/lib/contracts/auth";
import { userRoleSchema } from "./roles";
import { createSession } from "./sessions";
import type { AuthStore, SessionRecord, UserRecord } from "./store";

/** Emails are compared case-insensitively: stored trimmed and lower-case. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export const emailSchema = z
  .string({ error: (issue) => (issue.input === undefined ? "is required" : "must be a text") })
  .trim()
  .toLowerCase()
  .max(254, "must be at most 254 characters")
  .pipe(z.email({ error: "must be an email address" }));

const passwordSchema = z
  .string({ error: (issue) => (issue.input === undefined ? "is required" : "must be a text") })
  .min(1, "is required")
  .max(MAX_PASSWORD_LENGTH, `must be at most ${MAX_PASSWORD_LENGTH} characters`);

/** Body of the sign-in request (`/login` form). */
export const signInRequestSchema = z.object({ email: emailSchema, password: passwordSchema });
export type SignInRequest = z.infer<typeof signInRequestSchema>;

/** Body of an admin's "add user" request. */
export const createUserRequestSchema = z.object({ email: emailSchema, password: passwordSchema, role: userRoleSchema });
export type CreateUserRequest = z.infer<typeof createUserRequestSchema>;

/** Body of an admin's "change user" request: any of role, disabled, a new password. */
export const updateUserRequestSchema = z
  .object({ role: userRoleSchema.optional(), disabled: z.boolean({ error: "must be true or false" }).optional(), password: passwordSchema.optional() })
  .refine((v) => v.role !== undefined || v.disabled !== undefined || v.password !== undefined, {
    error: "name at least one of role, disabled, password",
  });
export type UpdateUserRequest = z.infer<typeof updateUserRequestSchema>;

/** A user as pages and the API show them: never the password hash. */
export type UserSummary = z.infer<typeof userSummarySchema>;

export function summarizeUser(user: UserRecord): UserSummary {
  return { id: user.id, email: user.email, role: user.role, disabled: user.disabled, createdAt: user.createdAt.toISOString() };
}

/**
 * Checks email and password and starts a session. Unknown email, wrong password and disabled user all answer the
 * same InvalidCredentialsError after the same work, so the form does not reveal who has an account.
 */
export async function signIn(
  store: AuthStore,
  credentials: SignInRequest,
  now: Date = new Date(),
): Promise<{ token: string; session: SessionRecord; user: UserRecord }> {
  const user = await store.findUserByEmail(normalizeEmail(credentials.email));
  if (!user) {
    await spendVerificationTime(credentials.password);
    throw new InvalidCredentialsError();
  }
  const ok = await verifyPassword(user.passwordHash, credentials.password);
  if (!ok || user.disabled) throw new InvalidCredentialsError();
  const { token, session } = await createSession(store, user.id, now);
  return { token, session, user };
}

export async function createUser(store: AuthStore, request: CreateUserRequest): Promise<UserRecord> {
  const email = normalizeEmail(request.email);
  if (await store.findUserByEmail(email)) throw new EmailTakenError(email);
  return store.createUser({ email, role: request.role, passwordHash: await hashPassword(request.password) });
}

/**
 * Applies an admin's change to a user. Refuses to leave no active admin. Disabling a user or changing their
 * password signs them out everywhere, so a stolen session dies with the old password.
 */
export async function updateUser(store: AuthStore, userId: string, request: UpdateUserRequest): Promise<UserRecord> {
  const user = await store.findUserById(userId);
  if (!user) throw new UserNotFoundError(userId);
  const losesAdmin = user.role === "admin" && !user.disabled && ((request.role !== undefined && request.role !== "admin") || request.disabled === true);
  if (losesAdmin && (await store.countActiveAdmins()) <= 1) throw new LastAdminError();
  if (request.password !== undefined) checkPasswordStrength(request.password);
  const updated = await store.updateUser(userId, {
    ...(request.role !== undefined ? { role: request.role } : {}),
    ...(request.disabled !== undefined ? { disabled: request.disabled } : {}),
    ...(request.password !== undefined ? { passwordHash: await hashPassword(request.password) } : {}),
  });
  if (!updated) throw new UserNotFoundError(userId);
  if (request.disabled === true || request.password !== undefined) await store.deleteUserSessions(userId);
  return updated;
}
