import type { PolicyResponse } from "@/lib/contracts";
import { authorized } from "@/lib/server/auth";
import { revokePolicy, updatePolicy } from "@/lib/server/policies";

export const runtime = "nodejs";

/** Edits a policy's conditions, starter or expiry: its creator or an admin. 409 once revoked. */
export async function PATCH(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  return authorized(request, "requirements:resolve", async (principal) =>
    Response.json({ policy: await updatePolicy(request, context.params, principal) } satisfies PolicyResponse),
  );
}

/** Revokes a policy: its creator or an admin. 409 when it was revoked already. */
export async function DELETE(request: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  return authorized(request, "requirements:resolve", async (principal) => Response.json({ policy: await revokePolicy(context.params, principal) } satisfies PolicyResponse));
}
