// Where the bytes of a paused-then-completed weather run go: N cycles (CYCLE_N, default 500) on a fresh SQLite
// file, then the pages of each table and index (SQLite's dbstat) divided by N, largest first, and the average
// length of each stored text column of the engine's tables. `npx tsx scripts/bench/compare/storage.ts`;
// EVENT_PAYLOADS=lean measures the store's lean event log.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { z } from "zod";
import { SqliteDb } from "@/lib/db";
import { EventPayloads } from "@/lib/db/event-payloads";
import { weatherWorkflow } from "@/tests/support/db-weather";

const N = Number(process.env.CYCLE_N ?? 500);
const dir = mkdtempSync(join(tmpdir(), "compare-storage-"));
const file = join(dir, "storage.db");
try {
  const db = new SqliteDb({ dbFile: file, eventPayloads: EventPayloads.parse(process.env.EVENT_PAYLOADS ?? "full") });
  for (let i = 0; i < N; i++) {
    const paused = await weatherWorkflow(db).run("What is the weather in Tokyo?");
    const loaded = await weatherWorkflow(db).getRun(paused.runId);
    if (!loaded) throw new Error("the paused run was not found");
    for (const step of loaded.stepRequirements) for (const req of step.executorRequirements ?? []) req.confirm();
    const done = await weatherWorkflow(db).continueRun(loaded);
    if (done.status !== "completed") throw new Error(`the weather run ended ${done.status}`);
  }
  await db.close();
  const raw = new Database(file);
  raw.pragma("wal_checkpoint(TRUNCATE)");
  const Usage = z.object({ name: z.string(), bytes: z.number(), payload: z.number() });
  const usage = z.array(Usage).parse(raw.prepare("SELECT name, SUM(pgsize) AS bytes, SUM(payload) AS payload FROM dbstat GROUP BY name ORDER BY bytes DESC").all());
  const total = usage.reduce((sum, u) => sum + u.bytes, 0);
  console.log(`${N} paused-then-completed runs (eventPayloads ${process.env.EVENT_PAYLOADS ?? "full"}): ${(total / N).toFixed(0)} bytes per run in pages (page size ${String(raw.pragma("page_size", { simple: true }))})`);
  for (const u of usage.filter((x) => x.bytes / N >= 8)) console.log(`  ${u.name.padEnd(48)} ${(u.bytes / N).toFixed(0).padStart(6)} B/run in pages, ${(u.payload / N).toFixed(0).padStart(6)} B/run of payload`);
  for (const table of ["runs", "requirements", "events", "journal", "sessions"]) {
    const columns = z.array(z.object({ name: z.string(), type: z.string() })).parse(raw.prepare(`PRAGMA table_info("${table}")`).all());
    const rows = z.object({ n: z.number() }).parse(raw.prepare(`SELECT COUNT(*) AS n FROM "${table}"`).get()).n;
    const lengths = columns.map((c) => {
      const sum = z.object({ s: z.number().nullable() }).parse(raw.prepare(`SELECT SUM(LENGTH("${c.name}")) AS s FROM "${table}"`).get()).s ?? 0;
      return `${c.name} ${(sum / N).toFixed(0)}`;
    });
    console.log(`  ${table}: ${(rows / N).toFixed(1)} rows per run; bytes per run by column: ${lengths.join(", ")}`);
  }
  raw.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
