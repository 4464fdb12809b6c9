import { RUN_STREAM_END_EVENT, type RunStreamEnd } from "@/lib/contracts";
import type { AppStore } from "@/lib/db/app-store";
import { NotFoundError } from "./api-error";

const POLL_MS = 250;
/** Comment lines keep proxies from closing a quiet stream. */
const KEEPALIVE_MS = 15_000;
const LIVE = new Set(["pending", "running"]);

const encoder = new TextEncoder();

function message(data: unknown, options: { id?: number; event?: string } = {}): Uint8Array {
  let text = "";
  if (options.event) text += `event: ${options.event}\n`;
  if (options.id !== undefined) text += `id: ${options.id}\n`;
  return encoder.encode(`${text}data: ${JSON.stringify(data)}\n\n`);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}

function closeQuietly(controller: ReadableStreamDefaultController<Uint8Array>): void {
  try {
    controller.close();
  } catch {
    // The reader cancelled first: the stream is already closed.
  }
}

/**
 * The run's events as Server-Sent Events, from `afterSeq` on, live until the run pauses or ends; then one
 * "end" message. Reads the status before the events: a store write carries the snapshot and its events together,
 * so every event up to a pause or end is sent before the end message.
 */
export async function runEventStream(
  db: AppStore,
  runId: string,
  options: { afterSeq: number; signal: AbortSignal },
): Promise<ReadableStream<Uint8Array>> {
  if (!(await db.getRun(runId))) throw new NotFoundError(`There is no run with id ${runId}.`);
  const stop = new AbortController();
  options.signal.addEventListener("abort", () => stop.abort(), { once: true });
  let afterSeq = options.afterSeq;

  return new ReadableStream<Uint8Array>({
    async start(controller) {
      let lastWrite = Date.now();
      try {
        while (!stop.signal.aborted) {
          const stored = await db.getRun(runId);
          const events = await db.listEvents(runId, { afterSeq });
          for (const event of events) {
            const seq = event.seq ?? afterSeq + 1;
            controller.enqueue(message(event, { id: seq }));
            afterSeq = seq;
            lastWrite = Date.now();
          }
          if (!stored || !LIVE.has(stored.run.status)) {
            const end: RunStreamEnd = { runId, status: stored?.run.status ?? "error", version: stored?.version ?? 0 };
            controller.enqueue(message(end, { event: RUN_STREAM_END_EVENT }));
            break;
          }
          if (Date.now() - lastWrite >= KEEPALIVE_MS) {
            controller.enqueue(encoder.encode(": keep-alive\n\n"));
            lastWrite = Date.now();
          }
          await sleep(POLL_MS, stop.signal);
        }
        closeQuietly(controller);
      } catch (error) {
        if (!stop.signal.aborted) controller.error(error);
      }
    },
    cancel() {
      stop.abort();
    },
  });
}
