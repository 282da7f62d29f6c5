// Worker entry: the Hono app handles every request that is not a static asset (widget.js); queue() consumes
// the notifications queue (webhook deliveries, reply e-mails, owner digests).
import { createApp } from "./app";
import type { Bindings } from "./env";
import { createDocCache, openDocCache } from "./services/cache";
import type { ServiceDeps } from "./services/context";
import { createNotifyDeps } from "./services/notify/context";
import { consumeNotifyBatch } from "./services/notify/queue";
import { verifyWithCloudflare } from "./services/turnstile";
import { createStores } from "./storage";
import type { NotifyMessage } from "./contract/notifications";

const app = createApp();

function backgroundDeps(env: Bindings): ServiceDeps {
  return {
    stores: createStores(env),
    secret: env.PARLEY_SECRET ?? "",
    now: Date.now,
    verifyTurnstile: verifyWithCloudflare,
    cache: createDocCache(openDocCache()),
  };
}

export default {
  fetch: app.fetch,
  async queue(batch: MessageBatch<NotifyMessage>, env: Bindings) {
    await consumeNotifyBatch(batch, backgroundDeps(env), createNotifyDeps(env));
  },
} satisfies ExportedHandler<Bindings, NotifyMessage>;
