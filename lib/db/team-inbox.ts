import type { InboxFilters } from "@/lib/contracts/views";
import type { Page } from "./app-store";
import { PrismaClaimStore } from "./claims";
import { inboxCount, inboxPage } from "./inbox-query";
import { PrismaSavedViewStore } from "./saved-views";
import type { StoreClient } from "./store-client";
import type { ClaimStore, InboxViewer, SavedViewStore, TeamInboxFilter, TeamInboxItem, TeamInboxStore } from "./team-inbox-store";

/** Claims, saved views and the filtered inbox on the store's Prisma client. */
export class PrismaTeamInbox implements TeamInboxStore {
  constructor(
    private readonly client: StoreClient,
    private readonly ready: () => Promise<void>,
  ) {}

  claims(): ClaimStore {
    return new PrismaClaimStore(this.client, this.ready);
  }

  views(): SavedViewStore {
    return new PrismaSavedViewStore(this.client, this.ready);
  }

  async page(filter: TeamInboxFilter, viewer: InboxViewer, now: Date): Promise<Page<TeamInboxItem>> {
    await this.ready();
    return inboxPage(this.client, filter, viewer, now);
  }

  async count(filter: InboxFilters, viewer: InboxViewer, now: Date, cap: number): Promise<number> {
    await this.ready();
    return inboxCount(this.client, filter, viewer, now, cap);
  }
}
