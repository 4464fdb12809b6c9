import type { z } from "zod";
import { apiErrorBodySchema, type ApiErrorCode, type FieldIssue } from "@/lib/contracts";

/** A request the API refused or could not answer, told in words a person can act on. */
export class ApiRequestError extends Error {
  override readonly name = "ApiRequestError";

  constructor(
    message: string,
    readonly status: number,
    readonly code: ApiErrorCode | "network" | "unexpected_response",
    /** Dotted path of the first bad field on a 400, e.g. "values.amount". */
    readonly field?: string,
    readonly issues: FieldIssue[] = [],
    /** Who holds the item, on a 409 `claimed_by_other`. */
    readonly holder?: string,
  ) {
    super(message);
  }

  /** The run moved on since the page was drawn: someone else decided, or it continued. */
  get isConflict(): boolean {
    return this.status === 409;
  }
}

async function send(url: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(url, { ...init, headers: { accept: "application/json", ...init?.headers } });
  } catch {
    throw new ApiRequestError("The server could not be reached. Check that it is running, then try again.", 0, "network");
  }
}

/** A 401 means the session ended: go to the sign-in page, and come back here afterwards. */
function sendToSignIn(): void {
  if (typeof window === "undefined" || window.location.pathname === "/login") return;
  const back = `${window.location.pathname}${window.location.search}`;
  window.location.assign(`/login?next=${encodeURIComponent(back)}`);
}

async function errorFrom(response: Response): Promise<ApiRequestError> {
  if (response.status === 401) sendToSignIn();
  const body: unknown = await response.json().catch(() => null);
  const parsed = apiErrorBodySchema.safeParse(body);
  if (parsed.success) {
    const { code, message, details } = parsed.data.error;
    const holder = typeof details?.holder === "string" ? details.holder : undefined;
    return new ApiRequestError(message, response.status, code, details?.field, details?.issues ?? [], holder);
  }
  return new ApiRequestError(
    `The server answered ${response.status} ${response.statusText || ""}`.trim() + ". Try again in a moment.",
    response.status,
    "unexpected_response",
  );
}

/** Fetches JSON and checks it against the contract, so a drifting server fails loudly here, not deep in a component. */
export async function request<S extends z.ZodType>(schema: S, url: string, init?: RequestInit): Promise<z.infer<S>> {
  const response = await send(url, init);
  if (!response.ok) throw await errorFrom(response);
  const parsed = schema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) {
    throw new ApiRequestError(
      `The server's answer to ${url} was not in the expected shape (${parsed.error.issues[0]?.path.join(".") || "body"}: ${parsed.error.issues[0]?.message}).`,
      response.status,
      "unexpected_response",
    );
  }
  return parsed.data;
}

export function postJson<S extends z.ZodType>(schema: S, url: string, body: unknown, method: "POST" | "PATCH" = "POST"): Promise<z.infer<S>> {
  return request(schema, url, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
}

/** A query string without the empty parameters. */
export function withQuery(path: string, params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== "") search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : "Something unexpected happened. Reload the page and try again.";
}
