import "server-only";
import { z } from "zod";
import type { ApiErrorBody, FieldIssue } from "@/lib/contracts";
import {
  DefinitionError,
  InvalidUserInputError,
  RequirementStateError,
  RunConflictError,
  RunNotFoundError,
  RunStateError,
  UnresolvedRequirementError,
} from "@/lib/engine";
import { AuthError, WeakPasswordError } from "@/lib/auth/errors";
import { CorruptRowError, InvalidCursorError } from "@/lib/db/errors";
import { ApiError, ConflictError, InvalidInputError, NotFoundError } from "./api-error";

/** Zod issues as `{ field, message }`, the field as a dotted path ("values.amount"), "body" for the whole value. */
export function fieldIssues(error: z.ZodError, prefix?: string): FieldIssue[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join(".");
    const field = [prefix, path].filter((p) => p).join(".") || prefix || "body";
    return { field, message: issue.message };
  });
}

/** A 400 naming the first bad field, with every issue in details. */
export function invalidInputFromZod(error: z.ZodError, prefix?: string): InvalidInputError {
  const issues = fieldIssues(error, prefix);
  const first = issues[0] ?? { field: prefix ?? "body", message: "is invalid" };
  return new InvalidInputError(first.field, `Invalid ${first.field}: ${first.message}.`, issues);
}

const authCodes = {
  400: "invalid_input",
  401: "unauthenticated",
  403: "forbidden",
  404: "not_found",
  409: "conflict",
  429: "too_many_requests",
} as const;

function fromAuthError(error: AuthError): ApiError {
  return error.status === 400 ? new InvalidInputError(error instanceof WeakPasswordError ? "password" : "body", error.message) : new ApiError(authCodes[error.status], error.message);
}

/**
 * Engine, database and auth errors mapped by class onto the API's; anything else is a 500. A bare ZodError is a
 * 500 too: requests are parsed by lib/server/request.ts, which throws InvalidInputError, so a ZodError reaching
 * here came from data the server itself holds (a row, a stored run) and is not the caller's fault.
 */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof InvalidUserInputError) return new InvalidInputError(error.field, error.message);
  if (error instanceof InvalidCursorError) return new InvalidInputError(error.field, error.message);
  if (error instanceof AuthError) return fromAuthError(error);
  if (error instanceof RunNotFoundError) return new NotFoundError(error.message);
  if (
    error instanceof RunConflictError ||
    error instanceof RunStateError ||
    error instanceof RequirementStateError ||
    error instanceof UnresolvedRequirementError
  ) {
    return new ConflictError(error.message);
  }
  if (error instanceof CorruptRowError) {
    return new ApiError("internal", "A stored record could not be read: the server log names the row to restore or correct.");
  }
  if (error instanceof DefinitionError) {
    return new ApiError("internal", `The workflow is misconfigured on the server: ${error.message}`);
  }
  return new ApiError("internal", "The server failed while handling this request. Try again; if it keeps failing, check the server log.");
}

export function errorResponse(error: unknown): Response {
  const apiError = toApiError(error);
  // A corrupt row is logged as the one line that names it; anything else with its stack.
  if (apiError.status >= 500) console.error(error instanceof CorruptRowError ? `${error.name}: ${error.message}` : error);
  const body: ApiErrorBody = { error: { code: apiError.code, message: apiError.message } };
  if (apiError.field !== undefined || apiError.issues !== undefined || apiError.details !== undefined) {
    body.error.details = {
      ...apiError.details,
      ...(apiError.field !== undefined ? { field: apiError.field } : {}),
      ...(apiError.issues !== undefined ? { issues: apiError.issues } : {}),
    };
  }
  return Response.json(body, { status: apiError.status });
}
