// How the history finds runs by text in their input: the FROM and WHERE of runsPage's query. PostgreSQL (and SQLite
// for searches under 3 characters) uses `input_text LIKE '%…%'` (PostgreSQL's trigram index serves it); SQLite uses
// its FTS5 trigram index "runs_search" (prisma/migrations/20261202173000_history_search_index), which finds the same
// runs: the text anywhere in the lower-cased input, every character taken literally.
import { Prisma } from "./generated/sqlite/client";
import type { StoreClient } from "./store-client";

/** "fts5": SQLite's trigram index; "like": a LIKE pattern (PostgreSQL, where the trigram index answers it). */
export type TextSearch = "fts5" | "like";

/**
 * The shortest search the trigram index answers (its tokens are 3 characters). A shorter one is served by the LIKE
 * scan of the runs newest first, as before the index: such text occurs in most runs, so the scan stops after a few
 * hundred rows; one that occurs in none reads the whole table.
 */
export const MIN_INDEXED_CHARS = 3;

/**
 * Matches counted before choosing how to read them. Fewer: all of them are read through the index and sorted
 * (at most this many row lookups). As many or more: the text is common, and the LIKE walk of the runs newest first
 * (the time index, or the status or workflow one) fills the page after a few rows. That walk stays slow for a common
 * text that the status or workflow filter makes rare (it reads the filter's runs until it finds a page).
 */
export const FEW_MATCHES = 2000;

/** The one escape character of the history's LIKE, bound as a value so no dialect reads it as a string escape. */
const LIKE_ESCAPE = "\\";

/** A LIKE pattern that matches `text` anywhere, with LIKE's own characters (%, _ and the escape) taken literally. */
export function likeContaining(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `${LIKE_ESCAPE}${c}`)}%`;
}

/** An FTS5 query for `text` as one phrase: with the trigram tokenizer, the text as a substring, taken literally. */
export function ftsPhrase(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

export interface TextCondition {
  /** The FROM clause: "runs", or the index joined to it. */
  from: Prisma.Sql;
  /** An `AND …` condition, or nothing. */
  where: Prisma.Sql;
}

const RUNS: TextCondition = { from: Prisma.sql`"runs"`, where: Prisma.empty };

/** How runsPage finds the runs whose input contains `q` (already trimmed and lower-cased; empty: every run). */
export async function textCondition(client: StoreClient, q: string | undefined, search: TextSearch): Promise<TextCondition> {
  if (!q) return RUNS;
  const like: TextCondition = { from: RUNS.from, where: Prisma.sql`AND "input_text" LIKE ${likeContaining(q)} ESCAPE ${LIKE_ESCAPE}` };
  if (search === "like" || Array.from(q).length < MIN_INDEXED_CHARS) return like;
  const phrase = ftsPhrase(q);
  const [counted] = await client.$queryRaw<{ n: number | bigint }[]>`
    SELECT count(*) AS "n" FROM (SELECT "rowid" FROM "runs_search" WHERE "runs_search" MATCH ${phrase} LIMIT ${FEW_MATCHES})`;
  // Many matches: the text is common, so the walk newest first fills the page after a few rows. (Checking each run
  // against the index's matches instead costs a list of all of them first: 16 ms for 12,500, 460 ms for 100,000.)
  if (Number(counted?.n ?? 0) >= FEW_MATCHES) return like;
  // CROSS JOIN keeps this order: the few matches first, then each one's run.
  return {
    from: Prisma.sql`"runs_search" CROSS JOIN "runs" ON "runs"."rowid" = "runs_search"."rowid"`,
    where: Prisma.sql`AND "runs_search" MATCH ${phrase}`,
  };
}
