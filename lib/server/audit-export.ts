import "server-only";
import { auditExportQuerySchema, auditExportResponse } from "@/lib/auth";
import { authStore } from "./auth";
import { parseQuery } from "./request";

/** The audit log as a download: `?format=csv|json`, optionally `runId`, `from`, `to`. */
export async function exportAudit(request: Request): Promise<Response> {
  return auditExportResponse(await authStore(), parseQuery(request, auditExportQuerySchema));
}
