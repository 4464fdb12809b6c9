import { randomUUID } from "node:crypto";
import pg from "pg";
import { z } from "zod";
import type { RunSignals, SharedSignal, SignalRelay } from "./signals";

/** The one channel every instance of a database listens on. */
export const SIGNAL_CHANNEL = "hitl_run_signals";
/** After a lost connection, listen again this soon. */
const RECONNECT_MS = 500;

const message = z.object({ from: z.string(), signal: z.enum(["changed", "cancelled"]), runId: z.string() });

/**
 * Shares run signals between the instances of one PostgreSQL database with LISTEN/NOTIFY: a write or a cancel on
 * one instance wakes the event streams, waiters and the executing worker on every other at once. Notifications
 * are sent after the write committed (the signalling store tells after its write returns), so a woken reader sees
 * it. Signals queued in the same tick go out in one statement.
 */
export class PgSignalRelay implements SignalRelay {
  readonly #from = randomUUID();
  readonly #pool: pg.Pool;
  readonly #config: pg.ClientConfig;
  readonly #signals: RunSignals;
  readonly #log: (message: string, error?: unknown) => void;
  #listener: pg.Client | null = null;
  #outbox = new Set<string>();
  #flushing = false;
  #stopped = false;
  #reconnect: NodeJS.Timeout | undefined;

  constructor(options: { pool: pg.Pool; config: pg.ClientConfig; signals: RunSignals; log: (message: string, error?: unknown) => void }) {
    this.#pool = options.pool;
    this.#config = options.config;
    this.#signals = options.signals;
    this.#log = options.log;
  }

  /** Listens for the other instances' signals and starts relaying this one's. */
  async start(): Promise<void> {
    await this.#listen();
    this.#signals.relayTo(this);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#signals.relayTo(null);
    clearTimeout(this.#reconnect);
    const listener = this.#listener;
    this.#listener = null;
    await listener?.end().catch(() => undefined);
  }

  publish(signal: SharedSignal, runId: string): void {
    if (this.#stopped) return;
    this.#outbox.add(JSON.stringify({ from: this.#from, signal, runId }));
    this.#schedule();
  }

  #schedule(): void {
    if (this.#flushing || this.#stopped) return;
    this.#flushing = true;
    setImmediate(() => void this.#flush());
  }

  async #flush(): Promise<void> {
    const batch = [...this.#outbox];
    this.#outbox = new Set();
    try {
      if (batch.length > 0) await this.#pool.query(`SELECT pg_notify('${SIGNAL_CHANNEL}', m) FROM unnest($1::text[]) AS m`, [batch]);
    } catch (error) {
      // Other instances miss these signals; their readers still look again on their own schedule.
      if (!this.#stopped) this.#log("Telling other instances about run changes failed.", error);
    } finally {
      this.#flushing = false;
      if (this.#outbox.size > 0) this.#schedule();
    }
  }

  async #listen(): Promise<void> {
    const client = new pg.Client(this.#config);
    client.on("notification", (n) => this.#received(n.payload));
    client.on("error", (error) => this.#lost(client, error));
    client.on("end", () => this.#lost(client));
    await client.connect();
    await client.query(`LISTEN ${SIGNAL_CHANNEL}`);
    this.#listener = client;
  }

  #received(payload: string | undefined): void {
    let parsed: z.infer<typeof message>;
    try {
      parsed = message.parse(JSON.parse(payload ?? ""));
    } catch (error) {
      this.#log(`Ignored a malformed notification on ${SIGNAL_CHANNEL}.`, error);
      return;
    }
    // NOTIFY reaches the sender too; this process told its own listeners already.
    if (parsed.from !== this.#from) this.#signals.received(parsed.signal, parsed.runId);
  }

  #lost(client: pg.Client, error?: unknown): void {
    if (this.#stopped || this.#listener !== client) return;
    this.#listener = null;
    this.#log("Lost the connection that listens for other instances' run signals; listening again shortly.", error);
    void client.end().catch(() => undefined);
    const retry = () => {
      this.#reconnect = setTimeout(() => {
        if (this.#stopped) return;
        this.#listen().catch((e: unknown) => {
          this.#log("Listening for other instances' run signals failed; trying again.", e);
          retry();
        });
      }, RECONNECT_MS);
      this.#reconnect.unref();
    };
    retry();
  }
}
