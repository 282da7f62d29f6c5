// A write decided on a comment as it was read must not undo another write that reached the comment in between:
// a moderator's reject is not undone by the author's edit that read the comment before it, and the author's edit
// is not overwritten by an approval that read the comment before it. Each such write is made only while the comment
// is as it was read; otherwise nothing of it is written (audit entries and events included), and the service reads
// the comment again and decides anew. Each race is forced: the other write runs between this one's read and its commit.
import { describe, expect, it } from "vitest";
import { createDeps } from "../../worker/deps";
import { editAsModerator, moderate } from "../../worker/services/moderation";
import { deleteOwnComment, editOwnComment } from "../../worker/services/reader-edits";
import { StaleWriteError, type Write } from "../../worker/storage/types";
import type { DomainEvent } from "../../worker/contract/events";
import { env, json } from "./helpers";
import { createOwnedSite, post, queueEntry, tick } from "./owner-helpers";

const typesOf = async (site: string) => (await createDeps(env).stores.outbox.listBySite(site, 500)).map((s) => s.event.type);

async function auditActions(site: string, token: string): Promise<string[]> {
  const { entries } = await json<{ entries: { action: string }[] }>(`/sites/${site}/audit?limit=100`, 200, { token });
  return entries.map((e) => e.action);
}

/**
 * Deps whose commits first let `meanwhile` run, once for each of the first `times` commits: another request's
 * write, landing after this request read the comment and before it writes. Counts the commits tried.
 */
function racing(meanwhile: () => Promise<unknown>, times = 1) {
  const deps = createDeps(env);
  const commit = deps.stores.commit.bind(deps.stores);
  const tried = { commits: 0 };
  deps.stores.commit = async (writes: Write[], events: DomainEvent[]) => {
    if (tried.commits++ < times) {
      await tick();
      await meanwhile();
      await tick();
    }
    return commit(writes, events);
  };
  return { deps, tried };
}

async function setUp(settings: Record<string, unknown> = {}) {
  const owned = await createOwnedSite({ editWindowMinutes: 15, ...settings });
  const { comment, editToken } = await post(owned.id, "/2026/05/races/", { body: "First text, as posted", authorName: "Ada" });
  const site = (await createDeps(env).stores.sites.get(owned.id))!;
  await tick();
  return { site, token: owned.ownerToken, id: comment.id as string, editToken };
}

const meta = { ip: "203.0.113.9" };

