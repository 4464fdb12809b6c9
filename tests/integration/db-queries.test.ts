import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvalidCursorError, type PendingRequirementRow, type PostgresDb, type QueryLog, type RunSummaryRow, type SqliteDb } from "@/lib/db";
import { at, baseRun } from "@/tests/support/db-fixtures";
import { seed, WORKFLOWS } from "@/tests/support/db-seed";
import { skipReason, targets, tempDir } from "@/tests/support/db-targets";

const RUNS = 300;

async function allPages<T>(fetch: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await fetch(cursor);
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
    pages++;
  } while (cursor);
  return { items, pages };
}

for (const { target, enabled } of targets) {
  describe.skipIf(!enabled)(enabled ? `${target.name}: inbox and history queries` : `${target.name}: ${skipReason}`, () => {
    let db: SqliteDb | PostgresDb;
    let drop: () => Promise<void>;

    beforeAll(async () => {
      const created = await target.create();
      drop = created.drop;
      db = target.open(created.url);
      await seed(db, RUNS);
    });
    afterAll(async () => {
      await db?.close();
      await drop?.();
    });

    it("the inbox lists every pending requirement once, oldest first, page by page", async () => {
      const { items, pages } = await allPages((cursor) => db.listPendingRequirements({ limit: 7, cursor }));
      const expected = Array.from({ length: RUNS }, (_, i) => i).filter((i) => i % 3 === 0);
      expect(items.map((r) => r.runId)).toEqual(expected.map((i) => `run-${String(i).padStart(7, "0")}`));
      expect(pages).toBe(Math.ceil(expected.length / 7));
      expect(await db.countPendingRequirements()).toBe(expected.length);
      const first = items[0] as PendingRequirementRow;
      expect(first).toMatchObject({ kind: "confirmation", toolName: "get_the_weather", toolArgs: { city: "Tokyo" }, version: 1, executorName: "WeatherAgent", stepPath: ["get_weather"] });
    });

    it("the inbox filters by workflow", async () => {
      const { items } = await allPages((cursor) => db.listPendingRequirements({ workflowName: "PaymentsWorkflow", limit: 10, cursor }));
      expect(items.length).toBe(Array.from({ length: RUNS }, (_, i) => i).filter((i) => i % 3 === 0 && i % 5 === 1).length);
      expect(new Set(items.map((r) => r.workflowName))).toEqual(new Set(["PaymentsWorkflow"]));
    });

    it("the history lists runs newest first and pages through all of them", async () => {
      const { items } = await allPages((cursor) => db.listRuns({ limit: 40, cursor }));
      expect(items).toHaveLength(RUNS);
      const times = items.map((r) => r.createdAt);
      expect(times).toEqual([...times].sort().reverse());
      expect(new Set(items.map((r) => r.runId)).size).toBe(RUNS);
    });

    it("the history filters by status, workflow and text in the input, case-insensitively, together", async () => {
      const paused = await allPages((cursor) => db.listRuns({ status: "paused", limit: 25, cursor }));
      expect(paused.items.every((r) => r.status === "paused" && r.pendingCount === 1)).toBe(true);
      expect(paused.items).toHaveLength(RUNS / 3);

      const tokyo = await allPages((cursor) => db.listRuns({ q: "in TOKYO on", limit: 9, cursor }));
      expect(tokyo.items).toHaveLength(Math.ceil(RUNS / 8));
      expect(tokyo.items.every((r) => r.inputSummary.includes("Tokyo"))).toBe(true);

      const combined = (await db.listRuns({ q: "tokyo", workflowName: WORKFLOWS[0], status: "paused", limit: 100 })).items;
      const expected = Array.from({ length: RUNS }, (_, i) => i).filter((i) => i % 8 === 0 && i % 5 === 0 && i % 3 === 0);
      expect(combined.map((r: RunSummaryRow) => r.runId).sort()).toEqual(expected.map((i) => `run-${String(i).padStart(7, "0")}`));
    });

    it("finished runs report their duration and decisions; a paused one reports none", async () => {
      const rows = (await db.listRuns({ limit: 6 })).items;
      for (const r of rows) {
        if (r.status === "paused") expect(r).toMatchObject({ durationMs: null, decisionCount: 0, pendingCount: 1 });
        else expect(r).toMatchObject({ durationMs: 500, decisionCount: 1, pendingCount: 0 });
      }
    });

    it("a cursor the server did not hand out is refused with a message", async () => {
      await expect(db.listRuns({ limit: 5, cursor: "not-a-cursor" })).rejects.toThrow(InvalidCursorError);
      await expect(db.listRuns({ limit: 5, cursor: "not-a-cursor" })).rejects.toThrow("it is not a cursor this server handed out; start again without it.");
    });
  });
}

