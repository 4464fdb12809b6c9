import { exportAudit } from "@/lib/server/audit-export";
import { authorized } from "@/lib/server/auth";

export const runtime = "nodejs";

/** The audit log as a download: `?format=csv|json`, optionally `runId`, `from`, `to`. Admins only. */
export async function GET(request: Request): Promise<Response> {
  return authorized(request, "audit:read", async () => exportAudit(request));
}
