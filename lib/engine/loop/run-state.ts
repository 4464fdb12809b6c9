import { z } from "zod";
import { RunStateError } from "../errors";
import { jsonValue, type JsonObject, type JsonValue } from "../json";
import type { RunOutputJSON } from "../run-output";

/** A tool call of the current model turn. The turn's tool messages are written once every call has `content`. */
export interface PendingCall {
  id: string;
  name: string;
  /** The arguments as the model sent them. */
  args: JsonObject;
  /** The tool message, once known. */
  content?: string;
  /** Set while the call waits for a person. */
  requirementId?: string;
  /** A team's delegation waiting for a paused member run. */
  member?: { memberId: string; run: RunOutputJSON };
}

/** What `RunOutput.state` holds for agents and teams: enough to continue in another process. */
export interface LoopState {
  /** Model turns taken so far in this run (for the turn limit). */
  turns: number;
  pending: PendingCall[];
}

const jsonObject = z.record(z.string(), jsonValue);

const loopStateSchema = z.object({
  turns: z.number().int().nonnegative(),
  pending: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      args: jsonObject,
      content: z.string().optional(),
      requirementId: z.string().optional(),
      member: z.object({ memberId: z.string(), run: z.custom<RunOutputJSON>((v) => typeof v === "object" && v !== null) }).optional(),
    }),
  ),
});

/** Reads a run's state, which may come from a database: malformed state is a RunStateError, not a crash later. */
export function parseLoopState(runId: string, state: JsonValue): LoopState {
  const parsed = loopStateSchema.safeParse(state);
  if (!parsed.success) {
    throw new RunStateError(runId, `its saved state is not an agent/team state (${parsed.error.issues[0]?.message}); it cannot be continued.`);
  }
  return parsed.data as LoopState;
}

export function loopStateToJson(state: LoopState): JsonValue {
  return state as unknown as JsonValue;
}
