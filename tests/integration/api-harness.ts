import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import pg from "pg";
import { issueApiToken } from "@/lib/auth";
import { appDb, closeAppDb as closeDb } from "@/lib/app/db";
import { startAppRuntime, stopAppRuntime } from "@/lib/app/runtime";
import { resetAppEnv } from "@/lib/config/env";

/** Stops the in-process workers, then closes the database; the next open starts both afresh on the new database. */
async function closeAppDb(): Promise<void> {
  await stopAppRuntime();
  await closeDb();
}

let apiToken: string | null = null;

/**
 * The suites call the API as a program with an admin token, made on each fresh database: every request the
 * helpers below build carries it. Tests of sign-in and roles build their own requests.
 */
async function signInAsProgram(): Promise<void> {
  startAppRuntime();
  apiToken = (await issueApiToken(appDb().auth(), { name: "api-tests", role: "admin", createdBy: null })).token;
}

export function authHeaders(headers: Record<string, string> = {}): Record<string, string> {
  return apiToken === null ? headers : { authorization: `Bearer ${apiToken}`, ...headers };
}

/** A database the API suite runs against: it points the app's env at a fresh one and removes it afterwards. */
export interface DatabaseTarget {
  name: string;
  /** Null when this target cannot run here; the suite is then skipped visibly. */
  skipReason: string | null;
  open(): Promise<void>;
  close(): Promise<void>;
  /** Runs a SQL script on the open database over a connection of its own, as an operator would (fault injection). */
  exec(script: string): Promise<void>;
}

function sqliteTarget(): DatabaseTarget {
  let dir = "";
  return {
    name: "SQLite file",
    skipReason: null,
    async open() {
      dir = mkdtempSync(path.join(tmpdir(), "api-test-"));
      delete process.env.DATABASE_URL;
      process.env.DATABASE_FILE = path.join(dir, "app.db");
      resetAppEnv();
      await closeAppDb();
      await signInAsProgram();
    },
    async close() {
      await closeAppDb();
      rmSync(dir, { recursive: true, force: true });
    },
    async exec(script) {
      const db = new Database(process.env.DATABASE_FILE as string);
      try {
        db.exec(script);
      } finally {
        db.close();
      }
    },
  };
}

function postgresTarget(): DatabaseTarget {
  const base = process.env.TEST_DATABASE_URL;
  const database = `api_test_${randomUUID().replace(/-/g, "").slice(0, 12)}`;
  const admin = () => new pg.Client({ connectionString: base });
  return {
    name: "PostgreSQL",
    skipReason: base ? null : "TEST_DATABASE_URL is not set",
    async open() {
      const client = admin();
      await client.connect();
      await client.query(`CREATE DATABASE ${database}`);
      await client.end();
      const url = new URL(base as string);
      url.pathname = `/${database}`;
      process.env.DATABASE_URL = url.toString();
      resetAppEnv();
      await closeAppDb();
      await signInAsProgram();
    },
    async close() {
      await closeAppDb();
      delete process.env.DATABASE_URL;
      resetAppEnv();
      const client = admin();
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await client.end();
    },
    async exec(script) {
      const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await client.connect();
      try {
        await client.query(script);
      } finally {
        await client.end();
      }
    },
  };
}

export const databaseTargets: DatabaseTarget[] = [sqliteTarget(), postgresTarget()];

/** The offline catalog: no real model may be reached from the tests. */
export function useOfflineModel(): void {
  delete process.env.OPENAI_API_KEY;
  delete process.env.OPENAI_BASE_URL;
  delete process.env.OPENAI_MODEL;
  resetAppEnv();
}

const ORIGIN = "http://localhost:3000";

export function get(pathAndQuery: string, init: RequestInit = {}): Request {
  return new Request(`${ORIGIN}${pathAndQuery}`, { ...init, headers: authHeaders(init.headers as Record<string, string> | undefined) });
}

/**
 * A JSON POST. Runs execute in the background, so by default it asks to wait (`Prefer: wait=30`) until the run it
 * starts or continues pauses or ends, as a program that wants the outcome would; `{ wait: false }` answers at once.
 */
export function postJson(pathname: string, body: unknown, options: { wait?: boolean; headers?: Record<string, string> } = {}): Request {
  const prefer: Record<string, string> = options.wait === false ? {} : { prefer: "wait=30" };
  return new Request(`${ORIGIN}${pathname}`, {
    method: "POST",
    headers: authHeaders({ "content-type": "application/json", ...prefer, ...options.headers }),
    body: JSON.stringify(body),
  });
}

export function postRaw(pathname: string, body: string, contentType = "application/json"): Request {
  return new Request(`${ORIGIN}${pathname}`, { method: "POST", headers: authHeaders({ "content-type": contentType }), body });
}

/** The second argument Next passes to a route handler. */
export function params<P extends Record<string, string>>(values: P): { params: Promise<P> } {
  return { params: Promise.resolve(values) };
}

/** Reads a JSON answer, failing with the body when the status is not the expected one. */
export async function expectJson<T = unknown>(response: Response, status: number): Promise<T> {
  const text = await response.text();
  if (response.status !== status) throw new Error(`Expected HTTP ${status}, got ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}
