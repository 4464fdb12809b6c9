/** Next calls this once per server process: the place for the server's background work. */
export async function register(): Promise<void> {
  // Not in the Edge runtime, and not while `next build` loads modules to collect page data.
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { authStore } = await import("@/lib/server/auth");
  // On the first start with no users this creates the admin, so a generated password is printed at start-up.
  await authStore();
  const { startTimeoutSweeper } = await import("@/lib/app/timeout-sweeper");
  startTimeoutSweeper();
  // Workers run inside the app process unless WORKERS=0 (a web-only instance; `npm run worker` runs them alone).
  const { startAppRuntime } = await import("@/lib/app/runtime");
  const runtime = startAppRuntime();
  // The owner names this process in the runs' leases: the line ties a lease seen in the database to its process.
  const worker = runtime.worker;
  if (worker) void runtime.ready().then(() => console.log(`Worker ${worker.owner} is taking runs (${runtime.settings.concurrency} at once).`));
}
