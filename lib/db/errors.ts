import { EngineError } from "@/lib/engine/errors";

/** Migrations could not be read, applied or diffed. The message says what to fix. */
export class MigrationError extends EngineError {
  constructor(message: string) {
    super("migration_failed", message);
  }
}

/** The database settings given to SqliteDb / PostgresDb cannot work. */
export class DatabaseConfigError extends EngineError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("database_config", message, options);
  }
}

/** A row holds a value this version of the app does not know: written by a newer version, or edited by hand. */
export class UnknownRowValueError extends EngineError {
  constructor(message: string) {
    super("unknown_row_value", message);
  }
}
