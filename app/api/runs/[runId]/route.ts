import { runParamsSchema, type RunResponse } from "@/lib/contracts";
import { getRun } from "@/lib/server/get-run";
import { parseParams } from "@/lib/server/request";
import { authorized } from "@/lib/server/auth";

export const runtime = "nodejs";

export async function GET(request: Request, context: { params: Promise<{ runId: string }> }): Promise<Response> {
  return authorized(request, "runs:read", async () => {
    const { runId } = await parseParams(context.params, runParamsSchema);
    return Response.json({ run: await getRun(runId) } satisfies RunResponse);
  });
}
