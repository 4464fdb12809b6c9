// Runs every benchmark suite in scripts/bench/ in turn. Each prints its own figures.
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

const dir = fileURLToPath(new URL("./bench/", import.meta.url));
const only = process.argv.slice(2);
const suites = readdirSync(dir)
  .filter((f) => f.endsWith(".ts") && f !== "stats.ts")
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

for (const file of suites) {
  const mod = (await import(new URL(`./bench/${file}`, import.meta.url).href)) as { run?: () => Promise<void> };
  if (typeof mod.run !== "function") throw new Error(`scripts/bench/${file} must export async function run()`);
  console.log(`\n## ${file.replace(/\.ts$/, "")}`);
  await mod.run();
}
process.exit(0);
