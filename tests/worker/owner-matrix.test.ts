import { describe, expect, it } from "vitest";
import { OWNER_GROUPS } from "../../worker/app";
import { OPERATIONS } from "../../worker/routes/openapi";
import { ADMIN, call, expectError, json, putArticle, type CallOptions } from "./helpers";
import { confirmationSentEarlier, receiver } from "./notify-helpers";
import { act, bulk, createOwnedSite, idsOf, post, queue, queueAll, readThread } from "./owner-helpers";

/**
 * A site with something for every owner route to act on: an article, a comment on its thread, a ban, a webhook and
 * a delivery of it.
 */
async function fixture() {
  const site = await createOwnedSite();
  await putArticle(site.id, site.ownerToken, "story", { body: "Original body." });
  const { comment } = await post(site.id, "story", { body: "A comment to moderate" });
  const { ban } = await json<{ ban: { id: string } }>(`/sites/${site.id}/bans`, 201, { token: site.ownerToken, body: { type: "name", value: "Troll" } });
  const { webhook } = await json<{ webhook: { id: string } }>(`/sites/${site.id}/webhooks`, 201, {
    token: site.ownerToken,
    body: { url: receiver().url, events: ["comment.created"] },
  });
  const { delivery } = await json<{ delivery: { id: string } }>(`/sites/${site.id}/webhooks/${webhook.id}/test`, 200, { method: "POST", token: site.ownerToken });
  return { ...site, commentId: comment.id as string, banId: ban.id, webhookId: webhook.id, deliveryId: delivery.id };
}
type Fixture = Awaited<ReturnType<typeof fixture>>;

/** A digest address waiting for confirmation, its e-mail sent long enough ago for another. */
async function waitingOwnerMail(f: Fixture) {
  await json(`/sites/${f.id}/notifications/mail`, 200, { method: "PUT", token: f.ownerToken, body: { email: `owner-${f.id}@example.com` } });
  await confirmationSentEarlier(f.id, 60);
}

interface OwnerRoute {
  route: string;
  method: string;
  path: (f: Fixture) => string;
  body?: unknown;
  ok: number;
  /** The admin token may call it too (rotating the owner token, an operator's rescue; tested in auth.test.ts). */
  adminToo?: true;
  /** What the route needs beyond the fixture before the owner's own token gets its 2xx. */
  setup?: (f: Fixture) => Promise<void>;
}

