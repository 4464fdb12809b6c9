// A second process for the db tests: runs, continues or recovers the reference's weather workflow on a
// shared database and prints one JSON line with the outcome. The tool appends one line per execution to
// a file, so the parent can count how often it really ran.
//   tsx tests/support/db-worker.ts start    <db> <countFile>
//   tsx tests/support/db-worker.ts continue <db> <countFile> <runId> [goFile] [delayMs] [toolMs]
//     (with goFile: loads the run, writes <goFile>.ready.<pid>, waits for goFile, waits delayMs, continues)
//   tsx tests/support/db-worker.ts recover  <db> <countFile> <runId> resume|cancel
// <db> is sqlite:<file> or a postgresql:// URL.
import { appendFileSync, existsSync, writeFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { PostgresDb, SqliteDb } from "@/lib/db";
import { EngineError } from "@/lib/engine/errors";
import type { Workflow } from "@/lib/engine/workflow";
import { weatherWorkflow } from "./db-weather";

export function openDb(spec: string): SqliteDb | PostgresDb {
  return spec.startsWith("sqlite:") ? new SqliteDb({ dbFile: spec.slice("sqlite:".length) }) : new PostgresDb({ url: spec });
}

/** The weather workflow whose tool records each execution (with its requirement id) in `countFile`. */
export function countingWeatherWorkflow(db: SqliteDb | PostgresDb, countFile: string, toolMs = 0): Workflow {
  return weatherWorkflow(db, async (ctx) => {
    appendFileSync(countFile, `${process.pid} ${ctx.requirementId ?? "-"}\n`);
    if (toolMs > 0) await sleep(toolMs);
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
    } else if (command === "recover" && runId && (a === "resume" || a === "cancel")) {
      const out = await countingWeatherWorkflow(db, countFile).recoverRun(runId, a);
      console.log(JSON.stringify({ status: out.status, content: out.content ?? null, cancelReason: out.cancelReason ?? null }));
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
