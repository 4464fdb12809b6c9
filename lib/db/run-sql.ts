// The engine's hot path (insert, update with the version check, load) as hand-written SQL on the
// Prisma driver adapter the client itself uses. A Prisma client call costs ~100-300 µs here; a
// persisted step must stay under 70 µs, so these three skip the query compiler.
import type { ArgType, SqlDriverAdapter, SqlQuery, SqlQueryable, Transaction } from "@prisma/driver-adapter-utils";
import type { EventRow, ImmutableRunColumn, RequirementRow, RunRow, RunUpdateRow } from "./rows";

export type Dialect = "sqlite" | "postgres";
type Value = string | number | Date | null;

// Column names as mapped in prisma/schema.prisma; the integration tests run these against both databases.
const RUN_COLUMNS: { [K in keyof RunRow]: string } = {
  id: "id",
  sessionId: "session_id",
  workflowName: "workflow_name",
  status: "status",
  pauseKind: "pause_kind",
  pausedStepName: "paused_step_name",
  pausedStepPath: "paused_step_path",
  input: "input",
  inputText: "input_text",
  content: "content",
  error: "error",
  cancelledStepName: "cancelled_step_name",
  cancelReason: "cancel_reason",
  stepResults: "step_results",
  resumeState: "resume_state",
  ownerPid: "owner_pid",
  ownerHost: "owner_host",
  ownerSince: "owner_since",
  createdBy: "created_by",
  pendingCount: "pending_count",
  decisionCount: "decision_count",
  createdAt: "created_at",
  updatedAt: "updated_at",
};

const REQUIREMENT_COLUMNS: { [K in keyof RequirementRow]: string } = {
  id: "id",
  runId: "run_id",
  workflowName: "workflow_name",
  position: "position",
  parentId: "parent_id",
  kind: "kind",
  status: "status",
  resolution: "resolution",
  stepName: "step_name",
  stepPath: "step_path",
  stepType: "step_type",
  executorId: "executor_id",
  executorName: "executor_name",
  executorType: "executor_type",
  memberName: "member_name",
  toolName: "tool_name",
  toolArgs: "tool_args",
  proposedArgs: "proposed_args",
  userInputSchema: "user_input_schema",
  message: "message",
  details: "details",
  note: "note",
  resolvedBy: "resolved_by",
  resolvedAt: "resolved_at",
  timeoutAt: "timeout_at",
  createdAt: "created_at",
  data: "data",
};

const EVENT_COLUMNS: { [K in keyof EventRow]: string } = {
  runId: "run_id",
  seq: "seq",
  event: "event",
  stepName: "step_name",
  createdAt: "created_at",
  data: "data",
};

const RUN_KEYS = Object.keys(RUN_COLUMNS) as (keyof RunRow)[];
const IMMUTABLE: ReadonlySet<string> = new Set<ImmutableRunColumn>(["id", "sessionId", "workflowName", "input", "inputText", "createdBy", "createdAt"]);
const RUN_UPDATE_KEYS = RUN_KEYS.filter((k): k is keyof RunUpdateRow => !IMMUTABLE.has(k));
const REQUIREMENT_KEYS = Object.keys(REQUIREMENT_COLUMNS) as (keyof RequirementRow)[];
const EVENT_KEYS = Object.keys(EVENT_COLUMNS) as (keyof EventRow)[];
/** Rows per INSERT: keeps the bound parameters far below SQLite's and PostgreSQL's limits. */
const CHUNK = 200;

const TYPES = {
  string: { scalarType: "string", arity: "scalar" },
  int: { scalarType: "int", arity: "scalar" },
  datetime: { scalarType: "datetime", arity: "scalar" },
  unknown: { scalarType: "unknown", arity: "scalar" },
} as const satisfies Record<string, ArgType>;

function argType(value: Value): ArgType {
  if (value === null) return TYPES.unknown;
  if (value instanceof Date) return TYPES.datetime;
  return typeof value === "number" ? TYPES.int : TYPES.string;
}

/** Collects bound values and hands out the dialect's placeholders. */
class Params {
  readonly args: Value[] = [];
  readonly argTypes: ArgType[] = [];
  constructor(private readonly dialect: Dialect) {}

  add(value: Value): string {
    this.args.push(value);
    this.argTypes.push(argType(value));
    return this.dialect === "postgres" ? `$${this.args.length}` : "?";
  }

  query(sql: string): SqlQuery {
    return { sql, args: this.args, argTypes: this.argTypes };
  }
}

const quote = (name: string) => `"${name}"`;

