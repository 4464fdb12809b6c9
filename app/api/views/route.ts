import { createViewRequestSchema, type ListViewsResponse, type ViewResponse } from "@/lib/contracts";
import { authorized } from "@/lib/server/auth";
import { parseJsonBody } from "@/lib/server/request";
import { createView, listViews } from "@/lib/server/saved-views";

export const runtime = "nodejs";

/** The caller's saved views with their counts, and the counts of Mine, Unassigned and All. */
export async function GET(request: Request): Promise<Response> {
  return authorized(request, "inbox:read", async (principal) => Response.json((await listViews(principal)) satisfies ListViewsResponse));
}

export async function POST(request: Request): Promise<Response> {
  return authorized(request, "inbox:read", async (principal) => {
    const body = await parseJsonBody(request, createViewRequestSchema);
    return Response.json({ view: await createView(body, principal) } satisfies ViewResponse, { status: 201 });
  });
}
