// Chaos: 20 runs of an agent whose model is a real OpenAI-compatible server answering after a delay, executed by a
// worker in a separate process that is killed with SIGKILL at random moments (while the model answers, while an
// approved tool runs, right after a decision queued a continuation) and replaced by a new process each time. The test
// is the person: it approves every transfer and decides every call left in doubt by looking at the ledger. In the end
// every run completes, every approved transfer ran exactly once, calls in doubt paused instead of running again, and
// the model was asked at most once more per kill than undisturbed runs would have been.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SqliteDb } from "@/lib/db";
import { CHAOS_WORKFLOW, chaosReply, chaosWorkflow, IDEAL_MODEL_CALLS, parseLedger } from "@/tests/support/chaos-workflow";
import { tempDir } from "@/tests/support/db-targets";
import { startOpenAIServer, type OpenAIServer } from "@/tests/support/openai-server";

const RUNS = 20;
const LEASE_MS = 600;
const TOOL_MS = 150;
const SEED = 20261202;
const DEBUG = process.env.CHAOS_DEBUG !== undefined;

type KillKind = "model" | "tool" | "continue";

/** mulberry32: a small seeded generator, so a failing schedule can be replayed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = seeded(SEED);
// Two kills of each kind, in a seeded order.
const plan: KillKind[] = (["model", "model", "tool", "tool", "continue", "continue"] as const)
  .map((kind) => ({ kind, order: random() }))
  .sort((a, b) => a.order - b.order)
  .map((x) => x.kind);

/** A worker process with everything imported, waiting for "start": replacing a killed worker then takes moments. */
interface WorkerProcess {
  child: ChildProcess;
  standing: Promise<void>;
  ready: Promise<void>;
}

