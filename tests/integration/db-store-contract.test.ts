import { describe, it } from "vitest";
import type { PostgresDb, SqliteDb } from "@/lib/db";
import type { Store } from "@/lib/engine";
import { skipReason, targets } from "@/tests/support/db-targets";
import { describeStoreContract } from "@/tests/unit/store-contract";

// The engine's Store contract on the real databases: the same cases the in-memory store passes in tests/unit.
for (const { target, enabled } of targets) {
  if (!enabled) {
    describe.skip(`${target.name}: Store contract (${skipReason})`, () => {
      it.skip("needs TEST_DATABASE_URL", () => {});
    });
    continue;
  }

  // Each case gets its own fresh database, so it starts from nothing.
  const opened = new Map<Store, { db: SqliteDb | PostgresDb; drop: () => Promise<void> }>();
  describeStoreContract(
    target.name,
    async () => {
      const { url, drop } = await target.create();
      const db = target.open(url);
      opened.set(db, { db, drop });
      return db;
    },
    async (store) => {
      const entry = opened.get(store);
      opened.delete(store);
      await entry?.db.close();
      await entry?.drop();
    },
  );
}