function insertQueries<R extends object>(dialect: Dialect, table: string, columns: { [K in keyof R]: string }, keys: (keyof R)[], rows: readonly R[]): SqlQuery[] {
  const out: SqlQuery[] = [];
  for (let start = 0; start < rows.length; start += CHUNK) {
    const p = new Params(dialect);
    const values = rows
      .slice(start, start + CHUNK)
      .map((row) => `(${keys.map((k) => p.add(row[k] as Value)).join(", ")})`)
      .join(", ");
    out.push(p.query(`INSERT INTO ${quote(table)} (${keys.map((k) => quote(columns[k])).join(", ")}) VALUES ${values}`));
  }
  return out;
}

export interface LoadedRun {
  row: RunRow & { version: number };
  requirements: { kind: string; parentId: string | null; data: string }[];
}

const asDate = (value: unknown): Date => new Date(value as string);
const asDateOrNull = (value: unknown): Date | null => (value === null ? null : asDate(value));

export class RunSql {
  constructor(
    private readonly adapter: SqlDriverAdapter,
    private readonly dialect: Dialect,
  ) {}

  /** Runs `work` in one transaction; it commits when `work` returns true and rolls back otherwise. */
  async transaction(work: (tx: Transaction) => Promise<boolean>): Promise<boolean> {
    const tx = await this.adapter.startTransaction();
    let ok = false;
    try {
      ok = await work(tx);
    } finally {
      // The adapter leaves COMMIT/ROLLBACK to the caller and only releases its connection or lock.
      try {
        await tx.executeRaw({ sql: ok ? "COMMIT" : "ROLLBACK", args: [], argTypes: [] });
      } finally {
        await (ok ? tx.commit() : tx.rollback());
      }
    }
    return ok;
  }

  insertSession(tx: SqlQueryable, row: RunRow): Promise<number> {
    const p = new Params(this.dialect);
    const sql =
      `INSERT INTO "sessions" ("id", "workflow_name", "created_at", "updated_at") VALUES (${p.add(row.sessionId)}, ${p.add(row.workflowName)}, ${p.add(row.createdAt)}, ${p.add(row.updatedAt)}) ` +
      `ON CONFLICT ("id") DO UPDATE SET "updated_at" = excluded."updated_at"`;
    return tx.executeRaw(p.query(sql));
  }

  /** Many runs (version 1, no events) with their sessions, in multi-row statements. */
  async insertRuns(tx: SqlQueryable, rows: readonly RunRow[]): Promise<void> {
    const sessions = new Map<string, { id: string; workflowName: string; createdAt: Date; updatedAt: Date }>();
    for (const r of rows) if (!sessions.has(r.sessionId)) sessions.set(r.sessionId, { id: r.sessionId, workflowName: r.workflowName, createdAt: r.createdAt, updatedAt: r.updatedAt });
    const sessionColumns = { id: "id", workflowName: "workflow_name", createdAt: "created_at", updatedAt: "updated_at" } as const;
    const sessionKeys = Object.keys(sessionColumns) as (keyof typeof sessionColumns)[];
    for (const q of insertQueries(this.dialect, "sessions", sessionColumns, sessionKeys, [...sessions.values()])) {
      await tx.executeRaw({ ...q, sql: `${q.sql} ON CONFLICT ("id") DO NOTHING` });
    }
    const withVersion = rows.map((r) => ({ ...r, version: 1, eventCount: 0 }));
    const columns = { ...RUN_COLUMNS, version: "version", eventCount: "event_count" };
    for (const q of insertQueries(this.dialect, "runs", columns, Object.keys(columns) as (keyof typeof columns)[], withVersion)) await tx.executeRaw(q);
  }

  insertRun(tx: SqlQueryable, row: RunRow, eventCount: number): Promise<number> {
    const p = new Params(this.dialect);
    const columns = [...RUN_KEYS.map((k) => quote(RUN_COLUMNS[k])), '"version"', '"event_count"'];
    const values = [...RUN_KEYS.map((k) => p.add(row[k])), p.add(1), p.add(eventCount)];
    return tx.executeRaw(p.query(`INSERT INTO "runs" (${columns.join(", ")}) VALUES (${values.join(", ")})`));
  }

