import { runParamsSchema, runQuerySchema, type RunResponse } from "@/lib/contracts";
import { getRun } from "@/lib/server/get-run";
import { parseParams, parseQuery } from "@/lib/server/request";
import { authorized } from "@/lib/server/auth";

export const runtime = "nodejs";

export async function GET(request: Request, context: { params: Promise<{ runId: string }> }): Promise<Response> {
  return authorized(request, "runs:read", async () => {
    const { runId } = await parseParams(context.params, runParamsSchema);
    const { events } = parseQuery(request, runQuerySchema);
    return Response.json({ run: await getRun(runId, { events }) } satisfies RunResponse);
  });
}
