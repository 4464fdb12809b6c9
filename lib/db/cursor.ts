import { z } from "zod";
import { InvalidCursorError } from "./errors";

/** Position in a list ordered by (createdAt, id): opaque to clients. */
export interface Cursor {
  at: Date;
  id: string;
}

const cursorSchema = z.tuple([z.number().int().nonnegative(), z.string().min(1)]);

export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(JSON.stringify([at.getTime(), id])).toString("base64url");
}

export function decodeCursor(cursor: string): Cursor {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch (error) {
    throw new InvalidCursorError({ cause: error });
  }
  const parsed = cursorSchema.safeParse(decoded);
  if (!parsed.success) throw new InvalidCursorError({ cause: parsed.error });
  return { at: new Date(parsed.data[0]), id: parsed.data[1] };
}
