import { runEventsQuerySchema, runParamsSchema, type RunEventsPage } from "@/lib/contracts";
import { InvalidInputError } from "@/lib/server/api-error";
import { appDb } from "@/lib/app/db";
import { listRunEvents } from "@/lib/server/list-run-events";
import { parseParams, parseQuery } from "@/lib/server/request";
import { authorized } from "@/lib/server/auth";
import { runEventStream } from "@/lib/server/run-event-stream";
import { appRuntime } from "@/lib/app/runtime";

export const runtime = "nodejs";

/** A reconnecting EventSource sends the last id it saw; it wins over the query. */
function lastEventId(request: Request): number | undefined {
  const header = request.headers.get("last-event-id");
  if (header === null || header === "") return undefined;
  const seq = Number(header);
  if (!Number.isInteger(seq) || seq < 0) throw new InvalidInputError("Last-Event-ID", "Invalid Last-Event-ID: must be a whole number.");
  return seq;
}

/** A client that asks for JSON (and not for a stream) gets one page of the log; anyone else the live stream. */
function wantsPage(request: Request): boolean {
  const accept = request.headers.get("accept") ?? "";
  return accept.includes("application/json") && !accept.includes("text/event-stream");
}

export async function GET(request: Request, context: { params: Promise<{ runId: string }> }): Promise<Response> {
  return authorized(request, "runs:read", async () => {
    const { runId } = await parseParams(context.params, runParamsSchema);
    const { afterSeq, limit } = parseQuery(request, runEventsQuerySchema);
    if (wantsPage(request)) {
      return Response.json((await listRunEvents(appDb(), runId, { afterSeq: afterSeq ?? 0, limit })) satisfies RunEventsPage);
    }
    const stream = await runEventStream(appDb(), appRuntime().signals, runId, {
      afterSeq: lastEventId(request) ?? afterSeq ?? 0,
      signal: request.signal,
    });
    return new Response(stream, {
      headers: {
        "Content-Type": "text/event-stream; charset=utf-8",
        "Cache-Control": "no-cache, no-transform",
        Connection: "keep-alive",
        "X-Accel-Buffering": "no",
      },
    });
  });
}
