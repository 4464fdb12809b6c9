import "server-only";
import { createUser, createUserRequestSchema, summarizeUser, updateUser, updateUserRequestSchema, type UserSummary } from "@/lib/auth";
import { idParamsSchema } from "@/lib/contracts";
import { authStore } from "./auth";
import { parseJsonBody, parseParams } from "./request";

/** Every user, oldest first. */
export async function listUsers(): Promise<UserSummary[]> {
  return (await (await authStore()).listUsers()).map(summarizeUser);
}

/** Adds the user the request's body describes (email, first password, role). */
export async function addUser(request: Request): Promise<UserSummary> {
  const body = await parseJsonBody(request, createUserRequestSchema);
  return summarizeUser(await createUser(await authStore(), body));
}

/** Changes the user the URL names as the body says: role, disabled, or a new password (which signs them out). */
export async function changeUser(request: Request, params: Promise<unknown>): Promise<UserSummary> {
  const { id } = await parseParams(params, idParamsSchema);
  const body = await parseJsonBody(request, updateUserRequestSchema);
  return summarizeUser(await updateUser(await authStore(), id, body));
}
