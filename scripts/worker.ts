// npm run worker: a process that only executes runs (no web server), on the database the app uses
// (DATABASE_URL / DATABASE_FILE), with WORKER_CONCURRENCY, LEASE_SECONDS and RECOVERY_ATTEMPTS as the app reads them.
import { closeAppDb } from "@/lib/app/db";
import { startAppRuntime, stopAppRuntime } from "@/lib/app/runtime";
import { startTimeoutSweeper } from "@/lib/app/timeout-sweeper";

const runtime = startAppRuntime();
if (!runtime.worker) {
  console.error("WORKERS=0 makes a web-only instance; a worker process needs workers. Unset WORKERS or set it to 1.");
  process.exit(1);
}
startTimeoutSweeper();
// On PostgreSQL the worker takes runs once it has joined the cluster's queue.
await runtime.ready();
console.log(`Worker ${runtime.worker.owner} is taking runs (${runtime.settings.concurrency} at once).`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    // Runs executing here are abandoned to their leases: another worker picks them up from their last durable point.
    void stopAppRuntime()
      .then(() => closeAppDb())
      .finally(() => process.exit(0));
  });
}
// Keeps the process alive: the dispatcher's timers do not.
setInterval(() => undefined, 1 << 30);
