import type { SqlDriverAdapter } from "@prisma/driver-adapter-utils";
import {
  type JournalEntry,
  parseJournalEntry,
  RunConflictError,
  RunNotFoundError,
  type RunOutputJSON,
  type StoredRun,
  type WorkflowEventJSON,
  type WorkflowRunJSON,
} from "@/lib/engine";
import type { AuthStore } from "@/lib/auth/store";
import { PrismaIdempotencyKeyStore, PrismaLeaseStore } from "./leases";
import { PrismaTeamInbox } from "./team-inbox";
import type { TeamInboxStore } from "./team-inbox-store";
import type { AppStore, RunStatusRow, IdempotencyKeyStore, LeaseStore, Page, PendingRequirementRow, RequirementFilter, RunFilter, RunSummaryRow, RunUpdateOptions } from "./app-store";
import { loadAgentRun, saveAgentRun } from "./agent-runs";
import { pendingRequirementsPage, runsPage, runStatus } from "./app-queries";
import { auditRow } from "./audit-rows";
import { PrismaAuthStore } from "./auth-store";
import { PrismaPolicyStore, type PolicyStore } from "./policy-store";
import type { SharedAdapter } from "./adapters";
import { eventRetention } from "./event-payloads";
import { fingerprints, MAX_KNOWN, requirementsKey, requirementWrite, type Known } from "./known-runs";
import type { RunStatements } from "./run-statements";
import { EXECUTOR_PAUSE, FINISHED, eventFromRow, eventRows, journalRow, requirementCounts, requirementRows, runRow, runUpdateRow, snapshotFromRows } from "./rows";
import { reportQueries, type PrismaStoreOptions, type StoreClient } from "./store-client";

export { likeContaining } from "./history-search";
export { queryLogOptions, type PrismaStoreOptions, type QueryLog, type StoreClient } from "./store-client";

const requirementSelect = { kind: true, parentId: true, data: true } as const;
const orderByPosition = { orderBy: { position: "asc" } } as const;

/**
 * The Store and AppStore over a Prisma client. The engine's writes and loads go through hand-written
 * statements on the client's own connection; the app's queries (inbox, history, events) through the client.
 */
export class PrismaStore implements AppStore {
  protected readonly client: StoreClient;
  readonly #shared: SharedAdapter;
  readonly #statements: (adapter: SqlDriverAdapter) => RunStatements;
  readonly #known = new Map<string, Known>();
  #sql: RunStatements | undefined;
  #ready: Promise<void> | undefined;
  readonly #release: () => Promise<void>;
  readonly #retained: (events: readonly WorkflowEventJSON[]) => readonly WorkflowEventJSON[];

  /**
   * `statements` builds the engine's hot path on the connected adapter; `release` runs on close(): it
   * disconnects the client, or gives back a shared one.
   */
  constructor(
    connection: { client: StoreClient; shared: SharedAdapter; statements: (adapter: SqlDriverAdapter) => RunStatements; release: () => Promise<void> },
    options: PrismaStoreOptions = {},
  ) {
    const { client, shared } = connection;
    this.#release = connection.release;
    this.client = client;
    this.#shared = shared;
    this.#statements = connection.statements;
    reportQueries(client, options.onQuery);
    this.#retained = eventRetention(options.eventPayloads);
  }

  /** For subclasses that must prepare the database (migrations, settings) before the first query. */
  protected prepare(): Promise<void> {
    return Promise.resolve();
  }

  protected ready(): Promise<void> {
    if (!this.#ready) {
      const ready = (async () => {
        await this.prepare();
        await this.client.$connect();
        this.#sql = this.#statements(this.#shared.current);
      })();
      ready.catch(() => {
        this.#ready = undefined;
      });
      this.#ready = ready;
    }
    return this.#ready;
  }

  /** Connects and brings the schema up to date now rather than at the first query. */
  open(): Promise<void> {
    return this.ready();
  }

  get #runs(): RunStatements {
    if (!this.#sql) throw new Error("The store is not ready: await ready() first.");
    return this.#sql;
  }

