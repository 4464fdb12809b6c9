import { runParamsSchema, type RunResponse } from "@/lib/contracts";
import { actingUser, authorized } from "@/lib/server/auth";
import { cancelRunById } from "@/lib/server/control-run";
import { parseParams } from "@/lib/server/request";

export const runtime = "nodejs";

export async function POST(request: Request, context: { params: Promise<{ runId: string }> }): Promise<Response> {
  return authorized(request, "runs:control", async (principal) => {
    const { runId } = await parseParams(context.params, runParamsSchema);
    return Response.json({ run: await cancelRunById(runId, actingUser(principal)) } satisfies RunResponse);
  });
}
