import type { AppStore, AuditedStore } from "@/lib/db/app-store";
import { LocalDispatcher } from "./dispatcher";
import type { RuntimeSettings } from "./settings";
import { RunSignals } from "./signals";
import { signallingStore } from "./signalling-store";
import { Worker, type WorkflowResolver } from "./worker";

/**
 * Everything that makes runs happen in this process: the signals, the store the engine writes through, and —
 * unless the instance is web-only — the worker and its dispatcher.
 */
export class Runtime {
  readonly db: AppStore;
  readonly signals = new RunSignals();
  readonly settings: RuntimeSettings;
  /** The store the engine writes through: every write is signalled. */
  readonly store: AuditedStore;
  readonly worker: Worker | null;
  readonly #dispatcher: LocalDispatcher | null;

  constructor(db: AppStore, resolve: WorkflowResolver, settings: RuntimeSettings) {
    this.db = db;
    this.settings = settings;
    this.store = signallingStore(db, this.signals);
    if (settings.concurrency === 0) {
      this.worker = null;
      this.#dispatcher = null;
      return;
    }
    this.worker = new Worker({ store: this.store, leases: db.leases(), signals: this.signals, resolve, settings });
    this.#dispatcher = new LocalDispatcher({ leases: db.leases(), worker: this.worker, signals: this.signals, concurrency: settings.concurrency, pollMs: settings.pollMs });
  }

  /** Starts taking runs (nothing for a web-only instance). */
  start(): void {
    this.#dispatcher?.start();
  }

  /** Stops taking runs and waits for the runs executing here to stop. */
  async stop(): Promise<void> {
    this.worker?.abortAll("The server is shutting down.");
    await this.#dispatcher?.stop();
  }
}
