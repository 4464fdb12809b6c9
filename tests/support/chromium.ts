// Finds the Chromium the browser tests drive, and installs one when the machine has none, so that `npm test` works
// on a fresh clone. Order: CHROMIUM_PATH, the browser Playwright downloaded, the system's Chromium; then install
// Playwright's download, or the distribution's package when running as root on Debian or Ubuntu.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { chromium } from "@playwright/test";

const SYSTEM_NAMES = ["chromium", "chromium-browser", "google-chrome-stable", "google-chrome"];
const INSTALL_HINT =
  "No Chromium for the browser tests: install one (`npx playwright install chromium`, or `apt-get install chromium` on Debian/Ubuntu) or set CHROMIUM_PATH to a Chromium or Chrome executable.";

export class NoBrowserError extends Error {
  override name = "NoBrowserError";
}

function playwrightBrowser(): string | null {
  try {
    const file = chromium.executablePath();
    return existsSync(file) ? file : null;
  } catch {
    return null;
  }
}

function systemBrowser(): string | null {
  const dirs = (process.env.PATH ?? "").split(path.delimiter).filter(Boolean);
  for (const name of SYSTEM_NAMES) {
    for (const dir of dirs) {
      const file = path.join(dir, name);
      if (existsSync(file)) return file;
    }
  }
  return null;
}

function isDebianLike(): boolean {
  try {
    const release = readFileSync("/etc/os-release", "utf8");
    return /^(ID|ID_LIKE)=.*\b(debian|ubuntu)\b/m.test(release);
  } catch {
    return false;
  }
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): boolean {
  console.error(`[browser] ${command} ${args.join(" ")}`);
  const result = spawnSync(command, args, { stdio: ["ignore", "inherit", "inherit"], env, timeout: 600_000 });
  return result.status === 0;
}

function install(): string | null {
  const cli = path.join(process.cwd(), "node_modules", "playwright", "cli.js");
  if (existsSync(cli) && run(process.execPath, [cli, "install", "chromium"])) {
    const downloaded = playwrightBrowser();
    if (downloaded) return downloaded;
  }
  if (process.getuid?.() === 0 && isDebianLike()) {
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    if (run("apt-get", ["update", "-qq"], env)) {
      for (const pkg of ["chromium", "chromium-browser"]) {
        if (run("apt-get", ["install", "-y", "-qq", pkg], env)) {
          const installed = systemBrowser();
          if (installed) return installed;
        }
      }
    }
  }
  return null;
}

/** The path of a Chromium to launch; installs one if needed. Throws NoBrowserError with one line saying what to do. */
export function chromiumExecutable(): string {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) {
    if (!existsSync(configured)) throw new NoBrowserError(`CHROMIUM_PATH is ${configured}, which does not exist: point it at a Chromium executable or unset it.`);
    return configured;
  }
  const found = playwrightBrowser() ?? systemBrowser() ?? install();
  if (!found) throw new NoBrowserError(INSTALL_HINT);
  try {
    execFileSync(found, ["--version"], { stdio: "ignore", timeout: 30_000 });
  } catch (error) {
    throw new NoBrowserError(`${found} does not start (${(error as Error).message.split("\n")[0]}): ${INSTALL_HINT}`, { cause: error });
  }
  return found;
}
