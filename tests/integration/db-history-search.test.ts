import { dirname, join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WorkflowRunJSON } from "@/lib/engine";
import type { PostgresDb, QueryLog, RunFilter, SqliteDb } from "@/lib/db";
import { FEW_MATCHES } from "@/lib/db/history-search";
import { inputText } from "@/lib/db/run-rows";
import { at, baseRun } from "@/tests/support/db-fixtures";
import { seededRun, WORKFLOWS } from "@/tests/support/db-seed";
import { skipReason, sqliteTarget, targets } from "@/tests/support/db-targets";

// The history's text search finds the runs whose input contains the typed text, whatever serves it (SQLite's FTS5
// trigram index for 3 characters or more, LIKE otherwise and on PostgreSQL): the expected pages are computed here from
// the runs themselves, as `input_text LIKE '%…%'` would select them, newest first.

/** More runs contain "weather in" than FEW_MATCHES, so SQLite's search takes its "many matches" way for it. */
const SEEDED = FEW_MATCHES + 300;
const SPECIAL: WorkflowRunJSON[] = [
  baseRun({ runId: "json-nested", input: { trip: { to: "Ulaanbaatar", by: "Train" }, seats: 2 }, createdAt: at(1000) }),
  baseRun({ runId: "json-key", input: { flightNumber: 4711, note: "window seat" }, status: "paused", isPaused: true, createdAt: at(2000) }),
  baseRun({ runId: "json-array", input: ["Reykjavik", "Nuuk"], workflowName: WORKFLOWS[2], createdAt: at(3000) }),
  baseRun({ runId: "plain", input: "Quote \"exactly\" this: 100% of Kyiv's parcels", status: "completed", createdAt: at(4000) }),
];

async function allPages(db: SqliteDb | PostgresDb, filter: Omit<RunFilter, "limit" | "cursor">, limit: number): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await db.listRuns({ ...filter, limit, cursor });
    ids.push(...page.items.map((r) => r.runId));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return ids;
}

const allRuns = (): WorkflowRunJSON[] => [...Array.from({ length: SEEDED }, (_, i) => seededRun(i)), ...SPECIAL];

/** What LIKE '%q%' on the lower-cased input selects with these filters, newest first (ties: greater id first). */
function expected(filter: Omit<RunFilter, "limit" | "cursor">): string[] {
  const q = filter.q?.trim().toLowerCase() ?? "";
  return allRuns()
    .filter((r) => inputText(r.input).includes(q) && (filter.status === undefined || r.status === filter.status) && (filter.workflowName === undefined || r.workflowName === filter.workflowName))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || (b.runId > a.runId ? 1 : -1))
    .map((r) => r.runId);
}

for (const { target, enabled } of targets) {
  describe.skipIf(!enabled)(enabled ? `${target.name}: history text search` : `${target.name}: ${skipReason}`, () => {
    let db: SqliteDb | PostgresDb;
    let drop: () => Promise<void>;
    const queries: QueryLog[] = [];

    beforeAll(async () => {
      const created = await target.create();
      drop = created.drop;
      db = target.open(created.url, { onQuery: (q) => queries.push(q) });
      await db.importRuns(allRuns().slice(0, SEEDED));
      for (const run of SPECIAL) await db.insertRun(run, []);
    }, 120_000);
    afterAll(async () => {
      await db?.close();
      await drop?.();
    });

    it("finds a run by a word anywhere in its input: a string, a JSON value at any depth, a JSON key, an array item", async () => {
      const found = async (q: string) => (await db.listRuns({ q, limit: 10 })).items.map((r) => r.runId);
      expect(await found("ULAANBAATAR")).toEqual(["json-nested"]);
      expect(await found("train")).toEqual(["json-nested"]);
      expect(await found("flightnumber")).toEqual(["json-key"]);
      expect(await found('"flightNumber":4711')).toEqual(["json-key"]);
      expect(await found("nuuk")).toEqual(["json-array"]);
      expect(await found("kyiv's parcels")).toEqual(["plain"]);
      expect(await found('"exactly"')).toEqual(["plain"]);
      expect(await found("100% of")).toEqual(["plain"]);
      expect(await found("  reykjavik ")).toEqual(["json-array"]);
      expect(await found("ulaanbaatar, please")).toEqual([]);
    });

    it("every query, short or long, rare or common, finds what LIKE finds, page by page, with status and workflow filters", async () => {
      const texts = ["oslo", "in oslo on day 1", "day 12", "weather in", "lima on day 2", "ul", "o", "?", "%", "no run says this"];
      const filters: Omit<RunFilter, "limit" | "cursor" | "q">[] = [{}, { status: "paused" }, { workflowName: WORKFLOWS[1] }, { status: "completed", workflowName: WORKFLOWS[3] }];
      queries.length = 0;
      for (const q of texts) {
        for (const filter of filters) {
          const want = expected({ ...filter, q });
          const got = await allPages(db, { ...filter, q }, 97);
          expect(got, `q=${JSON.stringify(q)} ${JSON.stringify(filter)}`).toEqual(want);
        }
      }
      expect(expected({ q: "weather in" }).length).toBeGreaterThan(FEW_MATCHES);
      if (target.name === "sqlite") {
        // Each way was taken: few matches read through the index and sorted, many by the LIKE walk newest first.
        expect(queries.some((q) => q.sql.includes("CROSS JOIN"))).toBe(true);
        expect(queries.some((q) => q.sql.includes("LIKE") && q.params.includes("weather in"))).toBe(true);
      }
    });
  });
}

