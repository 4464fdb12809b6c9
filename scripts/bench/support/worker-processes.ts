// `npm run worker` processes for the cluster benches: started on a database, ready once they take runs, stopped
// with SIGTERM and waited for.
import { spawn, type ChildProcess } from "node:child_process";

export interface WorkerProcess {
  child: ChildProcess;
  ready: Promise<void>;
}

/** A worker process (4 slots, offline model) on `url`; `env` adds to its environment. */
export function workerProcess(url: string, env: Record<string, string> = {}): WorkerProcess {
  const child = spawn("node_modules/.bin/tsx", ["scripts/worker.ts"], {
    env: { ...process.env, DATABASE_URL: url, OPENAI_API_KEY: "", WORKER_CONCURRENCY: "4", ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout?.setEncoding("utf8").on("data", (text: string) => /is taking runs/.test(text) && resolve());
    child.on("exit", (code) => reject(new Error(`a worker process exited with ${code}`)));
  });
  return { child, ready };
}

export async function stopWorkerProcesses(workers: readonly WorkerProcess[]): Promise<void> {
  for (const w of workers) w.child.kill("SIGTERM");
  await Promise.all(workers.map((w) => new Promise((resolve) => (w.child.exitCode !== null ? resolve(null) : w.child.once("exit", resolve)))));
}
