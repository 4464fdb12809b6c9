// The engine's hot path on SQLite, run directly on the better-sqlite3 connection that Prisma's adapter
// opened: the adapter prepares every statement anew (~60% of a persisted step), these are prepared once.
// A transaction runs from BEGIN to COMMIT without yielding, so no other query of this process can land
// inside it; when a Prisma transaction is open on the connection it first waits for the adapter's lock.
import Database from "better-sqlite3";
import type { SqlDriverAdapter } from "@prisma/driver-adapter-utils";
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
import { AUDIT_COLUMNS, AUDIT_KEYS, type AuditRow } from "./audit-rows";
import { DatabaseConfigError } from "./errors";
import type { JournalWrite, RequirementWrite, RunStatements, RunUpdate, StoredJournalRow } from "./run-statements";
import { JOURNAL_COLUMNS, JOURNAL_KEYS, type EventRow, type JournalRow, type RequirementRow, type RunRow } from "./rows";

type Value = string | number | null;

/** Dates as the adapter stores them (its `timestampFormat: "unixepoch-ms"`). */
const bind = (value: string | number | Date | null): Value => (value instanceof Date ? value.getTime() : value);

const placeholders = (n: number) => Array.from({ length: n }, () => "?").join(", ");
const insertSql = (table: string, columns: readonly string[], rows = 1) =>
  `INSERT INTO ${quote(table)} (${columns.map(quote).join(", ")}) VALUES ${Array.from({ length: rows }, () => `(${placeholders(columns.length)})`).join(", ")}`;
/** Events per INSERT: a step saves a handful at once, and one statement per handful is cheaper than one per event. */
const EVENTS_PER_INSERT = 16;
const insertEventsSql = Array.from({ length: EVENTS_PER_INSERT + 1 }, (_, n) => insertSql("events", EVENT_KEYS.map((k) => EVENT_COLUMNS[k]), n));

const SQL = {
  begin: "BEGIN",
  commit: "COMMIT",
  rollback: "ROLLBACK",
  insertRun: insertSql("runs", [...RUN_KEYS.map((k) => RUN_COLUMNS[k]), "version", "event_count"]),
  updateRun: `UPDATE "runs" SET ${[...RUN_UPDATE_KEYS.map((k) => RUN_COLUMNS[k]), "version", "event_count"].map((c) => `${quote(c)} = ?`).join(", ")}, ${LEASE_ON_UPDATE_SQL} WHERE "id" = ? AND "version" = ? AND "event_count" = ?`,
  appendEvents: `UPDATE "runs" SET "event_count" = ? WHERE "id" = ? AND "version" = ? AND "event_count" = ?`,
  upsertSession: `${insertSql("sessions", SESSION_KEYS.map((k) => SESSION_COLUMNS[k]))} ON CONFLICT ("id") DO UPDATE SET "updated_at" = excluded."updated_at"`,
  importSession: `${insertSql("sessions", SESSION_KEYS.map((k) => SESSION_COLUMNS[k]))} ON CONFLICT ("id") DO NOTHING`,
  insertRequirement: insertSql("requirements", REQUIREMENT_KEYS.map((k) => REQUIREMENT_COLUMNS[k])),
  upsertRequirement: `${insertSql("requirements", REQUIREMENT_KEYS.map((k) => REQUIREMENT_COLUMNS[k]))} ON CONFLICT ("id") DO UPDATE SET ${REQUIREMENT_KEYS.filter((k) => k !== "id")
    .map((k) => `${quote(REQUIREMENT_COLUMNS[k])} = excluded.${quote(REQUIREMENT_COLUMNS[k])}`)
    .join(", ")}`,
  insertAudit: insertSql("audit_entries", AUDIT_KEYS.map((k) => AUDIT_COLUMNS[k])),
  deleteRequirement: `DELETE FROM "requirements" WHERE "id" = ?`,
  deleteRunRequirements: `DELETE FROM "requirements" WHERE "run_id" = ?`,
  versionOf: `SELECT "version", "event_count" FROM "runs" WHERE "id" = ?`,
  // Takes the write lock and checks the version before the insert; the version stays as it is.
  fenceRun: `UPDATE "runs" SET "version" = "version" WHERE "id" = ? AND "version" = ?`,
  insertJournal: insertSql("journal", JOURNAL_KEYS.map((k) => JOURNAL_COLUMNS[k])),
  readJournal: `SELECT "key", "kind", "data" FROM "journal" WHERE "run_id" = ? ORDER BY "created_at", "key"`,
  loadRun: LOAD_RUN_SQL,
} as const;