/** A request the right token gets a 2xx for, for every owner route of the route table (checked below). */
const SAMPLES: OwnerRoute[] = [
  { route: "PATCH /sites/{site}", method: "PATCH", path: (f) => `/sites/${f.id}`, body: { name: "Renamed" }, ok: 200 },
  { route: "POST /sites/{site}/token", method: "POST", path: (f) => `/sites/${f.id}/token`, ok: 200, adminToo: true },
  { route: "PUT /sites/{site}/articles/{slug}", method: "PUT", path: (f) => `/sites/${f.id}/articles/story`, body: { title: "New title", body: "New body." }, ok: 200 },
  { route: "DELETE /sites/{site}/articles/{slug}", method: "DELETE", path: (f) => `/sites/${f.id}/articles/story`, ok: 204 },
  { route: "GET /sites/{site}/moderation/comments", method: "GET", path: (f) => `/sites/${f.id}/moderation/comments`, ok: 200 },
  { route: "PATCH /sites/{site}/moderation/comments/{id}", method: "PATCH", path: (f) => `/sites/${f.id}/moderation/comments/${f.commentId}`, body: { body: "Edited." }, ok: 200 },
  { route: "DELETE /sites/{site}/moderation/comments/{id}", method: "DELETE", path: (f) => `/sites/${f.id}/moderation/comments/${f.commentId}`, ok: 200 },
  { route: "POST /sites/{site}/moderation/comments/{id}/{action}", method: "POST", path: (f) => `/sites/${f.id}/moderation/comments/${f.commentId}/reject`, ok: 200 },
  { route: "POST /sites/{site}/moderation/bulk", method: "POST", path: (f) => `/sites/${f.id}/moderation/bulk`, body: { ids: ["placeholder"], action: "spam" }, ok: 200 },
  { route: "PUT /sites/{site}/threads/{thread}", method: "PUT", path: (f) => `/sites/${f.id}/threads/story`, body: { locked: true }, ok: 200 },
  { route: "GET /sites/{site}/bans", method: "GET", path: (f) => `/sites/${f.id}/bans`, ok: 200 },
  { route: "POST /sites/{site}/bans", method: "POST", path: (f) => `/sites/${f.id}/bans`, body: { type: "email", value: "troll@example.com" }, ok: 201 },
  { route: "DELETE /sites/{site}/bans/{id}", method: "DELETE", path: (f) => `/sites/${f.id}/bans/${f.banId}`, ok: 204 },
  { route: "GET /sites/{site}/audit", method: "GET", path: (f) => `/sites/${f.id}/audit`, ok: 200 },
  { route: "POST /sites/{site}/webhooks", method: "POST", path: (f) => `/sites/${f.id}/webhooks`, body: { url: "https://hooks.example.com/parley", events: ["comment.created"] }, ok: 201 },
  { route: "GET /sites/{site}/webhooks", method: "GET", path: (f) => `/sites/${f.id}/webhooks`, ok: 200 },
  { route: "DELETE /sites/{site}/webhooks/{id}", method: "DELETE", path: (f) => `/sites/${f.id}/webhooks/${f.webhookId}`, ok: 204 },
  { route: "POST /sites/{site}/webhooks/{id}/test", method: "POST", path: (f) => `/sites/${f.id}/webhooks/${f.webhookId}/test`, ok: 200 },
  { route: "POST /sites/{site}/webhooks/{id}/resume", method: "POST", path: (f) => `/sites/${f.id}/webhooks/${f.webhookId}/resume`, ok: 200 },
  {
    route: "POST /sites/{site}/webhooks/{id}/deliveries/{deliveryId}/retry",
    method: "POST",
    path: (f) => `/sites/${f.id}/webhooks/${f.webhookId}/deliveries/${f.deliveryId}/retry`,
    ok: 200,
  },
  {
    route: "GET /sites/{site}/webhooks/{id}/deliveries/{deliveryId}",
    method: "GET",
    path: (f) => `/sites/${f.id}/webhooks/${f.webhookId}/deliveries/${f.deliveryId}`,
    ok: 200,
  },
  { route: "GET /sites/{site}/webhooks/{id}/deliveries", method: "GET", path: (f) => `/sites/${f.id}/webhooks/${f.webhookId}/deliveries`, ok: 200 },
  { route: "GET /sites/{site}/notifications/mail", method: "GET", path: (f) => `/sites/${f.id}/notifications/mail`, ok: 200 },
  { route: "GET /sites/{site}/settings", method: "GET", path: (f) => `/sites/${f.id}/settings`, ok: 200 },
  { route: "GET /sites/{site}/stats", method: "GET", path: (f) => `/sites/${f.id}/stats`, ok: 200 },
  { route: "GET /sites/{site}/threads", method: "GET", path: (f) => `/sites/${f.id}/threads`, ok: 200 },
  { route: "GET /sites/{site}/articles/{slug}/source", method: "GET", path: (f) => `/sites/${f.id}/articles/story/source`, ok: 200 },
  { route: "POST /sites/{site}/articles/preview", method: "POST", path: (f) => `/sites/${f.id}/articles/preview`, body: { body: "Some *text*." }, ok: 200 },
  { route: "PUT /sites/{site}/notifications/mail", method: "PUT", path: (f) => `/sites/${f.id}/notifications/mail`, body: { digest: false }, ok: 200 },
  {
    route: "POST /sites/{site}/notifications/mail/confirmation",
    method: "POST",
    path: (f) => `/sites/${f.id}/notifications/mail/confirmation`,
    ok: 200,
    setup: waitingOwnerMail,
  },
  {
    route: "POST /sites/{site}/import",
    method: "POST",
    path: (f) => `/sites/${f.id}/import`,
    body: { comments: [{ source: "matrix", sourceId: "1", thread: "/imported/", body: "Old", authorName: "Ada", status: "published", createdAt: "2020-01-01T00:00:00Z" }] },
    ok: 200,
  },
  { route: "GET /sites/{site}/export", method: "GET", path: (f) => `/sites/${f.id}/export?part=comments`, ok: 200 },
  { route: "POST /sites/{site}/gdpr/export", method: "POST", path: (f) => `/sites/${f.id}/gdpr/export`, body: { email: "someone@example.com" }, ok: 200 },
  { route: "POST /sites/{site}/gdpr/erase", method: "POST", path: (f) => `/sites/${f.id}/gdpr/erase`, body: { email: "someone@example.com" }, ok: 200 },
];

/** The owner routes of the route table the OpenAPI document is built from, as "METHOD /sites/…" keys. */
const TABLE = OPERATIONS.filter((op) => op.access === "owner").map((op) => `${op.method.toUpperCase()} ${op.path.replace(/^\/api\/v1/, "")}`);
const OWNER_ROUTES: OwnerRoute[] = TABLE.map(
  (key) => SAMPLES.find((s) => s.route === key) ?? { route: key, method: "MISSING", path: () => "/missing", ok: 0 },
);

