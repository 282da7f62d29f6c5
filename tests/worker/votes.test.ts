import { describe, expect, it } from "vitest";
import { call, createSite, env, expectError, json, postComment, threadPath } from "./helpers";

const vote = (site: string, id: string, body: Record<string, unknown>, ip = "198.51.100.1") =>
  call(`/sites/${site}/comments/${id}/votes`, { body, headers: { "CF-Connecting-IP": ip } });

const key = (n: number) => `reader-key-${String(n).padStart(8, "0")}`;

describe("reactions", () => {
  it("counts one vote per reader, and a second vote by the same reader changes nothing", async () => {
    const { id } = await createSite();
    const { comment } = await postComment(id, "t", { body: "Vote for me" });
    expect(await (await vote(id, comment.id, { readerKey: key(1), up: true })).json()).toEqual({ votes: 1, voted: true });
    expect(await (await vote(id, comment.id, { readerKey: key(1), up: true })).json()).toEqual({ votes: 1, voted: true });
    expect(await (await vote(id, comment.id, { readerKey: key(2), up: true }, "198.51.100.2")).json()).toEqual({ votes: 2, voted: true });
    const page = await json(threadPath(id, "t"), 200);
    expect(page.comments[0].votes).toBe(2);
  });

  it("takes a vote back", async () => {
    const { id } = await createSite();
    const { comment } = await postComment(id, "t", { body: "Vote for me" });
    await vote(id, comment.id, { readerKey: key(1), up: true });
    expect(await (await vote(id, comment.id, { readerKey: key(1), up: false })).json()).toEqual({ votes: 0, voted: false });
    expect((await json(threadPath(id, "t"), 200)).comments[0].votes).toBe(0);
  });

  it("caps how many reader keys one IP address may vote with", async () => {
    const { id } = await createSite();
    const { comment } = await postComment(id, "t", { body: "Vote for me" });
    for (const n of [1, 2, 3]) expect((await vote(id, comment.id, { readerKey: key(n), up: true })).status).toBe(200);
    await expectError(await vote(id, comment.id, { readerKey: key(4), up: true }), 409, "ALREADY_VOTED");
    expect((await json(threadPath(id, "t"), 200)).comments[0].votes).toBe(3);
  });

  it("holds the cap when one network sends many reader keys' votes at once", async () => {
    const { id } = await createSite();
    const { comment } = await postComment(id, "t", { body: "Vote for me" });
    const answers = await Promise.all(Array.from({ length: 20 }, (_, n) => vote(id, comment.id, { readerKey: key(n), up: true })));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(3);
    expect(statuses.filter((s) => s === 409)).toHaveLength(17);
    for (const r of answers.filter((r) => r.status === 409)) await expectError(r, 409, "ALREADY_VOTED");
    expect((await json(threadPath(id, "t"), 200)).comments[0].votes).toBe(3);
    const rows = await env.DB.prepare("SELECT COUNT(*) AS n FROM votes WHERE site_id = ?1").bind(id).first<{ n: number }>();
    expect(rows?.n).toBe(3);
    const events = await env.DB.prepare("SELECT COUNT(*) AS n FROM outbox WHERE site_id = ?1 AND type = 'vote.changed'").bind(id).first<{ n: number }>();
    expect(events?.n).toBe(3);
    // Another network still votes.
    expect(await (await vote(id, comment.id, { readerKey: key(99), up: true }, "198.51.100.77")).json()).toEqual({ votes: 4, voted: true });
  });

  it("stores the reader key and IP only as keyed hashes", async () => {
    const { id } = await createSite();
    const { comment } = await postComment(id, "t", { body: "Vote for me" });
    await vote(id, comment.id, { readerKey: key(7), up: true }, "203.0.113.9");
    const row = await env.DB.prepare("SELECT * FROM votes WHERE site_id = ?1").bind(id).first<Record<string, unknown>>();
    expect(JSON.stringify(row)).not.toContain(key(7));
    expect(JSON.stringify(row)).not.toContain("203.0.113.9");
  });

  it("refuses votes on unknown or unpublished comments, and bad reader keys", async () => {
    const { id, ownerToken } = await createSite();
    const { comment } = await postComment(id, "t", { body: "Soon rejected" });
    await call(`/sites/${id}/moderation/comments/${comment.id}/reject`, { method: "POST", token: ownerToken });
    await expectError(await vote(id, comment.id, { readerKey: key(1), up: true }), 404, "COMMENT_NOT_FOUND");
    await expectError(await vote(id, "noSuchComment1", { readerKey: key(1), up: true }), 404, "COMMENT_NOT_FOUND");
    await expectError(await vote(id, comment.id, { readerKey: "short", up: true }), 400, "VALIDATION_FAILED");
  });

  it("sorts a thread by votes with sort=top, and pages through it with a cursor", async () => {
    const { id } = await createSite();
    const ids: string[] = [];
    for (const n of [0, 1, 2, 3]) ids.push((await postComment(id, "t", { body: `Comment ${n}` })).comment.id);
    // Comment n gets n votes from different networks.
    for (const [n, cid] of ids.entries()) {
      for (let v = 0; v < n; v++) await vote(id, cid, { readerKey: key(100 * n + v), up: true }, `198.51.100.${10 * n + v}`);
    }
    const first = await json(`${threadPath(id, "t")}?sort=top&limit=2`, 200);
    expect(first.comments.map((c: any) => c.votes)).toEqual([3, 2]);
    const second = await json(`${threadPath(id, "t")}?sort=top&limit=2&cursor=${first.nextCursor}`, 200);
    expect(second.comments.map((c: any) => c.votes)).toEqual([1, 0]);
    expect(second.nextCursor).toBeNull();
  });

  it("adds a reader's vote to an imported comment's votes, and taking it back leaves them as they were", async () => {
    const { id, ownerToken } = await createSite();
    // A Disqus comment with 42 likes: its votes have no rows of their own, only the count.
    const item = { source: "disqus", sourceId: "771", thread: "/2019/03/old-post/", body: "First!!1 great post", authorName: "dsq_guest", status: "published", createdAt: "2019-03-04T05:06:07Z", votes: 42 };
    await json(`/sites/${id}/import`, 200, { token: ownerToken, body: { comments: [item] } });
    const imported = (await json(threadPath(id, item.thread), 200)).comments[0];
    expect(imported.votes).toBe(42);
    expect(await (await vote(id, imported.id, { readerKey: key(1), up: true })).json()).toEqual({ votes: 43, voted: true });
    expect(await (await vote(id, imported.id, { readerKey: key(1), up: true })).json()).toEqual({ votes: 43, voted: true });
    expect(await (await vote(id, imported.id, { readerKey: key(2), up: false })).json()).toEqual({ votes: 43, voted: false });
    expect(await (await vote(id, imported.id, { readerKey: key(1), up: false })).json()).toEqual({ votes: 42, voted: false });
    expect((await json(threadPath(id, item.thread), 200)).comments[0].votes).toBe(42);
  });
});
