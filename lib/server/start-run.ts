import "server-only";
import { createHash, randomUUID } from "node:crypto";
import type { RunDto } from "@/lib/contracts";
import { type JsonValue, RunConflictError } from "@/lib/engine";
import { ConflictError, InvalidInputError } from "./api-error";
import { findWorkflow } from "./catalog";
import { loadRunView } from "./run-view";
import { appRuntime } from "@/lib/app/runtime";
import { waitForRun } from "./wait-for-run";

/** How long an Idempotency-Key keeps answering with its run. */
const KEY_LIFETIME_MS = 24 * 60 * 60 * 1000;

export interface StartOptions {
  /** The `Idempotency-Key` header, and whose it is (keys of different callers never meet). */
  idempotency?: { key: string; scope: string };
  /** Seconds to wait for the run to pause or end (`Prefer: wait`); null answers at once. */
  waitSeconds: number | null;
  signal?: AbortSignal;
}

/** The Idempotency-Key as sent, checked: 1–255 visible ASCII characters. */
export function idempotencyKeyOf(headers: Headers): string | undefined {
  const key = headers.get("idempotency-key");
  if (key === null) return undefined;
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw new InvalidInputError("Idempotency-Key", "must be 1 to 255 visible ASCII characters (a UUID is a good key).");
  }
  return key;
}

/**
 * Stores a run of a catalog workflow as pending and queues it for a worker; answers with the run as stored, or
 * as it stands after the wait. With an Idempotency-Key, a repeated start answers with the run the key started.
 */
export async function startRun(workflowName: string, input: JsonValue, by: string, options: StartOptions): Promise<RunDto> {
  const entry = findWorkflow(workflowName);
  const runtime = appRuntime();
  const workflow = entry.create(runtime.store);
  // A bad input is refused before the key is claimed, so the key stays free for the corrected request.
  workflow.checkInput(input);
  let runId: string = randomUUID();
  let exists = false;
  if (options.idempotency) {
    const { key, scope } = options.idempotency;
    const requestHash = createHash("sha256").update(`${workflowName}\n${JSON.stringify(input)}`).digest("hex");
    const now = new Date();
    const earlier = await runtime.db.idempotencyKeys().claim(scope, key, { requestHash, runId, createdAt: now }, new Date(now.getTime() - KEY_LIFETIME_MS));
    if (earlier) {
      if (earlier.requestHash !== requestHash) {
        throw new ConflictError("This Idempotency-Key was sent with another request in the last 24 hours. Use a new key for a new run.");
      }
      runId = earlier.runId;
      // The start that claimed the key may have stopped before it stored the run: then this one stores it.
      exists = (await runtime.db.getRun(runId)) !== null;
    }
  }
  if (!exists) {
    try {
      await workflow.createRun(input, { runId, userId: by });
    } catch (error) {
      // Two starts with one key at the same moment: the other stored the run first.
      if (!(error instanceof RunConflictError && options.idempotency)) throw error;
    }
  }
  if (options.waitSeconds !== null) await waitForRun(runtime.db, runtime.signals, runId, options.waitSeconds * 1000, options.signal);
  return loadRunView(runtime.db, runId);
}