describe("the owner route table", () => {
  it("has a sample request here for every owner route, so a new one cannot skip this matrix", () => {
    expect(SAMPLES.map((s) => s.route).sort()).toEqual([...TABLE].sort());
  });

  it("is exactly the owner groups of the app, whose middleware checks the owner token", () => {
    const grouped = new Set(
      OWNER_GROUPS.flatMap((group) => group.routes).filter((r) => r.method !== "ALL").map((r) => `${r.method} /sites/{site}${r.path === "/" ? "" : r.path.replace(/:([A-Za-z0-9_]+)/g, "{$1}")}`),
    );
    expect([...grouped].sort()).toEqual([...TABLE].sort());
  });
});

/** The bulk body names the fixture's comment; the others are fixed. */
function bodyFor(route: OwnerRoute, f: Fixture): unknown {
  return route.route.endsWith("/bulk") ? { ids: [f.commentId], action: "spam" } : route.body;
}

interface Credential {
  who: string;
  /** Request options that carry this credential (or none). */
  auth: (f: Fixture, other: Fixture) => CallOptions;
  status: number;
  code: string;
}

const REFUSED: Credential[] = [
  { who: "no token", auth: () => ({}), status: 401, code: "UNAUTHORIZED" },
  { who: "a wrong token", auth: () => ({ token: "pt_own_thisIsNotTheTokenOfAnySite0123456789" }), status: 401, code: "UNAUTHORIZED" },
  { who: "a non-Bearer Authorization header", auth: (f) => ({ headers: { Authorization: `Basic ${f.ownerToken}` } }), status: 401, code: "UNAUTHORIZED" },
  { who: "another site's owner token", auth: (_f, other) => ({ token: other.ownerToken }), status: 403, code: "FORBIDDEN" },
  { who: "the admin token", auth: () => ({ token: ADMIN }), status: 403, code: "FORBIDDEN" },
];

/** The credentials a route refuses: all of REFUSED, but the admin token where it may act. */
const refusedBy = (route: OwnerRoute) => REFUSED.filter((c) => !(route.adminToo && c.who === "the admin token"));

/** What the owner can observe of a site, to show that a refused request changed nothing. */
async function snapshot(f: Fixture) {
  const opts = { token: f.ownerToken };
  // The thread page's form token is fresh on every read; everything else must stay the same.
  const { formToken: _formToken, ...thread } = await readThread(f.id, "story");
  return {
    site: await json(`/sites/${f.id}`, 200),
    article: await json(`/sites/${f.id}/articles/story`, 200),
    thread,
    queue: await json(`/sites/${f.id}/moderation/comments`, 200, opts),
    bans: await json(`/sites/${f.id}/bans`, 200, opts),
    audit: await json(`/sites/${f.id}/audit`, 200, opts),
  };
}

describe.each(OWNER_ROUTES)("$route", (route) => {
  it.each(refusedBy(route))("refuses $who with $status $code", async ({ auth, status, code }) => {
    const [f, other] = await Promise.all([fixture(), fixture()]);
    const res = await call(route.path(f), { method: route.method, body: bodyFor(route, f), ...auth(f, other) });
    await expectError(res, status, code);
  });

  it("changes nothing when it refuses a request", async () => {
    const [f, other] = await Promise.all([fixture(), fixture()]);
    const before = await snapshot(f);
    for (const { auth } of refusedBy(route)) {
      const res = await call(route.path(f), { method: route.method, body: bodyFor(route, f), ...auth(f, other) });
      expect(res.status).toBeGreaterThanOrEqual(400);
    }
    expect(await snapshot(f)).toEqual(before);
  });

  it(`answers the site's own owner token with ${route.ok}`, async () => {
    const f = await fixture();
    await route.setup?.(f);
    const res = await call(route.path(f), { method: route.method, body: bodyFor(route, f), token: f.ownerToken });
    const text = await res.text();
    expect(res.status, text).toBe(route.ok);
  });

  it("refuses the previous owner token after a rotation with 401", async () => {
    const f = await fixture();
    await route.setup?.(f);
    const { ownerToken } = await json<{ ownerToken: string }>(`/sites/${f.id}/token`, 200, { method: "POST", token: f.ownerToken });
    const res = await call(route.path(f), { method: route.method, body: bodyFor(route, f), token: f.ownerToken });
    await expectError(res, 401, "UNAUTHORIZED");
    const ok = await call(route.path(f), { method: route.method, body: bodyFor(route, f), token: ownerToken });
    expect(ok.status).toBe(route.ok);
  });
});

