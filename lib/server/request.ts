import "server-only";
import type { z } from "zod";
import { MAX_BODY_BYTES, MAX_JSON_DEPTH } from "@/lib/contracts";
import { ApiError, InvalidInputError } from "./api-error";
import { invalidInputFromZod } from "./error-response";

/**
 * The top-level field (or "body") under which the value nests deeper than MAX_JSON_DEPTH; null when it does not.
 * Checked before validation, iteratively: the contracts validate recursively, so a few thousand levels overflow the stack.
 */
function overlyNestedField(value: unknown): string | null {
  const pending: { value: unknown; depth: number; field: string }[] = [{ value, depth: 0, field: "body" }];
  for (let item = pending.pop(); item; item = pending.pop()) {
    if (typeof item.value !== "object" || item.value === null) continue;
    if (item.depth >= MAX_JSON_DEPTH) return item.field;
    const topLevelObject = item.depth === 0 && !Array.isArray(item.value);
    for (const [key, child] of Object.entries(item.value)) {
      pending.push({ value: child, depth: item.depth + 1, field: topLevelObject ? key : item.field });
    }
  }
  return null;
}

/** Reads at most MAX_BODY_BYTES: a lying or missing Content-Length cannot make the server buffer more. */
async function readLimitedText(request: Request): Promise<string> {
  const tooLarge = () =>
    new ApiError("payload_too_large", `The request body is larger than ${MAX_BODY_BYTES / 1024} KiB. Send less data.`);
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

/** Parses a JSON body with its contract: 413 when too big, 400 for malformed JSON or a bad field. */
export async function parseJsonBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  const contentType = request.headers.get("content-type");
  if (contentType && !/^application\/([\w.+-]+\+)?json\b/i.test(contentType)) {
    throw new ApiError("unsupported_media_type", `Send the body as JSON (Content-Type: application/json), not ${contentType}.`);
  }
  const text = await readLimitedText(request);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ApiError("invalid_json", "The request body is not valid JSON. Send a JSON object.");
  }
  const tooDeep = overlyNestedField(value);
  if (tooDeep !== null) {
    throw new InvalidInputError(tooDeep, `Invalid ${tooDeep}: is nested more than ${MAX_JSON_DEPTH} levels deep. Send flatter JSON.`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalidInputFromZod(parsed.error);
  return parsed.data;
}

/** Parses the query string; empty parameters (`?status=`) count as absent, as forms send them. */
export function parseQuery<S extends z.ZodType>(request: Request, schema: S): z.infer<S> {
  const params: Record<string, string> = {};
  for (const [key, value] of new URL(request.url).searchParams) {
    if (value !== "") params[key] = value;
  }
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw invalidInputFromZod(parsed.error);
  return parsed.data;
}

/** Parses the dynamic segments of the URL. */
export async function parseParams<S extends z.ZodType>(params: Promise<unknown>, schema: S): Promise<z.infer<S>> {
  const parsed = schema.safeParse(await params);
  if (!parsed.success) throw invalidInputFromZod(parsed.error);
  return parsed.data;
}
