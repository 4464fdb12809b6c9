import type { UserInputFieldDto } from "@/lib/contracts";
import type { JsonObject, JsonValue } from "@/lib/engine";

/** What a control holds while the person edits: text for most types, a flag for checkboxes. */
export type DraftValue = string | boolean;
export type Draft = Record<string, DraftValue>;
export type FieldErrors = Record<string, string>;

/** Options of a select are keyed by their JSON text, so 1 and "1" stay different values. */
export const optionKey = (value: JsonValue): string => JSON.stringify(value);

export function initialDraft(fields: readonly UserInputFieldDto[]): Draft {
  const draft: Draft = {};
  for (const field of fields) {
    const value = field.value;
    if (field.type === "boolean") draft[field.name] = value === true;
    else if (field.allowedValues) draft[field.name] = value === undefined ? "" : optionKey(value);
    else if (value === undefined || value === null) draft[field.name] = "";
    else if (field.type === "list" || field.type === "object") draft[field.name] = JSON.stringify(value, null, 2);
    else draft[field.name] = String(value);
  }
  return draft;
}

type Parsed = { ok: true; value: JsonValue | undefined } | { ok: false; error: string };

function parseField(field: UserInputFieldDto, raw: DraftValue | undefined): Parsed {
  if (field.type === "boolean") return { ok: true, value: raw === true };
  const text = typeof raw === "string" ? raw.trim() : "";
  if (text === "") return field.required ? { ok: false, error: `${field.name} is required.` } : { ok: true, value: undefined };
  if (field.allowedValues) {
    const chosen = field.allowedValues.find((v) => optionKey(v) === text);
    return chosen === undefined ? { ok: false, error: `Pick one of the listed values for ${field.name}.` } : { ok: true, value: chosen };
  }
  switch (field.type) {
    case "string":
      return { ok: true, value: typeof raw === "string" ? raw : text };
    case "number":
    case "integer": {
      const n = Number(text);
      if (!Number.isFinite(n)) return { ok: false, error: `${field.name} must be a number.` };
      if (field.type === "integer" && !Number.isInteger(n)) return { ok: false, error: `${field.name} must be a whole number.` };
      return { ok: true, value: n };
    }
    case "list":
    case "object": {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        return { ok: false, error: `${field.name} must be valid JSON, for example ${field.type === "list" ? '["a", "b"]' : '{"key": "value"}'}.` };
      }
      const isList = Array.isArray(value);
      const isObject = typeof value === "object" && value !== null && !isList;
      if (field.type === "list" && !isList) return { ok: false, error: `${field.name} must be a JSON list, like ["a", "b"].` };
      if (field.type === "object" && !isObject) return { ok: false, error: `${field.name} must be a JSON object, like {"key": "value"}.` };
      return { ok: true, value: value as JsonValue };
    }
  }
}

/** Turns the draft into typed values, or names every field that needs fixing. */
export function parseDraft(
  fields: readonly UserInputFieldDto[],
  draft: Draft,
): { ok: true; values: JsonObject } | { ok: false; errors: FieldErrors } {
  const values: JsonObject = {};
  const errors: FieldErrors = {};
  for (const field of fields) {
    const parsed = parseField(field, draft[field.name]);
    if (!parsed.ok) errors[field.name] = parsed.error;
    else if (parsed.value !== undefined) values[field.name] = parsed.value;
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, values };
}
