import { z } from "zod";
import type { UserInputFieldDto } from "@/lib/contracts";
import type { JsonObject } from "@/lib/engine";

const typeNames = { string: "string", number: "number", integer: "integer", boolean: "boolean", array: "list", object: "object" } as const;

const propertySchema = z.looseObject({
  type: z.enum(["string", "number", "integer", "boolean", "array", "object"]).optional(),
  description: z.string().optional(),
  enum: z.array(z.union([z.string(), z.number(), z.boolean()])).optional(),
  default: z.union([z.string(), z.number(), z.boolean()]).optional(),
});

const objectSchema = z.looseObject({
  type: z.literal("object").optional(),
  properties: z.record(z.string(), propertySchema),
  required: z.array(z.string()).optional(),
});

/**
 * The start form's fields from a workflow's JSON input schema, or null when the schema is not a flat object the form
 * can draw (then the input is free text).
 */
export function fieldsFromInputSchema(schema: JsonObject | undefined): UserInputFieldDto[] | null {
  const parsed = objectSchema.safeParse(schema);
  if (!parsed.success) return null;
  const required = new Set(parsed.data.required ?? []);
  return Object.entries(parsed.data.properties).map(([name, property]) => {
    const field: UserInputFieldDto = { name, type: typeNames[property.type ?? "string"], required: required.has(name) };
    if (property.description) field.description = property.description;
    if (property.enum) field.allowedValues = property.enum;
    if (property.default !== undefined) field.value = property.default;
    return field;
  });
}
