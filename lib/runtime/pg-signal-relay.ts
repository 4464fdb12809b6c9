import { randomUUID } from "node:crypto";
import pg from "pg";
import { z } from "zod";
import type { RunSignals, SharedSignal, SignalRelay } from "./signals";

/** The channel of "changed" signals: only instances that serve readers (event streams, `Prefer: wait`) listen. */
export const CHANGED_CHANNEL = "hitl_run_changed";
/** The channel of "cancelled" signals: every instance listens (its worker may be executing the run). */
export const CANCELLED_CHANNEL = "hitl_run_cancelled";
const channelOf = { changed: CHANGED_CHANNEL, cancelled: CANCELLED_CHANNEL } as const;
/** After a lost connection, listen again this soon. */
const RECONNECT_MS = 500;

const message = z.object({ from: z.string(), signal: z.enum(["changed", "cancelled"]), runId: z.string() });

/**
 * Shares run signals between the instances of one PostgreSQL database with LISTEN/NOTIFY: a write or a cancel on
 * one instance wakes the event streams, waiters and the executing worker on every other at once. Notifications
 * are sent after the write committed (the signalling store tells after its write returns), so a woken reader sees
 * it. Signals queued in the same tick go out in one statement. An instance without readers (a worker process) does
 * not listen for "changed": every listening connection is sent every notification on its channels, so with each
 * instance hearing every write the work per run grew with the number of instances.
 */
export class PgSignalRelay implements SignalRelay {
  readonly #from = randomUUID();
  readonly #pool: pg.Pool;
  readonly #config: pg.ClientConfig;
  readonly #signals: RunSignals;
  readonly #log: (message: string, error?: unknown) => void;
  readonly #channels: readonly string[];
  #listener: pg.Client | null = null;
  /** Messages to send, each with its channel (a Map: the same signal queued twice in a tick goes once). */
  #outbox = new Map<string, string>();
  #flushing = false;
  #stopped = false;
  #reconnect: NodeJS.Timeout | undefined;

  /** `readers: false` on an instance that serves no event stream or waiting request: it hears only cancellations. */
  constructor(options: { pool: pg.Pool; config: pg.ClientConfig; signals: RunSignals; readers?: boolean; log: (message: string, error?: unknown) => void }) {
    this.#pool = options.pool;
    this.#config = options.config;
    this.#signals = options.signals;
    this.#log = options.log;
    this.#channels = options.readers === false ? [CANCELLED_CHANNEL] : [CHANGED_CHANNEL, CANCELLED_CHANNEL];
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
    this.#outbox.set(JSON.stringify({ from: this.#from, signal, runId }), channelOf[signal]);
    this.#schedule();
  }

  #schedule(): void {
    if (this.#flushing || this.#stopped) return;
    this.#flushing = true;
    setImmediate(() => void this.#flush());
  }

  async #flush(): Promise<void> {
    const batch = [...this.#outbox];
    this.#outbox = new Map();
    try {
      if (batch.length > 0) {
        await this.#pool.query(`SELECT pg_notify(c, m) FROM unnest($1::text[], $2::text[]) AS t(c, m)`, [batch.map(([, c]) => c), batch.map(([m]) => m)]);
      }
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
    client.on("notification", (n) => this.#received(n.channel, n.payload));
    client.on("error", (error) => this.#lost(client, error));
    client.on("end", () => this.#lost(client));
    await client.connect();
    for (const channel of this.#channels) await client.query(`LISTEN ${channel}`);
    this.#listener = client;
  }

  #received(channel: string, payload: string | undefined): void {
    let parsed: z.infer<typeof message>;
    try {
      parsed = message.parse(JSON.parse(payload ?? ""));
    } catch (error) {
      this.#log(`Ignored a malformed notification on ${channel}.`, error);
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
