import { afterAll, beforeAll } from "vitest";
import type { PostgresDb, SqliteDb } from "@/lib/db";
import type { Target } from "./db-targets";

/**
 * A fresh database of `target` for the enclosing describe block. Returns `open`, which gives a new handle on it
 * (as another request or process would have); every handle is closed and the database dropped afterwards.
 */
export function useFreshDatabase(target: Target): () => SqliteDb | PostgresDb {
  let url: string;
  let drop: (() => Promise<void>) | undefined;
  const opened: (SqliteDb | PostgresDb)[] = [];
  beforeAll(async () => {
    ({ url, drop } = await target.create());
  }, 120_000);
  afterAll(async () => {
    await Promise.all(opened.map((d) => d.close()));
    await drop?.();
  });
  return () => {
    const db = target.open(url);
    opened.push(db);
    return db;
  };
}
