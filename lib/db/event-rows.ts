// Events and journal entries ⇄ rows: one row per event (numbered by `seq`) and per journal entry.
import type { JournalEntry, WorkflowEventJSON } from "@/lib/engine";

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

/** A journal row: its key and kind are columns, so `data` holds the rest of the entry (put back when read). */
export function journalRow(runId: string, entry: JournalEntry): JournalRow {
  const { key, kind, ...rest } = entry;
  return { runId, key, kind, createdAt: new Date(entry.at), data: JSON.stringify(rest) };
}

/**
 * Event rows. What the columns hold (run id, event name, step name, time) is left out of `data` and put back by
 * eventFromRow: a run's log is most of what it stores. A time that is not in toISOString's form stays in `data`.
 */
export function eventRows(runId: string, events: readonly WorkflowEventJSON[], firstSeq: number): EventRow[] {
  return events.map((e, i) => {
    const { seq: _assigned, event, runId: own, createdAt, stepName, ...rest } = e;
    const at = new Date(createdAt);
    const data: { [k: string]: unknown } = rest;
    if (own !== runId) data.runId = own;
    if (at.toISOString() !== createdAt) data.createdAt = createdAt;
    return { runId, seq: firstSeq + i, event, stepName: stepName ?? null, createdAt: at, data: JSON.stringify(data) };
  });
}

/** An event as the engine wrote it: the columns put back under what `data` holds (older rows hold them in `data` too). */
export function eventFromRow(row: Pick<EventRow, "runId" | "seq" | "event" | "stepName" | "createdAt" | "data">): WorkflowEventJSON {
  const head = { event: row.event, runId: row.runId, createdAt: row.createdAt.toISOString(), ...(row.stepName !== null && { stepName: row.stepName }) };
  return { ...head, ...(JSON.parse(row.data) as Partial<WorkflowEventJSON>), seq: row.seq } as WorkflowEventJSON;
}
