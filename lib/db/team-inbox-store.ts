// What the inbox as a team's tool stores beside the runs: claims and assignments of items, and saved views.
import type { AssignableRole } from "@/lib/contracts/claims";
import type { InboxFilters } from "@/lib/contracts/views";
import type { InboxItem } from "@/lib/engine/schemas";
import type { Page } from "./app-store";

/** Who takes or holds a claim: a stable key ("user:<id>", "token:<id>") and the name people read. */
export interface Claimant {
  key: string;
  name: string;
}

/** Whose inbox is listed: what "mine" means for them. */
export interface InboxViewer {
  key: string;
  /** Null for an API token: nothing is assigned to a program by id. */
  userId: string | null;
  /** The roles whose assignments this person may take. */
  roles: readonly AssignableRole[];
}

export type AssigneeRow = { userId: string; email: string; role: null } | { userId: null; email: null; role: AssignableRole };

/** A live claim (not yet expired). */
export interface ClaimHeld {
  holderKey: string;
  holderName: string;
  expiresAt: Date;
}

/** An item's claim (null once it expired or was released) and assignee, as of `now`. */
export interface ClaimState {
  claim: ClaimHeld | null;
  assignee: AssigneeRow | null;
}

/** An inbox item with its claim and assignee. */
export type TeamInboxItem = InboxItem & ClaimState;

export interface TeamInboxFilter extends InboxFilters {
  cursor?: string;
  limit: number;
}

export interface ClaimStore {
  /**
   * Takes the claim until `until` in one conditional write: it succeeds when nobody holds it, the claim expired by
   * `now`, or `who` holds it already (then it is extended). Of two claims at once, exactly one succeeds.
   */
  claim(requirementId: string, who: Claimant, until: Date, now: Date): Promise<boolean>;
  /** Drops `holderKey`'s claim; false when someone else holds a live one. */
  release(requirementId: string, holderKey: string, now: Date): Promise<boolean>;
  /** Sets (or with null clears) the assignee. */
  assign(requirementId: string, assignee: AssigneeRow | null, by: string, at: Date): Promise<void>;
  state(requirementId: string, now: Date): Promise<ClaimState>;
  /** Whether the inbox item exists and still waits ("pending"), was decided or closed ("decided"), or null. */
  itemStatus(requirementId: string): Promise<"pending" | "decided" | null>;
  /** The item was decided: its claim and assignment go. */
  forget(requirementId: string): Promise<void>;
}

export interface SavedViewRow {
  id: string;
  ownerKey: string;
  name: string;
  filters: InboxFilters;
  createdAt: Date;
  updatedAt: Date;
}

export interface SavedViewStore {
  /** `ownerKey`'s views, oldest first. */
  list(ownerKey: string): Promise<SavedViewRow[]>;
  get(id: string): Promise<SavedViewRow | null>;
  /** False when the owner has a view of that name already. */
  create(view: SavedViewRow): Promise<boolean>;
  /** False when the new name is taken by another of the owner's views. */
  update(id: string, changes: { name?: string; filters?: InboxFilters }, at: Date): Promise<boolean>;
  delete(id: string): Promise<void>;
}

/** The team inbox on the app's database. */
export interface TeamInboxStore {
  claims(): ClaimStore;
  views(): SavedViewStore;
  /** Pending items matching `filter` for `viewer`, oldest first. Served by the requirements' pending index. */
  page(filter: TeamInboxFilter, viewer: InboxViewer, now: Date): Promise<Page<TeamInboxItem>>;
  /** How many pending items match, counted up to `cap`. */
  count(filter: InboxFilters, viewer: InboxViewer, now: Date, cap: number): Promise<number>;
}
