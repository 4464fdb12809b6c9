import { z } from "zod";

/**
 * Base class of the errors lib/db throws on purpose. Not an EngineError: these are about the database itself
 * (settings, migrations, rows, cursors), which the engine knows nothing of. The Store contract's own errors
 * (RunConflictError, RunNotFoundError) stay the engine's. `code` is stable and machine-readable.
 */
export class DatabaseError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Migrations could not be read, applied or diffed. The message says what to fix. */
export class MigrationError extends DatabaseError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("migration_failed", message, options);
  }
}

/** The database settings given to SqliteDb / PostgresDb cannot work. */
export class DatabaseConfigError extends DatabaseError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("database_config", message, options);
  }
}

/** A row holds a value this version of the app does not know: written by a newer version, or edited by hand. */
export class UnknownRowValueError extends DatabaseError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("unknown_row_value", message, options);
  }
}

/** A list was asked for from a cursor this server did not hand out (or one that was altered). */
export class InvalidCursorError extends DatabaseError {
  readonly field = "cursor";
  constructor(options?: { cause?: unknown }) {
    super("invalid_cursor", "Invalid cursor: it is not a cursor this server handed out; start again without it.", options);
  }
}

/**
 * A stored value does not parse as what this version of the app writes there: edited by hand, cut short, or written
 * by an incompatible version. The server answers 500 and logs `message`; `cause` holds the parse error.
 */
export class CorruptRowError extends DatabaseError {
  readonly table: string;
  /** Which row: its id, or where it sits when its id is not at hand ("at position 2 of run …"). */
  readonly row: string;
  readonly column: string;

  constructor(where: { table: string; row: string; column: string }, cause: unknown) {
    super(
      "corrupt_row",
      `The ${where.table} row ${where.row} holds a value in its ${where.column} column that this version of the app cannot read (${reason(cause)}). ` +
        "Restore the row from a backup or correct it by hand; until then what it belongs to cannot be shown or continued.",
      { cause },
    );
    this.table = where.table;
    this.row = where.row;
    this.column = where.column;
  }
}

function reason(cause: unknown): string {
  if (cause instanceof z.ZodError) {
    const issue = cause.issues[0];
    return issue ? `${issue.path.map(String).join(".") || "value"}: ${issue.message}` : "invalid value";
  }
  return cause instanceof Error ? cause.message : String(cause);
}
