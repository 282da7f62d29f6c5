// Worker entry: the Hono app handles every request that is not a static asset (widget.js); the cron
// trigger (wrangler.toml) re-runs outbox events the dispatcher left behind; queue() consumes the
// notifications queue (webhook deliveries, reply e-mails, owner digests).
import { createApp } from "./app";
import type { NotifyMessage } from "./contract/notifications";
import { createDeps } from "./deps";
import type { Bindings } from "./env";
import { runScheduled } from "./scheduled";
import { consumeNotifyBatch } from "./services/notify/queue";

const app = createApp();

export default {
  fetch: app.fetch,
  scheduled(controller, env, ctx) {
    ctx.waitUntil(runScheduled(env, controller.scheduledTime));
  },
  async queue(batch: MessageBatch<NotifyMessage>, env: Bindings) {
    const deps = createDeps(env);
    await consumeNotifyBatch(batch, deps, deps.notify);
  },
} satisfies ExportedHandler<Bindings, NotifyMessage>;