const sessionValues = (s: SessionRow): Value[] => SESSION_KEYS.map((k) => bind(s[k]));
const requirementValues = (r: RequirementRow): Value[] => REQUIREMENT_KEYS.map((k) => bind(r[k]));
const eventValues = (e: EventRow): Value[] => EVENT_KEYS.map((k) => bind(e[k]));
const auditValues = (a: AuditRow): Value[] => AUDIT_KEYS.map((k) => bind(a[k]));
const runValues = (r: RunRow, eventCount: number): Value[] => [...RUN_KEYS.map((k) => bind(r[k])), 1, eventCount];

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "SQLITE_CONSTRAINT_PRIMARYKEY" || code === "SQLITE_CONSTRAINT_UNIQUE";
}

/** The better-sqlite3 connection inside Prisma's adapter (7.10.0 keeps it as `client`). */
function connectionOf(adapter: SqlDriverAdapter): Database.Database {
  const client = (adapter as unknown as { client?: unknown }).client;
  if (!(client instanceof Database)) {
    throw new DatabaseConfigError(
      "The SQLite adapter no longer exposes its better-sqlite3 connection; keep @prisma/adapter-better-sqlite3 at the version in package.json or update lib/db/sqlite-statements.ts.",
    );
  }
  return client;
}

/** Statements prepared on each connection, shared by every SqliteStatements on it (a fresh handle prepares none). */
const preparedOn = new WeakMap<Database.Database, Map<string, Database.Statement<Value[]>>>();

export class SqliteStatements implements RunStatements {
  readonly #db: Database.Database;
  readonly #prepared: Map<string, Database.Statement<Value[]>>;

  constructor(private readonly adapter: SqlDriverAdapter) {
    this.#db = connectionOf(adapter);
    let prepared = preparedOn.get(this.#db);
    if (!prepared) {
      prepared = new Map();
      preparedOn.set(this.#db, prepared);
    }
    this.#prepared = prepared;
  }

  insertRun(row: RunRow, requirements: readonly RequirementRow[], events: readonly EventRow[]): Promise<boolean> {
    return this.#inserting(() => {
      this.#run(SQL.upsertSession, sessionValues({ id: row.sessionId, workflowName: row.workflowName, createdAt: row.createdAt, updatedAt: row.updatedAt }));
      this.#run(SQL.insertRun, runValues(row, events.length));
      for (const r of requirements) this.#run(SQL.insertRequirement, requirementValues(r));
      this.#insertEvents(events);
    });
  }

