import type { JsonObject, JsonValue } from "@/lib/engine";
import { optionKey } from "@/components/forms/field-values";
import { boundsHint, effectiveNode, kindOf, type SchemaNode } from "@/components/forms/json-schema";

/** What the argument form holds while a person edits: the value's shape, with numbers and JSON kept as typed text. */
export type JsonDraft =
  | { kind: "object"; fields: Record<string, JsonDraft> }
  | { kind: "array"; items: JsonDraft[] }
  | { kind: "text"; text: string }
  | { kind: "bool"; value: boolean | null };

/** Problems by dotted path ("items.0.quantity"), the way the server names `args.<path>`. */
export type DraftErrors = Record<string, string>;

const isObject = (v: JsonValue | undefined): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);

export function draftOf(schema: SchemaNode, value: JsonValue | undefined): JsonDraft {
  const node = effectiveNode(schema);
  switch (kindOf(node)) {
    case "object": {
      const fields: Record<string, JsonDraft> = {};
      for (const [name, child] of Object.entries(node.properties ?? {})) fields[name] = draftOf(child, isObject(value) ? value[name] : undefined);
      return { kind: "object", fields };
    }
    case "array":
      return { kind: "array", items: Array.isArray(value) ? value.map((v) => draftOf(node.items ?? {}, v)) : [] };
    case "boolean":
      return { kind: "bool", value: typeof value === "boolean" ? value : null };
    case "enum":
      return { kind: "text", text: value === undefined ? "" : optionKey(value) };
    case "json":
      return { kind: "text", text: value === undefined ? "" : JSON.stringify(value, null, 2) };
    default:
      return { kind: "text", text: value === undefined || value === null ? "" : String(value) };
  }
}

/** A new, empty entry for a list: what "Add item" appends. */
export const emptyDraft = (schema: SchemaNode): JsonDraft => draftOf(schema, undefined);

const join = (path: string, key: string | number) => (path ? `${path}.${key}` : String(key));

function leafValue(node: SchemaNode, text: string, label: string): { value: JsonValue } | { error: string } {
  const kind = kindOf(node);
  if (kind === "enum") {
    const chosen = node.enum?.find((v) => optionKey(v) === text);
    return chosen === undefined ? { error: `Pick one of the listed values for ${label}.` } : { value: chosen };
  }
  if (kind === "number" || kind === "integer") {
    const n = Number(text);
    if (!Number.isFinite(n)) return { error: `${label} must be a number.` };
    if (kind === "integer" && !Number.isInteger(n)) return { error: `${label} must be a whole number.` };
    const tooLow = (node.minimum !== undefined && n < node.minimum) || (node.exclusiveMinimum !== undefined && n <= node.exclusiveMinimum);
    const tooHigh = (node.maximum !== undefined && n > node.maximum) || (node.exclusiveMaximum !== undefined && n >= node.exclusiveMaximum);
    if (tooLow || tooHigh) return { error: `${label} must be ${boundsHint(node)}.` };
    return { value: n };
  }
  if (kind === "json") {
    try {
      return { value: JSON.parse(text) as JsonValue };
    } catch {
      return { error: `${label} must be valid JSON.` };
    }
  }
  if (node.minLength !== undefined && text.length < node.minLength) return { error: `${label} must be at least ${node.minLength} characters.` };
  if (node.maxLength !== undefined && text.length > node.maxLength) return { error: `${label} must be at most ${node.maxLength} characters.` };
  return { value: text };
}

/**
 * The draft as a value, or every problem by path. These checks give quick answers in the browser; the server checks
 * the edited arguments again with the tool's own zod schema and names the field it refuses.
 */
export function valueOf(schema: SchemaNode, draft: JsonDraft, path: string, required: boolean, errors: DraftErrors): JsonValue | undefined {
  const node = effectiveNode(schema);
  const label = path.split(".").at(-1) ?? "value";
  switch (draft.kind) {
    case "object": {
      const out: JsonObject = {};
      const needed = new Set(node.required ?? []);
      for (const [name, child] of Object.entries(node.properties ?? {})) {
        const field = draft.fields[name];
        const value = field ? valueOf(child, field, join(path, name), needed.has(name), errors) : undefined;
        if (value !== undefined) out[name] = value;
      }
      // An optional group left blank is left out, rather than sent as an empty object.
      return !required && Object.keys(out).length === 0 ? undefined : out;
    }
    case "array": {
      const values = draft.items.map((item, i) => valueOf(node.items ?? {}, item, join(path, i), true, errors));
      if (node.minItems !== undefined && values.length < node.minItems) errors[path] = `${label} needs at least ${node.minItems} item${node.minItems === 1 ? "" : "s"}.`;
      if (node.maxItems !== undefined && values.length > node.maxItems) errors[path] = `${label} can hold at most ${node.maxItems} items.`;
      if (!required && values.length === 0) return undefined;
      return values.filter((v): v is JsonValue => v !== undefined);
    }
    case "bool":
      return draft.value ?? (required ? false : undefined);
    case "text": {
      const kind = kindOf(node);
      const text = kind === "string" ? draft.text : draft.text.trim();
      if (text === "") {
        if (required) errors[path] = `${label} is required.`;
        return undefined;
      }
      const parsed = leafValue(node, text, label);
      if ("error" in parsed) {
        errors[path] = parsed.error;
        return undefined;
      }
      return parsed.value;
    }
  }
}

/** Replaces the draft at `path` (keys of objects, indexes of lists) with what `change` makes of it. */
export function updateAt(draft: JsonDraft, path: readonly (string | number)[], change: (d: JsonDraft) => JsonDraft): JsonDraft {
  const [head, ...rest] = path;
  if (head === undefined) return change(draft);
  if (draft.kind === "object" && typeof head === "string") {
    const child = draft.fields[head];
    return child ? { ...draft, fields: { ...draft.fields, [head]: updateAt(child, rest, change) } } : draft;
  }
  if (draft.kind === "array" && typeof head === "number") {
    return { ...draft, items: draft.items.map((item, i) => (i === head ? updateAt(item, rest, change) : item)) };
  }
  return draft;
}