  /** Replaces the run row if its version is still `expectedVersion`. Returns the rows changed (0 or 1). */
  updateRun(tx: SqlQueryable, runId: string, row: RunUpdateRow, expectedVersion: number, eventCount: number): Promise<number> {
    const p = new Params(this.dialect);
    const sets = RUN_UPDATE_KEYS.map((k) => `${quote(RUN_COLUMNS[k])} = ${p.add(row[k])}`);
    sets.push(`"version" = ${p.add(expectedVersion + 1)}`, `"event_count" = ${p.add(eventCount)}`);
    return tx.executeRaw(p.query(`UPDATE "runs" SET ${sets.join(", ")} WHERE "id" = ${p.add(runId)} AND "version" = ${p.add(expectedVersion)}`));
  }

  async replaceRequirements(tx: SqlQueryable, runId: string, rows: readonly RequirementRow[]): Promise<void> {
    const p = new Params(this.dialect);
    await tx.executeRaw(p.query(`DELETE FROM "requirements" WHERE "run_id" = ${p.add(runId)}`));
    await this.insertRequirements(tx, rows);
  }

  /** Writes rows that are new or changed; an existing row is overwritten in place, so untouched indexes stay as they are. */
  async upsertRequirements(tx: SqlQueryable, rows: readonly RequirementRow[]): Promise<void> {
    const sets = REQUIREMENT_KEYS.filter((k) => k !== "id")
      .map((k) => `${quote(REQUIREMENT_COLUMNS[k])} = excluded.${quote(REQUIREMENT_COLUMNS[k])}`)
      .join(", ");
    for (const q of insertQueries(this.dialect, "requirements", REQUIREMENT_COLUMNS, REQUIREMENT_KEYS, rows)) {
      await tx.executeRaw({ ...q, sql: `${q.sql} ON CONFLICT ("id") DO UPDATE SET ${sets}` });
    }
  }

  async deleteRequirements(tx: SqlQueryable, ids: readonly string[]): Promise<void> {
    for (let start = 0; start < ids.length; start += CHUNK) {
      const p = new Params(this.dialect);
      const list = ids.slice(start, start + CHUNK).map((id) => p.add(id)).join(", ");
      await tx.executeRaw(p.query(`DELETE FROM "requirements" WHERE "id" IN (${list})`));
    }
  }

  async insertRequirements(tx: SqlQueryable, rows: readonly RequirementRow[]): Promise<void> {
    for (const q of insertQueries(this.dialect, "requirements", REQUIREMENT_COLUMNS, REQUIREMENT_KEYS, rows)) await tx.executeRaw(q);
  }

  async insertEvents(tx: SqlQueryable, rows: readonly EventRow[]): Promise<void> {
    for (const q of insertQueries(this.dialect, "events", EVENT_COLUMNS, EVENT_KEYS, rows)) await tx.executeRaw(q);
  }

  async versionOf(runId: string): Promise<{ version: number; eventCount: number } | null> {
    const p = new Params(this.dialect);
    const result = await this.adapter.queryRaw(p.query(`SELECT "version", "event_count" FROM "runs" WHERE "id" = ${p.add(runId)}`));
    const row = result.rows[0];
    return row ? { version: Number(row[0]), eventCount: Number(row[1]) } : null;
  }

  /** The run row and its requirement rows, read in one statement so both come from the same commit. */
  async loadRun(runId: string): Promise<LoadedRun | null> {
    const p = new Params(this.dialect);
    const columns = [...RUN_KEYS.map((k) => `r.${quote(RUN_COLUMNS[k])}`), 'r."version"', 'q."kind"', 'q."parent_id"', 'q."data"'];
    const result = await this.adapter.queryRaw(
      p.query(
        `SELECT ${columns.join(", ")} FROM "runs" r LEFT JOIN "requirements" q ON q."run_id" = r."id" WHERE r."id" = ${p.add(runId)} ORDER BY q."position"`,
      ),
    );
    const first = result.rows[0];
    if (!first) return null;
    const raw: Record<string, unknown> = {};
    RUN_KEYS.forEach((k, i) => (raw[k] = first[i]));
    const n = RUN_KEYS.length;
    const row = {
      ...(raw as unknown as RunRow),
      ownerPid: raw.ownerPid === null ? null : Number(raw.ownerPid),
      ownerSince: asDateOrNull(raw.ownerSince),
      pendingCount: Number(raw.pendingCount),
      decisionCount: Number(raw.decisionCount),
      createdAt: asDate(raw.createdAt),
      updatedAt: asDate(raw.updatedAt),
      version: Number(first[n]),
    };
    const requirements = result.rows
      .filter((r) => r[n + 1] !== null)
      .map((r) => ({ kind: r[n + 1] as string, parentId: r[n + 2] as string | null, data: r[n + 3] as string }));
    return { row, requirements };
  }
}
