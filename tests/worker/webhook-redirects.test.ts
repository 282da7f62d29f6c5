// A receiver that answers a redirect, against a real local HTTP receiver: a signed delivery is never forwarded to the
// Location. The delivery's lastError names where it was sent and what to do; a temporary redirect (302, 303, 307) is
// retried like any failure, a permanent one (301, 308) pauses the webhook at once, as 410 Gone does.
import { describe, expect, it } from "vitest";
import { createSite, json, postComment } from "./helpers";
import { createWebhook, deliveries, dispatched, eventually, receiver } from "./notify-helpers";

type Site = { id: string; ownerToken: string };

const webhooksOf = async (site: Site) => (await json<{ webhooks: any[] }>(`/sites/${site.id}/webhooks`, 200, { token: site.ownerToken })).webhooks;

/** A webhook to a receiver that redirects with `code` to another receiver, and one comment's delivery tried once. */
async function redirected(code: number) {
  const site = await createSite();
  const target = receiver();
  const hook = receiver("redirect", { code, to: target.url });
  const { webhook } = await createWebhook(site.id, site.ownerToken, { url: hook.url });
  await postComment(site.id, "/2026/12/moved/", { body: "Where did the receiver go?" });
  await dispatched(site.id);
  const [delivery] = await eventually(async () => {
    const list = await deliveries(site.id, site.ownerToken, webhook.id);
    return list.length === 1 && list[0].attempts === 1 && list;
  }, 300);
  return { site, webhook, hook, target, delivery };
}

describe("a receiver that answers a temporary redirect", () => {
  for (const code of [302, 307]) {
    it(`is not followed on ${code}: the delivery is retried, its lastError naming the Location and what to do`, async () => {
      const { site, webhook, hook, target, delivery } = await redirected(code);
      expect(delivery).toMatchObject({ status: "retrying", lastStatus: code });
      expect(delivery.lastError).toContain(`redirected to ${target.url}: update the webhook's URL`);
      expect(delivery.nextAttemptAt).not.toBeNull();
      expect(await hook.received()).toHaveLength(1);
      expect(await target.received()).toEqual([]);
      expect((await webhooksOf(site))[0]).toMatchObject({ pausedAt: null, consecutiveFailures: 1 });
      // The one delivery's route gives the same reason.
      const one = await json<{ delivery: any }>(`/sites/${site.id}/webhooks/${webhook.id}/deliveries/${delivery.id}`, 200, { token: site.ownerToken });
      expect(one.delivery.lastError).toBe(delivery.lastError);
    });
  }
});

describe("a receiver that answers a permanent redirect", () => {
  for (const code of [301, 308]) {
    it(`pauses its webhook at the first ${code}, holding the delivery, with the new address in the reason`, async () => {
      const { site, webhook, hook, target, delivery } = await redirected(code);
      expect(delivery).toMatchObject({ status: "held", lastStatus: code, nextAttemptAt: null });
      expect(delivery.lastError).toContain(`redirected to ${target.url}: update the webhook's URL`);
      const [paused] = await webhooksOf(site);
      expect(paused.pausedAt).not.toBeNull();
      expect(paused.pausedReason).toBe(
        `The receiver answered ${code}, moved for good to ${target.url}: deliveries are not forwarded. Add the new URL as a webhook (and remove this one), or Resume once this URL answers again.`,
      );
      // Held while paused: the next event sends nothing, to either address.
      await postComment(site.id, "/2026/12/moved/", { body: "A second one, kept for Resume" });
      await dispatched(site.id);
      expect((await deliveries(site.id, site.ownerToken, webhook.id)).map((d) => d.status)).toEqual(["held", "held"]);
      expect(await hook.received()).toHaveLength(1);
      expect(await target.received()).toEqual([]);
    });
  }

  it("says so when the redirect has no Location, and a test delivery is tried once without pausing", async () => {
    const site = await createSite();
    const hook = receiver("redirect", { code: 308 });
    const { webhook } = await createWebhook(site.id, site.ownerToken, { url: hook.url });
    const { delivery } = await json<{ delivery: any }>(`/sites/${site.id}/webhooks/${webhook.id}/test`, 200, { method: "POST", token: site.ownerToken });
    expect(delivery).toMatchObject({ status: "failed", lastStatus: 308, lastError: expect.stringContaining("without a Location: not followed") });
    expect((await webhooksOf(site))[0]).toMatchObject({ pausedAt: null });
  });
});
