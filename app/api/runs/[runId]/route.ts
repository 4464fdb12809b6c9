import { runParamsSchema, type RunResponse } from "@/lib/contracts";
import { getRun } from "@/lib/server/get-run";
import { parseParams } from "@/lib/server/request";
import { respond } from "@/lib/server/respond";

export const runtime = "nodejs";

export async function GET(_request: Request, context: { params: Promise<{ runId: string }> }): Promise<Response> {
  return respond(async () => {
    const { runId } = await parseParams(context.params, runParamsSchema);
    return Response.json({ run: await getRun(runId) } satisfies RunResponse);
  });
}
