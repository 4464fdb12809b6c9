// The LangGraph JS side of `npm run bench:compare`. Template: scripts/bench-compare.ts writes it into the
// cache folder beside LangGraph's node_modules (never a dependency of this project) and runs it there in a
// long-lived process; it measures the same shapes as ours-side.ts in the batches the driver asks for over stdin
// (protocol.ts: one JSON request a line, one JSON answer a line). No network, no model: nodes are plain async
// functions.
import { rmSync, statSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";

for (const k of ["LANGSMITH_TRACING", "LANGCHAIN_TRACING_V2", "LANGCHAIN_TRACING"]) delete process.env[k];
const { StateGraph, Annotation, START, END, Command, interrupt } = await import("@langchain/langgraph");
const { SqliteSaver } = await import("@langchain/langgraph-checkpoint-sqlite");

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

/** Milliseconds of each of `n` invokes of a 10-node run; thread ids go on from `from`. */
async function steps(app, tag, from, n) {
  const ms = [];
  for (let i = from; i < from + n; i++) {
    const config = tag ? { configurable: { thread_id: `${tag}-${i}` } } : undefined;
    const t0 = performance.now();
    const out = await app.invoke({ visited: [] }, config);
    const t = performance.now() - t0;
    if (out.visited.length !== STEPS) fail(`a 10-node run visited ${out.visited.length} nodes`);
    ms.push(t);
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

const memory = linear().compile();
const stepsFile = fresh("steps");
const stepsSaver = SqliteSaver.fromConnString(stepsFile);
const persisted = linear().compile({ checkpointer: stepsSaver });
// The pause in one request (its graph and saver kept, as a server keeps its handle), the resume in another:
// a new compiled graph and a new SqliteSaver on the same file, closed afterwards.
const file = fresh("cycle");
const first = SqliteSaver.fromConnString(file);
const emptyBytes = (first.db.pragma("wal_checkpoint(TRUNCATE)"), statSync(file).size);
const app = weather().compile({ checkpointer: first });
const done = { stepSqlite: 0, cycle: 0 };

async function cycle(from, n) {
  const ms = [];
  for (let i = from; i < from + n; i++) {
    const config = { configurable: { thread_id: `c-${i}` } };
    const t0 = performance.now();
    const paused = await app.invoke({ city: "Tokyo" }, config);
    const saver = SqliteSaver.fromConnString(file);
    const resumed = await weather().compile({ checkpointer: saver }).invoke(new Command({ resume: "approved" }), config);
    saver.db.close();
    const t = performance.now() - t0;
    if (paused.__interrupt__?.[0]?.value?.args?.city !== "Tokyo") fail("the run did not pause at the weather tool");
    if (resumed.answer !== "approved: It is 70 degrees and cloudy in Tokyo") fail(`the resumed run ended with ${JSON.stringify(resumed)}`);
    ms.push(t);
  }
  return ms;
}

const answer = (a) => process.stdout.write(`${JSON.stringify(a)}\n`);
answer({ ready: "langgraph" });
for await (const line of createInterface({ input: process.stdin })) {
  const req = JSON.parse(line);
  if (req.op === "finish") break;
  if (req.op !== "batch" || !Number.isInteger(req.n) || req.n < 1) fail(`cannot do ${line}`);
  if (req.shape === "stepMemory") answer({ ms: await steps(memory, null, 0, req.n) });
  else if (req.shape === "stepSqlite") answer({ ms: await steps(persisted, "s", (done.stepSqlite += req.n) - req.n, req.n) });
  else if (req.shape === "cycle") answer({ ms: await cycle((done.cycle += req.n) - req.n, req.n) });
  else fail(`no shape ${req.shape}`);
}
stepsSaver.db.close();
drop(stepsFile);
first.db.pragma("wal_checkpoint(TRUNCATE)");
first.db.close();
const bytes = statSync(file).size + (existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0);
answer({ storage: { runs: done.cycle, bytes, emptyBytes } });
drop(file);
