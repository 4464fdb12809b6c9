import { z } from "zod";

/** Query fields shared by the paged lists (inbox and history). */
export const limitSchema = z.coerce
  .number({ error: "must be a number" })
  .int("must be a whole number")
  .min(1, "must be at least 1")
  .max(100, "must be at most 100")
  .default(20);

export const cursorSchema = z.string().max(500, "is not a cursor this API gave out").optional();

export const workflowFilterSchema = z.string().max(100, "must be at most 100 characters").optional();
