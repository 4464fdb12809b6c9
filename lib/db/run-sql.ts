// The engine's hot path on PostgreSQL (insert, update with the version check, load) as hand-written SQL
// on the Prisma driver adapter the client itself uses: a Prisma client call costs ~100-300 µs, these skip
// the query compiler. SQLite has its own path on its connection (sqlite-statements.ts).
import type { ArgType, SqlDriverAdapter, SqlQuery, SqlQueryable, Transaction } from "@prisma/driver-adapter-utils";
import {
  EVENT_COLUMNS,
  EVENT_KEYS,
  LEASE_ON_UPDATE_SQL,
  LOAD_RUN_SQL,
  loadedRun,
  quote,
  REQUIREMENT_COLUMNS,
  REQUIREMENT_KEYS,
  RUN_COLUMNS,
  RUN_KEYS,
  RUN_UPDATE_KEYS,
  SESSION_COLUMNS,
  SESSION_KEYS,
  sessionRows,
  type LoadedRun,
  type SessionRow,
} from "./columns";
import { AUDIT_COLUMNS, AUDIT_KEYS } from "./audit-rows";
import type { JournalWrite, QueueStatement, RequirementWrite, RunStatements, RunUpdate, StoredJournalRow } from "./run-statements";
import { JOURNAL_COLUMNS, JOURNAL_KEYS, type EventRow, type JournalRow, type RequirementRow, type RunRow } from "./rows";

type Value = string | number | Date | null;

/** Rows per INSERT: keeps the bound parameters far below PostgreSQL's limit. */
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

/** Collects bound values and hands out their placeholders. */
class Params {
  readonly args: Value[] = [];
  readonly argTypes: ArgType[] = [];

  add(value: Value): string {
    this.args.push(value);
    this.argTypes.push(argType(value));
    return `$${this.args.length}`;
  }

  query(sql: string): SqlQuery {
    return { sql, args: this.args, argTypes: this.argTypes };
  }
}

function insertQueries<R extends object>(table: string, columns: { [K in keyof R]: string }, keys: (keyof R)[], rows: readonly R[]): SqlQuery[] {
  const out: SqlQuery[] = [];
  for (let start = 0; start < rows.length; start += CHUNK) {
    const p = new Params();
    const values = rows
      .slice(start, start + CHUNK)
      .map((row) => `(${keys.map((k) => p.add(row[k] as Value)).join(", ")})`)
      .join(", ");
    out.push(p.query(`INSERT INTO ${quote(table)} (${keys.map((k) => quote(columns[k])).join(", ")}) VALUES ${values}`));
  }
  return out;
}

function isUniqueViolation(error: unknown): boolean {
  const cause = (error as { cause?: { kind?: string } } | null)?.cause;
  return cause?.kind === "UniqueConstraintViolation";
}

const UPSERT_SETS = REQUIREMENT_KEYS.filter((k) => k !== "id")
  .map((k) => `${quote(REQUIREMENT_COLUMNS[k])} = excluded.${quote(REQUIREMENT_COLUMNS[k])}`)
  .join(", ");

export class RunSql implements RunStatements {
  /** `queue` is read at each write: the runtime installs it once the job queue's schema exists. */
  constructor(
    private readonly adapter: SqlDriverAdapter,
    private readonly queue: () => QueueStatement | null = () => null,
  ) {}

