// The real app for the application bench: `next build` when .next is missing or older than the sources, then
// `next start` on its own port against the given database; and the CPU time and memory of its processes from /proc.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

const SOURCES = ["app", "lib", "components", "next.config.mjs", "instrumentation.ts", "package.json"];

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of readdirSync(entry)) {
    if (child === "generated" || child === "node_modules") continue;
    newest = Math.max(newest, newestMtime(path.join(entry, child)));
  }
  return newest;
}

/** Builds the app once, when .next/BUILD_ID is missing or a source file is newer than it. */
export function buildIfStale(): void {
  const buildId = path.join(".next", "BUILD_ID");
  const built = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  if (built > 0 && Math.max(...SOURCES.map(newestMtime)) < built) return;
  console.log("app: running next build (the build is missing or older than the sources)…");
  const result = spawnSync("node_modules/.bin/next", ["build"], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (result.status !== 0) throw new Error(`next build failed (exit ${result.status}); run it alone to see why.`);
}

export interface AppProcess {
  baseURL: string;
  pid: number;
  stop(): Promise<void>;
}

/** `next start` on `port` with the given database settings; resolves once it answers. */
export async function startApp(port: number, env: Record<string, string>): Promise<AppProcess> {
  const child: ChildProcess = spawn("node_modules/.bin/next", ["start", "-H", "127.0.0.1", "-p", String(port)], {
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", OPENAI_API_KEY: "", DATABASE_URL: "", ...env },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const baseURL = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode} before it answered.`);
    try {
      const response = await fetch(`${baseURL}/api/auth/me`);
      await response.arrayBuffer();
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`next start did not answer on ${baseURL} within 2 minutes.`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  const pid = child.pid;
  if (pid === undefined) throw new Error("next start has no process id.");
  return {
    baseURL,
    pid,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/** The process and every process under it. */
function tree(pid: number): number[] {
  const out = [pid];
  const taskDir = `/proc/${pid}/task`;
  if (!existsSync(taskDir)) return out;
  for (const task of readdirSync(taskDir)) {
    const file = `${taskDir}/${task}/children`;
    if (!existsSync(file)) continue;
    for (const child of readFileSync(file, "utf8").split(/\s+/).filter(Boolean)) out.push(...tree(Number(child)));
  }
  return out;
}

const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) the app's processes have used so far. */
export function cpuSeconds(pid: number): number {
  let ticks = 0;
  for (const p of tree(pid)) {
    try {
      // Fields after the command name (which may hold spaces): utime is the 14th field, stime the 15th.
      const stat = readFileSync(`/proc/${p}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return ticks / TICKS_PER_SECOND;
}

/** Resident memory of the app's processes, in MiB. */
export function rssMiB(pid: number): number {
  let kib = 0;
  for (const p of tree(pid)) {
    try {
      const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, "utf8"));
      kib += Number(match?.[1] ?? 0);
    } catch {
      // ended meanwhile
    }
  }
  return kib / 1024;
}
