// Saved inbox views, private to their owner, as portable SQL on the store's Prisma client.
import { z } from "zod";
import { inboxFiltersSchema, type InboxFilters } from "@/lib/contracts/views";
import { parseJsonColumn } from "./parse-column";
import type { SavedViewRow, SavedViewStore } from "./team-inbox-store";
import type { StoreClient } from "./store-client";

const date = z.union([z.date(), z.string(), z.number(), z.bigint()]).transform((v) => new Date(typeof v === "bigint" ? Number(v) : v));
const rowSchema = z.object({ id: z.string(), ownerKey: z.string(), name: z.string(), filters: z.string(), createdAt: date, updatedAt: date });

function viewFromRow(raw: unknown): SavedViewRow {
  const row = rowSchema.parse(raw);
  return { ...row, filters: parseJsonColumn(inboxFiltersSchema, row.filters, { table: "saved_views", row: row.id, column: "filters" }) };
}

export class PrismaSavedViewStore implements SavedViewStore {
  constructor(
    private readonly client: StoreClient,
    private readonly ready: () => Promise<void>,
  ) {}

  async list(ownerKey: string): Promise<SavedViewRow[]> {
    await this.ready();
    const rows = await this.client.$queryRaw<unknown[]>`
      SELECT "id", "owner_key" AS "ownerKey", "name", "filters", "created_at" AS "createdAt", "updated_at" AS "updatedAt"
      FROM "saved_views" WHERE "owner_key" = ${ownerKey} ORDER BY "created_at", "id"`;
    return rows.map(viewFromRow);
  }

  async get(id: string): Promise<SavedViewRow | null> {
    await this.ready();
    const rows = await this.client.$queryRaw<unknown[]>`
      SELECT "id", "owner_key" AS "ownerKey", "name", "filters", "created_at" AS "createdAt", "updated_at" AS "updatedAt"
      FROM "saved_views" WHERE "id" = ${id}`;
    return rows.length === 0 ? null : viewFromRow(rows[0]);
  }

  async create(view: SavedViewRow): Promise<boolean> {
    await this.ready();
    const written = await this.client.$executeRaw`
      INSERT INTO "saved_views" ("id", "owner_key", "name", "filters", "created_at", "updated_at")
      VALUES (${view.id}, ${view.ownerKey}, ${view.name}, ${JSON.stringify(view.filters)}, ${view.createdAt}, ${view.updatedAt})
      ON CONFLICT ("owner_key", "name") DO NOTHING`;
    return written === 1;
  }

  async update(id: string, changes: { name?: string; filters?: InboxFilters }, at: Date): Promise<boolean> {
    await this.ready();
    const filters = changes.filters === undefined ? null : JSON.stringify(changes.filters);
    const name = changes.name ?? null;
    const written = await this.client.$executeRaw`
      UPDATE "saved_views" SET "name" = COALESCE(${name}, "name"), "filters" = COALESCE(${filters}, "filters"), "updated_at" = ${at}
      WHERE "id" = ${id} AND NOT EXISTS (
        SELECT 1 FROM "saved_views" o WHERE o."owner_key" = "saved_views"."owner_key" AND o."name" = ${name} AND o."id" <> ${id})`;
    return written === 1;
  }

  async delete(id: string): Promise<void> {
    await this.ready();
    await this.client.$executeRaw`DELETE FROM "saved_views" WHERE "id" = ${id}`;
  }
}
