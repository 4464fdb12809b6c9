import { z } from "zod";

/** Roles in increasing power: each role may do everything the ones before it may. */
export const userRoles = ["viewer", "approver", "admin"] as const;
export const userRoleSchema = z.enum(userRoles, { error: 'must be one of "viewer", "approver", "admin"' });
export type UserRole = z.infer<typeof userRoleSchema>;

/** Who the browser is signed in as (GET /api/auth/me, and the answer to signing in). */
export const currentUserSchema = z.object({
  type: z.enum(["user", "token"]),
  /** The email for a person, the token's name for a program. */
  name: z.string(),
  email: z.string().nullable(),
  role: userRoleSchema,
  /** Whether this role may approve, reject and fill in requirements. */
  canDecide: z.boolean(),
  /** Whether this role may start runs. */
  canStart: z.boolean(),
});
export type CurrentUser = z.infer<typeof currentUserSchema>;

export const currentUserResponseSchema = z.object({ user: currentUserSchema });
export type CurrentUserResponse = z.infer<typeof currentUserResponseSchema>;

/** POST /api/auth/login. */
export const signInBodySchema = z.object({ email: z.string(), password: z.string() });
export type SignInBody = z.infer<typeof signInBodySchema>;

/** The `{id}` of /api/users/{id} and /api/tokens/{id}. */
export const idParamsSchema = z.object({ id: z.string().min(1, "is required").max(200, "is too long") });

/** A user as admins see them: never the password hash. */
export const userSummarySchema = z.object({
  id: z.string(),
  email: z.string(),
  role: userRoleSchema,
  disabled: z.boolean(),
  createdAt: z.string(),
});

/** An API token as admins see it: never its secret or hash. */
export const apiTokenSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  role: userRoleSchema,
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

export const usersResponseSchema = z.object({ users: z.array(userSummarySchema) });
export const userResponseSchema = z.object({ user: userSummarySchema });
export const apiTokensResponseSchema = z.object({ tokens: z.array(apiTokenSummarySchema) });
export const apiTokenResponseSchema = z.object({ apiToken: apiTokenSummarySchema });
/** POST /api/tokens: `token` is the secret, shown this once only. */
export const createdApiTokenResponseSchema = z.object({ token: z.string(), apiToken: apiTokenSummarySchema });
