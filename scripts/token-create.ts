// npm run token:create -- --name <name> --role <viewer|approver|admin>
// Prints a new API token for programs (`Authorization: Bearer <token>`). It is shown only this once: the
// database keeps its hash. Uses the app's database: DATABASE_URL (postgresql://…), else DATABASE_FILE or data/app.db.
import { parseArgs } from "node:util";
import { z } from "zod";
import { apiTokenNameSchema, issueApiToken, userRoleSchema } from "@/lib/auth";
import { openAppDb } from "@/lib/app/db";

const usage = "Usage: npm run token:create -- --name <name> --role <viewer|approver|admin>";

function fail(message: string): never {
  console.error(`${message}\n${usage}`);
  process.exit(1);
}

let values: { name?: string | undefined; role?: string | undefined };
try {
  ({ values } = parseArgs({ options: { name: { type: "string" }, role: { type: "string" } }, strict: true, allowPositionals: false }));
} catch (error) {
  fail((error as Error).message);
}

const parsed = z.object({ name: apiTokenNameSchema, role: userRoleSchema }).safeParse(values);
if (!parsed.success) {
  const issue = parsed.error.issues[0];
  fail(`--${issue?.path.join(".") ?? "name"} ${issue?.message ?? "is invalid"}.`);
}

const db = openAppDb();
try {
  const { token, record } = await issueApiToken(db.auth(), { ...parsed.data, createdBy: null });
  console.error(`Created API token "${record.name}" (role ${record.role}, id ${record.id}). It is shown only this once:`);
  console.log(token);
} finally {
  await db.close();
}
process.exit(0);