describe("writes racing on one comment", () => {
  it("refuses the author's edit when a moderator rejected the comment in between, and the rejection stands", async () => {
    const { site, token, id, editToken } = await setUp();
    const { deps, tried } = racing(() => moderate(createDeps(env), site, "owner", [id], "reject"));

    await expect(editOwnComment(deps, site, id, editToken, { body: "Edited after the rejection" }, meta)).rejects.toMatchObject({
      code: "INVALID_STATE",
    });
    expect(tried.commits).toBe(1);
    const now = await queueEntry(site.id, token, id);
    expect(now).toMatchObject({ status: "rejected", source: "First text, as posted" });
    expect(await typesOf(site.id)).not.toContain("comment.edited");
  });

  it("approves the author's edited text when the author edited in between, and keeps that text", async () => {
    const { site, token, id, editToken } = await setUp({ moderation: "pre" });
    const other = createDeps(env);
    const { deps, tried } = racing(() => editOwnComment(other, site, id, editToken, { body: "The author's second thoughts" }, meta));

    const result = await moderate(deps, site, "owner", [id], "approve");
    expect(tried.commits).toBe(2);
    expect(result.updated.map((c) => [c.id, c.status, c.source])).toEqual([[id, "published", "The author's second thoughts"]]);
    expect(await queueEntry(site.id, token, id)).toMatchObject({ status: "published", source: "The author's second thoughts", editedBy: "author" });
    // One approval, audited and announced once: the attempt that found the comment changed wrote nothing.
    expect((await auditActions(site.id, token)).filter((a) => a === "comment.approve")).toHaveLength(1);
    expect((await typesOf(site.id)).filter((t) => t === "comment.approved")).toHaveLength(1);
  });

  it("reports a comment that changed in between as stale when the moderator sent the version they saw", async () => {
    const { site, token, id, editToken } = await setUp({ moderation: "pre" });
    const seen = await queueEntry(site.id, token, id);
    const { deps } = racing(() => editOwnComment(createDeps(env), site, id, editToken, { body: "Changed while the moderator looked" }, meta));

    const result = await moderate(deps, site, "owner", [id], "approve", { [id]: seen.version });
    expect(result.updated).toEqual([]);
    expect(result.stale.map((c) => [c.id, c.status, c.source])).toEqual([[id, "pending", "Changed while the moderator looked"]]);
    expect(await auditActions(site.id, token)).not.toContain("comment.approve");
  });

  it("keeps a moderator's rewrite over an author's edit that read the comment before it, and the author is refused", async () => {
    const { site, token, id, editToken } = await setUp();
    const { deps } = racing(() => editAsModerator(createDeps(env), site, "owner", id, "Rewritten by the moderator"));

    await expect(editOwnComment(deps, site, id, editToken, { body: "The author's edit" }, meta)).rejects.toMatchObject({ code: "INVALID_STATE" });
    expect(await queueEntry(site.id, token, id)).toMatchObject({ source: "Rewritten by the moderator", editedBy: "moderator" });
  });

  it("writes and announces an edit sent twice at once only once", async () => {
    const { site, token, id, editToken } = await setUp();
    const body = "Sent twice by a double click";
    const { deps, tried } = racing(() => editOwnComment(createDeps(env), site, id, editToken, { body }, meta));

    expect(await editOwnComment(deps, site, id, editToken, { body }, meta)).toMatchObject({ id, editedBy: "author" });
    expect(tried.commits).toBe(1);
    expect(await queueEntry(site.id, token, id)).toMatchObject({ source: body, editedBy: "author" });
    expect((await typesOf(site.id)).filter((t) => t === "comment.edited")).toHaveLength(1);
  });

  it("deletes the comment as it is after a moderator pinned it in between, remembering the status it had", async () => {
    const { site, token, id, editToken } = await setUp();
    const { deps, tried } = racing(() => moderate(createDeps(env), site, "owner", [id], "pin"));

    await deleteOwnComment(deps, site, id, editToken, meta);
    expect(tried.commits).toBe(2);
    expect(await queueEntry(site.id, token, id)).toMatchObject({ status: "deleted", pinned: false });
  });

  it("keeps the queue's status counts exact when the author deletes one comment of a bulk action in between", async () => {
    const { site, token, id, editToken } = await setUp();
    const others = [];
    for (const body of ["Second — with an em dash", "Третий комментарий"]) others.push((await post(site.id, "/2026/05/races/", { body })).comment.id as string);
    const { deps, tried } = racing(() => deleteOwnComment(createDeps(env), site, id, editToken, meta));

    await moderate(deps, site, "owner", [id, ...others], "reject");
    // The first batch found the deleted comment changed and rolled back whole, counts too; the second, decided anew,
    // moved the two others and left the one its author deleted deleted (it cannot change state any more).
    expect(tried.commits).toBe(2);
    const { results } = await env.DB.prepare("SELECT status, COUNT(*) AS n FROM comments WHERE site_id = ?1 GROUP BY status")
      .bind(site.id)
      .all<{ status: string; n: number }>();
    const recounted = { pending: 0, published: 0, rejected: 0, spam: 0, deleted: 0, ...Object.fromEntries(results.map((r) => [r.status, r.n])) };
    expect(recounted).toMatchObject({ published: 0, rejected: 2, deleted: 1 });
    expect((await json(`/sites/${site.id}/moderation/comments?limit=1`, 200, { token })).counts).toEqual(recounted);
  });

  it("gives up with 409 COMMENT_CHANGED after the comment changed before each of three writes, having written none of them", async () => {
    const { site, token, id } = await setUp();
    let n = 0;
    const { deps, tried } = racing(() => editAsModerator(createDeps(env), site, "owner", id, `Another rewrite ${++n}`), 3);

    await expect(moderate(deps, site, "owner", [id], "reject")).rejects.toMatchObject({ code: "COMMENT_CHANGED", status: 409 });
    expect(tried.commits).toBe(3);
    expect(await queueEntry(site.id, token, id)).toMatchObject({ status: "published", source: "Another rewrite 3" });
    expect(await auditActions(site.id, token)).not.toContain("comment.reject");
  });

  it("throws StaleWriteError from the store, with nothing written, for a change decided on an older read", async () => {
    const { site, id } = await setUp();
    const stores = createDeps(env).stores;
    const read = (await stores.comments.get(site.id, id))!;
    await moderate(createDeps(env), site, "owner", [id], "pin");
    const basedOn = { updatedAt: read.updatedAt, status: read.status, pinned: read.pinned, shadow: read.shadow };
    const change = { basedOn, id, status: "rejected" as const, pinned: false, shadow: false, statusBeforeDelete: null,
      bodySource: read.bodySource, bodyTree: read.bodyTree, rendererVersion: read.rendererVersion, editedBy: read.editedBy,
      updatedAt: Date.now() + 1, moderationReason: null };
    const before = await typesOf(site.id);

    const counts = async () => (await stores.comments.countByStatus(site.id));
    const countsBefore = await counts();

    await expect(stores.commit([stores.comments.applyChanges(site.id, [change], [read.threadKey], Date.now())], [])).rejects.toBeInstanceOf(StaleWriteError);
    expect(await stores.comments.get(site.id, id)).toMatchObject({ status: "published", pinned: true });
    expect(await typesOf(site.id)).toEqual(before);
    expect(await counts()).toEqual({ ...countsBefore, published: 1 });
  });
});