describe("sqlite: the history's search index is kept in step with the runs", () => {
  it("runs present before the migration are found (it fills the index), and so are runs written after it", async () => {
    const created = await sqliteTarget.create();
    try {
      let db = sqliteTarget.open(created.url);
      await db.importRuns([seededRun(1), seededRun(2)]);
      await db.close();
      // Take the file back to before the migration: no index, no triggers, the migration not recorded.
      const file = new Database(created.url);
      file.exec(`DROP TRIGGER "runs_search_insert"; DROP TRIGGER "runs_search_delete"; DROP TRIGGER "runs_search_update"; DROP TABLE "runs_search";
                 DELETE FROM "_prisma_migrations" WHERE "migration_name" = '20261202173000_history_search_index';`);
      // A new path: this process remembers which files it has migrated.
      const before = join(dirname(created.url), "before-the-index.db");
      file.prepare("VACUUM INTO ?").run(before);
      file.close();
      expect(new Database(before, { readonly: true }).prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name LIKE 'runs_search%'`).get()).toEqual({ n: 0 });
      db = sqliteTarget.open(before);
      await db.insertRun(baseRun({ runId: "after", input: "Weather in Tbilisi on day 2?" }), []);
      expect((await db.listRuns({ q: "on day 2", limit: 10 })).items.map((r) => r.runId)).toEqual(["after", "run-0000002"]);
      expect((await db.listRuns({ q: "tbilisi", limit: 10 })).items.map((r) => r.runId)).toEqual(["after"]);
      await db.close();
    } finally {
      await created.drop();
    }
  });

  it("a deleted run leaves the index: a newer run given its rowid is not found by the old run's text", async () => {
    const created = await sqliteTarget.create();
    try {
      const db = sqliteTarget.open(created.url);
      await db.insertRun(baseRun({ runId: "old", input: "Weather in Montevideo" }), []);
      const file = new Database(created.url);
      const rowid = (id: string) => (file.prepare(`SELECT rowid AS r FROM "runs" WHERE "id" = ?`).get(id) as { r: number } | undefined)?.r;
      const oldRowid = rowid("old");
      file.prepare(`DELETE FROM "runs" WHERE "id" = ?`).run("old");
      await db.insertRun(baseRun({ runId: "new", input: "Weather in Asuncion" }), []);
      // SQLite gives the newest rowid + 1, so the new run takes the deleted one's rowid: the case that matters.
      expect(rowid("new")).toBe(oldRowid);
      file.close();
      expect((await db.listRuns({ q: "montevideo", limit: 10 })).items).toEqual([]);
      expect((await db.listRuns({ q: "asuncion", limit: 10 })).items.map((r) => r.runId)).toEqual(["new"]);
      await db.close();
    } finally {
      await created.drop();
    }
  });
});
