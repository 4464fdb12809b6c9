// Runs every benchmark suite in scripts/bench/ in turn. Each prints its own figures.
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

const dir = fileURLToPath(new URL("./bench/", import.meta.url));
const only = process.argv.slice(2);
// Run only when named: the application at scale seeds a million runs (40+ minutes a database), and cluster-counts is
// a diagnosis (what one run costs with 1 and with 3 worker processes), not a figure the README keeps.
const onRequest = new Set(["app", "cluster-counts"]);
const suites = readdirSync(dir)
  .filter((f) => f.endsWith(".ts") && f !== "stats.ts")
  .map((f) => f.replace(/\.ts$/, ""))
  .filter((name) => (onRequest.has(name) ? only.includes(name) : only.length === 0 || only.some((o) => name.includes(o))))
  .sort()
  .map((name) => `${name}.ts`);

for (const file of suites) {
  const mod = (await import(new URL(`./bench/${file}`, import.meta.url).href)) as { run?: () => Promise<void> };
  if (typeof mod.run !== "function") throw new Error(`scripts/bench/${file} must export async function run()`);
  console.log(`\n## ${file.replace(/\.ts$/, "")}`);
  await mod.run();
}
process.exit(0);
