import pg from "pg";

/** The PostgreSQL server the benches use (TEST_DATABASE_URL, a postgres DATABASE_URL, or the local one), or null with a line saying why. */
export async function reachablePostgres(suite: string): Promise<string | null> {
  const url = process.env.TEST_DATABASE_URL ?? (process.env.DATABASE_URL?.startsWith("postgres") ? process.env.DATABASE_URL : undefined) ?? "postgresql://postgres@127.0.0.1:5432/test";
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return url;
  } catch (error) {
    console.log(`${suite}: skipped, no PostgreSQL server at ${url} (${(error as Error).message})`);
    return null;
  }
}
