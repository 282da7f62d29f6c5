// The stores called directly over the real D1 and KV bindings (as Cloudflare's D1 fixtures do), beside the
// fetch-level tests: what each store function writes and reads, and that a transaction keeps its events.
import { describe, expect, it } from "vitest";
import type { DomainEvent } from "../../worker/contract/events";
import { siteSettingsSchema } from "../../worker/contract/schemas";
import { createDeps } from "../../worker/deps";
import { newEvent } from "../../worker/services/events";
import { changeOf } from "../../worker/storage/comments";
import type { CommentRecord, SiteRecord } from "../../worker/storage/types";
import { env, uniqueSiteId } from "./helpers";

const deps = () => createDeps(env);

async function newSite(): Promise<SiteRecord> {
  const now = Date.now();
  const site: SiteRecord = {
    id: uniqueSiteId("store"),
    name: "Store test",
    ownerTokenHash: "0".repeat(64),
    settings: siteSettingsSchema.parse({ origins: [] }),
    createdAt: now,
    updatedAt: now,
  };
  expect(await deps().stores.sites.insert(site)).toBe(true);
  return site;
}

let n = 0;
function comment(site: string, thread: string, patch: Partial<CommentRecord> = {}): CommentRecord {
  n += 1;
  const at = Date.now() + n;
  return {
    id: `c${n}${Math.random().toString(36).slice(2, 10)}`,
    siteId: site,
    threadKey: thread,
    parentId: null,
    rootId: null,
    depth: 0,
    authorName: "Reader",
    emailHint: null,
    bodySource: `Text ${n}`,
    bodyTree: [{ t: "p", c: [{ t: "text", v: `Text ${n}` }] }],
    rendererVersion: 1,
    status: "published",
    editTokenHash: "f".repeat(64),
    idempotencyKey: null,
    createdAt: at,
    updatedAt: at,
    pinned: false,
    editedBy: null,
    shadow: false,
    statusBeforeDelete: null,
    ipHash: "iphash",
    emailHash: null,
    formNonce: null,
    moderationReason: null,
    votes: 0,
    ...patch,
  };
}

const created = (d: ReturnType<typeof deps>, c: CommentRecord): DomainEvent =>
  newEvent(d, c.siteId, "comment.created", { kind: "author" }, { thread: c.threadKey, commentId: c.id, comment: {} as never });

describe("the site store", () => {
  it("inserts a site once and refuses the same id again", async () => {
    const site = await newSite();
    expect(await deps().stores.sites.insert(site)).toBe(false);
    expect(await deps().stores.sites.get(site.id)).toEqual(site);
  });

  it("commits an update only through commit(), together with its events", async () => {
    const d = deps();
    const site = await newSite();
    const write = d.stores.sites.update(site.id, { name: "Renamed", settings: {} }, site.updatedAt + 1);
    expect((await d.stores.sites.get(site.id))?.name).toBe("Store test");
    await d.stores.commit([write], [newEvent(d, site, "site.updated", { kind: "system" }, { fields: ["name"] })]);
    expect((await d.stores.sites.get(site.id))?.name).toBe("Renamed");
    expect((await d.stores.outbox.listBySite(site.id, 10)).map((s) => s.event.type)).toEqual(["site.updated"]);
    expect(d.committed.map((e) => e.type)).toEqual(["site.updated"]);
  });
});

describe("commit()", () => {
  it("writes nothing, events included, when one write of the transaction fails", async () => {
    const d = deps();
    const site = await newSite();
    const entry = { id: `${site.id}-1`, actor: "system", action: "site.update", targetType: "site" as const, targetId: site.id, before: null, after: null, createdAt: 1 };
    await d.stores.commit([d.stores.audit.add(site.id, entry)], []);
    const event = newEvent(d, site, "site.updated", { kind: "system" }, { fields: ["name"] });
    // The second insert reuses the first entry's id: the whole batch rolls back.
    await expect(d.stores.commit([d.stores.audit.add(site.id, { ...entry, id: `${site.id}-2` }), d.stores.audit.add(site.id, entry)], [event])).rejects.toThrow();
    expect((await d.stores.audit.list(site.id, null, 10)).map((e) => e.id)).toEqual([entry.id]);
    expect(await d.stores.outbox.listBySite(site.id, 10)).toEqual([]);
    expect(d.committed).toEqual([]);
  });
});

