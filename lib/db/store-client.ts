import type { PrismaClient } from "./generated/sqlite/client";

/**
 * The two generated clients (SQLite, PostgreSQL) come from schemas with identical models; the stores
 * are written against the SQLite client's types and use only what both providers support.
 */
export type StoreClient = PrismaClient;
