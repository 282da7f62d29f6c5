// A receiver outage, end to end against a real local HTTP receiver: a burst of failures does not pause a webhook;
// a receiver down for a whole retry schedule does, and then every event is held (none failed, none dropped) until
// Resume sends them, oldest first, signed, each under the Parley-Delivery id its earlier attempts had.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { NOTIFY_LIMITS } from "../../worker/contract/notifications";
import { createSite, json, postComment, runCron } from "./helpers";
import { createWebhook, deliveries, dispatched, eventually, receiver, runQueue, verifiesSignature, type Received } from "./notify-helpers";

type Hook = ReturnType<typeof receiver>;

/** Posts `n` comments over a few threads, with the kind of text readers write; returns their ids in order. */
async function postBurst(siteId: string, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const { comment } = await postComment(siteId, `/2026/12/outage-${i % 3}/`, {
      authorName: `Lecteur ${i} «été»`,
      body: `Comment ${i}: the **receiver** is down\u00a0again? 🙃 <img src=x onerror=alert(${i})> https://example.com/${i}`,
    });
    ids.push(comment.id);
  }
  return ids;
}

/** Waits until the webhook has `n` deliveries and each was tried once; returns them oldest first. */
async function triedOnce(site: { id: string; ownerToken: string }, webhookId: string, n: number) {
  await dispatched(site.id);
  const all = await eventually(async () => {
    const list = await json<{ deliveries: any[] }>(`/sites/${site.id}/webhooks/${webhookId}/deliveries?limit=100`, 200, { token: site.ownerToken });
    return list.deliveries.length === n && list.deliveries.every((d) => d.attempts >= 1) && list.deliveries;
  }, 300);
  return [...all].reverse();
}

const webhookOf = async (site: { id: string; ownerToken: string }) =>
  (await json<{ webhooks: any[] }>(`/sites/${site.id}/webhooks`, 200, { token: site.ownerToken })).webhooks[0];

/** Every request the receiver answered 200, checked: signed with `secret`; returns the comment ids in arrival order. */
async function acceptedComments(hook: Hook, secret: string): Promise<{ ids: string[]; got: Received[] }> {
  const got = await hook.received();
  const ok = got.filter((r) => r.status === 200);
  for (const r of ok) expect(await verifiesSignature(secret, r.headers["parley-signature"] as string, r.body)).toBe(true);
  return { ids: ok.map((r) => JSON.parse(r.body).data.comment.id as string), got };
}

/** Each event's requests all carried one Parley-Delivery id, and each delivery id stands for one event. */
function oneDeliveryIdPerEvent(got: Received[]) {
  const byEvent = new Map<string, Set<string>>();
  for (const r of got) {
    const event = JSON.parse(r.body).id as string;
    byEvent.set(event, (byEvent.get(event) ?? new Set()).add(r.headers["parley-delivery"] as string));
  }
  for (const ids of byEvent.values()) expect(ids.size).toBe(1);
  expect(new Set(got.map((r) => r.headers["parley-delivery"])).size).toBe(byEvent.size);
}