  updateRun(update: RunUpdate): Promise<boolean> {
    return this.#transaction(() => {
      // The version check is the first statement: it takes the write lock before anything is read, so a
      // claimer in another process waits for this commit and then finds the version moved on.
      const values = RUN_UPDATE_KEYS.map((k) => bind(update.row[k]));
      const status = update.row.status;
      values.push(update.expectedVersion + 1, update.eventCount, status, status, status, update.runId, update.expectedVersion, update.eventCount - update.events.length);
      if (this.#run(SQL.updateRun, values) !== 1) return false;
      this.#insertEvents(update.events);
      if (update.requirements) this.#writeRequirements(update.runId, update.requirements);
      for (const a of update.audit) this.#run(SQL.insertAudit, auditValues(a));
      return true;
    });
  }

  appendEvents(runId: string, expectedVersion: number, eventCount: number, events: readonly EventRow[]): Promise<boolean> {
    return this.#transaction(() => {
      if (this.#run(SQL.appendEvents, [eventCount + events.length, runId, expectedVersion, eventCount]) !== 1) return false;
      this.#insertEvents(events);
      return true;
    });
  }

  importRuns(rows: readonly RunRow[], requirements: readonly RequirementRow[]): Promise<boolean> {
    return this.#inserting(() => {
      for (const s of sessionRows(rows)) this.#run(SQL.importSession, sessionValues(s));
      for (const r of rows) this.#run(SQL.insertRun, runValues(r, 0));
      for (const r of requirements) this.#run(SQL.insertRequirement, requirementValues(r));
    });
  }

  async writeJournal(row: JournalRow, expectedVersion: number): Promise<JournalWrite> {
    try {
      const written = await this.#transaction(() => {
        if (this.#run(SQL.fenceRun, [row.runId, expectedVersion]) !== 1) return false;
        this.#run(SQL.insertJournal, JOURNAL_KEYS.map((k) => bind(row[k])));
        return true;
      });
      return written ? "written" : "stale";
    } catch (error) {
      if (isUniqueViolation(error)) return "taken";
      throw error;
    }
  }

  async readJournal(runId: string): Promise<StoredJournalRow[]> {
    return (this.#statement(SQL.readJournal).raw().all(runId) as [string, string, string][]).map(([key, kind, data]) => ({ key, kind, data }));
  }

  async versionOf(runId: string): Promise<{ version: number; eventCount: number } | null> {
    const row = this.#statement(SQL.versionOf).raw().get(runId) as [number, number] | undefined;
    return row ? { version: row[0], eventCount: row[1] } : null;
  }

  async loadRun(runId: string): Promise<LoadedRun | null> {
    return loadedRun(this.#statement(SQL.loadRun).raw().all(runId) as unknown[][]);
  }

  #insertEvents(events: readonly EventRow[]): void {
    for (let start = 0; start < events.length; start += EVENTS_PER_INSERT) {
      const chunk = events.slice(start, start + EVENTS_PER_INSERT);
      this.#run(insertEventsSql[chunk.length] as string, chunk.flatMap(eventValues));
    }
  }

  #writeRequirements(runId: string, write: RequirementWrite): void {
    if ("replace" in write) {
      this.#run(SQL.deleteRunRequirements, [runId]);
      for (const r of write.replace) this.#run(SQL.insertRequirement, requirementValues(r));
      return;
    }
    for (const id of write.deleted) this.#run(SQL.deleteRequirement, [id]);
    // An existing row is overwritten in place, so untouched indexes stay as they are.
    for (const r of write.upserted) this.#run(SQL.upsertRequirement, requirementValues(r));
  }

  /** Runs `work` in one transaction; it commits when `work` returns true and rolls back otherwise. */
  async #transaction(work: () => boolean): Promise<boolean> {
    if (!this.#db.inTransaction) return this.#atOnce(work);
    // A Prisma transaction is open on this connection between its awaits: queue behind it as it would.
    const tx = await this.adapter.startTransaction();
    let ok = false;
    try {
      ok = this.#within(work);
    } finally {
      await (ok ? tx.commit() : tx.rollback());
    }
    return ok;
  }

  #atOnce(work: () => boolean): boolean {
    this.#run(SQL.begin, []);
    return this.#within(work);
  }

  /** Inside an open transaction: runs `work`, then commits, or rolls back when it declined, threw or could not commit. */
  #within(work: () => boolean): boolean {
    let ok = false;
    try {
      ok = work();
      if (ok) this.#run(SQL.commit, []);
    } finally {
      if (this.#db.inTransaction) this.#run(SQL.rollback, []);
    }
    return ok;
  }

  /** A transaction of inserts: false when one of them hit an existing key. */
  async #inserting(work: () => void): Promise<boolean> {
    try {
      return await this.#transaction(() => {
        work();
        return true;
      });
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  #run(sql: string, values: Value[]): number {
    return this.#statement(sql).run(...values).changes;
  }

  #statement(sql: string): Database.Statement<Value[]> {
    let statement = this.#prepared.get(sql);
    if (!statement) {
      // The adapter turns on safe integers for the whole connection; these columns all fit in a number.
      statement = this.#db.prepare<Value[]>(sql).safeIntegers(false);
      this.#prepared.set(sql, statement);
    }
    return statement;
  }
}
