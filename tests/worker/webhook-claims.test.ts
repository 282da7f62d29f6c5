// A delivery queued twice (the cron queues one again once it is 15 minutes overdue, while a backlog still holds its
// first message) reaches its receiver once, against a real local HTTP receiver: the two messages handled one after
// the other, or at the same time (an attempt claims the delivery before it sends; the other finds it claimed).
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createSite, runCron } from "./helpers";
import { createWebhook, deliveries, eventually, receiver, runQueue } from "./notify-helpers";

/** A webhook to `hook` with one delivery whose queue message waits behind a backlog: 20 minutes overdue. */
async function overdueDelivery(hook: ReturnType<typeof receiver>, extra: { claimedUntil?: number; retrying?: boolean } = {}) {
  const site = await createSite();
  const { webhook } = await createWebhook(site.id, site.ownerToken, { url: hook.url });
  const now = Date.now();
  const id = `dl_twice${site.id.slice(-6)}`;
  await env.DB.prepare(
    `INSERT INTO webhook_deliveries (id, site_id, webhook_id, event_id, event_type, body, status, attempts, next_attempt_at, created_at, updated_at)
     VALUES (?1, ?2, ?3, ?4, 'comment.created', ?5, ?7, ?8, ?6, ?6, ?6)`,
  )
    .bind(id, site.id, webhook.id, `evt_${id}`, JSON.stringify({ id: `evt_${id}`, note: "queued «twice» 🙃" }), now - 20 * 60_000, extra.retrying ? "retrying" : "pending", extra.retrying ? 1 : 0)
    .run();
  if (extra.claimedUntil !== undefined) {
    await env.DB.prepare("UPDATE webhook_deliveries SET claimed_until = ?2 WHERE id = ?1").bind(id, extra.claimedUntil).run();
  }
  const message = { kind: "webhook" as const, siteId: site.id, deliveryId: id, webhookId: webhook.id };
  const list = () => deliveries(site.id, site.ownerToken, webhook.id);
  return { site, webhook, id, now, message, list };
}

describe("a delivery the cron queues again while its first message is still in the queue", () => {
  it("reaches the receiver once when the two messages come one after the other", async () => {
    const hook = receiver();
    const { now, message, list } = await overdueDelivery(hook);
    await runCron(now);
    await eventually(async () => (await list())[0].status === "delivered", 300);
    // The first message, out of the backlog at last, finds it delivered.
    expect((await runQueue(message)).retryMessages).toEqual([]);
    expect(await hook.received()).toHaveLength(1);
    expect((await list())[0]).toMatchObject({ status: "delivered", attempts: 1 });
  });

  it("reaches the receiver once when the two messages are handled at the same time", async () => {
    const hook = receiver("hang");
    const { now, message, list } = await overdueDelivery(hook);
    // The cron queues it again, and the queue's consumer sends that message: the receiver holds its answer.
    await runCron(now);
    await eventually(async () => (await hook.received()).length === 1, 300);
    // Meanwhile the first message comes out of the backlog. Without the claim it would send the delivery a second time
    // (and wait on the receiver too): it must be done at once, having sent nothing.
    let secondDone = false;
    const second = runQueue(message).then((r) => ((secondDone = true), r));
    await eventually(async () => secondDone || (await hook.received()).length > 1, 50);
    expect(await hook.received()).toHaveLength(1);
    expect((await second).retryMessages).toEqual([]);
    await hook.release();
    await eventually(async () => (await list())[0].status === "delivered", 100);
    expect(await hook.received()).toHaveLength(1);
    expect((await list())[0]).toMatchObject({ status: "delivered", attempts: 1 });
  });

  it("leaves a delivery another attempt holds alone, and takes one whose holder went away without an answer", async () => {
    const hook = receiver();
    const held = await overdueDelivery(hook, { claimedUntil: Date.now() + 25_000 });
    expect((await runQueue(held.message)).retryMessages).toEqual([]);
    expect(await hook.received()).toEqual([]);
    expect((await held.list())[0]).toMatchObject({ status: "pending", attempts: 0 });

    const left = await overdueDelivery(hook, { claimedUntil: Date.now() - 1 });
    await runQueue(left.message);
    expect(await hook.received()).toHaveLength(1);
    expect((await left.list())[0]).toMatchObject({ status: "delivered", attempts: 1 });
  });

  it("keeps its retry schedule when the receiver fails: the older message, out of the backlog after the cron's, sends nothing", async () => {
    const hook = receiver("fail");
    const { now, message, list } = await overdueDelivery(hook, { retrying: true });
    await runCron(now);
    await eventually(async () => (await list())[0].attempts === 2, 300);
    const [tried] = await list();
    expect(tried).toMatchObject({ status: "retrying", attempts: 2, lastStatus: 500 });
    // The queue's own retry of the first attempt, delayed by the backlog, comes after the cron's message was tried: it
    // would try the receiver again at once, a retry early, and live on beside the cron's as a second chain of retries.
    expect((await runQueue(message, 2)).retryMessages).toEqual([]);
    expect(await hook.received()).toHaveLength(1);
    expect((await list())[0]).toMatchObject({ attempts: 2, nextAttemptAt: tried.nextAttemptAt });
  });
});
