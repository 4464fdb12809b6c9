import type { z } from "zod";
import type { JsonObject } from "../json";
import type { Store } from "../store";
import type { RunSettings } from "./context";
import type { StepLike } from "./node-list";
import type { WorkflowRunOutput } from "./run-output";

export interface WorkflowOptions {
  name: string;
  description?: string;
  /** Where runs are kept (default: an InMemoryStore of this workflow). */
  db?: Store;
  steps: StepLike[];
  /** The session new runs belong to (default: a fresh id per Workflow object). */
  sessionId?: string;
  /** Checks (and may transform) the input of every run. */
  inputSchema?: z.ZodType;
}

export interface CommonRunOptions {
  /** Who acts: recorded as the run's creator, passed to agents and tools. */
  userId?: string;
  signal?: AbortSignal;
  /** Injected clock (tests, timeouts). */
  now?: () => Date;
  /** Injected wait between a Step's automatic retries (tests); defaults to a timer the run's signal cuts short. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

export interface WorkflowRunOptions extends CommonRunOptions {
  stream?: boolean;
  runId?: string;
  sessionId?: string;
  additionalData?: JsonObject;
}

export interface ContinueRunOptions extends CommonRunOptions {
  stream?: boolean;
  additionalData?: JsonObject;
}

export interface WorkflowSession {
  sessionId: string;
  /** Oldest first: `runs.at(-1)` is the latest. */
  runs: WorkflowRunOutput[];
}

export interface ExecuteOptions extends CommonRunOptions {
  /** The version the worker's lease left the run at: nobody else may have changed it since. */
  expectedVersion: number;
}

/** The settings a drive of the run works with, from the options a caller gave. */
export function runSettings(options: WorkflowRunOptions | ContinueRunOptions, stream: boolean): RunSettings {
  const settings: RunSettings = { streamContent: stream, now: options.now ?? (() => new Date()), sleep: options.sleep ?? defaultSleep };
  if (options.signal !== undefined) settings.signal = options.signal;
  if (options.userId !== undefined) settings.userId = options.userId;
  if (options.additionalData !== undefined) settings.additionalData = options.additionalData;
  return settings;
}
