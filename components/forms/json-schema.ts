import { z } from "zod";
import { jsonValueSchema } from "@/lib/contracts";
import type { JsonValue } from "@/lib/engine";

/** The part of JSON Schema a tool's zod schema produces and the argument form understands. */
export interface SchemaNode {
  type?: string | string[];
  description?: string;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
  enum?: JsonValue[];
  anyOf?: SchemaNode[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
}

// Unknown keywords are dropped, not refused: a schema the form cannot draw still gets a JSON box (`json` below).
export const schemaNodeSchema: z.ZodType<SchemaNode> = z.lazy(() =>
  z.object({
    type: z.union([z.string(), z.array(z.string())]).optional(),
    description: z.string().optional(),
    properties: z.record(z.string(), schemaNodeSchema).optional(),
    required: z.array(z.string()).optional(),
    items: schemaNodeSchema.optional(),
    enum: z.array(jsonValueSchema).optional(),
    anyOf: z.array(schemaNodeSchema).optional(),
    minimum: z.number().optional(),
    maximum: z.number().optional(),
    exclusiveMinimum: z.number().optional(),
    exclusiveMaximum: z.number().optional(),
    minItems: z.number().optional(),
    maxItems: z.number().optional(),
    minLength: z.number().optional(),
    maxLength: z.number().optional(),
    pattern: z.string().optional(),
  }),
);

export type NodeKind = "object" | "array" | "enum" | "number" | "integer" | "boolean" | "string" | "json";

/** The node the form draws: a nullable `anyOf` (an optional field's schema) is its non-null branch. */
export function effectiveNode(node: SchemaNode): SchemaNode {
  const branch = node.anyOf?.filter((n) => n.type !== "null");
  return branch?.length === 1 && branch[0] ? { ...branch[0], ...(node.description && { description: node.description }) } : node;
}

export function kindOf(node: SchemaNode): NodeKind {
  if (node.enum) return "enum";
  const type = Array.isArray(node.type) ? node.type.find((t) => t !== "null") : node.type;
  switch (type) {
    case "object":
      return node.properties ? "object" : "json";
    case "array":
      return node.items ? "array" : "json";
    case "number":
    case "integer":
    case "boolean":
    case "string":
      return type;
    default:
      return "json";
  }
}

/** The bounds of a number, as the hint under it says them ("1 to 20"). */
export function boundsHint(node: SchemaNode): string | undefined {
  const low = node.minimum ?? node.exclusiveMinimum;
  const high = node.maximum ?? node.exclusiveMaximum;
  const lowText = low === undefined ? undefined : `${node.exclusiveMinimum !== undefined ? "more than" : "at least"} ${low}`;
  const highText = high === undefined ? undefined : `${node.exclusiveMaximum !== undefined ? "less than" : "at most"} ${high}`;
  if (lowText && highText) return `${lowText}, ${highText}`;
  return lowText ?? highText;
}
