// Seeds the application bench's database fast: one real run of each kind is made through the engine (the app's own
// catalog workflow, offline model), then copied row for row with set-based SQL (a recursive CTE on SQLite,
// generate_series on PostgreSQL) in big transactions, with new ids, older timestamps and other cities in the text.
// Every copied row has the shape the app wrote, because it is the app's row with its ids and text varied.
import type { AppStore } from "@/lib/db/app-store";
import { weatherWorkflow } from "@/lib/workflows/weather";

/** The few SQL calls the seeding needs, on either database. */
export interface SeedSql {
  provider: "sqlite" | "postgresql";
  exec(sql: string): Promise<void>;
  rows<T>(sql: string): Promise<T[]>;
}

interface Column {
  name: string;
  kind: "text" | "time" | "other";
}

const CITIES = ["Oslo", "Paris", "Lima", "Cairo", "Delhi", "Quito", "Perth", "Dakar", "Hanoi", "Bogota", "Tunis", "Accra", "Riga", "Sofia", "Turin", "Kyoto"];
/** The tables a run's rows live in, parent first, with the column that ties a row to its run (or session). */
const TABLES: { table: string; key: "id" | "run_id"; of: "run" | "session" }[] = [
  { table: "sessions", key: "id", of: "session" },
  { table: "runs", key: "id", of: "run" },
  { table: "requirements", key: "run_id", of: "run" },
  { table: "events", key: "run_id", of: "run" },
  { table: "journal", key: "run_id", of: "run" },
];
const BATCH = 50_000;

async function columns(sql: SeedSql, table: string): Promise<Column[]> {
  if (sql.provider === "sqlite") {
    const rows = await sql.rows<{ name: string; type: string }>(`PRAGMA table_info("${table}")`);
    return rows.map((r) => ({ name: r.name, kind: r.type === "TEXT" ? "text" : r.type === "DATETIME" ? "time" : "other" }));
  }
  const rows = await sql.rows<{ column_name: string; data_type: string }>(
    `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = '${table}' AND table_schema = current_schema() ORDER BY ordinal_position`,
  );
  return rows.map((r) => ({ name: r.column_name, kind: r.data_type === "text" ? "text" : r.data_type.startsWith("timestamp") ? "time" : "other" }));
}

const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** SQL for copy number `n.i` of a template id: the id's first 24 characters and i as 12 hex digits (still a UUID). */
function newId(sql: SeedSql, id: string): string {
  const hex = sql.provider === "sqlite" ? `printf('%012x', n.i)` : `lpad(to_hex(n.i), 12, '0')`;
  return `${quote(id.slice(0, 24))} || ${hex}`;
}

function cityExpr(lower: boolean): string {
  const names = lower ? CITIES.map((c) => c.toLowerCase()) : CITIES;
  return `(CASE n.i % ${CITIES.length} ${names.map((c, k) => `WHEN ${k} THEN ${quote(c)}`).join(" ")} END || ' ' || n.i)`;
}

function expression(sql: SeedSql, column: Column, ids: readonly string[], secondsPerCopy: number): string {
  const col = `t."${column.name}"`;
  if (column.kind === "time") {
    return sql.provider === "sqlite"
      ? // Prisma's SQLite adapter stores milliseconds since the epoch.
        `CASE WHEN typeof(${col}) = 'integer' THEN ${col} - n.i * ${secondsPerCopy * 1000} ELSE ${col} END`
      : `${col} - make_interval(secs => n.i * ${secondsPerCopy})`;
  }
  if (column.kind !== "text") return col;
  let expr = col;
  for (const id of ids) expr = `REPLACE(${expr}, ${quote(id)}, ${newId(sql, id)})`;
  expr = `REPLACE(REPLACE(${expr}, 'Tokyo', ${cityExpr(false)}), 'tokyo', ${cityExpr(true)})`;
  return expr;
}

function numbers(sql: SeedSql, from: number, to: number): string {
  return sql.provider === "sqlite"
    ? `(WITH RECURSIVE seq(i) AS (SELECT ${from} UNION ALL SELECT i + 1 FROM seq WHERE i < ${to}) SELECT i FROM seq) AS n`
    : `generate_series(${from}, ${to}) AS n(i)`;
}

/** Copies one template run (and its session, requirements, events, journal) `copies` times, numbered from `first`. */
async function copyRun(sql: SeedSql, runId: string, first: number, copies: number, secondsPerCopy: number): Promise<void> {
  const [run] = await sql.rows<{ session_id: string }>(`SELECT session_id FROM runs WHERE id = ${quote(runId)}`);
  if (!run) throw new Error(`The template run ${runId} is not in the database.`);
  const reqs = await sql.rows<{ id: string }>(`SELECT id FROM requirements WHERE run_id = ${quote(runId)}`);
  const ids = [runId, run.session_id, ...reqs.map((r) => r.id)];
  const statements: string[] = [];
  for (const { table, key, of } of TABLES) {
    const cols = await columns(sql, table);
    const list = cols.map((c) => `"${c.name}"`).join(", ");
    const exprs = cols.map((c) => expression(sql, c, ids, secondsPerCopy)).join(", ");
    const keyValue = of === "run" ? runId : run.session_id;
    statements.push(`INSERT INTO "${table}" (${list}) SELECT ${exprs} FROM "${table}" t, NUMBERS WHERE t."${key}" = ${quote(keyValue)}`);
  }
  for (let from = first; from < first + copies; from += BATCH) {
    const to = Math.min(first + copies, from + BATCH) - 1;
    const range = numbers(sql, from, to);
    await sql.exec(`BEGIN; ${statements.map((s) => s.replace("NUMBERS", range)).join("; ")}; COMMIT`);
  }
}

export interface SeedResult {
  runs: number;
  pending: number;
  seconds: number;
}

/**
 * `runs` runs in all, `pending` of them paused with a pending requirement (the weather workflow's tool
 * confirmation), the rest completed; spread a few seconds apart going back from now.
 */
export async function seedRuns(db: AppStore, sql: SeedSql, runs: number, pending: number): Promise<SeedResult> {
  const t0 = performance.now();
  const workflow = weatherWorkflow.create(db);
  const paused = await workflow.run("What is the weather in Tokyo?");
  if (!paused.isPaused) throw new Error(`The template run ended ${paused.status} instead of pausing.`);
  const completedTemplate = await workflow.run("What is the weather in Tokyo?");
  for (const step of completedTemplate.stepRequirements ?? []) for (const req of step.executorRequirements ?? []) req.confirm();
  const completed = await workflow.continueRun(completedTemplate);
  if (completed.status !== "completed") throw new Error(`The template run ended ${completed.status} instead of completing.`);
  const secondsPerCopy = Math.max(1, Math.floor((30 * 24 * 3600) / Math.max(1, runs)));
  await copyRun(sql, paused.runId, 1, Math.max(0, pending - 1), secondsPerCopy);
  await copyRun(sql, completed.runId, pending, Math.max(0, runs - pending - 1), secondsPerCopy);
  return { runs, pending, seconds: (performance.now() - t0) / 1000 };
}