for (const { target, enabled } of targets) {
  describe.skipIf(!enabled)(enabled ? `${target.name}: history search takes the typed text literally` : `${target.name}: ${skipReason}`, () => {
    let db: SqliteDb | PostgresDb;
    let drop: () => Promise<void>;
    let url: string;
    const queries: QueryLog[] = [];
    const inputs = ["500 units of steel", "50% off in Tokyo", "axb in Oslo", "a_b in Lima", "c:\\reports\\q3", "c:reportsq3", "50%%"];

    beforeAll(async () => {
      const created = await target.create();
      drop = created.drop;
      url = created.url;
      db = target.open(url, { onQuery: (q) => queries.push(q) });
      for (const [i, input] of inputs.entries()) await db.insertRun(baseRun({ input, createdAt: at(i * 1000) }), []);
    });
    afterAll(async () => {
      await db?.close();
      await drop?.();
    });

    const found = async (q: string) => (await db.listRuns({ q, limit: 50 })).items.map((r) => r.inputSummary).sort();

    it("a % in the search is a percent sign, not 'anything'", async () => {
      expect(await found("50%")).toEqual(["50% off in Tokyo", "50%%"]);
      expect(await found("50%%")).toEqual(["50%%"]);
      expect(await found("%")).toEqual(["50% off in Tokyo", "50%%"]);
    });

    it("an _ in the search is an underscore, not 'any one character'", async () => {
      expect(await found("a_b")).toEqual(["a_b in Lima"]);
      expect(await found("_")).toEqual(["a_b in Lima"]);
    });

    it("a backslash in the search is a backslash", async () => {
      expect(await found("c:\\reports")).toEqual(["c:\\reports\\q3"]);
      expect(await found("\\")).toEqual(["c:\\reports\\q3"]);
    });

    it.skipIf(target.name !== "postgres")("on PostgreSQL the escaped search can still be served by the trigram index", async () => {
      queries.length = 0;
      await found("50%");
      const sent = queries.find((q) => q.sql.includes("LIKE"));
      expect(sent).toBeDefined();
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        // Seven rows would be read sequentially; with plain scans ruled out the planner shows which index fits the predicate.
        await client.query("SET enable_seqscan = off");
        await client.query("SET enable_indexscan = off");
        const plan = await client.query(`EXPLAIN ${sent?.sql ?? ""}`, JSON.parse(sent?.params ?? "[]") as unknown[]);
        expect(plan.rows.map((r: { "QUERY PLAN": string }) => r["QUERY PLAN"]).join("\n")).toContain("runs_input_text_idx");
      } finally {
        await client.end();
      }
    });
  });
}

describe("sqlite with 100,000 runs: the inbox and history queries use indexes", () => {
  const tmp = tempDir();
  const queries: QueryLog[] = [];
  let db: SqliteDb;
  let dbFile: string;

  beforeAll(async () => {
    dbFile = join(tmp.dir, "big.db");
    const { SqliteDb } = await import("@/lib/db");
    db = new SqliteDb({ dbFile, onQuery: (q) => queries.push(q) });
    await seed(db, 100_000, 5000);
  }, 300_000);
  afterAll(async () => {
    await db?.close();
    tmp.remove();
  });

  async function plans(run: () => Promise<unknown>): Promise<string[]> {
    // The inbox and history queries, as the store sends them, explained against the loaded file.
    queries.length = 0;
    await run();
    const file = new Database(dbFile, { readonly: true });
    try {
      return queries.map((q) => {
        const params = (JSON.parse(q.params) as unknown[]).map((p) => (typeof p === "string" && /^\d{4}-\d\d-\d\dT/.test(p) ? Date.parse(p) : p));
        const rows = file.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...params) as { detail: string }[];
        return rows.map((r) => r.detail).join(" | ");
      });
    } finally {
      file.close();
    }
  }

  /** Every table is read through an index (no bare "SCAN t"), and no sort happens outside one. */
  const expectIndexed = (details: string[]) => {
    expect(details.length).toBeGreaterThan(0);
    for (const plan of details) {
      for (const step of plan.split(" | ")) {
        if (/^(SCAN|SEARCH) /.test(step)) expect(step).toMatch(/USING (COVERING )?INDEX|USING INTEGER PRIMARY KEY/);
        expect(step).not.toContain("TEMP B-TREE");
      }
    }
  };

  it("inbox, oldest first", async () => {
    const first = await db.listPendingRequirements({ limit: 50 });
    expectIndexed(await plans(() => db.listPendingRequirements({ limit: 50, cursor: first.nextCursor ?? undefined })));
  });

  it("inbox filtered by workflow", async () => {
    expectIndexed(await plans(() => db.listPendingRequirements({ workflowName: "ReportWorkflow", limit: 50 })));
  });

  it("history, newest first, by status and by workflow", async () => {
    const first = await db.listRuns({ limit: 50 });
    expectIndexed(await plans(() => db.listRuns({ limit: 50, cursor: first.nextCursor ?? undefined })));
    expectIndexed(await plans(() => db.listRuns({ status: "paused", limit: 50 })));
    expectIndexed(await plans(() => db.listRuns({ workflowName: "TriageWorkflow", limit: 50 })));
  });

  it("history text search: a common word walks the time index instead of sorting the table", async () => {
    const details = await plans(() => db.listRuns({ q: "oslo", limit: 50 }));
    // First the matches are counted (up to 2000) through the FTS5 index's own MATCH lookup, then the page is read.
    expect(details).toHaveLength(2);
    expect(details[0]).toMatch(/SCAN runs_search VIRTUAL TABLE INDEX \d+:M/);
    expectIndexed(details.slice(1));
  });

  it("history text search: a rare word reads its few matches through the search index and sorts only those", async () => {
    const details = await plans(() => db.listRuns({ q: "day 4242?", limit: 50 }));
    const last = details.at(-1) ?? "";
    expect(last).toMatch(/^SCAN runs_search VIRTUAL TABLE INDEX \d+:M/);
    expect(last).toContain("SEARCH runs USING INTEGER PRIMARY KEY (rowid=?)");
  });
});
