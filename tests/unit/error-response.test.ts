import { describe, expect, it } from "vitest";
import { z } from "zod";
import { decodeCursor } from "@/lib/db/cursor";
import { InvalidCursorError } from "@/lib/db/errors";
import { errorResponse } from "@/lib/server/error-response";
import { parseQuery } from "@/lib/server/request";

async function answer(error: unknown): Promise<{ status: number; code: string; message: string; field: unknown }> {
  const response = errorResponse(error);
  const body = (await response.json()) as { error: { code: string; message: string; details?: { field?: string } } };
  return { status: response.status, code: body.error.code, message: body.error.message, field: body.error.details?.field };
}

describe("the API's error answers", () => {
  it("a cursor the server did not hand out is a 400 naming the cursor, from lib/db's own error", async () => {
    let thrown: unknown;
    try {
      decodeCursor("not-a-cursor");
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidCursorError);
    expect((thrown as Error).cause).toBeDefined();
    expect(await answer(thrown)).toMatchObject({ status: 400, code: "invalid_input", field: "cursor" });
  });

  it("a bad query parameter is a 400 naming it: requests are parsed by lib/server/request", async () => {
    const request = new Request("http://localhost/api/runs?limit=lots");
    let thrown: unknown;
    try {
      parseQuery(request, z.object({ limit: z.coerce.number().int() }));
    } catch (error) {
      thrown = error;
    }
    expect(await answer(thrown)).toMatchObject({ status: 400, code: "invalid_input", field: "limit" });
  });

  it("a ZodError from anywhere else (a stored row the server cannot read) is a 500, not the caller's fault", async () => {
    const rowError = z.object({ status: z.enum(["paused", "completed"]) }).safeParse({ status: "exploded" }).error;
    const original = console.error;
    console.error = () => undefined;
    try {
      expect(await answer(rowError)).toMatchObject({ status: 500, code: "internal" });
    } finally {
      console.error = original;
    }
  });
});