describe("chaos: a worker killed with SIGKILL again and again", () => {
  const tmp = tempDir("hitl-chaos-");
  const dbFile = join(tmp.dir, "chaos.db");
  const ledger = join(tmp.dir, "ledger.txt");
  let server: OpenAIServer;
  let db: SqliteDb;
  const spares: WorkerProcess[] = [];
  let worker: ChildProcess | null = null;
  /** What the next kill waits for; null while a replacement starts and once every planned kill happened. */
  let armed: KillKind | null = null;
  const kills: KillKind[] = [];
  let replacing: Promise<void> | null = null;

  function spawnWorker(): WorkerProcess {
    const args = ["--import", "tsx", "tests/support/chaos-worker.ts", `sqlite:${dbFile}`, ledger, server.baseURL, String(LEASE_MS), String(TOOL_MS)];
    const child = spawn(process.execPath, args, { stdio: ["pipe", "pipe", "inherit"] });
    let standing = () => {};
    let ready = () => {};
    const out: WorkerProcess = { child, standing: new Promise((r) => (standing = r)), ready: new Promise((r) => (ready = r)) };
    createInterface({ input: child.stdout! }).on("line", (line) => {
      if (DEBUG) console.log(`worker ${child.pid}: ${line}`);
      if (line === "standby") standing();
      if (line === "ready") ready();
      // The transfer's side effect is in the ledger and its result is not recorded yet: the tool is running.
      if (line.startsWith("transfer ") && armed === "tool" && worker === child) kill("tool");
    });
    return out;
  }

  async function startNextWorker(): Promise<void> {
    const next = spares.shift() ?? spawnWorker();
    await next.standing;
    worker = next.child;
    next.child.stdin!.write("start\n");
    await next.ready;
    armed = plan.shift() ?? null;
  }

  /** kill -9 the worker, then start a new process in its place. */
  function kill(kind: KillKind): void {
    const child = worker;
    if (!child || replacing) return;
    armed = null;
    kills.push(kind);
    if (DEBUG) console.log(`kill -9 ${child.pid} (${kind})`);
    child.kill("SIGKILL");
    replacing = (async () => {
      if (child.exitCode === null && child.signalCode === null) await once(child, "exit");
      await startNextWorker();
      replacing = null;
    })();
  }

  beforeAll(async () => {
    writeFileSync(ledger, "");
    server = await startOpenAIServer({
      fallback: async (request) => {
        // Half the answers of an armed "model" kill are in flight when it comes.
        if (armed === "model" && random() < 0.5) kill("model");
        await new Promise((resolve) => setTimeout(resolve, 20 + Math.floor(random() * 80)));
        return chaosReply(request);
      },
    });
    db = new SqliteDb({ dbFile });
    await db.listRuns({ limit: 1 });
    // Every process the test will need, importing in parallel now rather than one after each kill.
    for (let i = 0; i <= plan.length; i++) spares.push(spawnWorker());
    await Promise.all(spares.map((s) => s.standing));
  });

  afterAll(async () => {
    armed = null;
    await replacing?.catch(() => undefined);
    worker?.kill("SIGKILL");
    for (const s of spares) s.child.kill("SIGKILL");
    await server?.close();
    await db?.close();
    tmp.remove();
  });

  it("every run completes with decisions only; approved transfers ran exactly once; calls in doubt paused; model calls ≤ ideal + kills", { timeout: 120_000 }, async () => {
    const workflow = () => chaosWorkflow(db, { ledger, baseURL: server.baseURL, toolMs: TOOL_MS });
    const runIds = new Set<string>();
    for (let i = 0; i < RUNS; i++) runIds.add((await workflow().createRun(`invoice ${i + 1}`)).runId);
    await startNextWorker();

    const approvals = new Map<string, string>();
    const inDoubt: { runId: string; key: string; inLedger: boolean }[] = [];
    for (;;) {
      const ended = await db.listRuns({ workflowName: CHAOS_WORKFLOW, limit: 100 });
      const statuses = ended.items.map((r) => r.status);
      expect(statuses.filter((s) => s === "error" || s === "cancelled")).toEqual([]);
      if (statuses.filter((s) => s === "completed").length === RUNS && armed === null && plan.length === 0 && !replacing) break;
      // The inbox, as a person sees it.
      const inbox = await db.listPendingRequirements({ workflowName: CHAOS_WORKFLOW, limit: 100 });
      for (const runId of new Set(inbox.items.map((i) => i.runId))) {
        const run = await workflow().getRun(runId);
        if (run?.status !== "paused") continue;
        for (const req of run.stepRequirements.flatMap((s) => s.executorRequirements ?? []).filter((r) => !r.isResolved)) {
          if (req.kind === "tool_in_doubt") {
            // The person checks the ledger: the transfer happened → say so; it did not → run it again.
            const key = req.inDoubt!.idempotencyKey;
            const inLedger = parseLedger(readFileSync(ledger, "utf8")).some((l) => l.tool === "transfer" && l.key === key);
            inDoubt.push({ runId, key, inLedger });
            if (inLedger) req.provideResult("transferred 40 (seen in the ledger)", { by: "chaos" });
            else req.retry({ by: "chaos" });
          } else {
            approvals.set(runId, req.id);
            req.confirm({ by: "chaos" });
          }
        }
        await workflow().queueContinue(run);
        // Right after the decision: the worker is taking the run up, or already driving it.
        if (armed === "continue") setTimeout(() => armed === "continue" && kill("continue"), Math.floor(random() * 150));
      }
      if (DEBUG) console.log(statuses.join(","), `kills: ${kills.join(",")}`, `model calls: ${server.requests.length}`);
      // A person looks at the inbox again a moment later.
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    const transfers = parseLedger(readFileSync(ledger, "utf8"))
      .filter((l) => l.tool === "transfer")
      .map((l) => l.key);
    expect(kills.length).toBeGreaterThanOrEqual(5);
    expect(new Set(kills)).toEqual(new Set(["model", "tool", "continue"]));
    // Every approved transfer ran exactly once, with its approval's id as the idempotency key.
    expect(transfers).toHaveLength(RUNS);
    expect(new Set(transfers)).toEqual(new Set(approvals.values()));
    // A kill while a transfer ran left it in doubt: the run paused for a person instead of running it again.
    expect(inDoubt.length).toBeGreaterThanOrEqual(kills.filter((k) => k === "tool").length);
    for (const d of inDoubt) expect(transfers.filter((k) => k === d.key)).toHaveLength(1);
    // Each kill cost at most the model call in flight.
    expect(server.requests.length).toBeLessThanOrEqual(RUNS * IDEAL_MODEL_CALLS + kills.length);
    for (const runId of runIds) expect((await workflow().getRun(runId))?.content).toMatch(/^Done: transferred 40/);
  });
});
