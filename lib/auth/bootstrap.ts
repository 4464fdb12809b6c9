import { createUser, emailSchema } from "./accounts";
import { EmailTakenError, WeakPasswordError } from "./errors";
import { checkPasswordStrength } from "./password";
import { generatePassword } from "./secrets";
import type { AuthStore } from "./store";

export const DEFAULT_ADMIN_EMAIL = "admin@example.com";

export type BootstrapResult =
  | { created: false }
  | { created: true; email: string; generatedPassword: string | null };

/** ADMIN_EMAIL or ADMIN_PASSWORD cannot be used; says which and how to fix it. */
export class AdminBootstrapError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * On first start with no users at all, creates the admin from ADMIN_EMAIL / ADMIN_PASSWORD. Without a password it
 * generates one and prints it once through `log`: it is stored only as a hash, so that line is the only copy.
 * Does nothing once any user exists. Two processes starting together create one admin: the loser sees the email
 * taken and steps back.
 */
export async function ensureFirstAdmin(
  store: AuthStore,
  env: Readonly<{ ADMIN_EMAIL?: string | undefined; ADMIN_PASSWORD?: string | undefined }>,
  log: (line: string) => void = console.log,
): Promise<BootstrapResult> {
  if ((await store.countUsers()) > 0) return { created: false };
  const parsedEmail = emailSchema.safeParse(env.ADMIN_EMAIL?.trim() || DEFAULT_ADMIN_EMAIL);
  if (!parsedEmail.success) throw new AdminBootstrapError(`ADMIN_EMAIL "${env.ADMIN_EMAIL}" is not an email address. Fix it or unset it.`);
  const email = parsedEmail.data;
  const given = env.ADMIN_PASSWORD;
  const password = given !== undefined && given !== "" ? given : generatePassword();
  try {
    checkPasswordStrength(password);
  } catch (error) {
    if (!(error instanceof WeakPasswordError)) throw error;
    throw new AdminBootstrapError(`ADMIN_PASSWORD cannot be used: ${error.message} Or unset it to get a generated one.`);
  }
  try {
    await createUser(store, { email, password, role: "admin" });
  } catch (error) {
    if (error instanceof EmailTakenError) return { created: false };
    throw error;
  }
  const generated = password === given ? null : password;
  if (generated !== null) {
    log(`Created the first admin ${email} with the generated password: ${generated}`);
    log("It is shown only this once. Sign in at /login and keep it somewhere safe, or set ADMIN_EMAIL and ADMIN_PASSWORD before the first start.");
  } else {
    log(`Created the first admin ${email} from ADMIN_EMAIL / ADMIN_PASSWORD.`);
  }
  return { created: true, email, generatedPassword: generated };
}
