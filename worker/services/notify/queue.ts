// The worker's queue() consumer: each message is one webhook delivery, one batch of reply e-mails, one owner
// digest or one confirmation e-mail. A message that should be tried later is retried with a delay; nothing here
// blocks a request.
import type { NotifyMessage } from "../../contract/notifications";
import type { ServiceDeps } from "../context";
import type { NotifyDeps } from "./context";
import { attemptDelivery } from "./deliver";
import { sendDigest } from "./digest";
import { sendOwnerConfirmation } from "./owner-confirm";
import { flushReplies, sendConfirmation } from "./replies";
import { loadSite } from "../sites";

/** Handles one message; returns the delay in seconds after which to try it again, or null when done. */
export async function handleNotifyMessage(deps: ServiceDeps, nd: NotifyDeps, m: NotifyMessage): Promise<number | null> {
  switch (m.kind) {
    case "webhook":
      return (await attemptDelivery(nd, m.siteId, m.deliveryId, { releasedAt: m.releasedAt, requeuedAt: m.requeuedAt })).retryDelaySeconds;
    case "replies":
      return flushReplies(deps, nd, m.siteId, m.subscriberId, m.threadKey);
    case "digest":
      return sendDigest(deps, nd, m.siteId);
    case "confirm":
      await sendConfirmation(nd, await loadSite(deps, m.siteId), m.subscriberId);
      return null;
    case "confirm-owner":
      await sendOwnerConfirmation(nd, await loadSite(deps, m.siteId), m.claimedAt);
      return null;
    default:
      return null;
  }
}

/**
 * Handles a batch in lanes side by side: each webhook's deliveries one after another, in their order, and each
 * site's e-mails likewise, so that an endpoint that hangs (up to a delivery's 10 s timeout each) holds up only its
 * own lane, never another webhook of the same site, the site's e-mails, or another site.
 */
export async function consumeNotifyBatch(
  batch: MessageBatch<NotifyMessage>,
  deps: ServiceDeps,
  nd: NotifyDeps,
  handle: typeof handleNotifyMessage = handleNotifyMessage,
): Promise<void> {
  const lanes = new Map<string, Message<NotifyMessage>[]>();
  for (const message of batch.messages) {
    const m = message.body;
    const lane = m.kind === "webhook" ? `webhook ${m.siteId} ${m.webhookId ?? ""}` : `mail ${m.siteId}`;
    const list = lanes.get(lane);
    if (list) list.push(message);
    else lanes.set(lane, [message]);
  }
  await Promise.all(
    [...lanes.values()].map(async (messages) => {
      for (const message of messages) {
        try {
          const retry = await handle(deps, nd, message.body);
          if (retry === null) message.ack();
          else message.retry({ delaySeconds: Math.max(1, Math.ceil(retry)) });
        } catch (err) {
          console.error("notification message failed", message.body.kind, err);
          message.retry({ delaySeconds: 60 });
        }
      }
    }),
  );
}
