// What scripts/bench-compare.ts and its two sides (ours-side.ts, langgraph-side.mjs) say to each other: one JSON
// object a line. The driver asks a side for a batch of one shape; the side answers with the batch's durations.
// "finish" ends a side, which then answers with the bytes its cycle file holds per run.
import { z } from "zod";

export const Shape = z.enum(["stepMemory", "stepSqlite", "cycle"]);
export type Shape = z.infer<typeof Shape>;

export const SideRequest = z.discriminatedUnion("op", [
  z.object({ op: z.literal("batch"), shape: Shape, n: z.number().int().positive() }),
  z.object({ op: z.literal("finish") }),
]);
export type SideRequest = z.infer<typeof SideRequest>;

export const Storage = z.object({ runs: z.number().int().positive(), bytes: z.number().int().positive(), emptyBytes: z.number().int().nonnegative() });
export type Storage = z.infer<typeof Storage>;

export const SideAnswer = z.union([
  z.object({ ready: z.enum(["ours", "langgraph"]) }),
  z.object({ ms: z.array(z.number().nonnegative()).min(1) }),
  z.object({ storage: Storage }),
]);
export type SideAnswer = z.infer<typeof SideAnswer>;
