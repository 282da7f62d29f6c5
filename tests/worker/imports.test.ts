// POST /sites/{site}/import: what a batch does to comments that show nothing, to threads the owner has changed
// since an earlier run, and to the dates of the threads it makes.
import { describe, expect, it } from "vitest";
import { IMPORT_LIMITS } from "../../worker/contract/import-limits";
import { LIMITS } from "../../worker/contract/limits";
import { HOSTILE_SHAPES } from "../fixtures/hostile-markdown";
import { call, callMeasuringValues, createSite, expectError, expectInvalid, json, threadPath } from "./helpers";

const item = (sourceId: string, parent: string | null, body: string, status = "published") => ({
  source: "disqus",
  sourceId,
  parent: parent ? { source: "disqus", sourceId: parent } : null,
  thread: "/old-post/",
  body,
  authorName: "Ada",
  status,
  createdAt: `2020-01-0${sourceId.length}T00:00:00Z`,
});

describe("imports", () => {
  it("brings a comment whose text shows nothing in as a tombstone that keeps its replies in place", async () => {
    const { id, ownerToken } = await createSite();
    const comments = [item("1", null, "   \n "), item("22", "1", "A real reply"), item("333", null, "\u3164\u2800")];
    const result = await json(`/sites/${id}/import`, 200, { token: ownerToken, body: { comments } });
    expect(result).toMatchObject({ inserted: 3, failed: [] });
    const page = await json(threadPath(id, "/old-post/"), 200);
    // The blank comment with a reply shows as deleted, holding the reply; the one without replies is not listed.
    expect(page.comments.map((c: any) => [c.status, c.authorName, c.replies.map((r: any) => r.authorName)])).toEqual([["deleted", "", ["Ada"]]]);
    const queue = await json(`/sites/${id}/moderation/comments?status=deleted`, 200, { token: ownerToken });
    expect(queue.comments).toHaveLength(2);
  });

  it("cleans the text an import brings for the owner to read (a ban's hint and reason, why a comment was held) as typed text is", async () => {
    const { id, ownerToken } = await createSite();
    const hostile = "\u0000Spam\u202E ring\u200B ";
    const ban = { source: "parley", sourceId: "b1", type: "name", value: "troll", hint: `Troll${hostile}`, mode: "visible", reason: hostile, expiresAt: null, createdAt: "2024-01-01T00:00:00Z" };
    const held = { ...item("1", null, "Buy now", "pending"), moderationReason: `links${hostile}` };
    await json(`/sites/${id}/import`, 200, { token: ownerToken, body: { comments: [held], bans: [ban] } });
    const { bans } = await json(`/sites/${id}/bans`, 200, { token: ownerToken });
    expect(bans.map((b: any) => [b.hint, b.reason])).toEqual([["TrollSpam ring", "Spam ring"]]);
    const queue = await json(`/sites/${id}/moderation/comments?status=pending`, 200, { token: ownerToken });
    expect(queue.comments.map((c: any) => c.reason)).toEqual(["linksSpam ring"]);
  });

  it("restores a blank that was published to the queue, and refuses to approve it until its text is edited", async () => {
    const { id, ownerToken } = await createSite();
    const comments = [{ ...item("1", null, "   \n "), pinned: true }, item("22", "1", "A real reply"), item("333", null, "\u200b", "rejected")];
    await json(`/sites/${id}/import`, 200, { token: ownerToken, body: { comments } });
    const queue = await json(`/sites/${id}/moderation/comments?status=deleted`, 200, { token: ownerToken });
    const [blank, rejected] = ["2020-01-01", "2020-01-03"].map((d) => queue.comments.find((c: any) => c.createdAt.startsWith(d)).id);
    const path = (cid: string, action: string) => `/sites/${id}/moderation/comments/${cid}/${action}`;
    // Published (and pinned) in the file, it comes back pending, unpinned: readers still see the tombstone holding the reply.
    expect((await json(path(blank, "restore"), 200, { method: "POST", token: ownerToken })).comment).toMatchObject({ status: "pending", pinned: false });
    const page = await json(threadPath(id, "/old-post/"), 200);
    expect(page.comments.map((c: any) => [c.status, c.replies.length])).toEqual([["deleted", 1]]);
    // Any other earlier state comes back as it was: readers do not see it.
    expect((await json(path(rejected, "restore"), 200, { method: "POST", token: ownerToken })).comment.status).toBe("rejected");
    // Approving either would publish a blank: one by one, 409 COMMENT_BLANK; in bulk, listed in invalid and blank.
    for (const cid of [blank, rejected]) {
      const res = await call(path(cid, "approve"), { method: "POST", token: ownerToken });
      expect(res.status).toBe(409);
      expect((await res.json<any>()).error.code).toBe("COMMENT_BLANK");
    }
    const bulk = await json(`/sites/${id}/moderation/bulk`, 200, { token: ownerToken, body: { ids: [blank, rejected], action: "approve" } });
    expect(bulk).toMatchObject({ updated: [], invalid: [blank, rejected], blank: [blank, rejected], erased: [] });
    // Edited, it can be approved, and readers see its new text.
    await json(`/sites/${id}/moderation/comments/${blank}`, 200, { method: "PATCH", token: ownerToken, body: { body: "Text restored by hand" } });
    expect((await json(path(blank, "approve"), 200, { method: "POST", token: ownerToken })).comment.status).toBe("published");
    const after = await json(threadPath(id, "/old-post/"), 200);
    expect(JSON.stringify(after.comments[0].body)).toContain("Text restored by hand");
  });

  it("brings markdown that shows nothing in as a tombstone too: a picture without words or an address it could link to, only link definitions, an empty code block", async () => {
    const { id, ownerToken } = await createSite();
    const comments = [item("1", null, "![](/pic.png)"), item("22", null, "[a]: https://example.com\n[b]: https://example.org"), item("333", null, "```\n```"), item("4444", null, "![a cat](https://example.com/cat.png)")];
    const result = await json(`/sites/${id}/import`, 200, { token: ownerToken, body: { comments } });
    expect(result).toMatchObject({ inserted: 4, failed: [], blank: { published: 3 } });
    // The picture with words shows them; the rest are tombstones without replies, so not listed.
    const page = await json(threadPath(id, "/old-post/"), 200);
    expect(page.comments.map((c: any) => JSON.stringify(c.body))).toEqual([expect.stringContaining("a cat")]);
  });

  it("counts markdown that shows nothing as a tombstone again when a second run finds it present", async () => {
    const { id, ownerToken } = await createSite();
    const comments = [item("1", null, "![](/pic.png)"), item("22", null, "Words")];
    const first = await json(`/sites/${id}/import`, 200, { token: ownerToken, body: { comments } });
    expect(first).toMatchObject({ inserted: 2, blank: { published: 1 } });
    const again = await json(`/sites/${id}/import`, 200, { token: ownerToken, body: { comments } });
    expect(again).toMatchObject({ inserted: 0, present: 2, blank: { published: 1 } });
  });

  it("fails a reply, in any later request, whose parent id the site has on another page: another blog's ids repeat", async () => {
    const { id, ownerToken } = await createSite();
    const wp = (sourceId: string, parent: string | null, thread: string, body: string) => ({
      ...item(sourceId, parent, body),
      source: "wordpress",
      parent: parent ? { source: "wordpress", sourceId: parent } : null,
      thread,
    });
    // Blog A: post 100's comment 1 and a reply to it.
    await json(`/sites/${id}/import`, 200, { token: ownerToken, body: { comments: [wp("100:1", null, "/hello/", "A's comment"), wp("100:2", "100:1", "/hello/", "A's reply")] } });
    // Blog B reuses the ids on another page: its comment 1 fails, and so do its replies sent later, new or not.
    const b1 = await json(`/sites/${id}/import`, 200, { token: ownerToken, body: { comments: [wp("100:1", null, "/other/", "B's comment")] } });
    expect(b1.failed.map((f: any) => f.reason)).toEqual([expect.stringMatching(/^the site has a comment of another page \(\/hello\/\)/)]);
    expect(b1.failed.map((f: any) => f.code)).toEqual(["ID_ON_ANOTHER_PAGE"]);
    const b2 = await json(`/sites/${id}/import`, 200, {
      token: ownerToken,
      body: { comments: [wp("100:9001", "100:1", "/other/", "B's reply"), wp("100:2", "100:1", "/other/", "B's reply with A's id")] },
    });
    expect(b2).toMatchObject({ inserted: 0, present: 0 });
    expect(b2.failed.map((f: any) => [f.sourceId, f.code, f.reason])).toEqual([
      ["100:9001", "ID_ON_ANOTHER_PAGE", expect.stringMatching(/^it answers wordpress:100:1, which the site has as a comment of another page/)],
      ["100:2", "ID_ON_ANOTHER_PAGE", expect.stringMatching(/^it answers wordpress:100:1, which the site has as a comment of another page/)],
    ]);
    // A reply whose parent the site does not have at all fails for that.
    const orphan = await json(`/sites/${id}/import`, 200, { token: ownerToken, body: { comments: [wp("100:77", "100:76", "/hello/", "An orphan")] } });
    expect(orphan.failed).toEqual([{ source: "wordpress", sourceId: "100:77", code: "PARENT_NOT_IMPORTED", reason: "parent wordpress:100:76 was not imported" }]);
    const page = await json(threadPath(id, "/hello/"), 200);
    expect(JSON.stringify(page)).not.toContain("B's");
    // Blog A's own file, sent again, is all present.
    const a = await json(`/sites/${id}/import`, 200, { token: ownerToken, body: { comments: [wp("100:2", "100:1", "/hello/", "A's reply")] } });
    expect(a).toMatchObject({ inserted: 0, present: 1, failed: [] });
  });

  it("names a deleted comment without a name Anonymous, as in any other state, and keeps an erased one nameless", async () => {
    const { id, ownerToken } = await createSite();
    const trashed = { ...item("1", null, "Trashed words"), authorName: " ", status: "deleted", statusBeforeDelete: "published" };
    const erased = { ...item("22", null, ""), authorName: "", status: "deleted", moderationReason: "erased" };
    await json(`/sites/${id}/import`, 200, { token: ownerToken, body: { comments: [trashed, erased] } });
    const { comments } = await json(`/sites/${id}/moderation/comments?status=deleted`, 200, { token: ownerToken });
    expect(comments).toHaveLength(2);
    const was = comments.find((c: any) => JSON.stringify(c.body).includes("Trashed words"));
    expect([was?.authorName, comments.find((c: any) => c !== was)?.authorName]).toEqual(["Anonymous", ""]);
    const trashedId = was.id;
    const restored = await json(`/sites/${id}/moderation/comments/${trashedId}/restore`, 200, { method: "POST", token: ownerToken });
    expect(restored.comment).toMatchObject({ status: "published", authorName: "Anonymous" });
  });

  it("says how many comments it stored as tombstones for showing nothing, by the state they were sent in, also when present", async () => {
    const { id, ownerToken } = await createSite();
    const comments = [item("1", null, "\u200b"), item("22", null, " ", "pending"), item("333", null, "", "deleted"), item("4444", null, "Words")];
    const first = await json(`/sites/${id}/import`, 200, { token: ownerToken, body: { comments } });
    expect(first).toMatchObject({ inserted: 4, blank: { published: 1, pending: 1 } });
    const again = await json(`/sites/${id}/import`, 200, { token: ownerToken, body: { comments } });
    expect(again).toMatchObject({ inserted: 0, present: 4, blank: { published: 1, pending: 1 } });
  });

  it("says only what is wrong with a date that is not one, and refuses one from the future", async () => {
    const { id, ownerToken } = await createSite();
    const post = (createdAt: string) => call(`/sites/${id}/import`, { token: ownerToken, body: { comments: [{ ...item("1", null, "Hi"), createdAt }] } });
    const notADate = await expectInvalid(await post("yesterday"), "comments.0.createdAt");
    expect(notADate.details!.map((d) => d.message)).toEqual(["Must be an ISO 8601 date-time."]);
    const future = await expectInvalid(await post(new Date(Date.now() + 3 * 86_400_000).toISOString()), "comments.0.createdAt");
    expect(future.details!.map((d) => d.message)).toEqual(["Must not be in the future."]);
  });

  it("never locks again a thread the owner opened after an earlier run of the same import", async () => {
    const { id, ownerToken } = await createSite();
    const batch = { comments: [item("1", null, "From the old system")], threads: [{ key: "/old-post/", locked: true }] };
    const first = await json(`/sites/${id}/import`, 200, { token: ownerToken, body: batch });
    expect(first.threads).toEqual({ locked: ["/old-post/"] });
    const locked = async () => (await json(threadPath(id, "/old-post/"), 200)).thread.locked;
    expect(await locked()).toBe(true);
    await json(`/sites/${id}/threads/${encodeURIComponent("/old-post/")}`, 200, { method: "PUT", token: ownerToken, body: { locked: false } });
    const again = await json(`/sites/${id}/import`, 200, { token: ownerToken, body: batch });
    // The answer says the lock was not taken: the owner's choice stands.
    expect(again).toMatchObject({ inserted: 0, present: 1, threads: { locked: [] } });
    expect(await locked()).toBe(false);
  });

  it("makes no thread, locked or not, for a closed page whose comments all failed, and still one for a closed page without comments", async () => {
    const { id, ownerToken } = await createSite();
    // A reply whose parent never came in, and another blog's comment under an id the site has on another page.
    await json(`/sites/${id}/import`, 200, { token: ownerToken, body: { comments: [{ ...item("7", null, "Here first"), thread: "/other/" }] } });
    const failing = [item("1", "404", "Its parent is lost"), item("7", null, "Same id, another page")];
    const batch = { comments: failing, threads: [{ key: "/old-post/", locked: true }, { key: "/quiet/", locked: true }] };
    const answer = await json<{ inserted: number; failed: { code: string }[]; threads: { locked: string[] } }>(`/sites/${id}/import`, 200, { token: ownerToken, body: batch });
    expect(answer.inserted).toBe(0);
    expect(answer.failed.map((f) => f.code).sort()).toEqual(["ID_ON_ANOTHER_PAGE", "PARENT_NOT_IMPORTED"]);
    expect(answer.threads).toEqual({ locked: ["/quiet/"] });
    const listed = await json<{ threads: { key: string; locked: boolean }[] }>(`/sites/${id}/threads`, 200, { token: ownerToken });
    expect(listed.threads.map((t) => [t.key, t.locked]).sort()).toEqual([["/other/", false], ["/quiet/", true]]);
  });

  it("dates a thread by its page's date in the old system, else by its earliest comment, and a second run changes nothing", async () => {
    const { id, ownerToken } = await createSite();
    const at = (key: string, sourceId: string, createdAt: string) => ({ ...item(sourceId, null, `In ${key}`), thread: key, createdAt });
    const batch = {
      comments: [at("/dated/", "d1", "2019-05-02T10:00:00Z"), at("/undated/", "u1", "2020-01-03T00:00:00Z"), at("/undated/", "u2", "2020-01-02T00:00:00Z")],
      threads: [{ key: "/dated/", createdAt: "2019-05-01T08:00:00Z" }],
    };
    const dates = async () => {
      const { threads } = await json(`/sites/${id}/threads?limit=100`, 200, { token: ownerToken });
      return Object.fromEntries(threads.map((t: any) => [t.key, t.createdAt]));
    };
    await json(`/sites/${id}/import`, 200, { token: ownerToken, body: batch });
    const expected = { "/dated/": "2019-05-01T08:00:00.000Z", "/undated/": "2020-01-02T00:00:00.000Z" };
    expect(await dates()).toEqual(expected);
    const again = await json(`/sites/${id}/import`, 200, { token: ownerToken, body: batch });
    expect(again).toMatchObject({ inserted: 0, present: 3 });
    expect(await dates()).toEqual(expected);
    // A later batch with an older comment moves the date back; a page date after the first comment does not.
    await json(`/sites/${id}/import`, 200, {
      token: ownerToken,
      body: { comments: [at("/undated/", "u3", "2019-12-31T00:00:00Z")], threads: [{ key: "/dated/", createdAt: "2019-06-01T00:00:00Z" }] },
    });
    expect(await dates()).toEqual({ ...expected, "/undated/": "2019-12-31T00:00:00.000Z" });
    const exported = await json(`/sites/${id}/export?part=threads`, 200, { token: ownerToken });
    expect(exported.items.map((t: any) => [t.key, t.createdAt])).toEqual([
      ["/dated/", "2019-05-01T08:00:00.000Z"],
      ["/undated/", "2019-12-31T00:00:00.000Z"],
    ]);
    const future = await call(`/sites/${id}/import`, { token: ownerToken, body: { threads: [{ key: "/later/", createdAt: "3000-01-01T00:00:00Z" }] } });
    await expectInvalid(future, "threads.0.createdAt");
  });

  it("exports every thread page by page, when the page ends on a thread keyed by a long Chinese path", async () => {
    const { id, ownerToken } = await createSite();
    // A Chinese blog's paths (26 characters of title), percent-encoded as the browser spells them; the page's last
    // key made a cursor of 327 characters, which the export refused (at most 300): a backup of more than 500
    // threads stopped there.
    const title = encodeURIComponent("美国空袭伊朗支持的民兵组织的最新报道与各方反应和分析");
    const keys = Array.from({ length: 520 }, (_, n) => `/2026/${String(n).padStart(3, "0")}/${title}/`);
    for (let n = 0; n < keys.length; n += 200) {
      await json(`/sites/${id}/import`, 200, { token: ownerToken, body: { threads: keys.slice(n, n + 200).map((key) => ({ key, locked: true })) } });
    }
    const first = await json(`/sites/${id}/export?part=threads`, 200, { token: ownerToken });
    expect(first.items).toHaveLength(500);
    expect(first.nextCursor.length).toBeGreaterThan(300);
    const rest = await json(`/sites/${id}/export?part=threads&cursor=${first.nextCursor}`, 200, { token: ownerToken });
    expect([...first.items, ...rest.items].map((t: any) => t.key)).toEqual(keys);
    expect(rest.nextCursor).toBeNull();
  });

  it("writes a batch of the longest Chinese comments a request takes in values D1 takes (at most 2,000,000 bytes each)", async () => {
    const { id, ownerToken } = await createSite();
    // 10,000 characters each, three UTF-8 bytes apiece, and the rendered tree beside the text.
    const body = "美国空袭伊朗支持的民兵组织。".repeat(714);
    const count = Math.floor(IMPORT_LIMITS.bodyChars / LIMITS.commentBodyChars);
    const comments = Array.from({ length: count }, (_, n) => ({
      source: "disqus",
      sourceId: `long-${n}`,
      parent: n % 2 ? { source: "disqus", sourceId: `long-${n - 1}` } : null,
      thread: "/2024/02/kongxi/",
      body,
      authorName: "读者",
      status: "published",
      createdAt: `2024-02-03T04:${String(n).padStart(2, "0")}:06Z`,
    }));
    const { res, largestValue } = await callMeasuringValues(`/sites/${id}/import`, { token: ownerToken, body: { comments } });
    expect(res.status).toBe(200);
    expect((await res.json<any>()).inserted).toBe(count);
    expect(largestValue).toBeLessThanOrEqual(2_000_000);
    const page = await json(`${threadPath(id, "/2024/02/kongxi/")}?limit=100`, 200);
    expect(page.total).toBe(count);
    expect(page.comments[0].body).toEqual([{ t: "p", c: [{ t: "text", v: body }] }]);
  });

  it("refuses a request whose bodies together pass the characters it may render with 413 PAYLOAD_TOO_LARGE, writes nothing, and takes the same comments in smaller requests", async () => {
    const { id, ownerToken } = await createSite();
    // The costliest shapes at the comment size limit, one more than a request may carry, a few non-BMP characters among them.
    const n = Math.floor(IMPORT_LIMITS.bodyChars / LIMITS.commentBodyChars) + 1;
    const bodies = HOSTILE_SHAPES.slice(-n).map((s) => `🚀${s.make(LIMITS.commentBodyChars - 2)}`);
    const comments = bodies.map((body, i) => ({ ...item(`${i + 1}`.repeat(i + 1), null, body), sourceId: `long-${i}` }));
    const error = await expectError(await call(`/sites/${id}/import`, { token: ownerToken, body: { comments } }), 413, "PAYLOAD_TOO_LARGE");
    expect(error.message).toContain(IMPORT_LIMITS.bodyChars.toLocaleString("en-US"));
    expect(error.details?.map((d) => d.field)).toEqual(["comments"]);
    expect((await json(`/sites/${id}/moderation/comments?status=published`, 200, { token: ownerToken })).comments).toHaveLength(0);

    const first = await json(`/sites/${id}/import`, 200, { token: ownerToken, body: { comments: comments.slice(0, n - 1) } });
    const last = await json(`/sites/${id}/import`, 200, { token: ownerToken, body: { comments: comments.slice(n - 1) } });
    expect([first.inserted, last.inserted]).toEqual([n - 1, 1]);
    // Sent again (a retry), the smaller requests insert nothing.
    expect(await json(`/sites/${id}/import`, 200, { token: ownerToken, body: { comments: comments.slice(0, n - 1) } })).toMatchObject({ inserted: 0, present: n - 1 });
  });
});
