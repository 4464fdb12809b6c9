/** Shared figures for benchmarks: percentiles over a list of durations in milliseconds. */
export function percentile(sortedMs: readonly number[], p: number): number {
  if (sortedMs.length === 0) return Number.NaN;
  const i = Math.min(sortedMs.length - 1, Math.max(0, Math.ceil((p / 100) * sortedMs.length) - 1));
  return sortedMs[i] as number;
}

export async function measure(iterations: number, fn: () => Promise<void>, warmup = Math.min(50, iterations)): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out.sort((a, b) => a - b);
}

const fmt = (ms: number) => (ms < 1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(3)} ms`);

/** Prints one line: name, p50, p95, and the target it must stay under (p50 or p95 as said). */
export function report(name: string, sortedMs: readonly number[], target?: { p: 50 | 95; ms: number }): void {
  const p50 = percentile(sortedMs, 50);
  const p95 = percentile(sortedMs, 95);
  let verdict = "";
  if (target) {
    const value = target.p === 50 ? p50 : p95;
    verdict = `  target p${target.p} < ${fmt(target.ms)}: ${value < target.ms ? "OK" : "MISSED"}`;
  }
  console.log(`${name.padEnd(58)} p50 ${fmt(p50).padStart(10)}  p95 ${fmt(p95).padStart(10)}  (n=${sortedMs.length})${verdict}`);
}
