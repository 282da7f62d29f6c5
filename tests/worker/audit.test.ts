import { describe, expect, it } from "vitest";
import { call, json, sha256Hex } from "./helpers";
import { act, bulk, createOwnedSite, post, remove, tick } from "./owner-helpers";
import type { AuditEntry as Entry } from "../../worker/contract/types";


/** The whole audit log of a site, newest first, as raw text and parsed, followed through every cursor. */
async function readAudit(site: string, token: string, limit = 100): Promise<{ entries: Entry[]; pages: number; raw: string }> {
  const entries: Entry[] = [];
  let raw = "";
  let pages = 0;
  let cursor: string | null = null;
  do {
    const res = await call(`/sites/${site}/audit?limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`, { token });
    const text = await res.text();
    expect(res.status, text).toBe(200);
    const page = JSON.parse(text) as { entries: Entry[]; nextCursor: string | null };
    raw += text;
    entries.push(...page.entries);
    cursor = page.nextCursor;
    pages += 1;
  } while (cursor && pages < 50);
  return { entries, pages, raw };
}

/** The audit actor for a token: its role and the first 12 hex digits of its SHA-256. */
async function actorOf(token: string): Promise<string> {
  return `owner:${(await sha256Hex(token)).slice(0, 12)}`;
}

/** Runs every kind of owner write once, a few milliseconds apart, and returns what the log should say, oldest first. */
async function everyAction() {
  const site = await createOwnedSite();
  const token = site.ownerToken;
  const actor = await actorOf(token);
  const expected: Omit<Entry, "id" | "createdAt">[] = [];
  const step = async (run: () => Promise<unknown>, entry: Omit<Entry, "id" | "createdAt" | "actor">, by = actor) => {
    await run();
    expected.push({ actor: by, ...entry });
    await tick();
  };

  await step(() => json(`/sites/${site.id}`, 200, { method: "PATCH", token, body: { moderation: "pre", editWindowMinutes: 30 } }), {
    action: "site.update",
    targetType: "site",
    targetId: site.id,
    before: { moderation: "post", editWindowMinutes: 15 },
    after: { moderation: "pre", editWindowMinutes: 30 },
  });
  const { comment } = await post(site.id, "audited", { body: "Original text" });
  const c = comment.id;
  const status = (from: string, to: string, pinnedBefore = false, pinnedAfter = false) => ({
    before: { status: from, pinned: pinnedBefore },
    after: { status: to, pinned: pinnedAfter },
  });
  const onComment = { targetType: "comment", targetId: c };
  await step(() => act(site.id, token, c, "approve"), { action: "comment.approve", ...onComment, ...status("pending", "published") });
  await step(() => act(site.id, token, c, "pin"), { action: "comment.pin", ...onComment, ...status("published", "published", false, true) });
  await step(() => act(site.id, token, c, "unpin"), { action: "comment.unpin", ...onComment, ...status("published", "published", true, false) });
  await step(() => act(site.id, token, c, "reject"), { action: "comment.reject", ...onComment, ...status("published", "rejected") });
  await step(() => act(site.id, token, c, "spam"), { action: "comment.spam", ...onComment, ...status("rejected", "spam") });
  await step(() => remove(site.id, token, c), { action: "comment.delete", ...onComment, ...status("spam", "deleted") });
  await step(() => act(site.id, token, c, "restore"), { action: "comment.restore", ...onComment, ...status("deleted", "spam") });
  await step(
    () => json(`/sites/${site.id}/moderation/comments/${c}`, 200, { method: "PATCH", token, body: { body: "Cleaned text" } }),
    { action: "comment.edit", ...onComment, before: { body: "Original text" }, after: { body: "Cleaned text" } },
  );
  await step(() => json(`/sites/${site.id}/threads/audited`, 200, { method: "PUT", token, body: { locked: true } }), {
    action: "thread.lock",
    targetType: "thread",
    targetId: "audited",
    before: { locked: false },
    after: { locked: true },
  });
  await step(() => json(`/sites/${site.id}/threads/audited`, 200, { method: "PUT", token, body: { locked: false } }), {
    action: "thread.unlock",
    targetType: "thread",
    targetId: "audited",
    before: { locked: true },
    after: { locked: false },
  });
  const created = (await json<{ ban: any }>(`/sites/${site.id}/bans`, 201, { token, body: { type: "name", value: "Troll", reason: "Spam" } })).ban;
  expected.push({ actor, action: "ban.create", targetType: "ban", targetId: created.id, before: null, after: created });
  await tick();
  await step(() => call(`/sites/${site.id}/bans/${created.id}`, { method: "DELETE", token }), {
    action: "ban.delete",
    targetType: "ban",
    targetId: created.id,
    before: created,
    after: null,
  });
  const rotated = (await json<{ ownerToken: string }>(`/sites/${site.id}/token`, 200, { method: "POST", token })).ownerToken;
  expected.push({ actor, action: "token.rotate", targetType: "token", targetId: site.id, before: null, after: null });
  await tick();
  const newActor = await actorOf(rotated);
  await step(
    () => json(`/sites/${site.id}`, 200, { method: "PATCH", token: rotated, body: { name: "Renamed" } }),
    { action: "site.update", targetType: "site", targetId: site.id, before: { name: `Site ${site.id}` }, after: { name: "Renamed" } },
    newActor,
  );
  return { site, token, rotated, actor, newActor, expected };
}

