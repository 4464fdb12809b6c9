import { mkdirSync } from "node:fs";
import path from "node:path";
import { PostgresDb, SqliteDb } from "@/lib/db";
import type { AppStore } from "@/lib/db/app-store";

/** `DATABASE_URL=postgres…` → PostgreSQL; otherwise SQLite at DATABASE_FILE (default ./data/app.db). */
export function openAppDb(env: Readonly<Record<string, string | undefined>> = process.env): AppStore {
  const url = env.DATABASE_URL;
  if (url && /^postgres(ql)?:\/\//i.test(url)) return new PostgresDb({ url });
  // The file is chosen at run time: tell Next's tracer not to ship the whole project for it.
  const dbFile = path.resolve(/*turbopackIgnore: true*/ env.DATABASE_FILE || "./data/app.db");
  mkdirSync(path.dirname(dbFile), { recursive: true });
  return new SqliteDb({ dbFile });
}

// Cached on globalThis because Next's dev server re-evaluates modules on every edit.
const holder = globalThis as typeof globalThis & { __hitlAppDb?: AppStore };

/** The process's one database handle. */
export function appDb(): AppStore {
  holder.__hitlAppDb ??= openAppDb();
  return holder.__hitlAppDb;
}

/** Closes the handle; the next `appDb()` opens a new one from the current environment. */
export async function closeAppDb(): Promise<void> {
  const db = holder.__hitlAppDb;
  delete holder.__hitlAppDb;
  await db?.close();
}
