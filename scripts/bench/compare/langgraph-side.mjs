// The LangGraph JS side of `npm run bench:compare`. Template: scripts/bench-compare.ts writes it into the
// cache folder beside LangGraph's node_modules (never a dependency of this project) and runs it there in a
// fresh process; it prints one JSON line with the same shapes as ours-side.ts measures for our engine.
// No network, no model: nodes are plain async functions. Sizes come from STEP_N, STEP_WARM, CYCLE_N, CYCLE_WARM.
import { rmSync, statSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

for (const k of ["LANGSMITH_TRACING", "LANGCHAIN_TRACING_V2", "LANGCHAIN_TRACING"]) delete process.env[k];
const { StateGraph, Annotation, START, END, Command, interrupt } = await import("@langchain/langgraph");
const { SqliteSaver } = await import("@langchain/langgraph-checkpoint-sqlite");

const num = (k, d) => (process.env[k] ? Number(process.env[k]) : d);
const STEP_N = num("STEP_N", 1000), STEP_WARM = num("STEP_WARM", 100);
const CYCLE_N = num("CYCLE_N", 500), CYCLE_WARM = num("CYCLE_WARM", 50);
const STEPS = 10;

const fresh = (tag) => {
  const file = join(tmpdir(), `compare-lg-${tag}-${process.pid}.sqlite`);
  drop(file);
  return file;
};
function drop(file) { for (const s of ["", "-wal", "-shm"]) rmSync(file + s, { force: true }); }
function fail(message) { throw new Error(`langgraph side: ${message}`); }

const Linear = Annotation.Root({ visited: Annotation({ reducer: (a, b) => a.concat(b), default: () => [] }) });
function linear() {
  const g = new StateGraph(Linear);
  for (let i = 0; i < STEPS; i++) g.addNode(`n${i}`, async () => ({ visited: [`n${i}`] }));
  g.addEdge(START, "n0");
  for (let i = 1; i < STEPS; i++) g.addEdge(`n${i - 1}`, `n${i}`);
  g.addEdge(`n${STEPS - 1}`, END);
  return g;
}

/** Milliseconds of each invoke of a 10-node run, after the warm-up. */
async function steps(app, tag) {
  const ms = [];
  for (let i = 0; i < STEP_WARM + STEP_N; i++) {
    const config = tag ? { configurable: { thread_id: `${tag}-${i}` } } : undefined;
    const t0 = performance.now();
    const out = await app.invoke({ visited: [] }, config);
    const t = performance.now() - t0;
    if (out.visited.length !== STEPS) fail(`a 10-node run visited ${out.visited.length} nodes`);
    if (i >= STEP_WARM) ms.push(t);
  }
  return ms;
}

const Weather = Annotation.Root({ city: Annotation(), forecast: Annotation(), decision: Annotation(), answer: Annotation() });
function weather() {
  return new StateGraph(Weather)
    .addNode("plan", async (s) => ({ forecast: `It is 70 degrees and cloudy in ${s.city}` }))
    .addNode("approve", async (s) => ({ decision: interrupt({ tool: "get_the_weather", args: { city: s.city } }) }))
    .addNode("reply", async (s) => ({ answer: `${s.decision}: ${s.forecast}` }))
    .addEdge(START, "plan").addEdge("plan", "approve").addEdge("approve", "reply").addEdge("reply", END);
}

const out = { side: "langgraph" };
out.stepMemoryMs = await steps(linear().compile(), null);
{
  const file = fresh("steps");
  const saver = SqliteSaver.fromConnString(file);
  out.stepSqliteMs = await steps(linear().compile({ checkpointer: saver }), "s");
  saver.db.close();
  drop(file);
}
{
  // The pause in one request (its graph and saver kept, as a server keeps its handle), the resume in another:
  // a new compiled graph and a new SqliteSaver on the same file, closed afterwards.
  const file = fresh("cycle");
  const first = SqliteSaver.fromConnString(file);
  const emptyBytes = (first.db.pragma("wal_checkpoint(TRUNCATE)"), statSync(file).size);
  const app = weather().compile({ checkpointer: first });
  const cycle = [];
  for (let i = 0; i < CYCLE_WARM + CYCLE_N; i++) {
    const config = { configurable: { thread_id: `c-${i}` } };
    const t0 = performance.now();
    const paused = await app.invoke({ city: "Tokyo" }, config);
    const saver = SqliteSaver.fromConnString(file);
    const done = await weather().compile({ checkpointer: saver }).invoke(new Command({ resume: "approved" }), config);
    saver.db.close();
    const t = performance.now() - t0;
    if (paused.__interrupt__?.[0]?.value?.args?.city !== "Tokyo") fail("the run did not pause at the weather tool");
    if (done.answer !== "approved: It is 70 degrees and cloudy in Tokyo") fail(`the resumed run ended with ${JSON.stringify(done)}`);
    if (i >= CYCLE_WARM) cycle.push(t);
  }
  out.cycleSqliteMs = cycle;
  first.db.pragma("wal_checkpoint(TRUNCATE)");
  first.db.close();
  const bytes = statSync(file).size + (existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0);
  out.storage = { runs: CYCLE_WARM + CYCLE_N, bytes, emptyBytes };
  drop(file);
}
process.stdout.write(`${JSON.stringify(out)}\n`);
