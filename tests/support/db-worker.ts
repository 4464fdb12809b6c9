// A second process for the db tests: runs, continues or recovers the reference's weather workflow on a
// shared database and prints one JSON line with the outcome. The tool appends one line per execution to
// a file, so the parent can count how often it really ran.
//   tsx tests/support/db-worker.ts start    <db> <countFile>
//   tsx tests/support/db-worker.ts continue <db> <countFile> <runId> [goFile] [delayMs] [toolMs]
//     (with goFile: loads the run, writes <goFile>.ready.<pid>, waits for goFile, waits delayMs, continues)
//   tsx tests/support/db-worker.ts work     <db> <countFile> <runId> <leaseMs> [toolMs]
//     (takes the queued run under a lease as the app's workers do, and executes it)
// <db> is sqlite:<file> or a postgresql:// URL.
import { appendFileSync, existsSync, writeFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { PostgresDb, SqliteDb } from "@/lib/db";
import { EngineError, type Store, type Workflow } from "@/lib/engine";
import { RunSignals } from "@/lib/runtime/signals";
import { Worker } from "@/lib/runtime/worker";
import { weatherWorkflow } from "./db-weather";

export function openDb(spec: string): SqliteDb | PostgresDb {
  return spec.startsWith("sqlite:") ? new SqliteDb({ dbFile: spec.slice("sqlite:".length) }) : new PostgresDb({ url: spec });
}

/** The weather workflow whose tool records each execution (with its requirement id) in `countFile`. */
export function countingWeatherWorkflow(db: Store, countFile: string, toolMs = 0): Workflow {
  return weatherWorkflow(db, async (ctx) => {
    appendFileSync(countFile, `${process.pid} ${ctx.requirementId ?? "-"}\n`);
    if (toolMs > 0) await sleep(toolMs);
  });
}

/** A worker as the app runs one, over the counting weather workflow, with a lease of `leaseMs`. */
export function leasedWorker(db: SqliteDb | PostgresDb, countFile: string, leaseMs: number, toolMs = 0): Worker {
  return new Worker({
    store: db,
    leases: db.leases(),
    signals: new RunSignals(),
    resolve: (name, store) => (name === "WeatherWorkflow" ? countingWeatherWorkflow(store, countFile, toolMs) : null),
    settings: { leaseMs, recoveryAttempts: 3 },
  });
}

async function main(): Promise<void> {
  const [command, spec, countFile, runId, a, b, c] = process.argv.slice(2);
  if (!command || !spec || !countFile) throw new Error("usage: db-worker.ts start|continue|recover <db> <countFile> [runId] ...");
  const db = openDb(spec);
  try {
    if (command === "start") {
      const out = await countingWeatherWorkflow(db, countFile).run("What is the weather in Tokyo?");
      console.log(JSON.stringify({ runId: out.runId, status: out.status }));
    } else if (command === "continue" && runId) {
      const workflow = countingWeatherWorkflow(db, countFile, Number(c ?? 0));
      const loaded = await workflow.getRun(runId);
      if (!loaded) throw new Error(`run ${runId} not found`);
      for (const stepReq of loaded.stepRequirements) for (const req of stepReq.executorRequirements ?? []) if (!req.isResolved) req.confirm({ by: `pid ${process.pid}` });
      if (a) {
        // Tell the parent this process holds the paused run, then wait for the start signal.
        writeFileSync(`${a}.ready.${process.pid}`, "");
        while (!existsSync(a)) await sleep(2);
      }
      if (b) await sleep(Number(b));
      const out = await workflow.continueRun(loaded);
      console.log(JSON.stringify({ status: out.status, content: out.content }));
    } else if (command === "work" && runId && a) {
      const result = await leasedWorker(db, countFile, Number(a), Number(b ?? 0)).execute(runId);
      const stored = await db.getRun(runId);
      console.log(JSON.stringify({ result, status: stored?.run.status, content: stored?.run.content ?? null }));
    } else {
      throw new Error(`unknown command ${command}`);
    }
  } catch (error) {
    if (!(error instanceof EngineError)) throw error;
    console.log(JSON.stringify({ error: error.code, name: error.name, message: error.message }));
  } finally {
    await db.close();
  }
}

if (process.argv[1]?.endsWith("db-worker.ts")) {
  await main();
  process.exit(0);
}
