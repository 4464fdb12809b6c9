import type { z } from "zod";
import { CorruptRowError } from "./errors";

/** Which stored value is read: named in the CorruptRowError when it does not parse. */
export interface ColumnRef {
  table: string;
  /** The row's id, or where it sits ("at position 2 of run …"). */
  row: string;
  column: string;
}

/** A JSON column read back with the schema its writer used. Throws CorruptRowError (cause: the parse error). */
export function parseJsonColumn<T>(schema: z.ZodType<T>, text: string, where: ColumnRef): T {
  return parseColumn(schema, parseJsonText(text, where), where);
}

/** A JSON column's text as a value, not yet checked. Throws CorruptRowError (cause: the SyntaxError). */
export function parseJsonText(text: string, where: ColumnRef): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CorruptRowError(where, error);
  }
}

/** A value read back from a row, checked with the schema its writer used. Throws CorruptRowError. */
export function parseColumn<T>(schema: z.ZodType<T>, value: unknown, where: ColumnRef): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new CorruptRowError(where, parsed.error);
  return parsed.data;
}
