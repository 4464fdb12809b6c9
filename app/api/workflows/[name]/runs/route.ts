import { startRunRequestSchema, workflowParamsSchema, type RunResponse } from "@/lib/contracts";
import { actingUser, authorized } from "@/lib/server/auth";
import { preferenceApplied, preferredWait } from "@/lib/server/prefer";
import { parseJsonBody, parseParams } from "@/lib/server/request";
import { idempotencyKeyOf, startRun } from "@/lib/server/start-run";

export const runtime = "nodejs";

export async function POST(request: Request, context: { params: Promise<{ name: string }> }): Promise<Response> {
  return authorized(request, "runs:start", async (principal) => {
    const { name } = await parseParams(context.params, workflowParamsSchema);
    const waitSeconds = preferredWait(request.headers);
    const key = idempotencyKeyOf(request.headers);
    const { input } = await parseJsonBody(request, startRunRequestSchema);
    const run = await startRun(name, input, actingUser(principal), {
      waitSeconds,
      signal: request.signal,
      ...(key !== undefined && { idempotency: { key, scope: actingUser(principal) } }),
    });
    return Response.json({ run } satisfies RunResponse, { status: 201, headers: preferenceApplied(waitSeconds) });
  });
}
