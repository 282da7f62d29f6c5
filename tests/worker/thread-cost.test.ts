// What a cold thread page costs in D1 rows (the unit Cloudflare bills reads by): at most one row more than
// the comments it shows, measured from D1's own rows_read through the worker's X-D1-Rows-Read header.
import { describe, expect, it } from "vitest";
import { call, createSite, importItem, json, neighbour, postComment, threadPath } from "./helpers";

const rowsRead = (res: Response) => Number(res.headers.get("X-D1-Rows-Read"));

/** A new site whose record a reader has already fetched (the widget's first request), so it sits in the cache. */
async function readSite() {
  const site = await createSite();
  await json(`/sites/${site.id}`, 200);
  return site;
}

/** Comments on a page, replies included. */
const shown = (list: any[]): number => list.reduce((n, c) => n + 1 + shown(c.replies), 0);

/**
 * Posts `roots` top-level comments, and a reply (and every other time a reply to that) under every fourth of
 * the first 20; returns the top-level ids.
 */
async function seedThread(site: string, thread: string, roots: number): Promise<string[]> {
  const ids: string[] = [];
  for (let n = 0; n < roots; n++) ids.push((await postComment(site, thread, { body: `comment ${n}` })).comment.id);
  for (let n = 0; n < Math.min(roots, 20); n += 4) {
    const reply = await postComment(site, thread, { body: `reply ${n}`, parentId: ids[n] });
    if (n % 8 === 0) await postComment(site, thread, { body: `reply to reply ${n}`, parentId: reply.comment.id });
  }
  return ids;
}

describe("D1 rows of a cold thread page", () => {
  it("reads at most one row more than the 20 top-level comments and replies it shows", async () => {
    const { id } = await readSite();
    await seedThread(id, "exact", 20);
    // The last post made every cached page of the site cold: this read goes to D1.
    const res = await call(`${threadPath(id, "exact")}?limit=20`);
    const page = await res.json<any>();
    expect(page.comments).toHaveLength(20);
    const n = shown(page.comments);
    expect(n).toBe(20 + 5 + 3);
    expect(page.nextCursor).toBeNull();
    expect(rowsRead(res)).toBeLessThanOrEqual(n + 1);
    // Warm: the same page again reads nothing.
    expect(rowsRead(await call(`${threadPath(id, "exact")}?limit=20`))).toBe(0);
  }, 60_000);

  it("reads only the reader's own comments for X-Parley-Own on a warm page, however long the thread", async () => {
    const { id, ownerToken } = await readSite();
    await seedThread(id, "claimed", 60);
    // Held for review, so only its writer sees it (in `own`).
    await json(`/sites/${id}`, 200, { method: "PATCH", token: ownerToken, body: { moderation: "pre" } });
    const mine = await postComment(id, "claimed", { body: "Mine, claimed on every visit" });
    await json(`${threadPath(id, "claimed")}?limit=20`, 200);
    // Warm: the page comes from the cache; only the claimed comment is looked up (by id, not along the thread).
    const res = await call(`${threadPath(id, "claimed")}?limit=20`, { headers: { "X-Parley-Own": `${mine.comment.id}:${mine.editToken}` } });
    expect((await res.json<any>()).own.map((c: any) => c.id)).toEqual([mine.comment.id]);
    // A few rows for the lookup, whatever the thread's length (70 before, the whole thread).
    expect(rowsRead(res)).toBeLessThanOrEqual(3);
  }, 60_000);

  it("still reads at most N + 1 rows when more top-level comments follow, and its cursor leads on", async () => {
    const { id } = await readSite();
    const roots = await seedThread(id, "longer", 26);
    const res = await call(`${threadPath(id, "longer")}?limit=20`);
    const page = await res.json<any>();
    expect(page.comments.map((c: any) => c.id)).toEqual(roots.slice(0, 20));
    expect(page.nextCursor).not.toBeNull();
    expect(rowsRead(res)).toBeLessThanOrEqual(shown(page.comments) + 1);
    const next = await json(`${threadPath(id, "longer")}?limit=20&cursor=${encodeURIComponent(page.nextCursor)}`, 200);
    expect(next.comments.map((c: any) => c.id)).toEqual(roots.slice(20));
    expect(next.nextCursor).toBeNull();
  }, 60_000);

  it("serves the site from its cache after a comment is posted: the page's reads are the thread's alone", async () => {
    const { id } = await readSite();
    await postComment(id, "t", { body: "one" });
    const res = await call(`${threadPath(id, "t")}?limit=20`);
    // One comment and the thread row; the site record was not read again.
    expect(rowsRead(res)).toBeLessThanOrEqual(2);
  });

  it("ends the first page exactly where the listed comments end, hidden ones and tombstones included", async () => {
    const { id, ownerToken } = await readSite();
    const roots = await seedThread(id, "mixed", 21);
    // The last top-level comment (no replies) is rejected; the 17th is deleted but keeps its published reply.
    await json(`/sites/${id}/moderation/comments/${roots[20]}/reject`, 200, { method: "POST", token: ownerToken });
    await json(`/sites/${id}/moderation/comments/${roots[16]}`, 200, { method: "DELETE", token: ownerToken });
    const page = await json(`${threadPath(id, "mixed")}?limit=20`, 200);
    expect(page.comments).toHaveLength(20);
    expect(page.comments[16].status).toBe("deleted");
    expect(page.nextCursor).toBeNull();
    const short = await json(`${threadPath(id, "mixed")}?limit=19`, 200);
    expect(short.nextCursor).not.toBeNull();
    const rest = await json(`${threadPath(id, "mixed")}?limit=19&cursor=${encodeURIComponent(short.nextCursor)}`, 200);
    expect(rest.comments.map((c: any) => c.id)).toEqual([roots[19]]);
    expect(rest.nextCursor).toBeNull();
  }, 60_000);
});

