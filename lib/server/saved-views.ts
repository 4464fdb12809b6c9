import "server-only";
import { randomUUID } from "node:crypto";
import type { Principal } from "@/lib/auth";
import type { CreateViewRequest, InboxFilters, ListViewsResponse, SavedView, UpdateViewRequest } from "@/lib/contracts";
import type { SavedViewRow } from "@/lib/db/team-inbox-store";
import { appRuntime } from "@/lib/app/runtime";
import { ApiError, ConflictError, NotFoundError } from "./api-error";
import { inboxCountsOf } from "./inbox-counts";
import { ownerKeyOf, viewerOf } from "./inbox-viewer";

/** Views per person: enough for a row of tabs. */
const MAX_VIEWS = 20;

const views = () => appRuntime().db.teamInbox().views();

function countOf(filters: InboxFilters, principal: Principal): Promise<number> {
  return inboxCountsOf(appRuntime()).get(filters, viewerOf(principal));
}

async function withCount(row: SavedViewRow, principal: Principal): Promise<SavedView> {
  return {
    id: row.id,
    name: row.name,
    filters: row.filters,
    count: await countOf(row.filters, principal),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The principal's own view: 404 when there is none with that id, 403 when it is someone else's. */
async function ownView(id: string, principal: Principal): Promise<SavedViewRow> {
  const row = await views().get(id);
  if (!row) throw new NotFoundError(`There is no saved view with id ${id}. It may have been deleted.`);
  if (row.ownerKey !== ownerKeyOf(principal)) throw new ApiError("forbidden", "This saved view belongs to someone else; views are private. Save your own.");
  return row;
}

const nameTaken = (name: string) => new ConflictError(`You already have a view named "${name}". Pick another name.`);

/** The principal's saved views with their counts, and the counts of the Mine, Unassigned and All tabs. */
export async function listViews(principal: Principal): Promise<ListViewsResponse> {
  const rows = await views().list(ownerKeyOf(principal));
  const [saved, mine, unassigned, all] = await Promise.all([
    Promise.all(rows.map((row) => withCount(row, principal))),
    countOf({ view: "mine" }, principal),
    countOf({ view: "unassigned" }, principal),
    countOf({ view: "all" }, principal),
  ]);
  return { views: saved, counts: { mine, unassigned, all } };
}

export async function getView(id: string, principal: Principal): Promise<SavedView> {
  return withCount(await ownView(id, principal), principal);
}

export async function createView(body: CreateViewRequest, principal: Principal): Promise<SavedView> {
  const ownerKey = ownerKeyOf(principal);
  if ((await views().list(ownerKey)).length >= MAX_VIEWS) {
    throw new ConflictError(`You have ${MAX_VIEWS} saved views, the most there can be. Delete one first.`);
  }
  const now = new Date();
  const row: SavedViewRow = { id: randomUUID(), ownerKey, name: body.name, filters: body.filters, createdAt: now, updatedAt: now };
  if (!(await views().create(row))) throw nameTaken(body.name);
  return withCount(row, principal);
}

export async function updateView(id: string, body: UpdateViewRequest, principal: Principal): Promise<SavedView> {
  await ownView(id, principal);
  const changes = { ...(body.name !== undefined ? { name: body.name } : {}), ...(body.filters !== undefined ? { filters: body.filters } : {}) };
  if (!(await views().update(id, changes, new Date()))) throw nameTaken(body.name ?? "");
  return getView(id, principal);
}

/** Deletes the view; answers it as it was. */
export async function deleteView(id: string, principal: Principal): Promise<SavedView> {
  const view = await withCount(await ownView(id, principal), principal);
  await views().delete(id);
  return view;
}
