import "server-only";
import type { ApiErrorCode, FieldIssue } from "@/lib/contracts";

const statusByCode: Record<ApiErrorCode, number> = {
  invalid_input: 400,
  invalid_json: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  claimed_by_other: 409,
  payload_too_large: 413,
  too_many_requests: 429,
  unsupported_media_type: 415,
  internal: 500,
};

/** An error the API answers on purpose. The message is shown to the person, so it says what to do. */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly status: number;
  readonly field: string | undefined;
  readonly issues: FieldIssue[] | undefined;
  /** More about the problem for programs, e.g. who holds a claim. */
  readonly details: Record<string, string> | undefined;

  constructor(code: ApiErrorCode, message: string, options: { field?: string; issues?: FieldIssue[]; details?: Record<string, string> } = {}) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.status = statusByCode[code];
    this.field = options.field;
    this.issues = options.issues;
    this.details = options.details;
  }
}

/** 400 that names the field at fault. */
export class InvalidInputError extends ApiError {
  constructor(field: string, message: string, issues?: FieldIssue[]) {
    super("invalid_input", message, { field, ...(issues ? { issues } : {}) });
  }
}

export class NotFoundError extends ApiError {
  constructor(message: string) {
    super("not_found", message);
  }
}

/** 409: the state changed since the person looked (already resolved, continued elsewhere, no longer paused). */
export class ConflictError extends ApiError {
  constructor(message: string) {
    super("conflict", message);
  }
}

/** 409: someone else holds a live claim on the item; deciding needs `override: true`. */
export class ClaimedByOtherError extends ApiError {
  constructor(holder: string, expiresAt: Date) {
    super(
      "claimed_by_other",
      `${holder} is on this item until ${expiresAt.toISOString()}. Leave it to them, or decide anyway with "override": true (recorded in the audit log as an override).`,
      { details: { holder, expiresAt: expiresAt.toISOString() } },
    );
  }
}
