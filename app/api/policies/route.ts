import type { PoliciesResponse, PolicyResponse } from "@/lib/contracts";
import { authorized } from "@/lib/server/auth";
import { createPolicy, listPolicies } from "@/lib/server/policies";

export const runtime = "nodejs";

/** Standing policies: every one for an admin, the caller's own for an approver. Newest first. */
export async function GET(request: Request): Promise<Response> {
  return authorized(request, "requirements:resolve", async (principal) => Response.json({ policies: await listPolicies(principal) } satisfies PoliciesResponse));
}

/** Creates a standing policy ("always allow") as the caller; anyone who may decide requirements may. */
export async function POST(request: Request): Promise<Response> {
  return authorized(request, "requirements:resolve", async (principal) =>
    Response.json({ policy: await createPolicy(request, principal) } satisfies PolicyResponse, { status: 201 }),
  );
}
