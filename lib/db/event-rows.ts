// Events and journal entries ⇄ rows: one row per event (numbered by `seq`) and per journal entry.
import type { WorkflowEventJSON } from "@/lib/engine";
import type { JournalEntry } from "@/lib/engine";

export interface EventRow {
  runId: string;
  seq: number;
  event: string;
  stepName: string | null;
  createdAt: Date;
  data: string;
}

export interface JournalRow {
  runId: string;
  key: string;
  kind: string;
  createdAt: Date;
  data: string;
}

export const JOURNAL_COLUMNS: { [K in keyof JournalRow]: string } = { runId: "run_id", key: "key", kind: "kind", createdAt: "created_at", data: "data" };
export const JOURNAL_KEYS = Object.keys(JOURNAL_COLUMNS) as (keyof JournalRow)[];

export function journalRow(runId: string, entry: JournalEntry): JournalRow {
  return { runId, key: entry.key, kind: entry.kind, createdAt: new Date(entry.at), data: JSON.stringify(entry) };
}

export function eventRows(runId: string, events: readonly WorkflowEventJSON[], firstSeq: number): EventRow[] {
  return events.map((e, i) => {
    let data = e;
    if (e.seq !== undefined) {
      const { seq: _assigned, ...rest } = e;
      data = rest as WorkflowEventJSON;
    }
    return { runId, seq: firstSeq + i, event: e.event, stepName: e.stepName ?? null, createdAt: new Date(e.createdAt), data: JSON.stringify(data) };
  });
}

export function eventFromRow(row: Pick<EventRow, "seq" | "data">): WorkflowEventJSON {
  return { ...(JSON.parse(row.data) as WorkflowEventJSON), seq: row.seq };
}
