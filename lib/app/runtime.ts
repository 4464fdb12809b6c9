import { appEnv } from "@/lib/config/env";
import { Runtime } from "@/lib/runtime/runtime";
import { workflowOfRun } from "@/lib/workflows";
import { appDb } from "./db";
import { SWEEP_EVERY_MS, sweepExpiredGates } from "./gate-timeouts";
import { applyPolicies } from "./policy-decisions";

// Cached on globalThis because Next's dev server re-evaluates modules on every edit.
const holder = globalThis as typeof globalThis & { __hitlRuntime?: Runtime };

/** The process's runtime: its signals, the store the engine writes through, and (unless WORKERS=0) its worker. */
export function appRuntime(options: { readers?: boolean } = {}): Runtime {
  if (!holder.__hitlRuntime) {
    const runtime: Runtime = new Runtime(appDb(), (name, store) => workflowOfRun(name)?.create(store) ?? null, appEnv().workers, {
      // On PostgreSQL gates time out once per cluster, not once per instance.
      jobs: [{ name: "gate-timeouts", everyMs: SWEEP_EVERY_MS, run: async () => void (await sweepExpiredGates(runtime.db, new Date(), runtime.store)) }],
      readers: options.readers,
      // Standing policies decide right after the pause is stored, in whichever process executed the run.
      afterPause: async (rt, runId, workflowName) => void (await applyPolicies(rt, runId, workflowName)),
    });
    holder.__hitlRuntime = runtime;
  }
  return holder.__hitlRuntime;
}

/**
 * Starts this process's workers (instrumentation and `npm run worker` call it once). `readers: false` (the worker
 * process) serves no event stream or waiting request, so it does not hear the other instances' "changed" signals.
 */
export function startAppRuntime(options: { readers?: boolean } = {}): Runtime {
  const runtime = appRuntime(options);
  runtime.start();
  return runtime;
}

/** Stops the workers and forgets the runtime (tests; a shutting-down worker process). */
export async function stopAppRuntime(): Promise<void> {
  const runtime = holder.__hitlRuntime;
  delete holder.__hitlRuntime;
  await runtime?.stop();
}
