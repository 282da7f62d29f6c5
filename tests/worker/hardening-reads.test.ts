// Hardening of what reads cost and carry: a thread page under a byte budget, reply queries that read only
// what readers may see, the isolate cache's byte cap, a demo seed that never crashes, and feeds that are
// always well-formed XML.
/// <reference types="vite/client" />
import { XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { LIMITS } from "../../worker/contract/limits";
import { seedDemo } from "../../worker/dev/seed";
import articleText from "../../worker/dev/seed-article.txt?raw";
import { createDocCache, MEMORY_BYTES, memoryUsage } from "../../worker/services/cache";
import { call, createSite, env, json, threadPath } from "./helpers";
import { commentRow, postOk } from "./safety-helpers";

/** A 10,000-character body of short paragraphs: close to the largest tree one comment may store. */
const longBody = (n: number) => Array.from({ length: 400 }, (_, i) => `Part ${n}.${i} of a long comment here`).join("\n\n").slice(0, LIMITS.commentBodyChars);

describe("thread page byte budget", () => {
  it("shows fewer comments per page when bodies are long, and the next pages hold the rest", async () => {
    const { id } = await createSite();
    const posted: string[] = [];
    for (let n = 0; n < 30; n++) posted.push((await postOk(id, "long", { body: longBody(n) })).comment.id);
    const seen: string[] = [];
    let cursor: string | null = "";
    let pages = 0;
    while (cursor !== null && pages < 30) {
      const res = await call(`${threadPath(id, "long")}?limit=100${cursor ? `&cursor=${cursor}` : ""}`);
      const text = await res.text();
      const page = JSON.parse(text);
      // One comment may pass the budget on its own; a page never holds two more than fit.
      expect(text.length).toBeLessThan(LIMITS.threadPageBytes + 40_000);
      seen.push(...page.comments.map((c: any) => c.id));
      cursor = page.nextCursor;
      pages += 1;
    }
    expect(pages).toBeGreaterThan(1);
    expect(seen).toEqual(posted);
  });

  it("pages long replies through moreReplies instead of sending them all", async () => {
    const { id } = await createSite();
    const root = await postOk(id, "replies", { body: "Root" });
    const replies: string[] = [];
    for (let n = 0; n < 30; n++) replies.push((await postOk(id, "replies", { body: longBody(n), parentId: root.comment.id })).comment.id);
    const page = await json(threadPath(id, "replies"), 200);
    const shown = page.comments[0].replies.map((r: any) => r.id);
    expect(shown.length).toBeLessThan(30);
    expect(page.comments[0].moreReplies).toBeTruthy();
    const rest: string[] = [];
    let cursor: string | null = page.comments[0].moreReplies;
    for (let i = 0; cursor && i < 10; i++) {
      const more: any = await json(`${threadPath(id, "replies")}/${root.comment.id}/replies?cursor=${cursor}&limit=100`, 200);
      rest.push(...more.replies.map((r: any) => r.id));
      cursor = more.nextCursor;
    }
    expect([...shown, ...rest]).toEqual(replies);
  });

  it("keeps a deleted top-level comment whose replies did not fit, with the cursor to them: no reply is lost", async () => {
    const { id, ownerToken } = await createSite();
    // Long replies fill the page's budget before the replies of the last top-level comments, a tombstone among them.
    const roots: string[] = [];
    for (let n = 0; n < 8; n++) roots.push((await postOk(id, "tomb", { body: `Root ${n}` })).comment.id);
    const replies: string[] = [];
    for (const [n, root] of roots.entries()) for (const r of [0, 1]) replies.push((await postOk(id, "tomb", { body: longBody(2 * n + r), parentId: root })).comment.id);
    const gone = roots[6];
    await json(`/sites/${id}/moderation/comments/${gone}`, 200, { method: "DELETE", token: ownerToken });
    const seen = new Set<string>();
    let tomb: any = null;
    let cursor: string | null = "";
    for (let pages = 0; cursor !== null && pages < 20; pages++) {
      const page: any = await json(`${threadPath(id, "tomb")}?limit=100${cursor ? `&cursor=${cursor}` : ""}`, 200);
      for (const c of page.comments) {
        seen.add(c.id);
        if (c.id === gone) tomb = c;
        for (const r of c.replies) seen.add(r.id);
        let more: string | null = c.moreReplies;
        for (let i = 0; more && i < 10; i++) {
          const next: any = await json(`${threadPath(id, "tomb")}/${c.id}/replies?cursor=${more}&limit=100`, 200);
          for (const r of next.replies) seen.add(r.id);
          more = next.nextCursor;
        }
      }
      cursor = page.nextCursor;
    }
    expect(tomb).toMatchObject({ status: "deleted", replies: [], moreReplies: expect.any(String) });
    expect([...roots, ...replies].filter((c) => !seen.has(c))).toEqual([]);
  });
});

describe("reply queries", () => {
  it("read held or removed replies only as the tombstones a published reply needs", async () => {
    const site = await createSite();
    const root = await postOk(site.id, "t", { body: "Root" });
    const lone = await postOk(site.id, "t", { body: "Rejected, nothing under it", parentId: root.comment.id });
    const holder = await postOk(site.id, "t", { body: "Rejected, answered", parentId: root.comment.id });
    const answer = await postOk(site.id, "t", { body: "An answer", parentId: holder.comment.id });
    for (const c of [lone, holder]) {
      await json(`/sites/${site.id}/moderation/comments/${c.comment.id}/reject`, 200, { method: "POST", token: site.ownerToken });
    }
    const more: any = await json(`${threadPath(site.id, "t")}/${root.comment.id}/replies?limit=100`, 200);
    expect(more.replies.map((r: any) => [r.id, r.status])).toEqual([
      [holder.comment.id, "deleted"],
      [answer.comment.id, "published"],
    ]);
    const page = await json(threadPath(site.id, "t"), 200);
    expect(JSON.stringify(page)).not.toContain("Rejected");
  });
});

describe("the isolate cache", () => {
  it("keeps no more than its byte cap, whatever is put into it", async () => {
    const cache = createDocCache(await caches.open(`cap-test-${crypto.randomUUID()}`));
    const big = "x".repeat(500_000);
    for (let n = 0; n < 40; n++) await cache.put(`doc-${n}`, { n, big });
    const usage = memoryUsage();
    expect(usage.bytes).toBeLessThanOrEqual(MEMORY_BYTES);
    expect(usage.entries).toBeGreaterThan(0);
    // The newest is still served from the isolate or the Cache API alike.
    expect((await cache.get<{ n: number }>("doc-39"))?.n).toBe(39);
  });
});

describe("the demo seed", () => {
  it("uses idempotency keys nobody can read in the repository", async () => {
    await seedDemo(env, articleText, { origins: [] });
    const { results } = await env.DB.prepare("SELECT idempotency_key FROM comments WHERE site_id = 'demo'").all<{ idempotency_key: string }>();
    expect(results.length).toBe(4);
    for (const { idempotency_key } of results) expect(idempotency_key).not.toMatch(/seed-demo-comment/);
  });

  it("never crashes when run again after the demo was changed", async () => {
    await seedDemo(env, articleText, { origins: [] });
    const owner = "dev-owner-token";
    const page = await json("/sites/demo/threads/us-airstrikes-iran-backed-militias/comments", 200);
    const [first] = page.comments;
    await json(`/sites/demo/moderation/comments/${first.id}`, 200, { method: "PATCH", token: owner, body: { body: "Edited by the moderator" } });
    await json(`/sites/demo/moderation/comments/${first.id}`, 200, { method: "DELETE", token: owner });
    await json("/sites/demo/threads/us-airstrikes-iran-backed-militias", 200, { method: "PUT", token: owner, body: { locked: true } });
    await json("/sites/demo", 200, { method: "PATCH", token: owner, body: { minFillSeconds: 30 } });
    const result = await seedDemo(env, articleText, { origins: [] });
    expect(result.comments).toBe(4);
    expect((await commentRow("demo", first.id))?.status).toBe("deleted");
  });
});

describe("text and feeds", () => {
  /** Every character of an XML 1.0 document must be an XML Char. */
  const XML_CHARS = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;

  it("strips Unicode noncharacters from what is stored", async () => {
    const { id } = await createSite();
    const { comment } = await postOk(id, "t", { body: "a\uFFFEb\uFFFFc\uFDD0d\u{1FFFE}e\u{10FFFF}f", authorName: "Ann\uFFFF" });
    const row = await commentRow(id, comment.id);
    expect(row?.body_source).toBe("abcdef");
    expect(row?.author_name).toBe("Ann");
  });

  it("keeps both Atom feeds well-formed, whatever a thread key or an older row holds", async () => {
    const { id } = await createSite();
    const thread = "odd\uFFFEkey\uFDD0";
    const { comment } = await postOk(id, thread, { body: "Fine text & <b>tags</b>" });
    // A row written before text was cleaned this way.
    await env.DB.prepare("UPDATE comments SET author_name = ?3 WHERE site_id = ?1 AND id = ?2").bind(id, comment.id, "Old\u0001\uFFFE name").run();
    for (const path of [`/sites/${id}/threads/${encodeURIComponent(thread)}/feed`, `/sites/${id}/feed`]) {
      const res = await call(path);
      expect(res.status).toBe(200);
      const xml = await res.text();
      expect(XMLValidator.validate(xml)).toBe(true);
      expect(xml).toMatch(XML_CHARS);
      expect(xml).toContain("Old name");
    }
  });
});