describe("a receiver outage", () => {
  it("survives a burst of failures: 34 comments while the receiver answers 500 are all delivered once it is back, without a pause", async () => {
    const site = await createSite();
    const hook = receiver();
    const { webhook, secret } = await createWebhook(site.id, site.ownerToken, { url: hook.url });
    await hook.setMode("fail");
    const posted = await postBurst(site.id, 34);
    const first = await triedOnce(site, webhook.id, 34);
    expect(first.map((d) => d.status)).toEqual(Array(34).fill("retrying"));
    // Ten failed test deliveries on top of that do not pause it either.
    for (let i = 0; i < 10; i++) await json(`/sites/${site.id}/webhooks/${webhook.id}/test`, 200, { method: "POST", token: site.ownerToken });
    expect(await webhookOf(site)).toMatchObject({ pausedAt: null, held: 0, consecutiveFailures: 44 });
    // Resume on a webhook that is not paused releases nothing and leaves its failure streak as it is.
    const resumed = await json<{ webhook: any; released: number }>(`/sites/${site.id}/webhooks/${webhook.id}/resume`, 200, { method: "POST", token: site.ownerToken });
    expect(resumed).toMatchObject({ released: 0, webhook: { pausedAt: null, consecutiveFailures: 44 } });

    await hook.setMode("ok");
    // The queue brings each message back after its first delay (about a minute).
    for (const d of first) expect((await runQueue({ kind: "webhook", siteId: site.id, deliveryId: d.id }, 2)).retryMessages).toEqual([]);
    const after = await json<{ deliveries: any[] }>(`/sites/${site.id}/webhooks/${webhook.id}/deliveries?limit=100`, 200, { token: site.ownerToken });
    expect(after.deliveries.filter((d) => d.event === "comment.created").map((d) => d.status)).toEqual(Array(34).fill("delivered"));
    const { ids, got } = await acceptedComments(hook, secret);
    expect(new Set(ids)).toEqual(new Set(posted));
    expect(ids).toHaveLength(34);
    oneDeliveryIdPerEvent(got.filter((r) => r.headers["parley-event"] === "comment.created"));
    expect(await webhookOf(site)).toMatchObject({ pausedAt: null, consecutiveFailures: 0 });
  });

  it("pauses only after a whole retry schedule without a success, holds every event, and Resume sends them all in order", async () => {
    const site = await createSite();
    const hook = receiver();
    const { webhook, secret } = await createWebhook(site.id, site.ownerToken, { url: hook.url });
    await hook.setMode("fail");
    const early = await postBurst(site.id, 3);
    const waiting = await triedOnce(site, webhook.id, 3);
    // The queue brings the messages back at about 1 min, 5 min, 30 min and 2 h: still retrying, not paused.
    for (let attempt = 2; attempt <= NOTIFY_LIMITS.retryDelaysSeconds.length; attempt++) {
      for (const d of waiting) await runQueue({ kind: "webhook", siteId: site.id, deliveryId: d.id }, attempt);
    }
    expect(await webhookOf(site)).toMatchObject({ pausedAt: null });
    expect((await deliveries(site.id, site.ownerToken, webhook.id)).map((d) => d.status)).toEqual(["retrying", "retrying", "retrying"]);

    // The last retry of the oldest, about 8.6 hours after it was first tried, fails too: now it pauses.
    await env.DB.prepare("UPDATE webhook_deliveries SET created_at = created_at - ?3 WHERE site_id = ?1 AND webhook_id = ?2")
      .bind(site.id, webhook.id, 9 * 3_600_000)
      .run();
    const last = await runQueue({ kind: "webhook", siteId: site.id, deliveryId: waiting[0].id }, 6);
    expect(last.retryMessages).toEqual([]);
    const paused = await webhookOf(site);
    expect(paused.pausedAt).not.toBeNull();
    expect(paused.pausedReason).toMatch(/^No attempt succeeded for 9 hours, through every retry; the last one: HTTP 500/);
    expect((await deliveries(site.id, site.ownerToken, webhook.id)).map((d) => d.status)).toEqual(["held", "held", "held"]);

    // Comments posted while paused are kept too, and nothing is sent; a message queued before the pause sends nothing.
    const sentBefore = (await hook.received()).length;
    const late = await postBurst(site.id, 2);
    await dispatched(site.id);
    await runQueue({ kind: "webhook", siteId: site.id, deliveryId: waiting[1].id }, 6);
    const kept = await deliveries(site.id, site.ownerToken, webhook.id);
    expect(kept).toHaveLength(5);
    expect(kept.map((d) => [d.status, d.nextAttemptAt])).toEqual(Array(5).fill(["held", null]));
    expect((await hook.received()).length).toBe(sentBefore);
    expect(await webhookOf(site)).toMatchObject({ held: 5 });

    // A test that gets through says the endpoint works; the webhook stays paused until the owner resumes it.
    await hook.setMode("ok");
    const test = await json<{ delivery: any }>(`/sites/${site.id}/webhooks/${webhook.id}/test`, 200, { method: "POST", token: site.ownerToken });
    expect(test.delivery.status).toBe("delivered");
    expect(await webhookOf(site)).toMatchObject({ held: 5, consecutiveFailures: 0 });
    expect((await webhookOf(site)).pausedAt).not.toBeNull();

    const resumed = await json<{ webhook: any; released: number }>(`/sites/${site.id}/webhooks/${webhook.id}/resume`, 200, { method: "POST", token: site.ownerToken });
    expect(resumed).toMatchObject({ released: 5, webhook: { pausedAt: null, pausedReason: null, held: 0, consecutiveFailures: 0 } });
    // A message the queue still had from before the pause sends nothing twice.
    await runQueue({ kind: "webhook", siteId: site.id, deliveryId: waiting[2].id }, 7);
    await eventually(async () => (await deliveries(site.id, site.ownerToken, webhook.id)).every((d) => d.status === "delivered"), 300);

    const { ids, got } = await acceptedComments(hook, secret);
    expect(ids.filter((id) => id !== "test-comment-0000")).toEqual([...early, ...late]);
    oneDeliveryIdPerEvent(got.filter((r) => r.headers["parley-event"] === "comment.created"));
    // Each held delivery starts a fresh retry schedule: one attempt since the release.
    const sent = (await deliveries(site.id, site.ownerToken, webhook.id)).filter((d) => d.event === "comment.created");
    expect(sent.map((d) => d.attempts).reverse()).toEqual([7, 6, 6, 1, 1]);
  });

  it(`keeps at most ${NOTIFY_LIMITS.heldPerWebhook} deliveries while paused and records each event past that as not kept`, async () => {
    const site = await createSite();
    const hook = receiver();
    const { webhook } = await createWebhook(site.id, site.ownerToken, { url: hook.url });
    const now = Date.now();
    await env.DB.prepare("UPDATE webhooks SET paused_at = ?3, paused_reason = 'HTTP 503 for hours' WHERE site_id = ?1 AND id = ?2")
      .bind(site.id, webhook.id, now)
      .run();
    const rows = Array.from({ length: NOTIFY_LIMITS.heldPerWebhook - 1 }, (_, i) =>
      env.DB.prepare(
        `INSERT INTO webhook_deliveries (id, site_id, webhook_id, event_id, event_type, body, status, attempts, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, 'comment.created', '{}', 'held', 0, ?5, ?5)`,
      ).bind(`dl_cap${i}`, site.id, webhook.id, `evt_cap_${site.id}_${i}`, now - 1000 + i),
    );
    await env.DB.batch(rows);
    // One at a time: the first makes the thousandth held delivery, the second finds the webhook full.
    for (let i = 0; i < 2; i++) {
      await postBurst(site.id, 1);
      await dispatched(site.id);
    }
    const [newest, kept] = await deliveries(site.id, site.ownerToken, webhook.id);
    expect(kept).toMatchObject({ status: "held", attempts: 0 });
    expect(newest).toMatchObject({ status: "failed", attempts: 0, lastError: expect.stringContaining(`already holds ${NOTIFY_LIMITS.heldPerWebhook}`) });
    expect(await webhookOf(site)).toMatchObject({ held: NOTIFY_LIMITS.heldPerWebhook });
    expect(await hook.received()).toEqual([]);
  });

  it("queues a delivery again when its queue message never came, signed and under its own id", async () => {
    const site = await createSite();
    const hook = receiver();
    const { webhook, secret } = await createWebhook(site.id, site.ownerToken, { url: hook.url });
    const now = Date.now();
    // One whose message was lost after its row was written, one released by a Resume whose message the queue gave up on.
    const row = (id: string, status: string, attempts: number, releasedAt: number | null, due = now - 20 * 60_000) =>
      env.DB.prepare(
        `INSERT INTO webhook_deliveries (id, site_id, webhook_id, event_id, event_type, body, status, attempts, next_attempt_at,
           released_at, attempts_at_release, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, 'comment.created', ?5, ?6, ?7, ?8, ?9, ?7, ?10, ?10)`,
      ).bind(id, site.id, webhook.id, `evt_${id}`, JSON.stringify({ id: `evt_${id}`, note: "lost «message» 🙃" }), status, attempts, due, releasedAt, now - 3_600_000);
    // And one merely waiting for its retry, which is left to the queue.
    const waiting = `dl_wait${site.id.slice(-6)}`;
    await env.DB.batch([
      row(`dl_lost${site.id.slice(-6)}`, "pending", 0, null),
      row(`dl_gone${site.id.slice(-6)}`, "retrying", 3, now - 3_000_000),
      row(waiting, "retrying", 2, null, now + 5 * 60_000),
    ]);
    await runCron(now);
    const got = await eventually(async () => {
      const list = await hook.received();
      return list.length === 2 && list;
    }, 300);
    expect(got.map((r) => r.headers["parley-delivery"]).sort()).toEqual([`dl_gone${site.id.slice(-6)}`, `dl_lost${site.id.slice(-6)}`]);
    for (const r of got) expect(await verifiesSignature(secret, r.headers["parley-signature"] as string, r.body)).toBe(true);
    await eventually(async () => (await deliveries(site.id, site.ownerToken, webhook.id)).filter((d) => d.status === "delivered").length === 2, 100);
    expect((await deliveries(site.id, site.ownerToken, webhook.id)).find((d) => d.id === waiting)).toMatchObject({ status: "retrying", attempts: 2 });
    expect(await hook.received()).toHaveLength(2);
  });

  it("holds again, on a webhook still paused, the deliveries an older version failed for the pause (migration 0013)", async () => {
    const site = await createSite();
    const hook = receiver();
    const { webhook } = await createWebhook(site.id, site.ownerToken, { url: hook.url });
    const other = await createWebhook(site.id, site.ownerToken, { url: receiver().url });
    const now = Date.now();
    await env.DB.prepare("UPDATE webhooks SET paused_at = ?3, paused_reason = ?4 WHERE site_id = ?1 AND id = ?2")
      .bind(site.id, webhook.id, now, "Paused after 10 failed attempts in a row; the last one: HTTP 500 Internal Server Error")
      .run();
    const old = (id: string, hookId: string, error: string) =>
      env.DB.prepare(
        `INSERT INTO webhook_deliveries (id, site_id, webhook_id, event_id, event_type, body, status, attempts, last_error, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, 'comment.created', '{}', 'failed', 1, ?5, ?6, ?6)`,
      ).bind(id, site.id, hookId, `evt_${id}`, error, now);
    const tag = site.id.slice(-6);
    await env.DB.batch([
      old(`dl_tip${tag}`, webhook.id, "HTTP 500 Internal Server Error; not retried: the webhook is paused."),
      old(`dl_wait${tag}`, webhook.id, "Not sent: the webhook is paused (Paused after 10 failed attempts in a row; the last one: HTTP 500)."),
      old(`dl_dead${tag}`, webhook.id, "HTTP 410 Gone"),
      old(`dl_other${tag}`, other.webhook.id, "Not sent: the webhook is paused (Paused after 10 failed attempts in a row; the last one: HTTP 500)."),
    ]);
    const migration = env.TEST_MIGRATIONS.find((m) => m.name.startsWith("0013_"));
    for (const sql of migration!.queries.filter((q) => q.replace(/^--.*$/gm, "").trim().startsWith("UPDATE"))) await env.DB.prepare(sql).run();

    const statuses = Object.fromEntries((await deliveries(site.id, site.ownerToken, webhook.id)).map((d) => [d.id, d.status]));
    expect(statuses).toEqual({ [`dl_tip${tag}`]: "held", [`dl_wait${tag}`]: "held", [`dl_dead${tag}`]: "failed" });
    expect((await deliveries(site.id, site.ownerToken, other.webhook.id))[0].status).toBe("failed");
    expect(await webhookOf(site)).toMatchObject({ held: 2, pausedReason: "10 failed attempts in a row; the last one: HTTP 500 Internal Server Error" });
  });
});

