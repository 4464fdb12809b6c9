import "server-only";
import { InvalidInputError } from "./api-error";

/** The longest `Prefer: wait` honoured, in seconds. */
export const MAX_WAIT_SECONDS = 60;

/**
 * The seconds asked for by `Prefer: wait=N` (RFC 7240), or null when the header asks for no wait. Other
 * preferences in the header are ignored; a malformed or out-of-range wait is a 400 naming `Prefer`.
 */
export function preferredWait(headers: Headers): number | null {
  const header = headers.get("prefer");
  if (header === null) return null;
  let wait: number | null = null;
  for (const part of header.split(",")) {
    const [name, ...rest] = part.split(";")[0]!.split("=");
    if (name?.trim().toLowerCase() !== "wait") continue;
    const value = rest.join("=").trim().replace(/^"(.*)"$/, "$1");
    if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > MAX_WAIT_SECONDS) {
      throw new InvalidInputError("Prefer", `wait must be a whole number of seconds from 1 to ${MAX_WAIT_SECONDS}, as in "Prefer: wait=10"; got "${value}".`);
    }
    wait = Number(value);
  }
  return wait;
}

/** The header that tells the client its wait was honoured. */
export function preferenceApplied(wait: number | null): HeadersInit {
  return wait === null ? {} : { "Preference-Applied": `wait=${wait}` };
}
