// A webhook's deliveries as the owner lists them: newest first, page after page to the oldest without a gap or a
// repeat (rows made in the same millisecond too), all or only those of one status, never another webhook's; a
// wrong status or cursor is a 400 naming the field.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { DELIVERY_STATUSES } from "../../worker/contract/notifications";
import { createSite, expectInvalid, json, call, runCron } from "./helpers";
import { createWebhook, receiver } from "./notify-helpers";

/** `count` deliveries of `webhookId`, made straight in D1: statuses in turn, three to a millisecond. */
async function insertDeliveries(siteId: string, webhookId: string, prefix: string, count: number) {
  const start = Date.UTC(2026, 10, 1);
  const rows = Array.from({ length: count }, (_, i) => ({
    id: `dl_${prefix}${String(i).padStart(4, "0")}xx`,
    status: DELIVERY_STATUSES[i % DELIVERY_STATUSES.length],
    at: start + Math.floor(i / 3),
  }));
  await env.DB.batch(
    rows.map((r) =>
      env.DB.prepare(
        `INSERT INTO webhook_deliveries (id, site_id, webhook_id, event_id, event_type, body, status, attempts, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, 'comment.created', '{}', ?5, 1, ?6, ?6)`,
      ).bind(r.id, siteId, webhookId, `ev_${r.id}`, r.status, r.at),
    ),
  );
  // Newest first: the later time, then the greater id.
  return rows.sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1));
}

type Page = { deliveries: { id: string; status: string }[]; nextCursor: string | null };

/** Every delivery the list gives, `limit` a page, following nextCursor; and how many pages it took. */
async function everyPage(siteId: string, token: string, webhookId: string, query: Record<string, string>) {
  const ids: string[] = [];
  const statuses = new Set<string>();
  let cursor: string | null = null;
  let pages = 0;
  do {
    const q = new URLSearchParams({ ...query, ...(cursor ? { cursor } : {}) });
    const page: Page = await json<Page>(`/sites/${siteId}/webhooks/${webhookId}/deliveries?${q}`, 200, { token });
    for (const d of page.deliveries) ids.push(d.id), statuses.add(d.status);
    cursor = page.nextCursor;
    pages++;
  } while (cursor && pages < 100);
  return { ids, statuses, pages };
}

describe("listing a webhook's deliveries", () => {
  it("pages through every delivery, newest first, and through those of one status", async () => {
    const site = await createSite();
    const hook = receiver();
    const { webhook } = await createWebhook(site.id, site.ownerToken, { url: hook.url });
    const { webhook: other } = await createWebhook(site.id, site.ownerToken, { url: `${hook.url}other` });
    const rows = await insertDeliveries(site.id, webhook.id, "a", 47);
    await insertDeliveries(site.id, other.id, "b", 12);

    const first = await json<Page>(`/sites/${site.id}/webhooks/${webhook.id}/deliveries`, 200, { token: site.ownerToken });
    expect(first.deliveries.map((d) => d.id)).toEqual(rows.slice(0, 20).map((r) => r.id));
    expect(first.nextCursor).toEqual(expect.any(String));

    const all = await everyPage(site.id, site.ownerToken, webhook.id, { limit: "10" });
    expect(all.ids).toEqual(rows.map((r) => r.id));
    expect(all.pages).toBe(5);

    for (const status of DELIVERY_STATUSES) {
      const some = await everyPage(site.id, site.ownerToken, webhook.id, { limit: "4", status });
      expect(some.ids, status).toEqual(rows.filter((r) => r.status === status).map((r) => r.id));
      expect([...some.statuses]).toEqual([status]);
    }
    // The other webhook's, on one page: only its own.
    const held = await json<Page>(`/sites/${site.id}/webhooks/${other.id}/deliveries?status=held&limit=100`, 200, { token: site.ownerToken });
    expect(held).toEqual({ deliveries: expect.any(Array), nextCursor: null });
    expect(held.deliveries.every((d) => d.id.startsWith("dl_b"))).toBe(true);
  });

  it("refuses a status or a cursor it does not know, naming the field", async () => {
    const site = await createSite();
    const { webhook } = await createWebhook(site.id, site.ownerToken, { url: receiver().url });
    await expectInvalid(await call(`/sites/${site.id}/webhooks/${webhook.id}/deliveries?status=lost`, { token: site.ownerToken }), "status");
    await expectInvalid(await call(`/sites/${site.id}/webhooks/${webhook.id}/deliveries?cursor=not-a-cursor`, { token: site.ownerToken }), "cursor");
    await expectInvalid(await call(`/sites/${site.id}/webhooks/${webhook.id}/deliveries?limit=101`, { token: site.ownerToken }), "limit");
  });
});

describe("one delivery", () => {
  it("is given as it is now, and only under its own webhook", async () => {
    const site = await createSite();
    const { webhook } = await createWebhook(site.id, site.ownerToken, { url: receiver().url });
    const { webhook: other } = await createWebhook(site.id, site.ownerToken, { url: `${receiver().url}other` });
    const [row] = await insertDeliveries(site.id, webhook.id, "one", 1);
    const { delivery } = await json<{ delivery: { id: string; status: string } }>(`/sites/${site.id}/webhooks/${webhook.id}/deliveries/${row.id}`, 200, { token: site.ownerToken });
    expect(delivery).toMatchObject({ id: row.id, status: row.status, event: "comment.created" });
    expect((await call(`/sites/${site.id}/webhooks/${other.id}/deliveries/${row.id}`, { token: site.ownerToken })).status).toBe(404);
    expect((await call(`/sites/${site.id}/webhooks/${webhook.id}/deliveries/dl_nosuchdelivery`, { token: site.ownerToken })).status).toBe(404);
    await expectInvalid(await call(`/sites/${site.id}/webhooks/${webhook.id}/deliveries/not-an-id`, { token: site.ownerToken }), "deliveryId");
  });
});

describe("keeping deliveries", () => {
  it("deletes, from the cron, deliveries delivered or given up on more than 30 days ago, and keeps every other", async () => {
    const site = await createSite();
    const { webhook } = await createWebhook(site.id, site.ownerToken, { url: receiver().url });
    const now = Date.now();
    const day = 24 * 3600_000;
    const rows = DELIVERY_STATUSES.flatMap((status) => [
      { id: `dl_old${status}${site.id.slice(-6)}`, status, at: now - 31 * day },
      { id: `dl_new${status}${site.id.slice(-6)}`, status, at: now - 29 * day },
    ]);
    await env.DB.batch(
      rows.map((r) =>
        env.DB.prepare(
          `INSERT INTO webhook_deliveries (id, site_id, webhook_id, event_id, event_type, body, status, attempts, created_at, updated_at)
           VALUES (?1, ?2, ?3, ?4, 'comment.created', '{}', ?5, 1, ?6, ?6)`,
        ).bind(r.id, site.id, webhook.id, `ev_${r.id}`, r.status, r.at),
      ),
    );
    await runCron(now);
    const { deliveries } = await json<Page>(`/sites/${site.id}/webhooks/${webhook.id}/deliveries?limit=100`, 200, { token: site.ownerToken });
    const gone = rows.filter((r) => r.at < now - 30 * day && (r.status === "delivered" || r.status === "failed")).map((r) => r.id);
    expect(gone).toHaveLength(2);
    expect(deliveries.map((d) => d.id).sort()).toEqual(rows.map((r) => r.id).filter((id) => !gone.includes(id)).sort());
  });
});
