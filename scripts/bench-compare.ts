// `npm run bench:compare`: our engine beside LangGraph JS on the same shapes, in one session. LangGraph is
// installed (pinned) into a cache folder outside the project, reused when present, and never becomes a
// dependency of ours. The two sides alternate in fresh processes (RUNS, default 3) so noise hits both; the
// table gives the median over runs of each side's p50 and p95 and the ratio LangGraph / ours (higher: we win).
// Sizes: STEP_N, STEP_WARM, CYCLE_N, CYCLE_WARM (passed to both sides); LANGGRAPH_DIR overrides the cache folder.
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { percentile } from "./bench/stats";

const PINS = [
  "@langchain/langgraph@1.7.3",
  "@langchain/core@1.4.0",
  "@langchain/langgraph-checkpoint@1.2.2",
  "@langchain/langgraph-checkpoint-sqlite@1.0.4",
  "better-sqlite3@12.11.1",
  "langsmith@0.12.0",
  "zod@4.6.7",
];
const root = fileURLToPath(new URL("..", import.meta.url));
const cache = process.env.LANGGRAPH_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "hitl-inbox", "langgraph-1.7.3");
const RUNS = Number(process.env.RUNS ?? 3);

class CompareSideError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "CompareSideError";
  }
}

const SideOutput = z.object({
  side: z.enum(["ours", "langgraph"]),
  stepMemoryMs: z.array(z.number()).min(1),
  stepSqliteMs: z.array(z.number()).min(1),
  cycleSqliteMs: z.array(z.number()).min(1),
  storage: z.object({ runs: z.number().int().positive(), bytes: z.number().int().positive(), emptyBytes: z.number().int().nonnegative() }),
});
type SideOutput = z.infer<typeof SideOutput>;

function installedVersion(): string | null {
  const manifest = join(cache, "node_modules", "@langchain", "langgraph", "package.json");
  if (!existsSync(manifest)) return null;
  return z.object({ version: z.string() }).parse(JSON.parse(readFileSync(manifest, "utf8"))).version;
}

function ensureLangGraph(): void {
  if (installedVersion() !== "1.7.3" || !existsSync(join(cache, "node_modules", "@langchain", "langgraph-checkpoint-sqlite"))) {
    mkdirSync(cache, { recursive: true });
    writeFileSync(join(cache, "package.json"), `${JSON.stringify({ private: true, allowScripts: { "better-sqlite3": true } })}\n`);
    console.log(`Installing LangGraph JS into ${cache} (once; about a minute, better-sqlite3 compiles)…`);
    execFileSync("npm", ["install", "--engine-strict", "--no-audit", "--no-fund", ...PINS], { cwd: cache, stdio: "inherit" });
  }
  // The script must sit beside LangGraph's node_modules to import it; it is rewritten each time from our template.
  copyFileSync(join(root, "scripts", "bench", "compare", "langgraph-side.mjs"), join(cache, "langgraph-side.mjs"));
}

function runSide(side: "ours" | "langgraph"): SideOutput {
  const [cwd, args] =
    side === "ours" ? [root, ["--import", "tsx", join(root, "scripts", "bench", "compare", "ours-side.ts")]] : [cache, [join(cache, "langgraph-side.mjs")]];
  const child = spawnSync(process.execPath, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 1 << 26 });
  if (child.status !== 0) throw new CompareSideError(`The ${side} side exited with ${child.status}; its error is printed above. Fix it, then run npm run bench:compare again.`);
  const last = child.stdout.trim().split("\n").at(-1) ?? "";
  try {
    return SideOutput.parse(JSON.parse(last));
  } catch (cause) {
    throw new CompareSideError(`The ${side} side printed something other than its figures (${last.slice(0, 200)}); run it alone to see why.`, { cause });
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)] as number;
const pcts = (ms: number[], per: number) => {
  const sorted = ms.map((m) => m / per).sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
};

interface Row {
  label: string;
  unit: string;
  target: number;
  of: (o: SideOutput) => { p50: number; p95: number };
}
const rows: Row[] = [
  { label: "per step, in memory", unit: "µs", target: 30, of: (o) => scale(pcts(o.stepMemoryMs, 10), 1000) },
  { label: "per step, persisted (SQLite)", unit: "µs", target: 12, of: (o) => scale(pcts(o.stepSqliteMs, 10), 1000) },
  { label: "pause → resume cycle (SQLite)", unit: "ms", target: 5, of: (o) => pcts(o.cycleSqliteMs, 1) },
];
function scale(v: { p50: number; p95: number }, by: number) {
  return { p50: v.p50 * by, p95: v.p95 * by };
}

ensureLangGraph();
const outputs: Record<"ours" | "langgraph", SideOutput[]> = { ours: [], langgraph: [] };
for (let r = 0; r < RUNS; r++) {
  const order = r % 2 === 0 ? (["langgraph", "ours"] as const) : (["ours", "langgraph"] as const);
  for (const side of order) {
    const t0 = Date.now();
    outputs[side].push(runSide(side));
    console.log(`run ${r + 1}/${RUNS}: ${side} side done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
}

const n = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
const line = (cells: string[]) => console.log(`| ${cells.join(" | ")} |`);
console.log(`\nnode ${process.version}; LangGraph JS ${PINS.slice(0, 4).join(" ")}; median of ${RUNS} runs per side, alternating, fresh processes\n`);
line(["figure", "ours p50", "LangGraph p50", "ratio p50", "ours p95", "LangGraph p95", "ratio p95", "target"]);
line(["---", "---", "---", "---", "---", "---", "---", "---"]);
for (const row of rows) {
  const ours = outputs.ours.map(row.of);
  const theirs = outputs.langgraph.map(row.of);
  const ratio = (p: "p50" | "p95") => median(theirs.map((t, i) => t[p] / (ours[i] as { p50: number; p95: number })[p]));
  const verdict = ratio("p50") >= row.target ? "OK" : "MISSED";
  line([
    row.label,
    `${n(median(ours.map((o) => o.p50)))} ${row.unit}`,
    `${n(median(theirs.map((o) => o.p50)))} ${row.unit}`,
    `${ratio("p50").toFixed(1)}×`,
    `${n(median(ours.map((o) => o.p95)))} ${row.unit}`,
    `${n(median(theirs.map((o) => o.p95)))} ${row.unit}`,
    `${ratio("p95").toFixed(1)}×`,
    `≥ ${row.target}× p50: ${verdict}`,
  ]);
}
const perRun = (o: SideOutput) => o.storage.bytes / o.storage.runs;
const oursBytes = median(outputs.ours.map(perRun));
const theirBytes = median(outputs.langgraph.map(perRun));
const marginal = (o: SideOutput) => (o.storage.bytes - o.storage.emptyBytes) / o.storage.runs;
line([
  "bytes per paused-then-completed run (file after checkpoint / runs)",
  n(oursBytes),
  n(theirBytes),
  `${(theirBytes / oursBytes).toFixed(2)}×`,
  `${n(median(outputs.ours.map(marginal)))} without the empty file`,
  `${n(median(outputs.langgraph.map(marginal)))} without the empty file`,
  "",
  `≥ 1× : ${theirBytes >= oursBytes ? "OK" : "MISSED"}`,
]);