describe("sites are isolated from each other", () => {
  /** Site A with a comment and a ban, and site B with its own comment; B acts through its own routes. */
  async function twoSites() {
    const a = await fixture();
    const b = await createOwnedSite();
    const bComment = (await post(b.id, "story", { body: "B's own comment" })).comment.id as string;
    return { a, b, bComment };
  }

  it.each(["approve", "reject", "spam", "pin", "unpin", "restore"])("answers 404 COMMENT_NOT_FOUND when B tries to %s A's comment", async (action) => {
    const { a, b } = await twoSites();
    const res = await call(`/sites/${b.id}/moderation/comments/${a.commentId}/${action}`, { method: "POST", token: b.ownerToken });
    await expectError(res, 404, "COMMENT_NOT_FOUND");
    expect(idsOf((await readThread(a.id, "story")).comments)).toEqual([a.commentId]);
  });

  it("answers 404 COMMENT_NOT_FOUND when B edits or deletes A's comment, and A's comment stays as it was", async () => {
    const { a, b } = await twoSites();
    const before = (await readThread(a.id, "story")).comments;
    const edit = await call(`/sites/${b.id}/moderation/comments/${a.commentId}`, { method: "PATCH", token: b.ownerToken, body: { body: "Hijacked" } });
    await expectError(edit, 404, "COMMENT_NOT_FOUND");
    const del = await call(`/sites/${b.id}/moderation/comments/${a.commentId}`, { method: "DELETE", token: b.ownerToken });
    await expectError(del, 404, "COMMENT_NOT_FOUND");
    expect((await readThread(a.id, "story")).comments).toEqual(before);
  });

  it("never lists A's comments in B's queue, whatever the filter", async () => {
    const { a, b, bComment } = await twoSites();
    for (const query of ["", "thread=story", "q=moderate", "status=published", "author=Reader"]) {
      const page = await queue(b.id, b.ownerToken, query);
      expect(page.comments.map((c) => c.id)).not.toContain(a.commentId);
    }
    const all = await queueAll(b.id, b.ownerToken, "limit=1");
    expect(all.comments.map((c) => c.id)).toEqual([bComment]);
    expect((await queue(b.id, b.ownerToken)).counts).toMatchObject({ published: 1 });
  });

  it("reports A's ids as notFound in B's bulk action and changes nothing on A", async () => {
    const { a, b, bComment } = await twoSites();
    const result = await bulk(b.id, b.ownerToken, [a.commentId, bComment], "spam");
    expect(result.notFound).toEqual([a.commentId]);
    expect(result.updated.map((c: any) => c.id)).toEqual([bComment]);
    expect((await readThread(a.id, "story")).total).toBe(1);
    expect((await queue(a.id, a.ownerToken, "status=spam")).comments).toEqual([]);
  });

  it("does not let B ban the author of A's comment or lift A's ban", async () => {
    const { a, b } = await twoSites();
    await expectError(await call(`/sites/${b.id}/bans`, { token: b.ownerToken, body: { type: "name", commentId: a.commentId } }), 404, "COMMENT_NOT_FOUND");
    await expectError(await call(`/sites/${b.id}/bans/${a.banId}`, { method: "DELETE", token: b.ownerToken }), 404, "BAN_NOT_FOUND");
    expect((await json<any>(`/sites/${a.id}/bans`, 200, { token: a.ownerToken })).bans.map((x: any) => x.id)).toEqual([a.banId]);
    expect((await json<any>(`/sites/${b.id}/bans`, 200, { token: b.ownerToken })).bans).toEqual([]);
  });

  it("keeps bans per site: A's ban does not refuse a poster on B", async () => {
    const { a, b } = await twoSites();
    await expectError(await call(`/sites/${a.id}/threads/t/comments`, { body: { body: "Hi", authorName: "Troll" } }), 403, "BANNED");
    await post(b.id, "t", { authorName: "Troll" });
  });

  it("keeps threads per site: B locking a key of the same name leaves A's thread open", async () => {
    const { a, b } = await twoSites();
    await json(`/sites/${b.id}/threads/story`, 200, { method: "PUT", token: b.ownerToken, body: { locked: true } });
    expect((await readThread(a.id, "story")).thread.locked).toBe(false);
    await post(a.id, "story");
    expect((await readThread(b.id, "story")).thread.locked).toBe(true);
  });

  it("shows B's audit log only B's own entries", async () => {
    const { a, b, bComment } = await twoSites();
    await act(a.id, a.ownerToken, a.commentId, "pin");
    await act(b.id, b.ownerToken, bComment, "pin");
    const entries = (await json<any>(`/sites/${b.id}/audit`, 200, { token: b.ownerToken })).entries;
    expect(entries.map((e: any) => e.targetId)).toEqual([bComment]);
    const aEntries = (await json<any>(`/sites/${a.id}/audit`, 200, { token: a.ownerToken })).entries;
    expect(aEntries.map((e: any) => e.targetId)).not.toContain(bComment);
  });

  it("keeps articles per site: B cannot delete A's article by its slug", async () => {
    const { a, b } = await twoSites();
    await expectError(await call(`/sites/${b.id}/articles/story`, { method: "DELETE", token: b.ownerToken }), 404, "ARTICLE_NOT_FOUND");
    await json(`/sites/${a.id}/articles/story`, 200);
  });
});
