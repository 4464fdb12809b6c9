import { runParamsSchema, type RunResponse } from "@/lib/contracts";
import { authorized } from "@/lib/server/auth";
import { retryRunById } from "@/lib/server/control-run";
import { parseParams } from "@/lib/server/request";

export const runtime = "nodejs";

export async function POST(request: Request, context: { params: Promise<{ runId: string }> }): Promise<Response> {
  return authorized(request, "runs:control", async () => {
    const { runId } = await parseParams(context.params, runParamsSchema);
    return Response.json({ run: await retryRunById(runId) } satisfies RunResponse);
  });
}
