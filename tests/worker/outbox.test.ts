import { describe, expect, it } from "vitest";
import { COMMENT_EVENT_TYPES, EVENT_TYPES, type DomainEvent } from "../../worker/contract/events";
import { WEBHOOK_EVENTS } from "../../worker/contract/notifications";
import { createDeps } from "../../worker/deps";
import { newEvent } from "../../worker/services/events";
import { redeliver, REDELIVERY_BATCH } from "../../worker/subscribers/dispatcher";
import { SUBSCRIBERS, type Subscriber } from "../../worker/subscribers";
import { call, callSettled, createSite, env, expectError, json, runCron, threadPath, uniqueSiteId } from "./helpers";
import { act, post, readThread } from "./owner-helpers";

const stores = () => createDeps(env).stores;
const eventsOf = async (site: string) => (await stores().outbox.listBySite(site, 500)).map((s) => s.event);
const typesOf = async (site: string) => (await eventsOf(site)).map((e) => e.type);

describe("the outbox", () => {
  it("gives a held comment's reason as its code, as the API's reason does, without the blocked word", async () => {
    const site = await createSite({ blockedWords: ["casino"] });
    await post(site.id, "story", { body: "The casino down the road" });
    const [event] = await eventsOf(site.id);
    expect(event).toMatchObject({ type: "comment.pending", data: { comment: { status: "pending", reason: "blocked-word" } } });
  });

  it("holds one event per committed write, each with a stable versioned shape", async () => {
    const site = await createSite();
    const { comment, editToken } = await post(site.id, "story", { authorEmail: "reader@example.com" });
    await act(site.id, site.ownerToken, comment.id, "pin");
    await json(`/sites/${site.id}/comments/${comment.id}`, 200, { method: "PATCH", token: editToken, body: { body: "Edited text" } });
    await json(`/sites/${site.id}/comments/${comment.id}/votes`, 200, { body: { readerKey: "reader-key-0123456789abcdef", up: true } });
    await json(`/sites/${site.id}/threads/story`, 200, { method: "PUT", token: site.ownerToken, body: { locked: true } });
    await json(`/sites/${site.id}/articles/story`, 201, { method: "PUT", token: site.ownerToken, body: { title: "Story", body: "Text." } });
    const { ban } = await json(`/sites/${site.id}/bans`, 201, { token: site.ownerToken, body: { type: "name", value: "Troll" } });
    await call(`/sites/${site.id}/bans/${ban.id}`, { method: "DELETE", token: site.ownerToken });
    await json(`/sites/${site.id}`, 200, { method: "PATCH", token: site.ownerToken, body: { editWindowMinutes: 30 } });
    await json(`/sites/${site.id}/moderation/comments/${comment.id}`, 200, { method: "DELETE", token: site.ownerToken });
    await call(`/sites/${site.id}/articles/story`, { method: "DELETE", token: site.ownerToken });

    expect(await typesOf(site.id)).toEqual([
      "comment.created",
      "comment.pinned",
      "comment.edited",
      "vote.changed",
      "thread.locked",
      "article.published",
      "ban.created",
      "ban.deleted",
      "site.updated",
      "comment.deleted",
      "article.deleted",
    ]);
    const events = await eventsOf(site.id);
    for (const event of events) {
      expect(event).toMatchObject({ id: expect.stringMatching(/^ev_/), version: 1, site: site.id, occurredAt: expect.any(String) });
      expect(Object.keys(event).sort()).toEqual(["actor", "data", "id", "occurredAt", "site", "type", "version"]);
    }
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    const created = events[0] as Extract<DomainEvent, { type: "comment.created" }>;
    expect(created.actor).toEqual({ kind: "author" });
    expect(created.data).toMatchObject({ thread: "story", commentId: comment.id, comment: { id: comment.id, status: "published", authorName: "Reader" } });
    expect(events[1]).toMatchObject({ actor: { kind: "owner", id: expect.stringMatching(/^owner:/) }, data: { pinned: true } });
    expect(events.find((e) => e.type === "site.updated")?.data).toEqual({ fields: ["editWindowMinutes"] });
    // Subscribers and webhooks never receive an e-mail address, a hash or a token.
    const text = JSON.stringify(events);
    expect(text).not.toContain("reader@example.com");
    expect(text).not.toContain(editToken);
    expect(text).not.toContain(site.ownerToken);
  });

  it("announces a held comment as pending, and the owner's approval", async () => {
    const site = await createSite({ moderation: "pre" });
    const { comment } = await post(site.id, "held");
    await act(site.id, site.ownerToken, comment.id, "approve");
    await act(site.id, site.ownerToken, comment.id, "approve");
    const events = await eventsOf(site.id);
    expect(events.map((e) => e.type)).toEqual(["comment.pending", "comment.approved"]);
    expect(events[1].data).toMatchObject({ previousStatus: "pending", comment: { status: "published" } });
  });

  it("writes no event for a refused or unchanged write", async () => {
    const site = await createSite({ rateLimits: { readerPerMinute: 1, threadPerMinute: 0, sitePerMinute: 0 } });
    const first = await post(site.id, "t", { ip: "203.0.113.7" });
    const limited = await call(threadPath(site.id, "t"), { method: "POST", headers: { "CF-Connecting-IP": "203.0.113.7" }, body: { body: "Again", authorName: "Reader" } });
    await expectError(limited, 429, "RATE_LIMITED");
    await expectError(await call(`/sites/${site.id}/moderation/comments/${first.comment.id}/spam`, { method: "POST" }), 401, "UNAUTHORIZED");
    await expectError(await call(`/sites/${site.id}/articles/nothing`, { method: "DELETE", token: site.ownerToken }), 404, "ARTICLE_NOT_FOUND");
    const vote = { readerKey: "reader-key-0123456789abcdef", up: false };
    await json(`/sites/${site.id}/comments/${first.comment.id}/votes`, 200, { body: vote });
    await act(site.id, site.ownerToken, first.comment.id, "unpin");
    expect(await typesOf(site.id)).toEqual(["comment.created"]);
  });

  it("marks an event done once every subscriber handled it", async () => {
    const site = await createSite();
    const res = await callSettled(threadPath(site.id, "t"), { body: { body: "Hello", authorName: "Reader" } });
    expect(res.status).toBe(201);
    const [stored] = await stores().outbox.listBySite(site.id, 10);
    expect(stored).toMatchObject({ handled: ["cache-invalidation", "notifications"], attempts: 1, lastError: null, doneAt: expect.any(Number) });
  });

  it("delivers an event after a crash between commit and dispatch, through the cron handler", async () => {
    const site = await createSite();
    expect((await readThread(site.id, "t")).total).toBe(0);
    const res = await callSettled(threadPath(site.id, "t"), { body: { body: "Written, never dispatched", authorName: "Reader" }, dispatchEvents: false });
    expect(res.status).toBe(201);
    const [pending] = await stores().outbox.listBySite(site.id, 10);
    expect(pending).toMatchObject({ handled: [], attempts: 0, doneAt: null });
    // Without its cache invalidation the cached page still shows the thread as it was.
    expect((await readThread(site.id, "t")).total).toBe(0);

    await runCron(Date.now() + 60_000);
    const [delivered] = await stores().outbox.listBySite(site.id, 10);
    expect(delivered).toMatchObject({ handled: ["cache-invalidation", "notifications"], attempts: 1, doneAt: expect.any(Number) });
    expect((await readThread(site.id, "t")).total).toBe(1);
    // A later run finds nothing left to do for it.
    await runCron(Date.now() + 120_000);
    expect((await stores().outbox.listBySite(site.id, 10))[0].attempts).toBe(1);
  });

  it("leaves an event the dispatcher holds to the dispatcher until its lease ends", async () => {
    const site = await createSite();
    await callSettled(threadPath(site.id, "t"), { body: { body: "Leased", authorName: "Reader" }, dispatchEvents: false });
    await runCron(Date.now());
    expect((await stores().outbox.listBySite(site.id, 10))[0]).toMatchObject({ attempts: 0, doneAt: null });
  });
});

