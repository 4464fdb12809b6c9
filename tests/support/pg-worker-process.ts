// A worker process on PostgreSQL as `npm run worker` runs one (the runtime with its job queue and signal relay),
// over the weather workflow whose tool appends one line per execution to a file.
//   tsx tests/support/pg-worker-process.ts <postgresql url> <countFile> [toolMs]
// Prints "ready" once it has joined the cluster's queue, and every log line of the runtime on stderr.
import { PostgresDb } from "@/lib/db";
import { Runtime } from "@/lib/runtime/runtime";
import { countingWeatherWorkflow } from "./db-worker";

const [url, countFile, toolMs] = process.argv.slice(2);
if (!url || !countFile) throw new Error("usage: pg-worker-process.ts <postgresql url> <countFile>");
const db = new PostgresDb({ url });
const runtime = new Runtime(db, (name, store) => (name === "WeatherWorkflow" ? countingWeatherWorkflow(store, countFile, Number(toolMs ?? 0)) : null), { concurrency: 2, leaseMs: 2_000, recoveryAttempts: 3, pollMs: 200 }, {
  readers: false,
  log: (message, error) => console.error(`LOG ${message}`, error instanceof Error ? error.message : (error ?? "")),
});
runtime.start();
await runtime.ready();
console.log("ready");
setInterval(() => undefined, 1 << 30);