describe("D1 rows of a thread with held comments", () => {
  it("reads each held top-level comment once, not every published comment of the site for each of them", async () => {
    const { id, ownerToken } = await readSite();
    // A busy site: 40 published comments elsewhere, and two in this thread before the owner turns on pre-moderation.
    for (let n = 0; n < 40; n++) await postComment(id, "/2026/11/elsewhere/", { body: `published elsewhere ${n}` });
    const early = await postComment(id, "/2026/12/heated/", { body: "First!" });
    await postComment(id, "/2026/12/heated/", { body: "An early reply", parentId: early.comment.id });
    await json(`/sites/${id}`, 200, { method: "PATCH", token: ownerToken, body: { moderation: "pre" } });
    // Then 15 comments wait for the owner, and a reply too.
    for (let n = 0; n < 15; n++) await postComment(id, "/2026/12/heated/", { body: `Held comment ${n} 🔥🔥` });
    await postComment(id, "/2026/12/heated/", { body: "a held reply", parentId: early.comment.id });
    // The new settings, as the widget's first request reads them.
    await json(`/sites/${id}`, 200);
    const res = await call(`${threadPath(id, "/2026/12/heated/")}?limit=20`);
    const page = await res.json<any>();
    expect(page.comments.map((c: any) => c.id)).toEqual([early.comment.id]);
    expect(shown(page.comments)).toBe(2);
    // The thread's 16 top-level rows, the first one's two replies (one held) and the thread row.
    expect(rowsRead(res)).toBeLessThanOrEqual(16 + 1 + 1 + 1);
    const feed = await call(`/sites/${id}/threads/${encodeURIComponent("/2026/12/heated/")}/feed`);
    expect(feed.status).toBe(200);
    // The feed reads its own page of 50 the same way (and one row more); before, both read about 650.
    expect(rowsRead(feed)).toBeLessThanOrEqual(16 + 1 + 1 + 1 + 1);
  }, 60_000);
});

describe("D1 rows of a thread flooded with spam", () => {
  it("reads no row for a spam or deleted top-level comment without replies, in every order", async () => {
    const { id, ownerToken } = await createSite({ blockedWords: ["casino", "crypto"], blockedWordsAction: "spam" });
    await json(`/sites/${id}`, 200);
    const thread = "/2026/12/giveaway/";
    const kept: string[] = [];
    for (let n = 0; n < 6; n++) kept.push((await postComment(id, thread, { body: `Lovely post, thanks (${n})` })).comment.id);
    // A bot's flood, filed as spam by the blocked words, and two real comments the owner deleted.
    for (let n = 0; n < 40; n++) await postComment(id, thread, { body: `🎰 BEST CASINO ${n} https://spam.example/${n} 💰 crypto x100` });
    for (const gone of kept.splice(1, 2)) await json(`/sites/${id}/moderation/comments/${gone}`, 200, { method: "DELETE", token: ownerToken });
    for (const sort of ["oldest", "newest", "top"]) {
      const res = await call(`${threadPath(id, thread)}?limit=20&sort=${sort}`);
      const page = await res.json<any>();
      expect(page.comments.map((c: any) => c.id).sort(), sort).toEqual([...kept].sort());
      // The four comments shown, the thread row and the row where the index range ends; before, every one of the
      // 42 hidden comments too (47 rows).
      expect(rowsRead(res), sort).toBeLessThanOrEqual(kept.length + 2);
    }
  }, 60_000);
});

