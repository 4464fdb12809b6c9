import type { SqlDriverAdapter } from "@prisma/driver-adapter-utils";
import { Prisma, type PrismaClient } from "./generated/sqlite/client";
import { RunConflictError, RunNotFoundError } from "@/lib/engine/errors";
import type { WorkflowEventJSON } from "@/lib/engine/events";
import { parseJournalEntry, type JournalEntry } from "@/lib/engine/journal";
import type { JsonObject, JsonValue } from "@/lib/engine/json";
import type { ExecutorType } from "@/lib/engine/requirements";
import type { RunOutputJSON } from "@/lib/engine/run-output";
import type { StoredRun } from "@/lib/engine/store";
import type { UserInputField } from "@/lib/engine/user-input";
import type { RequirementKind, StepType, WorkflowRunJSON, WorkflowRunStatus } from "@/lib/engine/workflow/snapshot";
import type { AuthStore } from "@/lib/auth/store";
import { PrismaIdempotencyKeyStore, PrismaLeaseStore } from "./leases";
import type { AppStore, RunStatusRow, IdempotencyKeyStore, LeaseStore, Page, PendingRequirementRow, RequirementFilter, RunFilter, RunSummaryRow, RunUpdateOptions } from "./app-store";
import { auditRow } from "./audit-rows";
import { UnknownRowValueError } from "./errors";
import { PrismaAuthStore } from "./auth-store";
import type { SharedAdapter } from "./adapters";
import { decodeCursor, encodeCursor } from "./cursor";
import type { RequirementWrite, RunStatements } from "./run-statements";
import {
  EXECUTOR_PAUSE,
  endedUndecided,
  FINISHED,
  eventFromRow,
  eventRows,
  journalRow,
  requirementCounts,
  requirementRows,
  runRow,
  runUpdateRow,
  snapshotFromRows,
  type RequirementCounts,
  type RequirementRow,
} from "./rows";

/**
 * The two generated clients (SQLite, PostgreSQL) come from schemas with identical models; the store
 * is written against the SQLite client's types and uses only what both providers support.
 */
export type StoreClient = PrismaClient;

/** One query the Prisma client ran: what `onQuery` receives. */
export interface QueryLog {
  sql: string;
  /** The bound values, as a JSON array. */
  params: string;
  durationMs: number;
}

export interface PrismaStoreOptions {
  /** Called with every query of the app's lookups (inbox, history, events), e.g. to EXPLAIN or time them. */
  onQuery?: (query: QueryLog) => void;
}

/** What this object last wrote for a run: valid only while the stored version is still `version`. */
interface Known {
  version: number;
  eventCount: number;
  requirementsKey: string | null;
  counts: RequirementCounts;
  /** Fingerprint of each stored requirement row, by id; null when not known. */
  rows: Map<string, string> | null;
}

/** Everything a requirement row is built from: equal fingerprints mean equal rows. */
const fingerprint = (r: RequirementRow): string => `${r.position}\u0000${r.status}\u0000${r.message ?? ""}\u0000${r.timeoutAt?.getTime() ?? ""}\u0000${r.data}`;
const fingerprints = (rows: readonly RequirementRow[]) => new Map(rows.map((r) => [r.id, fingerprint(r)]));

const MAX_KNOWN = 10_000;

const RUN_STATUSES: ReadonlySet<string> = new Set<WorkflowRunStatus>(["pending", "running", "paused", "completed", "error", "cancelled"]);
const isRunStatus = (status: string): status is WorkflowRunStatus => RUN_STATUSES.has(status);

const requirementSelect = { kind: true, parentId: true, data: true } as const;
const orderByPosition = { orderBy: { position: "asc" } } as const;

type QueryEvents = { $on(event: "query", listener: (e: { query: string; params: string; duration: number }) => void): void };

/** Client options that turn on query events when the store was asked to report its queries. */
export function queryLogOptions(options: PrismaStoreOptions): { log?: [{ emit: "event"; level: "query" }] } {
  return options.onQuery ? { log: [{ emit: "event", level: "query" }] } : {};
}

interface InboxRow {
  id: string;
  runId: string;
  workflowName: string;
  stepName: string;
  stepPath: string;
  stepType: string;
  stepIndex: number | bigint | null;
  kind: string;
  executorName: string | null;
  executorType: string | null;
  memberName: string | null;
  toolName: string | null;
  toolArgs: string | null;
  userInputSchema: string | null;
  message: string | null;
  details: string | null;
  /** A Date or an ISO string, depending on the driver. */
  createdAt: Date | string;
  /** A number or a bigint, depending on the driver. */
  version: number | bigint;
}

