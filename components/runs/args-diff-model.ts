import type { JsonValue } from "@/lib/engine";

/** One version of a call's arguments: as proposed, as approved, as the tool ran them. */
export interface ArgsStage {
  label: string;
  args: JsonValue;
}

/** A field that differs between stages: its dotted path and its JSON text at each stage (undefined where absent). */
export interface ArgsChange {
  path: string;
  values: (string | undefined)[];
}

/** Leaves by dotted path ("recipient.address.city", "items.0.quantity"); empty objects and lists count as leaves. */
export function flattenArgs(value: JsonValue, path = "", out = new Map<string, string>()): Map<string, string> {
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : typeof value === "object" && value !== null ? Object.entries(value) : null;
  if (entries === null || entries.length === 0) {
    out.set(path || "(arguments)", JSON.stringify(value));
    return out;
  }
  for (const [key, child] of entries) flattenArgs(child, path ? `${path}.${key}` : key, out);
  return out;
}

/** The fields that are not the same at every stage, in the order they first appear, and how many are. */
export function argsChanges(stages: readonly ArgsStage[]): { changes: ArgsChange[]; unchanged: number } {
  const flat = stages.map((s) => flattenArgs(s.args));
  const paths = [...new Set(flat.flatMap((f) => [...f.keys()]))];
  const changes: ArgsChange[] = [];
  for (const path of paths) {
    const values = flat.map((f) => f.get(path));
    if (values.some((v) => v !== values[0])) changes.push({ path, values });
  }
  return { changes, unchanged: paths.length - changes.length };
}
