import { auditExportQuerySchema, auditExportResponse } from "@/lib/auth";
import { authorized, authStore } from "@/lib/server/auth";
import { parseQuery } from "@/lib/server/request";

export const runtime = "nodejs";

/** The audit log as a download: `?format=csv|json`, optionally `runId`, `from`, `to`. Admins only. */
export async function GET(request: Request): Promise<Response> {
  return authorized(request, "audit:read", async () => auditExportResponse(await authStore(), parseQuery(request, auditExportQuerySchema)));
}
