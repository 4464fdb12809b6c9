import { createHash } from "node:crypto";
import { z } from "zod";
import { JournalEntryError } from "./errors";
import { jsonValue } from "./json";

// The journal: every model answer and every tool result of a workflow run, stored as it arrives and keyed by its
// place in the run (step path, agent run, turn, call). A run driven again after its worker died replays what was
// recorded instead of calling the model or the tool again, so a crash costs at most the call in flight.

const key = z.string().min(1);
const at = z.string();
const toolCall = z.object({ id: z.string(), name: z.string(), args: z.record(z.string(), jsonValue) });

export const journalEntrySchema = z.discriminatedUnion("kind", [
  /** One model turn's answer. */
  z.object({ kind: z.literal("model"), key, at, response: z.object({ content: z.string(), toolCalls: z.array(toolCall) }) }),
  /** Written before a tool that needed a person's approval runs: with no result beside it, the call is in doubt. */
  z.object({ kind: z.literal("started"), key, at, idempotencyKey: z.string() }),
  /** A tool call's outcome: the tool message the model gets, and the result or error its event carries. */
  z.object({ kind: z.literal("result"), key, at, content: z.string(), result: jsonValue.optional(), error: z.string().optional() }),
]);

export type JournalEntry = z.infer<typeof journalEntrySchema>;
export type JournalEntryKind = JournalEntry["kind"];

/** Reads an entry back from storage: anything else is a JournalEntryError naming the run and the problem. */
export function parseJournalEntry(runId: string, value: unknown): JournalEntry {
  const parsed = journalEntrySchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new JournalEntryError(runId, `${issue?.path.join(".") || "the entry"}: ${issue?.message ?? "invalid"}`, { cause: parsed.error });
  }
  return parsed.data;
}

/** What the engine reads and writes while it drives one workflow run. */
export interface Journal {
  /** The workflow run the journal belongs to. */
  readonly runId: string;
  lookup(key: string): Promise<JournalEntry | undefined>;
  /** Stores the entry durably before it resolves; throws when the run was lost to someone else (then nothing is kept). */
  record(entry: JournalEntry): Promise<void>;
}

/** Where in the run an agent or team run records: the journal, and the place of that agent run. */
export interface JournalScope {
  journal: Journal;
  place: string;
}

/** A place below `parent`: segments are encoded, so names holding "/" cannot collide with deeper places. */
export function placeOf(parent: string | undefined, ...segments: (string | number)[]): string {
  const tail = segments.map((s) => encodeURIComponent(String(s))).join("/");
  return parent === undefined || parent === "" ? tail : `${parent}/${tail}`;
}

/**
 * The place of one attempt of a step's agent or team run. Path and marks are JSON, so no name (however it is spelled)
 * can make two different executions share a place.
 */
export function stepPlace(path: readonly string[], marks: readonly string[], attempt: number): string {
  return placeOf(undefined, "step", JSON.stringify(path), JSON.stringify(marks), `attempt:${attempt}`);
}

/**
 * An id that is the same every time the run reaches the same place (agent run ids, requirement ids, idempotency
 * keys), so a run driven again names things as the first drive did. UUID-shaped, from SHA-256 of run and place.
 */
export function placeId(runId: string, place: string): string {
  const h = createHash("sha256").update(runId).update("\u0000").update(place).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((Number.parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}
