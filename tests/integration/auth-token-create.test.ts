import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticate } from "@/lib/auth";
import { SqliteDb } from "@/lib/db";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");

async function tokenCreate(args: string[], dbFile: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(path.join(root, "node_modules/.bin/tsx"), ["scripts/token-create.ts", ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_FILE: dbFile, DATABASE_URL: "" },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("npm run token:create", () => {
  let dir: string;
  let dbFile: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "token-create-"));
    dbFile = path.join(dir, "app.db");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("prints a new token on its own line that the app then accepts with the role asked for", async () => {
    const { code, stdout, stderr } = await tokenCreate(["--name", "nightly", "--role", "approver"], dbFile);
    expect(code).toBe(0);
    expect(stderr).toMatch(/Created API token "nightly" \(role approver/);
    const token = stdout.trim();
    expect(token).toMatch(/^hitl_[A-Za-z0-9_-]{43}$/);

    const db = new SqliteDb({ dbFile });
    try {
      const request = new Request("http://app.test/api/runs", { headers: { authorization: `Bearer ${token}` } });
      expect((await authenticate(request, { store: db.auth() })).principal).toMatchObject({ type: "token", name: "nightly", role: "approver" });
      const [stored] = await db.auth().listApiTokens();
      expect(JSON.stringify(stored)).not.toContain(token);
    } finally {
      await db.close();
    }
  });

  it("refuses an unknown role or a missing name, says how to call it, and creates nothing", async () => {
    const before = new SqliteDb({ dbFile });
    const countBefore = (await before.auth().listApiTokens()).length;
    await before.close();
    const badRole = await tokenCreate(["--name", "x", "--role", "root"], dbFile);
    expect(badRole.code).toBe(1);
    expect(badRole.stderr).toContain('--role must be one of "viewer", "approver", "admin".');
    expect(badRole.stderr).toContain("Usage: npm run token:create -- --name <name> --role");
    const noName = await tokenCreate(["--role", "viewer"], dbFile);
    expect(noName.code).toBe(1);
    expect(noName.stderr).toContain("--name is required.");
    expect(badRole.stdout + noName.stdout).toBe("");

    const db = new SqliteDb({ dbFile });
    try {
      expect(await db.auth().listApiTokens()).toHaveLength(countBefore);
    } finally {
      await db.close();
    }
  });
});
