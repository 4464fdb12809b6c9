import type { AuthAction, UserRole } from "./roles";

/**
 * Base class of every error of sign-in and permissions. `status` is the HTTP status the server answers with,
 * `code` is stable and machine-readable; the message is shown to the person, so it says what to do.
 */
export class AuthError extends Error {
  readonly code: string;
  readonly status: 400 | 401 | 403 | 404 | 409 | 429;
  constructor(code: string, status: 400 | 401 | 403 | 404 | 409 | 429, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.status = status;
  }
}

/** 401: no session cookie or API token, or one that expired or was revoked. */
export class UnauthenticatedError extends AuthError {
  constructor(message = "Sign in first, or send an API token as `Authorization: Bearer <token>`.") {
    super("unauthenticated", 401, message);
  }
}

/** 401 from the sign-in form. Deliberately does not say whether the email exists. */
export class InvalidCredentialsError extends AuthError {
  constructor() {
    super("invalid_credentials", 401, "The email or password is wrong. Check both and try again.");
  }
}

/** 403: signed in, but the role does not allow this. */
export class ForbiddenError extends AuthError {
  readonly action: AuthAction;
  readonly role: UserRole;
  constructor(action: AuthAction, role: UserRole, required: UserRole) {
    super(
      "forbidden",
      403,
      `Your role "${role}" may not do this (${action}); it needs the "${required}" role. Ask an admin to change your role.`,
    );
    this.action = action;
    this.role = role;
  }
}

/** 403: a state-changing request that did not come from this app's own pages. */
export class CrossSiteRequestError extends AuthError {
  constructor(detail: string) {
    super(
      "cross_site_request",
      403,
      `This request was refused because it did not come from this app's own pages (${detail}). Send it from the app, or use an API token.`,
    );
  }
}

/** 403: the workflow forbids the person who started a run from approving its requirements. */
export class SelfApprovalError extends AuthError {
  constructor(workflowName: string) {
    super(
      "self_approval",
      403,
      `Workflow "${workflowName}" requires that someone other than the person who started the run decides. Ask another approver.`,
    );
  }
}

/** 400: a password that is too short or too long. */
export class WeakPasswordError extends AuthError {
  constructor(message: string) {
    super("weak_password", 400, message);
  }
}

/** 409: a user with this email already exists. */
export class EmailTakenError extends AuthError {
  constructor(email: string) {
    super("email_taken", 409, `A user with the email ${email} already exists. Sign in, or pick another email.`);
  }
}

/** 409: a change to roles or accounts that would leave nobody able to manage users (it conflicts with the accounts as they stand). */
export class LastAdminError extends AuthError {
  constructor() {
    super("last_admin", 409, "This would leave no active admin. Make another user admin first.");
  }
}

/** 404: no user has this id. */
export class UserNotFoundError extends AuthError {
  constructor(userId: string) {
    super("user_not_found", 404, `No user has the id ${userId}. Reload the list of users.`);
  }
}

/** 404: no API token has this id. */
export class ApiTokenNotFoundError extends AuthError {
  constructor(tokenId: string) {
    super("token_not_found", 404, `No API token has the id ${tokenId}. Reload the list of tokens.`);
  }
}

/** 429: too many wrong passwords for one email lately; sign-in for it is paused for a while. */
export class TooManySignInsError extends AuthError {
  readonly retryAfterMinutes: number;
  constructor(retryAfterMinutes: number) {
    super(
      "too_many_sign_ins",
      429,
      `Too many wrong passwords for this email. Try again in ${retryAfterMinutes} minute${retryAfterMinutes === 1 ? "" : "s"}, or ask an admin to set a new password.`,
    );
    this.retryAfterMinutes = retryAfterMinutes;
  }
}
