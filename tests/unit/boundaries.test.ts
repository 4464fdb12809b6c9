// The project's module boundaries (README "Architecture"), checked on the source so a change that crosses one
// fails here with the file named, rather than at deploy time.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)))
    .filter((file) => !file.startsWith(path.join("lib", "db", "generated")));
}

const read = (file: string) => readFileSync(path.join(root, file), "utf8");
const importsOf = (file: string) => [...read(file).matchAll(/^(?:import|export)\b[^;]*?from\s+"([^"]+)"|^import\s+"([^"]+)"/gms)].map((m) => m[1] ?? m[2]!);

describe("module boundaries", () => {
  it("only lib/config/env.ts reads process.env in lib and app", () => {
    const readers = [...sourceFiles("lib"), ...sourceFiles("app")].filter((f) => f !== path.join("lib", "config", "env.ts") && /process\.env/.test(read(f)));
    expect(readers).toEqual([]);
  });

  it("lib/engine imports no Next, React, Prisma or app module, and reads no environment, hostname or pid", () => {
    const offenders = sourceFiles(path.join("lib", "engine")).flatMap((file) => {
      const bad = importsOf(file).filter((spec) => /^(next|react|@prisma|node:os|os)(\/|$)/.test(spec) || (spec.startsWith("@/") && !spec.startsWith("@/lib/engine")));
      if (/\bprocess\.(env|pid)\b|hostname\(/.test(read(file))) bad.push("process.env / pid / hostname");
      return bad.map((b) => `${file}: ${b}`);
    });
    expect(offenders).toEqual([]);
  });

  const entryPoints = new Set(["@/lib/engine/models", "@/lib/engine/schemas"]);
  it("outside lib/engine, the engine is imported through its entry points (@/lib/engine, @/lib/engine/models, and the browser-safe @/lib/engine/schemas)", () => {
    const deep = ["lib", "app", "components", "scripts", "tests"]
      .flatMap(sourceFiles)
      .filter((file) => !file.startsWith(path.join("lib", "engine")))
      .flatMap((file) => importsOf(file).filter((s) => s.startsWith("@/lib/engine/") && !entryPoints.has(s)).map((s) => `${file}: ${s}`));
    expect(deep).toEqual([]);
  });

  it("every lib/server module is marked server-only, and scripts other than the benches do not import lib/server", () => {
    expect(sourceFiles(path.join("lib", "server")).filter((file) => !importsOf(file).includes("server-only"))).toEqual([]);
    const scripts = sourceFiles("scripts").filter((file) => !file.startsWith(path.join("scripts", "bench")));
    expect(scripts.filter((file) => importsOf(file).some((s) => s.startsWith("@/lib/server")))).toEqual([]);
  });

  it("route handlers reach lib/auth and lib/db only through lib/server", () => {
    const direct = sourceFiles("app").flatMap((file) => importsOf(file).filter((s) => /^@\/lib\/(auth|db)(\/|$)/.test(s)).map((s) => `${file}: ${s}`));
    expect(direct).toEqual([]);
  });
});