  async insertRun(run: WorkflowRunJSON, events: WorkflowEventJSON[]): Promise<number> {
    await this.ready();
    const requirements = requirementRows(run);
    const counts = requirementCounts(requirements);
    if (!(await this.#runs.insertRun(runRow(run, counts), requirements, eventRows(run.runId, this.#retained(events), 1)))) {
      throw new RunConflictError(run.runId, "a run with this id already exists.");
    }
    this.#remember(run, { version: 1, eventCount: events.length, requirementsKey: requirementsKey(run), counts, rows: fingerprints(requirements) });
    return 1;
  }

  async updateRun(run: WorkflowRunJSON, options: RunUpdateOptions): Promise<number> {
    await this.ready();
    const sql = this.#runs;
    const { expectedVersion } = options;
    const events = options.events ?? [];
    let known = this.#known.get(run.runId);
    if (known?.version !== expectedVersion) {
      const current = await sql.versionOf(run.runId);
      if (!current) throw new RunNotFoundError(run.runId);
      if (current.version !== expectedVersion) throw new RunConflictError(run.runId);
      known = { ...current, requirementsKey: null, counts: { pendingCount: 0, decisionCount: 0 }, rows: null };
    }
    const base = known;
    const key = requirementsKey(run);
    // Requirements change only at pauses and resolutions; a plain step leaves their rows alone.
    const requirements = key === base.requirementsKey ? null : requirementRows(run);
    const counts = requirements ? requirementCounts(requirements) : base.counts;
    let eventCount = base.eventCount + events.length;
    let written = false;
    try {
      // Events appended by another writer at the same version (a cancel while the worker's log flushes) move the
      // count on without moving the version: the update then goes after them.
      for (let attempt = 0; !written && attempt < 5; attempt++) {
        if (attempt > 0) {
          const current = await sql.versionOf(run.runId);
          if (!current) throw new RunNotFoundError(run.runId);
          if (current.version !== expectedVersion) throw new RunConflictError(run.runId);
          base.eventCount = current.eventCount;
          eventCount = base.eventCount + events.length;
        }
        written = await sql.updateRun({
          runId: run.runId,
          row: runUpdateRow(run, counts),
          expectedVersion,
          eventCount,
          events: eventRows(run.runId, this.#retained(events), base.eventCount + 1),
          requirements: requirements ? requirementWrite(requirements, base.rows) : null,
          audit: (options.audit ?? []).map(auditRow),
        });
      }
    } finally {
      if (!written) this.#known.delete(run.runId);
    }
    if (!written) {
      throw (await sql.versionOf(run.runId)) ? new RunConflictError(run.runId) : new RunNotFoundError(run.runId);
    }
    const version = expectedVersion + 1;
    this.#remember(run, { version, eventCount, requirementsKey: key, counts, rows: requirements ? fingerprints(requirements) : base.rows });
    return version;
  }

  async appendEvents(runId: string, events: WorkflowEventJSON[], options: { expectedVersion: number }): Promise<void> {
    if (events.length === 0) return;
    await this.ready();
    const sql = this.#runs;
    const { expectedVersion } = options;
    const known = this.#known.get(runId);
    let eventCount = known?.version === expectedVersion ? known.eventCount : null;
    if (eventCount === null) {
      const current = await sql.versionOf(runId);
      if (!current) throw new RunNotFoundError(runId);
      if (current.version !== expectedVersion) throw new RunConflictError(runId);
      eventCount = current.eventCount;
    }
    if (!(await sql.appendEvents(runId, expectedVersion, eventCount, eventRows(runId, this.#retained(events), eventCount + 1)))) {
      this.#known.delete(runId);
      throw (await sql.versionOf(runId)) ? new RunConflictError(runId) : new RunNotFoundError(runId);
    }
    if (known?.version === expectedVersion) known.eventCount = eventCount + events.length;
  }

  /**
   * Loads many snapshots at once (a restore, an import from another store), each as version 1 with
   * no events, in one transaction. Much faster than insertRun one by one.
   */
  async importRuns(runs: readonly WorkflowRunJSON[]): Promise<void> {
    await this.ready();
    const requirements = runs.map((run) => requirementRows(run));
    const rows = runs.map((run, i) => runRow(run, requirementCounts(requirements[i] ?? [])));
    if (!(await this.#runs.importRuns(rows, requirements.flat()))) {
      throw new RunConflictError(runs[0]?.runId ?? "?", "one of the imported runs already exists.");
    }
  }

  async getRun(runId: string): Promise<StoredRun | null> {
    await this.ready();
    const loaded = await this.#runs.loadRun(runId);
    return loaded ? { run: snapshotFromRows(loaded.row, loaded.requirements), version: loaded.row.version } : null;
  }

  async getRunStatus(runId: string): Promise<RunStatusRow | null> {
    await this.ready();
    return runStatus(this.client, runId);
  }

  async listSessionRuns(sessionId: string): Promise<StoredRun[]> {
    await this.ready();
    const rows = await this.client.run.findMany({
      where: { sessionId },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      include: { requirements: { select: requirementSelect, ...orderByPosition } },
    });
    return rows.map((row) => ({ run: snapshotFromRows(row, row.requirements), version: row.version }));
  }

  async listEvents(runId: string, options: { afterSeq?: number; limit?: number } = {}): Promise<WorkflowEventJSON[]> {
    await this.ready();
    const rows = await this.client.event.findMany({
      where: { runId, seq: { gt: options.afterSeq ?? 0 } },
      orderBy: { seq: "asc" },
      ...(options.limit === undefined ? {} : { take: options.limit }),
      select: { runId: true, seq: true, event: true, stepName: true, createdAt: true, data: true },
    });
    return rows.map(eventFromRow);
  }

  async readJournal(runId: string): Promise<JournalEntry[]> {
    await this.ready();
    return (await this.#runs.readJournal(runId)).map((r) => parseJournalEntry(runId, { key: r.key, kind: r.kind, ...(JSON.parse(r.data) as object) }));
  }

  async writeJournal(runId: string, entry: JournalEntry, options: { expectedVersion: number }): Promise<void> {
    await this.ready();
    const sql = this.#runs;
    const outcome = await sql.writeJournal(journalRow(runId, entry), options.expectedVersion);
    if (outcome === "taken") throw new RunConflictError(runId, `its journal already holds an entry at ${entry.key}: another worker recorded it, so this one has lost the run.`);
    if (outcome === "stale") throw (await sql.versionOf(runId)) ? new RunConflictError(runId) : new RunNotFoundError(runId);
  }

  async saveAgentRun(run: RunOutputJSON): Promise<void> {
    await this.ready();
    await saveAgentRun(this.client, run);
  }

  async getAgentRun(runId: string): Promise<RunOutputJSON | null> {
    await this.ready();
    return loadAgentRun(this.client, runId);
  }

  async listPendingRequirements(filter: RequirementFilter): Promise<Page<PendingRequirementRow>> {
    await this.ready();
    return pendingRequirementsPage(this.client, filter);
  }

  async countPendingRequirements(): Promise<number> {
    await this.ready();
    return this.client.requirement.count({ where: { status: "pending", kind: { not: EXECUTOR_PAUSE } } });
  }

  async listRuns(filter: RunFilter): Promise<Page<RunSummaryRow>> {
    await this.ready();
    // SQLite finds text through its FTS5 index; PostgreSQL's LIKE is served by its trigram index.
    return runsPage(this.client, filter, this.#shared.factory.provider === "sqlite" ? "fts5" : "like");
  }

  async listRunsWithExpiredGates(now: Date, limit: number): Promise<string[]> {
    await this.ready();
    // Grouped so that a run with many due requirements (a pause on parallel tool calls) fills one place of the page.
    const rows = await this.client.requirement.groupBy({
      by: ["runId"],
      where: { status: "pending", timeoutAt: { lte: now } },
      _min: { timeoutAt: true },
      orderBy: [{ _min: { timeoutAt: "asc" } }, { runId: "asc" }],
      take: limit,
    });
    return rows.map((r) => r.runId);
  }

  async findRequirementRun(requirementId: string): Promise<{ runId: string } | null> {
    await this.ready();
    return this.client.requirement.findUnique({ where: { id: requirementId }, select: { runId: true } });
  }

  /** Users, sessions, API tokens and the audit log, on this database's connection. */
  auth(): AuthStore {
    return new PrismaAuthStore(this.client, () => this.ready());
  }

  /** Standing policies, on this database's connection. */
  policies(): PolicyStore {
    return new PrismaPolicyStore(this.client, () => this.ready());
  }

  teamInbox(): TeamInboxStore {
    return new PrismaTeamInbox(this.client, () => this.ready());
  }

  async close(): Promise<void> {
    await this.#release();
  }

  leases(): LeaseStore {
    return new PrismaLeaseStore(this.client, () => this.ready());
  }

  idempotencyKeys(): IdempotencyKeyStore {
    return new PrismaIdempotencyKeyStore(this.client, () => this.ready());
  }

  #remember(run: WorkflowRunJSON, known: Known): void {
    this.#known.delete(run.runId);
    if (FINISHED.has(run.status)) return;
    if (this.#known.size >= MAX_KNOWN) {
      const oldest = this.#known.keys().next();
      if (!oldest.done) this.#known.delete(oldest.value);
    }
    this.#known.set(run.runId, known);
  }
}

