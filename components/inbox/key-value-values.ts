import type { JsonObject, JsonValue } from "@/lib/engine";

/** One row of the free-form input editor, as typed. */
export interface KeyValueRow {
  name: string;
  value: string;
}

/** A value as typed: JSON when it reads as JSON (42, true, [1, 2], {"a": 1}, "quoted"), otherwise the text itself. */
export function readValue(text: string): JsonValue {
  const trimmed = text.trim();
  if (trimmed === "") return "";
  try {
    return JSON.parse(trimmed) as JsonValue;
  } catch {
    return text;
  }
}

/** The rows as values, or the first problem: a value without a name, or a name given twice. Blank rows are left out. */
export function rowsToValues(rows: readonly KeyValueRow[]): { ok: true; values: JsonObject } | { ok: false; row: number; error: string } {
  const values: JsonObject = {};
  for (const [i, row] of rows.entries()) {
    const name = row.name.trim();
    if (name === "" && row.value.trim() === "") continue;
    if (name === "") return { ok: false, row: i, error: "Give this value a name." };
    if (name in values) return { ok: false, row: i, error: `"${name}" is given twice.` };
    values[name] = readValue(row.value);
  }
  return { ok: true, values };
}
