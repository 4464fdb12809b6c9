// How much of each event's payload the store keeps in the run's log. "full" keeps every event as the engine wrote
// it. "lean" leaves out the copies of what the database keeps elsewhere: the requirements a pause lists (each is a
// requirement row, with its decision and the audit entry) and a tool call's result (the journal's result entry).
// The log still says what happened, when, in which step and by whom; the inbox, the history and the audit trail are
// untouched.
import { z } from "zod";
import type { WorkflowEventJSON } from "@/lib/engine";
import { DatabaseConfigError } from "./errors";

export const EventPayloads = z.enum(["full", "lean"]);
export type EventPayloads = z.infer<typeof EventPayloads>;

/** Fields "lean" leaves out, by event: each is stored elsewhere in full. */
const KEPT_ELSEWHERE: Readonly<Record<string, readonly string[]>> = {
  RunPaused: ["executorRequirements"],
  StepExecutorPaused: ["executorRequirements"],
  ToolCallCompleted: ["result"],
};

/** The events as the store keeps them under `payloads`. */
export function retainedEvents(events: readonly WorkflowEventJSON[], payloads: EventPayloads): readonly WorkflowEventJSON[] {
  if (payloads === "full") return events;
  return events.map((e) => {
    const dropped = KEPT_ELSEWHERE[e.event];
    if (!dropped) return e;
    const kept: WorkflowEventJSON = { ...e };
    for (const field of dropped) delete kept[field];
    return kept;
  });
}

/** What a store does to the events it is given, for its `eventPayloads` option (default "full"). */
export function eventRetention(option: unknown): (events: readonly WorkflowEventJSON[]) => readonly WorkflowEventJSON[] {
  const parsed = EventPayloads.safeParse(option ?? "full");
  if (!parsed.success) {
    throw new DatabaseConfigError(`eventPayloads must be "full" or "lean", not ${JSON.stringify(option)}; leave it out to keep every event whole.`, { cause: parsed.error });
  }
  const payloads = parsed.data;
  return (events) => retainedEvents(events, payloads);
}