describe("the comment store", () => {
  it("inserts a comment with its event and counts it in its thread", async () => {
    const d = deps();
    const site = await newSite();
    const c = comment(site.id, "t");
    expect(await d.stores.comments.insert(c, { events: [created(d, c)] })).toEqual({ inserted: true, counts: [] });
    expect(await d.stores.comments.get(site.id, c.id)).toEqual({ ...c, treeBytes: JSON.stringify(c.bodyTree).length });
    expect((await d.stores.threads.get(site.id, "t")).commentCount).toBe(1);
    expect((await d.stores.outbox.listBySite(site.id, 10)).map((s) => s.event.data)).toMatchObject([{ commentId: c.id }]);
  });

  it("refuses a comment past its rate limit inside the same transaction, and writes no event for it", async () => {
    const d = deps();
    const site = await newSite();
    const rateLimits = { checks: [{ key: "r:reader", limit: 1 }], window: 42 };
    const first = comment(site.id, "t");
    const second = comment(site.id, "t");
    expect(await d.stores.comments.insert(first, { rateLimits, events: [created(d, first)] })).toEqual({ inserted: true, counts: [1] });
    expect(await d.stores.comments.insert(second, { rateLimits, events: [created(d, second)] })).toEqual({ inserted: false, counts: [2] });
    expect(await d.stores.comments.get(site.id, second.id)).toBeNull();
    expect((await d.stores.threads.get(site.id, "t")).commentCount).toBe(1);
    expect((await d.stores.outbox.listBySite(site.id, 10)).map((s) => s.event.data)).toMatchObject([{ commentId: first.id }]);
    expect(d.committed).toHaveLength(1);
  });

  it("inserts without any rate limit when none is asked for (an importer)", async () => {
    const d = deps();
    const site = await newSite();
    for (let i = 0; i < 3; i += 1) {
      const c = comment(site.id, "imported");
      expect((await d.stores.comments.insert(c, { events: [] })).inserted).toBe(true);
    }
    expect((await d.stores.threads.get(site.id, "imported")).commentCount).toBe(3);
  });

  it("applies a change and recounts the thread as one write", async () => {
    const d = deps();
    const site = await newSite();
    const c = comment(site.id, "t");
    await d.stores.comments.insert(c, { events: [] });
    await d.stores.commit([d.stores.comments.applyChanges(site.id, [{ ...changeOf(c), status: "rejected" }], ["t"], Date.now())], []);
    expect((await d.stores.comments.get(site.id, c.id))?.status).toBe("rejected");
    expect((await d.stores.threads.get(site.id, "t")).commentCount).toBe(0);
    expect(await d.stores.comments.countByStatus(site.id)).toMatchObject({ rejected: 1, published: 0 });
  });
});

describe("the vote store", () => {
  it("announces a vote only when it really changes", async () => {
    const d = deps();
    const site = await newSite();
    const c = comment(site.id, "t");
    await d.stores.comments.insert(c, { events: [] });
    const vote = (up: boolean) => ({ commentId: c.id, readerHash: "reader", ipHash: null, up, at: Date.now() });
    const changed = (up: boolean) => [newEvent(d, site, "vote.changed", { kind: "reader" }, { thread: "t", commentId: c.id, up })];
    expect(await d.stores.votes.set(site.id, vote(true), changed(true))).toEqual({ votes: 1, voted: true, changed: true });
    expect(await d.stores.votes.set(site.id, vote(true), changed(true))).toEqual({ votes: 1, voted: true, changed: false });
    expect(await d.stores.votes.set(site.id, vote(false), changed(false))).toEqual({ votes: 0, voted: false, changed: true });
    expect(await d.stores.votes.set(site.id, vote(false), changed(false))).toEqual({ votes: 0, voted: false, changed: false });
    const events = await d.stores.outbox.listBySite(site.id, 10);
    expect(events.map((s) => (s.event.data as { up: boolean }).up)).toEqual([true, false]);
  });
});

describe("the outbox store", () => {
  it("leases a claimed event so that a concurrent run does not claim it too", async () => {
    const d = deps();
    const site = uniqueSiteId("lease");
    const event = newEvent(d, site, "ban.deleted", { kind: "system" }, { banId: "b" });
    await d.stores.commit([], [event]);
    const later = Date.now() + 60_000;
    const first = await d.stores.outbox.claimDue(later, later + 30_000, 1000);
    expect(first.map((s) => s.event.id)).toContain(event.id);
    const second = await d.stores.outbox.claimDue(later, later + 30_000, 1000);
    expect(second.map((s) => s.event.id)).not.toContain(event.id);
    await d.stores.outbox.record([{ siteId: site, id: event.id, handled: ["x"], doneAt: later, error: null, nextAttemptAt: later }]);
    expect((await d.stores.outbox.listBySite(site, 10))[0]).toMatchObject({ handled: ["x"], attempts: 1, doneAt: later });
    expect(await d.stores.outbox.pruneDone(later + 1, 1000)).toBeGreaterThanOrEqual(1);
    expect(await d.stores.outbox.listBySite(site, 10)).toEqual([]);
  });
});

describe("the article store", () => {
  it("keeps the document in KV and the listing row in D1, and announces both writes", async () => {
    const d = deps();
    const site = await newSite();
    const article = { slug: "a", title: "A", author: null, publishedAt: 5, image: null, links: [], source: "x", tree: [], rendererVersion: 1, updatedAt: 6 };
    await d.stores.articles.put(site.id, article, [], [newEvent(d, site, "article.published", { kind: "system" }, { thread: "a", slug: "a", title: "A", publishedAt: "x", created: true })]);
    expect(await d.stores.articles.get(site.id, "a")).toEqual(article);
    expect(await d.stores.articles.list(site.id, null, 10)).toEqual([{ slug: "a", title: "A", author: null, publishedAt: 5, image: null }]);
    expect((await d.stores.threads.get(site.id, "a")).openedAt).toBe(5);
    await d.stores.articles.delete(site.id, "a", [], [newEvent(d, site, "article.deleted", { kind: "system" }, { thread: "a", slug: "a" })]);
    expect(await d.stores.articles.get(site.id, "a")).toBeNull();
    expect(await d.stores.articles.list(site.id, null, 10)).toEqual([]);
    expect((await d.stores.outbox.listBySite(site.id, 10)).map((s) => s.event.type)).toEqual(["article.published", "article.deleted"]);
  });
});
