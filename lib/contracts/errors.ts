import { z } from "zod";

/**
 * Stable error codes of the HTTP API. The status follows from the code:
 * invalid_input/invalid_json 400, unauthenticated 401, forbidden 403, not_found 404, conflict and claimed_by_other 409, payload_too_large 413, too_many_requests 429,
 * unsupported_media_type 415, internal 500.
 */
export const apiErrorCodes = [
  "invalid_input",
  "invalid_json",
  "unauthenticated",
  "forbidden",
  "not_found",
  "conflict",
  /** Someone else holds a live claim on the item: `details` name the holder; decide with `override: true`. */
  "claimed_by_other",
  "payload_too_large",
  "too_many_requests",
  "unsupported_media_type",
  "internal",
] as const;
export const apiErrorCodeSchema = z.enum(apiErrorCodes);
export type ApiErrorCode = z.infer<typeof apiErrorCodeSchema>;

/** One problem with the input: `field` is a dotted path such as "values.amount" or "version". */
export const fieldIssueSchema = z.object({ field: z.string(), message: z.string() });
export type FieldIssue = z.infer<typeof fieldIssueSchema>;

/** Every error answer: `{ error: { code, message, details? } }`. For 400, `details.field` names the first bad field. */
export const apiErrorBodySchema = z.object({
  error: z.object({
    code: apiErrorCodeSchema,
    message: z.string(),
    details: z
      .looseObject({
        field: z.string().optional(),
        issues: z.array(fieldIssueSchema).optional(),
      })
      .optional(),
  }),
});
export type ApiErrorBody = z.infer<typeof apiErrorBodySchema>;

/** Largest request body the API accepts, in bytes. Bigger bodies get 413. */
export const MAX_BODY_BYTES = 64 * 1024;

/** Deepest nesting of arrays and objects a request body may have (the body itself is level 1). Deeper: 400. */
export const MAX_JSON_DEPTH = 100;