interface HistoryRow {
  id: string;
  sessionId: string;
  workflowName: string;
  status: string;
  pauseKind: string | null;
  pausedStepName: string | null;
  input: string;
  leaseExpiresAt: Date | string | number | bigint | null;
  recoveries: number | bigint;
  createdAt: Date | string;
  updatedAt: Date | string;
  decisionCount: number | bigint;
  pendingCount: number | bigint;
  createdBy: string | null;
  /** 1 or 0, as a number or a bigint depending on the driver. */
  retryable: number | bigint;
}

/** The one escape character of the history's LIKE, bound as a value so no dialect reads it as a string escape. */
const LIKE_ESCAPE = "\\";

/** A LIKE pattern that matches `text` anywhere, with LIKE's own characters (%, _ and the escape) taken literally. */
export function likeContaining(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `${LIKE_ESCAPE}${c}`)}%`;
}

const parse = <T>(text: string | null): T | null => (text === null ? null : (JSON.parse(text) as T));

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
    const onQuery = options.onQuery;
    if (onQuery) {
      (client as unknown as QueryEvents).$on("query", (e) => onQuery({ sql: e.query, params: e.params, durationMs: e.duration }));
    }
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
    if (!(await this.#runs.insertRun(runRow(run, counts), requirements, eventRows(run.runId, events, 1)))) {
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
          events: eventRows(run.runId, events, base.eventCount + 1),
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
    if (!(await sql.appendEvents(runId, expectedVersion, eventCount, eventRows(runId, events, eventCount + 1)))) {
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
    const row = await this.client.run.findUnique({ where: { id: runId }, select: { status: true, version: true } });
    if (!row) return null;
    if (!isRunStatus(row.status)) throw new UnknownRowValueError(`Run ${runId} has the status "${row.status}", which this version of the app does not know. Was it written by a newer version? Upgrade this instance.`);
    return { status: row.status, version: row.version };
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
    return (await this.#runs.readJournal(runId)).map((data) => parseJournalEntry(runId, JSON.parse(data)));
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
    const row = {
      sessionId: run.sessionId ?? null,
      executorName: run.executorName,
      executorType: run.executorType,
      status: run.status,
      data: JSON.stringify(run),
      updatedAt: new Date(run.updatedAt),
    };
    // In a transaction so that, on SQLite's single connection, it never lands inside a run update.
    await this.client.$transaction([
      this.client.agentRun.upsert({
        where: { id: run.runId },
        create: { id: run.runId, ...row, createdAt: new Date(run.createdAt) },
        update: row,
        select: { id: true },
      }),
    ]);
  }

  async getAgentRun(runId: string): Promise<RunOutputJSON | null> {
    await this.ready();
    const row = await this.client.agentRun.findUnique({ where: { id: runId }, select: { data: true } });
    return row ? (JSON.parse(row.data) as RunOutputJSON) : null;
  }

  async listPendingRequirements(filter: RequirementFilter): Promise<Page<PendingRequirementRow>> {
    await this.ready();
    const after = filter.cursor ? decodeCursor(filter.cursor) : null;
    // One statement with the run's version joined in: the client's relation load would be a second round trip.
    const rows = await this.client.$queryRaw<InboxRow[]>`
      SELECT q."id", q."run_id" AS "runId", q."workflow_name" AS "workflowName", q."step_name" AS "stepName",
             q."step_path" AS "stepPath", q."step_type" AS "stepType", q."step_index" AS "stepIndex", q."kind", q."executor_name" AS "executorName",
             q."executor_type" AS "executorType", q."member_name" AS "memberName", q."tool_name" AS "toolName",
             q."tool_args" AS "toolArgs", q."user_input_schema" AS "userInputSchema", q."message", q."details",
             q."created_at" AS "createdAt", r."version"
      FROM "requirements" q JOIN "runs" r ON r."id" = q."run_id"
      WHERE q."status" = 'pending' AND q."kind" <> ${EXECUTOR_PAUSE}
        ${filter.workflowName !== undefined ? Prisma.sql`AND q."workflow_name" = ${filter.workflowName}` : Prisma.empty}
        ${after ? Prisma.sql`AND q."created_at" >= ${after.at} AND (q."created_at" > ${after.at} OR q."id" > ${after.id})` : Prisma.empty}
      ORDER BY q."created_at", q."id"
      LIMIT ${filter.limit + 1}`;
    const page = rows.slice(0, filter.limit);
    const last = page.at(-1);
    return {
      items: page.map((r) => ({
        id: r.id,
        version: Number(r.version),
        runId: r.runId,
        workflowName: r.workflowName,
        stepName: r.stepName,
        stepPath: JSON.parse(r.stepPath) as string[],
        stepType: r.stepType as StepType,
        stepIndex: r.stepIndex === null ? null : Number(r.stepIndex),
        kind: r.kind as RequirementKind,
        executorName: r.executorName,
        executorType: r.executorType as ExecutorType | null,
        memberName: r.memberName,
        toolName: r.toolName,
        toolArgs: parse<JsonObject>(r.toolArgs),
        userInputSchema: parse<UserInputField[]>(r.userInputSchema),
        message: r.message,
        details: parse<JsonValue>(r.details),
        createdAt: new Date(r.createdAt).toISOString(),
      })),
      nextCursor: rows.length > filter.limit && last ? encodeCursor(new Date(last.createdAt), last.id) : null,
    };
  }

  async countPendingRequirements(): Promise<number> {
    await this.ready();
    return this.client.requirement.count({ where: { status: "pending", kind: { not: EXECUTOR_PAUSE } } });
  }

  async listRuns(filter: RunFilter): Promise<Page<RunSummaryRow>> {
    await this.ready();
    const before = filter.cursor ? decodeCursor(filter.cursor) : null;
    const q = filter.q?.trim().toLowerCase();
    // Raw SQL for the ESCAPE clause: the client's `contains` leaves % and _ live, and SQLite has no default escape.
    const rows = await this.client.$queryRaw<HistoryRow[]>`
      SELECT "id", "session_id" AS "sessionId", "workflow_name" AS "workflowName", "status", "pause_kind" AS "pauseKind",
             "paused_step_name" AS "pausedStepName", "input", "lease_expires_at" AS "leaseExpiresAt", "recoveries",
             "created_at" AS "createdAt", "updated_at" AS "updatedAt", "decision_count" AS "decisionCount",
             "pending_count" AS "pendingCount", "created_by" AS "createdBy",
             CASE WHEN "status" = 'error' AND "resume_state" IS NOT NULL THEN 1 ELSE 0 END AS "retryable"
      FROM "runs"
      WHERE 1 = 1
        ${filter.status !== undefined ? Prisma.sql`AND "status" = ${filter.status}` : Prisma.empty}
        ${filter.workflowName !== undefined ? Prisma.sql`AND "workflow_name" = ${filter.workflowName}` : Prisma.empty}
        ${q ? Prisma.sql`AND "input_text" LIKE ${likeContaining(q)} ESCAPE ${LIKE_ESCAPE}` : Prisma.empty}
        ${before ? Prisma.sql`AND "created_at" <= ${before.at} AND ("created_at" < ${before.at} OR "id" < ${before.id})` : Prisma.empty}
      ORDER BY "created_at" DESC, "id" DESC
      LIMIT ${filter.limit + 1}`;
    const page = rows.slice(0, filter.limit);
    const last = page.at(-1);
    return {
      items: page.map((r) => {
        const input = JSON.parse(r.input) as JsonValue;
        const text = typeof input === "string" ? input : JSON.stringify(input);
        const createdAt = new Date(r.createdAt);
        const updatedAt = new Date(r.updatedAt);
        return {
          runId: r.id,
          sessionId: r.sessionId,
          workflowName: r.workflowName,
          status: r.status as WorkflowRunStatus,
          recoveries: Number(r.recoveries),
          leaseExpiresAt: r.leaseExpiresAt === null ? null : new Date(typeof r.leaseExpiresAt === "bigint" ? Number(r.leaseExpiresAt) : r.leaseExpiresAt).toISOString(),
          pauseKind: r.pauseKind,
          pausedStepName: r.pausedStepName,
          inputSummary: text.length > 200 ? `${text.slice(0, 199)}…` : text,
          createdAt: createdAt.toISOString(),
          updatedAt: updatedAt.toISOString(),
          durationMs: FINISHED.has(r.status) ? updatedAt.getTime() - createdAt.getTime() : null,
          decisionCount: Number(r.decisionCount),
          pendingCount: Number(r.pendingCount),
          createdBy: r.createdBy,
          retryable: Number(r.retryable) === 1,
        };
      }),
      nextCursor: rows.length > filter.limit && last ? encodeCursor(new Date(last.createdAt), last.id) : null,
    };
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

/**
 * How to bring the run's requirement rows in line with `rows`. Knowing what is stored, only new and
 * changed rows are written (a resolution touches one row); otherwise all are replaced.
 */
function requirementWrite(rows: readonly RequirementRow[], stored: Map<string, string> | null): RequirementWrite {
  if (!stored) return { replace: rows };
  const current = new Set(rows.map((r) => r.id));
  return {
    deleted: [...stored.keys()].filter((id) => !current.has(id)),
    upserted: rows.filter((r) => stored.get(r.id) !== fingerprint(r)),
  };
}

/** Tells whether the stored requirement rows still match the snapshot. */
function requirementsKey(run: WorkflowRunJSON): string {
  // A requirement still pending when the run ends is stored as closed: that changes its row, not its JSON.
  return JSON.stringify([run.stepRequirements, run.errorRequirements, run.workflowName, endedUndecided(run)]);
}