describe("the dispatcher", () => {
  /** A subscriber that fails its first `failures` calls, counting every call. */
  function flaky(failures: number): Subscriber & { calls: number } {
    const s = {
      name: "flaky",
      on: ["ban.created"] as const,
      calls: 0,
      async handle() {
        s.calls += 1;
        if (s.calls <= failures) throw new Error("receiver is down");
      },
    };
    return s;
  }
  const counting = () => {
    const s = { name: "counting", on: ["ban.created"] as const, calls: 0, async handle() { s.calls += 1; } };
    return s;
  };

  it("retries a failing subscriber with the attempts counted, without repeating the ones that succeeded", async () => {
    const deps = createDeps(env);
    const site = uniqueSiteId("dispatch");
    const event = newEvent(deps, site, "ban.created", { kind: "system" }, { banId: "b1", type: "name", mode: "visible", expiresAt: null });
    await deps.stores.commit([], [event]);
    const bad = flaky(2);
    const good = counting();
    const start = Date.now() + 60_000;

    expect(await redeliver(deps, start, [good, bad])).toMatchObject({ failed: 1 });
    let [stored] = await deps.stores.outbox.listBySite(site, 10);
    expect(stored).toMatchObject({ handled: ["counting"], attempts: 1, doneAt: null, lastError: expect.stringContaining("receiver is down") });

    // Not due again at once: it backs off.
    await redeliver(deps, start, [good, bad]);
    expect(bad.calls).toBe(1);
    await redeliver(deps, start + 3_600_000, [good, bad]);
    await redeliver(deps, start + 7_200_000, [good, bad]);
    [stored] = await deps.stores.outbox.listBySite(site, 10);
    expect(stored).toMatchObject({ handled: ["counting", "flaky"], attempts: 3, doneAt: expect.any(Number), lastError: null });
    expect(good.calls).toBe(1);
    expect(bad.calls).toBe(3);
  });

  it("takes a bounded number of events per run and loses none", async () => {
    const deps = createDeps(env);
    const site = uniqueSiteId("backlog");
    const total = REDELIVERY_BATCH + 5;
    const events = Array.from({ length: total }, () => newEvent(deps, site, "ban.deleted", { kind: "system" }, { banId: "b" }));
    await deps.stores.commit([], events);
    const seen: string[] = [];
    const recorder: Subscriber = { name: "recorder", on: ["ban.deleted"], handle: async (e) => void (e.site === site && seen.push(e.id)) };
    const later = Date.now() + 60_000;
    await redeliver(deps, later, [recorder]);
    expect(seen.length).toBeLessThanOrEqual(REDELIVERY_BATCH);
    for (let run = 0; run < 5 && seen.length < total; run += 1) await redeliver(deps, later, [recorder]);
    expect(seen.sort()).toEqual(events.map((e) => e.id).sort());
    expect((await deps.stores.outbox.listBySite(site, 500)).every((s) => s.doneAt !== null)).toBe(true);
  });

  it("hands a subscriber with handleMany all the events it wants at once, and records each, a failure on all of them", async () => {
    const deps = createDeps(env);
    const site = uniqueSiteId("many");
    const events = Array.from({ length: 5 }, () => newEvent(deps, site, "ban.deleted", { kind: "system" }, { banId: "b" }));
    await deps.stores.commit([], events);
    const calls: number[] = [];
    let fail = true;
    const batched: Subscriber = {
      name: "batched",
      on: ["ban.deleted"],
      handle: async () => void calls.push(1),
      handleMany: async (list) => {
        calls.push(list.filter((e) => e.site === site).length);
        if (fail) throw new Error("down for all");
      },
    };
    const later = Date.now() + 60_000;
    await redeliver(deps, later, [batched]);
    expect(calls).toEqual([5]);
    expect((await deps.stores.outbox.listBySite(site, 10)).map((s) => [s.attempts, s.lastError])).toEqual(Array(5).fill([1, "batched: down for all"]));
    fail = false;
    await redeliver(deps, later + 3_600_000, [batched]);
    expect(calls).toEqual([5, 5]);
    expect((await deps.stores.outbox.listBySite(site, 10)).every((s) => s.doneAt !== null && s.handled.includes("batched"))).toBe(true);
  });

  it("registers the cache invalidation as the first subscriber", () => {
    expect(SUBSCRIBERS.map((s) => s.name)).toContain("cache-invalidation");
  });

  it("takes every subscriber's event list from the one list of event types", () => {
    expect(new Set(EVENT_TYPES).size).toBe(EVENT_TYPES.length);
    expect(EVENT_TYPES.filter((t) => t.startsWith("comment."))).toEqual([...COMMENT_EVENT_TYPES]);
    expect(WEBHOOK_EVENTS).toBe(COMMENT_EVENT_TYPES);
    const on = (name: string) => SUBSCRIBERS.find((s) => s.name === name)!.on;
    // The cache reacts to everything a reader can see change; bans change no public document.
    expect(on("cache-invalidation")).toEqual(EVENT_TYPES.filter((t) => !t.startsWith("ban.")));
    expect(on("notifications")).toEqual(COMMENT_EVENT_TYPES);
  });
});
