import { idParamsSchema, updateViewRequestSchema, type ViewResponse } from "@/lib/contracts";
import { authorized } from "@/lib/server/auth";
import { parseJsonBody, parseParams } from "@/lib/server/request";
import { deleteView, getView, updateView } from "@/lib/server/saved-views";

export const runtime = "nodejs";

type Context = { params: Promise<{ id: string }> };

export async function GET(request: Request, context: Context): Promise<Response> {
  return authorized(request, "inbox:read", async (principal) => {
    const { id } = await parseParams(context.params, idParamsSchema);
    return Response.json({ view: await getView(id, principal) } satisfies ViewResponse);
  });
}

/** Renames the view or changes its filters. */
export async function PATCH(request: Request, context: Context): Promise<Response> {
  return authorized(request, "inbox:read", async (principal) => {
    const { id } = await parseParams(context.params, idParamsSchema);
    const body = await parseJsonBody(request, updateViewRequestSchema);
    return Response.json({ view: await updateView(id, body, principal) } satisfies ViewResponse);
  });
}

export async function DELETE(request: Request, context: Context): Promise<Response> {
  return authorized(request, "inbox:read", async (principal) => {
    const { id } = await parseParams(context.params, idParamsSchema);
    return Response.json({ view: await deleteView(id, principal) } satisfies ViewResponse);
  });
}
