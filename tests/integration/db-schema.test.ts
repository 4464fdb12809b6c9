import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { schemaLocation } from "@/lib/db/migrations";

// The SQLite and PostgreSQL schemas in step, as prisma/schema.prisma promises: the two schema files declare the same
// models, fields, types, attributes and indexes (save the differences listed below), and the two migration folders
// hold the same migrations, touching the same tables. That each folder's migrations produce its schema is checked in
// db-migrations.test.ts; together the two mean a change made to one database only fails here.

type Provider = "sqlite" | "postgresql";

/** What the PostgreSQL schema has on purpose and SQLite does not: the trigram index for the history's text search. */
const POSTGRES_ONLY = new Set(['Run @@index([inputText(ops: raw("gin_trgm_ops"))], type: Gin)']);

/**
 * What the SQLite migrations have on purpose and PostgreSQL's do not: the history search's FTS5 index "runs_search",
 * its triggers on "runs" and its backfill (PostgreSQL's trigram index serves the same search). Left out of the
 * comparison of the tables each migration touches; anything else in the same migration still counts.
 */
const withoutSqliteSearchIndex = (sql: string) =>
  sql.replace(/CREATE TRIGGER "runs_search_\w+"[\s\S]*?\bEND;/g, "").replace(/^.*"runs_search".*$/gm, "");

const squash = (text: string) => text.replace(/\s+/g, " ").trim();

/**
 * The schema as lines that must match across providers: "Model.field Type @attributes", "Model @@attribute",
 * "enum Name: A B C", "generator name.key = value" (the output path left out: each provider has its own client).
 */
function schemaLines(provider: Provider): string[] {
  const text = readFileSync(schemaLocation(provider).schemaPath, "utf8").replace(/\/\/.*$/gm, "");
  const lines: string[] = [];
  for (const block of text.matchAll(/^(model|enum|generator|datasource)\s+(\w+)\s*\{([\s\S]*?)^\}/gm)) {
    const [, kind, name, body = ""] = block;
    const entries = body
      .split("\n")
      .map(squash)
      .filter((line) => line !== "");
    if (kind === "model") {
      for (const entry of entries) {
        if (entry.startsWith("@@")) lines.push(`${name} ${entry}`);
        else lines.push(`${name}.${entry}`);
      }
    } else if (kind === "enum") {
      lines.push(`enum ${name}: ${entries.join(" ")}`);
    } else if (kind === "generator") {
      for (const entry of entries) if (!/^output\s*=/.test(entry)) lines.push(`generator ${name}.${entry}`);
    } else {
      for (const entry of entries) if (!/^provider\s*=/.test(entry)) lines.push(`datasource ${name}.${entry}`);
    }
  }
  return lines;
}

/** The models named in a schema, so a parse that found nothing cannot pass for parity. */
const modelsOf = (lines: string[]) => [...new Set(lines.filter((l) => /^\w+[.\s]/.test(l) && !/^(enum|generator|datasource) /.test(l)).map((l) => l.split(/[.\s]/)[0]))];

/** A readable diff: what one schema has that the other lacks. Empty when they are in step. */
function schemaDiff(sqlite: string[], postgres: string[]): string[] {
  const inSqlite = new Set(sqlite);
  const inPostgres = new Set(postgres);
  return [
    ...sqlite.filter((l) => !inPostgres.has(l)).map((l) => `only in prisma/schema.prisma (SQLite): ${l}`),
    ...postgres.filter((l) => !inSqlite.has(l) && !POSTGRES_ONLY.has(l)).map((l) => `only in prisma/postgres/schema.prisma: ${l}`),
  ];
}

/** The tables a migration creates, alters, fills or drops ("new_runs" of SQLite's table rebuild counts as "runs"). */
function tablesTouched(sql: string): string[] {
  const found = new Set<string>();
  const pattern = /\b(?:CREATE TABLE|ALTER TABLE|DROP TABLE|INSERT INTO|UPDATE|ON|RENAME TO)\s+"(\w+)"/gi;
  for (const [, table = ""] of sql.replace(/--.*$/gm, "").matchAll(pattern)) found.add(table.replace(/^new_/, ""));
  return [...found].sort();
}

function migrationsOf(provider: Provider): { name: string; sql: string }[] {
  const dir = schemaLocation(provider).migrationsDir;
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const file = join(dir, name, "migration.sql");
      return { name, sql: existsSync(file) ? readFileSync(file, "utf8") : "" };
    });
}

describe("the SQLite and PostgreSQL schemas are in step", () => {
  it("both schema files declare the same models, fields, types, attributes and indexes (save the PostgreSQL trigram index)", () => {
    const sqlite = schemaLines("sqlite");
    const postgres = schemaLines("postgresql");
    expect(modelsOf(sqlite)).toEqual(expect.arrayContaining(["Run", "Requirement", "Event", "JournalEntry", "AgentRun", "User", "AuditEntry"]));
    const diff = schemaDiff(sqlite, postgres);
    expect(diff, `The two schema files differ; make the same change in both:\n${diff.join("\n")}`).toEqual([]);
    for (const allowed of POSTGRES_ONLY) expect(postgres, `prisma/postgres/schema.prisma lost ${allowed}`).toContain(allowed);
  });

  it("the parity check sees a change made to one file only", () => {
    const sqlite = schemaLines("sqlite");
    const changed = sqlite.map((l) => (l.startsWith("Run.status ") ? l.replace("String", "Int") : l)).filter((l) => l !== "Run @@index([createdAt, id])");
    expect(schemaDiff(sqlite, changed).map(squash)).toEqual([
      expect.stringMatching(/^only in prisma\/schema\.prisma \(SQLite\): Run\.status String/),
      "only in prisma/schema.prisma (SQLite): Run @@index([createdAt, id])",
      expect.stringMatching(/^only in prisma\/postgres\/schema\.prisma: Run\.status Int/),
    ]);
  });

  it("each provider's migration lock names its own provider", () => {
    for (const provider of ["sqlite", "postgresql"] as const) {
      const lock = readFileSync(join(schemaLocation(provider).migrationsDir, "migration_lock.toml"), "utf8");
      expect(lock, `${schemaLocation(provider).migrationsDir}/migration_lock.toml`).toMatch(new RegExp(`^provider = "${provider}"$`, "m"));
    }
  });

  it("both migration folders hold the same migrations, in the same order, each with its migration.sql, touching the same tables", () => {
    const sqlite = migrationsOf("sqlite");
    const postgres = migrationsOf("postgresql");
    expect(postgres.map((m) => m.name), "prisma/migrations and prisma/postgres/migrations must hold the same migration folders: write the missing one for that provider with `npm run db:migration -- <name>` (README, Databases)").toEqual(
      sqlite.map((m) => m.name),
    );
    for (const m of [...sqlite, ...postgres]) expect(m.sql.trim(), `${m.name} has no migration.sql (or an empty one)`).not.toBe("");
    const touched = (ms: typeof sqlite) => ms.map((m) => `${m.name}: ${tablesTouched(m.sql).join(", ")}`);
    expect(touched(postgres), "a migration changes different tables on the two databases").toEqual(touched(sqlite.map((m) => ({ ...m, sql: withoutSqliteSearchIndex(m.sql) }))));
    expect(tablesTouched(withoutSqliteSearchIndex('CREATE TRIGGER "runs_search_insert" AFTER INSERT ON "runs" BEGIN SELECT 1; END;\nUPDATE "runs" SET x = 1;'))).toEqual(["runs"]);
  });
});
