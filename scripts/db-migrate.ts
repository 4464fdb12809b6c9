// npm run db:migrate — applies the committed migrations that the database has not seen yet, offline.
// Database: the app's own (lib/config/env.ts): DATABASE_URL (postgresql://… or file:path), else DATABASE_FILE or data/app.db.
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { appEnv } from "@/lib/config/env";
import { pgMigrationFactory, sqliteFactory } from "@/lib/db/adapters";
import { applyMigrations, schemaLocation } from "@/lib/db/migrations";

const database = appEnv().database;

let applied: string[];
let where: string;
if (database.provider === "postgresql") {
  applied = await applyMigrations(schemaLocation("postgresql"), pgMigrationFactory(database.url));
  where = database.url.replace(/\/\/[^@]*@/, "//");
} else {
  const file = resolve(database.file);
  mkdirSync(dirname(file), { recursive: true });
  applied = await applyMigrations(schemaLocation("sqlite"), sqliteFactory(file));
  where = `file:${database.file}`;
}
console.log(applied.length === 0 ? `${where}: already up to date.` : `${where}: applied ${applied.join(", ")}.`);
process.exit(0);
