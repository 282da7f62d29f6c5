// Notification routes under /api/v1/sites/{site}: the owner's webhooks and e-mail settings, and the public
// site-wide Atom feed.
import { Hono, type Context } from "hono";
import { createWebhookSchema, deliveriesQuerySchema, deliveryParamSchema, ownerMailSchema, webhookParamSchema } from "../contract/notifications";
import type { AppEnv } from "../env";
import { mailStatus, setOwnerMail } from "../services/notify/digest";
import { feedUrl } from "../services/feed-content";
import { siteFeed } from "../services/notify/feed";
import { resendOwnerConfirmation } from "../services/notify/owner-confirm";
import { createWebhook, deleteWebhook, getDelivery, listDeliveries, listWebhooks, resumeWebhook, retryDelivery, testWebhook } from "../services/notify/webhooks";
import { accessGroup, requireOwner, valid } from "./middleware";

const notify = (c: Context<AppEnv>) => c.get("deps").notify;
const selfOrigin = (c: Context<AppEnv>) => new URL(c.req.url).origin;

/** The public site-wide feed. */
export const notificationRoutes = new Hono<AppEnv>().get("/feed", async (c) =>
  c.body(await siteFeed(c.get("deps"), notify(c), c.get("site"), feedUrl(c.req.url)), 200, { "Content-Type": "application/atom+xml; charset=utf-8" }),
);

/** The owner's webhooks and e-mail settings: the owner token, checked once by the group. */
export const notificationOwnerRoutes = accessGroup(requireOwner)
  .post("/webhooks", valid("json", createWebhookSchema), async (c) =>
    c.json(await createWebhook(notify(c), c.get("site"), c.req.valid("json"), selfOrigin(c), c.get("actor")), 201),
  )

  .get("/webhooks", async (c) => c.json({ webhooks: await listWebhooks(notify(c), c.get("site")) }))

  .delete("/webhooks/:id", valid("param", webhookParamSchema), async (c) => {
    await deleteWebhook(notify(c), c.get("site"), c.req.valid("param").id, c.get("actor"));
    return c.body(null, 204);
  })

  .post("/webhooks/:id/test", valid("param", webhookParamSchema), async (c) =>
    c.json({ delivery: await testWebhook(notify(c), c.get("site"), c.req.valid("param").id) }),
  )

  .post("/webhooks/:id/resume", valid("param", webhookParamSchema), async (c) =>
    c.json(await resumeWebhook(notify(c), c.get("site"), c.req.valid("param").id)),
  )

  .post("/webhooks/:id/deliveries/:deliveryId/retry", valid("param", deliveryParamSchema), async (c) => {
    const { id, deliveryId } = c.req.valid("param");
    return c.json(await retryDelivery(notify(c), c.get("site"), id, deliveryId));
  })

  .get("/webhooks/:id/deliveries/:deliveryId", valid("param", deliveryParamSchema), async (c) => {
    const { id, deliveryId } = c.req.valid("param");
    return c.json(await getDelivery(notify(c), c.get("site"), id, deliveryId));
  })

  .get("/webhooks/:id/deliveries", valid("param", webhookParamSchema), valid("query", deliveriesQuerySchema), async (c) =>
    c.json(await listDeliveries(notify(c), c.get("site"), c.req.valid("param").id, c.req.valid("query"))),
  )

  .get("/notifications/mail", async (c) => c.json(await mailStatus(notify(c), c.get("site"))))

  .put("/notifications/mail", valid("json", ownerMailSchema), async (c) =>
    c.json(await setOwnerMail(notify(c), c.get("site"), c.req.valid("json"), selfOrigin(c), c.get("actor"))),
  )

  .post("/notifications/mail/confirmation", async (c) => {
    await resendOwnerConfirmation(notify(c), c.get("site"));
    return c.json(await mailStatus(notify(c), c.get("site")));
  });
