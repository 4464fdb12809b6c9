import { runParamsSchema, type RunAuditResponse } from "@/lib/contracts";
import { authorized, authStore } from "@/lib/server/auth";
import { parseParams } from "@/lib/server/request";

export const runtime = "nodejs";

/** A run's decisions (who, when, what, the note, the arguments), for its page. */
export async function GET(request: Request, context: { params: Promise<{ runId: string }> }): Promise<Response> {
  return authorized(request, "runs:read", async () => {
    const { runId } = await parseParams(context.params, runParamsSchema);
    const entries = await (await authStore()).listAudit({ runId, limit: 1000 });
    return Response.json({ entries } satisfies RunAuditResponse);
  });
}
