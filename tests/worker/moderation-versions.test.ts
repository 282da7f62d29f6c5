// A moderation action sent with the version the moderator saw is refused when the comment changed since: a reader's
// edit or another moderator's action in between must not be approved (or undone) blind.
import { describe, expect, it } from "vitest";
import { createDeps } from "../../worker/deps";
import { call, env, expectInvalid, json } from "./helpers";
import { createOwnedSite, post, queueEntry, tick } from "./owner-helpers";

const SPAM = "EDITED: buy cheap pills at http://spam.example — ＣＨＥＡＰ 💊 <b>now</b>";

const typesOf = async (site: string) => (await createDeps(env).stores.outbox.listBySite(site, 500)).map((s) => s.event.type);

async function auditActions(site: string, token: string): Promise<string[]> {
  const { entries } = await json<{ entries: { action: string; targetId: string }[] }>(`/sites/${site}/audit?limit=100`, 200, { token });
  return entries.map((e) => `${e.action} ${e.targetId}`);
}

/** A pre-moderated site with one pending comment, as the moderator loaded it (with its version). */
async function heldComment(body = "Original harmless text\n\n— Jörg, from a café in Zürich") {
  const site = await createOwnedSite({ moderation: "pre" });
  const { comment, editToken } = await post(site.id, "/2026/05/pills-and-posts/", { body, authorName: "Jörg" });
  const seen = await queueEntry(site.id, site.ownerToken, comment.id);
  // The next write must get a later timestamp than the one the moderator saw.
  await tick();
  return { site, token: site.ownerToken, id: comment.id as string, editToken, seen };
}

const readerEdits = (site: string, id: string, editToken: string, body = SPAM) =>
  json(`/sites/${site}/comments/${id}`, 200, { method: "PATCH", token: editToken, body: { body } });

/** Asserts a 409 COMMENT_CHANGED that carries the comment as it is now, and returns both. */
async function expectChanged(res: Response): Promise<{ error: { code: string; message: string }; comment: any }> {
  const text = await res.text();
  expect(res.status, text).toBe(409);
  const body = JSON.parse(text);
  expect(Object.keys(body).sort()).toEqual(["comment", "error"]);
  expect(body.error.code).toBe("COMMENT_CHANGED");
  return body;
}

const approveSeen = (site: string, token: string, id: string, version: string) =>
  call(`/sites/${site}/moderation/comments/${id}/approve?version=${encodeURIComponent(version)}`, { method: "POST", token });

describe("a moderation action with the version the moderator saw", () => {
  it("gives each queued comment a version", async () => {
    const { seen } = await heldComment();
    expect(seen.version).toMatch(/^pending\.[0-9a-z]+$/);
  });

  it("refuses to approve a comment the reader edited since: 409 COMMENT_CHANGED with the comment as it is now, nothing published", async () => {
    const { site, token, id, editToken, seen } = await heldComment();
    await readerEdits(site.id, id, editToken);
    const eventsBefore = await typesOf(site.id);

    const { error, comment } = await expectChanged(await approveSeen(site.id, token, id, seen.version));
    expect(error.message).toMatch(/changed/);
    expect(comment).toMatchObject({ id, status: "pending", source: SPAM, editedBy: "author" });
    expect(comment.version).not.toBe(seen.version);

    expect((await queueEntry(site.id, token, id)).status).toBe("pending");
    expect(await typesOf(site.id)).toEqual(eventsBefore);
    expect(await auditActions(site.id, token)).not.toContain(`comment.approve ${id}`);
  });

  it("approves with the version it has now, once the moderator has seen the edit", async () => {
    const { site, token, id, editToken } = await heldComment();
    await readerEdits(site.id, id, editToken);
    const now = await queueEntry(site.id, token, id);
    const res = await approveSeen(site.id, token, id, now.version);
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).comment).toMatchObject({ id, status: "published", source: SPAM });
    expect(await auditActions(site.id, token)).toContain(`comment.approve ${id}`);
  });

  it("refuses to approve a comment another tab deleted since, and leaves it deleted", async () => {
    const { site, token, id, seen } = await heldComment();
    // Tab A deletes with the same version: nothing changed since it loaded, so it applies.
    const deleted = await json(`/sites/${site.id}/moderation/comments/${id}?version=${seen.version}`, 200, { method: "DELETE", token });
    expect(deleted.comment.status).toBe("deleted");
    const eventsBefore = await typesOf(site.id);

    // Tab B still shows it pending.
    const { comment } = await expectChanged(await approveSeen(site.id, token, id, seen.version));
    expect(comment).toMatchObject({ id, status: "deleted" });
    expect((await queueEntry(site.id, token, id)).status).toBe("deleted");
    expect(await typesOf(site.id)).toEqual(eventsBefore);
    expect(await auditActions(site.id, token)).not.toContain(`comment.approve ${id}`);
  });

  it("acts as before without a version: scripts and the CLI are not asked for one", async () => {
    const { site, token, id, editToken } = await heldComment();
    await readerEdits(site.id, id, editToken);
    const { comment } = await json(`/sites/${site.id}/moderation/comments/${id}/approve`, 200, { method: "POST", token });
    expect(comment).toMatchObject({ status: "published", source: SPAM });
  });

  it("keeps the version through a pin: pinning is not a change to check again", async () => {
    const { site, token, id, seen } = await heldComment();
    const { comment: approved } = await json(`/sites/${site.id}/moderation/comments/${id}/approve?version=${seen.version}`, 200, { method: "POST", token });
    await tick();
    await json(`/sites/${site.id}/moderation/comments/${id}/pin?version=${approved.version}`, 200, { method: "POST", token });
    const res = await call(`/sites/${site.id}/moderation/comments/${id}/reject?version=${approved.version}`, { method: "POST", token });
    expect(res.status).toBe(200);
  });

  it("refuses a moderator's edit of a comment the reader edited since, and keeps the reader's text", async () => {
    const { site, token, id, editToken, seen } = await heldComment();
    await readerEdits(site.id, id, editToken);
    const res = await call(`/sites/${site.id}/moderation/comments/${id}?version=${seen.version}`, {
      method: "PATCH",
      token,
      body: { body: "Original harmless text (typo fixed)" },
    });
    expect((await expectChanged(res)).comment.source).toBe(SPAM);
    expect((await queueEntry(site.id, token, id)).source).toBe(SPAM);
    expect(await auditActions(site.id, token)).not.toContain(`comment.edit ${id}`);
  });

  it("takes the version of an imported comment dated before 1970, as the listing gave it", async () => {
    const site = await createOwnedSite();
    // A converter's stand-in for a missing date: one second before the Unix epoch.
    const item = { source: "disqus", sourceId: "4402", thread: "/archive/1999/guestbook.html", body: "Greetings from 1999!!! <marquee>", authorName: "webmaster", status: "pending", createdAt: "1969-12-31T23:59:59Z" };
    await json(`/sites/${site.id}/import`, 200, { token: site.ownerToken, body: { comments: [item] } });
    const [held] = (await json(`/sites/${site.id}/moderation/comments?status=pending`, 200, { token: site.ownerToken })).comments;
    expect(held.version).toMatch(/^pending\.-/);
    expect((await approveSeen(site.id, site.ownerToken, held.id, held.version)).status).toBe(200);
    expect((await queueEntry(site.id, site.ownerToken, held.id)).status).toBe("published");
  });

  it("refuses a version that is not one with 400", async () => {
    const { site, token, id } = await heldComment();
    await expectInvalid(await approveSeen(site.id, token, id, "'; DROP TABLE comments; --"), "version");
    expect((await queueEntry(site.id, token, id)).status).toBe("pending");
  });
});

