import { hash, verify } from "@node-rs/argon2";
import { WeakPasswordError } from "./errors";

export const MIN_PASSWORD_LENGTH = 8;
/** Argon2 hashes the whole input: a cap keeps a huge "password" from costing the server real time. */
export const MAX_PASSWORD_LENGTH = 256;

/** Throws WeakPasswordError when the password cannot be accepted. */
export function checkPasswordStrength(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new WeakPasswordError(`The password must have at least ${MIN_PASSWORD_LENGTH} characters. Choose a longer one.`);
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    throw new WeakPasswordError(`The password must have at most ${MAX_PASSWORD_LENGTH} characters. Choose a shorter one.`);
  }
}

/** Argon2id with the library's defaults (19 MiB, 2 passes, 1 lane: OWASP's recommended minimum), PHC string out. */
export async function hashPassword(password: string): Promise<string> {
  checkPasswordStrength(password);
  return hash(password);
}

/** False for a wrong password and for a stored hash that cannot be read; never throws for bad input. */
export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  if (password.length > MAX_PASSWORD_LENGTH) return false;
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the time of one verification against a throwaway hash, so that "no such user" answers as slowly as
 * "wrong password" and the sign-in form cannot be used to find out which emails exist.
 */
export async function spendVerificationTime(password: string): Promise<void> {
  dummyHash ??= hash("not-a-real-password-just-for-timing");
  await verifyPassword(await dummyHash, password);
}
