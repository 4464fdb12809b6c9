import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";
import { adminStatePath, e2eAdmin } from "./tests/e2e/accounts";
import { chromiumExecutable, NoBrowserError } from "./tests/support/chromium";

const port = Number(process.env.E2E_PORT ?? 3217);
const baseURL = `http://127.0.0.1:${port}`;

// Every worker loads this file again; the variable makes them all agree on the one fresh database of this run.
process.env.E2E_DATABASE_FILE ??= path.join(mkdtempSync(path.join(tmpdir(), "hitl-e2e-")), "app.db");
const adminState = adminStatePath(process.env.E2E_DATABASE_FILE);

// Found (or installed) once; the workers inherit the variable and skip the search.
try {
  process.env.CHROMIUM_PATH = chromiumExecutable();
} catch (error) {
  if (!(error instanceof NoBrowserError)) throw error;
  console.error(error.message);
  process.exit(1);
}

export default defineConfig({
  testDir: "tests/e2e",
  outputDir: "test-results/e2e",
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]] : "list",
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    viewport: { width: 1280, height: 860 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [
    { name: "sign-in", testMatch: /sign-in\.setup\.ts$/ },
    { name: "journeys", dependencies: ["sign-in"], use: { storageState: adminState } },
  ],
  webServer: {
    // `exec` makes next-server the process Playwright stops at the end, so nothing lingers.
    command: `node_modules/.bin/next build && exec node_modules/.bin/next start -H 127.0.0.1 -p ${port}`,
    url: `${baseURL}/api/workflows`,
    // `next build` then start; a machine busy with other work may need longer (E2E_SERVER_TIMEOUT_MS).
    timeout: Number(process.env.E2E_SERVER_TIMEOUT_MS ?? 240_000),
    reuseExistingServer: false,
    stderr: "pipe",
    env: {
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_FILE: process.env.E2E_DATABASE_FILE,
      // The journeys are written against the offline catalog: no real model, no PostgreSQL.
      DATABASE_URL: "",
      OPENAI_API_KEY: "",
      // The first start creates this admin; the sign-in setup signs in as them through the page.
      ADMIN_EMAIL: e2eAdmin.email,
      ADMIN_PASSWORD: e2eAdmin.password,
    },
  },
});