describe("a bulk action with versions", () => {
  /** Three pending comments on one pre-moderated site, as the moderator loaded them. */
  async function threeHeld() {
    const site = await createOwnedSite({ moderation: "pre" });
    const posted = [];
    for (const body of ["First, fine", "Second, fine until edited", "Third, fine"]) posted.push(await post(site.id, "t", { body }));
    const versions: Record<string, string> = {};
    for (const p of posted) versions[p.comment.id] = (await queueEntry(site.id, site.ownerToken, p.comment.id)).version;
    await tick();
    return { site, token: site.ownerToken, posted, ids: posted.map((p) => p.comment.id as string), versions };
  }

  it("applies the unchanged comments and reports the changed one in stale, as it is now, untouched", async () => {
    const { site, token, posted, ids, versions } = await threeHeld();
    await readerEdits(site.id, ids[1], posted[1].editToken);
    const eventsBefore = (await typesOf(site.id)).length;

    const r = await json(`/sites/${site.id}/moderation/bulk`, 200, { method: "POST", token, body: { ids, action: "approve", versions } });
    expect(r.updated.map((c: any) => c.id).sort()).toEqual([ids[0], ids[2]].sort());
    expect(r.stale).toHaveLength(1);
    expect(r.stale[0]).toMatchObject({ id: ids[1], status: "pending", source: SPAM });
    expect(r.unchanged).toEqual([]);

    expect((await queueEntry(site.id, token, ids[1])).status).toBe("pending");
    expect((await typesOf(site.id)).slice(eventsBefore)).toEqual(["comment.approved", "comment.approved"]);
    const audit = await auditActions(site.id, token);
    expect(audit).toContain(`comment.approve ${ids[0]}`);
    expect(audit).not.toContain(`comment.approve ${ids[1]}`);
  });

  it("applies every comment when the versions are current, and only checks the ids it has a version for", async () => {
    const { site, token, posted, ids, versions } = await threeHeld();
    await readerEdits(site.id, ids[1], posted[1].editToken);
    const { [ids[1]]: _edited, ...others } = versions;
    const r = await json(`/sites/${site.id}/moderation/bulk`, 200, { method: "POST", token, body: { ids, action: "reject", versions: others } });
    expect(r.updated).toHaveLength(3);
    expect(r.stale).toEqual([]);
  });

  it("refuses versions for comments that are not in ids with 400", async () => {
    const { site, token, ids, versions } = await threeHeld();
    const res = await call(`/sites/${site.id}/moderation/bulk`, { method: "POST", token, body: { ids: [ids[0]], action: "approve", versions } });
    await expectInvalid(res, "versions");
  });
});
