import { createHash, randomBytes } from "node:crypto";

/** A new secret of 256 random bits, base64url, with a readable prefix so a leaked one is easy to recognise. */
export function generateSecret(prefix: string): string {
  return `${prefix}${randomBytes(32).toString("base64url")}`;
}

/**
 * What the database keeps instead of a session or API token: its SHA-256. A 256-bit random secret needs no salt
 * or slow hash, and a stolen table then grants nothing.
 */
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

const passwordAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

/** A password to print once on first start: 24 characters from an alphabet without look-alikes (~140 bits). */
export function generatePassword(length = 24): string {
  // 256 is not a multiple of the alphabet's size: bytes past the last full multiple are dropped to keep it uniform.
  const limit = 256 - (256 % passwordAlphabet.length);
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < limit && out.length < length) out += passwordAlphabet[byte % passwordAlphabet.length];
    }
  }
  return out;
}
