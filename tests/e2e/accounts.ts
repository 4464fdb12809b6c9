import path from "node:path";

/** The admin the e2e server creates on its first start (ADMIN_EMAIL / ADMIN_PASSWORD). */
export const e2eAdmin = { email: "admin@example.com", password: "e2e-admin-password" };

/** The admin's signed-in browser state, written by sign-in.setup.ts for every other journey. */
export function adminStatePath(databaseFile: string): string {
  return path.join(path.dirname(databaseFile), "admin-state.json");
}
