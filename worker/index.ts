// Worker entry: the Hono app handles every request that is not a static asset (widget.js); the cron
// trigger (wrangler.toml) re-runs outbox events the dispatcher left behind.
import { createApp } from "./app";
import type { Bindings } from "./env";
import { runScheduled } from "./scheduled";

const app = createApp();

export default {
  fetch: app.fetch,
  scheduled(controller, env, ctx) {
    ctx.waitUntil(runScheduled(env, controller.scheduledTime));
  },
} satisfies ExportedHandler<Bindings>;
