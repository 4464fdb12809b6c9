// The Prisma client the stores are written against, and the options that make it report its queries.
import type { EventPayloads } from "./event-payloads";
import type { PrismaClient } from "./generated/sqlite/client";

/**
 * The two generated clients (SQLite, PostgreSQL) come from schemas with identical models; the store
 * is written against the SQLite client's types and uses only what both providers support.
 */
export type StoreClient = PrismaClient;

/** One query the Prisma client ran: what `onQuery` receives. */
export interface QueryLog {
  sql: string;
  /** The bound values, as a JSON array. */
  params: string;
  durationMs: number;
}

export interface PrismaStoreOptions {
  /** Called with every query of the app's lookups (inbox, history, events), e.g. to EXPLAIN or time them. */
  onQuery?: (query: QueryLog) => void;
  /**
   * How much of each event's payload the run's log keeps: "full" (the default) or "lean", which leaves out what is
   * stored elsewhere anyway (the requirements a pause lists, a tool call's result); see lib/db/event-payloads.ts.
   */
  eventPayloads?: EventPayloads;
}

type QueryEvents = { $on(event: "query", listener: (e: { query: string; params: string; duration: number }) => void): void };

/** Client options that turn on query events when the store was asked to report its queries. */
export function queryLogOptions(options: PrismaStoreOptions): { log?: [{ emit: "event"; level: "query" }] } {
  return options.onQuery ? { log: [{ emit: "event", level: "query" }] } : {};
}

/** Hands every query of `client` to `onQuery` (when given): the client must have been made with queryLogOptions. */
export function reportQueries(client: StoreClient, onQuery: PrismaStoreOptions["onQuery"]): void {
  if (onQuery) (client as unknown as QueryEvents).$on("query", (e) => onQuery({ sql: e.query, params: e.params, durationMs: e.duration }));
}
