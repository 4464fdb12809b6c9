import { z } from "zod";
import type { JsonObject, JsonValue } from "@/lib/engine";

/** Any JSON value. Typed as the engine's JsonValue so parsed bodies flow into the engine unchanged. */
export const jsonValueSchema: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(jsonValueSchema), z.record(z.string(), jsonValueSchema)]),
);

export const jsonObjectSchema: z.ZodType<JsonObject> = z.record(z.string(), jsonValueSchema);
