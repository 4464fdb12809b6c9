// `npm run bench:compare`: our engine beside LangGraph JS on the same shapes, in one session. LangGraph is
// installed (pinned) into a cache folder outside the project, reused when present, and never becomes a
// dependency of ours. Each side is one long-lived process driven over stdin/stdout (protocol.ts); the driver asks
// them for small batches in turn (STEP_BATCH, default 50 runs; CYCLE_BATCH, 25 cycles), the side that goes first
// alternating, and only one side runs at a time, so load from elsewhere on the machine hits both alike. The table
// gives each side's p50 and p95 over all its batches, their ratio LangGraph / ours (higher: we win), and the median
// of the per-round ratios of the batches' p50 (a paired figure: each round's two batches ran back to back).
// Sizes: STEP_N, STEP_WARM, CYCLE_N, CYCLE_WARM (warm-up batches are measured and left out); LANGGRAPH_DIR
// overrides the cache folder.
import { execFileSync, spawn, type ChildProcessByStdio } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { SideAnswer, type Shape, type SideRequest, type Storage } from "./bench/compare/protocol";
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
const num = (key: string, fallback: number) => (process.env[key] ? Number(process.env[key]) : fallback);
const STEP_N = num("STEP_N", 1000);
const STEP_WARM = num("STEP_WARM", 100);
const CYCLE_N = num("CYCLE_N", 500);
const CYCLE_WARM = num("CYCLE_WARM", 50);
const STEP_BATCH = num("STEP_BATCH", 50);
const CYCLE_BATCH = num("CYCLE_BATCH", 25);

class CompareSideError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "CompareSideError";
  }
}

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

type Side = "ours" | "langgraph";

/** A side's process: asked one request at a time, each answer one line. */
class SideProcess {
  readonly #child: ChildProcessByStdio<Writable, Readable, null>;
  readonly #lines: AsyncIterator<string>;

  constructor(readonly side: Side) {
    const [cwd, args] =
      side === "ours" ? [root, ["--import", "tsx", join(root, "scripts", "bench", "compare", "ours-side.ts")]] : [cache, [join(cache, "langgraph-side.mjs")]];
    this.#child = spawn(process.execPath, args, { cwd, stdio: ["pipe", "pipe", "inherit"] });
    this.#lines = createInterface({ input: this.#child.stdout })[Symbol.asyncIterator]();
  }

  async answer(): Promise<SideAnswer> {
    const next = await this.#lines.next();
    if (next.done) throw new CompareSideError(`The ${this.side} side exited (code ${this.#child.exitCode}); its error is printed above. Fix it, then run npm run bench:compare again.`);
    try {
      return SideAnswer.parse(JSON.parse(next.value));
    } catch (cause) {
      throw new CompareSideError(`The ${this.side} side printed something other than its figures (${next.value.slice(0, 200)}); run it alone to see why.`, { cause });
    }
  }

  async ask(request: SideRequest): Promise<SideAnswer> {
    this.#child.stdin.write(`${JSON.stringify(request)}\n`);
    return this.answer();
  }

  async batch(shape: Shape, n: number): Promise<number[]> {
    const a = await this.ask({ op: "batch", shape, n });
    if (!("ms" in a) || a.ms.length !== n) throw new CompareSideError(`The ${this.side} side answered a batch of ${n} ${shape} with ${JSON.stringify(a).slice(0, 200)}.`);
    return a.ms;
  }

  async finish(): Promise<Storage> {
    const a = await this.ask({ op: "finish" });
    if (!("storage" in a)) throw new CompareSideError(`The ${this.side} side ended without its storage figures.`);
    return a.storage;
  }
}

