import { InvalidUserInputError } from "./errors";
import type { JsonObject, JsonValue } from "./json";
import type { UserInputField, UserInputFieldType } from "./requirement-model/fields";

/** One field a person fills (tool-level and step-level user input); the shape is `userInputFieldSchema`. */
export type { UserInputField, UserInputFieldType } from "./requirement-model/fields";

function typeMatches(type: UserInputFieldType, value: JsonValue): boolean {
  switch (type) {
    case "string":
      return typeof value === "string";
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "boolean":
      return typeof value === "boolean";
    case "list":
      return Array.isArray(value);
    case "object":
      return typeof value === "object" && value !== null && !Array.isArray(value);
  }
}

const article = (type: UserInputFieldType) => (type === "integer" || type === "object" ? "an" : "a");

/**
 * Checks values against fields: required present, type right, value allowed, no unknown names.
 * Returns only the known fields. Throws InvalidUserInputError naming the first bad field.
 */
export function validateUserInput(fields: readonly UserInputField[], values: JsonObject): JsonObject {
  const known = new Set(fields.map((f) => f.name));
  for (const name of Object.keys(values)) {
    if (!known.has(name)) throw new InvalidUserInputError(name, `is not a field of this form (fields: ${[...known].join(", ") || "none"}).`);
  }
  const out: JsonObject = {};
  for (const field of fields) {
    const value = values[field.name];
    if (value === undefined || value === null || value === "") {
      if (field.required) throw new InvalidUserInputError(field.name, "is required.");
      continue;
    }
    if (!typeMatches(field.type, value)) {
      throw new InvalidUserInputError(field.name, `must be ${article(field.type)} ${field.type}, got ${JSON.stringify(value)}.`);
    }
    if (field.allowedValues && !field.allowedValues.some((a) => JSON.stringify(a) === JSON.stringify(value))) {
      throw new InvalidUserInputError(
        field.name,
        `must be one of ${field.allowedValues.map((a) => JSON.stringify(a)).join(", ")}, got ${JSON.stringify(value)}.`,
      );
    }
    out[field.name] = value;
  }
  return out;
}

/**
 * Values for a step that asks for input without a schema: any names with JSON values. Only names are checked
 * (a blank name cannot be read back by the step).
 */
export function freeFormInput(values: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [name, value] of Object.entries(values)) {
    if (name.trim() === "") throw new InvalidUserInputError("values", "every value needs a name.");
    out[name] = value;
  }
  return out;
}
