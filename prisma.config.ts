// Prisma CLI configuration. SQLite is the default; a postgres:// DATABASE_URL switches the CLI
// (`prisma migrate deploy`, `prisma migrate status`) to the PostgreSQL schema and its migrations.
import { defineConfig } from "prisma/config";

const url = process.env.DATABASE_URL ?? "file:./data/workflow.db";
const postgres = /^postgres(ql)?:\/\//.test(url);

export default defineConfig({
  schema: postgres ? "prisma/postgres/schema.prisma" : "prisma/schema.prisma",
  migrations: { path: postgres ? "prisma/postgres/migrations" : "prisma/migrations" },
  datasource: { url },
});