describe("the audit log", () => {
  it("records every owner write with actor, action, target, before and after, newest first", async () => {
    const { site, rotated, expected } = await everyAction();
    const { entries } = await readAudit(site.id, rotated);
    expect(entries.map(({ id: _id, createdAt: _at, ...rest }) => rest)).toEqual([...expected].reverse());
  });

  it("gives every entry an id and an ISO time, newest first", async () => {
    const { site, rotated } = await everyAction();
    const { entries } = await readAudit(site.id, rotated);
    expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
    for (const e of entries) {
      expect(e.id).toMatch(/^[A-Za-z0-9_-]{8,40}$/);
      expect(new Date(e.createdAt).toISOString()).toBe(e.createdAt);
    }
    const times = entries.map((e) => Date.parse(e.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it("names the actor by a token id, never by the token", async () => {
    const { site, token, rotated, actor, newActor } = await everyAction();
    const { entries, raw } = await readAudit(site.id, rotated);
    expect(actor).toMatch(/^owner:[0-9a-f]{12}$/);
    expect(newActor).not.toBe(actor);
    expect(new Set(entries.map((e) => e.actor))).toEqual(new Set([actor, newActor]));
    for (const secret of [token, rotated, await sha256Hex(token), await sha256Hex(rotated)]) {
      expect(raw).not.toContain(secret);
    }
    expect(raw).not.toContain("pt_own_");
  });

  it("pages through the log with the cursor without gaps or repeats", async () => {
    const { site, rotated } = await everyAction();
    const whole = await readAudit(site.id, rotated);
    const paged = await readAudit(site.id, rotated, 4);
    expect(paged.pages).toBe(Math.ceil(whole.entries.length / 4));
    expect(paged.entries.map((e) => e.id)).toEqual(whole.entries.map((e) => e.id));
  });

  it("writes one entry per comment a bulk action changed, and none for the others", async () => {
    const site = await createOwnedSite();
    const a = (await post(site.id, "t")).comment.id;
    const b = (await post(site.id, "t")).comment.id;
    const c = (await post(site.id, "t")).comment.id;
    await act(site.id, site.ownerToken, c, "spam");
    await tick();
    await bulk(site.id, site.ownerToken, [a, b, c, "unknownComment1"], "spam");
    const { entries } = await readAudit(site.id, site.ownerToken);
    const bulkEntries = entries.filter((e) => e.targetId !== c);
    expect(bulkEntries).toHaveLength(2);
    expect(new Set(bulkEntries.map((e) => e.targetId))).toEqual(new Set([a, b]));
    for (const e of bulkEntries) {
      expect(e).toMatchObject({
        actor: await actorOf(site.ownerToken),
        action: "comment.spam",
        targetType: "comment",
        before: { status: "published", pinned: false },
        after: { status: "spam", pinned: false },
      });
    }
    expect(entries.filter((e) => e.targetId === c)).toHaveLength(1);
  });

  it("writes nothing for an action that changed nothing or was refused", async () => {
    const site = await createOwnedSite();
    const { comment } = await post(site.id, "t");
    await act(site.id, site.ownerToken, comment.id, "approve");
    await act(site.id, site.ownerToken, comment.id, "unpin");
    await act(site.id, site.ownerToken, comment.id, "restore");
    await call(`/sites/${site.id}/moderation/comments/${comment.id}/reject`, { method: "POST", token: "pt_own_not-the-token" });
    await call(`/sites/${site.id}/moderation/comments/${comment.id}/reject`, { method: "POST" });
    await call(`/sites/${site.id}/bans`, { token: site.ownerToken, body: { type: "email", value: "nope" } });
    await call(`/sites/${site.id}/bans/unknownBan1234`, { method: "DELETE", token: site.ownerToken });
    expect((await readAudit(site.id, site.ownerToken)).entries).toEqual([]);
  });

  it("writes nothing for a settings change that sets what the site already has, and only what changed for the rest", async () => {
    const site = await createOwnedSite();
    const token = site.ownerToken;
    const now = await json<{ site: Record<string, any> }>(`/sites/${site.id}/settings`, 200, { token });
    const { name, settings } = now.site;
    const { moderation, rateLimits } = settings;
    // The same values, the nested object's keys in another order.
    const reordered = Object.fromEntries(Object.entries(rateLimits as Record<string, number>).reverse());
    const same = await json<{ site: Record<string, any> }>(`/sites/${site.id}`, 200, { method: "PATCH", token, body: { moderation, rateLimits: reordered, name } });
    expect(same.site).toEqual(now.site);
    expect((await readAudit(site.id, token)).entries).toEqual([]);
    await json(`/sites/${site.id}`, 200, { method: "PATCH", token, body: { moderation, name: "Renamed" } });
    const { entries } = await readAudit(site.id, token);
    expect(entries.map((e) => [e.action, e.before, e.after])).toEqual([["site.update", { name }, { name: "Renamed" }]]);
  });

  it("answers 400 for a forged cursor or a bad limit", async () => {
    const site = await createOwnedSite();
    for (const query of ["cursor=forged", "limit=0", "limit=101", "order=asc"]) {
      const res = await call(`/sites/${site.id}/audit?${query}`, { token: site.ownerToken });
      expect(res.status, query).toBe(400);
    }
  });
});