describe("D1 rows of later thread pages", () => {
  /** Every page of a thread in turn, each read cold, with what it cost. */
  async function allPages(site: string, thread: string, query: string) {
    const pages: { ids: string[]; shown: number; rows: number; next: string | null }[] = [];
    let cursor: string | null = "";
    for (let n = 0; cursor !== null && n < 10; n++) {
      const res = await call(`${threadPath(site, thread)}?${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      expect(res.status).toBe(200);
      const page = await res.json<any>();
      pages.push({ ids: page.comments.map((c: any) => c.id), shown: shown(page.comments), rows: rowsRead(res), next: page.nextCursor });
      cursor = page.nextCursor;
    }
    return pages;
  }

  // A later page's index scan starts by landing on the row its cursor names (SQLite seeks to the cursor's time,
  // then steps past it); it takes the thread row from the cache, where the first page left it.
  it("reads at most N + 1 rows on every page, in each order, with nothing read ahead", async () => {
    const { id } = await readSite();
    // 60 top-level comments: three full pages of 20, the last of them full too, with nothing after it.
    const roots = await seedThread(id, "long", 60);
    for (const [sort, order] of [["oldest", roots], ["newest", [...roots].reverse()], ["top", [...roots].reverse()]] as const) {
      const pages = await allPages(id, "long", `limit=20&sort=${sort}`);
      expect(pages.map((p) => p.ids.length), sort).toEqual([20, 20, 20]);
      expect(pages.flatMap((p) => p.ids), sort).toEqual(order);
      for (const p of pages) expect(p.rows, sort).toBeLessThanOrEqual(p.shown + 1);
      expect(pages[2].next).toBeNull();
    }
  }, 120_000);

  it("reads one row ahead instead when the thread changed between pages, and still lists every comment once", async () => {
    const { id, ownerToken } = await readSite();
    const roots = await seedThread(id, "moving", 45);
    const first = await json(`${threadPath(id, "moving")}?limit=20`, 200);
    expect(first.comments.map((c: any) => c.id)).toEqual(roots.slice(0, 20));
    // A comment already read is rejected: the thread's count falls, so the count in the cursor no longer tells.
    await json(`/sites/${id}/moderation/comments/${roots[3]}/reject`, 200, { method: "POST", token: ownerToken });
    const res = await call(`${threadPath(id, "moving")}?limit=20&cursor=${encodeURIComponent(first.nextCursor)}`);
    const second = await res.json<any>();
    expect(second.comments.map((c: any) => c.id)).toEqual(roots.slice(20, 40));
    expect(second.nextCursor).not.toBeNull();
    // After a write the thread row is read again and one row ahead is sought (landing on the page's last row
    // first): N + 4, in this case only.
    expect(rowsRead(res)).toBe(24);
    // A new comment comes last in this order: the third page holds it, and nothing follows.
    const late = (await postComment(id, "moving", { body: "late" })).comment.id;
    const third = await json(`${threadPath(id, "moving")}?limit=20&cursor=${encodeURIComponent(second.nextCursor)}`, 200);
    expect(third.comments.map((c: any) => c.id)).toEqual([...roots.slice(40), late]);
    expect(third.nextCursor).toBeNull();
  }, 120_000);

  it("still takes a cursor without a count (reading one row ahead), and refuses a forged one", async () => {
    const { id } = await readSite();
    const roots = await seedThread(id, "plain", 45);
    const first = await json(`${threadPath(id, "plain")}?limit=20`, 200);
    // The cursor as the API wrote it before it carried its order and counts: the same position, base64url of "at:id".
    const text = atob(first.nextCursor.replace(/-/g, "+").replace(/_/g, "/"));
    const opaque = (t: string) => btoa(t).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    const counts = /^so\/c\d+\.\d+\/l\d+\.[0-9a-z]+\//;
    expect(text).toMatch(new RegExp(`${counts.source}\\d+:`));
    const position = text.replace(counts, "");
    const plain = opaque(position);
    expect(plain).not.toBe(first.nextCursor);
    const res = await call(`${threadPath(id, "plain")}?limit=20&cursor=${plain}`);
    const rest = await res.json<any>();
    expect(rest.comments.map((c: any) => c.id)).toEqual(roots.slice(20, 40));
    expect(rest.nextCursor).not.toBeNull();
    // The cursor's own row, 20 comments and the one read ahead; the thread row came from the cache.
    expect(rowsRead(res)).toBe(22);
    const counted = await call(`${threadPath(id, "plain")}?limit=20&cursor=${first.nextCursor}`);
    expect((await counted.json<any>()).nextCursor).not.toBeNull();
    expect(rowsRead(counted)).toBe(21);
    for (const forged of [`c1.x/${position}`, `l1.Version!/${position}`, `l-1.abc/${position}`]) {
      expect((await call(`${threadPath(id, "plain")}?limit=20&cursor=${opaque(forged)}`)).status, forged).toBe(400);
    }
  }, 60_000);
});

describe("D1 rows of a comment POST", () => {
  it("checks for a duplicate among the reader's own comments, not every recent comment of the site", async () => {
    const { id } = await readSite();
    const post = (n: number, ip: string) => call(threadPath(id, "busy"), { body: { authorName: "Reader", body: `comment ${n}` }, headers: { "CF-Connecting-IP": ip } });
    for (let n = 0; n < 60; n++) expect((await post(n, `198.18.0.${n}`)).status).toBe(201);
    const res = await post(60, "198.18.1.1");
    expect(res.status).toBe(201);
    // Site, thread, bans, the reader's (empty) history, the day's usage and the write batch: far fewer than 60.
    expect(rowsRead(res)).toBeLessThan(30);
  }, 60_000);
});

describe("reply counts kept by imports", () => {
  it("shows imported replies under their top-level comment, from the same batch and from a later one", async () => {
    const { id, ownerToken } = await readSite();
    const item = (sourceId: string, parent: string | null, at: string) => ({
      source: "disqus",
      sourceId,
      parent: parent ? { source: "disqus", sourceId: parent } : null,
      thread: "old",
      body: `imported ${sourceId}`,
      authorName: "Ada",
      status: "published",
      createdAt: at,
    });
    const first = [item("1", null, "2020-01-01T00:00:00Z"), item("2", "1", "2020-01-02T00:00:00Z"), item("3", "2", "2020-01-03T00:00:00Z")];
    await json(`/sites/${id}/import`, 200, { token: ownerToken, body: { comments: first } });
    await json(`/sites/${id}/import`, 200, { token: ownerToken, body: { comments: [item("4", "1", "2020-01-04T00:00:00Z")] } });
    const page = await json(threadPath(id, "old"), 200);
    expect(page.comments).toHaveLength(1);
    const bodies = (c: any): string[] => [c.body[0].c[0].v, ...c.replies.flatMap(bodies)];
    expect(bodies(page.comments[0]).sort()).toEqual(["imported 1", "imported 2", "imported 3", "imported 4"]);
    expect(page.total).toBe(4);
  });

  it("keeps an imported hidden reply as a tombstone when a reply to it comes in the same batch or a later one", async () => {
    const { id, ownerToken } = await readSite();
    const item = (sourceId: string, parent: string | null, status: string, at: string) => importItem("/2019/03/old-post/", sourceId, parent, status, at);
    const first = [
      item("10", null, "published", "2019-03-01T08:00:00Z"),
      item("11", "10", "deleted", "2019-03-01T09:00:00Z"),
      item("12", "10", "spam", "2019-03-01T10:00:00Z"),
      item("13", "12", "published", "2019-03-01T11:00:00Z"),
    ];
    await json(`/sites/${id}/import`, 200, { token: ownerToken, body: { comments: first } });
    await json(`/sites/${id}/import`, 200, { token: ownerToken, body: { comments: [item("14", "11", "published", "2019-03-02T08:00:00Z")] } });
    const page = await json(threadPath(id, "/2019/03/old-post/"), 200);
    const shape = (c: any): unknown => [c.status === "deleted" ? "tombstone" : c.body[0].c[0].v, c.replies.map(shape)];
    expect(page.comments.map(shape)).toEqual([["imported 10", [["tombstone", [["imported 14", []]]], ["tombstone", [["imported 13", []]]]]]]);
  });
});

describe("D1 rows of a thread whose replies are hidden", () => {
  it("reads no row for a spam or deleted reply nobody answered", async () => {
    const { id, ownerToken } = await createSite({ blockedWords: ["casino"], blockedWordsAction: "spam" });
    await neighbour(id);
    await json(`/sites/${id}`, 200);
    const thread = "/2026/12/under-siege/";
    const root = (await postComment(id, thread, { body: "Good read, thank you." })).comment.id;
    // A bot answers it 60 times (filed as spam by the blocked word), and a reader's reply is deleted by the owner.
    for (let n = 0; n < 60; n++) await postComment(id, thread, { body: `🎰 CASINO bonus ${n} → https://spam.example/${n}`, parentId: root });
    const gone = (await postComment(id, thread, { body: "I take that back", parentId: root })).comment.id;
    await json(`/sites/${id}/moderation/comments/${gone}`, 200, { method: "DELETE", token: ownerToken });
    const res = await call(`${threadPath(id, thread)}?limit=20`);
    const page = await res.json<any>();
    expect(page.comments.map((c: any) => c.id)).toEqual([root]);
    expect(page.comments[0].replies).toEqual([]);
    // The comment and the thread row (whose count of top-level comments keeps the scan from reading the next
    // site's entry); before, the 61 hidden replies too (65 rows).
    expect(rowsRead(res)).toBe(2);
  }, 60_000);

  it("reads no row for a held reply, yet shows it to the reader who wrote it", async () => {
    const { id, ownerToken } = await createSite();
    await neighbour(id);
    const thread = "/2026/12/held-replies/";
    const root = (await postComment(id, thread, { body: "Published before pre-moderation" })).comment.id;
    await json(`/sites/${id}`, 200, { method: "PATCH", token: ownerToken, body: { moderation: "pre" } });
    const held: { comment: { id: string }; editToken: string }[] = [];
    for (let n = 0; n < 12; n++) held.push(await postComment(id, thread, { body: `Waiting reply ${n}: is this thing on?? 🤔`, parentId: root }));
    await json(`/sites/${id}`, 200);
    const res = await call(`${threadPath(id, thread)}?limit=20`);
    const page = await res.json<any>();
    expect(page.comments.map((c: any) => c.id)).toEqual([root]);
    expect(page.comments[0].replies).toEqual([]);
    // As above; before, the 12 held replies too (16 rows).
    expect(rowsRead(res)).toBe(2);
    // Its writer still sees their own held reply, in `own`.
    const mine = held[5];
    const withOwn = await json(`${threadPath(id, thread)}?limit=20`, 200, { headers: { "X-Parley-Own": `${mine.comment.id}:${mine.editToken}` } });
    expect(withOwn.own.map((c: any) => [c.id, c.parentId, c.status])).toEqual([[mine.comment.id, root, "pending"]]);
  }, 60_000);

  it("still shows a hidden reply as a tombstone while a published reply answers it, and reads the others not", async () => {
    const { id, ownerToken } = await createSite();
    await neighbour(id);
    await json(`/sites/${id}`, 200);
    const thread = "/2026/12/tombstones/";
    const root = (await postComment(id, thread, { body: "Root" })).comment.id;
    const middle = (await postComment(id, thread, { body: "Rude reply", parentId: root })).comment.id;
    const answer = (await postComment(id, thread, { body: "Polite answer to the rude reply", parentId: middle })).comment.id;
    for (let n = 0; n < 8; n++) {
      const r = (await postComment(id, thread, { body: `another rude reply ${n}`, parentId: root })).comment.id;
      await json(`/sites/${id}/moderation/comments/${r}/reject`, 200, { method: "POST", token: ownerToken });
    }
    await json(`/sites/${id}/moderation/comments/${middle}/reject`, 200, { method: "POST", token: ownerToken });
    const res = await call(`${threadPath(id, thread)}?limit=20`);
    const page = await res.json<any>();
    const [top] = page.comments;
    expect(top.replies.map((c: any) => [c.id, c.status])).toEqual([[middle, "deleted"]]);
    expect(top.replies[0].replies.map((c: any) => c.id)).toEqual([answer]);
    // The three comments shown, the published reply that keeps the tombstone, the thread row, the entry past the
    // replies (the top-level comment's reply count counts the rejected ones too), and the tombstone's step down its
    // run of hidden replies (none here); before, the 8 rejected replies too (15 rows).
    expect(rowsRead(res)).toBe(7);
    // The rest of a reply chain ("more replies") walks the same index.
    const more = await call(`${threadPath(id, thread)}/${root}/replies`);
    expect((await more.json<any>()).replies.map((c: any) => [c.id, c.status])).toEqual([[middle, "deleted"], [answer, "published"]]);
    // The top-level comment, the two replies, the published reply that keeps the tombstone, the entry past them and
    // the tombstone's step down its run.
    expect(rowsRead(more)).toBe(6);
  }, 60_000);
});
