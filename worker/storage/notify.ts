// The notification stores over one D1 database: webhooks, mail, moderation links and the site feed.
import { createFeedStore } from "./feeds";
import { createLinkStore } from "./links";
import { createMailStore } from "./mail";
import { createWebhookStore } from "./webhooks";

export function createNotifyStores(db: D1Database) {
  return {
    webhooks: createWebhookStore(db),
    mail: createMailStore(db),
    links: createLinkStore(db),
    feeds: createFeedStore(db),
  };
}

export type NotifyStores = ReturnType<typeof createNotifyStores>;
