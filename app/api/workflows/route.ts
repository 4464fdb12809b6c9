import type { ListWorkflowsResponse } from "@/lib/contracts";
import { listWorkflows } from "@/lib/server/catalog";
import { respond } from "@/lib/server/respond";

export const runtime = "nodejs";

export async function GET(_request: Request): Promise<Response> {
  return respond(async () => Response.json({ workflows: listWorkflows() } satisfies ListWorkflowsResponse));
}
