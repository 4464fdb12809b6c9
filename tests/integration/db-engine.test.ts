// The engine on a real database across processes: a run paused by one process continues in another,
// two continuers race, and a process killed while its tool runs leaves a run that can be recovered.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PostgresDb, SqliteDb } from "@/lib/db";
import { skipReason, targets, tempDir } from "@/tests/support/db-targets";
import { retryRun } from "@/lib/engine";
import { countingWeatherWorkflow, leasedWorker, openDb } from "@/tests/support/db-worker";

interface Outcome {
  status?: string;
  content?: string;
  error?: string;
  name?: string;
  runId?: string;
  cancelReason?: string | null;
}

const WORKER = "tests/support/db-worker.ts";

function worker(args: string[]): { done: Promise<Outcome>; pid: number | undefined; kill(): void } {
  // One process (no tsx launcher in between), so killing it kills the worker itself.
  const child = spawn(process.execPath, ["--import", "tsx", WORKER, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<Outcome>((resolve, reject) => {
    child.on("exit", (code, signal) => {
      const line = stdout.trim().split("\n").at(-1);
      if (code === 0 && line) resolve(JSON.parse(line) as Outcome);
      else reject(new Error(`worker ${args[0]} exited ${code ?? signal}: ${stderr || stdout}`));
    });
  });
  return { done, pid: child.pid, kill: () => child.kill("SIGKILL") };
}

const executions = (countFile: string): string[] => (existsSync(countFile) ? readFileSync(countFile, "utf8").trim().split("\n").filter(Boolean) : []);

for (const { target, enabled } of targets) {
  describe.skipIf(!enabled)(enabled ? `${target.name}: the engine across processes` : `${target.name}: ${skipReason}`, () => {
    const tmp = tempDir("hitl-engine-");
    let spec: string;
    let db: SqliteDb | PostgresDb;
    let drop: () => Promise<void>;
    let round = 0;
    const countFile = () => join(tmp.dir, `count-${++round}.txt`);

    beforeAll(async () => {
      const created = await target.create();
      drop = created.drop;
      spec = target.name === "sqlite" ? `sqlite:${created.url}` : created.url;
      db = openDb(spec);
    });
    afterAll(async () => {
      await db?.close();
      await drop?.();
      tmp.remove();
    });

    it("a run paused by one process is loaded and continued by another, the tool running once", async () => {
      const count = countFile();
      const started = await worker(["start", spec, count]).done;
      expect(started.status).toBe("paused");
      const done = await worker(["continue", spec, count, started.runId ?? ""]).done;
      expect(done).toEqual({ status: "completed", content: "Done: It is 70 degrees and cloudy in Tokyo" });
      expect(executions(count)).toHaveLength(1);

      const stored = await db.getRun(started.runId ?? "");
      expect(stored?.run.status).toBe("completed");
      const decision = stored?.run.stepRequirements[0]?.executorRequirements?.[0];
      expect(decision).toMatchObject({ status: "confirmed", resolvedBy: expect.stringMatching(/^pid \d+$/) });
      const log = (await db.listEvents(started.runId ?? "")).map((e) => e.event);
      expect(log[0]).toBe("WorkflowStarted");
      expect(log).toContain("WorkflowPaused");
      expect(log.at(-1)).toBe("WorkflowCompleted");
    });

    it("two processes continuing the same paused run: one completes, the other is told it changed, the tool runs once", async () => {
      for (let i = 0; i < 4; i++) {
        const count = countFile();
        const paused = await countingWeatherWorkflow(db, count).run("What is the weather in Tokyo?");
        const go = join(tmp.dir, `go-${round}`);
        // Alternate which process is let go first, and once let them go together.
        const delays = [i % 2 === 0 ? "0" : "15", i % 2 === 0 ? "15" : "0"];
        if (i === 3) delays.fill("0");
        const racers = delays.map((delay) => worker(["continue", spec, count, paused.runId, go, delay]));
        const ready = () => readdirSync(tmp.dir).filter((f) => f.startsWith(`${basename(go)}.ready.`)).length;
        while (ready() < 2) await sleep(10);
        writeFileSync(go, "go");
        const outcomes = await Promise.all(racers.map((r) => r.done));
        const winners = outcomes.filter((o) => o.status === "completed");
        const losers = outcomes.filter((o) => o.error !== undefined);
        expect(winners).toHaveLength(1);
        expect(losers).toHaveLength(1);
        // Both loaded the paused run before either continued, so the loser's claim hits the version check.
        expect(losers[0]?.error).toBe("run_conflict");
        expect(executions(count)).toHaveLength(1);
        expect((await db.getRun(paused.runId))?.run.status).toBe("completed");
      }
    });

    it("a worker killed (SIGKILL) while the approved tool runs loses its lease; another worker takes the run over from its last durable point", async () => {
      const count = countFile();
      const paused = await countingWeatherWorkflow(db, count).run("What is the weather in Tokyo?");
      const loaded = (await countingWeatherWorkflow(db, count).getRun(paused.runId))!;
      for (const req of loaded.stepRequirements[0]?.executorRequirements ?? []) req.confirm({ by: "ann" });
      await countingWeatherWorkflow(db, count).queueContinue(loaded);
      // Long enough that the lease still holds when checked below, on a machine busy with other work.
      const leaseMs = 4000;
      const slow = worker(["work", spec, count, paused.runId, String(leaseMs), "60000"]);
      let exited = false;
      const crashed = slow.done.catch((error: Error) => error).finally(() => (exited = true));
      while (executions(count).length === 0 && !exited) await sleep(20);
      expect(exited).toBe(false);
      slow.kill();
      expect(await crashed).toBeInstanceOf(Error);

      const left = await db.getRun(paused.runId);
      expect(left?.run.status).toBe("running");
      expect(left?.run.lease?.owner).toMatch(/^worker-/);
      const next = leasedWorker(db, count, leaseMs);
      // Still held: nobody may take it before the lease expires.
      expect(await next.execute(paused.runId)).toBe("not-runnable");
      while (Date.parse((await db.getRun(paused.runId))!.run.lease!.expiresAt) >= Date.now()) await sleep(50);
      expect(await next.execute(paused.runId)).toBe("done");
      // The approved call started and left no result in the journal: nobody knows whether it took effect, so the run
      // pauses for a person instead of running it again.
      const inDoubt = (await countingWeatherWorkflow(db, count).getRun(paused.runId))!;
      expect(inDoubt.status).toBe("paused");
      expect(inDoubt.lease).toBeUndefined();
      const [req] = inDoubt.stepRequirements.flatMap((s) => s.executorRequirements ?? []).filter((r) => !r.isResolved);
      expect(req?.kind).toBe("tool_in_doubt");
      expect(executions(count)).toHaveLength(1);
      req!.retry({ by: "ann" });
      await countingWeatherWorkflow(db, count).queueContinue(inDoubt);
      expect(await next.execute(paused.runId)).toBe("done");
      const after = (await db.getRun(paused.runId))!.run;
      expect(after).toMatchObject({ status: "completed", content: "Done: It is 70 degrees and cloudy in Tokyo" });
      // Run again on the person's word, with the same requirement id, so the tool can be idempotent.
      const runs = executions(count).map((line) => line.split(" ")[1]);
      expect(runs).toHaveLength(2);
      expect(runs[0]).toBe(runs[1]);
    });

    it("a run that keeps losing its worker ends error after its recovery attempts, and a retry takes it up again", async () => {
      const count = countFile();
      const queued = await countingWeatherWorkflow(db, count).createRun("What is the weather in Tokyo?");
      const leases = db.leases();
      // The takes happen a second in the past, so every lease has long expired by now: no waiting for the clock.
      let now = Date.now() - 1000;
      for (let i = 0; i <= 3; i++) {
        expect(await leases.take(queued.runId, `dead-${i}`, new Date(now + 10), new Date(now))).toEqual({ version: 2 + i, recoveries: i });
        now += 20;
      }
      // The fifth take finds three recoveries used up: the worker ends the run instead of executing it.
      const w = leasedWorker(db, count, 1000);
      expect(await w.execute(queued.runId)).toBe("gave-up");
      const failed = (await db.getRun(queued.runId))!.run;
      expect(failed.status).toBe("error");
      expect(failed.error).toMatch(/given up after 3 recovery attempts/);
      expect(failed.resumeState).toBeDefined();
      expect(executions(count)).toHaveLength(0);

      await retryRun(db, queued.runId);
      expect((await db.getRun(queued.runId))!.run.status).toBe("pending");
      expect(await w.execute(queued.runId)).toBe("done");
      expect((await db.getRun(queued.runId))!.run).toMatchObject({ status: "paused", pauseKind: "executor" });
    });
  });
}