interface SideOutput {
  stepMemoryMs: number[];
  stepSqliteMs: number[];
  cycleSqliteMs: number[];
  storage: Storage;
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
const sides = { ours: new SideProcess("ours"), langgraph: new SideProcess("langgraph") };
for (const p of Object.values(sides)) if (!("ready" in (await p.answer()))) throw new CompareSideError(`The ${p.side} side did not start.`);

const shapes: { shape: Shape; key: "stepMemoryMs" | "stepSqliteMs" | "cycleSqliteMs"; warm: number; n: number; batch: number }[] = [
  { shape: "stepMemory", key: "stepMemoryMs", warm: STEP_WARM, n: STEP_N, batch: STEP_BATCH },
  { shape: "stepSqlite", key: "stepSqliteMs", warm: STEP_WARM, n: STEP_N, batch: STEP_BATCH },
  { shape: "cycle", key: "cycleSqliteMs", warm: CYCLE_WARM, n: CYCLE_N, batch: CYCLE_BATCH },
];
const ms: Record<Side, Record<Shape, number[]>> = { ours: { stepMemory: [], stepSqlite: [], cycle: [] }, langgraph: { stepMemory: [], stepSqlite: [], cycle: [] } };
/** Per shape, each round's LangGraph / ours ratio of the two batches' p50. */
const paired: Record<Shape, number[]> = { stepMemory: [], stepSqlite: [], cycle: [] };
const p50 = (values: number[]) => percentile([...values].sort((a, b) => a - b), 50);
const t0 = Date.now();
let round = 0;
for (const { shape, warm, n, batch } of shapes) {
  for (const side of [sides.langgraph, sides.ours]) if (warm > 0) await side.batch(shape, warm);
  for (let done = 0; done < n; done += batch, round++) {
    const size = Math.min(batch, n - done);
    const order = round % 2 === 0 ? [sides.langgraph, sides.ours] : [sides.ours, sides.langgraph];
    const got: Partial<Record<Side, number[]>> = {};
    for (const side of order) got[side.side] = await side.batch(shape, size);
    ms.ours[shape].push(...got.ours!);
    ms.langgraph[shape].push(...got.langgraph!);
    paired[shape].push(p50(got.langgraph!) / p50(got.ours!));
  }
  console.log(`${shape}: ${Math.ceil(n / batch)} rounds of ${batch}, ${((Date.now() - t0) / 1000).toFixed(1)} s so far`);
}
const output = async (side: Side): Promise<SideOutput> => ({
  stepMemoryMs: ms[side].stepMemory,
  stepSqliteMs: ms[side].stepSqlite,
  cycleSqliteMs: ms[side].cycle,
  storage: await sides[side].finish(),
});
const ours = await output("ours");
const theirs = await output("langgraph");

const n = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
const line = (cells: string[]) => console.log(`| ${cells.join(" | ")} |`);
console.log(`\nnode ${process.version}; LangGraph JS ${PINS.slice(0, 4).join(" ")}; two long-lived processes, alternating batches (${STEP_BATCH} runs, ${CYCLE_BATCH} cycles)\n`);
line(["figure", "ours p50", "LangGraph p50", "ratio p50", "paired ratio p50", "ours p95", "LangGraph p95", "ratio p95", "target"]);
line(["---", "---", "---", "---", "---", "---", "---", "---", "---"]);
for (const [i, row] of rows.entries()) {
  const o = row.of(ours);
  const t = row.of(theirs);
  const pairedRatio = median(paired[(shapes[i] as { shape: Shape }).shape]);
  line([
    row.label,
    `${n(o.p50)} ${row.unit}`,
    `${n(t.p50)} ${row.unit}`,
    `${(t.p50 / o.p50).toFixed(1)}×`,
    `${pairedRatio.toFixed(1)}×`,
    `${n(o.p95)} ${row.unit}`,
    `${n(t.p95)} ${row.unit}`,
    `${(t.p95 / o.p95).toFixed(1)}×`,
    `≥ ${row.target}× p50: ${t.p50 / o.p50 >= row.target ? "OK" : "MISSED"}`,
  ]);
}
const perRun = (o: SideOutput) => o.storage.bytes / o.storage.runs;
const marginal = (o: SideOutput) => (o.storage.bytes - o.storage.emptyBytes) / o.storage.runs;
line([
  "bytes per paused-then-completed run (file after checkpoint / runs)",
  n(perRun(ours)),
  n(perRun(theirs)),
  `${(perRun(theirs) / perRun(ours)).toFixed(2)}×`,
  "",
  `${n(marginal(ours))} without the empty file`,
  `${n(marginal(theirs))} without the empty file`,
  "",
  `≥ 1× : ${perRun(theirs) >= perRun(ours) ? "OK" : "MISSED"}`,
]);
process.exit(0);
