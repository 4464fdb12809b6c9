import { mkdirSync } from "node:fs";
import path from "node:path";
import { appEnv, type AppEnv, type DatabaseSettings } from "@/lib/config/env";
import { PostgresDb, SqliteDb } from "@/lib/db";
import type { AppStore } from "@/lib/db/app-store";

/**
 * Opens the database `settings` name: PostgreSQL, or a SQLite file whose folder is created; its run logs keep
 * `eventPayloads` of each event (EVENT_PAYLOADS).
 */
export function openAppDb(settings: DatabaseSettings = appEnv().database, eventPayloads: AppEnv["eventPayloads"] = appEnv().eventPayloads): AppStore {
  if (settings.provider === "postgresql") return new PostgresDb({ url: settings.url, eventPayloads });
  // The file is chosen at run time: tell Next's tracer not to ship the whole project for it.
  const dbFile = path.resolve(/*turbopackIgnore: true*/ settings.file);
  mkdirSync(path.dirname(dbFile), { recursive: true });
  return new SqliteDb({ dbFile, eventPayloads });
}

// Cached on globalThis because Next's dev server re-evaluates modules on every edit.
const holder = globalThis as typeof globalThis & { __hitlAppDb?: AppStore };

/** The process's one database handle. */
export function appDb(): AppStore {
  holder.__hitlAppDb ??= openAppDb();
  return holder.__hitlAppDb;
}

/** Closes the handle; the next `appDb()` opens the database `appEnv()` names then. */
export async function closeAppDb(): Promise<void> {
  const db = holder.__hitlAppDb;
  delete holder.__hitlAppDb;
  await db?.close();
}