  async insertRun(row: RunRow, requirements: readonly RequirementRow[], events: readonly EventRow[]): Promise<boolean> {
    return this.#inserting(async (tx) => {
      await this.#insertSessions(tx, sessionRows([row]), "update");
      const p = new Params();
      const columns = [...RUN_KEYS.map((k) => quote(RUN_COLUMNS[k])), '"version"', '"event_count"'];
      const values = [...RUN_KEYS.map((k) => p.add(row[k])), p.add(1), p.add(events.length)];
      await tx.executeRaw(p.query(`INSERT INTO "runs" (${columns.join(", ")}) VALUES (${values.join(", ")})`));
      await this.#insertRequirements(tx, requirements);
      await this.#insertEvents(tx, events);
      if (row.status === "pending") await this.#enqueue(tx, row.id);
    });
  }

  updateRun(update: RunUpdate): Promise<boolean> {
    return this.#transaction(async (tx) => {
      // The version check is the first statement: it locks the row, so a concurrent claimer waits for
      // this commit and then finds the version moved on.
      const p = new Params();
      const sets = RUN_UPDATE_KEYS.map((k) => `${quote(RUN_COLUMNS[k])} = ${p.add(update.row[k])}`);
      sets.push(`"version" = ${p.add(update.expectedVersion + 1)}`, `"event_count" = ${p.add(update.eventCount)}`);
      const status = update.row.status;
      const lease = LEASE_ON_UPDATE_SQL.replace(/\?/g, () => p.add(status));
      const sql = `UPDATE "runs" SET ${sets.join(", ")}, ${lease} WHERE "id" = ${p.add(update.runId)} AND "version" = ${p.add(update.expectedVersion)} AND "event_count" = ${p.add(update.eventCount - update.events.length)}`;
      if ((await tx.executeRaw(p.query(sql))) !== 1) return false;
      await this.#insertEvents(tx, update.events);
      if (update.requirements) await this.#writeRequirements(tx, update.runId, update.requirements);
      for (const q of insertQueries("audit_entries", AUDIT_COLUMNS, AUDIT_KEYS, update.audit)) await tx.executeRaw(q);
      if (status === "pending") await this.#enqueue(tx, update.runId);
      return true;
    });
  }

  appendEvents(runId: string, expectedVersion: number, eventCount: number, events: readonly EventRow[]): Promise<boolean> {
    return this.#transaction(async (tx) => {
      const p = new Params();
      const sql = `UPDATE "runs" SET "event_count" = ${p.add(eventCount + events.length)} WHERE "id" = ${p.add(runId)} AND "version" = ${p.add(expectedVersion)} AND "event_count" = ${p.add(eventCount)}`;
      if ((await tx.executeRaw(p.query(sql))) !== 1) return false;
      await this.#insertEvents(tx, events);
      return true;
    });
  }

  importRuns(rows: readonly RunRow[], requirements: readonly RequirementRow[]): Promise<boolean> {
    return this.#inserting(async (tx) => {
      await this.#insertSessions(tx, sessionRows(rows), "nothing");
      const withVersion = rows.map((r) => ({ ...r, version: 1, eventCount: 0 }));
      const columns = { ...RUN_COLUMNS, version: "version", eventCount: "event_count" };
      for (const q of insertQueries("runs", columns, Object.keys(columns) as (keyof typeof columns)[], withVersion)) await tx.executeRaw(q);
      await this.#insertRequirements(tx, requirements);
    });
  }

  async writeJournal(row: JournalRow, expectedVersion: number): Promise<JournalWrite> {
    try {
      const written = await this.#transaction(async (tx) => {
        // Locks the run row and checks the version first: a takeover waiting on the lock commits before or after, never between.
        const p = new Params();
        const fence = `UPDATE "runs" SET "version" = "version" WHERE "id" = ${p.add(row.runId)} AND "version" = ${p.add(expectedVersion)}`;
        if ((await tx.executeRaw(p.query(fence))) !== 1) return false;
        for (const q of insertQueries("journal", JOURNAL_COLUMNS, JOURNAL_KEYS, [row])) await tx.executeRaw(q);
        return true;
      });
      return written ? "written" : "stale";
    } catch (error) {
      if (isUniqueViolation(error)) return "taken";
      throw error;
    }
  }

  async readJournal(runId: string): Promise<StoredJournalRow[]> {
    const p = new Params();
    const result = await this.adapter.queryRaw(p.query(`SELECT "key", "kind", "data" FROM "journal" WHERE "run_id" = ${p.add(runId)} ORDER BY "created_at", "key"`));
    return result.rows.map((r) => ({ key: String(r[0]), kind: String(r[1]), data: String(r[2]) }));
  }

  async versionOf(runId: string): Promise<{ version: number; eventCount: number } | null> {
    const p = new Params();
    const result = await this.adapter.queryRaw(p.query(`SELECT "version", "event_count" FROM "runs" WHERE "id" = ${p.add(runId)}`));
    const row = result.rows[0];
    return row ? { version: Number(row[0]), eventCount: Number(row[1]) } : null;
  }

  async loadRun(runId: string): Promise<LoadedRun | null> {
    const p = new Params();
    const sql = LOAD_RUN_SQL.replace("?", p.add(runId));
    return loadedRun((await this.adapter.queryRaw(p.query(sql))).rows);
  }

  /** Runs `work` in one transaction; it commits when `work` returns true and rolls back otherwise. */
  async #transaction(work: (tx: Transaction) => Promise<boolean>): Promise<boolean> {
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

  /** A transaction of inserts: false when one of them hit an existing key. */
  async #inserting(work: (tx: Transaction) => Promise<void>): Promise<boolean> {
    try {
      return await this.#transaction(async (tx) => {
        await work(tx);
        return true;
      });
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  async #enqueue(tx: SqlQueryable, runId: string): Promise<void> {
    const statement = this.queue()?.(runId);
    if (!statement) return;
    const p = new Params();
    for (const arg of statement.args) p.add(arg);
    await tx.queryRaw(p.query(statement.sql));
  }

  async #insertSessions(tx: SqlQueryable, sessions: readonly SessionRow[], onConflict: "update" | "nothing"): Promise<void> {
    const action = onConflict === "update" ? `DO UPDATE SET "updated_at" = excluded."updated_at"` : "DO NOTHING";
    for (const q of insertQueries("sessions", SESSION_COLUMNS, SESSION_KEYS, sessions)) {
      await tx.executeRaw({ ...q, sql: `${q.sql} ON CONFLICT ("id") ${action}` });
    }
  }

  async #writeRequirements(tx: SqlQueryable, runId: string, write: RequirementWrite): Promise<void> {
    if ("replace" in write) {
      const p = new Params();
      await tx.executeRaw(p.query(`DELETE FROM "requirements" WHERE "run_id" = ${p.add(runId)}`));
      await this.#insertRequirements(tx, write.replace);
      return;
    }
    for (let start = 0; start < write.deleted.length; start += CHUNK) {
      const p = new Params();
      const list = write.deleted.slice(start, start + CHUNK).map((id) => p.add(id)).join(", ");
      await tx.executeRaw(p.query(`DELETE FROM "requirements" WHERE "id" IN (${list})`));
    }
    // An existing row is overwritten in place, so untouched indexes stay as they are.
    for (const q of insertQueries("requirements", REQUIREMENT_COLUMNS, REQUIREMENT_KEYS, write.upserted)) {
      await tx.executeRaw({ ...q, sql: `${q.sql} ON CONFLICT ("id") DO UPDATE SET ${UPSERT_SETS}` });
    }
  }

  async #insertRequirements(tx: SqlQueryable, rows: readonly RequirementRow[]): Promise<void> {
    for (const q of insertQueries("requirements", REQUIREMENT_COLUMNS, REQUIREMENT_KEYS, rows)) await tx.executeRaw(q);
  }

  async #insertEvents(tx: SqlQueryable, rows: readonly EventRow[]): Promise<void> {
    for (const q of insertQueries("events", EVENT_COLUMNS, EVENT_KEYS, rows)) await tx.executeRaw(q);
  }
}
