import "server-only";
import { RUN_STREAM_END_EVENT, type RunStreamEnd } from "@/lib/contracts";
import type { AppStore } from "@/lib/db/app-store";
import type { RunSignals } from "@/lib/runtime/signals";
import { NotFoundError } from "./api-error";

/**
 * The safety net under the signals: a write no signal told this process about (another instance before it announces
 * its writes, a lost notification) still reaches the viewer within this long.
 */
const SAFETY_POLL_MS = 2_000;
/** Comment lines keep proxies from closing a quiet stream. */
const KEEPALIVE_MS = 15_000;
/** Events read at once: a long log goes out in batches instead of one huge read. */
const BATCH = 500;
const LIVE = new Set(["pending", "running"]);

const encoder = new TextEncoder();

function message(data: unknown, options: { id?: number; event?: string } = {}): Uint8Array {
  let text = "";
  if (options.event) text += `event: ${options.event}\n`;
  if (options.id !== undefined) text += `id: ${options.id}\n`;
  return encoder.encode(`${text}data: ${JSON.stringify(data)}\n\n`);
}

function closeQuietly(controller: ReadableStreamDefaultController<Uint8Array>): void {
  try {
    controller.close();
  } catch {
    // The reader cancelled first: the stream is already closed.
  }
}

/**
 * Wakes the stream when the run changed. A change told while the stream was reading is kept, so it reads again at
 * once instead of sleeping through it.
 */
class ChangeWaiter {
  #changed = false;
  #wake: (() => void) | null = null;

  notify = (): void => {
    this.#changed = true;
    this.#wake?.();
  };

  /** Resolves at the next change (or at once if one came since the last wait), after `ms`, or on abort. */
  wait(ms: number, signal: AbortSignal): Promise<void> {
    if (this.#changed || signal.aborted) {
      this.#changed = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener("abort", done);
        this.#wake = null;
        this.#changed = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener("abort", done, { once: true });
      this.#wake = done;
    });
  }
}

/**
 * The run's events as Server-Sent Events, from `afterSeq` on, live until the run pauses or ends; then one "end"
 * message. Sleeps until `signals` says the run changed (or a slow safety poll), then reads only the run's status row
 * and the events after the last one sent. Reads the status before the events: a store write carries the snapshot and
 * its events together, so every event up to a pause or end is sent before the end message.
 */
export async function runEventStream(
  db: AppStore,
  signals: RunSignals,
  runId: string,
  options: { afterSeq: number; signal: AbortSignal; safetyPollMs?: number },
): Promise<ReadableStream<Uint8Array>> {
  const safetyPollMs = options.safetyPollMs ?? SAFETY_POLL_MS;
  if (!(await db.getRunStatus(runId))) throw new NotFoundError(`There is no run with id ${runId}.`);
  const stop = new AbortController();
  options.signal.addEventListener("abort", () => stop.abort(), { once: true });
  let afterSeq = options.afterSeq;
  const changes = new ChangeWaiter();
  // Listening before the first read: a write between the read and the wait still wakes the stream.
  const unsubscribe = signals.onChanged(runId, changes.notify);

  return new ReadableStream<Uint8Array>({
    async start(controller) {
      let lastWrite = Date.now();
      try {
        while (!stop.signal.aborted) {
          const status = await db.getRunStatus(runId);
          let batch: number;
          do {
            const events = await db.listEvents(runId, { afterSeq, limit: BATCH });
            batch = events.length;
            for (const event of events) {
              const seq = event.seq ?? afterSeq + 1;
              controller.enqueue(message(event, { id: seq }));
              afterSeq = seq;
              lastWrite = Date.now();
            }
          } while (batch === BATCH && !stop.signal.aborted);
          if (!status || !LIVE.has(status.status)) {
            const end: RunStreamEnd = { runId, status: status?.status ?? "error", version: status?.version ?? 0 };
            controller.enqueue(message(end, { event: RUN_STREAM_END_EVENT }));
            break;
          }
          if (Date.now() - lastWrite >= KEEPALIVE_MS) {
            controller.enqueue(encoder.encode(": keep-alive\n\n"));
            lastWrite = Date.now();
          }
          await changes.wait(Math.min(safetyPollMs, KEEPALIVE_MS - (Date.now() - lastWrite)), stop.signal);
        }
        closeQuietly(controller);
      } catch (error) {
        if (!stop.signal.aborted) controller.error(error);
      } finally {
        unsubscribe();
      }
    },
    cancel() {
      stop.abort();
    },
  });
}
