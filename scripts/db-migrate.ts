// npm run db:migrate — applies the committed migrations that the database has not seen yet, offline.
// Database: DATABASE_URL (postgresql://… or file:path), else the app's SQLite file data/workflow.db.
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { pgMigrationFactory, sqliteFactory } from "@/lib/db/adapters";
import { applyMigrations, schemaLocation } from "@/lib/db/migrations";

const url = process.env.DATABASE_URL ?? "file:data/workflow.db";
const postgres = /^postgres(ql)?:\/\//.test(url);

let applied: string[];
if (postgres) {
  applied = await applyMigrations(schemaLocation("postgresql"), pgMigrationFactory(url));
} else {
  const file = resolve(url.replace(/^file:/, ""));
  mkdirSync(dirname(file), { recursive: true });
  applied = await applyMigrations(schemaLocation("sqlite"), sqliteFactory(file));
}
const where = postgres ? url.replace(/\/\/[^@]*@/, "//") : url;
console.log(applied.length === 0 ? `${where}: already up to date.` : `${where}: applied ${applied.join(", ")}.`);
process.exit(0);