describe("a receiver that answers 410 Gone", () => {
  it("pauses its webhook at the first answer, holding that delivery and the next, and leaves the site's other webhook alone", async () => {
    const site = await createSite();
    const gone = receiver("gone");
    const fine = receiver();
    await createWebhook(site.id, site.ownerToken, { url: gone.url });
    await createWebhook(site.id, site.ownerToken, { url: fine.url });
    await postComment(site.id, "/2026/12/gone/", { body: "First, to a revoked endpoint" });
    await dispatched(site.id);
    const paused = await eventually(async () => {
      const { webhooks } = await json<{ webhooks: any[] }>(`/sites/${site.id}/webhooks`, 200, { token: site.ownerToken });
      const hook = webhooks.find((w) => w.url === gone.url);
      return hook?.pausedAt && hook;
    }, 300);
    expect(paused.pausedReason).toContain("410 Gone");
    expect(await gone.received()).toHaveLength(1);
    await postComment(site.id, "/2026/12/gone/", { body: "Second, held while paused" });
    await dispatched(site.id);
    await eventually(async () => (await fine.received()).length === 2, 300);
    const list = await json<{ deliveries: any[] }>(`/sites/${site.id}/webhooks/${paused.id}/deliveries`, 200, { token: site.ownerToken });
    expect(list.deliveries.map((d) => [d.status, d.attempts, d.lastStatus])).toEqual([["held", 0, null], ["held", 1, 410]]);
    expect(await gone.received()).toHaveLength(1);
  });
});
