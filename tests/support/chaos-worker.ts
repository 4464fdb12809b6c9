// The chaos test's worker: a separate process that executes chaos runs as the app's workers do (dispatcher, lease,
// recovery), until it is killed. It starts as a standby with everything imported ("standby"), and takes runs once it
// reads "start" on stdin ("ready"), so a restart after a kill does not wait for the imports. It prints
// "transfer <key>" as soon as a transfer's side effect is in the ledger, so the test can kill it at that moment.
//   tsx tests/support/chaos-worker.ts <db> <ledgerFile> <baseURL> <leaseMs> <toolMs>
import { createInterface } from "node:readline";
import { Runtime } from "@/lib/runtime/runtime";
import { CHAOS_WORKFLOW, chaosWorkflow } from "./chaos-workflow";
import { openDb } from "./db-worker";

const [spec, ledger, baseURL, leaseMs, toolMs] = process.argv.slice(2);
if (!spec || !ledger || !baseURL || !leaseMs || !toolMs) throw new Error("usage: chaos-worker.ts <db> <ledgerFile> <baseURL> <leaseMs> <toolMs>");

function start(): void {
  const db = openDb(spec as string);
  const runtime = new Runtime(
    db,
    (name, store) =>
      name === CHAOS_WORKFLOW
        ? chaosWorkflow(store, { ledger: ledger as string, baseURL: baseURL as string, toolMs: Number(toolMs), onTransfer: (key) => console.log(`transfer ${key}`) })
        : null,
    // One run at a time: a kill then interrupts at most one model call, which is what the test counts.
    { concurrency: 1, leaseMs: Number(leaseMs), recoveryAttempts: 100, pollMs: 20 },
  );
  runtime.start();
  console.log("ready");
}

createInterface({ input: process.stdin }).on("line", (line) => {
  if (line === "start") start();
});
console.log("standby");
setInterval(() => undefined, 1 << 30);
