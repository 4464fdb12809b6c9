// The application bench's measurements, over HTTP against a running app: the inbox and the history search
// (latencies), 200 viewers of live runs' event streams (the app's CPU), runs per second, memory as runs pile up.
import { percentile } from "../stats";
import type { AppClient } from "./app-client";
import { cpuSeconds, rssMiB } from "./app-server";

export interface Latency {
  p50: number;
  p95: number;
  n: number;
}

function latency(times: number[]): Latency {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), n: sorted.length };
}

/** Each query in turn, `rounds` times (after one warm-up round); a page with a cursor also fetches its next page. */
export async function pageLatency(client: AppClient, queries: readonly string[], rounds: number): Promise<Latency> {
  const times: number[] = [];
  for (let round = -1; round < rounds; round++) {
    for (const query of queries) {
      const t0 = performance.now();
      const first = await client.page(query);
      if (round >= 0) times.push(performance.now() - t0);
      if (first.nextCursor) {
        const t1 = performance.now();
        await client.page(`${query}${query.includes("?") ? "&" : "?"}cursor=${encodeURIComponent(first.nextCursor)}`);
        if (round >= 0) times.push(performance.now() - t1);
      }
    }
  }
  return latency(times);
}

/** Runs `concurrency` loops of start → confirm → completed until `total` runs have completed; calls `progress` after each. */
export async function driveRuns(client: AppClient, total: number, concurrency: number, progress?: (done: number) => void): Promise<number> {
  let started = 0;
  let done = 0;
  const t0 = performance.now();
  const loop = async () => {
    while (started < total) {
      const n = started++;
      const paused = await client.start(`What is the weather in Tokyo? (bench ${n})`);
      const completed = paused.status === "paused" ? await client.confirmAll(paused) : paused;
      if (completed.status !== "completed") throw new Error(`Run ${completed.runId} ended ${completed.status}, not completed.`);
      done++;
      progress?.(done);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  return total / ((performance.now() - t0) / 1000);
}

export interface ViewerCost {
  withViewers: number;
  withoutViewers: number;
  streams: number;
  runsPerSecond: number;
}

/**
 * The app's CPU (cores) while runs progress at `runsPerSecond` for `seconds`, first with no viewer, then with `viewers` event streams
 * open on the live runs (each run followed by viewers/concurrency of them, from its start to its end: they reopen
 * the stream after its pause, as the run page does once a decision is made).
 */
export async function viewerCpu(client: AppClient, pid: number, viewers: number, concurrency: number, seconds: number, runsPerSecond: number): Promise<ViewerCost> {
  const perRun = Math.max(1, Math.round(viewers / concurrency));
  let streams = 0;
  const window = async (watch: boolean): Promise<{ cores: number; runs: number }> => {
    const stopAt = performance.now() + seconds * 1000;
    let runs = 0;
    const loop = async () => {
      while (performance.now() < stopAt) {
        // Paced, so both windows make the same progress and the difference is the viewers' cost alone.
        const next = performance.now() + (concurrency / runsPerSecond) * 1000;
        const started = await client.start("What is the weather in Tokyo? (viewed)");
        const watching = watch ? Array.from({ length: perRun }, () => client.follow(started.runId).then(() => streams++)) : [];
        await Promise.all(watching);
        const completed = started.status === "paused" ? await client.confirmAll(started) : started;
        const after = watch ? Array.from({ length: perRun }, () => client.follow(completed.runId).then(() => streams++)) : [];
        await Promise.all(after);
        runs++;
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - performance.now())));
      }
    };
    const cpu0 = cpuSeconds(pid);
    const t0 = performance.now();
    await Promise.all(Array.from({ length: concurrency }, loop));
    return { cores: (cpuSeconds(pid) - cpu0) / ((performance.now() - t0) / 1000), runs };
  };
  const without = await window(false);
  const withViewers = await window(true);
  return { withViewers: withViewers.cores, withoutViewers: without.cores, streams, runsPerSecond: withViewers.runs / seconds };
}

/** RSS of the app after each checkpoint of runs made through it (runs driven with the given concurrency). */
export async function memoryGrowth(client: AppClient, pid: number, checkpoints: readonly number[], concurrency: number): Promise<{ runs: number; rss: number }[]> {
  const out: { runs: number; rss: number }[] = [];
  let made = 0;
  for (const checkpoint of checkpoints) {
    await driveRuns(client, checkpoint - made, concurrency);
    made = checkpoint;
    // Let the collector settle before reading the resident size.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    out.push({ runs: made, rss: rssMiB(pid) });
    console.log(`app: RSS after ${made} runs made through it: ${rssMiB(pid).toFixed(0)} MiB`);
  }
  return out;
}
