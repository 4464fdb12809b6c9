import type { ListWorkflowsResponse } from "@/lib/contracts";
import { listWorkflows } from "@/lib/server/catalog";
import { authorized } from "@/lib/server/auth";

export const runtime = "nodejs";

export async function GET(request: Request): Promise<Response> {
  return authorized(request, "workflows:read", async () => Response.json({ workflows: listWorkflows() } satisfies ListWorkflowsResponse));
}
