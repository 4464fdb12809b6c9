import { randomUUID } from "node:crypto";
import { placeId, placeOf, type JournalEntry, type JournalScope } from "../journal";
import type { JsonValue } from "../json";
import type { ModelResponse } from "../models/model";

export type RecordedResult = Extract<JournalEntry, { kind: "result" }>;
export type StartedMark = Extract<JournalEntry, { kind: "started" }>;

/** A tool call's outcome as the journal keeps it. */
export type ToolOutcome = { content: string; result: JsonValue } | { content: string; error: string };

/**
 * One agent or team run's view of its workflow run's journal: turn n's model answer at `<place>/turn:n`, a call's
 * result at `<place>/turn:n/call:<id>`, the started mark of an approved call's attempt k below that. Outside a
 * workflow (no scope) nothing is recorded and ids are random, as before the journal.
 */
export class AgentJournal {
  readonly #scope: JournalScope | undefined;
  readonly #runId: string;

  constructor(scope: JournalScope | undefined, runId: string) {
    this.#scope = scope;
    this.#runId = runId;
  }

  /** The place of a call: a team's member run records below its delegate call. */
  callPlace(turn: number, callId: string): string | undefined {
    return this.#scope ? placeOf(this.#scope.place, `turn:${turn}`, `call:${callId}`) : undefined;
  }

  /** The scope of a run started by a call (a team member's), below the call's place. */
  scopeFor(turn: number, callId: string): JournalScope | undefined {
    const place = this.callPlace(turn, callId);
    return this.#scope && place !== undefined ? { journal: this.#scope.journal, place } : undefined;
  }

  /** An id that is the same each time the run reaches this call (random outside a workflow). */
  idFor(turn: number, callId: string, what: string): string {
    const place = this.callPlace(turn, callId);
    return this.#scope && place !== undefined ? placeId(this.#scope.journal.runId, placeOf(place, what)) : randomUUID();
  }

  /** The key a call's side effects can be made idempotent with, when no person approved it. */
  idempotencyKey(turn: number, callId: string): string {
    const place = this.callPlace(turn, callId);
    return this.#scope && place !== undefined ? placeId(this.#scope.journal.runId, place) : `${this.#runId}:${callId}`;
  }

  async answer(turn: number): Promise<ModelResponse | undefined> {
    const entry = await this.#lookup(this.#turnKey(turn));
    return entry?.kind === "model" ? entry.response : undefined;
  }

  async recordAnswer(turn: number, response: ModelResponse): Promise<void> {
    const key = this.#turnKey(turn);
    if (key !== undefined) await this.#scope?.journal.record({ kind: "model", key, at: new Date().toISOString(), response });
  }

  async result(turn: number, callId: string): Promise<RecordedResult | undefined> {
    const entry = await this.#lookup(this.callPlace(turn, callId));
    return entry?.kind === "result" ? entry : undefined;
  }

  async recordResult(turn: number, callId: string, outcome: ToolOutcome): Promise<void> {
    const key = this.callPlace(turn, callId);
    if (key !== undefined) await this.#scope?.journal.record({ kind: "result", key, at: new Date().toISOString(), ...outcome });
  }

  async started(turn: number, callId: string, attempt: number): Promise<StartedMark | undefined> {
    const entry = await this.#lookup(this.#startedKey(turn, callId, attempt));
    return entry?.kind === "started" ? entry : undefined;
  }

  async markStarted(turn: number, callId: string, attempt: number, idempotencyKey: string): Promise<void> {
    const key = this.#startedKey(turn, callId, attempt);
    if (key !== undefined) await this.#scope?.journal.record({ kind: "started", key, at: new Date().toISOString(), idempotencyKey });
  }

  #turnKey(turn: number): string | undefined {
    return this.#scope ? placeOf(this.#scope.place, `turn:${turn}`) : undefined;
  }

  #startedKey(turn: number, callId: string, attempt: number): string | undefined {
    const place = this.callPlace(turn, callId);
    return place === undefined ? undefined : placeOf(place, `started:${attempt}`);
  }

  async #lookup(key: string | undefined): Promise<JournalEntry | undefined> {
    return key === undefined || !this.#scope ? undefined : this.#scope.journal.lookup(key);
  }
}
