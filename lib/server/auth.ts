import "server-only";
import {
  actorKey,
  can,
  ensureFirstAdmin,
  requirePermission,
  type AuthAction,
  type AuthStore,
  type Authentication,
  type Principal,
} from "@/lib/auth";
import type { CurrentUser } from "@/lib/contracts";
import type { AppStore } from "@/lib/db/app-store";
import { appDb } from "@/lib/app/db";
import { appEnv } from "@/lib/config/env";
import { respond } from "./respond";

// One bootstrap per database handle: tests switch databases by reopening the handle.
const bootstrapped = new WeakMap<AppStore, Promise<void>>();

/**
 * The app's AuthStore. Before its first use on a database, the first admin is created when there are no users yet
 * (ADMIN_EMAIL / ADMIN_PASSWORD, or a generated password printed once to the server's console).
 */
export async function authStore(): Promise<AuthStore> {
  const db = appDb();
  let ready = bootstrapped.get(db);
  if (!ready) {
    const { admin } = appEnv();
    ready = ensureFirstAdmin(db.auth(), { ADMIN_EMAIL: admin.email, ADMIN_PASSWORD: admin.password }).then(() => undefined);
    bootstrapped.set(db, ready);
    ready.catch(() => bootstrapped.delete(db));
  }
  await ready;
  return db.auth();
}

/**
 * Runs a route handler for a signed-in person or a program allowed to do `action`: 401 without credentials, 403
 * for the wrong role or a cross-site request, and the handler never runs then. A renewed session cookie is sent
 * back with the answer.
 */
export function authorized(
  request: Request,
  action: AuthAction,
  handler: (principal: Principal, authentication: Authentication) => Promise<Response>,
): Promise<Response> {
  return respond(async () => {
    const authentication = await requirePermission(request, action, { store: await authStore(), trustedOrigins: appEnv().trustedOrigins });
    const response = await handler(authentication.principal, authentication);
    if (authentication.setCookie) response.headers.append("set-cookie", authentication.setCookie);
    return response;
  });
}

/** Who is acting, as runs and decisions record it (`createdBy`, `resolvedBy`). */
export const actingUser = actorKey;

export function currentUser(principal: Principal): CurrentUser {
  return {
    type: principal.type,
    name: principal.type === "user" ? principal.email : principal.name,
    email: principal.type === "user" ? principal.email : null,
    role: principal.role,
    canDecide: can(principal.role, "requirements:resolve"),
    canStart: can(principal.role, "runs:start"),
  };
}
