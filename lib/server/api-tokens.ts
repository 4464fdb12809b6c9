import "server-only";
import { createApiTokenRequestSchema, issueApiToken, revokeApiToken, summarizeApiToken, type ApiTokenSummary, type Principal } from "@/lib/auth";
import { idParamsSchema } from "@/lib/contracts";
import { authStore } from "./auth";
import { parseJsonBody, parseParams } from "./request";

/** Every API token, newest first, revoked ones included; never their secrets. */
export async function listApiTokens(): Promise<ApiTokenSummary[]> {
  return (await (await authStore()).listApiTokens()).map(summarizeApiToken);
}

/** Creates the token the body describes (name, role); the answer is the only place the token itself appears. */
export async function createApiToken(request: Request, principal: Principal): Promise<{ token: string; apiToken: ApiTokenSummary }> {
  const body = await parseJsonBody(request, createApiTokenRequestSchema);
  const createdBy = principal.type === "user" ? principal.userId : null;
  const { token, record } = await issueApiToken(await authStore(), { ...body, createdBy });
  return { token, apiToken: summarizeApiToken(record) };
}

/** Revokes the token the URL names: its next request gets 401. */
export async function revokeApiTokenById(params: Promise<unknown>): Promise<ApiTokenSummary> {
  const { id } = await parseParams(params, idParamsSchema);
  return summarizeApiToken(await revokeApiToken(await authStore(), id));
}
