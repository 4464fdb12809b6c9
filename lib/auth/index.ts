export {
  createUser,
  createUserRequestSchema,
  emailSchema,
  normalizeEmail,
  signIn,
  signInRequestSchema,
  summarizeUser,
  updateUser,
  updateUserRequestSchema,
  type CreateUserRequest,
  type SignInRequest,
  type UpdateUserRequest,
  type UserSummary,
} from "./accounts";
export {
  API_TOKEN_PREFIX,
  apiTokenNameSchema,
  createApiTokenRequestSchema,
  issueApiToken,
  readBearerToken,
  revokeApiToken,
  summarizeApiToken,
  verifyApiToken,
  type ApiTokenSummary,
  type CreateApiTokenRequest,
} from "./api-tokens";
export { auditEntryFor, auditEntrySchema, type AuditEntry, type DecidedRequirement, type NewAuditEntry } from "./audit";
export { auditCsvColumns, auditCsvRow, auditExportQuerySchema, auditExportResponse, csvCell, type AuditExportQuery } from "./audit-export";
export { authenticate, authorize, requirePermission, type Authentication, type AuthOptions } from "./authenticate";
export { AdminBootstrapError, DEFAULT_ADMIN_EMAIL, ensureFirstAdmin, type BootstrapResult } from "./bootstrap";
export { clearedSessionCookie, isSecureRequest, readSessionToken, sessionCookie, sessionCookieName } from "./cookies";
export * from "./errors";
export { LoginThrottle, type LoginThrottleOptions } from "./login-throttle";
export { InMemoryAuthStore } from "./memory-auth-store";
export { checkPasswordStrength, hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, verifyPassword } from "./password";
export { actorKey, actorOf, type Actor, type Principal } from "./principal";
export { authActions, can, requiredRole, userRoles, userRoleSchema, type AuthAction, type UserRole } from "./roles";
export { assertSameOrigin } from "./same-origin";
export { assertMayDecide } from "./self-approval";
export { createSession, revokeSession, SESSION_TTL_MS, validateSession, type ValidSession } from "./sessions";
export type { ApiTokenRecord, AuditFilter, AuthStore, NewUser, SessionRecord, UserPatch, UserRecord } from "./store";
