import { startRunRequestSchema, workflowParamsSchema, type RunResponse } from "@/lib/contracts";
import { actingUser, authorized } from "@/lib/server/auth";
import { parseJsonBody, parseParams } from "@/lib/server/request";
import { startRun } from "@/lib/server/start-run";

export const runtime = "nodejs";

export async function POST(request: Request, context: { params: Promise<{ name: string }> }): Promise<Response> {
  return authorized(request, "runs:start", async (principal) => {
    const { name } = await parseParams(context.params, workflowParamsSchema);
    const { input } = await parseJsonBody(request, startRunRequestSchema);
    const run = await startRun(name, input, actingUser(principal));
    return Response.json({ run } satisfies RunResponse, { status: 201 });
  });
}
