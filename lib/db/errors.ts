import { z } from "zod";
import { EngineError } from "@/lib/engine/errors";

/** Migrations could not be read, applied or diffed. The message says what to fix. */
export class MigrationError extends EngineError {
  constructor(message: string) {
    super("migration_failed", message);
  }
}

/** The database settings given to SqliteDb / PostgresDb cannot work. */
export class DatabaseConfigError extends EngineError {
  constructor(message: string) {
    super("database_config", message);
  }
}

/** A row holds a value this version of the app does not know: written by a newer version, or edited by hand. */
export class UnknownRowValueError extends EngineError {
  constructor(message: string) {
    super("unknown_row_value", message);
  }
}

/**
 * A stored value does not parse as what this version of the app writes there: edited by hand, cut short, or written
 * by an incompatible version. The server answers 500 and logs `message`; `cause` holds the parse error.
 */
export class CorruptRowError extends EngineError {
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
