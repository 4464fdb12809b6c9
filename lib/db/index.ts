export type { AppStore, Page, PendingRequirementRow, RequirementFilter, RunFilter, RunSummaryRow } from "./app-store";
export { DatabaseConfigError, DatabaseError, InvalidCursorError, MigrationError } from "./errors";
export { PostgresDb, type PostgresDbOptions } from "./postgres-db";
export type { PrismaStoreOptions, QueryLog } from "./prisma-store";
export { SqliteDb, type SqliteDbOptions } from "./sqlite-db";
export { PrismaAuthStore } from "./auth-store";
export { PrismaPolicyStore, type NewPolicy, type PolicyPatch, type PolicyRecord, type PolicyStore, type RevokeOutcome } from "./policy-store";
