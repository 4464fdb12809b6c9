import { z } from "zod";
import type { AuditEntry } from "./audit";
import type { AuditFilter, AuthStore } from "./store";

const isoInstant = (field: string) =>
  z.iso.datetime({ offset: true, error: `must be an ISO 8601 date-time such as 2026-01-31T00:00:00Z (${field})` });

/** Query of GET /api/audit. */
export const auditExportQuerySchema = z.object({
  format: z.enum(["csv", "json"], { error: 'must be "csv" or "json"' }).default("json"),
  runId: z.string().min(1).max(200, "must be at most 200 characters").optional(),
  from: isoInstant("from").optional(),
  to: isoInstant("to").optional(),
});
export type AuditExportQuery = z.infer<typeof auditExportQuerySchema>;

/** The CSV's columns, in order. */
export const auditCsvColumns = [
  "seq",
  "at",
  "actorType",
  "actorId",
  "actorEmail",
  "actorName",
  "actorRole",
  "workflowName",
  "runId",
  "runVersion",
  "requirementId",
  "requirementKind",
  "stepName",
  "toolName",
  "action",
  "note",
  "values",
  "proposedArgs",
  "executedArgs",
  "overrodeClaimOf",
] as const satisfies readonly (keyof AuditEntry)[];

/**
 * A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return, which some strip first) as a
 * formula. Such cells get a leading apostrophe, OWASP's advice, so an exported note cannot attack whoever opens it
 * (a negative number then reads as text, which is the price of that).
 */
const formulaStart = /^[=+\-@\t\r]/;

/** One RFC 4180 cell: always quoted, quotes doubled, JSON values as JSON text, null as empty. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '""';
  let text = typeof value === "string" ? value : typeof value === "number" || typeof value === "boolean" ? String(value) : JSON.stringify(value);
  if (formulaStart.test(text)) text = `'${text}`;
  return `"${text.replaceAll('"', '""')}"`;
}

export function auditCsvRow(entry: AuditEntry): string {
  return auditCsvColumns.map((column) => csvCell(entry[column])).join(",") + "\r\n";
}

export const auditCsvHeader = auditCsvColumns.join(",") + "\r\n";

const PAGE_SIZE = 500;

async function* auditPages(store: AuthStore, query: AuditExportQuery): AsyncGenerator<AuditEntry[]> {
  const base: Omit<AuditFilter, "afterSeq"> = {
    limit: PAGE_SIZE,
    ...(query.runId !== undefined ? { runId: query.runId } : {}),
    ...(query.from !== undefined ? { from: new Date(query.from) } : {}),
    ...(query.to !== undefined ? { to: new Date(query.to) } : {}),
  };
  let afterSeq: number | undefined;
  for (;;) {
    const page = await store.listAudit(afterSeq === undefined ? base : { ...base, afterSeq });
    if (page.length > 0) yield page;
    if (page.length < PAGE_SIZE) return;
    afterSeq = page[page.length - 1]!.seq;
  }
}

/**
 * The audit log as a download, streamed page by page so a long log never sits in memory whole. JSON is an array of
 * entries; CSV has a header row and CRLF line ends.
 */
export function auditExportResponse(store: AuthStore, query: AuditExportQuery, now: Date = new Date()): Response {
  const encoder = new TextEncoder();
  const pages = auditPages(store, query);
  let first = true;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (first) {
        controller.enqueue(encoder.encode(query.format === "csv" ? auditCsvHeader : "["));
      }
      const next = await pages.next();
      if (next.done) {
        if (query.format === "json") controller.enqueue(encoder.encode(first ? "]\n" : "\n]\n"));
        controller.close();
        return;
      }
      const text =
        query.format === "csv"
          ? next.value.map(auditCsvRow).join("")
          : next.value.map((e, i) => `${first && i === 0 ? "\n" : ",\n"}${JSON.stringify(e)}`).join("");
      first = false;
      controller.enqueue(encoder.encode(text));
    },
    async cancel() {
      await pages.return(undefined);
    },
  });
  const stamp = now.toISOString().slice(0, 19).replaceAll(":", "-");
  return new Response(stream, {
    headers: {
      "content-type": query.format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="audit-${stamp}.${query.format}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
