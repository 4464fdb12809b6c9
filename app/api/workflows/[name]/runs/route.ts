import { startRunRequestSchema, workflowParamsSchema, type RunResponse } from "@/lib/contracts";
import { actingUser } from "@/lib/server/acting-user";
import { parseJsonBody, parseParams } from "@/lib/server/request";
import { respond } from "@/lib/server/respond";
import { startRun } from "@/lib/server/start-run";

export const runtime = "nodejs";

export async function POST(request: Request, context: { params: Promise<{ name: string }> }): Promise<Response> {
  return respond(async () => {
    const { name } = await parseParams(context.params, workflowParamsSchema);
    const { input } = await parseJsonBody(request, startRunRequestSchema);
    const run = await startRun(name, input, actingUser(request));
    return Response.json({ run } satisfies RunResponse, { status: 201 });
  });
}
